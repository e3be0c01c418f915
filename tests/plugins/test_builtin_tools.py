"""Every built-in tool, run through the tool runner on the real default model."""

import threading

import pytest

from assistant.core.engine import Continuation
from assistant.core.llama_backend import LlamaBackend
from assistant.core.cleanup import trimmed
from assistant.core.runner import Failed, Progress, Request, Result, Started, Stopped, Token, ToolRunner
from assistant.core.tools import Note
from assistant.core.settings import EngineSettings
from assistant.testing import ScriptedBackend
from helpers import events_of, result_of, share

ENGLISH = (
    "Solar panels convert sunlight into electricity. Modern solar panels use silicon cells, and their "
    "efficiency has improved steadily. Battery storage lets households use solar energy at night, and net "
    "metering lets them sell surplus electricity to the grid."
)
CHINESE = "人工智能正在改变医疗行业。医生使用机器学习模型分析医学影像，提高诊断的准确率。同时，数据隐私和算法偏见也引起了广泛关注。"
STORY = "Every morning, Lena walked her dog along the river. The water was calm and grey, and the city was still asleep. One day, she noticed"


def test_a_run_starts_streams_and_ends_with_a_result(runner):
    events = events_of(runner, "continue", ENGLISH)
    assert isinstance(events[0], Started) and events[0].range == (len(ENGLISH), len(ENGLISH))
    tokens = [e.text for e in events if isinstance(e, Token)]
    assert len(tokens) > 3
    assert isinstance(events[-1], Result) and events[-1].text == "".join(tokens)


@pytest.mark.parametrize("text", [ENGLISH, CHINESE])
def test_keywords_are_a_list_of_phrases_from_the_text(runner, text):
    result = result_of(runner, "keywords", text, options={"count": 5})
    keywords = result.value
    assert isinstance(keywords, list) and 1 <= len(keywords) <= 5
    assert all(isinstance(k, str) and k and k in text for k in keywords)
    assert len({k.casefold() for k in keywords}) == len(keywords)
    if text is CHINESE:
        assert all(" " not in k for k in keywords)


SALAD = ("harbour lantern velvet orbit canyon mosaic harbour lantern quartz meadow glacier harbour velvet "
         "orbit lantern meadow ember falcon harbour quartz")  # fmt: skip


def test_keywords_of_a_run_of_words_without_stop_words_or_punctuation(runner):
    """A run longer than a phrase was dropped whole: a list of words, or text without punctuation, had none."""
    keywords = result_of(runner, "keywords", SALAD, options={"count": 3}).value
    assert len(keywords) == 3 and all(k in SALAD.split() for k in keywords) and "harbour" in keywords


def test_a_text_without_key_phrases_says_so(tools):
    events = list(ToolRunner(ScriptedBackend("x"), tools).run("keywords", Request("and so on, 12 of 34.")))
    assert events[-1].value == [] and any(isinstance(e, Note) and "no key phrases" in e.text for e in events)


def test_translate_chinese_into_english_is_mainly_latin(runner):
    text = "春天来了，公园里的花都开了。小明和妈妈一起去公园散步。"
    result = result_of(runner, "translate", text, options={"target": "en"})
    assert share(result.text, "latin") > 0.8


def test_translate_english_into_chinese_is_mainly_chinese(runner):
    result = result_of(runner, "translate", "The cat sat on the mat. It was a sunny day.", options={"target": "zh"})
    assert share(result.text, "han") > 0.8


def test_translate_auto_target_goes_between_chinese_and_english(runner):
    assert share(result_of(runner, "translate", "今天天气很好，我们去爬山吧。").text, "latin") > 0.8


def test_translate_keeps_markdown_structure_and_code(runner):
    text = (
        "# 标题\n\n第一段文字。\n\n- 第一项\n- 第二项\n\n```python\nprint('你好')\n```\n\n使用 `pip` 安装。\n"
    )
    events = events_of(runner, "translate", text, options={"target": "English"})
    result = events[-1]
    assert isinstance(result, Result)
    out = result.text
    assert out.startswith("# ")
    assert "\n- " in out and out.count("\n- ") == 2
    assert "```python\nprint('你好')\n```\n" in out  # code is copied, never translated
    assert out.count("\n\n") == text.count("\n\n")
    progress = [e for e in events if isinstance(e, Progress)]
    assert [p.done for p in progress] == list(range(len(progress))) and progress[0].total == len(progress)


def test_summary_is_shorter_than_its_input(runner):
    for length in ("sentence", "paragraph", "bullets"):
        result = result_of(runner, "summarize", ENGLISH, options={"length": length})
        assert 0 < len(result.text) < len(ENGLISH)


