"""Running tools: the session's run shown as a proposal in the editor or a card in the results panel;
accept, reject, retry, stop."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor

from ..core.errors import AssistantError
from ..core.runner import Request, check_request
from ..core.session import Run, Session
from ..core.tools import Note, Progress, Tool
from .dialogs.tool_options import ToolOptionsDialog
from .editor import py_to_qt, qt_to_py
from .i18n import tool_text
from .proposal import ProposalView
from .results import ResultCard, ResultsPanel
from .session_signals import SessionSignals
from .tab import DocumentTab
from .tabs import DocumentTabs
from .worker import ModelWorker


class ToolRuns(QObject):
    finished = Signal()  # a run ended and its result is shown
    result_ready = Signal(object, object)  # a tab and the value a tool returned for it (data, for the panel)

    def __init__(self, session: Session, signals: SessionSignals, tabs: DocumentTabs, worker: ModelWorker,
                 results: ResultsPanel):  # fmt: skip
        super().__init__(tabs)
        self.session, self.tabs, self.worker, self.results = session, tabs, worker, results
        self.options_dialog: ToolOptionsDialog | None = None
        self._targets: dict[int, ProposalView | ResultCard] = {}  # run id: where its text is shown
        # Slots of this QObject, so Qt queues the worker's signals to the GUI thread (a lambda would run on the
        # worker's): the session changes on one thread only.
        worker.tokens.connect(self._tokens)
        worker.progress.connect(self._event)
        worker.finished.connect(self._event)
        signals.run_progress.connect(lambda e: self._progress(e.run, e.event))
        signals.run_finished.connect(lambda e: self._finished(e.run))

    def _tokens(self, run_id: int, text: str, count: int) -> None:
        self.session.run_text(run_id, text, count, time.monotonic())

    def _event(self, run_id: int, event) -> None:
        self.session.run_event(run_id, event)

    @property
    def current(self) -> Run | None:
        return self.session.run

    def ask_and_run(self, name: str) -> None:
        """From a menu, the palette or a shortcut: the tool's options first, if it has any."""
        tool = self.session.tools[name]
        if not tool.options:
            self.run_tool(name, {})
            return
        try:
            remembered = tool.parse_options(self.session.settings.tools.get(name, {}))
        except AssistantError:
            remembered = {}
        dialog = ToolOptionsDialog(tool, remembered, self.tabs.window())
        dialog.accepted.connect(lambda: self._options_chosen(name, dialog.values()))
        dialog.open()
        self.options_dialog = dialog

    def _options_chosen(self, name: str, options: dict) -> None:
        self.session.settings.tools[name] = options
        self.session.save_settings()
        self.run_tool(name, options)

    def run_tool(self, name: str, options: dict) -> bool:
        """Start a tool on the current tab; False (and a message) when it cannot run now."""
        tab, tool = self.tabs.current_tab(), self.session.tools.get(name)
        reason = self.unavailable(tool)
        if tab is None or tool is None or reason:
            self.session.notice(reason)
            return False
        cursor, text = tab.editor.textCursor(), tab.text()
        selection = (qt_to_py(text, cursor.selectionStart()), qt_to_py(text, cursor.selectionEnd())) \
            if cursor.hasSelection() else None  # fmt: skip
        request = Request(text, selection, qt_to_py(text, cursor.position()), options, tab.memory)
        try:
            _, (start, end) = check_request(tool, request)
        except AssistantError as error:
            self.session.notice(str(error))
            return False
        if tool.output == "panel":
            target: ProposalView | ResultCard = self.results.add(tool_text(tool, tool.title))
            target.removed.connect(lambda card=target: self._card_removed(card))
        else:
            self._drop_proposal(tab)
            target = ProposalView(tab.editor, tool, py_to_qt(text, start), py_to_qt(text, end), options)
            target.acceptable_changed.connect(lambda _ok, doc=tab.doc: self.session.proposal_changed(doc))
            tab.proposal = target
            tab.proposal_bar.show_proposal(target)
            self.session.set_proposal(tab.doc, target.proposal)
        run = self.session.start_run(tab.doc, tool, request, time.monotonic())
        self._targets[run.id] = target
        self.worker.run(run.id, name, request, run.cancel)
        return True

    def unavailable(self, tool: Tool | None) -> str:
        """Why a tool cannot run right now, or an empty string."""
        if tool is None:
            return self.tr("This tool is no longer available.")
        if self.session.model.loading:  # without a model, a tool that needs one says so when it runs
            return self.tr("The model is loading.")
        if self.session.run is not None:
            return self.tr("Another tool is running; stop it first.")
        editor = self.tabs.current_editor()
        if tool.output != "panel" and editor is not None and editor.isReadOnly():
            return self.tr("The document is open read-only: %1 would change it.").replace("%1", tool_text(tool, tool.title))
        if tool.input == "selection" and (editor is None or not editor.textCursor().hasSelection()):
            return self.tr("Select some text first: %1 works on the selection.").replace("%1", tool_text(tool, tool.title))
        return ""

    def _progress(self, run: Run, event) -> None:
        target = self._targets.get(run.id)
        if target is None:
            return
        if isinstance(event, str):
            target.append(event)
        elif isinstance(event, Note):
            target.set_note(event.text)
        elif isinstance(event, Progress) and isinstance(target, ProposalView):
            target.set_progress(event)

    def _finished(self, run: Run) -> None:
        target = self._targets.pop(run.id, None)
        if target is None or run.left_behind:
            return  # its proposal was rejected, or its document closed
        if run.result is not None:
            if isinstance(target, ProposalView):
                target.set_text(run.result.text)
                target.finish("done", complete=run.result.complete)
            else:
                target.set_value(run.result.value, run.result.text)
                self.result_ready.emit(self.tabs.tab_for(run.doc), run.result.value)
        elif isinstance(target, ProposalView):
            target.finish("failed" if run.error else "stopped", run.error)
        else:
            target.set_message(run.error or self.tr("Stopped."))
        self.finished.emit()

    def _drop_proposal(self, tab: DocumentTab) -> None:
        if tab.proposal is not None:
            tab.proposal.dismiss()
            tab.proposal = None
            self.session.set_proposal(tab.doc, None)
        tab.proposal_bar.show_proposal(None)

    def accept_proposal(self) -> None:
        tab = self.tabs.current_tab()
        if tab is None or tab.proposal is None or not tab.proposal.can_accept():
            return
        tab.proposal.accept()
        tab.proposal = None
        tab.proposal_bar.show_proposal(None)
        self.session.set_proposal(tab.doc, None)

    def reject_proposal(self) -> bool:
        """False when there was no proposal to reject (Esc then closes what else is open)."""
        tab = self.tabs.current_tab()
        if tab is None or tab.proposal is None:
            return False
        run = self.session.run
        if run is not None and self._targets.get(run.id) is tab.proposal:
            self.session.abandon_run()
        self._drop_proposal(tab)
        return True

    def retry(self) -> None:
        """Run the proposal's tool again, with the same options, on its range as it is now."""
        tab = self.tabs.current_tab()
        if tab is None or tab.proposal is None or self.session.run is not None:
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
        # The session's cancel event, not a slot of the worker: that would be queued to its thread,
        # which is busy with the very run to stop.
        self.session.stop_run()

    def _card_removed(self, card: ResultCard) -> None:
        """The writer removed the card a run writes into: the run stops (and nothing writes to the card)."""
        run = self.session.run
        if run is not None and self._targets.get(run.id) is card:
            self.session.abandon_run()

    def insert_at_cursor(self, text: str) -> None:
        editor = self.tabs.current_editor()
        if editor is not None:
            editor.textCursor().insertText(text)  # one undo step
