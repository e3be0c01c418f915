"""Loading the language model in the background: what is asked for, what the worker says, the Model dialog."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ..core.engine import Backend
from ..core.models import default_model_path
from ..core.session import Session
from ..core.settings import Settings
from .dialogs.model import ModelDialog
from .worker import ModelWorker

log = logging.getLogger(__name__)


class ModelLoading(QObject):
    ready = Signal()  # a model finished loading, or failed to (see session.model)

    def __init__(self, session: Session, worker: ModelWorker, parent: QWidget):
        super().__init__(parent)
        self.session, self.worker, self.parent_widget = session, worker, parent
        self.dialog: ModelDialog | None = None
        self._pending = session.settings  # what the model being loaded was asked with
        worker.loaded.connect(self._loaded)
        worker.load_failed.connect(self._failed)

    def load(self, settings: Settings | None = None) -> None:
        """Load in the background what `settings` describe (the session's by default);
        they become the session's settings once the model is ready, and not before."""
        settings = settings or self.session.settings
        factory = self.session.backends.get(settings.backend)
        if factory is None:
            self._failed(self.tr("There is no backend named %1.").replace("%1", repr(settings.backend)))
            return
        label = settings.remote.url if settings.backend == "remote" else \
            Path(settings.engine.model or default_model_path() or "model").name  # fmt: skip
        self._pending = settings
        self.session.model_loading(label)  # the session lets go of the old backend before the worker frees it
        self.worker.load(label, lambda: factory(settings))

    def _loaded(self, backend: Backend, notices: list) -> None:
        log.info("model loaded: %s (%s)", backend.info.model, backend.info.kind)
        if self._pending is not self.session.settings:
            self.session.settings_changed(self._pending)
        self.session.model_loaded(backend, notices)
        if self.dialog is not None:
            self.dialog.load_finished()
        self.ready.emit()

    def _failed(self, message: str, previous: Backend | None = None) -> None:
        """The model could not be loaded; `previous`, the model the app had, was loaded again if it could be."""
        self.session.model_failed(message, previous)
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.load_finished(message)
        else:
            self.session.problem(self.tr("The model could not be loaded"), message)
        self.ready.emit()

    def open_dialog(self) -> None:
        from ..core.llama_backend import gpu_offload_supported

        dialog = ModelDialog(self.session.settings, list(self.session.backends), gpu_offload_supported(),
                             self.parent_widget)  # fmt: skip
        dialog.load_requested.connect(self.load)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
