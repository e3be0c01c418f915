"""Every example in docs/plugins.md runs: Python blocks (and the tests they hold), the pyproject
snippets, the prompt tool; and the guide's first plugin installs and runs from the guide alone."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from assistant.core import paths
from assistant.plugins import PluginHost

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", GUIDE, re.MULTILINE | re.DOTALL)


def test_the_readme_links_the_guide():
    assert "docs/plugins.md" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("number", range(len(blocks("python"))))
def test_every_python_example_runs_with_its_tests(number, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "plugins" / "example-plugin"))  # the prompt-file example's package
    namespace: dict = {"__name__": f"guide_example_{number}"}
    exec(compile(blocks("python")[number], f"docs/plugins.md python block {number}", "exec"), namespace)  # noqa: S102
    for name, test in namespace.items():
        if name.startswith("test_"):
            test()


def test_the_pyproject_examples_match_a_working_plugin():
    first, package_data = (tomllib.loads(block) for block in blocks("toml"))
    assert first["project"]["entry-points"]["writing_assistant"] == {"wordcount": "writing_assistant_wordcount"}
    example = tomllib.loads((ROOT / "plugins" / "example-plugin" / "pyproject.toml").read_text(encoding="utf-8"))
    assert package_data["tool"]["setuptools"]["package-data"] == example["tool"]["setuptools"]["package-data"]


def test_the_prompt_tool_example_loads():
    folder = paths.prompt_tools_dir()
    folder.mkdir(parents=True)
    [example] = blocks("prompt")
    (folder / "tldr.prompt").write_text(example, encoding="utf-8")
    host = PluginHost(entry_points=False)
    assert host.tools()["tldr"].title == "TL;DR" and not host.problems()


def cli(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def test_the_first_plugin_of_the_guide_installs_runs_and_uninstalls(tmp_path):
    project = tmp_path / "writing-assistant-wordcount"
    (project / "writing_assistant_wordcount").mkdir(parents=True)
    (project / "writing_assistant_wordcount" / "__init__.py").write_text(blocks("python")[0], encoding="utf-8")
    (project / "pyproject.toml").write_text(blocks("toml")[0], encoding="utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("One sentence here. And another one.", encoding="utf-8")
    try:
        cli("plugins", "install", str(project))
        assert cli("run", "wordcount", str(notes), "--json", "--model", str(tmp_path / "none.gguf")).stdout.strip() \
            == '{"words": 6, "sentences": 2}'  # fmt: skip
    finally:
        cli("plugins", "uninstall", "writing-assistant-wordcount")
    assert "wordcount" not in cli("tools").stdout
