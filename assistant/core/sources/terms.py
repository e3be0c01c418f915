"""Search terms of a text: English words stemmed (Snowball), Chinese segmented by jieba in search mode.

The same function makes the terms of a passage (stored in the FTS5 column) and
of a query, so that "bridges" finds "bridge" and "造纸术" finds "造纸". Words a
question always has ("what", "哪一年") are left out of queries only: a passage
keeps every word it has.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..language import CJK_CHARS

_TOKEN = re.compile(rf"[{CJK_CHARS}]+|[^\W_]+", re.UNICODE)
_CJK = re.compile(f"[{CJK_CHARS}]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words of questions and the commonest function words: they match every passage and decide nothing.
_STOP_EN = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being do does did done "
    "what which who whom whose when where why how that this these those it its there their they them he she "
    "his her him i you your we our my me not no any some all can could would should will shall may might "
    "has have had than then so if about into over under also one ever much many long often take takes took "
    "get gets got give gives go goes went make makes made out per kind sort way thing things".split()
)
_STOP_ZH = frozenset(
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 么 被 把 这 那 这个 那个 其 之 也 都 就 又 还 而 请 问 一个 有 "
    "应该 可以 能 会 要 一般 通常 现在 大概 时候 一年 上 中 里".split()
)
# Question words: a Chinese word holding one ("多少度", "哪一年") keeps only the rest ("度").
_QUESTION_ZH = re.compile("为什么|为何|什么|多少|哪里|哪儿|哪|谁|几|怎么|怎样|如何|是否|有没有|多久|多长|多重|多大|多远|多高")


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


_STEMS: dict[str, str] = {}  # a corpus has a small vocabulary: each word is stemmed once


def _stems(words: list[str]) -> list[str]:
    if len(_STEMS) > 500_000:
        _STEMS.clear()
    known = _STEMS.get
    new = {w for w in words if known(w) is None}
    # Only words of English letters have stems: names with digits, hashes and other alphabets stay as they are
    stemmed = [w for w in new if 2 < len(w) < 24 and w.isascii() and w.isalpha()]
    _STEMS.update((w, w) for w in new)
    if stemmed:
        _STEMS.update(zip(stemmed, _stemmer().stemWords(stemmed)))
    return [_STEMS[w] for w in words]


def _stem(word: str) -> str:
    return _stems([word])[0]


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are not the writer's business
    return jieba


def terms(text: str) -> list[str]:
    """Every search term of `text`, in order (Chinese words and their parts, by jieba's search mode)."""
    if not _CJK.search(text):
        return _stems(_WORD.findall(text.lower()))
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if _CJK.match(token):
            found.extend(w for w in _jieba().cut_for_search(token) if w.strip())
        else:
            found.append(_stem(token.lower()))
    return found


def query_words(text: str) -> list[tuple[str, ...]]:
    """The words of a query, each as its search terms (a Chinese word with its parts: "大熊猫", "大熊",
    "熊猫"), without question and function words (unless that leaves none)."""
    found: list[tuple[str, ...]] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if _CJK.match(token):  # its words, less their question words, each with its parts
            for word in _jieba().cut(token):
                word = _QUESTION_ZH.sub("", word)
                if word.strip() and word not in _STOP_ZH:
                    found.append(tuple(dict.fromkeys([word, *_jieba().cut_for_search(word)])))
        elif len(word := token.lower()) > 1 and word not in _STOP_EN:  # ("fleet's": no "s")
            found.append((_stem(word),))
    return list(dict.fromkeys(found)) or [(t,) for t in dict.fromkeys(terms(text))]


def query_terms(text: str) -> list[str]:
    """The distinct search terms of a query's words."""
    return list(dict.fromkeys(t for word in query_words(text) for t in word))
