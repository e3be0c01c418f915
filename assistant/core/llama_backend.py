"""The local backend: a GGUF model run by llama.cpp through llama-cpp-python.

Facts this relies on (see ENGINE_NOTES.md): breaking out of Llama.generate()
between tokens keeps the KV cache consistent, and the next call reuses the
longest common prompt prefix; an abort callback stops a long prompt evaluation
within milliseconds; one Llama must not be used by two threads at once.
"""

from __future__ import annotations

import codecs
import ctypes
import json
import logging
import random
import re
import threading
import time
from collections import deque
from pathlib import Path
from typing import Iterator

from . import llama_internals
from .engine import Backend, BackendInfo, Continuation, GenerationParams, GenerationStats, Prompt
from .errors import BackendError, Cancelled, ContextOverflowError, ModelError, ToolError
from .models import read_model_info
from .prompt_cache import PromptCache
from .settings import EngineSettings
from .threads import ThreadGovernor

log = logging.getLogger(__name__)

# llama.cpp's own log lines, kept so that a failed load can say why.
_engine_log = logging.getLogger("assistant.llama_cpp")
_recent_lines: deque[tuple[int, str]] = deque(maxlen=200)
# "aborted": the writer's Stop ended a decode, whose failure llama.cpp then logs as an error.
_log_state: dict = {"callback": None, "partial": "", "level": logging.DEBUG, "aborted": False}
# ggml_log_level; 5 (CONT) continues the previous line at its level.
# llama.cpp's INFO is ~150 loader lines per load: detail for a bug report (-v), not for the log at large.
# Prompt tokens per llama_decode while prefilling: small enough to re-choose threads often on a long
# prompt, large enough to keep the matrix products efficient (tests/bench/bench_instant.py).
PREFILL_BATCH = 256
_LOG_LEVELS = {1: logging.DEBUG, 2: logging.DEBUG, 3: logging.WARNING, 4: logging.ERROR}


def _llama_cpp():
    """Import llama_cpp on first use (it is slow to import) and route its log into ours."""
    import llama_cpp

    if _log_state["callback"] is None:
        _log_state["callback"] = llama_cpp.llama_log_callback(lambda level, text, _data: _llama_log(level, text))
        llama_cpp.llama_log_set(_log_state["callback"], ctypes.c_void_p(0))  # ctypes callbacks must stay referenced
    return llama_cpp


def _llama_log(level: int, text: bytes) -> None:
    """One piece of llama.cpp's log, into ours a line at a time."""
    if not _log_state["partial"] and level in _LOG_LEVELS:
        _log_state["level"] = _LOG_LEVELS[level]
        if _log_state["aborted"]:
            _log_state["level"] = logging.DEBUG  # what the Stop made fail is no failure
    line = _log_state["partial"] + text.decode("utf-8", errors="replace")
    if not line.endswith("\n"):
        _log_state["partial"] = line
        return
    _log_state["partial"] = ""
    _recent_lines.append((_log_state["level"], line.strip()))
    _engine_log.log(_log_state["level"], "%s", line.rstrip())


def gpu_offload_supported() -> bool:
    """Whether this llama.cpp build can offload layers to a GPU present in this machine."""
    return bool(_llama_cpp().llama_supports_gpu_offload())


def _load_failure(path: Path, error: Exception) -> ModelError:
    problems = [text for level, text in _recent_lines if level >= logging.WARNING]
    detail = problems[-1] if problems else str(error)
    if m := re.search(r"unknown model architecture: '([^']+)'", " ".join(problems)):
        detail = f"this version of llama.cpp does not know the model architecture '{m.group(1)}'; update llama-cpp-python"
    elif re.search(r"failed to allocate|out of memory|unable to allocate", " ".join(problems), re.I):
        detail = "there is not enough memory; try a smaller model, a smaller context or fewer GPU layers"
    return ModelError(f"The model {path.name} could not be loaded: {detail}.")


