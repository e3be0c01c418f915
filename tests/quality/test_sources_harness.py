"""The question set of the sources and the retrieval half of its measure (the model's half is a benchmark:
measure_sources.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure_sources import build_index, retrieval_scores  # noqa: E402
from sources_set import DOCUMENTS, QUESTIONS  # noqa: E402

import assistant_sources  # noqa: E402
from assistant.core.language import detect_language  # noqa: E402


def test_twenty_answerable_questions_a_language_and_unanswerable_ones():
    for language in ("en", "zh"):
        asked = [q for q in QUESTIONS if q.language == language]
        assert len([q for q in asked if q.file]) >= 20 and len([q for q in asked if not q.file]) >= 8
        assert all(detect_language(q.text) == language for q in asked)
    assert all(q.passage in DOCUMENTS[q.file] for q in QUESTIONS if q.file)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_retrieval_finds_the_passages_and_refuses_what_the_sources_do_not_say(tmp_path, language):
    index = build_index(tmp_path)
    scores = retrieval_scores(index, tmp_path, [q for q in QUESTIONS if q.language == language],
                              assistant_sources.RELEVANT)  # fmt: skip
    index.close()
    recall, answered, refused = (sum(v) / len(v) for v in (scores.recall, scores.answered, scores.refused))
    assert recall >= 0.95 and answered >= 0.85 and refused >= 0.75, scores.line()
