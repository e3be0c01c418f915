"""Documents in the app: encodings, atomic saves, autosave and recovery after a crash, find and replace."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

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
    tab = window.files.open(path)
    assert tab is not None and tab.text() == text.replace("\r\n", "\n")
    assert window.files.save(tab)
    assert path.read_bytes() == original


def test_an_edited_gbk_file_is_saved_in_gbk(window, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("你好".encode("gbk"))
    tab = window.files.open(path)
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.editor.insertPlainText("，世界")
    assert window.files.save(tab)
    assert path.read_bytes() == "你好，世界".encode("gbk")
    assert window.status.encoding_label.text() == "gb18030"


def test_a_binary_file_is_refused_with_a_message(window, tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert window.files.open(path) is None
    assert "binary" in window.last_error
    assert window.tabs.count() == 1


@pytest.mark.parametrize("where, errno_, message", [
    ("os.replace", 13, "permission"),  # the rename over the old file is refused
    ("os.fsync", 28, "disk is full"),  # a full disk: the write fails after the temporary file exists
])  # fmt: skip
def test_a_failed_save_keeps_the_original_and_tells_the_writer(window, tmp_path, monkeypatch, where, errno_, message):
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "doc.md"
    path.write_text("original", encoding="utf-8")
    tab = window.files.open(path)
    tab.editor.selectAll()
    tab.editor.insertPlainText("changed")  # typed: the document is modified

    def fail(*args, **kwargs):
        raise OSError(errno_, os.strerror(errno_))

    monkeypatch.setattr(where, fail)
    assert not window.files.save(tab)
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
    window.status.count_label.update_counts()
    assert window.status.count_label.text().startswith("6 words")


CRASHING_APP = """
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
if len(sys.argv) > 1:  # restore what is offered, then crash before any autosave
    window.files.offer_recovery()
    window.files.recovery_dialog.restore_button.click()
    print("restored", flush=True)
else:
    window.current_editor().insertPlainText("Unsaved draft, 未保存的草稿.")
    QTimer.singleShot(1600, lambda: print("autosaved", flush=True))
app.exec()
"""


def crash(*args: str) -> None:
    """Run the app in a process of its own until it says it is ready, then kill -9 it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([sys.executable, "-c", CRASHING_APP, *args], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout.readline().strip() in ("autosaved", "restored")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()


def offered(qtbot) -> tuple:
    window = make_window(qtbot, load=False)
    window.files.offer_recovery()
    return window, getattr(window.files, "recovery_dialog", None)


def test_autosave_then_recovery_after_the_process_is_killed(qtbot, home):
    crash()
    window, dialog = offered(qtbot)
    try:
        assert dialog.list.count() == 1
        QTest.keyClick(dialog.restore_button, Qt.Key.Key_Space)
        tab = window.current_tab()
        assert tab.text() == "Unsaved draft, 未保存的草稿." and tab.is_modified()
        assert RecoveryStore().orphans() == []  # not offered twice while this app lives
    finally:
        close_window(window)


def test_dismissing_the_recovery_dialog_keeps_the_drafts_for_the_next_start(qtbot, home):
    crash()
    for _ in range(2):  # Esc, then the window's close button: nothing is decided, nothing is lost
        window, dialog = offered(qtbot)
        try:
            assert dialog.list.count() == 1
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
            assert not dialog.isVisible()
        finally:
            window.files.shutdown()
            close_window(window)
    window, dialog = offered(qtbot)
    try:
        assert dialog is not None and dialog.list.count() == 1
    finally:
        close_window(window)


def test_a_crash_right_after_restoring_loses_nothing(qtbot, home):
    crash()
    crash("--restore")  # the second app restores the draft and dies before its first autosave
    window, dialog = offered(qtbot)
    try:
        assert dialog.list.count() == 1
        dialog.restore_button.click()
        assert window.current_tab().text() == "Unsaved draft, 未保存的草稿."
    finally:
        close_window(window)


def test_a_restored_draft_lives_until_its_document_is_saved(qtbot, home, tmp_path, monkeypatch):
    crash()
    window, dialog = offered(qtbot)
    try:
        dialog.restore_button.click()
        store = window.files.recovery
        assert len(list(store.session.glob("*.json"))) == 1  # kept, under this app's session
        target = tmp_path / "kept.md"
        monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
        assert window.files.save()
        assert target.read_text(encoding="utf-8") == "Unsaved draft, 未保存的草稿."
        assert list(store.session.glob("*.json")) == []
    finally:
        close_window(window)


def test_discarding_drafts_asks_and_then_deletes_them(qtbot, home, monkeypatch):
    crash()
    window, dialog = offered(qtbot)
    try:
        monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question",
                            lambda *a, **k: QMessageBox.StandardButton.Discard)  # fmt: skip
        dialog.discard_button.click()
        assert window.files.recovery.orphans() == [] and window.tabs.count() == 1
        assert [p for p in (home / "data" / "recovery").iterdir() if p != window.files.recovery.session] == []
    finally:
        close_window(window)