class LlamaBackend(Backend):
    """A loaded GGUF model. Construct it off the GUI thread: loading takes seconds. With `prompt_cache`
    (a folder), the heads of prompts are kept there for the next process (see prompt_cache.py)."""

    def __init__(self, path: Path | str, engine: EngineSettings | None = None, prompt_cache: Path | None = None):
        engine = engine or EngineSettings()
        self.path = Path(path)
        model = read_model_info(self.path)  # a clear message for a missing, foreign or truncated file
        llama_cpp = _llama_cpp()
        self.governor = ThreadGovernor(engine.n_threads)
        n_ctx = engine.n_ctx or model.context_length
        if model.context_length:
            n_ctx = min(n_ctx, model.context_length)
        self.notices: list[str] = []
        self._n_batch = engine.n_batch
        start = min(n_ctx, engine.start_ctx or n_ctx)
        options = dict(
            model_path=str(self.path),
            n_ctx=start,
            n_batch=min(engine.n_batch, start),
            n_threads=self.governor.threads,
            n_threads_batch=self.governor.threads,
            n_gpu_layers=engine.n_gpu_layers,
            use_mmap=engine.use_mmap,
            flash_attn=engine.flash_attn,
            verbose=False,
        )
        gpu = gpu_offload_supported()
        try:
            self._llm = self._load(options)
        except ModelError as error:
            if not (gpu and engine.n_gpu_layers):
                raise
            self.notices.append(f"Loading with GPU offload failed ({error}); the model runs on the CPU instead.")
            options["n_gpu_layers"] = 0
            self._llm = self._load(options)
        self._options = options
        self._prompt_cache = None if prompt_cache is None else PromptCache(prompt_cache, self._identity(llama_cpp))
        llm = self._llm
        self._vocab = llama_cpp.llama_model_get_vocab(llm.model)
        self._lock = threading.Lock()
        self._cancel: threading.Event | None = None
        self._abort = llama_cpp.ggml_abort_callback(lambda _data: self._aborting())
        self._formatter = self._chat_formatter(model.chat_template)
        self._fim = [llama_cpp.llama_vocab_fim_pre(self._vocab), llama_cpp.llama_vocab_fim_suf(self._vocab),
                     llama_cpp.llama_vocab_fim_mid(self._vocab)]  # fmt: skip
        self._add_bos = bool(llama_cpp.llama_vocab_get_add_bos(self._vocab))
        window = n_ctx if start < n_ctx else llm.n_ctx()  # what the tools plan with, and the context may grow to
        self.last_stats = GenerationStats(n_ctx=window)
        layers = model.arch_value("block_count")
        self.info = BackendInfo(
            kind="llama.cpp",
            model=model.name,
            n_ctx=window,
            chat_template=self._formatter is not None,
            details={
                "file": self.path.name,
                "architecture": model.architecture,
                "parameters": f"{model.parameters / 1e6:,.0f}M",
                "quantization": model.quantization,
                "GPU offload": "available" if gpu else "not in this build or no GPU",
                "layers on GPU": self._gpu_layers(layers),
                "threads": "adaptive" if self.governor.adaptive else str(self.governor.threads),
            },
        )

    def _load(self, options: dict):
        from llama_cpp import Llama

        _recent_lines.clear()
        try:
            llm = Llama(**options)
        except (ValueError, RuntimeError, OSError) as error:
            raise _load_failure(self.path, error) from None
        try:
            llama_internals.check(_llama_cpp(), llm)
        except ModelError:
            llm.close()
            raise
        return llm

    def _fit(self, needed: int) -> None:
        """Make the context hold `needed` tokens. It may start smaller than the window (a one-shot command
        sizes it to its request: it loads sooner and holds far less memory); the first request that
        needs more rebuilds it at the whole window, the model file staying mapped."""
        if needed <= self._llm.n_ctx() or self._llm.n_ctx() >= self.n_ctx:
            return
        threads = self.governor.threads
        grown = self._load({**self._options, "n_ctx": self.n_ctx, "n_batch": min(self._n_batch, self.n_ctx),
                            "n_threads": threads, "n_threads_batch": threads})  # fmt: skip
        old, self._llm = self._llm, grown
        old.close()
        self._vocab = _llama_cpp().llama_model_get_vocab(grown.model)
        log.debug("context grown to %d tokens", grown.n_ctx())

    def _identity(self, llama_cpp) -> str:
        """What the cache's contents depend on: the model file, the engine's build and its options."""
        status = self.path.stat()
        options = {k: self._options[k] for k in ("n_gpu_layers", "flash_attn")}
        return f"{self.path.resolve()}|{status.st_size}|{status.st_mtime_ns}|{llama_cpp.__version__}|{options}"

    def _gpu_layers(self, layers: int) -> str:
        for _, text in reversed(_recent_lines):
            if m := re.search(r"offloaded (\d+)/(\d+) layers to GPU", text):
                return f"{m.group(1)} of {m.group(2)}"
        return f"0 of {layers + 1}"

    def _chat_formatter(self, template: str | None):
        if not template:
            return None  # a base model: plain prompts, never a guessed chat format
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        def text_of(token: int) -> str:
            return self._llm.detokenize([token], special=True).decode("utf-8", "replace") if token >= 0 else ""

        return Jinja2ChatFormatter(template, eos_token=text_of(self._llm.token_eos()),
                                   bos_token=text_of(self._llm.token_bos()))  # fmt: skip

    # -- tokens ---------------------------------------------------------------

    def _tokenize(self, text: str, *, bos: bool = False, special: bool = False) -> list[int]:
        return self._llm.tokenize(text.encode("utf-8"), add_bos=bos, special=special)

    def count_tokens(self, text: str) -> int:
        return len(self._tokenize(text))

    def prompt_tokens(self, prompt: Prompt | Continuation) -> int:
        return len(self._prompt_tokens(prompt)[0])

    def _prompt_tokens(self, prompt: Prompt | Continuation) -> tuple[list[int], int]:
        """The prompt's tokens, and how many of them are its head, the same on every run of a tool: the
        chat template's, the system prompt's and the user message's `lead` (0 for a continuation)."""
        if isinstance(prompt, Continuation):
            if prompt.after and min(self._fim) >= 0:
                pre, suf, mid = self._fim
                return ([self._llm.token_bos()] if self._add_bos else []) + [pre, *self._tokenize(prompt.before),
                        suf, *self._tokenize(prompt.after), mid], 0  # fmt: skip
            return self._tokenize(prompt.before, bos=self._add_bos), 0
        if self._formatter is None:
            text = "\n\n".join(p for p in (prompt.system, prompt.user, prompt.answer) if p)
            tokens = self._tokenize(text, bos=self._add_bos)
            fixed = "\n\n".join(p for p in (prompt.system, prompt.user[: prompt.lead]) if p)
            return tokens, _common_prefix(self._tokenize(fixed, bos=self._add_bos), tokens) if fixed else 0
        tokens, head = self._chat_tokens(prompt)
        return tokens + self._tokenize(prompt.answer), head

    def _chat_tokens(self, prompt: Prompt) -> tuple[list[int], int]:
        """The chat template's tokens, with the writer's text never parsed for special tokens, and the
        length of its head (all before the user's message, and the message's `lead`).

        A document that contains "<|im_end|>" must not end the turn: the template
        is rendered around placeholders, and only its own text may hold special tokens.
        """
        contents = [prompt.system, prompt.user] if prompt.system else [prompt.user]
        roles = ["system", "user"] if prompt.system else ["user"]
        marked = [{"role": r, "content": f"\ue000{i}\ue001"} for i, r in enumerate(roles)]
        try:
            rendered = self._formatter(messages=marked).prompt
        except Exception:  # some templates refuse a system message: fold it into the user's
            if not prompt.system:
                raise
            folded = f"{prompt.system}\n\n"
            return self._chat_tokens(Prompt(user=folded + prompt.user, answer=prompt.answer,
                                            lead=len(folded) + prompt.lead))  # fmt: skip
        pieces = re.split("\ue000(\\d+)\ue001", rendered)
        bos_text = self._formatter.bos_token
        tokens = self._tokenize(pieces[0], bos=self._add_bos and not (bos_text and rendered.startswith(bos_text)),
                                special=True)  # fmt: skip
        head = 0
        for index, template_text in zip(pieces[1::2], pieces[2::2]):
            content = self._tokenize(contents[int(index)])
            if roles[int(index)] == "user":  # the lead's tokens, up to where the writer's text changes them
                head = len(tokens) + _common_prefix(self._tokenize(prompt.user[: prompt.lead]), content)
            tokens += content + self._tokenize(template_text, special=True)
        return tokens, head

    # -- generation -----------------------------------------------------------

    def generate(
        self, prompt: Prompt | Continuation, params: GenerationParams, cancel: threading.Event | None = None
    ) -> Iterator[str]:
        tokens, head = self._prompt_tokens(prompt)
        if not tokens:  # continuing an empty document: start from the beginning of a text
            tokens = [self._llm.token_bos() if self._llm.token_bos() >= 0 else self._llm.token_nl()]
        n_ctx = self.n_ctx
        if len(tokens) >= n_ctx:
            raise ContextOverflowError(
                f"The prompt is {len(tokens):,} tokens long, but the model's context window holds {n_ctx:,}."
            )
        grammar = _grammar(params.json_schema)
        max_tokens = min(params.max_tokens, n_ctx - len(tokens))
        with self._lock:
            self._fit(len(tokens) + max_tokens)
            yield from self._stream(tokens, head, max_tokens, params, grammar, cancel)

    def warm(self, prompt: Prompt | Continuation, cancel: threading.Event | None = None) -> int:
        """Evaluate `prompt` into the cache now, so that a generation that starts with it begins at once.
        Returns the tokens evaluated. Stops soon after `cancel` (about 12 ms), keeping every batch done;
        returns 0 at once if a generation holds the model."""
        tokens, head = self._prompt_tokens(prompt)
        if len(tokens) < 2 or len(tokens) >= self.n_ctx or not self._lock.acquire(blocking=False):
            return 0
        llama_cpp = _llama_cpp()
        done = [0]
        try:
            self._fit(len(tokens))
            self._cancel = cancel
            llama_cpp.llama_set_abort_callback(self._llm.ctx, self._abort, None)
            self._prefill(tokens, head, done)
        except RuntimeError:  # aborted: the batches before this one stay in the cache
            llama_cpp.llama_synchronize(self._llm.ctx)
        except ModelError as error:  # no memory for the whole window: the generation will say so
            log.warning("warming skipped: %s", error)
        finally:
            self._disarm()
            self._lock.release()
        return done[0]

    def _prefill(self, tokens: list[int], head: int, done: list[int]) -> None:
        """Evaluate all but the last prompt token, reusing the cached prefix (or the prompt's `head` kept
        on disk), a batch at a time with the thread count re-chosen between batches: neighbours that
        start or stop mid-prompt are seen. (llama-cpp-python evaluates a prompt at the count chosen before
        it.) `done[0]` counts the tokens evaluated, batch by batch. The last token is left for
        generate(), which needs its logits."""
        llm, kept = self._llm, self._prompt_cache
        target = tokens[:-1]
        head = min(head, len(target))
        cached = self._cached(target)
        if kept is not None and cached < head:
            if kept.restore(llm, target[:head]):
                log.debug("prompt head of %d tokens restored", head)
            cached = self._cached(target)  # the head, or none if llama.cpp refused it
        llama_internals.keep_cached(llm, cached)
        # A long prompt is worth a fresh look at the neighbours before its first batch.
        glance = len(target) - cached > PREFILL_BATCH
        if kept is not None and cached < head:
            self._evaluate(target[cached:head], done, glance)
            kept.keep(llm, target[:head])
            cached, glance = head, False
        self._evaluate(target[cached:], done, glance)

    def _cached(self, target: list[int]) -> int:
        """How many tokens of `target`, from its start, the model's cache holds."""
        return _common_prefix(llama_internals.cached_tokens(self._llm), target)

    def _evaluate(self, tokens: list[int], done: list[int], glance: bool) -> None:
        for start in range(0, len(tokens), PREFILL_BATCH):
            self._adapt_threads(glance=glance and start == 0)
            self._llm.eval(tokens[start : start + PREFILL_BATCH])
            done[0] += len(tokens[start : start + PREFILL_BATCH])

    def _stream(self, tokens, head, max_tokens, params, grammar, cancel) -> Iterator[str]:
        llama_cpp, llm = _llama_cpp(), self._llm
        stats = self.last_stats = GenerationStats(prompt_tokens=len(tokens), n_ctx=self.n_ctx)
        self._cancel = cancel
        llama_cpp.llama_synchronize(llm.ctx)  # settles counts an aborted decode left queued
        llm.set_seed(params.seed if params.seed >= 0 else random.randrange(2**31))
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        stops = _StopMatcher(params.stop)
        start = first = time.perf_counter()
        # Cancel inside a long prompt evaluation via the abort callback; while
        # generating, between tokens (the callback costs a GIL round trip per graph node).
        llama_cpp.llama_set_abort_callback(llm.ctx, self._abort, None)
        prefilled = [0]
        stream = llm.generate(tokens, top_k=params.top_k, top_p=params.top_p, min_p=params.min_p,
                              temp=params.temperature, repeat_penalty=params.repeat_penalty, grammar=grammar)  # fmt: skip
        try:
            self._prefill(tokens, head, prefilled)
            for token in stream:
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                if stats.generated_tokens == 0:
                    llama_cpp.llama_set_abort_callback(llm.ctx, llama_cpp.ggml_abort_callback(), None)
                    stats.prompt_tokens_evaluated = prefilled[0] + 1  # and the last one, by generate()
                    first = time.perf_counter()
                    stats.seconds_to_first_token = first - start
                if llama_cpp.llama_vocab_is_eog(self._vocab, token):
                    stats.finish_reason = "stop"
                    break
                stats.generated_tokens += 1
                stats.seconds_generating = time.perf_counter() - first
                text = stops.feed(decoder.decode(llm.detokenize([token])))
                if text:
                    yield text
                if stops.stopped or stats.generated_tokens >= max_tokens:
                    stats.finish_reason = "stop" if stops.stopped else "length"
                    break
                self._adapt_threads()
            if text := stops.rest():  # (bytes of a character cut off at the end are dropped)
                yield text
        except RuntimeError as error:  # llama_decode failed, or was aborted
            if cancel is not None and cancel.is_set():  # the batches evaluated before stay in the cache
                raise Cancelled() from None
            llm.reset()  # a failed decode may leave anything in the cache: forget it all
            raise BackendError(f"The engine failed while generating: {error}.") from None
        finally:
            stream.close()
            self._disarm()

    def _aborting(self) -> bool:
        """llama.cpp's abort callback, asked between graph nodes: whether the writer pressed Stop."""
        _log_state["aborted"] = bool(self._cancel and self._cancel.is_set())
        return _log_state["aborted"]

    def _disarm(self) -> None:
        """No more aborts: the next decode runs to its end, and its failures are failures."""
        _llama_cpp().llama_set_abort_callback(self._llm.ctx, _llama_cpp().ggml_abort_callback(), None)
        self._cancel = None
        _log_state["aborted"] = False

    def _adapt_threads(self, glance: bool = False) -> None:
        if self.governor.glance() if glance else self.governor.update():
            n = self.governor.threads
            _llama_cpp().llama_set_n_threads(self._llm.ctx, n, n)
            log.debug("llama.cpp threads: %d", n)

    def close(self) -> None:
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None


