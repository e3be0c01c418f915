"""English checkers: spelling from a real dictionary, and a/an.

The dictionary is pyspellchecker's English frequency list (in its wheel, offline). Measured on
tests/quality/proofread (118 common misspellings and 145 typos made in clean prose): 97 % found, the right
word among the suggestions 96 %, no false mark in 1,300 words once British spellings are allowed; symspellpy
(its 82,765-word list) did as well but took 140 MB and 2.7 s to load against 40 MB and 0.3 s, and spylls
(Hunspell's en_US in its wheel) took over 100 ms per suggestion.
"""

from __future__ import annotations

import functools
import re
import threading
from importlib import resources

from assistant import Diagnostic

MASK = "\ufffc"
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
# A word touching one of these is part of a name, a path or an expression, not prose.
_TECHNICAL = set("/\\_@#$%^&=<>|~+*0123456789") | {MASK}
_APOSTROPHE_ENDINGS = {"s", "t", "d", "ll", "re", "ve", "m"}
# British spellings the list lacks, as the changes that make the American form.
_BRITISH = (("our", "or"), ("ise", "ize"), ("isi", "izi"), ("isa", "iza"), ("yse", "yze"), ("tre", "ter"),
            ("ogue", "og"), ("lled", "led"), ("lling", "ling"), ("ller", "ler"), ("ence", "ense"), ("grey", "gray"), ("ae", "e"), ("oe", "e"),
            ("mme", "m"), ("eable", "able"))  # fmt: skip
_lock = threading.Lock()


_speller = None


def speller():
    """The word list, loaded once (0.3 s) by whichever thread needs it first."""
    global _speller
    with _lock:
        if _speller is None:
            from spellchecker import SpellChecker

            _speller = SpellChecker(language="en", distance=2)
            with resources.files(__package__).joinpath("english_extra.txt").open(encoding="utf-8") as file:
                extra = [w for line in file if not line.startswith("#") for w in line.split()]
            _speller.word_frequency.load_words(extra + [form for word in extra for form in _inflected(word)])
    return _speller


def _inflected(word: str) -> list[str]:
    """livestream: livestreams, livestreamed, livestreaming (the extra words come in their plain form)."""
    stem = word[:-1] if word.endswith("e") else word
    return [word + "s", stem + "ed", stem + "ing"]


def _in_list(word: str) -> bool:
    return word in speller().word_frequency


@functools.lru_cache(maxsize=65536)
def known(word: str) -> bool:
    """Whether a word (any case) is English: in the list, a British spelling of a word in it, or a word of
    it with an apostrophe ending (don't, writer's)."""
    lower = word.lower().replace("’", "'")
    if _in_list(lower):
        return True
    if "'" in lower:
        stem, _, ending = lower.rpartition("'")
        return ending in _APOSTROPHE_ENDINGS and known(stem) or lower.endswith("n't") and known(lower[:-3])
    if _missing_apostrophe(lower):
        return False  # youre: you're, not a British 'yore'
    if _compound(lower):
        return True
    for british, american in _BRITISH:
        at = lower.find(british)
        while at >= 0:
            if _in_list(lower[:at] + american + lower[at + len(british) :]):
                return True
            at = lower.find(british, at + 1)
    return False


def _missing_apostrophe(word: str) -> bool:
    """Whether `word` is a contraction written without its apostrophe (youre, theyve, dont)."""
    forms = [word[: -len(ending)] + "'" + ending for ending in ("re", "ve", "ll") if word.endswith(ending)]
    forms += [word[:-2] + "n't"] if word.endswith("nt") else []
    return any(_in_list(form) for form in forms)


_PREFIXES = ("un", "re", "pre", "non", "anti", "over", "under", "multi", "micro", "cyber", "mis", "co", "inter",
             "sub", "super", "post", "semi", "self", "auto", "de", "dis", "out", "up", "down")  # fmt: skip
COMMON = 10_000  # each word of a compound must be at least this common (the list counts 'the' in millions)


def _compound(word: str) -> bool:
    """Two common words written as one (smartphone, livestream), or a prefix and a word (untrusted); not
    the misspellings that look so (untill, carefull, whereever)."""
    frequency = speller().word_frequency.dictionary
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 5 and _in_list(word[len(prefix) :]):
            return True
    return any(frequency.get(word[:i], 0) >= COMMON and frequency.get(word[i:], 0) >= COMMON
               and word[i - 1] != word[i] and word[i:] != "full"
               for i in range(4, len(word) - 3))  # fmt: skip


