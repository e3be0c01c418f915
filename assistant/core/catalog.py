"""A short, curated catalog of models to start with, beyond the tiny embedded one: instruction models
to write with, and multilingual embedding models for hybrid search in Sources (never offered to write with).

Each entry names a GGUF file on the Hugging Face Hub (the Hub supplies its
checksum at download) with what the memory estimate needs from its header,
so whether it fits this machine is known before a byte is downloaded.
Chinese writers get Qwen first: it was trained on far more Chinese.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .library import MemoryEstimate, estimate_memory
from .models import ModelInfo

MB = 1_000_000


@dataclass(frozen=True)
class CatalogModel:
    id: str  # what `models download ID` takes
    title: str
    repo: str
    file: str
    size: int  # bytes of the file
    licence: str
    family: str  # qwen, llama, gemma
    # From the GGUF header, for the memory estimate: layers, embedding, heads, KV heads, head size, vocabulary.
    shape: tuple[int, int, int, int, int, int]
    kind: str = "chat"  # or "embedding": for `sources.embedding_model`

    def info(self) -> ModelInfo:
        """What the file's header would say, as far as the memory estimate needs it."""
        layers, embd, heads, kv_heads, head, vocab = self.shape
        values = {"block_count": layers, "embedding_length": embd, "attention.head_count": heads,
                  "attention.head_count_kv": kv_heads, "attention.key_length": head,
                  "attention.value_length": head, "vocab_size": vocab}  # fmt: skip
        return ModelInfo(Path(self.file), self.size, self.family, self.title, 0, "Q4_K_M", 32768, "yes",
                         {f"{self.family}.{k}": v for k, v in values.items()})  # fmt: skip


CATALOG = (
    CatalogModel("qwen2.5-0.5b", "Qwen2.5 0.5B Instruct", "Qwen/Qwen2.5-0.5B-Instruct-GGUF",
                 "qwen2.5-0.5b-instruct-q4_k_m.gguf", 491 * MB, "Apache-2.0", "qwen", (24, 896, 14, 2, 64, 151936)),
    CatalogModel("qwen2.5-1.5b", "Qwen2.5 1.5B Instruct", "Qwen/Qwen2.5-1.5B-Instruct-GGUF",
                 "qwen2.5-1.5b-instruct-q4_k_m.gguf", 1117 * MB, "Apache-2.0", "qwen", (28, 1536, 12, 2, 128, 151936)),
    CatalogModel("qwen2.5-3b", "Qwen2.5 3B Instruct", "Qwen/Qwen2.5-3B-Instruct-GGUF",
                 "qwen2.5-3b-instruct-q4_k_m.gguf", 2105 * MB, "Qwen Research", "qwen", (36, 2048, 16, 2, 128, 151936)),
    CatalogModel("qwen2.5-7b", "Qwen2.5 7B Instruct", "bartowski/Qwen2.5-7B-Instruct-GGUF",
                 "Qwen2.5-7B-Instruct-Q4_K_M.gguf", 4683 * MB, "Apache-2.0", "qwen", (28, 3584, 28, 4, 128, 152064)),
    CatalogModel("llama3.2-1b", "Llama 3.2 1B Instruct", "bartowski/Llama-3.2-1B-Instruct-GGUF",
                 "Llama-3.2-1B-Instruct-Q4_K_M.gguf", 808 * MB, "Llama 3.2 Community", "llama",
                 (16, 2048, 32, 8, 64, 128256)),
    CatalogModel("llama3.2-3b", "Llama 3.2 3B Instruct", "bartowski/Llama-3.2-3B-Instruct-GGUF",
                 "Llama-3.2-3B-Instruct-Q4_K_M.gguf", 2019 * MB, "Llama 3.2 Community", "llama",
                 (28, 3072, 24, 8, 128, 128256)),
    CatalogModel("gemma3-1b", "Gemma 3 1B it", "bartowski/google_gemma-3-1b-it-GGUF",
                 "google_gemma-3-1b-it-Q4_K_M.gguf", 806 * MB, "Gemma", "gemma", (26, 1152, 4, 1, 256, 262144)),
    CatalogModel("gemma3-4b", "Gemma 3 4B it", "bartowski/google_gemma-3-4b-it-GGUF",
                 "google_gemma-3-4b-it-Q4_K_M.gguf", 2490 * MB, "Gemma", "gemma", (34, 2560, 8, 4, 256, 262144)),
    # From the repositories' model cards and GGUF headers as published; the Hub was not reachable to check them.
    CatalogModel("multilingual-e5-small", "Multilingual E5 Small", "ggml-org/multilingual-e5-small-Q8_0-GGUF",
                 "multilingual-e5-small-Q8_0.gguf", 125 * MB, "MIT", "bert", (12, 384, 12, 12, 32, 250037),
                 "embedding"),
    CatalogModel("bge-m3", "BGE-M3", "ggml-org/bge-m3-Q8_0-GGUF", "bge-m3-q8_0.gguf", 634_553_760, "MIT", "bert",
                 (24, 1024, 16, 16, 64, 250002), "embedding"),
)  # fmt: skip
# The context Sources embeds a passage in (LlamaEmbedder's n_ctx): what an embedding model's estimate assumes.
EMBEDDING_CTX = 512

