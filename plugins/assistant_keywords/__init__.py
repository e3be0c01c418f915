"""Built-in tool: the key phrases of a text, as data.

The model's output is constrained by a JSON schema, then checked: only phrases
that occur in the text are kept, spelled as the text spells them (Chinese
without the spaces a model may put between characters), each once.
"""

import json
import re

from assistant import Option, Progress, PromptTemplate, Tool, cjk_ratio, hookimpl

TEMPLATE = PromptTemplate(__name__, "keywords.prompt")


def schema(count, chinese):
    # A short cap keeps a small model from answering with whole clauses.
    phrase = {"type": "string", "maxLength": 8 if chinese else 48}
    phrases = {"type": "array", "items": phrase, "minItems": 1, "maxItems": count}
    return {"type": "object", "properties": {"keywords": phrases}, "required": ["keywords"]}


def keywords(job):
    count = job.options["count"]
    chinese = job.language in ("zh", "ja", "ko")

    def render(text):
        return TEMPLATE.render("zh" if job.language == "zh" else None, text=text, count=count)

    reply = 16 * count + 32
    pieces = job.split(job.text, render, reserve=reply)
    proposed = []
    for done, piece in enumerate(pieces):
        if len(pieces) > 1:
            yield Progress(done, len(pieces))
        answer = job.complete(render(piece.strip()), json_schema=schema(count, chinese), max_tokens=reply,
                              temperature=0.0, repeat_penalty=1.3)  # fmt: skip
        proposed += parse(answer)
    found = phrases_in_text(proposed, job.text)
    if len(pieces) > 1:  # candidates from every piece: keep those the text uses most
        found.sort(key=lambda phrase: -job.text.lower().count(phrase.lower()))
    return found[:count]


def parse(answer):
    """The strings of the model's JSON; from a reply cut short, the complete ones."""
    try:  # (not strict: llama.cpp's JSON grammar lets control characters into strings)
        value = json.loads(answer, strict=False).get("keywords", [])
        return [v for v in value if isinstance(v, str)]
    except (ValueError, AttributeError):
        strings = re.findall(r'"((?:[^"\\]|\\.)*)"', answer)
        return [json.loads(f'"{s}"', strict=False) for s in strings if s != "keywords"]


def phrases_in_text(candidates, text):
    """Each candidate that occurs in `text`, as the text writes it, once."""
    found, seen = [], set()
    # A candidate with a comma inside is several phrases.
    parts = [p for c in candidates for p in re.split(r"[,;，、；。！？]", c)]
    for part in parts:
        phrase = part.strip().strip(".:!?\"'()[]“”‘’「」『』（）：")
        if cjk_ratio(phrase) > 0.5:
            phrase = re.sub(r"\s+", "", phrase)
        where = re.search(r"\s+".join(map(re.escape, phrase.split())), text, re.IGNORECASE) if phrase else None
        if where is None:
            continue
        phrase = where.group(0)
        if phrase.casefold() not in seen:
            seen.add(phrase.casefold())
            found.append(phrase)
    return found


@hookimpl
def register_tools(register):
    register(
        Tool(
            name="keywords",
            title="Extract Keywords",
            description="List the key phrases of the selection, or of the whole document.",
            run=keywords,
            input="selection_or_document",
            output="panel",
            shortcut="Ctrl+Alt+K",
            options=(Option("count", 8, label="How many", minimum=1, maximum=50),),
        )
    )
