"""The remote backend against a real OpenAI-compatible server started on loopback:
llama-cpp-python's own server, serving the default model."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time

import pytest

from assistant.core.engine import Continuation, GenerationParams, Prompt
from assistant.core.errors import BackendError, Cancelled
from assistant.core.remote_backend import RemoteBackend
from assistant.core.runner import Request, ToolRunner
from assistant.core.settings import SamplingSettings, Settings
from helpers import LlamaServer, events_of, free_port, result_of

KEY = "sk-test-secret-4f9a2c"
GREEDY = GenerationParams(temperature=0.0, max_tokens=40, seed=1)


@pytest.fixture(scope="module")
def server(model_path):
    server = LlamaServer(model_path, KEY)
    yield server
    server.kill()


@pytest.fixture(scope="module")
def remote(server):
    return RemoteBackend(server.url, api_key=KEY, n_ctx=2048, timeout=30)


def test_it_finds_the_model_and_streams(remote):
    assert remote.model and remote.info.kind == "remote"
    pieces = list(remote.generate(Prompt(user="Name three colours."), GREEDY))
    assert len(pieces) > 3 and "".join(pieces).strip()
    assert remote.last_stats.generated_tokens == len(pieces)
    assert "".join(remote.generate(Continuation("The capital of France is"), GREEDY)).strip()


def test_token_counts_come_from_the_server(remote, backend):
    text = "春天来了，公园里的花都开了。The park is green."
    assert remote.count_tokens(text) == backend.count_tokens(text)  # the same model's tokenizer, over HTTP
    assert remote._tokenizer.endswith("/extras/tokenize")


@pytest.mark.parametrize("tool, document, options", [
    ("continue", "Every morning, Lena walked her dog along the river. One day, she noticed", {"length": "sentence"}),
    ("rewrite", "Me and him goes to the store yesterday.", {"style": "grammar"}),
    ("translate", "今天天气很好，我们去爬山吧。", {"target": "English"}),
    ("summarize", "Solar panels convert sunlight into electricity. Battery storage keeps the energy for the "
                  "night, and net metering sells the surplus to the grid.", {"length": "sentence"}),
    ("keywords", "Solar panels convert sunlight into electricity. Battery storage keeps the energy for the night.",
     {"count": 4}),
])  # fmt: skip
def test_every_tool_works_unchanged_on_a_server(remote, tools, tool, document, options):
    runner = ToolRunner(remote, tools, SamplingSettings(temperature=0.0, seed=7))
    selection = (0, len(document)) if tool == "rewrite" else None
    result = result_of(runner, tool, document, selection=selection, options=options)
    if tool == "keywords":
        assert result.value and all(k in document for k in result.value)
    else:
        assert result.text.strip()


def test_cancel_closes_the_stream(remote, server):
    cancel = threading.Event()
    stream = remote.generate(Continuation("A list of one hundred animals:\n1. cat\n2. dog\n3."),
                             GenerationParams(temperature=0.0, max_tokens=500), cancel)  # fmt: skip
    next(stream)
    cancel.set()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        list(stream)
    assert time.monotonic() - started < 2
    assert "".join(remote.generate(Prompt(user="Say hi."), GREEDY))  # the server serves the next request


def test_a_wrong_key_is_refused_without_showing_any_key(server, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(BackendError, match="check the API key") as error:
        RemoteBackend(server.url, api_key="sk-wrong-key-77", timeout=10)
    assert "sk-wrong-key-77" not in str(error.value)
    remote = RemoteBackend(server.url, api_key=KEY, timeout=10)
    list(remote.generate(Prompt(user="Hi"), GREEDY))
    assert KEY not in caplog.text and "sk-wrong-key-77" not in caplog.text


def test_nobody_listening_is_a_clear_error():
    with pytest.raises(BackendError, match="connection refused: is it running"):
        RemoteBackend(f"http://127.0.0.1:{free_port()}/v1", timeout=5)
    remote = RemoteBackend(f"http://127.0.0.1:{free_port()}/v1", model="named", timeout=5)
    with pytest.raises(BackendError, match="connection refused: is it running"):
        list(remote.generate(Prompt(user="x"), GREEDY))


def test_a_server_killed_mid_stream_gives_a_clear_error_and_the_app_stays_alive(model_path, tools):
    server = LlamaServer(model_path)
    try:
        # A busy machine may take more than 10 s to the first token; the kill below must not wait for this.
        remote = RemoteBackend(server.url, timeout=120)
        stream = remote.generate(Continuation("A list of one hundred animals:\n1. cat\n2. dog\n3."),
                                 GenerationParams(temperature=0.0, max_tokens=500))  # fmt: skip
        next(stream)
        server.kill()
        with pytest.raises(BackendError, match="lost while it was writing|Cannot connect"):
            list(stream)
        runner = ToolRunner(remote, tools, SamplingSettings(temperature=0.0))
        (started, failed) = events_of(runner, "summarize", "Some text to summarize, long enough to matter.")
        assert "Cannot connect" in str(failed.error)
    finally:
        server.kill()


def test_json_output_goes_through_response_format(remote):
    schema = {"type": "object", "properties": {"colours": {"type": "array", "items": {"type": "string"}}},
              "required": ["colours"]}  # fmt: skip
    text = "".join(remote.generate(Prompt(user="List three colours as JSON."),
                                   GenerationParams(temperature=0.0, max_tokens=60, json_schema=schema)))  # fmt: skip
    assert isinstance(json.loads(text, strict=False)["colours"], list)


def test_the_settings_file_holding_a_key_is_private(home):
    settings = Settings()
    settings.remote.api_key = KEY
    settings.save()
    path = home / "config" / "settings.json"
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_cli_runs_a_tool_on_a_server(server, tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text("Solar panels convert sunlight into electricity.", encoding="utf-8")
    settings = tmp_path / "home" / "config" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"remote": {"api_key": KEY}}), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "assistant", "run", "summarize", str(doc), "--server", server.url],
                         capture_output=True, text=True, timeout=120, env={**os.environ})  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() and KEY not in out.stdout + out.stderr


def test_an_api_key_with_a_control_character_is_refused_without_repeating_it(caplog):
    from assistant.core.errors import BackendError
    from assistant.core.remote_backend import RemoteBackend

    with pytest.raises(BackendError) as error:
        RemoteBackend("http://127.0.0.1:9/v1", api_key="sk-secret\x07value")
    assert "API key" in str(error.value) and "secret" not in str(error.value)
    assert "secret" not in caplog.text


def test_inline_suggestions_work_on_a_server(remote, tools):
    from assistant.core.suggest import suggest

    document = "Every morning the baker opened his shop and the smell of bread"
    request = Request(document, cursor=len(document), options={"length": "paragraph"})
    runner = ToolRunner(remote, tools, SamplingSettings(temperature=0.0))
    assert runner.warm("continue", request) == 0  # a server keeps its own cache
    text = suggest(runner, request)
    assert text.strip() and "\n" not in text and len(text.split()) <= 6


def test_the_start_of_the_reply_is_sent_and_counted(remote):
    """translate.prompt and the Chinese templates write the start of the reply (Prompt.answer): the server
    gets it too, and the room it takes is counted."""
    asked = Prompt(user="Translate into English: 今天天气很好。", system="You are a translator.")
    prefixed = Prompt(user=asked.user, system=asked.system, answer="English:")
    assert remote.prompt_tokens(prefixed) == remote.prompt_tokens(asked) + remote.count_tokens("English:")
    plain = "".join(remote.generate(asked, GREEDY))
    reply = "".join(remote.generate(prefixed, GREEDY))
    assert reply.strip() and reply.strip() != plain.strip()
    assert not reply.lstrip().startswith("English:")  # carried on from, never repeated


def test_the_finish_reason_says_whether_the_reply_was_cut(remote):
    count = Prompt(user="Count from one to one hundred in words.")
    list(remote.generate(count, GenerationParams(temperature=0.0, max_tokens=5)))
    assert remote.last_stats.finish_reason == "length"
    list(remote.generate(Prompt(user="Say yes."), GenerationParams(temperature=0.0, max_tokens=200)))
    assert remote.last_stats.finish_reason == "stop"


LONG_KEY = "sk-proj-7Hq2xLw9Rt4Vb8Nm3Kp6Zc1Yd5Fg0Js"


def _error_echoing(body_of) -> BackendError:
    """The error of connecting to a server that answers HTTP 500 with body_of(the Authorization header)."""
    import http.server

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = body_of(self.headers["Authorization"]).encode()
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(BackendError, match="HTTP 500") as error:
            RemoteBackend(f"http://127.0.0.1:{server.server_address[1]}/v1", api_key=LONG_KEY, timeout=10)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    return error.value


def test_a_server_echoing_the_key_in_a_long_error_shows_no_piece_of_it(caplog):
    """Masking runs before the message is cut: a cut key is a piece no plain replace would find."""
    error = _error_echoing(lambda authorization: "Bad request. " * 12 + "Headers: Authorization: " + authorization)
    shown = str(error) + caplog.text
    assert "Bearer ***" in shown  # the place is said, the key is not
    assert not any(LONG_KEY[i : i + 8] in shown for i in range(len(LONG_KEY) - 7))


def test_a_server_echoing_the_key_in_capitals_shows_no_piece_of_it(caplog):
    error = _error_echoing(lambda authorization: f"AUTHORIZATION: {authorization.upper()} IS NOT VALID")
    shown = (str(error) + caplog.text).lower()
    assert "bearer ***" in shown
    assert not any(LONG_KEY[i : i + 8].lower() in shown for i in range(len(LONG_KEY) - 7))


def test_the_start_of_the_reply_goes_as_a_final_assistant_message():
    """What vLLM, SGLang, llama-server and Ollama take as the start of the reply to carry on."""
    import http.server

    bodies = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if not self.path.endswith("chat/completions"):
                self.send_error(404)
                return
            bodies.append(body)
            chunk = {"choices": [{"delta": {"content": " It rained."}, "finish_reason": "stop"}]}
            data = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        remote = RemoteBackend(f"http://127.0.0.1:{server.server_address[1]}/v1", model="m", timeout=10)
        reply = "".join(remote.generate(Prompt(user="下雨了。", system="Translate.", answer="English:"), GREEDY))
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert reply == " It rained." and remote.last_stats.finish_reason == "stop"
    assert bodies[0]["messages"][-1] == {"role": "assistant", "content": "English:"}
    assert bodies[0]["continue_final_message"] is True and bodies[0]["add_generation_prompt"] is False


def test_a_server_echoing_the_key_wrapped_over_lines_shows_one_line_and_no_piece_of_it(caplog):
    """An echo that wraps the request (every 7 characters here) breaks the key into pieces too short to
    match one by one; white space is never part of a key, so it is looked through."""

    def wrapped(authorization: str) -> str:
        echoed = "Authorization: " + authorization + " was refused."
        return "\r\n".join(echoed[i : i + 7] for i in range(0, len(echoed), 7))

    error = _error_echoing(wrapped)
    assert "\n" not in str(error) and "\r" not in str(error)  # one line
    shown = "".join((str(error) + caplog.text).split())
    assert not any(LONG_KEY[i : i + 8] in shown for i in range(len(LONG_KEY) - 7))
