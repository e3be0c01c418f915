"""Where log records go: a rotating file in the log folder, and stderr when asked."""

from __future__ import annotations

import logging
import logging.handlers

from . import paths

LOG_NAME = "writing-assistant.log"
VERBOSE = ("-v", "--verbose")  # the flag that also prints the records on stderr, for the app and the CLI


def setup_logging(verbose: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        paths.log_dir().mkdir(parents=True, exist_ok=True)
        file = logging.handlers.RotatingFileHandler(
            paths.log_dir() / LOG_NAME, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
        file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(file)
    except OSError:
        pass  # a read-only home must not stop the app
    if verbose:
        root.addHandler(logging.StreamHandler())
