"""Chinese input for every tool: Chinese prompts where a tool has them, and Chinese output."""

from __future__ import annotations

from typing import Iterator

import pytest

from assistant.core.engine import Backend, BackendInfo, GenerationStats, Prompt
from assistant.core.runner import ToolRunner
from assistant.core.templates import PromptTemplate
from helpers import result_of, share

RAIN = "今天早上下了一场大雨，街上的人都撑着伞匆匆走过。小王忘了带伞，只好在便利店门口等雨停。"
MEDICINE = "人工智能正在改变医疗行业。医生使用机器学习模型分析医学影像，提高诊断的准确率。同时，数据隐私和算法偏见也引起了广泛关注。"


class Recorder(Backend):
    """A scripted model that records its prompts, for the logic around the model."""

    def __init__(self, reply: str):
        self.reply, self.prompts = reply, []
        self.info = BackendInfo("test", "recorder", 4096, True)
        self.last_stats = GenerationStats(n_ctx=4096)

    def count_tokens(self, text: str) -> int:
        return len(text)

    def prompt_tokens(self, prompt) -> int:
        return len(getattr(prompt, "user", "") or getattr(prompt, "before", ""))

    def generate(self, prompt, params, cancel=None) -> Iterator[str]:
        self.prompts.append(prompt)
        yield self.reply


def test_a_template_uses_its_language_variant_when_there_is_one():
    summarize = PromptTemplate("assistant_summarize", "summarize.prompt")
    assert "原文" in summarize.render("zh", text="文字", length="一句话", part="").user
    assert "Text:" in summarize.render("en", text="text", length="one sentence", part="").user  # no en variant
    assert "Text:" in summarize.render(None, text="text", length="one sentence", part="").user


@pytest.mark.parametrize("tool, reply", [("summarize", "摘要"), ("rewrite", "改写"), ("keywords", '{"keywords": ["大雨"]}')])
def test_chinese_text_gets_the_chinese_prompt(tools, tool, reply):
    recorder = Recorder(reply)
    runner = ToolRunner(recorder, tools)
    options = {"count": 1} if tool == "keywords" else {}  # fewer than the candidates: the model chooses
    result_of(runner, tool, RAIN, selection=(0, len(RAIN)) if tool == "rewrite" else None, options=options)
    prompt: Prompt = recorder.prompts[-1]
    assert share(prompt.system + prompt.user, "han") > 0.5
    result_of(runner, tool, "It rained this morning and the streets were wet.",
              selection=(0, 23) if tool == "rewrite" else None, options=options)  # fmt: skip
    assert share(recorder.prompts[-1].system, "latin") > 0.9


@pytest.mark.parametrize("tool", ["continue", "rewrite", "summarize"])
def test_chinese_in_chinese_out(runner, tool):
    result = result_of(runner, tool, RAIN, selection=(0, len(RAIN)) if tool == "rewrite" else None)
    assert share(result.text, "han") > 0.7, result.text
    if tool == "summarize":
        assert len(result.text) < len(RAIN)


def test_chinese_keywords_are_chinese_phrases_of_the_text(runner):
    keywords = result_of(runner, "keywords", MEDICINE).value
    assert keywords and all(k in MEDICINE and share(k, "han") == 1.0 for k in keywords)


def test_chinese_is_translated_into_english_and_back(runner):
    english = result_of(runner, "translate", RAIN).text  # auto: Chinese into English
    assert share(english, "latin") > 0.8
    chinese = result_of(runner, "translate", "It rained this morning.", options={"target": "zh_CN"}).text
    assert share(chinese, "han") > 0.8
