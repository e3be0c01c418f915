"""Split text that does not fit a token budget into consecutive pieces.

Cuts go at the coarsest boundary that works: between paragraphs, then lines,
then sentences (core.sentences), then clauses (；，、 too), and only as a last
resort between characters (never before a combining mark). Closed fenced code
blocks are never cut; an unclosed fence is ordinary text. The pieces join back to the exact input, whitespace included, so
a tool can process them one by one and reassemble the document.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from .errors import ContextOverflowError
from .sentences import sentences

Counter = Callable[[str], int]

# A fenced code block opens or closes: the one pattern, the editor's highlighter uses it too.
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CLAUSE_END = re.compile(r"[，、：；,:;][ \t]*|[ \t]+")
_MARKER = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+|>[ \t]?)+")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_INDENTED_CODE = re.compile(r"^(?:    |\t)")


def split_text(text: str, budget: int, count: Counter) -> list[str]:
    """Consecutive pieces of `text`, each at most `budget` tokens by `count`.

    Raises ContextOverflowError if a closed fenced code block alone exceeds the budget.
    """
    if budget < 1:
        raise ContextOverflowError("The prompt leaves no room for the text in the context window.")
    pieces: list[str] = []
    total = 0
    current: list[str] = []
    for piece, tokens in _fitting_pieces(text, 0, budget, count):
        if current and total + tokens > budget:
            pieces.append("".join(current))
            current, total = [], 0
        current.append(piece)
        total += tokens
    if current:
        pieces.append("".join(current))
    return pieces


def _fitting_pieces(text: str, level: int, budget: int, count: Counter) -> list[tuple[str, int]]:
    tokens = count(text)
    if tokens <= budget:
        return [(text, tokens)]
    if level == 1 and _closed_fence(text):  # a block from blocks(): code is never cut
        raise ContextOverflowError(
            f"A code block of {tokens} tokens does not fit in the {budget} tokens left in the "
            "context window; use a larger context size or select less text."
        )
    if level == len(_SPLITTERS):
        return _by_characters(text, budget, count)
    units = _SPLITTERS[level](text)
    return [p for unit in units for p in _fitting_pieces(unit, level + 1, budget, count)]


def blocks(text: str) -> list[str]:
    """Paragraphs (with their trailing blank lines) and fenced code blocks, whole."""
    blocks: list[str] = []
    current: list[str] = []
    fence = ""
    for line in text.splitlines(keepends=True):
        match = FENCE.match(line)
        if fence:
            current.append(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                blocks.append("".join(current))
                current, fence = [], ""
            continue
        blank = not line.strip()
        if match or (current and not blank and not current[-1].strip()):
            if current:
                blocks.append("".join(current))
            current = []
            fence = match.group(1) if match else ""
        current.append(line)
    if current:
        blocks.append("".join(current))
    return blocks


def markdown_segments(text: str) -> list[tuple[str, bool]]:
    """(piece, words?) pairs that join back to `text`: the words of paragraphs, headings, list items and
    quotes are True; code, blank lines and the markers of Markdown structure (`# `, `- `, `> `) are False,
    so a tool can change the words and keep the structure by construction."""
    out = []
    for block in blocks(text):
        lines = block.splitlines(keepends=True)
        code = all(_INDENTED_CODE.match(line) or not line.strip() for line in lines)
        if is_fenced_code(block) or not block.strip() or code:
            out.append((block, False))
        elif not any(_MARKER.match(line) or _TABLE_RULE.match(line) for line in lines):
            out.append((block, True))  # a plain paragraph, whole
        else:
            for line in lines:
                marker = _MARKER.match(line)
                prefix = marker.group(0) if marker else ""
                rest = line[len(prefix) :]
                out += [(prefix, False), (rest, bool(rest.strip()) and not _TABLE_RULE.match(rest))]
    return [(piece, words) for piece, words in out if piece]


def is_fenced_code(block: str) -> bool:
    """Whether a block from blocks() is a fenced code block."""
    return bool(FENCE.match(block))


def _closed_fence(block: str) -> bool:
    lines = block.rstrip().splitlines()
    if len(lines) < 2 or not (opening := FENCE.match(lines[0])):
        return False
    closing = FENCE.match(lines[-1])
    fence = opening.group(1)
    return bool(closing) and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence)


def fitting_part(text: str, budget: int, count: Counter, at_end: bool = False) -> str:
    """The longest start (or end) of `text` that fits `budget` tokens, cut at the coarsest boundary
    (paragraph, line, sentence, clause) that still fills at least 15/16 of the budget."""
    if budget < 1 or not text:
        return ""
    for chars_per_token in (8, 32):  # read only as much of a long text as the budget can take
        size = budget * chars_per_token
        if size < len(text) and count(window := text[-size:] if at_end else text[:size]) > budget:
            text = window
            break
    target = budget
    part = _take(text, target, count, 0, at_end, budget // 16)
    while part and (over := count(part) - budget) > 0:  # pieces joined may count more than apart
        target -= over
        part = _take(text, target, count, 0, at_end, budget // 16) if target > 0 else ""
    return part


def _take(text: str, budget: int, count: Counter, level: int, at_end: bool, slack: int) -> str:
    """Whole units of `level` while they fit; the next one cut finer only if more than `slack` is left."""
    if count(text) <= budget:
        return text
    if level == len(_SPLITTERS):
        cut = _by_characters(text[::-1] if at_end else text, budget, lambda t: count(t[::-1] if at_end else t))
        return cut[0][0][::-1] if at_end else cut[0][0]
    units = _SPLITTERS[level](text)
    kept, used = [], 0
    for unit in reversed(units) if at_end else units:
        tokens = count(unit)
        if used + tokens > budget:
            if budget - used > slack:
                kept.append(_take(unit, budget - used, count, level + 1, at_end, slack))
            break
        kept.append(unit)
        used += tokens
    return "".join(reversed(kept) if at_end else kept)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _cut_after(pattern: re.Pattern) -> Callable[[str], list[str]]:
    def split(text: str) -> list[str]:
        cuts = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
        return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]

    return split


_SPLITTERS = (blocks, _lines, sentences, _cut_after(_CLAUSE_END))


def _by_characters(text: str, budget: int, count: Counter) -> list[tuple[str, int]]:
    """The last resort: the longest prefixes that fit, cut between whole characters."""
    pieces = []
    while text:
        lo, hi = 1, len(text)  # find the longest prefix length that fits
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[:mid]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        cut = lo
        while 1 < cut < len(text) and unicodedata.combining(text[cut]):
            cut -= 1
        pieces.append((text[:cut], count(text[:cut])))
        text = text[cut:]
    return pieces
