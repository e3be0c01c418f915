"""Helpers for tests (import them: `from helpers import result_of`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.core.language import script_counts
from assistant.core.runner import Request, Result


def events_of(runner, tool: str, document: str, **request) -> list:
    return list(runner.run(tool, Request(document, **request)))


def result_of(runner, tool: str, document: str, **request):
    """The Result event of a run, failing the test with the error of any other ending."""
    events = events_of(runner, tool, document, **request)
    assert isinstance(events[-1], Result), events[-1]
    return events[-1]


def patched_model(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    """A copy of a GGUF file with one same-length string of its header replaced."""
    assert len(old) == len(new)
    shutil.copyfile(source, target)
    with open(target, "r+b") as f:
        head = f.read(4 << 20)
        where = head.index(old)
        f.seek(where)
        f.write(new)
    return target


def share(text: str, script: str) -> float:
    """The share of `script` ("latin" or "han") among the letters of `text`."""
    counts = script_counts(text)
    letters = sum(counts.values())
    return counts[script] / letters if letters else 0.0
