"""The Sources panel as a writer uses it: add a folder, watch it index, search as you type, ask, and
follow a citation to the file (read-only for PDF and .docx), or insert it."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import RUN_TIMEOUT

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sources_helpers import docx, pdf  # noqa: E402

from assistant.ui.sources_panel import SourcePreview, citation_text, highlighted  # noqa: E402

VALLEY = """# The valley

The old stone bridge over the river was built in 1847 by the miller's guild. It has three arches and
carried carts to the market until 1950, when the new road opened and the heavy lorries went round it.

A suspension bridge replaced the ferry at the lower crossing in 1912. Its cables came from a foundry in
Sheffield, and the chains of the old ferry are kept in the museum beside the church.
"""


def folder_of_sources(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "valley.md").write_text(VALLEY, encoding="utf-8")
    (folder / "茶.txt").write_text("龙井茶产于杭州西湖一带的山中，是中国最有名的绿茶之一。\n", encoding="utf-8")
    pdf(folder / "mills.pdf", [["Introduction."], ["The valley had eleven water mills.", "Two made paper."]])
    docx(folder / "ferry.docx", ["Ferry log", "The ferryman kept a log of every crossing until 1912."])
    return folder


def indexed(qtbot, panel, folder):
    with qtbot.waitSignal(panel.background.indexed, timeout=60_000, check_params_cb=lambda r: r.indexed == 4):
        panel.add(str(folder))


def searched(qtbot, panel, text):
    with qtbot.waitSignal(panel.background.found, timeout=10_000, check_params_cb=lambda n, q, _: q == text):
        panel.query.setText(text)


def test_add_search_open_and_insert_a_citation(qtbot, window, tmp_path):
    panel = window.sources_panel
    assert panel.action in window.menuBar().actions()[2].menu().actions()  # View > Sources
    panel.action.trigger()
    assert panel.isVisible()
    folder = folder_of_sources(tmp_path)
    indexed(qtbot, panel, folder)
    assert panel.folders.item(0).text() == f"{folder} (4 files, 6 passages)"
    searched(qtbot, panel, "stone bridges")
    assert panel.hits[0].path == str(folder / "valley.md")
    assert '<span style="background-color:#ffe46b; color:#000">bridge</span>' in highlighted(panel.hits[0].text, "bridges")
    assert "#ffe46b" in panel.results.toHtml()
    panel._link(_url("open:hit:0"))
    tab = window.current_tab()
    assert tab.path == folder / "valley.md" and tab.editor.textCursor().blockNumber() == panel.hits[0].line - 1
    window.session.open_document()
    panel._link(_url("cite:hit:0"))
    assert window.current_tab().text() == citation_text(panel.hits[0])
    assert citation_text(panel.hits[0]).endswith("(valley.md, line 1)")
    searched(qtbot, panel, "water mills")
    mills = next(h for h in panel.hits if h.path.endswith("mills.pdf"))
    assert mills.page == 2
    panel.open_passage(mills)
    assert isinstance(panel.preview, SourcePreview) and panel.preview.text.isReadOnly()
    assert panel.preview.text.textCursor().selectedText() == "The valley had eleven water mills."
    panel.preview.close()
    searched(qtbot, panel, "龙井")
    assert panel.hits[0].path.endswith("茶.txt") and "#ffe46b" in panel.results.toHtml()


def test_ask_streams_an_answer_with_clickable_citations(qtbot, window, tmp_path):
    panel = window.sources_panel
    indexed(qtbot, panel, folder_of_sources(tmp_path))
    panel.question.setText("When was the old stone bridge built?")
    with qtbot.waitSignal(panel.answered, timeout=RUN_TIMEOUT):
        panel.ask()
    assert "1847" in panel.answer.toPlainText() and 'href="open:cited:0"' in panel.answer.toHtml()
    panel._link(_url("open:cited:0"))
    tab = window.current_tab()  # at the paragraph that answers (line 3), not the heading its passage starts at
    assert tab.path.name == "valley.md" and tab.editor.textCursor().blockNumber() == 2
    panel.question.setText("What is the boiling point of liquid nitrogen?")
    with qtbot.waitSignal(panel.answered, timeout=RUN_TIMEOUT):
        panel.ask()
    assert panel.answer.toPlainText() == "Nothing in your sources answers this." and panel.citations == []


def _url(text):
    from PySide6.QtCore import QUrl

    return QUrl(text)


def test_changes_on_disk_are_picked_up_in_the_background_and_closing_stops_the_indexer(qtbot, window, tmp_path):
    panel = window.sources_panel
    folder = folder_of_sources(tmp_path)
    indexed(qtbot, panel, folder)
    (folder / "valley.md").write_text(VALLEY.replace("1847", "1848"), encoding="utf-8")
    with qtbot.waitSignal(panel.background.indexed, timeout=60_000, check_params_cb=lambda r: r.indexed == 1):
        panel.background.update_now()  # what the half-minute look does
    searched(qtbot, panel, "stone bridge")
    assert "1848" in panel.hits[0].text
    many = tmp_path / "many"
    many.mkdir()
    for n in range(300):
        (many / f"{n}.md").write_text(f"Note {n}. The harbour had boats.\n\n" * 200)
    with qtbot.waitSignal(panel.background.progress, timeout=60_000):
        panel.add(str(many))
    child = panel.background._child
    panel.shutdown()  # the window closing: the indexing process stops, keeping what it read
    assert child.wait(timeout=30) is not None and panel.background._threads[0].is_alive() is False


def test_a_search_and_a_question_see_a_file_changed_a_moment_ago(qtbot, window, tmp_path, monkeypatch):
    import assistant.ui.sources_panel as sources_panel

    monkeypatch.setattr(sources_panel, "RESCAN_SECONDS", 3600)  # no half-minute look comes to help
    panel = window.sources_panel
    folder = folder_of_sources(tmp_path)
    indexed(qtbot, panel, folder)
    (folder / "valley.md").write_text(VALLEY.replace("1847", "1848"), encoding="utf-8")
    # The first answer may be the index's as it was; the one that follows reads the change.
    with qtbot.waitSignal(panel.background.found, timeout=30_000,
                          check_params_cb=lambda n, q, found: bool(found) and "1848" in found[0].text):  # fmt: skip
        panel.query.setText("stone bridge")
    (folder / "valley.md").write_text(VALLEY.replace("1847", "1849"), encoding="utf-8")
    panel.question.setText("When was the old stone bridge built?")
    with qtbot.waitSignal(panel.answered, timeout=RUN_TIMEOUT):
        panel.ask()
    assert "1849" in panel.citations[0].text


def test_a_question_waits_for_a_look_at_the_files_begun_after_it(qtbot, window, tmp_path, monkeypatch):
    """A look at the files that began before the question (a search's, say) and ends after it knows
    nothing of a file saved in between: the question is asked after the next look, not that one."""
    import threading

    import assistant.ui.sources_panel as sources_panel

    monkeypatch.setattr(sources_panel, "RESCAN_SECONDS", 3600)
    panel = window.sources_panel
    folder = folder_of_sources(tmp_path)
    indexed(qtbot, panel, folder)
    looked, go_on, status = threading.Event(), threading.Event(), panel.index.status

    def held_status():  # the first look stops after its stat of the files, until the question is asked
        found = status()
        if not looked.is_set():
            looked.set()
            go_on.wait(30)
        return found

    monkeypatch.setattr(panel.index, "status", held_status)
    panel.background.update_now()
    assert looked.wait(30)
    (folder / "valley.md").write_text(VALLEY.replace("1847", "1849"), encoding="utf-8")
    panel.question.setText("When was the old stone bridge built?")
    panel.ask()
    with qtbot.waitSignal(panel.answered, timeout=RUN_TIMEOUT):
        go_on.set()
    assert "1849" in panel.citations[0].text
