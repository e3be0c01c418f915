"""The command line, one module per group of commands; imports no Qt.

A group is a module with `add_parsers(sub)` and `COMMANDS` (name -> handler(args, settings) -> exit code);
adding one is a module and a line in GROUPS.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..core import paths
from ..core.errors import AssistantError, ToolError
from ..core.logs import LOG_NAME, setup_logging
from ..core.settings import Settings
from . import check, models, plugins, run, sources
from .common import EXIT_BROKEN_PIPE, EXIT_ERROR, EXIT_USAGE, CliError, interrupted, option_values, silence_stdout

GROUPS = (run, plugins, models, check, sources)
HANDLERS = {name: handler for group in GROUPS for name, handler in group.COMMANDS.items()}
COMMANDS = tuple(HANDLERS)


class _Parser(argparse.ArgumentParser):
    """Options may come before or after a command's positionals (`run TOOL --json FILE`): plain
    argparse fills an optional positional at its first chance and then rejects the file as unknown.
    A parser with commands of its own cannot be intermixed, and keeps the plain way."""

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._subparsers is not None or self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True  # parse_known_intermixed_args calls back into this method
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="writing-assistant", description="A local-first writing assistant. Without a command, it opens the app.",
        epilog=f"The log is {paths.log_dir() / LOG_NAME} (-v: more detail, also on stderr); settings are in "
               f"{paths.settings_file()}.")  # fmt: skip
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log to stderr as well as to the log file")
    sub = p.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Every way a command can end is one line on stderr and an exit code, never a traceback."""
    if sys.stdout is None:  # started with it closed (>&-)
        print("writing-assistant: standard output is closed: give the command somewhere to write "
              "(a file, a pipe, or /dev/null)", file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    try:
        code = _command(parser().parse_args(option_values(sys.argv[1:] if argv is None else argv)))
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        return code
    except (CliError, AssistantError) as error:
        print(f"writing-assistant: {error}", file=sys.stderr)
        return getattr(error, "code", EXIT_USAGE if isinstance(error, ToolError) else EXIT_ERROR)
    except KeyboardInterrupt:
        return interrupted()
    except BrokenPipeError:  # the reader is gone (| head): stop quietly, as Unix tools do
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        silence_stdout()
        where = f" ({error.filename})" if error.filename else ""
        print(f"writing-assistant: {error.strerror or error}{where}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:
        if during_ctrl_c(error):
            return interrupted()
        raise


def during_ctrl_c(error: BaseException | None) -> bool:
    """Whether `error` was raised while a Ctrl-C unwound the stack, by cleanup that the interrupt cut
    short (argparse's restores what it had not yet saved): then it is the Ctrl-C, not a crash."""
    while error is not None:
        if isinstance(error, KeyboardInterrupt):
            return True
        error = error.__context__
    return False


def _command(args) -> int:
    setup_logging(args.verbose)
    settings, problems = Settings.load()
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return HANDLERS[args.command](args, settings)
