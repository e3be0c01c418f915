"""Packaging: desktop integration files, and the frozen bundle built and smoke-tested."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"


def test_every_package_of_the_app_and_its_built_in_plugins_is_installed():
    """A package missing from pyproject's list works from the checkout (an editable install) and is
    absent from a wheel: `pip install .` then fails at start."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "assistant").rglob("__init__.py")}
    found |= {init.parent.name for init in (ROOT / "plugins").glob("assistant_*/__init__.py")}
    assert found <= listed, found - listed


def test_the_desktop_entry_starts_the_app_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(RESOURCES / "writing-assistant.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Exec"].startswith("writing-assistant")
    assert (RESOURCES / "icons" / f"{desktop['Icon']}.svg").exists()
    assert (RESOURCES / "icons" / f"{desktop['Icon']}.png").exists()
    assert desktop["Name[zh_CN]"] and "text/markdown" in desktop["MimeType"]


def test_the_metainfo_names_the_desktop_entry():
    component = ET.parse(RESOURCES / "io.github.writing_assistant.WritingAssistant.metainfo.xml").getroot()
    assert component.findtext("id") == "io.github.writing_assistant.WritingAssistant"
    assert component.findtext("launchable") == "writing-assistant.desktop"
    assert component.find("description/p") is not None and component.findtext("project_license") == "Apache-2.0"


@pytest.mark.bundle
def test_the_frozen_bundle_builds_and_passes_its_smoke_test(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=1200)  # fmt: skip
    out = subprocess.run([sys.executable, str(ROOT / "packaging" / "smoke_test.py")], capture_output=True, text=True,
                         env=env, timeout=600)  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    assert "smoke test passed" in out.stdout
