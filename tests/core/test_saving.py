"""Saving judged by the bytes and the files on disk: links, permissions, other programs, crashes, full disks."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant.core import paths
from assistant.core.documents import Document, FileChangedError, ReadOnlyError, clean_interrupted_saves
from assistant.core.documents.disk import TEMP_MARK
from assistant.core.errors import DocumentError

NOBODY = 65534


def open_edit_save(path: Path, text: str = "edited\n") -> Document:
    document = Document.open(path)
    document.text = text
    document.save()
    return document


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMP_MARK in p.name)


def test_a_symlink_is_saved_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real.md"
    target.write_text("original\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    open_edit_save(link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "edited\n"


def test_a_hard_linked_file_is_written_in_place_and_stays_linked(tmp_path):
    first = tmp_path / "first.md"
    first.write_text("original\n", encoding="utf-8")
    second = tmp_path / "second.md"
    os.link(first, second)
    inode = first.stat().st_ino
    open_edit_save(first)
    assert first.stat().st_ino == inode and first.stat().st_nlink == 2
    assert second.read_text(encoding="utf-8") == "edited\n"
    assert list(paths.backups_dir().iterdir()) == []  # the verified backup is gone once the write is done


def test_mode_is_kept_and_the_inode_replaced_atomically(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text("original\n", encoding="utf-8")
    path.chmod(0o640)
    inode = path.stat().st_ino
    open_edit_save(path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_owner_and_group_are_kept(tmp_path):
    path = tmp_path / "theirs.md"
    path.write_text("original\n", encoding="utf-8")
    os.chown(path, NOBODY, NOBODY)
    open_edit_save(path)
    assert (path.stat().st_uid, path.stat().st_gid) == (NOBODY, NOBODY)


def test_a_read_only_file_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "locked.md"
    path.write_text("original\n", encoding="utf-8")
    path.chmod(0o444)
    document = Document.open(path)
    document.text = "edited\n"
    with pytest.raises(ReadOnlyError, match="read-only.*Save As"):
        document.save()
    assert path.read_text(encoding="utf-8") == "original\n" and path.stat().st_mode & 0o777 == 0o444


def test_a_change_by_another_program_is_never_overwritten(tmp_path):
    path = tmp_path / "shared.md"
    path.write_text("original\n", encoding="utf-8")
    document = Document.open(path)
    path.write_text("written by another program\n", encoding="utf-8")
    assert document.disk_change() == "changed"
    document.text = "mine\n"
    with pytest.raises(FileChangedError):
        document.save()
    assert path.read_text(encoding="utf-8") == "written by another program\n"
    document.keep_mine()  # the writer saw the change and keeps their text
    document.save()
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert document.disk_change() == ""


def test_other_bytes_of_the_same_size_and_time_are_never_overwritten(tmp_path):
    """A change that keeps the size, and a time set back (`touch -r`, a sync client, a coarse clock): a
    save compares the bytes, not only the size and time."""
    path = tmp_path / "shared.md"
    path.write_text("original\n", encoding="utf-8")
    document = Document.open(path)
    before = path.stat()
    path.write_text("Original\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    document.text = "mine\n"
    with pytest.raises(FileChangedError):
        document.save()
    assert path.read_text(encoding="utf-8") == "Original\n"


def test_a_touch_with_the_same_bytes_is_no_change(tmp_path):
    path = tmp_path / "touched.md"
    path.write_text("same\n", encoding="utf-8")
    document = Document.open(path)
    os.utime(path, ns=(time.time_ns() + 5 * 10**9,) * 2)
    assert document.disk_change() == ""


def test_a_deleted_file_is_noticed_and_can_be_saved_again(tmp_path):
    path = tmp_path / "gone.md"
    path.write_text("original\n", encoding="utf-8")
    document = Document.open(path)
    path.unlink()
    assert document.disk_change() == "deleted"
    document.save()
    assert path.read_text(encoding="utf-8") == "original\n"


def test_reload_reads_the_new_bytes(tmp_path):
    path = tmp_path / "doc.md"
    path.write_bytes(b"one\r\n")
    document = Document.open(path)
    path.write_bytes(b"two\r\nthree\r\n")
    document.reload()
    assert document.text == "two\nthree\n" and not document.modified
    document.save()
    assert path.read_bytes() == b"two\r\nthree\r\n"


def test_a_full_disk_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "doc.md"
    path.write_text("original\n", encoding="utf-8")
    document = Document.open(path)
    document.text = "edited\n"

    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DocumentError, match="disk is full.*unchanged"):
        document.save()
    assert path.read_text(encoding="utf-8") == "original\n" and leftovers(tmp_path) == []


def test_a_file_size_limit_in_the_kernel_keeps_the_old_file(tmp_path):
    """A real failed write (RLIMIT_FSIZE, as a full disk would fail it) in a process of its own."""
    path = tmp_path / "big.md"
    path.write_text("original\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import resource, signal
        from assistant.core.documents import Document
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        document = Document.open({str(path)!r})
        document.text = "x" * 100_000
        try:
            document.save()
        except Exception as error:
            print(error)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60).stdout
    assert "disk is full" in out and "unchanged" in out, out
    assert path.read_text(encoding="utf-8") == "original\n" and leftovers(tmp_path) == []


# -- without root's override of permissions ---------------------------------------------------

# Root keeps its uid but loses the capabilities that override file permissions.
WITHOUT_OVERRIDE = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner,-chown", "--"]
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="files of another user need root to make")


def run_without_override(script: str, home: Path) -> str:
    env = {**os.environ, paths.HOME_ENV: str(home)}
    result = subprocess.run([*WITHOUT_OVERRIDE, sys.executable, "-c", textwrap.dedent(script)], capture_output=True,
                            text=True, env=env, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_root
def test_a_folder_the_user_may_not_add_to_gets_the_file_written_in_place(tmp_path, home):
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "doc.md"
    path.write_text("original\n", encoding="utf-8")
    os.chown(folder, NOBODY, NOBODY)  # not ours: no new file may appear in it
    out = run_without_override(f"""
        from assistant.core.documents import Document
        document = Document.open({str(path)!r})
        document.text = "edited\\n"
        document.save()
        print("saved")
    """, home)
    assert out.strip() == "saved"
    assert path.read_text(encoding="utf-8") == "edited\n" and sorted(os.listdir(folder)) == ["doc.md"]


@needs_root
def test_a_file_the_user_may_not_write_is_refused(tmp_path, home):
    path = tmp_path / "theirs.md"
    path.write_text("original\n", encoding="utf-8")
    os.chown(path, NOBODY, NOBODY)  # mode 0644: we may read it, not write it
    out = run_without_override(f"""
        from assistant.core.documents import Document
        document = Document.open({str(path)!r})
        document.text = "edited\\n"
        try:
            document.save()
        except Exception as error:
            print(type(error).__name__, error)
    """, home)
    assert out.startswith("ReadOnlyError") and "Save As" in out
    assert path.read_text(encoding="utf-8") == "original\n"


# -- crashes ----------------------------------------------------------------------------

SAVER = """
import sys
from assistant.core.documents import Document
path = sys.argv[1]
for i in range(50):
    document = Document.open(path)
    document.text = ("A" if document.text.startswith("B") else "B") * 5_000_000
    document.save()
    print(i, flush=True)
"""


def test_kill_9_during_saves_leaves_the_old_or_the_new_file_and_no_temporary_file(tmp_path, home):
    path = tmp_path / "big.md"
    path.write_text("A" * 5_000_000, encoding="utf-8")
    rng = random.Random(8)
    env = {**os.environ, paths.HOME_ENV: str(home)}
    kills = 0
    for _ in range(12):
        process = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, env=env)
        process.stdout.readline()  # it is saving
        time.sleep(rng.uniform(0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += process.returncode == -signal.SIGKILL
        data = path.read_bytes()
        assert data in (b"A" * 5_000_000, b"B" * 5_000_000)
    assert kills >= 10
    clean_interrupted_saves()  # what the next start does
    assert leftovers(tmp_path) == []
