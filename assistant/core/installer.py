"""Installing and removing plugins with pip, as `llm install` does.

An installed app has a Python environment of its own: pip installs there. A
frozen app has none, so plugins go into its plugins folder (on sys.path at
start), without their dependencies: the app already has writing-assistant and
what it needs, and any other requirement is named for the writer to install.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import io
import logging
import re
import runpy
import subprocess
import sys
from pathlib import Path

from . import paths
from .errors import PluginError
from .logs import redact

log = logging.getLogger(__name__)


def frozen() -> bool:
    return paths.bundle_dir() is not None


def install(spec: str) -> list[str]:
    """pip-install `spec` (a name on PyPI, a path, a URL); the lines worth telling the writer."""
    if frozen():
        folder = paths.plugins_dir()
        folder.mkdir(parents=True, exist_ok=True)
        before = {d.metadata["Name"] for d in importlib.metadata.distributions(path=[str(folder)])}
        _pip("install", "--target", str(folder), "--no-deps", "--upgrade", spec)
        added = [d for d in importlib.metadata.distributions(path=[str(folder)]) if d.metadata["Name"] not in before]
        return [f"{d.metadata['Name']} needs {need}: install it too (writing-assistant plugins install {need})"
                for d in added for need in _missing(d)]  # fmt: skip
    _pip("install", spec)
    return []


def uninstall(distribution: str) -> None:
    """Remove the distribution that installed a plugin."""
    if frozen():
        folder = paths.plugins_dir()
        for dist in importlib.metadata.distributions(path=[str(folder)]):
            if normal_name(dist.metadata["Name"]) == normal_name(distribution):
                _remove_files(folder, dist)
                return
        raise PluginError(f"{distribution} is not in the plugins folder {folder}.")
    _pip("uninstall", "--yes", distribution)


def _pip(*args: str) -> None:
    """Run pip: in this process where the app is frozen (there is no Python to start), else in a new one."""
    if frozen():
        output, code = io.StringIO(), 0
        argv = sys.argv
        sys.argv = ["pip", "--disable-pip-version-check", *args]
        try:
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                runpy.run_module("pip", run_name="__main__", alter_sys=True)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        finally:
            sys.argv = argv
        text = output.getvalue()
    else:
        result = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                                capture_output=True, text=True)  # fmt: skip
        code, text = result.returncode, result.stdout + result.stderr
    log.info("pip %s: exit %s\n%s", " ".join(args), code, text)
    importlib.invalidate_caches()
    if code:
        errors = [line for line in text.splitlines() if line.startswith("ERROR")] or text.strip().splitlines()[-1:]
        raise PluginError(redact(f"pip {args[0]} failed: {' '.join(errors) or f'exit code {code}'}"))


def _missing(dist: importlib.metadata.Distribution) -> list[str]:
    """Requirements of `dist` that nothing here provides (writing-assistant itself is the app)."""
    missing = []
    for requirement in dist.requires or []:
        if ";" in requirement:  # an extra or a marker: not needed for the plugin itself
            continue
        name = re.match(r"[A-Za-z0-9._-]+", requirement).group(0)
        if normal_name(name) == "writing-assistant":
            continue
        try:
            importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
    return missing


def _remove_files(folder: Path, dist: importlib.metadata.Distribution) -> None:
    for file in dist.files or []:
        path = (folder / file).resolve()
        if path.is_relative_to(folder.resolve()) and path.is_file():
            path.unlink()
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    importlib.invalidate_caches()


def normal_name(name: str) -> str:
    """A name as pip compares them: case and runs of -, _ and . do not matter."""
    return re.sub(r"[-_.]+", "-", name.strip()).lower()
