"""Documents on disk: decoding with detection, and atomic saves in the same encoding.

A file is read as UTF-8 when it is (or carries a BOM), otherwise its encoding
is detected among the ones writers meet: GB18030 (a superset of GBK), Big5 and
Latin-1/cp1252. It is written back in that encoding with its own line endings,
so an untouched file saves byte-identical.
"""

from __future__ import annotations

import codecs
import errno
from dataclasses import dataclass
from pathlib import Path

from .errors import DocumentError
from .files import atomic_write

# Encodings we detect beyond UTF-8, in charset-normalizer's names.
DETECTED = ("gb18030", "big5", "cp1252", "latin_1")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030", "gbk", "big5", "cp1252", "latin-1")
_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}


@dataclass(frozen=True)
class TextFile:
    text: str  # with "\n" line endings
    encoding: str = "utf-8"
    newline: str = "\n"  # as the file had them: "\n", "\r\n" or "\r"


def decode(data: bytes, name: str = "The file", encoding: str | None = None) -> TextFile:
    """Text from bytes, in `encoding` or the one detected; DocumentError if it is not text."""
    if encoding is None:
        encoding = _detect(data, name)
    try:
        body = data[len(_BOMS[encoding]) :] if encoding in _BOMS else data
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise DocumentError(f"{name} cannot be read as {encoding}: {error}.") from None
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    return TextFile(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, newline)


def _detect(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding, bom in _BOMS.items():
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        raise DocumentError(f"{name} looks like a binary file, not text.")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(DETECTED)))
    if not matches:
        raise DocumentError(f"{name} is not text in any encoding this app knows (UTF-8, GB18030/GBK, Big5, Latin-1).")
    # Short texts fit several encodings equally well: then the order of DETECTED decides.
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, DETECTED.index(m.encoding)))
    return best.encoding.replace("_", "-")


def read_text(path: Path | str, encoding: str | None = None) -> TextFile:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"The file {path} does not exist.") from None
    except IsADirectoryError:
        raise DocumentError(f"{path} is a folder, not a file.") from None
    except OSError as error:
        raise DocumentError(f"The file {path} cannot be read: {error.strerror}.") from None
    return decode(data, path.name, encoding)


def encode(file: TextFile) -> bytes:
    text = file.text.replace("\n", file.newline) if file.newline != "\n" else file.text
    try:
        return _BOMS.get(file.encoding, b"") + text.encode(file.encoding)
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise DocumentError(
            f"The text contains characters that {file.encoding} cannot store ({bad!r}); save it as UTF-8 instead."
        ) from None


def write_text(path: Path | str, file: TextFile) -> None:
    """Save atomically: on any failure the file on disk is the one from before."""
    path = Path(path)
    data = encode(file)
    try:
        atomic_write(path, data)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            reason = "the disk is full"
        elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = "you do not have permission to write there"
        else:
            reason = error.strerror or str(error)
        raise DocumentError(f"{path.name} could not be saved: {reason}. The file on disk is unchanged.") from None
