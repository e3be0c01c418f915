"""Replies the context or a length limit cut short, and translations that drop the text, are never offered
as complete: a note says so, the result is marked, and pieces leave room for their replies."""

from __future__ import annotations

import re

import pytest

from assistant import translation_problems
from assistant.core.engine import GenerationStats
from assistant.core.llama_backend import LlamaBackend
from assistant.core.runner import Request, Result, ToolRunner
from assistant.core.settings import EngineSettings
from assistant.core.tools import Note
from assistant.testing import ScriptedBackend
from helpers import events_of, result_of

SPRING = "春天来了，公园里的花都开了。小明和妈妈一起去公园散步。"


def notes(events) -> list[Note]:
    return [e for e in events if isinstance(e, Note)]


@pytest.mark.parametrize("tool, options, document", [
    ("rewrite", {"style": "longer"}, "\n\n".join(["The river ran past the old mill, and the town slept."] * 12)),
    ("translate", {"target": "English"}, "\n\n".join(["今天天气很好，我们去公园散步，看到很多花。"] * 12)),
])  # fmt: skip
def test_every_piece_leaves_room_for_the_reply_it_may_take(tools, tool, options, document):
    """The prompt of each piece and the most tokens its reply may take fit the context together (the
    input was 2/5 of the room and the reply up to 4/5: the backend cut replies short without a word)."""
    backend = ScriptedBackend("x", n_ctx=400)
    events = list(ToolRunner(backend, tools).run(tool, Request(document, (0, len(document)), options=options)))
    assert isinstance(events[-1], Result), events[-1]
    assert len(backend.prompts) > 2
    for prompt, params in zip(backend.prompts, backend.params):
        assert backend.prompt_tokens(prompt) + params.max_tokens <= backend.n_ctx


class CutShort(ScriptedBackend):
    """Every reply ends on its length limit."""

    def generate(self, prompt, params, cancel=None):
        yield from super().generate(prompt, params, cancel)
        self.last_stats = GenerationStats(n_ctx=self.n_ctx, generated_tokens=params.max_tokens, finish_reason="length")


def test_a_replacement_that_ran_out_of_tokens_is_not_complete(tools):
    runner = ToolRunner(CutShort("The river ran past the old mill and"), tools)
    text = "The river ran past the mill."
    events = events_of(runner, "rewrite", text, selection=(0, len(text)), options={"style": "longer"})
    assert isinstance(events[-1], Result) and not events[-1].complete
    assert any(n.warning and "ran out of room" in n.text for n in notes(events))


def test_a_reply_the_context_cut_short_is_not_complete_on_the_real_model(model_path, tools, sampling):
    backend = LlamaBackend(model_path, EngineSettings(n_ctx=256))
    try:
        runner = ToolRunner(backend, tools, sampling)
        text = "1. cat\n2. dog\n3. horse\n4. cow"  # greedy, the model writes a story for each
        events = events_of(runner, "rewrite", text, selection=(0, len(text)), options={"style": "longer"})
        assert isinstance(events[-1], Result), events[-1]
        assert not events[-1].complete and any(n.warning for n in notes(events))
        done = events_of(runner, "rewrite", "Me and him goes home.", selection=(0, 21), options={"style": "grammar"})
        assert done[-1].complete and not notes(done)  # a reply that ended by itself
    finally:
        backend.close()


def test_a_translation_that_drops_the_text_is_not_offered_as_done(tools):
    """The screenshot's case: "The Spring Leaves Are Free!" for two sentences, whole and sentence by sentence."""
    events = events_of(ToolRunner(ScriptedBackend("The Spring Leaves Are Free!"), tools), "translate", SPRING,
                       options={"target": "English"})  # fmt: skip
    result = events[-1]
    assert isinstance(result, Result), result
    warned = [n for n in notes(events) if n.warning]
    assert warned and "could not translate this faithfully" in warned[0].text and "catalog" in warned[0].text
    assert not result.complete


def test_the_real_model_s_unfaithful_translation_is_flagged(runner):
    text = "The cat sat on the mat. It was a sunny day."
    events = events_of(runner, "translate", text, options={"target": "Simplified Chinese"})
    assert isinstance(events[-1], Result), events[-1]
    assert translation_problems(text, events[-1].text, "Simplified Chinese")  # the 135M model's Chinese is poor
    assert not events[-1].complete and "faithfully" in notes(events)[0].text


class Tokenizing(ScriptedBackend):
    """Counts about as a real tokenizer does (a word, a Chinese character, a mark: a token each): at one token
    per character, an English translation would be four times the tokens of its Chinese source, past the
    length the tool allows it, where the scripted model, like the real one, cuts it short."""

    def count_tokens(self, text):
        return len(re.findall(r"[\u3400-\u9fff]|\w+|[^\w\s]", text))


