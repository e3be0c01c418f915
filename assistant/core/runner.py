"""The tool runner: runs a tool on a piece of a document and reports events.

A front end (GUI, CLI, test) builds a Request and iterates `runner.run(...)`;
the events say what happens (Started, Progress, Token, then one of Result,
Failed or Stopped). Errors never escape as exceptions: a front end renders
Failed like any other event.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .chunking import fitting_part, markdown_segments, split_text
from .cleanup import trimmed, unwrapped
from .engine import Backend, Continuation, GenerationParams, GenerationStats, Prompt
from .errors import AssistantError, BackendError, Cancelled, ToolError
from .guard import plugin_code
from .language import detect_language
from .memory import Memory
from .settings import SamplingSettings
from .sources.retriever import Passage, Retriever
from .tools import Note, Progress, Tool

log = logging.getLogger(__name__)

# Tokens a reply may take beyond `expansion` times its piece: a label, a longer last sentence.
REPLY_SLACK = 32
CUT_SHORT = ("The model ran out of room before it finished{where}: the end of its reply is missing. "
             "Select less text, or choose a larger context size (Settings > Model…).")


@dataclass(frozen=True)
class Request:
    """What the writer asked for: a tool applied to `document`.

    `selection` is a (start, end) range of character offsets; `cursor` an offset
    (by default the end of the selection, or of the document).
    """

    document: str
    selection: tuple[int, int] | None = None
    cursor: int | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    memory: Memory = field(default_factory=Memory)  # the writer's notes and glossary for this document


@dataclass(frozen=True)
class Started:
    tool: str
    # The range of the document the output applies to (start == end: an insertion point).
    range: tuple[int, int]


@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class Result:
    value: Any  # what the tool returned, else the text it wrote
    text: str
    stats: GenerationStats
    # False when a reply stopped on its length limit or the context window: the text is cut short.
    complete: bool = True


@dataclass(frozen=True)
class Failed:
    error: AssistantError


@dataclass(frozen=True)
class Stopped:
    """The writer cancelled; whatever was streamed is to be discarded."""


Event = Started | Progress | Note | Token | Result | Failed | Stopped


class Job:
    """What a tool's run() receives: the text to work on, its options, and the model."""

    def __init__(self, tool: Tool, request: Request, model: Callable[[], Backend], defaults: GenerationParams,
                 cancel: threading.Event, retriever: Callable[[], Retriever | None] = lambda: None):  # fmt: skip
        self.tool = tool
        self.document = request.document
        self.options, self.range = check_request(tool, request)
        start, end = self.range
        self.text = self.document[start:end]
        self.before = self.document[:start]
        self.after = self.document[end:]
        self.language = detect_language(self.text or self.before[-2000:])
        self.memory = request.memory
        self._model = model  # the backend, loaded when the tool first needs it
        self._defaults = defaults
        self._cancel = cancel
        self._retriever = retriever
        self.sources: list[Passage] = []  # put at the start of every prompt, after the notes (use_sources)
        self.cut_short = 0  # replies that ran out of tokens before their end
        self.finish_reason = ""  # of the last reply streamed to its end: "stop" (the model ended it) or "length"

    @property
    def n_ctx(self) -> int:
        return self._model().n_ctx

    def count_tokens(self, text: str) -> int:
        return self._model().count_tokens(text)

    def prompt_tokens(self, prompt: Prompt | Continuation | str) -> int:
        return self._model().prompt_tokens(self._remembered(_prompt(prompt)))

    def generate(self, prompt: Prompt | Continuation | str, **params: Any) -> Iterator[str]:
        """Stream the model's reply (a plain string is the user's message). `params` override the writer's
        sampling settings (temperature, max_tokens, stop, json_schema, ...; see GenerationParams)."""
        self.check_cancelled()
        prompt = _prompt(prompt)
        unknown = params.keys() - {f.name for f in dataclasses.fields(GenerationParams)}
        if unknown:
            raise ToolError(f"generate() has no parameter {', '.join(sorted(unknown))} (see assistant.GenerationParams).")
        params = dataclasses.replace(self._defaults, **params)
        return self._watched(self._model().generate(self._remembered(prompt), params, self._cancel),
                             params.max_tokens)  # fmt: skip

    def _watched(self, stream: Iterator[str], asked: int) -> Iterator[str]:
        """The stream; a reply that the context window ended before `asked` tokens is counted as cut short
        (one that reaches `asked` is the tool's own choice)."""
        self.finish_reason = ""
        yield from stream
        stats = self._model().last_stats
        self.finish_reason = stats.finish_reason
        if stats.finish_reason == "length" and stats.generated_tokens < asked:
            self.cut_short += 1

    def search(self, query: str, n: int = 5) -> list[Passage]:
        """The `n` passages of the writer's sources that best match `query`, best first; none when the
        writer has no sources."""
        self.check_cancelled()
        retriever = self._retriever()
        return [] if retriever is None or not query.strip() else retriever.search(query, n)

    def use_sources(self, passages: list[Passage], budget: int | None = None) -> None:
        """Show the model these passages in every later prompt: at its start, after the writer's notes,
        so that a prefix evaluated once stays reusable while the passages stay the same. With `budget`,
        they take at most that many tokens in all, each cut at a sentence to its share."""
        if budget is not None and passages:
            share = budget // len(passages)
            passages = [dataclasses.replace(p, text=self.head(p.text, share)) for p in passages]
        self.sources = [p for p in passages if p.text.strip()]

    def _remembered(self, prompt: Prompt | Continuation) -> Prompt | Continuation:
        """The prompt with the writer's notes and the sources in use at its very start, where they keep a
        cached prefix reusable."""
        preface = "\n\n".join(p for p in (self.memory.preface(), sources_preface(self.sources)) if p)
        if not preface:
            return prompt
        if isinstance(prompt, Continuation):
            return dataclasses.replace(prompt, before=f"{preface}\n\n---\n\n{prompt.before}")
        return dataclasses.replace(prompt, system=f"{preface}\n\n{prompt.system}".rstrip())

    def complete(self, prompt: Prompt | Continuation | str, **params: Any) -> str:
        """The whole reply at once, for intermediate steps the writer does not watch."""
        return "".join(self.generate(prompt, **params))

    def rewrite(self, piece: str, prompt: Prompt, **params: Any) -> Iterator[str]:
        """Stream the reply that takes the place of `piece` in the document.

        The piece's leading and trailing whitespace stays around the reply, whose
        own is trimmed. A piece on one line gets a reply on one line, a piece
        without a blank line a reply without one: small models like to append
        commentary, or the source again.
        """
        body = piece.strip()
        if not body:
            yield piece
            return
        end_at = "\n" if "\n" not in body else "\n\n" if "\n\n" not in body else None
        yield piece[: len(piece) - len(piece.lstrip())]
        counted = self.cut_short
        yield from trimmed(unwrapped(self.generate(prompt, **params), body), end_at)
        if self.cut_short == counted and self._model().last_stats.finish_reason == "length":
            self.cut_short += 1  # a replacement that used up its max_tokens stops mid-sentence too
        yield piece[len(piece.rstrip()) :]

    def reply_tokens(self, piece: str, expansion: float) -> int:
        """The most tokens a reply to `piece` may take: `expansion` times its length, and a little more."""
        return int(expansion * self.count_tokens(piece)) + REPLY_SLACK

    def reserve_for(self, render: Callable[[str], Prompt], expansion: float) -> int:
        """The reply room to pass to split(), segments() or edit_pieces() so that every piece they give
        leaves room for reply_tokens(piece, expansion): one expansion factor for both."""
        room = self.n_ctx - self.prompt_tokens(render(""))
        return -int(-(expansion * room + REPLY_SLACK) // (1 + expansion))

    def split(self, text: str, render: Callable[[str], Prompt], reserve: int) -> list[str]:
        """Pieces of `text` such that render(piece) plus `reserve` reply tokens fit the context."""
        room = self.n_ctx - self.prompt_tokens(render("")) - reserve
        return split_text(text, room - room // 50 - 8, self.count_tokens)  # counts of joined pieces may drift

    def segments(self, render: Callable[[str], Prompt], reserve: int) -> list[tuple[str, bool]]:
        """The text as (piece, words?) pairs that join back to it: Markdown markers and code apart (False),
        the words between them (True) split so that render(piece) plus `reserve` reply tokens fit."""
        return [(piece, words) for segment, words in markdown_segments(self.text)
                for piece in (self.split(segment, render, reserve) if words else [segment])]  # fmt: skip

    def edit_pieces(self, render: Callable[[str], Prompt], reserve: int, change: Callable[[str], Any],
                    keep: Callable[[str], bool] = lambda piece: False) -> Iterator[Any]:  # fmt: skip
        """The text with `change(piece)` (a str, or a stream of them) in place of each piece of its words,
        with progress. Markdown markers, code, and pieces that `keep` approves are copied as they are."""
        work = [(piece, words and not keep(piece)) for piece, words in self.segments(render, reserve)]
        total, done = sum(words for _, words in work), 0
        for piece, words in work:
            if not words:
                yield piece
                continue
            if total > 1:
                yield Progress(done, total)
            changed = change(piece)
            yield from [changed] if isinstance(changed, str) else changed
            done += 1

    def head(self, text: str, budget: int) -> str:
        """The start of `text` that fits `budget` tokens, ending at a paragraph or sentence where one is
        near (at least 15/16 of the budget when the text is that long)."""
        return fitting_part(text, budget, self.count_tokens)

    def tail(self, text: str, budget: int) -> str:
        """The end of `text` that fits `budget` tokens, starting at a paragraph or sentence where one is near."""
        return fitting_part(text, budget, self.count_tokens, at_end=True)

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


def sources_preface(passages: list[Passage]) -> str:
    """Passages as a prompt shows them, numbered as an answer cites them ([1], [2])."""
    if not passages:
        return ""
    shown = [f"[{n}] ({Path(p.path).name}{'' if p.page is None else f', page {p.page}'}, line {p.line})\n{p.text}"
             for n, p in enumerate(passages, 1)]  # fmt: skip
    return "Passages from the writer's sources:\n\n" + "\n\n".join(shown)


class _Asked(Exception):
    """The tool asked the model for the first time: here is its prompt."""

    def __init__(self, prompt: Prompt | Continuation):
        super().__init__()
        self.prompt = prompt


class _FirstPromptJob(Job):
    """A job that stops where the tool first asks the model, keeping the prompt it would send."""

    def generate(self, prompt: Prompt | Continuation | str, **params: Any) -> Iterator[str]:
        raise _Asked(self._remembered(_prompt(prompt)))


def _prompt(prompt: Prompt | Continuation | str) -> Prompt | Continuation:
    if isinstance(prompt, str):
        return Prompt(user=prompt)
    if not isinstance(prompt, (Prompt, Continuation)):
        raise ToolError(f"A prompt is a str, an assistant.Prompt or an assistant.Continuation "
                        f"(what PromptTemplate.render returns), not {type(prompt).__name__}.")  # fmt: skip
    return prompt


def _steps(job: Job) -> Iterator[Any]:
    """The tool's run as a generator, whether it yields its text or returns a value (a str is text)."""
    outcome = job.tool.run(job)
    if isinstance(outcome, Iterator):
        return (yield from outcome)
    if isinstance(outcome, str):
        yield outcome
        return None
    return outcome


def check_request(tool: Tool, request: Request) -> tuple[dict[str, Any], tuple[int, int]]:
    """The tool's options and the range it works on; ToolError when the request does not fit the tool."""
    return tool.parse_options(request.options), _resolve_range(tool, request)


def _resolve_range(tool: Tool, request: Request) -> tuple[int, int]:
    size = len(request.document)
    start, end = request.selection or (0, 0)
    if not 0 <= start <= end <= size:
        raise ToolError(f"The selection {start}:{end} lies outside the document ({size} characters).")
    if tool.input == "cursor":
        cursor = request.cursor if request.cursor is not None else (end if request.selection else size)
        if not 0 <= cursor <= size:
            raise ToolError(f"The cursor position {cursor} lies outside the document ({size} characters).")
        return cursor, cursor
    if start == end:
        if tool.input == "selection":
            raise ToolError(f"{tool.title} works on selected text: select some text first.")
        start, end = 0, size
    if not request.document[start:end].strip():
        what = "selection" if request.selection else "document"
        raise ToolError(f"There is no text to work on: the {what} is empty.")
    return start, end


class ToolRunner:
    """Runs tools on one backend. One run at a time: the backend serializes them.

    `backend` may be a function that makes one: it is called when a tool first needs the model,
    so a tool that never does runs without one (and without waiting for a load).
    """

    def __init__(self, backend: Backend | Callable[[], Backend], tools: Mapping[str, Tool],
                 sampling: SamplingSettings | None = None,
                 retriever: Retriever | Callable[[], Retriever | None] | None = None):  # fmt: skip
        self._backend = backend if isinstance(backend, Backend) else None
        # The writer's sources for job.search: a Retriever, a function that makes one when first needed, or None.
        self._retriever = retriever if isinstance(retriever, Retriever) or retriever is None else None
        self._retriever_factory = None if isinstance(retriever, Retriever) else retriever
        self._factory = None if isinstance(backend, Backend) else backend
        self.tools = tools
        self.defaults = GenerationParams(**dataclasses.asdict(sampling or SamplingSettings()))

    @property
    def loaded(self) -> Backend | None:
        """The backend, if a tool has needed it (or it was given)."""
        return self._backend

    def retriever(self) -> Retriever | None:
        """The writer's sources (made when a tool first searches them), or None."""
        if self._retriever is None and self._retriever_factory is not None:
            self._retriever = self._retriever_factory()
        return self._retriever

    @property
    def retrieved(self) -> Retriever | None:
        """The retriever, if a tool has searched the sources (or it was given)."""
        return self._retriever

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            try:
                with plugin_code():  # a plugin's backend, maybe
                    self._backend = self._factory()
            except AssistantError:
                raise
            except Exception as error:  # a broken file or server: one clear message
                log.exception("loading the model failed")
                raise BackendError(f"The model could not be loaded: {error}") from error
        return self._backend

    def job(self, name: str, request: Request, cancel: threading.Event | None = None) -> Job:
        """The job for a request; raises ToolError for an unknown tool, a bad option or range."""
        tool = self.tools.get(name)
        if tool is None:
            raise ToolError(f"There is no tool named {name!r}. Tools: {', '.join(sorted(self.tools))}.")
        return Job(tool, request, lambda: self.backend, self.defaults, cancel or threading.Event(), self.retriever)

    def first_prompt(self, name: str, request: Request, cancel: threading.Event | None = None
                     ) -> Prompt | Continuation | None:  # fmt: skip
        """The prompt the tool would send the model first for `request`, found by running it up to there;
        None for a tool that asks nothing of the model, or when it fails. Never loads a model."""
        if self._backend is None or name not in self.tools:
            return None
        try:
            job = _FirstPromptJob(self.tools[name], request, lambda: self.backend, self.defaults,
                                  cancel or threading.Event(), self.retriever)  # fmt: skip
            for _ in _steps(job):
                job.check_cancelled()
        except _Asked as asked:
            return asked.prompt
        except (AssistantError, Cancelled):
            pass
        except Exception:  # a plugin's bug must not take the app down
            log.exception("finding the prompt of %s failed", name)
        return None

    def warm(self, name: str, request: Request, cancel: threading.Event | None = None) -> int:
        """Evaluate into the model's cache the first prompt the tool would send for `request`, without
        generating, so that running it soon after starts at once. Stops soon after `cancel`, keeping what
        was evaluated. Returns the tokens evaluated."""
        prompt = self.first_prompt(name, request, cancel)
        return 0 if prompt is None else self.backend.warm(prompt, cancel)

    def run(self, name: str, request: Request, cancel: threading.Event | None = None) -> Iterator[Event]:
        cancel = cancel or threading.Event()
        try:
            job = self.job(name, request, cancel)
        except AssistantError as error:
            yield Failed(error)
            return
        yield Started(job.tool.name, job.range)
        pieces: list[str] = []
        warned = False  # a note said the result is not complete
        steps = _steps(job)
        try:
            while True:
                with plugin_code():
                    item = next(steps)
                job.check_cancelled()
                if isinstance(item, (Progress, Note)):
                    warned = warned or isinstance(item, Note) and item.warning
                    yield item
                elif isinstance(item, str):
                    if item:
                        pieces.append(item)
                        yield Token(item)
                else:
                    raise ToolError(f"The tool {name} produced a {type(item).__name__}, not text, Progress or Note.")
        except StopIteration as done:
            text = "".join(pieces)
            value = text if done.value is None else done.value
            if job.cut_short:
                where = f" ({job.cut_short} of its replies)" if job.cut_short > 1 else ""
                yield Note(CUT_SHORT.format(where=where), warning=True)
            yield Result(value, text, self.loaded.last_stats if self.loaded else GenerationStats(),
                         complete=not (job.cut_short or warned))  # fmt: skip
        except Cancelled:
            yield Stopped()
        except AssistantError as error:
            yield Failed(error)
        except Exception as error:  # a plugin's bug must not take the app down
            log.exception("tool %s failed", name)
            yield Failed(ToolError(f"The tool {name} failed: {type(error).__name__}: {error}"))
        finally:
            steps.close()
