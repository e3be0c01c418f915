"""The command line, run as a writer runs it: a separate process."""

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from helpers import patched_model

DOC = "The city council met on Tuesday to discuss the new park. Residents asked for more trees and a playground."


def cli(*args, stdin=None, check_code=0, cwd=None, env=None):
    result = subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)],
        input=stdin, capture_output=True, text=True, cwd=cwd, timeout=300, env={**os.environ, **(env or {})},
    )  # fmt: skip
    assert result.returncode == check_code, result.stderr
    return result


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(DOC, encoding="utf-8")
    return path


def test_run_streams_a_summary(doc):
    out = cli("run", "summarize", doc, "--option", "length=sentence").stdout
    assert 0 < len(out.strip()) < len(DOC)


def test_run_reads_standard_input_and_prints_json_keywords():
    out = cli("run", "keywords", "-", "--json", "-o", "count=4", stdin=DOC).stdout
    value = json.loads(out)
    assert isinstance(value, list) and 1 <= len(value) <= 4 and all(k in DOC for k in value)


def test_options_may_come_before_the_file(doc):
    value = json.loads(cli("run", "keywords", "--json", "-o", "count=3", doc).stdout)
    assert isinstance(value, list) and 1 <= len(value) <= 3 and all(k in DOC for k in value)


def test_run_with_a_selection(doc):
    out = cli("run", "rewrite", doc, "--selection", "0:56", "--json").stdout
    assert isinstance(json.loads(out), str)


