"""Measure the built-in proofreading on tests/quality/proofread: recall, right fix offered, false marks.

    python tests/quality/proofread_measure.py

English: typos made in clean prose (a letter dropped, swapped, changed or doubled in 1 word of 12) and
common misspellings in a neutral sentence; Chinese: sentences with wrong characters, 的/地/得 and
punctuation; then the clean prose alone. An error is found when a mark overlaps the changed text, and
fixed when applying the mark's first suggestion that makes the right text (or any of its suggestions, for
'offered') turns the sentence into the right one.
"""

from __future__ import annotations

import difflib
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assistant.core.language import count_words
from assistant.core.proofread import PersonalDictionary, Proofreader, enabled
from assistant.plugins import PluginHost

DATA = Path(__file__).resolve().parent / "proofread"


def proofreader(tmp: Path) -> Proofreader:
    host = PluginHost(builtins=("assistant_proofread",), entry_points=False)
    return Proofreader(enabled(host.checkers(), {}), PersonalDictionary(tmp / "no-words.txt"))


def clean(language: str) -> str:
    """All the clean prose of a language: ours (typos are made in the first file only), and the paragraphs of
    the tools' quality corpus, written by others."""
    from corpus import SAMPLES

    ours = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob(f"clean_{language}*.md"))]
    return "\n\n".join(ours + [s.text for s in SAMPLES if s.language == language])


def pairs(name: str) -> list[tuple[str, str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def typos(text: str, every: int = 12, seed: int = 1) -> list[tuple[str, str]]:
    """(wrong, right) paragraphs: one word in `every` of 4+ lower-case letters changed as a typist would."""
    rnd = random.Random(seed)
    out = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("#"):
            continue
        words = list(re.finditer(r"(?<![\w'’])[a-z]{4,}(?![\w'’])", paragraph))
        chosen = rnd.sample(words, max(1, len(words) // every)) if words else []
        for match in chosen:
            word = match.group(0)
            i = rnd.randrange(1, len(word))
            kind = rnd.randrange(4)
            if kind == 0:
                wrong = word[:i] + word[i + 1 :]
            elif kind == 1 and i < len(word) - 1 and word[i] != word[i + 1]:
                wrong = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            elif kind == 2:
                wrong = word[:i] + rnd.choice([c for c in "aeioustnrlmdc" if c != word[i]]) + word[i + 1 :]
            else:
                wrong = word[:i] + word[i] + word[i:]
            out.append((paragraph[: match.start()] + wrong + paragraph[match.end() :], paragraph))
    return out


@dataclass
class Score:
    errors: int = 0
    found: int = 0
    offered: int = 0
    first: int = 0

    def line(self, name: str) -> str:
        n = max(self.errors, 1)
        return (f"{name}: errors={self.errors} found={self.found / n:.0%} right-fix-offered={self.offered / n:.0%} "
                f"right-fix-first={self.first / n:.0%}")  # fmt: skip


def score(proofreader: Proofreader, cases: list[tuple[str, str]], rules: set[str] | None = None) -> Score:
    result = Score()
    for wrong, right in cases:
        changed = difflib.SequenceMatcher(None, wrong, right, autojunk=False).get_opcodes()
        spans = [(i1, i2) for tag, i1, i2, _, _ in changed if tag != "equal"]
        if not spans:
            continue
        result.errors += 1
        marks = [d for d in proofreader.check(wrong) if rules is None or d.rule in rules]
        hits = [d for d in marks if any(d.start <= i2 and i1 <= d.end for i1, i2 in spans)]
        result.found += bool(hits)
        fixes = [[wrong[: d.start] + s + wrong[d.end :] for s in d.suggestions] for d in hits]
        result.offered += any(right in f for f in fixes)
        result.first += any(f[:1] == [right] for f in fixes)
    return result


def false_marks(proofreader: Proofreader, text: str) -> tuple[int, list[str]]:
    marks = proofreader.check(text)
    return len(marks), [f"{text[d.start : d.end]!r} ({d.rule}: {d.message_in()})" for d in marks]


def measure(tmp: Path) -> dict[str, float]:
    """The numbers the goals are about, and print every line of the report."""
    p = proofreader(tmp)
    clean_en, clean_zh = (DATA / "clean_en.md").read_text(encoding="utf-8"), clean("zh")
    misspelt = [(f"She wrote {a} in the letter.", f"She wrote {b} in the letter.") for a, b in pairs("misspellings_en.tsv")]
    spelling = score(p, typos(clean_en) + misspelt, {"spelling"})
    print(spelling.line("en misspellings (typos in prose and common misspellings)"))
    print(score(p, pairs("errors_en.tsv")).line("en doubled words, a/an, brackets"))
    zh_cases = pairs("errors_zh.tsv")
    characters = score(p, [(a, b) for a, b in zh_cases if not re.search("[的地得,?!:;]", _diff(a, b))])
    print(characters.line("zh characters"))
    print(score(p, [(a, b) for a, b in zh_cases if re.search("[的地得,?!:;]", _diff(a, b))]).line("zh 的/地/得, punctuation, doubled"))
    en_false, en_marks = false_marks(p, clean("en"))
    zh_false, zh_marks = false_marks(p, clean_zh)
    words, chars = count_words(clean("en")), len(re.findall(r"[\u4e00-\u9fff]", clean_zh))
    print(f"en clean: words={words} false-marks-per-1000-words={en_false * 1000 / words:.2f} {en_marks}")
    print(f"zh clean: chars={chars} false-marks-per-1000-chars={zh_false * 1000 / chars:.2f} {zh_marks}")
    return {
        "en_found": spelling.found / spelling.errors, "en_offered": spelling.offered / spelling.errors,
        "en_false": en_false * 1000 / words, "zh_found": characters.found / characters.errors,
        "zh_false": zh_false * 1000 / chars,
    }  # fmt: skip


def _diff(a: str, b: str) -> str:
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return "".join(a[i1:i2] + b[j1:j2] for tag, i1, i2, j1, j2 in ops if tag != "equal")


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        measure(Path(tmp))
    sys.exit(0)
