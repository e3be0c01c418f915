"""Crash recovery without Qt: drafts live until saved or discarded."""

import os
import subprocess
import sys
import textwrap

from assistant.core import paths
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
