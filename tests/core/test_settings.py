import dataclasses
import json
import os
import subprocess
import sys

import keyring
import pytest
from keyring.backends import fail

from assistant.core import paths, secrets
from assistant.core.settings import EngineSettings, SamplingSettings, Settings


def test_paths_follow_the_environment_override(home):
    assert paths.config_dir() == home / "config"
    assert paths.settings_file().is_relative_to(home)
    assert paths.models_dir().is_relative_to(home)
    assert paths.log_dir().is_relative_to(home)


def test_defaults_without_a_file():
    settings, problems = Settings.load()
    assert problems == []
    assert settings.engine == EngineSettings()


def test_save_and_load_round_trip():
    settings, _ = Settings.load()
    settings.engine.n_ctx = 8192
    settings.sampling.temperature = 0.2
    settings.plugins.disabled = ["assistant_keywords"]
    settings.tools["translate"] = {"target": "English"}
    settings.save()
    text = paths.settings_file().read_text(encoding="utf-8")
    assert '"n_ctx": 8192' in text  # human-readable
    loaded, problems = Settings.load()
    assert problems == []
    assert loaded == settings


def test_invalid_values_are_reported_and_replaced_by_defaults():
    paths.settings_file().parent.mkdir(parents=True)
    raw = {
        "engine": {"n_ctx": "big", "n_threads": -3, "use_mmap": 1, "n_batch": 256},
        "sampling": {"temperature": 9.0, "top_p": 0.5},
        "plugins": {"disabled": "assistant_keywords"},
        "colour": "blue",
    }
    paths.settings_file().write_text(json.dumps(raw), encoding="utf-8")
    settings, problems = Settings.load()
    defaults = Settings()
    assert settings.engine.n_ctx == defaults.engine.n_ctx
    assert settings.engine.n_threads == defaults.engine.n_threads
    assert settings.engine.use_mmap is True
    assert settings.engine.n_batch == 256  # valid values are kept
    assert settings.sampling.temperature == defaults.sampling.temperature
    assert settings.sampling.top_p == 0.5
    assert settings.plugins.disabled == []
    text = "\n".join(problems)
    for name in ("engine.n_ctx", "engine.n_threads", "engine.use_mmap", "sampling.temperature", "plugins.disabled",
                 "colour"):  # fmt: skip
        assert name in text
    assert len(problems) == 6


@pytest.mark.parametrize("key", [["sk-secret-777"], {"value": "sk-secret-888"}, 12345678901])
def test_an_api_key_of_the_wrong_kind_is_named_never_shown(key):
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text(json.dumps({"remote": {"api_key": key}}), encoding="utf-8")
    _, problems = Settings.load()
    text = "\n".join(problems)
    assert "remote.api_key should be text" in text
    assert "secret" not in text and "12345678901" not in text


def test_a_file_with_a_typo_is_moved_aside_never_replaced():
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    broken = '{"remote": {"api_key": "sk-precious", "url": "http://gpu-box:8080/v1"},, "editor": {}}'
    path.write_text(broken, encoding="utf-8")
    settings, problems = Settings.load()
    assert settings == Settings()
    aside = [p for p in path.parent.iterdir() if p.name.startswith("settings.json.bad-")]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == broken  # every byte kept
    assert len(problems) == 1 and "could not be read" in problems[0] and str(aside[0]) in problems[0]
    settings.editor.zoom = 2
    settings.save()  # the first zoom writes a new file beside the old one, never over it
    assert aside[0].read_text(encoding="utf-8") == broken


def test_a_file_broken_while_the_app_runs_is_moved_aside_before_a_save():
    path = paths.settings_file()
    Settings().save()
    path.write_text("{hand-edited, not yet valid", encoding="utf-8")
    Settings().save()
    aside = [p for p in path.parent.iterdir() if p.name.startswith("settings.json.bad-")]
    assert [p.read_text(encoding="utf-8") for p in aside] == ["{hand-edited, not yet valid"]


def test_a_wrong_value_resets_only_itself():
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"remote": {"api_key": "sk-1", "url": "http://x/v1", "timeout": "soon"},
                                "library": {"folders": ["/models"]}}), encoding="utf-8")  # fmt: skip
    settings, problems = Settings.load()
    assert settings.remote.api_key == "sk-1" and settings.remote.url == "http://x/v1"
    assert settings.library.folders == ["/models"] and settings.remote.timeout == 60.0
    assert len(problems) == 1 and "remote.timeout" in problems[0]


