"""The interface language: Qt translators for the app and for Qt's own dialogs.

The language follows the system unless the settings name one ("en",
"zh_CN"). Translations live in resources/translations as .ts sources and
compiled .qm files (see packaging/translations.py).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..core import paths
from ..core.proofread import Checker, Diagnostic
from ..core.tools import Tool

APP_CATALOG = "writing-assistant"
# Fonts with Chinese, Japanese and Korean glyphs, most likely first on each system:
# Qt falls back through them for characters the main font lacks.
CJK_FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei",
             "Noto Sans CJK JP", "Noto Sans CJK KR"]  # fmt: skip

# The built-in tools' names and option labels come from their plugins, in English;
# listed here so that lupdate puts them in the catalog (context "tools").
_BUILTIN_TOOL_TEXTS = (
    QT_TRANSLATE_NOOP("tools", "Continue Writing"),
    QT_TRANSLATE_NOOP("tools", "Write on from the cursor, in the voice of the text before it."),
    QT_TRANSLATE_NOOP("tools", "Rewrite"),
    QT_TRANSLATE_NOOP("tools", "Rewrite the selection: shorter, longer, formal, casual, with grammar fixed, or as you say."),
    QT_TRANSLATE_NOOP("tools", "Translate"),
    QT_TRANSLATE_NOOP("tools", "Translate the selection, or the whole document, keeping its paragraphs and markdown."),
    QT_TRANSLATE_NOOP("tools", "Summarize"),
    QT_TRANSLATE_NOOP("tools", "Summarize the selection, or the whole document, in a sentence, a paragraph or bullets."),
    QT_TRANSLATE_NOOP("tools", "Extract Keywords"),
    QT_TRANSLATE_NOOP("tools", "List the key phrases of the selection, or of the whole document."),
    QT_TRANSLATE_NOOP("tools", "Length"),
    QT_TRANSLATE_NOOP("tools", "Style"),
    QT_TRANSLATE_NOOP("tools", "Instruction"),
    QT_TRANSLATE_NOOP("tools", "Into"),
    QT_TRANSLATE_NOOP("tools", "From"),
    QT_TRANSLATE_NOOP("tools", "How many"),
    QT_TRANSLATE_NOOP("tools", "Your own instruction, used instead of the style when given."),
    QT_TRANSLATE_NOOP("tools", "A language name or code; auto: English for Chinese text, else Simplified Chinese."),
    QT_TRANSLATE_NOOP("tools", "The text's language; auto detects it."),
    QT_TRANSLATE_NOOP("tools", "Ask Your Sources"),
    QT_TRANSLATE_NOOP("tools", "Answer the question in the selection from your sources alone, citing them."),
    QT_TRANSLATE_NOOP("tools", "Use sources"),
    QT_TRANSLATE_NOOP("tools", "Show the model the passages of your sources that best match the text before the cursor."),
    QT_TRANSLATE_NOOP("tools", "Show the model the passages of your sources that best match the selection."),
    QT_TRANSLATE_NOOP("tools", "Check with Model"),
    QT_TRANSLATE_NOOP("tools", "Ask the model for spelling and grammar corrections, sentence by sentence; only small edits are kept."),
    QT_TRANSLATE_NOOP("tools", "English spelling"),
    QT_TRANSLATE_NOOP("tools", "Words missing from the English dictionary, with the likeliest corrections."),
    QT_TRANSLATE_NOOP("tools", "a or an"),
    QT_TRANSLATE_NOOP("tools", "“a” before a consonant sound, “an” before a vowel sound."),
    QT_TRANSLATE_NOOP("tools", "Repeated words"),
    QT_TRANSLATE_NOOP("tools", "A word typed twice: “the the”, “的的”."),
    QT_TRANSLATE_NOOP("tools", "Brackets and quotes"),
    QT_TRANSLATE_NOOP("tools", "Brackets and quotation marks opened and not closed, or closed and not opened."),
    QT_TRANSLATE_NOOP("tools", "Chinese punctuation"),
    QT_TRANSLATE_NOOP("tools", "Half-width punctuation between Chinese characters (“,” where “，” belongs)."),
    QT_TRANSLATE_NOOP("tools", "Chinese characters"),
    QT_TRANSLATE_NOOP("tools", "A character that sounds or looks like the one meant (是够 → 足够)."),
    QT_TRANSLATE_NOOP("tools", "的, 地 and 得"),
    QT_TRANSLATE_NOOP("tools", "的 where 地 or 得 belongs (跑的很快 → 跑得很快)."),
    QT_TRANSLATE_NOOP("tools", "Space between Chinese and Latin"),
    QT_TRANSLATE_NOOP("tools", "A space between Chinese characters and Latin letters or digits (a style)."),
)


def diagnostic_message(diagnostic: Diagnostic) -> str:
    """A checker's message in the interface language, as its plugin translated it (else as written)."""
    return diagnostic.message_in(QLocale().name())


def tool_text(tool: Tool | Checker, text: str) -> str:
    """One of a tool's (or a checker's) texts in the interface language: as its plugin translated it, else
    as the app's catalog has it (the built-ins' are there), else as written."""
    if not text:
        return text
    return tool.translated(text, QLocale().name()) or QCoreApplication.translate("tools", text)


def translations_folder() -> str:
    return str(paths.resource("translations"))


def install(app: QCoreApplication, language: str = "system") -> list[QTranslator]:
    """Load the app's and Qt's translations for `language` ("system", "en", "zh_CN", ...)."""
    locale = QLocale.system() if language in ("", "system") else QLocale(language)
    QLocale.setDefault(locale)
    installed = []
    for catalog, folder in ((APP_CATALOG, translations_folder()),
                            ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))):  # fmt: skip
        translator = QTranslator(app)
        if translator.load(locale, catalog, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def has_cjk_font() -> bool:
    """Whether some installed font has Chinese characters (without one, they show as boxes)."""
    from PySide6.QtGui import QFontDatabase

    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