# The families in the order each language is served best.
PREFERENCE = {"zh": ("qwen", "gemma", "llama"), "en": ("qwen", "llama", "gemma")}


@dataclass(frozen=True)
class Choice:
    model: CatalogModel
    estimate: MemoryEstimate
    fits: bool | None  # None: free memory unknown
    recommended: bool


def choices(language: str, n_ctx: int, ram: int | None, vram: int | None = None, gpu: bool = False,
            cores: int | None = None, kind: str = "chat") -> list[Choice]:  # fmt: skip
    """The catalog's models of `kind` for this machine and language, fitting models first, the family
    that writes the language best first. Recommended (chat models only): the largest that fits and, on
    the CPU, runs at a pace a writer can wait for (generation reads every weight per token: about 0.6 GB
    of weights per core gives ~10 tokens/s)."""
    order = PREFERENCE.get(language, PREFERENCE["en"])
    rank = {family: i for i, family in enumerate(order)}
    if kind != "chat":
        n_ctx = EMBEDDING_CTX
    rows = []
    for model in (m for m in CATALOG if m.kind == kind):
        estimate = estimate_memory(model.info(), n_ctx, -1 if gpu else 0, gpu)
        room = (vram if gpu and vram is not None else ram)
        # Leave a quarter of free memory to the writer's other programs.
        fits = None if room is None else estimate.total <= room * 3 // 4
        rows.append((model, estimate, fits))
    rows.sort(key=lambda r: (r[2] is False, rank.get(r[0].family, 9), -r[0].size))
    budget = None if gpu else (cores or os.cpu_count() or 1) * 600 * MB  # no such limit on a GPU
    fitting = [m for m, _, f in rows if f is not False]
    best = next((m for m in fitting if budget is None or m.size <= budget), fitting[0] if fitting else None)
    best = best if kind == "chat" else None
    rows.sort(key=lambda r: r[0] is not best)  # the recommended one on top, the order otherwise kept
    return [Choice(m, e, f, m is best) for m, e, f in rows]


def find(model_id: str) -> CatalogModel | None:
    return next((m for m in CATALOG if m.id == model_id.lower()), None)


def size_of(repo: str, file: str) -> int | None:
    """The bytes of a catalog model's file, None for a file not in the catalog."""
    return next((m.size for m in CATALOG if (m.repo, m.file) == (repo, file)), None)


def hub_endpoint(mirror: str = "") -> str | None:
    """The Hub to download from: HF_ENDPOINT when set, else the mirror chosen in the settings (such as
    https://hf-mirror.com), else huggingface.co (None)."""
    return (os.environ.get("HF_ENDPOINT") or mirror).strip().rstrip("/") or None
