"""Proofreading as you write: marks under mistakes, their suggestions, the Problems panel.

A tab's text is checked on a worker thread a short pause after the last change, never on the keystroke
path; the Proofreader caches each paragraph, so only the edited one is checked again. Marks are extra
selections whose cursors move with edits. Ctrl+. lists the suggestions of the mark at the cursor (while a
tool runs, Ctrl+. stops it, as before); F8 and Shift+F8 go to the next and previous mark.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip

from ..core.proofread import Accepted, Diagnostic, PersonalDictionary, Proofreader, enabled
from ..core.session import Session
from .editor import py_to_qt, text_between
from .i18n import diagnostic_message, tool_text
from .plugin_control import PluginControl
from .problems_panel import ProblemsPanel
from .runs import ToolRuns
from .session_signals import SessionSignals
from .status import StatusBar
from .tab import DocumentTab
from .tabs import DocumentTabs

PAUSE_MS = 350  # after the last change, the edited paragraph is checked again
# A longer document is checked where the writer is: the paragraphs on screen and a few around them, again
# after each pause or scroll; a check of megabytes would keep a core busy for minutes, and Python's lock with it.
WHOLE = 100_000  # characters
AROUND = 30  # blocks above and below the screen
COLOURS = {"error": QColor("#d32f2f"), "warning": QColor("#1e6fd9"), "style": QColor("#2e9d4f")}


@dataclass
class Mark:
    cursor: QTextCursor  # its selection is the range; it moves with the text
    diagnostic: Diagnostic
    covered: str  # the text it marked: a model's mark goes when that text changes

    def span(self) -> tuple[int, int]:
        return self.cursor.selectionStart(), self.cursor.selectionEnd()


@dataclass
class TabProofing:
    """What proofreading keeps for one tab."""

    on: bool
    timer: QTimer
    accepted: Accepted = field(default_factory=Accepted)  # ignored here: findings and rules
    marks: list[Mark] = field(default_factory=list)
    model_marks: list[Mark] = field(default_factory=list)
    shown: str | None = None  # the text whose findings are shown


def qt_offsets(text: str) -> callable:
    """Code-point offsets of `text` to Qt's UTF-16 positions (the same, unless the text has characters
    outside the Basic Multilingual Plane)."""
    if len(text.encode("utf-16-le")) == 2 * len(text):
        return lambda index: index
    return lambda index: py_to_qt(text, index)


class Proofing(QObject):
    checked = Signal(object, int, object)  # a tab, the document revision checked, the findings

    def __init__(self, session: Session, signals: SessionSignals, tabs: DocumentTabs, runs: ToolRuns,
                 plugins: PluginControl, status: StatusBar):  # fmt: skip
        super().__init__(tabs)
        self.session, self.tabs, self.plugins, self.status = session, tabs, plugins, status
        self.dictionary = PersonalDictionary()
        self.checkers = plugins.host.checkers()
        self.proofreader = Proofreader(enabled(self.checkers, session.settings.proofread.checkers), self.dictionary)
        self._lock = threading.Lock()  # one check at a time uses the proofreader's cache
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="proofread")
        self._closed = False
        self.checked.connect(self._show)
        self.panel = ProblemsPanel(self.rule_title)  # the window docks it
        self.panel.activated.connect(self._go_to_mark)
        self.act_toggle = self._action(self.tr("Check As You &Type"), self._toggle, checkable=True)
        self.act_toggle.setStatusTip(self.tr("Mark spelling, grammar and punctuation mistakes in this document"))
        self.act_suggest = self._action(self.tr("Spelling &Suggestions"), self.suggest_at_cursor)
        self.act_suggest.setToolTip(self.tr("Ctrl+. on a marked word"))
        self.act_next = self._action(self.tr("&Next Problem"), lambda: self.go(+1), "F8")
        self.act_previous = self._action(self.tr("&Previous Problem"), lambda: self.go(-1), "Shift+F8")
        self.act_panel = self.panel.toggleViewAction()
        self.act_panel.setText(self.tr("&Problems"))
        self.act_settings = self._action(self.tr("P&roofreading…"), self.open_settings)
        signals.current_changed.connect(lambda _e: self._tab_changed())
        signals.tools_changed.connect(lambda _e: self.reload())
        tabs.tab_added.connect(self.watch)
        runs.result_ready.connect(self._model_result)

    def _action(self, text: str, slot, shortcut: str | None = None, checkable: bool = False) -> QAction:
        action = QAction(text, self.tabs, checkable=checkable)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.tabs.addAction(action)  # a window shortcut: works wherever the focus is in the window
        return action

    def add_to_menus(self, edit: QMenu, view: QMenu, settings: QMenu) -> None:
        edit.addSeparator()
        edit.addActions([self.act_toggle, self.act_suggest, self.act_next, self.act_previous])
        view.addAction(self.act_panel)
        settings.addAction(self.act_settings)

    # -- tabs -------------------------------------------------------------------

    def watch(self, tab: DocumentTab) -> None:
        timer = QTimer(tab, singleShot=True, interval=PAUSE_MS)
        timer.timeout.connect(lambda t=tab: self.check(t))
        tab.proofing = TabProofing(self.session.settings.proofread.as_you_type, timer)
        tab.document.contentsChange.connect(lambda *_a, t=timer: t.start())
        tab.editor.verticalScrollBar().valueChanged.connect(
            lambda _v, t=tab: t.document.characterCount() > WHOLE and t.proofing.timer.start())
        tab.editor.mark_actions = lambda point, t=tab: self._menu_actions(t, t.editor.cursorForPosition(point))
        tab.editor.installEventFilter(self)
        tab.editor.viewport().installEventFilter(self)
        timer.start()

    def _tab_changed(self) -> None:
        tab = self.tabs.current_tab()
        self.act_toggle.setChecked(bool(tab and tab.proofing.on))
        self._update_panel()

    def _toggle(self, on: bool) -> None:
        tab = self.tabs.current_tab()
        if tab is None:
            return
        tab.proofing.on = on
        if on:
            self.check(tab)
        else:
            tab.proofing.marks, tab.proofing.model_marks = [], []
            self._draw(tab)

    # -- checking ---------------------------------------------------------------

    def check(self, tab: DocumentTab) -> None:
        """Check the tab's text in the background; the findings are shown if the text is still the same."""
        if not tab.proofing.on or self._closed:
            return
        (start, text), revision = _to_check(tab), tab.document.revision()
        glossary, accepted = list(tab.memory.glossary), tab.proofing.accepted

        def work():
            with self._lock:
                found = self.proofreader.check(text, glossary, accepted)
            self.checked.emit(tab, revision, (start, text, found))

        self._pool.submit(work)

    def check_all(self) -> None:
        for tab in self.tabs.all_tabs():
            self.check(tab)

    def _show(self, tab: DocumentTab, revision: int, result) -> None:
        start, text, found = result
        if tab not in self.tabs.all_tabs() or tab.document.revision() != revision or not tab.proofing.on:
            return  # closed, or changed since: a newer check is on its way
        qt = qt_offsets(text)
        end = start + qt(len(text))
        # Marks elsewhere (a long document's parts seen before) stay while the text they mark is the same.
        marks = [m for m in tab.proofing.marks
                 if not start <= m.span()[0] <= end and m.cursor.selectedText() == m.covered]  # fmt: skip
        for d in found:
            cursor = QTextCursor(tab.document)
            cursor.setPosition(start + qt(d.start))
            cursor.setPosition(start + qt(d.end), QTextCursor.MoveMode.KeepAnchor)
            marks.append(Mark(cursor, d, text[d.start : d.end]))
        tab.proofing.marks, tab.proofing.shown = marks, text
        tab.proofing.model_marks = [m for m in tab.proofing.model_marks if m.cursor.selectedText() == m.covered]
        self._draw(tab)

    def _model_result(self, tab: DocumentTab, value) -> None:
        """Check with Model: its findings join the marks (and stay until the text they mark changes)."""
        if not isinstance(value, list) or not value or not all(isinstance(d, Diagnostic) for d in value):
            return
        text = tab.text()
        qt = qt_offsets(text)
        for d in value:
            if d.end <= len(text):
                cursor = QTextCursor(tab.document)
                cursor.setPosition(qt(d.start))
                cursor.setPosition(qt(d.end), QTextCursor.MoveMode.KeepAnchor)
                tab.proofing.model_marks.append(Mark(cursor, d, cursor.selectedText()))
        tab.proofing.on = True
        self._draw(tab)

    def marks(self, tab: DocumentTab) -> list[Mark]:
        """The tab's marks in the order of the text."""
        shown = [m for m in tab.proofing.marks + tab.proofing.model_marks if m.cursor.hasSelection()]
        return sorted(shown, key=Mark.span)

    def _draw(self, tab: DocumentTab) -> None:
        selections = []
        for mark in self.marks(tab):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = mark.cursor
            style = QTextCharFormat()
            style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            style.setUnderlineColor(COLOURS[mark.diagnostic.severity])
            selection.format = style
            selections.append(selection)
        tab.editor.set_marks(selections)
        if tab is self.tabs.current_tab():
            self._update_panel()

    def _update_panel(self) -> None:
        tab = self.tabs.current_tab()
        self.panel.show_marks(tab, self.marks(tab) if tab is not None else [])

    # -- the writer's answers ---------------------------------------------------------

    def rule_title(self, rule: str) -> str:
        """A rule as the writer knows it: its checker's title in the interface language, else its name."""
        checker = self.checkers.get(rule)
        return tool_text(checker, checker.title) if checker else rule

    def mark_at(self, tab: DocumentTab, position: int) -> Mark | None:
        for mark in self.marks(tab):
            start, end = mark.span()
            if start <= position <= end:
                return mark
        return None

    def _menu_actions(self, tab: DocumentTab, cursor: QTextCursor) -> list[QAction]:
        mark = self.mark_at(tab, cursor.position())
        if mark is None:
            return []
        d = mark.diagnostic
        parent = tab.editor
        actions = [QAction(diagnostic_message(d), parent, enabled=False)]  # what is wrong, above its fixes
        for suggestion in d.suggestions[:6]:
            label = suggestion or self.tr("Remove “%1”").replace("%1", mark.covered.strip())
            action = QAction(label, parent)
            action.triggered.connect(lambda _=False, m=mark, s=suggestion: self.accept(tab, m, s))
            actions.append(action)
        ignore = QAction(self.tr("Ignore"), parent)
        ignore.triggered.connect(lambda: self.ignore(tab, mark))
        ignore_rule = QAction(self.tr("Ignore Rule (%1)").replace("%1", self.rule_title(d.rule)), parent)
        ignore_rule.triggered.connect(lambda: self.ignore_rule(tab, mark))
        actions += [_separator(parent), ignore, ignore_rule]
        if d.rule == "spelling":
            add = QAction(self.tr("Add “%1” to Dictionary").replace("%1", mark.covered), parent)
            add.triggered.connect(lambda: self.add_to_dictionary(mark))
            actions.append(add)
        return actions

    def accept(self, tab: DocumentTab, mark: Mark, replacement: str) -> None:
        """Replace the marked text: one undo step."""
        cursor = QTextCursor(mark.cursor)
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        for marks in (tab.proofing.marks, tab.proofing.model_marks):
            if mark in marks:
                marks.remove(mark)
        tab.editor.setTextCursor(cursor)
        self._draw(tab)

    def ignore(self, tab: DocumentTab, mark: Mark) -> None:
        tab.proofing.accepted.findings.add((mark.diagnostic.rule, mark.covered))
        self._forget(tab, lambda m: (m.diagnostic.rule, m.covered) == (mark.diagnostic.rule, mark.covered))

    def ignore_rule(self, tab: DocumentTab, mark: Mark) -> None:
        tab.proofing.accepted.rules.add(mark.diagnostic.rule)
        self._forget(tab, lambda m: m.diagnostic.rule == mark.diagnostic.rule)

    def add_to_dictionary(self, mark: Mark) -> None:
        try:
            with self._lock:  # a check on the worker thread reads the words
                self.dictionary.add(mark.covered)
        except OSError as error:
            self.status.showMessage(self.tr("The word was not saved: %1").replace("%1", str(error)), 5000)
        for tab in self.tabs.all_tabs():
            self._forget(tab, lambda m: m.covered == mark.covered and m.diagnostic.rule == "spelling")

    def _forget(self, tab: DocumentTab, which) -> None:
        tab.proofing.marks = [m for m in tab.proofing.marks if not which(m)]
        tab.proofing.model_marks = [m for m in tab.proofing.model_marks if not which(m)]
        self._draw(tab)

    def suggest_at_cursor(self) -> bool:
        """The suggestions of the mark at the cursor, as a menu there; False when there is no mark."""
        tab = self.tabs.current_tab()
        if tab is None:
            return False
        editor = tab.editor
        actions = self._menu_actions(tab, editor.textCursor())
        if not actions:
            self.status.showMessage(self.tr("No problem marked at the cursor."), 3000)
            return False
        menu = QMenu(editor)
        menu.addActions(actions)
        menu.setActiveAction(next(a for a in actions if a.isEnabled()))
        menu.popup(editor.viewport().mapToGlobal(editor.cursorRect().bottomLeft()))
        self.menu = menu
        return True

    def go(self, step: int) -> None:
        """Select the next (or previous) mark after the cursor, around the end of the text."""
        tab = self.tabs.current_tab()
        if tab is None:
            return
        marks = self.marks(tab)
        if not marks:
            self.status.showMessage(self.tr("No problems found."), 3000)
            return
        cursor = tab.editor.textCursor()
        if step > 0:
            after = [m for m in marks if m.span()[0] > cursor.selectionStart()]
            mark = after[0] if after else marks[0]
        else:
            before = [m for m in marks if m.span()[0] < cursor.selectionStart()]
            mark = before[-1] if before else marks[-1]
        self._go_to_mark(mark)

    def _go_to_mark(self, mark: Mark) -> None:
        tab = self.tabs.current_tab()
        if tab is None:
            return
        cursor = QTextCursor(mark.cursor)
        tab.editor.setTextCursor(cursor)
        tab.editor.setFocus()
        self.status.showMessage(diagnostic_message(mark.diagnostic), 5000)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.ToolTip:
            editor = watched.parent()
            tab = self.tabs.current_tab()
            if tab is not None and editor is tab.editor:
                mark = self.mark_at(tab, editor.cursorForPosition(event.pos()).position())
                if mark is not None:
                    d = mark.diagnostic
                    shown = [s or self.tr("(remove)") for s in d.suggestions[:3]]
                    fixes = f"\n→ {', '.join(shown)}" if shown else ""
                    QToolTip.showText(event.globalPos(), diagnostic_message(d) + fixes)
                    return True
        elif kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and _is_ctrl_period(event):
            tab = self.tabs.current_tab()
            # While a tool runs, Ctrl+. stops it; otherwise, on a mark, it lists the mark's suggestions.
            if tab is not None and watched is tab.editor and self.session.run is None \
                    and self.mark_at(tab, tab.editor.textCursor().position()) is not None:  # fmt: skip
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    self.suggest_at_cursor()
                return True
        return super().eventFilter(watched, event)

    # -- settings and the end ----------------------------------------------------------

    def open_settings(self) -> None:
        from .dialogs.proofreading import ProofreadingDialog

        dialog = ProofreadingDialog(self.checkers, self.session.settings.proofread, self.tabs.window())
        dialog.accepted.connect(lambda: self._settings_changed(dialog))
        dialog.open()
        self.settings_dialog = dialog

    def _settings_changed(self, dialog) -> None:
        dialog.apply()
        self.session.save_settings()
        self.reload()

    def reload(self) -> None:
        """The checkers again: a plugin was turned on or off, or the writer chose others."""
        self.checkers = self.plugins.host.checkers()
        with self._lock:
            self.proofreader.checkers = enabled(self.checkers, self.session.settings.proofread.checkers)
            self.proofreader.forget()
        self.check_all()

    def shutdown(self) -> None:
        """Wait for a check in progress to end: no thread outlives the window."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)


def _to_check(tab: DocumentTab) -> tuple[int, str]:
    """The text to check and where it starts: all of it, or in a long document whole paragraphs around the
    screen."""
    document = tab.document
    if document.characterCount() <= WHOLE:
        return 0, tab.text()
    editor = tab.editor
    first = last = editor.firstVisibleBlock()
    bottom, offset = editor.viewport().height(), editor.contentOffset()
    while last.next().isValid() and editor.blockBoundingGeometry(last).translated(offset).top() < bottom:
        last = last.next()
    for _ in range(AROUND):
        first = first.previous() if first.previous().isValid() else first
        last = last.next() if last.next().isValid() else last
    while first.previous().isValid() and first.text().strip():  # to where a paragraph starts, and ends
        first = first.previous()
    while last.next().isValid() and last.text().strip():
        last = last.next()
    start, end = first.position(), last.position() + last.length() - 1
    return start, text_between(document, start, end)


def _is_ctrl_period(event) -> bool:
    return event.key() == Qt.Key.Key_Period and event.modifiers() == Qt.KeyboardModifier.ControlModifier


def _separator(parent) -> QAction:
    action = QAction(parent)
    action.setSeparator(True)
    return action
