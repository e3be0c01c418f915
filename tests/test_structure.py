"""The shape of the code (docs/architecture.md): no import circles, the window only composes, views take the
session instead of the window."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "assistant"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The modules of assistant/ that `path` imports, wherever in the file (TYPE_CHECKING ones too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = ".".join(base[: len(base) - node.level + 1]) if node.level else ""
            target = ".".join(p for p in (base, node.module or "") if p)
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {m for m in found if m in modules and m != name}


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports_of(path, set(files)) for name, path in files.items()}


def test_no_import_circles_in_the_app():
    edges = graph()
    # A package's __init__ importing its own modules is how packages work, not a circle between parts.
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    circles, state = [], {}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges[module]):
            if state.get(target) == "open":
                circles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack + [target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_only_the_app_entry_imports_the_main_window():
    importers = [m for m, targets in graph().items() if "assistant.ui.window" in targets]
    assert importers == ["assistant.ui.app"]


def test_the_window_only_composes():
    assert len((PACKAGE / "ui" / "window.py").read_text(encoding="utf-8").splitlines()) <= 300


def sources(*folders: str):
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_one_of_each_helper():
    """The CJK ranges live in core/scripts.py, the code-fence pattern in core/chunking.py, the cleanup of a
    model's output in core/cleanup.py, atomic writes in core/files.py (documents: core/documents/disk.py)."""
    where = {
        "the Han range": ({"assistant/core/scripts.py"}, ("4e00", "4E00", "9fff", "9FFF")),
        "the fence pattern": ({"assistant/core/chunking.py"}, ("`{3,}|~{3,}",)),
        "the answer's label": ({"assistant/core/cleanup.py"}, ("_LABEL = ",)),
        "a temporary file beside its target": ({"assistant/core/files.py"}, ("mkstemp(",)),
        "a folder's fsync": ({"assistant/core/files.py"}, ("def fsync_folder", "def _fsync_folder")),
    }  # fmt: skip
    for what, (homes, marks) in where.items():
        found = {name for name, text in sources("assistant", "plugins") if any(m in text for m in marks)}
        assert found == homes, what
