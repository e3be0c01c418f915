"""Proofreading, Qt-free: checkers find diagnostics in a text, paragraph by paragraph in each one's language.

A checker is declared by a plugin (`register_checkers`). It sees a `Piece` (a paragraph, or the whole
document for a document checker) with its language, and returns `Diagnostic`s whose offsets are code
points of `piece.text`. The `Proofreader` splits a document into paragraphs (code blocks skipped; inline
code, URLs, e-mail addresses and Markdown markup hidden from the checkers), caches each paragraph's
findings by its text, moves them to document offsets, and drops what the writer accepted: words of the
personal dictionary and the writing memory's glossary, names the document repeats, ignored findings and
rules.
"""

from __future__ import annotations

import logging
import re
import string
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Literal, Mapping, get_args

from . import paths
from .chunking import blocks, is_fenced_code
from .errors import ToolError
from .language import detect_language
from .tools import translated

log = logging.getLogger(__name__)

Severity = Literal["error", "warning", "style"]
Scope = Literal["paragraph", "document"]


@dataclass(frozen=True)
class Diagnostic:
    """A finding: `start`/`end` are code-point offsets of the checked text; `suggestions` replace that range,
    best first; `rule` names the checker's rule (the writer may ignore a rule).

    With `args`, `message` is a format whose `{name}`s they fill ("Unknown word: {word}"), and it is the key
    of its translations: its checker's (which the Proofreader gives it) unless it comes with its own."""

    start: int
    end: int
    message: str
    suggestions: tuple[str, ...] = ()
    rule: str = ""
    severity: Severity = "warning"
    args: Mapping[str, object] = field(default_factory=dict, hash=False)
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False, hash=False,
                                                          repr=False)  # fmt: skip

    def __post_init__(self):
        if not 0 <= self.start <= self.end:
            raise ValueError(f"a diagnostic's range must be 0 <= start <= end, not {self.start}..{self.end}")
        if self.severity not in get_args(Severity):
            raise ValueError(f"severity must be one of {', '.join(get_args(Severity))}, not {self.severity!r}")
        object.__setattr__(self, "suggestions", tuple(self.suggestions))
        if self.args:
            try:
                self.message.format_map(self.args)
            except (KeyError, ValueError, IndexError, AttributeError) as error:
                raise ValueError(f"the message {self.message!r} cannot take its args: {error!r}") from None

    def __str__(self) -> str:
        """As a list of findings shows it: the message and the first suggestion."""
        fix = f" → {self.suggestions[0]}" if self.suggestions and self.suggestions[0] else ""
        return f"{self.message_in()}{fix}"

    def message_in(self, locale: str = "") -> str:
        """The message as a writer reads it in `locale` ("zh_CN", "en"): translated where its translations
        have it, with its args filled in."""
        form = translated(self.translations, self.message, locale) or self.message if locale else self.message
        if not self.args:
            return form
        try:
            return form.format_map(self.args)
        except (KeyError, ValueError, IndexError, AttributeError):  # a translation that lost a {name}
            return self.message.format_map(self.args)

    def moved(self, by: int) -> Diagnostic:
        return replace(self, start=self.start + by, end=self.end + by)


@dataclass(frozen=True)
class Piece:
    """What a checker sees: a paragraph (or the whole document) and its language ('en', 'zh', ...).
    `document` is the whole text and `start` the piece's offset in it; in `text`, code, URLs and e-mail
    addresses are masked by U+FFFC characters and Markdown markup by spaces, so offsets stay those of the
    document."""

    text: str
    language: str
    document: str = ""
    start: int = 0


@dataclass(frozen=True)
class Checker:
    """A proofreading checker, as a plugin registers it.

    `check(piece)` returns (or yields) Diagnostics; `languages` limits it to paragraphs in those languages
    (empty: every language); `scope` 'document' runs it once on the whole text instead of per paragraph;
    `default` False makes it an option the writer turns on (a style rule, say); `translations` are its texts
    (title, description, messages) in other languages, as a Tool's: {"zh_CN": {"Unknown word: {word}": ...}}."""

    name: str
    title: str
    check: Callable[[Piece], Iterable[Diagnostic]]
    languages: tuple[str, ...] = ()
    scope: Scope = "paragraph"
    default: bool = True
    description: str = ""
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", self.name or ""):
            raise ToolError(f"checker name {self.name!r}: use lower-case letters, digits, '-' and '_'")
        if not callable(self.check):
            raise ToolError(f"checker {self.name!r}: check must be a function of a Piece")
        if self.scope not in get_args(Scope):
            raise ToolError(f"checker {self.name!r}: scope must be 'paragraph' or 'document', not {self.scope!r}")
        object.__setattr__(self, "languages", tuple(self.languages))
        for locale, texts in self.translations.items():
            for source, target in texts.items():
                if _fields(source) != _fields(target):
                    raise ToolError(f"checker {self.name!r}: the {locale} translation of {source!r} must have its "
                                    f"{{names}}, not those of {target!r}")  # fmt: skip

    def translated(self, text: str, locale: str) -> str | None:
        """`text`, one of the checker's own, as the plugin translated it for `locale` ("zh_CN"), if it did."""
        return translated(self.translations, text, locale)


