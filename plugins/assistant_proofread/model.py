"""The model pass, on demand: sentence by sentence, the model proposes edits in a JSON schema, and an edit is
kept only when it is small and names words of that sentence, so the rest of the sentence stays as it is."""

from __future__ import annotations

import difflib
import json

from assistant import Diagnostic, Progress, PromptTemplate, markdown_segments, sentences

TEMPLATE = PromptTemplate(__package__, "proofread.prompt")
EDIT = {"type": "object", "properties": {"original": {"type": "string", "maxLength": 40},
                                         "replacement": {"type": "string", "maxLength": 50},
                                         "reason": {"type": "string", "maxLength": 80}},
        "required": ["original", "replacement", "reason"]}  # fmt: skip
SCHEMA = {"type": "object", "properties": {"edits": {"type": "array", "items": EDIT, "maxItems": 3}},
          "required": ["edits"]}  # fmt: skip
MAX_WORDS = 4  # an edit of more words than this is a rewrite, not a correction
MIN_SIMILARITY = 0.5


def prose_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of the prose of `text`: code and Markdown markers left out."""
    found, offset = [], 0
    for piece, words in markdown_segments(text):
        at = offset
        for sentence in sentences(piece) if words else ():
            if sentence.strip():
                found.append((at, sentence.rstrip()))
            at += len(sentence)
        offset += len(piece)
    return found


def small(original: str, replacement: str, sentence: str) -> bool:
    """Whether an edit is a correction of the sentence's own words, not a rewrite."""
    def count(text):  # a CJK character is a third of a word here
        return len(text.split()) if text.isascii() else len(text) / 3

    words = count(original)
    return (bool(original.strip()) and original in sentence and replacement != original and "\n" not in replacement
            and words <= MAX_WORDS and count(replacement) <= words + 1
            and (words <= 2 or difflib.SequenceMatcher(None, original, replacement).ratio() >= MIN_SIMILARITY))


def edits(answer: str) -> list[dict]:
    try:
        value = json.loads(answer, strict=False)
    except ValueError:
        return []
    found = value.get("edits", []) if isinstance(value, dict) else []
    return [e for e in found if isinstance(e, dict) and all(isinstance(e.get(k), str) for k in EDIT["required"])]


def check_with_model(job):
    """Diagnostics (offsets in the document) from the model's edits of each sentence of the text."""
    found = []
    work = prose_sentences(job.text)
    language = "zh" if job.language == "zh" else None
    for done, (offset, sentence) in enumerate(work):
        if len(work) > 1:
            yield Progress(done, len(work), "Checking")
        answer = job.complete(TEMPLATE.render(language, sentence=sentence.strip()), json_schema=SCHEMA,
                              max_tokens=160, temperature=0.0)  # fmt: skip
        for edit in edits(answer):
            original, replacement = edit["original"], edit["replacement"]
            if small(original, replacement, sentence):
                start = job.range[0] + offset + sentence.index(original)
                reason = edit["reason"].strip() or f"{original} → {replacement}"
                found.append(Diagnostic(start, start + len(original), reason, (replacement,), "model", "warning"))
    return found
