"""Finding and loading plugins, each load guarded.

Built-in plugins are listed by module name and registered directly, so they
work where entry points are missing (a frozen app). Third-party plugins come
from the `writing_assistant` entry-point group; one whose entry-point name is
a built-in's (or a core module's, or another's) is known by its distribution
and that name (`dist:name`), so it can neither displace a built-in nor be
disabled with it. A plugin that fails to import, implements an unknown hook
or raises in a hook (sys.exit() included) is recorded with its error and
skipped; the others keep working.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

import pluggy

from . import __version__, hookspecs
from .core import paths
from .core.errors import PluginError
from .core.guard import plugin_code
from .core.installer import normal_name
from .core.proofread import Checker
from .core.tools import Tool

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "writing_assistant"
BUILTIN_PLUGINS = (
    "assistant.core.backends",
    "assistant_continue",
    "assistant_rewrite",
    "assistant_translate",
    "assistant_summarize",
    "assistant_keywords",
    "assistant_sources",
    "assistant_proofread",
    "assistant.core.prompt_tools",  # last of the built-ins: the writer's own files never shadow them
)
# A comma-separated list of the entry-point plugins to load (empty: none); unset loads all.
LOAD_ENV = "WRITING_ASSISTANT_PLUGINS"


@dataclass
class PluginRecord:
    name: str
    version: str
    source: str  # "built-in", or the distribution that installed it
    status: str = "loaded"  # loaded, disabled or failed
    error: str = ""
    tools: list[str] = field(default_factory=list)
    backends: list[str] = field(default_factory=list)
    retrievers: list[str] = field(default_factory=list)
    checkers: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what a loaded plugin could not provide
    reported: dict[str, list[str]] = field(default_factory=dict, repr=False)  # the problems, by hook

    def report(self, hook: str, problems: list[str]) -> None:
        """What one hook of the plugin could not provide, in place of what that hook said before."""
        self.reported[hook] = problems
        self.problems = [p for lines in self.reported.values() for p in lines]

    def names(self) -> set[str]:
        """What a writer may call it: its entry-point (or module) name, or its distribution's name."""
        return {normal_name(self.name)} | ({normal_name(self.source)} if self.source != "built-in" else set())


def with_plugin(disabled: list[str], record: PluginRecord, enabled: bool) -> list[str]:
    """The settings' `plugins.disabled` with one plugin enabled or disabled, whichever of its names it had."""
    return [n for n in disabled if normal_name(n) not in record.names()] + ([] if enabled else [record.name])


