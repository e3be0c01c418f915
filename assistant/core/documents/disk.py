"""Reading and saving documents the way careful editors do.

A save goes to the file the writer opened: through a symbolic link to its
target (the link stays a link), in place after a verified backup copy when the
file has other hard links or its folder cannot take a new file (vim's
`backupcopy=auto`), and otherwise by a temporary file beside it that is fsynced
and renamed over it, so a crash leaves the old file or the new one, never half.
Mode, owner and group are kept. A read-only file is refused, and so is a file
that another program changed since the app last read it.

A temporary file is named in a journal (in the app's data folder) before it
exists, so the next start removes one that a crash left behind.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import DocumentError
from ..files import (DOCUMENT_LIMIT, SMALL_FILE_LIMIT, BackupError, fsync_folder, read_regular_file,
                     write_all, write_in_place)
from ..jsonfile import read_json
from .codec import TextFile, decode

TEMP_MARK = ".wa-save-"  # in every temporary file's name: .NAME.wa-save-PID-RANDOM.tmp


class FileChangedError(DocumentError):
    """The file on disk is not the one the app last read or wrote."""


class ReadOnlyError(DocumentError):
    """The writer may not write the file (or its folder): Save As is the way out."""


@dataclass(frozen=True)
class DiskState:
    """Which file, and which bytes of it, a document was read from or saved to."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: str

    def same_file(self, st: os.stat_result) -> bool:
        return (self.device, self.inode, self.size, self.mtime_ns) == (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _state(st: os.stat_result, data: bytes) -> DiskState:
    return DiskState(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def read_file(path: Path | str, encoding: str | None = None) -> tuple[TextFile, DiskState]:
    """The document in `path`, and what it was on disk; DocumentError if it cannot be read as text."""
    path = Path(path)
    data, st = read_regular_file(path, DOCUMENT_LIMIT, "document", DocumentError)
    return decode(data, path.name, encoding), _state(st, data)


def disk_change(path: Path, known: DiskState) -> tuple[str, DiskState | None]:
    """("", state) if the file still holds the bytes the app knows (a touch changes nothing),
    ("changed", state) if another program changed it, ("deleted", None) if it is gone."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "deleted", None
    except OSError:
        return "", known  # unreadable for now (a network drive): nothing to say yet
    if known.same_file(st):
        return "", known
    try:
        data, st = read_regular_file(path, DOCUMENT_LIMIT, "document", DocumentError)
    except DocumentError:
        return "deleted", None
    now = _state(st, data)
    return ("" if now.sha256 == known.sha256 else "changed"), now


def save_file(path: Path | str, data: bytes, expected: DiskState | None = None) -> DiskState:
    """Write `data` to `path` safely (see the module's docstring) and return what is now on disk.

    With `expected`, the file must still be what it was then: FileChangedError otherwise.
    """
    path = Path(path)
    target = Path(os.path.realpath(path))  # a symlink is saved through; the link stays
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as error:
        raise DocumentError(_failed(path, error)) from None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise DocumentError(f"{path.name} is not a regular file; save it under another name.")
        if expected is not None:
            change, _ = disk_change(target, expected)
            if change == "changed":
                raise FileChangedError(f"{path.name} was changed by another program since it was opened here.")
        if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise ReadOnlyError(f"{path.name} is read-only: you may not change it. Save a copy with Save As.")
    elif not os.access(target.parent, os.W_OK | os.X_OK):
        reason = "does not exist" if not target.parent.exists() else "cannot be written"
        raise ReadOnlyError(f"The folder {target.parent} {reason}. Save the document somewhere else.")
    try:
        in_place = st is not None and (st.st_nlink > 1 or not _owner_can_be_kept(st)
                                       or not os.access(target.parent, os.W_OK | os.X_OK))  # fmt: skip
        if in_place:
            write_in_place(target, data)
        else:
            _replace(target, data, st)
        return _state(os.stat(target), data)
    except BackupError as error:
        raise DocumentError(error.strerror) from None
    except OSError as error:
        raise DocumentError(_failed(path, error) + " The file on disk is unchanged.") from None


def _failed(path: Path, error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason = "the disk is full"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "you do not have permission to write there"
    else:
        reason = error.strerror or str(error)
    return f"{path.name} could not be saved: {reason}."


def _replace(target: Path, data: bytes, st: os.stat_result | None) -> None:
    """Temporary file, fsync, rename over the target, fsync of the folder."""
    tmp = target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    journal = _journal(tmp)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies to a new file
        try:
            if st is not None:
                _keep_mode_and_owner(fd, st)
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if journal is not None:
            journal.unlink(missing_ok=True)


def _keep_mode_and_owner(fd: int, st: os.stat_result) -> None:
    if os.name == "nt":
        return
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        os.fchown(fd, st.st_uid, st.st_gid)


def _owner_can_be_kept(st: os.stat_result) -> bool:
    """Whether a new file of ours can be given the old one's owner and group (else: write in place)."""
    if os.name == "nt" or os.geteuid() == 0:
        return True
    return st.st_uid == os.geteuid() and (st.st_gid == os.getegid() or st.st_gid in os.getgroups())


def _journal(tmp: Path) -> Path | None:
    """Name a temporary file before it exists, so a crash cannot leave it behind unnoticed."""
    entry = paths.pending_saves_dir() / f"{tmp.name}.json"
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(json.dumps({"temp": str(tmp), "pid": os.getpid()}), encoding="utf-8")
    except OSError:
        return None  # a read-only data folder: the name pattern still finds it (clean_folder)
    return entry


def clean_interrupted_saves() -> list[Path]:
    """Remove the temporary files of saves that a crash interrupted; return the backups such a crash left.

    Called once at start; saves of apps still running are left alone."""
    for entry in _entries(paths.pending_saves_dir(), "*.json"):
        try:
            record = read_json(entry, SMALL_FILE_LIMIT, "save journal")
            if _alive(record["pid"]):
                continue
            temp = Path(record["temp"])
            if temp.name.startswith(".") and TEMP_MARK in temp.name and temp.name.endswith(".tmp"):
                temp.unlink(missing_ok=True)  # ours only, whatever a damaged journal names
            entry.unlink()
        except (OSError, ValueError, KeyError, TypeError):
            continue
    backups = []
    for entry in _entries(paths.backups_dir(), "*.json"):
        try:
            if not _alive(read_json(entry, SMALL_FILE_LIMIT, "save journal")["pid"]):
                backups += [p for p in entry.parent.glob(entry.stem + ".*") if p != entry]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return backups


def clean_folder(path: Path) -> None:
    """Remove temporary files that an interrupted save of `path` left beside it."""
    for tmp in _entries(path.parent, f".{path.name}{TEMP_MARK}*.tmp"):
        try:
            pid = int(tmp.name[len(f".{path.name}{TEMP_MARK}") :].split("-")[0])
            if not _alive(pid):
                tmp.unlink()
        except (ValueError, OSError):
            continue


def _entries(folder: Path, pattern: str) -> list[Path]:
    try:
        return list(folder.glob(pattern))
    except OSError:
        return []


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
