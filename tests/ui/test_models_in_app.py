"""Models in the app: the library dialog, downloads with progress, and a remote server as the backend."""

from __future__ import annotations

import dataclasses
import hashlib

from conftest import LOAD_TIMEOUT, RUN_TIMEOUT, close_window, make_window, run_and_wait
from helpers import LlamaServer, serving


def test_the_model_dialog_lists_the_library_and_estimates_memory(window):
    window.open_model_dialog()
    dialog = window.model_dialog
    assert dialog.table.rowCount() >= 1 and dialog.table.item(0, 2).text() == "Q4_1"
    assert "needs about" in dialog.fit.text().lower() and "MiB free" in dialog.fit.text()
    assert not dialog.gpu_layers.isEnabled() and "no GPU support" in dialog.gpu_layers.toolTip()
    dialog.n_ctx.setValue(1 << 20)  # a context no machine here can hold
    assert "only" in dialog.fit.text() and "free" in dialog.fit.text()
    dialog.reject()


def test_a_download_shows_progress_and_lands_in_the_library(qtbot, window, model_path):
    data = model_path.read_bytes()
    window.open_model_dialog()
    models = window.model_dialog
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
    window.open_model_dialog()
    dialog = window.model_dialog
    dialog.n_ctx.setValue(1024)
    with qtbot.waitSignal(window.model_ready, timeout=LOAD_TIMEOUT):
        dialog.accept()
    assert window.model.n_ctx == 1024 and window.settings.engine.n_ctx == 1024
    assert not dialog.isVisible()


def test_the_app_runs_tools_on_a_remote_server(qtbot, model_path):
    server = LlamaServer(model_path)
    window = make_window(qtbot, load=False)
    try:
        remote = dataclasses.replace(window.settings.remote, url=server.url)
        with qtbot.waitSignal(window.model_ready, timeout=LOAD_TIMEOUT):
            window.load_model(dataclasses.replace(window.settings, backend="remote", remote=remote))
        assert window.model.kind == "remote" and window.settings.backend == "remote"
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
