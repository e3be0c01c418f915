"""Loading plugins: built-ins, entry points, isolation of broken ones, enable and disable."""

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import result_of, write_distribution

from assistant import Option, Tool, hookimpl
from assistant.core.runner import Request, ToolRunner
from assistant.plugins import BUILTIN_PLUGINS, LOAD_ENV, PluginHost

ROOT = Path(__file__).resolve().parents[2]


def echo(job):
    yield job.text.upper()


class EchoPlugin:
    @hookimpl
    def register_tools(self, register):
        register(Tool(name="shout", title="Shout", run=echo))


class RaisingPlugin:
    @hookimpl
    def register_tools(self, register):
        raise RuntimeError("this plugin is broken")


class TypoPlugin:
    @hookimpl
    def register_tool(self, register):  # not a hook: misspelled
        pass


class BackendPlugin:
    @hookimpl
    def register_backends(self, register):
        register("echo", lambda settings: None)


class WrongThingPlugin:
    @hookimpl
    def register_tools(self, register):
        register("not a tool")


def test_builtins_register_the_seven_tools_and_the_checkers():
    host = PluginHost(entry_points=False)
    tools = host.tools()
    assert list(tools) == ["continue", "rewrite", "translate", "summarize", "keywords", "ask", "check-with-model"]
    assert host.records["assistant_proofread"].tools == ["check-with-model"]
    assert "spelling" in host.checkers() and "spelling" in host.records["assistant_proofread"].checkers
    for name in BUILTIN_PLUGINS:
        record = host.records[name]
        assert (record.status, record.source, record.error) == ("loaded", "built-in", "")
        assert len(record.tools) == (0 if name.startswith("assistant.core.") else 1)  # no prompt tools yet
    assert list(host.backends()) == ["local", "remote"]
    assert host.records["assistant.core.backends"].backends == ["local", "remote"]
    assert list(host.retrievers()) == ["local"] and host.records["assistant_sources"].retrievers == ["local"]


def test_an_inline_plugin_adds_its_tool_at_run_time():
    host = PluginHost(entry_points=False)
    host.register(EchoPlugin(), "echo")
    assert "shout" in host.tools()
    assert host.records["echo"].tools == ["shout"]


@pytest.mark.parametrize("plugin, error", [
    (RaisingPlugin(), "this plugin is broken"),
    (TypoPlugin(), "register_tool"),
    (WrongThingPlugin(), "not an assistant.Tool"),
])  # fmt: skip
def test_a_broken_plugin_is_recorded_and_the_rest_keep_working(plugin, error):
    host = PluginHost(entry_points=False)
    host.register(plugin, "broken")
    host.register(EchoPlugin(), "echo")
    tools = host.tools()
    assert "shout" in tools and "summarize" in tools
    record = host.records["broken"]
    assert record.status == "failed" and error in record.error and record.tools == []


def test_a_plugin_adds_a_backend():
    host = PluginHost(entry_points=False)
    host.register(BackendPlugin(), "echo-backend")
    assert list(host.backends()) == ["local", "remote", "echo"]
    assert host.records["echo-backend"].backends == ["echo"]


def test_a_taken_tool_name_refuses_that_tool_only_naming_both_plugins():
    class Greedy:
        @hookimpl
        def register_tools(self, register):
            register(Tool(name="summarize", title="My Summary", run=echo))
            register(Tool(name="whisper", title="Whisper", run=echo))

    host = PluginHost(entry_points=False)
    host.register(Greedy(), "greedy")
    tools = host.tools()
    record = host.records["greedy"]
    assert record.status == "loaded" and record.tools == ["whisper"] and "whisper" in tools
    assert tools["summarize"].title == "Summarize"  # the built-in keeps its name
    assert "'summarize'" in record.problems[0] and "assistant_summarize" in record.problems[0]


