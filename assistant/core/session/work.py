"""Background work: what the model does ahead of the writer (warming a prompt, an inline suggestion),
and soon indexing sources and checking text.

One rule for all of it, in `Session.may_work`: background work starts only
after the writer has paused for its kind's pause, never while a tool runs or
a model loads, and never over a proposal waiting for the writer. Any
keystroke, cursor move or tool run stops it at once (`cancel` is checked by
the backend between batches), keeping what it did.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    pause: float  # seconds the writer must have been still
    needs_model: bool = True


KINDS: dict[str, Kind] = {
    "suggest": Kind("suggest", 0.3),
    "warm": Kind("warm", 0.7),
}


class Background:
    def __init__(self) -> None:
        self.kinds = dict(KINDS)
        self.cancel = threading.Event()
        self.started = 0  # how many pieces of work began: a late answer names its number

    def add_kind(self, kind: Kind) -> None:
        """Indexing, checking: a new kind of background work, under the same rule."""
        self.kinds[kind.name] = kind

    def begin(self, kind: str) -> tuple[int, threading.Event]:
        """Start `kind` (stopping what ran before): its number, and the event that stops it."""
        if kind not in self.kinds:
            raise KeyError(f"no background work named {kind!r}")
        self.stop()
        self.cancel = threading.Event()
        self.started += 1
        return self.started, self.cancel

    def stop(self) -> None:
        self.cancel.set()
