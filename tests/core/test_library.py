"""The model library: listing from headers, import, rename, delete, and memory estimates."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.core import library, paths
from assistant.core.errors import ModelError
from assistant.core.models import read_model_info
from assistant.core.settings import Settings


def test_lists_the_default_model_and_the_library(model_path, tmp_path):
    extra = tmp_path / "more models"
    extra.mkdir()
    (extra / "broken.gguf").write_text("not a model")
    library.import_model(model_path, link=True)
    entries = library.list_models([str(extra)])
    assert [e.source for e in entries] == ["default", "library", str(extra)]
    assert entries[1].info.quantization == "Q4_1" and entries[1].path.is_symlink()
    assert entries[2].info is None and "not a GGUF" in entries[2].error


def test_import_copies_checks_and_refuses_duplicates(model_path, tmp_path):
    copied = library.import_model(model_path)
    assert copied.parent == paths.models_dir() and copied.stat().st_size == model_path.stat().st_size
    with pytest.raises(ModelError, match="already has"):
        library.import_model(model_path)
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"junk")
    with pytest.raises(ModelError, match="not a GGUF"):
        library.import_model(junk)


def test_rename_and_delete_stay_inside_the_library(model_path, tmp_path):
    library.import_model(model_path, link=True)
    renamed = library.rename_model(model_path.name, "smol", Settings())
    assert renamed.name == "smol.gguf" and renamed.is_symlink()
    with pytest.raises(ModelError, match="plain file name"):
        library.rename_model(renamed, "../escape", Settings())
    outside = tmp_path / "mine.gguf"
    outside.write_bytes(b"x")
    with pytest.raises(ModelError, match="not in the models folder"):
        library.delete_model(outside, Settings())
    library.delete_model(renamed, Settings())
    assert not renamed.exists() and model_path.exists()  # a link's target is never touched


def test_the_settings_follow_a_rename_or_a_delete_of_the_model_in_use(model_path):
    """The model in use is named by its path, its GPU layers by its file name: a rename keeps both pointing at it,
    and deleting it leaves the built-in model in use, not a path to nothing."""
    used = library.import_model(model_path)
    settings, _ = Settings.load()
    settings.engine.model = str(used)
    settings.library.gpu_layers[used.name] = 7
    settings.save()
    renamed = library.rename_model(used.name, "smol", settings)
    for now in (settings, Settings.load()[0]):
        assert now.engine.model == str(renamed) and now.library.gpu_layers == {"smol.gguf": 7}
    other = library.rename_model(library.import_model(model_path), "other", settings)
    assert not library.delete_model(other, settings)  # not the one in use
    assert library.delete_model(renamed, settings)
    for now in (settings, Settings.load()[0]):
        assert now.engine.model == "" and now.library.gpu_layers == {}


def test_fit_warning():
    gib = 2**30
    estimate = library.MemoryEstimate(weights=4 * gib, kv_cache=gib, compute=0, gpu_fraction=0.0)
    assert library.fit_warning(estimate, ram=16 * gib, vram=None) == ""
    assert "needs about 5.0 GiB" in library.fit_warning(estimate, ram=2 * gib, vram=None)
    on_gpu = library.MemoryEstimate(weights=4 * gib, kv_cache=gib, compute=0, gpu_fraction=1.0)
    assert "video memory" in library.fit_warning(on_gpu, ram=16 * gib, vram=2 * gib)
    assert on_gpu.ram == 0 and on_gpu.vram == 5 * gib


MEASURE = """
import sys
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) * 1024
import llama_cpp  # its own import is not the model's memory
from assistant.core.llama_backend import LlamaBackend
from assistant.core.settings import EngineSettings
before = rss()
backend = LlamaBackend(sys.argv[1], EngineSettings(n_ctx=int(sys.argv[2])))
print(rss() - before)
"""


@pytest.mark.parametrize("n_ctx", [512, 8192])
def test_the_estimate_is_within_a_quarter_of_the_measured_memory(model_path, n_ctx):
    grown = int(subprocess.run([sys.executable, "-c", MEASURE, str(model_path), str(n_ctx)], capture_output=True,
                               text=True, check=True).stdout)  # fmt: skip
    estimate = library.estimate_memory(read_model_info(model_path), n_ctx).total
    assert abs(estimate - grown) / grown < 0.25, (estimate, grown)


def test_the_engine_build_is_reported():
    assert "CPU" in library.engine_backends()
    assert library.free_ram() > 0
