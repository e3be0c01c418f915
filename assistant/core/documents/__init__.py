"""Documents: faithful decoding and encoding, safe saving, and the Qt-free Document the session holds."""

from .codec import ENCODINGS, TextFile, carry_endings, decode, encode, utf8_cut_at_end
from .disk import DiskState, FileChangedError, ReadOnlyError, clean_interrupted_saves, read_file, save_file
from .document import Document
from .proposal import Edit, Proposal

__all__ = [
    "ENCODINGS", "DiskState", "Document", "Edit", "FileChangedError", "Proposal", "ReadOnlyError", "TextFile",
    "carry_endings", "clean_interrupted_saves", "decode", "encode", "read_file", "save_file", "utf8_cut_at_end",
]  # fmt: skip