def test_run_translates_a_gbk_file(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("今天天气很好，我们去爬山吧。".encode("gbk"))
    out = cli("run", "translate", path, "-o", "target=en").stdout
    assert sum(c.isascii() and c.isalpha() for c in out) > 10


@pytest.mark.parametrize("args, code, message", [
    (["run", "poem", "{doc}"], 2, "no tool named 'poem'"),
    (["run", "summarize", "{doc}", "-o", "length=epic"], 2, "length must be one of"),
    (["run", "summarize", "{doc}", "-o", "style=x"], 2, "has no option style"),
    (["run", "summarize", "{doc}", "-o", "novalue"], 2, "KEY=VALUE"),
    (["run", "summarize", "{doc}", "--selection", "a:b"], 2, "START:END"),
    (["run", "summarize", "{doc}", "--selection", "-5:10"], 2, "offsets from 0, never negative"),
    (["run", "rewrite", "{doc}"], 2, "give --selection START:END"),
    (["run", "rewrite", "{doc}", "--selection", "50:10"], 2, "START must come before END"),
    (["run", "rewrite", "{doc}", "--selection", "0:500"], 2, "outside the document"),
    (["run", "summarize", "{empty}"], 2, "no text to work on"),
    (["run", "keywords", "{empty}"], 2, "no text to work on"),
    (["run", "translate", "{blank}"], 2, "no text to work on"),
    (["run", "rewrite", "{blank}", "--selection", "0:3"], 2, "no text to work on"),
    (["models", "download", "notaurl"], 1, "not a web address"),
    (["models", "download", "https://example.org/x.gguf", "--sha256", "abc"], 1, "not a sha256"),
    (["models", "import", "{missing}"], 1, "does not exist"),
    (["run", "summarize", "{missing}"], 1, "does not exist"),
    (["run", "summarize", "{binary}"], 1, "binary file"),
    (["run", "summarize", "{doc}", "--model", "{doc}"], 1, "not a GGUF model file"),
    (["run", "summarize", "{doc}", "--model", "{truncated}"], 1, "incomplete"),
    (["run", "summarize", "{doc}", "--model", "{odd}"], 1, "does not know the model architecture"),
])  # fmt: skip
def test_bad_input_gets_one_clear_line_and_no_traceback(tmp_path, doc, model_path, args, code, message):
    binary = tmp_path / "image.png"
    binary.write_bytes(bytes(range(256)) * 10)
    truncated = tmp_path / "cut.gguf"
    truncated.write_bytes(model_path.read_bytes()[: 4 << 20])
    odd = patched_model(model_path, tmp_path / "odd.gguf", b"\x05\x00\x00\x00\x00\x00\x00\x00llama",
                        b"\x05\x00\x00\x00\x00\x00\x00\x00llamx")  # fmt: skip
    empty, blank = tmp_path / "empty.md", tmp_path / "blank.md"
    empty.write_text("")
    blank.write_text("   \n\n  ")
    names = {"doc": doc, "missing": tmp_path / "missing.md", "binary": binary, "truncated": truncated, "odd": odd,
             "empty": empty, "blank": blank}  # fmt: skip
    result = cli(*(a.format(**names) for a in args), check_code=code)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_lists_tools_plugins_and_models():
    tools = cli("tools").stdout
    for name in ("continue", "rewrite", "translate", "summarize", "keywords"):
        assert name in tools
    plugins = cli("plugins").stdout
    assert plugins.count("built-in") == 9 and "loaded" in plugins and "backend remote" in plugins
    assert "assistant_sources" in plugins and "ask, retriever local" in plugins
    models = cli("models").stdout
    assert "llama" in models and "Q4_1" in models and "context 8,192" in models and "models folder" in models


def test_ctrl_c_cancels_cleanly_with_exit_code_130(tmp_path):
    path = tmp_path / "long.md"
    path.write_text("\n\n".join(f"Part {i}. " + "The river ran past the mill and the town. " * 40 for i in range(40)))
    process = subprocess.Popen([sys.executable, "-m", "assistant", "run", "summarize", str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    line = process.stderr.readline()  # the first progress line: work is under way
    assert line.startswith("progress"), line
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "cancelled" in err and "Traceback" not in err


def test_settings_problems_are_warnings_not_failures(home):
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"engine": {"n_ctx": "huge"}}')
    result = cli("tools", cwd=os.getcwd())
    assert "warning" in result.stderr and "engine.n_ctx" in result.stderr


@pytest.mark.parametrize("content", ['["assistant_keywords"]', '{"tools": ' + "[" * 100_000 + "]" * 100_000 + "}"])
def test_a_settings_file_of_the_wrong_shape_or_depth_is_one_warning_and_kept_aside(home, content):
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(content)
    result = cli("plugins", "disable", "assistant_keywords")
    assert "Traceback" not in result.stderr and result.stderr.count("warning") == 1
    (aside,) = settings.parent.glob("settings.json.bad-*")
    assert str(aside) in result.stderr and aside.read_text() == content
    assert json.loads(settings.read_text()) == {"plugins": {"disabled": ["assistant_keywords"]}}


def test_a_hard_linked_settings_file_keeps_its_link(home, tmp_path):
    """Dotfiles kept with `ln`: after a change from the command line both names are still one file."""
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"editor": {"zoom": 2}}')
    settings.chmod(0o640)
    dotfile = tmp_path / "dotfiles" / "writing-assistant.json"
    dotfile.parent.mkdir()
    os.link(settings, dotfile)
    cli("plugins", "disable", "assistant_keywords")
    assert settings.stat().st_ino == dotfile.stat().st_ino and settings.stat().st_nlink == 2
    assert json.loads(dotfile.read_text()) == {"editor": {"zoom": 2}, "plugins": {"disabled": ["assistant_keywords"]}}
    assert settings.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in settings.parent.iterdir()) == ["settings.json"]


def test_a_hard_linked_settings_file_with_no_room_for_its_backup_is_left_as_it_is_and_said(home, tmp_path):
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("{}")
    os.link(settings, tmp_path / "dotfiles.json")
    (home / "data").write_text("a file where the data folder should be")
    result = cli("plugins", "disable", "assistant_keywords", check_code=1)
    assert result.stderr.count("\n") == 1 and "settings.json must be written in place" in result.stderr
    assert "nothing was written" in result.stderr and settings.read_text() == "{}"


def test_a_read_only_settings_file_is_left_as_it_is_and_said(home):
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"editor": {"zoom": 2}}')
    settings.chmod(0o444)
    result = cli("plugins", "disable", "assistant_keywords", check_code=1)
    assert result.stderr.count("\n") == 1 and "read-only" in result.stderr and str(settings) in result.stderr
    assert settings.read_text() == '{"editor": {"zoom": 2}}' and settings.stat().st_mode & 0o777 == 0o444


