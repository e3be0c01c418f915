"""The writing memory: notes reach every built-in tool's prompt; the glossary guides translation."""

import pytest

from assistant import Memory
from assistant.core import memory as store
from assistant.plugins import PluginHost
from assistant.testing import ScriptedBackend, run_tool

NOTES = "Audience: children of eight. Tone: warm and simple."
TEXT = "The council built a new park with a pond. Children feed the ducks there every morning."


def recorded_prompts(prompts) -> list[str]:
    return [getattr(p, "system", "") + getattr(p, "before", "") for p in prompts]


@pytest.mark.parametrize("name, options, reply", [
    ("continue", {"length": "sentence"}, " The ducks love bread."),
    ("rewrite", {"style": "shorter"}, "A new park has a pond."),
    ("translate", {"target": "Simplified Chinese"}, "议会建了一个新公园。"),
    ("summarize", {"length": "sentence"}, "The council built a park with a pond for children and ducks."),
    ("keywords", {"count": 2}, '{"keywords": ["new park", "pond"]}'),
])  # fmt: skip
def test_the_notes_reach_every_built_in_tool_at_the_start_of_its_prompt(name, options, reply):
    tool = PluginHost(entry_points=False).tools()[name]
    model = ScriptedBackend(reply)
    run_tool(tool, TEXT, options=options, backend=model, memory=Memory(NOTES))
    assert model.prompts and all(p.startswith("Notes from the writer") and NOTES in p
                                 for p in recorded_prompts(model.prompts))  # fmt: skip


def test_the_glossary_is_given_to_the_translator_and_a_miss_is_marked():
    tool = PluginHost(entry_points=False).tools()["translate"]
    glossary = Memory(glossary=[("议会", "city council"), ("公园", "park")])
    model = ScriptedBackend("The parliament built a park.")
    outcome = run_tool(tool, "议会建了一个公园。", options={"target": "English"}, backend=model, memory=glossary)
    assert "议会 -> city council" in model.prompts[0].user and "公园 -> park" in model.prompts[0].user
    assert outcome.notes == ["Not translated as the glossary says: 议会 -> city council"]
    followed = run_tool(tool, "议会建了一个公园。", options={"target": "English"}, memory=glossary,
                        backend=ScriptedBackend("The city council built a park."))  # fmt: skip
    assert followed.notes == []


def test_memory_is_kept_per_document_and_moves_with_it(tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    store.save(first, Memory(NOTES, [("术语", "term")]))
    assert store.load(first) == Memory(NOTES, [("术语", "term")]) and not store.load(second)
    store.move(first, second)
    assert store.load(second).notes == NOTES
    store.save(second, Memory())
    assert not store.load(second)


@pytest.mark.parametrize("content", ['["notes"]', '"notes"', '{"notes": null}', '{"glossary": {"a": "b"}}',
                                     '{"glossary": [["a", 1]]}', '{"notes": ' + "[" * 100_000 + "}"])
def test_a_memory_file_of_the_wrong_shape_is_moved_aside_and_named(tmp_path, home, content):
    document = tmp_path / "a.md"
    store.save(document, Memory(NOTES))
    (file,) = (home / "data" / "memory").iterdir()
    file.write_text(content, encoding="utf-8")
    problems: list[str] = []
    assert store.load(document, problems) == Memory()
    (aside,) = (home / "data" / "memory").iterdir()
    assert ".bad-" in aside.name and aside.read_text(encoding="utf-8") == content
    assert len(problems) == 1 and str(aside) in problems[0]
