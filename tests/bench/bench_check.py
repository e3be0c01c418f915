"""Proofreading speed and memory: a whole document, and the paragraph re-checked after a keystroke.

    python tests/bench/bench_check.py [--kb 35] [--keystrokes 200]

The document is the clean English and Chinese prose of tests/quality/proofread with a few errors, its
paragraphs repeated with a different number in each (so no paragraph is a cached one) up to --kb
kilobytes of UTF-8. check-document is a fresh Proofreader on it (dictionaries already loaded: `load` is
their one-time cost); check-paragraph is the whole check after one character typed into one paragraph,
as the editor runs it (only that paragraph is checked again); memory is the resident memory the checkers
added, loading included.
Goals on 2 cores: check-document < 1000 ms for 35 KB, check-paragraph p95 < 30 ms, memory < 100 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "quality" / "proofread"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def document(kb: int) -> str:
    paragraphs = [p for name in ("clean_en.md", "clean_zh.md")
                  for p in (DATA / name).read_text(encoding="utf-8").split("\n\n")]  # fmt: skip
    paragraphs += ["Teh results were recieve on time.", "他以经走了,我们做飞机去北京。"]
    out, n = [], 0
    while len("\n\n".join(out).encode("utf-8")) < kb * 1024:
        out.append(f"{paragraphs[n % len(paragraphs)]} ({n})")
        n += 1
    return "\n\n".join(out)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kb", type=int, default=35)
    p.add_argument("--keystrokes", type=int, default=200)
    args = p.parse_args()
    os.environ.setdefault("WRITING_ASSISTANT_HOME", tempfile.mkdtemp(prefix="wa-bench-"))

    from assistant.core.proofread import Proofreader, enabled
    from assistant.plugins import PluginHost

    text = document(args.kb)
    before = rss_mb()
    checkers = enabled(PluginHost(builtins=("assistant_proofread",), entry_points=False).checkers(), {})
    started = time.perf_counter()
    Proofreader(checkers).check("Warm up the English list.\n\n加载中文词典。")
    print(f"load: ms={(time.perf_counter() - started) * 1000:.0f}")

    proofreader = Proofreader(checkers)
    started = time.perf_counter()
    found = proofreader.check(text)
    print(f"check-document: chars={len(text)} bytes={len(text.encode('utf-8'))} "
          f"ms={(time.perf_counter() - started) * 1000:.0f} findings={len(found)}")  # fmt: skip

    rnd = random.Random(7)
    times = []
    for _ in range(args.keystrokes):
        at = rnd.randrange(len(text))
        text = text[:at] + rnd.choice("etaoinsr的了是") + text[at:]
        started = time.perf_counter()
        proofreader.check(text)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"check-paragraph: p50_ms={statistics.median(times):.1f} p95_ms={times[int(len(times) * 0.95)]:.1f} "
          f"keystrokes={len(times)}")  # fmt: skip
    print(f"memory: mb={rss_mb() - before:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
