"""Edges of text in the app: an input method composing beside ghost text, ghost lengths in Qt's units,
result cards removed mid-run, proposals that are not complete."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent, QTextCursor

from conftest import RUN_TIMEOUT, activate

LIST = "A list of one hundred animals:\n1. cat\n2. dog\n3. horse\n4."


def compose(editor, preedit: str = "", commit: str = "") -> None:
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QCoreApplication.sendEvent(editor, event)


def test_composing_chinese_while_a_continuation_streams_gives_exactly_the_committed_text(qtbot, window):
    editor = window.current_editor()
    editor.setPlainText(LIST)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        window.runs.run_tool("continue", {"length": "long"})
        proposal = window.current_tab().proposal
        qtbot.waitUntil(lambda: proposal.text != "", timeout=RUN_TIMEOUT)
        editor.setFocus()
        compose(editor, "zhong")
        layout = editor.textCursor().block().layout()
        assert layout.preeditAreaText() == "zhong"
        streamed = len(proposal.text)
        qtbot.waitUntil(lambda: len(proposal.text) > streamed + 3, timeout=RUN_TIMEOUT)  # more ghost text came
        assert layout.preeditAreaText() == "zhong"  # the composition kept its place
        compose(editor, commit="中")
        window.act_stop.trigger()
    activate(window)
    assert editor.toPlainText() == LIST + "中"
    window.runs.reject_proposal()
    assert editor.toPlainText() == LIST + "中" and not editor.ghost_text()


def test_an_input_method_dismisses_a_suggestion_like_a_key(window):
    editor = window.current_editor()
    editor.setPlainText("河水流过")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.show_suggestion(editor.textCursor().position(), "古老的磨坊")
    compose(editor, "mo")
    assert not editor.suggestion() and editor.textCursor().block().layout().preeditAreaText() == "mo"
    compose(editor, commit="磨")
    assert editor.toPlainText() == "河水流过磨"


def test_the_ghost_style_covers_text_with_emoji_in_qt_units(window):
    editor = window.current_editor()
    editor.setPlainText("Party 🎉 time")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    ghost = " with 🎂 and 🎈 for all"
    editor.set_ghost(editor.textCursor().position(), ghost)
    layout = editor.textCursor().block().layout()
    styled = [f for f in layout.formats() if f.format.fontItalic()]
    assert layout.preeditAreaText() == ghost
    assert styled and styled[0].length == len(ghost.encode("utf-16-le")) // 2
    editor.clear_ghost()
    assert not layout.preeditAreaText() and not [f for f in layout.formats() if f.format.fontItalic()]
