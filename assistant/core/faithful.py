"""Checks that model output comes from the text, and the classical fallback when it does not.

A small model summarizing a text it barely understands invents: names, numbers,
whole sentences. `faithfulness` measures how much of an output is made of the
source's own material (content words for alphabetic text, character pairs for
Chinese, Japanese and Korean), and `central_sentences` picks the sentences that
best represent a text (TextRank, Mihalcea and Tarau 2004), which a tool can
offer instead of an invention. `translation_problems` says why a translation
cannot be the whole text translated: the wrong script, a length no faithful
translation has, numbers or names of the source missing, sentences dropped.
"""

from __future__ import annotations

import math
import re
import unicodedata

from .scripts import CJK_CHARS, cjk_ratio
from .sentences import ends_sentence, sentences

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


# The least and the most a faithful translation's length (characters other than spaces) is of its source's,
# by (source in CJK?, target in CJK?): a Chinese character carries about as much as three English letters.
LENGTH_RATIOS = {(True, False): (1.8, 9.0), (False, True): (0.12, 0.9), (False, False): (0.45, 2.2),
                 (True, True): (0.45, 2.2)}  # fmt: skip
_MEASURED_FROM = 12  # characters: a shorter source says too little about the length of its translation
_CJK_TARGETS = ("Chinese", "Japanese", "Korean")
_CJK_UNITS = set("万亿千百")
_LATIN_NAME = re.compile(r"[A-Za-z][\w+\-]*[A-Za-z0-9+]|[A-Z]")


def is_cjk_language(name: str) -> bool:
    """Whether a language (by the name the model is told) is written in CJK characters."""
    return any(t in name for t in _CJK_TARGETS)


def translation_problems(source: str, translation: str, target: str) -> list[str]:
    """Why `translation` cannot be `source` translated whole into `target` (a language name): an empty
    list when nothing says so."""
    problems = []
    cjk_target, cjk_source = is_cjk_language(target), cjk_ratio(source) > 0.5
    share = cjk_ratio(translation)
    if not (share > 0.5 if cjk_target else share < 0.1):
        problems.append(f"it is not written in {target}")
    size = len(re.sub(r"\s", "", source))
    if size >= _MEASURED_FROM:
        low, high = LENGTH_RATIOS[(cjk_source, cjk_target)]
        ratio = len(re.sub(r"\s", "", translation)) / size
        if not low <= ratio <= high:
            problems.append(f"it is {'much shorter' if ratio < low else 'much longer'} than the text")
    if lost := _numbers(source) - _numbers(translation):
        problems.append("numbers of the text are missing: " + ", ".join(sorted(lost)))
    kept = translation.casefold()
    if lost := [n for n in _names(source) if n.casefold() not in kept]:
        problems.append("names of the text are missing: " + ", ".join(lost))
    if cjk_target and (added := _latin_words(translation) - _latin_words(source)):
        problems.append("it has words the text does not: " + ", ".join(sorted(added)[:5]))  # invented English
    if _title_like(translation) and ends_sentence(source) and not _title_like(source):
        problems.append("it reads like a title, not the text")  # small models answer prose with a headline
    expected, found = _sentence_count(source), _sentence_count(translation)
    if found < expected - expected // 3:
        problems.append(f"sentences of the text are missing ({found} of {expected})")
    return problems


def _numbers(text: str) -> set[str]:
    """The numbers in `text`, full-width digits and thousands separators aside (１,０００ is 1000); not
    those counted in 万 or 亿 (1200万 is 12 million)."""
    normal = unicodedata.normalize("NFKC", text)
    return {m.group(0).replace(",", "") for m in _NUMBER.finditer(normal)
            if normal[m.end() : m.end() + 1] not in _CJK_UNITS}  # fmt: skip


def _names(source: str) -> list[str]:
    """Words of the source in Latin letters that any translation keeps as they are: in CJK text, every one
    (GPT, Python); elsewhere acronyms and words with a capital inside (NASA, iPhone). (Other names may
    change: London is Londres in French, 伦敦 in Chinese.)"""
    names: list[str] = []
    for sentence in sentences(source):
        words = [w for w in _LATIN_NAME.findall(_CJK_RUN.sub(" ", sentence)) if len(w) > 1]
        if cjk_ratio(sentence) <= 0.5:
            words = [w for w in words if any(c.isupper() for c in w[1:])]
        names += [w for w in words if w not in names]
    return names


def _latin_words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[A-Za-z]{3,}", text)}


def _title_like(text: str) -> bool:
    """Whether a sentence of `text` has its every word capitalised ("The Spring Leaves Are Free!")."""
    for sentence in sentences(text):
        words = re.findall(r"[A-Za-z]{3,}", sentence)
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            return True
    return False


def _sentence_count(text: str) -> int:
    return sum(1 for s in sentences(text) if re.search(rf"[^\W\d_]|[{CJK_CHARS}]", s))
