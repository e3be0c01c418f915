"""Which script a text is mostly written in, and the names of languages."""

from __future__ import annotations

import re

_HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_KANA_CHARS = "\u3040-\u30ff\u31f0-\u31ff"
_HANGUL_CHARS = "\uac00-\ud7af\u1100-\u11ff"
# For character classes: [{CJK_CHARS}] matches one Chinese, Japanese or Korean character.
CJK_CHARS = _HAN_CHARS + _KANA_CHARS + _HANGUL_CHARS
_HAN = re.compile(f"[{_HAN_CHARS}]")
_KANA = re.compile(f"[{_KANA_CHARS}]")
_HANGUL = re.compile(f"[{_HANGUL_CHARS}]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"

# Codes and common names a writer may type, mapped to the name the model is told.
LANGUAGES = {
    "en": "English", "zh": "Simplified Chinese", "zh-cn": "Simplified Chinese", "zh-hans": "Simplified Chinese",
    "zh-tw": "Traditional Chinese", "zh-hant": "Traditional Chinese", "ja": "Japanese", "ko": "Korean",
    "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "ru": "Russian",
    "nl": "Dutch", "pl": "Polish", "tr": "Turkish", "ar": "Arabic", "hi": "Hindi", "vi": "Vietnamese",
    "chinese": "Simplified Chinese", "中文": "Simplified Chinese", "简体中文": "Simplified Chinese",
    "繁體中文": "Traditional Chinese", "英文": "English", "英语": "English",
}  # fmt: skip


def script_counts(text: str) -> dict[str, int]:
    return {
        "han": len(_HAN.findall(text)),
        "kana": len(_KANA.findall(text)),
        "hangul": len(_HANGUL.findall(text)),
        "latin": len(_LATIN.findall(text)),
    }


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among the letters of `text` (0 when it has none)."""
    c = script_counts(text)
    cjk = c["han"] + c["kana"] + c["hangul"]
    return cjk / (cjk + c["latin"]) if cjk + c["latin"] else 0.0


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
    latin = len(re.findall(rf"[^\s{CJK_CHARS}{_CJK_PUNCTUATION}]+", text))
    return cjk + latin
