"""Built-in tool: translate, keeping the document's structure.

Markdown structure is kept by construction rather than by asking the model:
code blocks are copied, not translated; heading, list and quote markers are
set aside and only the words after them go to the model; paragraphs are
translated one at a time (long ones in pieces), in order, with progress.
"""

import re

from assistant import Option, Progress, PromptTemplate, Tool, blocks, hookimpl, is_fenced_code, language_name

TEMPLATE = PromptTemplate(__name__, "translate.prompt")

_MARKER = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+(?:\[[ xX]\][ \t]+)?|\d{1,9}[.)][ \t]+|>[ \t]?)+")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_INDENTED_CODE = re.compile(r"^(?:    |\t)")


def segments(text):
    """(piece, translate?) pairs that join back to `text`."""
    out = []
    for block in blocks(text):
        lines = block.splitlines(keepends=True)
        if is_fenced_code(block) or not block.strip() or all(_INDENTED_CODE.match(l) or not l.strip() for l in lines):
            out.append((block, False))
        elif not any(_MARKER.match(line) or _TABLE_RULE.match(line) for line in lines):
            out.append((block, True))  # a plain paragraph, translated whole
        else:
            for line in lines:
                marker = _MARKER.match(line)
                prefix = marker.group(0) if marker else ""
                rest = line[len(prefix) :]
                out += [(prefix, False), (rest, bool(rest.strip()) and not _TABLE_RULE.match(rest))]
    return [(piece, translate) for piece, translate in out if piece]


def translate(job):
    source = job.options["source"]
    source = language_name(job.language if source == "auto" else source)
    target = job.options["target"]
    if target == "auto":
        target = "English" if job.language in ("zh", "ja", "ko") else "Simplified Chinese"
    target = language_name(target)

    def render(text):
        return TEMPLATE.render(text=text, source=source, target=target)

    # A translation may need more tokens than its source (Chinese to English: about 1.5x).
    room = job.n_ctx - job.prompt_tokens(render(""))
    work = []
    for piece, wanted in segments(job.text):
        work += [(p, True) for p in job.split(piece, render, reserve=room * 3 // 5)] if wanted else [(piece, False)]
    total = sum(wanted for _, wanted in work)
    done = 0
    for piece, wanted in work:
        if not wanted:
            yield piece
            continue
        if total > 1:
            yield Progress(done, total)
        reply = job.rewrite(piece, render(piece.strip()), max_tokens=2 * job.count_tokens(piece) + 32, temperature=0.1)
        yield from _without_label(reply, (source, target))
        done += 1


def _without_label(stream, names):
    """Drop a "Chinese:" or "English:" label that small models echo before the translation."""
    label = re.compile(rf"^(\s*)(?:{'|'.join(map(re.escape, names))})\s*[:：][ \t]*", re.IGNORECASE)
    longest = max(map(len, names)) + 3
    head = ""
    for text in stream:
        if head is None:
            yield text
            continue
        head += text
        if len(head.strip()) > longest or "\n" in head.strip():
            yield label.sub(r"\1", head, count=1)
            head = None
    if head:
        yield label.sub(r"\1", head, count=1)


@hookimpl
def register_tools(register):
    register(
        Tool(
            name="translate",
            title="Translate",
            description="Translate the selection, or the whole document, keeping its paragraphs and markdown.",
            run=translate,
            input="selection_or_document",
            output="replace",
            shortcut="Ctrl+Alt+T",
            options=(
                Option("target", "auto", label="Into", suggestions=("auto", "English", "Simplified Chinese",
                       "Traditional Chinese", "Japanese", "Korean", "French", "German", "Spanish"),
                       help="A language name or code; auto: English for Chinese text, else Simplified Chinese."),
                Option("source", "auto", label="From", help="The text's language; auto detects it."),
            ),
        )
    )
