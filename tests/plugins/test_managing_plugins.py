"""Installing, removing, enabling and disabling plugins, and telling the writer what went wrong."""

import subprocess
import sys

import pytest
from helpers import wheel, write_distribution

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


FINE = """
from assistant import Tool, hookimpl
@hookimpl
def register_tools(register):
    register(Tool(name=NAME, title="Fine", run=lambda job: "ok", input="selection_or_document", output="panel"))
"""


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Installed plugins, seen by the command line's process."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(site))
    return site


@pytest.mark.parametrize("source", [
    "import sys\nsys.exit(0)\n",
    "from assistant import hookimpl\n@hookimpl\ndef register_tools(register):\n    raise KeyboardInterrupt\n",
])  # fmt: skip
def test_a_plugin_that_exits_is_one_line_and_every_command_goes_on(site, tmp_path, source):
    write_distribution(site, "wa_quitter", source)
    write_distribution(site, "wa_fine", FINE.replace("NAME", '"fine"'))
    doc = tmp_path / "notes.md"
    doc.write_text("Some notes.", encoding="utf-8")
    tools = run("tools")
    assert "fine" in tools.stdout and "summarize" in tools.stdout
    [line] = tools.stderr.splitlines()
    assert "wa_quitter failed: PluginExit: it " in line
    assert run("run", "fine", str(doc)).stdout == "ok\n"
    listing = run("plugins").stdout
    assert "wa_quitter" in listing and "failed" in listing and "assistant_summarize" in listing


def test_disable_acts_on_the_plugin_named_never_on_the_built_in_it_is_named_like(site):
    write_distribution(site, "wa_evil", FINE.replace("NAME", '"fine"'), entry_point="assistant_summarize")
    assert "disabled wa_evil:assistant_summarize (wa_evil)" in run("plugins", "disable", "wa_evil").stdout
    assert Settings.load()[0].plugins.disabled == ["wa_evil:assistant_summarize"]
    tools = run("tools").stdout.split()
    assert "summarize" in tools and "fine" not in tools
    run("plugins", "enable", "wa_evil")
    assert "disabled assistant_summarize" in run("plugins", "disable", "assistant_summarize").stdout
    tools = run("tools").stdout.split()
    assert "summarize" not in tools and "fine" in tools


def test_a_tool_that_takes_a_disabled_built_ins_name_is_told_by_tools_and_plugins(site):
    write_distribution(site, "wa_sum", FINE.replace("NAME", '"summarize"'))
    run("plugins", "disable", "assistant_summarize")
    tools = run("tools")
    assert "summarize    Fine" in tools.stdout
    assert "'summarize' has the name of assistant_summarize's, which is disabled" in tools.stderr
    assert "'summarize' has the name of assistant_summarize's, which is disabled" in run("plugins").stdout


@pytest.mark.parametrize("url", [  # the discard port: refused
    "https://someone:TOKEN-s3cr3t@127.0.0.1:9/simple/x-1.0-py3-none-any.whl",
    "https://127.0.0.1:9/simple/x-1.0-py3-none-any.whl?private_token=TOKEN-s3cr3t&ref=main",
    "https://127.0.0.1:9/x-1.0-py3-none-any.whl?X-Amz-Credential=a&X-Amz-Signature=TOKEN-s3cr3t",
])  # fmt: skip
def test_credentials_in_a_url_never_reach_the_log_or_the_terminal(monkeypatch, home, url):
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_TIMEOUT", "2")
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


PAIR = """
from assistant import Tool, hookimpl

class Plugin:
    def __init__(self, name):
        self.name = name

    @hookimpl
    def register_tools(self, register):
        register(Tool(name=self.name, title=self.name, run=lambda job: "ok", input="selection_or_document"))

one, two = Plugin("one"), Plugin("two")
"""


def test_enable_and_disable_act_on_every_plugin_of_the_distribution_named(site):
    write_distribution(site, "wa_pair", PAIR)
    (site / "wa_pair-1.0.dist-info" / "entry_points.txt").write_text(
        "[writing_assistant]\none = wa_pair:one\ntwo = wa_pair:two\n", encoding="utf-8")  # fmt: skip
    assert "disabled one, two (wa_pair)" in run("plugins", "disable", "wa_pair").stdout
    assert not {"one", "two"} & set(run("tools").stdout.split())
    run("plugins", "enable", "wa-pair")
    run("plugins", "disable", "two")  # an entry point's name: that one alone
    tools = run("tools").stdout.split()
    assert "one" in tools and "two" not in tools


def test_a_log_linked_to_a_device_is_left_as_it_is(home, tmp_path):
    """`ln -s /dev/null writing-assistant.log` turns the log off; making "the log" private must not chmod
    what the link names (run as root, /dev/null itself). A folder stands in for the device here."""
    device = tmp_path / "device"
    device.mkdir(mode=0o755)
    device.chmod(0o755)
    paths.log_dir().mkdir(parents=True)
    (paths.log_dir() / "writing-assistant.log").symlink_to(device)
    run("tools")
    assert device.stat().st_mode & 0o777 == 0o755
