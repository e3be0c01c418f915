"""Inline suggestions and warming, without the app: when to suggest, what to show, what to warm."""

import pytest

from assistant.core.runner import Request
from assistant.core.suggest import at_word_end, fitted, suggest


@pytest.mark.parametrize("text, cursor, expected", [
    ("The river ran", 13, True), ("The river ran ", 14, False), ("The river ran past", 9, False),
    ("河水流过", 4, True), ("line\nnext", 4, True), ("", 0, False), ("The end.", 8, False),
])  # fmt: skip
def test_suggestions_come_at_the_end_of_a_word(text, cursor, expected):
    assert at_word_end(text, cursor) is expected


@pytest.mark.parametrize("reply, shown", [
    (" the old mill was gone. Then the rain", " the old mill was gone."),  # never past the sentence end
    (" and then it went on and on and on for a very long time", " and then it went on and"),
    ("河水很清。后来", "河水很清。"),
    ("  \n", ""), (" ...", ""),
    (" ran past", ""),  # already written just before the cursor
    (" tomorrow", ""),  # already written just after it
    (" the old stone mill", ""),  # a run of words from earlier in the text
])  # fmt: skip
def test_what_a_suggestion_shows(reply, shown):
    before = "It stood by the old stone mill. " + "Years went by. " * 30 + "The river ran past"
    assert fitted(reply, before, " tomorrow morning") == shown


def test_a_suggestion_reuses_the_warmed_prefix(runner, backend):
    document = "The lighthouse keeper wrote in his diary every evening. Tonight the sea was"
    request = Request(document, cursor=len(document), options={"length": "paragraph"})
    backend._llm.reset()
    assert runner.warm("continue", request) == backend.prompt_tokens(runner.first_prompt("continue", request)) - 1
    text = suggest(runner, request)
    assert backend.last_stats.prompt_tokens_evaluated == 1 and text.strip() and "\n" not in text


def test_warming_a_tool_that_needs_no_model_or_that_fails_does_nothing(runner):
    assert runner.warm("summarize", Request("")) == 0  # an empty document: the tool refuses
    assert runner.warm("no-such-tool", Request("text")) == 0


def test_with_the_default_context_every_length_shares_the_warmed_prompt(tools):
    from assistant.core.runner import ToolRunner
    from assistant.core.settings import EngineSettings
    from assistant.testing import ScriptedBackend

    runner = ToolRunner(ScriptedBackend(n_ctx=EngineSettings().n_ctx), tools)  # one token per character
    document = "The harbour was quiet that winter. " * 400  # longer than the room: the tail is cut
    prompts = {length: runner.first_prompt("continue", Request(document, options={"length": length}))
               for length in ("sentence", "paragraph", "long")}  # fmt: skip
    assert prompts["sentence"] == prompts["paragraph"] == prompts["long"]
    assert len(prompts["sentence"].before) < len(document)
