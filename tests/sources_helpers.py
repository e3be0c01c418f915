"""Source files of every kind for the tests of the sources (import: `from sources_helpers import ...`)."""

from __future__ import annotations

import zlib
from pathlib import Path


def pdf(path: Path, pages: list[list[str]]) -> Path:
    """A PDF whose pages hold these lines of (Latin-1) text, as a word processor would write it."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    font = len(pages) * 2 + 3
    for lines in pages:
        body = "BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(
            f"({line.replace(chr(92), chr(92) * 2).replace('(', chr(92) + '(').replace(')', chr(92) + ')')}) Tj T*"
            for line in lines) + " ET"  # fmt: skip
        data = zlib.compress(body.encode("latin-1"))
        objects.append(f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode("latin-1") + data
                       + b"\nendstream")  # fmt: skip
        kids.append(len(objects) + 1)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R "
                       f"/Resources << /Font << /F1 {font} 0 R >> >> >>")  # fmt: skip
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode("latin-1"))
        out += b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def docx(path: Path, paragraphs: list[str], table: list[list[str]] = ()) -> Path:
    import docx as python_docx

    document = python_docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table):
            for cell, text in zip(row.cells, cells):
                cell.text = text
    document.save(path)
    return path
