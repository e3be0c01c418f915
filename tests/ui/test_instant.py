"""Writing without waiting, in the app: warming while the writer pauses, and inline suggestions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from assistant.core.settings import EngineSettings, SamplingSettings, Settings
from conftest import RUN_TIMEOUT, close_window, make_window

# About 1,500 tokens: reading it takes seconds on this machine, time enough to interrupt.
LONG = "\n\n".join(f"Chapter {i}. The ferry crossed the grey bay twice a day, carrying farmers, letters and "
                   "sometimes a stranger with a heavy suitcase. " * 3 for i in range(24))  # fmt: skip


def window_with(qtbot, text: str, suggestions: bool = False):
    settings = Settings(engine=EngineSettings(n_ctx=2048), sampling=SamplingSettings(temperature=0.0, seed=7))
    settings.editor.inline_suggestions = suggestions
    window = make_window(qtbot, settings)
    editor = window.current_editor()
    editor.setPlainText(text)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    window.worker.backend._llm.reset()  # a cold cache: what the writer meets after opening a file
    window.instant.warm_timer.stop()  # the tests start warming themselves
    return window, editor


def reading(qtbot, window) -> None:
    """Wait until the worker has read the first batch of the document into the cache (however busy the
    machine, rather than for a fixed time)."""
    from assistant.core.llama_internals import cached_tokens

    qtbot.waitUntil(lambda: len(cached_tokens(window.worker.backend._llm)) > 0, timeout=RUN_TIMEOUT)


def test_warming_while_paused_is_stopped_by_a_keystroke_keeping_what_it_read(qtbot):
    window, editor = window_with(qtbot, LONG)
    window.instant.warm_up()
    reading(qtbot, window)
    with qtbot.waitSignal(window.worker.warmed, timeout=RUN_TIMEOUT) as warmed:
        QTest.keyClick(editor, Qt.Key.Key_Space)
    total = window.worker.backend.prompt_tokens(_continue_prompt(window))
    assert 0 < warmed.args[0] < total - 1  # stopped midway (uncancelled, it reads all: the test below)
    close_window(window)


def _continue_prompt(window):
    from assistant.core.runner import Request, ToolRunner

    text = window.current_tab().text()
    return ToolRunner(window.worker.backend, window.session.tools).first_prompt("continue", Request(text, cursor=len(text),
                                                                        options={"length": "paragraph"}))


def test_warming_gives_way_to_a_tool_run_which_then_reads_only_the_rest(qtbot):
    window, editor = window_with(qtbot, LONG)
    window.instant.warm_up()
    reading(qtbot, window)
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        with qtbot.waitSignal(window.worker.warmed, timeout=RUN_TIMEOUT) as warmed:
            window.runs.run_tool("continue", {"length": "paragraph"})  # as warmed: the remembered options
    stats = window.worker.backend.last_stats
    assert 0 < warmed.args[0] < stats.prompt_tokens - 1  # the run stopped the warm-up midway
    assert stats.prompt_tokens_evaluated <= stats.prompt_tokens - warmed.args[0]
    window.runs.reject_proposal()
    close_window(window)


def test_a_paused_writer_gets_continue_at_once(qtbot):
    window, editor = window_with(qtbot, LONG)
    with qtbot.waitSignal(window.worker.warmed, timeout=RUN_TIMEOUT) as warmed:
        window.instant.warm_up()
    assert warmed.args[0] > 1000
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        window.runs.run_tool("continue", {"length": "paragraph"})
    assert window.worker.backend.last_stats.prompt_tokens_evaluated == 1
    window.runs.reject_proposal()
    close_window(window)


def suggestion_after_typing(qtbot, window, editor, text: str) -> None:
    with qtbot.waitSignal(window.instant.suggestion_shown, timeout=RUN_TIMEOUT):
        QTest.keyClicks(editor, text)
    assert editor.suggestion().strip()


def test_a_suggestion_is_accepted_with_tab_as_one_undo_step(qtbot):
    window, editor = window_with(qtbot, "", suggestions=True)
    suggestion_after_typing(qtbot, window, editor, "The river ran past the old mill and the")
    suggestion = editor.suggestion()
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    assert window.current_tab().text() == "The river ran past the old mill and the" + suggestion
    assert not editor.suggestion() and "\t" not in window.current_tab().text()
    editor.undo()
    assert window.current_tab().text() == "The river ran past the old mill and the"
    close_window(window)


def test_a_suggestion_is_dismissed_without_a_trace(qtbot):
    window, editor = window_with(qtbot, "", suggestions=True)
    typed = "The river ran past the old mill and the"
    suggestion_after_typing(qtbot, window, editor, typed)
    undo_steps = editor.document().availableUndoSteps()
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert window.current_tab().text() == typed and not editor.suggestion() and not editor.ghost_text()
    assert editor.document().availableUndoSteps() == undo_steps and window.runs.current is None
    suggestion_after_typing(qtbot, window, editor, " x")  # any other key types itself and dismisses
    QTest.keyClick(editor, Qt.Key.Key_Y)
    assert window.current_tab().text() == typed + " xy" and not editor.ghost_text()
    close_window(window)


def test_no_suggestion_while_a_tool_runs_or_when_switched_off(qtbot):
    window, editor = window_with(qtbot, "The fishermen mended their", suggestions=True)
    window.runs.run_tool("continue", {"length": "sentence"})
    window.instant.ask_suggestion()
    assert window.instant._asked is None
    qtbot.waitUntil(lambda: window.runs.current is None, timeout=RUN_TIMEOUT)
    window.runs.reject_proposal()
    window.act_suggestions.trigger()  # off
    assert not window.settings.editor.inline_suggestions
    QTest.keyClicks(editor, " nets")
    qtbot.wait(800)
    assert not editor.suggestion()
    close_window(window)


def test_typing_what_was_suggested_keeps_the_rest_of_it(qtbot):
    window, editor = window_with(qtbot, "", suggestions=True)
    suggestion_after_typing(qtbot, window, editor, "The river ran past the old mill and the")
    suggestion = editor.suggestion()
    QTest.keyClicks(editor, suggestion[:2])
    assert editor.suggestion() == suggestion[2:] and editor.ghost_text() == suggestion[2:]
    QTest.keyClick(editor, Qt.Key.Key_Tab)
    assert window.current_tab().text() == "The river ran past the old mill and the" + suggestion
    close_window(window)


def test_warming_a_long_document_reads_around_the_cursor_the_prompt_a_run_sends(qtbot):
    from assistant.core.runner import Request, ToolRunner
    from assistant.ui import instant

    window, editor = window_with(qtbot, LONG * 40)  # 360,000 characters
    cursor = editor.textCursor()
    cursor.setPosition(len(LONG) * 20)
    editor.setTextCursor(cursor)
    asked = []
    window.worker.warm = lambda tool, request, cancel: asked.append(request)
    window.instant.warm_up()
    text = window.current_tab().text()
    assert len(asked[0].document) < 2 * instant.AROUND + len(LONG) < len(text)
    runner = ToolRunner(window.worker.backend, window.session.tools)
    options = {"length": "paragraph"}
    whole = Request(text, cursor=len(LONG) * 20, options=options)
    assert runner.first_prompt("continue", asked[0]) == runner.first_prompt("continue", whole)
    close_window(window)
