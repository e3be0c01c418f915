"""The model library: choose, import, download and load models."""

from __future__ import annotations

import html
import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QProgressBar, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)  # fmt: skip

from ...core import secrets
from ...core.errors import AssistantError
from ...core.models import ModelInfo, default_model_path, read_model_info
from ...core.settings import Settings
from .buttons import ok_cancel
from .catalog import CatalogDialog
from .download import DownloadDialog

log = logging.getLogger(__name__)


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
                            (self.tr("Delete"), self._delete), (self.tr("Download…"), self._download),
                            (self.tr("Catalog…"), self._catalog)):  # fmt: skip
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
        from ...core.library import engine_backends

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
        self.key_store = QLabel(self.tr("Kept in the system keyring.") if secrets.available() else
                                self.tr("There is no system keyring here: the key is kept in settings.json, "
                                        "which only you can read."))  # fmt: skip
        self.key_store.setWordWrap(True)
        remote.addRow("", self.key_store)
        remote.addRow(self.tr("Context size"), self.remote_ctx)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        self.buttons = ok_cancel(self, self.tr("Load"))
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
        from ...core.library import free_ram, free_vram

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
        from ...core.library import list_models

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
        from ...core.library import import_model

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

        from ...core.library import rename_model

        path = self._selected()
        if path is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename"), self.tr("New file name:"), text=path.name)
        if ok and name:
            self._library_action(lambda: rename_model(path, name, self.settings))

    def _delete(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ...core.library import delete_model

        path = self._selected()
        if path is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete"), self.tr("Delete %1 from the library?")
                                      .replace("%1", path.name))  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._library_action(lambda: delete_model(path, self.settings))
            if Path(self.path.text()) == path:  # the model in use now, the built-in one if it was this
                self.path.setText(self.settings.engine.model)

    def _download(self) -> None:
        dialog = DownloadDialog(self)
        dialog.downloaded.connect(lambda path: (self.refresh_library(), self.path.setText(str(path))))
        dialog.open()
        self.download_dialog = dialog

    def _catalog(self) -> None:
        dialog = CatalogDialog(self.n_ctx.value(), self.gpu_supported, self)
        dialog.chosen.connect(lambda path: (self.refresh_library(), self.path.setText(str(path))))
        dialog.open()
        self.catalog_dialog = dialog

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
            self.info.setText(html.escape(str(error)))
            self.fit.clear()
            return
        self.info.setText(self.describe(self._info))
        self._estimate()

    def _estimate(self) -> None:
        """Memory at the chosen context and GPU layers, against what was free when the dialog opened."""
        from ...core.library import estimate_memory, fit_warning

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
        name = html.escape(info.name)  # a header's text, not markup
        return (f"<b>{name}</b><br>" + self.tr("%1, %2B parameters, %3, context %4 tokens, %5 GiB, %6")
                .replace("%1", html.escape(info.architecture)).replace("%2", f"{info.parameters / 1e9:.2f}")
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
        from ...core.remote_backend import api_key_problem

        if self.backend.currentText() == "remote" and (problem := api_key_problem(self.api_key.text())):
            self.error.setText(self.tr("The API key holds a space, a line break or another character no key "
                                       "has; paste it again."))  # fmt: skip
            self.error.show()
            log.warning("API key refused: %s", problem)
            return
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
