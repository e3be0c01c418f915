"""The one sentence splitter: lossless, never inside a number, English and Chinese."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import ends_sentence, sentences, streamed_sentences
from assistant.core.faithful import central_sentences


@pytest.mark.parametrize("text, expected", [
    ("收入增长了3.5%。利润也增加了。", ["收入增长了3.5%。", "利润也增加了。"]),
    ("Version 2.0 ships today. It is faster.", ["Version 2.0 ships today. ", "It is faster."]),
    ("One. Two! 三。四？", ["One. ", "Two! ", "三。", "四？"]),
    ("春天来了！“真好。”他说：走吧……", ["春天来了！", "“真好。”", "他说：走吧……"]),
    ('He said "Stop." Then he left.', ['He said "Stop." ', "Then he left."]),
    ("“Help!” she cried. Nobody came.", ["“Help!” she cried. ", "Nobody came."]),
    ("Mr. Li met Dr. Wang in the U.S. last year. They talked.", ["Mr. Li met Dr. Wang in the U.S. last year. ",
                                                                "They talked."]),
    ("It costs approx. ten dollars, e.g. at No. 5 Main St. today.", ["It costs approx. ten dollars, e.g. at No. 5 "
                                                                    "Main St. today."]),
    ("See example.com or v1.2.3 now. Done.", ["See example.com or v1.2.3 now. ", "Done."]),
    ("It works.它很好用。", ["It works.", "它很好用。"]),
    ("# Title\n\nFirst line\nsecond.  ", ["# Title\n\n", "First line\n", "second.  "]),
    ("1. Buy milk.\n2. Call home.", ["1. Buy milk.\n", "2. Call home."]),
    ("", []),
])  # fmt: skip
def test_examples(text, expected):
    assert sentences(text) == expected


TEXT = st.text(alphabet=st.sampled_from(list("ab Z3.5!?。！？…”’」）\"' \n\t\u3000收入e.gMr")), max_size=80)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_pieces_join_back_into_the_text(text):
    pieces = sentences(text)
    assert "".join(pieces) == text
    assert all(pieces)


@settings(max_examples=400, deadline=None)
@given(TEXT, st.lists(st.integers(1, 80), max_size=10))
def test_a_streamed_text_gives_the_sentences_of_the_whole_text(text, cuts):
    """However the stream cuts the text, each sentence comes whole, as the whole text's splitter gives it."""
    ends = sorted({min(c, len(text)) for c in cuts} | {len(text)})
    pieces = [text[a:b] for a, b in zip([0, *ends], ends)]
    assert list(streamed_sentences(pieces)) == sentences(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["增长了", "Version", " ", "it is ", "。", ". ", "收入"]), max_size=8),
       st.integers(0, 999), st.integers(0, 999))  # fmt: skip
def test_never_cut_inside_a_number(words, whole, fraction):
    number = f"{whole}.{fraction}"
    text = "".join(words) + number + "".join(reversed(words))
    start = text.index(number, len("".join(words)))
    assert not any(start < offset < start + len(number) for offset in _cuts(text))


def _cuts(text):
    offsets, at = [], 0
    for piece in sentences(text)[:-1]:
        at += len(piece)
        offsets.append(at)
    return offsets


def test_central_sentences_keep_numbers_whole():
    text = "收入增长了3.5%。利润也增加了。成本下降了。"
    assert "收入增长了3.5%。" in central_sentences(text, 3)


def test_a_sentence_ends_with_its_mark_and_closers():
    assert ends_sentence("It ended.”  ") and ends_sentence("结束了。」") and ends_sentence("Really?")
    assert not ends_sentence("It went on and") and not ends_sentence("")


def test_the_summary_fallback_keeps_sentences_whole_and_chinese_unspaced(tools):
    from assistant.core.runner import ToolRunner
    from assistant.testing import ScriptedBackend
    from helpers import result_of

    text = "收入增长了3.5%。利润也增加了2.0倍。成本下降了。员工人数保持不变。新产品在上海发布。"
    result = result_of(ToolRunner(ScriptedBackend("The moon is made of cheese."), tools), "summarize", text,
                       options={"length": "sentence"})  # fmt: skip
    assert result.text in sentences(text)  # "3.5" whole, as the writer wrote it
    paragraph = result_of(ToolRunner(ScriptedBackend("The moon is made of cheese."), tools), "summarize", text,
                          options={"length": "paragraph"}).text  # fmt: skip
    assert " " not in paragraph and all(s in sentences(text) for s in sentences(paragraph))
