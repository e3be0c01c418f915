"""The index of the writer's sources: readers, passages with their lines, incremental updates, BM25 search."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sources_helpers import docx, pdf

from assistant.core import paths
from assistant.core.sources.index import SourceIndex, SourcesError
from assistant.core.sources.embeddings import Embedder
from assistant.core.sources import index as index_module
from assistant.core.sources.readers import read_chunks
from assistant.core.sources.terms import query_terms, terms
from assistant.core.runner import Request, Result, ToolRunner

BRIDGES = """# Bridges of the valley

The old stone bridge over the river was built in 1847 by the miller's guild. It has three arches and
carried carts to the market until 1950, when the new road opened and the heavy lorries went round it.

A suspension bridge replaced the ferry at the lower crossing in 1912. Its cables came from a foundry in
Sheffield, and the chains of the old ferry are kept in the museum beside the church.

## Mills

The valley had eleven water mills. Most ground wheat; two made paper from rags that pedlars brought.
"""
PAPER = "造纸术是中国古代的四大发明之一。东汉的蔡伦改进了造纸术，用树皮、麻头、破布和旧渔网造纸。\n\n活字印刷术由北宋的毕昇发明，比欧洲早约四百年。\n"


@pytest.fixture
def notes(tmp_path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "bridges.md").write_text(BRIDGES, encoding="utf-8")
    (folder / "发明.txt").write_bytes(PAPER.encode("gb18030"))
    return folder


@pytest.fixture
def index():
    index = SourceIndex()
    yield index
    index.close()


def test_terms_stem_english_and_segment_chinese():
    assert terms("Bridges were BUILT") == ["bridg", "were", "built"]
    assert {"造纸", "造纸术"} <= set(terms("蔡伦改进了造纸术"))
    assert query_terms("When was the stone bridge built?") == ["stone", "bridg", "built"]
    assert "谁" not in query_terms("谁改进了造纸术？") and "造纸术" in query_terms("谁改进了造纸术？")


def test_passages_are_about_a_paragraph_with_the_line_they_start_on(tmp_path):
    chunks = read_chunks(tmp_path / "b.md", BRIDGES.encode())
    assert [c.line for c in chunks] == [1, 6, 9]  # the heading joins its paragraph; "## Mills" joins its own
    assert chunks[0].text.startswith("# Bridges of the valley\n\nThe old stone bridge")
    assert BRIDGES.split("\n")[5].startswith("A suspension bridge") and chunks[1].text.startswith("A suspension")
    long = ("A sentence that goes on for a while. " * 100).strip()
    parts = read_chunks(tmp_path / "long.txt", f"title\n\n{long}\n".encode())
    assert len(parts) > 2 and all(len(p.text) <= 1200 for p in parts)


def test_every_kind_of_file_is_read_with_lines_and_pages(tmp_path):
    gbk = read_chunks(tmp_path / "a.txt", PAPER.encode("gb18030"))
    assert "蔡伦" in gbk[0].text and gbk[0].line == 1
    utf16 = read_chunks(tmp_path / "a.txt", "\ufeffLine one.\n\nLine three.".encode("utf-16-le"))
    assert utf16[0].text.startswith("Line one.")
    page = "<html><head><style>p {}</style><script>var x;</script></head>\n<body>\n<h1>Mills</h1>\n" \
           "<p>The valley had eleven <b>water</b> mills.</p>\n</body></html>"  # fmt: skip
    [html] = read_chunks(tmp_path / "a.html", page.encode())
    assert html.text == "Mills\n\nThe valley had eleven water mills." and html.line == 3
    word = docx(tmp_path / "a.docx", ["Title", "", "The ferry ran until 1912."], table=[["year", "event"]])
    [document] = read_chunks(word, word.read_bytes())
    assert "The ferry ran until 1912." in document.text and "year | event" in document.text
    paper = pdf(tmp_path / "a.pdf", [["First page, first line."], ["Second page.", "The bridge was built in 1847."]])
    chunks = read_chunks(paper, paper.read_bytes())
    assert [(c.page, c.line) for c in chunks] == [(1, 1), (2, 1)] and "1847" in chunks[1].text


def test_adding_a_folder_indexes_it_and_search_finds_passages_by_stem_and_word(notes, index):
    assert index.add(notes) == str(notes)
    report = index.update()
    assert report.indexed == 2 and not report.skipped
    [best, *_] = index.search("Which bridges were built of stone?")
    assert best.path == str(notes / "bridges.md") and best.line == 1 and best.page is None and best.score > 0
    [paper] = index.search("谁改进了造纸术", 1)
    assert paper.path == str(notes / "发明.txt") and "蔡伦" in paper.text and paper.coverage == 1.0
    assert index.search("quantum chromodynamics") == []
    assert paths.sources_index_file().is_file()


def test_what_is_not_text_is_skipped_with_one_line_each(notes, index, monkeypatch):
    (notes / "blob.dat").write_bytes(bytes(range(256)) * 2)
    (notes / "photo.png").write_bytes(b"\x89PNG")
    (notes / "huge.txt").write_text("x" * 2000)
    monkeypatch.setattr(index_module, "MAX_FILE_BYTES", 1000)
    os.mkfifo(notes / "pipe")
    (notes / "loop").symlink_to(notes)
    (notes / "broken.md").symlink_to(notes / "nowhere.md")
    (notes / ".git").mkdir()
    (notes / ".git" / "HEAD").write_text("ref")
    index.add(notes)
    skipped = index.update().skipped
    assert len(skipped) == 6, skipped
    for name, why in [("blob.dat", "binary"), ("photo.png", "not text"), ("huge.txt", "larger than"),
                      ("pipe", "FIFO"), ("loop", "symbolic link loop"), ("broken.md", "No such file")]:  # fmt: skip
        assert any(line.startswith(str(notes / name)) and why in line for line in skipped), (name, skipped)
    assert index.status().files == 2  # and the two readable files are indexed
    # Again: the files read before and still unreadable are said again, as `sources status` says them
    assert sorted(index.update().skipped) == sorted(skipped) == sorted(index.status().skipped)


def test_updates_are_incremental_and_follow_changes_and_deletions(notes, index):
    index.add(notes)
    index.update()
    assert index.update().indexed == 0  # nothing changed: nothing read
    bridges = notes / "bridges.md"
    os.utime(bridges, ns=(1, 1))  # touched, same content: read, hashed, left as it was
    assert index.update().unchanged == 1
    bridges.write_text(BRIDGES.replace("1847", "1848"), encoding="utf-8")
    assert "1848" in index.search("stone bridge built", 1)[0].text  # search reads what changed first
    (notes / "发明.txt").unlink()
    assert index.search("造纸术") == []
    status = index.status()
    assert (status.files, status.pending, status.embedded) == (1, 0, 0)
    db = sqlite3.connect(index.path)
    assert db.execute("SELECT count(*) FROM passages").fetchone() == db.execute("SELECT count(*) FROM search").fetchone()


def test_removing_a_source_drops_its_passages(notes, index, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("The ferry chains are kept in the museum.")
    index.add(notes)
    index.add(other)
    index.update()
    assert index.remove(notes) == 2
    assert index.roots() == [str(other)] and index.status().files == 1
    with pytest.raises(SourcesError, match="not one of the sources"):
        index.remove(notes)
    with pytest.raises(SourcesError, match="does not exist"):
        index.add(tmp_path / "missing")


def test_a_kill_mid_index_loses_only_the_file_in_progress(tmp_path, home):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02}.md").write_text(f"Note {n}.\n\nThe harbour had {n} boats and a lighthouse.\n" * 20)
    script = textwrap.dedent(f"""
        import os, signal
        from assistant.core.sources.index import SourceIndex
        index = SourceIndex()
        index.add({str(folder)!r})
        seen = []
        def pause():
            seen.append(1)
            if len(seen) == 6:
                os.kill(os.getpid(), signal.SIGKILL)
        index.update(pause=pause)
    """)
    killed = subprocess.run([sys.executable, "-c", script], env={**os.environ, paths.HOME_ENV: str(home)})
    assert killed.returncode == -9
    index = SourceIndex()
    db = sqlite3.connect(index.path)
    assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 5  # five whole files, nothing of the sixth
    assert db.execute("SELECT count(DISTINCT file) FROM passages").fetchone()[0] == 5
    report = index.update()  # resumes with the rest
    assert report.indexed == 7 and index.status().files == 12
    assert len(index.search("lighthouse boats", 1000)) == db.execute("SELECT count(*) FROM passages").fetchone()[0]
    index.close()


class Letters(Embedder):
    """Vectors of letter counts: near for texts made of the same letters, which words alone may not be."""

    name = "letters"

    def __init__(self):
        self.calls = 0

    def embed(self, texts, query=False):
        self.calls += len(texts)
        vectors = []
        for text in texts:
            counts = [text.lower().count(c) for c in "abcdefghijklmnopqrstuvwxyz"]
            norm = sum(x * x for x in counts) ** 0.5 or 1
            vectors.append([x / norm for x in counts])
        return vectors


def test_hybrid_search_fuses_bm25_and_vectors_and_embeds_only_what_is_new(notes, tmp_path):
    letters = Letters()
    index = SourceIndex(embedder=letters)
    index.add(notes)
    index.update()
    assert index.embed() == 4 and index.status().embedded == 4
    assert index.embed() == 0  # nothing new
    (notes / "more.md").write_text("Zebras graze by the quarry.", encoding="utf-8")
    hits = index.search("stone bridge", 3)  # reads the new file, embeds its one passage
    assert letters.calls == 4 + 1 + 1 and index.status().embedded == 5
    assert hits[0].path.endswith("bridges.md") and hits[0].coverage == 1.0
    # A passage no word of the query finds comes from the vectors, with its coverage of the query.
    assert any(h.coverage == 0.0 for h in index.search("stone bridge", 5))
    index.close()
    other = SourceIndex(embedder=Letters())  # another model: every vector anew
    other.embedder.name = "letters-2"
    assert other.embed() == 5
    other.close()


def test_the_default_model_gives_vectors_through_llama_cpp(model_path):
    from assistant.core.sources.embeddings import LlamaEmbedder

    embedder = LlamaEmbedder(model_path)
    try:
        near, far = embedder.embed(["The stone bridge was built in 1847.", "Bees make honey in summer."])
        [query] = embedder.embed(["When was the stone bridge built?"], query=True)
    finally:
        embedder.close()
    assert abs(sum(x * x for x in near) - 1) < 1e-3
    assert sum(a * b for a, b in zip(query, near)) > sum(a * b for a, b in zip(query, far))


def test_an_index_kept_fresh_by_an_indexer_searches_without_reading(notes):
    index = SourceIndex(refresh=False)  # the app's: its background indexer reads, tools only search
    index.add(notes)
    index.update()
    (notes / "new.md").write_text("The lighthouse keeper's diary.", encoding="utf-8")
    assert index.search("lighthouse diary") == []
    index.update()
    assert index.search("lighthouse diary")[0].path.endswith("new.md")
    index.close()


def test_a_single_short_source_still_answers_what_it_says(tmp_path, index):
    """Word weights over one passage made every word it has weigh a fifth of one it lacks ('light', which does
    not stem to 'lit'): the passage that answers was judged irrelevant."""
    (tmp_path / "keeper.md").write_text("The lighthouse keeper lit the lamp at dusk every evening.\n", encoding="utf-8")
    index.add(tmp_path / "keeper.md")
    index.update()
    [passage] = index.search("When does the lighthouse keeper light the lamp?", 5)
    assert passage.coverage >= 0.5
    assert all(p.coverage < 0.5 for p in index.search("What is the lamp's capital in Peru?", 5))


def test_each_line_of_a_passage_knows_its_line_in_the_file(tmp_path, index):
    """A short paragraph joins the next one's passage, which starts at it: the text after it is further on."""
    walk = tmp_path / "walk.md"
    walk.write_text("Notes from a walk.\n\n\nThe old stone bridge was built in 1847.\nIt has three arches.\n")
    word = docx(tmp_path / "ferry.docx", ["Ferry log", "The ferryman kept a log of every crossing."])
    paper = pdf(tmp_path / "mills.pdf", [["Introduction."], ["Page two.", "The valley had eleven water mills."]])
    page = tmp_path / "mills.html"
    page.write_text("<html><body>\n<h1>Mills</h1>\n\n<p>The valley had\neleven water mills.</p>\n</body></html>")
    for source in (walk, word, paper, page):
        index.add(source)
    index.update()
    for query, path, sentence, line in [("arches", walk, "It has three", 5), ("stone bridge", walk, "The old", 4),
                                        ("ferryman", word, "The ferryman", 2), ("water mills", paper, "The valley", 2),
                                        ("eleven", page, "The valley", 4)]:  # fmt: skip
        [passage] = [p for p in index.search(query) if p.path == str(path) and sentence in p.text]
        assert passage.line_at(passage.text.index(sentence)) == line, (path.name, passage)
        assert passage.line_at(0) == passage.line


