"""How the editors look and behave: zoom, wrapping, preview, inline suggestions, the theme, the Preferences
dialog. Each change applies to every open tab and is saved."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication

from ..core.session import Session
from .dialogs.preferences import SettingsDialog
from .tabs import DocumentTabs
from .worker import ModelWorker


class ViewSettings(QObject):
    def __init__(self, session: Session, tabs: DocumentTabs, worker: ModelWorker):
        super().__init__(tabs)
        self.session, self.tabs, self.worker = session, tabs, worker
        self.settings_dialog: SettingsDialog | None = None
        apply_theme(session.settings.editor.theme)

    def zoom(self, step: int | None) -> None:
        e = self.session.settings.editor
        e.zoom = 0 if step is None else max(-10, min(30, e.zoom + step))
        for tab in self.tabs.all_tabs():
            tab.editor.set_zoom(e.zoom)
        self.session.save_settings()

    def set_wrap(self, wrap: bool) -> None:
        self.session.settings.editor.line_wrap = wrap
        for tab in self.tabs.all_tabs():
            tab.editor.set_wrap(wrap)
        self.session.save_settings()

    def set_suggestions(self, on: bool) -> None:
        self.session.settings.editor.inline_suggestions = on
        editor = self.tabs.current_editor()
        if not on and editor is not None:
            editor.dismiss_suggestion()
        self.session.save_settings()

    def set_preview(self, shown: bool) -> None:
        self.session.settings.editor.preview = shown
        for tab in self.tabs.all_tabs():
            tab.set_preview(shown)
        self.session.save_settings()

    def open_settings_dialog(self) -> None:
        dialog = SettingsDialog(self.session.settings, self.tabs.window())
        dialog.accepted.connect(lambda: self._settings_changed(dialog))
        dialog.open()
        self.settings_dialog = dialog

    def _settings_changed(self, dialog: SettingsDialog) -> None:
        dialog.apply()
        e = self.session.settings.editor
        for tab in self.tabs.all_tabs():
            tab.editor.set_font(e.font_family, e.font_size)
            tab.editor.set_wrap(e.line_wrap)
        self.worker.sampling = self.session.settings.sampling
        apply_theme(e.theme)
        self.session.settings_changed()


def apply_theme(theme: str) -> None:
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(theme, Qt.ColorScheme.Unknown)
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8 and newer; older ones follow the system only
        hints.setColorScheme(scheme)
