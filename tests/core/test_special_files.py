"""Named pipes, devices and huge files where the app expects a file: refused in one sentence, never a hang
(no Qt here). Each read runs in a thread that must finish, so a hang fails the test instead of the suite."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time

import pytest

from assistant.core import files, paths, prompt_tools
from assistant.core.documents import Document
from assistant.core.errors import DocumentError, ToolError
from assistant.core.settings import Settings

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


def finishes(work, seconds: float = 20):
    """The result (or exception) of `work()`, which must end within `seconds`."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # noqa: BLE001 (handed to the test)
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the read hangs"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.md"
    os.mkfifo(path)
    return path


def test_a_named_pipe_as_the_document_is_refused_at_once(fifo):
    with pytest.raises(DocumentError, match="named pipe"):
        finishes(lambda: Document.open(fifo))


def test_a_device_as_the_document_is_refused_before_reading():
    """In a process of its own with little memory: reading /dev/zero would otherwise take all there is."""
    code = "from assistant.core.documents import Document\nDocument.open('/dev/zero')"
    limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # noqa: E731
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            preexec_fn=limit)  # fmt: skip
    assert "DocumentError" in result.stderr and "is a device" in result.stderr, result.stderr[-500:]


def test_a_file_past_the_limit_is_refused_with_the_limit_named(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(files.DOCUMENT_LIMIT + 1)  # sparse: no disk used
    with pytest.raises(DocumentError, match=r"100\.0 MB at most"):
        finishes(lambda: Document.open(path))


def test_a_document_swapped_for_a_pipe_is_seen_as_gone_not_read(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text("text\n", encoding="utf-8")
    document = Document.open(path)
    path.unlink()
    os.mkfifo(path)
    assert finishes(document.disk_change) == "deleted"


def test_the_reader_refuses_a_pipe_swapped_in_after_the_check(tmp_path, monkeypatch):
    """The check and the open are two steps: a pipe put in between must not block the open."""
    path = tmp_path / "doc.md"
    path.write_text("text\n", encoding="utf-8")
    real_stat, swapped = os.stat, []

    def swap_after_stat(target, *args, **kwargs):
        result = real_stat(target, *args, **kwargs)
        if str(target) == str(path) and not swapped:
            swapped.append(True)
            os.unlink(path)
            os.mkfifo(path)
        return result

    monkeypatch.setattr(os, "stat", swap_after_stat)
    with pytest.raises(DocumentError, match="named pipe"):
        finishes(lambda: files.read_regular_file(path, 100, "document", DocumentError))


def test_a_prompt_tool_that_is_a_pipe_is_reported_and_the_others_load():
    folder = paths.prompt_tools_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "stuck.prompt")
    (folder / "fine.prompt").write_text("---\ntitle: Fine\n---\n[user]\n{{text}}\n", encoding="utf-8")
    registered, reported = [], []
    finishes(lambda: prompt_tools.register_tools(registered.append, reported.append))
    assert [tool.name for tool in registered] == ["fine"]
    assert len(reported) == 1 and "stuck.prompt" in reported[0] and "named pipe" in reported[0]


def test_settings_and_memory_that_are_pipes_do_not_hang(tmp_path):
    from assistant.core import memory

    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(paths.settings_file())
    settings, problems = finishes(Settings.load)
    assert settings == Settings() and any("named pipe" in p for p in problems)
    document = tmp_path / "doc.md"
    document.write_text("x", encoding="utf-8")
    note = memory._file_for(document)
    note.parent.mkdir(parents=True)
    os.mkfifo(note)
    assert not finishes(lambda: memory.load(document))


def _render_time(blocks: int) -> float:
    source = "---\ntitle: T\n---\n[user]\n" + "{{#text}} x " * blocks + "{{text}}\n"
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        prompt_tools.preview(source, "sample")
        best = min(best, time.perf_counter() - start)
    return best


def test_unclosed_blocks_cost_time_in_proportion_to_their_number():
    """30,000 unclosed {{#blocks}} took 59 s to list (each searched the rest of the file for its end);
    ten times the blocks must cost about ten times the time, not a hundred (half that bound: a busy
    machine can slow one measure a few times over)."""
    small, large = _render_time(2_000), _render_time(20_000)
    assert large < 50 * small + 0.05


def test_unclosed_and_stray_tags_stay_as_written():
    from assistant.core.templates import render

    prompt = render("[user]\n{{#text}}open {{/other}} {{^text}}no{{/text}} {{#text}}{{#text}}in{{/text}}out{{/text}}",
                    {"text": "t", "other": ""})  # fmt: skip
    assert prompt.user == "{{#text}}open {{/other}}  inout"
    with pytest.raises(ToolError, match="unknown variable"):
        render("[user]\n{{#text}}{{missing}}{{/text}}", {"text": "t"})
    assert render("[user]\n{{^text}}{{missing}}{{/text}}x", {"text": "t"}).user == "x"  # never shown, never asked


# -- files dropped on the app ---------------------------------------------------------------------------

@pytest.mark.skipif(os.name == "nt", reason="POSIX names")
def test_a_dropped_uri_list_gives_each_file_s_name_byte_for_byte():
    """A file manager percent-encodes a name's bytes: a name that is not UTF-8 (which Qt's own URL and
    file dialog cannot hold) comes back as os.fsdecode gives it."""
    data = (b"# dragged from a file manager\r\nfile:///home/w/caf%E9.txt\r\nfile://localhost/home/w/%E6%98%A5.md\r\n"
            b"https://example.com/x.txt\r\nfile://otherhost/x.txt\r\nfile:///home/w/a%20b.txt")  # fmt: skip
    assert [os.fsencode(p) for p in paths.from_uri_list(data)] == [b"/home/w/caf\xe9.txt", "/home/w/春.md".encode(),
                                                                   b"/home/w/a b.txt"]  # fmt: skip
    assert paths.from_uri_list(b"") == [] and paths.from_uri_list(b"\xff\xfe garbage\r\n") == []
