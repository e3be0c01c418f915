"""Starting the desktop app: `writing-assistant [FILE ...]`."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..core import paths
from ..core.logs import setup_logging
from ..core.settings import Settings
from . import i18n
from .platform import platform_problem
from .window import MainWindow


def main(argv: list[str]) -> int:
    setup_logging()
    if QApplication.instance() is None and (problem := platform_problem()):
        print(f"writing-assistant: {problem}", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("writing-assistant")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("writing-assistant")
    app.setWindowIcon(QIcon(str(paths.resource("icons", "writing-assistant.svg"))))
    settings, problems = Settings.load()
    i18n.install(app, settings.editor.language)
    window = MainWindow(settings)
    window.show()
    window.files.open_files([a for a in argv if not a.startswith("-")])
    window.models.load()  # in the background: the editor is usable at once
    window.files.offer_recovery()
    window.report_problems(problems)
    window.status.tell_font_problems()
    return app.exec()