def test_a_faithful_translation_passes_the_guard(tools):
    faithful = ("Spring has come, and the flowers in the park are all in bloom. Xiao Ming and his mother took a "
                "walk in the park together.")  # fmt: skip
    events = events_of(ToolRunner(Tokenizing(faithful), tools), "translate", SPRING, options={"target": "English"})
    assert events[-1].text == faithful and events[-1].complete and not notes(events)


def test_an_invented_translation_is_done_again_sentence_by_sentence_then_flagged(tools):
    backend = ScriptedBackend("The Spring Leaves Are Free!", "Spring is here.", "A walk.")
    events = events_of(ToolRunner(backend, tools), "translate", SPRING, options={"target": "English"})
    assert len(backend.prompts) == 3  # the whole, then each sentence
    assert events[-1].text == "Spring is here. A walk." and not events[-1].complete
    assert "much shorter" in notes(events)[0].text


def test_numbers_and_names_of_the_source_must_be_kept(tools):
    text = "收入增长了3.5%。GPT的用户也增加了。"
    backend = ScriptedBackend("Income grew a lot, and so did the number of users of the chatbot.")
    events = events_of(ToolRunner(backend, tools), "translate", text, options={"target": "English"})
    note = notes(events)[0].text
    assert "3.5" in note and "GPT" in note and not events[-1].complete


def test_the_guard_by_language_pair():
    assert not translation_problems("Lena met Tom in London on 3 May. They talked.",
                                    "莉娜5月3日在伦敦见到了汤姆。他们聊了天。", "Simplified Chinese")  # fmt: skip
    assert not translation_problems("Lena met Tom in London on 3 May. They talked.",
                                    "Lena a rencontré Tom à Londres le 3 mai. Ils ont parlé.", "French")  # fmt: skip
    assert not translation_problems("收入达到１,２００万元。", "Income reached 12 million yuan.", "English")
    assert translation_problems("Version 2.0 of the iPhone app ships today with many fixes.", "今天发布。",
                                "Simplified Chinese")  # fmt: skip
    # The app's own screenshot at another seed: two sentences of the right length, yet a headline.
    assert translation_problems(SPRING, 'The Spring Leaves Have Bloomed! "In the family of Simrun and Mama"',
                                "English") == ["it reads like a title, not the text"]  # fmt: skip
    assert not translation_problems("春天的公园", "The Park In Spring", "English")  # a heading may be one
    council = ("The city council met on Tuesday to discuss the new park. Residents asked for more trees and a "
               "playground. The council agreed to plant two hundred trees next spring.")  # fmt: skip
    assert not translation_problems(council, "市议会周二开会讨论新公园。居民们要求种更多的树并建一个游乐场。议会同意明年春天种两百棵树。",
                                    "Simplified Chinese")  # fmt: skip
    assert translation_problems(council, "三地区资派议编组通过协 table-top meeting中国人派给廉大和玩家帮劳增加效率！中国各地区决筑赫美洲！",
                                "Simplified Chinese") == ["it has words the text does not: meeting, table, top"]  # fmt: skip


def test_result_of_still_reads_a_complete_run(runner):
    assert result_of(runner, "translate", "今天天气很好。", options={"target": "English"}).text.strip()


def test_a_summary_its_length_limit_cut_mid_sentence_is_not_offered(tools):
    """One sentence cut by the summary's own token limit ("... they agreed to raise spending on") was
    kept whole, with no note: the model is asked again, then the text's own sentences are offered."""
    text = ("The committee met on Tuesday to discuss the budget for next year. After a long debate, they agreed "
            "to raise spending on schools and roads, while cutting costs elsewhere.")
    backend = ScriptedBackend("The committee met on Tuesday to discuss the budget for next year, and after a long "
                              "debate, they agreed to raise spending on schools and roads.")  # fmt: skip
    events = list(ToolRunner(backend, tools).run("summarize", Request(text)))
    assert backend.params[0].max_tokens < len(backend.replies[0])  # one token a character: the reply is cut
    assert isinstance(events[-1], Result) and events[-1].text in text and len(backend.prompts) == 2
    assert notes(events)


def test_a_summary_sentence_that_ends_a_little_past_the_limit_is_kept_not_asked_again(tools):
    """The one sentence runs a few tokens over the summary's limit: it is finished and offered, where
    cutting it meant a second generation (half a second of the writer's wait on a small model)."""
    text = ("The city council met on Tuesday evening to discuss the old railway yard. Residents asked for a "
            "park with trees and a playground. The council voted to keep half of the land as green space.")  # fmt: skip
    limit = len(text) // 2 + 8  # one token a character for the scripted model
    summary = ("The council met on Tuesday about the old railway yard, where residents asked for a park, and it "
               "kept half of the land green.")
    assert limit < len(summary) < limit * 1.5
    model = ScriptedBackend(summary)
    events = list(ToolRunner(model, tools).run("summarize", Request(text)))
    assert events[-1].text == summary and len(model.prompts) == 1 and not notes(events)


