"""Dense vectors of passages and queries, for hybrid search: a GGUF embedding model through llama.cpp,
or the remote server's /v1/embeddings. Optional: search works on BM25 alone without one."""

from __future__ import annotations

import json
import threading
import urllib.request
from abc import ABC, abstractmethod
from pathlib import Path

from ..errors import BackendError
from ..logs import redact


class Embedder(ABC):
    """Turns texts into unit vectors; `name` says which model (vectors of two models never mix)."""

    name: str

    @abstractmethod
    def embed(self, texts: list[str], query: bool = False) -> list[list[float]]:
        """One unit-length vector per text; `query` for a search's words rather than a passage."""

    def close(self) -> None:
        """Free the model."""

    def _prefixed(self, texts: list[str], query: bool) -> list[str]:
        # E5 models were trained with these prefixes and are worse without them.
        if "e5" in self.name.lower():
            return [("query: " if query else "passage: ") + t for t in texts]
        return texts


class LlamaEmbedder(Embedder):
    """A GGUF model run by llama.cpp with embedding=True; pooling as its metadata says (else the mean)."""

    def __init__(self, path: Path | str, n_ctx: int = 512):
        from llama_cpp import LLAMA_POOLING_TYPE_MEAN, Llama

        from ..models import read_model_info

        self.path = Path(path)
        info = read_model_info(self.path)  # a clear message for a missing or foreign file
        self.name = self.path.name
        options = {"model_path": str(self.path), "embedding": True, "n_ctx": n_ctx, "n_batch": n_ctx,
                   "n_ubatch": n_ctx, "n_threads": 1, "n_threads_batch": 1, "verbose": False}  # fmt: skip
        if not info.arch_value("pooling_type"):  # a chat model: the mean of its token vectors
            options["pooling_type"] = LLAMA_POOLING_TYPE_MEAN
        self._llm = Llama(**options)
        self._lock = threading.Lock()

    def embed(self, texts: list[str], query: bool = False) -> list[list[float]]:
        with self._lock:
            return [self._llm.embed(t, normalize=True, truncate=True) for t in self._prefixed(texts, query)]

    def close(self) -> None:
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None


class RemoteEmbedder(Embedder):
    """An OpenAI-compatible server's /v1/embeddings."""

    def __init__(self, url: str, model: str = "", api_key: str = "", timeout: float = 60.0):
        self.url, self.model, self.api_key, self.timeout = url.rstrip("/"), model, api_key, timeout
        self.shown_url = redact(self.url)  # a user and password in the URL stay out of messages and the index
        self.name = f"{self.shown_url} {model}".strip()

    def embed(self, texts: list[str], query: bool = False) -> list[list[float]]:
        body = json.dumps({"input": self._prefixed(texts, query), **({"model": self.model} if self.model else {})})
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(f"{self.url}/embeddings", body.encode("utf-8"), headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read())["data"]
        except (OSError, ValueError, KeyError) as error:
            raise BackendError(f"The server {self.shown_url} gave no embeddings: {redact(str(error))}") from None
        vectors = [item["embedding"] for item in sorted(data, key=lambda item: item.get("index", 0))]
        return [_unit(v) for v in vectors]


def _unit(vector: list[float]) -> list[float]:
    norm = sum(x * x for x in vector) ** 0.5 or 1.0
    return [x / norm for x in vector]


def embedder_for(settings) -> Embedder | None:
    """The embedder the settings choose (`sources.embedding_model`): none (BM25 alone, the default),
    the remote server's, or a GGUF model file's."""
    model = settings.sources.embedding_model if settings is not None else ""
    if not model:
        return None
    if model == "remote":
        r = settings.remote
        return RemoteEmbedder(r.url, r.model, r.api_key, r.timeout)
    return LlamaEmbedder(model)
