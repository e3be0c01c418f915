"""Structure of the quality harness: its corpus and its measures (the figures themselves are a benchmark)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import CHINESE, ENGLISH, Sample  # noqa: E402
from measure import keyword_scores, summary_scores, translation_scores  # noqa: E402

from assistant.core.language import detect_language  # noqa: E402


def test_twenty_paragraphs_a_language_in_that_language():
    assert len(ENGLISH) == len(CHINESE) == 20
    assert all(detect_language(s.text) == s.language for s in ENGLISH + CHINESE)


@pytest.mark.parametrize("sample", ENGLISH + CHINESE, ids=lambda s: s.text[:12])
def test_reference_keywords_are_phrases_of_their_paragraph(sample):
    assert len(sample.keywords) >= 3
    assert all(k.casefold() in sample.text.casefold() for k in sample.keywords), sample.keywords


def test_the_measures():
    sample = Sample("en", "The city council met to discuss the new park and its trees.", ("city council", "trees"))
    assert keyword_scores(["city council", "spaceship"], sample) == {"in_text": 0.5, "precision": 0.5, "recall": 0.5}
    assert summary_scores("The council discussed the park.", sample, False)["faithful"] > 0.9
    assert translation_scores("市议会开会讨论新公园。", sample)["purity"] == 1.0
    assert translation_scores("The council", Sample("zh", "市议会", ("市议会",)))["purity"] == 1.0
    assert translation_scores("市议会开会讨论新公园和树木。", sample)["passes_guard"] == 1.0
    spring = Sample("zh", "春天来了，公园里的花都开了。小明和妈妈一起去公园散步。", ("公园",))
    assert translation_scores("The Spring Leaves Are Free!", spring)["passes_guard"] == 0.0
