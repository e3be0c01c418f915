"""The catalog of models to start with: what fits, what is recommended, and one-click downloads."""

import hashlib

from assistant import cli
from assistant.core import catalog, paths

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


def test_the_mirror_from_the_settings_serves_downloads_and_hf_endpoint_comes_first(hub, home, monkeypatch, capsys):
    import json
    import os

    from assistant.core.settings import Settings

    server_url = os.environ["HF_ENDPOINT"]  # the hub fixture's server: here, as a mirror
    monkeypatch.delenv("HF_ENDPOINT")
    assert catalog.hub_endpoint() is None and catalog.hub_endpoint("https://hf-mirror.com/") == "https://hf-mirror.com"
    monkeypatch.setenv("HF_ENDPOINT", "https://elsewhere.example")
    assert catalog.hub_endpoint("https://hf-mirror.com") == "https://elsewhere.example"
    monkeypatch.delenv("HF_ENDPOINT")
    settings = Settings()
    settings.library.hub_mirror = server_url + "/"
    settings.save()
    monkeypatch.setenv("HF_TOKEN", "hf_secret_token")
    assert cli.main(["models", "download", "test-model"]) == 0
    assert (paths.models_dir() / "model.gguf").exists()
    assert cli.main(["models", "catalog"]) == 0
    assert f"(from the mirror {server_url})" in capsys.readouterr().out
    settings.library.hub_mirror = "hf-mirror.com"  # no scheme
    settings.save()
    (paths.models_dir() / "model.gguf").unlink()
    assert cli.main(["models", "download", "test-model"]) == 1
    assert "not a web address" in capsys.readouterr().err
    json.loads(paths.settings_file().read_text())  # still a settings file


def test_the_hub_token_is_not_sent_to_a_mirror_chosen_in_the_settings(model_path, monkeypatch, tmp_path):
    from assistant.core.download import download, from_hub
    from helpers import serving

    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    monkeypatch.setenv("HF_TOKEN", "hf_secret_token")
    with serving(model_path.read_bytes()) as mirror:
        source = from_hub("test/model", "model.gguf", endpoint=mirror.url)
        download(source, tmp_path)
        assert not [r for r in mirror.requests if "hf_secret_token" in str(r)]
        monkeypatch.setenv("HF_ENDPOINT", mirror.url)  # the writer's own Hub endpoint gets the token
        assert dict(from_hub("test/model", "model.gguf", endpoint=mirror.url).headers)["Authorization"].endswith(
            "hf_secret_token")


REAL_CATALOG = catalog.CATALOG  # before the hub fixture puts its one test entry in its place


def test_embedding_models_are_never_offered_to_write_with():
    for gpu, cores in ((True, 16), (False, 2), (False, 64)):
        rows = catalog.choices("zh", 4096, ram=64 * GIB, gpu=gpu, cores=cores)
        assert rows and all(r.model.kind == "chat" for r in rows)
    embedding = catalog.choices("en", 4096, ram=64 * GIB, kind="embedding")
    assert {r.model.id for r in embedding} == {"multilingual-e5-small", "bge-m3"}
    assert not any(r.recommended for r in embedding) and all(r.fits for r in embedding)


def test_the_catalog_listing_has_a_section_of_embedding_models_for_sources(capsys):
    assert cli.main(["models", "catalog", "--language", "en"]) == 0
    out = capsys.readouterr().out
    chat, embedding = out.split("Embedding models for Sources")
    assert "qwen2.5-0.5b" in chat and "multilingual-e5-small" not in chat and "bge-m3" not in chat
    assert "multilingual-e5-small" in embedding and "bge-m3" in embedding and "qwen" not in embedding


def test_an_embedding_model_downloads_by_its_id_and_the_cli_says_how_sources_use_it(hub, monkeypatch, capsys):
    import dataclasses
    import json

    [e5] = [m for m in REAL_CATALOG if m.id == "multilingual-e5-small"]
    monkeypatch.setattr(catalog, "CATALOG", (dataclasses.replace(e5, repo="test/model", file="model.gguf",
                                                                 size=len(hub[1])),))  # fmt: skip
    assert cli.main(["models", "download", "multilingual-e5-small"]) == 0
    target = paths.models_dir() / "model.gguf"
    out, err = capsys.readouterr()
    assert out.strip() == str(target) and target.read_bytes() == hub[1]
    assert json.dumps({"sources": {"embedding_model": str(target)}}) in err and "sources add" in err
