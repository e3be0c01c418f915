"""The catalog of models to start with: what fits, what is recommended, and one-click downloads."""

import hashlib
import os

from assistant import cli
from assistant.core import catalog, paths
from assistant.core.settings import Settings

GIB = 2**30


def test_chinese_writers_get_qwen_first_and_every_entry_is_complete():
    rows = catalog.choices("zh", 4096, ram=64 * GIB, gpu=True)
    assert rows[0].recommended and rows[0].model.family == "qwen" and sum(r.recommended for r in rows) == 1
    assert rows[0].model.id == "qwen2.5-7b"  # a GPU: the largest that fits
    for c in catalog.CATALOG:
        assert c.repo.count("/") == 1 and c.file.endswith(".gguf") and c.licence and c.size > 100e6


def test_what_does_not_fit_is_marked_and_never_recommended():
    rows = {r.model.id: r for r in catalog.choices("en", 4096, ram=2 * GIB, cores=16)}
    assert rows["qwen2.5-7b"].fits is False and not rows["qwen2.5-7b"].recommended
    assert rows["qwen2.5-0.5b"].fits is True
    assert [r for r in rows.values() if r.recommended][0].estimate.total <= 1.5 * GIB
    assert all(r.fits is None for r in catalog.choices("en", 4096, ram=None))


def test_on_two_cores_the_recommendation_is_a_model_that_runs_at_a_writers_pace():
    [best] = [r for r in catalog.choices("en", 4096, ram=64 * GIB, cores=2) if r.recommended]
    assert best.model.size <= 1.2e9
    [best] = [r for r in catalog.choices("zh", 4096, ram=64 * GIB, cores=16) if r.recommended]
    assert best.model.family == "qwen" and best.model.size > 4e9


def test_a_catalog_model_downloads_by_its_id_verified(hub, capsys):
    _entry, data = hub
    assert cli.main(["models", "download", "test-model"]) == 0
    target = paths.models_dir() / "model.gguf"
    assert capsys.readouterr().out.strip() == str(target)
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(data).digest()


def test_the_catalog_listing_marks_the_recommendation(capsys):
    assert cli.main(["models", "catalog", "--language", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("* qwen") and "licence" in lines[1] and "needs ~" in lines[1]


def test_a_mirror_set_in_settings_is_where_models_download_from(hub, monkeypatch, capsys):
    _entry, data = hub
    mirror = os.environ["HF_ENDPOINT"]  # the loopback Hub, given in settings this time
    monkeypatch.delenv("HF_ENDPOINT")
    settings = Settings()
    settings.library.hub_mirror = mirror
    settings.save()
    assert cli.main(["models", "download", "test-model"]) == 0
    assert (paths.models_dir() / "model.gguf").read_bytes() == data


def test_hf_endpoint_wins_over_the_mirror_and_a_bare_host_is_https(monkeypatch):
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    assert catalog.hub_endpoint("") is None
    assert catalog.hub_endpoint(" hf-mirror.com ") == "https://hf-mirror.com"
    assert catalog.hub_endpoint("http://10.0.0.1:8080/") == "http://10.0.0.1:8080"
    monkeypatch.setenv("HF_ENDPOINT", "https://elsewhere.example")
    assert catalog.hub_endpoint("hf-mirror.com") == "https://elsewhere.example"
