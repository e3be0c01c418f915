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


class plugin_code:  # noqa: N801 (used as a context manager: `with plugin_code():`)
    def __enter__(self) -> None:
        self.pressed = threading.Event()
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.getsignal(signal.SIGINT)
            if callable(previous):  # SIG_IGN or SIG_DFL: a Ctrl-C raises nothing

                def marked(signum, frame):
                    self.pressed.set()
                    previous(signum, frame)

                self.previous = previous
                signal.signal(signal.SIGINT, marked)

    def __exit__(self, kind, error, traceback) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        if self.pressed.is_set() and self.previous is signal.default_int_handler:
            raise KeyboardInterrupt from None  # whatever the plugin made of it (even nothing), the writer wants out
        if error is None or isinstance(error, (StopIteration, GeneratorExit)):
            return
        if isinstance(error, SystemExit):
            raise PluginExit(f"it called sys.exit({'' if error.code is None else repr(error.code)})") from None
        if isinstance(error, KeyboardInterrupt):
            raise PluginExit(f"it raised KeyboardInterrupt{f' ({error})' if str(error) else ''}, "
                             "though no Ctrl-C was pressed") from None  # fmt: skip
