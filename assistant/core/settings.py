"""Settings: typed sections, stored as a human-readable JSON file.

Each field declares its default and, in its metadata, its limits. Loading never
fails: a value of the wrong type or out of range is reported in `problems` and
replaced by its default, keeping every other value. A file that cannot be read
as JSON is never replaced: it is moved aside (settings.json.bad-TIME) and the
writer is told where it went.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .files import atomic_write


def setting(default: Any, doc: str, lo=None, hi=None, choices: tuple = ()):
    """A settings field: its default, a one-line description and its limits."""
    meta = {"doc": doc, "min": lo, "max": hi, "choices": choices}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class EngineSettings:
    model: str = setting("", "Path of the GGUF model; empty for the embedded default model.")
    n_ctx: int = setting(4096, "Context window in tokens; 0 uses the model's training context.", 0, 1 << 20)
    n_gpu_layers: int = setting(-1, "Layers offloaded to the GPU: -1 all, 0 none.", -1, 100_000)
    n_threads: int = setting(0, "CPU threads; 0 adapts to the cores other programs leave free.", 0, 1024)
    n_batch: int = setting(512, "Prompt tokens evaluated per batch.", 1, 1 << 16)
    use_mmap: bool = setting(True, "Map the model file instead of reading it into memory.")
    flash_attn: bool = setting(False, "Use flash attention where the backend supports it.")


@dataclass
class RemoteSettings:
    url: str = setting("http://127.0.0.1:8080/v1", "Base URL of an OpenAI-compatible server.")
    model: str = setting("", "The server's model name; empty for the first it offers.")
    api_key: str = setting("", "API key sent to the server, if it needs one.")
    n_ctx: int = setting(4096, "The server's context window in tokens.", 256, 1 << 22)
    timeout: float = setting(60.0, "Seconds to wait for the server before giving up.", 1.0, 3600.0)


@dataclass
class LibrarySettings:
    folders: list[str] = setting([], "More folders to look for GGUF models in.")
    # GPU layers chosen for one model file (by name): -1 all, 0 none, N layers; else engine.n_gpu_layers.
    gpu_layers: dict[str, int] = setting({}, "GPU layers per model file.")
    catalog_offered: bool = setting(False, "The catalog of models to start with was shown at first run.")


@dataclass
class SamplingSettings:
    temperature: float = setting(0.7, "Randomness of the text; 0 always picks the likeliest token.", 0.0, 5.0)
    top_p: float = setting(0.95, "Nucleus sampling: keep the likeliest tokens up to this probability.", 0.0, 1.0)
    top_k: int = setting(40, "Keep only the k likeliest tokens; 0 keeps all.", 0, 100_000)
    min_p: float = setting(0.05, "Drop tokens less likely than this fraction of the likeliest.", 0.0, 1.0)
    repeat_penalty: float = setting(1.1, "Penalty on repeating recent tokens; 1 is none.", 0.0, 5.0)
    seed: int = setting(-1, "Random seed; -1 for a new one each run.", -1, 2**31 - 1)
    max_tokens: int = setting(1024, "Most tokens one generation may write.", 1, 1 << 20)


@dataclass
class SourcesSettings:
    retriever: str = setting("local", "What searches your sources: local (the index of `sources add`) or a plugin's.")


@dataclass
class PluginSettings:
    disabled: list[str] = setting([], "Names of plugins not to load.")


@dataclass
class EditorSettings:
    theme: str = setting("system", "Colours: follow the system, or always light or dark.", choices=("system", "light", "dark"))
    font_family: str = setting("", "Editor font; empty for the system's font.")
    font_size: int = setting(12, "Editor font size in points.", 6, 72)
    zoom: int = setting(0, "Zoom steps from the font size.", -10, 30)
    line_wrap: bool = setting(True, "Wrap long lines at the window edge.")
    preview: bool = setting(False, "Show the rendered Markdown beside the text.")
    autosave_seconds: int = setting(5, "Seconds between autosaves of unsaved changes, for crash recovery.", 1, 600)
    language: str = setting("system", "Language of the interface: system, en or zh_CN.")
    warm_while_idle: bool = setting(True, "While you pause, read the text before the cursor into the model, "
                                          "so that continuing starts at once (never on battery saver).")
    inline_suggestions: bool = setting(False, "Grey words that finish your sentence as you type; Tab accepts.")
    cjk_font_missing_told: bool = setting(False, "The writer was told that no installed font shows Chinese.")
    recent_files: list[str] = setting([], "Recently opened files, newest first.")


@dataclass
class Settings:
    backend: str = setting("local", "Which backend runs the tools: local (llama.cpp) or remote (a server).")
    engine: EngineSettings = field(default_factory=EngineSettings)
    remote: RemoteSettings = field(default_factory=RemoteSettings)
    library: LibrarySettings = field(default_factory=LibrarySettings)
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    plugins: PluginSettings = field(default_factory=PluginSettings)
    editor: EditorSettings = field(default_factory=EditorSettings)
    sources: SourcesSettings = field(default_factory=SourcesSettings)
    # The options each tool ran with last, by tool name; checked by the tool's own Option specs.
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> tuple[Settings, list[str]]:
        """Read settings; return them with a list of problems found (never raises)."""
        path = path or paths.settings_file()
        try:
            raw = _read(path)
        except FileNotFoundError:
            return cls(), []
        except (OSError, ValueError) as error:
            try:
                return cls(), [_set_aside(path, error)]
            except OSError as stuck:
                return cls(), [f"{stuck.strerror}; default settings are used and not saved over it."]
        problems: list[str] = []
        settings = _from_raw(cls, raw, "", problems)
        return settings, [f"{path}: {p}" for p in problems]

    def save(self, path: Path | None = None) -> None:
        """Write the file, readable by its owner only: it may hold an API key.

        OSError if it cannot be written, or if the file there is one this app
        cannot read and cannot move aside either."""
        path = path or paths.settings_file()
        try:
            _read(path)
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as error:  # written by hand or by a newer app meanwhile: keep it
            _set_aside(path, error)
        text = json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False)
        atomic_write(path, (text + "\n").encode("utf-8"), mode=0o600)


def _read(path: Path) -> Any:
    """The parsed file; ValueError (UnicodeDecodeError, JSONDecodeError) when it is not JSON text."""
    return json.loads(path.read_bytes().decode("utf-8"))


def _set_aside(path: Path, error: Exception) -> str:
    """Move an unreadable settings file out of the way, and say where it went (OSError if it cannot move)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.bad-{stamp}")
    for n in range(2, 1000):
        if not aside.exists():
            break
        aside = path.with_name(f"{path.name}.bad-{stamp}-{n}")
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    try:
        os.replace(path, aside)
    except OSError as move_error:
        raise OSError(move_error.errno, f"{path} cannot be read ({reason}) nor moved aside "
                                        f"({move_error.strerror}); it is left as it is") from None  # fmt: skip
    return f"{path} could not be read ({reason}). It was moved to {aside}; default settings are used."


