"""Settings: typed sections, stored as a human-readable JSON file.

Each field declares its default and, in its metadata, its limits. Loading never
fails: a value of the wrong type or out of range (NaN included) is reported in
`problems` and replaced by its default, keeping every other value. A file that
cannot be used at all (not JSON, not an object, nested absurdly deep) is never
replaced: it is moved aside (settings.json.bad-TIME) and the writer is told where.

Several writers share the file (the app, any number of commands), so a change
is a read-modify-write under a lock, on the file as it is now, of only the keys
that changed: `save()` writes what this process changed since it last read or
wrote the file, `update(edit)` applies an edit to what the file holds now.
The API key is kept in the system keyring where there is one (core/secrets.py).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import os
import stat
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths, secrets
from .files import SMALL_FILE_LIMIT
from .jsonfile import Refused, StateError, fs_name, kind, locked, read_json, set_aside, write_json

log = logging.getLogger(__name__)
_GONE = object()  # a key that an edit removed (a tool's options forgotten)
_INVALID = object()  # a value read in the file that was not valid
# Per settings file: the values this process last read there or wrote, against which its changes are found.
_seen: dict[str, dict] = {}


def setting(default: Any, doc: str, lo=None, hi=None, choices: tuple = (), path: bool = False,
            secret: bool = False):  # fmt: skip
    """A settings field: its default, a one-line description and its limits; `path`: file names,
    which must be ones this system can use (os.fsencode); `secret`: a value no message shows."""
    meta = {"doc": doc, "min": lo, "max": hi, "choices": choices, "path": path, "secret": secret}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class EngineSettings:
    model: str = setting("", "Path of the GGUF model; empty for the embedded default model.", path=True)
    n_ctx: int = setting(4096, "Context window in tokens; 0 uses the model's training context.", 0, 1 << 20)
    n_gpu_layers: int = setting(-1, "Layers offloaded to the GPU: -1 all, 0 none.", -1, 100_000)
    n_threads: int = setting(0, "CPU threads; 0 adapts to the cores other programs leave free.", 0, 1024)
    n_batch: int = setting(512, "Prompt tokens evaluated per batch.", 1, 1 << 16)
    start_ctx: int = setting(0, "Tokens the context starts with; it grows to n_ctx when a request needs more. "
                                "0: n_ctx from the start.", 0, 1 << 20)
    use_mmap: bool = setting(True, "Map the model file instead of reading it into memory.")
    flash_attn: bool = setting(False, "Use flash attention where the backend supports it.")
    prompt_cache: bool = setting(True, "Keep the state of the tools' prompt heads (template, system prompt, notes) "
                                       "on disk, so that a new start does not evaluate them again.")


@dataclass
class RemoteSettings:
    url: str = setting("http://127.0.0.1:8080/v1", "Base URL of an OpenAI-compatible server.")
    model: str = setting("", "The server's model name; empty for the first it offers.")
    api_key: str = setting("", "API key sent to the server, if it needs one (kept in the system keyring where "
                               "there is one, and then not in this file).", secret=True)
    key_in_keyring: bool = setting(False, "The API key is kept in the system keyring.")
    n_ctx: int = setting(4096, "The server's context window in tokens.", 256, 1 << 22)
    timeout: float = setting(60.0, "Seconds to wait for the server before giving up.", 1.0, 3600.0)


@dataclass
class LibrarySettings:
    folders: list[str] = setting([], "More folders to look for GGUF models in.", path=True)
    # GPU layers chosen for one model file (by name): -1 all, 0 none, N layers; else engine.n_gpu_layers.
    gpu_layers: dict[str, int] = setting({}, "GPU layers per model file.")
    catalog_offered: bool = setting(False, "The catalog of models to start with was shown at first run.")
    hub_mirror: str = setting("", "A Hugging Face mirror to download from (https://hf-mirror.com, say); empty: "
                                  "huggingface.co. HF_ENDPOINT, when set, comes first.")


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
    embedding_model: str = setting("", "A GGUF embedding model for hybrid search (BM25 and vectors, fused); "
                                       "remote: the server's /v1/embeddings; empty: BM25 alone.")


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
    recent_files: list[str] = setting([], "Recently opened files, newest first.", path=True)


@dataclass
class ProofreadSettings:
    as_you_type: bool = setting(True, "Mark spelling, grammar and punctuation in new documents as you write.")
    # A checker's default unless the writer chose: {"zh-latin-spacing": true} turns on a style rule.
    checkers: dict[str, bool] = setting({}, "Checkers turned on or off, by name.")


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
    proofread: ProofreadSettings = field(default_factory=ProofreadSettings)
    # The options each tool ran with last, by tool name; checked by the tool's own Option specs.
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> tuple[Settings, list[str]]:
        """Read settings; return them with a list of problems found (never raises)."""
        path = path or paths.settings_file()
        problems: list[str] = []
        try:
            raw = _current(path, problems)
        except OSError as stuck:
            return cls(), [f"{stuck.strerror}; default settings are used and not saved over it."]
        found: list[str] = []
        invalid: list[tuple] = []
        settings = _from_raw(cls, raw, "", found, invalid)
        problems += [f"{path}: {p}" for p in found]
        remote = settings.remote
        in_file = bool(remote.api_key)  # an older version's, one written while there was no keyring, or by hand
        if remote.key_in_keyring and not in_file:
            try:
                remote.api_key = secrets.fetch()
            except secrets.SecretError as error:
                problems.append(f"The API key is kept in the system keyring, which cannot be read now ({error}).")
        seen = _seen[_name(path)] = _plain(settings)
        for key in invalid:  # what was read there is not what is used: the next save writes the default
            _put(seen, key, _INVALID)
        if in_file and secrets.available():
            try:  # moved into the keyring
                settings._commit(path, lambda raw: [(("remote", "api_key"), remote.api_key)])
            except OSError as error:
                log.warning("the API key stays in %s: %s", path, error)
        elif in_file:
            _owner_only(path)
        return settings, problems

    def save(self, path: Path | None = None) -> None:
        """Write what this process changed since it last read or wrote the file, over the file as it is now.

        OSError if it cannot be written, or if the file there is one this app
        cannot read and cannot move aside either."""
        path = path or paths.settings_file()
        base = _seen.get(_name(path)) or _plain(type(self)())
        mine = _plain(self)
        self._commit(path, lambda raw: list(_changes(base, mine)))

    def update(self, edit: Callable[[Settings], None], path: Path | None = None) -> None:
        """Apply `edit` to the settings as the file holds them now, write the keys it changed, and
        make the same changes here: two commands changing one list at once both keep their change."""
        path = path or paths.settings_file()

        def changes(raw: dict) -> list:
            now = _from_raw(type(self), raw, "", [])
            before = _plain(now)
            edit(now)
            return list(_changes(before, _plain(now)))

        self._commit(path, changes)

    def _commit(self, path: Path, changes_of: Callable[[dict], list]) -> None:
        """The one way settings reach the disk: under the lock, read the file, change `changes_of(file)`
        keys in it, write it (a new file owner-only; one that holds the API key made so), and take those keys
        here too."""
        with locked(path):
            problems: list[str] = []
            raw = _current(path, problems)
            for problem in problems:  # written by hand or by a newer app meanwhile: kept aside
                log.warning("%s", problem)
            changes = changes_of(raw)
            for key, value in changes:
                _put(raw, key, value)
            changes += _keep_secret(raw)
            if isinstance(raw.get("remote"), dict) and raw["remote"].get("api_key"):
                _owner_only(path)  # before the key is written: the file keeps its mode otherwise
            write_json(path, _without_refused(raw), indent=2, mode=0o600)
        seen = _seen.setdefault(_name(path), _plain(type(self)()))
        for key, value in changes:
            _assign(self, key, value)
            _put(seen, key, copy.deepcopy(value))


def _owner_only(path: Path) -> None:
    """A file that holds the API key (written by hand, where there is no keyring) is made readable by its
    owner only, as the app writes it."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)  # a read-only file stays read-only
    except FileNotFoundError:
        pass  # a new file is written owner-only
    except OSError as error:
        log.warning("%s holding the API key could not be made private: %s", path, error.strerror)


