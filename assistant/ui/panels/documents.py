"""The open documents, as a list beside the editor: the current one selected, unsaved ones marked.

The example of a panel in docs/architecture.md: it reads only the session
and its signals, and asks the session to change the current document.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem

from ...core.session import Session
from ..session_signals import SessionSignals


class DocumentsPanel(QDockWidget):
    def __init__(self, session: Session, signals: SessionSignals):
        super().__init__()
        self.setWindowTitle(self.tr("Documents"))
        self.setObjectName("documents")
        self.session = session
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda item: session.set_current(item.data(Qt.ItemDataRole.UserRole)))
        self.list.itemClicked.connect(lambda item: session.set_current(item.data(Qt.ItemDataRole.UserRole)))
        self.setWidget(self.list)
        for signal in (signals.document_opened, signals.document_closed, signals.document_changed,
                       signals.current_changed):  # fmt: skip
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self, _event=None) -> None:
        self.list.clear()
        for doc in self.session.documents:
            item = QListWidgetItem(self.name(doc) + (" •" if doc.modified else ""))
            item.setData(Qt.ItemDataRole.UserRole, doc)
            item.setToolTip(str(doc.path or self.name(doc)))
            self.list.addItem(item)
            if doc is self.session.current:
                self.list.setCurrentItem(item)

    def name(self, doc) -> str:
        return doc.path.name if doc.path else self.tr("Untitled")
