"""Atomic writes of the app's own files (a temporary file in the same folder, then a rename), and
read errors in words."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

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


def atomic_write(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data` so that readers see the old or the new file, never half.

    The temporary file lives beside the target (a rename across file systems is
    not atomic) and is fsynced before the rename, so a crash or a full disk
    leaves the original intact. `mode` sets the permissions of the new file
    (otherwise an existing file keeps its own).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode is None and path.exists():
        mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_copy(source: Path, target: Path) -> None:
    """Copy a file so that `target` appears only once complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
