"""Built-in tool: translate, keeping the document's structure.

Markdown structure is kept by construction rather than by asking the model:
code blocks are copied, not translated; heading, list and quote markers are
set aside and only the words after them go to the model; paragraphs are
translated one at a time (long ones in pieces), in order, with progress.
A paragraph already in the target language stays as it is. A translation
not in the target's script (Chinese sentences left in an English one) is
translated again sentence by sentence, and so is one that cannot be the
whole text translated (`translation_problems`: too short or too long for the
language pair, numbers or names of the source missing, sentences dropped);
where that fails too, a note says so and the proposal is not offered as
complete. Terms of the writer's glossary are given to the model, and any it
did not follow are named in a note.
"""

import re

from assistant import (Note, Option, PromptTemplate, Tool, cjk_ratio, detect_language, hookimpl, is_cjk_language,
                       language_name, sentences, translation_problems)  # fmt: skip

TEMPLATE = PromptTemplate(__name__, "translate.prompt")
EXPANSION = 2  # a translation may take twice the tokens of its source (Chinese into English: about 1.5)
UNFAITHFUL = ("The model could not translate this faithfully: {problems}. Check the translation against the "
              "text, or choose a larger model from the catalog (Settings > Model… > Catalog…, or "
              "`writing-assistant models catalog`): Qwen2.5 models translate Chinese and English far better.")

def translate(job):
    source = job.options["source"]
    source = language_name(job.language if source == "auto" else source)
    target = job.options["target"]
    if target == "auto":
        target = "English" if job.language in ("zh", "ja", "ko") else "Simplified Chinese"
    target = language_name(target)

    def render(text):
        glossary = "\n".join(f"{term} -> {translation}" for term, translation in job.memory.terms_in(text))
        return TEMPLATE.render(text=text, source=source, target=target, glossary=glossary)

    missed = []  # glossary terms of the source whose translation the output lacks
    problems = []  # why pieces are not translated faithfully

    def translated(piece):
        translation = _translation(job, piece, render, (source, target))
        found = translation_problems(piece, translation, target)
        parts = sentences(piece)
        if found and len(parts) > 1:  # again, a sentence at a time
            translation = "".join(_translation(job, _spaced(part, target), render, (source, target))
                                  for part in parts)  # fmt: skip
            translation = translation.rstrip() + piece[len(piece.rstrip()) :]
            found = translation_problems(piece, translation, target)
        problems.extend(p for p in found if p not in problems)
        missed.extend(pair for pair in job.memory.terms_in(piece) if pair[1] not in translation and pair not in missed)
        return translation

    yield from job.edit_pieces(render, job.reserve_for(render, EXPANSION), translated,
                               keep=lambda piece: _already_in(piece, target))  # fmt: skip
    if problems:
        yield Note(UNFAITHFUL.format(problems="; ".join(problems)), warning=True)
    if missed:
        yield Note("Not translated as the glossary says: " + "; ".join(f"{a} -> {b}" for a, b in missed))


def _spaced(sentence, target):
    """A sentence to translate on its own, with the space its translation needs after it: one between
    sentences of a language written with spaces, none between Chinese, Japanese or Korean ones."""
    body = sentence.rstrip()
    tail = sentence[len(body) :]
    if is_cjk_language(target):
        return body + tail.lstrip(" \t\u3000")
    return body + (tail or " ")


def _translation(job, piece, render, names):
    reply = job.rewrite(piece, render(piece.strip()), max_tokens=job.reply_tokens(piece, EXPANSION), temperature=0.1)
    translation = "".join(_without_label(reply, names))
    body = translation.rstrip()
    without_note = _NOTE.sub("", body)
    return without_note + translation[len(body) :] if without_note.strip() else translation


# A note the model adds after its translation: "(Note: ...)", "Note: ...", "（注：……）".
_NOTE = re.compile(r"\s*(?:[(（]\s*(?:note|注)\s*[:：][^)）]*[)）]|\n+\s*(?:note|注)\s*[:：].*)$",
                   re.IGNORECASE | re.DOTALL)  # fmt: skip


_ENGLISH = frozenset("the a an and of to in is are was were it that this for with as on by be at from or not".split())


def _already_in(piece, target):
    """A paragraph that is in the target language already (a mixed document's other half)."""
    if target == "English":
        words = re.findall(r"[A-Za-z]+", piece.lower())
        return cjk_ratio(piece) < 0.1 and len(words) > 2 and sum(w in _ENGLISH for w in words) / len(words) > 0.15
    return target == "Simplified Chinese" and detect_language(piece) == "zh"


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
