"""Word and character diffs drawn in a text view: removed text struck out, added text highlighted."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QTextEdit


def show_diff(view: QTextEdit, runs: list[tuple[str, str]]) -> None:
    """Replace the view's text with `runs` of (op, text), op being same, removed or added."""
    view.clear()
    cursor = view.textCursor()
    dark = view.palette().color(QPalette.ColorRole.Base).lightness() < 128
    removed, added = QTextCharFormat(), QTextCharFormat()
    removed.setFontStrikeOut(True)
    removed.setForeground(QColor("#f28b82" if dark else "#a50e0e"))
    added.setBackground(QColor("#1e4620" if dark else "#ccebd4"))
    formats = {"same": QTextCharFormat(), "removed": removed, "added": added}
    for op, text in runs:
        cursor.insertText(text, formats[op])