def test_models_download_import_rename_delete(tmp_path, model_path, home):
    import hashlib

    from helpers import serving

    data = model_path.read_bytes()
    with serving(data) as server:
        result = cli("models", "download", f"{server.url}/model.gguf", "--sha256", hashlib.sha256(data).hexdigest())
    library = home / "data" / "models"
    assert (library / "model.gguf").read_bytes() == data
    assert "progress" in result.stderr and "MiB" in result.stderr  # stderr is not a terminal here: lines
    settings = home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"engine": {"model": str(library / "model.gguf")}}))  # the model in use
    cli("models", "rename", "model.gguf", "smol")
    assert (library / "smol.gguf").exists()
    assert json.loads(settings.read_text())["engine"]["model"] == str(library / "smol.gguf")
    listing = cli("models").stdout
    assert "library" in listing and "smol.gguf" in listing and "needs about" in listing
    deleted = cli("models", "delete", "smol.gguf")
    assert not (library / "smol.gguf").exists()
    assert "built-in" in deleted.stdout and json.loads(settings.read_text())["engine"]["model"] == ""
    cli("models", "import", model_path, "--link")
    assert (library / model_path.name).is_symlink()
    failed = cli("models", "import", model_path, check_code=1)
    assert "already has" in failed.stderr and "Traceback" not in failed.stderr
    failed = cli("models", "download", "http://127.0.0.1:9/x.gguf", check_code=1)
    assert "Cannot reach" in failed.stderr


def test_ctrl_c_during_a_download_stops_it_and_keeps_the_part(model_path, home):
    from helpers import serving

    with serving(model_path.read_bytes()) as server:
        server.slow = True  # the download is under way when Ctrl-C comes
        process = subprocess.Popen([sys.executable, "-m", "assistant", "models", "download",
                                    f"{server.url}/model.gguf"], stderr=subprocess.PIPE, text=True)  # fmt: skip
        for line in process.stderr:
            if "progress" in line:
                break
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "download stopped" in err and "Traceback" not in err
    assert (home / "data" / "models" / "model.gguf.part").exists()


def test_a_closed_pipe_stops_quietly(tmp_path):
    path = tmp_path / "list.md"
    path.write_text("A list of one hundred animals:\n1. cat\n2. dog\n3.", encoding="utf-8")
    command = f"{sys.executable} -m assistant run continue {path} -o length=long | head -c 5"
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert len(out.stdout) == 5
    assert "Traceback" not in out.stderr and "Broken pipe" not in out.stderr


@pytest.mark.parametrize("text, cursor", [(DOC, "0"), ("", None)])
def test_continue_at_the_start_or_on_an_empty_document_writes_from_nothing(tmp_path, text, cursor):
    path = tmp_path / "start.md"
    path.write_text(text, encoding="utf-8")
    args = ["run", "continue", path, "-o", "length=sentence"] + (["--cursor", cursor] if cursor else [])
    result = cli(*args)
    assert result.stdout.strip() and "Traceback" not in result.stderr


def test_every_command_stops_quietly_when_its_reader_goes():
    for command in ("models", "tools", "plugins"):
        out = subprocess.run(["bash", "-c", f"{sys.executable} -m assistant {command} | head -c 1"],
                             capture_output=True, text=True, timeout=120)  # fmt: skip
        assert len(out.stdout) == 1 and out.stderr == "", (command, out.stderr)


