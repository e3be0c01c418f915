"""The model library: GGUF files in the models folder and folders the writer adds.

Everything here reads headers only, never weights: listing a folder of large
models takes milliseconds. It also estimates the memory a model needs at a
given context size, and compares it with what the machine has free.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import AssistantError, ModelError
from .files import atomic_copy
from .models import ModelInfo, default_model_path, read_model_info
from .settings import Settings


@dataclass(frozen=True)
class Entry:
    path: Path
    info: ModelInfo | None  # None when the header could not be read
    error: str = ""
    source: str = "library"  # "default", "library", or the folder it was found in


def folders(extra: list[str] | tuple[str, ...] = ()) -> list[Path]:
    return [paths.models_dir(), *(Path(f).expanduser() for f in extra)]


def list_models(extra_folders: list[str] | tuple[str, ...] = ()) -> list[Entry]:
    """The default model, then every GGUF in the library folders, each described by its header."""
    found: list[tuple[Path, str]] = []
    default = default_model_path()
    if default:
        found.append((default, "default"))
    for folder in folders(extra_folders):
        if folder.is_dir():
            label = "library" if folder == paths.models_dir() else str(folder)
            found += [(p, label) for p in sorted(folder.rglob("*.gguf")) if p.is_file()]
    entries = []
    for path, source in found:
        try:
            entries.append(Entry(path, read_model_info(path), source=source))
        except AssistantError as error:
            entries.append(Entry(path, None, str(error), source))
        except Exception as error:  # a damaged file must not hide the others
            entries.append(Entry(path, None, f"{path.name} cannot be read: {type(error).__name__}: {error}", source))
    return entries


def import_model(source: Path, link: bool = False) -> Path:
    """Copy (or symlink) a GGUF file into the models folder; the header is checked first."""
    source = Path(source).expanduser().resolve()
    read_model_info(source)
    target = paths.models_dir() / source.name
    if target.exists():
        raise ModelError(f"The library already has a model named {source.name}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if link:
        target.symlink_to(source)
    else:
        atomic_copy(source, target)
    return target


def _in_library(path: Path) -> Path:
    path = Path(path)
    if not path.is_absolute():
        path = paths.models_dir() / path
    if paths.models_dir().resolve() not in path.resolve(strict=False).parents and not path.is_symlink():
        raise ModelError(f"{path} is not in the models folder; only models there can be renamed or deleted.")
    if not path.exists() and not path.is_symlink():
        raise ModelError(f"There is no model {path.name} in the library.")
    return path


def rename_model(path: Path, new_name: str, settings: Settings) -> Path:
    """Rename a model of the library; the settings follow it (see _follow)."""
    path = _in_library(path)
    if not new_name.endswith(".gguf"):
        new_name += ".gguf"
    if "/" in new_name or "\\" in new_name or new_name.startswith("."):
        raise ModelError(f"{new_name!r} is not a plain file name.")
    target = path.with_name(new_name)
    if target.exists():
        raise ModelError(f"The library already has a model named {new_name}.")
    path.rename(target)
    _follow(settings, path, target)
    return target


def delete_model(path: Path, settings: Settings) -> bool:
    """Delete a model of the library; True if it was the model in use, which the built-in one replaces."""
    path = _in_library(path)
    path.unlink()
    return _follow(settings, path, None)


def _follow(settings: Settings, old: Path, new: Path | None) -> bool:
    """The settings name the model in use by its path and each model's GPU layers by its file name: after a
    rename both still find it, after a delete the built-in model is used, never a path to nothing (the next
    start would fail to load it). True if `old` was the model in use."""
    in_use = []

    def edit(now: Settings) -> None:
        if now.engine.model and _same(now.engine.model, old):
            now.engine.model = str(new) if new is not None else ""
            in_use.append(True)
        if old.name in now.library.gpu_layers:
            layers = now.library.gpu_layers.pop(old.name)
            if new is not None:
                now.library.gpu_layers[new.name] = layers

    settings.update(edit)
    return bool(in_use)


def _same(setting: str, path: Path) -> bool:
    return os.path.abspath(os.path.expanduser(setting)) == os.path.abspath(path)


# -- memory -------------------------------------------------------------------------


@dataclass(frozen=True)
class MemoryEstimate:
    weights: int
    kv_cache: int
    compute: int
    gpu_fraction: float  # the share of layers offloaded to the GPU

    @property
    def total(self) -> int:
        return self.weights + self.kv_cache + self.compute

    @property
    def vram(self) -> int:
        return int((self.weights + self.kv_cache) * self.gpu_fraction)

    @property
    def ram(self) -> int:
        return self.total - self.vram


def estimate_memory(info: ModelInfo, n_ctx: int, n_gpu_layers: int = 0, gpu: bool = False) -> MemoryEstimate:
    """What loading `info` at `n_ctx` takes, from its header: weights, f16 KV cache, working buffers."""
    n_ctx = n_ctx or info.context_length
    layers = int(info.arch_value("block_count", 1)) or 1
    embd = int(info.arch_value("embedding_length"))
    heads = int(info.arch_value("attention.head_count", 1)) or 1
    kv_heads = int(info.arch_value("attention.head_count_kv", heads)) or heads
    key = int(info.arch_value("attention.key_length", embd // heads))
    value = int(info.arch_value("attention.value_length", embd // heads))
    vocab = int(info.arch_value("vocab_size", 32000))
    kv = layers * n_ctx * kv_heads * (key + value) * 2  # f16: two bytes per value
    compute = vocab * 4 * 64 + n_ctx * embd * 4  # logit rows and activations that get touched
    offloaded = 0.0
    if gpu and n_gpu_layers:
        offloaded = 1.0 if n_gpu_layers < 0 else min(1.0, n_gpu_layers / (layers + 1))
    return MemoryEstimate(info.size, kv, compute, offloaded)


def free_ram() -> int | None:
    """Memory available to a new allocation without swapping, in bytes (None if unknown)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def free_vram() -> int | None:
    """Free memory of the first NVIDIA GPU from nvidia-smi; None where no device reports it."""
    if not shutil.which("nvidia-smi"):
        return None
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=5, check=True).stdout  # fmt: skip
        return int(out.split()[0]) * 2**20
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def fit_warning(estimate: MemoryEstimate, ram: int | None, vram: int | None) -> str:
    """A sentence when the model will not fit, else an empty string."""
    gib = 2**30
    if estimate.vram and vram is not None and estimate.vram > vram:
        return (f"The layers on the GPU need about {estimate.vram / gib:.1f} GiB, but only {vram / gib:.1f} GiB of "
                "video memory is free: offload fewer layers or use a smaller context.")  # fmt: skip
    if ram is not None and estimate.ram > ram:
        return (f"This model needs about {estimate.ram / gib:.1f} GiB of memory at this context size, but only "
                f"{ram / gib:.1f} GiB is free: choose a smaller model, quantization or context.")  # fmt: skip
    return ""


def engine_backends() -> list[str]:
    """The compute backends this llama.cpp build has (CPU, CUDA, Metal, Vulkan, ...)."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")
    return re.findall(r"(?:^|\|\s*)([A-Za-z][\w-]*) : ", info) or ["CPU"]
