"""Cleaning a model's output as it streams: the label or quotation marks small models put around an answer,
and the whitespace around it. Every tool's reply passes here (Job.rewrite); plugins use `trimmed`."""

from __future__ import annotations

import re
from collections.abc import Iterator

# What small models put around an answer: "Here is the revised text:", "Translation:", "译文：".
_LABEL = re.compile(
    r"^\s*(?:here(?:'s| is| are)\b[^:：\n]{0,60}|(?:the |a |an )?(?:[\w-]+ ){0,4}"
    r"(?:version|text|translation|rewrite|paragraph|sentence|answer|output)s?(?: [\w-]+){0,4}|"
    r"(?:译文|翻译|改写后?的?(?:文字|文本|句子)?|修改后?的?(?:文字|文本|句子)?|答案|输出))\s*[:：]\s*",
    re.IGNORECASE,
)
_QUOTES = {'"': '"', "“": "”", "「": "」", "『": "』", "'": "'", "‘": "’"}


def unwrapped(stream: Iterator[str], source: str) -> Iterator[str]:
    """The answer without a label before it ("Here is the revised text:") or quotation marks around it
    that its source did not have, still streaming (its start and its last character are held back)."""
    head: str | None = ""  # the start of the answer, until its first line is whole
    closing = pending = ""  # the quote to drop at the very end, and the last character held for it
    for text in stream:
        if head is not None:
            head += text
            if "\n" not in head and len(head) < 120:
                continue
            text, closing = _unlabelled(head, source)
            head = None
        if closing:  # hold back the last character and the space after it
            text = pending + text
            body = text.rstrip()
            text, pending = body[:-1], body[-1:] + text[len(body) :]
        if text:
            yield text
    if head is not None:  # the whole answer was shorter than a line
        pending, closing = _unlabelled(head, source)
    body = pending.rstrip()
    if closing and body.endswith(closing):
        pending = body[:-1] + pending[len(body) :]
    if pending:
        yield pending


def _unlabelled(start: str, source: str) -> tuple[str, str]:
    """The start of an answer without its label or opening quote; and the closing quote to look for."""
    label = _LABEL.match(start)
    if label and not source.lower().startswith(label.group(0).strip().lower()):  # the writer's own label stays
        start = start[label.end() :]
    if start[:1] in _QUOTES and not source.startswith(start[0]):
        return start[1:], _QUOTES[start[0]]
    return start, ""


def trimmed(stream: Iterator[str], end_at: str | None = None) -> Iterator[str]:
    """The stream without leading or trailing whitespace, still streaming.

    With `end_at`, the text ends where that string first appears once the text
    has begun (a stop string given to the model would also match before it).
    """
    started, held = False, ""
    try:
        for text in stream:
            if not started:
                text = text.lstrip()
                started = bool(text)
            text = held + text
            if end_at and end_at in text:
                if body := text[: text.index(end_at)].rstrip():
                    yield body
                return
            body = text.rstrip()
            held = text[len(body) :]
            if body:
                yield body
    finally:
        if hasattr(stream, "close"):
            stream.close()  # stops the model at once
