"""An example third-party plugin: a headline for the selection or the document."""

from assistant import Option, PromptTemplate, Tool, hookimpl, trimmed

__version__ = "0.1.0"

TEMPLATE = PromptTemplate(__name__, "headline.prompt")


def headline(job):
    style = job.options["style"]
    prompt = TEMPLATE.render(text=job.text[:6000], style=style)
    yield from trimmed(job.generate(prompt, max_tokens=32, stop=("\n",)))


@hookimpl
def register_tools(register):
    register(
        Tool(
            name="headline",
            title="Suggest a Headline",
            description="Propose a headline for the selection, or the whole document.",
            run=headline,
            input="selection_or_document",
            output="panel",
            options=(Option("style", "plain", label="Style", choices=("plain", "catchy", "academic")),),
        )
    )