def test_a_full_stdout_and_a_closed_stdin_are_one_line_each():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "assistant", "tools"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1 and result.stderr.strip() == "writing-assistant: No space left on device"
    result = subprocess.run([sys.executable, "-m", "assistant", "run", "summarize", "-"], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2 and "no text to work on" in result.stderr
    closed = subprocess.run(["bash", "-c", f"{sys.executable} -m assistant run summarize - <&-"],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert closed.returncode == 2 and closed.stderr.strip().endswith("standard input is closed: give a FILE")


@pytest.mark.parametrize("command", ["run summarize {doc} --json", "run length {doc}", "tools", "models"])
def test_a_closed_stdout_is_one_line(plugin_env, doc, command):
    closed = subprocess.run(["bash", "-c", f"{sys.executable} -m assistant {command.format(doc=doc)} >&-"],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert closed.returncode == 1 and closed.stderr.count("\n") == 1, closed.stderr
    assert "standard output is closed" in closed.stderr


def interrupt(args: list[str], after: float) -> tuple[int | None, float, str]:
    """Start the CLI, press Ctrl-C `after` seconds after Python's own start-up (on a busy machine it alone
    can take longer than `after`): the exit code, how long it took to exit, stderr. The code is None
    when the command had ended before the key was pressed."""
    started = "import runpy, sys; print('started', file=sys.stderr, flush=True); runpy.run_module('assistant', run_name='__main__', alter_sys=True)"  # fmt: skip
    process = subprocess.Popen([sys.executable, "-c", started, *map(str, args)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert process.stderr.readline() == "started\n"  # as `python -m assistant`, past Python's start-up
    time.sleep(after)
    if process.poll() is not None:
        process.communicate()
        return None, 0.0, ""
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = process.communicate(timeout=60)
    return process.returncode, time.monotonic() - sent, err


@pytest.fixture
def uncancelled(doc) -> float:
    """Seconds the run the tests interrupt takes when nobody does: "at once" is a small part of it, measured
    now, on a machine as busy as for the interrupted run."""
    started = time.monotonic()
    cli("run", "summarize", doc)
    return time.monotonic() - started


@pytest.mark.parametrize("part", [0.1, 0.4, 0.7])
def test_ctrl_c_at_any_moment_exits_130_at_once(doc, part, uncancelled):
    """From the first imports (Python's own start-up, before any of our code, excepted) through the model
    load to generation: Ctrl-C at that part of the uncancelled run, however fast this machine is."""
    after = part * uncancelled
    while (result := interrupt(["run", "summarize", doc], after))[0] is None:
        after /= 2  # this run went faster than the one measured (a busy machine's pace varies): press sooner
    code, took, err = result
    # Half of the whole run: on an idle machine the run is little more than the model's load, which Ctrl-C waits for.
    assert code == 130 and took < uncancelled / 2, (code, took, uncancelled, err)
    assert "Traceback" not in err


def test_an_error_in_cleanup_that_ctrl_c_cut_short_is_the_ctrl_c(monkeypatch, capsys):
    """Ctrl-C inside argparse's intermixed parsing made its `finally` fail (`save_nargs` not yet set):
    a traceback and exit 1, where any other moment gives 'cancelled' and 130."""
    from assistant import cli

    class CutShort:
        def parse_args(self, argv):
            try:
                raise KeyboardInterrupt
            finally:
                raise AttributeError("'_StoreAction' object has no attribute 'save_nargs'")

    monkeypatch.setattr(cli, "parser", CutShort)
    # In process, threads that C code started (Qt's, llama.cpp's callbacks) would look like a thread still
    # at work, and the CLI would end the test run at once, as it ends itself.
    monkeypatch.setattr(threading, "enumerate", lambda: [threading.main_thread()])
    assert cli.main(["tools"]) == 130 and "cancelled" in capsys.readouterr().err
    monkeypatch.setattr(cli, "parser", lambda: 1 / 0)  # a plain bug is still a bug
    with pytest.raises(ZeroDivisionError):
        cli.main(["tools"])


def test_ctrl_c_while_the_model_loads(tmp_path, doc):
    fifo = tmp_path / "model.gguf"
    os.mkfifo(fifo)  # nobody writes: the load waits for ever, as a load from a slow disk would
    code, took, err = interrupt(["run", "summarize", doc, "--model", fifo], 1.5)
    # The load never ends, so exiting at all shows the command did not wait for it (interrupt's timeout).
    assert code == 130 and "cancelled" in err and "Traceback" not in err, (took, err)


SLOW_BACKEND = """
import sys, time
from assistant import hookimpl
from assistant.testing import ScriptedBackend

def slow(settings):
    print("load started", file=sys.stderr, flush=True)
    time.sleep(3)  # a model load: C code that cannot be stopped halfway
    print("load ended", file=sys.stderr, flush=True)
    return ScriptedBackend("ok")

@hookimpl
def register_backends(register):
    register("slow", slow)
"""


def test_ctrl_c_while_the_app_loads_its_model_waits_for_the_load_and_exits_130(tmp_path, home, doc):
    from helpers import write_distribution

    site = tmp_path / "site"
    site.mkdir()
    write_distribution(site, "wa_slow", SLOW_BACKEND)
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text('{"backend": "slow"}')
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(site)}
    process = subprocess.Popen([sys.executable, "-m", "assistant", str(doc)], stderr=subprocess.PIPE, text=True,
                               env=env)  # fmt: skip
    seen = []
    for line in process.stderr:
        seen.append(line)
        if "load started" in line or len(seen) > 100:
            break
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    err = "".join(seen) + err
    assert process.returncode == 130, err
    assert "load ended" in err and "cancelled" in err and "Traceback" not in err


BUSY_BACKEND = """
import sys, time
from assistant import Tool, hookimpl
from assistant.testing import ScriptedBackend

class Busy(ScriptedBackend):
    busy = False

    def count_tokens(self, text):
        self.busy = True
        print("in use", file=sys.stderr, flush=True)
        time.sleep(3)  # a call into the model that does not stop at once
        self.busy = False
        return len(text)

    def close(self):
        if self.busy:
            print("closed while in use", file=sys.stderr, flush=True)

def busy(settings):
    print("load started", file=sys.stderr, flush=True)
    time.sleep(0.5)
    return Busy()

@hookimpl
def register_backends(register):
    register("busy", busy)

@hookimpl
def register_tools(register):
    register(Tool(name="hold", title="Hold", run=lambda job: str(job.count_tokens(job.text)), output="panel",
                  input="selection_or_document"))
"""


@pytest.fixture
def busy_run(tmp_path, doc, monkeypatch):
    """`run hold` on the busy backend, started; its stderr is read line by line."""
    from helpers import write_distribution

    site = tmp_path / "site"
    site.mkdir()
    write_distribution(site, "wa_busy", BUSY_BACKEND)
    monkeypatch.setenv("PYTHONPATH", str(site))
    return subprocess.Popen([sys.executable, "-m", "assistant", "run", "hold", str(doc), "--backend", "busy"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip


def test_ctrl_c_never_closes_the_model_under_the_thread_still_using_it(busy_run):
    """The load ends after Ctrl-C, and the tool goes on into the model: freeing it then would crash."""
    assert "load started" in busy_run.stderr.readline()
    busy_run.send_signal(signal.SIGINT)
    _, err = busy_run.communicate(timeout=60)
    assert busy_run.returncode == 130 and "closed while in use" not in err, err


def test_a_second_ctrl_c_while_the_first_waits_for_the_model_never_closes_it_in_use(busy_run):
    while "in use" not in busy_run.stderr.readline():
        pass
    busy_run.send_signal(signal.SIGINT)  # the run is asked to stop, and waited for a second
    time.sleep(0.3)
    busy_run.send_signal(signal.SIGINT)  # inside that wait
    _, err = busy_run.communicate(timeout=60)
    assert busy_run.returncode == 130 and "closed while in use" not in err, err


WORDS_PLUGIN = """
import dataclasses
from assistant import Progress, Tool, hookimpl

@dataclasses.dataclass
class Count:
    words: int
    unique: set

def count(job):
    words = job.text.split()
    return Count(len(words), set(words))

def shout(job):
    yield "Hello"
    yield Progress(1, 2)
    yield " world"

@hookimpl
def register_tools(register):
    register(Tool(name="count", title="Count", run=count, input="selection_or_document", output="panel"))
    register(Tool(name="shout", title="Shout", run=shout, input="selection_or_document", output="panel"))
    register(Tool(name="stats", title="Stats", input="selection_or_document", output="panel",
                  run=lambda job: {"words": len(job.text.split()), "lines": job.text.count("\\n") + 1}))
    register(Tool(name="length", title="Length", run=lambda job: len(job.text), input="selection_or_document",
                  output="panel"))
"""


@pytest.fixture
def plugin_env(tmp_path, monkeypatch):
    """An installed plugin with model-free tools, seen by the CLI's process."""
    from helpers import write_distribution

    site = tmp_path / "site"
    site.mkdir()
    write_distribution(site, "wa_words", WORDS_PLUGIN)
    monkeypatch.setenv("PYTHONPATH", str(site))


def test_a_tool_that_needs_no_model_runs_without_one(plugin_env, doc, tmp_path):
    result = cli("run", "count", doc, "--json", "--model", tmp_path / "missing.gguf")
    value = json.loads(result.stdout)
    assert value["words"] == len(DOC.split()) and "trees" in value["unique"]
    failed = cli("run", "summarize", doc, "--model", tmp_path / "missing.gguf", check_code=1)
    assert "missing.gguf" in failed.stderr and "Traceback" not in failed.stderr


def test_run_prints_returned_data_as_the_results_panel_shows_it(plugin_env, doc):
    from assistant.core.tools import readable

    value = {"words": len(DOC.split()), "lines": 1}
    assert cli("run", "stats", doc).stdout == "words: %d\nlines: 1\n" % value["words"] == readable(value, "") + "\n"
    assert cli("run", "length", doc).stdout == f"{len(DOC)}\n"


def test_the_progress_bar_never_erases_streamed_text(monkeypatch):
    """On a terminal, stdout and stderr share the screen: the bar redraws only a line of its own."""
    import io

    from assistant.cli import run as cli_module
    from assistant.core.runner import ToolRunner
    from assistant.core.session import Session
    from assistant.core.settings import Settings

    namespace: dict = {}
    exec(WORDS_PLUGIN, namespace)  # noqa: S102

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setattr(sys, "stderr", screen)
    tool = namespace["Tool"](name="shout", title="Shout", run=namespace["shout"], input="selection_or_document")
    session = Session(Settings(), {"shout": tool})
    run = session.start_run(None, tool, cli_module.Request("x"))
    assert cli_module._stream(ToolRunner(lambda: None, {"shout": tool}), session, run, False) == 0
    assert run.state == "done" and run.result.text == "Hello world"
    lines = []
    for line in screen.getvalue().split("\n"):  # what a terminal shows: \r and erase-line redraw a line
        lines.append(line.split("\r")[-1].replace("\x1b[K", ""))
    assert "Hello" in lines and " world" in lines


def test_run_uses_the_writing_memory_the_app_keeps_for_the_file(doc, tmp_path):
    from assistant.core import memory

    memory.save(doc, memory.Memory(glossary=[("council", "议会")]))
    result = cli("run", "translate", doc, "-o", "target=Simplified Chinese")
    assert "议会" in result.stdout or "glossary" in result.stderr  # followed, or the miss is named


def test_verbose_opens_the_app_too_with_its_log_on_stderr(doc):
    """`writing-assistant -v notes.md`, as the plugin guide's Logs section says: the app, logging on stderr."""
    process = subprocess.Popen([sys.executable, "-m", "assistant", "-v", str(doc)], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    try:
        seen = []
        for line in process.stderr:  # the app logs its model's load once it has a window
            seen.append(line)
            if "model loaded:" in line or len(seen) > 2000:
                break
        assert "model loaded:" in seen[-1] and process.poll() is None, "".join(seen[-20:])
    finally:
        process.kill()
        process.communicate()


@pytest.mark.parametrize("content", ['["notes"]', '{"notes": "n", "glossary": [["one"]]}', "[" * 100_000])
def test_a_writing_memory_of_the_wrong_shape_is_moved_aside_and_run_goes_on(plugin_env, doc, home, content):
    from assistant.core import memory

    memory.save(doc, memory.Memory("notes"))
    (file,) = (home / "data" / "memory").iterdir()
    file.write_text(content, encoding="utf-8")
    result = cli("run", "count", doc, "--json")
    assert json.loads(result.stdout)["words"] == len(DOC.split())
    assert "Traceback" not in result.stderr and "writing memory" in result.stderr and ".bad-" in result.stderr
    (aside,) = (home / "data" / "memory").iterdir()
    assert aside.read_text(encoding="utf-8") == content


@pytest.mark.parametrize("command", [
    ["models", "download", "http://writer:TOKEN-1234567@127.0.0.1:{port}/model.gguf"],
    ["run", "summarize", "{doc}", "--server", "http://writer:TOKEN-1234567@127.0.0.1:{port}/v1"],
])  # fmt: skip
def test_a_token_in_a_url_never_reaches_the_terminal(doc, command):
    """The log redacts it; the one line of a command that failed must too (a terminal, a CI log)."""
    from helpers import free_port

    port = free_port()  # nobody listens there
    result = cli("-v", *[part.format(port=port, doc=doc) for part in command], check_code=1)
    assert "TOKEN-1234567" not in result.stderr + result.stdout and "127.0.0.1" in result.stderr