class PluginHost:
    """The plugin manager of one front end, with a record of every plugin it found."""

    def __init__(self, disabled: Iterable[str] = (), builtins: Iterable[str] = BUILTIN_PLUGINS,
                 entry_points: bool = True):  # fmt: skip
        self.pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.pm.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self._loaders: dict[str, Callable[[], object]] = {}
        self._disabled = {normal_name(n) for n in disabled}
        self.notices: list[str] = []  # what the writer should know: names that match no plugin, say
        for module in builtins:
            self._add(PluginRecord(module, __version__, "built-in"), lambda m=module: importlib.import_module(m))
        if entry_points:
            paths.add_plugins_folder()
            wanted = os.environ.get(LOAD_ENV)
            allowed = None if wanted is None else {normal_name(n) for n in wanted.split(",") if n.strip()}
            found = []
            points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
            taken = {normal_name(n) for n in self.records} | {"assistant"}
            twice = {n for n, count in Counter(normal_name(ep.name) for ep in points).items() if count > 1}
            for ep in points:
                dist = ep.dist
                name = ep.name
                if normal_name(name) in taken | twice or name.lower().startswith("assistant."):
                    name = f"{dist.name if dist else 'unknown'}:{name}"
                record = PluginRecord(name, dist.version if dist else "?", dist.name if dist else "unknown")
                found.append(record)
                if allowed is None or allowed & record.names():
                    self._add(record, ep.load)
            self._check_names(LOAD_ENV, allowed or set(), found)
        self._check_names("plugins.disabled", self._disabled, self.records.values())
        self._check_environment()

    def _add(self, record: PluginRecord, load: Callable[[], object]) -> None:
        self.records[record.name] = record
        self._loaders[record.name] = load
        builtins = {n for r in self.records.values() if r.source == "built-in" for n in r.names()}
        # A built-in's name disables the built-in only, even if a distribution shares it.
        if (self._disabled - (builtins if record.source != "built-in" else set())) & record.names():
            record.status = "disabled"
        else:
            self._activate(record.name)

    def _check_names(self, where: str, names: set[str], records: Iterable[PluginRecord]) -> None:
        known = set().union(*(r.names() for r in records))
        for name in sorted(names - known):
            self.notices.append(f"{where} names {name!r}, which is no installed plugin "
                                f"(plugins: {', '.join(r.name for r in records)}).")  # fmt: skip

    def _check_environment(self) -> None:
        """A misspelled variable would otherwise do nothing, silently."""
        known = {LOAD_ENV, paths.HOME_ENV}
        for name in sorted(os.environ):
            if name.startswith("WRITING_ASSISTANT_") and name not in known:
                self.notices.append(f"The environment variable {name} means nothing to writing-assistant "
                                    f"(it knows {', '.join(sorted(known))}).")  # fmt: skip

    def find(self, name: str) -> list[PluginRecord]:
        """The plugin of that entry-point or module name (a built-in's is the built-in's alone), else every
        plugin the distribution of that name installed."""
        wanted = normal_name(name)
        found = [r for r in self.records.values() if normal_name(r.name) == wanted] or \
            [r for r in self.records.values() if wanted in r.names()]  # fmt: skip
        if not found:
            raise PluginError(f"There is no plugin named {name!r}; plugins: {', '.join(self.records)}.")
        return found

    def problems(self) -> list[str]:
        """One line for each plugin that failed or lost a tool, and each notice; empty when all is well."""
        lines = [f"The plugin {r.name} failed: {r.error}" for r in self.records.values() if r.error]
        lines += [f"{r.name}: {problem}" for r in self.records.values() for problem in r.problems]
        return lines + self.notices

    def _activate(self, name: str) -> None:
        record = self.records[name]
        try:
            with plugin_code():  # importing it runs its code
                plugin = self._loaders[name]()
            self.pm.register(plugin, name=name)
            self.pm.check_pending()  # a hook with no spec: a typo, or a plugin for another version
        except Exception as error:
            if self.pm.get_plugin(name) is not None:
                self.pm.unregister(name=name)
            self._fail(record, error)
        else:
            record.status, record.error = "loaded", ""

    def _fail(self, record: PluginRecord, error: Exception) -> None:
        log.warning("plugin %s failed", record.name, exc_info=error)
        record.status, record.error = "failed", f"{type(error).__name__}: {error}"

    def register(self, plugin: object, name: str, source: str = "registered at run time") -> PluginRecord:
        """Add a plugin object (a module or any object with hook implementations)."""
        self._add(PluginRecord(name, getattr(plugin, "__version__", ""), source), lambda: plugin)
        return self.records[name]

    def disable(self, name: str) -> None:
        record = self.records[name]
        if self.pm.get_plugin(name) is not None:
            self.pm.unregister(name=name)
        record.status, record.error, record.problems, record.reported = "disabled", "", [], {}
        record.tools, record.backends, record.retrievers, record.checkers = [], [], [], []

    def enable(self, name: str) -> None:
        if self.records[name].status != "loaded":
            self._activate(name)

    def tools(self) -> dict[str, Tool]:
        """Every tool of the loaded plugins."""

        def check(tool):
            if not isinstance(tool, Tool):
                raise TypeError(f"registered {tool!r}, which is not an assistant.Tool")
            return tool.name, tool

        found = self._collect("register_tools", check, "tools")
        for name, builtin in self._disabled_builtin_tools().items():
            owner = next((r for r in self.records.values() if name in r.tools), None)
            if owner is not None:  # the writer who disabled the built-in gets another tool by that name: say so
                owner.report("register_tools", owner.reported["register_tools"] + [
                    f"tool {name!r} has the name of {builtin}'s, which is disabled: `{name}` is now this plugin's"])
        return found

    def _disabled_builtin_tools(self) -> dict[str, str]:
        """The tools the disabled built-ins would register: their names, with the built-in's."""
        names: dict[str, str] = {}
        for record in self.records.values():
            if record.source == "built-in" and record.status == "disabled":
                hook = getattr(self._loaders[record.name](), "register_tools", None)
                given = {"register": lambda tool, by=record.name: names.setdefault(tool.name, by),
                         "report": lambda line: None}  # fmt: skip
                if hook is not None:
                    hook(**{arg: given[arg] for arg in inspect.signature(hook).parameters})
        return names

    def backends(self) -> dict[str, Callable]:
        """Every backend factory of the loaded plugins, by name."""

        def check(name, factory):
            if not isinstance(name, str) or not callable(factory):
                raise TypeError("register_backends takes a name and a factory")
            return name, factory

        return self._collect("register_backends", check, "backends")

    def retrievers(self) -> dict[str, Callable]:
        """Every retriever factory of the loaded plugins, by name: `factory(settings)` returns a Retriever."""

        def check(name, factory):
            if not isinstance(name, str) or not callable(factory):
                raise TypeError("register_retrievers takes a name and a factory")
            return name, factory

        return self._collect("register_retrievers", check, "retrievers")

    def checkers(self) -> dict[str, Checker]:
        """Every proofreading checker of the loaded plugins, by name."""

        def check(checker):
            if not isinstance(checker, Checker):
                raise TypeError(f"registered {checker!r}, which is not an assistant.Checker")
            return checker.name, checker

        return self._collect("register_checkers", check, "checkers")

    def _collect(self, hook: str, check: Callable, attribute: str) -> dict:
        """Call one registry hook of each plugin on its own, so that one failure stays its own."""
        found: dict = {}
        owners: dict[str, str] = {}  # which plugin registered each name
        # get_hookimpls() lists plugins in registration order: built-ins first.
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            record = self.records[impl.plugin_name]
            registered: list[tuple] = []
            problems: list[str] = []
            given = {"register": lambda *a, into=registered: into.append(check(*a)), "report": problems.append}
            try:
                with plugin_code():
                    impl.function(**{arg: given[arg] for arg in impl.argnames})
            except Exception as error:
                self.pm.unregister(name=record.name)
                self._fail(record, error)
                continue
            taken = [name for name, _ in registered if name in owners]
            for name in taken:  # only that one is refused: the plugin's other tools work
                problems.append(f"{attribute[:-1]} {name!r} not loaded: the name is taken by {owners[name]}")
            for problem in problems:
                log.warning("plugin %s: %s", record.name, problem)
            record.report(hook, problems)
            registered = [(name, value) for name, value in registered if name not in taken]
            setattr(record, attribute, [name for name, _ in registered])
            found.update(registered)
            owners.update((name, record.name) for name, _ in registered)
        return found
