"""The writer's own tools: a NAME.prompt file in the tools folder, no code.

A header between two `---` lines says what the tool is; the rest is a prompt
template like the built-ins' (sections, `{{text}}`, blocks):

    ---
    title: TL;DR
    description: A one-line summary.
    input: selection_or_document
    output: panel
    options:
      tone: plain, playful, formal
    ---
    [user]
    Give a one-line, {{tone}} TL;DR of this text:

    {{text}}

`input` is selection, selection_or_document (the default) or cursor; `output`
is replace, insert or panel (the default). `max_tokens` and `temperature`
bound the reply (the writer's sampling settings otherwise). Each option is `name: default` or
`name: first, second, ...` (its choices; the first is the default). Templates
see `text`, `before` and `after` (the text around it), `language` and the
options. `NAME.zh.prompt` beside it is the template for Chinese text (its
header, if any, is ignored). A broken file is reported in one line naming it;
the others still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..hookspecs import hookimpl
from . import paths
from .errors import ToolError
from .files import SMALL_FILE_LIMIT, read_regular_file
from .engine import Continuation
from .language import detect_language, language_name
from .cleanup import trimmed
from .templates import render
from .tools import Option, Tool

HEADER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
FIELDS = ("title", "description", "input", "output", "shortcut", "max_tokens", "temperature", "options")
EXAMPLE = """---
title: TL;DR
description: A one-line summary of the selection, or of the whole document.
input: selection_or_document
output: panel
---
[user]
Give a one-line TL;DR of this text:

{{text}}
"""


@hookimpl
def register_tools(register, report):
    folder = paths.prompt_tools_dir()
    for path in sorted(folder.glob("*.prompt")) if folder.is_dir() else []:
        if "." in path.stem:  # NAME.zh.prompt: a variant of NAME.prompt
            continue
        try:
            register(prompt_tool(path))
        except (ToolError, OSError, UnicodeDecodeError) as error:
            report(f"{path}: {error}")


def prompt_tool(path: Path) -> Tool:
    """The tool a .prompt file describes; ToolError naming what is wrong with it."""
    header, body = split(read_source(path))
    fields = parse_header(header)
    options = tuple(_option(name, value) for name, value in fields.pop("options", {}).items())
    name = path.stem
    params = generation_params(fields)
    tool = Tool(name=name, title=fields.get("title") or name, run=lambda job: _run(job, path, params),
                description=fields.get("description", ""), input=fields.get("input", "selection_or_document"),
                output=fields.get("output", "panel"), options=options, shortcut=fields.get("shortcut", ""))  # fmt: skip
    render(body, sample_values(tool))  # a mistake in the template shows now, not at the first run
    return tool


def read_source(path: Path, errors: str = "strict") -> str:
    """The text of a .prompt file; ToolError if it is not a regular file of a sensible size (a named pipe
    would hang the app), UnicodeDecodeError if it is not UTF-8 (unless `errors` says otherwise)."""
    return read_regular_file(path, SMALL_FILE_LIMIT, "prompt tool", ToolError).data.decode("utf-8", errors)


def split(source: str) -> tuple[str, str]:
    """The header and the template of a .prompt file."""
    match = HEADER.match(source.lstrip("\ufeff"))
    if not match:
        raise ToolError("the file must start with a header between two --- lines (title, input, output).")
    return match.group(1), source.lstrip("\ufeff")[match.end() :]


def parse_header(header: str) -> dict:
    """`key: value` lines; `options:` followed by indented `name: value` lines."""
    fields: dict = {}
    for number, line in enumerate(header.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise ToolError(f"header line {number} is not `key: value`: {line.strip()!r}.")
        if line[:1].isspace():
            if "options" not in fields:
                raise ToolError(f"header line {number} is indented but follows no `options:` line.")
            fields["options"][key.strip()] = value.strip()
        elif key.strip() not in FIELDS:
            raise ToolError(f"header line {number}: unknown field {key.strip()!r} (fields: {', '.join(FIELDS)}).")
        else:
            fields[key.strip()] = {} if key.strip() == "options" else value.strip()
    return fields


def generation_params(fields: dict) -> dict:
    """The header's `max_tokens` (a whole number above 0) and `temperature` (0 to 2), checked, for
    `job.generate`; the writer's sampling settings apply to what the header leaves out."""
    params: dict = {}
    if "max_tokens" in fields:
        if not re.fullmatch(r"\d+", fields["max_tokens"]) or int(fields["max_tokens"]) == 0:
            raise ToolError(f"max_tokens is a whole number above 0, not {fields['max_tokens']!r}.")
        params["max_tokens"] = int(fields["max_tokens"])
    if "temperature" in fields:
        if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", fields["temperature"]) or float(fields["temperature"]) > 2:
            raise ToolError(f"temperature is a number from 0 to 2, not {fields['temperature']!r}.")
        params["temperature"] = float(fields["temperature"])
    return params