@pytest.mark.parametrize("fields, message", [
    ({"input": "selectoin"}, "input must be one of selection"),
    ({"output": "pannel"}, "output must be one of replace"),
    ({"name": "my tool"}, "lower-case letters"),
    ({"run": "not a function"}, "run must be a function"),
    ({"options": (Option("tone", "loud", choices=("plain",)),)}, "option 'tone': the default must be one of plain"),
])  # fmt: skip
def test_a_mistaken_tool_declaration_fails_its_plugin_with_a_clear_message(fields, message):
    class Mistaken:
        @hookimpl
        def register_tools(self, register):
            register(Tool(**{"name": "odd", "title": "Odd", "run": echo, **fields}))

    host = PluginHost(entry_points=False)
    host.register(Mistaken(), "mistaken")
    host.tools()
    assert host.records["mistaken"].status == "failed" and message in host.records["mistaken"].error
    assert [line for line in host.problems() if "mistaken" in line and message in line]  # the writer is told


def test_the_public_api_has_what_a_backend_plugin_needs():
    from assistant import Backend, BackendInfo, GenerationParams, GenerationStats  # noqa: F401


def test_disable_and_enable_without_restart():
    host = PluginHost(disabled=["assistant_keywords"], entry_points=False)
    assert host.records["assistant_keywords"].status == "disabled"
    assert "keywords" not in host.tools()
    host.enable("assistant_keywords")
    assert "keywords" in host.tools()
    host.disable("assistant_rewrite")
    assert "rewrite" not in host.tools() and host.records["assistant_rewrite"].status == "disabled"


@pytest.fixture
def site(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    yield site
    for module in [m for m in sys.modules.values() if str(getattr(m, "__file__", "")).startswith(str(site))]:
        del sys.modules[module.__name__]  # the next test's module of that name is another


def test_an_entry_point_that_fails_to_import_is_isolated(site):
    write_distribution(site, "wa_broken_import", "import module_that_does_not_exist\n")
    write_distribution(site, "wa_fine", """
        from assistant import Option, Tool, hookimpl
        @hookimpl
        def register_tools(register):
            register(Tool(name="fine", title="Fine", run=lambda job: iter(["ok"])))
    """)
    host = PluginHost()
    tools = host.tools()
    broken = host.records["wa_broken_import"]
    assert broken.status == "failed" and "module_that_does_not_exist" in broken.error
    assert broken.source == "wa_broken_import" and broken.version == "1.0"
    assert "fine" in tools and "summarize" in tools


def test_the_environment_limits_which_entry_points_load(site, monkeypatch):
    write_distribution(site, "wa_other", "")
    monkeypatch.setenv(LOAD_ENV, "")
    assert "wa_other" not in PluginHost().records
    monkeypatch.setenv(LOAD_ENV, "wa_other")
    assert "wa_other" in PluginHost().records


def test_the_example_plugin_installs_with_pip_and_runs(tmp_path, monkeypatch, backend, sampling):
    target = tmp_path / "installed"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(ROOT / "plugins" / "example-plugin")],
        check=True,
    )  # fmt: skip
    monkeypatch.syspath_prepend(str(target))
    host = PluginHost()
    tools = host.tools()
    record = host.records["headline"]
    assert (record.status, record.source, record.version, record.tools) == (
        "loaded", "writing-assistant-headline", "0.1.0", ["headline"])  # fmt: skip

    from assistant.core.runner import ToolRunner

    runner = ToolRunner(backend, tools, sampling)
    result = result_of(runner, "headline", "The city council agreed to plant two hundred trees in the new park.")
    assert result.text.strip() and "\n" not in result.text


FINE = """
from assistant import Tool, hookimpl
@hookimpl
def register_tools(register):
    register(Tool(name="fine", title="Fine", run=lambda job: "ok", input="selection_or_document", output="panel"))
"""


