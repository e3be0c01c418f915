"""`sources`, `search` and `ask` on the command line, as a writer runs them: a separate process each."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from test_cli import cli

NOTES = """# The valley

The old stone bridge over the river was built in 1847 by the miller's guild. It has three arches and
carried carts to the market until 1950, when the new road opened and the heavy lorries went round it.

A suspension bridge replaced the ferry at the lower crossing in 1912. Its cables came from a foundry in
Sheffield, and the chains of the old ferry are kept in the museum beside the church.
"""
ZH = "造纸术是中国古代的四大发明之一。东汉的蔡伦改进了造纸术，用树皮、麻头、破布和旧渔网造纸。\n"


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "valley.md").write_text(NOTES, encoding="utf-8")
    (folder / "纸.txt").write_bytes(ZH.encode("gb18030"))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    return folder


def test_add_list_status_remove(folder):
    added = cli("sources", "add", folder)
    assert "2 file(s) read" in added.stdout and "image.png: skipped" in added.stderr
    assert cli("sources", "list").stdout.strip() == f"{folder}  (2 file(s), 3 passage(s))"
    status = cli("sources", "status").stdout
    assert "files: 2\npassages: 3\nembedded: 0%\npending: 0 file(s)" in status and "skipped: 1" in status
    (folder / "new.txt").write_text("The mill pond froze in the winter of 1895.")
    assert "pending: 1 file(s)" in cli("sources", "status").stdout
    assert "1 file(s) read" in cli("sources", "add").stdout  # no path: read what changed
    assert "3 file(s) of it" in cli("sources", "remove", folder).stdout
    assert cli("sources", "list").stdout == ""
    assert "no sources yet: `writing-assistant sources add FOLDER`" in cli("search", "bridge").stderr
    assert "not one of the sources" in cli("sources", "remove", folder, check_code=1).stderr
    assert "does not exist" in cli("sources", "add", folder / "nowhere", check_code=1).stderr


def test_search_json_is_exactly_the_documented_list(folder):
    cli("sources", "add", folder)
    hits = json.loads(cli("search", "Which bridges were built of stone?", "--json", "-n", "2").stdout)
    assert [sorted(h) for h in hits] == [["line", "page", "path", "score", "text"]] * 2
    assert hits[0]["path"] == str(folder / "valley.md") and hits[0]["line"] == 1 and hits[0]["page"] is None
    assert "1847" in hits[0]["text"] and hits[0]["score"] >= hits[1]["score"]
    [paper] = json.loads(cli("search", "蔡伦", "--json").stdout)
    assert paper["path"] == str(folder / "纸.txt") and paper["line"] == 1
    assert json.loads(cli("search", "spaceship", "--json").stdout) == []
    assert "valley.md:1" in cli("search", "suspension bridge").stdout


def test_search_reads_files_changed_since_they_were_added(folder):
    cli("sources", "add", folder)
    (folder / "valley.md").write_text(NOTES.replace("1847", "1848"), encoding="utf-8")
    (folder / "later.md").write_text("The lighthouse keeper kept a diary of every storm.", encoding="utf-8")
    assert "1848" in json.loads(cli("search", "stone bridge", "--json", "-n", "1").stdout)[0]["text"]
    assert json.loads(cli("search", "lighthouse diary", "--json").stdout)[0]["path"].endswith("later.md")


def test_ask_answers_from_the_sources_with_citations_or_says_it_cannot(folder):
    cli("sources", "add", folder)
    found = json.loads(cli("ask", "When was the old stone bridge built?", "--json").stdout)
    assert sorted(found) == ["answer", "citations", "found"] and found["found"] is True
    assert "[1]" in found["answer"] and "1847" in found["answer"]
    # The passage starts at the heading (line 1); the citation points at the paragraph that answers
    assert found["citations"][0] == {"path": str(folder / "valley.md"), "line": 3, "page": None,
                                     "text": found["citations"][0]["text"]}  # fmt: skip
    zh = json.loads(cli("ask", "谁改进了造纸术？", "--json").stdout)
    assert zh["found"] and "蔡伦" in zh["answer"] and zh["citations"][0]["path"] == str(folder / "纸.txt")
    nothing = cli("ask", "What is the boiling point of liquid nitrogen?", "--json")
    assert json.loads(nothing.stdout) == {"answer": "", "found": False, "citations": []}
    assert "Nothing in your sources answers this" in nothing.stderr
    shown = cli("ask", "When did a suspension bridge replace the ferry?")
    assert "1912" in shown.stdout and f"[1] {folder / 'valley.md'}:6" in shown.stdout


def test_ctrl_c_while_adding_keeps_what_was_read(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(400):
        (folder / f"{n:03}.md").write_text(f"Note {n}. The harbour had boats.\n\n" * 300)
    process = subprocess.Popen([sys.executable, "-m", "assistant", "sources", "add", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 120
    read = 0
    while read < 10:  # ten files under way: an event, not a wait that a fast machine outlasts (the add ended)
        read += "progress" in process.stderr.readline()
        assert time.monotonic() < deadline
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err and "goes on from there" in err
    status = cli("sources", "status").stdout
    files = int(status.split("files: ")[1].split()[0])
    assert 0 < files < 400 and f"pending: {400 - files} file(s)" in status
    assert os.path.exists(folder)


def test_ask_works_the_same_on_the_remote_backend(folder, model_path):
    from helpers import LlamaServer

    cli("sources", "add", folder)
    server = LlamaServer(model_path)
    try:
        found = json.loads(cli("ask", "When was the old stone bridge built?", "--json", "--server", server.url).stdout)
    finally:
        server.kill()
    assert found["found"] and "1847" in found["answer"] and found["citations"][0]["path"] == str(folder / "valley.md")


def test_two_processes_adding_at_once_leave_one_whole_index(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):
        (folder / f"{n:02}.md").write_text(f"Note {n}. The harbour had boats and a lighthouse.\n\n" * 50)
    command = [sys.executable, "-m", "assistant", "sources", "add", str(folder)]
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for process in both:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0 and "Traceback" not in err, err
    status = cli("sources", "status").stdout
    assert "files: 60\n" in status and "pending: 0 file(s)" in status
    assert len(json.loads(cli("search", "lighthouse", "--json", "-n", "5000").stdout)) == int(
        status.split("passages: ")[1].split()[0])