def died_with_a_draft(qtbot, path) -> None:
    """An app that opened `path`, typed, autosaved, and died (its session is left to the next app)."""
    first = make_window(qtbot, load=False)
    tab = first.files.open(path)
    QTest.keyClicks(tab.editor, "mine ")
    first.files.autosave()
    store, first.files.recovery = first.files.recovery, None
    store._lock.close()
    close_window(first)


@pytest.mark.parametrize("changed", [True, False])
def test_a_restored_draft_never_overwrites_what_another_program_wrote_meanwhile(qtbot, tmp_path, changed):
    path = tmp_path / "shared.md"
    path.write_text("line one\n", encoding="utf-8")
    died_with_a_draft(qtbot, path)
    if changed:  # a colleague or a sync client, while the app was down
        path.write_text("line one\nadded by a colleague\n", encoding="utf-8")
    else:
        os.utime(path, (1, 1))  # touched, same bytes: nothing to ask
    window, dialog = offered(qtbot)
    try:
        dialog.restore_button.click()
        tab = window.current_tab()
        assert tab.text() == "mine line one\n" and tab.is_modified()
        if changed:
            assert tab.disk_bar.isVisible() and tab.disk_bar.change == "changed"
            assert not window.files.save(tab)
            assert path.read_text(encoding="utf-8") == "line one\nadded by a colleague\n"
            tab.disk_bar.compare_button.click()
            assert "added by a colleague" in window.files.compare_dialog.view.toPlainText()
            window.files.compare_dialog.close()
            tab.disk_bar.keep_button.click()  # seen, and the writer keeps theirs
        else:
            assert not tab.disk_bar.isVisible()
        assert window.files.save(tab) and path.read_text(encoding="utf-8") == "mine line one\n"
    finally:
        close_window(window)


def test_a_draft_restored_for_a_file_opened_at_start_takes_its_untouched_tab(qtbot, tmp_path):
    """`writing-assistant notes.md` after a crash: the file opens, then Restore; one tab of it, with the draft."""
    path = tmp_path / "notes.md"
    path.write_text("line one\n", encoding="utf-8")
    died_with_a_draft(qtbot, path)
    window = make_window(qtbot, load=False)
    try:
        window.files.open(path)  # as the command line does, before the drafts are offered
        window.files.offer_recovery()
        window.files.recovery_dialog.restore_button.click()
        (tab,) = window.all_tabs()
        assert tab.text() == "mine line one\n" and tab.is_modified() and window.current_tab() is tab
        assert window.files.save(tab) and path.read_text(encoding="utf-8") == "mine line one\n"
    finally:
        close_window(window)


def test_a_damaged_draft_is_named_at_start_and_the_others_offered(qtbot, home):
    crash()
    (session,) = (home / "data" / "recovery").iterdir()
    (session / "bad.json").write_text('{"text": null, "path": 7, "encoding": "utf-8", "saved_at": "soon"}')
    window, dialog = offered(qtbot)
    try:
        assert dialog.list.count() == 1
        (notice,) = window.files.notices
        assert "could not be read" in notice and str(home / "data" / "recovery" / "damaged") in notice
    finally:
        close_window(window)


