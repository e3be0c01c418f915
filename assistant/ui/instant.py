"""Writing without waiting: the prompt warmed while the writer pauses, and inline suggestions.

When the editor has been still for a moment and nothing else runs, the worker
evaluates the text before the cursor, as `continue` would send it, into the
model's cache; any keystroke, cursor move or tool run stops it within
milliseconds, keeping what was evaluated. With inline suggestions on, a shorter
pause at the end of a word asks for the few words that finish the sentence,
shown as grey text: Tab takes them, any other key dismisses them.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.errors import AssistantError
from ..core.power import saving_power
from ..core.runner import Request
from ..core.suggest import TOOL, at_word_end
from .editor import Editor, qt_to_py

WARM_PAUSE_MS = 700
SUGGEST_PAUSE_MS = 300


class Instant(QObject):
    suggestion_shown = Signal(float)  # seconds from the pause to the grey text

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.warm_timer = QTimer(self, singleShot=True, interval=WARM_PAUSE_MS)
        self.warm_timer.timeout.connect(self.warm_up)
        self.suggest_timer = QTimer(self, singleShot=True, interval=SUGGEST_PAUSE_MS)
        self.suggest_timer.timeout.connect(self.ask_suggestion)
        self._asked: tuple[int, Editor, int, str, float] | None = None  # number, editor, position, text, time
        window.worker.suggested.connect(self._suggested)

    def watch(self, editor: Editor) -> None:
        editor.textChanged.connect(self.writer_active)
        editor.cursorPositionChanged.connect(self.writer_active)

    def writer_active(self) -> None:
        """A keystroke or a cursor move: what runs ahead stops, and the pause is counted anew."""
        self.window.worker.stop_warming()
        self._asked = None
        editor = self.window.current_editor()
        if editor is not None and editor.suggestion():
            editor.dismiss_suggestion()
        e = self.window.settings.editor
        if e.warm_while_idle:
            self.warm_timer.start()
        if e.inline_suggestions:
            self.suggest_timer.start()

    def _request(self) -> tuple[Request, int] | None:
        """The current document at its cursor, if nothing else is going on; and the cursor in Qt's units."""
        w = self.window
        tab = w.current_tab()
        if tab is None or w.model is None or w.worker.loading or w.runs.current is not None or tab.proposal \
                or tab.editor.isReadOnly():  # fmt: skip
            return None
        cursor = tab.editor.textCursor()
        if cursor.hasSelection():
            return None
        text = tab.text()
        try:
            options = w.tools[TOOL].parse_options(w.settings.tools.get(TOOL, {})) if TOOL in w.tools else {}
        except AssistantError:
            options = {}
        return Request(text, None, qt_to_py(text, cursor.position()), options, tab.memory), cursor.position()

    def warm_up(self) -> None:
        asked = self._request()
        if asked is not None and self.window.settings.editor.warm_while_idle and not saving_power():
            self.window.worker.warm(TOOL, asked[0])

    def ask_suggestion(self) -> None:
        asked = self._request()
        if asked is None or not self.window.settings.editor.inline_suggestions:
            return
        request, position = asked
        if at_word_end(request.document, request.cursor):
            number = self.window.worker.suggest(request)
            self._asked = (number, self.window.current_editor(), position, request.document, time.perf_counter())

    def _suggested(self, number: int, text: str) -> None:
        if self._asked is None or self._asked[0] != number or not text:
            return
        _, editor, position, document, started = self._asked
        self._asked = None
        tab = self.window.current_tab()
        # Shown only where it was asked for, on the text it was asked for, with nothing else under way.
        if tab is None or tab.editor is not editor or editor.textCursor().position() != position \
                or tab.proposal or self.window.runs.current is not None or tab.text() != document:  # fmt: skip
            return
        editor.show_suggestion(position, text)
        self.suggestion_shown.emit(time.perf_counter() - started)
