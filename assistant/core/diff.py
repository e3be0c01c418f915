"""Differences between an original and a proposal, for showing an AI edit.

Latin script is compared word by word, CJK character by character (Chinese
has no spaces to tell words apart, and a changed character is a change).
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

from .scripts import CJK_CHARS

_TOKEN = re.compile(rf"[{CJK_CHARS}]|[^\W{CJK_CHARS}]+|\s+|[^\w\s]", re.UNICODE)

Op = Literal["same", "removed", "added"]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff(original: str, proposal: str) -> list[tuple[Op, str]]:
    """Runs of (op, text): the original is the concatenation of same+removed, the proposal of same+added."""
    a, b = tokens(original), tokens(proposal)
    runs: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", "".join(b[j1:j2])))
    return runs
