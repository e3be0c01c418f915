"""A writing memory per document: notes on audience, tone and style, and a glossary of term pairs.

Every tool sees the notes at the very start of its prompt (the system message,
or the top of a continuation), so a prefix evaluated once stays reusable.
Translation also follows the glossary and checks that it did. The memory of a
saved document lives in the app's data folder, keyed by the file's real path,
and moves with Save As.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .files import MEMORY_LIMIT, atomic_write, read_regular_file


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
    key = hashlib.sha256(os.path.realpath(document).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return paths.data_dir() / "memory" / f"{key}.json"


def load(document: Path) -> Memory:
    """The memory of a saved document; empty when it has none (or its file cannot be read)."""
    try:
        data = json.loads(read_regular_file(_file_for(document), MEMORY_LIMIT, "writing memory", OSError).data)
        return Memory(str(data.get("notes", "")), [(str(a), str(b)) for a, b in data.get("glossary", [])])
    except (OSError, ValueError, TypeError):
        return Memory()


def save(document: Path, memory: Memory) -> None:
    target = _file_for(document)
    if not memory:
        target.unlink(missing_ok=True)
        return
    data = {"document": os.path.realpath(document), "notes": memory.notes, "glossary": memory.glossary}
    atomic_write(target, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def move(old: Path, new: Path) -> None:
    """Save As: the memory follows the document to its new name."""
    memory = load(old)
    if memory:
        save(new, memory)
