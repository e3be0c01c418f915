"""Plugins from the app: the Plugins and Prompt Tools dialogs, and the session's tools rebuilt when they change."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ..core.session import Session
from ..core.settings import Settings
from ..plugins import PluginHost, with_plugin
from .dialogs.plugins import PluginDialog
from .dialogs.prompt_tools import PromptToolsDialog
from .editor import qt_to_py
from .tabs import DocumentTabs
from .worker import ModelWorker


class PluginControl(QObject):
    def __init__(self, session: Session, host: PluginHost, worker: ModelWorker, tabs: DocumentTabs):
        super().__init__(tabs)
        self.session, self.host, self.worker, self.tabs = session, host, worker, tabs
        self.plugin_dialog: PluginDialog | None = None
        self.prompt_tools_dialog: PromptToolsDialog | None = None

    def open_plugin_dialog(self) -> None:
        dialog = PluginDialog(self.host, self.tabs.window())
        dialog.toggled.connect(self.set_enabled)
        dialog.changed.connect(lambda: (self.reload_plugins(), dialog.refresh(self.host)))
        dialog.open()
        self.plugin_dialog = dialog

    def open_prompt_tools_dialog(self) -> None:
        dialog = PromptToolsDialog(self._sample, self.tabs.window())
        dialog.changed.connect(self.reload_plugins)
        dialog.open()
        self.prompt_tools_dialog = dialog

    def _sample(self) -> tuple[str, str, str]:
        """The selection (else the whole document) and the text before and after it."""
        tab = self.tabs.current_tab()
        if tab is None:
            return "", "", ""
        text, cursor = tab.text(), tab.editor.textCursor()
        start, end = (qt_to_py(text, cursor.selectionStart()), qt_to_py(text, cursor.selectionEnd())) \
            if cursor.hasSelection() else (0, len(text))  # fmt: skip
        return text[start:end], text[:start], text[end:]

    def set_enabled(self, name: str, enabled: bool) -> None:
        """Takes effect at once: the tools and every menu are rebuilt."""
        (self.host.enable if enabled else self.host.disable)(name)
        record = self.host.records[name]

        def edit(now: Settings) -> None:  # the list as the file holds it now: a command may have changed it
            now.plugins.disabled[:] = with_plugin(now.plugins.disabled, record, enabled)

        self.session.save_settings(edit)
        self.reload_tools()

    def reload_plugins(self) -> None:
        """Find the plugins again (one was installed or removed) and rebuild every menu."""
        self.host = PluginHost(disabled=self.session.settings.plugins.disabled)
        self.reload_tools()

    def reload_tools(self) -> None:
        tools = self.host.tools()
        self.worker.tools = tools
        self.session.set_tools(tools, self.host.backends())
