"""Prompt templates: plain files a writer can read and override.

A template file has sections, each opened by a line of its own:

    [system]
    You are a careful editor.
    [user]
    Summarize this text{{#focus}}, focusing on {{focus}}{{/focus}}:
    {{text}}
    [answer]

`{{name}}` inserts a value; `{{#name}}...{{/name}}` keeps its inside only when
the value is non-empty, `{{^name}}...{{/name}}` only when it is empty. That is
all: templates substitute text and never execute code, and inserted values are
never scanned for markup. The `[answer]` section is the start of the model's
answer, written for it.

A template made of one `[text]` section is not a chat at all: the model
continues that text as it stands (the `continue` tool's way, which lets a
writer put notes on style or characters above the document).

A file of the same name in the user's templates folder replaces the shipped one.
A template may have variants by language, such as `summarize.zh.prompt`: render
(language="zh") uses it when it exists, else the plain one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from . import paths
from .engine import Continuation, Prompt
from .errors import ToolError

_SECTION_HEADER = re.compile(r"^\[(system|user|answer|text)\][ \t]*$", re.MULTILINE)
_BLOCK = re.compile(r"\{\{([#^])\s*(\w+)\s*\}\}(.*?)\{\{/\s*\2\s*\}\}", re.DOTALL)
_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@dataclass(frozen=True)
class PromptTemplate:
    """A template shipped as `name` in the package `package`, read afresh on each render."""

    package: str
    name: str

    def source(self, language: str | None = None) -> tuple[str, str]:
        """The text of the template and its file name: the language's variant if there is one."""
        stem, dot, suffix = self.name.rpartition(".")
        names = [f"{stem}.{language}.{suffix}"] if language and dot else []
        for name in [*names, self.name]:
            for candidate in (paths.templates_dir() / name, resources.files(self.package).joinpath(name)):
                if candidate.is_file():
                    return candidate.read_text(encoding="utf-8"), name
        raise ToolError(f"The prompt template {self.name} is missing from {self.package}.")

    def render(self, language: str | None = None, **values: object) -> Prompt | Continuation:
        text, name = self.source(language)
        try:
            return render(text, {k: "" if v is None else str(v) for k, v in values.items()})
        except ToolError as e:
            raise ToolError(f"Prompt template {name}: {e}") from None


def render(source: str, values: dict[str, str]) -> Prompt | Continuation:
    parts = _SECTION_HEADER.split(source)
    if len(parts) < 3 or parts[0].strip():
        raise ToolError("the file must start with a [system], [user], [answer] or [text] line.")
    sections = {}
    for name, body in zip(parts[1::2], parts[2::2]):
        sections[name] = _substitute(body.strip("\n"), values)
    if "text" in sections:
        if len(sections) > 1:
            raise ToolError("a [text] section cannot be combined with other sections.")
        return Continuation(before=sections["text"])
    if not sections.get("user"):
        raise ToolError("the [user] section is missing or empty.")
    return Prompt(user=sections["user"], system=sections.get("system", ""), answer=sections.get("answer", ""))


def _substitute(text: str, values: dict[str, str]) -> str:
    def value(name: str) -> str:
        if name not in values:
            known = ", ".join(sorted(values))
            raise ToolError(f"unknown variable {{{{{name}}}}} (known: {known}).")
        return values[name]

    def block(m: re.Match) -> str:
        keep = bool(value(m.group(2))) == (m.group(1) == "#")
        return m.group(3) if keep else ""

    while True:  # repeat until none is left, so blocks may nest
        text, n = _BLOCK.subn(block, text)
        if not n:
            break
    return _VARIABLE.sub(lambda m: value(m.group(1)), text)
