"""A one-shot `run` on a paragraph: what it loads and how much memory it holds, compared with the same run
in the whole context window (never a wall-clock figure: the machine is shared)."""

import json
import subprocess
import sys

PARAGRAPH = ("The city council met on Tuesday evening to discuss the future of the old railway yard. Residents "
             "asked for a park with trees, a playground and a path along the river, while a developer proposed "
             "four hundred flats and a supermarket.")  # fmt: skip

PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_kib(*args) -> int:
    command = [sys.executable, "-m", "assistant", *map(str, args)]
    return int(subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True,
                              check=True, timeout=300).stdout)  # fmt: skip


def test_a_paragraph_is_summarized_in_a_context_its_size_holding_far_less_memory(tmp_path, home):
    doc = tmp_path / "paragraph.txt"
    doc.write_text(PARAGRAPH, encoding="utf-8")
    small = _peak_kib("run", "summarize", doc)
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"engine": {"start_ctx": 4096}}), encoding="utf-8")  # the whole window at once
    whole = _peak_kib("run", "summarize", doc)
    assert whole - small > 40 * 1024  # the cache of 3,000 tokens more: 67 MiB for the default model


IMPORTS = """
import sys
from assistant.cli import main
code = main(sys.argv[1:])
heavy = {"gguf", "huggingface_hub", "jieba", "PySide6", "yaml", "hypothesis"}
print(sorted(heavy & {name.split(".")[0] for name in sys.modules if name != "gguf.constants"}))
sys.exit(code)
"""


def test_a_run_imports_only_what_it_uses(tmp_path):
    doc = tmp_path / "paragraph.txt"
    doc.write_text(PARAGRAPH, encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", IMPORTS, "run", "summarize", str(doc)], capture_output=True,
                            text=True, timeout=300, check=True)  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "[]"