def test_a_section_of_the_wrong_shape_is_named_as_the_writer_wrote_it():
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"plugins": ["assistant_keywords"]}), encoding="utf-8")
    settings, problems = Settings.load()
    assert settings.plugins.disabled == []
    assert problems == [f"{path}: plugins should be an object, not a list; using defaults."]


def test_saving_is_atomic_and_keeps_permissions():
    Settings().save()
    os.chmod(paths.settings_file(), 0o600)
    Settings().save()
    assert paths.settings_file().stat().st_mode & 0o777 == 0o600
    assert [p.name for p in paths.config_dir().iterdir()] == ["settings.json"]  # no temporary left behind


# -- files of the wrong shape, depth or numbers ----------------------------------------------------------

def _aside() -> list:
    return [p for p in paths.config_dir().iterdir() if p.name.startswith("settings.json.bad-")]


@pytest.mark.parametrize("content", ['["assistant_keywords"]', '"sk-precious"', "3", "null"])
def test_valid_json_of_the_wrong_shape_is_moved_aside_never_replaced(content):
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    settings, problems = Settings.load()
    assert settings == Settings()
    (aside,) = _aside()
    assert aside.read_text(encoding="utf-8") == content
    assert len(problems) == 1 and str(aside) in problems[0] and "not an object" in problems[0]
    settings.editor.zoom = 2
    settings.save()
    assert aside.read_text(encoding="utf-8") == content
    assert json.loads(path.read_text(encoding="utf-8")) == {"editor": {"zoom": 2}}


def test_a_file_nested_absurdly_deep_is_moved_aside_without_a_recursion_error():
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"tools": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    settings, problems = Settings.load()
    assert settings == Settings() and len(_aside()) == 1
    assert len(problems) == 1 and "nested" in problems[0]


def test_nan_and_infinities_are_refused_each_on_its_own():
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"sampling": {"temperature": NaN, "top_p": 0.5, "min_p": -Infinity, "top_k": 1e999},'
                    ' "tools": {"translate": {"target": "en", "strength": Infinity}}}', encoding="utf-8")  # fmt: skip
    settings, problems = Settings.load()
    defaults = SamplingSettings()
    assert settings.sampling.temperature == defaults.temperature and settings.sampling.min_p == defaults.min_p
    assert settings.sampling.top_k == defaults.top_k and settings.sampling.top_p == 0.5
    assert settings.tools == {}
    text = "\n".join(problems)
    assert len(problems) == 4 and "NaN" in text and "-Infinity" in text and "tools" in text
    settings.editor.zoom = 1
    settings.save()
    saved = json.loads(path.read_text(encoding="utf-8"), parse_constant=pytest.fail)  # strict JSON: none written back
    assert saved["sampling"] == {"temperature": defaults.temperature, "top_p": 0.5, "min_p": defaults.min_p,
                                 "top_k": defaults.top_k}  # fmt: skip
    assert saved["tools"] == {} and saved["editor"] == {"zoom": 1}


def test_an_invalid_value_is_replaced_by_its_default_at_the_next_save_and_the_rest_kept():
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"sampling": {"temperature": "hot", "top_p": 0.5}, "engine": [1], "colour": "blue"}))
    settings, problems = Settings.load()
    assert len(problems) == 3
    settings.editor.zoom = 1
    settings.save()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["sampling"] == {"temperature": SamplingSettings().temperature, "top_p": 0.5}
    assert saved["engine"] == dataclasses.asdict(EngineSettings()) and saved["colour"] == "blue"  # a newer app's
    assert Settings.load()[1] == [f"{path}: unknown setting colour ignored."]


# -- several writers -------------------------------------------------------------------------------

def _in_another_process(code: str) -> None:
    script = f"from assistant.core.settings import Settings\nsettings, _ = Settings.load()\n{code}\n"
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_a_save_writes_only_what_this_process_changed():
    app, _ = Settings.load()
    app.editor.zoom = 3
    app.save()
    # A command disables a plugin and sets a folder while the app runs.
    _in_another_process("settings.plugins.disabled.append('assistant_keywords'); settings.library.folders = ['/m']; "
                        "settings.save()")  # fmt: skip
    app.editor.line_wrap = False
    app.save()  # the app knows nothing of the command's change: it must not write its own old values back
    settings, problems = Settings.load()
    assert problems == []
    assert settings.plugins.disabled == ["assistant_keywords"] and settings.library.folders == ["/m"]
    assert settings.editor.zoom == 3 and settings.editor.line_wrap is False


