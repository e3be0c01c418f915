"""The llama-cpp-python internals the local backend needs, in one place, checked when a model loads.

Llama.generate() reuses the longest cached prefix of a prompt, but evaluates the rest at the thread
count chosen before it, and cannot evaluate a prompt without generating. To re-choose threads between
batches of a long prompt, to warm a prompt while the writer pauses, and to restore a prompt's head kept
on disk, the backend trims the cache, evaluates batches and sets what the cache holds itself: that needs
Llama's record of what its cache holds (`input_ids`, `_input_ids`, `n_tokens`) and the context's
`kv_cache_seq_rm`, which are not public API. pyproject.toml pins llama-cpp-python
below its next minor version; check() says in one line when an installed release lacks any of it.
"""

from __future__ import annotations

import ctypes
from typing import Sequence

from .errors import ModelError

# The C functions the backend calls through llama_cpp's bindings (renamed now and then in llama.cpp).
FUNCTIONS = (
    "llama_set_abort_callback", "ggml_abort_callback", "llama_synchronize", "llama_set_n_threads",
    "llama_model_get_vocab", "llama_vocab_fim_pre", "llama_vocab_fim_suf", "llama_vocab_fim_mid",
    "llama_vocab_get_add_bos", "llama_vocab_is_eog", "llama_log_set", "llama_log_callback",
    "llama_state_seq_get_size", "llama_state_seq_get_data", "llama_state_seq_set_data",
)  # fmt: skip
SUPPORTED = ">=0.3.36,<0.4"  # as pinned in pyproject.toml


def check(llama_cpp, llm) -> None:
    """ModelError, in one line, when this llama-cpp-python lacks what the backend uses."""
    missing = [f"llama_cpp.{name}" for name in FUNCTIONS if not hasattr(llama_cpp, name)]
    for name in ("_input_ids", "input_ids"):
        if not hasattr(llm, name):
            missing.append(f"Llama.{name}")
    if not isinstance(getattr(llm, "n_tokens", None), int):
        missing.append("Llama.n_tokens")
    if not hasattr(getattr(llm, "_ctx", None), "kv_cache_seq_rm"):
        missing.append("LlamaContext.kv_cache_seq_rm")
    if missing:
        version = getattr(llama_cpp, "__version__", "?")
        raise ModelError(f"llama-cpp-python {version} lacks what this app uses ({', '.join(missing)}): "
                         f"install a supported release, pip install 'llama-cpp-python{SUPPORTED}'.")  # fmt: skip


def cached_tokens(llm) -> Sequence[int]:
    """The tokens whose state the model's cache holds, in order."""
    return llm._input_ids


def keep_cached(llm, keep: int) -> None:
    """Forget the cached state after the first `keep` tokens (the next evaluation starts there)."""
    if keep < llm.n_tokens:
        llm._ctx.kv_cache_seq_rm(-1, keep, -1)
        llm.n_tokens = keep


def state_of(llm) -> bytes:
    """What the cache holds, as llama.cpp copies it out (sequence 0, the one Llama evaluates)."""
    from llama_cpp import llama_state_seq_get_data, llama_state_seq_get_size

    size = llama_state_seq_get_size(llm.ctx, 0)
    buffer = (ctypes.c_uint8 * size)()
    return bytes(buffer[: llama_state_seq_get_data(llm.ctx, buffer, size, 0)])


def restore_state(llm, tokens: Sequence[int], state: bytes) -> bool:
    """Make the cache hold `state`, the state_of() these `tokens`, and nothing else. False if llama.cpp
    refuses it (another build, another model); the cache is then empty."""
    from llama_cpp import llama_state_seq_set_data

    keep_cached(llm, 0)
    buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
    if not llama_state_seq_set_data(llm.ctx, buffer, len(state), 0):
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)  # whatever a partial read left
        return False
    llm.input_ids[: len(tokens)] = tokens
    llm.n_tokens = len(tokens)
    return True
