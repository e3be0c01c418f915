"""Installing, removing, enabling and disabling plugins, and telling the writer what went wrong."""

import subprocess
import sys

import pytest
from helpers import wheel

from assistant import cli
from assistant.core import paths
from assistant.core.settings import Settings
from assistant.plugins import LOAD_ENV, PluginHost


def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == code, result.stderr
    return result


def test_install_disable_enable_uninstall_into_the_apps_environment(tmp_path):
    path = wheel(tmp_path)
    try:
        assert "hello" in run("plugins", "install", str(path)).stdout
        assert "hello" in run("tools").stdout
        assert "disabled hello (wa-hello)" in run("plugins", "disable", "wa-hello").stdout  # the distribution's name
        assert "hello" not in run("tools").stdout.split()
        assert Settings.load()[0].plugins.disabled == ["hello"]
        assert "enabled hello" in run("plugins", "enable", "hello").stdout  # the entry point's name
        assert "hello" in run("tools").stdout.split() and Settings.load()[0].plugins.disabled == []
    finally:
        removed = run("plugins", "uninstall", "WA_Hello").stdout
    assert "uninstalled wa-hello" in removed and "hello" not in run("tools").stdout.split()


def test_built_ins_cannot_be_uninstalled_and_unknown_names_are_named():
    assert "cannot be uninstalled, only disabled" in run("plugins", "uninstall", "assistant_rewrite", code=1).stderr
    assert "no plugin named 'nothing'" in run("plugins", "enable", "nothing", code=1).stderr
    assert "pip install failed" in run("plugins", "install", "/no/such/plugin.whl", code=1).stderr


def test_a_frozen_app_installs_into_its_plugins_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "bundle_dir", lambda: tmp_path / "bundle")
    monkeypatch.setattr(sys, "path", list(sys.path))
    assert cli.main(["plugins", "install", str(wheel(tmp_path, ("writing-assistant", "wa-missing-lib")))]) == 0
    out, err = capsys.readouterr()
    assert "wa-hello needs wa-missing-lib" in err and "hello" in out
    assert (paths.plugins_dir() / "wa_hello" / "__init__.py").is_file()
    assert "hello" in PluginHost().tools()

    assert cli.main(["plugins", "uninstall", "hello"]) == 0
    assert not any(paths.plugins_dir().iterdir()) and "hello" not in PluginHost().tools()


def test_names_in_the_settings_and_the_environment_that_match_no_plugin_are_told(monkeypatch):
    monkeypatch.setenv("WRITING_ASSISTANT_PLUGIN", "headline")  # misspelled
    host = PluginHost(disabled=["assistant-keywords", "nonesuch"])
    assert host.records["assistant_keywords"].status == "disabled"  # - and _ alike
    problems = "\n".join(host.problems())
    assert "WRITING_ASSISTANT_PLUGIN means nothing" in problems and LOAD_ENV in problems
    assert "plugins.disabled names 'nonesuch'" in problems
    monkeypatch.setenv(LOAD_ENV, "headlnie")
    assert f"{LOAD_ENV} names 'headlnie'" in "\n".join(PluginHost().problems())


def test_tools_and_run_say_which_plugins_have_problems(monkeypatch):
    monkeypatch.setenv("WRITING_ASSISTANT_PLUGIN", "x")
    assert "warning: The environment variable WRITING_ASSISTANT_PLUGIN" in run("tools").stderr
    missing = run("run", "headline", "-", code=2).stderr
    assert "no tool named 'headline'" in missing and "some plugins have problems" in missing


@pytest.mark.parametrize("verb", ["install", "uninstall", "enable", "disable"])
def test_every_verb_has_help(verb):
    assert "name" in run("plugins", verb, "--help").stdout.lower()


def test_credentials_in_a_url_never_reach_the_log_or_the_terminal(monkeypatch, home):
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_TIMEOUT", "2")
    url = "https://someone:TOKEN-s3cr3t@127.0.0.1:9/simple/x-1.0-py3-none-any.whl"  # the discard port: refused
    failed = run("-v", "plugins", "install", url, code=1)
    log = paths.log_dir() / "writing-assistant.log"
    assert "127.0.0.1:9" in log.read_text(encoding="utf-8")  # pip's run is logged, and the URL with it
    assert "TOKEN-s3cr3t" not in log.read_text(encoding="utf-8") + failed.stderr + failed.stdout
    assert log.stat().st_mode & 0o777 == 0o600


def test_logs_an_older_version_left_readable_by_everyone_become_private(home):
    folder = paths.log_dir()
    folder.mkdir(parents=True)
    for name in ("writing-assistant.log", "writing-assistant.log.1"):
        (folder / name).write_text("old lines\n")
        (folder / name).chmod(0o644)
    run("tools")
    assert [p.stat().st_mode & 0o777 for p in sorted(folder.iterdir())] == [0o600, 0o600]
