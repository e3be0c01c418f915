"""The main window: documents in tabs, the AI menu built from the plugins' tools, the model in the background.

The window composes small parts: `Files` (opening, saving, changes on disk,
drafts), `ToolRuns` (running tools, proposals), the dialogs, the bars.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QTabWidget, QVBoxLayout, QWidget

from ..core.documents import ENCODINGS, Document
from ..core.engine import BackendInfo
from ..core.language import count_words
from ..core.models import default_model_path
from ..core.paths import shown
from ..core.recovery import RecoveryStore
from ..core.settings import Settings
from ..plugins import PluginHost, with_plugin
from .catalog_bar import CatalogBar
from .dialogs.catalog import CatalogDialog
from .dialogs.download import DownloadDialog
from .dialogs.model import ModelDialog
from .dialogs.plugins import PluginDialog
from .dialogs.preferences import SettingsDialog
from .dialogs.prompt_tools import PromptToolsDialog
from .files import Files
from .editor import qt_to_py
from .find import FindBar
from .i18n import has_cjk_font, tool_text
from .instant import Instant
from .memory_panel import MemoryPanel
from .palette import CommandPalette
from .proofing import Proofing
from .results import ResultsPanel
from .runs import ToolRuns
from .sources_panel import SourcesPanel
from .tab import DocumentTab
from .worker import ModelWorker

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    run_finished = Signal()  # a tool run ended and its result is shown
    model_ready = Signal()  # a model finished loading, or failed to (see self.model)

    def __init__(self, settings: Settings, host: PluginHost | None = None, recovery: RecoveryStore | None = None):
        super().__init__()
        self.settings = settings
        self.host = host or PluginHost(disabled=settings.plugins.disabled)
        self.tools = self.host.tools()
        self.backends = self.host.backends()
        self.worker = ModelWorker(self.tools, settings.sampling)
        self.model: BackendInfo | None = None
        self._pending_settings = settings  # what the model being loaded was asked with
        self.runs = ToolRuns(self)
        self.files = Files(self, recovery)
        self.instant = Instant(self)
        self.last_error = ""  # the last message shown by show_error
        self.model_dialog: ModelDialog | None = None
        self.setWindowTitle("writing-assistant")
        self.resize(1100, 760)

        self.tabs = QTabWidget(documentMode=True, tabsClosable=True, movable=True)
        self.tabs.tabCloseRequested.connect(lambda index: self.files.close_tab(self.tabs.widget(index)))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.find_bar = FindBar(self.current_editor)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.catalog_bar = CatalogBar(settings)
        self.catalog_bar.choose_requested.connect(self.open_catalog)
        self.catalog_bar.declined.connect(self.dismiss_catalog)
        layout.addWidget(self.catalog_bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.results = ResultsPanel(self.runs.insert_at_cursor, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.results)
        self.results.hide()
        self.memory_panel = MemoryPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.memory_panel)
        self.memory_panel.hide()
        self._build_status_bar()
        self.proofing = Proofing(self)
        self._build_actions()
        self._build_menus()
        self.sources_panel = SourcesPanel(self)

        self.worker.loaded.connect(self._model_loaded)
        self.worker.load_failed.connect(self._model_failed)
        self._count_timer = QTimer(self, singleShot=True, interval=200)
        self._count_timer.timeout.connect(self._update_counts)
        self.apply_theme()
        self.add_tab()

    # -- building ---------------------------------------------------------------

    def open_catalog(self) -> None:
        from ..core.llama_backend import gpu_offload_supported

        dialog = CatalogDialog(self.settings.engine.n_ctx or 4096, gpu_offload_supported(), self)
        dialog.chosen.connect(self._catalog_model_chosen)
        dialog.open()
        self.catalog_dialog = dialog
        self.dismiss_catalog()

    def dismiss_catalog(self) -> None:
        self.catalog_bar.hide()
        self.settings.library.catalog_offered = True
        self.save_settings()

    def _catalog_model_chosen(self, path: Path) -> None:
        """A model from the catalog was downloaded: it becomes the one in use once it loads."""
        self.load_model(dataclasses.replace(self.settings, engine=dataclasses.replace(self.settings.engine,
                                                                                      model=str(path))))  # fmt: skip

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
        files, runs = self.files, self.runs
        self.act_new = self._action(self.tr("&New"), lambda: self.add_tab(), K.New)
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
        self.act_zoom_in = self._action(self.tr("Zoom &In"), lambda: self.zoom(+1), K.ZoomIn)
        self.act_zoom_out = self._action(self.tr("Zoom &Out"), lambda: self.zoom(-1), K.ZoomOut)
        self.act_zoom_reset = self._action(self.tr("&Reset Zoom"), lambda: self.zoom(None), "Ctrl+0")
        self.act_wrap = self._action(self.tr("&Wrap Lines"), self._set_wrap, checkable=True)
        self.act_wrap.setChecked(e.line_wrap)
        self.act_preview = self._action(self.tr("Markdown &Preview"), self._set_preview, "Ctrl+Shift+M", True)
        self.act_preview.setChecked(e.preview)
        self.act_results = self.results.toggleViewAction()
        self.act_results.setText(self.tr("AI &Results Panel"))
        self.act_memory = self.memory_panel.toggleViewAction()
        self.act_memory.setText(self.tr("Writing &Memory"))
        self.act_accept = self._action(self.tr("&Accept Proposal"), runs.accept_proposal, "Ctrl+Return")
        self.act_reject = self._action(self.tr("Re&ject Proposal"), runs.reject_proposal, "Esc")
        self.act_retry = self._action(self.tr("Re&try"), runs.retry, "Ctrl+Shift+R")
        self.act_stop = self._action(self.tr("&Stop"), runs.stop, "Ctrl+.")
        self.act_palette = self._action(self.tr("Command &Palette…"), self.open_palette, "Ctrl+Shift+P")
        self.act_suggestions = self._action(self.tr("Inline &Suggestions"), self._set_suggestions, checkable=True)
        self.act_suggestions.setChecked(e.inline_suggestions)
        self.act_suggestions.setStatusTip(self.tr("Grey words that finish your sentence as you type; Tab takes them"))
        self.act_model = self._action(self.tr("&Model…"), self.open_model_dialog)
        self.act_plugins = self._action(self.tr("&Plugins…"), self.open_plugin_dialog)
        self.act_prompt_tools = self._action(self.tr("Prompt &Tools…"), self.open_prompt_tools_dialog)
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
        view.addActions([self.act_wrap, self.act_preview, self.act_results, self.act_memory])
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
        for tool in self.tools.values():
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

    # -- documents ----------------------------------------------------------------

    def current_tab(self) -> DocumentTab | None:
        return self.tabs.currentWidget()

    def current_editor(self):
        tab = self.current_tab()
        return tab.editor if tab else None

    def all_tabs(self) -> list[DocumentTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def add_tab(self, model: Document | None = None) -> DocumentTab:
        """A tab showing `model` (a new, untitled document by default)."""
        tab = DocumentTab(self.settings.editor, model)
        # An empty, untouched tab gives way to the file opened after it.
        current = self.current_tab()
        replaced = current if model is not None and model.path is not None and current is not None \
            and current.path is None and not current.text() and not current.is_modified() else None  # fmt: skip
        tab.editor.context_actions = lambda: list(self.tool_actions.values()) + [self.act_palette]
        tab.editor.selectionChanged.connect(self.update_actions)
        tab.editor.selectionChanged.connect(self._count_timer.start)
        tab.editor.textChanged.connect(self._count_timer.start)
        self.instant.watch(tab.editor)
        self.proofing.watch(tab)
        tab.document.modificationChanged.connect(lambda _m, t=tab: self.update_title(t))
        pb = tab.proposal_bar
        pb.accept_button.clicked.connect(self.runs.accept_proposal)
        pb.reject_button.clicked.connect(self.runs.reject_proposal)
        pb.retry_button.clicked.connect(self.runs.retry)
        pb.stop_button.clicked.connect(self.runs.stop)
        tab.disk_bar.reload_requested.connect(lambda t=tab: self.files.reload(t))
        tab.disk_bar.keep_requested.connect(lambda t=tab: self.files.keep_mine(t))
        tab.disk_bar.compare_requested.connect(lambda t=tab: self.files.compare(t))
        self.tabs.addTab(tab, tab.title())
        self.tabs.setCurrentWidget(tab)
        if replaced is not None:
            self.files.close_tab(replaced)
        self.update_title(tab)
        tab.editor.setFocus()
        return tab

    def update_title(self, tab: DocumentTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0:
            self.tabs.setTabText(index, tab.title() + (" •" if tab.is_modified() else ""))
            self.tabs.setTabToolTip(index, shown(tab.path) if tab.path else tab.title())
        if tab is self.current_tab():
            self.setWindowTitle(f"{tab.title()}{' •' if tab.is_modified() else ''} — writing-assistant")
            self.encoding_label.setText(tab.encoding)

    def rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.editor.recent_files:
            self.recent_menu.addAction(shown(path), lambda p=path: self.files.open_files([p]))
        self.recent_menu.setEnabled(bool(self.settings.editor.recent_files))

    def update_actions(self) -> None:
        for name, action in self.tool_actions.items():
            reason = self.runs.unavailable(self.tools.get(name))
            action.setEnabled(not reason)
            action.setToolTip(reason or tool_text(self.tools[name], self.tools[name].description))
        tab = self.current_tab()
        proposal = tab.proposal if tab else None
        self.act_accept.setEnabled(bool(proposal and proposal.can_accept()))
        self.act_reject.setEnabled(True)  # also closes the find bar
        self.act_retry.setEnabled(bool(proposal) and self.runs.current is None)
        self.act_stop.setEnabled(self.runs.current is not None)

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
        self.model = None  # the worker frees the old model before it loads the new one
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

    def _model_failed(self, message: str, previous: BackendInfo | None = None) -> None:
        """The model could not be loaded; `previous`, the model the app had, is loaded again if it could be."""
        self.model = previous
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
        dialog.changed.connect(lambda: (self.reload_plugins(), dialog.refresh(self.host)))
        dialog.open()
        self.plugin_dialog = dialog

    def open_prompt_tools_dialog(self) -> None:
        dialog = PromptToolsDialog(self._sample, self)
        dialog.changed.connect(self.reload_plugins)
        dialog.open()
        self.prompt_tools_dialog = dialog

    def _sample(self) -> tuple[str, str, str]:
        """The selection (else the whole document) and the text before and after it."""
        tab = self.current_tab()
        if tab is None:
            return "", "", ""
        text, cursor = tab.text(), tab.editor.textCursor()
        start, end = (qt_to_py(text, cursor.selectionStart()), qt_to_py(text, cursor.selectionEnd())) \
            if cursor.hasSelection() else (0, len(text))  # fmt: skip
        return text[start:end], text[:start], text[end:]

    def set_plugin_enabled(self, name: str, enabled: bool) -> None:
        """Takes effect at once: the tools and every menu are rebuilt."""
        (self.host.enable if enabled else self.host.disable)(name)
        record = self.host.records[name]

        def edit(now: Settings) -> None:  # the list as the file holds it now: a command may have changed it
            now.plugins.disabled[:] = with_plugin(now.plugins.disabled, record, enabled)

        self.save_settings(edit)
        self.reload_tools()

    def reload_plugins(self) -> None:
        """Find the plugins again (one was installed or removed) and rebuild every menu."""
        self.host = PluginHost(disabled=self.settings.plugins.disabled)
        self.backends = self.host.backends()
        self.reload_tools()

    def reload_tools(self) -> None:
        self.tools = self.host.tools()
        self.worker.tools = self.tools
        self.rebuild_tool_actions()
        self.proofing.reload()

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
        self.act_suggestions.setChecked(e.inline_suggestions)
        self.files.autosave_timer.setInterval(1000 * e.autosave_seconds)
        self.worker.sampling = self.settings.sampling
        self.apply_theme()
        self.save_settings()

    def save_settings(self, edit=None) -> None:
        """Write the keys the app changed over the file as it is now; with `edit`, apply it to the file
        as it is now (a list a command may have changed meanwhile)."""
        try:
            if edit is None:
                self.settings.save()
            else:
                self.settings.update(edit)
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

    def _set_suggestions(self, on: bool) -> None:
        self.settings.editor.inline_suggestions = on
        editor = self.current_editor()
        if not on and editor is not None:
            editor.dismiss_suggestion()
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
        self.memory_panel.show_tab(tab)
        if tab is not None:
            self.update_title(tab)
        self._update_counts()
        self.update_actions()

    def _update_counts(self) -> None:
        editor = self.current_editor()
        if editor is None:
            return
        text = self.current_tab().text()
        if editor.isReadOnly():  # too long to edit: words in megabytes, counted at every click, would freeze it
            self.count_label.setText(self.tr("%1 characters").replace("%1", f"{len(text) - text.count(chr(10)):,}"))
            return
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

    def tell_font_problems(self) -> None:
        """Once: no installed font shows Chinese. In the status bar, so the editor keeps the focus."""
        e = self.settings.editor
        if not e.cjk_font_missing_told and not has_cjk_font():
            message = self.tr("No installed font shows Chinese characters: install one (Noto Sans CJK, for "
                              "instance the fonts-noto-cjk package) to read and write Chinese.")  # fmt: skip
            log.warning("%s", message)
            self.statusBar().showMessage(message, 30000)
            e.cjk_font_missing_told = True
            self.save_settings()

    def report_problems(self, problems: list[str]) -> None:
        """At start: settings that were not valid, what is off (autosave, recovery) and why, and plugins
        that failed or lost a tool."""
        problems = problems + self.files.notices + self.host.problems()
        if problems:
            self.show_error(self.tr("Some things need your attention"), "\n\n".join(problems))

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
        self.worker.shutdown()
        self.sources_panel.shutdown()  # after the worker: a tool may be searching the sources
