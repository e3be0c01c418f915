"""AI tools in the editor: menus, palette, proposals, accept, reject, undo, cancel, edits while running."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from assistant import Tool, hookimpl
from assistant.core.settings import EngineSettings
from conftest import RUN_TIMEOUT, activate, close_window, make_window, run_and_wait

STORY = "Every morning, Lena walked her dog along the river. The water was calm and grey. One day, she noticed"
# Greedy decoding carries a numbered list on for hundreds of tokens: time enough to stop it.
LIST = "A list of one hundred animals:\n1. cat\n2. dog\n3. horse\n4."
PARAGRAPH = "Me and him goes to the store yesterday, and we buyed three apple."


def set_text(window, text: str, select: tuple[int, int] | None = None, cursor: int | None = None):
    editor = window.current_editor()
    editor.setPlainText(text)
    c = editor.textCursor()
    if select:
        c.setPosition(select[0])
        c.setPosition(select[1], QTextCursor.MoveMode.KeepAnchor)
    else:
        c.setPosition(len(text) if cursor is None else cursor)
    editor.setTextCursor(c)
    return editor


def trigger_with_options(qtbot, window, name: str) -> None:
    """Trigger a tool's menu action and confirm its options form, waiting for the run to end."""
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        window.tool_actions[name].trigger()
        if window.session.tools[name].options:
            window.runs.options_dialog.accept()
    activate(window)


def test_every_tool_is_in_the_ai_menu_the_context_menu_and_the_palette(window):
    menu_texts = [a.text() for a in window.ai_menu.actions()]
    editor = window.current_editor()
    for tool in window.session.tools.values():
        assert any(t.startswith(tool.title) for t in menu_texts)
        assert window.tool_actions[tool.name] in editor.context_actions()
        if tool.shortcut:
            assert window.tool_actions[tool.name].shortcut().toString()
    window.open_palette()
    window.command_palette.query.setText("summ")
    assert window.command_palette.list.item(0).text().startswith("Summarize")
    window.command_palette.reject()


def test_a_tool_that_needs_a_selection_is_disabled_without_one(window):
    set_text(window, PARAGRAPH)
    rewrite = window.tool_actions["rewrite"]
    assert not rewrite.isEnabled() and "Select some text" in rewrite.toolTip()
    set_text(window, PARAGRAPH, select=(0, 10))
    assert rewrite.isEnabled()


def test_continue_from_the_menu_streams_ghost_text_then_accept_is_one_undo_step(qtbot, window):
    editor = set_text(window, STORY)
    document = editor.document()
    document.clearUndoRedoStacks()
    trigger_with_options(qtbot, window, "continue")
    proposal = window.current_tab().proposal
    assert proposal.state == "done" and proposal.text.strip()
    assert editor.ghost_text() == proposal.text
    assert editor.toPlainText() == STORY  # nothing in the document yet
    assert not document.isUndoAvailable()  # streamed tokens never enter the undo stack
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == STORY + proposal.text
    assert window.current_tab().proposal is None and editor.ghost_text() == ""
    editor.undo()
    assert editor.toPlainText() == STORY
    assert not document.isUndoAvailable()


def test_rewrite_shows_a_diff_and_reject_leaves_the_document_identical(qtbot, window):
    text = "Intro line.\n" + PARAGRAPH + "\nOutro line."
    start = text.index("Me")
    editor = set_text(window, text, select=(start, start + len(PARAGRAPH)))
    trigger_with_options(qtbot, window, "rewrite")
    tab = window.current_tab()
    proposal = tab.proposal
    assert proposal.state == "done" and proposal.original == PARAGRAPH
    qtbot.waitUntil(lambda: tab.proposal_bar.diff_view.toPlainText() != "")
    shown = tab.proposal_bar.diff_view.toPlainText()
    assert "buyed" in shown  # the original's words are in the diff, struck through
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.toPlainText() == text
    assert not editor.document().isModified() or editor.toPlainText() == text
    assert tab.proposal is None and not tab.proposal_bar.isVisible()


def test_translate_from_the_palette_then_accept_and_undo(qtbot, window):
    text = "今天天气很好，我们去爬山吧。"
    editor = set_text(window, text, select=(0, len(text)))
    window.open_palette()
    window.command_palette.query.setText("transl")
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        qtbot.keyClick(window.command_palette.query, Qt.Key.Key_Return)
        window.runs.options_dialog.fields["target"].setCurrentText("English")
        window.runs.options_dialog.accept()
    activate(window)
    proposal = window.current_tab().proposal
    assert proposal.tool.name == "translate" and proposal.can_accept()
    assert window.settings.tools["translate"]["target"] == "English"  # remembered per tool
    window.runs.accept_proposal()
    assert editor.toPlainText() == proposal.text
    editor.undo()
    assert editor.toPlainText() == text


def test_summaries_and_keywords_go_to_the_results_panel(qtbot, window):
    text = ("Solar panels convert sunlight into electricity. Battery storage lets households use solar energy at "
            "night, and net metering lets them sell surplus electricity to the grid.")  # fmt: skip
    editor = set_text(window, text)
    trigger_with_options(qtbot, window, "summarize")
    trigger_with_options(qtbot, window, "keywords")
    keywords_card = window.results.cards.itemAt(0).widget()
    summary_card = window.results.cards.itemAt(1).widget()
    assert isinstance(keywords_card.value, list) and keywords_card.value
    assert all(k in text for k in keywords_card.value)
    assert 0 < len(summary_card.text()) < len(text)
    assert editor.toPlainText() == text  # data never lands in the document by itself
    editor.moveCursor(QTextCursor.MoveOperation.End)
    keywords_card.insert_button.click()
    assert editor.toPlainText() == text + keywords_card.text()
    editor.undo()
    assert editor.toPlainText() == text


