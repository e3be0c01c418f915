"""Crash recovery without Qt: drafts live until saved or discarded."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from assistant.core import paths
from assistant.core.documents import read_file
from assistant.core.recovery import RecoveryStore


def crashed_session(text: str = "draft", path: str | None = None) -> None:
    """An app that autosaved a draft and was killed (its lock dies with it)."""
    script = textwrap.dedent(f"""
        import os
        from assistant.core.recovery import RecoveryStore
        store = RecoveryStore()
        store.save("k1", {text!r}, {path!r}, "utf-8")
        os._exit(9)
    """)
    subprocess.run([sys.executable, "-c", script], env={**os.environ}, check=False, timeout=60)


def test_drafts_of_a_dead_app_are_offered_until_restored_or_discarded():
    crashed_session("my draft")
    first = RecoveryStore()
    assert [d.text for d in first.orphans()] == ["my draft"]
    first.close()
    second = RecoveryStore()  # offered again: nobody decided
    (draft,) = second.orphans()
    second.forget(draft)
    assert second.orphans() == []
    second.close()


def test_a_restored_draft_moves_into_the_new_session_before_leaving_the_old():
    crashed_session("precious")
    store = RecoveryStore()
    (draft,) = store.orphans()
    old_session = draft.file.parent
    store.adopt(draft, "new-key")
    assert (store.session / "new-key.json").exists() and not old_session.exists()
    # The new app dies too: the draft is offered by the next one.
    store._lock.close()
    after = RecoveryStore()
    assert [d.text for d in after.orphans()] == ["precious"]


def test_sessions_without_drafts_are_removed():
    crashed_session()
    store = RecoveryStore()
    (draft,) = store.orphans()
    draft.file.unlink()  # an empty session of a dead app
    store.orphans()
    assert sorted(p.name for p in paths.recovery_dir().iterdir()) == [store.session.name]


def test_a_clean_exit_leaves_nothing():
    store = RecoveryStore()
    store.save("k", "text", None, "utf-8")
    store.close()
    assert list(paths.recovery_dir().iterdir()) == []


def test_a_draft_remembers_the_file_it_was_based_on(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text("as read\n", encoding="utf-8")
    _, disk = read_file(path)
    store = RecoveryStore()
    store.save("k", "as read, then typed\n", str(path), "utf-8", disk)
    store._lock.close()  # the app dies
    (draft,) = RecoveryStore().orphans()
    assert draft.base == disk and draft.text == "as read, then typed\n"


def test_a_draft_of_a_file_opened_by_a_relative_name_finds_it_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = RecoveryStore()
    store.save("k", "text", "notes.md", "utf-8")
    store._lock.close()
    monkeypatch.chdir("/")  # the next app starts elsewhere
    (draft,) = RecoveryStore().orphans()
    assert draft.path == str(tmp_path / "notes.md")


DAMAGED = {
    "saved_at is text": '{"text": "t", "path": null, "encoding": "utf-8", "saved_at": "yesterday"}',
    "path is a number": '{"text": "t", "path": 7, "encoding": "utf-8", "saved_at": 1}',
    "text is null": '{"text": null, "path": null, "encoding": "utf-8", "saved_at": 1}',
    "no such encoding": '{"text": "t", "path": null, "encoding": "klingon", "saved_at": 1}',
    "saved_at is NaN": '{"text": "t", "path": null, "encoding": "utf-8", "saved_at": NaN}',
    "path names no file": '{"text": "t", "path": "/tmp/\\ud800", "encoding": "utf-8", "saved_at": 1}',
    "text holds a lone surrogate": '{"text": "abc\\ud800def", "path": null, "encoding": "utf-8", "saved_at": 1}',
    "a list": '["t"]',
    "nested deeply": '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "not UTF-8": b'{"text": "caf\xe9"}',
    "a base of the wrong shape": '{"text": "t", "path": null, "encoding": "utf-8", "saved_at": 1, "base": {"size": 1}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_draft_is_moved_aside_and_named_never_fatal(content):
    crashed_session("good draft")
    (session,) = paths.recovery_dir().iterdir()
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    bad = session / "bad.json"
    bad.write_bytes(data)
    store = RecoveryStore()
    notices: list[str] = []
    assert [d.text for d in store.orphans(notices)] == ["good draft"]
    (moved,) = (paths.recovery_dir() / "damaged").iterdir()
    assert not bad.exists() and moved.read_bytes() == data  # every byte kept, for whoever wants to look
    assert len(notices) == 1 and str(moved) in notices[0]
    again: list[str] = []
    assert [d.text for d in store.orphans(again)] == ["good draft"] and again == []  # said once
    store.close()
    RecoveryStore().orphans()  # the next start leaves it where it was put
    assert list((paths.recovery_dir() / "damaged").iterdir()) == [moved]


@pytest.mark.parametrize("kind", ["far too big", "a named pipe"])
def test_a_draft_that_is_no_draft_file_is_moved_aside_and_named(kind):
    """A draft larger than any draft can be, or a pipe in its place: only logged, it stayed where it was
    and was skipped at every start without a word."""
    from assistant.core.recovery import _DRAFT_LIMIT

    crashed_session("good draft")
    (session,) = paths.recovery_dir().iterdir()
    bad = session / "bad.json"
    if kind == "a named pipe":
        os.mkfifo(bad)
    else:
        with open(bad, "wb") as f:
            f.truncate(_DRAFT_LIMIT + 1)  # sparse: no disk space taken
    store = RecoveryStore()
    notices: list[str] = []
    assert [d.text for d in store.orphans(notices)] == ["good draft"]
    (moved,) = (paths.recovery_dir() / "damaged").iterdir()
    assert not os.path.lexists(bad) and len(notices) == 1 and str(moved) in notices[0]
    store.close()


def test_a_draft_written_before_drafts_had_a_base_is_offered():
    """The version before this one wrote drafts without "base"; its crash must not become this one's."""
    crashed_session("good draft")
    (session,) = paths.recovery_dir().iterdir()
    (session / "older.json").write_text('{"text": "older draft", "path": null, "encoding": "utf-8", "saved_at": 1}',
                                        encoding="utf-8")  # fmt: skip
    store = RecoveryStore()
    notices: list[str] = []
    drafts = store.orphans(notices)
    assert sorted(d.text for d in drafts) == ["good draft", "older draft"] and notices == []
    assert next(d for d in drafts if d.text == "older draft").base is None
    store.close()


def test_a_save_journal_naming_a_file_that_is_no_temporary_deletes_nothing(tmp_path):
    """A journal damaged (or edited) to name the writer's document: only our own temporary files go."""
    from assistant.core.documents import clean_interrupted_saves

    document = tmp_path / "novel.md"
    document.write_text("chapter one\n", encoding="utf-8")
    paths.pending_saves_dir().mkdir(parents=True)
    (paths.pending_saves_dir() / "x.json").write_text(json.dumps({"temp": str(document), "pid": 2**22 + 7}),
                                                      encoding="utf-8")  # fmt: skip
    clean_interrupted_saves()
    assert document.read_text(encoding="utf-8") == "chapter one\n"


def test_damaged_journals_of_interrupted_saves_never_stop_the_start():
    from assistant.core.documents import clean_interrupted_saves

    for folder in (paths.pending_saves_dir(), paths.backups_dir()):
        folder.mkdir(parents=True)
        (folder / "deep.json").write_text("[" * 100_000, encoding="utf-8")
        (folder / "odd.json").write_text('{"pid": "me", "temp": 7}', encoding="utf-8")
    assert clean_interrupted_saves() == []
