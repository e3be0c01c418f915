"""Crash recovery: autosaved drafts of unsaved documents.

Each running app writes into a session folder of its own and holds a lock on
it while it lives. On start, sessions whose lock can be taken belong to apps
that died (a crash, kill -9): their drafts are offered for recovery. A draft
lives until its document is saved or the writer discards it: a restored draft
moves into the new session (written there before it leaves the old one), so a
second crash loses nothing. A clean exit removes its session.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .files import atomic_write

if os.name == "nt":
    import msvcrt

    def _try_lock(f) -> bool:
        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
else:
    import fcntl

    def _try_lock(f) -> bool:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False


@dataclass(frozen=True)
class Recovered:
    """An unsaved document left behind by an app that did not exit cleanly."""

    file: Path
    text: str
    path: str | None  # where the document was saved before, if anywhere
    encoding: str
    saved_at: float

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
        _try_lock(self._lock)

    def save(self, key: str, text: str, path: str | None, encoding: str) -> None:
        record = {"text": text, "path": path, "encoding": encoding, "saved_at": time.time()}
        atomic_write(self.session / f"{key}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def discard(self, key: str) -> None:
        (self.session / f"{key}.json").unlink(missing_ok=True)

    def close(self) -> None:
        """A clean exit: nothing to recover from this session."""
        self._lock.close()
        shutil.rmtree(self.session, ignore_errors=True)

    def orphans(self) -> list[Recovered]:
        """Drafts of sessions whose app is gone, newest first; such sessions without drafts are removed."""
        found = []
        for session in self.root.iterdir() if self.root.is_dir() else ():
            if session == self.session or not session.is_dir() or not _abandoned(session):
                continue
            drafts = list(session.glob("*.json"))
            if not drafts:
                shutil.rmtree(session, ignore_errors=True)
            for file in drafts:
                try:
                    r = json.loads(file.read_text(encoding="utf-8"))
                    found.append(Recovered(file, r["text"], r["path"], r["encoding"], r["saved_at"]))
                except (OSError, ValueError, KeyError, TypeError):
                    continue  # a damaged record cannot be offered
        return sorted(found, key=lambda r: -r.saved_at)

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
            return _try_lock(f)
    except OSError:
        return False
