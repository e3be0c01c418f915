"""The sources from a tool's side: retrievers as plugins, job.search, the ask tool, and the option of
continue and rewrite to show the model passages after the writer's notes."""

from __future__ import annotations

import pytest

from assistant import Passage, Retriever, SourceIndex, Tool, hookimpl
from assistant.core.memory import Memory
from assistant.core.runner import Request, Result, ToolRunner
from assistant.plugins import PluginHost
from assistant.testing import ScriptedBackend, run_tool

BRIDGE = Passage("/notes/valley.md", 3, None, "The old stone bridge over the river was built in 1847 by the "
                 "miller's guild. It has three arches.", 2.0, 1.0)  # fmt: skip
FERRY = Passage("/notes/ferry.pdf", 1, 4, "A suspension bridge replaced the ferry in 1912.", 1.0, 0.3)


class Shelf(Retriever):
    """A team's search engine, as a plugin would wrap it: here, passages in a list."""

    def __init__(self, passages):
        self.passages, self.queries = passages, []

    def search(self, query, n=5):
        self.queries.append(query)
        return self.passages[:n]


def test_a_plugin_registers_a_retriever_that_tools_search_unchanged():
    shelf = Shelf([BRIDGE])

    class Plugin:
        @hookimpl
        def register_retrievers(self, register):
            register("shelf", lambda settings: shelf)

    host = PluginHost(entry_points=False)
    host.register(Plugin(), "shelf-plugin")
    factories = host.retrievers()
    assert set(factories) == {"local", "shelf"} and host.records["shelf-plugin"].retrievers == ["shelf"]
    assert isinstance(factories["local"](None), SourceIndex)
    finder = Tool(name="finder", title="Finder", input="selection_or_document", output="panel",
                  run=lambda job: [p.where() for p in job.search(job.text, 3)])  # fmt: skip
    assert run_tool(finder, "stone bridge", retriever=factories["shelf"](None)).value == ["/notes/valley.md:3"]
    assert shelf.queries == ["stone bridge"]
    assert run_tool(finder, "stone bridge").value == []  # no sources: nothing found, no failure


def test_ask_cites_the_passage_each_sentence_comes_from(tools):
    model = ScriptedBackend("The stone bridge was built in 1847 by the miller's guild. It has three arches [1].")
    outcome = run_tool(tools["ask"], "When was the stone bridge built?", backend=model, retriever=Shelf([BRIDGE]))
    assert outcome.value == {"answer": "The stone bridge was built in 1847 by the miller's guild [1]. "
                                       "It has three arches [1].",
                             "found": True, "citations": [BRIDGE.citation()]}  # fmt: skip
    system = model.prompts[0].system
    assert system.index("[1] (valley.md, line 3)") < system.index("Answer the question using only")


def test_ask_drops_what_the_passages_do_not_say_and_falls_back_to_their_words(tools):
    invented = ScriptedBackend("It was built by the Romans in 312 [1]. See [7].")
    outcome = run_tool(tools["ask"], "When was the stone bridge built?", backend=invented,
                       retriever=Shelf([BRIDGE]))  # fmt: skip
    assert outcome.value["answer"] == "The old stone bridge over the river was built in 1847 by the miller's guild [1]."
    assert outcome.notes and "did not match" in outcome.notes[0]


def test_ask_answers_nothing_when_no_passage_is_relevant(tools):
    model = ScriptedBackend("It opened in 1912.")
    outcome = run_tool(tools["ask"], "When did the ferry stop?", backend=model, retriever=Shelf([FERRY]))
    assert outcome.value == {"answer": "", "found": False, "citations": []} and outcome.text == ""
    assert model.prompts == [] and "Nothing in your sources" in outcome.notes[0]


