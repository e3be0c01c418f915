"""Files to passages: about a paragraph each, with the line (and page) where it starts.

Plain text and Markdown in every encoding the editor opens, Word .docx, HTML
and PDF. A file that cannot be read raises SourceError with one line saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..documents import decode
from ..errors import AssistantError, DocumentError
from ..sentences import sentences

MIN_CHARS = 120  # a shorter paragraph (a heading, a line of dialogue) joins the next one
MAX_CHARS = 1200  # a longer one is cut at lines, or at sentences
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ".rst", ".org", ".tex", ".csv", ".log", ""}
KINDS = {".docx": "docx", ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}
# Files that are never text: refused by name before a byte is read.
BINARY_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".ico", ".svgz", ".heic", ".psd",
    ".zip", ".gz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".tar", ".tgz", ".jar", ".whl", ".deb", ".rpm",
    ".exe", ".dll", ".so", ".dylib", ".o", ".a", ".pyc", ".class", ".bin", ".iso", ".dmg", ".img",
    ".mp3", ".mp4", ".m4a", ".wav", ".flac", ".ogg", ".avi", ".mkv", ".mov", ".webm",
    ".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".epub", ".gguf", ".sqlite", ".sqlite3", ".db",
    ".woff", ".woff2", ".ttf", ".otf",
}  # fmt: skip


class SourceError(AssistantError):
    """A file the sources cannot read; the message is the one line the writer sees."""


@dataclass(frozen=True)
class Chunk:
    text: str
    line: int  # 1-based, where the passage starts (for .docx: the paragraph's number)
    page: int | None = None
    lines: tuple[int, ...] = ()  # the line of each of the text's lines (paragraphs join with a blank one)


def kind_of(path: Path) -> str:
    """How a file is read: text, docx, html or pdf; SourceError for a kind that is never text."""
    suffix = path.suffix.lower()
    if suffix in BINARY_SUFFIXES:
        raise SourceError(f"{path}: skipped, a {suffix} file is not text")
    return KINDS.get(suffix, "text")


def read_chunks(path: Path, data: bytes) -> list[Chunk]:
    """The passages of a file whose bytes are `data`."""
    kind = kind_of(path)
    try:
        if kind == "docx":
            return _passages(_docx_paragraphs(data))
        if kind == "html":
            return _passages(_html_paragraphs(_text(path, data)))
        if kind == "pdf":
            return [c for page, text in _pdf_pages(data) for c in _passages(_text_paragraphs(text), page)]
        return _passages(_text_paragraphs(_text(path, data)))
    except SourceError:
        raise
    except AssistantError as error:
        raise SourceError(f"{path}: skipped, {error}") from None
    except Exception as error:  # a damaged .docx or PDF: its reader's own words
        raise SourceError(f"{path}: skipped, it cannot be read as {kind} ({type(error).__name__}: {error})") from None


def _text(path: Path, data: bytes) -> str:
    return decode(data, path.name).text


def _text_paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines, each with the number of its first line."""
    paragraphs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                paragraphs.append((number, current))
            current.append(line)
        else:
            current = []
    return [(number, lines) for number, lines in paragraphs if lines]


def _passages(paragraphs: list[tuple[int, list[str]]], page: int | None = None) -> list[Chunk]:
    """Paragraphs as passages: short ones joined to the next, long ones cut at lines or sentences."""
    pieces: list[tuple[str, list[int]]] = []  # text, the line of each of its lines
    for start, lines in paragraphs:
        piece, where = "", []
        for offset, line in enumerate(lines):
            for part in _cut(line):
                if piece and len(piece) + len(part) > MAX_CHARS:
                    pieces.append((piece, where))
                    piece, where = "", []
                piece = f"{piece}\n{part}" if piece else part
                where += [start + offset] * (part.count("\n") + 1)  # a .docx paragraph may hold line breaks
        if piece:
            pieces.append((piece, where))
    chunks: list[Chunk] = []
    held: tuple[str, list[int]] | None = None
    for text, where in pieces:
        if held is not None:
            if len(held[0]) + len(text) <= MAX_CHARS and not text.startswith("#"):  # a heading starts a passage
                text, where = f"{held[0]}\n\n{text}", [*held[1], where[0], *where]
            else:
                chunks.append(_chunk(*held, page))
            held = None
        if len(text) < MIN_CHARS:
            held = (text, where)
        else:
            chunks.append(_chunk(text, where, page))
    if held is not None:
        chunks.append(_chunk(*held, page))
    return chunks


def _chunk(text: str, lines: list[int], page: int | None) -> Chunk:
    return Chunk(text, lines[0], page, tuple(lines))


def _cut(line: str) -> list[str]:
    """A line longer than a passage, cut at sentence ends (or anywhere, if it has none)."""
    if len(line) <= MAX_CHARS:
        return [line]
    parts, current = [], ""
    for sentence in sentences(line):
        if current and len(current) + len(sentence) > MAX_CHARS:
            parts.append(current)
            current = ""
        current += sentence
        while len(current) > MAX_CHARS:
            parts.append(current[:MAX_CHARS])
            current = current[MAX_CHARS:]
    return [p for p in (*parts, current) if p.strip()]


def _docx_paragraphs(data: bytes) -> list[tuple[int, list[str]]]:
    """The document's paragraphs and table rows in order, numbered from 1 as the preview shows them."""
    import io

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    texts: list[str] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append(Paragraph(element, document).text)
        elif tag == "tbl":
            for row in Table(element, document).rows:
                texts.append(" | ".join(dict.fromkeys(cell.text.strip() for cell in row.cells)))
    return [(number, [text]) for number, text in enumerate(texts, 1) if text.strip()]


def docx_lines(data: bytes) -> list[str]:
    """A .docx as lines of text, one per paragraph: what a citation's line number counts."""
    paragraphs = dict(_docx_paragraphs(data))
    return [paragraphs.get(n, [""])[0] for n in range(1, max(paragraphs, default=0) + 1)]


_BLOCKS = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "td", "th",
           "section", "article", "header", "footer", "br", "table", "ul", "ol", "title", "figcaption"}  # fmt: skip


class _HTMLText(HTMLParser):
    """The visible text of a page, a paragraph per block element, each with its line in the source."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[int, list[str]]] = []
        self.current: list[str] = []
        self.start = 1
        self.hidden = 0

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append((self.start, [text]))
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "noscript", "template"):
            self.hidden += 1
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in ("script", "style", "noscript", "template"):
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.hidden:
            return
        if not self.current and data.strip():
            self.start = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self.current.append(data)


def _html_paragraphs(text: str) -> list[tuple[int, list[str]]]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.paragraphs


def _pdf_pages(data: bytes) -> list[tuple[int, str]]:
    import io
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are not the writer's business
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):  # many PDFs are "encrypted" with an empty password
        raise DocumentError("the PDF is encrypted with a password")
    return [(number, page.extract_text() or "") for number, page in enumerate(reader.pages, 1)]


def pdf_page_lines(data: bytes, page: int) -> list[str]:
    """The text of one page of a PDF, as lines: what a citation's line number counts."""
    return dict(_pdf_pages(data)).get(page, "").split("\n")
