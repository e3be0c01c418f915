"""Starting where Qt cannot open a window: one line naming what to install, not Qt's abort."""

import os
import shutil
import subprocess
import sys

import pytest

from assistant.ui import platform


def test_without_a_display_the_app_says_so_in_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "assistant"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "no display" in result.stderr and "Traceback" not in result.stderr


def test_a_display_that_is_set_but_unreachable_is_one_line_not_an_abort():
    """A stale ssh session's DISPLAY: Qt's own answer is an abort (rc -6) with several lines."""
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XAUTHORITY")}
    env["DISPLAY"] = ":219"  # no X server there
    result = subprocess.run([sys.executable, "-m", "assistant"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot open the display :219" in result.stderr


@pytest.mark.parametrize("x_display", [None, ":219"])
def test_a_wayland_display_that_is_set_but_unreachable_is_one_line_not_an_abort(tmp_path, x_display):
    """A stale Wayland session's WAYLAND_DISPLAY: Qt tries wayland, then xcb, then aborts (rc -6)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "XAUTHORITY")}
    env.update(WAYLAND_DISPLAY="wayland-219", XDG_RUNTIME_DIR=str(tmp_path))  # no compositor there
    if x_display:
        env["DISPLAY"] = x_display  # Qt falls back to X, which is not there either
    result = subprocess.run([sys.executable, "-m", "assistant"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert (f"cannot open the display {x_display}" if x_display else "Wayland display wayland-219") in result.stderr


def test_a_wayland_compositor_that_answers_is_no_problem(tmp_path, monkeypatch):
    import socket

    with socket.socket(socket.AF_UNIX) as compositor:
        compositor.bind(str(tmp_path / "wayland-1"))
        compositor.listen()
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
        monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-1")
        monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
        assert platform.platform_problem() == ""
        monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-2")
        monkeypatch.delenv("DISPLAY", raising=False)
        assert "Wayland display wayland-2" in platform.platform_problem()


def test_a_platform_qt_does_not_have_is_one_line_not_an_abort():
    env = {k: v for k, v in os.environ.items() if k != "QT_PLUGIN_PATH"}
    env["QT_QPA_PLATFORM"] = "offscren"  # a typo
    result = subprocess.run([sys.executable, "-m", "assistant"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "QT_QPA_PLATFORM=offscren" in result.stderr and "offscreen" in result.stderr


@pytest.fixture
def library_with_a_missing_dependency(tmp_path):
    """A shared library linked against one that is then deleted, as libqxcb.so is on a bare system."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler, "a C compiler is needed (llama-cpp-python needs one too)"
    (tmp_path / "stub.c").write_text("int wa_stub(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int wa_stub(void);\nint wa_plugin(void) { return wa_stub(); }\n")
    subprocess.run([compiler, "-shared", "-fPIC", "stub.c", "-o", "libwa_stub.so.0", "-Wl,-soname,libwa_stub.so.0"],
                   cwd=tmp_path, check=True)  # fmt: skip
    subprocess.run([compiler, "-shared", "-fPIC", "plugin.c", "-o", "libplugin.so", "-L.", "-l:libwa_stub.so.0"],
                   cwd=tmp_path, check=True)  # fmt: skip
    (tmp_path / "libwa_stub.so.0").unlink()
    return tmp_path / "libplugin.so"


@pytest.mark.parametrize("with_ldd", [True, False])
def test_a_missing_library_is_found_with_or_without_ldd(library_with_a_missing_dependency, monkeypatch, with_ldd):
    if not with_ldd:
        monkeypatch.setattr(platform.shutil, "which", lambda name: None)
    assert platform.missing_libraries(library_with_a_missing_dependency) == ["libwa_stub.so.0"]


def test_missing_xcb_libraries_are_named_with_their_debian_and_fedora_packages(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(platform, "missing_libraries", lambda plugin: ["libxcb-cursor.so.0", "libxcb-sync.so.1"])
    line = platform.platform_problem()
    assert "sudo apt install libxcb-cursor0 libxcb-sync1" in line and "sudo dnf install xcb-util-cursor" in line
    assert "\n" not in line
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert platform.platform_problem() == ""


def test_a_machine_without_a_chinese_font_is_told_once(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from assistant.core.settings import Settings
    from assistant.ui import status, window as window_module
    from conftest import close_window

    monkeypatch.setattr(status, "has_cjk_font", lambda: False)
    window = window_module.MainWindow(Settings())
    qtbot.addWidget(window)
    window.status.tell_font_problems()
    assert "No installed font shows Chinese" in window.statusBar().currentMessage()
    assert not window.findChildren(QMessageBox)  # a status line: no dialog takes the editor's focus
    window.statusBar().clearMessage()
    again = window_module.MainWindow(Settings.load()[0])
    again.status.tell_font_problems()
    assert again.statusBar().currentMessage() == ""
    close_window(again)
    close_window(window)


def test_help_says_where_the_log_is():
    from assistant.core import paths

    out = subprocess.run([sys.executable, "-m", "assistant", "--help"], capture_output=True, text=True).stdout
    assert "The log is" in out and str(paths.log_dir()).split("/")[-1] in out.replace("\n", "")
