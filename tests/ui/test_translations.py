"""The interface in Simplified Chinese: complete catalogs, kept in step with the code, and used."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from assistant.ui import i18n
from conftest import close_window, make_window

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "translations"
CATALOGS = sorted(FOLDER.glob("*.ts"))


def messages(ts: Path):
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message


def test_there_are_catalogs_for_english_and_simplified_chinese():
    assert [p.name for p in CATALOGS] == ["writing-assistant_en.ts", "writing-assistant_zh_CN.ts"]
    assert all(p.with_suffix(".qm").exists() for p in CATALOGS)


@pytest.mark.parametrize("ts", CATALOGS, ids=lambda p: p.stem)
def test_every_string_is_translated(ts):
    untranslated = []
    for context, message in messages(ts):
        translation = message.find("translation")
        forms = [f.text for f in translation.iter("numerusform")] if message.get("numerus") else [translation.text]
        if translation.get("type") in ("unfinished", "obsolete", "vanished") or not all(forms):
            untranslated.append(f"{context}: {message.findtext('source')}")
    assert untranslated == []


def test_the_chinese_catalog_holds_every_string_of_the_interface(tmp_path):
    """A string added to the code but not to the catalog would show in English."""
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "assistant" / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), "-locations", "none", *sources, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {(c, m.findtext("source")) for c, m in messages(fresh)}
    have = {(c, m.findtext("source")) for c, m in messages(FOLDER / "writing-assistant_zh_CN.ts")}
    assert wanted - have == set()


def test_chinese_text_in_translations_reads_naturally():
    # Chinese punctuation, and no stray English words in the Chinese catalog but names (and the English
    # words proofreading rules are about).
    allowed = {"AI", "GPU", "CPU", "API", "Markdown", "GGUF", "MiB", "GiB", "SHA", "Hugging", "Face", "README",
               "CUDA", "Metal", "Vulkan", "llama", "cpp", "gguf", "txt", "md", "markdown", "Top", "Min", "Ctrl",
               "Enter", "Esc", "auto", "B", "p", "k", "s", "n",
               "Tab", "Noto", "Sans", "CJK", "fonts", "noto", "cjk", "pip", "PyPI", "wheel", "NAME", "prompt",
               "a", "an", "the"}  # fmt: skip
    import re

    for _, message in messages(FOLDER / "writing-assistant_zh_CN.ts"):
        text = message.findtext("translation") or "".join(f.text for f in message.iter("numerusform"))
        words = set(re.findall(r"[A-Za-z]+", re.sub(r"\(&\w\)|%\d|%n|\*\.\w+|\b[\w-]+(?:\.[a-z]{2,})+\b", "", text)))
        assert words <= allowed, (text, words - allowed)


@pytest.fixture
def chinese(qapp):
    translators = i18n.install(qapp, "zh_CN")
    assert translators, "the zh_CN catalog did not load"
    yield
    for translator in translators:
        QApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale("en_US"))  # install() set it: the checkers' messages follow it


def test_menus_and_dialogs_are_in_chinese(qtbot, chinese):
    window = make_window(qtbot, load=False)
    try:
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "AI(&I)", "设置(&S)", "帮助(&H)"]
        assert window.tool_actions["summarize"].text().startswith("摘要")
        assert window.tool_actions["continue"].text().startswith("续写")
        window.view.open_settings_dialog()
        assert window.view.settings_dialog.windowTitle() == "首选项"
        window.view.settings_dialog.reject()
        window.runs.ask_and_run("translate")  # no model: the options form still opens
        assert window.runs.options_dialog.windowTitle() == "翻译"
        window.runs.options_dialog.reject()
        window.plugins.open_plugin_dialog()
        assert window.plugins.plugin_dialog.windowTitle() == "插件"
        window.plugins.plugin_dialog.reject()
        assert window.current_tab().title() == "未命名"
    finally:
        close_window(window)


def test_the_checkers_messages_are_in_chinese(qtbot, chinese):
    """The checkers live in the Qt-free core and plugins, so their messages come with their translations:
    the interface shows them in its language, in the menu of a mark, its tooltip's source and the Problems
    panel, the English rules' and the Chinese rules' alike."""
    from PySide6.QtGui import QTextCursor

    window = make_window(qtbot, load=False)
    try:
        text = "We recieve a apple (every day.\n\nIt was a the end.\n\n他以经走了,我们明天再谈。\n"
        window.current_editor().setPlainText(text)
        tab = window.current_tab()
        qtbot.waitUntil(lambda: tab.proofing.shown == tab.text(), timeout=20_000)
        cursor = QTextCursor(tab.document)
        cursor.setPosition(text.index("recieve") + 2)
        actions = [a.text() for a in window.proofing._menu_actions(tab, cursor) if not a.isSeparator()]
        assert actions[0] == "未知单词：recieve" and "忽略此规则（英文拼写）" in actions, actions
        lines = [window.proofing.panel.list.item(i).text() for i in range(window.proofing.panel.list.count())]
        assert len(lines) == 6 and not any(w in line for line in lines for w in ("Unknown", "Use", "never", "Two"))
        assert "“apple”前应使用“an”" in lines[1] and "[英文拼写]" in lines[0], lines
        assert lines[4:] == ["5:2  “以”可能是“已”（已经） → 已  [中文错别字]", "5:6  中文里用全角标点“，” → ，  [中文标点]"]
    finally:
        close_window(window)


def test_the_interface_follows_the_system_language():
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from assistant.ui import i18n\n"
        "from assistant.ui.window import MainWindow\n"
        "from assistant.core.settings import Settings\n"
        "app = QApplication([])\n"
        "i18n.install(app, 'system')\n"
        "w = MainWindow(Settings())\n"
        "print(w.menuBar().actions()[0].text())\n"
        "w.shutdown()\n"
    )
    for lang, expected in (("zh_CN.UTF-8", "文件(&F)"), ("en_US.UTF-8", "&File")):
        env = {**os.environ, "LANG": lang, "LC_ALL": lang, "LANGUAGE": "", "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
        assert out.stdout.strip() == expected, out.stderr