def _name(path: Path) -> str:
    return os.path.realpath(path)


def _plain(settings: Settings) -> dict:
    return dataclasses.asdict(settings)


def _current(path: Path, problems: list[str]) -> dict:
    """The file's settings object as it is now: {} when there is none, or when it cannot be used,
    after moving it aside (a line in `problems` says where). OSError if it cannot be moved."""
    try:
        raw = read_json(path, SMALL_FILE_LIMIT, "settings file", empty={})
        if isinstance(raw, dict):
            return raw
        reason = f"it holds {kind(raw)}, not an object of settings"
    except FileNotFoundError:
        return {}
    except (OSError, StateError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    try:
        aside = set_aside(path)
    except OSError as move_error:
        raise OSError(move_error.errno, f"{path} cannot be read ({reason}) nor moved aside "
                                        f"({move_error.strerror}); it is left as it is") from None  # fmt: skip
    problems.append(f"{path} could not be read ({reason}). It was moved to {aside}; default settings are used.")
    return {}


def _changes(before: Any, after: Any, key: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """The keys whose values differ, as (key path, new value or _GONE); objects are compared key by key."""
    if isinstance(before, dict) and isinstance(after, dict) and key:
        for name in before.keys() | after.keys():
            if name not in after:
                yield key + (name,), _GONE
            elif name not in before:
                yield key + (name,), after[name]
            else:
                yield from _changes(before[name], after[name], key + (name,))
    elif isinstance(before, dict) and isinstance(after, dict):  # the top: every section
        for name in after:
            yield from _changes(before.get(name), after[name], (name,))
    elif before != after or type(before) is not type(after):
        yield key, after


def _put(raw: dict, key: tuple, value: Any) -> None:
    """Set (or remove, for _GONE) one key path in a parsed file, making objects on the way."""
    *parents, last = key
    for name in parents:
        if not isinstance(raw.get(name), dict):
            raw[name] = {}
        raw = raw[name]
    if value is _GONE:
        raw.pop(last, None)
    else:
        raw[last] = value if value is _INVALID else copy.deepcopy(value)


def _assign(settings: Settings, key: tuple, value: Any) -> None:
    """Set one key path in the settings objects; a list keeps its identity (others hold it)."""
    target: Any = settings
    *parents, last = key
    for name in parents:
        target = target.setdefault(name, {}) if isinstance(target, dict) else getattr(target, name)
    if isinstance(target, dict):
        if value is _GONE:
            target.pop(last, None)
        else:
            target[last] = copy.deepcopy(value)
    elif isinstance(getattr(target, last), list) and isinstance(value, list):
        getattr(target, last)[:] = value
    else:
        setattr(target, last, copy.deepcopy(value))


def _keep_secret(raw: dict) -> list[tuple[tuple, Any]]:
    """An API key in the file moves into the keyring where there is one; a cleared key leaves it.
    Returns the keys this changed."""
    remote = raw.get("remote")
    if not isinstance(remote, dict) or not isinstance(remote.get("api_key"), str):
        return []
    key, in_keyring = remote["api_key"], remote.get("key_in_keyring") is True
    if not key and not in_keyring:
        return []
    stored = secrets.store(key)
    if stored:
        del remote["api_key"]
    if (stored and bool(key)) == in_keyring:
        return []
    remote["key_in_keyring"] = not in_keyring
    return [(("remote", "key_in_keyring"), not in_keyring)]


def _without_refused(value: Any) -> Any:
    """The parsed file less the values it may not hold (NaN, infinities), which the defaults replace."""
    if isinstance(value, dict):
        return {k: _without_refused(v) for k, v in value.items() if not isinstance(v, Refused)}
    if isinstance(value, list):
        return [_without_refused(v) for v in value if not isinstance(v, Refused)]
    return value


def _from_raw(cls: type, raw: Any, prefix: str, problems: list[str], invalid: list[tuple] | None = None):
    """Build dataclass `cls` from parsed JSON, keeping defaults where values are invalid (their keys
    go to `invalid`)."""
    if not isinstance(raw, dict):
        problems.append(f"{prefix.rstrip('.') or 'the file'} should be an object, not {kind(raw)}; using defaults.")
        if invalid is not None:
            invalid.append(tuple(prefix.rstrip(".").split(".")))
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
            values[name] = _from_raw(hint, value, where + ".", problems, invalid)
        elif (error := _invalid(hint, value, f.metadata)) is None:
            values[name] = value
        else:
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            problems.append(f"{where} {error}; using {json.dumps(default)}.")
            if invalid is not None:
                invalid.append(tuple(where.split(".")))
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
    if not ok or _without_refused(value) != value:
        return f"should be {_type_name(hint)}, not {kind(value) if meta.get('secret') else _shown(value)}"
    if meta.get("path") and not all(map(fs_name, value if isinstance(value, list) else [value])):
        return f"holds {_shown(value)}, which is not a file name this system can use"
    lo, hi, choices = meta.get("min"), meta.get("max"), meta.get("choices")
    if lo is not None and value < lo or hi is not None and value > hi:
        return f"must be between {lo} and {hi}, not {value}"
    if choices and value not in choices:
        return f"must be one of {', '.join(map(str, choices))}, not {value}"
    return None


def _shown(value: Any) -> str:
    if isinstance(value, Refused):
        return value.text
    return json.dumps(value, ensure_ascii=False, default=repr)


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
