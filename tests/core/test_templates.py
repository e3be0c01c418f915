import pytest

from assistant.core import paths
from assistant.core.engine import Continuation, Prompt
from assistant.core.errors import ToolError
from assistant.core.templates import PromptTemplate, render

SOURCE = """[system]
You edit.
[user]
Summarize{{#focus}} with a focus on {{focus}}{{/focus}}{{^focus}} briefly{{/focus}}:
{{text}}
[answer]
Summary:
"""


def test_sections_variables_and_blocks():
    assert render(SOURCE, {"text": "Hello.", "focus": "names"}) == Prompt(
        system="You edit.", user="Summarize with a focus on names:\nHello.", answer="Summary:", lead=33
    )
    assert render(SOURCE, {"text": "Hello.", "focus": ""}).user == "Summarize briefly:\nHello."


def test_the_lead_is_the_users_message_before_the_first_text():
    """What the tool says before the writer's text, the same on every run: the prompt cache keeps it."""
    source = "[user]\n{{#focus}}On {{focus}}, {{/focus}}{{^text}}none{{/text}}sum up:\n{{text}} and {{text}}"
    prompt = render(source, {"text": "Hello.", "focus": "names"})
    assert prompt.user[: prompt.lead] == "On names, sum up:\n"
    assert render("[user]\nAnswer: {{question}}", {"question": "Why?"}).lead == 0  # no text: no lead


def test_values_are_inserted_verbatim_never_expanded():
    prompt = render(SOURCE, {"text": "{{focus}} {{#x}}{{/x}} {0.__class__}", "focus": ""})
    assert prompt.user.endswith("{{focus}} {{#x}}{{/x}} {0.__class__}")


def test_unknown_variables_are_errors_not_code():
    with pytest.raises(ToolError, match="unknown variable"):
        render("[user]\n{{text.__class__}}{{__import__}}", {"text": "x"})


def test_a_text_section_is_a_plain_continuation():
    assert render("[text]\nNotes.\n\n{{before}}", {"before": "Once"}) == Continuation(before="Notes.\n\nOnce")


def test_malformed_templates_are_explained():
    with pytest.raises(ToolError, match="must start"):
        render("no sections", {})
    with pytest.raises(ToolError, match="user"):
        render("[system]\nOnly a system part.", {})


def test_a_file_in_the_config_folder_overrides_the_shipped_one():
    template = PromptTemplate("assistant_summarize", "summarize.prompt")
    shipped = template.render(text="T", length="one sentence", part="")
    assert "one sentence" in shipped.user
    paths.templates_dir().mkdir(parents=True)
    (paths.templates_dir() / "summarize.prompt").write_text("[user]\nTL;DR {{text}}", encoding="utf-8")
    assert template.render(text="T", length="x", part="") == Prompt(user="TL;DR T", lead=6)


def test_language_names_from_codes_and_names():
    from assistant.core.language import language_name

    assert language_name("zh_CN") == language_name("zh-cn") == language_name("中文") == "Simplified Chinese"
    assert language_name("en") == "English" and language_name("swahili") == "Swahili"


@pytest.mark.parametrize("lead", [-1, 3])
def test_a_lead_outside_the_users_message_is_refused(lead):
    with pytest.raises(ToolError, match="Prompt.lead"):
        Prompt(user="Hi", lead=lead)
