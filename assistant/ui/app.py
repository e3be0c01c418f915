"""Starting the desktop app: `writing-assistant [FILE ...]`."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..core import paths
from ..core.logs import VERBOSE, setup_logging
from ..core.paths import qt_can_take
from ..core.settings import Settings
from . import i18n
from .interrupt import CtrlC
from .platform import platform_problem
from .window import MainWindow


def main(argv: list[str]) -> int:
    setup_logging(verbose=any(a in VERBOSE for a in argv))
    if QApplication.instance() is None and (problem := platform_problem()):
        print(f"writing-assistant: {problem}", file=sys.stderr)
        return 1
    # Qt takes its own options (-platform, -style) from argv; a file name that is not UTF-8 arrives here
    # surrogate-escaped, which crashes Qt: those are ours to open, and Qt never sees them.
    app = QApplication.instance() or QApplication([a for a in [sys.argv[0], *argv] if qt_can_take(a)])
    app.setApplicationName("writing-assistant")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("writing-assistant")
    app.setWindowIcon(QIcon(str(paths.resource("icons", "writing-assistant.svg"))))
    ctrl_c = CtrlC(app)
    settings, problems = Settings.load()
    i18n.install(app, settings.editor.language)
    window = ctrl_c.window = MainWindow(settings)
    window.show()
    window.files.open_files([a for a in argv if not a.startswith("-")])
    window.models.load()  # in the background: the editor is usable at once
    window.files.offer_recovery()
    window.report_problems(problems)
    window.status.tell_font_problems()
    return app.exec()