def test_continue_does_not_repeat_the_prompt(runner):
    result = result_of(runner, "continue", STORY)
    text = result.text.strip()
    assert text
    assert not STORY.startswith(text[:20]) and not text.startswith(STORY[:20])
    assert "\n\n" not in result.text.strip()  # one paragraph by default


def test_continue_a_sentence_stops_at_its_end(runner):
    text = result_of(runner, "continue", STORY, options={"length": "sentence"}).text
    assert text.rstrip().endswith((".", "!", "?", "\"", "”"))


def test_continue_at_a_cursor_inside_the_document(runner):
    document = STORY + "\n\nThe end."
    events = events_of(runner, "continue", document, cursor=len(STORY))
    assert events[0].range == (len(STORY), len(STORY))
    assert isinstance(events[-1], Result) and events[-1].text.strip()


def test_rewrite_replaces_the_selection(runner):
    document = "Intro.\n\nMe and him goes to the store yesterday, and we buyed three apple.\n\nOutro."
    start = document.index("Me")
    end = document.index("\n\nOutro")
    events = events_of(runner, "rewrite", document, selection=(start, end), options={"style": "grammar"})
    assert events[0].range == (start, end)
    assert isinstance(events[-1], Result) and events[-1].text.strip()


def test_rewrite_without_a_selection_says_so(runner):
    events = events_of(runner, "rewrite", "Some text.")
    assert len(events) == 1 and isinstance(events[0], Failed)
    assert "select some text" in str(events[0].error)


def test_bad_options_and_unknown_tools_fail_clearly(runner):
    (failed,) = events_of(runner, "summarize", "Text.", options={"length": "epic"})
    assert isinstance(failed, Failed) and "length" in str(failed.error)
    (failed,) = events_of(runner, "keywords", "Text.", options={"count": "many"})
    assert "whole number" in str(failed.error)
    (failed,) = events_of(runner, "poem", "Text.")
    assert "no tool named 'poem'" in str(failed.error)


def test_cancel_mid_stream_stops_the_run(runner):
    cancel = threading.Event()
    events = []
    for event in runner.run("continue", Request(STORY, options={"length": "long"}), cancel):
        events.append(event)
        if sum(isinstance(e, Token) for e in events) == 3:
            cancel.set()
    assert isinstance(events[-1], Stopped)
    assert sum(isinstance(e, Token) for e in events) == 3
    assert isinstance(result_of(runner, "summarize", ENGLISH), Result)  # the backend is fine afterwards


@pytest.fixture(scope="module")
def small_runner(model_path, tools, sampling):
    backend = LlamaBackend(model_path, EngineSettings(n_ctx=512))
    yield ToolRunner(backend, tools, sampling)
    backend.close()


def long_document(paragraphs: int) -> str:
    topics = ["the harbour", "the old mill", "the winter market", "the school choir", "the river bridge"]
    return "\n\n".join(
        f"Chapter {i + 1}. The town talked about {topics[i % 5]} all week. People met at {topics[(i + 2) % 5]} "
        f"and argued about what should change. In the end the mayor promised to look at {topics[(i + 3) % 5]} "
        "before the spring, and everyone went home satisfied but tired."
        for i in range(paragraphs)
    )


def test_a_document_ten_times_the_context_is_summarized_map_reduce(small_runner):
    document = long_document(110)
    assert small_runner.backend.count_tokens(document) > 10 * small_runner.backend.n_ctx
    events = events_of(small_runner, "summarize", document, options={"length": "sentence"})
    assert isinstance(events[-1], Result), events[-1]
    assert 0 < len(events[-1].text) < len(document) / 20
    progress = [e for e in events if isinstance(e, Progress)]
    assert len(progress) > 10 and any(p.total > 10 for p in progress)


def test_long_input_is_translated_in_pieces_in_order(small_runner):
    document = "\n\n".join(f"第{i}段。今天天气很好，我们去公园散步，看到很多花。" for i in range(1, 13))
    events = events_of(small_runner, "translate", document, options={"target": "English"})
    assert isinstance(events[-1], Result), events[-1]
    assert events[-1].text.count("\n\n") == document.count("\n\n")


def test_a_prompt_cut_to_fit_keeps_the_text_nearest_the_cursor(small_runner):
    document = long_document(30) + "\n\nAnd so the story of the town"
    assert small_runner.backend.count_tokens(document) > 512
    result = result_of(small_runner, "continue", document, options={"length": "sentence"})
    assert 0.8 * (512 - 60) <= result.stats.prompt_tokens <= 512 - 60 and result.text.strip()


