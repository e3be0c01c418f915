"""The index of the writer's sources: one SQLite file, passages searched by BM25 (FTS5).

A file is read again only when its size or mtime changed, and its passages
replaced only when its content hash changed too. Each file is one transaction,
so a kill loses at most the file in progress and the next update resumes where
it stopped; readers never see a file half indexed (WAL mode). A connection per
thread: the app indexes in the background while it searches.
"""

from __future__ import annotations

import hashlib
import math
from array import array
import os
import sqlite3
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .. import paths
from ..errors import AssistantError
from .embeddings import Embedder
from .readers import SourceError, kind_of, read_chunks
from .retriever import Passage, Retriever
from .terms import query_words, terms

BUSY_SECONDS = 30  # the longest a process waits for another that is writing the index
MAX_FILE_BYTES = 64 << 20  # larger files are skipped: a log or a dump, not a writer's source
SCHEMA = """
CREATE TABLE IF NOT EXISTS roots(path TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, hash TEXT NOT NULL, error TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS passages(id INTEGER PRIMARY KEY, file INTEGER NOT NULL, line INTEGER NOT NULL,
    page INTEGER, text TEXT NOT NULL, vector BLOB, lines TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS passages_by_file ON passages(file);
CREATE VIRTUAL TABLE IF NOT EXISTS search USING fts5(terms, tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS search_vocab USING fts5vocab(search, row);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
"""
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009)
FUSED = 50  # candidates each of BM25 and the vectors bring to the fusion


MIN_PASSAGES = 50  # the fewest passages word weights are reckoned over


class SourcesError(AssistantError):
    """A source cannot be added or removed as asked."""


@dataclass
class Report:
    """What an update did."""

    indexed: int = 0  # files read and (re)indexed
    unchanged: int = 0  # files whose content was the same after all (touched, say)
    removed: int = 0  # files gone from disk, with their passages
    skipped: list[str] = field(default_factory=list)  # one line per file that could not be read
    cancelled: bool = False


@dataclass(frozen=True)
class Status:
    roots: list[str]
    files: int
    passages: int
    embedded: int  # passages with an embedding vector
    skipped: list[str]  # one line per file in the sources that cannot be read
    pending: int  # files new, changed or deleted since the last update
    pending_bytes: int


Progress = Callable[[int, int, str], None]  # bytes done, bytes in all, the file being read


