"""Crash recovery: autosaved copies of unsaved documents.

Each running app writes into a session folder of its own and holds a lock on
it while it lives. On start, sessions whose lock can be taken belong to apps
that died (a crash, kill -9): their documents are offered for recovery. A clean
exit removes its session.
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
    newline: str
    saved_at: float

    @property
    def title(self) -> str:
        return Path(self.path).name if self.path else "Untitled"


class RecoveryStore:
    def __init__(self, root: Path | None = None):
        self.root = root or paths.recovery_dir()
        self.session = self.root / uuid.uuid4().hex
        self.session.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.session / "lock", "wb")
        _try_lock(self._lock)

    def save(self, key: str, text: str, path: str | None, encoding: str, newline: str) -> None:
        record = {"text": text, "path": path, "encoding": encoding, "newline": newline, "saved_at": time.time()}
        atomic_write(self.session / f"{key}.json", json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def discard(self, key: str) -> None:
        (self.session / f"{key}.json").unlink(missing_ok=True)

    def close(self) -> None:
        """A clean exit: nothing to recover from this session."""
        self._lock.close()
        shutil.rmtree(self.session, ignore_errors=True)

    def orphans(self) -> list[Recovered]:
        """Documents of sessions whose app is gone, newest first."""
        found = []
        for session in self.root.iterdir() if self.root.is_dir() else ():
            if session == self.session or not session.is_dir() or not _abandoned(session):
                continue
            for file in session.glob("*.json"):
                try:
                    r = json.loads(file.read_text(encoding="utf-8"))
                    found.append(Recovered(file, r["text"], r["path"], r["encoding"], r["newline"], r["saved_at"]))
                except (OSError, ValueError, KeyError, TypeError):
                    continue  # a damaged record cannot be offered
        return sorted(found, key=lambda r: -r.saved_at)

    def forget(self, recovered: Recovered) -> None:
        """Remove a recovered (or declined) document, and its session once empty."""
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
