"""writing-assistant: a local-first, plugin-based writing assistant.

This module is the public API for plugins: everything a plugin needs is
imported from `assistant`, never from its submodules.
"""

import logging

__version__ = "0.1.0"

# Front ends decide where log records go; a library never prints them itself.
logging.getLogger(__name__).addHandler(logging.NullHandler())

from .core.chunking import blocks, is_fenced_code  # noqa: E402
from .core.engine import Continuation, Prompt  # noqa: E402
from .core.errors import AssistantError, Cancelled, ContextOverflowError, ToolError  # noqa: E402
from .core.language import cjk_ratio, detect_language, language_name  # noqa: E402
from .core.runner import Job, trimmed  # noqa: E402
from .core.templates import PromptTemplate  # noqa: E402
from .core.tools import Option, Progress, Tool  # noqa: E402
from .hookspecs import hookimpl, hookspec  # noqa: E402

__all__ = [
    "AssistantError",
    "Cancelled",
    "ContextOverflowError",
    "Continuation",
    "Job",
    "Option",
    "Progress",
    "Prompt",
    "PromptTemplate",
    "Tool",
    "ToolError",
    "blocks",
    "cjk_ratio",
    "detect_language",
    "hookimpl",
    "hookspec",
    "is_fenced_code",
    "language_name",
    "trimmed",
]
