"""The documents in tabs: one `DocumentTab` per document the session has open, following its current one."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget

from ..core.paths import shown
from ..core.session import OpenDocument, Session
from .editor import dropped_files
from .session_signals import SessionSignals
from .tab import DocumentTab


class DocumentTabs(QTabWidget):
    tab_added = Signal(object)  # a DocumentTab, once shown: controllers wire its editor and bars
    close_requested = Signal(object)  # a DocumentTab whose close button was clicked
    files_dropped = Signal(object)  # the names (str, as os.fsdecode gives them) of files dragged onto the tabs

    def __init__(self, session: Session, signals: SessionSignals, blank: Callable[[], bool] | None = None):
        super().__init__(documentMode=True, tabsClosable=True, movable=True)
        self.setAcceptDrops(True)  # files from a file manager: the one way to open a name that is not UTF-8
        self.session = session
        self._tabs: dict[OpenDocument, DocumentTab] = {}
        signals.document_opened.connect(lambda e: self._opened(e.doc))
        signals.document_closed.connect(lambda e: self._closed(e.doc))
        signals.current_changed.connect(lambda e: e.doc is not None and self.setCurrentWidget(self._tabs[e.doc]))
        signals.document_changed.connect(lambda e: self.update_title(self._tabs.get(e.doc)))
        self.currentChanged.connect(lambda _i: session.set_current(self.current_tab().doc if self.count() else None))
        self.tabCloseRequested.connect(lambda index: self.close_requested.emit(self.widget(index)))

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if dropped_files(event.mimeData()):  # an editor lets them through to here
            event.acceptProposedAction()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, event) -> None:  # noqa: N802
        if files := dropped_files(event.mimeData()):
            event.acceptProposedAction()
            self.files_dropped.emit(files)

    def current_tab(self) -> DocumentTab | None:
        return self.currentWidget()

    def current_editor(self):
        tab = self.current_tab()
        return tab.editor if tab else None

    def all_tabs(self) -> list[DocumentTab]:
        return [self.widget(i) for i in range(self.count())]

    def tab_for(self, doc: OpenDocument | None) -> DocumentTab | None:
        return self._tabs.get(doc)

    def _opened(self, doc: OpenDocument) -> None:
        # An empty, untouched tab gives way to the file opened after it.
        current = self.current_tab()
        gives_way = doc.path is not None and current is not None and current.path is None \
            and not current.text() and not current.is_modified()  # fmt: skip
        tab = DocumentTab(self.session.settings.editor, doc)
        tab.document.modificationChanged.connect(lambda modified: self.session.set_modified(doc, modified))
        self._tabs[doc] = tab
        self.tab_added.emit(tab)  # wired before Qt makes it current (the first tab is, as it is added)
        self.addTab(tab, tab.title())
        self.update_title(tab)
        if gives_way:
            self.session.close_document(current.doc)

    def _closed(self, doc: OpenDocument) -> None:
        tab = self._tabs.pop(doc, None)
        if tab is not None:
            self.removeTab(self.indexOf(tab))
            tab.deleteLater()

    def update_title(self, tab: DocumentTab | None) -> None:
        index = self.indexOf(tab) if tab is not None else -1
        if index >= 0:
            self.setTabText(index, tab.title() + (" •" if tab.is_modified() else ""))
            self.setTabToolTip(index, shown(tab.path) if tab.path else tab.title())
