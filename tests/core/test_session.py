"""The writing session without Qt: documents, the run, proposals, the model's state, disk changes, drafts and
background work, each change told as an event."""

from __future__ import annotations

import pytest

from assistant.core.documents import Document, Proposal
from assistant.core.engine import GenerationStats
from assistant.core.errors import BackendError
from assistant.core.memory import Memory
from assistant.core.runner import Failed, Request, Result, Stopped
from assistant.core.session import Session, events as ev
from assistant.core.settings import Settings
from assistant.core.tools import Note, Progress


class Recorder(list):
    def __call__(self, event):
        self.append(event)

    def kinds(self) -> list[str]:
        return [type(e).__name__ for e in self]


@pytest.fixture
def session(tools):
    return Session(Settings(), tools)


@pytest.fixture
def heard(session):
    recorder = Recorder()
    session.subscribe(recorder)
    return recorder


class FakeBackend:
    """Only what the session reads of a backend: its info."""

    def __init__(self, name: str):
        from assistant.core.engine import BackendInfo

        self.info = BackendInfo("fake", name, 512, chat_template=False)


# -- documents -------------------------------------------------------------------


def test_opening_and_closing_documents_moves_the_current_one_and_says_so(session, heard):
    a = session.open_document()
    b = session.open_document(Document("b", None))
    assert session.documents == [a, b] and session.current is b
    assert heard.kinds() == ["DocumentOpened", "CurrentChanged", "DocumentOpened", "CurrentChanged"]
    heard.clear()
    session.close_document(b)
    assert session.current is a and heard.kinds() == ["CurrentChanged", "DocumentClosed"]
    session.close_document(a)
    assert session.current is None and session.documents == []
    session.close_document(a)  # twice: nothing more happens
    assert heard.kinds() == ["CurrentChanged", "DocumentClosed", "CurrentChanged", "DocumentClosed"]


