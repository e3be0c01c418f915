"""`run` on files at the edges, as a writer runs it: named pipes, devices, odd encodings, --encoding.

A model-free tool that returns the text it was given shows exactly what the CLI read."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

ECHO_PLUGIN = """
from assistant import Tool, hookimpl

@hookimpl
def register_tools(register):
    register(Tool(name="echo", title="Echo", run=lambda job: job.text, input="selection_or_document",
                  output="panel"))
"""


def cli(*args, check_code=0, stdin=None, timeout=60):
    result = subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True,
                            timeout=timeout, stdin=stdin)  # fmt: skip
    assert result.returncode == check_code, result.stderr
    return result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


@pytest.fixture(autouse=True)
def echo_plugin(tmp_path, monkeypatch):
    from helpers import write_distribution

    site = tmp_path / "site"
    site.mkdir()
    write_distribution(site, "wa_echo", ECHO_PLUGIN)
    monkeypatch.setenv("PYTHONPATH", str(site))


def echoed(path, *options, check_code=0):
    out, err = cli("run", "echo", path, "--json", *options, check_code=check_code)
    return (json.loads(out) if out else None), err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_one_clear_line_not_a_hang(tmp_path):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    _, err = echoed(fifo, check_code=1)
    assert err.strip().count("\n") == 0 and "named pipe" in err and "Traceback" not in err


def test_a_device_is_refused_before_it_is_read():
    _, err = echoed("/dev/zero", check_code=1)
    assert "is a device" in err and "Traceback" not in err


def test_standard_input_that_never_ends_stops_at_the_limit():
    with open("/dev/zero", "rb") as zero:
        _, err = cli("run", "echo", "-", check_code=1, stdin=zero)
    assert "100.0 MB at most" in err and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_prompt_tool_that_is_a_pipe_does_not_stop_tools(home):
    from assistant.core import paths

    folder = paths.prompt_tools_dir()
    folder.mkdir(parents=True)
    os.mkfifo(folder / "stuck.prompt")
    out, err = cli("tools")
    assert "echo" in out and "stuck.prompt" in err and "named pipe" in err


def test_encoding_names_the_file_s_encoding(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes("春天來了".encode("big5"))
    assert echoed(path, "--encoding", "big5")[0] == "春天來了"
    as_gb, _ = echoed(path, "--encoding", "gb18030")
    assert as_gb == "春天來了".encode("big5").decode("gb18030", "replace")
    _, err = echoed(path, "--encoding", "klingon", check_code=1)
    assert "no encoding named 'klingon'" in err and "Traceback" not in err


def test_a_few_invalid_bytes_are_shown_and_said(tmp_path):
    path = tmp_path / "damaged.md"
    path.write_bytes("春天来了，公园里的花都开了。\n".encode() + b"caf\xe9\n")
    text, err = echoed(path)
    assert text == "春天来了，公园里的花都开了。\ncaf\ufffd\n"
    assert "1 byte(s) of damaged.md are not valid utf-8" in err


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path, encoding):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Hello, 世界\n".encode(encoding))
    assert echoed(path)[0] == "Hello, 世界\n"


def test_short_gb18030_with_a_euro_sign_is_read(tmp_path):
    path = tmp_path / "price.txt"
    path.write_bytes("5€".encode("gb18030"))
    assert echoed(path)[0] == "5€"
