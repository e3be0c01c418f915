"""Inline suggestions: the few words that likely finish the sentence being written.

A suggestion is a short continuation of the text before the cursor, asked for
with the same prompt the `continue` tool sends, so the prefix warmed while the
writer paused is reused and only the last few words are evaluated. It never
runs past the end of the sentence, and one that repeats what is already there
is dropped.
"""

from __future__ import annotations

import dataclasses
import re
import threading

from .runner import Request, ToolRunner
from .sentences import sentences

TOOL = "continue"
# A few words: each token costs ~17-25 ms beside a 1,500-token text on 2 cores, and the goal is 150 ms.
MAX_TOKENS = 4
MAX_WORDS = 6
_WORD = re.compile(r"\w", re.UNICODE)


def at_word_end(text: str, cursor: int) -> bool:
    """The writer has just finished a word: a letter before the cursor, nothing but a line end after it."""
    before = text[cursor - 1 : cursor]
    after = text[cursor : cursor + 1]
    return bool(before and _WORD.match(before)) and after in ("", "\n", "\r", "\u2029")


def suggest(runner: ToolRunner, request: Request, cancel: threading.Event | None = None) -> str:
    """The suggestion for the cursor of `request` (empty when there is none worth showing)."""
    prompt = runner.first_prompt(TOOL, request, cancel)
    if prompt is None:
        return ""
    params = dataclasses.replace(runner.defaults, max_tokens=MAX_TOKENS, temperature=0.0, stop=("\n",))
    text = ""
    for piece in runner.backend.generate(prompt, params, cancel):
        text += piece
        if len(sentences(text.lstrip())) > 1 or len(text.split()) > MAX_WORDS:
            break
    cursor = request.cursor if request.cursor is not None else len(request.document)
    return fitted(text, request.document[:cursor], request.document[cursor:])


def fitted(text: str, before: str, after: str) -> str:
    """`text` cut at the end of its first sentence and after MAX_WORDS words; empty when it says nothing
    new: blank, or a copy of the text already there."""
    text = text[: len(text) - len(text.lstrip())] + "".join(sentences(text.lstrip())[:1])
    text = text.split("\n")[0].rstrip()
    words = re.findall(r"\s*\S+", text)
    if len(words) > MAX_WORDS:
        text = "".join(words[:MAX_WORDS])
    core = text.strip().casefold()
    if not core or not _WORD.search(core):
        return ""
    # A copy of the text already there: words just written, the start of what follows, or a longer
    # run of words from anywhere before (small models love to repeat their context).
    copied = core in before[-300:].casefold() or (len(core.split()) >= 3 and core in before.casefold())
    if copied or after.strip().casefold().startswith(core):
        return ""
    return text
