"""The writing memory in the app: edited in its panel, kept per file, moved with Save As, sent with runs."""

from __future__ import annotations

from assistant.core import memory
from assistant.core.memory import Memory
from assistant.core.settings import Settings
from conftest import close_window


def test_the_memory_is_edited_kept_per_file_and_moves_with_save_as(qtbot, tmp_path):
    from assistant.ui.window import MainWindow

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    tab = window.current_tab()
    tab.editor.setPlainText("议会建了一个公园。")
    first = tmp_path / "park.md"
    assert window.files._save(tab, first)
    panel = window.memory_panel
    window.act_memory.trigger()
    assert panel.isVisibleTo(window)
    panel.notes.setPlainText("Audience: children.")
    panel.add_term()
    panel.glossary.item(0, 0).setText("议会")
    panel.glossary.item(0, 1).setText("city council")
    panel.store()
    assert memory.load(first) == Memory("Audience: children.", [("议会", "city council")])
    qtbot.waitUntil(lambda: "tokens of every prompt" in panel.size_label.text())  # counted on the model's thread

    second = tmp_path / "park-copy.md"
    assert window.files._save(tab, second)
    assert memory.load(second) == tab.memory

    requests = []
    window.worker.run = lambda run, tool, request, cancel: requests.append(request)  # only recorded: no model
    window.runs.run_tool("translate", {"target": "English"})
    assert requests[0].memory.glossary == [("议会", "city council")]
    window.session.abandon_run()
    close_window(window)


def test_reopening_a_file_brings_its_memory_back(qtbot, tmp_path):
    from assistant.ui.window import MainWindow

    path = tmp_path / "notes.md"
    path.write_text("Some text.", encoding="utf-8")
    memory.save(path, Memory("Tone: dry humour."))
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.files.open_files([str(path)])
    assert window.current_tab().memory.notes == "Tone: dry humour."
    assert window.memory_panel.notes.toPlainText() == "Tone: dry humour."
    close_window(window)