def _fields(form: str) -> set[str] | None:
    """The {names} of a message's format; None for text that is no format."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(form) if name is not None}
    except ValueError:
        return None


MASK = "\ufffc"
# Hidden from checkers: fenced spans of inline code, URLs, e-mail addresses, link targets, HTML tags,
# Markdown's structure at a line's start (headings, quotes, list markers) and emphasis markers.
_HIDDEN = re.compile(
    r"`+[^`]*`+"  # inline code, which may go on over a line break of its paragraph
    r"|\b(?:https?|ftp|file)://[^\s<>()\"'“”]+[^\s<>()\"'“”.,;:!?。，；：！？]"
    r"|\bwww\.[^\s<>()]+[^\s<>().,;:!?]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<=\])\([^)\s]*\)"  # a link's target, not its text's bracket
    r"|</?[A-Za-z][^<>\n]*>"
    r"|(?P<markup>^[ \t]{0,3}(?:#{1,6}[ \t]|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)+"
    r"|(?<![\w*])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*])"
    r"|\[[ xX]\][ \t])",
    re.MULTILINE,
)
_OPENING_QUOTES = "“‘「『\""
_INDENTED_CODE = re.compile(r"^(?: {4}|\t)")
_NEXT_CHARACTER = re.compile(r"\s*(\S?)")  # the first one after some position that is not a space
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*[A-Za-z]|[A-Za-z]")


def mask(text: str) -> str:
    """`text` with code, URLs and e-mail addresses replaced by MASK characters, and Markdown markup by spaces:
    a word beside a MASK is part of something technical, a word after `# ` or inside `**` is prose."""
    return _HIDDEN.sub(lambda m: (" " if m.group("markup") else MASK) * len(m.group(0)), text)


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) of the prose of a document: blank-line separated blocks, without code blocks."""
    found = []
    offset = 0
    for block in blocks(text):
        lines = block.splitlines()
        code = is_fenced_code(block) or all(_INDENTED_CODE.match(line) or not line.strip() for line in lines)
        if block.strip() and not code:
            body = block.rstrip("\r\n")
            found.append((offset, body))
        offset += len(block)
    return found


def paragraph_language(text: str) -> str:
    """The language a paragraph is checked in: as detected from its script, with each Latin word counted once,
    as a writer counts words (他用JavaScript写网页 is Chinese, though its letters outnumber its characters)."""
    return detect_language(_WORD.sub("a", text))


def word_counts(text: str) -> Counter:
    return Counter(m.group(0) for m in _WORD.finditer(text))


class PersonalDictionary:
    """The writer's own words (Add to Dictionary), one a line in the data folder; `words` given instead make
    a dictionary kept in memory only (for tests)."""

    def __init__(self, path: Path | None = None, words: Iterable[str] | None = None):
        self.path = None if words is not None else path or paths.data_dir() / "dictionary.txt"
        self.words = set(words or ())
        if self.path is not None:
            try:
                self.words = {w.strip() for w in self.path.read_text(encoding="utf-8").splitlines() if w.strip()}
            except (OSError, UnicodeDecodeError):
                pass

    def add(self, word: str) -> None:
        word = word.strip()
        if not word or word in self.words:
            return
        self.words.add(word)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as file:
                file.write(word + "\n")


@dataclass
class Accepted:
    """What the writer accepted, dropped from every finding: words and terms, rules, single findings."""

    words: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    findings: set[tuple[str, str]] = field(default_factory=set)  # (rule, the text it covered)


