"""The proofreading goals on tests/quality/proofread (python tests/quality/proofread_measure.py prints them all)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from proofread_measure import measure  # noqa: E402


def test_the_goals(tmp_path):
    got = measure(tmp_path)
    assert got["en_found"] >= 0.90 and got["en_offered"] >= 0.80
    assert got["en_false"] <= 2
    assert got["zh_found"] >= 0.25
    assert got["zh_false"] <= 1
