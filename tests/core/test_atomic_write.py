"""The one atomic write of the app's own files (settings, drafts, writing memories, prompt tools, models):
the new bytes are on disk and the rename is too, before it returns."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.core import files, paths


def test_the_rename_is_made_durable_by_a_fsync_of_the_folder(tmp_path, monkeypatch):
    target = tmp_path / "settings.json"
    target.write_bytes(b"old")
    synced = []
    real = files.fsync_folder
    monkeypatch.setattr(files, "fsync_folder", lambda folder: synced.append((folder, target.read_bytes())) or
                        real(folder))  # fmt: skip
    files.atomic_write(target, b"new")
    assert synced == [(tmp_path, b"new")]  # after the rename, of the folder that holds the file
    files.atomic_copy(target, tmp_path / "copy.json")
    assert synced[-1][0] == tmp_path and (tmp_path / "copy.json").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.json", "settings.json"]  # no temporary file left


def test_settings_memory_and_drafts_are_written_through_it(tmp_path, monkeypatch):
    from assistant.core import jsonfile, memory, recovery, settings

    written = []
    real = files.atomic_write
    monkeypatch.setattr(jsonfile, "atomic_write", lambda path, data, mode=None, **how: written.append(path.parent.name)
                        or real(path, data, mode, **how))  # fmt: skip
    settings.Settings().save()
    document = tmp_path / "notes.md"
    document.write_text("x", encoding="utf-8")
    memory.save(document, memory.Memory("Tone: dry."))
    store = recovery.RecoveryStore()
    store.save("key", "draft text", str(document), "utf-8")
    store.close()
    assert written[:2] == ["config", "memory"] and len(written) == 3  # the settings, the memory, the draft


def test_a_hard_linked_file_is_written_through_and_both_names_stay_one_file(tmp_path):
    """A dotfile kept with `ln` (two names, one file): a rename would leave the other name with the old
    bytes, so the file is written in place after a verified backup, as documents are; its mode stays."""
    folder = tmp_path / "config"
    folder.mkdir()
    first, second = folder / "settings.json", folder / "dotfiles-settings.json"
    first.write_bytes(b"old")
    first.chmod(0o640)
    os.link(first, second)
    inode = first.stat().st_ino
    files.atomic_write(first, b"new")
    assert first.stat().st_ino == second.stat().st_ino == inode and first.stat().st_nlink == 2
    assert second.read_bytes() == b"new" and first.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["dotfiles-settings.json", "settings.json"]
    assert list(paths.backups_dir().iterdir()) == []  # the verified backup is gone once the write is done


def test_a_hard_linked_file_whose_write_fails_keeps_its_bytes(tmp_path, monkeypatch):
    first, second = tmp_path / "state.json", tmp_path / "other-name.json"
    first.write_bytes(b'{"old": 1}\n')
    os.link(first, second)
    real = os.fsync
    failed = []

    def full_once(fd):
        if not failed and os.fstat(fd).st_ino == first.stat().st_ino and first.read_bytes() != b'{"old": 1}\n':
            failed.append(fd)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", full_once)
    with pytest.raises(OSError):
        files.atomic_write(first, b'{"new": 2}\n')
    assert failed and second.read_bytes() == b'{"old": 1}\n' and first.stat().st_nlink == 2


def test_a_single_file_is_still_replaced_by_a_rename_and_keeps_its_mode(tmp_path):
    target = tmp_path / "settings.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    inode = target.stat().st_ino
    files.atomic_write(target, b"new", mode=0o600)  # the mode of a new file; one that exists keeps its own
    assert target.stat().st_ino != inode and target.stat().st_mode & 0o777 == 0o640 and target.read_bytes() == b"new"
    files.atomic_write(tmp_path / "new.json", b"{}", mode=0o600)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o600


def test_every_state_file_keeps_its_hard_link(tmp_path):
    """Settings, writing memories, drafts and prompt tools all go through the one writer."""
    from assistant.core import jsonfile, memory, recovery, settings

    def linked(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
        other = tmp_path / f"link-{path.name}"
        os.link(path, other)
        return other

    settings_link = linked(paths.settings_file())
    settings.Settings.load()[0].update(lambda s: setattr(s.editor, "zoom", 2))
    document = tmp_path / "notes.md"
    document.write_text("x", encoding="utf-8")
    memory_link = linked(memory._file_for(document))
    memory.save(document, memory.Memory("Tone: dry."))
    store = recovery.RecoveryStore()
    draft_link = linked(store.session / "key.json")
    store.save("key", "draft text", str(document), "utf-8")
    state_link = linked(tmp_path / "state.json")
    jsonfile.write_json(tmp_path / "state.json", {"a": 1})
    assert json.loads(settings_link.read_text(encoding="utf-8")) == {"editor": {"zoom": 2}}
    assert json.loads(memory_link.read_text(encoding="utf-8"))["notes"] == "Tone: dry."
    assert json.loads(draft_link.read_text(encoding="utf-8"))["text"] == "draft text"
    assert json.loads(state_link.read_text(encoding="utf-8")) == {"a": 1}
    store.close()


def test_a_crash_while_a_hard_linked_file_is_written_leaves_a_backup_the_next_start_names(tmp_path, home):
    from assistant.core.documents import clean_interrupted_saves

    first, second = tmp_path / "settings.json", tmp_path / "other-name.json"
    first.write_bytes(b'{"old": 1}\n')
    os.link(first, second)
    crash = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from assistant.core import files
        files._overwrite = lambda *args: os._exit(9)  # killed in the middle of the write
        files.atomic_write(Path({str(first)!r}), b'{{"new": 2}}')
    """)
    env = {**os.environ, paths.HOME_ENV: str(home)}
    assert subprocess.run([sys.executable, "-c", crash], env=env, timeout=60).returncode == 9
    (backup,) = clean_interrupted_saves()
    assert backup.read_bytes() == b'{"old": 1}\n' and backup.suffix == ".json"
    assert backup.stat().st_mode & 0o777 == 0o600  # it may hold an API key


