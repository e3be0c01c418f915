"""Built-in plugin: the writer's sources.

The `local` retriever searches the SQLite index that `writing-assistant sources`
keeps. The `ask` tool answers a question from the passages it finds and from
nothing else, citing them as [1], [2]; when no passage is relevant it says so
and answers nothing. A small model strays: each sentence of its answer must be
made of the passages' own material, and gets the citation of the passage it
comes from; when none is, the passages' own best sentence is the answer.
"""

import re

from assistant import HAN_CHARS, Note, PromptTemplate, Tool, faithfulness, hookimpl, streamed_sentences

TEMPLATE = PromptTemplate(__name__, "ask.prompt")
CANDIDATES = 8  # passages retrieved
CITED = 3  # the most passages the model sees
# The least share of a question's weight (its rarer words count more) a passage must contain to be relevant:
# calibrated on tests/quality/sources_set.py (tests/quality/measure_sources.py prints the effect).
RELEVANT = 0.5
ECHO = 0.8  # a sentence with this share of its material from the question only repeats it
FAITHFUL = 0.7  # the least share of an answer's sentence's content words (or CJK pairs) in one sentence of them
SENTENCES = 3  # the most an answer has
GIVE_UP = 3  # sentences not from the passages before any that is: the passages' own sentence answers
REPLY_TOKENS = 160
PASSAGE_TOKENS = 1200  # the passages' room in the prompt: more is slow to read on a CPU, and rarely needed
_MARKER = re.compile(r"\s*\[(\d+)\]")
_CJK = re.compile(f"[{HAN_CHARS}]")
_BLOCK = re.compile(r"\s*(#|>|\||[-*+]\s|\d+[.)]\s)")  # a line that starts a block: heading, quote, table, list
# Han, and CJK punctuation and full-width forms; compiled when `ask` first reads a passage, by re's cache
_WIDE = f"[{HAN_CHARS}\u3000-\u303f\uff00-\uffef]"
_PARAGRAPH = re.compile(r"\S.*?(?=\n[ \t]*\n|\s*\Z)", re.S)  # a passage's paragraphs: between blank lines


def relevant(passages):
    """The passages that answer a question, by their coverage of it (a retriever that cannot say: all)."""
    return [p for p in passages if p.coverage is None or p.coverage >= RELEVANT]


def ask(job):
    question = job.text.strip()
    found = relevant(job.search(question, CANDIDATES))[:CITED]
    if not found:
        yield Note("Nothing in your sources answers this." if job.language != "zh" else "你的资料中没有能回答这个问题的内容。")
        return {"answer": "", "found": False, "citations": []}
    language = "zh" if job.language == "zh" else None
    prompt = TEMPLATE.render(language, question=question)
    job.use_sources(found, budget=min(PASSAGE_TOKENS, job.n_ctx - job.prompt_tokens(prompt) - REPLY_TOKENS - 16))
    passages = [p.text for p in job.sources]
    answer, kept, dropped = "", [], 0
    said: dict[int, list[str]] = {}  # what the answer took from each passage, by its number
    for sentence in _sentences(job.generate(prompt, max_tokens=REPLY_TOKENS, temperature=0.0)):
        checked = _cited(sentence, passages, question)
        if checked is None:
            dropped += 1
            if dropped == GIVE_UP and not kept:  # a model this far off will not come back: stop it
                break
        elif checked[0] not in kept:
            kept.append(checked[0])
            for number in checked[1]:
                said.setdefault(number, []).append(_MARKER.sub("", checked[0]))
            piece = ("" if not answer or language else " ") + checked[0]
            answer += piece
            yield piece
            if len(kept) == SENTENCES:
                break
    if not kept:  # the model's words are not the passages': the passages' own best sentence instead
        sentence, number = _best_sentence(question, passages)
        said = {number: [sentence]}
        answer = _marked(sentence, [number])
        yield answer
        yield Note("The model's answer did not match your sources, so this is their own best sentence.")
    citations = [{**p.citation(), "line": _answering_line(p, said.get(n, []), question)}
                 for n, p in enumerate(found[: max(said)], 1)]  # fmt: skip
    return {"answer": answer, "found": True, "citations": citations}