def _option(name: str, value: str) -> Option:
    choices = tuple(c.strip() for c in value.split(",")) if "," in value else ()
    default: str | int | float | bool = choices[0] if choices else value
    if not choices and value.lower() in ("true", "false"):
        default = value.lower() == "true"
    elif not choices and re.fullmatch(r"-?\d+", value):
        default = int(value)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ToolError(f"an option's name is lower-case letters, digits and _, not {name!r}.")
    return Option(name, default, label=name.replace("_", " ").capitalize(), choices=choices)


def builtin_templates(packages: Iterable[str]) -> dict[str, str]:
    """The templates shipped in `packages` (the built-in plugins'), by file name, to start a tool from."""
    from importlib import resources

    found = {}
    for package in packages:
        if package.startswith("assistant_"):
            for file in sorted(resources.files(package).iterdir(), key=lambda f: f.name):
                if file.name.endswith(".prompt"):
                    found[file.name] = file.read_text(encoding="utf-8")
    return found


def from_template(title: str, template: str) -> str:
    """A .prompt file made from a bare template: a header whose options are the values the template
    uses that a prompt tool does not provide."""
    given = set(values("", "", "", "en", {}))
    used = dict.fromkeys(re.findall(r"\{\{[#^/]?\s*(\w+)\s*\}\}", template))
    options = "".join(f"  {name}:\n" for name in used if name not in given)
    return (f"---\ntitle: {title}\ninput: selection_or_document\noutput: panel\n"
            + (f"options:\n{options}" if options else "") + f"---\n{template}")  # fmt: skip


def preview(source: str, text: str, before: str = "", after: str = "") -> str:
    """What the model would be given for `text`, as a .prompt file's sections; or what is wrong."""
    try:
        header, body = split(source)
        fields = parse_header(header)
        options = {name: _option(name, value).default for name, value in fields.get("options", {}).items()}
        prompt = render(body, values(text, before, after, detect_language(text or before), options))
    except ToolError as error:
        return str(error)
    if isinstance(prompt, Continuation):
        return f"[text]\n{prompt.before}"
    return "".join(f"[{name}]\n{getattr(prompt, name)}\n" for name in ("system", "user", "answer")
                   if getattr(prompt, name))  # fmt: skip


def template_for(path: Path, language: str | None) -> str:
    variant = path.with_name(f"{path.stem}.{language}.prompt") if language else None
    if variant is not None and variant.is_file():
        source = read_source(variant)
        return split(source)[1] if HEADER.match(source) else source
    return split(read_source(path))[1]


def values(text: str, before: str, after: str, language: str, options: dict) -> dict[str, str]:
    return {"text": text, "before": before, "after": after, "language": language_name(language),
            **{k: str(v) for k, v in options.items()}}  # fmt: skip


def sample_values(tool: Tool) -> dict[str, str]:
    return values("text", "", "", "en", {o.name: o.default for o in tool.options})


def _run(job, path: Path, params: dict):
    try:
        prompt = render(template_for(path, job.language), values(job.text, job.before, job.after, job.language,
                                                                 job.options))  # fmt: skip
    except ToolError as error:
        raise ToolError(f"{path.name}: {error}") from None
    if job.tool.output == "replace":
        yield from job.rewrite(job.text, prompt, **params)
    else:
        yield from trimmed(job.generate(prompt, **params))
