"""Checks that model output comes from the text, and the classical fallback when it does not.

A small model summarizing a text it barely understands invents: names, numbers,
whole sentences. `faithfulness` measures how much of an output is made of the
source's own material (content words for alphabetic text, character pairs for
Chinese, Japanese and Korean), and `central_sentences` picks the sentences that
best represent a text (TextRank, Mihalcea and Tarau 2004), which a tool can
offer instead of an invention.
"""

from __future__ import annotations

import math
import re

from .language import CJK_CHARS
from .sentences import sentences

_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Words every English text shares: they prove nothing about where an output came from.
_COMMON = frozenset(
    "the and for are but not you all any can had her was one our out day get has him his how its may new now old "
    "see two way who did she use that with have this will your from they been were said each which their what "
    "there about would these other into more some them than then also after most over such only very just".split()
)


def units(text: str) -> set[str]:
    """What an output must share with its source: content words (by their first five letters, so that
    "trees" finds "tree"), and CJK character pairs."""
    found = {w.lower()[:5] for w in _WORD.findall(_CJK_RUN.sub(" ", text)) if w.lower() not in _COMMON}
    for run in _CJK_RUN.findall(text):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def faithfulness(output: str, source: str) -> float:
    """The share of the output's content units that occur in the source (1.0 for an output without any).
    A number the source does not have is an invented fact: the output then scores 0."""
    if set(_NUMBER.findall(output)) - set(_NUMBER.findall(source)):
        return 0.0
    made_of = units(output)
    if not made_of:
        return 1.0
    return len(made_of & units(source)) / len(made_of)


def central_sentences(text: str, count: int) -> list[str]:
    """The `count` sentences that share most with the rest of the text, in the text's order."""
    found = [s.strip() for s in sentences(text) if s.strip()]
    if len(found) <= count:
        return found
    bags = [units(s) for s in found]

    def similarity(a: set[str], b: set[str]) -> float:
        if len(a) < 2 or len(b) < 2:
            return 0.0
        return len(a & b) / (math.log(len(a)) + math.log(len(b)))

    weights = [[similarity(a, b) if i != j else 0.0 for j, b in enumerate(bags)] for i, a in enumerate(bags)]
    totals = [sum(row) or 1.0 for row in weights]
    score = [1.0] * len(found)
    for _ in range(30):  # PageRank with damping 0.85; converges well within this
        score = [0.15 + 0.85 * sum(weights[j][i] / totals[j] * score[j] for j in range(len(found)))
                 for i in range(len(found))]  # fmt: skip
    best = sorted(range(len(found)), key=lambda i: (-score[i], i))[:count]
    return [found[i] for i in sorted(best)]