def test_stop_while_streaming_leaves_the_document_untouched(qtbot, window):
    editor = set_text(window, LIST)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        window.runs.run_tool("continue", {"length": "long"})
        qtbot.waitUntil(lambda: window.current_tab().proposal.text != "", timeout=RUN_TIMEOUT)
        window.act_stop.trigger()
    proposal = window.current_tab().proposal
    assert proposal.state == "stopped" and not proposal.can_accept()
    window.runs.reject_proposal()
    assert editor.toPlainText() == LIST


def test_retry_runs_the_tool_again_on_the_same_range(qtbot, window):
    set_text(window, STORY)
    run_and_wait(qtbot, window, lambda: window.runs.run_tool("continue", {"length": "sentence"}))
    first = window.current_tab().proposal
    run_and_wait(qtbot, window, window.runs.retry)
    second = window.current_tab().proposal
    assert second is not first and second.range() == first.range() and second.options == {"length": "sentence"}


def test_editing_the_range_while_the_tool_runs_makes_the_proposal_stale(qtbot, window):
    text = "Intro.\n" + PARAGRAPH
    start = text.index("Me")
    editor = set_text(window, text, select=(start, len(text)))
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        window.runs.run_tool("rewrite", {"style": "formal"})
        cursor = QTextCursor(editor.document())
        cursor.setPosition(start + 3)
        cursor.insertText("X")  # the writer types inside the range
    tab = window.current_tab()
    assert tab.proposal.state == "done"
    assert not tab.proposal.can_accept()
    assert not tab.proposal_bar.accept_button.isEnabled()
    assert "changed" in tab.proposal_bar.accept_button.toolTip()
    window.runs.accept_proposal()  # refused
    assert editor.toPlainText() == text[: start + 3] + "X" + text[start + 3 :]


def test_editing_elsewhere_keeps_the_proposal_anchored(qtbot, window):
    text = "Title\n\n" + STORY
    editor = set_text(window, text)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        window.runs.run_tool("continue", {"length": "sentence"})
        QTextCursor(editor.document()).insertText("New first line. ")  # typed at the start meanwhile
    proposal = window.current_tab().proposal
    assert proposal.can_accept()
    window.runs.accept_proposal()
    assert editor.toPlainText() == "New first line. " + text + proposal.text


def test_a_plugin_registered_at_run_time_shows_its_tool(window):
    class Shout:
        @hookimpl
        def register_tools(self, register):
            register(Tool(name="shout", title="Shout It", run=lambda job: iter([job.text.upper()])))

    window.plugins.host.register(Shout(), "shout")
    window.plugins.reload_tools()
    assert "shout" in window.tool_actions
    assert window.tool_actions["shout"] in window.ai_menu.actions()
    window.plugins.set_enabled("shout", False)
    assert "shout" not in window.tool_actions


def test_a_corrupt_model_shows_an_error_and_the_app_keeps_working(qtbot, window, tmp_path):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 64)
    previous = window.session.model.info
    with qtbot.waitSignal(window.model_ready, timeout=30_000):
        window.models.load(dataclasses.replace(window.settings, engine=EngineSettings(model=str(bad))))
    assert "broken.gguf" in window.last_error
    assert window.session.model.info == previous  # loaded again after the old one was freed for the new
    set_text(window, STORY)
    run_and_wait(qtbot, window, lambda: window.runs.run_tool("continue", {"length": "sentence"}))
    assert window.current_tab().proposal.state == "done"


def test_closing_the_window_while_generating_exits_cleanly(qtbot):
    window = make_window(qtbot)
    set_text(window, LIST)
    window.runs.run_tool("continue", {"length": "long"})
    qtbot.waitUntil(lambda: window.current_tab().proposal.text != "", timeout=RUN_TIMEOUT)
    close_window(window)  # the thread fixture checks that nothing is left running
    assert not window.worker._thread.isRunning()


TOOL_INPUTS = {
    "continue": (STORY, None),
    "rewrite": (PARAGRAPH, (0, len(PARAGRAPH))),
    "translate": ("今天天气很好，我们去爬山吧。", None),
    "summarize": ("The council met on Tuesday. It agreed to plant two hundred trees in the new park next spring, "
                  "and to open a playground next year.", None),
    "keywords": ("Solar panels convert sunlight into electricity, and batteries store it for the night.", None),
}  # fmt: skip


def check_outcome(window, name: str) -> None:
    if window.session.tools[name].output == "panel":
        card = window.results.cards.itemAt(0).widget()
        assert card.value, f"{name} gave no result"
    else:
        assert window.current_tab().proposal.state == "done", window.current_tab().proposal.message


@pytest.mark.parametrize("name", list(TOOL_INPUTS))
def test_each_tool_runs_from_the_ai_menu(qtbot, window, name):
    text, selection = TOOL_INPUTS[name]
    set_text(window, text, select=selection)
    action = next(a for a in window.ai_menu.actions() if a is window.tool_actions[name])
    assert action.isEnabled()
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        action.trigger()
        if window.session.tools[name].options:
            window.runs.options_dialog.accept()
    check_outcome(window, name)


@pytest.mark.parametrize("name", list(TOOL_INPUTS))
def test_each_tool_runs_from_the_command_palette(qtbot, window, name):
    text, selection = TOOL_INPUTS[name]
    set_text(window, text, select=selection)
    window.open_palette()
    window.command_palette.query.setText(window.tool_actions[name].text().rstrip("…"))
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        qtbot.keyClick(window.command_palette.query, Qt.Key.Key_Return)
        if window.session.tools[name].options:
            window.runs.options_dialog.accept()
    check_outcome(window, name)
