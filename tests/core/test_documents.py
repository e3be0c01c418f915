"""Documents: decoding, and saving that changes no byte the writer did not edit (no Qt here)."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.core.documents import Document, TextFile, carry_endings, decode, encode
from assistant.core.errors import DocumentError

# Text with every troublesome character: no-break space, line and paragraph separators,
# lone CRs, mixed CRLF and LF, control characters, Qt's frame markers, CJK and emoji.
SPECIAL = ["\u00a0", "\u2028", "\u2029", "\r", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x85", "\x01", "\ufdd0", "\ufeff"]
pieces = st.one_of(st.sampled_from(SPECIAL), st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00")),
                   st.sampled_from(["春天来了", "公園", "café", "😀", "word ", "。", "\r\n\r\n"]))  # fmt: skip
texts = st.lists(pieces, max_size=30).map("".join)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "gb18030", "big5", "cp1252", "latin-1"]


def storable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


@pytest.mark.parametrize("text, encoding, expected", [
    ("春天来了，公园里的花都开了。", "gbk", "gb18030"),
    ("你好", "gbk", "gb18030"),
    ("春天來了，公園裡的花都開了。", "big5", "big5"),
    ("Café crème brûlée, naïve façade", "cp1252", "cp1252"),
    ("plain ascii", "utf-8", "utf-8"),
])  # fmt: skip
def test_encodings_are_detected(text, encoding, expected):
    file = decode(text.encode(encoding))
    assert (file.text, file.encoding) == (text, expected)


def test_boms_and_line_endings_round_trip():
    for data in ("a\r\nb\r\n".encode("utf-8-sig"), b"\xff\xfe" + "x\ny".encode("utf-16-le"),
                 b"\xfe\xff" + "x\ry".encode("utf-16-be")):  # fmt: skip
        file = decode(data)
        assert "\r" not in file.text and file.has_bom
        assert encode(file) == data


def test_characters_editors_used_to_change_are_kept(tmp_path):
    data = "no\u00a0break, line\u2028separator, para\u2029graph,\tcontrol\x0c\x01.\n".encode("utf-8")
    path = tmp_path / "special.txt"
    path.write_bytes(data)
    document = Document.open(path)
    document.text = document.text.replace("no", "No", 1)
    document.save()
    assert path.read_bytes() == b"N" + data[1:]


@pytest.mark.parametrize("raw, edit, expected", [
    # LF endings with one stray CR: only the edited line changes, the CR stays where it was.
    ("one\ntwo\rthree\nfour\n", ("four", "FOUR"), "one\ntwo\rthree\nFOUR\n"),
    # CRLF endings with one LF: the LF stays an LF.
    ("a\r\nb\nc\r\nd\r\n", ("a", "A"), "A\r\nb\nc\r\nd\r\n"),
    # A new line takes the file's most common ending; the others keep theirs.
    ("a\r\nb\nc\r\n", ("c", "c\nnew"), "a\r\nb\nc\r\nnew\r\n"),
    # A deleted line takes its ending with it.
    ("a\rb\nc\r\n", ("b\n", ""), "a\rc\r\n"),
])  # fmt: skip
def test_line_endings_are_kept_line_by_line(tmp_path, raw, edit, expected):
    path = tmp_path / "endings.txt"
    path.write_bytes(raw.encode("utf-8"))
    document = Document.open(path)
    assert "\r" not in document.text
    document.text = document.text.replace(*edit)
    document.save()
    assert path.read_bytes() == expected.encode("utf-8")


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(text=texts, encoding=st.sampled_from(ENCODINGS), data=st.data())
def test_open_edit_save_changes_only_the_edit(tmp_path, text, encoding, data):
    """Open any text in any encoding, insert at a random offset, save: the bytes are the original
    bytes with only that insertion."""
    if not storable(text, encoding):
        return
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path = tmp_path / f"doc-{encoding}.txt"
    path.write_bytes(bom + text.encode(encoding))
    document = Document.open(path, encoding)
    # An offset in the document's text that falls at a line start or inside a line, never inside a break.
    shown = document.text
    offset = data.draw(st.integers(0, len(shown)))
    insert = data.draw(st.sampled_from(["", "x", "新", "word and more"]).filter(lambda s: storable(s, encoding)))
    document.text = shown[:offset] + insert + shown[offset:]
    document.save()
    # Where the offset falls in the original raw text: map it through the lines.
    lines_before = shown[:offset].count("\n")
    column = offset - (shown.rfind("\n", 0, offset) + 1)
    raw_offset = sum(len(line) + len(end) for line, end in
                     zip(shown.split("\n")[:lines_before], document.endings)) + column  # fmt: skip
    expected = text[:raw_offset] + insert + text[raw_offset:]
    assert path.read_bytes() == bom + expected.encode(encoding)


@given(old=texts, new=texts)
def test_carried_endings_fit_the_new_text(old, new):
    file = decode(old.encode("utf-8"), encoding="utf-8")
    new_file = decode(new.encode("utf-8"), encoding="utf-8")
    endings = carry_endings(file.text, file.endings, new_file.text)
    assert len(endings) == new_file.text.count("\n")
    assert carry_endings(file.text, file.endings, file.text) == file.endings


def test_binary_is_refused():
    with pytest.raises(DocumentError, match="binary"):
        decode(b"\x00\x01\x02binary")


def test_characters_an_encoding_cannot_store_are_explained(tmp_path):
    document = Document("emoji 😀")
    with pytest.raises(DocumentError, match="save it as UTF-8"):
        document.save(tmp_path / "x.txt", "gb2312")
    assert not (tmp_path / "x.txt").exists()


def test_read_errors_are_clear(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        Document.open(tmp_path / "missing.txt")
    with pytest.raises(DocumentError, match="folder"):
        Document.open(tmp_path)


def test_a_new_file_gets_the_usual_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        Document("new").save(tmp_path / "new.txt")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644


def test_encode_writes_the_text_file_as_given():
    assert encode(TextFile("a\nb", "utf-8", ("\r",))) == b"a\rb"


def test_lines_between_two_edits_keep_their_own_endings(tmp_path):
    path = tmp_path / "two-edits.txt"
    path.write_bytes(b"first\r\nkeep a\nkeep b\rkeep c\r\nlast\r\n")
    document = Document.open(path)
    document.text = document.text.replace("first", "FIRST").replace("last", "LAST")
    document.save()
    assert path.read_bytes() == b"FIRST\r\nkeep a\nkeep b\rkeep c\r\nLAST\r\n"
