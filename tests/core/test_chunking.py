import pytest

from assistant.core.chunking import blocks, fitting_part, split_text
from assistant.core.errors import ContextOverflowError


def chars(text: str) -> int:
    return len(text)


def check(text: str, budget: int) -> list[str]:
    pieces = split_text(text, budget, chars)
    assert "".join(pieces) == text
    assert all(len(p) <= budget for p in pieces)
    return pieces


def test_text_that_fits_is_one_piece():
    assert split_text("Short.", 100, chars) == ["Short."]


def test_cuts_between_paragraphs_first():
    paragraphs = ["First paragraph here.\n\n", "Second one is here.\n\n", "Third."]
    assert check("".join(paragraphs), 45) == [paragraphs[0] + paragraphs[1], paragraphs[2]]


def test_cuts_between_sentences_latin_and_chinese():
    english = "One sentence. Another sentence! A third one? Yes."
    assert all(p.rstrip().endswith((".", "!", "?")) for p in check(english, 20))
    chinese = "春天来了。公园里的花都开了！你看到了吗？我们去散步；好的。"
    pieces = check(chinese, 9)
    assert pieces == ["春天来了。", "公园里的花都开了！", "你看到了吗？", "我们去散步；好的。"]


def test_never_cuts_a_fenced_code_block():
    code = "```python\nline one = 1\nline two = 2\nline three = 3\n```\n"
    text = "Intro paragraph.\n\n" + code + "\nOutro paragraph."
    pieces = check(text, len(code) + 2)
    assert any(code in p for p in pieces)


def test_a_code_block_larger_than_the_budget_is_an_error():
    code = "```\n" + "x = 1\n" * 50 + "```\n"
    with pytest.raises(ContextOverflowError, match="code block"):
        split_text(code, 40, chars)


def test_a_run_of_characters_is_cut_between_whole_characters():
    text = "e\u0301" * 30  # e + combining acute accent, thirty times
    pieces = check(text, 7)
    assert all(not p.startswith("\u0301") for p in pieces)


def test_blocks_keep_fences_whole():
    text = "Para one\nstill one\n\n```\ncode\n\nmore code\n```\nPara two\n"
    assert blocks(text) == ["Para one\nstill one\n\n", "```\ncode\n\nmore code\n```\n", "Para two\n"]


def test_an_unclosed_fence_is_text_and_is_split():
    text = "```python\n" + "x = 1\n" * 50  # never closed
    assert len(check(text, 40)) > 1


def test_text_that_opens_with_a_fence_is_split_around_it():
    code = "```\ncode\n```\n\n"
    text = code + "A paragraph after the code. " * 10
    pieces = check(text, 60)
    assert pieces[0].startswith(code) and len(pieces) > 1


def test_only_a_closed_block_larger_than_the_budget_is_refused():
    code = "~~~\n" + "y = 2\n" * 50 + "~~~\n"
    with pytest.raises(ContextOverflowError, match="code block"):
        split_text("Intro.\n\n" + code, 40, chars)


@pytest.mark.parametrize("at_end", [False, True])
def test_the_fitting_part_fills_its_budget_and_cuts_at_sentences(at_end):
    text = " ".join(f"Sentence number {i} is here." for i in range(400))
    part = fitting_part(text, 200, chars, at_end)
    assert 200 * 15 / 16 <= len(part) <= 200
    # Whole sentences, then as many whole words of the next as the last sixteenth needs.
    assert text.endswith(part) and text[-len(part) - 1] == " " if at_end else text.startswith(part) and part[-1] == " "
    assert part.count("is here.") >= 6
    assert fitting_part("short", 200, chars, at_end) == "short"
