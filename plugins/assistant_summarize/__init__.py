"""Built-in tool: summarize the selection or the whole document.

Text larger than the context window is summarized map-reduce: each piece on
its own, then the summaries of the pieces (again in pieces if need be). The
final summary must be made of the text's own material (`faithfulness`): one
that is not is written again at temperature 0, and if that fails too, the
text's most central sentences stand in for it, and the writer is told so.
"""

from assistant import (Note, Option, Progress, PromptTemplate, Tool, central_sentences, cjk_ratio, ends_sentence,
                       faithfulness, hookimpl, sentences, streamed_sentences)  # fmt: skip

TEMPLATE = PromptTemplate(__name__, "summarize.prompt")

# The shape asked for, in the language of each template, and the most tokens it may take.
LENGTHS = {
    "sentence": ({"en": "one sentence", "zh": "一句话"}, 80),
    "paragraph": ({"en": "one short paragraph", "zh": "一小段话"}, 300),
    "bullets": ({"en": "three to five bullet points", "zh": "三到五个要点"}, 300),
}
PART_TOKENS = 200  # the most a summary of one piece may take
FAITHFUL = 0.6  # the least share of a summary's content words (or CJK character pairs) found in the text
SENTENCES = {"sentence": 1, "paragraph": 3, "bullets": 4}  # of an extractive summary


def summarize(job):
    shapes, reply = LENGTHS[job.options["length"]]
    language = "zh" if job.language == "zh" else None  # Chinese text gets a Chinese prompt, and a Chinese summary

    def render(text, part=False):
        return TEMPLATE.render(language, text=text, length=shapes[language or "en"], part="yes" if part else "")

    text, round_ = job.text, 0
    while len(pieces := job.split(text, render, reserve=reply)) > 1:
        round_ += 1
        summaries = []
        for done, piece in enumerate(pieces):
            yield Progress(done, len(pieces), f"Reading part {done + 1} of {len(pieces)} (pass {round_})")
            # Each summary at most half its piece, so that the passes converge.
            limit = min(PART_TOKENS, job.count_tokens(piece) // 2 + 1)
            summaries.append(job.complete(render(piece.strip(), part=True), max_tokens=limit).strip())
        text = "\n\n".join(s for s in summaries if s)
    if round_:
        yield Progress(1, 1, "Writing the summary")
    # A summary is about half as long as what it summarizes, and one paragraph unless it is bullets.
    limit = min(reply, job.count_tokens(text) // 2 + 8)
    bullets = job.options["length"] == "bullets"
    for temperature in ({}, {"temperature": 0.0}):  # the writer's sampling first, then the likeliest words
        stream = job.generate(render(text.strip()), max_tokens=limit + limit // 2, **temperature)
        summary = whole(*fitting(job, stream, limit), bullets)
        if summary and len(summary) < len(job.text.strip()) and faithfulness(summary, job.text) >= FAITHFUL:
            yield summary
            return
    # Fewer sentences than the text has: a summary is never the whole text again.
    count = max(1, min(SENTENCES[job.options["length"]], len([s for s in sentences(job.text) if s.strip()]) - 1))
    chosen = central_sentences(job.text, count)
    yield Note("The model's summary did not match the text, so these are the text's own most central sentences.")
    # Chinese sentences follow each other without a space
    yield "\n".join(f"- {s}" for s in chosen) if bullets else "".join(
        s + ("" if cjk_ratio(s) > 0.5 else " ") for s in chosen).strip()


def fitting(job, stream, limit):
    """The reply, ended where a sentence ends with less room under `limit` than its sentences took on
    average: one begun there would most likely run far over, and be cut and dropped (`whole`) after its
    tokens cost the writer a wait. Only a first sentence may end past the limit (the stream allows half
    the limit more): its end is worth more than asking the model again. A later one is cut at the limit.
    With it, whether a limit cut the reply's last sentence (or line) short."""
    done, ended, reply, metered_out, streamed = "", 0, "", False, False

    def metered():
        nonlocal reply, metered_out, streamed
        for piece in stream:
            reply += piece
            if ended and job.count_tokens(reply) > limit:
                metered_out = True
                return
            yield piece
        streamed = True

    for sentence in streamed_sentences(metered()):
        done, ended = done + sentence, ended + 1
        used = job.count_tokens(done)
        if limit - used < used / ended:
            break
    return done, metered_out or (streamed and job.finish_reason == "length")


def whole(summary, cut, bullets):
    """The summary without what a token limit cut short (`cut`): one paragraph of whole sentences (none: no
    summary, ""), or whole bullets. What the model ended itself is whole, full stop or not."""
    if bullets:
        lines = summary.strip().splitlines()
        return "\n".join(lines[:-1] if cut and not summary.endswith("\n") else lines).strip()
    found = sentences(summary.strip().split("\n\n")[0].strip())
    return "".join(found[:-1] if cut and found and not ends_sentence(found[-1]) else found).strip()


@hookimpl
def register_tools(register):
    register(
        Tool(
            name="summarize",
            title="Summarize",
            description="Summarize the selection, or the whole document, in a sentence, a paragraph or bullets.",
            run=summarize,
            input="selection_or_document",
            output="panel",
            shortcut="Ctrl+Alt+S",
            options=(Option("length", "paragraph", label="Length", choices=tuple(LENGTHS)),),
        )
    )