class SourceIndex(Retriever):
    """The writer's sources and their passages, in one SQLite file (by default in the data folder)."""

    def __init__(self, path: Path | str | None = None, embedder: Embedder | None = None, refresh: bool = True):
        self.path = Path(path) if path else paths.sources_index_file()
        # Whether a search first reads what changed; the app's indexer keeps its index fresh instead.
        self.refresh = refresh
        self.embedder = embedder  # with one, passages get vectors and search is hybrid
        self._vectors: tuple = (None, None, None)  # (what they were read at, passage ids, matrix)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()

    @classmethod
    def configured(cls, settings=None) -> SourceIndex:
        """The index in the data folder, hybrid when the settings name an embedding model."""
        from .embeddings import embedder_for

        return cls(embedder=embedder_for(settings))

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
                _write_ahead(db)
                db.execute("PRAGMA synchronous=NORMAL")  # WAL keeps it consistent; a power cut may lose the last file
                db.executescript(SCHEMA)
                _upgrade(db)
            except (OSError, sqlite3.Error) as error:  # a read-only data folder, a damaged file
                raise SourcesError(f"The index of the sources, {self.path}, cannot be opened ({error}).") from None
            self._local.db = db
            with self._guard:
                self._connections.append(db)
        return db

    def close(self) -> None:
        with self._guard:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()
        if self.embedder is not None:
            self.embedder.close()

    # -- the sources --------------------------------------------------------

    def roots(self) -> list[str]:
        return [row[0] for row in self._db().execute("SELECT path FROM roots ORDER BY path")]

    def add(self, path: str | os.PathLike) -> str:
        """Add a folder or file to the sources (index it with update()); returns its absolute path."""
        where = os.path.abspath(os.fspath(path))
        if not os.path.exists(where):
            raise SourcesError(f"{where} does not exist.")
        if not (os.path.isdir(where) or os.path.isfile(where)):
            raise SourcesError(f"{where} is neither a folder nor a file.")
        with _transaction(self._db()) as db:
            db.execute("INSERT OR IGNORE INTO roots(path) VALUES (?)", (where,))
        return where

    def remove(self, path: str | os.PathLike) -> int:
        """Take a folder or file out of the sources with its passages; returns the indexed files dropped."""
        where = os.path.abspath(os.fspath(path))
        db = self._db()
        if where not in self.roots():
            listed = ", ".join(self.roots()) or "none yet"
            raise SourcesError(f"{where} is not one of the sources (they are: {listed}).")
        with _transaction(db):
            db.execute("DELETE FROM roots WHERE path = ?", (where,))
        roots = self.roots()
        dropped = [(i, e) for i, p, e in db.execute("SELECT id, path, error FROM files") if not _under_any(p, roots)]
        for file_id, _ in dropped:
            with _transaction(db):
                self._forget(db, file_id)
        return sum(not error for _, error in dropped)

    # -- reading files ------------------------------------------------------

    def scan(self) -> tuple[dict[str, os.stat_result], list[str]]:
        """The files of the sources on disk now, with their stat; and one line per thing skipped."""
        found: dict[str, os.stat_result] = {}
        problems: list[str] = []
        for root in self.roots():
            try:
                info = os.stat(root)
            except OSError as error:
                problems.append(f"{root}: skipped, {error.strerror or error}")
                continue
            if stat.S_ISDIR(info.st_mode):
                _walk(root, [(info.st_dev, info.st_ino)], found, problems)
            else:
                _consider(root, info, found, problems)
        own = set()  # a source folder may hold the index itself (and its -wal, -shm): never read it
        for name in (self.path, *self.path.parent.glob(f"{self.path.name}-*")):
            try:
                info = os.stat(name)
                own.add((info.st_dev, info.st_ino))
            except OSError:
                pass
        for path in [p for p, info in found.items() if (info.st_dev, info.st_ino) in own]:
            del found[path]
        return found, problems

    def changes(self) -> tuple[list[tuple[str, os.stat_result]], list[tuple[int, str]], list[str]]:
        """Files to read (new or changed), files gone (id, path), and lines about what is skipped."""
        on_disk, problems = self.scan()
        known = {p: (i, s, m) for i, p, s, m in self._db().execute("SELECT id, path, size, mtime_ns FROM files")}
        todo = [(p, st) for p, st in on_disk.items()
                if p not in known or known[p][1:] != (st.st_size, st.st_mtime_ns)]  # fmt: skip
        gone = [(known[p][0], p) for p in known.keys() - on_disk.keys()]
        return todo, gone, problems

    def update(self, progress: Progress | None = None, cancel: threading.Event | None = None,
               pause: Callable[[], None] | None = None) -> Report:  # fmt: skip
        """Bring the index up to date with the files: read what is new or changed, drop what is gone.
        `pause` is called between files (a background indexer yields there)."""
        report = Report()
        todo, gone, report.skipped = self.changes()
        db = self._db()
        for file_id, _ in gone:
            with _transaction(db):
                self._forget(db, file_id)
            report.removed += 1
        # Files read before and unreadable then, unchanged since: said again, as the scan's are
        reading = {path for path, _ in todo}
        report.skipped += [error for path, error in db.execute("SELECT path, error FROM files WHERE error != '' "
                                                               "ORDER BY path") if path not in reading]  # fmt: skip
        total, done = sum(st.st_size for _, st in todo), 0
        for path, info in sorted(todo):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            if pause is not None:
                pause()
            if progress is not None:
                progress(done, total, path)
            outcome = self._index_file(db, path, info)
            if outcome is None:
                report.unchanged += 1
            elif outcome:
                report.skipped.append(outcome)
            else:
                report.indexed += 1
            done += info.st_size
        if progress is not None and todo and not report.cancelled:
            progress(total, total, "")
        return report

    def _index_file(self, db: sqlite3.Connection, path: str, info: os.stat_result) -> str | None:
        """Read one file into the index, in one transaction: "" when indexed, None when its content was
        unchanged, else the line saying why it was skipped."""
        row = db.execute("SELECT id, hash FROM files WHERE path = ?", (path,)).fetchone()
        error, chunks = "", []
        try:
            kind_of(Path(path))
            with open(path, "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise SourceError(f"{path}: skipped, larger than {MAX_FILE_BYTES / 2**20:g} MB")
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            if row is not None and row[1] == digest:
                with _transaction(db):
                    db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                               (info.st_size, info.st_mtime_ns, row[0]))  # fmt: skip
                return None
            chunks = read_chunks(Path(path), data)
        except SourceError as problem:
            error, digest = str(problem), ""
        except OSError as problem:
            error, digest = f"{path}: skipped, {problem.strerror or problem}", ""
        with _transaction(db):
            # Another process (the app's indexer, a `sources add`) may have read the file meanwhile.
            row = db.execute("SELECT id, hash FROM files WHERE path = ?", (path,)).fetchone()
            if row is not None:
                self._forget(db, row[0], keep_file=True)
                db.execute("UPDATE files SET size = ?, mtime_ns = ?, hash = ?, error = ? WHERE id = ?",
                           (info.st_size, info.st_mtime_ns, digest, error, row[0]))  # fmt: skip
                file_id = row[0]
            else:
                file_id = db.execute("INSERT INTO files(path, size, mtime_ns, hash, error) VALUES (?, ?, ?, ?, ?)",
                                     (path, info.st_size, info.st_mtime_ns, digest, error)).lastrowid  # fmt: skip
            heading = ""
            for chunk in chunks:
                passage = db.execute("INSERT INTO passages(file, line, page, text, lines) VALUES (?, ?, ?, ?, ?)",
                                     (file_id, chunk.line, chunk.page, chunk.text,
                                      " ".join(map(str, chunk.lines)))).lastrowid  # fmt: skip
                if chunk.text.startswith("#"):
                    heading = chunk.text.split("\n", 1)[0].lstrip("#")
                # A passage is found by the words of its file's name and its heading too ("the harbour's
                # lighthouse" finds a passage of harbour.md that never says "harbour").
                found = terms(f"{Path(path).stem}\n{heading}\n{chunk.text}")
                db.execute("INSERT INTO search(rowid, terms) VALUES (?, ?)", (passage, " ".join(found)))
        return error

    @staticmethod
    def _forget(db: sqlite3.Connection, file_id: int, keep_file: bool = False) -> None:
        db.execute("DELETE FROM search WHERE rowid IN (SELECT id FROM passages WHERE file = ?)", (file_id,))
        db.execute("DELETE FROM passages WHERE file = ?", (file_id,))
        if not keep_file:
            db.execute("DELETE FROM files WHERE id = ?", (file_id,))

    def embed(self, progress: Progress | None = None, cancel: threading.Event | None = None, batch: int = 16) -> int:
        """Give every passage without one its vector (all of them anew for another model), a transaction per
        batch; returns how many were embedded. Nothing without an embedder."""
        if self.embedder is None:
            return 0
        db = self._db()
        stored = db.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
        if stored is None or stored[0] != self.embedder.name:
            with _transaction(db):
                db.execute("UPDATE passages SET vector = NULL")
                db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('embedder', ?)", (self.embedder.name,))
        total, done = db.execute("SELECT count(*) FROM passages WHERE vector IS NULL").fetchone()[0], 0
        while not (cancel is not None and cancel.is_set()):
            rows = db.execute("SELECT id, text FROM passages WHERE vector IS NULL LIMIT ?", (batch,)).fetchall()
            if not rows:
                break
            if progress is not None:
                progress(done, total, "embedding")
            vectors = self.embedder.embed([text for _, text in rows])
            with _transaction(db):
                db.executemany("UPDATE passages SET vector = ? WHERE id = ?",
                               [(array("f", v).tobytes(), i) for (i, _), v in zip(rows, vectors)])  # fmt: skip
            done += len(rows)
        return done

    # -- what is there ------------------------------------------------------

    def status(self) -> Status:
        db = self._db()
        todo, gone, problems = self.changes()
        files = db.execute("SELECT count(*) FROM files WHERE error = ''").fetchone()[0]
        passages, embedded = db.execute("SELECT count(*), count(vector) FROM passages").fetchone()
        errors = [row[0] for row in db.execute("SELECT error FROM files WHERE error != '' ORDER BY path")]
        return Status(self.roots(), files, passages, embedded, problems + errors, len(todo) + len(gone),
                      sum(st.st_size for _, st in todo))  # fmt: skip

    def counts(self) -> dict[str, tuple[int, int]]:
        """Files and passages indexed under each source."""
        roots = self.roots()
        counts = {root: [0, 0] for root in roots}
        rows = self._db().execute("SELECT f.path, count(p.id) FROM files f LEFT JOIN passages p ON p.file = f.id "
                                  "WHERE f.error = '' GROUP BY f.id")  # fmt: skip
        for path, passages in rows:
            for root in roots:
                if _under_any(path, [root]):
                    counts[root][0] += 1
                    counts[root][1] += passages
        return {root: (files, passages) for root, (files, passages) in counts.items()}

    # -- searching ----------------------------------------------------------

    def search(self, query: str, n: int = 5, refresh: bool | None = None) -> list[Passage]:
        """The `n` best passages by BM25, after reading what changed on disk (unless `refresh`, by default
        the index's own, is False)."""
        if self.refresh if refresh is None else refresh:
            self.update()
            self.embed()
        words = query_words(query)
        if not words or n <= 0:
            return []
        db = self._db()
        wanted = list(dict.fromkeys(t for word in words for t in word))
        count = db.execute("SELECT count(*) FROM passages").fetchone()[0]
        marks = ",".join("?" * len(wanted))
        df = dict(db.execute(f"SELECT term, doc FROM search_vocab WHERE term IN ({marks})", wanted).fetchall())
        # A term in more than a third of the passages adds little to BM25 but costs a score for each of
        # them: it is left out of the match when rarer terms find enough passages without it.
        wide = n if self.embedder is None else max(n, FUSED)
        rare = [t for t in wanted if 0 < df.get(t, 0) <= count / 3]
        rows = self._matching(db, rare, wide) if rare and len(rare) < len(wanted) else []
        if len(rows) < wide:
            rows = self._matching(db, wanted, wide)
        if self.embedder is not None:
            rows = self._fused(db, query, rows, n)
        # Each query word weighs its inverse document frequency (BM25's), by the rarest of its terms that
        # the passages have: a word no passage has weighs most. A handful of passages says little of how
        # rare a word is (over one, every word it has weighs a fifth of one it lacks): count at least MIN_PASSAGES.
        known = [min((df[t] for t in word if df.get(t)), default=0) for word in words]
        weights = [math.log(1 + (max(count, MIN_PASSAGES) - d + 0.5) / (d + 0.5)) for d in known]
        total = sum(weights)
        return [Passage(path, line, page, text, score, _covered(words, weights, set(found.split())) / total,
                        tuple(map(int, lines.split())))
                for _, path, line, page, text, lines, found, score in rows]  # fmt: skip

    @classmethod
    def _matching(cls, db: sqlite3.Connection, terms: list[str], n: int) -> list[tuple]:
        """The `n` passages that best match any of `terms` by BM25: id, path, line, page, text, lines, terms,
        score."""
        match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
        return db.execute(
            "SELECT p.id, f.path, p.line, p.page, p.text, p.lines, t.terms, -t.rank FROM "
            "(SELECT rowid, terms, rank FROM search WHERE search MATCH ? ORDER BY rank LIMIT ?) AS t "
            "JOIN passages p ON p.id = t.rowid JOIN files f ON f.id = p.file ORDER BY t.rank", (match, n)
        ).fetchall()  # fmt: skip

    def _fused(self, db: sqlite3.Connection, query: str, rows: list[tuple], n: int) -> list[tuple]:
        """BM25's passages and the nearest by vector, fused by reciprocal rank: the `n` best."""
        import numpy

        key = db.execute("SELECT count(vector), max(id) FROM passages").fetchone()
        if self._vectors[0] != key:  # read once, again only when passages came or went
            found = db.execute("SELECT id, vector FROM passages WHERE vector IS NOT NULL").fetchall()
            matrix = numpy.array([numpy.frombuffer(v, dtype=numpy.float32) for _, v in found]) if found else None
            self._vectors = (key, [i for i, _ in found], matrix)
        _, ids, matrix = self._vectors
        if matrix is None:
            return rows[:n]
        similarity = matrix @ numpy.asarray(self.embedder.embed([query], query=True)[0], dtype=numpy.float32)
        nearest = [ids[i] for i in numpy.argsort(-similarity)[:FUSED]]
        fused: dict[int, float] = {}
        for ranking in ([row[0] for row in rows], nearest):
            for rank, passage in enumerate(ranking, 1):
                fused[passage] = fused.get(passage, 0.0) + 1 / (RRF_K + rank)
        best = sorted(fused, key=lambda i: -fused[i])[:n]
        known = {row[0]: row for row in rows}
        missing = [i for i in best if i not in known]
        if missing:
            rows = db.execute("SELECT p.id, f.path, p.line, p.page, p.text, p.lines, s.terms, 0 FROM passages p "
                              "JOIN files f ON f.id = p.file JOIN search s ON s.rowid = p.id WHERE p.id IN "
                              f"({','.join('?' * len(missing))})", missing)  # fmt: skip
            known.update((row[0], row) for row in rows)
        return [(*known[i][:7], fused[i]) for i in best if i in known]