def _sentences(stream):
    """The reply's sentences, each as soon as the next one begins."""
    return (sentence.strip() for sentence in streamed_sentences(stream) if sentence.strip())


def _passage_sentences(passage):
    """A passage's sentences. Notes wrapped at 80 columns and a PDF's lines break sentences: a line's end
    ends one only before a blank line or a line that starts a block, or after a heading."""
    lines = []
    for line in passage.split("\n"):
        before = lines[-1] if lines else ""
        if before.strip() and line.strip() and not before.lstrip().startswith("#") and not _BLOCK.match(line):
            wide = re.match(_WIDE, before.rstrip()[-1]) and re.match(_WIDE, line.lstrip()[0])
            lines[-1] = before.rstrip() + ("" if wide else " ") + line.lstrip()
        else:
            lines.append(line)
    return list(_sentences(["\n".join(lines) + "\n"]))


def _cited(sentence, passages, question):
    """The sentence with the citation of the passage it comes from, and the numbers of the passages it
    cites; None when it does not say what one sentence of the passages says (or cites a passage that does
    not exist)."""
    numbers = [int(n) for n in _MARKER.findall(sentence)]
    body = _MARKER.sub("", sentence).strip()
    # (faithfulness to nothing is 1 only for a sentence without content words: "Yes.", "谁！")
    if faithfulness(body, "") == 1.0 or any(not 1 <= n <= len(passages) for n in numbers):
        return None
    if faithfulness(body, question) >= ECHO:  # a question asked back is no answer
        return None
    # Made of one sentence's material: a small model that mixes two ("agreed to plant a playground" from
    # "asked for a playground" and "agreed to plant trees") says what no passage says.
    score, number = max((faithfulness(body, s), n) for n, p in enumerate(passages, 1)
                        for s in _passage_sentences(p))  # fmt: skip
    if score < FAITHFUL:
        return None
    return _marked(body, numbers or [number]), numbers or [number]


def _answering_line(passage, said, question):
    """Where a citation points: the line of the passage's paragraph that holds most of what the answer took
    from it, and then of the question (a passage may start with a short intro that does not answer)."""
    best, where = None, 0
    for paragraph in _PARAGRAPH.finditer(passage.text):
        text = paragraph.group()
        score = (sum(faithfulness(s, text) for s in said), faithfulness(question, text))
        if best is None or score > best:
            best, where = score, paragraph.start()
    return passage.line_at(where)


def _marked(sentence, numbers):
    """The sentence with its citations before its final stop: "... in 1847 [1]." or "……造纸术[1]。"."""
    body = sentence.rstrip(".。!！?？")
    marks = "".join(f"[{n}]" for n in dict.fromkeys(numbers))
    space = "" if body and _CJK.match(body[-1]) else " "
    return f"{body}{space}{marks}{sentence[len(body) :]}"


def _best_sentence(question, passages):
    """The passages' sentence that holds most of the question's material, and its passage's number."""
    best, where, score = passages[0].strip(), 1, -1.0
    for number, passage in enumerate(passages, 1):
        for sentence in _passage_sentences(passage):
            found = faithfulness(question, sentence)
            if found > score:
                best, where, score = sentence, number, found
    return best, where


def local_index(settings):
    """The SQLite index the settings name, imported only here: a tool run that never searches
    does not load SQLite and the file readers."""
    from assistant import SourceIndex

    return SourceIndex.configured(settings)


@hookimpl
def register_retrievers(register):
    register("local", local_index)


@hookimpl
def register_tools(register):
    register(
        Tool(
            name="ask",
            title="Ask Your Sources",
            description="Answer the question in the selection from your sources alone, citing them.",
            run=ask,
            input="selection",  # a question: never a whole document by mistake
            output="panel",
        )
    )
