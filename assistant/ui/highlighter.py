"""Markdown syntax highlighting, in colours that suit a light or a dark palette."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QApplication

from ..core.chunking import FENCE

IN_FENCE = 1  # block state: inside a fenced code block

_RULES = [  # (pattern, format name); later rules paint over earlier ones
    (re.compile(r"^\s{0,3}#{1,6}\s.*$"), "heading"),
    (re.compile(r"^\s{0,3}>.*$"), "quote"),
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s"), "marker"),
    (re.compile(r"(?<![*\w])\*(?!\s)[^*\n]+\*(?!\*)|(?<![_\w])_(?!\s)[^_\n]+_(?!\w)"), "emphasis"),
    (re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__"), "strong"),
    (re.compile(r"\[[^\]\n]*\]\([^)\n]*\)|<https?://[^>\s]+>"), "link"),
    (re.compile(r"`[^`\n]+`"), "code"),
]


def _formats() -> dict[str, QTextCharFormat]:
    dark = QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    colour = {
        "heading": "#8ab4f8" if dark else "#1a56b0",
        "quote": "#9aa0a6" if dark else "#5f6368",
        "marker": "#f28b82" if dark else "#b3261e",
        "link": "#81c995" if dark else "#137333",
        "code": "#fdd663" if dark else "#8a4b08",
    }
    formats = {}
    for name in ("heading", "quote", "marker", "emphasis", "strong", "link", "code"):
        f = QTextCharFormat()
        if name in colour:
            f.setForeground(QColor(colour[name]))
        if name in ("heading", "strong"):
            f.setFontWeight(QFont.Weight.Bold)
        if name in ("emphasis", "quote"):
            f.setFontItalic(True)
        if name == "link":
            f.setFontUnderline(True)
        formats[name] = f
    return formats


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument):
        super().__init__(document)
        self.formats = _formats()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        fence = FENCE.match(text)
        if self.previousBlockState() == IN_FENCE:
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(-1 if fence else IN_FENCE)
            return
        if fence:
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(IN_FENCE)
            return
        self.setCurrentBlockState(-1)
        for pattern, name in _RULES:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), self.formats[name])
