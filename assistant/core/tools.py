"""What a tool is, as a plugin declares it.

A tool's `run(job)` is a generator: it yields text (the output, streamed to the
writer) and Progress markers, and may `return` a data value (a list of
keywords, say). Without a return value, the result is the text it yielded.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Generator, Literal, Mapping, get_args

from .errors import ToolError

# What a tool reads: the selection (required); the selection, else the whole
# document; or the text around the cursor.
Input = Literal["selection", "selection_or_document", "cursor"]
# What becomes of its output: it replaces what it read, is inserted at the
# cursor, or is data shown beside the document.
Output = Literal["replace", "insert", "panel"]


@dataclass(frozen=True)
class Progress:
    """Yielded by a tool working in several steps: `done` of `total` finished."""

    done: int
    total: int
    label: str = ""


@dataclass(frozen=True)
class Note:
    """Yielded by a tool to tell the writer something about its result, shown beside it (for instance
    that a summary was taken from the text's own sentences)."""

    text: str
    # The result is not to be offered as complete (a reply cut short, a translation that drops text).
    warning: bool = False


@dataclass(frozen=True)
class Option:
    """A setting the writer may give a tool. Its type is the type of `default`."""

    name: str
    default: str | int | float | bool
    label: str = ""
    help: str = ""
    choices: tuple = ()  # the only values allowed
    suggestions: tuple = ()  # common values offered, others allowed
    minimum: float | None = None
    maximum: float | None = None

    def problem(self) -> str:
        """What is wrong with the declaration, or "": the checks `parse` makes hold for the default too."""
        kind = type(self.default)
        if not isinstance(self.name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.name):
            return "its name must be letters, digits and _ (the CLI's -o NAME=VALUE)"
        if kind not in _KINDS:
            return f"the default must be text, a number or true/false, not {self.default!r}"
        if kind in (str, bool) and (self.minimum is not None or self.maximum is not None):
            return f"minimum and maximum bound numbers; this option is {_KINDS[kind]}"
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            return f"minimum {self.minimum} is above maximum {self.maximum}"
        for value in (*self.choices, *self.suggestions):
            if type(value) is not kind and not (kind is float and type(value) is int):
                return f"{value!r} in choices or suggestions is not {_KINDS[kind]}, as the default is"
        return f"the default {bounds}" if (bounds := self._outside(self.default)) else ""

    def parse(self, value: Any) -> Any:
        """`value` converted to the option's type (from text, as a command line gives it) and checked."""
        kind = type(self.default)
        try:
            if kind is bool and isinstance(value, str):
                if value.lower() not in ("true", "false", "yes", "no", "1", "0", "on", "off"):
                    raise ValueError
                value = value.lower() in ("true", "yes", "1", "on")
            elif kind is not bool and isinstance(value, bool):
                raise ValueError
            else:
                value = kind(value)
        except (TypeError, ValueError):
            raise ToolError(f"Option {self.name} must be {_KINDS[kind]}, not {value!r}.") from None
        if bounds := self._outside(value):
            raise ToolError(f"Option {self.name} {bounds}.")
        return value

    def _outside(self, value: Any) -> str:
        """How `value` (of the option's type) breaks the option's choices or bounds; "" when it does not."""
        if self.choices and value not in self.choices:
            return f"must be one of {', '.join(map(str, self.choices))}, not {value!r}"
        low, high = self.minimum is not None and value < self.minimum, self.maximum is not None and value > self.maximum
        if (low or high) and None not in (self.minimum, self.maximum):
            return f"must be between {self.minimum} and {self.maximum}, not {value}"
        return f"must be at least {self.minimum}, not {value}" if low else \
            f"must be at most {self.maximum}, not {value}" if high else ""  # fmt: skip


_KINDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}


def readable(value: Any, text: str) -> str:
    """A tool's result as the writer reads it, in the panel and on the CLI: a returned value's items one
    per line, its fields as `name: value` lines, anything else as its text; else the streamed `text`."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return "\n".join(map(str, value))
    return text if value is None or isinstance(value, str) else str(value)


def translated(translations: Mapping[str, Mapping[str, str]], text: str, locale: str) -> str | None:
    """`text` as `translations` ({"zh_CN": {text: translation}}) have it for `locale` ("zh_CN", "en_US"), by
    the whole locale or its language ("zh" serves every Chinese locale); None where they lack it."""
    for key in (locale, locale.replace("-", "_").split("_")[0]):
        if text in translations.get(key, {}):
            return translations[key][text]
    return None


ToolRun = Callable[["Job"], Generator["str | Progress", None, Any]]  # noqa: F821 (Job: see runner)


@dataclass(frozen=True)
class Tool:
    """A writing tool a plugin registers through the `register_tools` hook."""

    name: str  # a short identifier: the CLI's `run NAME`
    title: str  # the label in menus
    run: ToolRun
    description: str = ""
    input: Input = "selection"
    output: Output = "replace"
    options: tuple[Option, ...] = ()
    shortcut: str = ""  # a Qt key sequence such as "Ctrl+Alt+R"
    # The tool's texts (title, description, option labels and help) in other languages, by locale:
    # {"zh_CN": {"Suggest a Headline": "建议标题", ...}}; "zh" serves every Chinese locale.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        """A mistake in a declaration is named when the plugin registers the tool, not found later."""
        if not isinstance(self.name, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", self.name):
            raise ToolError(f"A tool's name is lower-case letters, digits, - and _ (the CLI's `run NAME`), "
                            f"not {self.name!r}.")  # fmt: skip
        for field_name, kind in (("input", Input), ("output", Output)):
            if getattr(self, field_name) not in get_args(kind):
                raise ToolError(f"The tool {self.name}: {field_name} must be one of "
                                f"{', '.join(get_args(kind))}, not {getattr(self, field_name)!r}.")  # fmt: skip
        if not callable(self.run):
            raise ToolError(f"The tool {self.name}: run must be a function taking the job, not {self.run!r}.")
        if not all(isinstance(o, Option) for o in self.options):
            raise ToolError(f"The tool {self.name}: options must be assistant.Option values.")
        names = [option.name for option in self.options]
        for index, option in enumerate(self.options):
            if problem := option.problem() or ("the tool has it twice" if option.name in names[:index] else ""):
                raise ToolError(f"The tool {self.name}: option {option.name!r}: {problem}.")

    def translated(self, text: str, locale: str) -> str | None:
        """`text`, one of the tool's own, as the plugin translated it for `locale` ("zh_CN"), if it did."""
        return translated(self.translations, text, locale)

    def parse_options(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """All options, given ones checked and the rest at their defaults."""
        known = {o.name: o for o in self.options}
        unknown = given.keys() - known.keys()
        if unknown:
            names = ", ".join(sorted(known)) or "none"
            raise ToolError(f"The tool {self.name} has no option {', '.join(sorted(unknown))} (its options: {names}).")
        return {name: o.parse(given[name]) if name in given else o.default for name, o in known.items()}
