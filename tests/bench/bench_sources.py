"""Indexing and searching the writer's sources, on real text: a benchmark that prints numbers.

    python tests/bench/bench_sources.py [--mb 16] [--queries 200]

Builds a folder of at least --mb MB from the licence texts and copyright files Debian installs under
/usr/share/doc and /usr/share/common-licenses (copied as they are, round-robin until big enough), then
prints `index: files= mb= seconds= mb_per_s=`, `reindex-unchanged: seconds=` (adding the same folder
again) and `search: p50_ms= p95_ms=` (in process, each search re-reading what changed first, as the
CLI's does), and with --embedding-model `embed: tokens_per_s=`. Goals on 2 cores: indexing >= 1 MB/s, re-adding an unchanged 16 MB folder < 1 s,
search p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SOURCES = [Path("/usr/share/common-licenses"), Path("/usr/share/doc")]
QUERIES = ["permission is hereby granted", "warranty of merchantability", "GNU General Public License version 3",
           "copyright holders", "redistribution in binary form", "Apache License", "public domain",
           "source code must retain", "liability for damages", "Debian packaging", "BSD licence", "Expat",
           "patent grant", "MIT", "zlib", "trademark", "modified versions", "LGPL", "documentation files",
           "versions of the software"]  # fmt: skip


def texts() -> list[Path]:
    found = [p for p in SOURCES[0].iterdir() if p.is_file() and not p.is_symlink()]
    found += sorted(SOURCES[1].glob("*/copyright"))
    return [p for p in found if p.is_file()]


def build(folder: Path, megabytes: float) -> tuple[int, int]:
    originals = texts()
    if not originals:
        sys.exit("no licence texts under /usr/share/doc: this benchmark needs a Debian-like system")
    size, files, round_ = 0, 0, 0
    while size < megabytes * 2**20:
        for source in originals:
            target = folder / f"copy{round_}" / source.parent.name / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            size += target.stat().st_size
            files += 1
            if size >= megabytes * 2**20:
                break
        round_ += 1
    return files, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=16)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embedding-model", metavar="PATH", help="also embed the passages (first --embed-passages)")
    parser.add_argument("--embed-passages", type=int, default=500)
    parser.add_argument("--ui", action="store_true", help="also: the GUI thread's stalls while the panel's "
                                                          "background thread indexes, against idle")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="wa-bench-sources-")
    os.environ["WRITING_ASSISTANT_HOME"] = home
    from assistant.core.sources.index import SourceIndex

    try:
        folder = Path(home) / "sources"
        files, size = build(folder, args.mb)
        index = SourceIndex()
        started = time.perf_counter()
        index.add(folder)
        report = index.update()
        seconds = time.perf_counter() - started
        print(f"index: files={files} mb={size / 2**20:.1f} seconds={seconds:.2f} mb_per_s={size / 2**20 / seconds:.2f} "
              f"passages={index.status().passages} skipped={len(report.skipped)}")  # fmt: skip
        started = time.perf_counter()
        index.add(folder)
        again = index.update()
        print(f"reindex-unchanged: seconds={time.perf_counter() - started:.3f} read={again.indexed}")
        rng = random.Random(7)
        timings = []
        for _ in range(args.queries):
            started = time.perf_counter()
            index.search(rng.choice(QUERIES), 10)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"search: p50_ms={statistics.median(timings):.1f} p95_ms={p95:.1f}")
        fresh = [(time.perf_counter(), index.search(q, 10, refresh=False), time.perf_counter()) for q in QUERIES]
        print(f"search-without-refresh: p50_ms={statistics.median((b - a) * 1000 for a, _, b in fresh):.1f}")
        index.close()
        if args.embedding_model:
            embed(Path(args.embedding_model), folder, args.embed_passages)
        if args.ui:
            stalls(folder)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


def stalls(folder: Path) -> None:
    """`ui-stall: idle_p99_ms= indexing_p99_ms=`: how late a 10 ms timer on the GUI thread fires, idle and
    while the Sources panel's background thread indexes the folder from scratch (a keystroke waits as long)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from assistant.core.sources.index import SourceIndex
    from assistant.ui.sources_panel import _Background

    app = QApplication.instance() or QApplication([])

    def lateness(seconds: float, until=None) -> list[float]:
        late, clock, loop = [], QElapsedTimer(), QEventLoop()
        clock.start()
        last = [clock.nsecsElapsed()]

        def tick():
            now = clock.nsecsElapsed()
            late.append(max(0.0, (now - last[0]) / 1e6 - 10))
            last[0] = now
            if clock.elapsed() > seconds * 1000 or (until is not None and until()):
                loop.quit()

        timer = QTimer(interval=10)
        timer.timeout.connect(tick)
        timer.start()
        loop.exec()
        timer.stop()
        return sorted(late)

    idle = lateness(3)
    os.environ["WRITING_ASSISTANT_HOME"] = str(folder.parent / "ui-home")  # an empty index: all to read
    index = SourceIndex()
    index.add(folder)
    done = []
    background = _Background(index, index)
    background.indexed.connect(lambda report: done.append(report))
    busy = lateness(600, until=lambda: bool(done))
    background.stop()
    app.processEvents()

    def p99(values):
        return values[int(len(values) * 0.99) - 1] if values else 0.0

    print(f"ui-stall: idle_p99_ms={p99(idle):.1f} indexing_p99_ms={p99(busy):.1f} indexing_max_ms={busy[-1]:.1f}")


def embed(model: Path, folder: Path, count: int) -> None:
    """`embed: tokens_per_s=` for the first `count` passages."""
    from assistant.core.sources.index import SourceIndex
    from assistant.core.sources.embeddings import LlamaEmbedder

    index = SourceIndex(embedder=LlamaEmbedder(model))
    texts = [row[0] for row in index._db().execute("SELECT text FROM passages LIMIT ?", (count,))]
    tokens = sum(len(index.embedder._llm.tokenize(t.encode("utf-8"))) for t in texts)
    started = time.perf_counter()
    index.embedder.embed(texts)
    print(f"embed: passages={len(texts)} tokens_per_s={tokens / (time.perf_counter() - started):.0f}")
    index.close()


if __name__ == "__main__":
    sys.exit(main())
