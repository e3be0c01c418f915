"""The writer's document, without any widget: its text and everything needed to save it faithfully."""

from __future__ import annotations

import uuid
from pathlib import Path

from .codec import TextFile, carry, encode
from .disk import DiskState, clean_folder, disk_change, read_file, save_file


class Document:
    """A text, the file it belongs to, and how that file stored it.

    A view edits `text` (and says so with `modified`); saving writes the text
    with the encoding, BOM and line breaks the file had, so bytes the writer
    did not edit stay as they were. `disk` is the file as the app last read or
    wrote it: a save refuses to go over a change it has not shown the writer.
    """

    def __init__(self, text: str = "", path: Path | None = None, file: TextFile | None = None,
                 disk: DiskState | None = None):  # fmt: skip
        self.text = text
        self.path = path
        self.saved = file or TextFile(text)  # the text as on disk, with its breaks and kept bytes
        self.disk = disk
        self.modified = False
        self.key = uuid.uuid4().hex  # names its recovery draft

    @classmethod
    def open(cls, path: Path | str, encoding: str | None = None) -> Document:
        """DocumentError if the file cannot be read as text."""
        path = Path(path)
        file, disk = read_file(path, encoding)
        clean_folder(path)
        return cls(file.text, path, file, disk)

    @property
    def title(self) -> str:
        return self.path.name if self.path else "Untitled"

    @property
    def encoding(self) -> str:
        return self.saved.encoding

    @encoding.setter
    def encoding(self, encoding: str) -> None:
        self.saved = TextFile(self.saved.text, encoding, self.saved.endings)

    @property
    def endings(self) -> tuple[str, ...]:
        return self.saved.endings

    @property
    def invalid_bytes(self) -> int:
        """Bytes of the file that are not valid in its encoding: shown as U+FFFD, saved back as they were."""
        return self.saved.invalid_bytes

    def file(self, encoding: str | None = None) -> TextFile:
        """The text as it will be saved: each line keeps the break it had on disk, each character
        the writer left in place its bytes (in another encoding, only the breaks)."""
        file = carry(self.saved, self.text)
        if encoding is None or encoding == file.encoding:
            return file
        return TextFile(file.text, encoding, file.endings)

    def save(self, path: Path | str | None = None, encoding: str | None = None, overwrite: bool = False) -> None:
        """Save to this document's file or to `path`; DocumentError (FileChangedError, ReadOnlyError) if not.

        The document's own file must not have changed on disk unless `overwrite`:
        the writer has seen the change and chose to keep this text.
        """
        path = Path(path) if path is not None else self.path
        if path is None:
            raise ValueError("an untitled document needs a path to be saved")
        file = self.file(encoding)
        same_file = self.path is not None and path == self.path
        self.disk = save_file(path, encode(file), self.disk if same_file and not overwrite else None)
        self.path, self.saved = path, file
        self.modified = False

    def reload(self, encoding: str | None = None) -> None:
        """Read the file again (after a change on disk, or in another encoding)."""
        assert self.path is not None
        self.saved, self.disk = read_file(self.path, encoding)
        self.text = self.saved.text
        self.modified = False

    def disk_change(self) -> str:
        """"changed" or "deleted" when the file is no longer what the app last read or wrote, else ""."""
        if self.path is None or self.disk is None:
            return ""
        change, state = disk_change(self.path, self.disk)
        if not change and state is not None:
            self.disk = state  # touched, same bytes: nothing to tell
        return change

    def keep_mine(self) -> None:
        """The writer saw the file change on disk and keeps this text: the next save may replace it."""
        if self.path is not None and self.disk is not None:
            _, self.disk = disk_change(self.path, self.disk, by_bytes=True)  # what the save may replace
