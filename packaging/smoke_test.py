"""Smoke-test the frozen bundle built by packaging/build.py.

    python packaging/smoke_test.py [dist/writing-assistant]

Runs tools through the bundle's command line on its bundled model, installs a
plugin into the bundle's plugins folder and runs it, then starts
the app itself offscreen and waits until its model is loaded. Prints the
bundle's size and its cold-start times; exits non-zero on any failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = (
    "The city council met on Tuesday to discuss the new park. Residents asked for more trees, a playground "
    "and longer opening hours. The council agreed to plant two hundred trees next spring.\n\n"
    "春天来了，公园里的花都开了。\n"
)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "writing-assistant"
    exe = folder / ("writing-assistant.exe" if os.name == "nt" else "writing-assistant")
    home = Path(tempfile.mkdtemp(prefix="wa-smoke-"))
    env = {**os.environ, "WRITING_ASSISTANT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    document = home / "notes.md"
    document.write_text(TEXT, encoding="utf-8")

    def cli(*args: str) -> tuple[str, float]:
        started = time.perf_counter()
        out = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=300)
        if out.returncode != 0:
            sys.exit(f"FAILED: writing-assistant {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout, time.perf_counter() - started

    tools, tools_seconds = cli("tools")
    assert all(name in tools for name in ("continue", "rewrite", "translate", "summarize", "keywords")), tools
    summary, run_seconds = cli("run", "summarize", str(document), "-o", "length=sentence")
    assert 0 < len(summary.strip()) < len(TEXT), summary
    keywords = json.loads(cli("run", "keywords", str(document), "--json")[0])
    assert isinstance(keywords, list) and all(k in TEXT for k in keywords), keywords

    # The sources: indexed, searched, asked (the readers and the stemmer are imported on first use).
    cli("sources", "add", str(document))
    [hit] = json.loads(cli("search", "trees in the park", "--json", "-n", "1")[0])
    assert hit["path"] == str(document) and hit["line"] == 1, hit
    assert json.loads(cli("ask", "What did the council agree to plant?", "--json")[0])["found"]

    # A plugin installed into the bundle's own plugins folder, run, and removed.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(home / "wheels"), str(ROOT / "plugins" / "example-plugin")], check=True)  # fmt: skip
    cli("plugins", "install", str(next((home / "wheels").glob("*.whl"))))
    assert "headline" in cli("tools")[0], "the installed plugin's tool is missing"
    assert cli("run", "headline", str(document))[0].strip()
    cli("plugins", "uninstall", "headline")
    assert "headline" not in cli("tools")[0], "the uninstalled plugin's tool is still there"

    log = home / "log" / "writing-assistant.log"
    started = time.perf_counter()
    app = subprocess.Popen([str(exe), str(document)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while "model loaded" not in (log.read_text(encoding="utf-8") if log.exists() else ""):
            if app.poll() is not None:
                sys.exit(f"FAILED: the app exited with {app.returncode}: {app.stderr.read().decode()[-2000:]}")
            if time.perf_counter() - started > 120:
                sys.exit("FAILED: the app did not load its model within 2 minutes")
            time.sleep(0.05)
        app_seconds = time.perf_counter() - started
    finally:
        app.terminate()
        app.wait(timeout=30)
    print(f"bundle {folder}: {size_of(folder) / 2**20:,.0f} MiB")
    print(f"cold start: `tools` {tools_seconds:.2f} s; `run summarize` {run_seconds:.2f} s; "
          f"app window with its model loaded {app_seconds:.2f} s")  # fmt: skip
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
