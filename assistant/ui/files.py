"""The window's documents on disk: open, save, watch for changes, autosave drafts and recover them."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ..core import memory
from ..core.diff import diff
from ..core.documents import Document, FileChangedError, ReadOnlyError, clean_interrupted_saves, read_file
from ..core.errors import AssistantError, DocumentError
from ..core.paths import shown
from ..core.recovery import Recovered, RecoveryStore
from .dialogs.compare import CompareDialog
from .dialogs.recovery import RecoveryDialog
from .tab import DocumentTab

if TYPE_CHECKING:
    from .window import MainWindow

log = logging.getLogger(__name__)
RECENT_FILES = 10
DISK_POLL_MS = 2000  # a file deleted and made again escapes the watcher: look now and then too


class Files(QObject):
    def __init__(self, window: MainWindow, recovery: RecoveryStore | None = None):
        super().__init__(window)
        self.window = window
        self.notices: list[str] = []  # what is off, and why, for the writer to read at start
        self.recovery = recovery or self._open_recovery()
        for backup in clean_interrupted_saves():
            self.notices.append(self.tr("A save was interrupted; the file as it was before is kept at %1.")
                                .replace("%1", str(backup)))  # fmt: skip
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._file_changed)
        self.poll_timer = QTimer(self, interval=DISK_POLL_MS)
        self.poll_timer.timeout.connect(self.check_disk)
        self.poll_timer.start()
        self.autosave_timer = QTimer(self, interval=1000 * window.settings.editor.autosave_seconds)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()

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
        for tab in self.window.all_tabs():
            if tab.path is not None and _same_file(tab.path, path):
                self.window.tabs.setCurrentWidget(tab)
                return tab
        try:
            model = Document.open(path, encoding)
        except AssistantError as error:
            self.window.show_error(self.tr("Cannot open the file"), str(error))
            return None
        tab = self.window.add_tab(model)
        self._watch(tab)
        self.remember_recent(model.path)
        if tab.memory_problems:
            self.window.show_error(self.tr("The writing memory was set aside"), "\n\n".join(tab.memory_problems))
        return tab

    def open_files(self, paths: list[str]) -> None:
        for path in paths:
            self.open(Path(path))

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, self.tr("Open"), "",
                                                self.tr("Text and Markdown (*.txt *.md *.markdown);;All files (*)"))
        self.open_files(paths)

    def ask_encoding(self) -> None:
        """Reopen with an encoding the menu does not list (any name Python knows: cp950, shift_jis, …)."""
        tab = self.window.current_tab()
        if tab is None or tab.path is None:
            return
        name, ok = QInputDialog.getText(self.window, self.tr("Reopen with Encoding"),
                                        self.tr("The encoding of %1:").replace("%1", tab.title()),
                                        text=tab.encoding)  # fmt: skip
        if ok and name.strip():
            self.reopen_with_encoding(name.strip())

    def reopen_with_encoding(self, encoding: str) -> None:
        tab = self.window.current_tab()
        if tab is None or tab.path is None:
            return
        if tab.is_modified() and not self.confirm_discard(tab):
            return
        try:
            tab.reload(encoding)
        except AssistantError as error:
            self.window.show_error(self.tr("Cannot reopen the file"), str(error))
        self.window.update_title(tab)

    # -- saving ----------------------------------------------------------------

    def save(self, tab: DocumentTab | None = None) -> bool:
        tab = tab or self.window.current_tab()
        if tab is None:
            return False
        if tab.path is None:
            return self.save_as(tab)
        return self._save(tab, tab.path)

    def save_as(self, tab: DocumentTab | None = None, encoding: str | None = None) -> bool:
        tab = tab or self.window.current_tab()
        if tab is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save As"), str(tab.path or ""),
                                              self.tr("Markdown (*.md);;Text (*.txt);;All files (*)"))  # fmt: skip
        return bool(path) and self._save(tab, Path(path), encoding)

    def _keep_memory(self, tab: DocumentTab) -> None:
        """The writing memory follows the document to its new name (the old name keeps its copy)."""
        try:
            memory.save(tab.path, tab.memory)
        except OSError as error:
            self.window.statusBar().showMessage(self.tr("The writing memory was not saved: %1")
                                                .replace("%1", str(error)), 5000)  # fmt: skip

    def _save(self, tab: DocumentTab, path: Path, encoding: str | None = None, overwrite: bool = False) -> bool:
        old_path = tab.path
        try:
            tab.save(path, encoding, overwrite)
        except FileChangedError as error:
            self.check_disk(tab)
            self.window.show_error(self.tr("The document was not saved"),
                                   f"{error} " + self.tr("Reload it, or keep your text to replace the file."))
            return False
        except ReadOnlyError as error:
            return self._offer_save_as(tab, str(error))
        except AssistantError as error:
            self.window.show_error(self.tr("The document was not saved"), str(error))
            return False
        if self.recovery is not None:
            self.recovery.discard(tab.model.key)
        tab.autosaved_revision = -1
        if old_path != tab.path:
            self._watch(tab, old_path)
            self._keep_memory(tab)
        self.remember_recent(path)
        self.window.update_title(tab)
        self.window.statusBar().showMessage(self.tr("Saved %1").replace("%1", shown(path)), 4000)
        return True

    def _offer_save_as(self, tab: DocumentTab, message: str) -> bool:
        self.window.last_error = message
        answer = QMessageBox.warning(self.window, self.tr("The document was not saved"), message,
                                     QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)  # fmt: skip
        return answer == QMessageBox.StandardButton.Save and self.save_as(tab)

    # -- closing ---------------------------------------------------------------

    def close_tab(self, tab: DocumentTab | None) -> bool:
        if tab is None:
            return False
        if tab.is_modified() and not self.confirm_discard(tab):
            return False
        self.window.runs.forget_tab(tab)
        if self.recovery is not None:
            self.recovery.discard(tab.model.key)  # saved, or discarded by the writer
        if tab.path is not None and not any(t.path == tab.path for t in self.window.all_tabs() if t is not tab):
            self.watcher.removePath(str(tab.path))
        self.window.tabs.removeTab(self.window.tabs.indexOf(tab))
        tab.deleteLater()
        if self.window.tabs.count() == 0 and self.window.isVisible():
            self.window.add_tab()
        return True

    def confirm_discard(self, tab: DocumentTab) -> bool:
        """Ask about unsaved changes: True to go on (saved or discarded), False to cancel."""
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved changes"),
            self.tr("%1 has unsaved changes. Save them?").replace("%1", tab.title()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save(tab)
        return answer == QMessageBox.StandardButton.Discard

    def shutdown(self) -> None:
        self.autosave_timer.stop()
        self.poll_timer.stop()
        if self.recovery is not None:
            self.recovery.close()

    # -- recent files ------------------------------------------------------------

    def remember_recent(self, path: Path) -> None:
        recent = self.window.settings.editor.recent_files
        entry = str(Path(path).absolute())
        recent[:] = [entry] + [p for p in recent if p != entry][: RECENT_FILES - 1]
        self.window.save_settings()
        self.window.rebuild_recent_menu()

    # -- changes on disk -------------------------------------------------------------

    def _watch(self, tab: DocumentTab, old_path: Path | None = None) -> None:
        if old_path is not None:
            self.watcher.removePath(str(old_path))
        if tab.path is not None and tab.path.exists():
            self.watcher.addPath(str(tab.path))

    def _file_changed(self, path: str) -> None:
        for tab in self.window.all_tabs():
            if tab.path is not None and str(tab.path) == path:
                self.check_disk(tab)
                self._watch(tab)  # a file replaced by a rename leaves the watcher: watch the new one

    def check_disk(self, only: DocumentTab | None = None) -> None:
        """Reload an untouched document whose file changed; tell the writer about any other change."""
        for tab in [only] if only is not None else self.window.all_tabs():
            if tab.disk_bar.change:
                continue  # already shown: the writer decides
            change = tab.model.disk_change()
            if not change:
                continue
            if change == "changed" and not tab.is_modified():
                try:
                    tab.reload()
                    self.window.statusBar().showMessage(
                        self.tr("%1 changed on disk and was reloaded.").replace("%1", tab.title()), 5000)
                    continue
                except DocumentError as error:
                    log.warning("reloading %s: %s", tab.path, error)
            log.info("%s %s on disk", tab.path, change)
            tab.disk_bar.show_change(change, tab.title())

    def keep_mine(self, tab: DocumentTab) -> None:
        tab.model.keep_mine()
        if tab.disk_bar.change == "deleted":
            tab.document.setModified(True)  # the file is gone: the text is unsaved
        tab.disk_bar.clear()

    def reload(self, tab: DocumentTab) -> None:
        try:
            tab.reload()
        except AssistantError as error:
            self.window.show_error(self.tr("Cannot reopen the file"), str(error))

    def compare(self, tab: DocumentTab) -> None:
        try:
            disk, _ = read_file(tab.path, tab.encoding)
        except AssistantError as error:
            self.window.show_error(self.tr("Cannot reopen the file"), str(error))
            return
        dialog = CompareDialog(tab.title(), diff(disk.text, tab.text()), self.window)
        dialog.open()
        self.compare_dialog = dialog

    # -- autosave and recovery --------------------------------------------------

    def autosave(self) -> None:
        """Copy unsaved changes to the recovery folder; a crash then loses seconds, not work."""
        if self.recovery is None:
            return
        for tab in self.window.all_tabs():
            revision = tab.document.revision()
            if not tab.is_modified():
                if tab.autosaved_revision != -1:  # undone back to the saved text
                    self.recovery.discard(tab.model.key)
                    tab.autosaved_revision = -1
            elif revision != tab.autosaved_revision:
                try:
                    self.recovery.save(tab.model.key, tab.text(), str(tab.path) if tab.path else None, tab.encoding,
                                       tab.model.disk)
                    tab.autosaved_revision = revision
                except OSError as error:
                    self.window.statusBar().showMessage(
                        self.tr("Autosave failed: %1").replace("%1", str(error)), 5000)  # fmt: skip

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
        dialog = RecoveryDialog(drafts, self.window)
        dialog.restore_requested.connect(self.restore)
        dialog.discard_requested.connect(self.discard_drafts)
        dialog.open()
        self.recovery_dialog = dialog

    def restore(self, drafts: list[Recovered]) -> None:
        """Each draft in a tab of its own, marked modified, and kept as a draft until saved."""
        for draft in drafts:
            model = self._restored(draft)
            tab = self.window.add_tab(model)
            for other in self.window.all_tabs():  # its file, opened at start and untouched: the draft takes over
                if other is not tab and other.path is not None and model.path is not None \
                        and not other.is_modified() and _same_file(other.path, model.path):  # fmt: skip
                    self.close_tab(other)
            self._watch(tab)
            self.check_disk(tab)  # changed while the app was down: the bar asks before any save can write
            try:
                self.recovery.adopt(draft, model.key)
            except OSError as error:  # it stays where it was, offered again at the next start
                log.warning("draft %s not moved: %s", draft.file, error)

    def _restored(self, draft: Recovered) -> Document:
        model = None
        if draft.path is not None:
            try:  # its file, for the line breaks and the disk state to save over
                model = Document.open(Path(draft.path), draft.encoding)
            except AssistantError:
                pass
        if model is None:
            model = Document(path=Path(draft.path) if draft.path else None)
            model.encoding = draft.encoding
        model.text, model.modified = draft.text, True
        if draft.base is not None:
            model.disk = draft.base  # what the draft's text was based on, not what the file holds now
        return model

    def discard_drafts(self, drafts: list[Recovered]) -> None:
        for draft in drafts:
            self.recovery.forget(draft)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.absolute() == b.absolute()
