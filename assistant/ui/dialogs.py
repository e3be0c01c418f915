"""Dialogs: tool options, the model, plugins, preferences and crash recovery."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import threading
import time

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QProgressBar, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)  # fmt: skip

from ..core.errors import AssistantError, Cancelled
from ..core.models import ModelInfo, default_model_path, read_model_info
from ..core.recovery import Recovered
from ..core.settings import Settings
from ..core.tools import Option, Tool
from ..plugins import PluginHost
from .i18n import tool_text
from .worker import THREADS


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
        self.setWindowTitle(tool_text(tool.title))
        self.tool = tool
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        for option in tool.options:
            field = self._field(option, values.get(option.name, option.default))
            field.setToolTip(tool_text(option.help))
            self.fields[option.name] = field
            form.addRow(tool_text(option.label) or option.name, field)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        layout = QVBoxLayout(self)
        if tool.description:
            description = QLabel(tool_text(tool.description))
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


class ModelDialog(QDialog):
    """Which backend and model run the tools. Loading happens in the background, and a model
    that fails to load leaves the previous one in place."""

    load_requested = Signal(object)  # the Settings to load with

    def __init__(self, settings: Settings, backends: list[str], gpu_supported: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Model"))
        self.resize(860, 620)
        self.settings = settings
        self.gpu_supported = gpu_supported
        self.backend = QComboBox()
        self.backend.addItems(backends)
        self.backend.setCurrentText(settings.backend)
        self.backend.currentTextChanged.connect(self._backend_changed)

        # The local backend: the library, and how to run the chosen file.
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Architecture"), self.tr("Quantization"),
                                              self.tr("Context"), self.tr("Size"), self.tr("Where")])  # fmt: skip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._row_chosen)
        self.path = QLineEdit(settings.engine.model or str(default_model_path() or ""))
        buttons = QHBoxLayout()
        for label, slot in ((self.tr("Open File…"), self._browse), (self.tr("Import into Library…"), self._import),
                            (self.tr("Add Folder…"), self._add_folder), (self.tr("Rename…"), self._rename),
                            (self.tr("Delete"), self._delete), (self.tr("Download…"), self._download)):  # fmt: skip
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.fit = QLabel()
        self.fit.setWordWrap(True)
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 10_000)
        self.gpu_layers.setSpecialValueText(self.tr("all"))
        if not gpu_supported:
            self.gpu_layers.setEnabled(False)
            self.gpu_layers.setToolTip(self.tr("This build of llama.cpp has no GPU support, or no GPU was found. "
                                               "See the README to build it for CUDA, Metal or Vulkan."))  # fmt: skip
        self.n_ctx = QSpinBox()
        self.n_ctx.setRange(0, 1 << 20)
        self.n_ctx.setSingleStep(1024)
        self.n_ctx.setSpecialValueText(self.tr("the model's own"))
        self.n_ctx.setValue(settings.engine.n_ctx)
        self.threads = QSpinBox()
        self.threads.setRange(0, 1024)
        self.threads.setSpecialValueText(self.tr("adaptive"))
        self.threads.setValue(settings.engine.n_threads)
        form = QFormLayout()
        form.addRow(self.tr("Model file"), self.path)
        form.addRow(self.tr("GPU layers"), self.gpu_layers)
        form.addRow(self.tr("Context size"), self.n_ctx)
        form.addRow(self.tr("CPU threads"), self.threads)
        from ..core.library import engine_backends

        build = QLabel(self.tr("llama.cpp built with: %1").replace("%1", ", ".join(engine_backends())))
        self.local = QWidget()
        local = QVBoxLayout(self.local)
        local.setContentsMargins(0, 0, 0, 0)
        local.addWidget(self.table, 1)
        local.addLayout(buttons)
        local.addLayout(form)
        local.addWidget(self.info)
        local.addWidget(self.fit)
        local.addWidget(build)

        # The remote backend: an OpenAI-compatible server.
        r = settings.remote
        self.url = QLineEdit(r.url)
        self.server_model = QLineEdit(r.model, placeholderText=self.tr("the first model the server offers"))
        self.api_key = QLineEdit(r.api_key)
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.remote_ctx = QSpinBox()
        self.remote_ctx.setRange(256, 1 << 22)
        self.remote_ctx.setValue(r.n_ctx)
        self.remote = QWidget()
        remote = QFormLayout(self.remote)
        remote.addRow(self.tr("Server URL"), self.url)
        remote.addRow(self.tr("Model name"), self.server_model)
        remote.addRow(self.tr("API key"), self.api_key)
        remote.addRow(self.tr("Context size"), self.remote_ctx)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        self.buttons = _buttons(self, self.tr("Load"))
        top = QFormLayout()
        top.addRow(self.tr("Backend"), self.backend)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.local, 1)
        layout.addWidget(self.remote)
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        # Measured once: nvidia-smi takes a while, and spin boxes change on every key.
        from ..core.library import free_ram, free_vram

        self._free_ram = free_ram()
        self._free_vram = free_vram() if gpu_supported else None
        self.path.textChanged.connect(self._describe)
        self.n_ctx.valueChanged.connect(self._estimate)
        self.gpu_layers.valueChanged.connect(self._estimate)
        self.refresh_library()
        self._backend_changed(self.backend.currentText())
        self._describe()

    # -- the library ----------------------------------------------------------------

    def refresh_library(self) -> None:
        from ..core.library import list_models

        self.entries = list_models(self.settings.library.folders)
        self.table.setRowCount(0)
        for entry in self.entries:
            row = self.table.rowCount()
            self.table.insertRow(row)
            m = entry.info
            cells = [entry.path.name, m.architecture, m.quantization, f"{m.context_length:,}",
                     f"{m.size / 2**20:,.0f} MiB"] if m else [entry.path.name, entry.error, "", "", ""]  # fmt: skip
            for column, text in enumerate([*cells, entry.source]):
                item = QTableWidgetItem(text)
                item.setToolTip(str(entry.path) if column == 0 else text)
                self.table.setItem(row, column, item)
            if str(entry.path) == self.path.text():
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()

    def _selected(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()].path if rows else None

    def _row_chosen(self) -> None:
        path = self._selected()
        if path is not None:
            self.path.setText(str(path))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a model"), str(Path(self.path.text()).parent),
                                              self.tr("GGUF models (*.gguf)"))  # fmt: skip
        if path:
            self.path.setText(path)

    def _library_action(self, action) -> None:
        try:
            result = action()
        except (AssistantError, OSError) as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.error.hide()
        if isinstance(result, Path):
            self.path.setText(str(result))
        self.refresh_library()

    def _import(self) -> None:
        from ..core.library import import_model

        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a model"), "", self.tr("GGUF models (*.gguf)"))
        if path:
            self._library_action(lambda: import_model(Path(path)))

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of models"))
        if folder and folder not in self.settings.library.folders:
            self.settings.library.folders.append(folder)
            self.refresh_library()

    def _rename(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from ..core.library import rename_model

        path = self._selected()
        if path is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("New file name:"), text=path.name)
        if ok and name:
            self._library_action(lambda: rename_model(path, name))

    def _delete(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ..core.library import delete_model

        path = self._selected()
        if path is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete"), self.tr("Delete %1 from the library?")
                                      .replace("%1", path.name))  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._library_action(lambda: delete_model(path))

    def _download(self) -> None:
        dialog = DownloadDialog(self)
        dialog.downloaded.connect(lambda path: (self.refresh_library(), self.path.setText(str(path))))
        dialog.open()
        self.download_dialog = dialog

    # -- what the choice means ----------------------------------------------------------

    def _backend_changed(self, backend: str) -> None:
        self.local.setVisible(backend == "local")
        self.remote.setVisible(backend == "remote")

    def _describe(self) -> None:
        """A new file: read its header once, and show its GPU layers and memory needs."""
        path = Path(self.path.text())
        self.gpu_layers.blockSignals(True)
        self.gpu_layers.setValue(self.settings.library.gpu_layers.get(path.name, self.settings.engine.n_gpu_layers))
        self.gpu_layers.blockSignals(False)
        try:
            self._info: ModelInfo | None = read_model_info(path)
        except AssistantError as error:
            self._info = None
            self.info.setText(str(error))
            self.fit.clear()
            return
        self.info.setText(self.describe(self._info))
        self._estimate()

    def _estimate(self) -> None:
        """Memory at the chosen context and GPU layers, against what was free when the dialog opened."""
        from ..core.library import estimate_memory, fit_warning

        if self._info is None:
            return
        estimate = estimate_memory(self._info, self.n_ctx.value(), self.gpu_layers.value(), self.gpu_supported)
        text = self.tr("Needs about %1 MiB of memory at this context size").replace("%1", f"{estimate.total / 2**20:,.0f}")
        if estimate.vram:
            text += self.tr(", %1 MiB of it on the GPU").replace("%1", f"{estimate.vram / 2**20:,.0f}")
        if self._free_ram is not None:
            text += self.tr("; %1 MiB free.").replace("%1", f"{self._free_ram / 2**20:,.0f}")
        warning = fit_warning(estimate, self._free_ram, self._free_vram if estimate.vram else None)
        self.fit.setText(f"{text}<br><b style='color:#b3261e'>{warning}</b>" if warning else text)

    def describe(self, info: ModelInfo) -> str:
        template = self.tr("chat template") if info.chat_template else self.tr("no chat template (plain prompts)")
        return (f"<b>{info.name}</b><br>" + self.tr("%1, %2B parameters, %3, context %4 tokens, %5 GiB, %6")
                .replace("%1", info.architecture).replace("%2", f"{info.parameters / 1e9:.2f}")
                .replace("%3", info.quantization).replace("%4", f"{info.context_length:,}")
                .replace("%5", f"{info.size / 2**30:.2f}").replace("%6", template))  # fmt: skip

    def chosen_settings(self) -> Settings:
        """A copy of the settings with this dialog's choices: the app adopts it once the model is loaded."""
        import dataclasses

        path = Path(self.path.text())
        library = dataclasses.replace(self.settings.library,
                                      gpu_layers={**self.settings.library.gpu_layers, path.name: self.gpu_layers.value()})  # fmt: skip
        engine = dataclasses.replace(self.settings.engine, model=self.path.text(), n_ctx=self.n_ctx.value(),
                                     n_threads=self.threads.value())  # fmt: skip
        remote = dataclasses.replace(self.settings.remote, url=self.url.text().strip(),
                                     model=self.server_model.text().strip(), api_key=self.api_key.text(),
                                     n_ctx=self.remote_ctx.value())  # fmt: skip
        return dataclasses.replace(self.settings, backend=self.backend.currentText(), engine=engine, remote=remote,
                                   library=library)  # fmt: skip

    def accept(self) -> None:
        self.error.hide()
        self.busy.show()
        self.buttons.setEnabled(False)
        self.load_requested.emit(self.chosen_settings())

    def load_finished(self, error: str = "") -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if error:
            self.error.setText(error + " " + self.tr("The previous model stays loaded."))
            self.error.show()
        else:
            super().accept()


