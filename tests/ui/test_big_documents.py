"""A document of megabytes is as quick to open and to type in as a short one: what runs on an open, a
keystroke and a pause touches the blocks on screen and the blocks edited, never the whole text.

Counts, not times: blocks formatted, paragraphs counted, characters proofread, each compared between a
document and one ten times its size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtTest import QTest

from assistant.core.language import count_words
from assistant.ui import counts, proofing
from conftest import close_window, make_window


@pytest.fixture
def window(qtbot):  # no model needed for documents
    w = make_window(qtbot, load=False)
    yield w
    close_window(w)


def prose(paragraphs: int) -> str:
    lines = []
    for i in range(paragraphs):
        if i % 50 == 0:
            lines.append(f"## Part {i // 50}")
        lines.append(f"Paragraph {i} tells of the river and the **old** mill." if i % 3 else f"第{i}段讲的是河和老磨坊。")
    return "\n\n".join(lines) + "\n"


def opened(qtbot, window, tmp_path, text: str):
    path = tmp_path / f"{len(text)}.md"
    path.write_text(text, encoding="utf-8")
    tab = window.files.open(path)
    tab.editor.viewport().repaint()
    qtbot.waitUntil(lambda: -1 not in tab.editor.counts.chars and "Counting" not in window.status.count_label.text())
    return tab


def type_keys(editor, position: int, keys: str) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)
    QTest.keyClicks(editor, keys)
    editor.viewport().repaint()


def bold_spans(block) -> list[tuple[int, int]]:
    return [(r.start, r.length) for r in block.layout().formats() if r.format.fontWeight() == QFont.Weight.Bold]


def test_opening_and_typing_format_the_blocks_on_screen_only(qtbot, window, tmp_path):
    formatted = []
    for paragraphs in (2_000, 20_000):
        tab = opened(qtbot, window, tmp_path, prose(paragraphs))
        on_open = tab.editor.highlighter.formatted
        middle = tab.document.findBlockByNumber(tab.document.blockCount() // 2)
        tab.editor.setTextCursor(QTextCursor(middle))
        tab.editor.centerCursor()
        tab.editor.viewport().repaint()
        scrolled = tab.editor.highlighter.formatted
        type_keys(tab.editor, middle.position(), "abc")
        formatted.append((on_open, scrolled - on_open, tab.editor.highlighter.formatted - scrolled))
        window.files.close_tab(tab) if not tab.is_modified() else tab.document.setModified(False)
    (small_open, small_scroll, small_keys), (big_open, big_scroll, big_keys) = formatted
    assert 0 < small_open < 200 and big_open <= small_open + 5  # a screenful, whatever the length
    assert big_scroll <= small_scroll + 5 and big_keys <= small_keys + 2 and big_keys <= 6


def test_highlighting_follows_edits_fences_and_undo(qtbot, window):
    editor = window.current_editor()
    editor.setPlainText("a line of plain text")
    editor.viewport().repaint()
    editor.setPlainText("# Title\n\nsome **bold** words\n\nmore **bold**\n")  # the same first block, another text
    editor.viewport().repaint()
    document = editor.document()
    assert bold_spans(document.findBlockByNumber(0)) == [(0, 7)]
    assert bold_spans(document.findBlockByNumber(2)) == [(5, 8)]
    # A fence opened above makes the rest code (no bold), closing it brings the formats back.
    type_keys(editor, document.findBlockByNumber(1).position(), "```")
    assert [bold_spans(document.findBlockByNumber(n)) for n in (2, 4)] == [[], []]
    type_keys(editor, document.findBlockByNumber(3).position(), "```")
    assert [bold_spans(document.findBlockByNumber(n)) for n in (2, 4)] == [[], [(5, 8)]]
    for _ in range(6):
        editor.undo()
    editor.viewport().repaint()
    assert editor.toPlainText().startswith("# Title\n\nsome") and bold_spans(document.findBlockByNumber(2)) == [(5, 8)]


def test_a_character_beyond_the_basic_plane_keeps_formats_in_place(qtbot, window):
    editor = window.current_editor()
    editor.setPlainText("😀 some **bold**")
    editor.viewport().repaint()
    assert bold_spans(editor.document().firstBlock()) == [(8, 8)]  # 😀 is two of Qt's units


def test_a_keystroke_recounts_its_paragraph_and_the_counts_stay_right(qtbot, window, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(counts, "count_words", lambda text: calls.append(text) or count_words(text))
    per_key = []
    for paragraphs in (2_000, 20_000):
        tab = opened(qtbot, window, tmp_path, prose(paragraphs))
        label = window.status.count_label
        assert label.text() == f"{count_words(tab.text()):,} words, {len(tab.text().replace(chr(10), '')):,} characters"
        calls.clear()
        type_keys(tab.editor, tab.document.findBlockByNumber(paragraphs // 2).position(), "new words ")
        label.update_counts()
        per_key.append(len(calls))
    assert per_key == [1, 1]
    # Pastes over paragraphs, deletions across them, undo: the sums stay those of the whole text.
    editor = window.current_editor()
    cursor = editor.textCursor()
    cursor.setPosition(100)
    cursor.setPosition(900, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText("one two\n\n三四\nfive")
    editor.undo()
    editor.redo()
    cursor.setPosition(50)
    cursor.setPosition(60, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    label.update_counts()
    text = editor.toPlainText()
    assert label.text() == f"{count_words(text):,} words, {len(text.replace(chr(10), '')):,} characters"
    cursor.setPosition(30)
    cursor.setPosition(5_000, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    label.update_counts()
    assert label.text() == f"{count_words(text[30:5_000]):,} of {count_words(text):,} words selected"


def test_a_long_document_is_proofread_around_the_screen(qtbot, window, tmp_path):
    lines = [f"Paragraph {i} tells of the river." for i in range(8_000)]
    lines[3] = lines[-3] = "We recieve letters every day."
    text = "\n\n".join(lines) + "\n"
    assert len(text) > proofing.WHOLE
    checked = []
    real_check = window.proofing.proofreader.check
    window.proofing.proofreader.check = lambda text, *a: checked.append(len(text)) or real_check(text, *a)
    tab = opened(qtbot, window, tmp_path, text)
    qtbot.waitUntil(lambda: bool(checked) and tab.proofing.shown is not None, timeout=20_000)

    def marked():
        return [(m.cursor.selectionStart(), m.cursor.selectedText()) for m in window.proofing.marks(tab)]

    assert marked() == [(text.index("recieve"), "recieve")]
    assert max(checked) < len(text) / 20
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)  # scrolls: the end is checked, the marks above stay
    qtbot.waitUntil(lambda: len(marked()) == 2, timeout=20_000)
    assert marked()[1] == (text.rindex("recieve"), "recieve") and max(checked) < len(text) / 20
    QTest.keyClick(tab.editor, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: tab.proofing.shown is not None and len(checked) >= 3, timeout=20_000)
    assert len(marked()) == 2
    tab.document.setModified(False)


def test_the_preview_of_a_long_document_shows_the_paragraphs_around_the_cursor(qtbot, window, tmp_path):
    from assistant.ui import tab as tab_module

    text = prose(20_000)
    assert len(text) > tab_module.PREVIEW_WHOLE
    tab = opened(qtbot, window, tmp_path, text)
    window.act_preview.trigger()
    assert "Part 0" in tab.preview.toPlainText() and len(tab.preview.toPlainText()) < 3 * tab_module.PREVIEW_AROUND
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.waitUntil(lambda: "Paragraph 19999" in tab.preview.toPlainText())
    assert "Part 0" not in tab.preview.toPlainText() and len(tab.preview.toPlainText()) < 3 * tab_module.PREVIEW_AROUND
    window.act_preview.trigger()


def test_the_timers_autosave_writes_drafts_off_the_gui_thread_in_order(qtbot, window):
    import threading

    store, writers, gate = window.files.recovery, [], threading.Event()
    real_save = store.save

    def save(*args):
        writers.append(threading.current_thread())
        gate.wait(20)
        real_save(*args)

    store.save = save
    window.current_editor().insertPlainText("a draft")
    window.files.autosave(background=True)  # returns while the draft waits to be written
    assert not list(store.session.glob("*.json"))
    gate.set()
    window.files.drafts.wait()
    assert writers[0] is not threading.main_thread() and len(list(store.session.glob("*.json"))) == 1
    # Written, then discarded: none is left, whatever the threads' timing.
    gate.clear()
    window.current_editor().insertPlainText(" longer")
    window.files.autosave(background=True)
    threading.Timer(0.2, gate.set).start()
    window.files.drafts.discard(window.current_tab().doc.key)
    assert not list(store.session.glob("*.json"))

    def fail(*_args):
        raise OSError("disk full")

    store.save = fail
    window.current_editor().insertPlainText(" again")
    window.files.autosave(background=True)
    qtbot.waitUntil(lambda: "disk full" in window.status.currentMessage())
    assert window.current_tab().doc.draft_revision == -2  # tried again at the next autosave
    window.current_tab().document.setModified(False)


def test_counts_and_highlighting_stay_right_through_random_edits(qtbot, window):
    import random

    from assistant.ui import highlighter

    editor, label = window.current_editor(), window.status.count_label
    editor.setPlainText(prose(200).replace("## Part 2", "```\ncode **not bold**\n```"))
    rnd, pieces = random.Random(7), ["word ", "\n", "\n\n", "```\n", "汉字", "**b** ", "😀", ""]
    for step in range(300):
        cursor = editor.textCursor()
        end = editor.document().characterCount() - 1
        cursor.setPosition(rnd.randint(0, end))
        cursor.setPosition(min(end, cursor.position() + rnd.choice([0, 0, 1, 5, 40])), QTextCursor.MoveMode.KeepAnchor)
        if step % 25 == 24:
            editor.undo() if step % 50 == 24 else editor.redo()
        else:
            cursor.insertText("".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 4))))
        editor.setTextCursor(cursor)
        editor.ensureCursorVisible()
        editor.viewport().repaint()
        if step % 10 == 0:
            cursor.clearSelection()
            editor.setTextCursor(cursor)
            label.update_counts()
            text = editor.toPlainText()
            assert label.text() == f"{count_words(text):,} words, {len(text.replace(chr(10), '')):,} characters"
            # The blocks on screen are formatted as highlighting the whole text from the top would.
            in_fence, block = False, editor.document().firstBlock()
            while block.isValid() and block != editor.firstVisibleBlock():
                in_fence ^= bool(highlighter.FENCE.match(block.text()))
                block = block.next()
            for _ in range(5):
                if block.isValid():
                    wanted = {(s, e - s) for s, e, name in highlighter.spans(block.text(), in_fence)} if \
                        block.text().isascii() else None  # fmt: skip
                    got = {(r.start, r.length) for r in block.layout().formats()}
                    assert wanted is None or got == wanted, (step, block.text())
                    in_fence ^= bool(highlighter.FENCE.match(block.text()))
                    block = block.next()
