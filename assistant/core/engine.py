"""What a backend is: the one interface between tools and a model.

A backend turns a Prompt into streamed text. The local llama.cpp backend and
the remote OpenAI-compatible one implement the same methods, so every tool
runs unchanged on either.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Iterator

from .errors import ToolError


@dataclass(frozen=True)
class Prompt:
    """A request in chat form; backends format it for their model.

    `answer` is the start of the model's reply, written for it (not streamed back).
    Models without a chat template get `system`, `user` and `answer` as plain text.
    `lead` counts the characters that begin `user` and are the tool's own words, the same on every
    run (a template's text before its `{{text}}`): with the system prompt they are the prompt's head,
    which the local backend keeps for the next process (see prompt_cache.py).
    """

    user: str
    system: str = ""
    answer: str = ""
    lead: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.lead <= len(self.user):  # more would keep the writer's text on disk
            raise ToolError(f"Prompt.lead is {self.lead}: it counts characters of `user`, 0 to {len(self.user)}.")


@dataclass(frozen=True)
class Continuation:
    """Plain text for the model to carry on, with no chat template around it.

    `after` is the text following the cursor: models trained for fill-in-the-middle
    use it; others continue `before` alone.
    """

    before: str
    after: str = ""


@dataclass(frozen=True)
class GenerationParams:
    max_tokens: int = 1024
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int = -1
    stop: tuple[str, ...] = ()
    # A JSON schema the output must follow; None for free text.
    json_schema: dict[str, Any] | None = None


@dataclass
class GenerationStats:
    """Measured on the last generation; front ends show it (tokens/s, context use)."""

    prompt_tokens: int = 0
    # Prompt tokens actually evaluated: fewer when a cached prefix was reused.
    prompt_tokens_evaluated: int = 0
    generated_tokens: int = 0
    n_ctx: int = 0
    seconds_to_first_token: float = 0.0
    seconds_generating: float = 0.0
    # Why the reply ended: "stop" (the model finished, or a stop string came), "length" (max_tokens or the
    # context window ran out: the reply may be cut mid-sentence); empty while it runs or when cancelled.
    finish_reason: str = ""

    @property
    def tokens_per_second(self) -> float:
        return self.generated_tokens / self.seconds_generating if self.seconds_generating else 0.0


@dataclass(frozen=True)
class BackendInfo:
    """What a front end tells the writer about the loaded model."""

    kind: str  # "llama.cpp" or "remote"
    model: str  # a file name or a server's model name
    n_ctx: int
    chat_template: bool
    details: dict[str, str] = field(default_factory=dict)


class Backend(ABC):
    """One model, used by one request at a time."""

    info: BackendInfo
    last_stats: GenerationStats
    # What the writer should know about how the model runs (a fallback to the CPU, say).
    notices: tuple[str, ...] | list[str] = ()

    @property
    def n_ctx(self) -> int:
        return self.info.n_ctx

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Tokens of `text` alone, as the model tokenizes it."""

    @abstractmethod
    def prompt_tokens(self, prompt: Prompt | Continuation) -> int:
        """Tokens of `prompt` formatted for this model (chat template included)."""

    @abstractmethod
    def generate(
        self, prompt: Prompt | Continuation, params: GenerationParams, cancel: threading.Event | None = None
    ) -> Iterator[str]:
        """Stream the reply as text pieces; raise Cancelled soon after `cancel` is set.

        Raises ContextOverflowError when the prompt alone does not fit, BackendError
        when the engine or server fails. Fills `last_stats`.
        """

    def warm(self, prompt: Prompt | Continuation, cancel: threading.Event | None = None) -> int:
        """Prepare `prompt` (evaluate it into the model's cache) so that a generation starting with it
        begins at once; stop soon after `cancel`. Returns the tokens prepared. By default nothing: a
        server keeps its own cache."""
        return 0

    def close(self) -> None:
        """Free the model. The backend is unusable afterwards."""