def test_an_update_changes_the_file_as_it_is_now():
    app, _ = Settings.load()
    _in_another_process("settings.update(lambda s: s.plugins.disabled.append('assistant_keywords'))")
    disabled = app.plugins.disabled  # others hold this list: it stays the same object
    app.update(lambda s: s.plugins.disabled.append("assistant_rewrite"))
    assert Settings.load()[0].plugins.disabled == ["assistant_keywords", "assistant_rewrite"]
    assert app.plugins.disabled is disabled and disabled == ["assistant_keywords", "assistant_rewrite"]


def test_two_commands_at_once_both_keep_their_change():
    names = ("assistant_keywords", "assistant_rewrite")
    for _ in range(8):
        Settings.load()[0].update(lambda s: s.plugins.disabled.clear())
        commands = [subprocess.Popen([sys.executable, "-m", "assistant", "plugins", "disable", name],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for name in names]  # fmt: skip
        for command in commands:
            assert command.wait(timeout=120) == 0, command.stderr.read()
            command.stderr.close()
        assert sorted(Settings.load()[0].plugins.disabled) == list(names)


def test_a_symlinked_settings_file_stays_a_link():
    real = paths.config_dir().parent / "dotfiles" / "writing-assistant.json"
    real.parent.mkdir(parents=True)
    real.write_text('{"editor": {"zoom": 4}}', encoding="utf-8")
    paths.config_dir().mkdir(parents=True)
    paths.settings_file().symlink_to(real)
    settings, _ = Settings.load()
    settings.editor.line_wrap = False
    settings.save()
    assert paths.settings_file().is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["editor"] == {"zoom": 4, "line_wrap": False}
    assert sorted(p.name for p in real.parent.iterdir()) == ["writing-assistant.json"]  # no temporary left there


@pytest.mark.parametrize("target", ["pipe", "folder"])
def test_a_settings_link_to_what_is_no_file_is_moved_aside_itself_never_what_it_points_to(target):
    """`ln -s /dev/null settings.json` (a pipe or a folder here): the link is set aside, and the device
    it names is neither renamed nor replaced by a settings file."""
    elsewhere = paths.config_dir().parent / "elsewhere" / target
    elsewhere.parent.mkdir(parents=True)
    os.mkfifo(elsewhere) if target == "pipe" else elsewhere.mkdir()
    paths.config_dir().mkdir(parents=True)
    paths.settings_file().symlink_to(elsewhere)
    settings, problems = Settings.load()
    assert len(problems) == 1 and f"moved to {paths.config_dir()}" in problems[0]
    settings.editor.zoom = 3
    settings.save()
    assert [p.name for p in elsewhere.parent.iterdir()] == [target]
    assert elsewhere.is_fifo() if target == "pipe" else elsewhere.is_dir()
    assert not paths.settings_file().is_symlink() and Settings.load()[0].editor.zoom == 3
    (aside,) = paths.config_dir().glob("settings.json.bad-*")
    assert aside.is_symlink() and aside.readlink() == elsewhere


def test_a_state_file_written_over_a_link_to_a_pipe_replaces_the_link_not_the_pipe(tmp_path):
    from assistant.core.jsonfile import write_json

    pipe, link = tmp_path / "pipe", tmp_path / "state.json"
    os.mkfifo(pipe)
    link.symlink_to(pipe)
    write_json(link, {"a": 1})
    assert pipe.is_fifo() and not link.is_symlink() and json.loads(link.read_text(encoding="utf-8")) == {"a": 1}


# -- the API key -------------------------------------------------------------------------------------

def test_the_api_key_lives_in_the_keyring(keyring_in_memory):
    settings, _ = Settings.load()
    settings.remote.api_key = "sk-secret-123"
    settings.save()
    assert "sk-secret-123" not in paths.settings_file().read_text(encoding="utf-8")
    assert keyring_in_memory.passwords == {(secrets.SERVICE, secrets.API_KEY): "sk-secret-123"}
    loaded, problems = Settings.load()
    assert problems == [] and loaded.remote.api_key == "sk-secret-123"
    loaded.remote.api_key = ""
    loaded.save()
    assert keyring_in_memory.passwords == {} and Settings.load()[0].remote.api_key == ""


def test_a_key_found_in_the_file_moves_into_the_keyring(keyring_in_memory):
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"remote": {"api_key": "sk-old", "url": "http://x/v1"}}), encoding="utf-8")
    settings, problems = Settings.load()
    assert problems == [] and settings.remote.api_key == "sk-old"
    assert "sk-old" not in path.read_text(encoding="utf-8") and "http://x/v1" in path.read_text(encoding="utf-8")
    assert keyring_in_memory.passwords[secrets.SERVICE, secrets.API_KEY] == "sk-old"


