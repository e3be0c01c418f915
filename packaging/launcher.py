"""The frozen app's entry point: the same as the installed `writing-assistant` command."""

from assistant.__main__ import program

if __name__ == "__main__":
    program()
