"""Prompt heads kept on disk: a new process starts where an earlier one left off.

Every run of a tool begins with the same tokens: the chat template, the tool's system prompt (and the
writer's notes and sources in use, which go there too), and the tool's own words that open the user's
message, before the writer's text (`Prompt.lead`). On a small model on the CPU, evaluating them is a
third of a one-shot command's prompt. llama.cpp's state of those tokens (sequence 0 of the context: some
20 KB a token for the default model) is kept here, one file per head, in a folder per model file and
engine; the next prompt that begins with a kept head restores it and evaluates only the rest, as
llama.cpp's own `--prompt-cache` does for its command line. Nothing of the text a tool works on is kept:
only what comes before it in the prompt.

A file that is damaged or from another build is removed and kept afresh; a state too large is not kept;
the folder stays under `FOLDER_LIMIT`: the heads used longest ago are removed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
from pathlib import Path
from typing import Sequence

from . import llama_internals
from .files import atomic_write

log = logging.getLogger(__name__)

MAGIC = b"writing-assistant prompt head 1\n"
LEAST = 8  # tokens: a shorter head is not worth a file
MOST = 4096  # tokens of a head that may be kept
ENTRY_LIMIT = 64 << 20  # bytes of one kept state
FOLDER_LIMIT = 256 << 20  # bytes of all the kept states together
_COUNT = struct.Struct("<I")
_DIGEST = 16


class PromptCache:
    def __init__(self, folder: Path, identity: str):
        """`identity` names what the states depend on: the model file, llama.cpp's build, the engine's
        options that change the cache's layout."""
        self.root = folder
        self.folder = folder / hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()[:20]

    def restore(self, llm, head: Sequence[int]) -> bool:
        """Put the kept state of `head` into `llm`'s cache, if there is one: True if it is there now."""
        if not LEAST <= len(head) <= MOST:
            return False
        path = self._file(head)
        try:
            with open(path, "rb") as f:
                data = f.read(ENTRY_LIMIT + 1)
        except OSError:
            return False
        state = _unpacked(data, head)
        if state is None or not llama_internals.restore_state(llm, head, state):
            log.debug("prompt head %s removed: damaged or from another build", path.name)
            path.unlink(missing_ok=True)  # kept afresh after this evaluation
            return False
        try:
            os.utime(path)  # used now: the last to be removed
        except OSError:
            pass
        return True

    def keep(self, llm, head: Sequence[int]) -> None:
        """Keep the state of `head`, which `llm`'s cache holds now and nothing after it."""
        path = self._file(head)
        if not LEAST <= len(head) <= MOST or path.exists():
            return
        state = llama_internals.state_of(llm)
        if not state or len(state) > ENTRY_LIMIT:
            return
        tokens = struct.pack(f"<{len(head)}i", *head)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write(path, MAGIC + _COUNT.pack(len(head)) + tokens + _digest(state) + state, mode=0o600)
        except OSError as error:  # a full disk or a read-only cache: the next run evaluates the head again
            log.debug("prompt head not kept: %s", error)
            return
        self._trim()

    def _file(self, head: Sequence[int]) -> Path:
        return self.folder / (hashlib.sha256(struct.pack(f"<{len(head)}i", *head)).hexdigest()[:32] + ".state")

    def _trim(self) -> None:
        """Remove the heads used longest ago, of every model, until the folder is under its limit."""
        kept = []
        for path in self.root.glob("*/*.state"):
            try:
                status = path.stat()
            except OSError:
                continue
            kept.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in kept)
        for _, size, path in sorted(kept):
            if total <= FOLDER_LIMIT:
                break
            path.unlink(missing_ok=True)
            total -= size


def _digest(state: bytes) -> bytes:
    return hashlib.blake2b(state, digest_size=_DIGEST).digest()


def _unpacked(data: bytes, head: Sequence[int]) -> bytes | None:
    """The state in a kept file, if the file is whole and was kept for exactly `head`."""
    start = len(MAGIC) + _COUNT.size
    if not data.startswith(MAGIC) or len(data) < start:
        return None
    (count,) = _COUNT.unpack_from(data, len(MAGIC))
    if count != len(head):
        return None
    tokens_end = start + 4 * count
    if data[start:tokens_end] != struct.pack(f"<{count}i", *head):
        return None
    digest, state = data[tokens_end : tokens_end + _DIGEST], data[tokens_end + _DIGEST :]
    return state if state and digest == _digest(state) else None