def test_without_a_keyring_the_key_stays_in_a_file_only_its_owner_reads():
    keyring.set_keyring(fail.Keyring())
    assert not secrets.available()
    settings, _ = Settings.load()
    settings.remote.api_key = "sk-here"
    settings.save()
    assert paths.settings_file().stat().st_mode & 0o777 == 0o600
    assert json.loads(paths.settings_file().read_text(encoding="utf-8")) == {"remote": {"api_key": "sk-here"}}
    assert Settings.load()[0].remote.api_key == "sk-here"


def test_a_save_keeps_the_file_s_mode_until_it_holds_a_key_then_it_is_owner_only(tmp_path):
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text('{"editor": {"zoom": 1}}', encoding="utf-8")
    path.chmod(0o644)  # the writer's own choice, for a file with no secret in it
    settings, _ = Settings.load()
    settings.editor.zoom = 2
    settings.save()
    assert path.stat().st_mode & 0o777 == 0o644
    keyring.set_keyring(fail.Keyring())
    other = tmp_path / "dotfiles-settings.json"
    os.link(path, other)
    settings.remote.api_key = "sk-here"
    settings.save()
    assert path.stat().st_mode & 0o777 == 0o600 and path.stat().st_ino == other.stat().st_ino
    assert json.loads(other.read_text(encoding="utf-8"))["remote"] == {"api_key": "sk-here"}


def test_without_a_keyring_a_key_written_by_hand_in_a_file_others_read_is_made_owner_only():
    keyring.set_keyring(fail.Keyring())
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"remote": {"api_key": "sk-by-hand"}}), encoding="utf-8")
    path.chmod(0o644)  # an editor's default
    settings, problems = Settings.load()
    assert problems == [] and settings.remote.api_key == "sk-by-hand"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_read_only_file_holding_a_key_is_made_owner_only_and_stays_read_only():
    keyring.set_keyring(fail.Keyring())
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"remote": {"api_key": "sk-by-hand"}}), encoding="utf-8")
    path.chmod(0o444)
    assert Settings.load()[0].remote.api_key == "sk-by-hand"
    assert path.stat().st_mode & 0o777 == 0o400


def test_file_names_that_are_not_utf8_are_kept_and_ones_no_system_has_refused(tmp_path):
    odd = str(tmp_path / os.fsdecode(b"caf\xe9.md"))  # any bytes but / and NUL make a POSIX name
    settings, _ = Settings.load()
    settings.editor.recent_files = [odd]
    settings.save()
    assert b"caf\\udce9.md" in paths.settings_file().read_bytes()  # valid UTF-8 JSON, every byte kept
    assert os.fsencode(Settings.load()[0].editor.recent_files[0]) == os.fsencode(tmp_path) + b"/caf\xe9.md"
    paths.settings_file().write_text('{"editor": {"recent_files": ["/a/\\ud800"]}, "engine": {"model": "x\\u0000"}}')
    settings, problems = Settings.load()
    assert settings.editor.recent_files == [] and settings.engine.model == "" and len(problems) == 2
    assert all("not a file name" in p for p in problems)


def test_a_file_saved_by_notepad_with_a_bom_is_read():
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b'\xef\xbb\xbf{"editor": {"zoom": 2}}')
    settings, problems = Settings.load()
    assert problems == [] and settings.editor.zoom == 2


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_file_notepad_saved_as_unicode_is_read(encoding):
    """Notepad's "Unicode" is UTF-16 with a BOM: the writer's settings, not an unreadable file to move aside."""
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_bytes("\ufeff{\"editor\": {\"zoom\": \"二\"}, \"sampling\": {\"seed\": 3}}".encode(encoding))
    settings, problems = Settings.load()
    assert settings.sampling.seed == 3 and len(problems) == 1 and "editor.zoom" in problems[0] and _aside() == []


@pytest.mark.parametrize("content", [b"", b"  \n", b"\xef\xbb\xbf\r\n"])
def test_an_empty_file_is_no_settings_not_one_to_move_aside(content):
    path = paths.settings_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    settings, problems = Settings.load()
    assert problems == [] and settings == Settings()
    settings.update(lambda s: setattr(s.editor, "zoom", 1))
    assert json.loads(path.read_text(encoding="utf-8")) == {"editor": {"zoom": 1}} and _aside() == []
