"""Bytes to text and back, so that an untouched byte never changes.

A file is read as UTF-8 when it is (or carries a BOM), otherwise its encoding
is detected among the ones writers meet: GB18030 (a superset of GBK), Big5 and
Latin-1/cp1252. Every code point is kept as it was (no-break spaces, U+2028,
control characters). Line breaks become "\n" in the text, and the break each
line had on disk ("\r\n", "\n", "\r" or U+2029, which an editor also shows as a
new line) is remembered line by line: saving puts each back where it was.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..errors import DocumentError

# Encodings we detect beyond UTF-8, in charset-normalizer's names.
DETECTED = ("gb18030", "big5", "cp1252", "latin_1")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030", "gbk", "big5", "cp1252", "latin-1")
# Encodings whose files start with a byte-order mark ("utf-8-sig" writes its own).
_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
# What an editor shows as a new line: the usual breaks, U+2029, and the two noncharacters Qt
# takes for frame boundaries (U+FDD0, U+FDD1). Each is kept, and saved back, line by line.
LINE_BREAK = re.compile("(\r\n|\n|\r|\u2029|\ufdd0|\ufdd1)")
# Past this many changed lines, endings are carried over by position instead of by a line diff.
_MATCHED_LINES = 20_000


@dataclass(frozen=True)
class TextFile:
    text: str  # lines joined with "\n"
    encoding: str = "utf-8"
    endings: tuple[str, ...] = ()  # the break after each line but the last, as on disk

    @property
    def has_bom(self) -> bool:
        return self.encoding == "utf-8-sig" or self.encoding in _BOMS


def dominant_ending(endings: tuple[str, ...] | list[str]) -> str:
    """The most common line break of a file, for lines the writer adds."""
    common = Counter(e for e in endings if e in ("\r\n", "\n", "\r")).most_common(1)
    return common[0][0] if common else "\n"


def split_lines(raw: str) -> tuple[str, tuple[str, ...]]:
    """Text with "\n" breaks, and the break each line had."""
    parts = LINE_BREAK.split(raw)
    return "\n".join(parts[0::2]), tuple(parts[1::2])


def join_lines(text: str, endings: tuple[str, ...]) -> str:
    if all(e == "\n" for e in endings):
        return text
    lines = text.split("\n")
    return "".join(line + ending for line, ending in zip(lines, (*endings, ""), strict=True))


def carry_endings(old: str, endings: tuple[str, ...], new: str) -> tuple[str, ...]:
    """The line breaks of `new`, an edit of `old` whose breaks were `endings`.

    Lines the writer did not touch keep their own break; a line the writer
    adds gets the file's most common one.
    """
    if new == old:
        return endings
    a, b = old.split("\n"), new.split("\n")
    ends = [*endings, ""]  # the last line has no break
    default = dominant_ending(endings)
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    old_mid, new_mid = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    mid_ends = ends[prefix : len(a) - suffix]
    carried: list[str] = []
    if len(old_mid) + len(new_mid) <= _MATCHED_LINES:
        blocks = SequenceMatcher(None, old_mid, new_mid, autojunk=False).get_opcodes()
    else:
        blocks = [("replace", 0, len(old_mid), 0, len(new_mid))]
    for op, i1, i2, j1, j2 in blocks:
        if op == "equal":
            carried += mid_ends[i1:i2]
        else:  # an edited line keeps its break, in order; new lines get the common one
            kept = mid_ends[i1:i2][: j2 - j1]
            carried += kept + [default] * (j2 - j1 - len(kept))
    result = ends[:prefix] + carried + ends[len(a) - suffix :]
    return tuple(e or default for e in result[:-1])


def utf8_cut_at_end(data: bytes) -> int:
    """How many bytes at the end of otherwise valid UTF-8 are the start of a character cut short (0 if none)."""
    try:
        data.decode("utf-8")
        return 0
    except UnicodeDecodeError as error:
        cut = len(data) - error.start
        return cut if error.reason == "unexpected end of data" and cut < 4 else 0


def decode(data: bytes, name: str = "The file", encoding: str | None = None) -> TextFile:
    """Text from bytes, in `encoding` or the one detected; DocumentError if it is not text."""
    if encoding is None:
        encoding = _detect(data, name)
    try:
        body = data[len(_BOMS[encoding]) :] if encoding in _BOMS else data
        raw = body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise DocumentError(f"{name} cannot be read as {encoding}: {error}.") from None
    text, endings = split_lines(raw)
    return TextFile(text, encoding, endings)


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


def encode(file: TextFile) -> bytes:
    text = join_lines(file.text, file.endings)
    try:
        return _BOMS.get(file.encoding, b"") + text.encode(file.encoding)
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise DocumentError(
            f"The text contains characters that {file.encoding} cannot store ({bad!r}); save it as UTF-8 instead."
        ) from None
    except LookupError:
        raise DocumentError(f"There is no encoding named {file.encoding!r}.") from None
