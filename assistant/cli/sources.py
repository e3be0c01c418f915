"""The writer's sources: `sources add|list|remove|status`, `search` them, `ask` them a question."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

from ..core.runner import Request, ToolRunner
from ..core.session import Session
from ..core.settings import Settings
from .common import EXIT_CANCELLED, EXIT_USAGE, CliError, ProgressBar, load_plugins
from .run import _stream, add_model_arguments, choose_backend, retriever_of

if TYPE_CHECKING:  # the index (SQLite, the file readers) is imported by the commands that use it, not by every command
    from ..core.sources.index import SourceIndex


def add_parsers(sub) -> None:
    sources = sub.add_parser("sources", help="the folders and files that search and ask look in",
                             description="Your sources: folders and files indexed on this machine, for `search`, "
                                         "`ask` and the tools' option to use them.")  # fmt: skip
    verbs = sources.add_subparsers(dest="verb", required=True)
    add = verbs.add_parser("add", help="add folders or files and index them (again: read what changed)")
    add.add_argument("paths", nargs="*", metavar="PATH", help="none: bring the index up to date")
    verbs.add_parser("list", help="the sources, with their files and passages")
    remove = verbs.add_parser("remove", help="take a folder or file out of the sources")
    remove.add_argument("path", metavar="PATH")
    verbs.add_parser("status", help="files, passages, the share with embeddings, what is pending or skipped")
    search = sub.add_parser("search", help="passages of your sources that match a query, best first")
    search.add_argument("query")
    search.add_argument("-n", type=int, default=10, metavar="N", help="how many (default 10)")
    search.add_argument("--json", action="store_true",
                        help='print a list of {"path", "line", "page", "text", "score"}')  # fmt: skip
    ask = sub.add_parser("ask", help="answer a question from your sources alone, citing them")
    ask.add_argument("question")
    add_model_arguments(ask)
    ask.add_argument("--json", action="store_true",
                     help='print {"answer", "found", "citations": [{"path", "line", "page", "text"}]}')  # fmt: skip


def sources(args, settings: Settings) -> int:
    from ..core.sources.index import SourceIndex

    index = SourceIndex.configured(settings) if args.verb == "add" else SourceIndex()
    try:
        return VERBS[args.verb](args, index)
    finally:
        index.close()


def _add(args, index: SourceIndex) -> int:
    for path in args.paths:
        index.add(path)
    bar = ProgressBar(sys.stderr)

    def progress(done: int, total: int, path: str) -> None:
        bar.show(done, total, os.path.basename(path), f"{done / 2**20:.1f}/{total / 2**20:.1f} MB")

    try:
        report = index.update(progress)
        index.embed(lambda done, total, _: bar.show(done, total, "embedding", f"{done}/{total} passages"))
    except KeyboardInterrupt:
        bar.clear()
        print("writing-assistant: stopped; what was read is kept, and `sources add` goes on from there",
              file=sys.stderr)  # fmt: skip
        return EXIT_CANCELLED
    bar.clear()
    for line in report.skipped:
        print(f"writing-assistant: {line}", file=sys.stderr)
    status = index.status()
    print(f"{report.indexed} file(s) read, {report.removed} gone, {len(report.skipped)} skipped; "
          f"{status.files} file(s), {status.passages} passage(s) in all")  # fmt: skip
    return 0


def _list(args, index: SourceIndex) -> int:
    counts = index.counts()
    for root in index.roots():
        files, passages = counts.get(root, (0, 0))
        missing = "" if os.path.exists(root) else ", missing"
        print(f"{root}  ({files} file(s), {passages} passage(s){missing})")
    if not index.roots():
        print("No sources yet: `writing-assistant sources add FOLDER`.", file=sys.stderr)
    return 0


def _remove(args, index: SourceIndex) -> int:
    dropped = index.remove(args.path)
    print(f"removed {os.path.abspath(args.path)} and {dropped} file(s) of it from the index")
    return 0


def _status(args, index: SourceIndex) -> int:
    status = index.status()
    share = f"{100 * status.embedded / status.passages:.0f}%" if status.passages else "0%"
    print(f"sources: {len(status.roots)}\nfiles: {status.files}\npassages: {status.passages}\n"
          f"embedded: {share}\npending: {status.pending} file(s), {status.pending_bytes / 2**20:.1f} MB"
          f"{' (read at the next search, ask or `sources add`)' if status.pending else ''}\n"
          f"skipped: {len(status.skipped)}")  # fmt: skip
    for line in status.skipped:
        print(f"  {line}")
    return 0


VERBS = {"add": _add, "list": _list, "remove": _remove, "status": _status}


def search(args, settings: Settings) -> int:
    if args.n < 1:
        raise CliError("-n must be 1 or more", EXIT_USAGE)
    host, _, _ = load_plugins(settings)
    retriever = retriever_of(host, settings)
    try:
        found = retriever.search(args.query, args.n)
    finally:
        retriever.close()
    if args.json:
        print(json.dumps([p.hit() for p in found], ensure_ascii=False))
        return 0
    for number, passage in enumerate(found, 1):
        snippet = " ".join(passage.text.split())
        print(f"{number}. {passage.where()}  ({passage.score:.2f})\n   {snippet[:300]}")
    if not found:
        print(_no_sources_hint(settings) or "Nothing in your sources matches.", file=sys.stderr)
    return 0


def _no_sources_hint(settings: Settings) -> str:
    """What to do when the local index has no sources at all, else ""."""
    if settings.sources.retriever != "local":
        return ""
    from ..core.sources.index import SourceIndex

    index = SourceIndex()
    try:
        return "" if index.roots() else "writing-assistant: you have no sources yet: `writing-assistant sources add FOLDER`"
    finally:
        index.close()


def ask(args, settings: Settings) -> int:
    host, tools, factories = load_plugins(settings)
    if "ask" not in tools:
        raise CliError("the ask tool is missing (is the plugin assistant_sources disabled?)")
    if not args.question.strip():
        raise CliError("the question is empty", EXIT_USAGE)
    if hint := _no_sources_hint(settings):
        print(hint, file=sys.stderr)
    choose_backend(args, settings, factories)
    runner = ToolRunner(lambda: factories[settings.backend](settings), tools, settings.sampling,
                        lambda: retriever_of(host, settings))  # fmt: skip
    question = args.question.strip()
    session = Session(settings, tools, factories)  # a question is a run on no document
    run = session.start_run(None, tools["ask"], Request(question, (0, len(question))))
    return _stream(runner, session, run, args.json, _show_citations)


def _show_citations(value, text: str) -> None:
    if text and not text.endswith("\n"):
        print()
    for number, citation in enumerate(value["citations"], 1):
        page = "" if citation["page"] is None else f" p.{citation['page']}"
        print(f"[{number}] {citation['path']}{page}:{citation['line']}")


COMMANDS = {"sources": sources, "search": search, "ask": ask}