def _write_ahead(db: sqlite3.Connection) -> None:
    """WAL mode. Setting it does not wait for a busy database as other statements do: while another
    process sets it on a new index, SQLite says "database is locked" at once. So it is tried again."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _upgrade(db: sqlite3.Connection) -> None:
    """An index from before passages knew the line of each of their lines: every file is read again."""
    def old() -> bool:
        return "lines" not in {row[1] for row in db.execute("PRAGMA table_info(passages)")}

    if old():
        with _transaction(db):
            if old():  # another process may have upgraded it meanwhile
                db.execute("ALTER TABLE passages ADD COLUMN lines TEXT NOT NULL DEFAULT ''")
                db.execute("UPDATE files SET mtime_ns = -1, hash = ''")


def _covered(words: list[tuple[str, ...]], weights: list[float], found: set[str]) -> float:
    """The weight of the query's words that a passage has (any of a word's terms will do)."""
    return sum(weight for word, weight in zip(words, weights) if found.intersection(word))


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, traceback) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _under_any(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _walk(folder: str, ancestors: list[tuple[int, int]], found: dict, problems: list[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        problems.append(f"{folder}: skipped, {error.strerror or error}")
        return
    device = ancestors[-1][0]
    for entry in entries:
        if entry.name.startswith("."):  # .git, .obsidian, editors' swap files: never the writer's sources
            continue
        try:
            if entry.is_dir(follow_symlinks=False):  # a plain folder: its identity without a stat of its own
                _walk(entry.path, [*ancestors, (device, entry.inode())], found, problems)
                continue
            info = os.stat(entry.path) if entry.is_symlink() else entry.stat(follow_symlinks=False)
        except OSError as error:
            problems.append(f"{entry.path}: skipped, {error.strerror or error}")
            continue
        if stat.S_ISDIR(info.st_mode):  # a link to a folder
            key = (info.st_dev, info.st_ino)
            if key in ancestors:
                problems.append(f"{entry.path}: skipped, a symbolic link loop")
            else:
                _walk(entry.path, [*ancestors, key], found, problems)
        else:
            _consider(entry.path, info, found, problems)


def _consider(path: str, info: os.stat_result, found: dict, problems: list[str]) -> None:
    if not stat.S_ISREG(info.st_mode):
        problems.append(f"{path}: skipped, not a regular file (a FIFO, socket or device)")
    elif info.st_size > MAX_FILE_BYTES:
        problems.append(f"{path}: skipped, larger than {MAX_FILE_BYTES / 2**20:g} MB")
    else:
        found[path] = info
