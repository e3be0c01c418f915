"""Proposals without Qt: anchors that follow edits, the stale check, accept as one edit."""

from assistant.core.documents import Edit, Proposal
from assistant.core.tools import Tool

REWRITE = Tool("rewrite", "Rewrite", run=lambda job: iter(()), input="selection", output="replace")
CONTINUE = Tool("continue", "Continue", run=lambda job: iter(()), input="cursor", output="insert")


class Text:
    """A document the proposal watches: edits report (position, removed, added) as an editor would."""

    def __init__(self, text: str):
        self.text = text
        self.proposals: list[Proposal] = []

    def between(self, start: int, end: int) -> str:
        return self.text[start:end]

    def edit(self, position: int, removed: int, added: str) -> None:
        self.text = self.text[:position] + added + self.text[position + removed :]
        for proposal in self.proposals:
            proposal.edited(position, removed, len(added))

    def apply(self, edit: Edit) -> None:
        self.edit(edit.start, edit.end - edit.start, edit.text)

    def propose(self, tool: Tool, start: int, end: int) -> Proposal:
        proposal = Proposal(tool, start, end, self.between)
        self.proposals.append(proposal)
        return proposal


def finished(proposal: Proposal, text: str) -> Proposal:
    proposal.append(text)
    proposal.finish("done")
    return proposal


def test_edits_before_the_range_move_it_and_accept_replaces_the_right_text():
    doc = Text("Intro. The cat sat. The end.")
    proposal = doc.propose(REWRITE, 7, 19)
    doc.edit(0, 0, "New ")  # typed before the range
    doc.edit(len(doc.text), 0, " More.")  # and after it
    finished(proposal, "A cat was sitting.")
    assert proposal.can_accept(doc.between)
    doc.apply(proposal.edit())
    assert doc.text == "New Intro. A cat was sitting. The end. More."


def test_an_edit_inside_the_range_makes_it_stale():
    doc = Text("Intro. The cat sat. The end.")
    proposal = finished(doc.propose(REWRITE, 7, 19), "A cat was sitting.")
    doc.edit(11, 3, "dog")
    assert proposal.stale_reason(doc.between) == Proposal.ORIGINAL_CHANGED
    assert not proposal.can_accept(doc.between)


def test_a_continuation_is_stale_when_the_text_before_it_changes():
    doc = Text("Once upon a time")
    proposal = finished(doc.propose(CONTINUE, 16, 16), " there was a king.")
    doc.edit(0, 4, "ONCE")
    assert proposal.stale_reason(doc.between) == Proposal.CONTEXT_CHANGED


def test_a_continuation_follows_text_typed_far_before_it():
    doc = Text("x" * 300 + "Once upon a time")
    proposal = finished(doc.propose(CONTINUE, 316, 316), ", a king.")
    doc.edit(0, 0, "Title\n")  # outside the 200 characters of context it checks
    assert proposal.can_accept(doc.between)
    doc.apply(proposal.edit())
    assert doc.text.endswith("Once upon a time, a king.")


def test_a_deleted_range_collapses_and_is_stale():
    doc = Text("Keep. Remove this. Keep.")
    proposal = finished(doc.propose(REWRITE, 6, 18), "Changed.")
    doc.edit(4, 16, "")
    assert (proposal.start, proposal.end) == (4, 4)
    assert not proposal.can_accept(doc.between)


def test_an_empty_answer_fails_and_a_running_one_cannot_be_accepted():
    doc = Text("Some text.")
    proposal = doc.propose(REWRITE, 0, 10)
    assert not proposal.can_accept(doc.between)  # still running
    proposal.append("  \n")
    proposal.finish("done")
    assert proposal.state == "failed" and proposal.message == Proposal.EMPTY


def test_a_rewrite_that_only_copies_the_text_says_so():
    doc = Text("Already fine.")
    proposal = finished(doc.propose(REWRITE, 0, 13), " Already fine.\n")
    assert proposal.state == "failed" and proposal.message == Proposal.UNCHANGED
    assert not proposal.can_accept(doc.between)
