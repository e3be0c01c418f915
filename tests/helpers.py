"""Helpers for tests (import them: `from helpers import result_of`)."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import re
import shutil
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import keyring.backend
import keyring.errors

from assistant import Checker, Diagnostic, hookimpl
from assistant.core.scripts import script_counts
from assistant.core.runner import Request, Result


def events_of(runner, tool: str, document: str, **request) -> list:
    return list(runner.run(tool, Request(document, **request)))


def result_of(runner, tool: str, document: str, **request):
    """The Result event of a run, failing the test with the error of any other ending."""
    events = events_of(runner, tool, document, **request)
    assert isinstance(events[-1], Result), events[-1]
    return events[-1]


def patched_model(source: Path, target: Path, old: bytes, new: bytes) -> Path:
    """A copy of a GGUF file with one same-length string of its header replaced."""
    assert len(old) == len(new)
    shutil.copyfile(source, target)
    with open(target, "r+b") as f:
        head = f.read(4 << 20)
        where = head.index(old)
        f.seek(where)
        f.write(new)
    return target


def share(text: str, script: str) -> float:
    """The share of `script` ("latin" or "han") among the letters of `text`."""
    counts = script_counts(text)
    letters = sum(counts.values())
    return counts[script] / letters if letters else 0.0


class Server(http.server.ThreadingHTTPServer):
    """Serves one file at /model.gguf; can cut a response short, corrupt it, or stall."""

    daemon_threads = True

    def __init__(self, data: bytes):
        super().__init__(("127.0.0.1", 0), Handler)
        self.data = data
        self.sent = 0  # body bytes written, over all requests
        self.cut_after: int | None = None
        self.corrupt = False
        self.stall = False
        self.slow = False  # 64 KiB every 50 ms
        self.redirect_to: str | None = None  # answer every GET with a redirect there
        # How the server lies: "range-from-0" (a 206 to a Range, with the whole file), "short-length" (a
        # Content-Length, and body, shorter than the file), "html" (an error page, sent with 200),
        # "odd-length" (Content-Length: ², a digit to str.isdigit), "body-from-0" (a 206 with the Content-Range
        # asked for, and the file from its start), "extra-bytes" (a 206 with the rest, then bytes the file lacks).
        self.lie: str | None = None
        self.requests: list[dict] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hangs up is what tests ask for
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):  # noqa: N802  (as the Hugging Face Hub answers for an LFS file)
        data = self.server.data
        self.server.requests.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", '"0000"')
        self.send_header("X-Linked-Etag", f'"{hashlib.sha256(data).hexdigest()}"')
        self.send_header("X-Linked-Size", str(len(data)))
        self.send_header("X-Repo-Commit", "a" * 40)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        server: Server = self.server
        server.requests.append(dict(self.headers))
        if server.redirect_to:
            self.send_response(302)
            self.send_header("Location", server.redirect_to)
            self.end_headers()
            return
        if not re.search(r"/model\.gguf$", self.path):
            self.send_error(404)
            return
        data = bytearray(server.data)
        if server.corrupt:
            data[len(data) // 2] ^= 0xFF
        if server.lie == "html":
            data = bytearray(b"<!DOCTYPE html><html><body><h1>Rate limit exceeded</h1></body></html>\n")
        start = 0
        etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'  # changes when the file does
        if_range = self.headers.get("If-Range")
        if (m := re.match(r"bytes=(\d+)-", self.headers.get("Range", ""))) and if_range in (None, etag):
            start = 0 if server.lie == "range-from-0" else int(m.group(1))
            if start >= len(data):
                self.send_response(416)
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            if server.lie == "body-from-0":  # the range asked for is promised, as many bytes from the file's start sent
                data, start = data[: len(data) - start], 0
            elif server.lie == "extra-bytes":  # the range promised, then more than the file has
                data += b"\0" * 4096
        else:
            self.send_response(200)
        if server.lie == "short-length":
            data = data[: len(data) * 2 // 3]
        length = {"odd-length": "\u00b2"}.get(server.lie, str(len(data) - start))
        if server.lie != "extra-bytes":  # a length would give that lie away
            self.send_header("Content-Length", length)
        self.send_header("Content-Type", "text/html" if server.lie == "html" else "application/octet-stream")
        self.send_header("ETag", etag)
        self.end_headers()
        if server.stall:
            self.wfile.write(bytes(data[start : start + 1000]))
            self.wfile.flush()
            time.sleep(3)
            return
        end = len(data) if server.cut_after is None else min(len(data), server.cut_after)
        for offset in range(start, end, 1 << 16):
            chunk = bytes(data[offset : min(end, offset + (1 << 16))])
            self.wfile.write(chunk)
            server.sent += len(chunk)
            if server.slow:
                time.sleep(0.05)
        if server.cut_after is not None:
            server.cut_after = None  # the next request gets the rest
            self.close_connection = True


@contextlib.contextmanager
def serving(data: bytes):
    """A loopback HTTP server for `data` at /model.gguf, for the length of the block."""
    server = Server(data)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaServer:
    def __init__(self, model_path, api_key: str = ""):
        self.port = free_port()
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path), "--host", "127.0.0.1",
                   "--port", str(self.port), "--n_ctx", "2048", "--interrupt_requests", "false",
                   "--verbose", "false", "--n_threads", "1"]  # fmt: skip
        if api_key:
            command += ["--api_key", api_key]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}/v1"
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the llama-cpp-python server did not start") from None
                time.sleep(0.2)

    def kill(self):
        self.process.kill()
        self.process.wait()


def tiny_gguf(path: Path, **metadata) -> Path:
    """A GGUF file with no tensors and the given header values (str or uint32), as a damaged or odd download
    might have."""

    def string(text: str) -> bytes:
        data = text.encode("utf-8")
        return struct.pack("<Q", len(data)) + data

    kvs = b""
    for key, value in {"general.architecture": "llama", **metadata}.items():
        kind, body = (8, string(value)) if isinstance(value, str) else (4, struct.pack("<I", value))
        kvs += string(key) + struct.pack("<I", kind) + body
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(metadata) + 1) + kvs)
    return path


def write_distribution(site: Path, name: str, module_source: str, entry_point: str = "") -> None:
    """An installed distribution as pip leaves it: a module and a dist-info with an entry point (named
    like the module unless `entry_point` says otherwise)."""
    (site / f"{name}.py").write_text(textwrap.dedent(module_source), encoding="utf-8")
    info = site / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[writing_assistant]\n{entry_point or name} = {name}\n", encoding="utf-8")


HELLO = """
from assistant import Tool, hookimpl