def test_a_document_is_found_by_its_file_and_reads_its_text_from_where_it_is_edited(session, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("on disk", encoding="utf-8")
    doc = session.open_document(Document.open(path))
    assert session.find(tmp_path / "." / "notes.md") is doc and session.find(tmp_path / "other.md") is None
    assert doc.text() == "on disk"
    doc.text_source = lambda: "in the editor"
    assert doc.text() == "in the editor"


def test_the_saved_state_is_told_once_per_change(session, heard):
    doc = session.open_document()
    heard.clear()
    session.set_modified(doc, True)
    session.set_modified(doc, True)
    session.set_modified(doc, False)
    assert heard == [ev.DocumentChanged(doc), ev.DocumentChanged(doc)] and not doc.modified


def test_the_memory_is_kept_with_the_file_and_a_failure_is_told(session, heard, tmp_path, monkeypatch):
    from assistant.core import memory, paths

    path = tmp_path / "notes.md"
    path.write_text("x", encoding="utf-8")
    doc = session.open_document(Document.open(path))
    assert session.save_memory(doc, Memory("Tone: dry."))
    assert memory.load(path) == Memory("Tone: dry.") and doc.memory == Memory("Tone: dry.")
    monkeypatch.setenv(paths.HOME_ENV, str(path))  # the data folder would be inside a file: cannot be made
    assert not session.save_memory(doc, Memory("Tone: warm."))
    assert heard[-1].what == "memory" and doc.memory == Memory("Tone: warm.")


def test_settings_that_cannot_be_saved_are_told_not_raised(session, heard, tmp_path, monkeypatch):
    from assistant.core import paths

    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv(paths.HOME_ENV, str(blocker))
    assert not session.save_settings()
    assert heard.kinds() == ["NotSaved"] and heard[0].what == "settings"


def test_recent_files_come_first_once_and_are_ten_at_most(session, heard, tmp_path):
    for i in range(12):
        session.remember_recent(tmp_path / f"{i}.md")
    session.remember_recent(tmp_path / "3.md")
    recent = session.settings.editor.recent_files
    assert len(recent) == 10 and recent[0] == str(tmp_path / "3.md") and recent.count(str(tmp_path / "3.md")) == 1
    assert heard.kinds().count("SettingsChanged") == 13


# -- changes on disk ----------------------------------------------------------------


def test_a_change_on_disk_reloads_an_untouched_document_and_asks_about_an_edited_one(session, heard, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("first", encoding="utf-8")
    doc = session.open_document(Document.open(path))
    assert session.check_disk(doc) == ""  # nothing changed
    path.write_text("second, longer", encoding="utf-8")
    assert session.check_disk(doc) == "reload"  # the caller reloads: nothing to ask
    doc.document.reload()
    session.disk_settled(doc)
    heard.clear()

    session.set_modified(doc, True)
    path.write_text("third, longer still", encoding="utf-8")
    assert session.check_disk(doc) == "" and doc.disk_change == "changed"
    assert heard[-1] == ev.DiskChanged(doc, "changed")
    assert session.check_disk(doc) == ""  # asked once: the writer decides
    session.keep_mine(doc)
    assert doc.disk_change == "" and heard[-1] == ev.DiskChanged(doc, "")
    assert session.check_disk(doc) == ""  # the writer has seen this version of the file


def test_keeping_the_text_of_a_deleted_file_makes_it_unsaved(session, heard, tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("text", encoding="utf-8")
    doc = session.open_document(Document.open(path))
    path.unlink()
    assert session.check_disk(doc) == "" and doc.disk_change == "deleted"
    session.keep_mine(doc)
    assert doc.modified and doc.disk_change == ""
    assert heard[-2:] == [ev.DiskChanged(doc, ""), ev.DocumentChanged(doc)]


# -- recovery drafts -----------------------------------------------------------------


def test_a_draft_is_saved_once_per_revision_and_discarded_when_undone_to_the_saved_text(session):
    doc = session.open_document()
    assert doc.draft_due(1) == ""  # nothing unsaved
    session.set_modified(doc, True)
    assert doc.draft_due(2) == "save"
    doc.draft_revision = 2
    assert doc.draft_due(2) == ""  # nothing new since
    assert doc.draft_due(3) == "save"
    doc.draft_revision = 3
    session.set_modified(doc, False)  # undone back to the saved text
    assert doc.draft_due(4) == "discard"
    doc.draft_revision = -1
    assert doc.draft_due(4) == ""


# -- the run --------------------------------------------------------------------------


def test_a_run_goes_from_running_to_done_and_ends_once(session, heard, tools):
    doc = session.open_document(Document("Some text."))
    run = session.start_run(doc, tools["summarize"], Request("Some text."), now=10.0)
    with pytest.raises(RuntimeError):
        session.start_run(doc, tools["summarize"], Request("Some text."))  # one at a time
    session.run_text(run.id, "Sh", 1, now=11.0)
    session.run_text(run.id, "ort.", 2, now=12.0)
    session.run_event(run.id, Note("a note"))
    session.run_event(run.id, Progress(1, 2, "reading"))
    assert run.running and run.text == "Short." and run.tokens == 3 and run.note == "a note"
    assert run.tokens_per_second(13.0) == 1.5
    session.run_event(run.id, Result("Short.", "Short.", GenerationStats()))
    assert run.state == "done" and session.run is None
    session.run_event(run.id, Failed(BackendError("late")))  # after the end: ignored
    assert run.state == "done" and heard.kinds().count("RunFinished") == 1
    assert [k for k in heard.kinds() if k.startswith("Run")] == ["RunStarted"] + ["RunProgress"] * 4 + ["RunFinished"]


@pytest.mark.parametrize("ending, state", [(Failed(BackendError("no model")), "failed"), (Stopped(), "stopped")])
def test_a_run_that_fails_or_stops_says_how(session, tools, ending, state):
    run = session.start_run(None, tools["summarize"], Request("Text."))
    session.stop_run()
    assert run.cancel.is_set() and run.running  # stopping is asked: the runner says when it stopped
    session.run_event(run.id, ending)
    assert run.state == state and session.run is None
    assert run.error == ("no model" if state == "failed" else "")


def test_events_of_a_run_left_behind_are_dropped(session, heard, tools):
    doc = session.open_document(Document("Text."))
    first = session.start_run(doc, tools["summarize"], Request("Text."))
    session.close_document(doc)  # its document goes: the run stops and is left behind
    assert first.cancel.is_set() and first.left_behind and session.run is None
    second = session.start_run(None, tools["summarize"], Request("Text."))
    session.run_text(first.id, "stale", 1, now=1.0)
    session.run_event(first.id, Result("stale", "stale", GenerationStats()))
    assert second.running and second.text == "" and first.result is None


def test_a_run_through_the_session_on_the_real_model(session, runner, heard):
    """What the CLI does: a session with one document, the runner's events fed to it."""
    text = "The ferry crossed the grey bay twice a day, carrying farmers and letters."
    doc = session.open_document(Document(text))
    request = Request(text, None, None, {"length": "sentence"}, doc.memory)
    run = session.start_run(doc, session.tools["summarize"], request)
    for event in runner.run("summarize", request, run.cancel):
        if not isinstance(event, Result | Failed | Stopped):
            continue
        session.run_event(run.id, event)
    assert run.state == "done", run.error
    assert run.result.text and heard[-1] == ev.RunFinished(run)


def test_a_stopped_run_on_the_real_model_ends_sooner_than_the_same_run_to_its_end(session, runner):
    """Compared with the same run uncancelled: no absolute time."""
    text = "A list of one hundred animals:\n1. cat\n2. dog\n3. horse\n4."

    def tokens(stop_after: int | None) -> int:
        request = Request(text, None, len(text), {"length": "paragraph"})
        run = session.start_run(None, session.tools["continue"], request)
        for event in runner.run("continue", request, run.cancel):
            if type(event).__name__ == "Token":
                session.run_text(run.id, event.text, 1, now=0.0)
                if stop_after is not None and run.tokens >= stop_after:
                    session.stop_run()
            elif isinstance(event, Result | Failed | Stopped):
                session.run_event(run.id, event)
        assert not run.running
        return run.tokens

    full = tokens(None)
    assert full > 8 and tokens(3) < full


# -- proposals ------------------------------------------------------------------------


def test_a_proposal_waits_beside_its_document_until_it_goes(session, heard, tools):
    doc = session.open_document(Document("Me and him goes."))
    proposal = Proposal(tools["rewrite"], 0, 16, lambda a, b: doc.text()[a:b])
    session.set_proposal(doc, proposal)
    assert doc.proposal is proposal and heard[-1] == ev.ProposalChanged(doc)
    proposal.append("He and I go.")
    proposal.finish("done")
    session.proposal_changed(doc)
    assert proposal.can_accept(lambda a, b: doc.text()[a:b])
    session.close_document(doc)
    assert doc.proposal is None


# -- the model and background work ------------------------------------------------------


def test_the_model_state_lets_go_of_the_backend_as_soon_as_a_load_is_asked(session, heard):
    a = FakeBackend("a")
    session.model_loading("a.gguf")
    assert session.model.loading and session.model.label == "a.gguf"
    session.model_loaded(a, ["GPU off"])
    assert session.model.backend is a and session.model.info.model == "a" and session.model.notices == ["GPU off"]
    session.model_loading("b.gguf")
    assert session.model.backend is None and session.model.info is None  # before the worker closes it
    session.model_failed("b.gguf is not a model", previous=a)
    assert session.model.phase == "failed" and session.model.backend is a and session.model.error
    session.model_loading("c.gguf")
    session.model_failed("c.gguf is not a model")
    assert session.model.info is None and session.model.label == ""
    assert heard.kinds() == ["ModelChanged"] * 6


def test_background_work_runs_only_when_nothing_else_is_under_way(session, tools):
    from assistant.core.session import Kind

    doc = session.open_document(Document("Text."))
    assert not session.may_work("warm")  # no model
    session.model_loaded(FakeBackend("a"))
    assert session.may_work("warm") and session.may_work("suggest")
    number, cancel = session.work.begin("warm")
    session.writer_active()  # a keystroke stops it
    assert cancel.is_set()
    _, cancel = session.work.begin("suggest")
    run = session.start_run(doc, tools["summarize"], Request("Text."))
    assert cancel.is_set() and not session.may_work("warm")  # a run stops it, and nothing starts beside it
    session.run_event(run.id, Stopped())
    session.set_proposal(doc, Proposal(tools["rewrite"], 0, 5, lambda a, b: "Text."[a:b]))
    assert not session.may_work("suggest")  # a proposal waits for the writer
    session.set_proposal(doc, None)
    session.model_loading("b.gguf")
    assert not session.may_work("warm")
    session.work.add_kind(Kind("index", 2.0, needs_model=False))
    assert not session.may_work("index")  # a load is under way
    session.model_failed("no")
    assert session.may_work("index") and not session.may_work("warm")
    with pytest.raises(KeyError):
        session.work.begin("unknown")
    assert session.work.begin("index")[0] == number + 2


def test_observers_can_leave(session):
    heard = Recorder()
    leave = session.subscribe(heard)
    session.notice("hello")
    leave()
    session.problem("title", "message")
    assert heard == [ev.Notice("hello")]
