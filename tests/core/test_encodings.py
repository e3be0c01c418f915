"""Encodings at the edges: bytes an encoding would not write back as read, text that detection used to
refuse, and files with a few invalid bytes. Judged by the bytes on disk (no Qt here)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assistant.core.documents import Document, decode

# Per encoding, byte sequences that do not come back as they were when their text is encoded again:
# Big5's four codes with twins, and bytes that are not valid in the encoding at all.
ODD = {
    "utf-8": [b"\x80", b"\xff", b"\xe2\x80", b"\xc3", b"\xed\xa0\x80"],
    "utf-8-sig": [b"\xfe", b"\xf0\x9f"],
    "big5": [b"\xa1\xfe", b"\xa2\x40", b"\xa2\xcc", b"\xa2\xce", b"\xff"],
    "gb18030": [b"\x80", b"\xff"],
    "gbk": [b"\x80", b"\xff", b"\x81\x7f"],
    "cp1252": [b"\x81", b"\x8d", b"\x9d"],
    "latin-1": [],
    "utf-16-le": ["\ud800".encode("utf-16-le", "surrogatepass"), "\udc00".encode("utf-16-le", "surrogatepass")],
    "utf-16-be": ["\ud800".encode("utf-16-be", "surrogatepass"), "\udc00".encode("utf-16-be", "surrogatepass")],
}
BOM = {"utf-8-sig": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
WORDS = ["春天", "來了", "公园", "café", "word", " ", "。", "100€", "😀", "\t", "\u00a0"]


def codec(encoding: str) -> str:
    return "utf-8" if encoding == "utf-8-sig" else encoding


def encoded(text: str, encoding: str) -> bytes | None:
    try:
        return text.encode(codec(encoding))
    except UnicodeEncodeError:
        return None


def pieces(encoding: str):
    """One line as pieces of bytes: words the encoding can store, and odd bytes, each followed by an ASCII
    letter so that no two odd pieces run together into a valid character."""
    words = [b for b in (encoded(w, encoding) for w in WORDS) if b is not None]
    odd = [b + encoded("x", encoding) for b in ODD[encoding]]
    return st.lists(st.sampled_from(words + odd), max_size=8)


@pytest.mark.parametrize("encoding", list(ODD))
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.data())
def test_every_byte_the_writer_did_not_touch_is_saved_back(tmp_path, encoding, data):
    """A file whose lines hold odd bytes; the writer inserts text between pieces of one line (once or
    twice) and rewrites another: every other byte is saved back as it was read."""
    lines = data.draw(st.lists(pieces(encoding), min_size=1, max_size=6))
    breaks = [data.draw(st.sampled_from(["\n", "\r\n"])) for _ in lines[1:]]  # (a lone CR before an LF is a CRLF)
    nl = {end: encoded(end, encoding) for end in ("\n", "\r\n", "\r")}

    def file_bytes(lines_bytes: list[bytes]) -> bytes:
        out = BOM.get(encoding, b"") + lines_bytes[0]
        for end, line in zip(breaks, lines_bytes[1:]):
            out += nl[end] + line
        return out

    original = [b"".join(line) for line in lines]
    path = tmp_path / f"odd-{encoding}.txt"
    path.write_bytes(file_bytes(original))
    document = Document.open(path, encoding)
    shown = document.text.split("\n")
    assert len(shown) == len(lines)
    # Where each piece boundary falls in the text shown (the pieces decode on their own).
    target = data.draw(st.integers(0, len(lines) - 1))
    decoded = [piece.decode(codec(encoding), "replace") for piece in lines[target]]
    assume("".join(decoded) == shown[target])
    cuts = sorted(data.draw(st.lists(st.integers(0, len(decoded)), min_size=1, max_size=2, unique=True)))
    insert = "新" if encoded("新", encoding) else "new"
    text, expected = shown[target], list(lines[target])
    for cut in reversed(cuts):
        column = sum(len(d) for d in decoded[:cut])
        text = text[:column] + insert + text[column:]
        expected.insert(cut, encoded(insert, encoding))
    shown[target] = text
    after = list(original)
    after[target] = b"".join(expected)
    other = data.draw(st.integers(0, len(lines) - 1))
    if other != target:
        shown[other] = "rewritten"
        after[other] = encoded("rewritten", encoding)
    document.text = "\n".join(shown)
    document.save()
    assert path.read_bytes() == file_bytes(after)


def test_big5_codes_with_twins_survive_an_edit_elsewhere(tmp_path):
    untouched = b"\xa1\xfe \xa2\x40 \xa2\xcc \xa2\xce"  # ／ ＼ 十 卅, whose twins Python's codec writes
    path = tmp_path / "big5.txt"
    path.write_bytes("第一行\r\n".encode("big5") + untouched + b"\r\n")
    document = Document.open(path, "big5")
    document.text = document.text.replace("第一行", "第一章")
    document.save()
    assert path.read_bytes() == "第一章\r\n".encode("big5") + untouched + b"\r\n"


def test_one_invalid_utf8_byte_opens_shown_and_is_saved_back(tmp_path):
    good = "春天来了，公园里的花都开了。\n" * 3
    data = good.encode() + b"caf\xe9 au lait\n" + good.encode()
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    document = Document.open(path)
    assert document.encoding == "utf-8" and document.invalid_bytes == 1
    assert "caf\ufffd au lait" in document.text and document.text.startswith(good)
    document.text = document.text.replace("au lait", "au lait chaud")  # the same line as the bad byte
    document.save()
    assert path.read_bytes() == data.replace(b"au lait", b"au lait chaud")
    document.text = document.text.replace("caf\ufffd", "the caf\ufffd")
    document.save()
    assert path.read_bytes() == data.replace(b"caf\xe9 au lait", b"the caf\xe9 au lait chaud")
    reopened = Document.open(path)
    assert reopened.invalid_bytes == 1


@pytest.mark.parametrize("byte", [b"\xff", b"\x80", b"\xe9", b"\x81"])
def test_one_stray_byte_in_plain_english_is_damaged_utf8_not_a_legacy_encoding(byte):
    """One byte is too little to tell Latin-1 from a damaged UTF-8 file; read as UTF-8, the byte is kept and
    the writer is told (Reopen with Encoding is one click), where cp1252 showed it as a letter, said nothing,
    and a later Save as UTF-8 would have rewritten it."""
    file = decode(b"Hello world.\nThis line has a bad byte: " + byte + b" here.\nEnd.\n")
    assert (file.encoding, file.invalid_bytes) == ("utf-8", 1)
    assert decode("naïve café\n".encode("cp1252")).encoding == "cp1252"  # two letters: a legacy file


def test_a_replacement_character_typed_by_the_writer_is_saved_as_one(tmp_path):
    path = tmp_path / "damaged.txt"
    path.write_bytes("中文 \xff".encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))
    document = Document.open(path)
    assert document.invalid_bytes == 1
    document.text = "\ufffd" + document.text  # pasted, not read from a bad byte
    document.save()
    assert path.read_bytes() == "\ufffd中文 ".encode() + b"\xff"


@pytest.mark.parametrize("text", ["5€", "€100", "价格€", "一共12€。", "这本书的价格是100€，很便宜。", "价格：100€\n",
                                  "售价€99", "这个多少钱？50€", "今天的汇率是1€=7.8元。"])  # fmt: skip
def test_short_gb18030_text_with_a_euro_sign_is_text(text):
    file = decode(text.encode("gb18030"))
    assert (file.text, file.encoding) == (text, "gb18030")


@pytest.mark.parametrize("text", ["春天來了，公園裡的花都開了。", "價格：100元", "你好嗎？", "注音符號ㄅㄆㄇㄈ"])
def test_big5_is_still_big5(text):
    file = decode(text.encode("big5"))
    assert (file.text, file.encoding) == (text, "big5")


@pytest.mark.parametrize("text", ["Café crème brûlée, naïve façade, déjà vu, Grüße", "春天来了，公园里的花。"])
def test_utf8_with_one_bad_byte_is_utf8(text):
    file = decode(text.encode() + b"\xff" + text.encode())
    assert (file.text, file.encoding, file.invalid_bytes) == (f"{text}\ufffd{text}", "utf-8", 1)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["Hello world\nthis is text\n", "春天来了，公园里的花都开了。\n", "Grüße, 世界 😀\r\n"])
def test_utf16_without_a_bom_is_text_and_saved_without_one(tmp_path, encoding, text):
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode(encoding))
    document = Document.open(path)
    assert (document.text, document.encoding) == (text.replace("\r\n", "\n"), encoding)
    document.text += "more"
    document.save()
    assert path.read_bytes() == (text + "more").encode(encoding)


# Chinese and Japanese with no space, digit or line break: as UTF-16 not one zero byte, and not UTF-8 either.
PURE_CJK = ["春天来了，公园里的花都很美。", "「我們明天見吧！」她說。", "今日はいい天気ですね。", "谢谢你的帮助", "北京欢迎你",
            "薔薇の花が咲いた。",  # 薔, 咲: not among the frequent hanzi, and still UTF-16
            "你好吗？", "这是什么？", "小明和妈妈去公园散步。请问洗手间在哪里？" * 200]  # fmt: skip


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", PURE_CJK)
def test_utf16_without_a_bom_or_a_zero_byte_is_utf16_and_saved_byte_for_byte(tmp_path, encoding, text):
    data = text.encode(encoding)
    assert b"\x00" not in data
    path = tmp_path / "utf16.txt"
    path.write_bytes(data)
    document = Document.open(path)
    assert (document.text, document.encoding) == (text, encoding)
    document.text = document.text[:2] + "很" + document.text[2:]
    document.save()
    assert path.read_bytes() == data[:4] + "很".encode(encoding) + data[4:]


def test_text_whose_utf16_bytes_are_all_ascii_stays_ascii():
    """A few characters can happen to be ASCII letters as UTF-16 ("Bush hid the facts"): a file of ASCII
    is always read as such, and English is never taken for Chinese."""
    for text in ("我爱你", "书", "Bush hid the facts", "Hello world, this is an English text!", "abcd" * 100):
        data = text.encode("utf-16-le") if "\u4e00" <= text[0] else text.encode()
        assert decode(data).encoding == "utf-8"


CHINESE = [*PURE_CJK, "中", "书", "你好", "中文", "春天", "價格", "一共12元。", "AI模型2024版", "第3章 开始",
           "2024年10月1日", "（注）", "“你好，”他说。", "《红楼梦》", "這是一本書。", "臺灣", "謝謝！"]  # fmt: skip


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "utf-8"])
@pytest.mark.parametrize("text", CHINESE)
def test_chinese_in_gb18030_big5_or_utf8_is_never_taken_for_utf16_and_reads_right(encoding, text):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # Japanese in Big5, simplified Chinese in Big5
        return
    file = decode(data)
    assert not file.encoding.startswith("utf-16") and file.text == text


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
@pytest.mark.parametrize("text", ["十", "小", "子", "10小", "小10", "曻", "嬀"])
def test_short_chinese_whose_bytes_are_frequent_hanzi_as_utf16_too_is_not_utf16(encoding, text):
    """Big5's 小 (A4 70) is 炤 as UTF-16-LE: both readings are frequent hanzi, and the legacy one wins the tie;
    GBK's rare 曻 (95 FA) is 闺 as UTF-16-BE: one character, which a GBK file is likelier to hold.
    (Some of these are still read as UTF-8 with a damaged byte: two bytes say too little.)"""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # 曻 and 嬀 are GBK's alone
        return
    assert not decode(data).encoding.startswith("utf-16")


def test_european_text_in_latin1_is_not_taken_for_utf16():
    for text in ("Ærø og Ålborg er fine byer", "Grüße aus München!", "Señor Núñez, ¿qué tal?"):
        assert decode(text.encode("cp1252")).encoding in ("cp1252", "latin-1")
    for word in ("café", "déjà", "Noël", "façade", "Straße", "Ærø og Ålborg!"):  # 捡曩 and the like as UTF-16
        data = word.encode("cp1252")
        assert len(data) % 2 == 0 and not decode(data).encoding.startswith("utf-16")


def test_binary_with_zero_bytes_is_still_refused(tmp_path):
    from assistant.core.errors import DocumentError

    for data in (b"hello\x00world\x00", bytes(range(256)) * 4, b"\x7fELF\x02\x01\x01\x00" + bytes(200)):
        with pytest.raises(DocumentError, match="binary"):
            decode(data)


@pytest.mark.parametrize("encoding", ["gb18030", "big5", "latin-1", "utf-16-le"])
def test_reopening_with_another_encoding_reads_the_same_bytes_anew(tmp_path, encoding):
    data = "春天來了，公園。\n".encode("big5")
    path = tmp_path / "big5.txt"
    path.write_bytes(data)
    document = Document.open(path)
    assert document.encoding == "big5"
    document.reload(encoding)
    assert document.encoding == encoding and document.text == data.decode(encoding, "replace")
    document.text += "!"
    document.save()
    assert path.read_bytes().startswith(data)  # whatever it was read as, what was read is written back


def test_an_unknown_encoding_is_one_clear_error(tmp_path):
    from assistant.core.errors import DocumentError

    path = tmp_path / "x.txt"
    path.write_bytes(b"text")
    for name in ("klingon", "rot13", "hex"):
        with pytest.raises(DocumentError, match="no encoding named"):
            Document.open(path, name)


@pytest.mark.parametrize("encoding", [*ODD, "shift_jis", "cp950", "utf-16", "utf-32"])
@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=64) | st.lists(st.sampled_from([b"\r\n", b"\n", b"\r", b"\x00", b"\x80", b"\xa1",
                                                              b"\xfe", b"\xff", b"a", b"\xe2\x80\xa9"])).map(b"".join))
def test_any_bytes_opened_and_saved_unchanged_are_the_same_bytes(encoding, data):
    from assistant.core.documents import encode

    assert encode(decode(data, encoding=encoding)) == data


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=64) | st.lists(st.sampled_from([b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\x00",
                                                              b"\x80", b"\xa1\xfe", b"\xe2\x82\xac", "春".encode(),
                                                              b"a ", b"\xc4\xe3"])).map(b"".join))
def test_whatever_encoding_is_detected_the_bytes_come_back(data):
    from assistant.core.documents import encode
    from assistant.core.errors import DocumentError

    try:
        file = decode(data)
    except DocumentError:
        return
    assert encode(file) == data


@pytest.mark.parametrize("name", ["utf-16", "UTF16", "utf_16"])
def test_utf16_by_its_generic_name_keeps_the_byte_order_of_its_bom(tmp_path, name):
    for data, order in ((b"\xfe\xff" + "Hi 世界".encode("utf-16-be"), "utf-16-be"),
                        (b"\xff\xfe" + "Hi 世界".encode("utf-16-le"), "utf-16-le")):  # fmt: skip
        path = tmp_path / "utf16.txt"
        path.write_bytes(data)
        document = Document.open(path, name)
        assert document.encoding == order and document.saved.kept == {}  # nothing kept char by char
        document.text += "!"
        document.save()
        assert path.read_bytes() == data + "!".encode(order)
