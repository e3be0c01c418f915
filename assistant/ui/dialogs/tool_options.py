"""A tool's options, asked before it runs."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit,
                               QSpinBox, QVBoxLayout, QWidget)  # fmt: skip

from ...core.errors import AssistantError
from ...core.tools import Option, Tool
from ..i18n import tool_text
from .buttons import ok_cancel


class ToolOptionsDialog(QDialog):
    """The options of one tool, filled with the values it ran with last."""

    def __init__(self, tool: Tool, values: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tool_text(tool, tool.title))
        self.tool = tool
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout()
        for option in tool.options:
            field = self._field(option, values.get(option.name, option.default))
            field.setToolTip(tool_text(tool, option.help))
            self.fields[option.name] = field
            form.addRow(tool_text(tool, option.label) or option.name, field)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        layout = QVBoxLayout(self)
        if tool.description:
            description = QLabel(tool_text(tool, tool.description))
            description.setWordWrap(True)
            layout.addWidget(description)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, self.tr("Run")))

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
