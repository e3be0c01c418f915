"""Atomic writes of the app's own files (a temporary file in the same folder, then a rename), reads of
regular files only, and read errors in words."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import stat
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple

from . import paths
from .errors import AssistantError


@contextlib.contextmanager
def read_errors_explained(path: Path, error: type[AssistantError], what: str = "file"):
    """Turn the OSError of reading `path` into `error` with a sentence the writer can act on."""
    try:
        yield
    except FileNotFoundError:
        raise error(f"The {what} {path} does not exist.") from None
    except IsADirectoryError:
        raise error(f"{path} is a folder, not a {what}.") from None
    except OSError as e:
        raise error(f"The {what} {path} cannot be read: {e.strerror or e}.") from None


# The largest file read as each kind of thing (a device such as /dev/zero never ends).
DOCUMENT_LIMIT = 100_000_000
SMALL_FILE_LIMIT = 1_000_000  # settings, .prompt tools
MEMORY_LIMIT = 10_000_000

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))  # fmt: skip


class ReadFile(NamedTuple):
    data: bytes
    stat: os.stat_result


def read_regular_file(path: Path | str, limit: int, what: str, error: type[Exception]) -> ReadFile:
    """The bytes of `path` if it is a regular file of at most `limit` bytes, else `error` with a sentence.

    A named pipe or a device is refused before it is opened: reading one can wait for ever (a FIFO
    nobody writes to) or never end (/dev/zero). The file is opened without blocking, so one swapped
    for a pipe in between cannot hang the app either; its own status is checked again once open.
    With `error` an OSError, the OSErrors of reading come as they are (FileNotFoundError stays one)."""
    path = Path(path)
    problem = ""
    explained = contextlib.nullcontext() if issubclass(error, OSError) else read_errors_explained(path, error, what)
    with explained:
        problem = _refusal(os.stat(path), path, limit, what)
        if not problem:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            with os.fdopen(fd, "rb") as f:
                status = os.fstat(fd)
                problem = _refusal(status, path, limit, what)
                data = b"" if problem else f.read(limit + 1)
            if len(data) > limit:  # it grew while being read
                problem = too_big(path, limit, what)
    if problem:
        raise error(problem)
    return ReadFile(data, status)


def _refusal(status: os.stat_result, path: Path, limit: int, what: str) -> str:
    """Why `path` is not read as a `what` ("" if it is)."""
    for test, kind in _KINDS:
        if test(status.st_mode):
            return f"{path} is {kind}, not a file: only regular files are read as a {what}."
    return too_big(path, limit, what, status.st_size) if status.st_size > limit else ""


def too_big(name: object, limit: int, what: str, size: int | None = None) -> str:
    """The sentence for `name`, a `what` of `size` bytes (or more than `limit` when unknown)."""
    is_ = f"is {_size(size)}" if size is not None else f"is more than {_size(limit)}"
    return f"{name} {is_}; a {what} may be {_size(limit)} at most."


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def atomic_write(path: Path, data: bytes, mode: int | None = None, pad: bytes = b"") -> None:
    """Replace `path` with `data` so that readers see the old or the new file, never half.

    The temporary file lives beside the target (a rename across file systems is
    not atomic) and is fsynced before the rename, and the folder after it, so a
    crash or a full disk leaves the original or the new file intact, never none.
    A symbolic link is written through (see link_target); a file with other hard
    links (dotfiles kept with `ln`) is written in place instead, as documents
    are, since a rename would part the names. An existing file keeps its mode;
    `mode` is that of a new one; `pad`: see write_in_place. A read-only file is refused (PermissionError),
    never replaced. Settings, drafts, writing memories and prompt tools are
    written so; documents by documents/disk.py, which keeps owner and group too
    and refuses changes made by others.
    """
    path = link_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and (not st.st_mode & 0o222 or not os.access(path, os.W_OK)):  # never around a permission
        raise PermissionError(errno.EACCES, "the file is read-only, so it was left as it is", os.fsdecode(path))
    if st is not None and stat.S_ISREG(st.st_mode) and st.st_nlink > 1:
        write_in_place(path, data, pad)
        return
    if st is not None:
        mode = stat.S_IMODE(st.st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
        fsync_folder(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def link_target(path: Path | str) -> Path:
    """What a write or a move acts on: the file a link names when that is a regular file (a dotfile kept
    elsewhere) or nothing yet; the link itself when it names a device (/dev/null), a pipe or a folder."""
    real = Path(os.path.realpath(path))
    return real if real.is_file() or not os.path.lexists(real) else Path(path)


class BackupError(OSError):
    """No verified backup copy could be made before a write in place: nothing was written (said in strerror)."""


def write_in_place(target: Path, data: bytes, pad: bytes = b"") -> None:
    """Overwrite the file itself (its inode, links, owner and mode stay) after a verified backup copy.

    The backup is kept if the write fails, and the next start points the writer to it
    (documents.clean_interrupted_saves). With `pad` (a space, for JSON), shorter new bytes are padded to
    the old length before the file is cut to theirs: a crash in between leaves them and padding, which
    reads the same, never them and the old file's tail."""
    backup = _backup(target)
    try:
        _overwrite(target, data, pad)
    except OSError:
        try:
            _overwrite(target, backup.read_bytes(), pad)  # the space the old bytes took is free again
        except OSError:
            pass  # the backup stays, and the next start names it
        raise
    backup.unlink()
    backup.with_name(backup.name.split(".")[0] + ".json").unlink(missing_ok=True)


def _overwrite(target: Path, data: bytes, pad: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        short = os.fstat(fd).st_size - len(data)
        write_all(fd, data + pad * short if pad and short > 0 else data)
        if pad and short > 0:
            os.fsync(fd)  # padded on disk before it is cut
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _backup(target: Path) -> Path:
    folder = paths.backups_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        backup = folder / f"{name}.backup{target.suffix}"  # beside its record NAME.json, never over it
        record = {"path": os.fsdecode(target), "time": time.time(), "pid": os.getpid()}
        (folder / f"{name}.json").write_bytes(json.dumps(record).encode("utf-8") + b"\n")
        old = target.read_bytes()
        # Owner-only: the file may be private (settings with an API key, a document of mode 0600).
        fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            write_all(fd, old)
            os.fsync(fd)
        finally:
            os.close(fd)
        if backup.read_bytes() != old or target.read_bytes() != old:
            raise OSError(errno.EIO, "the backup copy does not match the file")
    except OSError as error:
        message = (f"{target.name} must be written in place, and no backup copy of it could be made in {folder} "
                   f"({error.strerror or error}); nothing was written.")  # fmt: skip
        raise BackupError(error.errno, message) from None
    return backup


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def atomic_copy(source: Path, target: Path) -> None:
    """Copy a file so that `target` appears only once complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a crash (where the platform lets a folder be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
