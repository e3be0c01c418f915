"""Plugins in the app: problems told at start, tools without a model, translated titles, prompt tools."""

from __future__ import annotations

from conftest import RUN_TIMEOUT, close_window, run_and_wait
from helpers import LoudPlugin
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel

from assistant import Option, Tool, hookimpl
from assistant.core import paths
from assistant.core.settings import EngineSettings, Settings
from assistant.plugins import PluginHost


def count(job):
    return {"words": len(job.text.split())}


class Counter:
    @hookimpl
    def register_tools(self, register):
        register(Tool(name="count", title="Count Words", run=count, input="selection_or_document", output="panel",
                      options=(Option("unit", "words", label="Unit", choices=("words",)),),
                      translations={"zh": {"Count Words": "数词", "Unit": "单位"}}))  # fmt: skip


class Broken:
    @hookimpl
    def register_tools(self, register):
        raise RuntimeError("cannot start")


def host_with(*plugins) -> PluginHost:
    host = PluginHost(entry_points=False)
    for plugin in plugins:
        host.register(plugin, type(plugin).__name__.lower())
    return host


def test_a_failed_plugin_is_told_at_start_and_not_shown_enabled(qtbot):
    from assistant.ui.window import MainWindow

    window = MainWindow(Settings(), host_with(Broken(), Counter()))
    qtbot.addWidget(window)
    window.report_problems([])
    assert "broken failed: RuntimeError: cannot start" in window.last_error
    window.plugins.open_plugin_dialog()
    table = window.plugins.plugin_dialog.table
    states = {table.item(r, 1).text(): table.item(r, 0).checkState() for r in range(table.rowCount())}
    assert states["broken"] == Qt.CheckState.Unchecked and states["counter"] == Qt.CheckState.Checked
    window.plugins.plugin_dialog.reject()
    close_window(window)


def test_without_a_model_a_tool_that_needs_none_runs(qtbot, tmp_path):
    settings = Settings(engine=EngineSettings(model=str(tmp_path / "missing.gguf")))
    from assistant.ui.window import MainWindow

    window = MainWindow(settings, host_with(Counter()))
    window.show()
    with qtbot.waitSignal(window.model_ready, timeout=RUN_TIMEOUT):
        window.models.load()
    assert window.session.model.info is None
    window.current_editor().setPlainText("one two three")
    assert window.tool_actions["count"].isEnabled()
    run_and_wait(qtbot, window, lambda: window.runs.run_tool("count", {"unit": "words"}))
    card = window.results.cards.itemAt(0).widget()
    assert card.body.toPlainText() == "words: 3"
    run_and_wait(qtbot, window, lambda: window.runs.run_tool("summarize", {}))
    assert "No model is loaded" in window.results.cards.itemAt(0).widget().body.toPlainText()
    close_window(window)


def test_a_plugin_translates_its_own_titles(qtbot):
    from assistant.ui.window import MainWindow

    QLocale.setDefault(QLocale("zh_CN"))
    try:
        window = MainWindow(Settings(), host_with(Counter()))
        qtbot.addWidget(window)
        assert window.tool_actions["count"].text() == "数词…"
        window.runs.ask_and_run("count")
        form = window.runs.options_dialog
        assert form.windowTitle() == "数词" and "单位" in [label.text() for label in form.findChildren(QLabel)]
        form.reject()
        close_window(window)
    finally:
        QLocale.setDefault(QLocale("en_US"))


def test_prompt_tools_are_made_previewed_and_deleted_in_settings(qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from assistant.ui.window import MainWindow

    window = MainWindow(Settings(), PluginHost(entry_points=False))
    qtbot.addWidget(window)
    window.current_editor().setPlainText("The council built a park.")
    window.plugins.open_prompt_tools_dialog()
    dialog = window.plugins.prompt_tools_dialog
    builtin = dialog.list.findItems("summarize.prompt (built-in)", Qt.MatchFlag.MatchExactly)[0]
    dialog.list.setCurrentItem(builtin)
    assert "The council built a park." in dialog.preview.toPlainText()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("brief", True))
    dialog.duplicate()
    assert "brief" in window.session.tools and (paths.prompt_tools_dir() / "brief.prompt").is_file()
    assert "brief" in window.tool_actions

    dialog.editor.setPlainText(dialog.editor.toPlainText().replace("{{text}}", "{{txt}}"))
    dialog.update_preview()
    assert "unknown variable {{txt}}" in dialog.preview.toPlainText()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete()
    assert "brief" not in window.session.tools and not (paths.prompt_tools_dir() / "brief.prompt").exists()
    dialog.reject()
    close_window(window)


