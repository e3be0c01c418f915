"""Writing systems: the one place that names the Unicode ranges of Chinese, Japanese and Korean, and counts
which script a text is written in. Every other module takes its CJK ranges from here."""

from __future__ import annotations

import re

HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
KANA_CHARS = "\u3040-\u30ff\u31f0-\u31ff"
HANGUL_CHARS = "\uac00-\ud7af\u1100-\u11ff"
# For character classes: [{CJK_CHARS}] matches one Chinese, Japanese or Korean character.
CJK_CHARS = HAN_CHARS + KANA_CHARS + HANGUL_CHARS
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"  # ideographic space, 、。「」, full-width forms
# Every block from CJK punctuation through the unified ideographs (kana, bopomofo, enclosed and compatibility
# forms too): what plausible East Asian text is made of, for telling encodings apart.
CJK_BLOCKS = "\u3000-\u9fff"
_HAN = re.compile(f"[{HAN_CHARS}]")
_KANA = re.compile(f"[{KANA_CHARS}]")
_HANGUL = re.compile(f"[{HANGUL_CHARS}]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


def script_counts(text: str) -> dict[str, int]:
    return {
        "han": len(_HAN.findall(text)),
        "kana": len(_KANA.findall(text)),
        "hangul": len(_HANGUL.findall(text)),
        "latin": len(_LATIN.findall(text)),
    }


def has_han(text: str) -> bool:
    """Whether `text` holds a Chinese character (kanji too)."""
    return _HAN.search(text) is not None


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among the letters of `text` (0 when it has none)."""
    c = script_counts(text)
    cjk = c["han"] + c["kana"] + c["hangul"]
    return cjk / (cjk + c["latin"]) if cjk + c["latin"] else 0.0
