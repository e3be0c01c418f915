"""Edges of text in the app: an input method composing beside ghost text, ghost lengths in Qt's units,
result cards removed mid-run, proposals that are not complete."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent, QTextCursor

from assistant.core.runner import Stopped
from conftest import RUN_TIMEOUT, activate

LIST = "A list of one hundred animals:\n1. cat\n2. dog\n3. horse\n4."
# About 1,500 tokens: reading it takes seconds, time enough to remove the card.
LONG = "\n\n".join(f"Chapter {i}. The ferry crossed the grey bay twice a day, carrying farmers, letters and "
                   "sometimes a stranger with a heavy suitcase. " * 3 for i in range(24))  # fmt: skip


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


def test_removing_a_result_card_while_its_tool_runs_stops_the_run(qtbot, window):
    editor = window.current_editor()
    editor.setPlainText(LONG)
    endings = []
    window.worker.finished.connect(lambda run, event: endings.append(event))
    window.runs.run_tool("summarize", {"length": "paragraph"})
    card = window.results.cards.itemAt(0).widget()  # the newest card: the run's
    qtbot.wait(500)  # the model is reading the text
    assert window.runs.current is not None and not endings
    card.remove_button.click()
    assert window.runs.current is None and window.runs.unavailable(window.session.tools["keywords"]) == ""
    qtbot.waitUntil(lambda: bool(endings), timeout=RUN_TIMEOUT)
    assert isinstance(endings[0], Stopped)  # the model stopped, and nothing wrote into the deleted card


def test_the_memory_panel_counts_tokens_on_the_model_s_thread(qtbot, window):
    counted_on = []
    backend = window.worker.backend
    count = backend.count_tokens
    backend.count_tokens = lambda text: counted_on.append(threading.current_thread()) or count(text)
    try:
        panel = window.memory_panel
        panel.show_document(window.session.current)
        panel.notes.setPlainText("Audience: children. Tone: warm.")
        panel.store()
        qtbot.waitUntil(lambda: "tokens of every prompt" in panel.size_label.text())
    finally:
        del backend.count_tokens
    assert counted_on and threading.main_thread() not in counted_on


def test_a_proposal_that_is_not_complete_says_so(qtbot, window):
    """A translation cut short or not faithful is shown as not complete, with the tool's note."""
    from assistant.core.tools import Note
    from assistant.ui.proposal import ProposalBar, ProposalView

    editor = window.current_editor()
    editor.setPlainText("春天来了，公园里的花都开了。")
    view = ProposalView(editor, window.session.tools["translate"], 0, 14, {})
    bar = ProposalBar()
    qtbot.addWidget(bar)
    bar.show_proposal(view)
    view.append("Spring.")
    view.set_note(Note("The model could not translate this faithfully.").text)
    view.set_note("Not translated as the glossary says: 公园 -> park")
    view.finish("done", complete=False)
    assert "not complete" in bar.title.text() and "faithfully" in bar.status.text() and "glossary" in bar.status.text()
    view.finish("done")
    assert "ready" in bar.title.text()
    view.dismiss()
