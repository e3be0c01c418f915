"""The language model's state as the session knows it: none, loading, loaded or failed, and which backend.

The backend itself lives on the worker that loaded it. The session holds it
only while it is loaded: it lets go the moment a new load is asked for, before
the worker closes the old one, so no view reads a backend being closed.
"""

from __future__ import annotations

from ..engine import Backend, BackendInfo

NONE, LOADING, LOADED, FAILED = "none", "loading", "loaded", "failed"


class ModelState:
    def __init__(self) -> None:
        self.phase = NONE
        self.label = ""  # what is loading or loaded, for messages: a file name or a server's address
        self.backend: Backend | None = None
        self.error = ""  # why the last load failed
        self.notices: list[str] = []  # what the backend said as it loaded (a GPU fallback, for instance)

    @property
    def info(self) -> BackendInfo | None:
        return self.backend.info if self.backend is not None else None

    @property
    def loading(self) -> bool:
        return self.phase == LOADING

    @property
    def ready(self) -> bool:
        return self.phase == LOADED or (self.phase == FAILED and self.backend is not None)

    def start(self, label: str) -> None:
        self.phase, self.label, self.backend, self.error, self.notices = LOADING, label, None, "", []

    def loaded(self, backend: Backend, notices: list[str] | tuple = ()) -> None:
        self.phase, self.backend, self.error, self.notices = LOADED, backend, "", list(notices)
        self.label = backend.info.model

    def failed(self, message: str, previous: Backend | None = None) -> None:
        """`previous` is the backend loaded again after the failure, if it could be."""
        self.phase, self.backend, self.error = FAILED, previous, message
        self.label = previous.info.model if previous is not None else ""
