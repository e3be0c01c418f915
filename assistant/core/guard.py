"""Running a plugin's code so that nothing it raises ends the program.

A plugin that calls sys.exit() or raises KeyboardInterrupt itself would
otherwise end the app or the command quietly, with exit code 0. Inside
`plugin_code()` both become a PluginExit, an ordinary error the caller
reports like any other plugin failure. A Ctrl-C the writer pressed still
ends the program: on the main thread the SIGINT handler marks it while the
plugin runs (signals never reach another thread, and a handler of the app's
own raises nothing, so there every KeyboardInterrupt is the plugin's own).
"""

from __future__ import annotations

import signal
import threading


class PluginExit(Exception):
    """A plugin called sys.exit() or raised KeyboardInterrupt of its own."""


class _Counting:
    """The SIGINT handler while plugin code runs: counts the presses, then does what the one it replaced does."""

    def __init__(self, previous):
        self.previous = previous
        self.presses = 0

    def __call__(self, signum, frame) -> None:
        self.presses += 1
        self.previous(signum, frame)


class plugin_code:  # noqa: N801 (used as a context manager: `with plugin_code():`)
    def __enter__(self) -> None:
        self.handler, self.installed = None, False
        if threading.current_thread() is threading.main_thread():
            current = signal.getsignal(signal.SIGINT)
            if isinstance(current, _Counting):  # plugin code within plugin code: the outer one counts
                self.handler = current
            elif callable(current):  # not SIG_IGN or SIG_DFL, where a Ctrl-C raises nothing
                self.handler, self.installed = _Counting(current), True
                signal.signal(signal.SIGINT, self.handler)
        self.presses = self.handler.presses if self.handler else 0

    def __exit__(self, kind, error, traceback) -> None:
        if self.installed:
            signal.signal(signal.SIGINT, self.handler.previous)
        pressed = self.handler is not None and self.handler.presses > self.presses
        if pressed and self.handler.previous is signal.default_int_handler:
            raise KeyboardInterrupt from None  # whatever the plugin made of it (even nothing), the writer wants out
        if error is None or isinstance(error, (StopIteration, GeneratorExit)):
            return
        if isinstance(error, SystemExit):
            raise PluginExit(f"it called sys.exit({'' if error.code is None else repr(error.code)})") from None
        if isinstance(error, KeyboardInterrupt):
            raise PluginExit(f"it raised KeyboardInterrupt{f' ({error})' if str(error) else ''}, "
                             "though no Ctrl-C was pressed") from None  # fmt: skip
