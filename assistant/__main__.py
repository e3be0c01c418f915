"""Entry point: `writing-assistant COMMAND ...` is the CLI; anything else opens the app."""

from __future__ import annotations

import logging
import os
import sys

EXIT_CANCELLED = 130


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:  # Ctrl-C while the first modules load ends as quietly as any later one
        if is_command(argv):
            from .cli import main as cli_main

            return cli_main(argv)
        from .ui.app import main as gui_main  # Qt is imported only here

        return gui_main(argv)
    except KeyboardInterrupt:
        print("\nwriting-assistant: cancelled", file=sys.stderr)
        return EXIT_CANCELLED


def is_command(argv: list[str]) -> bool:
    from .cli import COMMANDS
    from .core.logs import VERBOSE

    first = next((a for a in argv if a not in VERBOSE), None)  # -v serves the app as well as a command
    return first is not None and (first in COMMANDS or first.startswith("-"))


def program() -> None:
    """`writing-assistant` and `python -m assistant`. A command ends without tearing the interpreter
    down: the system frees the model's buffers and the modules at once, where Python's teardown takes
    a twentieth of a second of a one-shot run. (The app ends the usual way, in Qt's order.)"""
    code = main()
    if f"{__package__}.ui.app" in sys.modules:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # closed, or its reader gone: nothing more to say
            pass
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    program()
