"""The session's documents on disk: open, save, watch for changes, autosave drafts and recover them."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ..core.diff import diff
from ..core.documents import Document, FileChangedError, ReadOnlyError, clean_interrupted_saves, read_file
from ..core.errors import AssistantError, DocumentError
from ..core.paths import shown
from ..core.recovery import Recovered, RecoveryStore
from ..core.session import Session
from ..core.session.session import same_file
from ..core.session.events import NotSaved
from .dialogs.compare import CompareDialog
from .dialogs.recovery import RecoveryDialog
from .drafts import DraftWriter
from .session_signals import SessionSignals
from .status import StatusBar
from .tab import DocumentTab
from .tabs import DocumentTabs

log = logging.getLogger(__name__)
DISK_POLL_MS = 2000  # a file deleted and made again escapes the watcher: look now and then too


class Files(QObject):
    def __init__(self, session: Session, signals: SessionSignals, tabs: DocumentTabs, status: StatusBar,
                 recovery: RecoveryStore | None = None):  # fmt: skip
        super().__init__(tabs)
        self.session, self.tabs, self.status = session, tabs, status
        self.notices: list[str] = []  # what is off, and why, for the writer to read at start
        self.recovery = recovery or self._open_recovery()
        self.drafts = DraftWriter(self.recovery, self) if self.recovery is not None else None
        if self.drafts is not None:
            self.drafts.failed.connect(self._draft_failed)
        for backup in clean_interrupted_saves():
            self.notices.append(self.tr("A save was interrupted; the file as it was before is kept at %1.")
                                .replace("%1", str(backup)))  # fmt: skip
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self.poll_timer = QTimer(self, interval=DISK_POLL_MS)
        self.poll_timer.timeout.connect(self.check_disk)
        self.poll_timer.start()
        self.autosave_timer = QTimer(self, interval=1000 * session.settings.editor.autosave_seconds)
        self.autosave_timer.timeout.connect(lambda: self.autosave(background=True))
        self.autosave_timer.start()
        signals.settings_changed.connect(
            lambda _e: self.autosave_timer.setInterval(1000 * session.settings.editor.autosave_seconds))
        signals.disk_changed.connect(self._show_disk_change)
        tabs.tab_added.connect(self._wire)
        tabs.close_requested.connect(self.close_tab)
        tabs.files_dropped.connect(self.open_files)

    def _wire(self, tab: DocumentTab) -> None:
        tab.disk_bar.reload_requested.connect(lambda t=tab: self.reload(t))
        tab.disk_bar.keep_requested.connect(lambda t=tab: self.keep_mine(t))
        tab.disk_bar.compare_requested.connect(lambda t=tab: self.compare(t))
        self._watch(tab)

    def _open_recovery(self) -> RecoveryStore | None:
        try:
            return RecoveryStore()
        except OSError as error:
            self.notices.append(self.tr("Autosave and crash recovery are off: %1 cannot be written (%2).")
                                .replace("%1", str(error.filename or "the data folder"))
                                .replace("%2", error.strerror or str(error)))  # fmt: skip
            return None

    # -- opening ---------------------------------------------------------------

    def open(self, path: Path, encoding: str | None = None) -> DocumentTab | None:
        """Open a file in a new tab (or bring its tab forward); None, with a message, if it cannot be read."""
        doc = self.session.find(path)
        if doc is not None:
            self.session.set_current(doc)
            return self.tabs.tab_for(doc)
        try:
            document = Document.open(path, encoding)
        except AssistantError as error:
            self.status.show_error(self.tr("Cannot open the file"), str(error))
            return None
        doc = self.session.open_document(document)
        self.session.remember_recent(document.path)
        if doc.memory_problems:
            self.status.show_error(self.tr("The writing memory was set aside"), "\n\n".join(doc.memory_problems))
        return self.tabs.tab_for(doc)

    def open_files(self, paths: list[str]) -> None:
        for path in paths:
            self.open(Path(path))

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.tabs.window(), self.tr("Open"), "",
                                                self.tr("Text and Markdown (*.txt *.md *.markdown);;All files (*)"))
        self.open_files(paths)

    def ask_encoding(self) -> None:
        """Reopen with an encoding the menu does not list (any name Python knows: cp950, shift_jis, …)."""
        tab = self.tabs.current_tab()
        if tab is None or tab.path is None:
            return
        name, ok = QInputDialog.getText(self.tabs.window(), self.tr("Reopen with Encoding"),
                                        self.tr("The encoding of %1:").replace("%1", tab.title()),
                                        text=tab.encoding)  # fmt: skip
        if ok and name.strip():
            self.reopen_with_encoding(name.strip())

    def reopen_with_encoding(self, encoding: str) -> None:
        tab = self.tabs.current_tab()
        if tab is None or tab.path is None:
            return
        if tab.is_modified() and not self.confirm_discard(tab):
            return
        self.reload(tab, encoding)

    # -- saving ----------------------------------------------------------------

    def save(self, tab: DocumentTab | None = None) -> bool:
        tab = tab or self.tabs.current_tab()
        if tab is None:
            return False
        if tab.path is None:
            return self.save_as(tab)
        return self._save(tab, tab.path)

    def save_as(self, tab: DocumentTab | None = None, encoding: str | None = None) -> bool:
        tab = tab or self.tabs.current_tab()
        if tab is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self.tabs.window(), self.tr("Save As"), str(tab.path or ""),
                                              self.tr("Markdown (*.md);;Text (*.txt);;All files (*)"))  # fmt: skip
        return bool(path) and self._save(tab, Path(path), encoding)

    def _save(self, tab: DocumentTab, path: Path, encoding: str | None = None, overwrite: bool = False) -> bool:
        old_path = tab.path
        try:
            tab.save(path, encoding, overwrite)
        except FileChangedError as error:
            self.check_disk(tab)
            self.status.show_error(self.tr("The document was not saved"),
                                   f"{error} " + self.tr("Reload it, or keep your text to replace the file."))
            return False
        except ReadOnlyError as error:
            return self._offer_save_as(tab, str(error))
        except AssistantError as error:
            self.status.show_error(self.tr("The document was not saved"), str(error))
            return False
        if self.recovery is not None:
            self.drafts.discard(tab.doc.key)
        tab.doc.draft_revision = -1
        self.session.disk_settled(tab.doc)
        if old_path != tab.path:
            self._watch(tab, old_path)
            self.session.save_memory(tab.doc)  # the memory follows the document (the old name keeps its copy)
        self.session.document_changed(tab.doc)
        self.session.remember_recent(path)
        self.status.showMessage(self.tr("Saved %1").replace("%1", shown(path)), 4000)
        return True

    def _offer_save_as(self, tab: DocumentTab, message: str) -> bool:
        self.status.last_error = message
        answer = QMessageBox.warning(self.tabs.window(), self.tr("The document was not saved"), message,
                                     QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)  # fmt: skip
        return answer == QMessageBox.StandardButton.Save and self.save_as(tab)

    # -- closing ---------------------------------------------------------------

    def close_tab(self, tab: DocumentTab | None) -> bool:
        if tab is None:
            return False
        if tab.is_modified() and not self.confirm_discard(tab):
            return False
        if self.recovery is not None:
            self.drafts.discard(tab.doc.key)  # saved, or discarded by the writer
        if tab.path is not None and not any(t.path == tab.path for t in self.tabs.all_tabs() if t is not tab):
            self.watcher.removePath(str(tab.path))
        self.session.close_document(tab.doc)
        if not self.session.documents and self.tabs.isVisible():
            self.session.open_document()
        return True

    def confirm_discard(self, tab: DocumentTab) -> bool:
        """Ask about unsaved changes: True to go on (saved or discarded), False to cancel."""
        answer = QMessageBox.question(
            self.tabs.window(), self.tr("Unsaved changes"),
            self.tr("%1 has unsaved changes. Save them?").replace("%1", tab.title()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save(tab)
        return answer == QMessageBox.StandardButton.Discard

    def shutdown(self) -> None:
        self.autosave_timer.stop()
        self.poll_timer.stop()
        if self.drafts is not None:
            self.drafts.shutdown()
        if self.recovery is not None:
            self.recovery.close()

    # -- changes on disk -------------------------------------------------------------

    def _watch(self, tab: DocumentTab, old_path: Path | None = None) -> None:
        if old_path is not None:
            self.watcher.removePath(str(old_path))
        if tab.path is not None and tab.path.exists():
            self.watcher.addPath(str(tab.path))

    def _file_changed(self, path: str) -> None:
        for tab in self.tabs.all_tabs():
            if tab.path is not None and str(tab.path) == path:
                self.check_disk(tab)
                self._watch(tab)  # a file replaced by a rename leaves the watcher: watch the new one

    def check_disk(self, only: DocumentTab | None = None) -> None:
        """Reload an untouched document whose file changed; tell the writer about any other change."""
        for tab in [only] if only is not None else self.tabs.all_tabs():
            if self.session.check_disk(tab.doc) != "reload":
                continue
            try:
                self._reload(tab)
                self.status.showMessage(self.tr("%1 changed on disk and was reloaded.").replace("%1", tab.title()),
                                        5000)  # fmt: skip
            except DocumentError as error:
                log.warning("reloading %s: %s", tab.path, error)
                self.session.ask_about_disk(tab.doc, "changed")

    def _show_disk_change(self, event) -> None:
        tab = self.tabs.tab_for(event.doc)
        if tab is None:
            return
        if event.change:
            tab.disk_bar.show_change(event.change, tab.title())
        else:
            tab.disk_bar.clear()

    def keep_mine(self, tab: DocumentTab) -> None:
        self.session.keep_mine(tab.doc)
        tab.document.setModified(tab.doc.modified)  # a deleted file makes the text unsaved

    def _reload(self, tab: DocumentTab, encoding: str | None = None) -> None:
        tab.reload(encoding)
        self.session.disk_settled(tab.doc)
        self.session.document_changed(tab.doc)

    def reload(self, tab: DocumentTab, encoding: str | None = None) -> None:
        try:
            self._reload(tab, encoding)
        except AssistantError as error:
            self.status.show_error(self.tr("Cannot reopen the file"), str(error))

    def compare(self, tab: DocumentTab) -> None:
        try:
            disk, _ = read_file(tab.path, tab.encoding)
        except AssistantError as error:
            self.status.show_error(self.tr("Cannot reopen the file"), str(error))
            return
        dialog = CompareDialog(tab.title(), diff(disk.text, tab.text()), self.tabs.window())
        dialog.open()
        self.compare_dialog = dialog

    # -- autosave and recovery --------------------------------------------------

    def autosave(self, background: bool = False) -> None:
        """Copy unsaved changes to the recovery folder; a crash then loses seconds, not work. In the
        `background` (the timer's autosave), the drafts are written off the GUI thread."""
        if self.recovery is None:
            return
        for tab in self.tabs.all_tabs():
            doc, revision = tab.doc, tab.document.revision()
            due = doc.draft_due(revision)
            if due == "discard":  # undone back to the saved text
                self.drafts.discard(doc.key)
                doc.draft_revision = -1
            elif due == "save":
                self.drafts.save(doc, revision, tab.text(), str(tab.path) if tab.path else None, tab.encoding,
                                 doc.document.disk)  # fmt: skip
        if not background:
            self.drafts.wait()

    def _draft_failed(self, _doc, error: str) -> None:
        self.session.publish(NotSaved("draft", error))

    def offer_recovery(self) -> None:
        """After a crash, ask which unsaved documents to restore (non-blocking). Drafts not restored
        stay for the next start unless the writer discards them."""
        if self.recovery is None:
            return
        try:
            drafts = self.recovery.orphans(self.notices)
        except OSError as error:
            log.warning("cannot look for drafts: %s", error)
            return
        if not drafts:
            return
        dialog = RecoveryDialog(drafts, self.tabs.window())
        dialog.restore_requested.connect(self.restore)
        dialog.discard_requested.connect(self.discard_drafts)
        dialog.open()
        self.recovery_dialog = dialog

    def restore(self, drafts: list[Recovered]) -> None:
        """Each draft in a tab of its own, marked modified, and kept as a draft until saved."""
        for draft in drafts:
            document, changed = self._restored(draft)
            doc = self.session.open_document(document)
            for other in [t for t in self.tabs.all_tabs() if t.doc is not doc]:
                if other.path is not None and document.path is not None and not other.is_modified() \
                        and same_file(other.path, document.path):  # fmt: skip
                    self.close_tab(other)  # its file, opened at start and untouched: the draft takes over
            self.check_disk(self.tabs.tab_for(doc))  # changed while the app was down: the bar asks before a save
            if changed and not doc.disk_change:  # other bytes of the same size and time: only the hash tells
                self.session.ask_about_disk(doc, "changed")
            try:
                self.recovery.adopt(draft, document.key)
            except OSError as error:  # it stays where it was, offered again at the next start
                log.warning("draft %s not moved: %s", draft.file, error)

    def _restored(self, draft: Recovered) -> tuple[Document, bool]:
        """The draft's document, and whether its file now holds other bytes than the draft was based on."""
        document = None
        if draft.path is not None:
            try:  # its file, for the line breaks and the disk state to save over
                document = Document.open(Path(draft.path), draft.encoding)
            except AssistantError:
                pass
        if document is None:
            document = Document(path=Path(draft.path) if draft.path else None)
            document.encoding = draft.encoding
        document.text, document.modified = draft.text, True
        read, changed = document.disk, False
        if draft.base is not None:
            changed = read is not None and read.sha256 != draft.base.sha256
            document.disk = draft.base  # what the draft's text was based on, not what the file holds now
        return document, changed

    def discard_drafts(self, drafts: list[Recovered]) -> None:
        for draft in drafts:
            self.recovery.forget(draft)
