"""The core, the CLI and the plugins never import Qt."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_FREE = [ROOT / "assistant" / "core", ROOT / "assistant" / "cli", ROOT / "assistant" / "plugins.py",
           ROOT / "assistant" / "__init__.py", ROOT / "assistant" / "hookspecs.py", ROOT / "plugins"]  # fmt: skip


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_no_qt_import_in_core_sources():
    files = [f for p in QT_FREE for f in ([p] if p.is_file() else p.rglob("*.py"))]
    assert len(files) > 10
    offenders = [
        f"{f.relative_to(ROOT)}: {m}"
        for f in files
        for m in imported_modules(f)
        if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6", "qtpy")
    ]
    assert offenders == []


def test_running_the_cli_and_every_tool_loads_no_qt():
    code = (
        "import sys, assistant.cli, assistant.plugins\n"
        "from assistant.core import documents, llama_backend, runner, settings, models\n"
        "assistant.plugins.PluginHost().tools()\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "assert not qt, qt\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