def test_a_clean_exit_leaves_nothing_to_recover(qtbot):
    window = make_window(qtbot, load=False)
    window.current_editor().insertPlainText("draft")
    window.files.autosave()
    assert list(window.files.recovery.session.glob("*.json"))
    close_window(window)
    assert RecoveryStore().orphans() == []


def test_opening_a_file_replaces_the_empty_untitled_tab(window, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n", encoding="utf-8")
    window.files.open_files([str(path)])
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["notes.md"]
    window.files.open_files([str(path)])  # already open: its tab comes forward
    assert window.tabs.count() == 1
    other = tmp_path / "other.md"
    other.write_text("", encoding="utf-8")
    window.files.open_files([str(other)])
    assert window.tabs.count() == 2


# -- bytes the writer did not touch, through the real editor ---------------------------------------

SPECIAL = ["\u00a0", "\u2028", "\u2029", "\r", "\n", "\r\n", "\t", "\x0c", "\x01", "\ufdd0", "\ufdd1", "😀", "中"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=5)), max_size=25).map("".join),
       where=st.floats(0, 1))  # fmt: skip
def test_typing_anywhere_then_saving_changes_only_what_was_typed(window, tmp_path, text, where):
    text = text.replace("\x00", "")
    path = tmp_path / "typed.txt"
    path.write_bytes(text.encode("utf-8"))
    tab = window.files.open(path)
    lines = tab.text().split("\n")
    line = int(where * (len(lines) - 1))
    cursor = QTextCursor(tab.document.findBlockByNumber(line))
    tab.editor.setTextCursor(cursor)
    QTest.keyClicks(tab.editor, "Hi")
    assert window.files.save(tab)
    raw_lines = re.split("\r\n|\n|\r|\u2029|\ufdd0|\ufdd1", text)
    offset = sum(len(x) for x in raw_lines[:line]) + sum(len(m) for m in re.findall(
        "\r\n|\n|\r|\u2029|\ufdd0|\ufdd1", text)[:line])  # fmt: skip
    assert path.read_bytes() == (text[:offset] + "Hi" + text[offset:]).encode("utf-8")
    window.files.close_tab(tab)


def test_no_break_spaces_and_line_separators_survive_a_save(window, tmp_path):
    path = tmp_path / "nbsp.md"
    original = "Prix\u00a0: 10\u00a0€\u2028next line\r\nCRLF line\nLF line\rCR line\n".encode("utf-8")
    path.write_bytes(original)
    tab = window.files.open(path)
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(tab.editor, "end")
    assert window.files.save(tab)
    assert path.read_bytes() == original + b"end"


def test_a_symlink_is_saved_through_from_the_app(window, tmp_path):
    real = tmp_path / "real.md"
    real.write_text("text\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    tab = window.files.open(link)
    QTest.keyClicks(tab.editor, "more ")
    assert window.files.save(tab)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "more text\n"


def test_a_read_only_file_is_refused_and_save_as_offered(window, tmp_path, monkeypatch):
    path = tmp_path / "locked.md"
    path.write_text("locked\n", encoding="utf-8")
    path.chmod(0o444)
    tab = window.files.open(path)
    QTest.keyClicks(tab.editor, "edit ")
    asked = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Save)  # fmt: skip
    copy = tmp_path / "copy.md"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(copy), ""))
    assert window.files.save(tab)
    assert "read-only" in asked[0]
    assert path.read_text(encoding="utf-8") == "locked\n" and copy.read_text(encoding="utf-8") == "edit locked\n"
    assert tab.path == copy


def test_an_untouched_document_reloads_when_its_file_changes(qtbot, window, tmp_path):
    path = tmp_path / "watched.md"
    path.write_text("first version\nsecond line\n", encoding="utf-8")
    tab = window.files.open(path)
    cursor = tab.editor.textCursor()
    cursor.setPosition(6)
    tab.editor.setTextCursor(cursor)
    path.write_text("first VERSION\nsecond line\nthird line\n", encoding="utf-8")
    qtbot.waitUntil(lambda: tab.text() == "first VERSION\nsecond line\nthird line\n", timeout=5000)
    assert not tab.is_modified() and tab.editor.textCursor().position() == 6
    tab.editor.undo()  # the reload is one undo step
    assert tab.text() == "first version\nsecond line\n"


