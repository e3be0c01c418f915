"""A backend for any OpenAI-compatible server: llama.cpp's llama-server, vLLM, Ollama,
llama-cpp-python's own server.

Tools run on it unchanged. Streaming uses server-sent events, read by a helper
thread so that a cancel or a silent server is noticed at once; cancel closes
the connection, which stops generation on the server. The API key goes only
into the Authorization header: never into a log or an error message.
"""

from __future__ import annotations

import http.client
import itertools
import json
import logging
import queue
import re
import socket
import threading
import time
import urllib.parse
from functools import lru_cache
from typing import Any, Iterator

from .engine import Backend, BackendInfo, Continuation, GenerationParams, GenerationStats, Prompt
from .errors import BackendError, Cancelled, ContextOverflowError
from .logs import redact
from .scripts import CJK_CHARS

log = logging.getLogger(__name__)


def api_key_problem(key: str) -> str:
    """Why `key` cannot be sent in a header, without repeating the key; empty if it can."""
    if any(not (" " < c < "\x7f") for c in key.strip()):
        return "The API key holds a space, a line break or another character no key has; paste it again."
    return ""


def mask(text: str, secret: str, run: int = 8) -> str:
    """`text` with every run of `run` or more characters of `secret` replaced by ***, in any letter case: a
    server that echoes the request cut, re-wrapped or upper-cased shows pieces of the key, never the whole."""
    if not secret:
        return text
    if len(secret) < run:
        return re.sub(re.escape(secret), "***", text, flags=re.IGNORECASE)
    # A key holds no white space: pieces of it are looked for through line breaks (an echo that wraps).
    kept = [i for i, c in enumerate(text) if not c.isspace()]
    bare = "".join(_folded(text[i]) for i in kept)
    secret = "".join(map(_folded, secret))
    covered = [False] * len(text)
    for piece in {secret[i : i + run] for i in range(len(secret) - run + 1)}:
        start = bare.find(piece)
        while start != -1:
            first, last = kept[start], kept[start + run - 1]
            covered[first : last + 1] = [True] * (last + 1 - first)
            start = bare.find(piece, start + 1)
    runs = itertools.groupby(zip(text, covered), key=lambda pair: pair[1])
    return "".join("***" if hidden else "".join(c for c, _ in group) for hidden, group in runs)


def _folded(character: str) -> str:
    """The character in lower case, where that is one character too (so that offsets stay put)."""
    lower = character.lower()
    return lower if len(lower) == 1 else character


