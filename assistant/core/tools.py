"""What a tool is, as a plugin declares it.

A tool's `run(job)` is a generator: it yields text (the output, streamed to the
writer) and Progress markers, and may `return` a data value (a list of
keywords, say). Without a return value, the result is the text it yielded.
"""

from __future__ import annotations

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
        if self.choices and value not in self.choices:
            raise ToolError(f"Option {self.name} must be one of {', '.join(map(str, self.choices))}, not {value!r}.")
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            raise ToolError(f"Option {self.name} must be between {self.minimum} and {self.maximum}, not {value}.")
        return value


_KINDS = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}

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

    def translated(self, text: str, locale: str) -> str | None:
        """`text`, one of the tool's own, as the plugin translated it for `locale` ("zh_CN"), if it did."""
        for key in (locale, locale.split("_")[0]):
            if text in self.translations.get(key, {}):
                return self.translations[key][text]
        return None

    def parse_options(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """All options, given ones checked and the rest at their defaults."""
        known = {o.name: o for o in self.options}
        unknown = given.keys() - known.keys()
        if unknown:
            names = ", ".join(sorted(known)) or "none"
            raise ToolError(f"The tool {self.name} has no option {', '.join(sorted(unknown))} (its options: {names}).")
        return {name: o.parse(given[name]) if name in given else o.default for name, o in known.items()}
