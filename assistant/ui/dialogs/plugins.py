"""Installed plugins: what each provides, enable or disable, install or uninstall."""

from __future__ import annotations

import sys

from PySide6.QtCore import QProcess, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)  # fmt: skip

from ...core import paths
from ...plugins import PluginHost

UNINSTALLABLE = ("built-in", "unknown", "registered at run time")


def cli_command(*args: str) -> tuple[str, list[str]]:
    """The program and arguments that run `writing-assistant ARGS` from this app, frozen or installed."""
    if paths.bundle_dir() is not None:
        return sys.executable, list(args)
    return sys.executable, ["-m", "assistant", *args]


class PluginDialog(QDialog):
    """Every plugin: version, source, tools and status; enabling takes effect at once. Install and
    uninstall run pip through the command line in another process, so the app never waits on it."""

    toggled = Signal(str, bool)
    changed = Signal()  # plugins were installed or removed: the app loads them again

    def __init__(self, host: PluginHost, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Plugins"))
        self.resize(820, 360)
        self.host = host
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Enabled"), self.tr("Plugin"), self.tr("Version"),
                                              self.tr("Source"), self.tr("Tools"), self.tr("Status")])  # fmt: skip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.install_button = QPushButton(self.tr("&Install…"))
        self.install_button.clicked.connect(self.ask_install)
        self.uninstall_button = QPushButton(self.tr("&Uninstall"))
        self.uninstall_button.clicked.connect(self.uninstall_selected)
        self.message = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.process: QProcess | None = None
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.uninstall_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self, host: PluginHost | None = None) -> None:
        self.host = host or self.host
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for record in self.host.records.values():
            row = self.table.rowCount()
            self.table.insertRow(row)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            # A failed plugin is not working, so it is not shown as enabled; ticking it tries again.
            check.setCheckState(Qt.CheckState.Checked if record.status == "loaded" else Qt.CheckState.Unchecked)
            check.setData(Qt.ItemDataRole.UserRole, record.name)
            status = {"loaded": self.tr("loaded"), "disabled": self.tr("disabled"), "failed": self.tr("failed")}
            notes = [record.error] * bool(record.error) + record.problems
            cells = [check] + [QTableWidgetItem(t) for t in (
                record.name, record.version, record.source, ", ".join(record.tools),
                status.get(record.status, record.status) + "".join(f": {n}" for n in notes))]  # fmt: skip
            for column, cell in enumerate(cells):
                if column:
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                    cell.setToolTip(cell.text())
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        self._selection_changed()

    def selected(self):
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return None
        return self.host.records.get(self.table.item(rows.pop(), 0).data(Qt.ItemDataRole.UserRole))

    def _selection_changed(self) -> None:
        record = self.selected()
        busy = self.process is not None
        self.install_button.setEnabled(not busy)
        self.uninstall_button.setEnabled(not busy and record is not None and record.source not in UNINSTALLABLE)

    def _changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.toggled.emit(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)
            self.refresh()

    def ask_install(self) -> None:
        spec, ok = QInputDialog.getText(self, self.tr("Install a Plugin"),
                                        self.tr("A name on PyPI, a path to a folder or wheel, or a URL:"))  # fmt: skip
        if ok and spec.strip():
            self.run_cli("install", spec.strip())

    def uninstall_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.run_cli("uninstall", record.name)

    def run_cli(self, verb: str, name: str) -> None:
        """`writing-assistant plugins VERB NAME` in another process; the table is refreshed when it ends."""
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.finished.connect(lambda code, _status, v=verb, n=name: self._finished(v, n, code))
        self.message.setText(self.tr("Running pip: %1 %2…").replace("%1", verb).replace("%2", name))
        self._selection_changed()
        self.process.start(*cli_command("plugins", verb, name))

    def _finished(self, verb: str, name: str, code: int) -> None:
        output = bytes(self.process.readAll()).decode("utf-8", "replace").strip()
        self.process.deleteLater()
        self.process = None
        lines = [line.removeprefix("writing-assistant: ") for line in output.splitlines()
                 if line.startswith("writing-assistant:") or code == 0 and verb == "uninstall"]  # fmt: skip
        done = self.tr("Installed %1.") if verb == "install" else self.tr("Uninstalled %1.")
        self.message.setText(done.replace("%1", name) + "\n" + "\n".join(lines) if code == 0 else
                             self.tr("%1 failed: %2").replace("%1", verb).replace("%2", "\n".join(lines) or output))  # fmt: skip
        self.changed.emit()
        self._selection_changed()
