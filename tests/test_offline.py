"""Offline by default: every tool runs on the local backend with the network forbidden."""

from __future__ import annotations

import socket

import pytest

from helpers import result_of

DOCUMENT = "Solar panels convert sunlight into electricity. 太阳能电池板把阳光转换成电能。Battery storage keeps it."


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"a network connection was attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == []


def test_every_tool_runs_without_the_network(no_network, model_path, sampling):
    from assistant.core.runner import ToolRunner
    from assistant.core.settings import EngineSettings, Settings
    from assistant.plugins import PluginHost

    host = PluginHost()  # entry points too: loading plugins must not reach out either
    tools = host.tools()
    backend = host.backends()["local"](Settings(engine=EngineSettings(model=str(model_path), n_ctx=2048)))
    try:
        runner = ToolRunner(backend, tools, sampling)
        for name in ("continue", "rewrite", "translate", "summarize", "keywords"):
            selection = (0, len(DOCUMENT)) if name == "rewrite" else None
            assert result_of(runner, name, DOCUMENT, selection=selection)
    finally:
        backend.close()
