"""Installed plugins: what each provides, enable or disable."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...plugins import PluginHost


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
