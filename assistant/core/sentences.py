"""Where sentences end, in English, Chinese and mixed text: the one splitter every tool shares.

Splitting is lossless: `sentences(text)` returns pieces that join back into
`text`, each sentence with the spaces and line breaks after it, so a tool can
change sentences one by one and put the text together again. A sentence ends:

- after 。！？ (and their half-width forms), with or without a space after them;
- after . ! ? … only where a space, a line break, the end of the text or a CJK
  character follows, so "3.5", "2.0" and "example.com" are never cut;
  and not where the next word starts in lower case ("approx. ten", "“Help!” she
  cried"), nor after a known abbreviation ("Mr.", "e.g.", "No.") or an initial;
- with the closing quotes and brackets that follow the mark (。” or .")
- at a line break.

A piece without a letter or a CJK character (a list number, "2010.") is not a
sentence of its own: it joins the next.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .scripts import CJK_CHARS

# Marks that end a sentence wherever they stand, and marks that need a space after them.
_CJK_ENDS = "。！？｡．‼⁇⁈⁉"
_LATIN_ENDS = ".!?…"
_CLOSERS = "\"'”’」』）》〉】〕］｝)\\]}"
_END = re.compile(rf"([{_CJK_ENDS}{_LATIN_ENDS}]+)[{_CLOSERS}]*(\s*)|\n\s*")
_CJK = f"[{CJK_CHARS}]"  # compiled on first need, by re's cache: its ranges take 5 ms
_WORD_BEFORE = re.compile(r"([\w.]*\w)\W*$")
_SENTENCE_MATTER = re.compile(rf"[^\W\d_]|[{CJK_CHARS}]")
# Words after which a full stop rarely ends a sentence (compared in lower case, without their dots).
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt no nos vs etc al approx cf fig figs eq vol pp ed eds inc ltd co corp dept est "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun gen col lt sgt capt rev hon".split()
) - {"etc"}  # "etc." ends sentences as often as not: the next word's case decides


def sentence_ends(text: str) -> list[int]:
    """The offsets where one sentence (with the whitespace after it) ends and the next begins, in order;
    never 0 nor len(text)."""
    cuts: list[int] = []
    matter, scanned = False, 0  # whether the sentence so far has a letter; how far that was looked for
    for match in _END.finditer(text):
        end = match.end()
        if end >= len(text):
            break
        if match.group(1) is not None and not _ends_here(text, match):
            continue
        matter = matter or bool(_SENTENCE_MATTER.search(text, scanned, match.start()))
        scanned = end
        if matter:
            cuts.append(end)
            matter = False
    return cuts


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each with the whitespace that follows it; they join back into `text`
    (an empty text has none)."""
    cuts = sentence_ends(text)
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]) if a < b]


def streamed_sentences(stream: Iterable[str]) -> Iterator[str]:
    """The sentences of a streamed text, each as soon as the next one begins (only then is its end sure:
    "3." may be "3.5"), and what is left at the stream's end; they join back into the text."""
    held = ""
    for piece in stream:
        *ended, held = sentences(held + piece) or [""]
        yield from ended
    if held:
        yield held


def ends_sentence(text: str) -> bool:
    """Whether `text` ends (before any trailing whitespace) with a sentence's closing mark."""
    return bool(re.search(rf"[{_CJK_ENDS}{_LATIN_ENDS}][{_CLOSERS}]*$", text.rstrip()))


def _ends_here(text: str, match: re.Match) -> bool:
    marks, space = match.group(1), match.group(2)
    following = text[match.end() : match.end() + 1]
    if "\n" in space or any(mark in _CJK_ENDS for mark in marks):
        return True
    if not space:
        return bool(re.match(_CJK, following))  # "Done.下一步" ends; "3.5", "e.g" and "a.b" do not
    if following.islower():
        return False
    if marks == ".":
        word = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
        token = word.group(1) if word else ""
        if token.replace(".", "").lower() in ABBREVIATIONS or "." in token or (token.isupper() and len(token) == 1
                                                                                and token != "I"):  # fmt: skip
            return False  # "Dr. Li", "U.S. law", "J. Smith"
    return True
