"""Ctrl-C in the terminal the app was started from.

Python's own answer is a KeyboardInterrupt wherever Python code runs next: a
traceback in some slot, or an exit while the model worker's thread is still
loading, which crashes. Here a Ctrl-C asks the window to shut down from the
event loop instead: unsaved work is kept as drafts (offered at the next
start), a model load in flight is waited for (it cannot be stopped halfway),
and the app exits with 130. A second Ctrl-C ends it at once, as the default
action does.
"""

from __future__ import annotations

import signal
import socket
import sys

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer

from ..cli.common import EXIT_CANCELLED


class CtrlC:
    """Installed before the window exists, so no Ctrl-C from then on becomes a KeyboardInterrupt."""

    def __init__(self, app: QCoreApplication):
        self.window = None  # the window to shut down, once there is one
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # started in the background (&): Ctrl-C is not ours
            return
        # Python runs a signal's handler only when it next runs Python code: a byte on this socket wakes
        # the event loop, whose slot is Python code.
        self._wake, wakeup = socket.socketpair()
        self._wakeup = wakeup
        for end in (self._wake, wakeup):
            end.setblocking(False)
        signal.set_wakeup_fd(wakeup.fileno(), warn_on_full_buffer=False)
        self._notifier = QSocketNotifier(self._wake.fileno(), QSocketNotifier.Type.Read, app)
        self._notifier.activated.connect(self._drain)
        signal.signal(signal.SIGINT, self._pressed)

    def _drain(self) -> None:
        try:
            self._wake.recv(64)
        except BlockingIOError:
            pass

    def _pressed(self, signum, frame) -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # a second Ctrl-C: at once, whatever is running
        QTimer.singleShot(0, self._quit)  # from the event loop, never from inside whatever Python code ran

    def _quit(self) -> None:
        print("\nwriting-assistant: cancelled", file=sys.stderr)
        if self.window is not None:
            files = self.window.files
            files.autosave()
            files.recovery = None  # its drafts stay, offered at the next start as after a crash: none was discarded
            self.window.shutdown()  # waits for a model load in flight to return
        QCoreApplication.exit(EXIT_CANCELLED)
