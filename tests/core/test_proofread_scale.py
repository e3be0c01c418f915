"""Proofreading a document looks at each paragraph, not at the rest of the document after each one (a copy
of it made for every paragraph took 6 s for 1 MB, 2.5 min for 5 MB). Counted: the characters sliced out of
the document."""

from __future__ import annotations

from assistant.core.proofread import Proofreader


class Watched(str):
    """A document that counts the characters sliced out of it."""

    sliced = 0

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        if isinstance(key, slice):
            Watched.sliced += len(part)
        return part


def test_the_characters_read_grow_with_the_text_not_with_its_square():
    text = Watched("\n\n".join(f"Paragraph {i} tells of the river and the old mill." for i in range(2_000)))
    Watched.sliced = 0
    Proofreader([]).check(text)
    assert Watched.sliced <= 2 * len(text)  # each paragraph copying the rest: 1,000 times the text


def test_a_quote_opened_by_the_next_paragraph_still_keys_the_cache():
    proofreader = Proofreader([])
    proofreader.check("He said: “first\n\n  “second”")
    assert ("He said: “first", "“") in proofreader._cache
