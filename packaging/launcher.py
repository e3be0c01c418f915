"""The frozen app's entry point: the same as the installed `writing-assistant` command."""

import sys

from assistant.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
