"""Tools written as one .prompt file, without code."""

import pytest

from assistant.core import paths
from assistant.plugins import PluginHost
from assistant.testing import ScriptedBackend, run_tool

TLDR = """---
title: TL;DR
input: selection_or_document
output: panel
options:
  tone: plain, playful, formal
  words: 12
---
[user]
Give a {{tone}} TL;DR of at most {{words}} words of this {{language}} text:

{{text}}
"""


@pytest.fixture
def folder():
    folder = paths.prompt_tools_dir()
    folder.mkdir(parents=True)
    return folder


def test_a_prompt_file_becomes_a_tool_with_its_options(folder):
    (folder / "tldr.prompt").write_text(TLDR, encoding="utf-8")
    host = PluginHost(entry_points=False)
    tool = host.tools()["tldr"]
    assert (tool.title, tool.input, tool.output) == ("TL;DR", "selection_or_document", "panel")
    assert [(o.name, o.default, o.choices) for o in tool.options] == [
        ("tone", "plain", ("plain", "playful", "formal")), ("words", 12, ())]  # fmt: skip
    assert host.records["assistant.core.prompt_tools"].tools == ["tldr"] and not host.problems()

    model = ScriptedBackend("  Parks are good.\n")
    outcome = run_tool(tool, "The council built a park.", options={"tone": "playful"}, backend=model)
    assert outcome.value == "Parks are good."
    assert model.prompts[0].user == ("Give a playful TL;DR of at most 12 words of this English text:\n\n"
                                     "The council built a park.")  # fmt: skip


def test_a_language_variant_is_used_for_its_language(folder):
    (folder / "tldr.prompt").write_text(TLDR, encoding="utf-8")
    (folder / "tldr.zh.prompt").write_text("[user]\n用一句话概括：{{text}}", encoding="utf-8")
    tool = PluginHost(entry_points=False).tools()["tldr"]
    model = ScriptedBackend("公园很好。")
    run_tool(tool, "议会建了一个公园。", backend=model)
    run_tool(tool, "The council built a park.", backend=model)
    assert model.prompts[0].user == "用一句话概括：议会建了一个公园。" and "TL;DR" in model.prompts[1].user


def test_a_replacing_prompt_tool_streams_the_replacement(folder):
    (folder / "pirate.prompt").write_text("---\ntitle: Pirate\ninput: selection\noutput: replace\n---\n"
                                          "[user]\nSay it as a pirate: {{text}}", encoding="utf-8")  # fmt: skip
    tool = PluginHost(entry_points=False).tools()["pirate"]
    outcome = run_tool(tool, "Hello there.", backend=ScriptedBackend('Here is the text: "Ahoy there."'))
    assert outcome.text == "Ahoy there."


@pytest.mark.parametrize("source, message", [
    ("[user]\n{{text}}", "must start with a header"),
    ("---\ntitle: X\ncolour: red\n---\n[user]\n{{text}}", "unknown field 'colour'"),
    ("---\ntitle: X\noutput: pannel\n---\n[user]\n{{text}}", "output must be one of"),
    ("---\ntitle: X\n---\n[user]\n{{txet}}", "unknown variable {{txet}}"),
    ("---\ntitle: X\n---\n[system]\nonly a system part", "[user] section is missing"),
])  # fmt: skip
def test_a_broken_file_is_one_line_naming_it_and_the_others_load(folder, source, message):
    (folder / "broken.prompt").write_text(source, encoding="utf-8")
    (folder / "tldr.prompt").write_text(TLDR, encoding="utf-8")
    host = PluginHost(entry_points=False)
    tools = host.tools()
    assert "tldr" in tools and "broken" not in tools
    [problem] = host.problems()
    assert "broken.prompt" in problem and message in problem and "\n" not in problem


def test_a_prompt_tool_cannot_take_a_built_in_name(folder):
    (folder / "summarize.prompt").write_text(TLDR, encoding="utf-8")
    host = PluginHost(entry_points=False)
    assert host.tools()["summarize"].title == "Summarize"
    assert any("taken by assistant_summarize" in p for p in host.problems())


def test_the_header_bounds_the_replys_length_and_temperature(folder, backend):
    (folder / "short.prompt").write_text("---\ntitle: Short\nmax_tokens: 4\ntemperature: 0.2\n---\n"
                                         "[user]\nTell a long story about {{text}}", encoding="utf-8")  # fmt: skip
    tool = PluginHost(entry_points=False).tools()["short"]
    model = ScriptedBackend("Once upon a time")
    assert run_tool(tool, "a park", backend=model).value == "Once"  # four characters: four scripted tokens
    assert (model.params[0].max_tokens, model.params[0].temperature) == (4, 0.2)
    run_tool(tool, "a park", backend=backend)  # the real model stops there too
    assert 0 < backend.last_stats.generated_tokens <= 4


@pytest.mark.parametrize("field, message", [
    ("max_tokens: 0", "max_tokens is a whole number above 0"),
    ("max_tokens: many", "max_tokens is a whole number above 0"),
    ("temperature: 3", "temperature is a number from 0 to 2"),
    ("temperature: nan", "temperature is a number from 0 to 2"),
])  # fmt: skip
def test_a_wrong_length_or_temperature_is_one_line_naming_the_file(folder, field, message):
    (folder / "odd.prompt").write_text(f"---\ntitle: Odd\n{field}\n---\n[user]\n{{{{text}}}}", encoding="utf-8")
    host = PluginHost(entry_points=False)
    assert "odd" not in host.tools()
    [problem] = host.problems()
    assert "odd.prompt" in problem and message in problem
