"""`check` a file's spelling, grammar and punctuation, as linters print their findings."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ..core import memory
from ..core.documents import decode
from ..core.documents.codec import join_lines
from ..core.errors import DocumentError
from ..core.files import DOCUMENT_LIMIT, read_regular_file, too_big
from ..core.proofread import Diagnostic, PersonalDictionary, Proofreader, enabled
from ..core.settings import Settings
from ..core.runner import Failed, Progress, Request, Result, ToolRunner
from ..plugins import PluginHost
from .common import EXIT_ERROR, EXIT_USAGE, CliError, ProgressBar, interface_locale, load_checkers

MODEL_TOOL = "check-with-model"

_LINE_BREAK = re.compile("\r\n|\n|\r|\u2029")


def add_parsers(sub) -> None:
    check = sub.add_parser("check", help="mark spelling, grammar and punctuation mistakes in a file",
                           description="Prints FILE:LINE:COL: message (suggestion) for each finding; exit 0 when "
                                       "there is none, 1 when there are findings, 2 on a usage error.")  # fmt: skip
    check.add_argument("file", help="the document; - for standard input")
    check.add_argument("--json", action="store_true",
                       help='print a JSON list of {"start", "end", "line", "message", "suggestions", "rule"}, '
                            "with offsets in code points of the text as read")  # fmt: skip
    check.add_argument("--language", metavar="LANG",
                       help="the language of the messages: en, zh_CN, ... (default: the interface language set in "
                            "the app, else the system's)")  # fmt: skip
    check.add_argument("--model-pass", action="store_true",
                       help="also ask the model for corrections, sentence by sentence (slower)")


def check_file(args, settings: Settings) -> int:
    locale = interface_locale(args.language, settings)
    text = _read(args.file)
    host, checkers = load_checkers(settings)
    glossary = memory.load(Path(args.file)).glossary if args.file != "-" else []
    proofreader = Proofreader(enabled(checkers, settings.proofread.checkers), PersonalDictionary(), glossary)
    found = proofreader.check(text)
    for problem in proofreader.problems:
        print(f"writing-assistant: warning: {problem}", file=sys.stderr)
    if args.model_pass:
        found = sorted([*found, *_model_pass(text, settings, host, found)], key=lambda d: (d.start, d.end))
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    if args.json:
        print(json.dumps([_as_json(d, _line(starts, d.start), locale) for d in found], ensure_ascii=False, indent=1))
    else:
        for d in found:
            line = _line(starts, d.start)
            fix = ("remove" if d.suggestions[0] == "" else d.suggestions[0]) if d.suggestions else ""
            column = d.start - starts[line - 1] + 1
            print(f"{args.file}:{line}:{column}: {d.message_in(locale)}" + (f" ({fix})" if fix else ""))
    return EXIT_ERROR if found else 0


def _model_pass(text: str, settings: Settings, host: PluginHost, found: list[Diagnostic]) -> list[Diagnostic]:
    """The model's corrections (the check-with-model tool), except where a checker already marked."""
    tools, factories = host.tools(), host.backends()
    if MODEL_TOOL not in tools:
        raise CliError(f"--model-pass needs the {MODEL_TOOL} tool, which is disabled or missing", EXIT_USAGE)
    if settings.backend not in factories:
        raise CliError(f"there is no backend named {settings.backend!r}; backends: {', '.join(factories)}", EXIT_USAGE)
    runner = ToolRunner(lambda: factories[settings.backend](settings), tools, settings.sampling)
    bar = ProgressBar(sys.stderr)
    try:
        for event in runner.run(MODEL_TOOL, Request(text, None, None, {})):
            match event:
                case Progress(done=done, total=total, label=label):
                    bar.show(done, total, label)
                case Failed(error=error):
                    raise error
                case Result(value=value):
                    bar.clear()
                    return [d for d in value if not any(d.start < f.end and f.start < d.end for f in found)]
    finally:
        if runner.loaded is not None:
            runner.loaded.close()
    return []


def _line(starts: list[int], offset: int) -> int:
    """1-based line of an offset, given where each line starts."""
    low, high = 0, len(starts)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if starts[middle] <= offset else (low, middle)
    return low + 1


def _as_json(d: Diagnostic, line: int, locale: str) -> dict:
    return {"start": d.start, "end": d.end, "line": line, "message": d.message_in(locale),
            "suggestions": list(d.suggestions), "rule": d.rule}  # fmt: skip


def _read(file: str) -> str:
    """The text as read (line breaks as they are in the file); one line and exit 2 for what is not text."""
    try:
        if file == "-":
            data, name = sys.stdin.buffer.read(DOCUMENT_LIMIT + 1), "The standard input"
            if len(data) > DOCUMENT_LIMIT:  # /dev/zero never ends
                raise DocumentError(too_big(name, DOCUMENT_LIMIT, "document"))
        else:  # a named pipe or a device is refused before it is opened: reading one may never end
            data, name = read_regular_file(Path(file), DOCUMENT_LIMIT, "document", DocumentError).data, Path(file).name
        read = decode(data, name)
    except DocumentError as error:
        raise CliError(str(error), EXIT_USAGE) from None
    if not read.text.strip():
        raise CliError(f"{name} is empty: there is nothing to check.", EXIT_USAGE)
    return join_lines(read.text, read.endings)


COMMANDS = {"check": check_file}