def _from_raw(cls: type, raw: Any, prefix: str, problems: list[str]):
    """Build dataclass `cls` from parsed JSON, keeping defaults where values are invalid."""
    if not isinstance(raw, dict):
        problems.append(f"{prefix or 'the file'} should be an object; using defaults.")
        return cls()
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in raw.keys() - fields.keys():
        problems.append(f"unknown setting {prefix}{key} ignored.")
    values = {}
    for name, f in fields.items():
        if name not in raw:
            continue
        hint, value, where = hints[name], raw[name], prefix + name
        if dataclasses.is_dataclass(hint):
            values[name] = _from_raw(hint, value, where + ".", problems)
        elif (error := _invalid(hint, value, f.metadata)) is None:
            values[name] = value
        else:
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            problems.append(f"{where} {error}; using {json.dumps(default)}.")
    return cls(**values)


def _invalid(hint: Any, value: Any, meta: typing.Mapping) -> str | None:
    """Why `value` does not fit the field, or None when it does."""
    origin = typing.get_origin(hint) or hint
    if origin is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif origin is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif origin is list:
        (item,) = typing.get_args(hint)
        ok = isinstance(value, list) and all(isinstance(v, item) for v in value)
    elif origin is dict:
        _, item = typing.get_args(hint)
        ok = isinstance(value, dict) and (item is typing.Any or all(_fits(v, item) for v in value.values()))
    else:
        ok = isinstance(value, origin)
    if not ok:
        return f"should be {_type_name(hint)}, not {json.dumps(value)}"
    lo, hi, choices = meta.get("min"), meta.get("max"), meta.get("choices")
    if lo is not None and value < lo or hi is not None and value > hi:
        return f"must be between {lo} and {hi}, not {value}"
    if choices and value not in choices:
        return f"must be one of {', '.join(map(str, choices))}, not {value}"
    return None


def _fits(value: Any, kind: Any) -> bool:
    kind = typing.get_origin(kind) or kind
    return isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool)


def _type_name(hint: Any) -> str:
    names = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}
    origin = typing.get_origin(hint) or hint
    if origin is list:
        return f"a list of {_type_name(typing.get_args(hint)[0])}"
    if origin is dict:
        return "an object"
    return names.get(origin, origin.__name__)
