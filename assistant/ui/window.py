"""The main window: documents in tabs, the AI menu built from the plugins' tools, the model in the background."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QTextCursor
from PySide6.QtWidgets import (QFileDialog, QLabel, QMainWindow, QMessageBox, QProgressBar,
                               QTabWidget, QVBoxLayout, QWidget)  # fmt: skip

from ..core.documents import ENCODINGS
from ..core.engine import BackendInfo
from ..core.errors import AssistantError
from ..core.language import count_words
from ..core.models import default_model_path
from ..core.recovery import Recovered, RecoveryStore
from ..core.runner import Failed, Request, Result, Stopped, check_request
from ..core.settings import Settings
from ..core.tools import Progress, Tool
from ..plugins import PluginHost
from .editor import py_to_qt, qt_to_py
from .dialogs import ModelDialog, PluginDialog, RecoveryDialog, SettingsDialog, ToolOptionsDialog
from .find import FindBar
from .i18n import tool_text
from .palette import CommandPalette
from .proposal import Proposal
from .results import ResultCard, ResultsPanel
from .tab import DocumentTab
from .worker import ModelWorker

log = logging.getLogger(__name__)
RECENT_FILES = 10


@dataclass
class Run:
    """The tool run in progress (one at a time: the model serves one request)."""

    id: int
    tab: DocumentTab
    tool: Tool
    target: Proposal | ResultCard
    started: float
    first_token: float = 0.0
    tokens: int = 0


class MainWindow(QMainWindow):
    run_finished = Signal()  # a tool run ended and its result is shown
    model_ready = Signal()  # a model finished loading, or failed to (see self.model)

    def __init__(self, settings: Settings, host: PluginHost | None = None, recovery: RecoveryStore | None = None):
        super().__init__()
        self.settings = settings
        self.host = host or PluginHost(disabled=settings.plugins.disabled)
        self.tools = self.host.tools()
        self.backends = self.host.backends()
        self.recovery = recovery or RecoveryStore()
        self.worker = ModelWorker(self.tools, settings.sampling)
        self.model: BackendInfo | None = None
        self._pending_settings = settings  # what the model being loaded was asked with
        self.run: Run | None = None
        self.options_dialog: ToolOptionsDialog | None = None
        self.last_error = ""  # the last message shown by show_error
        self.model_dialog: ModelDialog | None = None
        self.setWindowTitle("writing-assistant")
        self.resize(1100, 760)

        self.tabs = QTabWidget(documentMode=True, tabsClosable=True, movable=True)
        self.tabs.tabCloseRequested.connect(lambda index: self.close_tab(self.tabs.widget(index)))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.find_bar = FindBar(self.current_editor)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.results = ResultsPanel(self.insert_at_cursor, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.results)
        self.results.hide()
        self._build_status_bar()
        self._build_actions()
        self._build_menus()

        self.worker.loaded.connect(self._model_loaded)
        self.worker.load_failed.connect(self._model_failed)
        self.worker.tokens.connect(self._tokens)
        self.worker.progress.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self._count_timer = QTimer(self, singleShot=True, interval=200)
        self._count_timer.timeout.connect(self._update_counts)
        self.autosave_timer = QTimer(self, interval=1000 * settings.editor.autosave_seconds)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.apply_theme()
        self.new_tab()

    # -- building ---------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.model_label = QLabel(self.tr("No model"))
        self.model_busy = QProgressBar(maximumWidth=120, textVisible=False)
        self.model_busy.setRange(0, 0)
        self.model_busy.hide()
        self.speed_label = QLabel()
        self.context_label = QLabel()
        self.encoding_label = QLabel()
        self.count_label = QLabel()
        for widget in (self.count_label, self.encoding_label, self.context_label, self.speed_label,
                       self.model_busy, self.model_label):  # fmt: skip
            bar.addPermanentWidget(widget)

    def _action(self, text: str, slot, shortcut=None, checkable: bool = False) -> QAction:
        action = QAction(text, self, checkable=checkable)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work wherever the focus is, menus open or not
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        e = self.settings.editor
        self.act_new = self._action(self.tr("&New"), lambda: self.new_tab(), K.New)
        self.act_open = self._action(self.tr("&Open…"), lambda: self.open_dialog(), K.Open)
        self.act_save = self._action(self.tr("&Save"), lambda: self.save(), K.Save)
        self.act_save_as = self._action(self.tr("Save &As…"), lambda: self.save_as(), K.SaveAs)
        self.act_close = self._action(self.tr("&Close Tab"), lambda: self.close_tab(self.current_tab()), K.Close)
        self.act_quit = self._action(self.tr("&Quit"), self.close, K.Quit)
        self.act_undo = self._action(self.tr("&Undo"), lambda: self.current_editor().undo(), K.Undo)
        self.act_redo = self._action(self.tr("&Redo"), lambda: self.current_editor().redo(), K.Redo)
        self.act_find = self._action(self.tr("&Find…"), lambda: self.find_bar.open(), K.Find)
        self.act_replace = self._action(self.tr("Find and &Replace…"), lambda: self.find_bar.open(replace=True),
                                        K.Replace if not QKeySequence(K.Replace).isEmpty() else "Ctrl+H")  # fmt: skip
        self.act_zoom_in = self._action(self.tr("Zoom &In"), lambda: self.zoom(+1), K.ZoomIn)
        self.act_zoom_out = self._action(self.tr("Zoom &Out"), lambda: self.zoom(-1), K.ZoomOut)
        self.act_zoom_reset = self._action(self.tr("&Reset Zoom"), lambda: self.zoom(None), "Ctrl+0")
        self.act_wrap = self._action(self.tr("&Wrap Lines"), self._set_wrap, checkable=True)
        self.act_wrap.setChecked(e.line_wrap)
        self.act_preview = self._action(self.tr("Markdown &Preview"), self._set_preview, "Ctrl+Shift+M", True)
        self.act_preview.setChecked(e.preview)
        self.act_results = self.results.toggleViewAction()
        self.act_results.setText(self.tr("AI &Results Panel"))
        self.act_accept = self._action(self.tr("&Accept Proposal"), self.accept_proposal, "Ctrl+Return")
        self.act_reject = self._action(self.tr("Re&ject Proposal"), self.reject_proposal, "Esc")
        self.act_retry = self._action(self.tr("Re&try"), self.retry, "Ctrl+Shift+R")
        self.act_stop = self._action(self.tr("&Stop"), self.stop, "Ctrl+.")
        self.act_palette = self._action(self.tr("Command &Palette…"), self.open_palette, "Ctrl+Shift+P")
        self.act_model = self._action(self.tr("&Model…"), self.open_model_dialog)
        self.act_plugins = self._action(self.tr("&Plugins…"), self.open_plugin_dialog)
        self.act_preferences = self._action(self.tr("&Preferences…"), self.open_settings_dialog, K.Preferences)
        self.act_about = self._action(self.tr("&About"), self._about)
        for action in (self.act_accept, self.act_reject):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.tool_actions: dict[str, QAction] = {}

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addActions([self.act_new, self.act_open])
        self.recent_menu = file.addMenu(self.tr("Open &Recent"))
        file.addActions([self.act_save, self.act_save_as])
        self.reopen_menu = file.addMenu(self.tr("Reopen with &Encoding"))
        self.save_encoding_menu = file.addMenu(self.tr("Save with E&ncoding"))
        for encoding in ENCODINGS:
            self.reopen_menu.addAction(encoding, lambda e=encoding: self.reopen_with_encoding(e))
            self.save_encoding_menu.addAction(encoding, lambda e=encoding: self.save_as(encoding=e))
        file.addSeparator()
        file.addActions([self.act_close, self.act_quit])
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addActions([self.act_find, self.act_replace])
        view = bar.addMenu(self.tr("&View"))
        view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        view.addSeparator()
        view.addActions([self.act_wrap, self.act_preview, self.act_results])
        self.ai_menu = bar.addMenu(self.tr("&AI"))
        self.ai_menu.setToolTipsVisible(True)
        settings = bar.addMenu(self.tr("&Settings"))
        settings.addActions([self.act_model, self.act_plugins, self.act_preferences])
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)
        self._rebuild_recent_menu()
        self.rebuild_tool_actions()

    def rebuild_tool_actions(self) -> None:
        """One action per tool of every loaded plugin: in the AI menu, the context menu and the palette."""
        for action in self.tool_actions.values():
            self.removeAction(action)
            action.deleteLater()
        self.tool_actions = {}
        for tool in self.tools.values():
            action = self._action(tool_text(tool.title) + ("…" if tool.options else ""),
                                  lambda _=False, n=tool.name: self.ask_and_run(n), tool.shortcut or None)  # fmt: skip
            action.setStatusTip(tool_text(tool.description))
            self.tool_actions[tool.name] = action
        self.ai_menu.clear()
        self.ai_menu.addActions(list(self.tool_actions.values()))
        self.ai_menu.addSeparator()
        self.ai_menu.addActions([self.act_accept, self.act_reject, self.act_retry, self.act_stop])
        self.ai_menu.addSeparator()
        self.ai_menu.addAction(self.act_palette)
        self.update_actions()

    # -- documents ----------------------------------------------------------------

    def current_tab(self) -> DocumentTab | None:
        return self.tabs.currentWidget()

    def current_editor(self):
        tab = self.current_tab()
        return tab.editor if tab else None

    def all_tabs(self) -> list[DocumentTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def new_tab(self, path: Path | None = None, encoding: str | None = None) -> DocumentTab | None:
        tab = DocumentTab(self.settings.editor)
        if path is not None:
            try:
                tab.load(path, encoding)
            except AssistantError as error:
                tab.deleteLater()
                self.show_error(self.tr("Cannot open the file"), str(error))
                return None
            self._remember_recent(tab.path)
        # An empty, untouched tab gives way to the file opened after it.
        current = self.current_tab()
        replaced = current if path is not None and current is not None and current.path is None \
            and not current.text() and not current.is_modified() else None  # fmt: skip
        tab.editor.context_actions = lambda: list(self.tool_actions.values()) + [self.act_palette]
        tab.editor.selectionChanged.connect(self.update_actions)
        tab.editor.selectionChanged.connect(self._count_timer.start)
        tab.editor.textChanged.connect(self._count_timer.start)
        tab.document.modificationChanged.connect(lambda _m, t=tab: self._update_title(t))
        pb = tab.proposal_bar
        pb.accept_button.clicked.connect(self.accept_proposal)
        pb.reject_button.clicked.connect(self.reject_proposal)
        pb.retry_button.clicked.connect(self.retry)
        pb.stop_button.clicked.connect(self.stop)
        self.tabs.addTab(tab, tab.title())
        self.tabs.setCurrentWidget(tab)
        if replaced is not None:
            self.close_tab(replaced)
        self._update_title(tab)
        tab.editor.setFocus()
        return tab

    def open_files(self, paths: list[str]) -> None:
        for path in paths:
            already = [t for t in self.all_tabs() if t.path and t.path.resolve() == Path(path).resolve()]
            if already:
                self.tabs.setCurrentWidget(already[0])
            else:
                self.new_tab(Path(path))

    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Open"), "",
                                                self.tr("Text and Markdown (*.txt *.md *.markdown);;All files (*)"))
        self.open_files(paths)

    def _update_title(self, tab: DocumentTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            self.tabs.setTabText(index, tab.title() + (" •" if tab.is_modified() else ""))
            self.tabs.setTabToolTip(index, str(tab.path or tab.title()))
        if tab is self.current_tab():
            self.setWindowTitle(f"{tab.title()}{' •' if tab.is_modified() else ''} — writing-assistant")
            self.encoding_label.setText(tab.encoding)

    def save(self, tab: DocumentTab | None = None) -> bool:
        tab = tab or self.current_tab()
        if tab is None:
            return False
        if tab.path is None:
            return self.save_as(tab)
        return self._save(tab, tab.path)

    def save_as(self, tab: DocumentTab | None = None, encoding: str | None = None) -> bool:
        tab = tab or self.current_tab()
        if tab is None:
            return False
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save As"), str(tab.path or ""),
                                              self.tr("Markdown (*.md);;Text (*.txt);;All files (*)"))  # fmt: skip
        return bool(path) and self._save(tab, Path(path), encoding)

    def _save(self, tab: DocumentTab, path: Path, encoding: str | None = None) -> bool:
        try:
            tab.save(path, encoding)
        except AssistantError as error:
            self.show_error(self.tr("The document was not saved"), str(error))
            return False
        self.recovery.discard(tab.key)
        self._remember_recent(path)
        self._update_title(tab)
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(path)), 4000)
        return True

    def reopen_with_encoding(self, encoding: str) -> None:
        tab = self.current_tab()
        if tab is None or tab.path is None:
            return
        if tab.is_modified() and not self._confirm_discard(tab):
            return
        try:
            tab.load(tab.path, encoding)
        except AssistantError as error:
            self.show_error(self.tr("Cannot reopen the file"), str(error))
        self._update_title(tab)

    def close_tab(self, tab: DocumentTab | None) -> bool:
        if tab is None:
            return False
        if tab.is_modified() and not self._confirm_discard(tab):
            return False
        if self.run is not None and self.run.tab is tab:
            self.worker.stop()
            self.run = None
        self.recovery.discard(tab.key)
        self.tabs.removeTab(self.tabs.indexOf(tab))
        tab.deleteLater()
        if self.tabs.count() == 0 and self.isVisible():
            self.new_tab()
        return True

    def _confirm_discard(self, tab: DocumentTab) -> bool:
        """Ask about unsaved changes: True to go on (saved or discarded), False to cancel."""
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("%1 has unsaved changes. Save them?").replace("%1", tab.title()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Save:
            return self.save(tab)
        return answer == QMessageBox.StandardButton.Discard

    def _remember_recent(self, path: Path) -> None:
        recent = self.settings.editor.recent_files
        entry = str(Path(path).resolve())
        recent[:] = [entry] + [p for p in recent if p != entry][: RECENT_FILES - 1]
        self.save_settings()
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.editor.recent_files:
            self.recent_menu.addAction(path, lambda p=path: self.open_files([p]))
        self.recent_menu.setEnabled(bool(self.settings.editor.recent_files))

    # -- autosave and recovery --------------------------------------------------

    def autosave(self) -> None:
        """Copy unsaved changes to the recovery folder; a crash then loses seconds, not work."""
        for tab in self.all_tabs():
            revision = tab.document.revision()
            if not tab.is_modified():
                if tab.autosaved_revision != -1:
                    self.recovery.discard(tab.key)
                    tab.autosaved_revision = -1
            elif revision != tab.autosaved_revision:
                try:
                    self.recovery.save(tab.key, tab.text(), str(tab.path) if tab.path else None, tab.encoding,
                                       tab.newline)  # fmt: skip
                    tab.autosaved_revision = revision
                except OSError as error:
                    self.statusBar().showMessage(self.tr("Autosave failed: %1").replace("%1", str(error)), 5000)

    def offer_recovery(self) -> None:
        """After a crash, ask which unsaved documents to restore (non-blocking)."""
        orphans = self.recovery.orphans()
        if not orphans:
            return
        dialog = RecoveryDialog(orphans, self)
        dialog.accepted.connect(lambda: self.restore(dialog.chosen(), orphans))
        dialog.rejected.connect(lambda: self.restore([], orphans))
        dialog.open()
        self.recovery_dialog = dialog

    def restore(self, chosen: list[Recovered], offered: list[Recovered]) -> None:
        for doc in chosen:
            tab = self.new_tab()
            tab.restore(doc.text, doc.path, doc.encoding, doc.newline)
            self._update_title(tab)
        for doc in offered:
            self.recovery.forget(doc)

    # -- running tools ------------------------------------------------------------

    def ask_and_run(self, name: str) -> None:
        """From a menu, the palette or a shortcut: the tool's options first, if it has any."""
        tool = self.tools[name]
        if not tool.options:
            self.run_tool(name, {})
            return
        try:
            remembered = tool.parse_options(self.settings.tools.get(name, {}))
        except AssistantError:
            remembered = {}
        dialog = ToolOptionsDialog(tool, remembered, self)
        dialog.accepted.connect(lambda: self._options_chosen(name, dialog.values()))
        dialog.open()
        self.options_dialog = dialog

    def _options_chosen(self, name: str, options: dict) -> None:
        self.settings.tools[name] = options
        self.save_settings()
        self.run_tool(name, options)

    def run_tool(self, name: str, options: dict) -> bool:
        """Start a tool on the current tab; False (and a message) when it cannot run now."""
        tab, tool = self.current_tab(), self.tools.get(name)
        reason = self.tool_unavailable(tool)
        if tab is None or tool is None or reason:
            self.statusBar().showMessage(reason, 5000)
            return False
        cursor, text = tab.editor.textCursor(), tab.text()
        selection = (qt_to_py(text, cursor.selectionStart()), qt_to_py(text, cursor.selectionEnd())) \
            if cursor.hasSelection() else None  # fmt: skip
        request = Request(text, selection, qt_to_py(text, cursor.position()), options)
        try:
            _, (start, end) = check_request(tool, request)
        except AssistantError as error:
            self.statusBar().showMessage(str(error), 5000)
            return False
        if tool.output == "panel":
            target: Proposal | ResultCard = self.results.add(tool_text(tool.title))
        else:
            self._drop_proposal(tab)
            target = Proposal(tab.editor, tool, py_to_qt(text, start), py_to_qt(text, end), options)
            target.changed.connect(self._proposal_changed)
            tab.proposal = target
            tab.proposal_bar.show_proposal(target)
        self.speed_label.setText(self.tr("reading…"))
        self.run = Run(self.worker.run(name, request), tab, tool, target, time.monotonic())
        self.update_actions()
        return True

    def tool_unavailable(self, tool: Tool | None) -> str:
        """Why a tool cannot run right now, or an empty string."""
        if tool is None:
            return self.tr("This tool is no longer available.")
        if self.model is None:
            return self.tr("The model is loading.") if self.worker.loading else self.tr("No model is loaded.")
        if self.run is not None:
            return self.tr("Another tool is running; stop it first.")
        editor = self.current_editor()
        if tool.input == "selection" and (editor is None or not editor.textCursor().hasSelection()):
            return self.tr("Select some text first: %1 works on the selection.").replace("%1", tool_text(tool.title))
        return ""

    def _tokens(self, run_id: int, text: str, count: int) -> None:
        run = self.run
        if run is None or run.id != run_id:
            return
        now = time.monotonic()
        if not run.first_token:
            run.first_token = now
        run.tokens += count
        run.target.append(text)
        if now > run.first_token:
            self.speed_label.setText(self.tr("%1 tokens/s").replace("%1", f"{run.tokens / (now - run.first_token):.1f}"))

    def _progress(self, run_id: int, progress: Progress) -> None:
        if self.run is not None and self.run.id == run_id and isinstance(self.run.target, Proposal):
            self.run.target.progress = progress
            self.run.target.changed.emit()

    def _finished(self, run_id: int, event) -> None:
        if self.run is None or self.run.id != run_id:
            return  # a run the writer already left behind
        run, self.run = self.run, None
        target = run.target
        if isinstance(event, Result):
            stats = event.stats
            self.speed_label.setText(self.tr("%1 tokens/s").replace("%1", f"{stats.tokens_per_second:.1f}"))
            used = stats.prompt_tokens + stats.generated_tokens
            self.context_label.setText(self.tr("context %1 of %2").replace("%1", f"{used:,}")
                                       .replace("%2", f"{stats.n_ctx:,}"))  # fmt: skip
            if isinstance(target, Proposal):
                target.text = event.text
                target.finish("done")
            else:
                target.set_value(event.value, event.text)
        elif isinstance(event, (Failed, Stopped)):
            self.speed_label.clear()
            message = str(event.error) if isinstance(event, Failed) else ""
            if isinstance(target, Proposal):
                target.finish("failed" if message else "stopped", message)
            else:
                target.set_message(message or self.tr("Stopped."))
        self.update_actions()
        self.run_finished.emit()

    def _proposal_changed(self) -> None:
        # Only when Accept changes: every streamed batch also says "changed".
        tab = self.current_tab()
        if tab is not None and tab.proposal is not None and self.act_accept.isEnabled() != tab.proposal.can_accept():
            self.update_actions()

    def _drop_proposal(self, tab: DocumentTab) -> None:
        if tab.proposal is not None:
            tab.proposal.dismiss()
            tab.proposal = None
        tab.proposal_bar.show_proposal(None)

    def accept_proposal(self) -> None:
        tab = self.current_tab()
        if tab is None or tab.proposal is None or not tab.proposal.can_accept():
            return
        tab.proposal.accept()
        tab.proposal = None
        tab.proposal_bar.show_proposal(None)
        self.update_actions()

    def reject_proposal(self) -> None:
        tab = self.current_tab()
        if tab is None or tab.proposal is None:
            self.find_bar.hide()  # Esc closes the find bar when there is nothing to reject
            return
        if self.run is not None and self.run.target is tab.proposal:
            self.worker.stop()
            self.run = None
        self._drop_proposal(tab)
        self.update_actions()

    def retry(self) -> None:
        """Run the proposal's tool again, with the same options, on its range as it is now."""
        tab = self.current_tab()
        if tab is None or tab.proposal is None or self.run is not None:
            return
        proposal = tab.proposal
        start, end = proposal.range()
        cursor = QTextCursor(tab.document)
        cursor.setPosition(start)
        if end != start:
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        tab.editor.setTextCursor(cursor)
        self.run_tool(proposal.tool.name, proposal.options)

    def stop(self) -> None:
        # Called here, not connected to the worker's own method: a slot of the worker would
        # be queued to its thread, which is busy with the very run to stop.
        self.worker.stop()

    def insert_at_cursor(self, text: str) -> None:
        editor = self.current_editor()
        if editor is not None:
            editor.textCursor().insertText(text)  # one undo step

    def update_actions(self) -> None:
        for name, action in self.tool_actions.items():
            reason = self.tool_unavailable(self.tools.get(name))
            action.setEnabled(not reason)
            action.setToolTip(reason or tool_text(self.tools[name].description))
        tab = self.current_tab()
        proposal = tab.proposal if tab else None
        self.act_accept.setEnabled(bool(proposal and proposal.can_accept()))
        self.act_reject.setEnabled(True)  # also closes the find bar
        self.act_retry.setEnabled(bool(proposal) and self.run is None)
        self.act_stop.setEnabled(self.run is not None)

    # -- the model ----------------------------------------------------------------

    def load_model(self, settings: Settings | None = None) -> None:
        """Load in the background what `settings` describe (the app's own by default);
        they become the app's settings once the model is ready, and not before."""
        settings = settings or self.settings
        factory = self.backends.get(settings.backend)
        if factory is None:
            self._model_failed(self.tr("There is no backend named %1.").replace("%1", repr(settings.backend)))
            return
        label = settings.remote.url if settings.backend == "remote" else \
            Path(settings.engine.model or default_model_path() or "model").name  # fmt: skip
        self._pending_settings = settings
        self.model_label.setText(self.tr("Loading %1…").replace("%1", label))
        self.model_busy.show()
        self.worker.load(label, lambda: factory(settings))
        self.update_actions()

    def _model_loaded(self, info: BackendInfo, notices: list) -> None:
        log.info("model loaded: %s (%s)", info.model, info.kind)
        self.model = info
        self.model_busy.hide()
        self.model_label.setText(info.model)
        self.model_label.setToolTip("\n".join(f"{k}: {v}" for k, v in info.details.items()))
        self.context_label.setText(self.tr("context %1").replace("%1", f"{info.n_ctx:,}"))
        pending = self._pending_settings
        if pending is not self.settings:
            self.settings = pending
            self.save_settings()
        for notice in notices:
            self.statusBar().showMessage(notice, 10000)
        if self.model_dialog is not None:
            self.model_dialog.load_finished()
        self.update_actions()
        self.model_ready.emit()

    def _model_failed(self, message: str) -> None:
        self.model_busy.hide()
        self.model_label.setText(self.model.model if self.model else self.tr("No model"))
        if self.model_dialog is not None and self.model_dialog.isVisible():
            self.model_dialog.load_finished(message)
        else:
            self.show_error(self.tr("The model could not be loaded"), message)
        self.update_actions()
        self.model_ready.emit()

    def open_model_dialog(self) -> None:
        from ..core.llama_backend import gpu_offload_supported

        dialog = ModelDialog(self.settings, list(self.backends), gpu_offload_supported(), self)
        dialog.load_requested.connect(self.load_model)
        dialog.finished.connect(lambda _result: setattr(self, "model_dialog", None))
        self.model_dialog = dialog
        dialog.open()

    # -- plugins and settings --------------------------------------------------------

    def open_plugin_dialog(self) -> None:
        dialog = PluginDialog(self.host, self)
        dialog.toggled.connect(self.set_plugin_enabled)
        dialog.open()
        self.plugin_dialog = dialog

    def set_plugin_enabled(self, name: str, enabled: bool) -> None:
        """Takes effect at once: the tools and every menu are rebuilt."""
        (self.host.enable if enabled else self.host.disable)(name)
        disabled = self.settings.plugins.disabled
        disabled[:] = [n for n in disabled if n != name] + ([] if enabled else [name])
        self.save_settings()
        self.reload_tools()

    def reload_tools(self) -> None:
        self.tools = self.host.tools()
        self.worker.tools = self.tools
        self.rebuild_tool_actions()

    def open_settings_dialog(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        dialog.accepted.connect(lambda: self._settings_changed(dialog))
        dialog.open()
        self.settings_dialog = dialog

    def _settings_changed(self, dialog: SettingsDialog) -> None:
        dialog.apply()
        e = self.settings.editor
        for tab in self.all_tabs():
            tab.editor.set_font(e.font_family, e.font_size)
            tab.editor.set_wrap(e.line_wrap)
        self.act_wrap.setChecked(e.line_wrap)
        self.autosave_timer.setInterval(1000 * e.autosave_seconds)
        self.worker.sampling = self.settings.sampling
        self.apply_theme()
        self.save_settings()

    def save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError as error:
            self.statusBar().showMessage(self.tr("Settings not saved: %1").replace("%1", str(error)), 5000)

    def apply_theme(self) -> None:
        scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(self.settings.editor.theme,
                                                                                   Qt.ColorScheme.Unknown)  # fmt: skip
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "setColorScheme"):  # Qt 6.8 and newer; older ones follow the system only
            hints.setColorScheme(scheme)

    # -- view ------------------------------------------------------------------

    def zoom(self, step: int | None) -> None:
        e = self.settings.editor
        e.zoom = 0 if step is None else max(-10, min(30, e.zoom + step))
        for tab in self.all_tabs():
            tab.editor.set_zoom(e.zoom)
        self.save_settings()

    def _set_wrap(self, wrap: bool) -> None:
        self.settings.editor.line_wrap = wrap
        for tab in self.all_tabs():
            tab.editor.set_wrap(wrap)
        self.save_settings()

    def _set_preview(self, shown: bool) -> None:
        self.settings.editor.preview = shown
        for tab in self.all_tabs():
            tab.set_preview(shown)
        self.save_settings()

    def open_palette(self) -> None:
        palette = CommandPalette(self.actions(), self)
        palette.open()
        self.command_palette = palette

    def _tab_changed(self, _index: int) -> None:
        tab = self.current_tab()
        if tab is not None:
            self._update_title(tab)
        self._update_counts()
        self.update_actions()

    def _update_counts(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        text = editor.toPlainText()
        selected = editor.textCursor().selectedText().replace("\u2029", "\n")
        label = self.tr("%1 words, %2 characters").replace("%1", f"{count_words(text):,}") \
            .replace("%2", f"{len(text.replace(chr(10), '')):,}")  # fmt: skip
        if selected:
            label = self.tr("%1 of %2 words selected").replace("%1", f"{count_words(selected):,}") \
                .replace("%2", f"{count_words(text):,}")  # fmt: skip
        self.count_label.setText(label)

    def show_error(self, title: str, message: str) -> None:
        """A clear message that does not block: the app stays usable behind it."""
        log.warning("%s: %s", title, message)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error = message

    def report_settings_problems(self, problems: list[str]) -> None:
        self.show_error(self.tr("Some settings were not valid"), "\n".join(problems))

    def _about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, self.tr("About"), f"writing-assistant {__version__}")

    # -- closing ---------------------------------------------------------------------

    def closeEvent(self, event) -> None:  # noqa: N802
        for tab in self.all_tabs():
            if tab.is_modified():
                self.tabs.setCurrentWidget(tab)
                if not self._confirm_discard(tab):
                    event.ignore()
                    return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop generation, end the worker thread, free the model; after this the window can go."""
        self.autosave_timer.stop()
        self.worker.shutdown()
        self.recovery.close()
