"""The results panel: outputs that are data (keywords, summaries) shown beside the document."""

from __future__ import annotations

import html
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDockWidget, QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)  # fmt: skip

from ..core.scripts import has_han
from ..core.tools import readable


class ResultCard(QFrame):
    """One result: its tool, its text (streamed while the tool runs), and what can be done with it."""

    removed = Signal()  # the writer removed the card: a run writing into it stops

    def __init__(self, title: str, insert: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value: object = None
        self.notes: list[str] = []
        self.title = QLabel(f"<b>{title}</b>")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.body.setMaximumHeight(180)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.insert_button = QPushButton(self.tr("Insert at Cursor"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text()))
        self.insert_button.clicked.connect(lambda: insert(self.text()))
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.insert_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.body)
        layout.addLayout(buttons)
        self.set_busy(True)

    def remove(self) -> None:
        self.removed.emit()
        self.deleteLater()

    def append(self, text: str) -> None:
        self.body.moveCursor(self.body.textCursor().MoveOperation.End)
        self.body.insertPlainText(text)

    def set_value(self, value: object, text: str) -> None:
        self.value = value
        self.body.setPlainText(readable(value, text))
        self.set_busy(False)

    def set_note(self, text: str) -> None:
        self.notes.append(text)  # a tool may say several things
        self.note.setText("<br>".join(f"<i>{html.escape(note)}</i>" for note in self.notes))
        self.note.show()

    def set_message(self, message: str) -> None:
        self.body.setPlainText(message)
        self.set_busy(False)
        self.insert_button.setEnabled(False)

    def set_busy(self, busy: bool) -> None:
        self.copy_button.setEnabled(not busy)
        self.insert_button.setEnabled(not busy)

    def text(self) -> str:
        """As it goes into the document: a list as comma-separated phrases."""
        if isinstance(self.value, list):
            separator = "、" if any(has_han(str(item)) for item in self.value) else ", "
            return separator.join(map(str, self.value))
        return self.body.toPlainText()


class ResultsPanel(QDockWidget):
    def __init__(self, insert: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(self.tr("AI Results"), parent)
        self.setObjectName("results")
        self.insert = insert
        self.cards = QVBoxLayout()
        self.cards.addStretch()
        holder = QWidget()
        holder.setLayout(self.cards)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.setWidget(scroll)
        self.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)

    def add(self, title: str) -> ResultCard:
        card = ResultCard(title, self.insert)
        self.cards.insertWidget(0, card)
        self.show()
        return card
