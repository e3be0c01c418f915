"""Settings > Preferences offers a Hugging Face mirror, and the app's downloads use it."""

import os
from pathlib import Path

from assistant.core import paths
from assistant.core.settings import Settings


def test_the_mirror_chosen_in_preferences_serves_the_apps_downloads(qtbot, hub, monkeypatch):
    from assistant.ui.dialogs.download import DownloadThread
    from assistant.ui.dialogs.preferences import SettingsDialog

    mirror = os.environ["HF_ENDPOINT"]  # the hub fixture's server, here a mirror chosen in the settings
    monkeypatch.delenv("HF_ENDPOINT")
    settings = Settings()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.hub_mirror.setText(f" {mirror} ")
    dialog.apply()
    assert settings.library.hub_mirror == mirror
    settings.save()
    thread = DownloadThread("", "test/model", "model.gguf", "")
    results = []
    thread.done.connect(results.append)
    thread.run()  # here, on this thread
    assert results == [paths.models_dir() / "model.gguf"] and isinstance(results[0], Path)
    assert SettingsDialog(Settings.load()[0]).hub_mirror.text() == mirror