def test_only_a_first_summary_sentence_may_end_past_the_limit(tools):
    """A second sentence that runs past the limit is cut there and dropped, as before the first could
    end past it: the model streams no further for it."""
    text = ("Solar panels convert sunlight into electricity for homes. Battery storage lets households use solar "
            "energy at night. Net metering lets them sell surplus electricity to the grid.")  # fmt: skip
    limit = len(text) // 2 + 8  # one token a character for the scripted model
    first = "Solar panels convert sunlight into electricity. "
    reply = first + "Batteries store solar energy for the night, and households sell their surplus to the grid."
    assert len(first) < limit < len(reply) < limit * 1.5
    model = ScriptedBackend(reply)
    events = list(ToolRunner(model, tools).run("summarize", Request(text)))
    assert events[-1].text == first.strip() and len(model.prompts) == 1


def test_the_text_s_own_sentences_standing_in_are_fewer_than_it_has(tools):
    text = "The council met on Tuesday. It voted to keep half of the yard green."
    events = list(ToolRunner(ScriptedBackend("Dragons ate the moon in 1820."), tools).run("summarize", Request(text)))
    assert notes(events)
    assert events[-1].text in ("The council met on Tuesday.", "It voted to keep half of the yard green.")


BUDGET = ("The city council met on Tuesday to discuss the budget for next year. Residents asked for more money "
          "for schools and roads. The council agreed to raise spending on schools and to cut costs elsewhere.")


def test_a_bullet_summary_whose_only_line_was_cut_is_not_offered(tools):
    """A one-line bullet summary cut by its token limit mid-phrase was kept, with no note, as if the
    model had finished it: it is asked again, then the text's own sentences stand in, said so."""
    backend = ScriptedBackend("- The city council met on Tuesday to discuss the budget for next year, and residents "
                              "asked for more money for schools and roads, and the council agreed to raise spending on schools")  # fmt: skip
    events = list(ToolRunner(backend, tools).run("summarize", Request(BUDGET, options={"length": "bullets"})))
    assert backend.params[0].max_tokens < len(backend.replies[0])  # one token a character: the reply is cut
    assert len(backend.prompts) == 2 and notes(events)
    assert "agreed to raise\n" not in events[-1].text + "\n"


def test_a_last_bullet_the_model_ended_without_a_full_stop_is_kept(tools):
    """Bullets are often phrases without a full stop: the last one, which the model itself ended, is part of
    the summary (it was dropped as if a limit had cut it)."""
    summary = "- Council met on the budget\n- Schools and roads\n- More for schools"
    backend = ScriptedBackend(summary)
    events = list(ToolRunner(backend, tools).run("summarize", Request(BUDGET, options={"length": "bullets"})))
    assert events[-1].text == summary and len(backend.prompts) == 1 and not notes(events)


def test_a_summary_sentence_the_model_ended_without_a_full_stop_is_kept(tools):
    summary = "The council met about the budget and agreed to raise spending on schools"
    backend = ScriptedBackend(summary)
    events = list(ToolRunner(backend, tools).run("summarize", Request(BUDGET)))
    assert events[-1].text == summary and len(backend.prompts) == 1 and not notes(events)


def test_a_bullet_summary_cut_after_whole_lines_keeps_them(tools):
    whole_lines = "- The council met about the budget\n- Residents asked for schools and roads\n"
    backend = ScriptedBackend(whole_lines + "- The council agreed to raise spending on schools and to cut costs "
                                            "elsewhere in the budget for next year, after a long debate")  # fmt: skip
    events = list(ToolRunner(backend, tools).run("summarize", Request(BUDGET, options={"length": "bullets"})))
    assert events[-1].text == whole_lines.strip() and len(backend.prompts) == 1


def test_a_bullet_line_ended_just_before_the_limit_is_whole(tools):
    """The limit fell right after a line's end: that line is whole, and kept."""
    limit = len(BUDGET) // 2 + 8  # one token a character for the scripted model
    line = ("- The city council met on Tuesday to discuss the budget for next year and agreed to raise spending on "
            "schools and roads, as residents asked for more money, and to cut costs elsewhere in the budget")
    line = line[: limit + limit // 2 - 1] + "\n"  # ends at the reply's max_tokens
    assert limit < len(line)
    backend = ScriptedBackend(line + "- Schools and roads")
    events = list(ToolRunner(backend, tools).run("summarize", Request(BUDGET, options={"length": "bullets"})))
    assert events[-1].text == line.strip() and len(backend.prompts) == 1
