"""What every command shares: its error type and exit codes, the plugin host, a progress bar."""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import threading

from ..core.settings import Settings
from ..plugins import PluginHost

EXIT_ERROR, EXIT_USAGE, EXIT_CANCELLED, EXIT_BROKEN_PIPE = 1, 2, 130, 141


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_ERROR):
        super().__init__(message)
        self.code = code


def option_values(argv: list[str], numeric: tuple[str, ...] = ("--selection", "--cursor")) -> list[str]:
    """`--selection -5:10` as `--selection=-5:10`: argparse takes a value that starts with - for an option,
    and prints its usage; joined, the value reaches the option's own check and its one line."""
    joined: list[str] = []
    for arg in argv:
        if joined and joined[-1] in numeric and re.match(r"-\d", arg):
            joined[-1] += f"={arg}"
        else:
            joined.append(arg)
    return joined


def interrupted() -> int:
    """Ctrl-C: say so and end now, even while a model load or a decode still holds a thread."""
    print("\nwriting-assistant: cancelled", file=sys.stderr)
    if any(t.is_alive() and t.daemon for t in threading.enumerate()):
        silence_stdout()
        sys.stderr.flush()
        os._exit(EXIT_CANCELLED)  # the thread is in C code: it cannot be joined in time
    return EXIT_CANCELLED


def silence_stdout() -> None:
    """Nothing more reaches stdout, and Python's flush at exit has nothing to complain about."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def load_plugins(settings: Settings) -> tuple[PluginHost, dict, dict]:
    """The plugins, their tools and backends; a warning line on stderr for each plugin problem."""
    plugin_host = PluginHost(disabled=settings.plugins.disabled)
    tools, backends = plugin_host.tools(), plugin_host.backends()
    for problem in plugin_host.problems():
        print(f"writing-assistant: warning: {problem}", file=sys.stderr)
    return plugin_host, tools, backends


def system_locale() -> str:
    """The writer's locale as its environment names it ("zh_CN" for zh_CN.UTF-8), '' for none or C/POSIX."""
    import locale

    name = (os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
            or locale.getlocale()[0] or "")  # fmt: skip
    name = name.split(".")[0].split("@")[0]
    return "" if name in ("C", "POSIX") else name


def interface_locale(given: str | None, settings: Settings) -> str:
    """The locale of what the CLI shows a writer (checkers' messages): `--language`, else the interface
    language of the settings, else the system's."""
    name = given or (settings.editor.language if settings.editor.language not in ("", "system") else system_locale())
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*", name or "en"):
        raise CliError(f"--language {name!r}: give a language code such as en, zh or zh_CN", EXIT_USAGE)
    return name


def load_checkers(settings: Settings) -> tuple[PluginHost, dict]:
    """The plugins and their proofreading checkers; a warning line on stderr for each plugin problem."""
    plugin_host = PluginHost(disabled=settings.plugins.disabled)
    checkers = plugin_host.checkers()
    for problem in plugin_host.problems():
        print(f"writing-assistant: warning: {problem}", file=sys.stderr)
    return plugin_host, checkers


def plain(value):
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
