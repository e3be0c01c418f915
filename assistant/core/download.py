"""Downloading models: resumable, verified, and moved into place only when complete.

Bytes go to `<name>.part` beside the target, and what the server said of the
file (its ETag or date, and size) to `<name>.part.json`. An interrupted download
resumes with an HTTP Range request guarded by If-Range: if the file changed on
the server, or the server ignores ranges, it sends everything again. The range
starts a little before the end of the part, and those bytes must come back the
same: a server that answers a resume with other bytes is caught. Tokens go
in headers that are never forwarded to the host of a redirect.
When a sha256 is known (given, or from the Hugging Face Hub) the finished file
must match it, or it is discarded. Nothing here runs unless the writer asks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, NoReturn

from . import paths
from .errors import AssistantError, Cancelled, ModelError
from .logs import redact
from .models import read_model_info

CHUNK = 1 << 20
# A resume asks again for this much of what it has, and compares: a server that promises the rest of the
# file and sends other bytes (its start, say) is caught before they are appended.
OVERLAP = 1 << 16
TIMEOUT = 30.0  # seconds without a byte before giving up


class DownloadError(AssistantError):
    """A download failed; the message says why and what to do."""


@dataclass(frozen=True)
class DownloadProgress:
    done: int
    total: int | None
    bytes_per_second: float

    @property
    def eta_seconds(self) -> float | None:
        if not self.total or not self.bytes_per_second:
            return None
        return (self.total - self.done) / self.bytes_per_second


@dataclass(frozen=True)
class Source:
    url: str
    filename: str
    sha256: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    size: int | None = None  # the bytes the file has, where the catalog knows them


def from_url(url: str, sha256: str | None = None, filename: str | None = None) -> Source:
    if urllib.parse.urlparse(url).scheme not in ("http", "https") or not urllib.parse.urlparse(url).netloc:
        raise DownloadError(f"{redact(url)!r} is not a web address: give an http:// or https:// URL of a .gguf file.")
    name = filename or Path(urllib.request.url2pathname(url.split("?")[0])).name or "model.gguf"
    return Source(url, name, checksum(sha256))


def checksum(sha256: str | None) -> str | None:
    """A sha256 as 64 lower-case hex digits, whatever case it was given in; DownloadError if it is none."""
    if not sha256:
        return None
    if not re.fullmatch(r"[0-9a-fA-F]{64}", sha256.strip()):
        raise DownloadError(f"{sha256!r} is not a sha256 checksum (64 hexadecimal digits).")
    return sha256.strip().lower()


def from_hub(repo: str, filename: str, revision: str | None = None, endpoint: str | None = None) -> Source:
    """Resolve a Hugging Face Hub file: its download URL, its sha256 (the LFS ETag), and its size if it is
    in the catalog. `endpoint` is a mirror of the Hub; the writer's Hub token goes only to the Hub itself,
    or to HF_ENDPOINT."""
    from huggingface_hub import get_hf_file_metadata, get_token, hf_hub_url

    from .catalog import size_of

    if endpoint is not None:
        parts = urllib.parse.urlparse(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise DownloadError(f"The Hugging Face mirror {endpoint!r} is not a web address: give one such as "
                                "https://hf-mirror.com.")  # fmt: skip
    trusted = endpoint in (None, (os.environ.get("HF_ENDPOINT") or "").strip().rstrip("/"))
    url = hf_hub_url(repo, filename, revision=revision, endpoint=endpoint)
    try:
        meta = get_hf_file_metadata(url, timeout=TIMEOUT, token=None if trusted else False)
    except Exception as error:  # huggingface_hub raises its own error types for 401/404/offline
        where = f"the Hugging Face repository {repo}" + (f" on {_host(endpoint)}" if endpoint else "")
        raise DownloadError(f"Cannot find {filename} in {where}: {_reason(error)}") from None
    etag = (meta.etag or "").strip('"').lower()
    token = get_token() if trusted else None
    headers = (("Authorization", f"Bearer {token}"),) if token else ()
    return Source(url, Path(filename).name, etag if re.fullmatch(r"[0-9a-f]{64}", etag) else None, headers,
                  size_of(repo, filename))


def _reason(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:200]


def download(
    source: Source,
    folder: Path | None = None,
    progress: Callable[[DownloadProgress], None] | None = None,
    cancel: threading.Event | None = None,
    timeout: float = TIMEOUT,
) -> Path:
    """Fetch `source` into `folder` (the models folder by default); returns the final path."""
    folder = Path(folder or paths.models_dir())
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.filename
    part = folder / f"{source.filename}.part"
    if target.exists():
        raise DownloadError(f"{target.name} is already in the models folder.")
    meta = part.with_name(part.name + ".json")
    known = _read_meta(meta) if part.exists() else {}
    have = part.stat().st_size if known else 0  # a part whose origin is unknown cannot be resumed
    overlap = min(have, OVERLAP)
    request = urllib.request.Request(source.url)
    for name, value in source.headers:
        request.add_unredirected_header(name, value)  # a token never goes on to a redirect's host
    if have:
        request.add_header("Range", f"bytes={have - overlap}-")
        request.add_header("If-Range", known["validator"])
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as error:
        if error.code == 416:  # a part that does not fit the file: start over next time
            _discard(part, f"The partial download of {source.filename} did not match the file on the server")
        raise DownloadError(f"The server answered {error.code} ({error.reason}) for {source.filename}"
                            + (": the file is not there." if error.code == 404 else ".")) from None  # fmt: skip
    except (urllib.error.URLError, OSError) as error:
        raise DownloadError(f"Cannot reach {_host(source.url)}: {_reason(getattr(error, 'reason', error))}.") from None
    with response, _abort_on_cancel(response, cancel):
        length = _number(response.headers.get("Content-Length"))  # "²" is a digit to str.isdigit, not to int
        if response.status == 206:
            content_range = response.headers.get("Content-Range")
            resumed = _resumed_at(content_range, have - overlap, length, known.get("size"))
            if resumed is None:
                said = f"Content-Range {content_range!r}" if content_range else "no Content-Range"
                _discard(part, f"The server answered with the wrong part of {source.filename} ({said}, asked "
                               f"from byte {have - overlap:,})")  # fmt: skip
            start, total = resumed
            if start:
                _check_overlap(response, part, overlap, cancel, source)
            else:
                have = 0
        else:
            have, total = 0, length  # the server ignored the range (or none was asked): start over
        if have == 0:  # a fresh start: a part of unknown origin is not kept
            meta.unlink(missing_ok=True)
        validator = response.headers.get("ETag") or response.headers.get("Last-Modified")
        if not have and validator:
            meta.write_text(json.dumps({"validator": validator, "size": total}), encoding="utf-8")
        _stream(response, part, have, total, progress, cancel, source)
        served_as = response.headers.get("Content-Type") or ""
    if total is not None and part.stat().st_size != total:
        raise DownloadError(f"The download of {source.filename} ended early; run it again to resume.")
    return _finish(part, target, source, served_as)


def _number(text: str | None) -> int | None:
    return int(text) if text and re.fullmatch(r"[0-9]+", text.strip()) else None


def _resumed_at(content_range: str | None, have: int, length: int | None,
                known_size: int | None) -> tuple[int, int | None] | None:  # fmt: skip
    """Where a 206 answer's bytes go (the offset to write at) and the whole file's size, from its
    Content-Range, which must fit the offset asked for, its Content-Length and the size known before;
    None when it does not. A range from byte 0 is a fresh start."""
    m = re.fullmatch(r"\s*bytes\s+([0-9]+)-([0-9]+)/([0-9]+|\*)\s*", content_range or "")
    if m is None:
        return None
    start, end, size = int(m.group(1)), int(m.group(2)), _number(m.group(3))
    fits = (start in (0, have) and start <= end and (size is None or end < size)
            and (length is None or length == end - start + 1)
            and (start == 0 or size is None or known_size in (None, size)))  # fmt: skip
    return (start, size if size is not None else end + 1) if fits else None


def _discard(part: Path, why: str) -> NoReturn:
    """Delete a part that cannot be trusted, and say so (`why`, then what was done)."""
    part.unlink(missing_ok=True)
    part.with_name(part.name + ".json").unlink(missing_ok=True)
    raise DownloadError(f"{why}; the partial download was deleted and nothing was installed. Run the download "
                        "again.")  # fmt: skip


def _check_overlap(response, part: Path, overlap: int, cancel: threading.Event | None, source: Source) -> None:
    """The resumed answer's first bytes, asked for again, must be the part's last ones."""
    with open(part, "rb") as f:
        f.seek(-overlap, os.SEEK_END)
        kept = f.read()
    sent = b""
    while len(sent) < overlap and (chunk := _read(response, overlap - len(sent), cancel, source)):
        sent += chunk
    if len(sent) < overlap:
        raise DownloadError(f"The download of {source.filename} ended early; run it again to resume.")
    if sent != kept:
        _discard(part, f"{_host(source.url)} sent other bytes of {source.filename} than before, where the "
                       "download resumed")  # fmt: skip


def _stream(response, part: Path, have: int, total, progress, cancel, source: Source) -> None:
    started, done = time.monotonic(), have
    with open(part, "ab" if have else "wb") as f:
        while True:
            chunk = _read(response, CHUNK, cancel, source)
            if not chunk:
                return
            if total is not None and done + len(chunk) > total:
                f.close()
                _discard(part, f"{_host(source.url)} sent more bytes of {source.filename} than the file has "
                               f"({total:,})")  # fmt: skip
            f.write(chunk)
            done += len(chunk)
            if progress is not None:
                elapsed = time.monotonic() - started
                progress(DownloadProgress(done, total, (done - have) / elapsed if elapsed > 0 else 0.0))


def _read(response, size: int, cancel: threading.Event | None, source: Source) -> bytes:
    """Up to `size` bytes of the answer (none at its end); Cancelled, or DownloadError saying why not."""
    _check(cancel)
    try:
        chunk = response.read(size)
    except (socket.timeout, TimeoutError):
        _check(cancel)
        raise DownloadError(f"{_host(source.url)} stopped sending data; run the download again to "
                            "resume it.") from None  # fmt: skip
    except OSError as error:
        _check(cancel)
        raise DownloadError(f"The connection broke ({_reason(error)}); run the download again to "
                            "resume it.") from None  # fmt: skip
    _check(cancel)  # a read cut short by the cancel is not kept
    return chunk


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()  # the .part stays, for a later resume


@contextlib.contextmanager
def _abort_on_cancel(response, cancel: threading.Event | None):
    """Make a read blocked on a silent server return as soon as the writer cancels, by shutting the socket down
    (a quitting app cannot wait out the timeout)."""
    sock = getattr(getattr(response.fp, "raw", None), "_sock", None)
    if cancel is None or sock is None:
        yield
        return
    done = threading.Event()

    def watch():
        while not done.wait(0.1):
            if cancel.is_set():
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                return

    watcher = threading.Thread(target=watch, name="download-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _read_meta(meta: Path) -> dict:
    try:
        known = json.loads(meta.read_text(encoding="utf-8"))
        return known if isinstance(known, dict) and isinstance(known.get("validator"), str) else {}
    except (OSError, ValueError):
        return {}


def _finish(part: Path, target: Path, source: Source, served_as: str = "") -> Path:
    """Move a whole part into place once it is known good: by the size the catalog knows, by its sha256
    where one is known, else by a GGUF header that describes exactly the bytes there are (a page of
    HTML, a file cut short are not). A mirror may send a whole GGUF that is another file."""
    part.with_name(part.name + ".json").unlink(missing_ok=True)
    if source.size is not None and part.stat().st_size != source.size:
        got = part.stat().st_size
        part.unlink()
        raise DownloadError(f"What {_host(source.url)} sent for {source.filename} is {got:,} bytes, where the "
                            f"file has {source.size:,}: it is not that model; it was deleted, not installed.")
    if source.sha256:
        digest = hashlib.sha256()
        with open(part, "rb") as f:
            while block := f.read(CHUNK):
                digest.update(block)
        if digest.hexdigest() != checksum(source.sha256):
            part.unlink()
            raise DownloadError(f"{source.filename} does not match its sha256 checksum: the download was "
                                "damaged and has been deleted. Try again.")  # fmt: skip
    else:
        try:
            read_model_info(part)
        except ModelError as error:
            part.unlink()
            why = ("the server sent a web page (text/html), perhaps an error or sign-in page"
                   if "html" in served_as.lower() else str(error).replace(part.name, source.filename))  # fmt: skip
            raise DownloadError(f"What {_host(source.url)} sent for {source.filename} is not a usable model "
                                f"({why.rstrip('.')}); it was deleted, not installed.") from None  # fmt: skip
    part.replace(target)
    return target


def _host(url: str) -> str:
    """The host (and port) of `url`, without a user and password it may carry."""
    return urllib.parse.urlparse(url).netloc.rpartition("@")[2] or url
