"""Dialogs: tool options, the model, plugins, preferences and crash recovery."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QProgressBar, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)  # fmt: skip

from ..core.errors import AssistantError
from ..core.models import ModelInfo, read_model_info
from ..core.recovery import Recovered
from ..core.settings import EngineSettings, Settings
from ..core.tools import Option, Tool
from ..plugins import PluginHost


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class ToolOptionsDialog(QDialog):
    """The options of one tool, filled with the values it ran with last."""

    def __init__(self, tool: Tool, values: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tool.title)
        self.tool = tool
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        for option in tool.options:
            field = self._field(option, values.get(option.name, option.default))
            field.setToolTip(option.help)
            self.fields[option.name] = field
            form.addRow(option.label or option.name, field)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        layout = QVBoxLayout(self)
        if tool.description:
            description = QLabel(tool.description)
            description.setWordWrap(True)
            layout.addWidget(description)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Run")))

    def _field(self, option: Option, value: Any) -> QWidget:
        if option.choices or option.suggestions:
            box = QComboBox(editable=not option.choices)
            box.addItems([str(c) for c in option.choices or option.suggestions])
            box.setCurrentText(str(value))
            return box
        if isinstance(option.default, bool):
            check = QCheckBox()
            check.setChecked(bool(value))
            return check
        if isinstance(option.default, int):
            spin = QSpinBox()
            spin.setRange(int(option.minimum if option.minimum is not None else -10**6),
                          int(option.maximum if option.maximum is not None else 10**6))  # fmt: skip
            spin.setValue(int(value))
            return spin
        if isinstance(option.default, float):
            spin = QDoubleSpinBox()
            spin.setRange(option.minimum if option.minimum is not None else -1e6,
                          option.maximum if option.maximum is not None else 1e6)  # fmt: skip
            spin.setValue(float(value))
            return spin
        return QLineEdit(str(value))

    def values(self) -> dict[str, Any]:
        raw = {}
        for name, field in self.fields.items():
            if isinstance(field, QComboBox):
                raw[name] = field.currentText()
            elif isinstance(field, QCheckBox):
                raw[name] = field.isChecked()
            elif isinstance(field, (QSpinBox, QDoubleSpinBox)):
                raw[name] = field.value()
            else:
                raw[name] = field.text()
        return self.tool.parse_options(raw)

    def accept(self) -> None:
        try:
            self.values()
        except AssistantError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()


def describe_model(info: ModelInfo) -> str:
    return (
        f"<b>{info.name}</b><br>{info.architecture}, {info.parameters / 1e9:.2f}B parameters, {info.quantization}, "
        f"context {info.context_length:,} tokens, {info.size / 2**30:.2f} GiB, "
        + ("chat template" if info.chat_template else "no chat template (plain prompts)")
    )


class ModelDialog(QDialog):
    """Choose a GGUF file and how to run it; loading happens in the background."""

    load_requested = Signal(str, object)  # path, EngineSettings

    def __init__(self, engine: EngineSettings, current_path: str, gpu_supported: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Model"))
        self.setMinimumWidth(560)
        self.path = QLineEdit(current_path)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 10_000)
        self.gpu_layers.setSpecialValueText(self.tr("all"))
        self.gpu_layers.setValue(engine.n_gpu_layers)
        if not gpu_supported:
            self.gpu_layers.setEnabled(False)
            self.gpu_layers.setToolTip(self.tr("This build of llama.cpp has no GPU support, or no GPU was found. "
                                               "See the README to build it for CUDA, Metal or Vulkan."))  # fmt: skip
        self.n_ctx = QSpinBox()
        self.n_ctx.setRange(0, 1 << 20)
        self.n_ctx.setSingleStep(1024)
        self.n_ctx.setSpecialValueText(self.tr("the model's own"))
        self.n_ctx.setValue(engine.n_ctx)
        self.threads = QSpinBox()
        self.threads.setRange(0, 1024)
        self.threads.setSpecialValueText(self.tr("adaptive"))
        self.threads.setValue(engine.n_threads)
        form = QFormLayout()
        form.addRow(self.tr("Model file"), row)
        form.addRow("", self.info)
        form.addRow(self.tr("GPU layers"), self.gpu_layers)
        form.addRow(self.tr("Context size"), self.n_ctx)
        form.addRow(self.tr("CPU threads"), self.threads)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        self.buttons = _buttons(self, self.tr("Load"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.engine = engine
        self.path.textChanged.connect(self._describe)
        self._describe()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a model"), str(Path(self.path.text()).parent),
                                              self.tr("GGUF models (*.gguf)"))  # fmt: skip
        if path:
            self.path.setText(path)

    def _describe(self) -> None:
        try:
            self.info.setText(describe_model(read_model_info(self.path.text())))
        except AssistantError as error:
            self.info.setText(str(error))

    def engine_settings(self) -> EngineSettings:
        return EngineSettings(model=self.path.text(), n_ctx=self.n_ctx.value(), n_gpu_layers=self.gpu_layers.value(),
                              n_threads=self.threads.value(), n_batch=self.engine.n_batch,
                              use_mmap=self.engine.use_mmap, flash_attn=self.engine.flash_attn)  # fmt: skip

    def accept(self) -> None:
        self.error.hide()
        self.busy.show()
        self.buttons.setEnabled(False)
        self.load_requested.emit(self.path.text(), self.engine_settings())

    def load_finished(self, error: str = "") -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if error:
            self.error.setText(error + " " + self.tr("The previous model stays loaded."))
            self.error.show()
        else:
            super().accept()


class PluginDialog(QDialog):
    """Every plugin: version, source, tools and status; enabling takes effect at once."""

    toggled = Signal(str, bool)

    def __init__(self, host: PluginHost, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plugins"))
        self.resize(760, 320)
        self.host = host
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Enabled"), self.tr("Plugin"), self.tr("Version"),
                                              self.tr("Source"), self.tr("Tools"), self.tr("Status")])  # fmt: skip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._changed)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for record in self.host.records.values():
            row = self.table.rowCount()
            self.table.insertRow(row)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked if record.status == "disabled" else Qt.CheckState.Checked)
            check.setData(Qt.ItemDataRole.UserRole, record.name)
            status = record.status + (f": {record.error}" if record.error else "")
            cells = [check] + [QTableWidgetItem(t) for t in
                               (record.name, record.version, record.source, ", ".join(record.tools), status)]  # fmt: skip
            for column, cell in enumerate(cells):
                if column:
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    cell.setToolTip(cell.text())
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def _changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.toggled.emit(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)
            self.refresh()


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
        form = QFormLayout()
        for label, field in ((self.tr("Temperature"), self.temperature), (self.tr("Top p"), self.top_p),
                             (self.tr("Top k"), self.top_k), (self.tr("Min p"), self.min_p),
                             (self.tr("Repeat penalty"), self.repeat_penalty),
                             (self.tr("Most tokens per answer"), self.max_tokens), (self.tr("Seed"), self.seed),
                             (self.tr("Theme"), self.theme), (self.tr("Interface language"), self.language),
                             (self.tr("Editor font"), self.font_family), (self.tr("Font size"), self.font_size),
                             (self.tr("Wrap lines"), self.line_wrap),
                             (self.tr("Autosave every (seconds)"), self.autosave)):  # fmt: skip
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, self.tr("Save")))
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


class RecoveryDialog(QDialog):
    """After a crash: which unsaved documents to bring back."""

    def __init__(self, documents: list[Recovered], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover Unsaved Documents"))
        self.documents = documents
        self.list = QListWidget()
        for doc in documents:
            preview = " ".join(doc.text.split())[:60]
            item = QListWidgetItem(f"{doc.title} — {preview}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        text = QLabel(self.tr("The app did not close properly last time. These documents had unsaved changes:"))
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addWidget(_buttons(self, self.tr("Restore Checked")))

    def chosen(self) -> list[Recovered]:
        return [d for i, d in enumerate(self.documents) if self.list.item(i).checkState() == Qt.CheckState.Checked]
