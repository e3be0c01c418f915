"""Models in the app: the library dialog, downloads with progress, and a remote server as the backend."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
import time

from assistant.core.engine import BackendInfo
from assistant.core.errors import ModelError
from assistant.ui.dialogs.download import DownloadThread
from conftest import LOAD_TIMEOUT, RUN_TIMEOUT, close_window, make_window, run_and_wait
from helpers import LlamaServer, patched_model, serving


def test_the_model_dialog_lists_the_library_and_estimates_memory(window):
    window.models.open_dialog()
    dialog = window.models.dialog
    assert dialog.table.rowCount() >= 1 and dialog.table.item(0, 2).text() == "Q4_1"
    assert "needs about" in dialog.fit.text().lower() and "MiB free" in dialog.fit.text()
    assert not dialog.gpu_layers.isEnabled() and "no GPU support" in dialog.gpu_layers.toolTip()
    dialog.n_ctx.setValue(1 << 20)  # a context no machine here can hold
    assert "only" in dialog.fit.text() and "free" in dialog.fit.text()
    dialog.reject()


def test_a_download_shows_progress_and_lands_in_the_library(qtbot, window, model_path):
    data = model_path.read_bytes()
    window.models.open_dialog()
    models = window.models.dialog
    models._download()
    dialog = models.download_dialog
    with serving(data) as server:
        dialog.url.setText(f"{server.url}/model.gguf")
        dialog.sha256.setText(hashlib.sha256(data).hexdigest())
        with qtbot.waitSignal(dialog.downloaded, timeout=60_000) as done:
            dialog.accept()
    assert done.args[0].read_bytes() == data
    assert models.path.text() == str(done.args[0])
    assert any(models.table.item(r, 5).text() == "library" for r in range(models.table.rowCount()))
    models.reject()


def test_loading_a_model_from_the_dialog_keeps_its_settings(qtbot, window):
    window.models.open_dialog()
    dialog = window.models.dialog
    dialog.n_ctx.setValue(1024)
    with qtbot.waitSignal(window.model_ready, timeout=LOAD_TIMEOUT):
        dialog.accept()
    assert window.session.model.info.n_ctx == 1024 and window.settings.engine.n_ctx == 1024
    assert not dialog.isVisible()


def test_the_app_runs_tools_on_a_remote_server(qtbot, model_path):
    server = LlamaServer(model_path)
    window = make_window(qtbot, load=False)
    try:
        remote = dataclasses.replace(window.settings.remote, url=server.url)
        with qtbot.waitSignal(window.model_ready, timeout=LOAD_TIMEOUT):
            window.models.load(dataclasses.replace(window.settings, backend="remote", remote=remote))
        assert window.session.model.info.kind == "remote" and window.settings.backend == "remote"
        window.current_editor().setPlainText("Every morning, Lena walked her dog. One day, she noticed")
        window.current_editor().moveCursor(window.current_editor().textCursor().MoveOperation.End)
        run_and_wait(qtbot, window, lambda: window.runs.run_tool("continue", {"length": "sentence"}))
        assert window.current_tab().proposal.state == "done"
        server.kill()
        with qtbot.waitSignal(window.run_finished, timeout=RUN_TIMEOUT):
            window.runs.run_tool("continue", {"length": "sentence"})
        assert window.current_tab().proposal.state == "failed"
        assert "Cannot connect" in window.current_tab().proposal.message  # and the app goes on
    finally:
        server.kill()
        close_window(window)


def test_model_names_are_shown_as_text_not_markup(window, tmp_path, model_path):
    odd = patched_model(model_path, tmp_path / "odd.gguf", b"Smollm2 135M 8k Lc100K Mix1 Ep2",
                        b"<b>Smol</b> <i>135M</i> 8k Lc10")  # fmt: skip
    window.models.open_dialog()
    dialog = window.models.dialog
    dialog.path.setText(str(odd))
    assert "&lt;b&gt;Smol&lt;/b&gt;" in dialog.info.text()
    dialog.reject()


def test_switching_models_frees_the_old_one_first_and_keeps_it_if_the_new_fails(qtbot):
    window = make_window(qtbot, load=False)
    events = []

    class Fake:
        def __init__(self, name):
            self.name = name
            events.append(f"load {name}")
            self.info = BackendInfo("fake", name, 512, chat_template=False)
            self.notices = []

        def close(self):
            events.append(f"close {self.name}")

    def broken():
        events.append("load broken")
        raise ModelError("broken.gguf is not a model")

    try:
        for name, factory in [("a", lambda: Fake("a")), ("b", lambda: Fake("b")), ("broken", broken)]:
            with qtbot.waitSignal(window.model_ready, timeout=LOAD_TIMEOUT):
                window.session.model_loading(name)
                window.worker.load(name, factory)
        assert events == ["load a", "close a", "load b", "close b", "load broken", "load b"]
        assert window.session.model.info.model == "b" and "broken.gguf" in window.last_error
    finally:
        close_window(window)


def test_progress_past_2_gib_is_not_wrapped(qtbot):
    thread = DownloadThread("http://127.0.0.1:9/x.gguf", "", "", "")
    with qtbot.waitSignal(thread.progressed) as seen:
        thread.progressed.emit(3 * 2**30, 5 * 2**30, 1.0)
    assert seen.args[:2] == [3 * 2**30, 5 * 2**30]


def test_quitting_during_a_download_stops_it_cleanly(qtbot, model_path):
    window = make_window(qtbot, load=False)
    with serving(model_path.read_bytes()) as server:
        server.stall = True  # the download hangs, as a slow network does
        window.models.open_dialog()
        window.models.dialog._download()
        dialog = window.models.dialog.download_dialog
        dialog.url.setText(f"{server.url}/model.gguf")
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.download is not None and dialog.download.isRunning(), timeout=5000)
        started = time.monotonic()
        close_window(window)  # must not abort with "QThread: Destroyed while thread is still running"
        assert dialog.download is None and time.monotonic() - started < 2
        # The test server's stalled handler ends on its own a little later.
        qtbot.waitUntil(lambda: not [t for t in threading.enumerate() if "process_request" in t.name], timeout=5000)


def test_first_run_offers_the_catalog_and_one_click_downloads_and_loads_a_model(qtbot, hub):
    from assistant.core.settings import Settings
    from assistant.ui.window import MainWindow

    window = MainWindow(Settings())
    window.show()
    assert window.catalog_bar.isVisible() and not window.catalog_bar.hasFocus()
    window.catalog_bar.open_catalog()
    assert not window.catalog_bar.isVisible() and Settings.load()[0].library.catalog_offered
    dialog = window.catalog_bar.catalog_dialog
    assert dialog.table.item(0, 0).text().startswith("★ ")
    with qtbot.waitSignal(window.model_ready, timeout=LOAD_TIMEOUT):
        dialog.download_selected()
    assert window.session.model.info is not None and window.settings.engine.model.endswith("model.gguf")
    again = MainWindow(window.settings)
    assert again.catalog_bar.isHidden()  # offered once
    close_window(again)
    close_window(window)


def test_the_catalog_dialog_downloads_an_embedding_model_for_sources_not_to_write_with(qtbot, hub, monkeypatch):
    from assistant.core import catalog
    from assistant.core.settings import Settings
    from assistant.ui.window import MainWindow

    entry, _data = hub
    monkeypatch.setattr(catalog, "CATALOG", (entry, dataclasses.replace(entry, id="test-embedding", kind="embedding")))
    window = MainWindow(Settings())
    window.show()
    window.catalog_bar.open_catalog()
    dialog = window.catalog_bar.catalog_dialog
    assert [c and c.model.kind for c in dialog.choices] == ["chat", None, "embedding"]
    assert dialog.table.item(0, 0).text().startswith("★ ")
    assert dialog.table.item(1, 0).text().startswith("Embedding models for Sources")
    dialog.table.selectRow(2)
    with qtbot.waitSignal(dialog.embedding_chosen, timeout=60_000):
        dialog.download_selected()
    assert Settings.load()[0].sources.embedding_model.endswith("model.gguf")
    assert not window.settings.engine.model and dialog.isVisible()  # the writing model stays
    assert "sources.embedding_model" in dialog.status.text()
    dialog.reject()
    close_window(window)


def test_a_mirror_chosen_in_preferences_is_where_the_app_downloads_from(qtbot, hub, monkeypatch):
    from assistant.core.settings import Settings
    from assistant.ui.window import MainWindow

    mirror = os.environ["HF_ENDPOINT"]  # the loopback Hub, chosen in Preferences this time
    monkeypatch.delenv("HF_ENDPOINT")
    window = MainWindow(Settings())
    window.show()
    window.view.open_settings_dialog()
    window.view.settings_dialog.hub_mirror.setText(mirror)
    window.view.settings_dialog.accept()
    assert Settings.load()[0].library.hub_mirror == mirror
    window.catalog_bar.open_catalog()
    with qtbot.waitSignal(window.catalog_bar.catalog_dialog.chosen, timeout=60_000):
        window.catalog_bar.catalog_dialog.download_selected()
    close_window(window)


def test_the_model_dialog_says_where_the_api_key_is_kept(qtbot):
    import keyring
    from keyring.backends import fail

    from assistant.core.settings import Settings
    from assistant.ui.dialogs.model import ModelDialog

    in_keyring = ModelDialog(Settings(), ["local", "remote"], False)
    qtbot.addWidget(in_keyring)
    assert "system keyring" in in_keyring.key_store.text()
    keyring.set_keyring(fail.Keyring())  # a server without a desktop session
    in_file = ModelDialog(Settings(), ["local", "remote"], False)
    qtbot.addWidget(in_file)
    assert "no system keyring" in in_file.key_store.text() and "settings.json" in in_file.key_store.text()


def test_renaming_or_deleting_the_model_in_use_in_the_dialog_keeps_the_settings_true(qtbot, model_path, tmp_path,
                                                                                     monkeypatch):  # fmt: skip
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from assistant.core import library
    from assistant.core.settings import Settings

    window = make_window(qtbot, load=False)
    try:
        used = library.import_model(model_path, link=True)
        window.session.save_settings(lambda s: setattr(s.engine, "model", str(used)))
        window.models.open_dialog()
        dialog = window.models.dialog

        def select(path) -> None:
            dialog.table.selectRow(next(i for i, e in enumerate(dialog.entries) if e.path == path))

        select(used)
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("smol", True))
        dialog._rename()
        renamed = used.with_name("smol.gguf")
        assert window.settings.engine.model == str(renamed) == Settings.load()[0].engine.model
        select(renamed)
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        dialog._delete()
        assert window.settings.engine.model == "" == dialog.path.text()  # the built-in model, not a path to nothing
        (tmp_path / "any.md").write_text("x")
        window.files.open(tmp_path / "any.md")  # remembered in the recent files: the settings are saved again
        assert Settings.load()[0].engine.model == ""
        dialog.reject()
    finally:
        close_window(window)
