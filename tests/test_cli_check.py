"""`writing-assistant check`, run as a writer runs it: a separate process."""

import json
import os

import pytest

from test_cli import cli

ENGLISH = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "en_US.UTF-8"}
MIXED = "Teh cat sat on the the mat.\r\nIt was fine.\r\n\r\n他以经走了,我们明天再谈。\r\n"


def test_plain_output_is_file_line_column_message_and_suggestion(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(MIXED.encode("utf-8"))
    lines = cli("check", path, check_code=1, env=ENGLISH).stdout.splitlines()
    assert lines == [
        f"{path}:1:1: Unknown word: Teh (The)",
        f"{path}:1:19: “the” twice (remove)",
        f"{path}:4:2: “以” may be “已” (已经) (已)",
        f"{path}:4:6: Full-width “，” in Chinese text (，)",
    ]


def test_messages_follow_the_locale_and_language_as_the_rest_of_the_cli(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(MIXED.encode("utf-8"))
    chinese = [f"{path}:1:1: 未知单词：Teh (The)", f"{path}:1:19: “the”重复了 (remove)",
               f"{path}:4:2: “以”可能是“已”（已经） (已)", f"{path}:4:6: 中文里用全角标点“，” (，)"]  # fmt: skip
    assert cli("check", path, check_code=1, env={**ENGLISH, "LANG": "zh_CN.UTF-8"}).stdout.splitlines() == chinese
    assert cli("check", path, "--language", "zh_CN", check_code=1, env=ENGLISH).stdout.splitlines() == chinese
    found = json.loads(cli("check", path, "--json", "--language", "en", check_code=1,
                           env={**ENGLISH, "LC_ALL": "zh_CN.UTF-8"}).stdout)  # fmt: skip
    assert found[2]["message"] == "“以” may be “已” (已经)"
    result = cli("check", path, "--language", "no such", check_code=2)
    assert result.stderr.strip() == ("writing-assistant: --language 'no such': give a language code such as en, zh "
                                     "or zh_CN")


def test_json_is_a_list_with_code_point_offsets_of_the_text_as_read(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(MIXED.encode("utf-8"))
    found = json.loads(cli("check", path, "--json", check_code=1).stdout)
    assert all(set(d) == {"start", "end", "line", "message", "suggestions", "rule"} for d in found)
    assert [(MIXED[d["start"] : d["end"]], d["line"], d["rule"]) for d in found] == [
        ("Teh", 1, "spelling"), (" the", 1, "repeated-word"), ("以", 4, "zh-characters"), (",", 4, "zh-punctuation")]
    assert found[0]["suggestions"][0] == "The"


def test_clean_text_exits_0_and_standard_input_is_read(tmp_path):
    assert cli("check", "-", stdin="All is well here.\n").stdout == ""
    assert json.loads(cli("check", "-", "--json", stdin="一切都很好。\n").stdout) == []


@pytest.mark.parametrize("content, message", [
    (None, "does not exist"), (b"", "is empty"), (b"  \n", "is empty"), (b"\x00\x01\x02binary", "binary"),
])  # fmt: skip
def test_bad_input_gets_one_line_and_exit_2(tmp_path, content, message):
    path = tmp_path / "input.md"
    if content is not None:
        path.write_bytes(content)
    result = cli("check", path, check_code=2)
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_or_a_device_is_one_line_not_a_hang(tmp_path):
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)  # nobody writes to it: reading it would wait for ever
    for path, message in ((fifo, "named pipe"), ("/dev/zero", "device")):
        result = cli("check", path, check_code=2)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_a_checker_turned_off_in_the_settings_is_not_run(tmp_path, home):
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(json.dumps({"proofread": {"checkers": {"spelling": False}}}))
    path = tmp_path / "notes.md"
    path.write_text("Teh end.\n", encoding="utf-8")
    assert cli("check", path).stdout == ""


def test_the_model_pass_runs_the_real_model_and_keeps_the_checkers_findings(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("Teh dog are hungry.\n", encoding="utf-8")
    result = cli("check", path, "--json", "--model-pass", check_code=1)
    found = json.loads(result.stdout)
    assert found[0]["rule"] == "spelling" and found[0]["start"] == 0
    assert all(d["rule"] in ("spelling", "model") and 0 <= d["start"] < d["end"] <= 19 for d in found)


def test_the_language_is_the_options_else_the_apps_else_the_locales(monkeypatch):
    from assistant.cli.common import interface_locale
    from assistant.core.settings import Settings

    settings = Settings()
    settings.editor.language = "zh_CN"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert (interface_locale("en", settings), interface_locale(None, settings)) == ("en", "zh_CN")
    settings.editor.language = "system"
    assert interface_locale(None, settings) == "en_GB"
    monkeypatch.setenv("LC_ALL", "C")
    assert interface_locale(None, settings) == ""  # messages as the checkers write them
