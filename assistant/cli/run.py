"""`run` a tool on a file or standard input, streaming its output; list the `tools`."""

from __future__ import annotations

import json
import queue
import sys
import threading
import time
from pathlib import Path

from ..core import paths
from ..core.documents import Document
from ..core.errors import ToolError
from ..core.runner import Failed, Progress, Request, Result, Started, Stopped, Token, ToolRunner, check_request
from ..core.session import Run, Session
from ..core.settings import Settings
from ..core.tools import Note, readable
from .common import (EXIT_BROKEN_PIPE, EXIT_CANCELLED, EXIT_ERROR, EXIT_USAGE, CliError, ProgressBar, load_plugins,
                     read_document,
                     plain, silence_stdout)


def add_parsers(sub) -> None:
    run = sub.add_parser("run", help="run a tool on a file or standard input, streaming its output")
    run.add_argument("tool")
    run.add_argument("file", nargs="?", help="the document; - for standard input")
    run.add_argument("--selection", metavar="START:END", help="character offsets of the selection")
    run.add_argument("--cursor", type=int, metavar="N", help="character offset of the cursor")
    run.add_argument("--option", "-o", action="append", default=[], metavar="KEY=VALUE", help="a tool option")
    add_model_arguments(run)
    run.add_argument("--json", action="store_true", help="print the result as one JSON value")
    run.add_argument("--encoding", metavar="NAME", help="the file's encoding (utf-8, gb18030, big5, utf-16-le, …) "
                                                        "instead of the one detected")  # fmt: skip
    tools = sub.add_parser("tools", help="list the tools; `tools folder` prints where your own .prompt tools go")
    tools.add_argument("verb", nargs="?", choices=("list", "folder"), default="list")


def add_model_arguments(parser) -> None:
    parser.add_argument("--model", metavar="PATH", help="a GGUF model file instead of the configured one")
    parser.add_argument("--backend", metavar="NAME", help="local (llama.cpp), remote (a server), or a plugin's")
    parser.add_argument("--server", metavar="URL", help="an OpenAI-compatible server (implies --backend remote)")
    parser.add_argument("--server-model", metavar="NAME", help="the server's model to use")


def choose_backend(args, settings: Settings, factories: dict) -> None:
    """The settings' backend and model, as --model, --backend, --server and --server-model change them."""
    if args.model:
        settings.engine.model = args.model
    if args.server or args.server_model:
        settings.backend = "remote"
        settings.remote.url = args.server or settings.remote.url
        settings.remote.model = args.server_model or settings.remote.model
    settings.backend = args.backend or settings.backend
    if settings.backend not in factories:
        raise CliError(f"there is no backend named {settings.backend!r}; backends: {', '.join(factories)}", EXIT_USAGE)


def run_tool(args, settings: Settings) -> int:
    host, tools, factories = load_plugins(settings)
    tool = tools.get(args.tool)
    if tool is None:
        hint = "; some plugins have problems (above, and in `writing-assistant plugins`)" if host.problems() else ""
        raise CliError(f"there is no tool named {args.tool!r}; tools: {', '.join(sorted(tools))}{hint}", EXIT_USAGE)
    options = dict(_key_value(o) for o in args.option)
    if tool.input == "selection" and args.selection is None:
        raise CliError(f"{tool.name} works on selected text: give --selection START:END (character offsets)",
                       EXIT_USAGE)  # fmt: skip
    # A session with one document, as the app has with many; its file's writing memory comes with it.
    session = Session(settings, tools, factories)
    text = read_document(args.file, args.encoding).text
    doc = session.open_document(Document(text, Path(args.file) if args.file not in (None, "-") else None))
    for problem in doc.memory_problems:
        print(f"writing-assistant: warning: {problem}", file=sys.stderr)
    request = Request(text, _selection(args.selection), args.cursor, options, doc.memory)
    check_request(tool, request)  # a bad option, range or empty text fails before the model loads

    choose_backend(args, settings, factories)
    settings.engine.start_ctx = settings.engine.start_ctx or start_context(request)
    # The model loads when the tool first needs it, on the runner's thread: a tool that never calls it
    # runs without one; so do the writer's sources.
    runner = ToolRunner(lambda: factories[settings.backend](settings), tools, settings.sampling,
                        lambda: retriever_of(host, settings))  # fmt: skip
    return _stream(runner, session, session.start_run(doc, tool, request), args.json)


def retriever_of(host, settings: Settings):
    """The retriever the settings choose (`sources.retriever`), made by its plugin."""
    factories = host.retrievers()
    if settings.sources.retriever not in factories:
        raise ToolError(f"There is no retriever named {settings.sources.retriever!r} (the setting sources.retriever); "
                        f"retrievers: {', '.join(factories) or 'none'}.")  # fmt: skip
    return factories[settings.sources.retriever](settings)


def close_runner(runner: ToolRunner) -> None:
    if runner.loaded is not None:
        runner.loaded.close()
    if runner.retrieved is not None:
        runner.retrieved.close()