def test_an_index_from_before_passages_knew_their_lines_reads_its_files_again(notes, index):
    index.add(notes)
    index.update()
    index.close()
    db = sqlite3.connect(index.path)
    db.execute("ALTER TABLE passages DROP COLUMN lines")
    db.commit()
    db.close()
    again = SourceIndex()
    assert again.status().pending == 2 and again.update().indexed == 2
    assert again.search("suspension bridge")[0].lines[:2] == (6, 7)
    again.close()


@pytest.mark.parametrize("intro, answer, question", [
    ("Notes from a walk.", "The old stone bridge over the river was built in 1847 by the miller's guild.",
     "When was the old stone bridge built?"),
    ("散步笔记。", "龙井茶产于杭州西湖一带的山中，是中国最有名的绿茶之一。", "龙井茶产于哪里？"),
])  # fmt: skip
def test_ask_cites_the_line_of_the_text_that_answers(tmp_path, index, backend, tools, sampling, intro, answer,
                                                     question):  # fmt: skip
    """A short intro joins the passage that answers: the citation points at the answer's line, not the intro's."""
    notes = tmp_path / "notes.md"
    notes.write_text(f"{intro}\n\n{answer}\n", encoding="utf-8")
    index.add(notes)
    result = list(ToolRunner(backend, tools, sampling, index).run("ask", Request(question, (0, len(question)))))[-1]
    assert isinstance(result, Result) and result.value["found"], result
    [citation] = result.value["citations"]
    assert (citation["line"], citation["text"]) == (3, f"{intro}\n\n{answer}")


def test_a_password_in_the_embedding_servers_url_stays_out_of_its_name_and_messages():
    from assistant.core.errors import BackendError
    from assistant.core.sources.embeddings import RemoteEmbedder

    embedder = RemoteEmbedder("http://writer:S3CRET@127.0.0.1:1/v1", "e5", timeout=5)
    assert "S3CRET" not in embedder.name  # the name is kept in the index, beside the vectors
    with pytest.raises(BackendError) as failed:
        embedder.embed(["a passage"])
    assert "S3CRET" not in str(failed.value) and "127.0.0.1:1" in str(failed.value)