def changed_on_both_sides(window, path):
    """A document the writer typed in, whose file another program then rewrote."""
    path.write_text("original\n", encoding="utf-8")
    tab = window.files.open(path)
    QTest.keyClicks(tab.editor, "mine ")
    path.write_text("theirs\n", encoding="utf-8")
    return tab


def test_a_modified_document_asks_and_a_save_never_overwrites_an_unseen_change(qtbot, window, tmp_path):
    path = tmp_path / "both.md"
    tab = changed_on_both_sides(window, path)
    assert not window.files.save(tab)  # checked before writing, even before the watcher spoke
    assert path.read_text(encoding="utf-8") == "theirs\n" and "changed by another program" in window.last_error
    qtbot.waitUntil(tab.disk_bar.isVisible, timeout=5000)
    assert tab.disk_bar.change == "changed" and tab.text() == "mine original\n"
    tab.disk_bar.keep_button.click()
    assert window.files.save(tab)
    assert path.read_text(encoding="utf-8") == "mine original\n"


def test_reload_from_the_bar_and_undo_brings_the_writers_text_back(qtbot, window, tmp_path):
    tab = changed_on_both_sides(window, tmp_path / "reload.md")
    qtbot.waitUntil(tab.disk_bar.isVisible, timeout=5000)
    tab.disk_bar.compare_button.click()
    assert "theirs" in window.files.compare_dialog.view.toPlainText()
    window.files.compare_dialog.close()
    tab.disk_bar.reload_button.click()
    assert tab.text() == "theirs\n" and not tab.is_modified() and not tab.disk_bar.isVisible()
    tab.editor.undo()
    assert tab.text() == "mine original\n"


def test_a_deleted_file_is_noticed(qtbot, window, tmp_path):
    path = tmp_path / "deleted.md"
    path.write_text("still here\n", encoding="utf-8")
    tab = window.files.open(path)
    path.unlink()
    qtbot.waitUntil(tab.disk_bar.isVisible, timeout=5000)
    assert tab.disk_bar.change == "deleted" and tab.text() == "still here\n"
    tab.disk_bar.keep_button.click()
    assert tab.is_modified()  # nothing on disk holds the text now
    assert window.files.save(tab) and path.read_text(encoding="utf-8") == "still here\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="folders of another user need root to make")
def test_read_only_folders_never_stop_the_app(tmp_path):
    """Config, data and log folders the app may not write: it starts, and says what is off and why."""
    home = tmp_path / "home"
    for kind in ("config", "data", "log", "cache"):
        (home / kind).mkdir(parents=True)
    (home / "config" / "settings.json").write_text('{"editor": {"zoom": 3}}', encoding="utf-8")
    for folder in [home, *home.iterdir()]:
        os.chown(folder, 65534, 65534)  # another user's, mode 0755: readable, not writable
    script = textwrap.dedent("""
        from PySide6.QtWidgets import QApplication
        from assistant.core.settings import Settings
        from assistant.ui.window import MainWindow
        app = QApplication([])
        settings, problems = Settings.load()
        window = MainWindow(settings)
        window.show()
        window.view.zoom(+1)  # a settings save that cannot happen
        window.current_editor().insertPlainText("typed")
        window.files.autosave()
        print(settings.editor.zoom, "|", " ".join(window.files.notices))
        window.shutdown()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WRITING_ASSISTANT_HOME": str(home)}
    command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--", sys.executable, "-c", script]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    zoom, notices = result.stdout.strip().split(" | ")
    assert zoom == "4" and "Autosave and crash recovery are off" in notices and "Permission denied" in notices


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="only some file systems take names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_kept_byte_for_byte_everywhere(window, tmp_path, home):
    from assistant.core import memory
    from assistant.core.settings import Settings

    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / os.fsdecode(b"caf\xe9.txt")
    path.write_bytes(b"bonjour\n")
    tab = window.files.open(path)  # remembered in the recent files: the settings are saved
    assert tab.title() == "caf\ufffd.txt"  # shown as the writer can read it; the path keeps its bytes
    QTest.keyClicks(tab.editor, "x")
    window.files.autosave()
    (draft,) = window.files.recovery.session.glob("*.json")
    assert json.loads(draft.read_bytes())["path"] == str(path)
    memory.save(path, memory.Memory("notes"))
    assert memory.load(path).notes == "notes"
    assert Settings.load()[0].editor.recent_files == [str(path)]
    assert window.files.save(tab) and os.listdir(os.fsencode(folder)) == [b"caf\xe9.txt"]
    assert path.read_bytes() == b"xbonjour\n"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="only some file systems take names that are not UTF-8")
def test_the_app_starts_with_a_file_name_that_is_not_utf8(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_bytes(b"bonjour\n")
    script = textwrap.dedent("""
        import sys
        from PySide6.QtWidgets import QApplication

        def shown():  # instead of the event loop: say what the window shows, and end
            (window,) = [w for w in QApplication.topLevelWidgets() if w.windowTitle().endswith("writing-assistant")]
            print(window.windowTitle(), flush=True)
            window.shutdown()
            return 0

        QApplication.exec = lambda *a: shown()
        from assistant.__main__ import main
        sys.exit(main())
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script, name], capture_output=True, cwd=tmp_path, env=env,
                            timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stdout.decode().startswith("caf\ufffd.txt")


