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
from ..core.session import Session
from ..core.suggest import TOOL, at_word_end
from .editor import Editor, qt_to_py, text_around
from .tabs import DocumentTabs
from .worker import ModelWorker


# The text a warm-up or a suggestion reads around the cursor: far more than the `continue` tool's prompt takes
# (2,048 tokens before the cursor), so the prompt is the one a run over the whole document sends.
AROUND = 50_000


class Instant(QObject):
    suggestion_shown = Signal(float)  # seconds from the pause to the grey text

    def __init__(self, session: Session, tabs: DocumentTabs, worker: ModelWorker):
        super().__init__(tabs)
        self.session, self.tabs, self.worker = session, tabs, worker
        kinds = session.work.kinds
        self.warm_timer = QTimer(self, singleShot=True, interval=int(1000 * kinds["warm"].pause))
        self.warm_timer.timeout.connect(self.warm_up)
        self.suggest_timer = QTimer(self, singleShot=True, interval=int(1000 * kinds["suggest"].pause))
        self.suggest_timer.timeout.connect(self.ask_suggestion)
        self._asked: tuple[int, Editor, int, str, float] | None = None  # number, editor, position, text, time
        worker.suggested.connect(self._suggested)
        tabs.tab_added.connect(lambda tab: self.watch(tab.editor))

    def watch(self, editor: Editor) -> None:
        editor.textChanged.connect(self.writer_active)
        editor.cursorPositionChanged.connect(self.writer_active)

    def writer_active(self) -> None:
        """A keystroke or a cursor move: what runs ahead stops, and the pause is counted anew."""
        self.session.writer_active()
        self._asked = None
        editor = self.tabs.current_editor()
        if editor is not None and editor.suggestion():
            editor.dismiss_suggestion()
        e = self.session.settings.editor
        if e.warm_while_idle:
            self.warm_timer.start()
        if e.inline_suggestions:
            self.suggest_timer.start()

    def _request(self, kind: str) -> tuple[Request, int] | None:
        """The current document at its cursor, if the session lets `kind` run now; and the cursor in Qt's units."""
        tab = self.tabs.current_tab()
        if tab is None or tab.editor.isReadOnly() or not self.session.may_work(kind):
            return None
        cursor = tab.editor.textCursor()
        if cursor.hasSelection():
            return None
        position, tools = cursor.position(), self.session.tools
        text, start = text_around(tab.document, position, AROUND)
        try:
            options = tools[TOOL].parse_options(self.session.settings.tools.get(TOOL, {})) if TOOL in tools else {}
        except AssistantError:
            options = {}
        return Request(text, None, qt_to_py(text, position - start), options, tab.memory), position

    def warm_up(self) -> None:
        asked = self._request("warm")
        if asked is not None and self.session.settings.editor.warm_while_idle and not saving_power():
            _, cancel = self.session.work.begin("warm")
            self.worker.warm(TOOL, asked[0], cancel)

    def ask_suggestion(self) -> None:
        asked = self._request("suggest")
        if asked is None or not self.session.settings.editor.inline_suggestions:
            return
        request, position = asked
        if at_word_end(request.document, request.cursor):
            number, cancel = self.session.work.begin("suggest")
            self.worker.suggest(number, request, cancel)
            self._asked = (number, self.tabs.current_editor(), position, request.document, time.perf_counter())

    def _suggested(self, number: int, text: str) -> None:
        if self._asked is None or self._asked[0] != number or not text:
            return
        _, editor, position, document, started = self._asked
        self._asked = None
        tab = self.tabs.current_tab()
        # Shown only where it was asked for, on the text it was asked for, with nothing else under way.
        if tab is None or tab.editor is not editor or editor.textCursor().position() != position or tab.proposal \
                or self.session.run is not None or text_around(tab.document, position, AROUND)[0] != document:  # fmt: skip
            return
        editor.show_suggestion(position, text)
        self.suggestion_shown.emit(time.perf_counter() - started)