@hookimpl
def register_tools(register):
    register(Tool(name="hello", title="Hello", run=lambda job: "hello " + job.text,
                  input="selection_or_document", output="panel"))
"""


def wheel(folder: Path, requires: tuple[str, ...] = ("writing-assistant",)) -> Path:
    """A plugin wheel, as `pip wheel` would build it: distribution wa-hello, entry point `hello`."""
    path = folder / "wa_hello-1.0-py3-none-any.whl"
    info = "wa_hello-1.0.dist-info"
    files = {
        "wa_hello/__init__.py": HELLO,
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: wa-hello\nVersion: 1.0\n"
        + "".join(f"Requires-Dist: {r}\n" for r in requires),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        f"{info}/entry_points.txt": "[writing_assistant]\nhello = wa_hello\n",
    }
    files[f"{info}/RECORD"] = "".join(f"{name},,\n" for name in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring of one test's own, so tests never read or write the writer's real one."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[service, username] = password

    def delete_password(self, service, username):
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def loud(piece):
    """A third-party checker's rule: words in capitals, with a message that has an argument."""
    for m in re.finditer(r"\b[A-Z]{2,}\b", piece.text):
        yield Diagnostic(m.start(), m.end(), "“{word}” shouts", (m.group(0).lower(),), args={"word": m.group(0)})


class LoudPlugin:
    """A third-party plugin whose checker ships its title and message in Chinese."""

    @hookimpl
    def register_checkers(self, register):
        register(Checker("loud", "Loud words", loud, translations={"zh": {"Loud words": "大声的词",
                                                                          "“{word}” shouts": "“{word}”在喊"}}))

