"""The Qt binding itself must not corrupt Python's reference counts (PySide6 6.12.0 did)."""

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_calls_that_return_nothing_keep_none_alive(qapp):
    label = QLabel("x")
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("y")
        QApplication.processEvents()
    # Each leaked reference brings a GUI closer to "Fatal Python error: deallocating None".
    assert sys.getrefcount(None) - before > -50
