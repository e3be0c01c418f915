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
# Words of questions and the commonest function words: they match every passage and decide nothing.
_STOP_EN = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being do does did "
    "what which who whom whose when where why how that this these those it its there their they them he she "
    "his her him i you your we our my me not no any some all can could would should will shall may might "
    "has have had than then so if about into over under also one ever".split()
)
_STOP_ZH = frozenset(
    "的 了 是 在 和 与 及 或 吗 呢 吧 啊 么 什么 哪 哪里 哪儿 哪个 哪些 哪一年 哪年 谁 多少 几 怎么 怎样 如何 为什么 "
    "为何 是否 有没有 有 被 把 这 那 这个 那个 其 之 也 都 就 又 还 而 请 问 一个".split()
)
_STOP = _STOP_EN | _STOP_ZH


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)  # a corpus has a small vocabulary: each word is stemmed once
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" lines are not the writer's business
    return jieba


def terms(text: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """Every search term of `text`, in order (Chinese words and their parts, by jieba's search mode),
    leaving out the words in `skip`."""
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if _CJK.match(token):
            found.extend(w for w in _jieba().cut_for_search(token) if w.strip() and w not in skip)
        elif (word := token.lower()) not in skip:
            found.append(_stem(word))
    return found


def query_terms(text: str) -> list[str]:
    """The distinct terms of a query, without question and function words (unless that leaves none)."""
    return list(dict.fromkeys(terms(text, _STOP) or terms(text)))
