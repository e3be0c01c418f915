"""The Documents panel, the example of a panel in docs/architecture.md: it lists the session's documents and
follows them (opened, edited, saved, closed), and choosing one makes it current."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from assistant.core.settings import Settings
from assistant.ui.panels.documents import DocumentsPanel
from conftest import close_window


@pytest.fixture
def window(qtbot):  # no model needed for documents
    from assistant.ui.window import MainWindow

    w = MainWindow(Settings())
    qtbot.addWidget(w)
    w.show()
    yield w
    close_window(w)


def texts(panel: DocumentsPanel) -> list[str]:
    return [panel.list.item(i).text() for i in range(panel.list.count())]


def test_the_panel_follows_the_session_s_documents(window, tmp_path):
    panel = window.findChild(DocumentsPanel)
    assert texts(panel) == ["Untitled"]
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text("one", encoding="utf-8")
    second.write_text("two", encoding="utf-8")
    window.files.open_files([str(first), str(second)])
    assert texts(panel) == ["first.md", "second.md"]  # the empty Untitled gave way to the first file
    assert panel.list.currentItem().text() == "second.md"

    window.current_editor().insertPlainText("more ")
    assert texts(panel) == ["first.md", "second.md •"]
    assert window.files.save()
    assert texts(panel) == ["first.md", "second.md"]

    item = panel.list.item(0)
    panel.list.itemClicked.emit(item)
    assert window.session.current.path == first and window.current_tab().path == first

    window.files.close_tab(window.current_tab())
    assert texts(panel) == ["second.md"] and panel.list.item(0).data(Qt.ItemDataRole.UserRole).path == second


def test_the_panel_is_in_the_view_menu(window):
    panel = window.findChild(DocumentsPanel)
    assert panel.toggleViewAction() in window.menuBar().actions()[2].menu().actions()
    panel.toggleViewAction().trigger()
    assert panel.isVisible()
