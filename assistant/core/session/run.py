"""A tool run as the session follows it: running, then done, failed or stopped; one at a time."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ..runner import Failed, Request, Result, Stopped
from ..tools import Note, Progress, Tool

RUNNING, DONE, FAILED, STOPPED = "running", "done", "failed", "stopped"


@dataclass(eq=False)
class Run:
    id: int
    doc: Any  # session.OpenDocument, or None for a run on no document
    tool: Tool
    request: Request
    options: dict = field(default_factory=dict)
    started: float = 0.0  # monotonic seconds; the clock is the caller's
    state: str = RUNNING
    text: str = ""
    tokens: int = 0
    first_token: float = 0.0
    note: str = ""
    progress: Progress | None = None
    result: Result | None = None
    error: str = ""
    left_behind: bool = False  # the writer rejected its proposal or closed its document: nothing shows its end
    cancel: threading.Event = field(default_factory=threading.Event)

    @property
    def running(self) -> bool:
        return self.state == RUNNING

    def add_text(self, text: str, count: int, now: float) -> None:
        """Streamed text (`count` tokens of it) arrived at `now`."""
        if not self.running:
            return
        self.first_token = self.first_token or now
        self.tokens += count
        self.text += text

    def tokens_per_second(self, now: float) -> float:
        """Since the first token; 0 before a second one could be timed."""
        return self.tokens / (now - self.first_token) if self.first_token and now > self.first_token else 0.0

    def feed(self, event: Any) -> bool:
        """A runner event (Progress, Note, Result, Failed, Stopped); True when it ended the run.
        Events after the end are ignored: a run ends once."""
        if not self.running:
            return False
        match event:
            case Progress():
                self.progress = event
            case Note(text=text):
                self.note = text
            case Result():
                self.state, self.result = DONE, event
                self.text = event.text
            case Failed(error=error):
                self.state, self.error = FAILED, str(error)
            case Stopped():
                self.state = STOPPED
        return not self.running

    def stop(self) -> None:
        """Ask the runner to stop; the run ends when its Stopped (or a late Result) arrives."""
        self.cancel.set()
