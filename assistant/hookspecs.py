"""Every hook a plugin may implement.

Hooks are called with keyword arguments; an implementation may accept fewer
arguments than its spec lists, so specs can grow without breaking plugins.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("writing_assistant")
hookimpl = pluggy.HookimplMarker("writing_assistant")


@hookspec
def register_tools(register, report):
    """Register writing tools: call ``register(tool)`` for each :class:`assistant.Tool`.

    :param register: a callable taking one Tool; a name already taken by another plugin is refused.
    :param report: a callable taking one line for the writer about something the plugin could not
        provide (a broken file of its own, say), without failing the plugin's other tools.
    """


@hookspec
def register_backends(register):
    """Register model backends: call ``register(name, factory)``, where ``factory(settings)``
    returns an :class:`assistant.Backend` (it may take seconds: it runs off the GUI thread).

    :param register: a callable taking a name and a factory; a name already taken is refused.
    """


@hookspec
def register_retrievers(register):
    """Register retrievers of the writer's sources: call ``register(name, factory)``, where
    ``factory(settings)`` returns an :class:`assistant.Retriever` (the setting ``sources.retriever``
    chooses one; the built-in ``local`` searches the SQLite index of ``writing-assistant sources``).

    :param register: a callable taking a name and a factory; a name already taken is refused.
    """


@hookspec
def register_checkers(register):
    """Register proofreading checkers: call ``register(checker)`` for each :class:`assistant.Checker`,
    whose ``check(piece)`` returns :class:`assistant.Diagnostic` findings in a paragraph (or the document).

    :param register: a callable taking one Checker; a name already taken by another plugin is refused.
    """
