"""Downloads from a local HTTP server that serves a real GGUF with Range support; no test reaches the internet."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time

import pytest

from assistant.core import catalog
from assistant.core.download import OVERLAP, DownloadError, Source, download, from_hub, from_url
from assistant.core.errors import Cancelled
from assistant.core.models import read_model_info
from helpers import serving


@pytest.fixture(scope="module")
def gguf(model_path) -> bytes:
    return model_path.read_bytes()


@pytest.fixture
def server(gguf):
    with serving(gguf) as server:
        yield server


def test_a_full_download_is_verified_and_moved_into_place(server, tmp_path, gguf):
    seen = []
    source = from_url(f"{server.url}/model.gguf", hashlib.sha256(gguf).hexdigest())
    path = download(source, tmp_path, progress=seen.append)
    assert path == tmp_path / "model.gguf" and path.read_bytes() == gguf
    assert not list(tmp_path.glob("*.part"))
    assert seen[-1].done == seen[-1].total == len(gguf) and seen[-1].bytes_per_second > 0
    assert read_model_info(path).architecture == "llama"


def test_a_cut_connection_resumes_fetching_only_a_check_of_its_last_bytes_again(server, tmp_path, gguf):
    server.cut_after = len(gguf) // 3
    source = from_url(f"{server.url}/model.gguf", hashlib.sha256(gguf).hexdigest())
    with pytest.raises(DownloadError, match="ended early"):
        download(source, tmp_path)
    part = tmp_path / "model.gguf.part"
    assert part.stat().st_size == len(gguf) // 3 and not (tmp_path / "model.gguf").exists()
    path = download(source, tmp_path)
    assert path.read_bytes() == gguf
    assert server.sent == len(gguf) + OVERLAP  # every byte crossed the wire once, and the overlap twice
    assert server.requests[-1]["Range"] == f"bytes={len(gguf) // 3 - OVERLAP}-"


def test_a_cancelled_download_keeps_its_part_for_later(server, tmp_path, gguf):
    cancel = threading.Event()
    source = from_url(f"{server.url}/model.gguf")
    with pytest.raises(Cancelled):
        download(source, tmp_path, progress=lambda p: cancel.set() if p.done > 1 << 20 else None, cancel=cancel)
    assert (tmp_path / "model.gguf.part").stat().st_size > 0
    assert download(source, tmp_path).read_bytes() == gguf


def test_a_corrupted_body_is_rejected_by_the_checksum(server, tmp_path, gguf):
    server.corrupt = True
    source = from_url(f"{server.url}/model.gguf", hashlib.sha256(gguf).hexdigest())
    with pytest.raises(DownloadError, match="does not match its sha256"):
        download(source, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file(server, tmp_path):
    with pytest.raises(DownloadError, match="404.*not there"):
        download(from_url(f"{server.url}/nothing.gguf"), tmp_path)


def test_a_stalled_server_times_out_with_a_clear_message(server, tmp_path):
    server.stall = True
    started = time.monotonic()
    with pytest.raises(DownloadError, match="stopped sending data"):
        download(from_url(f"{server.url}/model.gguf"), tmp_path, timeout=1)
    assert time.monotonic() - started < 3


def test_nobody_listening(tmp_path):
    with pytest.raises(DownloadError, match="Cannot reach"):
        download(from_url("http://127.0.0.1:9/model.gguf"), tmp_path, timeout=2)


def test_a_hub_file_resolves_to_its_url_and_checksum(server, tmp_path, gguf, monkeypatch):
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    source = from_hub("someone/smol-gguf", "model.gguf", endpoint=server.url)
    assert source.url == f"{server.url}/someone/smol-gguf/resolve/main/model.gguf"
    assert source.sha256 == hashlib.sha256(gguf).hexdigest()
    assert download(source, tmp_path).read_bytes() == gguf


@pytest.mark.parametrize("extra", [0, 4096])
def test_a_catalog_file_must_have_the_catalogs_size(server, tmp_path, gguf, monkeypatch, extra):
    """A mirror may send a whole, well-formed GGUF, with its own checksum, that is another file."""
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    entry = dataclasses.replace(catalog.CATALOG[0], repo="someone/smol-gguf", file="model.gguf", size=len(gguf) + extra)
    monkeypatch.setattr(catalog, "CATALOG", (entry,))
    source = from_hub("someone/smol-gguf", "model.gguf", endpoint=server.url)
    assert source.size == len(gguf) + extra
    if not extra:
        assert download(source, tmp_path).read_bytes() == gguf
        return
    with pytest.raises(DownloadError, match=f"is {len(gguf):,} bytes, where the file has {len(gguf) + extra:,}"):
        download(source, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_explicit_source_name(server, tmp_path, gguf):
    path = download(Source(f"{server.url}/model.gguf", "renamed.gguf"), tmp_path)
    assert path.name == "renamed.gguf" and path.stat().st_size == len(gguf)


def test_a_finished_part_is_verified_and_kept(server, tmp_path, gguf):
    cancel = threading.Event()
    source = from_url(f"{server.url}/model.gguf", hashlib.sha256(gguf).hexdigest().upper())  # any case
    with pytest.raises(Cancelled):  # stopped after the last byte, before the file was moved into place
        download(source, tmp_path, progress=lambda p: cancel.set() if p.done == p.total else None, cancel=cancel)
    server.sent = 0
    path = download(source, tmp_path)  # the whole part is kept: only its last bytes are asked for again
    assert path.read_bytes() == gguf and server.sent == OVERLAP


def test_a_part_longer_than_the_file_is_deleted(server, tmp_path, gguf):
    source = from_url(f"{server.url}/model.gguf")
    _cut_once(server, source, tmp_path, gguf)
    with open(tmp_path / "model.gguf.part", "ab") as part:
        part.write(b"\0" * (len(gguf) + OVERLAP))
    with pytest.raises(DownloadError, match="did not match the file on the server.*nothing was installed"):
        download(source, tmp_path)  # the server answers 416
    assert list(tmp_path.iterdir()) == []


def test_a_part_of_unknown_origin_is_not_trusted(server, tmp_path, gguf):
    (tmp_path / "model.gguf.part").write_bytes(b"junk from somewhere else")
    path = download(from_url(f"{server.url}/model.gguf"), tmp_path)
    assert path.read_bytes() == gguf and "Range" not in server.requests[-1]


def test_a_file_changed_on_the_server_is_fetched_anew(server, tmp_path, gguf):
    server.cut_after = len(gguf) // 3
    source = from_url(f"{server.url}/model.gguf")
    with pytest.raises(DownloadError, match="ended early"):
        download(source, tmp_path)
    server.data = gguf[:-1] + bytes([gguf[-1] ^ 0xFF])  # a new version of the file: its ETag changes
    path = download(source, tmp_path)
    assert server.requests[-1]["If-Range"] and path.read_bytes() == server.data


def test_a_token_is_not_sent_on_to_a_redirect(tmp_path, gguf):
    """urllib forwards ordinary headers to the host a redirect names; a token must stay with its host."""
    with serving(gguf) as target, serving(gguf) as first:
        first.redirect_to = f"{target.url}/model.gguf"
        source = Source(f"{first.url}/model.gguf", "model.gguf", None, (("Authorization", "Bearer secret"),))
        download(source, tmp_path)
        assert first.requests[0].get("Authorization") == "Bearer secret"
        assert "Authorization" not in target.requests[-1]


@pytest.mark.parametrize("url", ["notaurl", "ftp://example.org/x.gguf", "file:///etc/passwd", "http://"])
def test_what_is_not_a_web_address_is_refused_with_a_message(url):
    with pytest.raises(DownloadError, match="not a web address"):
        from_url(url)


def test_a_checksum_must_look_like_one():
    with pytest.raises(DownloadError, match="not a sha256"):
        from_url("https://example.org/x.gguf", "abc")


# -- servers that lie -------------------------------------------------------------------


def _cut_once(server, source, tmp_path, gguf):
    server.cut_after = len(gguf) // 3
    with pytest.raises(DownloadError, match="ended early"):
        download(source, tmp_path)


def test_a_resume_answered_from_byte_0_starts_over_instead_of_appending(server, tmp_path, gguf):
    source = from_url(f"{server.url}/model.gguf")  # no checksum: only the checks on the way can tell
    _cut_once(server, source, tmp_path, gguf)
    server.lie = "range-from-0"  # 206, but "bytes 0-..." and the whole file
    path = download(source, tmp_path)
    assert path.read_bytes() == gguf


@pytest.mark.parametrize("lie", ["body-from-0", "extra-bytes"])
def test_a_resume_that_promises_the_rest_and_sends_other_bytes_installs_nothing(server, tmp_path, gguf, lie):
    """The 206 names the range asked for, but its bytes are not that range: without a checksum, a header
    that matches the size let the spliced file in as a model."""
    source = from_url(f"{server.url}/model.gguf")
    _cut_once(server, source, tmp_path, gguf)
    server.lie = lie
    with pytest.raises(DownloadError, match="other bytes|more bytes") as caught:
        download(source, tmp_path)
    assert "\n" not in str(caught.value) and "nothing was installed" in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # and the part that cannot be trusted is gone
    server.lie = None
    assert download(source, tmp_path).read_bytes() == gguf


def test_a_server_that_stalls_while_a_resume_is_checked_is_named(server, tmp_path, gguf):
    source = from_url(f"{server.url}/model.gguf")
    _cut_once(server, source, tmp_path, gguf)
    server.stall = True
    with pytest.raises(DownloadError, match="stopped sending data"):
        download(source, tmp_path, timeout=0.5)
    assert (tmp_path / "model.gguf.part").stat().st_size == len(gguf) // 3  # kept, to resume


@pytest.mark.parametrize("content_range", ["bytes 5-10/20", "bytes 0-3/4", "pages 1-2/3", ""])
def test_a_resume_whose_content_range_does_not_fit_is_refused(server, tmp_path, gguf, monkeypatch, content_range):
    source = from_url(f"{server.url}/model.gguf")
    _cut_once(server, source, tmp_path, gguf)
    from helpers import Handler

    send_header = Handler.send_header
    monkeypatch.setattr(Handler, "send_header", lambda self, name, value: send_header(
        self, name, content_range if name == "Content-Range" else value))  # fmt: skip
    with pytest.raises(DownloadError, match="wrong part") as caught:
        download(source, tmp_path)
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # nothing installed, and the part that cannot be trusted is gone


def test_a_content_length_shorter_than_the_file_is_not_installed(server, tmp_path):
    server.lie = "short-length"
    with pytest.raises(DownloadError, match="not a usable model.*incomplete") as caught:
        download(from_url(f"{server.url}/model.gguf"), tmp_path)
    assert "\n" not in str(caught.value) and "model.gguf.part" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_an_error_page_sent_with_200_is_not_installed(server, tmp_path):
    server.lie = "html"
    with pytest.raises(DownloadError, match="not a usable model.*web page"):
        download(from_url(f"{server.url}/model.gguf"), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_content_length_that_is_no_number_is_ignored(server, tmp_path, gguf):
    server.lie = "odd-length"  # "²": a digit to str.isdigit, not to int
    assert download(from_url(f"{server.url}/model.gguf"), tmp_path).read_bytes() == gguf


def test_a_known_checksum_installs_what_matches_even_with_a_header_this_app_cannot_read(server, tmp_path):
    server.data = b"GGUF" + bytes([9, 0, 0, 0]) + bytes(100)  # a GGUF version from the future
    path = download(from_url(f"{server.url}/model.gguf", hashlib.sha256(server.data).hexdigest()), tmp_path)
    assert path.read_bytes() == server.data


def test_the_cli_says_one_line_for_a_lying_server(tmp_path, gguf, home):
    import subprocess
    import sys

    with serving(gguf) as server:
        server.lie = "html"
        result = subprocess.run([sys.executable, "-m", "assistant", "models", "download", f"{server.url}/model.gguf"],
                                capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("writing-assistant: What 127.0.0.1")
    assert not (home / "data" / "models" / "model.gguf").exists()