def _common_prefix(a, b) -> int:
    """How many tokens `a` and `b` share from their start."""
    shared = 0
    for x, y in zip(a, b):
        if x != y:
            break
        shared += 1
    return shared


def _grammar(schema: dict | None):
    if schema is None:
        return None
    from llama_cpp import LlamaGrammar

    try:
        return LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
    except Exception as error:  # the converter raises assorted errors on schemas it cannot express
        raise ToolError(f"The tool's JSON schema cannot be used for constrained output: {error}") from None


class _StopMatcher:
    """Ends the text at the first stop string, holding back what may be the start of one."""

    def __init__(self, stops: tuple[str, ...]):
        self.stops = [s for s in stops if s]
        self.pending = ""
        self.stopped = False

    def feed(self, text: str) -> str:
        if self.stopped:
            return ""
        pending = self.pending + text
        hits = [i for i in (pending.find(s) for s in self.stops) if i >= 0]
        if hits:
            self.stopped, self.pending = True, ""
            return pending[: min(hits)]
        hold = max((n for s in self.stops for n in range(1, len(s)) if pending.endswith(s[:n])), default=0)
        self.pending = pending[len(pending) - hold :]
        return pending[: len(pending) - hold]

    def rest(self) -> str:
        rest, self.pending = self.pending, ""
        return rest
