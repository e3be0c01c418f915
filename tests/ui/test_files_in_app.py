"""Documents in the app: encodings, atomic saves, autosave and recovery after a crash, find and replace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QTextCursor

from assistant.core.recovery import RecoveryStore
from conftest import close_window, make_window


@pytest.fixture
def window(qtbot):  # no model needed for documents
    w = make_window(qtbot, load=False)
    yield w
    close_window(w)


@pytest.mark.parametrize("encoding, text", [
    ("gbk", "春天来了，公园里的花都开了。\r\n小明和妈妈一起去公园散步。\r\n"),
    ("big5", "春天來了，公園裡的花都開了。\n"),
    ("utf-16", "Unicode with a BOM: 你好, café.\n"),
    ("latin-1", "Café crème, naïve façade, déjà vu.\n"),
    ("utf-8-sig", "UTF-8 with a BOM: 你好\n"),
])  # fmt: skip
def test_a_file_opens_and_saves_back_byte_identical(window, tmp_path, encoding, text):
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    original = path.read_bytes()
    tab = window.new_tab(path)
    assert tab is not None and tab.text() == text.replace("\r\n", "\n")
    assert window.save(tab)
    assert path.read_bytes() == original


def test_an_edited_gbk_file_is_saved_in_gbk(window, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("你好".encode("gbk"))
    tab = window.new_tab(path)
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.editor.insertPlainText("，世界")
    assert window.save(tab)
    assert path.read_bytes() == "你好，世界".encode("gbk")
    assert window.encoding_label.text() == "gb18030"


def test_a_binary_file_is_refused_with_a_message(window, tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert window.new_tab(path) is None
    assert "binary" in window.last_error
    assert window.tabs.count() == 1


@pytest.mark.parametrize("where, errno_, message", [
    ("tempfile.mkstemp", 13, "permission"),  # a read-only folder: no temporary file can be made
    ("os.fsync", 28, "disk is full"),  # a full disk: the write fails after the temporary file exists
])  # fmt: skip
def test_a_failed_save_keeps_the_original_and_tells_the_writer(window, tmp_path, monkeypatch, where, errno_, message):
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "doc.md"
    path.write_text("original", encoding="utf-8")
    tab = window.new_tab(path)
    tab.editor.selectAll()
    tab.editor.insertPlainText("changed")  # typed: the document is modified

    def fail(*args, **kwargs):
        raise OSError(errno_, os.strerror(errno_))

    monkeypatch.setattr(where, fail)
    assert not window.save(tab)
    assert message in window.last_error and "unchanged" in window.last_error
    assert path.read_text(encoding="utf-8") == "original"
    assert [p.name for p in folder.iterdir()] == ["doc.md"]  # no temporary file left
    assert tab.is_modified()


def test_find_and_replace_all_is_one_undo_step(window):
    editor = window.current_editor()
    editor.setPlainText("cat and Cat and cat")
    window.find_bar.open(replace=True)
    window.find_bar.find_field.setText("cat")
    window.find_bar.replace_field.setText("dog")
    assert window.find_bar.replace_all() == 3
    assert editor.toPlainText() == "dog and dog and dog"
    editor.undo()
    assert editor.toPlainText() == "cat and Cat and cat"
    window.find_bar.case.setChecked(True)
    assert window.find_bar.replace_all() == 2


def test_word_count_counts_chinese_by_character(window):
    window.current_editor().setPlainText("Hello world, 你好世界。")
    window._update_counts()
    assert window.count_label.text().startswith("6 words")


def test_autosave_then_recovery_after_the_process_is_killed(qtbot, home):
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from assistant.core.settings import Settings
        from assistant.ui.window import MainWindow
        app = QApplication([])
        settings = Settings()
        settings.editor.autosave_seconds = 1
        window = MainWindow(settings)
        window.show()
        window.current_editor().insertPlainText("Unsaved draft, 未保存的草稿.")
        QTimer.singleShot(1600, lambda: print("autosaved", flush=True))
        app.exec()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout.readline().strip() == "autosaved"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()

    window = make_window(qtbot, load=False)
    try:
        window.offer_recovery()
        dialog = window.recovery_dialog
        assert dialog.list.count() == 1
        dialog.accept()
        tab = window.current_tab()
        assert tab.text() == "Unsaved draft, 未保存的草稿." and tab.is_modified()
        assert RecoveryStore().orphans() == []  # offered once, then gone
    finally:
        close_window(window)


def test_a_clean_exit_leaves_nothing_to_recover(qtbot):
    window = make_window(qtbot, load=False)
    window.current_editor().insertPlainText("draft")
    window.autosave()
    assert list(window.recovery.session.glob("*.json"))
    close_window(window)
    assert RecoveryStore().orphans() == []


def test_opening_a_file_replaces_the_empty_untitled_tab(window, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n", encoding="utf-8")
    window.open_files([str(path)])
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["notes.md"]
    window.open_files([str(path)])  # already open: its tab comes forward
    assert window.tabs.count() == 1
    other = tmp_path / "other.md"
    other.write_text("", encoding="utf-8")
    window.open_files([str(other)])
    assert window.tabs.count() == 2
