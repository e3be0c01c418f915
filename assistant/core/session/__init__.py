"""The writing session, Qt-free: documents, proposals, the run, the model's state and background work,
published as events that views observe (see docs/architecture.md)."""

from . import events
from .model import ModelState
from .run import Run
from .session import OpenDocument, Session
from .work import Background, Kind

__all__ = ["Background", "Kind", "ModelState", "OpenDocument", "Run", "Session", "events"]