@pytest.mark.parametrize("size", [1_000, 3_000, 10_000, 40_000])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_continue_reads_its_whole_budget_of_the_text_nearest_the_cursor(runner, backend, size, language):
    """Real token counts on documents of 1k to 40k tokens: the prompt holds at least 90% of the budget
    (min(CONTEXT_TOKENS, what the context leaves)) whenever the text before the cursor is that long."""
    import assistant_continue as tool

    unit = long_document(1) if language == "en" else "第一章。镇上的人整个星期都在谈论港口和老磨坊，市长答应春天之前去看看。"
    paragraphs = max(1, size // backend.count_tokens(unit + "\n\n"))
    document = "\n\n".join(f"{i}. {unit}" for i in range(paragraphs))
    after = "\n\nThe next morning the harbour was quiet." * 200
    job = runner.job("continue", Request(document + after, cursor=len(document), options={"length": "paragraph"}))
    prompt = tool.prompt(job)
    budget = min(tool.CONTEXT_TOKENS, backend.n_ctx - backend.prompt_tokens(tool.render("")) - tool.LENGTHS["paragraph"])
    used = backend.prompt_tokens(prompt)
    assert used <= budget + backend.prompt_tokens(tool.render(""))
    assert document.endswith(prompt.before)  # the text nearest the cursor, in one piece
    if backend.count_tokens(document) >= budget:
        assert backend.count_tokens(prompt.before) >= 0.9 * budget, (backend.count_tokens(prompt.before), budget)
    else:
        assert prompt.before == document


def test_continue_prompt_is_plain_text(runner, backend):
    # The continue tool hands the model the text itself, not a chat about it.
    job = runner.job("continue", Request(STORY))
    assert backend.prompt_tokens(Continuation(STORY)) == backend.count_tokens(STORY)
    assert job.range == (len(STORY), len(STORY))


@pytest.mark.parametrize("answer, phrases", [
    ('{"keywords": ["city council", "park"]}', ["city council", "park"]),
    ('{"keywords": "city council, park"}', ["city council", "park"]),  # one string of phrases
    ('["trees", "mayor"]', ["trees", "mayor"]),
    ('{"keywords": ["city \\q council", "park"', ["city \\q council", "park"]),  # a bad escape, cut short
    ("no JSON at all", []),
])  # fmt: skip
def test_keyword_answers_are_parsed_however_the_model_wrote_them(answer, phrases):
    import assistant_keywords

    assert assistant_keywords.parse(answer) == phrases


@pytest.mark.parametrize("text", [ENGLISH, "人工智能正在改变医疗行业。医生使用机器学习模型分析医学影像，提高诊断的准确率。"
                                  "同时，数据隐私和算法偏见也引起了广泛关注。"])  # fmt: skip
def test_keywords_are_as_many_as_asked_and_all_phrases_of_the_text(runner, text):
    for count in (3, 8):
        keywords = result_of(runner, "keywords", text, options={"count": count}).value
        assert len(keywords) == count and len(set(keywords)) == count
        assert all(k in text for k in keywords), keywords


@pytest.mark.parametrize("returned", ["plain text", ["a", "b"], {"k": 1}, None])
def test_a_tool_may_return_its_value_instead_of_yielding(backend, returned):
    from assistant import Tool
    from assistant.core.runner import ToolRunner

    tool = Tool("give", "Give", run=lambda job: returned, input="selection_or_document", output="panel")
    events = list(ToolRunner(backend, tools={"give": tool}).run("give", Request("Some text.")))
    assert isinstance(events[-1], Result)
    assert events[-1].value == (returned if returned is not None else "")
    assert events[-1].text == (returned if isinstance(returned, str) else "")


def test_a_tool_that_raises_at_once_fails_cleanly(backend):
    from assistant import Tool
    from assistant.core.runner import ToolRunner

    def broken(job):
        raise RuntimeError("bug in a plugin")

    tool = Tool("broken", "Broken", run=broken, input="selection_or_document", output="panel")
    events = list(ToolRunner(backend, tools={"broken": tool}).run("broken", Request("Some text.")))
    assert isinstance(events[-1], Failed) and "bug in a plugin" in str(events[-1].error)


def test_an_invented_summary_is_replaced_by_the_texts_own_sentences(tools):
    """A model that answers with inventions (as the 135M model does on Chinese): the writer gets the
    text's central sentences, and a note saying so."""
    from assistant import Note
    from assistant.core.runner import ToolRunner
    from test_chinese import Recorder

    text = "人工智能正在改变医疗行业。医生使用机器学习模型分析医学影像，提高诊断的准确率。同时，数据隐私和算法偏见也引起了广泛关注。"
    recorder = Recorder("视角调诉（15万年前的新问题镭城博家编绑）。")
    events = list(ToolRunner(recorder, tools).run("summarize", Request(text, options={"length": "sentence"})))
    assert len(recorder.prompts) == 2  # asked again at temperature 0 first
    assert any(isinstance(e, Note) for e in events)
    assert isinstance(events[-1], Result) and events[-1].text in text


@pytest.mark.parametrize("reply, source, answer", [
    (["A revised version of the text:\n", "We went to the store."], "we goes to store", "We went to the store."),
    (["Here is the rewritten text: ", "We went."], "we goes", "We went."),
    (["“我们", "昨天去了商店。”"], "我们昨天去商店", "我们昨天去了商店。"),
    (["译文：", "It rained."], "下雨了", "It rained."),
    (['"Quoted" stays'], '"Quoted" stays', '"Quoted" stays'),  # the source had the quotes
    (["Summary: the writer's own label"], "Summary: the writers own label", "Summary: the writer's own label"),
])  # fmt: skip
def test_labels_and_quotes_the_model_adds_are_stripped(reply, source, answer):
    from assistant.core.cleanup import unwrapped

    assert "".join(trimmed(unwrapped(iter(reply), source))) == answer


def test_rewrite_keeps_markdown_markers_by_construction(tools):
    from assistant.core.runner import ToolRunner
    from test_chinese import Recorder

    text = "# A title\n\n- first item\n- second item\n\n> a quote\n"
    recorder = Recorder("Better words")
    result = result_of(ToolRunner(recorder, tools), "rewrite", text, selection=(0, len(text)))
    assert result.text == "# Better words\n\n- Better words\n- Better words\n\n> Better words\n"
    assert all("#" not in p.user and "- " not in p.user.split("Text:")[-1] for p in recorder.prompts)


def test_a_mixed_document_translates_only_the_paragraphs_in_the_other_language(runner):
    english = "The harbour was quiet in the morning, and the boats were all in."
    text = f"## 港口\n\n{english}\n\n今天早上港口很安静，所有的船都回来了。\n"
    result = result_of(runner, "translate", text, options={"target": "English"})
    assert f"\n\n{english}\n\n" in result.text  # left exactly as it was
    assert result.text.startswith("## ") and '"' not in result.text.splitlines()[0]
    assert share(result.text, "latin") > 0.9


def test_a_translation_left_in_the_source_script_is_done_again_sentence_by_sentence(tools):
    from assistant.core.engine import BackendInfo, GenerationStats
    from assistant.core.runner import ToolRunner
    from test_chinese import Recorder

    class Stubborn(Recorder):
        """Keeps the Chinese for a whole paragraph, translates a single sentence."""

        def generate(self, prompt, params, cancel=None):
            self.prompts.append(prompt)
            yield "今天下雨了。我们在家。" if prompt.user.count("。") > 1 else "It rained."

    stubborn = Stubborn("")
    stubborn.info, stubborn.last_stats = BackendInfo("test", "stubborn", 4096, True), GenerationStats(n_ctx=4096)
    result = result_of(ToolRunner(stubborn, tools), "translate", "今天下雨了。我们在家。", options={"target": "English"})
    assert result.text == "It rained. It rained." and len(stubborn.prompts) == 3


def test_a_note_the_model_adds_to_a_translation_is_dropped(tools):
    from assistant.core.runner import ToolRunner
    from test_chinese import Recorder

    recorder = Recorder("It rained this morning. (Note: this is a literal translation.)")
    result = result_of(ToolRunner(recorder, tools), "translate", "今天早上下雨了。", options={"target": "English"})
    assert result.text == "It rained this morning."


class Counting(ScriptedBackend):
    """A scripted model that streams a character at a time (Chinese has no spaces between words), and
    counts them: a stream closed early streams fewer."""

    streamed = 0

    def generate(self, prompt, params, cancel=None):
        for word in super().generate(prompt, params, cancel):
            for character in word:
                self.streamed += 1
                yield character


@pytest.mark.parametrize("sentence", ["The council kept half of the yard green. ", "议会决定把一半土地留作绿地。"])
def test_a_summary_stops_where_its_next_sentence_could_not_fit(tools, sentence):
    """Its tokens would be cut by the limit and the half sentence dropped: the model is not asked for them."""
    text = sentence * 12
    limit = len(text.strip()) // 2 + 8  # the summary's limit (one token a character for the scripted model)
    fits = limit // len(sentence)  # whole sentences within the limit
    model = Counting(sentence * (fits + 3))
    result = result_of(ToolRunner(model, tools), "summarize", text)
    assert result.text.strip() == (sentence * fits).strip()
    assert model.streamed <= len(sentence * fits) + 1  # and the first character of the next, at most
