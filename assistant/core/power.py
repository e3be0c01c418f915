"""Whether the platform asks programs to save energy (battery saver): then no work runs ahead of need."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

_PLATFORM_PROFILE = Path("/sys/firmware/acpi/platform_profile")  # set by power-profiles-daemon and the like


def saving_power() -> bool:
    if sys.platform == "win32":
        return _windows_saver()
    try:
        return _PLATFORM_PROFILE.read_text().strip() in ("low-power", "quiet")
    except OSError:
        return False  # macOS, or Linux without the interface: the platform does not say


def _windows_saver() -> bool:
    class Status(ctypes.Structure):
        _fields_ = [("ACLineStatus", ctypes.c_byte), ("BatteryFlag", ctypes.c_byte),
                    ("BatteryLifePercent", ctypes.c_byte), ("SystemStatusFlag", ctypes.c_byte),
                    ("BatteryLifeTime", ctypes.c_ulong), ("BatteryFullLifeTime", ctypes.c_ulong)]  # fmt: skip

    status = Status()
    if not ctypes.windll.kernel32.GetSystemPowerStatus(ctypes.byref(status)):
        return False
    return status.SystemStatusFlag == 1  # battery saver is on
