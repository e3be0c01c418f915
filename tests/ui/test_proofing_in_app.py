"""Proofreading in the editor, as a writer meets it: marks after a pause, Ctrl+. and the context menu,
one undo step, Ignore, Add to Dictionary, F8, the Problems panel, on and off per document."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from assistant import Diagnostic
from assistant.core.proofread import PersonalDictionary
from conftest import close_window, make_window, run_and_wait

TEXT = "We recieve letters every day.\n\n他以经走了，我们明天再谈。"


def opened(qtbot, text=TEXT, load=False):
    window = make_window(qtbot, load=load)
    editor = window.current_editor()
    editor.setPlainText(text)
    tab = window.current_tab()
    wait_for_marks(qtbot, window, tab)
    return window, tab, editor


def wait_for_marks(qtbot, window, tab):
    """Until the marks shown are those of the text as it is."""
    qtbot.waitUntil(lambda: tab.proofing.shown == tab.text(), timeout=20_000)


def marked(window, tab):
    return [(m.cursor.selectedText(), m.diagnostic.rule) for m in window.proofing.marks(tab)]


def put_cursor(editor, position):
    cursor = editor.textCursor()
    cursor.setPosition(position)
    editor.setTextCursor(cursor)


def test_marks_appear_after_a_pause_with_a_wavy_underline_per_severity(qtbot):
    window, tab, editor = opened(qtbot)
    assert marked(window, tab) == [("recieve", "spelling"), ("以", "zh-characters")]
    underlines = {s.format.underlineColor().name() for s in editor.extraSelections()}
    assert underlines == {"#d32f2f", "#1e6fd9"}
    window.proofing.panel.show()
    assert window.proofing.panel.list.count() == 2
    assert window.proofing.panel.list.item(0).text().startswith("1:4  Unknown word: recieve → receive")
    assert window.proofing.panel.list.item(1).text() == "3:2  “以” may be “已” (已经) → 已  [Chinese characters]"
    close_window(window)


def test_ctrl_period_on_a_mark_lists_suggestions_and_accepting_is_one_undo_step(qtbot):
    window, tab, editor = opened(qtbot)
    put_cursor(editor, TEXT.index("recieve") + 2)
    QTest.keyClick(editor, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    menu = window.proofing.menu
    qtbot.waitUntil(menu.isVisible)
    assert [a.text() for a in menu.actions()[:2]] == ["Unknown word: recieve", "receive"]
    assert menu.activeAction().text() == "receive"
    menu.actions()[1].trigger()
    menu.close()
    assert tab.text().startswith("We receive letters")
    put_cursor(editor, TEXT.index("以") + 1)
    QTest.keyClick(editor, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    window.proofing.menu.actions()[1].trigger()
    window.proofing.menu.close()
    assert "他已经走了" in tab.text()
    editor.undo()
    assert "他以经走了" in tab.text() and "We receive" in tab.text()
    editor.undo()
    assert tab.text() == TEXT
    close_window(window)


def test_the_context_menu_starts_with_the_suggestions_of_the_mark_under_the_mouse(qtbot):
    window, tab, editor = opened(qtbot)
    cursor = QTextCursor(tab.document)
    cursor.setPosition(TEXT.index("recieve") + 1)
    point = editor.cursorRect(cursor).center()
    texts = [a.text() for a in editor.mark_actions(point)]
    assert texts[:2] == ["Unknown word: recieve", "receive"] and "Ignore" in texts and any("Dictionary" in t for t in texts)
    close_window(window)


def test_checking_waits_for_a_pause_and_only_the_edited_paragraph_is_checked_again(qtbot):
    window, tab, editor = opened(qtbot)
    seen = []
    checker = window.proofing.proofreader.checkers[0]
    original = checker.check
    object.__setattr__(checker, "check", lambda piece: seen.append(piece.text) or original(piece))
    put_cursor(editor, len("We recieve letters"))
    for key in " and parcels":
        QTest.keyClick(editor, key)
    assert seen == []  # nothing on the keystroke path
    wait_for_marks(qtbot, window, tab)
    assert seen == ["We recieve letters and parcels every day."]
    close_window(window)


def test_ignore_ignore_rule_and_add_to_dictionary(qtbot, home):
    window, tab, editor = opened(qtbot, "The blorptastic plan. A blorptastic idea ( and the the end.")
    assert [r for _, r in marked(window, tab)] == ["spelling", "spelling", "brackets", "repeated-word"]
    proofing = window.proofing
    first = proofing.marks(tab)[0]
    proofing.add_to_dictionary(first)
    assert [r for _, r in marked(window, tab)] == ["brackets", "repeated-word"]
    assert "blorptastic" in PersonalDictionary().words  # kept in the data folder
    proofing.ignore_rule(tab, proofing.marks(tab)[0])
    proofing.ignore(tab, proofing.marks(tab)[0])
    assert marked(window, tab) == []
    tab.proofing.shown = None
    proofing.check(tab)
    wait_for_marks(qtbot, window, tab)
    assert marked(window, tab) == []  # still ignored after a new check
    close_window(window)


def test_f8_and_shift_f8_go_to_the_next_and_previous_mark(qtbot):
    window, tab, editor = opened(qtbot)
    put_cursor(editor, 0)
    QTest.keyClick(editor, Qt.Key.Key_F8)
    assert editor.textCursor().selectedText() == "recieve"
    QTest.keyClick(editor, Qt.Key.Key_F8)
    assert editor.textCursor().selectedText() == "以"
    QTest.keyClick(editor, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert editor.textCursor().selectedText() == "recieve"
    close_window(window)


def test_checking_is_off_and_on_per_document(qtbot):
    window, tab, editor = opened(qtbot)
    window.proofing.act_toggle.trigger()
    assert not tab.proofing.on and marked(window, tab) == [] and editor.extraSelections() == []
    second = window.tabs.tab_for(window.session.open_document())
    assert window.proofing.act_toggle.isChecked()  # a new document follows the setting
    window.tabs.setCurrentWidget(tab)
    assert not window.proofing.act_toggle.isChecked()
    window.proofing.act_toggle.trigger()
    qtbot.waitUntil(lambda: len(window.proofing.marks(tab)) == 2, timeout=20_000)
    second.document.setModified(False)
    close_window(window)


def test_a_character_beyond_the_basic_plane_keeps_marks_in_place(qtbot):
    window, tab, editor = opened(qtbot, "😀 We recieve it.")
    assert marked(window, tab) == [("recieve", "spelling")]
    close_window(window)


def test_check_with_model_adds_its_findings_as_marks_and_ctrl_period_still_stops_a_run(qtbot):
    text = "It were raining all day long. " * 12 + "We recieve it."
    window, tab, editor = opened(qtbot, text, load=True)
    values = []
    window.runs.result_ready.connect(lambda _tab, value: values.append(value))
    run_and_wait(qtbot, window, lambda: window.runs.run_tool("check-with-model", {}))
    assert isinstance(values[0], list) and all(isinstance(d, Diagnostic) for d in values[0])
    card = window.results.cards.itemAt(0).widget()
    assert card.body.toPlainText() == "\n".join(str(d) for d in values[0])  # message → fix, one a line
    window.proofing._model_result(tab, [Diagnostic(3, 7, "agreement", ("was",), "model")])
    assert ("were", "model") in marked(window, tab)

    put_cursor(editor, text.index("recieve") + 1)  # on a mark, while a tool runs: Ctrl+. stops the run
    with qtbot.waitSignal(window.run_finished, timeout=120_000):
        window.runs.run_tool("check-with-model", {})
        qtbot.wait(500)
        QTest.keyClick(editor, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    assert not getattr(window.proofing, "menu", None) or not window.proofing.menu.isVisible()
    assert window.results.cards.itemAt(0).widget().body.toPlainText() == "Stopped."
    close_window(window)


def test_a_checker_turned_off_in_the_settings_or_with_its_plugin_marks_no_more(qtbot):
    window, tab, editor = opened(qtbot)
    window.proofing.open_settings()
    dialog = window.proofing.settings_dialog
    dialog.boxes["spelling"].setChecked(False)
    dialog.accept()
    assert window.settings.proofread.checkers == {"spelling": False}
    qtbot.waitUntil(lambda: marked(window, tab) == [("以", "zh-characters")], timeout=20_000)
    window.plugins.set_enabled("assistant_proofread", False)
    qtbot.waitUntil(lambda: marked(window, tab) == [], timeout=20_000)
    window.plugins.set_enabled("assistant_proofread", True)
    qtbot.waitUntil(lambda: marked(window, tab) == [("以", "zh-characters")], timeout=20_000)
    close_window(window)
