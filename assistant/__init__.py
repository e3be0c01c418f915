"""writing-assistant: a local-first, plugin-based writing assistant.

This module is the public API for plugins: everything a plugin needs is
imported from `assistant`, never from its submodules.
"""

import logging

__version__ = "0.1.0"

# Front ends decide where log records go; a library never prints them itself.
logging.getLogger(__name__).addHandler(logging.NullHandler())

# Loaded on first use (PEP 562): the entry point starts at once, so Ctrl-C in the first
# moments already reaches code that ends quietly, and `import assistant` stays cheap.
_EXPORTS = {
    "blocks": "core.chunking", "is_fenced_code": "core.chunking", "markdown_segments": "core.chunking",
    "cjk_ratio": "core.scripts", "CJK_CHARS": "core.scripts", "HAN_CHARS": "core.scripts",
    "Backend": "core.engine", "BackendInfo": "core.engine", "Continuation": "core.engine",
    "GenerationParams": "core.engine", "GenerationStats": "core.engine", "Prompt": "core.engine",
    "AssistantError": "core.errors", "BackendError": "core.errors", "Cancelled": "core.errors", "ContextOverflowError": "core.errors",
    "ToolError": "core.errors",
    "detect_language": "core.language", "language_name": "core.language",
    "Job": "core.runner", "trimmed": "core.cleanup", "Memory": "core.memory",
    "PromptTemplate": "core.templates",
    "Checker": "core.proofread", "Diagnostic": "core.proofread", "Piece": "core.proofread",
    "Note": "core.tools", "Option": "core.tools", "Progress": "core.tools", "Tool": "core.tools",
    "central_sentences": "core.faithful", "faithfulness": "core.faithful", "is_cjk_language": "core.faithful",
    "translation_problems": "core.faithful",
    "ends_sentence": "core.sentences", "sentences": "core.sentences", "streamed_sentences": "core.sentences",
    "hookimpl": "hookspecs", "hookspec": "hookspecs",
    "Passage": "core.sources.retriever", "Retriever": "core.sources.retriever", "SourceIndex": "core.sources.index",
}  # fmt: skip
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])

