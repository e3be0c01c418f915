"""Crash recovery: autosaved drafts of unsaved documents.

Each running app writes into a session folder of its own and holds a lock on
it while it lives. On start, sessions whose lock can be taken belong to apps
that died (a crash, kill -9): their drafts are offered for recovery. A draft
lives until its document is saved or the writer discards it: a restored draft
moves into the new session (written there before it leaves the old one), so a
second crash loses nothing. A clean exit removes its session.

A draft remembers what its document was based on (the file's size, time and
hash when it was last read or saved), so a restore can tell that another
program changed the file while the app was down. A damaged draft is moved
aside (into recovery/damaged) and named, never offered and never fatal.
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import math
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .documents.disk import DiskState
from .files import DOCUMENT_LIMIT, atomic_write
from .jsonfile import StateError, fs_name, kind, lock, read_json, set_aside, write_json

log = logging.getLogger(__name__)
DAMAGED = "damaged"  # the folder, beside the sessions, of drafts that could not be read
_DRAFT_LIMIT = 2 * DOCUMENT_LIMIT  # a document's text, escaped in JSON


@dataclass(frozen=True)
class Recovered:
    """An unsaved document left behind by an app that did not exit cleanly."""

    file: Path
    text: str
    path: str | None  # where the document was saved before, if anywhere
    encoding: str
    saved_at: float
    base: DiskState | None = None  # the file as the text was based on it, if it had one

    @property
    def title(self) -> str:
        return Path(self.path).name if self.path else "Untitled"


class RecoveryStore:
    """Drafts of this app's unsaved documents, by key. Raises OSError where the folder cannot be written."""

    def __init__(self, root: Path | None = None):
        self.root = root or paths.recovery_dir()
        self.session = self.root / uuid.uuid4().hex
        self.session.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.session / "lock", "wb")
        lock(self._lock, wait=False)

    def save(self, key: str, text: str, path: str | None, encoding: str, base: DiskState | None = None) -> None:
        """`base`: the file as `text` was based on it (read or saved), so a restore sees a change made meanwhile."""
        path = os.path.abspath(path) if path is not None else None  # the next app may start elsewhere
        record = {"text": text, "path": path, "encoding": encoding, "saved_at": time.time(),
                  "base": dataclasses.asdict(base) if base is not None else None}  # fmt: skip
        write_json(self.session / f"{key}.json", record)

    def discard(self, key: str) -> None:
        (self.session / f"{key}.json").unlink(missing_ok=True)

    def close(self) -> None:
        """A clean exit: nothing to recover from this session."""
        self._lock.close()
        shutil.rmtree(self.session, ignore_errors=True)

    def orphans(self, notices: list[str] | None = None) -> list[Recovered]:
        """Drafts of sessions whose app is gone, newest first; such sessions without drafts are removed.
        A damaged draft is moved aside, with a line in `notices` saying where."""
        found = []
        for session in self.root.iterdir() if self.root.is_dir() else ():
            if session in (self.session, self.root / DAMAGED) or not session.is_dir() or not _abandoned(session):
                continue
            drafts = list(session.glob("*.json"))
            if not drafts:
                shutil.rmtree(session, ignore_errors=True)
            for file in drafts:
                try:
                    found.append(_draft(file, read_json(file, _DRAFT_LIMIT, "draft")))
                except OSError as error:
                    if error.errno is None:  # refused, not failed: a pipe, a device, more than a draft can be
                        self._set_aside(file, str(error).rstrip("."), notices)
                    else:  # unreadable for now (its permissions, a disk error): offered once it can be read
                        log.warning("draft %s cannot be read: %s", file, error)
                except StateError as error:
                    self._set_aside(file, str(error), notices)
        return sorted(found, key=lambda r: -r.saved_at)

    def _set_aside(self, file: Path, reason: str, notices: list[str] | None) -> None:
        damaged = self.root / DAMAGED / f"{file.parent.name}-{file.name}"
        try:
            damaged.parent.mkdir(exist_ok=True)
            file.replace(damaged)
            where = set_aside(damaged)
            message = f"A recovery draft could not be read ({reason}). It was moved to {where}."
        except OSError as error:
            message = f"A recovery draft {file} could not be read ({reason}) nor moved aside ({error.strerror})."
        log.warning("%s", message)
        if notices is not None:
            notices.append(message)

    def adopt(self, recovered: Recovered, key: str) -> None:
        """Keep a restored draft as this session's draft `key` until its document is saved or discarded."""
        target = self.session / f"{key}.json"
        atomic_write(target, recovered.file.read_bytes())
        self.forget(recovered)

    def forget(self, recovered: Recovered) -> None:
        """Delete a draft the writer discarded, and its session once empty."""
        recovered.file.unlink(missing_ok=True)
        session = recovered.file.parent
        if not any(session.glob("*.json")):
            shutil.rmtree(session, ignore_errors=True)


def _abandoned(session: Path) -> bool:
    try:
        with open(session / "lock", "ab") as f:
            return lock(f, wait=False)
    except OSError:
        return False


def _draft(file: Path, raw: Any) -> Recovered:
    """The draft a parsed record holds; StateError saying what is wrong with it otherwise."""
    if not isinstance(raw, dict):
        raise StateError(f"it holds {kind(raw)}, not a draft")
    fields = {"text": str, "path": (str, type(None)), "encoding": str, "saved_at": (int, float),
              "base": (dict, type(None))}  # fmt: skip
    for name, types in fields.items():
        value = raw.get(name)
        if not isinstance(value, types) or isinstance(value, bool):
            raise StateError(f"its {name} is {kind(value)}")
    try:  # what stands for bytes that were not text is a surrogate escape; any other has no bytes to save
        raw["text"].encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raise StateError("its text holds a character no file can (a lone surrogate)") from None
    if raw["path"] is not None and not fs_name(raw["path"]):
        raise StateError("its path is not a file name this system can use")
    if not math.isfinite(raw["saved_at"]):
        raise StateError("its saved_at is not a time")
    try:
        codecs.lookup(raw["encoding"])
    except LookupError:
        raise StateError(f"its encoding {raw['encoding']!r} is unknown") from None
    base = raw.get("base")  # none in drafts of the version before
    if base is not None:
        names = {f.name: f.type for f in dataclasses.fields(DiskState)}
        if base.keys() != names.keys() or not all(isinstance(base[n], int if t == "int" else str) and
                                                  not isinstance(base[n], bool) for n, t in names.items()):  # fmt: skip
            raise StateError("its base is not a file's state")
        base = DiskState(**base)
    return Recovered(file, raw["text"], raw["path"], raw["encoding"], raw["saved_at"], base)
