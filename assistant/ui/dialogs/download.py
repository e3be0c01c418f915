"""Downloading a model, with progress, on a thread of its own."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout,
                               QWidget)  # fmt: skip

from ...core.catalog import hub_endpoint
from ...core.errors import AssistantError, Cancelled
from ...core.settings import Settings
from ..worker import THREADS
from .buttons import ok_cancel


class DownloadDialog(QDialog):
    """Download a model from the Hugging Face Hub or a URL, with progress; it resumes if stopped."""

    downloaded = Signal(object)  # the Path of the new model

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Download a Model"))
        self.setMinimumWidth(560)
        self.repo = QLineEdit(placeholderText="Qwen/Qwen2.5-1.5B-Instruct-GGUF")
        self.file = QLineEdit(placeholderText="qwen2.5-1.5b-instruct-q4_k_m.gguf")
        self.url = QLineEdit(placeholderText=self.tr("or a plain URL of a .gguf file"))
        self.sha256 = QLineEdit(placeholderText=self.tr("checksum, if you know it (the Hub supplies its own)"))
        form = QFormLayout()
        form.addRow(self.tr("Hugging Face repository"), self.repo)
        form.addRow(self.tr("File"), self.file)
        form.addRow(self.tr("URL"), self.url)
        form.addRow(self.tr("SHA-256"), self.sha256)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = ok_cancel(self, self.tr("Download"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.download: DownloadThread | None = None  # (not .thread: that is QObject's method)

    def accept(self) -> None:
        url, repo, file = self.url.text().strip(), self.repo.text().strip(), self.file.text().strip()
        if not url and not (repo and file):
            self.status.setText(self.tr("Give a repository and a file, or a URL."))
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.status.setText(self.tr("Looking up the file…"))
        self.download = DownloadThread(url, repo, file, self.sha256.text().strip(), self)
        self.download.progressed.connect(self._progressed)
        self.download.done.connect(self._done)
        self.download.start()

    def _progressed(self, done: int, total: int, speed: float) -> None:
        mib = 2**20
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
        eta = f", {int((total - done) / speed)} s left" if total and speed else ""
        self.status.setText(self.tr("%1 of %2 MiB at %3 MiB/s").replace("%1", f"{done / mib:,.1f}")
                            .replace("%2", f"{total / mib:,.1f}" if total else "?")
                            .replace("%3", f"{speed / mib:,.1f}") + eta)  # fmt: skip

    def _done(self, result: object) -> None:
        if self.download is None:
            return  # stopped at quit
        self.download.wait()
        self.download = None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        if isinstance(result, Path):
            self.downloaded.emit(result)
            super().accept()
        else:
            self.status.setText(str(result) or self.tr("Stopped; download again to resume."))

    def reject(self) -> None:
        if self.download is not None:  # first Cancel stops the download (its part is kept for a resume)
            self.download.cancel.set()
            return
        super().reject()

    def stop(self) -> None:
        """The app is quitting: stop the download and wait for its thread (a running QThread must not be
        destroyed)."""
        if self.download is not None:
            self.download.cancel.set()
            self.download.wait()
            self.download = None


class DownloadThread(QThread):
    """Looks the file up (on the Hub: a network call) and downloads it, off the GUI thread."""

    # Bytes done, total (0 if unknown), bytes per second; objects, since a C++ int wraps past 2 GiB.
    progressed = Signal(object, object, float)
    done = Signal(object)  # the Path, or the error (empty for a cancel)

    def __init__(self, url: str, repo: str, file: str, sha256: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.url, self.repo, self.file, self.sha256 = url, repo, file, sha256
        self.cancel = threading.Event()
        self._shown = 0.0
        THREADS.add(self)

    def run(self) -> None:
        from ...core import download

        def progress(p: download.DownloadProgress) -> None:
            now = time.monotonic()
            if now - self._shown > 0.1 or p.done == p.total:  # a few updates a second are plenty
                self._shown = now
                self.progressed.emit(p.done, p.total or 0, p.bytes_per_second)

        try:
            if self.url:
                source = download.from_url(self.url, self.sha256 or None)
            else:
                mirror = Settings.load()[0].library.hub_mirror  # as saved from Preferences
                source = download.from_hub(self.repo, self.file, endpoint=hub_endpoint(mirror))
                if self.sha256:
                    source = dataclasses.replace(source, sha256=download.checksum(self.sha256))
            self.done.emit(download.download(source, progress=progress, cancel=self.cancel))
        except Cancelled:
            self.done.emit("")
        except Exception as error:  # shown in the dialog; the app goes on
            self.done.emit(error if isinstance(error, AssistantError) else f"The download failed: {error}")
