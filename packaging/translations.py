"""Update the interface translations: extract strings into .ts files, compile them to .qm.

    python packaging/translations.py

Run it after changing any user-visible string in assistant/ui, translate the new
entries of resources/translations/writing-assistant_zh_CN.ts (with Qt Linguist:
pyside6-linguist), then run it again. English is the source language: its .ts
holds only the plural forms.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
SOURCES = sorted(str(p) for p in (ROOT / "assistant" / "ui").rglob("*.py"))
LANGUAGES = {"zh_CN": [], "en": ["-pluralonly"]}


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(f"pyside6-{name}"))


def main() -> int:
    for language, flags in LANGUAGES.items():
        ts = FOLDER / f"writing-assistant_{language}.ts"
        subprocess.run([tool("lupdate"), "-no-obsolete", "-locations", "none", *flags, *SOURCES, "-ts", str(ts)],
                       check=True)  # fmt: skip
        subprocess.run([tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
