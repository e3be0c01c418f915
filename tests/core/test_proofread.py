"""The proofreading core: diagnostics, checkers from plugins, paragraphs, caching, what the writer accepted."""

import re

import pytest

from assistant import Checker, Diagnostic, ToolError, hookimpl
from helpers import LoudPlugin, loud
from assistant.core.proofread import (Accepted, PersonalDictionary, Proofreader, enabled, line_and_column, mask,
                                      paragraphs)  # fmt: skip
from assistant.plugins import PluginHost


def shouting(piece):
    """Marks every word in capitals: a checker of the simplest kind."""
    for m in re.finditer(r"\b[A-Z]{2,}\b", piece.text):
        yield Diagnostic(m.start(), m.end(), "Shouting", (m.group(0).lower(),), severity="style")


SHOUTING = Checker("shouting", "Shouting", shouting)


def reader(*checkers, tmp_path, **kw):
    return Proofreader(checkers, PersonalDictionary(tmp_path / "words.txt"), **kw)


def test_a_diagnostic_checks_its_range_and_severity():
    with pytest.raises(ValueError):
        Diagnostic(5, 3, "backwards")
    with pytest.raises(ValueError):
        Diagnostic(0, 1, "x", severity="fatal")
    assert Diagnostic(1, 2, "m", ["a"]).suggestions == ("a",)
    assert str(Diagnostic(1, 2, "Unknown word: teh", ("the",))) == "Unknown word: teh → the"


def test_a_checker_is_checked_when_made():
    with pytest.raises(ToolError):
        Checker("Bad Name", "x", shouting)
    with pytest.raises(ToolError):
        Checker("ok", "x", "not a function")


def test_findings_are_in_document_offsets_per_paragraph_and_rule_defaults_to_the_checker(tmp_path):
    text = "Calm words.\n\nNow LOUD ones.\n\n```\nCODE IN A FENCE\n```\n"
    found = reader(SHOUTING, tmp_path=tmp_path).check(text)
    assert [(text[d.start : d.end], d.rule) for d in found] == [("LOUD", "shouting")]
    assert line_and_column(text, found[0].start) == (3, 5)


def test_code_urls_emails_and_markdown_are_hidden_from_checkers():
    text = "# Title with `CODE` and https://EXAMPLE.com/X or ME@HOST.org, **bold** [link](http://X.org)"
    masked = mask(text)
    assert len(masked) == len(text)
    assert "CODE" not in masked and "EXAMPLE" not in masked and "ME@" not in masked and "http" not in masked
    assert "Title" in masked and "bold" in masked and "link" in masked and "**" not in masked


def test_each_paragraph_is_checked_in_its_own_language(tmp_path):
    seen = []
    english_only = Checker("en-only", "x", lambda piece: seen.append(piece.language) or [], languages=("en",))
    anything = Checker("any", "x", lambda piece: seen.append(piece.language) or [])
    reader(english_only, anything, tmp_path=tmp_path).check("An English line.\n\n一段中文的文字。\n")
    assert seen == ["en", "en", "zh"]


def test_a_paragraph_is_checked_once_until_it_changes(tmp_path):
    calls = []

    def counting(piece):
        calls.append(piece.text)
        return []

    proofreader = reader(Checker("count", "x", counting), tmp_path=tmp_path)
    text = "First paragraph.\n\nSecond paragraph.\n"
    proofreader.check(text)
    proofreader.check(text.replace("Second", "Other"))
    assert calls == ["First paragraph.", "Second paragraph.", "Other paragraph."]


def test_personal_words_glossary_names_and_ignored_rules_are_never_marked(tmp_path):
    dictionary = PersonalDictionary(tmp_path / "words.txt")
    dictionary.add("NASA")
    assert PersonalDictionary(tmp_path / "words.txt").words == {"NASA"}  # kept in its file
    accepted = Accepted()
    proofreader = Proofreader([SHOUTING], dictionary, glossary=[("GPU FARM", "显卡集群")], accepted=accepted)
    text = "NASA runs a GPU FARM and the ESA too. Bob met Alice, and then BOB met Alice again."
    assert [text[d.start : d.end] for d in proofreader.check(text)] == ["ESA", "BOB"]
    accepted.findings.add(("shouting", "ESA"))
    assert [text[d.start : d.end] for d in proofreader.check(text)] == ["BOB"]
    accepted.rules.add("shouting")
    assert proofreader.check(text) == []


def test_a_failing_checker_is_reported_and_left_out(tmp_path):
    def broken(piece):
        raise RuntimeError("boom")

    proofreader = reader(Checker("broken", "x", broken), SHOUTING, tmp_path=tmp_path)
    assert [d.rule for d in proofreader.check("ALL CAPS here.")] == ["shouting", "shouting"]
    assert proofreader.problems == ["The checker broken failed and is left out: RuntimeError: boom"]


def test_paragraphs_skip_code_blocks():
    text = "One.\n\n    indented code\n\nTwo\nlines.\n"
    assert paragraphs(text) == [(0, "One."), (25, "Two\nlines.")]


class CheckerPlugin:
    @hookimpl
    def register_checkers(self, register):
        register(SHOUTING)
        register(Checker("off", "An option", shouting, default=False))


def test_plugins_register_checkers_and_the_writer_chooses_which_run():
    host = PluginHost(builtins=(), entry_points=False)
    host.register(CheckerPlugin(), "shouty")
    checkers = host.checkers()
    assert list(checkers) == ["shouting", "off"] and host.records["shouty"].checkers == ["shouting", "off"]
    assert [c.name for c in enabled(checkers, {})] == ["shouting"]
    assert [c.name for c in enabled(checkers, {"shouting": False, "off": True})] == ["off"]


def test_something_else_than_a_checker_fails_the_plugin_alone():
    class Wrong:
        @hookimpl
        def register_checkers(self, register):
            register("spelling")

    host = PluginHost(builtins=(), entry_points=False)
    host.register(Wrong(), "wrong")
    host.register(CheckerPlugin(), "shouty")
    assert list(host.checkers()) == ["shouting", "off"]
    assert "not an assistant.Checker" in host.records["wrong"].error


def test_a_third_party_checker_ships_its_messages_in_other_languages(tmp_path):
    host = PluginHost(builtins=(), entry_points=False)
    host.register(LoudPlugin(), "loud")
    checker = host.checkers()["loud"]
    [found] = reader(checker, tmp_path=tmp_path).check("Calm, then LOUD.")
    assert found.message == "“{word}” shouts" and found.args == {"word": "LOUD"}
    assert (found.message_in("zh_CN"), found.message_in("en_GB"), str(found)) == (
        "“LOUD”在喊", "“LOUD” shouts", "“LOUD” shouts → loud")
    assert checker.translated("Loud words", "zh_CN") == "大声的词" and checker.translated("Loud words", "de") is None


def test_a_message_and_its_translations_must_agree_on_their_names():
    with pytest.raises(ValueError, match="cannot take its args"):
        Diagnostic(0, 1, "“{word}” shouts", args={"other": "x"})
    with pytest.raises(ToolError, match="zh translation"):
        Checker("loud", "Loud", loud, translations={"zh": {"“{word}” shouts": "“{词}”在喊"}})
    assert Diagnostic(0, 1, "“{” closes nothing").message_in("zh_CN") == "“{” closes nothing"  # no args: as is
