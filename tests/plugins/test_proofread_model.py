"""The model pass: edits constrained by a JSON schema, kept only when small; cancellable; on the real model."""

from __future__ import annotations

import json
import threading

from assistant import Diagnostic
from assistant.core.runner import Progress, Request, Result, Stopped, ToolRunner
from assistant.core.settings import SamplingSettings
from assistant.testing import ScriptedBackend, run_tool
from assistant_proofread import MODEL_PASS
from assistant_proofread.model import SCHEMA
from test_cut_short_and_unfaithful import Tokenizing

TEXT = "# Notes\n\nShe recieve the letter yesterday. It were raining.\n\n```\ncode is skipped.\n```\n"


def reply(*edits):
    return json.dumps({"edits": [dict(zip(("original", "replacement", "reason"), e)) for e in edits]})


def test_small_edits_of_the_sentences_own_words_are_kept_with_document_offsets():
    # Counted as a tokenizer counts: at a token a character, the three edits overrun the reply's max_tokens.
    model = Tokenizing(
        reply(),  # the heading
        reply(("recieve", "received", "spelling"), ("She recieve the letter yesterday.", "I got mail.", "style"),
              ("not in the sentence", "x", "invented")),
        reply(("were", "was", "agreement"), ("It", "It", "unchanged")),
    )  # fmt: skip
    found = run_tool(MODEL_PASS, TEXT, backend=model).value
    assert [(TEXT[d.start : d.end], d.suggestions, d.message, d.rule) for d in found] == [
        ("recieve", ("received",), "spelling", "model"), ("were", ("was",), "agreement", "model")]
    assert len(model.prompts) == 3  # the heading and two sentences; code is skipped
    assert all(p.json_schema == SCHEMA for p in model.params)
    assert model.prompts[1].user.strip() == "She recieve the letter yesterday."


def test_a_reply_that_is_not_json_gives_nothing():
    assert run_tool(MODEL_PASS, "It were raining.", backend=ScriptedBackend("I think it is fine")).value == []


def test_cancelling_stops_between_sentences():
    text = " ".join(f"Sentence number {n} is here." for n in range(20))

    def events(cancel_after):
        model = ScriptedBackend(reply())
        cancel = threading.Event()
        runner = ToolRunner(model, {MODEL_PASS.name: MODEL_PASS}, SamplingSettings(temperature=0.0))
        seen = []
        for event in runner.run(MODEL_PASS.name, Request(text, None, None, {}), cancel):
            seen.append(event)
            if isinstance(event, Progress) and event.done == cancel_after:
                cancel.set()
        return seen, model

    whole, all_asked = events(cancel_after=-1)
    stopped, few_asked = events(cancel_after=3)
    assert isinstance(whole[-1], Result) and isinstance(stopped[-1], Stopped)
    assert len(all_asked.prompts) == 20 and len(few_asked.prompts) < 20


def test_the_real_model_answers_in_the_schema_and_only_small_edits_survive(backend):
    text = "She recieve the letter yesterday. The dog are hungry.\n\n他以经走了。"
    found = run_tool(MODEL_PASS, text, backend=backend).value
    for d in found:
        assert isinstance(d, Diagnostic) and d.rule == "model"
        assert 0 <= d.start < d.end <= len(text) and d.suggestions[0] != text[d.start : d.end]
        assert len(text[d.start : d.end].split()) <= 4


def test_the_model_pass_reads_sentences_whole_through_decimals():
    """The shared splitter: "Version 2." of "Version 2.0" and "收入增长了3." of "3.5%" were sentences of their own."""
    from assistant_proofread.model import prose_sentences

    text = "Version 2.0 ships today. 收入增长了3.5%。利润也增加了。"
    assert [s for _, s in prose_sentences(text)] == ["Version 2.0 ships today.", "收入增长了3.5%。", "利润也增加了。"]
    assert all(text[at:].startswith(s) for at, s in prose_sentences(text))
