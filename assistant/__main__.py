"""Entry point: `writing-assistant COMMAND ...` is the CLI; anything else opens the app."""

from __future__ import annotations

import sys

EXIT_CANCELLED = 130


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:  # Ctrl-C while the first modules load ends as quietly as any later one
        from .cli import COMMANDS
        from .core.logs import VERBOSE

        first = next((a for a in argv if a not in VERBOSE), None)  # -v serves the app as well as a command
        if first is not None and (first in COMMANDS or first.startswith("-")):
            from .cli import main as cli_main

            return cli_main(argv)
        from .ui.app import main as gui_main  # Qt is imported only here

        return gui_main(argv)
    except KeyboardInterrupt:
        print("\nwriting-assistant: cancelled", file=sys.stderr)
        return EXIT_CANCELLED


if __name__ == "__main__":
    sys.exit(main())
