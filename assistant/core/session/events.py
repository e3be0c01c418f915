"""What the session tells its observers: plain, immutable events, and the small observer list that sends them.

Views (the Qt adapter in assistant/ui/session_signals.py, the CLI, tests)
subscribe; the session publishes on the thread that changed it. Nothing here
knows about Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

Observer = Callable[[Any], None]


class Observers:
    """A list of callables, each given every event in the order published."""

    def __init__(self) -> None:
        self._observers: list[Observer] = []

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Add `observer`; the returned function removes it again."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def publish(self, event: Any) -> None:
        for observer in list(self._observers):  # an observer may unsubscribe while told
            observer(event)


@dataclass(frozen=True)
class DocumentOpened:
    doc: Any  # session.OpenDocument


@dataclass(frozen=True)
class DocumentClosed:
    doc: Any


@dataclass(frozen=True)
class DocumentChanged:
    """Its path, encoding, saved state or title changed (saved, renamed, reloaded, edited or undone)."""

    doc: Any


@dataclass(frozen=True)
class CurrentChanged:
    doc: Any  # the document the writer now works in, or None


@dataclass(frozen=True)
class DiskChanged:
    """The document's file changed or went away on disk, and the writer must choose ("" once decided)."""

    doc: Any
    change: str


@dataclass(frozen=True)
class ProposalChanged:
    doc: Any  # its proposal appeared, finished, or went (accepted, rejected, replaced)


@dataclass(frozen=True)
class RunStarted:
    run: Any  # session.Run


@dataclass(frozen=True)
class RunProgress:
    """Text, progress or a note arrived for the run in progress (`event` is the runner's)."""

    run: Any
    event: Any


@dataclass(frozen=True)
class RunFinished:
    run: Any  # its state says how: done, failed or stopped


@dataclass(frozen=True)
class ModelChanged:
    model: Any  # session.ModelState: loading, loaded, failed or none


@dataclass(frozen=True)
class ToolsChanged:
    """Plugins were enabled, disabled, installed or removed: the tools and backends are new."""


@dataclass(frozen=True)
class SettingsChanged:
    """The settings changed (preferences, recent files, a model that loaded): views reread what they show."""


@dataclass(frozen=True)
class Notice:
    """A passing message for the status line."""

    text: str
    seconds: float = 5.0


@dataclass(frozen=True)
class Problem:
    """Something failed and the writer should read why (a dialog that does not block)."""

    title: str
    message: str


@dataclass(frozen=True)
class NotSaved:
    """Something the session keeps could not be written: "settings", "memory" or "draft"."""

    what: str
    error: str
