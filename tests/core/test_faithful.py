"""Faithfulness of an output to its source, and extractive summaries (no model here)."""

from assistant.core.faithful import central_sentences, faithfulness, sentences

PARK = ("The city council met on Tuesday to discuss the new park. Residents asked for more trees and a playground. "
        "The weather was cold. The council agreed to plant trees in the park next spring.")  # fmt: skip
AIGC = "AIGC是指利用人工智能技术自动生成文本、图像和视频等内容。近年来，AIGC在新闻写作和软件开发等领域得到广泛应用。"


def test_a_summary_made_of_the_text_is_faithful_and_an_invention_is_not():
    assert faithfulness("The council will plant trees in the new park.", PARK) > 0.8
    assert faithfulness("Scientists discovered a comet orbiting Jupiter yesterday.", PARK) < 0.3
    assert faithfulness("AIGC利用人工智能技术生成文本和图像。", AIGC) >= 0.7
    assert faithfulness("视角调诉（新问题镭城博家编绑）", AIGC) < 0.3


def test_a_number_the_text_does_not_have_is_an_invention():
    assert faithfulness("从1943年起，AIGC利用人工智能技术生成文本。", AIGC) == 0.0
    assert faithfulness("The council met 2 times.", PARK) == 0.0


def test_sentences_and_the_most_central_ones_in_order():
    assert sentences("One. Two! 三。四？") == ["One. ", "Two! ", "三。", "四？"]
    chosen = central_sentences(PARK, 2)
    assert len(chosen) == 2 and all(c in PARK for c in chosen)
    assert "The weather was cold." not in chosen  # shares nothing with the rest
    assert PARK.index(chosen[0]) < PARK.index(chosen[1])