class RemoteBackend(Backend):
    def __init__(self, url: str, model: str = "", api_key: str = "", n_ctx: int = 4096, timeout: float = 60.0):
        parsed = urllib.parse.urlparse(url.rstrip("/"))
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise BackendError(f"{redact(url)!r} is not a server address; it should look like http://127.0.0.1:8080/v1.")
        if problem := api_key_problem(api_key):
            raise BackendError(problem)
        self.url = url.rstrip("/")
        self.shown_url = redact(self.url)  # in messages: a user and password in the URL stay out of sight
        self._parsed = parsed
        self._key = api_key.strip()
        self.timeout = timeout
        self.model = model or self._first_model()
        self.last_stats = GenerationStats(n_ctx=n_ctx)
        self.info = BackendInfo("remote", self.model, n_ctx, True, {"server": self.shown_url})
        self._tokenizer: str | None = None  # the tokenize endpoint that works, once found
        self._counted = lru_cache(maxsize=4096)(self._count_tokens)  # splitting long text asks often

    # -- requests -----------------------------------------------------------------

    def _connection(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self._parsed.scheme == "https" else http.client.HTTPConnection
        return kind(self._parsed.hostname, self._parsed.port, timeout=self.timeout)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream, application/json"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        return headers

    def _path(self, endpoint: str) -> str:
        return f"{self._parsed.path}/{endpoint.lstrip('/')}"

    def _safe(self, text: str) -> str:
        return mask(text, self._key)

    def _open(self, method: str, path: str, body: dict | None = None):
        connection = self._connection()
        try:
            connection.request(method, path, json.dumps(body).encode("utf-8") if body is not None else None,
                               self._headers())  # fmt: skip
            response = connection.getresponse()
        except (TimeoutError, socket.timeout):
            connection.close()
            raise BackendError(f"The server at {self.shown_url} did not answer within {self.timeout:g} s.") from None
        except OSError as error:
            connection.close()
            reason = "connection refused: is it running?" if isinstance(error, ConnectionRefusedError) else \
                self._safe(str(error))  # fmt: skip
            raise BackendError(f"Cannot connect to the server at {self.shown_url}: {reason}") from None
        if response.status >= 400:
            detail = self._error_detail(response.read())
            connection.close()
            raise _HttpError(response.status, self._http_message(response.status, detail))
        return connection, response

    def _error_detail(self, raw: bytes) -> str:
        try:
            error = json.loads(raw).get("error", "")
            detail = error.get("message", "") if isinstance(error, dict) else str(error)
        except (ValueError, AttributeError):
            detail = raw.decode("utf-8", errors="replace")
        # Masked first (a cut could leave a piece too short to match), then on one line, then cut.
        return " ".join(self._safe(str(detail)).split())[:200]

    def _http_message(self, status: int, detail: str) -> str:
        if status in (401, 403):
            return f"The server at {self.shown_url} refused the request (HTTP {status}): check the API key."
        suffix = f": {detail}" if detail else "."
        return f"The server at {self.shown_url} answered HTTP {status}{suffix}"

    def _json(self, method: str, endpoint: str, body: dict | None = None) -> Any:
        connection, response = self._open(method, self._path(endpoint), body)
        try:
            return json.loads(response.read())
        except (ValueError, OSError) as error:
            raise BackendError(f"The server at {self.shown_url} sent an answer that is not JSON ({error}).") from None
        finally:
            connection.close()

    def _first_model(self) -> str:
        models = self._json("GET", "models").get("data") or []
        if not models:
            raise BackendError(f"The server at {self.shown_url} offers no model.")
        return models[0].get("id", "")

    # -- tokens ---------------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return self._counted(text)

    def _count_tokens(self, text: str) -> int:
        """From the server's tokenizer where it has one (llama.cpp, vLLM, llama-cpp-python), else estimated."""
        root = re.sub(r"/v1$", "", self._parsed.path)
        candidates = [(f"{root}/tokenize", {"content": text, "model": self.model}),
                      (f"{root}/extras/tokenize", {"input": text, "model": self.model})]  # fmt: skip
        for path, body in candidates:
            if self._tokenizer not in (None, path):
                continue
            try:
                connection, response = self._open("POST", path, body)
                try:
                    answer = json.loads(response.read())
                finally:
                    connection.close()
                tokens = answer.get("count") or len(answer.get("tokens", []))
                self._tokenizer = path
                return int(tokens)
            except (BackendError, ValueError, OSError):
                continue
        self._tokenizer = "estimate"
        cjk = len(re.findall(f"[{CJK_CHARS}]", text))
        return cjk + -(-(len(text) - cjk) // 4)

    def prompt_tokens(self, prompt: Prompt | Continuation) -> int:
        if isinstance(prompt, Continuation):
            return self.count_tokens(prompt.before)
        answer = self.count_tokens(prompt.answer) if prompt.answer else 0
        return self.count_tokens(prompt.system) + self.count_tokens(prompt.user) + answer + 12  # the chat frame

    # -- generation -----------------------------------------------------------------

    def generate(self, prompt: Prompt | Continuation, params: GenerationParams,
                 cancel: threading.Event | None = None) -> Iterator[str]:  # fmt: skip
        used = self.prompt_tokens(prompt)
        if used >= self.n_ctx:
            raise ContextOverflowError(
                f"The prompt is about {used:,} tokens long, but the server's context window holds {self.n_ctx:,}."
            )
        body: dict[str, Any] = {
            "model": self.model, "stream": True, "max_tokens": min(params.max_tokens, self.n_ctx - used),
            "temperature": params.temperature, "top_p": params.top_p,
        }  # fmt: skip
        openai = "api.openai.com" in self.url  # which refuses fields it does not know
        if not openai:  # llama.cpp, vLLM and llama-cpp-python understand these too
            body.update(top_k=params.top_k, min_p=params.min_p, repeat_penalty=params.repeat_penalty)
        if params.seed >= 0:
            body["seed"] = params.seed
        if params.stop:
            body["stop"] = list(params.stop)[:4]
        if isinstance(prompt, Continuation):
            endpoint, body["prompt"] = "completions", prompt.before
        else:
            endpoint = "chat/completions"
            body["messages"] = ([{"role": "system", "content": prompt.system}] if prompt.system else []) + [
                {"role": "user", "content": prompt.user}
            ]
            if prompt.answer:  # the start of the reply, for the model to carry on as the local backend does
                body["messages"].append({"role": "assistant", "content": prompt.answer})
                if not openai:  # vLLM and SGLang need these; llama-server and Ollama continue it by themselves
                    body.update(continue_final_message=True, add_generation_prompt=False)
        self.last_stats = stats = GenerationStats(prompt_tokens=used, prompt_tokens_evaluated=used, n_ctx=self.n_ctx)
        formats = _response_formats(params.json_schema) if params.json_schema and endpoint != "completions" else [None]
        for i, response_format in enumerate(formats):
            if response_format:
                body["response_format"] = response_format
            else:
                body.pop("response_format", None)
            try:
                connection, response = self._open("POST", self._path(endpoint), body)
                break
            except _HttpError as error:
                if i + 1 == len(formats) or error.status not in (400, 422, 500, 501):
                    raise BackendError(str(error)) from None
                log.info("server refused response_format %s; trying the next form", response_format)
        stream = self._events(connection, response, stats, cancel)
        echo = prompt.answer if isinstance(prompt, Prompt) else ""
        yield from _without_echo(stream, echo) if echo else stream

    def _events(self, connection, response, stats: GenerationStats, cancel) -> Iterator[str]:
        lines: queue.Queue = queue.Queue()

        def read() -> None:
            try:
                for line in response:
                    lines.put(line)
            except Exception as error:  # the connection broke, or we closed it
                lines.put(error)
            lines.put(None)

        reader = threading.Thread(target=read, name="remote-stream", daemon=True)
        reader.start()
        start = time.perf_counter()
        finished = False
        try:
            last = time.monotonic()
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                try:
                    item = lines.get(timeout=0.05)
                except queue.Empty:
                    if time.monotonic() - last > self.timeout:
                        raise BackendError(f"The server at {self.shown_url} stopped sending text for "
                                           f"{self.timeout:g} s.") from None  # fmt: skip
                    continue
                last = time.monotonic()
                if item is None or isinstance(item, Exception):
                    break
                line = item.decode("utf-8", errors="replace").strip()
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    finished = True
                    break
                try:
                    choice = (json.loads(data).get("choices") or [{}])[0]
                except ValueError:
                    continue
                text = (choice.get("delta") or {}).get("content") or choice.get("text") or ""
                if reason := choice.get("finish_reason"):
                    finished = True
                    stats.finish_reason = "length" if reason == "length" else "stop"
                if text:
                    if not stats.generated_tokens:
                        stats.seconds_to_first_token = time.perf_counter() - start
                    stats.generated_tokens += 1
                    stats.seconds_generating = time.perf_counter() - start - stats.seconds_to_first_token
                    yield text
            if not finished:
                raise BackendError(f"The connection to the server at {self.shown_url} was lost while it was writing.")
        finally:
            try:
                if connection.sock is not None:
                    connection.sock.shutdown(socket.SHUT_RDWR)  # wakes the reader at once
            except OSError:
                pass
            connection.close()
            reader.join(timeout=5)


def _without_echo(stream: Iterator[str], answer: str) -> Iterator[str]:
    """The reply without a copy of `answer` at its start: a server that cannot continue a final assistant
    message (llama-cpp-python's) opens a new turn after it, where the model tends to write it again."""
    head: str | None = ""
    try:
        for text in stream:
            if head is None:
                yield text
                continue
            head += text
            if len(head.lstrip()) >= len(answer) or not answer.startswith(head.strip()):
                body = head.lstrip()
                yield body[len(answer) :] if body.startswith(answer) else head
                head = None
        if head:
            yield head
    finally:
        stream.close()


class _HttpError(BackendError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _response_formats(schema: dict) -> list[dict | None]:
    """Ways servers accept a JSON schema, tried in order; None is plain text, parsed by the tool."""
    return [
        {"type": "json_schema", "json_schema": {"name": "answer", "schema": schema, "strict": True}},
        {"type": "json_object", "schema": schema},
        None,
    ]