@pytest.mark.parametrize("tool, request_", [
    ("continue", Request("The bridge was old.", cursor=19, options={"sources": True})),
    ("rewrite", Request("The bridge was old.", (0, 19), options={"sources": True})),
])  # fmt: skip
def test_continue_and_rewrite_put_passages_after_the_notes(tools, tool, request_):
    model = ScriptedBackend("The bridge was very old.")
    runner = ToolRunner(model, tools, retriever=Shelf([BRIDGE]))
    request_ = Request(request_.document, request_.selection, request_.cursor, request_.options,
                       Memory(notes="Plain words."))  # fmt: skip
    assert isinstance(list(runner.run(tool, request_))[-1], Result)
    prompt = model.prompts[0]
    start = prompt.before if tool == "continue" else prompt.system
    assert start.index("Plain words.") < start.index("built in 1847") < (start + "\n").index(
        "The bridge was old." if tool == "continue" else "You are a careful editor")
    without = ScriptedBackend("x")
    list(ToolRunner(without, tools, retriever=Shelf([BRIDGE])).run(tool, Request(
        request_.document, request_.selection, request_.cursor, {}, request_.memory)))  # fmt: skip
    assert "1847" not in str(without.prompts[0])


def test_continue_with_sources_on_the_real_model(backend, tools, sampling, tmp_path):
    notes = tmp_path / "valley.md"
    notes.write_text("The old stone bridge over the river was built in 1847 by the miller's guild.\n")
    index = SourceIndex()
    index.add(notes)
    runner = ToolRunner(backend, tools, sampling, index)
    document = "The stone bridge"
    request = Request(document, cursor=len(document), options={"length": "sentence", "sources": True})
    result = list(runner.run("continue", request))[-1]
    assert isinstance(result, Result) and result.text.strip()
    assert "1847" in runner.first_prompt("continue", request).before
    index.close()


def test_ask_stops_a_model_that_strays_from_the_start(tools):
    model = ScriptedBackend("Romans came. Vikings sailed. Dragons flew. The stone bridge was built in 1847 [1].")
    outcome = run_tool(tools["ask"], "When was the stone bridge built?", backend=model, retriever=Shelf([BRIDGE]))
    assert outcome.value["answer"].startswith("The old stone bridge over the river")  # its own sentence


STONES = Passage("/notes/survey.pdf", 1, 2, "Page two of the survey.\n\nThe standing stones on Harrow Moor number "
                 "nineteen,\narranged in an ellipse about thirty metres across,\nand the tallest stone is called "
                 "the Widow.", 2.0, 1.0)  # fmt: skip


@pytest.mark.parametrize("reply", [
    "The standing stones on Harrow Moor number nineteen, arranged in an ellipse about thirty metres across [1].",
    "There are twelve stones in a circle [1].",  # not the passage's: its own sentence instead
])  # fmt: skip
def test_ask_reads_a_hard_wrapped_sentence_of_a_passage_whole(tools, reply):
    # Notes wrapped at 80 columns and a PDF's lines break sentences; a line's end is not a sentence's.
    outcome = run_tool(tools["ask"], "How many standing stones are on Harrow Moor?", backend=ScriptedBackend(reply),
                       retriever=Shelf([STONES]))  # fmt: skip
    assert outcome.value["answer"].startswith("The standing stones on Harrow Moor number nineteen, arranged in an")
    assert outcome.value["answer"].endswith(" [1].")
    assert outcome.value["citations"][0]["line"] == 3  # the stones' paragraph, not the page's first line


def test_an_answer_streamed_in_pieces_is_cut_into_sentences_by_the_shared_splitter():
    """A sentence ends once the next begins: "3." of "3.5 hours" and "Dr." of "Dr. Lee" are no sentences."""
    from assistant_sources import _sentences

    stream = ["", "Dr. Lee lit the lamp", " at dusk [1]. It burns 3.", "5 hours.", "\n", "灯在黄昏点亮。", "它亮到天明"]
    assert list(_sentences(stream)) == ["Dr. Lee lit the lamp at dusk [1].", "It burns 3.5 hours.", "灯在黄昏点亮。",
                                        "它亮到天明"]  # fmt: skip
