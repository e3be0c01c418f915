"""`plugins`: list, install, uninstall, enable and disable them."""

from __future__ import annotations

import sys

from ..core.settings import Settings
from ..plugins import PluginHost, with_plugin
from .common import CliError


def add_parsers(sub) -> None:
    plugins = sub.add_parser("plugins", help="list, install, uninstall, enable or disable plugins")
    verbs = plugins.add_subparsers(dest="verb")
    verbs.add_parser("list", help="every plugin with its version, source, tools and status (the default)")
    for verb, what in (("install", "a name on PyPI, a path or a URL, as pip takes it"),
                       ("uninstall", "a plugin's entry-point name or its distribution's name"),
                       ("enable", "a plugin's entry-point name or its distribution's name"),
                       ("disable", "a plugin's entry-point name or its distribution's name")):  # fmt: skip
        verbs.add_parser(verb, help=f"{verb} a plugin").add_argument("name", help=what)


def plugins(args, settings: Settings) -> int:
    from ..core import installer

    verb = args.verb or "list"
    if verb in ("install", "list"):
        for line in installer.install(args.name) if verb == "install" else []:
            print(f"writing-assistant: note: {line}", file=sys.stderr)
        return list_plugins(settings)
    records = PluginHost(disabled=settings.plugins.disabled).find(args.name)  # a distribution's: all of them
    record, names = records[0], ", ".join(r.name for r in records)
    if verb == "uninstall":
        if record.source in ("built-in", "unknown", "registered at run time"):
            raise CliError(f"{record.name} is {record.source}: it cannot be uninstalled, only disabled")
        installer.uninstall(record.source)
        _set_enabled(settings, records, True)
        print(f"uninstalled {record.source} ({names})")
    else:  # enable, disable
        _set_enabled(settings, records, verb == "enable")
        print(f"{verb}d {names}" + (f" ({record.source})" if record.source != "built-in" else ""))
    return 0


def _set_enabled(settings: Settings, records: list, enabled: bool) -> None:
    """On the list as the file holds it now: another command may have changed it since we read it."""

    def edit(now: Settings) -> None:
        for record in records:
            now.plugins.disabled[:] = with_plugin(now.plugins.disabled, record, enabled)

    settings.update(edit)


def list_plugins(settings: Settings) -> int:
    host = PluginHost(disabled=settings.plugins.disabled)
    host.tools()
    host.backends()
    host.retrievers()
    for r in host.records.values():
        provides = r.tools + [f"backend {name}" for name in r.backends] + [f"retriever {n}" for n in r.retrievers]
        line = f"{r.name:<28} {r.version:<8} {r.source:<28} {r.status:<9} {', '.join(provides)}"
        print(line.rstrip() + "".join(f"\n    {note}" for note in [f"error: {r.error}"] * bool(r.error) + r.problems))
    for notice in host.notices:
        print(f"writing-assistant: warning: {notice}", file=sys.stderr)
    return 0



COMMANDS = {"plugins": plugins}
