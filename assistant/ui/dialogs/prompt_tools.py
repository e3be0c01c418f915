"""Settings > Prompt Tools: the writer's own tools, one .prompt file each, with a preview of the prompt."""

from __future__ import annotations

import re
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)  # fmt: skip

from ...core import paths, prompt_tools
from ...core.errors import ToolError
from ...core.files import atomic_write
from ...plugins import BUILTIN_PLUGINS

OWN, BUILT_IN = "own", "built-in"


class PromptToolsDialog(QDialog):
    """Create, duplicate (from a built-in template), edit and delete prompt tools. The preview shows
    the prompt the model would get for the current selection (or document)."""

    changed = Signal()  # a file was saved or deleted: the tools are loaded again

    def __init__(self, sample: Callable[[], tuple[str, str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Prompt Tools"))
        self.resize(980, 620)
        self.sample = sample  # the text, and the text before and after it, to preview on
        self.folder = paths.prompt_tools_dir()
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._show)
        self.editor = QPlainTextEdit()
        self.editor.setFont(QFont("monospace"))
        self.editor.textChanged.connect(lambda: self._preview_timer.start())
        self.preview = QPlainTextEdit(readOnly=True)
        self.status = QLabel(wordWrap=True)
        self._preview_timer = QTimer(self, singleShot=True, interval=250)
        self._preview_timer.timeout.connect(self.update_preview)
        self.new_button = QPushButton(self.tr("&New"))
        self.new_button.clicked.connect(lambda: self.create(prompt_tools.EXAMPLE))
        self.duplicate_button = QPushButton(self.tr("&Duplicate"))
        self.duplicate_button.clicked.connect(self.duplicate)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(self.tr("De&lete"))
        self.delete_button.clicked.connect(self.delete)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.editor, 3)
        column.addWidget(QLabel(self.tr("The prompt for the current selection:")))
        column.addWidget(self.preview, 2)
        column.addWidget(self.status)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([260, 720])
        buttons = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Each NAME.prompt file in %1 is a tool in the AI menu.")
                                .replace("%1", str(self.folder)), wordWrap=True))  # fmt: skip
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        self.list.clear()
        own = sorted(self.folder.glob("*.prompt")) if self.folder.is_dir() else []
        for path in own:
            self._add(path.name, OWN)
        for name in prompt_tools.builtin_templates(BUILTIN_PLUGINS):
            self._add(name, BUILT_IN)
        matches = self.list.findItems(select, Qt.MatchFlag.MatchExactly) if select else []
        self.list.setCurrentItem(matches[0] if matches else self.list.item(0))

    def _add(self, name: str, kind: str) -> None:
        item = QListWidgetItem(name if kind == OWN else self.tr("%1 (built-in)").replace("%1", name))
        item.setData(Qt.ItemDataRole.UserRole, (name, kind))
        self.list.addItem(item)

    def current(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show(self, *_args) -> None:
        current = self.current()
        name, kind = current or ("", OWN)
        problem = ""
        if kind == OWN and name:
            try:
                text = prompt_tools.read_source(self.folder / name, errors="replace")
            except ToolError as error:  # a named pipe, a device, a huge file: shown, never read
                text, problem = "", str(error)
        else:
            text = prompt_tools.builtin_templates(BUILTIN_PLUGINS).get(name, "")
        self.editor.setPlainText(text)
        self.editor.setPlaceholderText(problem)
        self.editor.setReadOnly(kind == BUILT_IN or bool(problem))
        self.save_button.setEnabled(kind == OWN and bool(name) and not problem)
        self.delete_button.setEnabled(kind == OWN and bool(name))
        self.duplicate_button.setEnabled(bool(name))
        self.update_preview()

    def update_preview(self) -> None:
        name, kind = self.current() or ("", OWN)
        source = self.editor.toPlainText()
        if kind == BUILT_IN:
            source = prompt_tools.from_template(name, source)
        self.preview.setPlainText(prompt_tools.preview(source, *self.sample()))

    def ask_name(self, suggestion: str) -> str | None:
        name, ok = QInputDialog.getText(self, self.tr("New Prompt Tool"),
                                        self.tr("Its name (lower-case letters, digits, - and _):"),
                                        text=suggestion)  # fmt: skip
        name = name.strip().removesuffix(".prompt")
        if not ok or not name:
            return None
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name) or (self.folder / f"{name}.prompt").exists():
            self.status.setText(self.tr("%1 is not a free name of lower-case letters, digits, - and _.")
                                .replace("%1", name))  # fmt: skip
            return None
        return name

    def create(self, source: str, suggestion: str = "my-tool") -> bool:
        name = self.ask_name(suggestion)
        if name is None:
            return False
        self._write(f"{name}.prompt", source)
        return True

    def duplicate(self) -> None:
        name, kind = self.current()
        stem = name.removesuffix(".prompt").replace(".", "-")
        source = self.editor.toPlainText()
        if kind == BUILT_IN:
            source = prompt_tools.from_template(self.tr("My %1").replace("%1", stem), source)
        self.create(source, f"my-{stem}")

    def save(self) -> None:
        name, _kind = self.current()
        self._write(name, self.editor.toPlainText())

    def _write(self, name: str, source: str) -> None:
        try:
            atomic_write(self.folder / name, source.encode("utf-8"))
        except OSError as error:
            self.status.setText(self.tr("Not saved: %1").replace("%1", str(error)))
            return
        self.status.setText(self.tr("Saved %1.").replace("%1", name))
        self.refresh(select=name)
        self.changed.emit()

    def delete(self) -> None:
        name, _kind = self.current()
        answer = QMessageBox.question(self, self.tr("Delete Prompt Tool"),
                                      self.tr("Delete %1? Its file is removed.").replace("%1", name))  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            (self.folder / name).unlink(missing_ok=True)
            self.refresh()
            self.changed.emit()
