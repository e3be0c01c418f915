"""The thin Qt adapter over the session: each of its plain events becomes a signal.

Views connect to these signals instead of subscribing to the session: Qt then
disconnects a view that is deleted, and queues delivery if an event is ever
published off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from ..core.session import Session, events as ev

_SIGNALS = {
    ev.DocumentOpened: "document_opened", ev.DocumentClosed: "document_closed",
    ev.DocumentChanged: "document_changed", ev.CurrentChanged: "current_changed", ev.DiskChanged: "disk_changed",
    ev.ProposalChanged: "proposal_changed", ev.RunStarted: "run_started", ev.RunProgress: "run_progress",
    ev.RunFinished: "run_finished", ev.ModelChanged: "model_changed", ev.ToolsChanged: "tools_changed",
    ev.SettingsChanged: "settings_changed", ev.Notice: "notice", ev.Problem: "problem", ev.NotSaved: "not_saved",
}  # fmt: skip


class SessionSignals(QObject):
    """Every signal carries the event itself (see core/session/events.py for what each holds)."""

    document_opened = Signal(object)
    document_closed = Signal(object)
    document_changed = Signal(object)
    current_changed = Signal(object)
    disk_changed = Signal(object)
    proposal_changed = Signal(object)
    run_started = Signal(object)
    run_progress = Signal(object)
    run_finished = Signal(object)
    model_changed = Signal(object)
    tools_changed = Signal(object)
    settings_changed = Signal(object)
    notice = Signal(object)
    problem = Signal(object)
    not_saved = Signal(object)
    any = Signal(object)  # every event, after its own signal

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.subscribe(self._send)
        self.destroyed.connect(lambda: self._unsubscribe())

    def _send(self, event) -> None:
        getattr(self, _SIGNALS[type(event)]).emit(event)
        self.any.emit(event)
