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
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from . import paths
from .engine import Continuation, Prompt
from .errors import ToolError

_SECTION_HEADER = re.compile(r"^\[(system|user|answer|text)\][ \t]*$", re.MULTILINE)
_TAG = re.compile(r"\{\{([#^/]?)\s*(\w+)\s*\}\}")  # {{#name}}, {{^name}}, {{/name}} or {{name}}


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
    sections, leads = {}, {}
    for name, body in zip(parts[1::2], parts[2::2]):
        sections[name], leads[name] = _substitute(body.strip("\n"), values)
    if "text" in sections:
        if len(sections) > 1:
            raise ToolError("a [text] section cannot be combined with other sections.")
        return Continuation(before=sections["text"])
    if not sections.get("user"):
        raise ToolError("the [user] section is missing or empty.")
    return Prompt(user=sections["user"], system=sections.get("system", ""), answer=sections.get("answer", ""),
                  lead=leads["user"])


class _Variable(str):
    """A {{name}} in the template, filled in once the blocks around it are settled."""


def _substitute(text: str, values: dict[str, str]) -> tuple[str, int]:
    """Blocks and variables filled in, in one pass over the tags (a stack of open blocks): a tag never
    closed, or closed without being opened, stays as written. Linear in the template's length. Also
    the length of what comes before the first {{text}} (the writer's text), or 0 if there is none."""

    def value(name: str) -> str:
        if name not in values:
            known = ", ".join(sorted(values))
            raise ToolError(f"unknown variable {{{{{name}}}}} (known: {known}).")
        return values[name]

    # Each open block: its kind, name, tag as written, and its contents (text, variables, inner contents).
    stack: list[tuple[str, str, str, list]] = [("", "", "", [])]
    open_names: Counter[str] = Counter()

    def close_innermost() -> tuple[str, str, str, list]:
        block = stack.pop()
        open_names[block[1]] -= 1
        return block

    position = 0
    for tag in _TAG.finditer(text):
        contents = stack[-1][3]
        contents.append(text[position : tag.start()])
        position = tag.end()
        kind, name = tag.group(1), tag.group(2)
        if kind in ("#", "^"):
            stack.append((kind, name, tag.group(0), []))
            open_names[name] += 1
        elif kind == "/" and open_names[name]:
            while stack[-1][1] != name:  # blocks opened inside it and never closed stay as written
                _, _, opening, inner = close_innermost()
                stack[-1][3].extend((opening, inner))
            kind, _, _, inner = close_innermost()
            if bool(value(name)) == (kind == "#"):
                stack[-1][3].append(inner)
        else:
            contents.append(_Variable(name) if not kind else tag.group(0))
    stack[-1][3].append(text[position:])
    while len(stack) > 1:
        _, _, opening, inner = close_innermost()
        stack[-1][3].extend((opening, inner))
    # Flatten the nested contents without recursion (blocks may nest deeply).
    out: list[str] = []
    lead, length = None, 0
    pending = [iter(stack[0][3])]
    while pending:
        for piece in pending[-1]:
            if isinstance(piece, list):
                pending.append(iter(piece))
                break
            if lead is None and isinstance(piece, _Variable) and piece == "text":
                lead = length
            out.append(value(piece) if isinstance(piece, _Variable) else piece)
            length += len(out[-1])
        else:
            pending.pop()
    return "".join(out), lead or 0
