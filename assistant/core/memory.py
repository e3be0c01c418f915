"""A writing memory per document: notes on audience, tone and style, and a glossary of term pairs.

Every tool sees the notes at the very start of its prompt (the system message,
or the top of a continuation), so a prefix evaluated once stays reusable.
Translation also follows the glossary and checks that it did. The memory of a
saved document lives in the app's data folder, keyed by the file's real path,
and moves with Save As.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .files import MEMORY_LIMIT
from .jsonfile import StateError, kind, read_json, set_aside, write_json

log = logging.getLogger(__name__)


@dataclass
class Memory:
    notes: str = ""
    glossary: list[tuple[str, str]] = field(default_factory=list)  # (term, its translation), either way round

    def __bool__(self) -> bool:
        return bool(self.notes.strip() or self.glossary)

    def preface(self) -> str:
        """What every prompt starts with: the writer's notes (empty without any)."""
        notes = self.notes.strip()
        return f"Notes from the writer about this text (audience, tone, style):\n{notes}" if notes else ""

    def terms_in(self, text: str) -> list[tuple[str, str]]:
        """The glossary pairs whose one side occurs in `text`, as (found, expected translation)."""
        pairs = []
        for a, b in self.glossary:
            if a and a in text:
                pairs.append((a, b))
            elif b and b in text:
                pairs.append((b, a))
        return pairs


def _file_for(document: Path) -> Path:
    key = hashlib.sha256(os.fsencode(os.path.realpath(document))).hexdigest()[:32]
    return paths.data_dir() / "memory" / f"{key}.json"


def load(document: Path, problems: list[str] | None = None) -> Memory:
    """The memory of a saved document; empty when it has none. A memory file that cannot be used
    is moved aside, with a line in `problems` saying where: the document opens all the same."""
    file = _file_for(document)
    try:
        return _memory(read_json(file, MEMORY_LIMIT, "writing memory"))
    except FileNotFoundError:
        return Memory()
    except OSError as error:
        message = f"The writing memory of {document} cannot be read ({error.strerror or error})."
    except StateError as error:
        error = str(error).rstrip(".")  # a sentence of its own, inside the parentheses of this one
        try:
            message = f"The writing memory of {document} could not be read ({error}). It was moved to " \
                      f"{set_aside(file)}; the document has an empty one."  # fmt: skip
        except OSError as stuck:
            message = f"The writing memory of {document} could not be read ({error}) nor moved aside ({stuck})."
    log.warning("%s", message)
    if problems is not None:
        problems.append(message)
    return Memory()


def _memory(raw: Any) -> Memory:
    """The memory a parsed file holds; StateError saying what is wrong otherwise."""
    if not isinstance(raw, dict):
        raise StateError(f"it holds {kind(raw)}, not a writing memory")
    notes, glossary = raw.get("notes", ""), raw.get("glossary", [])
    if not isinstance(notes, str):
        raise StateError(f"its notes are {kind(notes)}")
    pairs = isinstance(glossary, list) and all(isinstance(pair, list) and len(pair) == 2 for pair in glossary)
    if not pairs or not all(isinstance(term, str) for pair in glossary for term in pair):
        raise StateError("its glossary is not a list of pairs of terms")
    return Memory(notes, [(a, b) for a, b in glossary])


def save(document: Path, memory: Memory) -> None:
    target = _file_for(document)
    if not memory:
        target.unlink(missing_ok=True)
        return
    data = {"document": os.path.realpath(document), "notes": memory.notes, "glossary": memory.glossary}
    write_json(target, data, indent=1)


def move(old: Path, new: Path) -> None:
    """Save As: the memory follows the document to its new name."""
    memory = load(old)
    if memory:
        save(new, memory)
