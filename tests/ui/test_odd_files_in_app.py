"""Odd files in the app: invalid bytes shown and kept, Reopen with Encoding, a line of megabytes.

Counts, not times: what ran over the long line, what the editor holds, what is on disk."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog

from assistant.ui import counts, highlighter
from conftest import close_window, make_window


@pytest.fixture
def window(qtbot):  # no model needed for documents
    w = make_window(qtbot, load=False)
    yield w
    close_window(w)


def test_invalid_bytes_are_shown_said_and_saved_back(window, tmp_path):
    data = "春天来了，公园里的花都开了。\n".encode() + b"caf\xe9 \xff\n" + "小明。\n".encode()
    path = tmp_path / "damaged.md"
    path.write_bytes(data)
    tab = window.files.open(path)
    assert tab is not None and "caf\ufffd \ufffd" in tab.text()
    assert tab.notice_bar.isVisibleTo(window) and "2 bytes are not valid UTF-8" in tab.notice_bar.message.text()
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.editor.insertPlainText("完")
    assert window.files.save(tab)
    assert path.read_bytes() == data + "完".encode()


def test_reopen_with_another_encoding_from_the_menu_and_by_name(window, tmp_path, monkeypatch):
    data = "春天來了，公園裡的花都開了。\n".encode("big5")
    path = tmp_path / "big5.txt"
    path.write_bytes(data)
    tab = window.files.open(path)
    assert tab.encoding == "big5" and tab.text() == data.decode("big5")
    gb = next(a for a in window.reopen_menu.actions() if a.text() == "gb18030")
    gb.trigger()
    assert tab.encoding == "gb18030" and tab.text() == data.decode("gb18030", "replace")
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("cp950", True))
    other = window.reopen_menu.actions()[-1]
    assert other.text() == "Other…"
    other.trigger()
    assert tab.encoding == "cp950" and tab.text() == data.decode("cp950")
    assert window.status.encoding_label.text() == "cp950" and not tab.notice_bar.isVisibleTo(window)
    assert window.files.save(tab) and path.read_bytes() == data


@pytest.fixture
def long_line(tmp_path):
    path = tmp_path / "one-line.txt"
    path.write_text("word " * 60_000 + "end\nsecond line\n", encoding="utf-8")  # a line of 300,003 characters
    return path


def test_a_line_too_long_to_edit_opens_read_only_with_a_bar(window, long_line, monkeypatch):
    highlighted = []
    monkeypatch.setattr(highlighter, "spans",
                        lambda text, in_fence: highlighted.append(len(text)) or [])  # fmt: skip
    counted = []
    real_count = counts.count_words
    monkeypatch.setattr(counts, "count_words", lambda text: counted.append(len(text)) or real_count(text))
    original = long_line.read_bytes()
    tab = window.files.open(long_line)
    window.status.count_label.update_counts()
    assert tab.editor.isReadOnly() and tab.notice_bar.isVisibleTo(window)
    assert "300,003 characters is too long" in tab.notice_bar.message.text()
    # Qt never holds the long line whole, the highlighter and the word count never read it.
    blocks = tab.document.firstBlock()
    while blocks.isValid():
        assert blocks.length() <= 20_000
        blocks = blocks.next()
    assert sum(highlighted) == 0 and counted == []
    assert window.status.count_label.text() == f"{len(original.decode()) - 2:,} characters"
    # Keys do nothing, nor do tools that would change the text, and saving writes the same bytes.
    QTest.keyClicks(tab.editor, "typed")
    assert not tab.is_modified() and tab.doc.document.text == original.decode()
    rewrite = window.session.tools.get("rewrite")
    assert "read-only" in window.runs.unavailable(rewrite)
    assert window.files.save(tab) and long_line.read_bytes() == original


def test_a_document_reloaded_with_short_lines_is_editable_again(qtbot, window, long_line):
    tab = window.files.open(long_line)
    assert tab.editor.isReadOnly()
    long_line.write_text("short now\n", encoding="utf-8")
    window.files.check_disk(tab)
    assert not tab.editor.isReadOnly() and not tab.notice_bar.isVisibleTo(window)
    assert tab.editor.highlighter.enabled
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClick(tab.editor, Qt.Key.Key_A)
    assert tab.text() == "short now\na"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_prompt_tool_that_is_a_pipe_is_shown_as_such_in_the_dialog(window):
    from assistant.core import paths

    folder = paths.prompt_tools_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "stuck.prompt")
    window.plugins.open_prompt_tools_dialog()  # lists it, and shows the first one: this one
    dialog = window.plugins.prompt_tools_dialog
    dialog.list.setCurrentItem(dialog.list.findItems("stuck.prompt", Qt.MatchFlag.MatchExactly)[0])
    assert "named pipe" in dialog.editor.placeholderText() and dialog.editor.isReadOnly()
    assert not dialog.save_button.isEnabled()
    dialog.reject()