def test_install_and_uninstall_from_the_plugins_dialog(qtbot, tmp_path, monkeypatch):
    from helpers import wheel
    from PySide6.QtWidgets import QInputDialog

    from assistant.ui.window import MainWindow

    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.plugins.open_plugin_dialog()
    dialog = window.plugins.plugin_dialog
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (str(wheel(tmp_path)), True))
    try:
        with qtbot.waitSignal(dialog.changed, timeout=RUN_TIMEOUT):
            dialog.ask_install()
        assert "hello" in window.session.tools and "Installed" in dialog.message.text()
        row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 1).text() == "hello")
        dialog.table.selectRow(row)
        assert dialog.uninstall_button.isEnabled()
    finally:
        with qtbot.waitSignal(dialog.changed, timeout=RUN_TIMEOUT):
            dialog.run_cli("uninstall", "wa-hello")
    assert "hello" not in window.session.tools and "Uninstalled" in dialog.message.text()
    dialog.reject()
    close_window(window)


class Quitter:
    @hookimpl
    def register_tools(self, register):
        raise SystemExit(0)


class Summary:
    @hookimpl
    def register_tools(self, register):
        register(Tool(name="summarize", title="My Summary", run=count, input="selection_or_document", output="panel"))


def test_a_plugin_that_exits_is_told_at_start_and_the_app_goes_on(qtbot):
    from assistant.ui.window import MainWindow

    window = MainWindow(Settings(), host_with(Quitter(), Counter()))
    qtbot.addWidget(window)
    window.report_problems([])
    assert "quitter failed: PluginExit: it called sys.exit(0)" in window.last_error
    assert "count" in window.tool_actions and "summarize" in window.tool_actions
    close_window(window)


def test_disabling_a_built_in_whose_tool_name_a_plugin_takes_is_told(qtbot):
    from assistant.ui.window import MainWindow

    window = MainWindow(Settings(), host_with(Summary()))
    qtbot.addWidget(window)
    window.plugins.open_plugin_dialog()
    table = window.plugins.plugin_dialog.table
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    table.item(rows["assistant_summarize"], 0).setCheckState(Qt.CheckState.Unchecked)  # as the writer unticks it
    assert window.session.tools["summarize"].title == "My Summary"
    status = table.item(rows["summary"], 5).text()
    assert "'summarize' has the name of assistant_summarize's, which is disabled" in status, status
    window.plugins.plugin_dialog.reject()
    close_window(window)


def test_the_app_never_writes_its_settings_back_over_a_command_s_change(qtbot):
    import subprocess
    import sys

    from conftest import make_window

    window = make_window(qtbot, Settings.load()[0], load=False)
    try:
        window.view.zoom(1)
        command = [sys.executable, "-m", "assistant", "plugins", "disable", "assistant_keywords"]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # while the app runs
        window.view.zoom(1)  # a save of the app's own change
        window.plugins.set_enabled("assistant_rewrite", False)  # a change of the same list, on the file as it is
        settings, problems = Settings.load()
        assert problems == [] and settings.editor.zoom == 2
        assert sorted(settings.plugins.disabled) == ["assistant_keywords", "assistant_rewrite"]
    finally:
        close_window(window)


def test_a_plugin_translates_its_checkers_title_and_messages(qtbot):
    from assistant.ui.window import MainWindow

    QLocale.setDefault(QLocale("zh_CN"))
    try:
        window = MainWindow(Settings(), host_with(LoudPlugin()))
        qtbot.addWidget(window)
        window.current_editor().setPlainText("Calm, then LOUD.")
        tab = window.current_tab()
        qtbot.waitUntil(lambda: tab.proofing.shown == tab.text(), timeout=20_000)
        assert window.proofing.panel.list.item(0).text() == "1:12  “LOUD”在喊 → loud  [大声的词]"
        window.proofing.open_settings()
        assert window.proofing.settings_dialog.boxes["loud"].text() == "大声的词"
        window.proofing.settings_dialog.reject()
        close_window(window)
    finally:
        QLocale.setDefault(QLocale("en_US"))
