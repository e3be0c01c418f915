"""Checkers for English and Chinese alike: repeated words, unmatched brackets and quotes."""

from __future__ import annotations

import re

from assistant import Diagnostic

from .chinese import lexicon

# A doubled English word, except pairs English doubles on purpose.
_REPEATED = re.compile(r"\b([A-Za-z]+)([ \t]+)(\1)\b", re.IGNORECASE)
_DOUBLES_ALLOWED = {"had", "that", "bye", "no", "very", "so", "knock", "tut", "ha", "is", "do", "go", "blah"}
# Chinese characters never doubled, unless the pair belongs to a longer word (不了了之, 是是非非).
_ZH_SINGLES = "的地得了是在和与被把从对就都也还又而及或给向于"
_ZH_REPEATED = re.compile(f"([{_ZH_SINGLES}])\\1")


TWICE = "“{word}” twice"


def repeated(piece):
    text = piece.text
    for match in _REPEATED.finditer(text):
        word = match.group(1)
        if word.lower() in _DOUBLES_ALLOWED or match.group(3) != word and not match.group(3)[0].isupper():
            continue
        yield Diagnostic(match.start(2), match.end(3), TWICE, ("",), "repeated-word", "warning", {"word": word})
    for match in _ZH_REPEATED.finditer(text):
        start = match.start()
        if any(match.group(0) in word for word in _words_around(text, start, 2)):
            continue
        yield Diagnostic(start + 1, start + 2, TWICE, ("",), "repeated-word", "warning", {"word": match.group(1)})


def _words_around(text: str, start: int, length: int) -> list[str]:
    """The dictionary words of 3 or 4 characters that cover text[start:start+length]."""
    words = lexicon().words
    found = []
    for size in (3, 4):
        for begin in range(max(0, start + length - size), start + 1):
            candidate = text[begin : begin + size]
            if len(candidate) == size and candidate in words:
                found.append(candidate)
    return found


PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "《": "》", "〈": "〉", "「": "」", "『": "』",
         "“": "”", "‘": "’", "〔": "〕", "［": "］", "｛": "｝"}  # fmt: skip
CLOSERS = {v: k for k, v in PAIRS.items()}
_ENUMERATOR = re.compile(r"(?:^|\s)(?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4})\)")  # 1) a) iv) in lists
_SMILEY = re.compile(r"(?<![\w)\]])[:;=][-^']?[()\[\]]")  # :) ;-( but not the "):" of "(see below):"


def brackets(piece):
    """Brackets and quotes opened and not closed, or closed and not opened, within a paragraph."""
    text = piece.text
    stack: list[tuple[str, int]] = []
    enumerators = {m.end() - 1 for m in _ENUMERATOR.finditer(text)}
    smileys = {i for m in _SMILEY.finditer(text) for i in range(m.start(), m.end())}
    for i, ch in enumerate(text):
        if i in smileys or i in enumerators and not any(o == "(" for o, _ in stack):
            continue  # 1) a list's number, unless a bracket is open: (the CLI exits with 2)
        if ch == "’" and not (stack and stack[-1][0] == "‘"):
            continue  # an apostrophe
        if ch in PAIRS and not (ch == "‘" and i and text[i - 1].isalpha()):
            stack.append((ch, i))
        elif ch in CLOSERS:
            opener = CLOSERS[ch]
            if stack and stack[-1][0] == opener:
                stack.pop()
            elif any(o == opener for o, _ in stack):  # a bracket closed over an unclosed inner one
                while stack[-1][0] != opener:
                    yield _unclosed(*stack.pop())
                stack.pop()
            else:
                yield Diagnostic(i, i + 1, "“{mark}” closes nothing", (), "brackets", "warning", {"mark": ch})
    following = _next_paragraph_start(piece)
    for opener, at in stack:
        if opener != following or opener not in _QUOTES:
            yield _unclosed(opener, at)
    quotes = [m.start() for m in re.finditer('"', text)]
    if len(quotes) % 2 and following != '"':
        yield Diagnostic(quotes[-1], quotes[-1] + 1, "A quotation mark \" without its pair", (), "brackets", "warning")


# A quotation over paragraphs opens each with a quote and closes only the last: an open quote at a paragraph's
# end is no mistake when the next paragraph opens with it.
_QUOTES = {"“", "‘", "「", "『"}


def _next_paragraph_start(piece) -> str:
    """The first character of the text after the piece's paragraph ('' at the end)."""
    rest = piece.document[piece.start + len(piece.text) :].lstrip()
    return rest[:1]


def _unclosed(opener: str, at: int) -> Diagnostic:
    return Diagnostic(at, at + 1, "“{mark}” is never closed (“{closer}”)", (), "brackets", "warning",
                      {"mark": opener, "closer": PAIRS[opener]})  # fmt: skip

