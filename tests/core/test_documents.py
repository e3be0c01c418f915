import pytest

from assistant.core.documents import TextFile, decode, encode, read_text, write_text
from assistant.core.errors import DocumentError


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
        assert "\r" not in file.text
        assert encode(file) == data


def test_binary_is_refused():
    with pytest.raises(DocumentError, match="binary"):
        decode(b"\x00\x01\x02binary")


def test_characters_an_encoding_cannot_store_are_explained(tmp_path):
    with pytest.raises(DocumentError, match="save it as UTF-8"):
        write_text(tmp_path / "x.txt", TextFile("emoji 😀", "gb2312"))
    assert not (tmp_path / "x.txt").exists()


def test_read_errors_are_clear(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(DocumentError, match="folder"):
        read_text(tmp_path)
