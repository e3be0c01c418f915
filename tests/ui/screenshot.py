"""Start the app on a virtual screen (Xvfb) with a document and a proposal showing; save a PNG.

    python tests/ui/screenshot.py [OUT.png] [--tool rewrite|translate|continue] [--dark] [--language zh_CN]

Needs Debian's xvfb and libxcb-cursor0 (and fonts-noto-cjk to see Chinese). The app runs on the
real default model, exactly as a writer starts it, with Qt's xcb platform.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCUMENT = """# 春天的公园 A Walk in the Park

Every morning, Lena walked her dog along the river. The water was calm and grey, and the city was still asleep.

春天来了，公园里的花都开了。小明和妈妈一起去公园散步。

- Bring water
- Take photos of the **cherry blossoms**
"""


def start_xvfb() -> subprocess.Popen:
    if not shutil.which("Xvfb"):
        sys.exit("Xvfb is missing: apt-get install xvfb")
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    time.sleep(1.0)
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return server


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", default="screenshot.png")
    p.add_argument("--tool", default="rewrite", choices=("rewrite", "translate", "continue"))
    p.add_argument("--dark", action="store_true")
    p.add_argument("--language", default="en", help="the interface language: en or zh_CN")
    args = p.parse_args()
    server = start_xvfb()
    os.environ.setdefault("WRITING_ASSISTANT_HOME", tempfile.mkdtemp(prefix="wa-screenshot-"))
    try:
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QGuiApplication, QTextCursor
        from PySide6.QtWidgets import QApplication

        from assistant.core.settings import Settings
        from assistant.ui import i18n
        from assistant.ui.window import MainWindow

        app = QApplication([sys.argv[0]])
        i18n.install(app, args.language)
        settings = Settings()
        settings.editor.theme = "dark" if args.dark else "light"
        settings.editor.preview = True
        window = MainWindow(settings)
        window.show()
        document = Path(os.environ["WRITING_ASSISTANT_HOME"]) / "walk.md"
        document.write_text(DOCUMENT, encoding="utf-8")
        window.files.open_files([str(document)])
        editor = window.current_editor()

        def run_tool():
            text = editor.toPlainText()
            target = "Every morning" if args.tool != "translate" else "春天来了"
            start = text.index(target)
            end = text.index("\n", start)
            cursor = editor.textCursor()
            cursor.setPosition(end if args.tool == "continue" else start)
            if args.tool != "continue":
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)
            options = {"rewrite": {"style": "formal"}, "translate": {"target": "English"},
                       "continue": {"length": "sentence"}}[args.tool]  # fmt: skip
            window.runs.run_tool(args.tool, options)

        def shoot():
            app.processEvents()
            QGuiApplication.primaryScreen().grabWindow(0).save(args.out)
            print(f"saved {args.out}", flush=True)
            window.shutdown()
            app.quit()

        window.model_ready.connect(run_tool)
        window.run_finished.connect(lambda: QTimer.singleShot(300, shoot))
        window.models.load()
        QTimer.singleShot(120_000, shoot)  # whatever happens, a picture
        app.exec()
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
