"""Preferences: sampling, the editor and the interface."""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QLineEdit, QSpinBox,
                               QVBoxLayout, QWidget)  # fmt: skip

from ...core.settings import Settings
from .buttons import ok_cancel


class SettingsDialog(QDialog):
    """Sampling defaults and editor preferences."""

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        s, e = settings.sampling, settings.editor
        self.temperature = self._double(s.temperature, 0, 5)
        self.top_p = self._double(s.top_p, 0, 1)
        self.top_k = self._int(s.top_k, 0, 100_000)
        self.min_p = self._double(s.min_p, 0, 1)
        self.repeat_penalty = self._double(s.repeat_penalty, 0, 5)
        self.max_tokens = self._int(s.max_tokens, 1, 1 << 20)
        self.seed = self._int(s.seed, -1, 2**31 - 1)
        self.seed.setSpecialValueText(self.tr("random"))
        self.theme = QComboBox()
        for value, label in (("system", self.tr("Follow the system")), ("light", self.tr("Light")),
                             ("dark", self.tr("Dark"))):  # fmt: skip
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(self.theme.findData(e.theme))
        self.language = QComboBox()
        for value, label in (("system", self.tr("Follow the system")), ("en", "English"), ("zh_CN", "简体中文")):
            self.language.addItem(label, value)
        self.language.setCurrentIndex(max(0, self.language.findData(e.language)))
        self.font_family = QLineEdit(e.font_family, placeholderText=self.tr("the system's font"))
        self.font_size = self._int(e.font_size, 6, 72)
        self.line_wrap = QCheckBox()
        self.line_wrap.setChecked(e.line_wrap)
        self.autosave = self._int(e.autosave_seconds, 1, 600)
        self.warm = QCheckBox()
        self.warm.setChecked(e.warm_while_idle)
        self.warm.setToolTip(self.tr("While you pause, the model reads the text before the cursor, so that "
                                     "continuing starts at once. Never on battery saver."))  # fmt: skip
        self.suggestions = QCheckBox()
        self.suggestions.setChecked(e.inline_suggestions)
        self.hub_mirror = QLineEdit(settings.library.hub_mirror, placeholderText="https://hf-mirror.com")
        self.hub_mirror.setToolTip(self.tr("Where models are downloaded from when huggingface.co cannot be "
                                           "reached; empty for huggingface.co."))  # fmt: skip
        form = QFormLayout()
        for label, field in ((self.tr("Temperature"), self.temperature), (self.tr("Top p"), self.top_p),
                             (self.tr("Top k"), self.top_k), (self.tr("Min p"), self.min_p),
                             (self.tr("Repeat penalty"), self.repeat_penalty),
                             (self.tr("Most tokens per answer"), self.max_tokens), (self.tr("Seed"), self.seed),
                             (self.tr("Theme"), self.theme), (self.tr("Interface language"), self.language),
                             (self.tr("Editor font"), self.font_family), (self.tr("Font size"), self.font_size),
                             (self.tr("Wrap lines"), self.line_wrap),
                             (self.tr("Autosave every (seconds)"), self.autosave),
                             (self.tr("Prepare the model while I pause"), self.warm),
                             (self.tr("Inline suggestions (Tab takes them)"), self.suggestions),
                             (self.tr("Hugging Face mirror"), self.hub_mirror)):  # fmt: skip
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, self.tr("Save")))
        self.settings = settings

    @staticmethod
    def _double(value: float, lo: float, hi: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(lo, hi)
        spin.setSingleStep(0.05)
        spin.setValue(value)
        return spin

    @staticmethod
    def _int(value: int, lo: int, hi: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(lo, hi)
        spin.setValue(value)
        return spin

    def apply(self) -> None:
        """Write the dialog's values into the settings object."""
        s, e = self.settings.sampling, self.settings.editor
        s.temperature, s.top_p, s.top_k = self.temperature.value(), self.top_p.value(), self.top_k.value()
        s.min_p, s.repeat_penalty = self.min_p.value(), self.repeat_penalty.value()
        s.max_tokens, s.seed = self.max_tokens.value(), self.seed.value()
        e.theme, e.language = self.theme.currentData(), self.language.currentData()
        e.font_family, e.font_size = self.font_family.text().strip(), self.font_size.value()
        e.line_wrap, e.autosave_seconds = self.line_wrap.isChecked(), self.autosave.value()
        e.warm_while_idle, e.inline_suggestions = self.warm.isChecked(), self.suggestions.isChecked()
        self.settings.library.hub_mirror = self.hub_mirror.text().strip()
