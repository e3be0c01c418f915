"""The app's own JSON files (settings, recovery drafts, writing memories): one way to read them
without trusting them, one way to write them, one way to change them with other writers around.

Reading refuses text that is not UTF-8 JSON, nesting deeper than any file of ours has, and numbers
that are not finite, with one `StateError` whose message says what is wrong; each caller then checks
the shape it expects and moves a file it cannot use aside (`set_aside`), never over it.

Paths that are not UTF-8 (POSIX allows any bytes in a name) live in memory as surrogate-escaped str,
as `os.fsdecode` makes them. They are written as \\udcXX escapes, which JSON reads back as the same
str, so `os.fsencode` gives the same bytes again: nothing is lost and the file stays valid UTF-8.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import math
import os
import time
from pathlib import Path
from typing import Any

from .files import atomic_write, link_target, read_regular_file

MAX_DEPTH = 64  # none of our files nests more than a few levels


class StateError(ValueError):
    """A file of ours that holds something we cannot use: the message says what."""


class Refused:
    """A number JSON allows us to read but no setting can hold (NaN, Infinity, 1e999): refused where it
    stands, so the values around it are kept."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _float(text: str) -> float | Refused:
    value = float(text)
    return value if math.isfinite(value) else Refused(text)


def read_json(path: Path | str, limit: int, what: str, empty: Any = None) -> Any:
    """The parsed file (`empty` if it holds nothing but spaces: `touch settings.json`); FileNotFoundError when
    it is missing, OSError when it cannot be read (not a regular file, or over `limit` bytes), StateError when
    it is not JSON text of a sane depth. Notepad's BOM is allowed, and its "Unicode" (UTF-16 with a BOM)."""
    data = read_regular_file(path, limit, what, OSError).data
    encoding = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig"
    try:
        text = data.decode(encoding)
        if empty is not None and not text.strip():
            return empty
        value = json.loads(text, parse_constant=Refused, parse_float=_float)
    except UnicodeDecodeError as error:
        raise StateError(f"it is not {encoding.upper().removesuffix('-SIG')} text (byte {error.start})") from None
    except RecursionError:
        raise StateError(f"it is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as error:  # a JSON syntax error, or an integer of thousands of digits
        raise StateError(str(error)) from None
    _check_depth(value)
    return value


def kind(value: Any) -> str:
    """What a parsed JSON value is, in words (for a message about a file of the wrong shape)."""
    if isinstance(value, bool):
        return "true or false"
    names = {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number",
             Refused: "a number that is not finite", type(None): "null"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def fs_name(text: str) -> bool:
    """Whether a str read from a file is a path this system can use: a name that is not UTF-8 comes back
    as the surrogate escapes os.fsdecode made, and any other lone surrogate has no bytes to stand for."""
    try:
        os.fsencode(text)
        return "\0" not in text
    except UnicodeEncodeError:
        return False


def _check_depth(value: Any) -> None:
    """Without recursion: whatever walks the value later must not meet a RecursionError."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth >= MAX_DEPTH:
                    raise StateError(f"it is nested more than {MAX_DEPTH} levels deep")
                stack.append((child, depth + 1))


def dumps(value: Any, indent: int | None = None) -> bytes:
    """UTF-8 JSON; a surrogate-escaped path is written as its \\udcXX escapes (see the module's docstring)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    return (text + "\n").encode("utf-8", "backslashreplace")


def write_json(path: Path | str, value: Any, indent: int | None = None, mode: int | None = None) -> None:
    """Replace the file atomically; a symbolic link (dotfiles kept elsewhere) is written through and stays a link,
    and a file with other hard links is written in place (files.atomic_write). `mode`: that of a new file."""
    atomic_write(Path(path), dumps(value, indent), mode, pad=b" ")  # JSON reads the same with spaces after it


def set_aside(path: Path) -> Path:
    """Move a file we cannot use to NAME.bad-TIME beside it and return where it went (OSError if it cannot move).
    A link to a device, a pipe or a folder is moved itself, never what it names."""
    path = link_target(path)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.bad-{stamp}")
    for n in range(2, 1000):
        if not aside.exists():
            break
        aside = path.with_name(f"{path.name}.bad-{stamp}-{n}")
    os.replace(path, aside)
    return aside


# -- locks ---------------------------------------------------------------------------------

if os.name == "nt":
    import msvcrt

    def lock(f, wait: bool = True) -> bool:
        """Lock an open file for this process; False if another holds it and `wait` is False."""
        while True:
            try:
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(0.05)

    @contextlib.contextmanager
    def locked(path: Path):
        """Held while a file is read, changed and written: other writers wait (a lock file beside it)."""
        target = Path(os.path.realpath(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.with_name(f".{target.name}.lock"), "a+b") as f:
            lock(f)
            yield
else:
    import fcntl

    def lock(f, wait: bool = True) -> bool:
        """Lock an open file for this process; False if another holds it and `wait` is False."""
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            return True
        except OSError:
            return False

    @contextlib.contextmanager
    def locked(path: Path):
        """Held while a file is read, changed and written: other writers wait. The folder is locked,
        not the file: a save replaces the file by a rename, and a lock on the old one would protect nothing."""
        target = Path(os.path.realpath(path))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target.parent, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock
