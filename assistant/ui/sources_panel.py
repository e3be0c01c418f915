"""The Sources panel (View > Sources): the writer's folders and their indexing, search as you type,
and questions answered from the sources with citations that open the file at the passage.

A thread looks every half minute, and at each search and question, for files changed on disk (a stat
each) and has what changed read by `sources add` in a process of its own at the lowest priority, so
that indexing never holds the GIL the GUI thread needs; searching has a thread of its own, so neither
waits for the other. Questions go to the model worker as the `ask` tool, like any other run, once the
indexer has looked.
"""

from __future__ import annotations

import html
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (QDialog, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QPlainTextEdit, QProgressBar, QPushButton, QTextBrowser, QVBoxLayout, QWidget)  # fmt: skip

from ..core.errors import AssistantError
from ..core.runner import Failed, Request, Result, Stopped
from ..core.sources.index import Report, SourceIndex
from ..core.sources.retriever import Passage
from ..core.sources.readers import docx_lines, kind_of, pdf_page_lines
from ..core.session import Session
from ..core.sources.terms import query_terms
from .files import Files
from .plugin_control import PluginControl
from .runs import ToolRuns
from .worker import ModelWorker

log = logging.getLogger(__name__)
RESCAN_SECONDS = 30  # how often the files are looked at again for changes
HITS = 20
_PROGRESS = re.compile(r"progress ([\d.]+)/([\d.]+) MB (.*)")  # `sources add`'s lines off a terminal
_READ = re.compile(r"(\d+) file\(s\) read, (\d+) gone")


