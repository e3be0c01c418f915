"""Fixtures for the desktop app: a real window on the real model, and no thread left behind."""

from __future__ import annotations

import threading
import warnings

import pytest
from PySide6.QtWidgets import QApplication

from assistant.core.settings import EngineSettings, SamplingSettings, Settings
from assistant.ui import worker
from assistant.ui.window import MainWindow

LOAD_TIMEOUT = 60_000
RUN_TIMEOUT = 120_000


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail a test that leaves a worker QThread or a Python thread running."""
    before = set(threading.enumerate())
    yield
    qthreads = [t for t in list(worker.THREADS) if t.isRunning()]
    python = [t for t in threading.enumerate()
              if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)]  # fmt: skip
    assert not qthreads and not python, f"threads left running: {qthreads + python}"


def make_window(qtbot, settings: Settings | None = None, load: bool = True) -> MainWindow:
    settings = settings or Settings(engine=EngineSettings(n_ctx=2048), sampling=SamplingSettings(temperature=0.0, seed=7))
    window = MainWindow(settings)
    window.show()
    activate(window)
    qtbot.waitActive(window)
    if load:
        with qtbot.waitSignal(window.model_ready, timeout=LOAD_TIMEOUT):
            window.models.load()
    return window


def activate(window: MainWindow) -> None:
    """Window shortcuts (Ctrl+Enter, Esc) need the active window; offscreen Qt has no window manager
    to give it back after a dialog closes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)


def close_window(window: MainWindow) -> None:
    for tab in window.all_tabs():
        tab.document.setModified(False)  # no "save changes?" question in a test
    window.close()
    window.deleteLater()


@pytest.fixture
def window(qtbot):
    w = make_window(qtbot)
    yield w
    close_window(w)


def run_and_wait(qtbot, window: MainWindow, start) -> None:
    """Start a run with `start()` and wait for its end."""
    with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
        assert start() is not False
    assert window.runs.current is None
