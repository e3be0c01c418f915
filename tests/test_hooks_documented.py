"""Every hook is documented and tested (a datasette habit)."""

import inspect
from pathlib import Path

import pytest

from assistant import hookspecs

ROOT = Path(__file__).resolve().parents[1]
HOOKS = [name for name, f in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(f, "writing_assistant_spec")]


def test_there_are_hooks():
    assert "register_tools" in HOOKS


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_docstring_and_a_readme_entry(hook):
    assert getattr(hookspecs, hook).__doc__.strip()
    assert f"`{hook}(" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_exercised_by_a_test(hook):
    tests = [p for p in (ROOT / "tests").rglob("test_*.py") if p.name != Path(__file__).name]
    assert any(f"def {hook}(" in p.read_text(encoding="utf-8") for p in tests)
