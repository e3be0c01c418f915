"""Built-in tool: the key phrases of a text, as data.

The phrases come from the text, never from the model's imagination: candidates
are found the classical way (jieba's TF-IDF for Chinese; a RAKE-style split at
stop words and punctuation for English and other languages), then the model
chooses among them, its output constrained to the candidates by a JSON-schema
enum that llama.cpp's grammar enforces. Without a usable answer from the
model, the statistical ranking alone decides. Either way the tool returns as
many phrases as asked for when the text has that many.
"""

import json
import re
from collections import Counter

from assistant import Note, Option, PromptTemplate, Tool, hookimpl

TEMPLATE = PromptTemplate(__name__, "keywords.prompt")
POOL = 3  # the model chooses among this many candidates per keyword asked for
READ_TOKENS = 1024  # how much of the text the model reads before it chooses

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each either even ever every few for from further had has
have having he her here hers herself him himself his how however i if in into is it its itself just least less
let like made make many may me might more most much must my myself neither no nor not now of off often on once
one only or other our ours ourselves out over own per perhaps quite rather really same say said says shall she
should since so some still such than that the their theirs them themselves then there these they this those
though through thus to too under until up upon us very was we were what when where whether which while who whom
whose why will with within without would yet you your yours yourself yourselves
""".split())
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d+(?:[.,]\d+)*[^\W\d_]+", re.UNICODE)
_BREAK = re.compile(r"[.!?;:,()\[\]{}\"“”‘’«»/\\|—–\n]+|\s-\s")


def candidates(text: str, chinese: bool) -> list[str]:
    """Phrases of the text, most characteristic first, each once (as the text writes it)."""
    if chinese:
        return _chinese_candidates(text)
    return _rake(text)


def _chinese_candidates(text: str) -> list[str]:
    import jieba
    import jieba.analyse

    jieba.setLogLevel(60)  # it announces its dictionary on stderr
    allowed = ("n", "nr", "ns", "nt", "nz", "nw", "vn", "eng", "an", "l", "i", "j")
    ranked = jieba.analyse.extract_tags(text, topK=60, allowPOS=allowed)
    return [word for word in ranked if word in text and len(word) > 1]


def _rake(text: str) -> list[str]:
    """RAKE (Rose et al., 2010): phrases are runs of words between stop words and punctuation; a word
    scores its degree (the words it shares phrases with) over its frequency; a phrase the sum."""
    phrases: list[list[str]] = []
    for span in _BREAK.split(text):
        run: list[str] = []
        for word in _WORD.findall(span):
            if word.lower() in STOP_WORDS:
                if run:
                    phrases.append(run)
                run = []
            else:
                run.append(word)
        if run:
            phrases.append(run)
    # A longer run is no phrase (a list of words, a text without punctuation): its words stand alone.
    phrases = [q for p in phrases for q in ([p] if len(p) <= 4 else [[word] for word in p])]
    frequency, degree = Counter(), Counter()
    for phrase in phrases:
        for word in phrase:
            frequency[word.lower()] += 1
            degree[word.lower()] += len(phrase)
    scores: dict[str, float] = {}
    spelled: dict[str, str] = {}
    for phrase in phrases:
        key = " ".join(phrase).lower()
        spelled.setdefault(key, " ".join(phrase))
        scores[key] = sum(degree[w.lower()] / frequency[w.lower()] for w in phrase) * (1 + 0.1 * text.lower().count(key))
    ranked = sorted(scores, key=lambda k: -scores[k])
    return [spelled[k] for k in ranked if len(k) > 2 and _occurs(spelled[k], text)]


def _occurs(phrase: str, text: str) -> bool:
    return re.search(r"\s+".join(map(re.escape, phrase.split())), text) is not None


def schema(choices, count):
    phrases = {"type": "array", "items": {"type": "string", "enum": choices}, "minItems": 1, "maxItems": count}
    return {"type": "object", "properties": {"keywords": phrases}, "required": ["keywords"]}


def keywords(job):
    count = job.options["count"]
    chinese = job.language in ("zh", "ja", "ko")
    ranked = candidates(job.text, chinese)
    if not ranked:
        yield Note("The text has no key phrases: its words are all common ones, numbers or too short.")
    if len(ranked) <= count:
        return ranked
    pool = ranked[: POOL * count]
    prompt = TEMPLATE.render("zh" if job.language == "zh" else None, text=job.head(job.text, READ_TOKENS).strip(),
                             count=count, candidates="\n".join(f"- {c}" for c in pool))  # fmt: skip
    answer = job.complete(prompt, json_schema=schema(pool, count), max_tokens=24 * count + 32, temperature=0.0)
    chosen = [c for c in dict.fromkeys(parse(answer)) if c in pool]
    # The model's choice first; the statistical ranking fills what it left out.
    return (chosen + [c for c in pool if c not in chosen])[:count]


def parse(answer):
    """The phrases of the model's JSON, however it wrote them: a list, one string of comma-separated
    phrases, or (from a reply cut short, or with a stray escape) whatever quoted strings are whole."""
    try:  # (not strict: llama.cpp's JSON grammar lets control characters into strings)
        value = json.loads(answer, strict=False)
        value = value.get("keywords", []) if isinstance(value, dict) else value
    except ValueError:
        value = [_unquote(s) for s in re.findall(r'"((?:[^"\\]|\\.)*)"', answer) if s != "keywords"]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [p.strip() for v in value if isinstance(v, str) for p in re.split(r"[,;，、；]", v) if p.strip()]


def _unquote(text):
    try:
        return json.loads(f'"{text}"', strict=False)
    except ValueError:  # an escape JSON does not know (\q): keep the characters as they are
        return text.replace('\\"', '"')


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
