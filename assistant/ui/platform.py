"""Before the app's window: can Qt show one here? Qt's own answer is an abort ("Could not load the Qt
platform plugin xcb"); ours is one line naming the packages to install."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

# The libraries Qt's xcb plugin needs beyond a minimal system, with the Debian/Ubuntu and Fedora
# packages that hold them. Others are named after Debian's rule (libfoo.so.1 -> libfoo1).
PACKAGES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
}
DESKTOP_PACKAGES = ("libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 "
                    "libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libegl1 libgl1 libfontconfig1 libdbus-1-3")  # fmt: skip


def platform_problem() -> str:
    """Why no window can open here, in one line; empty when Qt's platform plugin will load."""
    if sys.platform != "linux":
        return ""
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    wayland = os.environ.get("WAYLAND_DISPLAY", "")
    if chosen.startswith("wayland") or not chosen and wayland:
        problem = wayland_problem(wayland or "wayland-0")
        if not problem or not os.environ.get("DISPLAY") or chosen and "xcb" not in chosen:
            return problem
        # else Qt falls back to X ("wayland;xcb", or its own default): is it there?
    elif chosen and not chosen.startswith("xcb"):
        return unknown_platform(chosen)  # offscreen, vnc, ...: Qt's own message is clear enough, but for a typo
    if not os.environ.get("DISPLAY"):
        return ("there is no display to open a window on (DISPLAY is not set): start it from a desktop session, "
                "or use the command line (writing-assistant --help)")  # fmt: skip
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    missing = missing_libraries(plugin)
    if not missing:
        return display_problem(os.environ["DISPLAY"])
    debian = " ".join(_package(name, 0) for name in missing)
    fedora = " ".join(_package(name, 1) for name in missing)
    return (f"Qt cannot open a window: {', '.join(missing)} missing. Install them: "
            f"sudo apt install {debian} (Debian, Ubuntu) or sudo dnf install {fedora} (Fedora)")


def unknown_platform(chosen: str) -> str:
    """One line when QT_QPA_PLATFORM names no platform plugin of this Qt (Qt aborts); else empty."""
    import PySide6

    if os.environ.get("QT_PLUGIN_PATH"):
        return ""  # plugins from elsewhere: Qt knows
    folder = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms"
    have = sorted(p.name.removeprefix("libq").partition(".")[0] for p in folder.glob("libq*"))
    wanted = [name.partition(":")[0] for name in chosen.split(";") if name]
    if not have or any(name.startswith(plugin) for name in wanted for plugin in have):  # wayland-egl is wayland's
        return ""
    return (f"QT_QPA_PLATFORM={chosen} names no platform this Qt has ({', '.join(have)}): unset it, "
            "or use the command line (writing-assistant --help)")


_HELD: list[int] = []  # the display connection display_problem made


def display_problem(display: str) -> str:
    """Why the X display cannot be opened, in one line; empty when it can. Asked through libxcb, as Qt's
    xcb plugin asks, whose answer to a stale ssh session's DISPLAY is an abort."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return ""  # Qt's plugin needs it: missing_libraries has named it
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(None, None)  # never NULL: an error is a connection that has one
    if not xcb.xcb_connection_has_error(connection):
        # Kept open while the app runs: a server that resets when its last client leaves (Xvfb does)
        # would otherwise be resetting just as Qt connects, and Qt would abort.
        _HELD.append(connection)
        return ""
    xcb.xcb_disconnect(connection)
    return (f"cannot open the display {display} (DISPLAY is set, but no X server answers there: a session that "
            "has ended, or an ssh connection without X forwarding): start it from a desktop session, "
            "or use the command line (writing-assistant --help)")  # fmt: skip


def wayland_problem(display: str) -> str:
    """Why the Wayland display cannot be reached, in one line; empty when a compositor answers. Qt's
    answer to a stale session's WAYLAND_DISPLAY is to try X, then abort."""
    path = Path(os.environ.get("XDG_RUNTIME_DIR", "")) / display  # an absolute name stays itself
    try:
        with socket.socket(socket.AF_UNIX) as compositor:
            compositor.settimeout(5)
            compositor.connect(str(path))
        return ""
    except OSError:
        return (f"cannot open the Wayland display {display} (WAYLAND_DISPLAY is set, but no compositor answers "
                f"at {path}: a session that has ended): start it from a desktop session, or use the command "
                "line (writing-assistant --help)")  # fmt: skip


def missing_libraries(library: Path) -> list[str]:
    """The shared libraries `library` needs that this system lacks."""
    if shutil.which("ldd"):  # lists every missing one, not only the first
        try:
            out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, timeout=10).stdout
            return sorted(set(re.findall(r"^\s*(\S+) => not found", out, re.MULTILINE)))
        except (OSError, subprocess.SubprocessError):
            pass
    try:
        ctypes.CDLL(str(library))
    except OSError as error:
        return re.findall(r"(\S+\.so[.\d]*): cannot open shared object file", str(error))
    return []


def _package(library: str, system: int) -> str:
    if library in PACKAGES:
        return PACKAGES[library][system]
    if system == 1:
        return library  # dnf finds a package by a file it provides
    stem, _, version = library.partition(".so")
    version = version.strip(".")
    return stem + ("-" if stem[-1:].isdigit() else "") + version.replace(".", "")
