"""What a retriever is: the one interface between tools and the writer's sources.

The built-in one searches the local SQLite index; a plugin can register another
(a team's OpenSearch or Meilisearch, say) through `register_retrievers`, and
every tool that calls `job.search` uses it unchanged.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class Passage:
    """A passage of a source file, as a search found it."""

    path: str  # absolute
    line: int  # 1-based line where the passage starts
    page: int | None  # for PDF files, 1-based; None elsewhere
    text: str
    score: float  # higher is better; comparable only within one search
    # The share (0 to 1) of the query's weight that the passage contains, where the retriever can say;
    # `ask` calls a passage relevant from it. None: the retriever cannot say.
    coverage: float | None = None
    # The line in the file of each of the text's lines, where the retriever knows them (the built-in one
    # does); else the text is taken for consecutive lines of the file from `line` on.
    lines: tuple[int, ...] = ()

    def line_at(self, offset: int) -> int:
        """The line in the file of the text at `offset` in `text` (a passage may start with a short
        paragraph that is not the one that answers)."""
        row = self.text.count("\n", 0, max(offset, 0))
        return self.lines[min(row, len(self.lines) - 1)] if self.lines else self.line + row

    def citation(self) -> dict:
        """The passage as `ask --json` cites it."""
        return {"path": self.path, "line": self.line, "page": self.page, "text": self.text}

    def hit(self) -> dict:
        """The passage as `search --json` prints it."""
        return {**self.citation(), "score": float(f"{self.score:.6g}")}

    def where(self) -> str:
        """path:line, or path:page N:line for a PDF."""
        return f"{self.path}:{self.line}" if self.page is None else f"{self.path} p.{self.page}:{self.line}"


class Retriever(ABC):
    """Finds passages of the writer's sources. Called from worker threads, one search at a time per thread."""

    @abstractmethod
    def search(self, query: str, n: int = 5) -> list[Passage]:
        """The `n` best passages for `query`, best first (fewer, or none, when fewer match)."""

    def close(self) -> None:
        """Free what the retriever holds (connections); it is unusable afterwards."""
