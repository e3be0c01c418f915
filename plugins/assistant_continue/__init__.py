"""Built-in tool: continue writing at the cursor.

The model carries on the text before the cursor as plain text, the way it was
trained, rather than being asked in a chat to "continue this": instruction-tuned
models too then write the next words instead of talking about the text. Models
trained for fill-in-the-middle also see the text after the cursor.
"""

import dataclasses

from assistant import Option, PromptTemplate, Tool, hookimpl, sentences

TEMPLATE = PromptTemplate(__name__, "continue.prompt")

LENGTHS = {"sentence": 60, "paragraph": 250, "long": 800}  # most tokens to write
# The most text before the cursor the model reads. Enough for voice and plot;
# more makes the first run slow on a CPU (prompts evaluate at a few hundred
# tokens/s on 2 cores); later runs reuse the evaluated prefix.
CONTEXT_TOKENS = 2048
AFTER_SHARE = 4  # text after the cursor (for fill-in-the-middle models) takes at most a quarter of the room
SOURCES = 2, 512  # with the option "sources": passages of the writer's sources shown, and their tokens in all


def render(before, after=""):
    return dataclasses.replace(TEMPLATE.render(before=before), after=after)


def prompt(job):
    """The text nearest the cursor, as much as the context leaves (up to CONTEXT_TOKENS), cut at a paragraph
    or sentence; and for fill-in-the-middle models the start of the text after the cursor."""
    # With a context of 4,096 tokens (the default) every length gets the same room, CONTEXT_TOKENS, so one
    # prompt warmed while the writer paused serves them all.
    reply = LENGTHS[job.options["length"]]
    room = min(CONTEXT_TOKENS, job.n_ctx - job.prompt_tokens(render("")) - reply)
    after = job.head(job.after, room // AFTER_SHARE)
    used_by_after = job.prompt_tokens(render("", after)) - job.prompt_tokens(render(""))  # 0 unless FIM
    return render(job.tail(job.before, room - used_by_after), after)


def continue_writing(job):
    if job.options["sources"]:  # what the sources say about the text just before the cursor
        count, budget = SOURCES
        job.use_sources(job.search(job.before[-600:], count), budget)
    length = job.options["length"]
    reply = LENGTHS[length]
    written = ""
    for text in job.generate(prompt(job), max_tokens=reply):
        head = written + text
        start = len(head) - len(head.lstrip())  # a leading blank line opens a new paragraph
        cut = -1
        if length == "sentence" and len(written_sentences := sentences(head[start:])) > 1:
            cut = start + len(written_sentences[0].rstrip())  # the next one has begun: the first is whole
        elif length == "paragraph":
            cut = head.find("\n\n", start)
        if cut >= 0:
            yield head[len(written) : cut]
            return
        written = head
        yield text


@hookimpl
def register_tools(register):
    register(
        Tool(
            name="continue",
            title="Continue Writing",
            description="Write on from the cursor, in the voice of the text before it.",
            run=continue_writing,
            input="cursor",
            output="insert",
            shortcut="Ctrl+Alt+Return",
            options=(
                Option("length", "paragraph", label="Length", choices=tuple(LENGTHS)),
                Option("sources", False, label="Use sources",
                       help="Show the model the passages of your sources that best match the text before the cursor."),
            ),
        )
    )
