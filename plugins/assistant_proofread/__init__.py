"""Built-in proofreading checkers for English and Chinese, precision first: a false mark costs the writer's
trust more than a missed one."""

from dataclasses import replace

from assistant import Checker, Tool, hookimpl

from . import chinese, common, english, model
from .messages import TRANSLATIONS

CHECKERS = tuple(replace(checker, translations=TRANSLATIONS) for checker in (
    Checker("spelling", "English spelling", english.spelling, languages=("en",),
            description="Words missing from the English dictionary, with the likeliest corrections."),
    Checker("a-an", "a or an", english.article, languages=("en",),
            description="“a” before a consonant sound, “an” before a vowel sound."),
    Checker("repeated-word", "Repeated words", common.repeated,
            description="A word typed twice: “the the”, “的的”."),
    Checker("brackets", "Brackets and quotes", common.brackets,
            description="Brackets and quotation marks opened and not closed, or closed and not opened."),
    Checker("zh-punctuation", "Chinese punctuation", chinese.punctuation, languages=("zh",),
            description="Half-width punctuation between Chinese characters (“,” where “，” belongs)."),
    Checker("zh-characters", "Chinese characters", chinese.characters, languages=("zh",),
            description="A character that sounds or looks like the one meant (是够 → 足够)."),
    Checker("de-di-de", "的, 地 and 得", chinese.de_di_de, languages=("zh",),
            description="的 where 地 or 得 belongs (跑的很快 → 跑得很快)."),
    Checker("zh-latin-spacing", "Space between Chinese and Latin", chinese.spacing, languages=("zh",),
            default=False, description="A space between Chinese characters and Latin letters or digits (a style)."),
))  # fmt: skip


@hookimpl
def register_checkers(register):
    for checker in CHECKERS:
        register(checker)


MODEL_PASS = Tool(
    name="check-with-model", title="Check with Model", run=model.check_with_model, input="selection_or_document",
    output="panel", description="Ask the model for spelling and grammar corrections, sentence by sentence; "
                                "only small edits are kept.",
)  # fmt: skip


@hookimpl
def register_tools(register):
    register(MODEL_PASS)
