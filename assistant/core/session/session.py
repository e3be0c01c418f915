"""The writing session: everything the app knows about the writer's work, without a widget.

It owns the open documents (each a `Document` with its writing memory, its
proposal and what the writer was told about its file on disk), the current
one, the tool run in progress, the language model's state, the background
work and the settings. Each change is published as a plain event
(session/events.py); the desktop app's views observe them through a thin Qt
adapter, the CLI and tests directly.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from .. import memory as memories
from ..documents import Document, Proposal
from ..engine import Backend
from ..memory import Memory
from ..runner import Request
from ..settings import Settings
from ..tools import Tool
from . import events as ev
from .model import ModelState
from .run import Run
from .work import Background

log = logging.getLogger(__name__)
RECENT_FILES = 10


class OpenDocument:
    """One open document and what the session keeps beside it."""

    def __init__(self, document: Document, memory: Memory | None = None):
        self.document = document
        self.memory_problems: list[str] = []  # a memory file that was damaged and moved aside
        # The writer's notes and glossary: kept with the app's data for a saved file, here until then.
        if memory is None:
            memory = memories.load(document.path, self.memory_problems) if document.path else Memory()
        self.memory = memory
        self.proposal: Proposal | None = None
        self.disk_change = ""  # "changed" or "deleted": shown to the writer, who has not chosen yet
        self.draft_revision = -1  # the revision last copied to the recovery folder; -1 for none
        # Where the text is edited (a view's editor); the document's own text when nothing edits it.
        self.text_source: Callable[[], str] | None = None

    path = property(lambda self: self.document.path)
    encoding = property(lambda self: self.document.encoding)
    key = property(lambda self: self.document.key)  # names its recovery draft
    title = property(lambda self: self.document.title)

    @property
    def modified(self) -> bool:
        return self.document.modified

    def text(self) -> str:
        return self.text_source() if self.text_source is not None else self.document.text

    def draft_due(self, revision: int) -> str:
        """What autosave should do at this edit `revision`: "save" a draft, "discard" it (undone back to the
        saved text), or "" (nothing new)."""
        if not self.modified:
            return "discard" if self.draft_revision != -1 else ""
        return "save" if revision != self.draft_revision else ""

    def __repr__(self) -> str:
        return f"<OpenDocument {self.path or self.title}{' *' if self.modified else ''}>"


class Session:
    def __init__(self, settings: Settings, tools: dict[str, Tool] | None = None,
                 backends: dict[str, Callable[[Settings], Backend]] | None = None):  # fmt: skip
        self.settings = settings
        self.tools: dict[str, Tool] = tools or {}
        self.backends = backends or {}
        self.documents: list[OpenDocument] = []
        self.current: OpenDocument | None = None
        self.model = ModelState()
        self.run: Run | None = None
        self.work = Background()
        self._runs = 0
        self._observers = ev.Observers()

    def subscribe(self, observer: Callable[[Any], None]) -> Callable[[], None]:
        """`observer(event)` for every event from now on; call the returned function to stop."""
        return self._observers.subscribe(observer)

    def publish(self, event: Any) -> None:
        self._observers.publish(event)

    # -- documents -------------------------------------------------------------

    def open_document(self, document: Document | None = None, memory: Memory | None = None) -> OpenDocument:
        """Add `document` (a new untitled one by default) and make it current."""
        doc = OpenDocument(document or Document(), memory)
        self.documents.append(doc)
        self.publish(ev.DocumentOpened(doc))
        self.set_current(doc)
        return doc

    def find(self, path: Path) -> OpenDocument | None:
        for doc in self.documents:
            if doc.path is not None and same_file(doc.path, path):
                return doc
        return None

    def set_current(self, doc: OpenDocument | None) -> None:
        if doc is not self.current:
            self.current = doc
            self.publish(ev.CurrentChanged(doc))

    def close_document(self, doc: OpenDocument) -> None:
        """Forget `doc` (the caller asked about unsaved changes): its run stops, its proposal goes."""
        if doc not in self.documents:
            return
        if self.run is not None and self.run.doc is doc:
            self.abandon_run()
        doc.proposal = None
        index = self.documents.index(doc)
        self.documents.remove(doc)
        if self.current is doc:
            self.set_current(self.documents[min(index, len(self.documents) - 1)] if self.documents else None)
        self.publish(ev.DocumentClosed(doc))

    def set_modified(self, doc: OpenDocument, modified: bool) -> None:
        if doc.document.modified != modified:
            doc.document.modified = modified
            self.publish(ev.DocumentChanged(doc))

    def document_changed(self, doc: OpenDocument) -> None:
        """The caller saved, renamed or reloaded `doc`."""
        self.publish(ev.DocumentChanged(doc))

    def save_memory(self, doc: OpenDocument, memory: Memory | None = None) -> bool:
        """Keep `memory` (the document's own by default) with `doc`, and with its file in the app's data."""
        if memory is not None:
            doc.memory = memory
        if doc.path is None:
            return True
        try:
            memories.save(doc.path, doc.memory)
        except OSError as error:
            self.publish(ev.NotSaved("memory", str(error)))
            return False
        return True

    # -- changes on disk -------------------------------------------------------

    def check_disk(self, doc: OpenDocument) -> str:
        """Look at `doc`'s file: "reload" when it changed and the writer has no unsaved edit (the caller reloads,
        or calls `ask_about_disk` if that fails), else "" (nothing new, or the writer was asked: DiskChanged)."""
        if doc.disk_change:
            return ""  # already shown: the writer decides
        change = doc.document.disk_change()
        if change == "changed" and not doc.modified:
            return "reload"
        if change:
            self.ask_about_disk(doc, change)
        return ""

    def ask_about_disk(self, doc: OpenDocument, change: str) -> None:
        log.info("%s %s on disk", doc.path, change)
        doc.disk_change = change
        self.publish(ev.DiskChanged(doc, change))

    def keep_mine(self, doc: OpenDocument) -> None:
        """The writer keeps the text: the next save may replace the file (a deleted one makes it unsaved)."""
        doc.document.keep_mine()
        deleted, doc.disk_change = doc.disk_change == "deleted", ""
        self.publish(ev.DiskChanged(doc, ""))
        if deleted:
            self.set_modified(doc, True)

    def disk_settled(self, doc: OpenDocument) -> None:
        """`doc` was saved or read again: whatever changed on disk is behind it."""
        if doc.disk_change:
            doc.disk_change = ""
            self.publish(ev.DiskChanged(doc, ""))

    # -- proposals ---------------------------------------------------------------

    def set_proposal(self, doc: OpenDocument, proposal: Proposal | None) -> None:
        """`proposal` now waits beside `doc` (None: it was accepted, rejected or replaced)."""
        doc.proposal = proposal
        self.publish(ev.ProposalChanged(doc))

    def proposal_changed(self, doc: OpenDocument) -> None:
        """`doc`'s proposal finished, or the text under it changed."""
        self.publish(ev.ProposalChanged(doc))

    # -- the run -----------------------------------------------------------------

    def start_run(self, doc: OpenDocument | None, tool: Tool, request: Request, now: float = 0.0) -> Run:
        """Record a run of `tool`; the caller executes it (a worker thread, or the CLI's loop) with `run.cancel`."""
        if self.run is not None:
            raise RuntimeError("a run is in progress")
        self.work.stop()  # a run never waits for background work
        self._runs += 1
        self.run = Run(self._runs, doc, tool, request, request.options, now)
        self.publish(ev.RunStarted(self.run))
        return self.run

    def run_text(self, run_id: int, text: str, count: int, now: float) -> None:
        run = self._running(run_id)
        if run is not None:
            run.add_text(text, count, now)
            self.publish(ev.RunProgress(run, text))

    def run_event(self, run_id: int, event: Any) -> None:
        """A runner event for run `run_id`; one for a run the writer left behind is dropped."""
        run = self._running(run_id)
        if run is None:
            return
        if run.feed(event):
            self.run = None
            self.publish(ev.RunFinished(run))
        else:
            self.publish(ev.RunProgress(run, event))

    def stop_run(self) -> None:
        if self.run is not None:
            self.run.stop()

    def abandon_run(self) -> None:
        """Stop the run and leave it behind at once (its proposal was rejected, its document closed)."""
        run, self.run = self.run, None
        if run is not None:
            run.stop()
            run.state, run.left_behind = "stopped", True
            self.publish(ev.RunFinished(run))

    def _running(self, run_id: int) -> Run | None:
        return self.run if self.run is not None and self.run.id == run_id else None

    # -- the model ---------------------------------------------------------------

    def model_loading(self, label: str) -> None:
        self.work.stop()
        self.model.start(label)
        self.publish(ev.ModelChanged(self.model))

    def model_loaded(self, backend: Backend, notices: list[str] | tuple = ()) -> None:
        self.model.loaded(backend, notices)
        self.publish(ev.ModelChanged(self.model))

    def model_failed(self, message: str, previous: Backend | None = None) -> None:
        self.model.failed(message, previous)
        self.publish(ev.ModelChanged(self.model))

    def set_tools(self, tools: dict[str, Tool], backends: dict | None = None) -> None:
        self.tools = tools
        if backends is not None:
            self.backends = backends
        self.publish(ev.ToolsChanged())

    # -- background work -----------------------------------------------------------

    def may_work(self, kind: str) -> bool:
        """The one rule for background work (see session/work.py): nothing else is under way."""
        doc = self.current
        needs_model = self.work.kinds[kind].needs_model
        return not (self.run is not None or self.model.loading or (needs_model and self.model.backend is None)
                    or (doc is not None and doc.proposal is not None))  # fmt: skip

    def writer_active(self) -> None:
        """A keystroke or a cursor move: background work stops, keeping what it did."""
        self.work.stop()

    # -- settings ----------------------------------------------------------------

    def save_settings(self, edit: Callable[[Settings], None] | None = None) -> bool:
        """Write the keys the session changed over the file as it is now; with `edit`, apply it to the file
        as it is now (a list a command may have changed meanwhile)."""
        try:
            if edit is None:
                self.settings.save()
            else:
                self.settings.update(edit)
        except OSError as error:
            self.publish(ev.NotSaved("settings", str(error)))
            return False
        return True

    def settings_changed(self, settings: Settings | None = None) -> None:
        """The settings were edited (or replaced by `settings`): save them and tell the views."""
        if settings is not None:
            self.settings = settings
        self.save_settings()
        self.publish(ev.SettingsChanged())

    def remember_recent(self, path: Path) -> None:
        recent = self.settings.editor.recent_files
        entry = str(Path(path).absolute())
        recent[:] = [entry] + [p for p in recent if p != entry][: RECENT_FILES - 1]
        self.settings_changed()

    # -- messages ------------------------------------------------------------------

    def notice(self, text: str, seconds: float = 5.0) -> None:
        self.publish(ev.Notice(text, seconds))

    def problem(self, title: str, message: str) -> None:
        self.publish(ev.Problem(title, message))


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.absolute() == b.absolute()
