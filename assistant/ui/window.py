"""The main window: the menus, and the session's views (tabs, panels, bars, status bar) put together.

State lives in the session (core/session); each view observes it through SessionSignals (docs/architecture.md).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QVBoxLayout, QWidget

from ..core.documents import ENCODINGS
from ..core.paths import shown
from ..core.recovery import RecoveryStore
from ..core.session import Session
from ..core.settings import Settings
from ..plugins import PluginHost
from .catalog_bar import CatalogBar
from .dialogs.download import DownloadDialog
from .files import Files
from .find import FindBar
from .i18n import tool_text
from .instant import Instant
from .memory_panel import MemoryPanel
from .model_loading import ModelLoading
from .palette import CommandPalette
from .panels.documents import DocumentsPanel
from .plugin_control import PluginControl
from .proofing import Proofing
from .results import ResultsPanel
from .runs import ToolRuns
from .session_signals import SessionSignals
from .sources_panel import SourcesPanel
from .status import StatusBar
from .tab import DocumentTab
from .tabs import DocumentTabs
from .view_settings import ViewSettings
from .worker import ModelWorker


class MainWindow(QMainWindow):
    run_finished = Signal()  # a tool run ended and its result is shown
    model_ready = Signal()  # a model finished loading, or failed to (see session.model)

    def __init__(self, settings: Settings, host: PluginHost | None = None, recovery: RecoveryStore | None = None):
        super().__init__()
        host = host or PluginHost(disabled=settings.plugins.disabled)
        self.session = session = Session(settings, host.tools(), host.backends())
        self.signals = signals = SessionSignals(session, self)
        self.worker = ModelWorker(session.tools, settings.sampling)
        self.tabs = tabs = DocumentTabs(session, signals)
        self.status = StatusBar(session, signals, self.tabs.current_editor)
        self.setStatusBar(self.status)
        self.results = ResultsPanel(lambda text: self.runs.insert_at_cursor(text), self)
        self.files = Files(session, signals, self.tabs, self.status, recovery)
        self.runs = ToolRuns(session, signals, self.tabs, self.worker, self.results)
        self.instant = Instant(session, self.tabs, self.worker)
        self.models = ModelLoading(session, self.worker, self)
        self.plugins = PluginControl(session, host, self.worker, self.tabs)
        self.view = ViewSettings(session, self.tabs, self.worker)
        self.find_bar = FindBar(self.tabs.current_editor)
        self.catalog_bar = CatalogBar(session, self.models.load)
        self.memory_panel = MemoryPanel(session, signals, self.worker)
        self.proofing = Proofing(session, signals, self.tabs, self.runs, self.plugins, self.status)
        self.current_tab, self.current_editor, self.all_tabs = tabs.current_tab, tabs.current_editor, tabs.all_tabs
        self.command_palette: CommandPalette | None = None
        self.panels: list = []  # docks, each with its action in the View menu
        self.setWindowTitle("writing-assistant")
        self.resize(1100, 760)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.catalog_bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self._add_panel(self.results)
        self._add_panel(self.memory_panel)
        self._add_panel(DocumentsPanel(session, signals))
        self.sources_panel = SourcesPanel(session, self.worker, self.plugins, self.files, self.runs)
        self._add_panel(self.sources_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.proofing.panel)  # in View by proofing
        self.proofing.panel.hide()

        self.runs.finished.connect(self.run_finished)
        self.models.ready.connect(self.model_ready)
        self.tabs.tab_added.connect(self._wire_tab)
        for signal in (signals.run_started, signals.run_finished, signals.proposal_changed, signals.model_changed):
            signal.connect(self.update_actions)
        signals.current_changed.connect(self._current_changed)
        signals.document_changed.connect(lambda e: e.doc is session.current and self._show_title())
        signals.settings_changed.connect(self._settings_changed)
        signals.tools_changed.connect(lambda _e: self.rebuild_tool_actions())
        self._build_actions()
        self._build_menus()
        session.open_document()

    def _add_panel(self, panel) -> None:
        """A dock on the right, hidden until its action in the View menu shows it."""
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        panel.hide()
        self.panels.append(panel)

    # -- building ---------------------------------------------------------------

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
        files, runs, view = self.files, self.runs, self.view
        self.act_new = self._action(self.tr("&New"), lambda: self.session.open_document(), K.New)
        self.act_open = self._action(self.tr("&Open…"), lambda: files.open_dialog(), K.Open)
        self.act_save = self._action(self.tr("&Save"), lambda: files.save(), K.Save)
        self.act_save_as = self._action(self.tr("Save &As…"), lambda: files.save_as(), K.SaveAs)
        self.act_close = self._action(self.tr("&Close Tab"), lambda: files.close_tab(self.current_tab()), K.Close)
        self.act_quit = self._action(self.tr("&Quit"), self.close, K.Quit)
        self.act_undo = self._action(self.tr("&Undo"), lambda: self.current_editor().undo(), K.Undo)
        self.act_redo = self._action(self.tr("&Redo"), lambda: self.current_editor().redo(), K.Redo)
        self.act_find = self._action(self.tr("&Find…"), lambda: self.find_bar.open(), K.Find)
        self.act_replace = self._action(self.tr("Find and &Replace…"), lambda: self.find_bar.open(replace=True),
                                        K.Replace if not QKeySequence(K.Replace).isEmpty() else "Ctrl+H")  # fmt: skip
        self.act_zoom_in = self._action(self.tr("Zoom &In"), lambda: view.zoom(+1), K.ZoomIn)
        self.act_zoom_out = self._action(self.tr("Zoom &Out"), lambda: view.zoom(-1), K.ZoomOut)
        self.act_zoom_reset = self._action(self.tr("&Reset Zoom"), lambda: view.zoom(None), "Ctrl+0")
        self.act_wrap = self._action(self.tr("&Wrap Lines"), view.set_wrap, checkable=True)
        self.act_preview = self._action(self.tr("Markdown &Preview"), view.set_preview, "Ctrl+Shift+M", True)
        self.act_preview.setChecked(e.preview)
        self.act_results = self.results.toggleViewAction()
        self.act_results.setText(self.tr("AI &Results Panel"))
        self.act_memory = self.memory_panel.toggleViewAction()
        self.act_memory.setText(self.tr("Writing &Memory"))
        self.act_accept = self._action(self.tr("&Accept Proposal"), runs.accept_proposal, "Ctrl+Return")
        self.act_reject = self._action(self.tr("Re&ject Proposal"), lambda: runs.reject_proposal() or
                                       self.find_bar.hide(), "Esc")  # fmt: skip
        self.act_retry = self._action(self.tr("Re&try"), runs.retry, "Ctrl+Shift+R")
        self.act_stop = self._action(self.tr("&Stop"), runs.stop, "Ctrl+.")
        self.act_palette = self._action(self.tr("Command &Palette…"), self.open_palette, "Ctrl+Shift+P")
        self.act_suggestions = self._action(self.tr("Inline &Suggestions"), view.set_suggestions, checkable=True)
        self.act_suggestions.setStatusTip(self.tr("Grey words that finish your sentence as you type; Tab takes them"))
        self.act_model = self._action(self.tr("&Model…"), self.models.open_dialog)
        self.act_plugins = self._action(self.tr("&Plugins…"), self.plugins.open_plugin_dialog)
        self.act_prompt_tools = self._action(self.tr("Prompt &Tools…"), self.plugins.open_prompt_tools_dialog)
        self.act_preferences = self._action(self.tr("&Preferences…"), view.open_settings_dialog, K.Preferences)
        self.act_about = self._action(self.tr("&About"), self._about)
        for action in (self.act_accept, self.act_reject):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.tool_actions: dict[str, QAction] = {}
        self._settings_changed()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addActions([self.act_new, self.act_open])
        self.recent_menu = file.addMenu(self.tr("Open &Recent"))
        file.addActions([self.act_save, self.act_save_as])
        self.reopen_menu = file.addMenu(self.tr("Reopen with &Encoding"))
        self.save_encoding_menu = file.addMenu(self.tr("Save with E&ncoding"))
        for encoding in ENCODINGS:
            self.reopen_menu.addAction(encoding, lambda e=encoding: self.files.reopen_with_encoding(e))
            self.save_encoding_menu.addAction(encoding, lambda e=encoding: self.files.save_as(encoding=e))
        self.reopen_menu.addSeparator()
        self.reopen_menu.addAction(self.tr("Other…"), self.files.ask_encoding)
        file.addSeparator()
        file.addActions([self.act_close, self.act_quit])
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addActions([self.act_find, self.act_replace])
        view = bar.addMenu(self.tr("&View"))
        view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        view.addSeparator()
        view.addActions([self.act_wrap, self.act_preview] + [panel.toggleViewAction() for panel in self.panels])
        self.ai_menu = bar.addMenu(self.tr("&AI"))
        self.ai_menu.setToolTipsVisible(True)
        settings = bar.addMenu(self.tr("&Settings"))
        settings.addActions([self.act_model, self.act_plugins, self.act_prompt_tools, self.act_preferences])
        self.proofing.add_to_menus(edit, view, settings)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_about)
        self.rebuild_recent_menu()
        self.rebuild_tool_actions()

    def rebuild_tool_actions(self) -> None:
        """One action per tool of every loaded plugin: in the AI menu, the context menu and the palette."""
        for action in self.tool_actions.values():
            self.removeAction(action)
            action.deleteLater()
        self.tool_actions = {}
        for tool in self.session.tools.values():
            action = self._action(tool_text(tool, tool.title) + ("…" if tool.options else ""),
                                  lambda _=False, n=tool.name: self.runs.ask_and_run(n), tool.shortcut or None)  # fmt: skip
            action.setStatusTip(tool_text(tool, tool.description))
            self.tool_actions[tool.name] = action
        self.ai_menu.clear()
        self.ai_menu.addActions(list(self.tool_actions.values()))
        self.ai_menu.addSeparator()
        self.ai_menu.addActions([self.act_accept, self.act_reject, self.act_retry, self.act_stop])
        self.ai_menu.addSeparator()
        self.ai_menu.addActions([self.act_suggestions, self.act_palette])
        self.update_actions()

    def rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.editor.recent_files:
            self.recent_menu.addAction(shown(path), lambda p=path: self.files.open_files([p]))
        self.recent_menu.setEnabled(bool(self.settings.editor.recent_files))

    # -- following the session -------------------------------------------------------

    settings = property(lambda self: self.session.settings)
    last_error = property(lambda self: self.status.last_error)  # the last message shown by show_error

    def _wire_tab(self, tab: DocumentTab) -> None:
        tab.editor.context_actions = lambda: list(self.tool_actions.values()) + [self.act_palette]
        tab.editor.selectionChanged.connect(self.update_actions)
        self.status.count_label.watch(tab.editor)
        pb = tab.proposal_bar
        pb.accept_button.clicked.connect(self.runs.accept_proposal)
        pb.reject_button.clicked.connect(self.runs.reject_proposal)
        pb.retry_button.clicked.connect(self.runs.retry)
        pb.stop_button.clicked.connect(self.runs.stop)

    def _current_changed(self, _event=None) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.editor.setFocus()
        self._show_title()
        self.status.count_label.update_counts()
        self.update_actions()

    def _show_title(self) -> None:
        doc = self.session.current
        if doc is not None:
            self.setWindowTitle(f"{self.tabs.current_tab().title()}{' •' if doc.modified else ''} — writing-assistant")

    def _settings_changed(self, _event=None) -> None:
        e = self.settings.editor
        self.act_wrap.setChecked(e.line_wrap)
        self.act_suggestions.setChecked(e.inline_suggestions)
        if hasattr(self, "recent_menu"):
            self.rebuild_recent_menu()

    def update_actions(self, _event=None) -> None:
        for name, action in self.tool_actions.items():
            reason = self.runs.unavailable(self.session.tools.get(name))
            action.setEnabled(not reason)
            action.setToolTip(reason or tool_text(self.session.tools[name], self.session.tools[name].description))
        tab = self.current_tab()
        proposal = tab.proposal if tab else None
        self.act_accept.setEnabled(bool(proposal and proposal.can_accept()))
        self.act_reject.setEnabled(True)  # also closes the find bar
        self.act_retry.setEnabled(bool(proposal) and self.session.run is None)
        self.act_stop.setEnabled(self.session.run is not None)

    def open_palette(self) -> None:
        self.command_palette = CommandPalette(self.actions(), self)
        self.command_palette.open()

    def report_problems(self, problems: list[str]) -> None:
        """At start: settings that were not valid, what is off (autosave, recovery) and why, and plugins
        that failed or lost a tool."""
        problems = problems + self.files.notices + self.plugins.host.problems()
        if problems:
            self.status.show_error(self.tr("Some things need your attention"), "\n\n".join(problems))

    def _about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, self.tr("About"), f"writing-assistant {__version__}")

    # -- closing ---------------------------------------------------------------------

    def closeEvent(self, event) -> None:  # noqa: N802
        for tab in self.all_tabs():
            if tab.is_modified():
                self.tabs.setCurrentWidget(tab)
                if not self.files.confirm_discard(tab):
                    event.ignore()
                    return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop generation, end the worker thread, free the model; after this the window can go."""
        self.files.shutdown()
        self.proofing.shutdown()
        for download in self.findChildren(DownloadDialog):
            download.stop()
        self.session.stop_run()
        self.session.writer_active()  # background work stops too
        self.worker.shutdown()
        self.sources_panel.shutdown()  # after the worker: a tool may be searching the sources
