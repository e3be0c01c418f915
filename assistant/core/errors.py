"""Errors a writer can read.

Every error the core raises on purpose derives from AssistantError, and its
message is a sentence meant for the writer, not a traceback.
"""


class AssistantError(Exception):
    """Something went wrong; str(error) says what, in the writer's terms."""


class ModelError(AssistantError):
    """A model file is missing, not a GGUF file, damaged, or cannot be loaded."""


class BackendError(AssistantError):
    """Generation failed in the engine or on a server."""


class ContextOverflowError(AssistantError):
    """The text does not fit in the model's context window, even when split."""


class ToolError(AssistantError):
    """A tool cannot run as asked (unknown tool, bad option, missing selection)."""


class PluginError(AssistantError):
    """A plugin cannot be found, installed, removed, enabled or disabled as asked."""


class DocumentError(AssistantError):
    """A document cannot be read or saved."""


class Cancelled(Exception):
    """The writer stopped the work. Not an error: front ends end quietly."""
