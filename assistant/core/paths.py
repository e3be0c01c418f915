"""Where the app keeps its files: every platformdirs call lives here.

Setting WRITING_ASSISTANT_HOME moves everything (config, data, cache, logs)
under one folder, so tests and portable installs never touch the real home.
Paths are computed on each call, so a changed environment takes effect at once.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "writing-assistant"
HOME_ENV = "WRITING_ASSISTANT_HOME"


def _user_dir(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / kind
    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def qt_can_take(text: str) -> bool:
    """Whether a str can go to Qt as it is: a name that is not UTF-8 (POSIX allows any bytes) holds
    surrogate escapes, which Qt drops or crashes on."""
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def shown(path: os.PathLike | str) -> str:
    """A path as the writer can read it (and Qt can show it): bytes that are not UTF-8 become U+FFFD.
    Only for showing: the path itself keeps its bytes (os.fsencode gives them back)."""
    return os.fsencode(path).decode("utf-8", "replace")


def from_uri_list(data: bytes) -> list[str]:
    """The local files named in a text/uri-list (RFC 2483: what a file manager puts on a drag), each with
    the bytes of its name: a URL decoded as text (Qt's QUrl) turns a name that is not UTF-8 into another."""
    found = []
    for line in data.splitlines():
        line = line.strip()
        if not line.lower().startswith(b"file:"):  # a comment, or a web address
            continue
        rest = line[len(b"file:") :]
        if rest.startswith(b"//"):
            host, slash, rest = rest[2:].partition(b"/")
            if host.lower() not in (b"", b"localhost"):  # a file on another machine
                continue
            rest = slash + rest
        name = os.fsdecode(urllib.parse.unquote_to_bytes(rest))
        if os.name == "nt" and name[:1] == "/" and name[2:3] == ":":  # file:///C:/notes.md
            name = name[1:]
        if name:
            found.append(name)
    return found


def config_dir() -> Path:
    return _user_dir("config")


def data_dir() -> Path:
    return _user_dir("data")


def cache_dir() -> Path:
    return _user_dir("cache")


def prompt_cache_dir() -> Path:
    return cache_dir() / "prompts"


def log_dir() -> Path:
    return _user_dir("log")


def settings_file() -> Path:
    return config_dir() / "settings.json"


def templates_dir() -> Path:
    """User overrides of prompt templates, by file name."""
    return config_dir() / "templates"


def models_dir() -> Path:
    return data_dir() / "models"


def prompt_tools_dir() -> Path:
    """The writer's own tools: one NAME.prompt file each."""
    return config_dir() / "tools"


def plugins_dir() -> Path:
    """Plugins installed into the app itself where it has no Python environment of its own (a frozen app)."""
    return data_dir() / "plugins"


def add_plugins_folder() -> None:
    """Make the plugins folder importable (its plugins' entry points are found through sys.path)."""
    folder = str(plugins_dir())
    if os.path.isdir(folder) and folder not in sys.path:
        sys.path.append(folder)


def sources_index_file() -> Path:
    """The index of the writer's sources (folders and files searched by `search`, `ask` and tools)."""
    return data_dir() / "sources.sqlite3"


def recovery_dir() -> Path:
    """Autosaved copies of unsaved documents, for crash recovery."""
    return data_dir() / "recovery"


def backups_dir() -> Path:
    """Copies of files taken before they are written in place (several hard links, a read-only folder)."""
    return data_dir() / "backups"


def pending_saves_dir() -> Path:
    """Names of temporary files of saves in progress, so a crash cannot leave one behind unnoticed."""
    return data_dir() / "saving"


def bundle_dir() -> Path | None:
    """The folder of a frozen app's files (PyInstaller), or None when running from an install."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else None


def resource(*parts: str) -> Path:
    """A file shipped in resources/ (translations, icons), installed or frozen alike."""
    bundle = bundle_dir()
    if bundle is not None:
        return bundle.joinpath("resources", *parts)
    return Path(str(resources.files("assistant.resources").joinpath(*parts)))
