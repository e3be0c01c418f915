"""Ctrl-C in the app's terminal: it ends the app, never the writer's unsaved work."""

from __future__ import annotations

from types import SimpleNamespace

from conftest import close_window, make_window
from PySide6.QtCore import QCoreApplication

from assistant.core import paths
from assistant.ui.interrupt import CtrlC


def test_ctrl_c_keeps_unsaved_work_as_drafts_for_the_next_start(qtbot, monkeypatch):
    window = make_window(qtbot, load=False)
    window.current_editor().insertPlainText("Words the writer has not saved.")  # as typed
    exits = []
    monkeypatch.setattr(QCoreApplication, "exit", exits.append)
    CtrlC._quit(SimpleNamespace(window=window))  # what the handler schedules on the event loop
    assert exits == [130]
    drafts = [p.read_text(encoding="utf-8") for p in paths.recovery_dir().rglob("*.json")]
    assert any("Words the writer has not saved." in d for d in drafts)
    close_window(window)
