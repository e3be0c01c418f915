"""Languages: which one a text is written in (from its script), their names, and words as a writer counts them."""

from __future__ import annotations

import re

from .scripts import CJK_CHARS, CJK_PUNCTUATION, script_counts

# Codes and common names a writer may type, mapped to the name the model is told.
LANGUAGES = {
    "en": "English", "zh": "Simplified Chinese", "zh-cn": "Simplified Chinese", "zh-hans": "Simplified Chinese",
    "zh-tw": "Traditional Chinese", "zh-hant": "Traditional Chinese", "ja": "Japanese", "ko": "Korean",
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "ru": "Russian",
    "nl": "Dutch", "pl": "Polish", "tr": "Turkish", "ar": "Arabic", "hi": "Hindi", "vi": "Vietnamese",
    "chinese": "Simplified Chinese", "中文": "Simplified Chinese", "简体中文": "Simplified Chinese",
    "繁體中文": "Traditional Chinese", "英文": "English", "英语": "English",
}  # fmt: skip


def detect_language(text: str) -> str:
    """A language code from the script alone: zh, ja, ko, or en for Latin and anything else."""
    c = script_counts(text)
    cjk = c["han"] + c["kana"] + c["hangul"]
    if cjk <= c["latin"]:
        return "en"
    if c["kana"] > cjk * 0.1:
        return "ja"
    if c["hangul"] > c["han"]:
        return "ko"
    return "zh"


def language_name(code_or_name: str) -> str:
    """The name a model understands for a code ('zh-CN') or a name ('english')."""
    key = code_or_name.strip()
    return LANGUAGES.get(key.lower().replace("_", "-"), key[:1].upper() + key[1:])


def count_words(text: str) -> int:
    """Words as a writer counts them: each CJK character is one, Latin words by spaces."""
    cjk = len(re.findall(f"[{CJK_CHARS}]", text))
    latin = len(re.findall(rf"[^\s{CJK_CHARS}{CJK_PUNCTUATION}]+", text))
    return cjk + latin