@pytest.mark.parametrize("source, error", [
    ("import sys\nsys.exit(3)\n", "called sys.exit(3)"),
    ("raise SystemExit\n", "called sys.exit()"),
    ("raise KeyboardInterrupt\n", "raised KeyboardInterrupt, though no Ctrl-C was pressed"),
    ("from assistant import hookimpl\n@hookimpl\ndef register_tools(register):\n    raise SystemExit('bye')\n",
     "called sys.exit('bye')"),
    ("from assistant import hookimpl\n@hookimpl\ndef register_backends(register):\n    raise KeyboardInterrupt\n",
     "raised KeyboardInterrupt"),
])  # fmt: skip
def test_a_plugin_that_exits_or_interrupts_is_failed_and_the_rest_work(site, source, error):
    write_distribution(site, "wa_quitter", source)
    write_distribution(site, "wa_fine", FINE)
    host = PluginHost()
    tools, backends = host.tools(), host.backends()
    quitter = host.records["wa_quitter"]
    assert quitter.status == "failed" and error in quitter.error, quitter.error
    assert "fine" in tools and "summarize" in tools and "local" in backends
    assert [line for line in host.problems() if "wa_quitter" in line and error in line]


@pytest.mark.parametrize("source", [
    "import os, signal, time\nos.kill(os.getpid(), signal.SIGINT)\ntime.sleep(5)\n",
    "import os, signal, time\ntry:\n    os.kill(os.getpid(), signal.SIGINT)\n    time.sleep(5)\n"
    "except BaseException:\n    pass\n",
])  # fmt: skip
def test_a_ctrl_c_pressed_while_a_plugin_loads_still_interrupts(site, source):
    write_distribution(site, "wa_slow", source)  # the second swallows the KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        PluginHost()


def test_a_tool_that_exits_fails_alone():
    from assistant.core.runner import Failed

    tool = Tool(name="quit", title="Quit", run=lambda job: sys.exit(1), input="selection_or_document")
    [*_, failed] = ToolRunner(lambda: None, {"quit": tool}).run("quit", Request("text"))
    assert isinstance(failed, Failed) and "called sys.exit(1)" in str(failed.error)


@pytest.mark.parametrize("entry_point", ["assistant_summarize", "assistant-Summarize", "assistant.core.backends"])
def test_an_entry_point_named_like_a_built_in_cannot_displace_it(site, entry_point):
    write_distribution(site, "wa_evil", FINE, entry_point=entry_point)
    host = PluginHost()
    tools, backends = host.tools(), host.backends()
    builtin = host.records[entry_point.lower().replace("-", "_")]
    assert builtin.source == "built-in" and builtin.status == "loaded" and "summarize" in tools and "local" in backends
    evil = host.records[f"wa_evil:{entry_point}"]  # known by its distribution too
    assert evil.source == "wa_evil" and evil.status == "loaded" and evil.tools == ["fine"]

    # Disabling the built-in leaves the other alone, and the other way round.
    host = PluginHost(disabled=[builtin.name])
    assert host.records[builtin.name].status == "disabled" and "fine" in host.tools()
    host = PluginHost(disabled=["wa_evil"])
    assert host.records[f"wa_evil:{entry_point}"].status == "disabled" and "fine" not in host.tools()
    assert host.records[builtin.name].status == "loaded" and "summarize" in host.tools()
    assert host.find("wa_evil") == [host.records[f"wa_evil:{entry_point}"]]
    assert [r.source for r in host.find(builtin.name)] == ["built-in"]


def test_two_distributions_with_one_entry_point_name_are_both_loaded(site):
    write_distribution(site, "wa_one", FINE, entry_point="fine")
    write_distribution(site, "wa_two", FINE.replace('"fine"', '"fine2"'), entry_point="fine")
    host = PluginHost()
    assert {"fine", "fine2"} <= set(host.tools())
    assert host.records["wa_one:fine"].status == host.records["wa_two:fine"].status == "loaded"


def test_a_tool_that_takes_a_disabled_built_ins_name_is_told(site):
    write_distribution(site, "wa_sum", FINE.replace('"fine"', '"summarize"'))
    host = PluginHost()
    assert host.tools()["summarize"].title == "Summarize" and not host.records["wa_sum"].tools  # refused, said
    host = PluginHost(disabled=["assistant_summarize"])
    assert host.tools()["summarize"].title == "Fine" and host.records["wa_sum"].tools == ["summarize"]
    [line] = [line for line in host.problems() if "wa_sum" in line]
    assert "'summarize'" in line and "assistant_summarize" in line and "disabled" in line
