"""The model worker: loads the model and runs tools on a thread of its own.

Its signals are the only path from the model to widgets. Streamed text is
sent in batches (at most one signal per BATCH_SECONDS), so a fast model cannot
flood the GUI's event loop.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core.errors import AssistantError, BackendError, Cancelled
from ..core.runner import Progress, Request, Started, Token, ToolRunner
from ..core.tools import Note
from ..core.engine import Backend
from ..core.settings import SamplingSettings
from ..core.suggest import suggest

log = logging.getLogger(__name__)
# Ten updates a second look live; each one costs the model thread some GIL time, and with
# 20 a second the text reached the editor at 0.85-0.92 of raw llama.cpp's rate (tests/bench/bench_ui.py).
BATCH_SECONDS = 0.1

# Every worker thread ever started, so tests can check that none is left running.
THREADS: weakref.WeakSet[QThread] = weakref.WeakSet()


class ModelWorker(QObject):
    # The backend goes to the session, which lets go of it before the worker is asked to close it.
    loaded = Signal(object, list)  # the Backend, notices
    load_failed = Signal(str, object)  # the message, and the Backend of the model loaded again, or None
    # Run signals carry the session's number of the run, so a late event of a stopped
    # run is never taken for one of the next run.
    tokens = Signal(int, str, int)  # run, a batch of streamed text, how many tokens it holds
    progress = Signal(int, object)  # run, tools.Progress or tools.Note
    finished = Signal(int, object)  # run, runner.Result, Failed or Stopped

    warmed = Signal(int)  # tokens evaluated ahead of a run (0: none, or stopped at once)
    suggested = Signal(int, str)  # the number suggest() was given, and the suggestion ("" for none)
    counted = Signal(str, int)  # a text count() was asked for, and its tokens (estimated without a model)

    _load_requested = Signal(str, object)  # a description for messages, a factory making the backend
    _run_requested = Signal(int, str, object, object)
    _warm_requested = Signal(str, object, object)
    _suggest_requested = Signal(int, object, object)
    _count_requested = Signal(str)

    def __init__(self, tools: dict, sampling: SamplingSettings):
        super().__init__()
        self.tools = tools
        self.sampling = sampling
        self.backend = None
        self.retriever = None  # the writer's sources, for tools that search them (the Sources panel sets it)
        self._factory: Callable[[], Backend] | None = None  # what made the backend
        self._cancel: threading.Event | None = None
        self._thread = QThread()
        self._thread.setObjectName("model-worker")
        THREADS.add(self._thread)
        self.moveToThread(self._thread)
        self._warm_cancel = threading.Event()
        self._load_requested.connect(self._load)
        self._run_requested.connect(self._run)
        self._warm_requested.connect(self._warm)
        self._suggest_requested.connect(self._suggest)
        self._count_requested.connect(self._count)
        self._thread.start()

    # -- called from the GUI thread --------------------------------------------

    def load(self, name: str, factory: Callable[[], Backend]) -> None:
        """Make a backend with `factory()` on the worker thread; `name` is for messages."""
        self.stop_warming()
        self._load_requested.emit(name, factory)

    def warm(self, tool: str, request: Request, cancel: threading.Event) -> None:
        """While the writer pauses: evaluate the prompt `tool` would send for `request` into the model's
        cache. Stopped by `cancel` (the session's background work), a load or shutdown; what was evaluated
        is kept."""
        self.stop_warming()
        self._warm_cancel = cancel
        self._warm_requested.emit(tool, request, cancel)

    def stop_warming(self) -> None:
        """The writer typed, or a run starts: the evaluation stops within milliseconds (the abort callback).
        A suggestion being written stops too."""
        self._warm_cancel.set()

    def suggest(self, number: int, request: Request, cancel: threading.Event) -> None:
        """Ask for an inline suggestion at the cursor of `request`; `suggested` answers with `number`.
        Like warming, it gives way to typing and to runs (`cancel`)."""
        self.stop_warming()
        self._warm_cancel = cancel
        self._suggest_requested.emit(number, request, cancel)

    def count(self, text: str) -> None:
        """Count the tokens of `text` where the model lives (the GUI thread must not use a backend this thread
        may be closing); `counted` answers, after any run under way."""
        self._count_requested.emit(text)

    def run(self, run: int, tool: str, request: Request, cancel: threading.Event) -> None:
        """Run `tool` as the session's run number `run`; `cancel` stops it."""
        self.stop_warming()  # a run never waits for a warm-up
        self._cancel = cancel
        self._run_requested.emit(run, tool, request, cancel)

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def shutdown(self) -> None:
        """Cancel any work, end the thread and free the model. Returns when all is done."""
        self.stop()
        self.stop_warming()
        self._thread.quit()
        self._thread.wait()
        if self.backend is not None:
            self.backend.close()
            self.backend = None

    # -- run on the worker thread ----------------------------------------------

    @Slot(str, object)
    def _load(self, name: str, factory: Callable[[], Backend]) -> None:
        # The old model goes first: two large models side by side may not fit in memory.
        previous, self._factory = self._factory, None
        if self.backend is not None:
            self.backend.close()
            self.backend = None
        try:
            self.backend, self._factory = factory(), factory
        except Exception as error:  # whatever a bad file does, the app stays up with the model it had
            if not isinstance(error, AssistantError):
                log.exception("loading %s failed", name)
                error = f"The model {name} could not be loaded: {error}"
            self.load_failed.emit(str(error), self._load_again(previous))
            return
        self.loaded.emit(self.backend, list(self.backend.notices))

    def _load_again(self, factory: Callable[[], Backend] | None):
        """The model the app had before a failed switch, loaded anew; its Backend, or None."""
        if factory is None:
            return None
        try:
            self.backend, self._factory = factory(), factory
        except Exception:
            log.exception("loading the previous model again failed")
            return None
        return self.backend

    @Slot(str, object, object)
    def _warm(self, tool: str, request: Request, cancel: threading.Event) -> None:
        if self.backend is None or cancel.is_set():
            return
        self.warmed.emit(ToolRunner(self.backend, self.tools, self.sampling, self.retriever).warm(tool, request, cancel))

    @Slot(int, object, object)
    def _suggest(self, number: int, request: Request, cancel: threading.Event) -> None:
        text = ""
        if self.backend is not None and not cancel.is_set():
            try:
                text = suggest(ToolRunner(self.backend, self.tools, self.sampling, self.retriever), request, cancel)
            except (Cancelled, AssistantError):
                pass
        self.suggested.emit(number, "" if cancel.is_set() else text)

    @Slot(str)
    def _count(self, text: str) -> None:
        self.counted.emit(text, self.backend.count_tokens(text) if self.backend is not None else len(text) // 4)

    @Slot(int, str, object, object)
    def _run(self, run: int, tool: str, request: Request, cancel: threading.Event) -> None:
        runner = ToolRunner(self.backend or _no_model, self.tools, self.sampling, self.retriever)  # some need none
        batch: list[str] = []
        sent = time.monotonic()
        for event in runner.run(tool, request, cancel):
            if isinstance(event, Token):
                batch.append(event.text)
                if time.monotonic() - sent < BATCH_SECONDS:
                    continue
            if batch:
                self.tokens.emit(run, "".join(batch), len(batch))
                batch.clear()
                sent = time.monotonic()
            if isinstance(event, (Progress, Note)):
                self.progress.emit(run, event)
            elif not isinstance(event, (Token, Started)):
                self.finished.emit(run, event)


def _no_model() -> Backend:
    raise BackendError("No model is loaded: choose one in Settings > Model.")
