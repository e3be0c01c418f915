"""A proposal: an AI edit held beside the document until the writer accepts or rejects it.

It is anchored by offsets into the document's text that follow the writer's
edits elsewhere, the way text cursors do. If the text it works on changes
while it is written, it is stale and cannot be accepted. Offsets count
whatever units the view counts in (Qt counts UTF-16 units): the proposal only
compares them, and asks the view for the text between two of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..tools import Progress, Tool

CONTEXT_CHARS = 200  # text before an insertion point that must stay as it was

TextBetween = Callable[[int, int], str]


@dataclass(frozen=True)
class Edit:
    """Replace the text between start and end with `text`: one undo step."""

    start: int
    end: int
    text: str


class Proposal:
    # Why a proposal cannot be accepted (views word them in the writer's language).
    CONTEXT_CHANGED = "The text before the insertion point changed while the proposal was written."
    ORIGINAL_CHANGED = "The text under the proposal changed while it was written."
    EMPTY = "The model wrote nothing. Retry, or try other options."
    UNCHANGED = "The model gave the text back unchanged: there is nothing to accept."

    def __init__(self, tool: Tool, start: int, end: int, text_between: TextBetween, options: dict | None = None):
        self.tool = tool
        self.options = options or {}
        self.start, self.end = start, end
        self.original = text_between(start, end)
        self._context_start = max(0, start - CONTEXT_CHARS)
        self.context = text_between(self._context_start, start)
        self.text = ""
        self.state = "running"  # running, done, failed, stopped
        self.message = ""
        self.note = ""  # what the tool said about its result
        self.complete = True  # False: done, but cut short or not faithful (a note says why)
        self.progress: Progress | None = None

    @property
    def inserts(self) -> bool:
        return self.tool.output == "insert"

    def edited(self, position: int, removed: int, added: int) -> None:
        """The document changed at `position`: `removed` units went, `added` came. Keep the anchors right."""

        def moved(anchor: int) -> int:
            if position > anchor:
                return anchor
            if position + removed <= anchor:
                return anchor - removed + added
            # A span around the anchor was replaced. Qt reports an input method's commit, and a relayout, as
            # the whole block replaced: the anchor keeps its distance from the span's end.
            return max(position, anchor + added - removed)

        self.start, self.end = moved(self.start), moved(self.end)
        self._context_start = moved(self._context_start)

    def append(self, text: str) -> None:
        self.text += text

    def finish(self, state: str, message: str = "", complete: bool = True) -> None:
        self.state, self.message, self.complete = state, message, complete
        if state == "done" and not self.text.strip():
            self.state, self.message = "failed", self.EMPTY
        elif state == "done" and not self.inserts and self.text.strip() == self.original.strip():
            self.state, self.message = "failed", self.UNCHANGED

    def stale_reason(self, text_between: TextBetween) -> str:
        if self.inserts and text_between(self._context_start, self.start) != self.context:
            return self.CONTEXT_CHANGED
        if not self.inserts and text_between(self.start, self.end) != self.original:
            return self.ORIGINAL_CHANGED
        return ""

    def can_accept(self, text_between: TextBetween) -> bool:
        return self.state == "done" and not self.stale_reason(text_between)

    def edit(self) -> Edit:
        """What accepting does to the document."""
        return Edit(self.start, self.end, self.text)