class DownloadDialog(QDialog):
    """Download a model from the Hugging Face Hub or a URL, with progress; it resumes if stopped."""

    downloaded = Signal(object)  # the Path of the new model

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Download a Model"))
        self.setMinimumWidth(560)
        self.repo = QLineEdit(placeholderText="Qwen/Qwen2.5-1.5B-Instruct-GGUF")
        self.file = QLineEdit(placeholderText="qwen2.5-1.5b-instruct-q4_k_m.gguf")
        self.url = QLineEdit(placeholderText=self.tr("or a plain URL of a .gguf file"))
        self.sha256 = QLineEdit(placeholderText=self.tr("checksum, if you know it (the Hub supplies its own)"))
        form = QFormLayout()
        form.addRow(self.tr("Hugging Face repository"), self.repo)
        form.addRow(self.tr("File"), self.file)
        form.addRow(self.tr("URL"), self.url)
        form.addRow(self.tr("SHA-256"), self.sha256)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = _buttons(self, self.tr("Download"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.download: DownloadThread | None = None  # (not .thread: that is QObject's method)

    def accept(self) -> None:
        from ..core import download

        try:
            if self.url.text().strip():
                source = download.from_url(self.url.text().strip(), self.sha256.text().strip() or None)
            elif self.repo.text().strip() and self.file.text().strip():
                source = download.from_hub(self.repo.text().strip(), self.file.text().strip())
            else:
                raise AssistantError(self.tr("Give a repository and a file, or a URL."))
        except AssistantError as error:
            self.status.setText(str(error))
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.download = DownloadThread(source, self)
        self.download.progressed.connect(self._progressed)
        self.download.done.connect(self._done)
        self.download.start()

    def _progressed(self, done: int, total: int, speed: float) -> None:
        mib = 2**20
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
        eta = f", {int((total - done) / speed)} s left" if total and speed else ""
        self.status.setText(self.tr("%1 of %2 MiB at %3 MiB/s").replace("%1", f"{done / mib:,.1f}")
                            .replace("%2", f"{total / mib:,.1f}" if total else "?")
                            .replace("%3", f"{speed / mib:,.1f}") + eta)  # fmt: skip

    def _done(self, result: object) -> None:
        self.download.wait()
        self.download = None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        if isinstance(result, Path):
            self.downloaded.emit(result)
            super().accept()
        else:
            self.status.setText(str(result) or self.tr("Stopped; download again to resume."))

    def reject(self) -> None:
        if self.download is not None:  # first Cancel stops the download (its part is kept for a resume)
            self.download.cancel.set()
            return
        super().reject()


class DownloadThread(QThread):
    progressed = Signal(int, int, float)  # bytes done, total (0 if unknown), bytes per second
    done = Signal(object)  # the Path, or the error (empty for a cancel)

    def __init__(self, source, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = source
        self.cancel = threading.Event()
        self._shown = 0.0
        THREADS.add(self)

    def run(self) -> None:
        from ..core import download

        def progress(p: download.DownloadProgress) -> None:
            now = time.monotonic()
            if now - self._shown > 0.1 or p.done == p.total:  # a few updates a second are plenty
                self._shown = now
                self.progressed.emit(p.done, p.total or 0, p.bytes_per_second)

        try:
            self.done.emit(download.download(self.source, progress=progress, cancel=self.cancel))
        except Cancelled:
            self.done.emit("")
        except Exception as error:  # shown in the dialog; the app goes on
            self.done.emit(error if isinstance(error, AssistantError) else f"The download failed: {error}")


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
