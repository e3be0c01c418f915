"""Bytes to text and back, so that an untouched byte never changes.

A file is read as UTF-8 when it is (or carries a BOM), otherwise its encoding
is detected among the ones writers meet: GB18030 (a superset of GBK), Big5,
Latin-1/cp1252, and UTF-16 without a BOM. Every code point is kept as it was
(no-break spaces, U+2028, control characters). Line breaks become "\n" in the
text, and the break each line had on disk ("\r\n", "\n", "\r" or U+2029, which
an editor also shows as a new line) is remembered line by line: saving puts
each back where it was.

Some bytes do not come back as they were when their text is encoded again: a
byte that is not valid in the file's encoding (shown as U+FFFD), or a code
that has a twin (four Big5 codes decode to characters that encode to other
codes). Each such character's bytes are kept, by line and column, and written
back for as long as the writer leaves that character where it was.
"""

from __future__ import annotations

import codecs
import functools
import re
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..errors import DocumentError
from ..scripts import CJK_BLOCKS

# Encodings we detect beyond UTF-8, in charset-normalizer's names; the first that decodes is the
# fallback when charset-normalizer finds none (short texts: "5€" in GB18030).
DETECTED = ("gb18030", "big5", "cp1252", "latin_1")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030", "gbk", "big5", "cp1252", "latin-1")
# Encodings whose files start with a byte-order mark, and the codec of what follows it.
_BOMS = {"utf-8-sig": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
         "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}  # (UTF-16's is tried first)
_BODY = {"utf-8-sig": "utf-8"}
# What an editor shows as a new line: the usual breaks, U+2029, and the two noncharacters Qt
# takes for frame boundaries (U+FDD0, U+FDD1). Each is kept, and saved back, line by line.
LINE_BREAK = re.compile("(\r\n|\n|\r|\u2029|\ufdd0|\ufdd1)")
# Past this many changed lines (or characters in a line), a diff gives way to the common start and end.
_MATCHED_LINES = 20_000
_MATCHED_CHARS = 4_000
# Bytes kept by line: (column, bytes) of each character whose bytes its encoding would not write back.
Kept = Mapping[int, tuple[tuple[int, bytes], ...]]


@dataclass(frozen=True)
class TextFile:
    text: str  # lines joined with "\n"
    encoding: str = "utf-8"
    endings: tuple[str, ...] = ()  # the break after each line but the last, as on disk
    bom: bool | None = None  # None: as the encoding usually is (UTF-16 and utf-8-sig with one)
    kept: Kept = field(default_factory=dict)

    @property
    def has_bom(self) -> bool:
        return self.encoding in _BOMS if self.bom is None else self.bom

    @property
    def invalid_bytes(self) -> int:
        """How many bytes are not valid in the encoding (each shown as U+FFFD, and kept)."""
        codec = _BODY.get(self.encoding, self.encoding)
        return sum(len(raw) for spans in self.kept.values() for _, raw in spans if not _decodes(raw, codec))


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


def _opcodes(a, b, limit: int) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes from `a` to `b` (lines or characters), the common start and end found first."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[len(a) - 1 - suffix] == b[len(b) - 1 - suffix]:
        suffix += 1
    old_mid, new_mid = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    if not old_mid and not new_mid:
        middle = []
    elif len(old_mid) + len(new_mid) <= limit:
        middle = SequenceMatcher(None, old_mid, new_mid, autojunk=False).get_opcodes()
        if len(old_mid) == len(new_mid):  # as many as before: edited in place, unless the diff matches more
            same = [x == y for x, y in zip(old_mid, new_mid)]
            if sum(same) >= sum(i2 - i1 for op, i1, i2, _, _ in middle if op == "equal"):
                middle = _in_place(same)
    else:
        middle = [("replace", 0, len(old_mid), 0, len(new_mid))]
    ops = [("equal", 0, prefix, 0, prefix)] if prefix else []
    ops += [(op, i1 + prefix, i2 + prefix, j1 + prefix, j2 + prefix) for op, i1, i2, j1, j2 in middle]
    if suffix:
        ops.append(("equal", len(a) - suffix, len(a), len(b) - suffix, len(b)))
    return ops


def _in_place(same: list[bool]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes that pair each item with the one in its place: runs of equal and replaced items."""
    ops: list[tuple[str, int, int, int, int]] = []
    for i, equal in enumerate(same):
        op = "equal" if equal else "replace"
        if ops and ops[-1][0] == op:
            ops[-1] = (op, ops[-1][1], i + 1, ops[-1][3], i + 1)
        else:
            ops.append((op, i, i + 1, i, i + 1))
    return ops


def carry_endings(old: str, endings: tuple[str, ...], new: str) -> tuple[str, ...]:
    """The line breaks of `new`, an edit of `old` whose breaks were `endings`.

    Lines the writer did not touch keep their own break; a line the writer
    adds gets the file's most common one.
    """
    if new == old:
        return endings
    return _carry_endings(_opcodes(old.split("\n"), new.split("\n"), _MATCHED_LINES), endings)


def _carry_endings(ops, endings: tuple[str, ...]) -> tuple[str, ...]:
    ends = [*endings, ""]  # the last line has no break
    default = dominant_ending(endings)
    carried: list[str] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            carried += ends[i1:i2]
        else:  # an edited line keeps its break, in order; new lines get the common one
            kept = ends[i1:i2][: j2 - j1]
            carried += kept + [default] * (j2 - j1 - len(kept))
    return tuple(e or default for e in carried[:-1])


def carry(old: TextFile, new_text: str) -> TextFile:
    """`old` edited into `new_text`: untouched lines keep their breaks, and untouched characters their bytes."""
    if new_text == old.text:
        return old
    a, b = old.text.split("\n"), new_text.split("\n")
    ops = _opcodes(a, b, _MATCHED_LINES)
    kept: dict[int, tuple[tuple[int, bytes], ...]] = {}
    for op, i1, i2, j1, j2 in ops if old.kept else ():
        for i, j in zip(range(i1, i2), range(j1, j2)):  # an edited line is matched with the line in its place
            if i in old.kept:
                spans = old.kept[i] if op == "equal" else _carry_in_line(a[i], b[j], old.kept[i])
                if spans:
                    kept[j] = spans
    return TextFile(new_text, old.encoding, _carry_endings(ops, old.endings), old.bom, kept)


def _carry_in_line(old: str, new: str, spans: tuple[tuple[int, bytes], ...]) -> tuple[tuple[int, bytes], ...]:
    carried = []
    for op, i1, i2, j1, _ in _opcodes(old, new, _MATCHED_CHARS):
        if op == "equal":
            carried += [(j1 + column - i1, raw) for column, raw in spans if i1 <= column < i2]
    return tuple(carried)


def utf8_cut_at_end(data: bytes) -> int:
    """How many bytes at the end of otherwise valid UTF-8 are the start of a character cut short (0 if none)."""
    try:
        data.decode("utf-8")
        return 0
    except UnicodeDecodeError as error:
        cut = len(data) - error.start
        return cut if error.reason == "unexpected end of data" and cut < 4 else 0


def decode(data: bytes, name: str = "The file", encoding: str | None = None) -> TextFile:
    """Text from bytes, in `encoding` or the one detected; DocumentError if it is not text.

    Bytes that are not valid in the encoding are shown as U+FFFD and kept (see
    TextFile.invalid_bytes): a file is never refused, nor changed, for a few bad bytes.
    """
    if encoding is None:
        encoding = _detect(data, name)
    elif _lookup(encoding) in ("utf-16", "utf-32"):  # the byte order from the BOM, kept as it was
        order = "be" if data.startswith(_BOMS[f"{_lookup(encoding)}-be"]) else "le"
        encoding = f"{_lookup(encoding)}-{order}"
    codec = _BODY.get(encoding, encoding)
    bom = _BOMS.get(encoding)
    has_bom = bom is not None and data.startswith(bom)
    body = data[len(bom) :] if has_bom else data
    try:
        raw, spans = _decode_keeping(body, codec)
    except LookupError:
        raise DocumentError(f"There is no encoding named {encoding!r}.") from None
    except ValueError:  # a stateful encoding, whose characters cannot be told apart byte by byte
        raise DocumentError(f"{name} cannot be kept byte for byte in {encoding}; choose another encoding.") from None
    text, endings = split_lines(raw)
    return TextFile(text, encoding, endings, has_bom, _by_line(raw, spans))


def _lookup(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding  # said when it is used


_decoding = threading.local()


def _note_invalid(error: UnicodeDecodeError) -> tuple[str, int]:
    _decoding.invalid.append((error.start, error.end))
    return "\ufffd", error.end


codecs.register_error("writing-assistant-keep", _note_invalid)


def _decode_keeping(body: bytes, codec: str) -> tuple[str, list[tuple[int, bytes]]]:
    """The text of `body`, and (offset in the text, bytes) of each character that would not be written back
    as it was read."""
    _decoding.invalid = []
    text = body.decode(codec, "writing-assistant-keep")
    invalid, _decoding.invalid = _decoding.invalid, []
    if not invalid and _encodes(text, codec) == body:
        return text, []
    spans: list[tuple[int, bytes]] = []
    position = offset = 0  # in the bytes, in the text
    for start, end in [*invalid, (len(body), len(body))]:
        valid = body[position:start]
        part = valid.decode(codec)
        spans += [(offset + i, raw) for i, raw in _twins(part, valid, codec)]
        offset += len(part)
        if start < end:
            spans.append((offset, body[start:end]))
            offset += 1
        position = end
    return text, spans


def _twins(text: str, data: bytes, codec: str) -> list[tuple[int, bytes]]:
    """The characters of valid `text` that do not encode back to their bytes in `data`, found by halving:
    runs that encode back are skipped whole."""
    found: list[tuple[int, bytes]] = []
    i = position = 0
    step = 4096
    while i < len(text):
        size = min(step, len(text) - i)
        encoded = _encodes(text[i : i + size], codec)
        if encoded is not None and data.startswith(encoded, position):
            i, position, step = i + size, position + len(encoded), min(2 * step, 1 << 20)
        elif size > 1:
            step = size // 2
        else:  # one character: its bytes are the shortest run that decodes to it
            length = next((n for n in range(1, 5) if _decodes(data[position : position + n], codec) == text[i]), 0)
            if not length:
                raise ValueError(f"cannot find the bytes of {text[i]!r}")
            found.append((i, data[position : position + length]))
            i, position = i + 1, position + length
    return found


def _encodes(text: str, codec: str) -> bytes | None:
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return None


def _decodes(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _by_line(raw: str, spans: list[tuple[int, bytes]]) -> dict[int, tuple[tuple[int, bytes], ...]]:
    """Offsets in the text as read (with its own breaks) as lines and columns of the split text."""
    kept: dict[int, list[tuple[int, bytes]]] = {}
    if not spans:
        return {}
    breaks = iter(LINE_BREAK.finditer(raw))
    line, line_start = 0, 0
    following = next(breaks, None)
    for offset, data in spans:
        while following is not None and following.start() < offset:
            line, line_start = line + 1, following.end()
            following = next(breaks, None)
        kept.setdefault(line, []).append((offset - line_start, data))
    return {line: tuple(spans) for line, spans in kept.items()}


def _detect(data: bytes, name: str) -> str:
    for encoding, bom in _BOMS.items():
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise DocumentError(f"{name} looks like a binary file, not text.")
        return utf16
    if _decodes(data, "utf-8") is not None:  # ASCII included: never UTF-16 ("Bush hid the facts")
        return "utf-8"
    utf16 = _utf16_without_ascii(data)
    if utf16 is not None:
        return utf16
    as_utf8 = data.decode("utf-8", "surrogateescape")
    invalid = len(re.findall(_ESCAPED, as_utf8))
    # UTF-8 with a few damaged bytes. GBK read as UTF-8 has several bad bytes for each sequence that
    # happens to be valid, and those are mostly two bytes long; CJK in UTF-8 takes three.
    if invalid <= len(re.findall(_WIDE3, as_utf8)) or invalid * 4 <= len(re.findall(_WIDE, as_utf8)):
        return "utf-8"
    if invalid == 1:  # one byte cannot tell Latin-1 from damaged UTF-8: UTF-8 keeps it and says so
        return "utf-8"
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(DETECTED)))
    if matches:
        # Short texts fit several encodings equally well: then the order of DETECTED decides.
        best = min(matches, key=lambda m: (m.chaos, -m.coherence, DETECTED.index(m.encoding)))
        chosen = best.encoding.replace("_", "-")
        return _likelier_chinese(data, chosen) if chosen in _CHINESE else chosen
    for encoding in DETECTED[:-1]:  # too short for statistics (and a € looks odd to them): what decodes
        if _decodes(data, encoding) is not None:
            return _likelier_chinese(data, encoding) if encoding in _CHINESE else encoding
    if invalid * 100 <= len(data):
        return "utf-8"
    raise DocumentError(f"{name} is not text in any encoding this app knows (UTF-8, UTF-16, GB18030/GBK, "
                        "Big5, Latin-1).")  # fmt: skip


# Patterns that tell encodings apart, compiled on first use by re's own cache: most files are UTF-8,
# which needs none of them, and their Unicode ranges take 15 ms to compile.
_ESCAPED = "[\udc80-\udcff]"  # bytes that are not UTF-8, as decoded with surrogateescape
_WIDE = "[^\x00-\x7f\udc80-\udcff]"
_WIDE3 = "[\u0800-\udc7f\udd00-\U0010ffff]"  # three bytes or more in UTF-8
_CHINESE = ("gb18030", "big5")
# What GB18030 read as Big5 turns into (its full-width punctuation and € land on Bopomofo, tone marks,
# full-width Latin, kana, small forms), and Big5 read as GB18030 (private use, kana).
_MISREAD = ("[\u02c7\u02c9-\u02cb\u02d9\u3040-\u30ff\u3100-\u312f\ue000-\uf8ff\ufe50-\ufe6f"
            "\uff21-\uff3a\uff41-\uff5a]")  # fmt: skip


def _likelier_chinese(data: bytes, chosen: str) -> str:
    """GB18030 or Big5: the one whose reading has fewer characters that only a misreading has, then more
    frequent characters; `chosen` when they are even."""
    return min(_CHINESE, key=lambda e: (_misread(data, e), -_frequent_share(_decodes(data, e) or "", skip_ascii=True),
                                        e != chosen))  # fmt: skip


def _misread(data: bytes, encoding: str) -> float:
    text = _decodes(data, encoding)
    return float("inf") if text is None else len(re.findall(_MISREAD, text))
# What UTF-16 text is mostly made of (Latin, punctuation, CJK, Hangul, full-width forms), and what nearly
# every such text has somewhere (a break, a space, CJK punctuation); bytes read the wrong way round, or
# binary data, are neither.
_COMMON = f"[\t\n\r\x20-\x7e\u00a0-\u024f\u2000-\u206f{CJK_BLOCKS}\uac00-\ud7af\uff00-\uffef]"
_SEPARATOR = "[\n\r \u3000\u3001\u3002\uff0c]"


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le or -be for text without a BOM (its zero bytes made it look binary), or None."""
    if len(data) % 2:
        return None
    sample = data[: 1 << 16]
    scores = {}
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, "replace")
        if re.search(_SEPARATOR, text):
            scores[encoding] = len(re.findall(_COMMON, text)) / len(text)
    encoding = max(scores, key=scores.__getitem__, default=None)
    if encoding is None or scores[encoding] < 0.9 or _decodes(data, encoding) is None:
        return None
    return encoding


def _utf16_without_ascii(data: bytes) -> str | None:
    """utf-16-le or -be for text without a BOM and without a zero byte: Chinese or Japanese with no space,
    digit or line break in it. Taken when four in five characters it reads are frequent ones, and more of
    them than GB18030 or Big5 read from the same bytes (which as UTF-16 give Hangul, Yi, private use). Two
    bytes are one character either way, and a file of one rare hanzi in GBK is likelier than one in UTF-16."""
    if len(data) % 2 or len(data) < 4:
        return None
    sample = data[: 1 << 16]
    if re.fullmatch(_LATIN, sample.decode("cp1252", "replace")):  # "café" in Latin-1 is 捡曩 as UTF-16-BE
        return None
    legacy = max(_frequent_share(sample.decode(encoding, "replace"), skip_ascii=True) for encoding in _CHINESE)
    scores = {encoding: _frequent_share(sample.decode(encoding, "replace")) for encoding in ("utf-16-le", "utf-16-be")}
    encoding = max(scores, key=scores.__getitem__)
    if scores[encoding] < 0.8 or scores[encoding] <= legacy or _decodes(data, encoding) is None:
        return None
    return encoding


def _frequent_share(text: str, skip_ascii: bool = False) -> float:
    """The share of `text` (less its printable ASCII, with `skip_ascii`) that is frequent Chinese or Japanese."""
    if skip_ascii:
        text = re.sub(_PRINTABLE_ASCII, "", text)
    frequent = _frequent()
    return sum(c in frequent for c in text) / len(text) if text else 0.0


# What a Western text in cp1252 is made of: ASCII, accented letters, typographic quotes and dashes, €.
_LATIN = ("[\t\n\r\x20-\x7e\u00c0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013\u2014"
          "\u2018\u2019\u201c\u201d\u2026\u20ac]*")  # fmt: skip
_PRINTABLE_ASCII = "[\t\n\r\x20-\x7e]+"


@functools.cache
def _frequent() -> frozenset[str]:
    """What nearly all Chinese and Japanese text is made of: the frequent hanzi of GB2312 (its first level,
    3,755) and of Big5 (5,401), kana, CJK and full-width punctuation, quotes and dashes."""
    trail = (*range(0x40, 0x7F), *range(0xA1, 0xFF))
    han = [bytes((a, b)).decode("gb2312", "ignore") for a in range(0xB0, 0xD8) for b in range(0xA1, 0xFF)]
    han += [bytes((a, b)).decode("big5", "ignore") for a in range(0xA4, 0xC7) for b in trail if (a, b) <= (0xC6, 0x7E)]
    marks = [chr(c) for c in (*range(0x3000, 0x3100), *range(0xFF01, 0xFF5F), 0x2014, 0x2018, 0x2019, 0x201C,
                              0x201D, 0x2026)]  # fmt: skip
    return frozenset(han + marks) - {""}


def encode(file: TextFile) -> bytes:
    text = join_lines(file.text, file.endings)
    codec = _BODY.get(file.encoding, file.encoding)
    bom = _BOMS.get(file.encoding, b"") if file.has_bom else b""
    try:
        if not file.kept:
            return bom + text.encode(codec)
        pieces, position = [bom], 0
        for offset, raw in _offsets(file):
            pieces += [text[position:offset].encode(codec), raw]
            position = offset + 1
        return b"".join([*pieces, text[position:].encode(codec)])
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end]
        raise DocumentError(
            f"The text contains characters that {file.encoding} cannot store ({bad!r}); save it as UTF-8 instead."
        ) from None
    except LookupError:
        raise DocumentError(f"There is no encoding named {file.encoding!r}.") from None


def _offsets(file: TextFile) -> list[tuple[int, bytes]]:
    """The kept bytes by offset in the text as it is written (with its own breaks)."""
    found, start = [], 0
    for number, (line, ending) in enumerate(zip(file.text.split("\n"), (*file.endings, ""), strict=True)):
        found += [(start + column, raw) for column, raw in file.kept.get(number, ())]
        start += len(line) + len(ending)
    return found
