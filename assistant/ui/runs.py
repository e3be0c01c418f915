"""Running tools from the window: one run at a time, its proposal or result card, accept, reject, retry, stop."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor

from ..core.errors import AssistantError
from ..core.runner import Failed, Request, Result, Stopped, check_request
from ..core.tools import Note, Progress, Tool
from .dialogs.tool_options import ToolOptionsDialog
from .editor import py_to_qt, qt_to_py
from .i18n import tool_text
from .proposal import ProposalView
from .results import ResultCard
from .tab import DocumentTab

if TYPE_CHECKING:
    from .window import MainWindow


@dataclass
class Run:
    """The tool run in progress (one at a time: the model serves one request)."""

    id: int
    tab: DocumentTab
    tool: Tool
    target: ProposalView | ResultCard
    started: float
    first_token: float = 0.0
    tokens: int = 0


class ToolRuns(QObject):
    result_ready = Signal(object, object)  # a tab and the value a tool returned for it (data, for the panel)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.current: Run | None = None
        self.options_dialog: ToolOptionsDialog | None = None
        worker = window.worker
        worker.tokens.connect(self._tokens)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._finished)

    def ask_and_run(self, name: str) -> None:
        """From a menu, the palette or a shortcut: the tool's options first, if it has any."""
        tool = self.window.tools[name]
        if not tool.options:
            self.run_tool(name, {})
            return
        try:
            remembered = tool.parse_options(self.window.settings.tools.get(name, {}))
        except AssistantError:
            remembered = {}
        dialog = ToolOptionsDialog(tool, remembered, self.window)
        dialog.accepted.connect(lambda: self._options_chosen(name, dialog.values()))
        dialog.open()
        self.options_dialog = dialog

    def _options_chosen(self, name: str, options: dict) -> None:
        self.window.settings.tools[name] = options
        self.window.save_settings()
        self.run_tool(name, options)

    def run_tool(self, name: str, options: dict) -> bool:
        """Start a tool on the current tab; False (and a message) when it cannot run now."""
        w = self.window
        tab, tool = w.current_tab(), w.tools.get(name)
        reason = self.unavailable(tool)
        if tab is None or tool is None or reason:
            w.statusBar().showMessage(reason, 5000)
            return False
        cursor, text = tab.editor.textCursor(), tab.text()
        selection = (qt_to_py(text, cursor.selectionStart()), qt_to_py(text, cursor.selectionEnd())) \
            if cursor.hasSelection() else None  # fmt: skip
        request = Request(text, selection, qt_to_py(text, cursor.position()), options, tab.memory)
        try:
            _, (start, end) = check_request(tool, request)
        except AssistantError as error:
            w.statusBar().showMessage(str(error), 5000)
            return False
        if tool.output == "panel":
            target: ProposalView | ResultCard = w.results.add(tool_text(tool, tool.title))
            target.removed.connect(lambda card=target: self._card_removed(card))
        else:
            self._drop_proposal(tab)
            target = ProposalView(tab.editor, tool, py_to_qt(text, start), py_to_qt(text, end), options)
            target.changed.connect(self._proposal_changed)
            tab.proposal = target
            tab.proposal_bar.show_proposal(target)
        w.speed_label.setText(self.tr("reading…"))
        self.current = Run(w.worker.run(name, request), tab, tool, target, time.monotonic())
        w.update_actions()
        return True

    def unavailable(self, tool: Tool | None) -> str:
        """Why a tool cannot run right now, or an empty string."""
        w = self.window
        if tool is None:
            return self.tr("This tool is no longer available.")
        if w.worker.loading:  # without a model, a tool that needs one says so when it runs
            return self.tr("The model is loading.")
        if self.current is not None:
            return self.tr("Another tool is running; stop it first.")
        editor = w.current_editor()
        if tool.output != "panel" and editor is not None and editor.isReadOnly():
            return self.tr("The document is open read-only: %1 would change it.").replace("%1", tool_text(tool, tool.title))
        if tool.input == "selection" and (editor is None or not editor.textCursor().hasSelection()):
            return self.tr("Select some text first: %1 works on the selection.").replace("%1", tool_text(tool, tool.title))
        return ""

    def _tokens(self, run_id: int, text: str, count: int) -> None:
        run = self.current
        if run is None or run.id != run_id:
            return
        now = time.monotonic()
        if not run.first_token:
            run.first_token = now
        run.tokens += count
        run.target.append(text)
        if now > run.first_token:
            self.window.speed_label.setText(
                self.tr("%1 tokens/s").replace("%1", f"{run.tokens / (now - run.first_token):.1f}"))

    def _progress(self, run_id: int, event: Progress | Note) -> None:
        if self.current is None or self.current.id != run_id:
            return
        if isinstance(event, Note):
            self.current.target.set_note(event.text)
        elif isinstance(self.current.target, ProposalView):
            self.current.target.set_progress(event)

    def _finished(self, run_id: int, event) -> None:
        if self.current is None or self.current.id != run_id:
            return  # a run the writer already left behind
        w = self.window
        run, self.current = self.current, None
        target = run.target
        if isinstance(event, Result):
            stats = event.stats
            w.speed_label.setText(self.tr("%1 tokens/s").replace("%1", f"{stats.tokens_per_second:.1f}"))
            used = stats.prompt_tokens + stats.generated_tokens
            w.context_label.setText(self.tr("context %1 of %2").replace("%1", f"{used:,}")
                                    .replace("%2", f"{stats.n_ctx:,}"))  # fmt: skip
            if isinstance(target, ProposalView):
                target.set_text(event.text)
                target.finish("done", complete=event.complete)
            else:
                target.set_value(event.value, event.text)
                self.result_ready.emit(run.tab, event.value)
        elif isinstance(event, (Failed, Stopped)):
            w.speed_label.clear()
            message = str(event.error) if isinstance(event, Failed) else ""
            if isinstance(target, ProposalView):
                target.finish("failed" if message else "stopped", message)
            else:
                target.set_message(message or self.tr("Stopped."))
        w.update_actions()
        w.run_finished.emit()

    def _proposal_changed(self) -> None:
        # Only when Accept changes: every streamed batch also says "changed".
        tab = self.window.current_tab()
        if tab is not None and tab.proposal is not None and \
                self.window.act_accept.isEnabled() != tab.proposal.can_accept():  # fmt: skip
            self.window.update_actions()

    def _drop_proposal(self, tab: DocumentTab) -> None:
        if tab.proposal is not None:
            tab.proposal.dismiss()
            tab.proposal = None
        tab.proposal_bar.show_proposal(None)

    def accept_proposal(self) -> None:
        tab = self.window.current_tab()
        if tab is None or tab.proposal is None or not tab.proposal.can_accept():
            return
        tab.proposal.accept()
        tab.proposal = None
        tab.proposal_bar.show_proposal(None)
        self.window.update_actions()

    def reject_proposal(self) -> None:
        tab = self.window.current_tab()
        if tab is None or tab.proposal is None:
            self.window.find_bar.hide()  # Esc closes the find bar when there is nothing to reject
            return
        if self.current is not None and self.current.target is tab.proposal:
            self.window.worker.stop()
            self.current = None
        self._drop_proposal(tab)
        self.window.update_actions()

    def retry(self) -> None:
        """Run the proposal's tool again, with the same options, on its range as it is now."""
        tab = self.window.current_tab()
        if tab is None or tab.proposal is None or self.current is not None:
            return
        proposal = tab.proposal
        start, end = proposal.range()
        cursor = QTextCursor(tab.document)
        cursor.setPosition(start)
        if end != start:
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        tab.editor.setTextCursor(cursor)
        self.run_tool(proposal.tool.name, proposal.options)

    def stop(self) -> None:
        # Called here, not connected to the worker's own method: a slot of the worker would
        # be queued to its thread, which is busy with the very run to stop.
        self.window.worker.stop()

    def _card_removed(self, card: ResultCard) -> None:
        """The writer removed the card a run writes into: the run stops (and nothing writes to the card)."""
        if self.current is not None and self.current.target is card:
            self.window.worker.stop()
            self.current = None
            self.window.update_actions()

    def forget_tab(self, tab: DocumentTab) -> None:
        """The tab is closing: stop its run."""
        if self.current is not None and self.current.tab is tab:
            self.window.worker.stop()
            self.current = None

    def insert_at_cursor(self, text: str) -> None:
        editor = self.window.current_editor()
        if editor is not None:
            editor.textCursor().insertText(text)  # one undo step
