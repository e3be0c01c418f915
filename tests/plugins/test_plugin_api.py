"""What a plugin author meets: a model loaded only when needed, prompts as plain strings, clear
mistakes, and `assistant.testing`."""

import pytest

from assistant import BackendError, Option, Prompt, Tool, ToolError
from assistant.core.runner import Failed, Request, Result, ToolRunner
from assistant.testing import ScriptedBackend, default_backend, run_tool


def count_words(job):
    return len(job.text.split())


def ask(job):
    return job.complete(f"Say hello to {job.text}")


WORDS = Tool(name="words", title="Count Words", run=count_words, input="selection_or_document", output="panel")
ASK = Tool(name="ask", title="Ask", run=ask, input="selection_or_document", output="panel")


def test_a_tool_that_never_calls_the_model_runs_without_one():
    def no_model():
        raise AssertionError("the model was loaded")

    events = list(ToolRunner(no_model, {"words": WORDS}).run("words", Request("one two three")))
    assert isinstance(events[-1], Result) and events[-1].value == 3


def test_a_model_that_cannot_load_fails_the_tool_that_needs_it_with_one_message():
    def broken():
        raise OSError("model.gguf: no such file")

    runner = ToolRunner(broken, {"ask": ASK})
    failed = list(runner.run("ask", Request("Ann")))[-1]
    assert isinstance(failed, Failed) and isinstance(failed.error, BackendError)
    assert "could not be loaded" in str(failed.error) and "no such file" in str(failed.error)
    assert runner.loaded is None


def test_a_plain_string_is_the_users_message():
    model = ScriptedBackend("Hello, Ann!")
    assert run_tool(ASK, "Ann", backend=model).value == "Hello, Ann!"
    assert model.prompts == [Prompt(user="Say hello to Ann")]


@pytest.mark.parametrize("call, message", [
    (lambda job: job.complete(["not", "a", "prompt"]), "A prompt is a str, an assistant.Prompt"),
    (lambda job: job.complete("hi", max_token=5), "no parameter max_token"),
])  # fmt: skip
def test_mistakes_in_calling_the_model_are_named(call, message):
    tool = Tool(name="odd", title="Odd", run=call, input="selection_or_document", output="panel")
    with pytest.raises(ToolError, match=message):
        run_tool(tool, "text", backend=ScriptedBackend("x"))


def test_run_tool_reports_notes_progress_and_the_returned_value():
    def steps(job):
        from assistant import Note, Progress

        yield Progress(0, 2)
        yield job.complete("first").upper()
        yield Progress(1, 2)
        yield Note("two steps")
        return ["a", "b"]

    tool = Tool(name="steps", title="Steps", run=steps, output="panel")
    model = ScriptedBackend("one", lambda prompt: "never")
    outcome = run_tool(tool, "text", backend=model)
    assert outcome.value == ["a", "b"] and outcome.text == "ONE" and outcome.notes == ["two steps"]
    assert [p.done for p in outcome.progress] == [0, 1] and len(model.prompts) == 1


def test_run_tool_raises_the_error_the_writer_would_see():
    tool = Tool(name="picky", title="Picky", run=count_words)  # works on the selection
    with pytest.raises(ToolError, match="select some text"):
        run_tool(tool, "some text", selection=(2, 2))
    with pytest.raises(BackendError, match="give run_tool a backend"):
        run_tool(ASK, "Ann")


def test_run_tool_on_the_real_default_model():
    backend = default_backend()
    try:
        outcome = run_tool(ASK, "Ann", backend=backend)
    finally:
        backend.close()
    assert outcome.value.strip() and outcome.value == outcome.text


TITLE = Tool(name="title", title="Title", input="selection_or_document", output="panel",
             run=lambda job: job.complete(f"A title for: {job.text}", max_tokens=job.options["most"], stop=(".",)),
             options=(Option("most", 5, minimum=1),))  # fmt: skip


def test_the_scripted_model_honours_stop_and_max_tokens_as_the_real_one_does():
    model = ScriptedBackend("Parks for all. Trees too.")
    assert run_tool(TITLE, "parks", backend=model, options={"most": 50}).value == "Parks for all"  # before the stop
    assert model.last_stats.finish_reason == "stop"
    assert run_tool(TITLE, "parks", backend=model, options={"most": 5}).value == "Parks"  # five tokens
    assert (model.last_stats.generated_tokens, model.last_stats.finish_reason) == (5, "length")
    backend = default_backend()
    try:
        reply = run_tool(TITLE, "The council built a park. Everyone came.", backend=backend, options={"most": 5}).value
        assert "." not in reply and backend.last_stats.generated_tokens <= 5
    finally:
        backend.close()


def finish(job):
    """The reply and how it stopped, as a tool sees them."""
    reply = job.complete(f"Write one short sentence about: {job.text}", max_tokens=job.options["most"])
    return {"reply": reply, "finish": job.finish_reason}


FINISH = Tool(name="finish", title="Finish", input="selection_or_document", output="panel", run=finish,
              options=(Option("most", 5, minimum=1),))  # fmt: skip


@pytest.mark.parametrize("backend_of", [lambda: ScriptedBackend("Parks for all."), default_backend])
def test_a_tool_reads_whether_its_last_reply_was_cut_by_its_length(backend_of):
    backend = backend_of()
    try:
        assert run_tool(FINISH, "parks", backend=backend, options={"most": 2}).value["finish"] == "length"
        ended = run_tool(FINISH, "parks", backend=backend, options={"most": 200}).value
        assert ended["finish"] == "stop" and ended["reply"].strip()
    finally:
        backend.close()


@pytest.mark.parametrize("option, message", [
    (Option("tone", "loud", choices=("plain", "playful")), "the default must be one of plain, playful, not 'loud'"),
    (Option("times", 0, minimum=1, maximum=5), "the default must be between 1 and 5, not 0"),
    (Option("times", 0, minimum=1), "the default must be at least 1, not 0"),
    (Option("tone", "plain", minimum=1), "minimum and maximum bound numbers"),
    (Option("my tone", "plain"), "its name must be letters, digits and _"),
    (Option("times", 2, choices=("two", "three")), "'two' in choices or suggestions is not a whole number"),
])  # fmt: skip
def test_a_mistaken_option_is_refused_when_the_tool_is_made_naming_tool_and_option(option, message):
    with pytest.raises(ToolError) as error:
        Tool(name="odd", title="Odd", run=count_words, options=(option,))
    assert str(error.value).startswith(f"The tool odd: option {option.name!r}: ") and message in str(error.value)


def test_two_options_of_one_name_are_refused():
    """The second would be unreachable: `-o tone=...` and the panel set one of them."""
    with pytest.raises(ToolError, match="The tool odd: option 'tone': the tool has it twice"):
        Tool(name="odd", title="Odd", run=count_words, options=(Option("tone", "plain"), Option("tone", "loud")))
