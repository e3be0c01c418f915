"""Built-in tool: rewrite the selection in a named style or by a free instruction."""

from assistant import Option, PromptTemplate, Tool, hookimpl

TEMPLATE = PromptTemplate(__name__, "rewrite.prompt")
EXPANSION = 2  # a rewrite may be twice as long as its text ("longer")

STYLES = {
    "shorter": "Make the text shorter and more concise. Keep its meaning and its language.",
    "longer": "Make the text longer, adding detail and examples. Keep its meaning, tone and language.",
    "formal": "Rewrite the text in a formal, professional tone. Keep its meaning and its language.",
    "casual": "Rewrite the text in a casual, friendly tone. Keep its meaning and its language.",
    "grammar": "Correct the grammar, spelling and punctuation of the text. Change nothing else.",
}
# For Chinese text, with rewrite.zh.prompt: Chinese in, Chinese out.
STYLES_ZH = {
    "shorter": "请把这段文字改得更简洁，保持原意。",
    "longer": "请把这段文字写得更详细，补充细节和例子，保持原意和语气。",
    "formal": "请用正式、专业的语气改写这段文字，保持原意。",
    "casual": "请用轻松、亲切的口语改写这段文字，保持原意。",
    "grammar": "请修改这段文字中的语法、错别字和标点错误，其他内容不要改动。",
}


SOURCES = 2, 512  # with the option "sources": passages of the writer's sources shown, and their tokens in all


def rewrite(job):
    if job.options["sources"]:  # what the sources say about the selection
        count, budget = SOURCES
        job.use_sources(job.search(job.text, count), budget)
    language = "zh" if job.language == "zh" else None
    styles = STYLES_ZH if language else STYLES
    instruction = job.options["instruction"].strip() or styles[job.options["style"]]

    def render(text):
        return TEMPLATE.render(language, text=text, instruction=instruction)

    # Pieces small enough that a reply EXPANSION times as long still fits beside them. Markdown markers
    # (`# `, `- `, `> `) and code stay as they are: only the words go to the model.
    return job.edit_pieces(render, job.reserve_for(render, EXPANSION), lambda piece: job.rewrite(
        piece, render(piece.strip()), max_tokens=job.reply_tokens(piece, EXPANSION)))


@hookimpl
def register_tools(register):
    register(
        Tool(
            name="rewrite",
            title="Rewrite",
            description="Rewrite the selection: shorter, longer, formal, casual, with grammar fixed, or as you say.",
            run=rewrite,
            input="selection",
            output="replace",
            shortcut="Ctrl+Alt+R",
            options=(
                Option("style", "grammar", label="Style", choices=tuple(STYLES)),
                Option("instruction", "", label="Instruction",
                       help="Your own instruction, used instead of the style when given."),
                Option("sources", False, label="Use sources",
                       help="Show the model the passages of your sources that best match the selection."),
            ),
        )
    )