def start_context(request: Request) -> int:
    """A one-shot run knows its whole request before the model loads, so its context starts at what that
    can take: every byte of the text a token at most, and room for the template and a reply. A paragraph
    then loads sooner and in far less memory than in the whole window (4,096 tokens: 90 MiB of cache for
    the default model); a request that needs more grows the context to the window."""
    text = len(request.document.encode("utf-8", "surrogateescape")) + len(request.memory.preface().encode("utf-8"))
    return max(512, -(-(text + 512) // 256) * 256)


def _stream(runner: ToolRunner, session: Session, run: Run, as_json: bool, show=None) -> int:
    """Run in a worker thread so Ctrl-C is seen at once (a long prompt evaluation holds the thread).
    The model is closed once the thread is done with it: a Ctrl-C that thread did not stop for in time
    leaves it open under the thread (the process ends at once), never freed under a call in progress.
    `show(value, text)` prints a result for reading instead of the usual way."""
    events: queue.Queue = queue.Queue()
    # Set when the thread is done with the model. (Not Thread.is_alive: after a join that Ctrl-C
    # interrupted, Python 3.11 can call a running thread stopped, and the model would be freed under it.)
    finished = threading.Event()

    def work():
        try:
            for event in runner.run(run.tool.name, run.request, run.cancel):
                events.put(event)
        finally:
            finished.set()
            events.put(None)  # whatever happens, the loop below ends

    threading.Thread(target=work, name="tool-runner", daemon=True).start()
    try:
        return _show(events, session, run, finished, as_json, show)
    finally:
        if finished.is_set():
            close_runner(runner)


def _show(events: queue.Queue, session: Session, run: Run, finished: threading.Event, as_json: bool,
          show=None) -> int:
    """The worker's events, fed to the session and shown on stdout and stderr; the exit code."""
    bar = ProgressBar(sys.stderr)
    code, mid_line = 0, False
    while True:
        try:
            event = events.get(timeout=0.1)
        except queue.Empty:
            continue
        except KeyboardInterrupt:
            session.stop_run()
            if not finished.wait(1.0):  # the runner stops within a token, or within a batch of the prompt
                raise
            continue
        if event is None:
            break
        if isinstance(event, Token):
            session.run_text(run.id, event.text, 1, time.monotonic())
        elif not isinstance(event, Started):
            session.run_event(run.id, event)
        if not isinstance(event, Progress):
            bar.clear()
        match event:
            case Progress(done=done, total=total, label=label):
                if bar.tty and mid_line and sys.stdout.isatty():  # the bar redraws its line: not this one
                    sys.stdout.write("\n")
                    mid_line = False
                bar.show(done, total, label or "working")
            case Note(text=note):
                print(f"writing-assistant: note: {note}", file=sys.stderr)
            case Token(text=text) if not as_json:
                try:
                    sys.stdout.write(text)
                    sys.stdout.flush()
                    mid_line = not text.endswith("\n")
                except OSError as error:  # the reader is gone (| head), or the disk is full
                    session.stop_run()
                    silence_stdout()
                    if isinstance(error, BrokenPipeError):  # stop quietly, as Unix tools do
                        code = EXIT_BROKEN_PIPE
                    else:
                        print(f"writing-assistant: cannot write the output: {error.strerror}", file=sys.stderr)
                        code = EXIT_ERROR
            case Result(value=value, text=text):
                if as_json:
                    print(json.dumps(value, ensure_ascii=False, default=plain))
                elif show is not None:
                    show(value, text)
                else:
                    if text and not text.endswith("\n"):
                        print()  # the streamed text's last line ends
                    if value is not None and not isinstance(value, str):  # data: as the results panel shows it
                        print(readable(value, text))
            case Failed(error=error):
                print(f"writing-assistant: {error}", file=sys.stderr)
                code = EXIT_ERROR
            case Stopped() if code == 0:
                print("\nwriting-assistant: cancelled", file=sys.stderr)
                code = EXIT_CANCELLED
    finished.wait()
    return code


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
    if start < 0 or end < 0:
        raise CliError(f"--selection {text}: START and END are character offsets from 0, never negative", EXIT_USAGE)
    if not start < end:
        raise CliError(f"--selection {text}: START must come before END (character offsets from 0)", EXIT_USAGE)
    return start, end


def list_tools(args, settings: Settings) -> int:
    if args.verb == "folder":
        from ..core.prompt_tools import EXAMPLE

        folder = paths.prompt_tools_dir()
        folder.mkdir(parents=True, exist_ok=True)
        example = folder / "tldr.prompt.example"
        if not any(folder.iterdir()):  # a first file to copy from
            example.write_text(EXAMPLE, encoding="utf-8")
        print(folder)
        return 0
    _, tools, _ = load_plugins(settings)
    for tool in tools.values():
        options = ", ".join(f"{o.name}={o.default}" for o in tool.options)
        print(f"{tool.name:<12} {tool.title}: {tool.description}" + (f" [{options}]" if options else ""))
    return 0




COMMANDS = {"run": run_tool, "tools": list_tools}
