"""Built-in tool: summarize the selection or the whole document.

Text larger than the context window is summarized map-reduce: each piece on
its own, then the summaries of the pieces (again in pieces if need be), and
the final summary is streamed.
"""

from assistant import Option, Progress, PromptTemplate, Tool, hookimpl, trimmed

TEMPLATE = PromptTemplate(__name__, "summarize.prompt")

# The shape asked for, in the language of each template, and the most tokens it may take.
LENGTHS = {
    "sentence": ({"en": "one sentence", "zh": "一句话"}, 80),
    "paragraph": ({"en": "one short paragraph", "zh": "一小段话"}, 300),
    "bullets": ({"en": "three to five bullet points", "zh": "三到五个要点"}, 300),
}
PART_TOKENS = 200  # the most a summary of one piece may take


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
    # A summary is at most half as long as what it summarizes, and one paragraph unless it is bullets.
    limit = min(reply, job.count_tokens(text) // 2 + 8)
    end_at = None if job.options["length"] == "bullets" else "\n\n"
    yield from trimmed(job.generate(render(text.strip()), max_tokens=limit), end_at)


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
