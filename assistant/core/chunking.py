"""Split text that does not fit a token budget into consecutive pieces.

Cuts go at the coarsest boundary that works: between paragraphs, then lines,
then sentences (including 。！？；), then clauses, and only as a last resort
between characters (never before a combining mark). Fenced code blocks are
never cut. The pieces join back to the exact input, whitespace included, so
a tool can process them one by one and reassemble the document.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from .errors import ContextOverflowError

Counter = Callable[[str], int]

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_SENTENCE_END = re.compile(
    r"[。！？；…]+[”’」』）》\"')\]]*[ \t]*"  # CJK ends need no space after them
    r"|[.!?;]+[\"'”’)\]]*[ \t]+"  # Latin ends do
)
_CLAUSE_END = re.compile(r"[，、：,:][ \t]*|[ \t]+")


def split_text(text: str, budget: int, count: Counter) -> list[str]:
    """Consecutive pieces of `text`, each at most `budget` tokens by `count`.

    Raises ContextOverflowError if a fenced code block alone exceeds the budget.
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
    if is_fenced_code(text):
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
        match = _FENCE.match(line)
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


def is_fenced_code(block: str) -> bool:
    """Whether a block from blocks() is a fenced code block."""
    return bool(_FENCE.match(block))


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _cut_after(pattern: re.Pattern) -> Callable[[str], list[str]]:
    def split(text: str) -> list[str]:
        cuts = [m.end() for m in pattern.finditer(text) if 0 < m.end() < len(text)]
        return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]

    return split


_SPLITTERS = (blocks, _lines, _cut_after(_SENTENCE_END), _cut_after(_CLAUSE_END))


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