def test_a_document_whose_writing_memory_is_damaged_still_opens(window, tmp_path, home):
    from assistant.core import memory

    path = tmp_path / "remembered.md"
    path.write_text("text\n", encoding="utf-8")
    memory.save(path, memory.Memory("notes"))
    (file,) = (home / "data" / "memory").iterdir()
    file.write_text('["not", "a", "memory"]', encoding="utf-8")
    tab = window.files.open(path)
    assert tab is not None and tab.text() == "text\n" and not tab.memory
    assert "writing memory" in window.last_error and ".bad-" in window.last_error  # named, where it went
    assert [p.name.split(".bad-")[0] for p in (home / "data" / "memory").iterdir()] == [file.name]


def drop(widget, mime: QMimeData) -> bool:
    """What a drag from another program ends in: enter, then drop, at the middle of `widget`."""
    where = widget.rect().center()
    enter = QDragEnterEvent(where, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    dropped = QDropEvent(QPointF(where), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(widget, dropped)
    return dropped.isAccepted()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="only some file systems take names that are not UTF-8")
def test_a_file_dropped_on_the_editor_opens_even_when_its_name_is_not_utf8(qtbot, tmp_path):
    """Qt's file dialog cannot list a name that is not UTF-8 (Qt skips it); dropped from a file manager, which
    percent-encodes its bytes, it opens, and the text of the open document is left alone."""
    window = make_window(qtbot, load=False)
    try:
        (tmp_path / "first.md").write_text("untouched\n", encoding="utf-8")
        first = window.files.open(tmp_path / "first.md")
        path = tmp_path / os.fsdecode(b"caf\xe9.txt")
        path.write_bytes(b"bonjour\n")
        mime = QMimeData()
        mime.setData("text/uri-list", b"file://" + os.fsencode(tmp_path).replace(b" ", b"%20") + b"/caf%E9.txt\r\n")
        mime.setText("file://" + str(tmp_path) + "/caf%E9.txt")  # what file managers send beside it
        assert drop(first.editor.viewport(), mime)
        tab = window.tabs.current_tab()
        assert os.fsencode(tab.path) == os.fsencode(path) and tab.editor.toPlainText() == "bonjour\n"
        assert first.editor.toPlainText() == "untouched\n"
        text = QMimeData()
        text.setText("dropped words ")
        window.tabs.setCurrentWidget(first)
        assert drop(first.editor.viewport(), text)  # text dropped from elsewhere is still text
        assert "dropped words" in first.editor.toPlainText()
        other = tmp_path / "other.md"
        other.write_text("other\n", encoding="utf-8")
        mime.setData("text/uri-list", other.as_uri().encode())
        assert window.tabs.acceptDrops()  # else Qt gives a drag over the tab bar to no one
        assert drop(window.tabs.tabBar(), mime)  # on the tab bar too
        assert window.tabs.current_tab().path == other
    finally:
        close_window(window)