class Proofreader:
    """Runs the enabled checkers on a document, paragraph by paragraph, caching each paragraph's findings."""

    CACHE_SIZE = 4096

    def __init__(self, checkers: Iterable[Checker], dictionary: PersonalDictionary | None = None,
                 glossary: Iterable[tuple[str, str]] = (), accepted: Accepted | None = None):  # fmt: skip
        self.checkers = list(checkers)
        self.dictionary = dictionary if dictionary is not None else PersonalDictionary()
        self.glossary = [t for pair in glossary for t in pair if t]
        self.accepted = accepted or Accepted()
        self._cache: dict[tuple[str, str], list[Diagnostic]] = {}
        self._word_counts: dict[str, Counter] = {}  # by paragraph, for the names a document repeats
        self.problems: list[str] = []  # a line for each checker that failed (it is then left out)

    def paragraph_checkers(self, masked: str) -> list[tuple[Checker, str]]:
        """The checkers of a (masked) paragraph, each with the language it checks it in: the paragraph's, or
        that of one of its lines (an English line above a Chinese one, with no blank line between)."""
        language = paragraph_language(masked)
        lines = {paragraph_language(line) for line in masked.splitlines() if line.strip()}
        chosen = []
        for c in self.checkers:
            if c.scope != "paragraph":
                continue
            if not c.languages or language in c.languages:
                chosen.append((c, language))
            elif other := next((name for name in c.languages if name in lines), None):
                chosen.append((c, other))
        return chosen

    def check_paragraph(self, text: str, document: str = "", start: int = 0) -> list[Diagnostic]:
        """Findings in one paragraph, offsets of `text`, before the writer's accepted words are dropped."""
        # Cached by its text and the quote the next paragraph opens with, if any: a quotation over paragraphs
        # leaves its quote open at a paragraph's end when the next one opens with it.
        following = _NEXT_CHARACTER.match(document or text, start + len(text)).group(1)  # not a copy of the rest
        key = (text, following if following in _OPENING_QUOTES else "")
        found = self._cache.get(key)
        if found is None:
            masked = mask(text)
            found = []
            for checker, language in self.paragraph_checkers(masked):
                found += self._run(checker, Piece(masked, language, document or text, start))
            found.sort(key=lambda d: (d.start, d.end))
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = found
        return found

    def check(self, text: str, glossary: Iterable[tuple[str, str]] | None = None,
              accepted: Accepted | None = None) -> list[Diagnostic]:  # fmt: skip
        """Every finding in the document, in document offsets, ordered by position; `glossary` and `accepted`
        stand for the Proofreader's own for this document."""
        terms = self.glossary if glossary is None else [t for pair in glossary for t in pair if t]
        accepted = accepted or self.accepted
        found: list[Diagnostic] = []
        parts = paragraphs(text)
        counts = [self._counts(paragraph) for _, paragraph in parts]
        names: dict[str, bool] = {}

        def is_name(word: str) -> bool:
            """Whether the document uses `word` as a name: capitalised and written so at least twice, or any
            word five times. A checker's unknown word that is one of these is the writer's, not a mistake."""
            if word not in names:
                uses = sum(c.get(word, 0) for c in counts)
                names[word] = uses >= 5 or uses >= 2 and word[:1].isupper()
            return names[word]

        for start, paragraph in parts:
            kept = self._keep(paragraph, self.check_paragraph(paragraph, text, start), is_name, terms, accepted)
            found += [d.moved(start) for d in kept]
        whole = [c for c in self.checkers if c.scope == "document"]
        language = paragraph_language(text) if whole else ""
        for checker in whole:
            if not checker.languages or language in checker.languages:
                found += self._keep(text, self._run(checker, Piece(mask(text), language, text, 0)), is_name, terms,
                                    accepted)
        return sorted(found, key=lambda d: (d.start, d.end))

    def _counts(self, paragraph: str) -> Counter:
        counts = self._word_counts.get(paragraph)
        if counts is None:
            if len(self._word_counts) >= self.CACHE_SIZE:
                self._word_counts.clear()
            counts = self._word_counts[paragraph] = word_counts(paragraph)
        return counts

    def _keep(self, text: str, found: list[Diagnostic], is_name: Callable[[str], bool], glossary: list[str],
              accepted: Accepted) -> list[Diagnostic]:  # fmt: skip
        words = self.dictionary.words | accepted.words
        terms = [t for t in [*glossary, *words] if t in text]
        spans = [(m.start(), m.end()) for t in terms for m in re.finditer(re.escape(t), text)]
        kept = []
        for d in found:
            covered = text[d.start : d.end]
            if (d.rule in accepted.rules or (d.rule, covered) in accepted.findings
                    or covered in words or covered.lower() in words
                    or any(s <= d.start and d.end <= e for s, e in spans) or is_name(covered)):  # fmt: skip
                continue
            kept.append(d)
        return kept

    def _run(self, checker: Checker, piece: Piece) -> list[Diagnostic]:
        """A checker's findings; one that raises or returns something else is reported and left out."""
        try:
            found = []
            for d in checker.check(piece) or ():
                if not isinstance(d, Diagnostic):
                    raise TypeError(f"returned {d!r}, which is not an assistant.Diagnostic")
                if d.end <= len(piece.text) and MASK not in piece.text[d.start : d.end]:
                    found.append(replace(d, rule=d.rule or checker.name,
                                         translations=d.translations or checker.translations))
            return found
        except Exception as error:
            log.warning("checker %s failed", checker.name, exc_info=error)
            self.problems.append(f"The checker {checker.name} failed and is left out: {type(error).__name__}: {error}")
            self.checkers.remove(checker)
            return []

    def forget(self) -> None:
        """Drop the cached findings (after a checker was turned on or off)."""
        self._cache.clear()
        self._word_counts.clear()




def enabled(checkers: dict[str, Checker], choices: dict[str, bool]) -> list[Checker]:
    """The checkers to run: each one's default unless the writer chose otherwise."""
    return [c for name, c in checkers.items() if choices.get(name, c.default)]


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of an offset, as linters print them."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