@functools.lru_cache(maxsize=4096)
def suggestions(word: str, count: int = 5) -> tuple[str, ...]:
    """Known words near a misspelt one, likeliest first, in the word's case."""
    checker = speller()
    lower = word.lower()
    frequency = checker.word_frequency.dictionary
    found = (checker.candidates(lower) or set()) - {lower}
    scores = {w: frequency[w] * (3 if _closeness(lower, w) == 2 else 1) for w in found}
    split = max(((lower[:i], lower[i:]) for i in range(1, len(lower))),
                key=lambda parts: min(frequency.get(parts[0], 0), frequency.get(parts[1], 0)))  # fmt: skip
    if min(frequency.get(split[0], 0), frequency.get(split[1], 0)) > 100_000:
        # A short word run into the next (alot: a lot) first; two words run together after a word that fits.
        short = len(split[0]) <= 2
        scores[" ".join(split)] = min(frequency[split[0]], frequency[split[1]]) / (1 if short else 100)
    # A contraction without its apostrophe (theyre) wants the apostrophe, however rare the word with it.
    ranked = sorted(scores, key=lambda w: (not (w.replace("'", "") == lower and _contraction(w)), -scores[w], w))[:count]
    if word[:1].isupper():
        ranked = [w[:1].upper() + w[1:] for w in ranked]
    return tuple(ranked)


_CONTRACTED = ("n't", "'re", "'ve", "'ll", "'d", "'s", "'m")


def _contraction(word: str) -> bool:
    """A real contraction (they're, wasn't, won't), not an apostrophe the word list happens to hold (th's)."""
    base = next((word[: -len(end)] for end in _CONTRACTED if word.endswith(end)), "")
    return bool(base) and max(_frequency(base), _frequency(word)) >= COMMON_FIX


def _closeness(wrong: str, right: str) -> int:
    """Typos that keep the letters (a swap, a doubled or dropped double letter) beat other edits."""
    if sorted(wrong) == sorted(right):
        return 2
    if re.sub(r"(.)\1", r"\1", wrong) == re.sub(r"(.)\1", r"\1", right):
        return 2
    return 1 if wrong[:1] == right[:1] else 0


# A Chinese name or place written in pinyin, syllable by syllable.
_PINYIN = re.compile(r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|"
                     r"ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|a|o|e|i|u|v)|ang|eng|ai|ei|ao|ou|an|en|er|a|o|e)+")  # fmt: skip
COMMON_FIX = 20_000  # a capitalised word opening a sentence is marked when a word this common is near it


def _frequency(word: str) -> int:
    return speller().word_frequency.dictionary.get(word.lower(), 0)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t\"'“‘([" + MASK)
    return not before or before[-1] in ".!?:\n…"


def spelling(piece):
    text = piece.text
    for match in _WORD.finditer(text):
        word = match.group(0).rstrip("'’")
        start, end = match.start(), match.start() + len(word)
        before, after = text[start - 1 : start], text[end : end + 2]
        if (len(word) < 2 or len(re.findall("['’]", word)) > 1 or before in _TECHNICAL or after[:1] in _TECHNICAL or before == "."
                or after[:1] == "." and after[1:2].isalnum() or not word[1:].islower()):  # fmt: skip
            continue  # a path, a name in code, an acronym, a CamelCase name, rock’n’roll
        if word[0].isupper() and (not _sentence_start(text, start) or _PINYIN.fullmatch(word.lower())):
            continue  # a name, most likely (in pinyin: Zhang, Xiaoming)
        if known(word):
            continue
        offered = suggestions(word)
        if word[0].isupper() and not (offered and _frequency(offered[0]) >= COMMON_FIX):
            continue  # a name opening a sentence (Priya, Okafor): no common word is near it
        yield Diagnostic(start, end, "Unknown word: {word}", offered, "spelling", "error", {"word": word})


# Words whose first letter is a vowel but whose sound is not, and the other way round.
_CONSONANT_SOUND = re.compile(r"(?:uni|use|usu|usa|ura|ure|uri|uro|uto|euro|eu|ewe|one\b|once|ouija|unanim)", re.I)
_VOWEL_SOUND = re.compile(r"(?:hour|honest|honou?r|heir|herb\b)", re.I)
_ARTICLE = re.compile(r"\b([Aa]n?)\s+([A-Za-z][a-z]+)\b")


def article(piece):
    """a before a consonant sound, an before a vowel sound; acronyms and numbers are left alone."""
    for match in _ARTICLE.finditer(piece.text):
        art, word = match.group(1), match.group(2)
        if art[0] == "A" and not _sentence_start(piece.text, match.start()):
            continue  # a letter's name: Plan A
        if word.lower() in ("an", "the") and word.lower() != art.lower():  # an an: the repeated word's
            yield Diagnostic(match.start(1), match.start(2), "Two articles: “{first} {second}”", ("",), "a-an",
                             "warning", {"first": art, "second": word})  # fmt: skip
            continue  # a an, an the: one article too many, whichever it is
        vowel = word[0] in "aeiouAEIOU"
        if _CONSONANT_SOUND.match(word):
            vowel = False
        elif _VOWEL_SOUND.match(word):
            vowel = True
        elif word[0] in "hH" or len(word) < 2:
            continue
        want = "an" if vowel else "a"
        if art.lower() == want:
            continue
        fixed = want[0].upper() + want[1:] if art[0].isupper() else want
        yield Diagnostic(match.start(1), match.end(1), "Use “{article}” before “{word}”", (fixed,), "a-an", "warning",
                         {"article": fixed, "word": word})  # fmt: skip