class _Background(QObject):
    """The two threads: one indexes (lowest priority), one searches. Their signals reach the GUI thread."""

    progress = Signal(int, int, str)  # bytes done, bytes in all, the file being read
    indexed = Signal(object)  # index.Report
    found = Signal(int, str, list)  # the search's number, its query, the passages

    def __init__(self, index: SourceIndex, retriever):
        super().__init__()
        self.index, self.retriever = index, retriever
        self._stop, self._wake = threading.Event(), threading.Event()
        self._lock = threading.Lock()
        self._asked = 0  # update_now calls so far
        self.looked = 0  # the last of them that a look which has ended began after
        self._queries: queue.Queue = queue.Queue()
        self._child: subprocess.Popen | None = None
        self._threads = [threading.Thread(target=self._indexing, name="sources-index", daemon=True),
                         threading.Thread(target=self._searching, name="sources-search", daemon=True)]  # fmt: skip
        for thread in self._threads:
            thread.start()

    def update_now(self) -> int:
        """Have the files looked at now; returns a number that `looked` reaches once they have been."""
        with self._lock:
            self._asked += 1
            self._wake.set()
            return self._asked

    def search(self, number: int, query: str) -> None:
        self._queries.put((number, query))
        self.update_now()  # a file saved a moment ago: its new text shows in a search again when read

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._child is not None and self._child.poll() is None:  # it keeps what it read (Ctrl-C safe)
            if os.name == "nt":  # a transaction cut short is rolled back: the index stays whole
                self._child.terminate()
            else:
                self._child.send_signal(signal.SIGINT)
        self._queries.put(None)
        for thread in self._threads:
            thread.join()
        self.index.close()
        if self.retriever is not self.index:
            self.retriever.close()

    def _indexing(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                self._wake.clear()
                asked = self._asked
            try:
                status = self.index.status()  # a stat per file: cheap enough for this thread
                report = self._index_elsewhere() if status.pending else Report(skipped=status.skipped)
            except Exception:  # a full disk, a locked index: try again at the next look
                log.exception("indexing the sources failed")
                report = Report()  # a question waiting for this look is asked all the same
            self.looked = asked
            if not self._stop.is_set():
                self.indexed.emit(report)
            self._wake.wait(RESCAN_SECONDS)

    def _index_elsewhere(self) -> Report:
        """Read what changed in a process of its own (`sources add`) at the lowest priority: in this one
        its Python work would hold the GIL that the GUI thread needs for every keystroke."""
        command = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "assistant"]
        lower = {"creationflags": subprocess.IDLE_PRIORITY_CLASS} if os.name == "nt" else {}
        self._child = subprocess.Popen([*command, "sources", "add"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
                                       **lower)  # fmt: skip
        if os.name != "nt":
            try:
                os.setpriority(os.PRIO_PROCESS, self._child.pid, 19)
            except OSError:
                pass
        report = Report()
        for line in self._child.stderr:
            if m := _PROGRESS.match(line):
                self.progress.emit(int(float(m[1]) * 2**20), int(float(m[2]) * 2**20), m[3].strip())
            elif ": skipped, " in line:
                report.skipped.append(line.removeprefix("writing-assistant: ").strip())
        read = _READ.match(self._child.stdout.read())
        report.indexed, report.removed = (int(read[1]), int(read[2])) if read else (0, 0)
        report.cancelled = self._child.wait() != 0
        return report

    def _searching(self) -> None:
        while True:
            item = self._queries.get()
            while item is not None and not self._queries.empty():  # only the newest query matters
                item = self._queries.get()
            if item is None or self._stop.is_set():
                return
            number, query = item
            try:
                found = self.retriever.search(query, HITS)
            except Exception as error:
                log.warning("searching the sources failed: %s", error)
                found = []
            self.found.emit(number, query, found)


class SourcesPanel(QDockWidget):
    """The writer's sources beside the document; `shutdown()` ends its threads."""

    answered = Signal()  # an answer (or the word that there is none) is shown

    def __init__(self, session: Session, worker: ModelWorker, plugins: PluginControl, files: Files, runs: ToolRuns):
        super().__init__()
        self.setWindowTitle(self.tr("Sources"))
        self.setObjectName("sources")
        self.session, self.worker, self.files, self.runs = session, worker, files, runs
        self.index = SourceIndex(refresh=False)  # fresh from the background indexer: tools never index
        factories = plugins.host.retrievers()
        chosen = session.settings.sources.retriever
        retriever = self.index if chosen == "local" or chosen not in factories else factories[chosen](session.settings)
        worker.retriever = retriever
        self.background = _Background(self.index, retriever)
        self.hits: list[Passage] = []  # what the search shows
        self.citations: list[Passage] = []  # what the answer cites
        self._searches = 0
        self._run: int | None = None
        self._question = ""  # asked once the indexer has looked at the files
        self._asked = 0  # the look it waits for (see _Background.update_now)
        self._answer = ""

        self.folders = QListWidget()
        add_folder, add_file = QPushButton(self.tr("Add Folder…")), QPushButton(self.tr("Add File…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        add_folder.clicked.connect(lambda: self.add(QFileDialog.getExistingDirectory(self, self.tr("Add Folder"))))
        add_file.clicked.connect(lambda: self.add(QFileDialog.getOpenFileName(self, self.tr("Add File"))[0]))
        self.remove_button.clicked.connect(self._remove)
        self.status = QLabel()
        self.bar = QProgressBar(textVisible=False, maximumHeight=8)
        self.bar.hide()
        self.query = QLineEdit(placeholderText=self.tr("Search your sources"), clearButtonEnabled=True)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self.query.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self._search)
        self.results = QTextBrowser(openLinks=False)
        self.results.anchorClicked.connect(self._link)
        self.question = QLineEdit(placeholderText=self.tr("Ask your sources a question"), clearButtonEnabled=True)
        self.ask_button = QPushButton(self.tr("Ask"))
        self.question.returnPressed.connect(self.ask)
        self.ask_button.clicked.connect(self.ask)
        self.answer = QTextBrowser(openLinks=False)
        self.answer.anchorClicked.connect(self._link)

        buttons = QHBoxLayout()
        for button in (add_folder, add_file, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        asking = QHBoxLayout()
        asking.addWidget(self.question, 1)
        asking.addWidget(self.ask_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.folders, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 3)
        layout.addLayout(asking)
        layout.addWidget(self.answer, 2)
        self.setWidget(body)

        self.background.progress.connect(self._progress)
        self.background.indexed.connect(self._indexed)
        self.background.found.connect(self._found)
        worker.tokens.connect(self._tokens)
        worker.finished.connect(self._finished)
        self.action = self.toggleViewAction()  # the window docks the panel and puts this in the View menu
        self.action.setText(self.tr("&Sources"))
        self._show_folders()

    # -- folders and indexing ---------------------------------------------------

    def add(self, path: str) -> None:
        """Add a folder or file to the sources; it is indexed in the background."""
        if not path:  # the file dialog was cancelled
            return
        try:
            self.index.add(path)
        except AssistantError as error:
            self.session.problem(self.tr("Cannot add the source"), str(error))
            return
        self._show_folders()
        self.background.update_now()

    def _remove(self) -> None:
        item = self.folders.currentItem()
        if item is not None:
            self.index.remove(item.data(Qt.ItemDataRole.UserRole))
            self._show_folders()

    def _show_folders(self) -> None:
        self.folders.clear()
        try:
            counts = self.index.counts()
        except AssistantError as error:  # a read-only data folder: the panel says so, and the app goes on
            self.status.setText(str(error))
            return
        for root, (files, passages) in counts.items():
            self.folders.addItem(self.tr("%1 (%2 files, %3 passages)").replace("%1", root)
                                 .replace("%2", str(files)).replace("%3", str(passages)))  # fmt: skip
            self.folders.item(self.folders.count() - 1).setData(Qt.ItemDataRole.UserRole, root)
        if not counts:
            self.status.setText(self.tr("Add the folders and files you write from: notes, references, drafts."))

    def _progress(self, done: int, total: int, path: str) -> None:
        self.bar.show()
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(self.tr("Indexing %1…").replace("%1", Path(path).name) if path else "")

    def _indexed(self, report) -> None:
        self.bar.hide()
        self._show_folders()
        if self.index.roots():
            files, passages = (sum(c) for c in zip(*self.index.counts().values()))
            status = self.tr("%1 files, %2 passages, up to date.").replace("%1", str(files)) \
                .replace("%2", str(passages))  # fmt: skip
            if report.skipped:
                status += " " + self.tr("%1 skipped (point here to see why).").replace("%1", str(len(report.skipped)))
            self.status.setText(status)
            self.status.setToolTip("\n".join(report.skipped))
        # A look that began before the question knows nothing of a file saved just before it was asked
        if self._question and self.background.looked >= self._asked:
            question, self._question = self._question, ""
            self._start_ask(question)
        if self.query.text().strip() and (report.indexed or report.removed):
            self._search()

    # -- search ----------------------------------------------------------------

    def _search(self) -> None:
        self._searches += 1
        self.background.search(self._searches, self.query.text())

    def _found(self, number: int, query: str, passages: list) -> None:
        if number != self._searches:
            return  # an older query's answer, overtaken by typing
        self.hits = passages
        if not passages:
            nothing = self.tr("Nothing found.")
            self.results.setHtml(f"<p>{html.escape(nothing)}</p>" if query.strip() else "")
            return
        parts, insert = [], html.escape(self.tr("Insert Citation"))
        for i, passage in enumerate(passages):
            parts.append(f'<p><a href="open:hit:{i}">{html.escape(_where(passage))}</a> &nbsp; '
                         f'<a href="cite:hit:{i}">{insert}</a><br>{highlighted(_snippet(passage.text), query)}</p>')
        self.results.setHtml("".join(parts))

    # -- asking ------------------------------------------------------------------

    def ask(self) -> None:
        question = self.question.text().strip()
        if not question or self._run is not None or self._question or self.session.run is not None:
            return
        self._answer, self.citations = "", []
        self._say(self.tr("Looking in your sources…"))
        self.ask_button.setEnabled(False)
        self._question = question  # the answer is from the files as they are now: asked once they are read
        self._asked = self.background.update_now()

    def _start_ask(self, question: str) -> None:
        if self.session.run is not None:  # another tool started while the indexer looked: ask again after it
            self.ask_button.setEnabled(True)
            self._say("")
            return
        request = Request(question, (0, len(question)))
        run = self.session.start_run(None, self.session.tools.get("ask"), request)  # one at a time
        self._run = run.id
        self.worker.run(run.id, "ask", request, run.cancel)

    def _tokens(self, run: int, text: str, _count: int) -> None:
        if run == self._run:
            self._answer += text
            self._say(self._answer)

    def _finished(self, run: int, event) -> None:
        if run != self._run:
            return
        self._run = None
        self.ask_button.setEnabled(True)
        if isinstance(event, Result) and event.value["found"]:
            self.citations = [Passage(c["path"], c["line"], c["page"], c["text"], 0.0) for c in event.value["citations"]]
            answer = re.sub(r"\[(\d+)\]", lambda m: f'<a href="open:cited:{int(m.group(1)) - 1}">[{m.group(1)}]</a>'
                            if 0 < int(m.group(1)) <= len(self.citations) else m.group(0),
                            html.escape(event.value["answer"]))  # fmt: skip
            insert = html.escape(self.tr("Insert Citation"))
            cited = "".join(f'<p>[{i + 1}] <a href="open:cited:{i}">{html.escape(_where(c))}</a> &nbsp; '
                            f'<a href="cite:cited:{i}">{insert}</a></p>' for i, c in enumerate(self.citations))
            self.answer.setHtml(f"<p>{answer}</p>{cited}")
        elif isinstance(event, Result):
            self._say(self.tr("Nothing in your sources answers this."))
        elif isinstance(event, Failed):
            self._say(str(event.error))
        elif isinstance(event, Stopped):
            self._say(self.tr("Stopped."))
        self.answered.emit()

    def _say(self, text: str) -> None:
        """Plain text in the answer box (setPlainText would keep the format of a link shown before)."""
        self.answer.setHtml(f"<p>{html.escape(text)}</p>")

    # -- citations ---------------------------------------------------------------

    def _link(self, url: QUrl) -> None:
        action, where, number = url.toString().split(":")
        passages = self.hits if where == "hit" else self.citations
        if int(number) >= len(passages):
            return
        passage = passages[int(number)]
        if action == "open":
            self.open_passage(passage)
        else:
            self.runs.insert_at_cursor(citation_text(passage))

    def open_passage(self, passage: Passage) -> None:
        """Show the file at the passage: in the editor for text, read-only for PDF and .docx."""
        path = Path(passage.path)
        try:
            kind = kind_of(path)
        except AssistantError:
            kind = "text"
        if kind in ("pdf", "docx"):
            self.preview = SourcePreview(passage, self)
            self.preview.open()
            return
        tab = self.files.open(path)
        if tab is not None:
            block = tab.editor.document().findBlockByNumber(passage.line - 1)
            cursor = QTextCursor(block)
            tab.editor.setTextCursor(cursor)
            tab.editor.centerCursor()
            tab.editor.setFocus()

    def shutdown(self) -> None:
        self.background.stop()


class SourcePreview(QDialog):
    """A PDF page or a .docx as text, read-only, at the passage."""

    def __init__(self, passage: Passage, parent=None):
        super().__init__(parent)
        path = Path(passage.path)
        self.setWindowTitle(path.name if passage.page is None else
                            self.tr("%1, page %2").replace("%1", path.name).replace("%2", str(passage.page)))  # fmt: skip
        self.text = QPlainTextEdit(readOnly=True)
        try:
            data = path.read_bytes()
            lines = pdf_page_lines(data, passage.page or 1) if passage.page is not None else docx_lines(data)
        except Exception as error:  # gone or damaged since it was indexed
            lines = [self.tr("The file cannot be read now: %1").replace("%1", str(error))]
        self.text.setPlainText("\n".join(lines))
        block = self.text.document().findBlockByNumber(min(passage.line, len(lines)) - 1)
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        self.resize(640, 520)
        QTimer.singleShot(0, self.text.centerCursor)


def citation_text(passage: Passage) -> str:
    """What Insert Citation puts at the cursor: the quote and its source."""
    where = f"{Path(passage.path).name}, " + (f"p. {passage.page}, " if passage.page is not None else "")
    return f"“{_snippet(passage.text, 400)}” ({where}line {passage.line})"


def highlighted(text: str, query: str) -> str:
    """`text` as HTML with the query's words marked (English words by their stem, Chinese words as they are)."""
    words = sorted({t for t in query_terms(query) if t.strip()}, key=len, reverse=True)
    if not words:
        return html.escape(text)
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\w*" if w.isascii() else re.escape(w) for w in words),
                         re.IGNORECASE)  # fmt: skip
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f'<span style="background-color:#ffe46b; color:#000">{html.escape(match.group())}</span>')
        last = match.end()
    return "".join(out) + html.escape(text[last:])


def _snippet(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _where(passage: Passage) -> str:
    name = Path(passage.path).name
    return f"{name}, p. {passage.page}, line {passage.line}" if passage.page is not None else f"{name}:{passage.line}"