@pytest.mark.parametrize("links", [1, 2])
def test_a_read_only_file_is_refused_never_replaced(tmp_path, links):
    """A writer who made a file read-only (settings frozen by hand) keeps it: a rename in a folder one
    may write would go around the permission."""
    target = tmp_path / "settings.json"
    target.write_bytes(b"frozen")
    if links == 2:
        os.link(target, tmp_path / "other-name.json")
    target.chmod(0o444)
    inode = target.stat().st_ino
    with pytest.raises(PermissionError, match="read-only"):
        files.atomic_write(target, b"new")
    assert target.read_bytes() == b"frozen" and target.stat().st_ino == inode and target.stat().st_mode & 0o777 == 0o444
    assert len(list(tmp_path.iterdir())) == links and not paths.backups_dir().exists()


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    """A prompt tool kept with the writer's dotfiles (`ln -s`), saved from the Prompt Tools dialog."""
    real = tmp_path / "dotfiles" / "mine.prompt"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "tools" / "mine.prompt"
    link.parent.mkdir()
    link.symlink_to(real)
    files.atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert sorted(p.name for p in real.parent.iterdir()) == ["mine.prompt"]  # no temporary file left there


def test_json_written_in_place_is_json_at_every_moment(tmp_path, home):
    """Killed between writing a shorter file over a hard-linked one and cutting it to length: what is left is
    the new JSON and spaces, never the new JSON and the old one's tail."""
    from assistant.core.jsonfile import read_json

    first = tmp_path / "settings.json"
    first.write_text(json.dumps({"editor": {"recent_files": ["/a/long/name.md"] * 20}}), encoding="utf-8")
    os.link(first, tmp_path / "other-name.json")
    crash = textwrap.dedent(f"""
        import os
        from assistant.core import jsonfile
        os.ftruncate = lambda fd, size: os._exit(9)  # killed before the file is cut to its new length
        jsonfile.write_json({str(first)!r}, {{"editor": {{"zoom": 2}}}})
    """)
    env = {**os.environ, paths.HOME_ENV: str(home)}
    assert subprocess.run([sys.executable, "-c", crash], env=env, timeout=60).returncode == 9
    assert read_json(first, 1 << 20, "settings file") == {"editor": {"zoom": 2}}
