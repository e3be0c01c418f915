"""The writing memory of the current document: notes on audience, tone and style, and a glossary."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)  # fmt: skip

from ..core.memory import Memory
from ..core.session import OpenDocument, Session
from .session_signals import SessionSignals
from .worker import ModelWorker


class MemoryPanel(QDockWidget):
    """Edits the memory of the current document; every change is kept (for a saved file, in the app's data)."""

    def __init__(self, session: Session, signals: SessionSignals, worker: ModelWorker):
        super().__init__()
        self.setWindowTitle(self.tr("Writing Memory"))
        self.setObjectName("memory")
        self.session, self.worker = session, worker
        self.doc: OpenDocument | None = None
        signals.current_changed.connect(lambda e: self.show_document(e.doc))
        self.notes = QPlainTextEdit(placeholderText=self.tr("Audience, tone, style: what every tool should know "
                                                            "about this text."))  # fmt: skip
        self.glossary = QTableWidget(0, 2)
        self.glossary.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Translation")])
        self.glossary.horizontalHeader().setStretchLastSection(True)
        add, remove = QPushButton(self.tr("Add Term")), QPushButton(self.tr("Remove Term"))
        add.clicked.connect(self.add_term)
        remove.clicked.connect(self.remove_term)
        self.size_label = QLabel()
        self._save_timer = QTimer(self, singleShot=True, interval=400)
        self._save_timer.timeout.connect(self.store)
        self.notes.textChanged.connect(self._save_timer.start)
        self.glossary.itemChanged.connect(self._save_timer.start)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(self.tr("Notes (at the start of every prompt)")))
        layout.addWidget(self.notes, 2)
        layout.addWidget(QLabel(self.tr("Glossary (translation follows it, and says where it did not)")))
        layout.addWidget(self.glossary, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.size_label)
        self.setWidget(body)
        worker.counted.connect(self._counted)

    def show_document(self, doc: OpenDocument | None) -> None:
        """Show the memory of `doc` (the one now current)."""
        if self._save_timer.isActive():
            self.store()
        self.doc = doc
        m = doc.memory if doc is not None else Memory()
        self.notes.blockSignals(True)
        self.glossary.blockSignals(True)
        self.notes.setPlainText(m.notes)
        self.glossary.setRowCount(0)
        for term, translation in m.glossary:
            self._append(term, translation)
        self.notes.blockSignals(False)
        self.glossary.blockSignals(False)
        self._show_size(m)

    def _append(self, term: str = "", translation: str = "") -> None:
        row = self.glossary.rowCount()
        self.glossary.insertRow(row)
        self.glossary.setItem(row, 0, QTableWidgetItem(term))
        self.glossary.setItem(row, 1, QTableWidgetItem(translation))

    def add_term(self) -> None:
        self._append()
        self.glossary.editItem(self.glossary.item(self.glossary.rowCount() - 1, 0))

    def remove_term(self) -> None:
        for row in sorted({i.row() for i in self.glossary.selectedItems()}, reverse=True):
            self.glossary.removeRow(row)
        self._save_timer.start()

    def edited(self) -> Memory:
        cells = [[(self.glossary.item(r, c).text() if self.glossary.item(r, c) else "").strip() for c in (0, 1)]
                 for r in range(self.glossary.rowCount())]  # fmt: skip
        return Memory(self.notes.toPlainText(), [(a, b) for a, b in cells if a and b])

    def store(self) -> None:
        """The panel's memory into the document, and for a saved file into the app's data."""
        self._save_timer.stop()
        if self.doc is None:
            return
        self.session.save_memory(self.doc, self.edited())
        self._show_size(self.doc.memory)

    def _show_size(self, m: Memory) -> None:
        preface = m.preface()
        if not preface:
            self.size_label.setText(self.tr("Empty: prompts are as the tools write them."))
            return
        self.size_label.setText(self.tr("Counting the tokens of the notes…"))
        self.worker.count(preface)  # on the model's thread, which may be closing or loading a model

    def _counted(self, text: str, tokens: int) -> None:
        if self.doc is not None and text == self.doc.memory.preface():  # not an answer for older notes
            self.size_label.setText(self.tr("The notes take %1 tokens of every prompt.")
                                    .replace("%1", f"{tokens:,}"))  # fmt: skip
