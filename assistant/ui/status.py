"""The status bar: the language model, the speed and context use of the last run, the encoding, word counts,
passing notices and error messages, each shown from the session's events."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QStatusBar

from ..core.runner import Result
from ..core.session import Session, events as ev
from ..core.session.model import FAILED, LOADED, LOADING
from .counts import WordCount
from .i18n import has_cjk_font
from .session_signals import SessionSignals

log = logging.getLogger(__name__)


class StatusBar(QStatusBar):
    def __init__(self, session: Session, signals: SessionSignals, current_editor):
        super().__init__()
        self.session = session
        self.last_error = ""  # the last message shown by show_error
        self.model_label = QLabel(self.tr("No model"))
        self.model_busy = QProgressBar(maximumWidth=120, textVisible=False)
        self.model_busy.setRange(0, 0)
        self.model_busy.hide()
        self.speed_label = QLabel()
        self.context_label = QLabel()
        self.encoding_label = QLabel()
        self.count_label = WordCount(current_editor)
        for widget in (self.count_label, self.encoding_label, self.context_label, self.speed_label,
                       self.model_busy, self.model_label):  # fmt: skip
            self.addPermanentWidget(widget)
        signals.model_changed.connect(lambda e: self._show_model(e.model))
        signals.run_started.connect(lambda _e: self.speed_label.setText(self.tr("reading…")))
        signals.run_progress.connect(self._run_progress)
        signals.run_finished.connect(lambda e: self._run_finished(e.run))
        signals.current_changed.connect(lambda e: self._show_document(e.doc))
        signals.document_changed.connect(lambda e: e.doc is session.current and self._show_document(e.doc))
        signals.notice.connect(lambda e: self.showMessage(e.text, int(1000 * e.seconds)))
        signals.problem.connect(lambda e: self.show_error(e.title, e.message))
        signals.not_saved.connect(self._not_saved)

    def _show_model(self, model) -> None:
        self.model_busy.setVisible(model.phase == LOADING)
        if model.phase == LOADING:
            self.model_label.setText(self.tr("Loading %1…").replace("%1", model.label))
            return
        info = model.info
        self.model_label.setText(info.model if info else self.tr("No model"))
        if model.phase == LOADED:
            self.model_label.setToolTip("\n".join(f"{k}: {v}" for k, v in info.details.items()))
            self.context_label.setText(self.tr("context %1").replace("%1", f"{info.n_ctx:,}"))
            for notice in model.notices:
                self.showMessage(notice, 10000)
        elif model.phase == FAILED:
            log.info("model failed: %s", model.error)

    def _run_progress(self, event: ev.RunProgress) -> None:
        rate = event.run.tokens_per_second(time.monotonic())
        if isinstance(event.event, str) and rate:
            self.speed_label.setText(self.tr("%1 tokens/s").replace("%1", f"{rate:.1f}"))

    def _run_finished(self, run) -> None:
        if not isinstance(run.result, Result):
            self.speed_label.clear()
            return
        stats = run.result.stats
        self.speed_label.setText(self.tr("%1 tokens/s").replace("%1", f"{stats.tokens_per_second:.1f}"))
        used = stats.prompt_tokens + stats.generated_tokens
        self.context_label.setText(self.tr("context %1 of %2").replace("%1", f"{used:,}")
                                   .replace("%2", f"{stats.n_ctx:,}"))  # fmt: skip

    def _show_document(self, doc) -> None:
        self.encoding_label.setText(doc.encoding if doc is not None else "")

    def _not_saved(self, event: ev.NotSaved) -> None:
        template = {"settings": self.tr("Settings not saved: %1"),
                    "memory": self.tr("The writing memory was not saved: %1"),
                    "draft": self.tr("Autosave failed: %1")}[event.what]  # fmt: skip
        self.showMessage(template.replace("%1", event.error), 5000)

    def show_error(self, title: str, message: str) -> None:
        """A clear message that does not block: the app stays usable behind it."""
        log.warning("%s: %s", title, message)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.window())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error = message

    def tell_font_problems(self) -> None:
        """Once: no installed font shows Chinese. Here, not in a dialog, so the editor keeps the focus."""
        e = self.session.settings.editor
        if not e.cjk_font_missing_told and not has_cjk_font():
            message = self.tr("No installed font shows Chinese characters: install one (Noto Sans CJK, for "
                              "instance the fonts-noto-cjk package) to read and write Chinese.")  # fmt: skip
            log.warning("%s", message)
            self.showMessage(message, 30000)
            e.cjk_font_missing_told = True
            self.session.save_settings()
