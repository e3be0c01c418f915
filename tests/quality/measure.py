"""Measure the tools on the quality corpus: a benchmark that prints numbers, not a test.

    python tests/quality/measure.py [--model PATH] [--tools keywords,summarize,translate] [--limit N]

Per tool and language it prints, for the default model or the one given:
keywords: the share that are phrases of the text, and precision and recall against the references;
summarize: faithfulness to the source, length against the source, how often the extractive fallback
stood in; translate: the share of the output in the target's script, length against the source, the
share of translations that pass the faithfulness guard (`translation_problems`: offered as complete);
and the time per call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SAMPLES, Sample  # noqa: E402

from assistant.core.faithful import faithfulness, translation_problems  # noqa: E402
from assistant.core.scripts import cjk_ratio  # noqa: E402


def matches(phrase: str, reference: str) -> bool:
    a, b = phrase.casefold(), reference.casefold()
    return a in b or b in a


def keyword_scores(keywords: list[str], sample: Sample) -> dict[str, float]:
    in_text = sum(k.casefold() in sample.text.casefold() for k in keywords) / len(keywords) if keywords else 0.0
    precision = sum(any(matches(k, r) for r in sample.keywords) for k in keywords) / len(keywords) if keywords else 0.0
    recall = sum(any(matches(k, r) for k in keywords) for r in sample.keywords) / len(sample.keywords)
    return {"in_text": in_text, "precision": precision, "recall": recall}


def summary_scores(summary: str, sample: Sample, extractive: bool) -> dict[str, float]:
    return {"faithful": faithfulness(summary, sample.text), "length": len(summary) / len(sample.text),
            "extractive": float(extractive)}  # fmt: skip


def translation_scores(translation: str, sample: Sample) -> dict[str, float]:
    purity = cjk_ratio(translation) if sample.language == "en" else 1.0 - cjk_ratio(translation)
    target = "Simplified Chinese" if sample.language == "en" else "English"
    return {"purity": purity, "length": len(translation) / len(sample.text),
            "passes_guard": float(not translation_problems(sample.text, translation, target))}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="a GGUF model (default: the embedded one)")
    parser.add_argument("--tools", default="keywords,summarize,translate")
    parser.add_argument("--limit", type=int, default=20, help="paragraphs per language")
    parser.add_argument("--n-ctx", type=int, default=2048)
    args = parser.parse_args(argv)

    from assistant.core.llama_backend import LlamaBackend
    from assistant.core.models import default_model_path
    from assistant.core.runner import Request, Result, ToolRunner
    from assistant.core.settings import EngineSettings, SamplingSettings
    from assistant.core.tools import Note
    from assistant.plugins import PluginHost

    backend = LlamaBackend(Path(args.model) if args.model else default_model_path(), EngineSettings(n_ctx=args.n_ctx))
    runner = ToolRunner(backend, PluginHost(entry_points=False).tools(), SamplingSettings(temperature=0.0, seed=7))
    print(f"model: {backend.info.model}")
    for tool in args.tools.split(","):
        for language in ("en", "zh"):
            samples = [s for s in SAMPLES if s.language == language][: args.limit]
            scores: list[dict[str, float]] = []
            seconds = []
            for sample in samples:
                options = {"count": len(sample.keywords)} if tool == "keywords" else {}
                if tool == "summarize":
                    options = {"length": "sentence"}
                started = time.perf_counter()
                events = list(runner.run(tool, Request(sample.text, (0, len(sample.text)), options=options)))
                seconds.append(time.perf_counter() - started)
                result = events[-1]
                if not isinstance(result, Result):
                    print(f"  {tool} failed on: {sample.text[:40]}… ({result})")
                    continue
                if tool == "keywords":
                    scores.append(keyword_scores(result.value, sample))
                elif tool == "summarize":
                    scores.append(summary_scores(result.text, sample, any(isinstance(e, Note) for e in events)))
                else:
                    scores.append(translation_scores(result.text, sample))
            means = {k: statistics.mean(s[k] for s in scores) for k in scores[0]} if scores else {}
            figures = " ".join(f"{k}={v:.2f}" for k, v in means.items())
            print(f"{tool} {language}: {figures} ms_per_call={1000 * statistics.mean(seconds):.0f} n={len(scores)}")
    backend.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
