import json
import os

from assistant.core import paths
from assistant.core.settings import EngineSettings, Settings


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


def test_saving_is_atomic_and_keeps_permissions():
    Settings().save()
    os.chmod(paths.settings_file(), 0o600)
    Settings().save()
    assert paths.settings_file().stat().st_mode & 0o777 == 0o600
    assert [p.name for p in paths.config_dir().iterdir()] == ["settings.json"]  # no temporary left behind
