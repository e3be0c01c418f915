"""The one atomic write of the app's own files (settings, drafts, writing memories, prompt tools, models):
the new bytes are on disk and the rename is too, before it returns."""

from __future__ import annotations

from assistant.core import files


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
    monkeypatch.setattr(jsonfile, "atomic_write", lambda path, data, mode=None: written.append(path.parent.name)
                        or real(path, data, mode))  # fmt: skip
    settings.Settings().save()
    document = tmp_path / "notes.md"
    document.write_text("x", encoding="utf-8")
    memory.save(document, memory.Memory("Tone: dry."))
    store = recovery.RecoveryStore()
    store.save("key", "draft text", str(document), "utf-8")
    store.close()
    assert written[:2] == ["config", "memory"] and len(written) == 3  # the settings, the memory, the draft
