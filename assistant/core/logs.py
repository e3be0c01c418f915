"""Where log records go: a rotating file in the log folder, readable by its owner only, and stderr when asked.

Every line passes through `redact`: a URL that carries a user name or token (`https://user:TOKEN@host/x.whl`,
`x.whl?token=TOKEN`, given to `plugins install`, and echoed by pip) never reaches the log or the terminal with it.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re

from . import paths

LOG_NAME = "writing-assistant.log"
VERBOSE = ("-v", "--verbose")  # the flag that also prints the records on stderr, for the app and the CLI
_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@")
# A query parameter that carries a secret: ?token=, ?private_token=, ?api_key=, S3's X-Amz-Signature=...
_SECRET_PARAMETER = re.compile(r"(?i)([?&][\w.-]*(?:token|key|secret|passw|auth|sig|credential)[\w.-]*=)[^&#\s]+")


def redact(text: str) -> str:
    """`text` with the user and password of every URL in it, and the values of parameters that carry a
    secret, replaced by ***."""
    return _SECRET_PARAMETER.sub(r"\1***", _CREDENTIALS.sub(r"\1***@", text))


class _Redacting(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _PrivateFile(logging.handlers.RotatingFileHandler):
    """A log file (and each one rotation starts) made 0600: it may name the writer's files and servers."""

    def _open(self):
        return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
                    opener=lambda path, flags: os.open(path, flags, 0o600))  # fmt: skip


def setup_logging(verbose: bool = False) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        paths.log_dir().mkdir(parents=True, exist_ok=True)
        log_file = paths.log_dir() / LOG_NAME
        for old in paths.log_dir().glob(f"{LOG_NAME}*"):  # written by an older version, readable by everyone
            if old.is_file():  # never a device a link names (the log sent to /dev/null)
                os.chmod(old, 0o600)
        # backslashreplace: a file name that is not UTF-8 is logged as its escapes, never a logging error
        file = _PrivateFile(log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8", errors="backslashreplace")
        file.setFormatter(_Redacting("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(file)
    except OSError:
        pass  # a read-only home must not stop the app
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(_Redacting())
        root.addHandler(stream)
