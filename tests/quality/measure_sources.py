"""Measure search and ask on the bilingual question set: a benchmark that prints numbers, not a test.

    python tests/quality/measure_sources.py [--model PATH] [--no-ask] [--thresholds]

Per language it prints recall@1 and recall@5 (the passage that answers comes first, is among the first
five), the share of
answerable questions answered, citation accuracy (the answer cites that passage; with the model) and
the share of unanswerable questions correctly refused, for BM25 alone; hybrid (BM25 and embeddings
fused) needs an embedding model, which the default install does not have. --thresholds prints the
answered and refused shares at each relevance threshold, to calibrate assistant_sources.RELEVANT.
--yes-no measures the check proposed for questions whose best passage is relevant by a narrow margin:
the model's constrained yes/no, "does this passage answer the question?" (not used by ask: with the
default model it refused most answerable questions of that margin; see its output).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sources_set import DOCUMENTS, QUESTIONS, Question  # noqa: E402

CANDIDATES = 8
UNCLEAR = 0.8  # a best passage's coverage from RELEVANT up to this is a narrow margin for --yes-no
JUDGE = ("You check whether a passage answers a question. Reply yes or no.",
         "Passage:\n{passage}\n\nQuestion: {question}\nDoes the passage answer the question?")  # fmt: skip


def build_index(folder: Path, embedder=None):
    """The documents written into `folder` and indexed (the index file beside them), with vectors when
    there is an embedder."""
    from assistant.core.sources.index import SourceIndex

    for name, text in DOCUMENTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    index = SourceIndex(folder / "index.sqlite3", embedder)
    index.add(folder)
    index.update()
    index.embed()
    return index


def is_gold(hit: dict | object, question: Question, folder: Path) -> bool:
    path, text = (hit["path"], hit["text"]) if isinstance(hit, dict) else (hit.path, hit.text)
    return path == str(folder / question.file) and question.passage in text


@dataclass
class Scores:
    recall: list[bool] = field(default_factory=list)  # answerable: the passage is in the first five
    first: list[bool] = field(default_factory=list)  # answerable: the passage comes first
    answered: list[bool] = field(default_factory=list)  # answerable: some passage was relevant
    refused: list[bool] = field(default_factory=list)  # unanswerable: no passage was relevant
    cited: list[bool] = field(default_factory=list)  # answerable and answered by ask: it cites the passage

    def line(self) -> str:
        def share(values):
            return f"{sum(values) / len(values):.2f}" if values else "-"

        return (f"recall@1={share(self.first)} recall@5={share(self.recall)} answered={share(self.answered)} "
                f"citation_accuracy={share(self.cited)} refused={share(self.refused)}")  # fmt: skip


def retrieval_scores(index, folder: Path, questions, threshold: float) -> Scores:
    """recall@5, and answered and refused shares, by retrieval alone (no model)."""
    scores = Scores()
    for question in questions:
        hits = index.search(question.text, CANDIDATES, refresh=False)
        relevant = [h for h in hits if h.coverage is None or h.coverage >= threshold]
        if question.file is None:
            scores.refused.append(not relevant)
        else:
            scores.recall.append(any(is_gold(h, question, folder) for h in hits[:5]))
            scores.first.append(bool(hits) and is_gold(hits[0], question, folder))
            scores.answered.append(bool(relevant))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a GGUF model for ask (default: the embedded one)")
    parser.add_argument("--no-ask", action="store_true", help="retrieval only: no model, no citation accuracy")
    parser.add_argument("--thresholds", action="store_true", help="answered and refused at each threshold")
    parser.add_argument("--yes-no", action="store_true",
                        help="the model's yes/no on the best passage where its relevance margin is narrow")  # fmt: skip
    parser.add_argument("--embedding-model", metavar="PATH",
                        help="a GGUF embedding model for hybrid search (default: none, hybrid not measured); "
                             "'default' uses the chat model's own vectors")  # fmt: skip
    args = parser.parse_args(argv)

    import assistant_sources

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        index = build_index(folder)
        if args.thresholds:
            for step in range(2, 10):
                threshold = step / 10
                for language in ("en", "zh"):
                    s = retrieval_scores(index, folder, [q for q in QUESTIONS if q.language == language], threshold)
                    print(f"threshold={threshold:.1f} {language}: {s.line()}")
        runner = None
        if not args.no_ask or args.yes_no:
            from assistant.core.llama_backend import LlamaBackend
            from assistant.core.models import default_model_path
            from assistant.core.runner import ToolRunner
            from assistant.core.settings import EngineSettings, SamplingSettings
            from assistant.plugins import PluginHost

            backend = LlamaBackend(Path(args.model) if args.model else default_model_path(), EngineSettings(n_ctx=2048))
            runner = ToolRunner(backend, PluginHost(entry_points=False).tools(),
                                SamplingSettings(temperature=0.0, seed=7), index)  # fmt: skip
            print(f"model: {backend.info.model}")
        print(f"relevance threshold: {assistant_sources.RELEVANT}")
        if args.yes_no:  # this measure alone
            for language in ("en", "zh"):
                print(yes_no(backend, index, [q for q in QUESTIONS if q.language == language], language))
            index.close()
            return 0
        for language in ("en", "zh"):
            questions = [q for q in QUESTIONS if q.language == language]
            scores = retrieval_scores(index, folder, questions, assistant_sources.RELEVANT)
            if runner is not None:
                scores.cited = ask_citations(runner, questions, folder)
            print(f"bm25 {language} ({len(questions)} questions): {scores.line()}")
        index.close()
        if not args.embedding_model:
            print("hybrid: not measured (no embedding model in the default install: --embedding-model PATH)")
            return 0
        from assistant.core.models import default_model_path
        from assistant.core.sources.embeddings import LlamaEmbedder

        model = default_model_path() if args.embedding_model == "default" else Path(args.embedding_model)
        hybrid = Path(name) / "hybrid"
        hybrid.mkdir()
        index = build_index(hybrid, LlamaEmbedder(model))
        print(f"embedding model: {model.name}")
        for language in ("en", "zh"):
            questions = [q for q in QUESTIONS if q.language == language]
            scores = retrieval_scores(index, hybrid, questions, assistant_sources.RELEVANT)
            if runner is not None:
                runner = ToolRunner(backend, runner.tools, SamplingSettings(temperature=0.0, seed=7), index)
                scores.cited = ask_citations(runner, questions, hybrid)
            print(f"hybrid {language} ({len(questions)} questions): {scores.line()}")
        index.close()
    return 0


def yes_no(backend, index, questions, language: str) -> str:
    """What the model's constrained yes/no on the best passage would do where its coverage is in
    [RELEVANT, UNCLEAR): answerable questions it would refuse, unanswerable ones it would refuse."""
    import assistant_sources
    from assistant.core.engine import GenerationParams, Prompt

    answerable, unanswerable = [0, 0], [0, 0]  # [said no, asked]
    for question in questions:
        hits = assistant_sources.relevant(index.search(question.text, CANDIDATES, refresh=False))
        if not hits or hits[0].coverage >= UNCLEAR:
            continue
        prompt = Prompt(JUDGE[1].format(passage=hits[0].text, question=question.text), JUDGE[0])
        params = GenerationParams(max_tokens=4, temperature=0.0, json_schema={"enum": ["yes", "no"]})
        said_no = "no" in "".join(backend.generate(prompt, params))
        tally = unanswerable if question.file is None else answerable
        tally[0] += said_no
        tally[1] += 1
    return (f"yes-no {language}: narrow margin: answerable refused={answerable[0]}/{answerable[1]} "
            f"unanswerable refused={unanswerable[0]}/{unanswerable[1]}")


def ask_citations(runner, questions, folder: Path) -> list[bool]:
    """For each answerable question that ask answers: whether its citations include the passage."""
    from assistant.core.runner import Request, Result

    cited = []
    for question in questions:
        if question.file is None:
            continue
        result = list(runner.run("ask", Request(question.text, (0, len(question.text)))))[-1]
        assert isinstance(result, Result), result
        if result.value["found"]:
            cited.append(any(is_gold(c, question, folder) for c in result.value["citations"]))
    return cited


if __name__ == "__main__":
    sys.exit(main())
