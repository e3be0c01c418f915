"""The llama.cpp backend on the real default model."""

import json
import logging
import threading
import time

import pytest

from assistant.core.engine import Continuation, GenerationParams, Prompt
from assistant.core.errors import Cancelled, ContextOverflowError, ModelError
from assistant.core.llama_backend import LlamaBackend, _llama_log
from assistant.core.settings import EngineSettings
from helpers import patched_model

GREEDY = GenerationParams(temperature=0.0, max_tokens=40, seed=1)


def test_reports_what_it_loaded(backend):
    info = backend.info
    assert info.kind == "llama.cpp" and info.n_ctx == 2048 and info.chat_template
    assert info.details["quantization"] == "Q4_1"
    assert info.details["layers on GPU"].endswith("of 31")


def test_streams_text_in_pieces(backend):
    pieces = list(backend.generate(Prompt(user="Name three colours."), GREEDY))
    assert len(pieces) > 3 and "".join(pieces).strip()
    stats = backend.last_stats
    assert 0 < stats.generated_tokens <= 40 and stats.prompt_tokens > 5
    assert stats.tokens_per_second > 0 and stats.seconds_to_first_token > 0


def test_greedy_output_is_repeatable(backend):
    prompt = Continuation("The capital of France is")
    assert "".join(backend.generate(prompt, GREEDY)) == "".join(backend.generate(prompt, GREEDY))


def test_stop_sequences_end_the_text_before_them(backend):
    text = "".join(backend.generate(Continuation("1, 2, 3, 4,"), GREEDY.__class__(temperature=0.0, stop=(" 7",))))
    assert "7" not in text and "5" in text


def test_the_finish_reason_says_whether_the_reply_was_cut(backend):
    count = Prompt(user="Count from one to one hundred in words.")
    list(backend.generate(count, GenerationParams(temperature=0.0, max_tokens=5)))
    assert backend.last_stats.finish_reason == "length"
    list(backend.generate(Continuation("1, 2, 3, 4,"), GenerationParams(temperature=0.0, stop=(" 7",))))
    assert backend.last_stats.finish_reason == "stop"
    list(backend.generate(Prompt(user="Say yes."), GenerationParams(temperature=0.0, max_tokens=200)))
    assert backend.last_stats.finish_reason == "stop"
    long = Continuation("word " * 2000)  # a reply the context cuts short, whatever max_tokens asked
    list(backend.generate(long, GenerationParams(temperature=0.0, max_tokens=1000)))
    assert backend.last_stats.finish_reason == "length" and backend.last_stats.generated_tokens < 1000


def test_json_schema_constrains_the_output(backend):
    schema = {"type": "object", "properties": {"colours": {"type": "array", "items": {"type": "string"}}},
              "required": ["colours"]}  # fmt: skip
    text = "".join(backend.generate(Prompt(user="List colours as JSON."), GenerationParams(temperature=0.0, max_tokens=80, json_schema=schema)))
    value = json.loads(text, strict=False)
    assert isinstance(value["colours"], list)


def test_token_counts_cover_chinese(backend):
    assert backend.count_tokens("") == 0
    assert backend.count_tokens("春天来了，公园里的花都开了。") > 5
    assert backend.prompt_tokens(Prompt(user="hi")) > backend.count_tokens("hi")


def test_special_tokens_in_the_writer_text_are_plain_text(backend):
    plain = backend.prompt_tokens(Prompt(user="a <|im_end|> b"))
    # Parsed as text the marker takes several tokens; as a special token it would take one.
    assert plain - backend.prompt_tokens(Prompt(user="a b")) > 2


def test_a_prompt_larger_than_the_context_is_refused(backend):
    with pytest.raises(ContextOverflowError, match="context window"):
        list(backend.generate(Continuation("word " * 3000), GREEDY))


def test_cancel_between_tokens_then_the_next_call_works(backend):
    cancel = threading.Event()
    stream = backend.generate(Continuation("Once upon a time"), GenerationParams(max_tokens=200, seed=1), cancel)
    next(stream)
    cancel.set()
    with pytest.raises(Cancelled):
        list(stream)
    assert "".join(backend.generate(Continuation("Once upon a time"), GREEDY))


def test_cancel_during_a_long_prompt_evaluation(backend):
    """The abort callback stops llama.cpp inside the prompt, and the cache stays consistent."""
    from assistant.core.llama_internals import cached_tokens

    long_prompt = Continuation("The river runs past the old mill. " * 220)
    backend._llm.reset()
    cancel = threading.Event()
    threading.Timer(0.05, cancel.set).start()
    started = time.perf_counter()
    with pytest.raises(Cancelled):
        list(backend.generate(long_prompt, GREEDY, cancel))
    cancelled = time.perf_counter() - started
    kept = len(cached_tokens(backend._llm))
    assert kept < backend.prompt_tokens(long_prompt) - 1  # stopped inside the prompt
    # The batches evaluated before the cancel are kept; the text is the same as from a cold cache.
    text = "".join(backend.generate(long_prompt, GREEDY))
    assert backend.last_stats.prompt_tokens_evaluated <= backend.last_stats.prompt_tokens
    backend._llm.reset()
    started = time.perf_counter()
    assert text.strip() and text == "".join(backend.generate(long_prompt, GREEDY))
    assert backend.last_stats.prompt_tokens_evaluated == backend.last_stats.prompt_tokens
    assert cancelled < time.perf_counter() - started  # sooner than the same run uncancelled, on a busy machine too


def test_a_cancel_inside_the_prompt_logs_no_error(backend, caplog):
    """llama.cpp logs its aborted decode as failures: a Stop the writer pressed is not one (the log read
    "graph_compute ... failed" at every removed result card)."""
    backend._llm.reset()
    cancel = threading.Event()
    threading.Timer(0.05, cancel.set).start()
    with caplog.at_level(logging.DEBUG), pytest.raises(Cancelled):
        list(backend.generate(Continuation("The river runs past the old mill. " * 220), GREEDY, cancel))
    engine = [r for r in caplog.records if r.name == "assistant.llama_cpp"]
    assert any("fail" in r.getMessage() for r in engine)  # llama.cpp did report the abort
    assert not [r.getMessage() for r in engine if r.levelno >= logging.WARNING]
    with caplog.at_level(logging.DEBUG):  # a real failure is still an error
        _llama_log(4, b"llama_decode: failed to decode, ret = -3\n")
    assert caplog.records[-1].levelno == logging.ERROR


def test_a_shared_prefix_is_not_evaluated_again(backend):
    document = "Notes on the harbour town. " * 60
    list(backend.generate(Continuation(document), GREEDY))
    cold = backend.last_stats
    list(backend.generate(Continuation(document + "The fishermen"), GREEDY))
    warm = backend.last_stats
    assert cold.prompt_tokens_evaluated == cold.prompt_tokens
    assert warm.prompt_tokens > cold.prompt_tokens
    assert warm.prompt_tokens_evaluated < 10


def test_a_model_without_chat_template_gets_plain_prompts(tmp_path, model_path):
    path = patched_model(model_path, tmp_path / "base.gguf", b"tokenizer.chat_template", b"tokenizer.chat_templatX")
    base = LlamaBackend(path, EngineSettings(n_ctx=512))
    try:
        assert not base.info.chat_template
        prompt = Prompt(system="Be brief.", user="Hello there.")
        # No "<|im_start|>" frame, no llama-2 "[INST]" guess: the text alone.
        assert base.prompt_tokens(prompt) == base.count_tokens("Be brief.\n\nHello there.")
        assert "".join(base.generate(prompt, GREEDY))
    finally:
        base.close()


def test_a_model_of_an_unknown_architecture_is_explained(tmp_path, model_path):
    path = patched_model(model_path, tmp_path / "odd.gguf", b"\x05\x00\x00\x00\x00\x00\x00\x00llama",
                         b"\x05\x00\x00\x00\x00\x00\x00\x00llamx")  # fmt: skip
    with pytest.raises(ModelError, match="does not know the model architecture 'llamx'"):
        LlamaBackend(path, EngineSettings(n_ctx=256))


def test_close_frees_the_model(model_path):
    backend = LlamaBackend(model_path, EngineSettings(n_ctx=256))
    backend.close()
    backend.close()  # twice is harmless


def test_a_failed_gpu_load_falls_back_to_the_cpu_and_says_why(model_path, monkeypatch):
    import assistant.core.llama_backend as module

    real_load = LlamaBackend._load

    def load(self, options):
        if options["n_gpu_layers"]:
            raise ModelError("The model could not be loaded: cudaMalloc failed: out of memory.")
        return real_load(self, options)

    monkeypatch.setattr(module, "gpu_offload_supported", lambda: True)
    monkeypatch.setattr(LlamaBackend, "_load", load)
    backend = LlamaBackend(model_path, EngineSettings(n_ctx=256, n_gpu_layers=-1))
    try:
        assert backend.notices and "runs on the CPU" in backend.notices[0] and "out of memory" in backend.notices[0]
        assert "".join(backend.generate(Continuation("Hello"), GREEDY))
    finally:
        backend.close()


def test_llama_cpp_loader_lines_are_debug_not_info(model_path, caplog):
    import logging

    from assistant.core.llama_backend import LlamaBackend
    from assistant.core.settings import EngineSettings

    with caplog.at_level(logging.DEBUG, logger="assistant.llama_cpp"):
        LlamaBackend(model_path, EngineSettings(n_ctx=512)).close()
    engine = [r for r in caplog.records if r.name == "assistant.llama_cpp"]
    assert len(engine) > 50 and not [r for r in engine if r.levelno == logging.INFO]


def test_warming_evaluates_the_prompt_so_that_generation_starts_at_once(backend):
    document = Continuation("The lighthouse keeper kept a diary of ships and storms. " * 50)
    backend._llm.reset()
    assert backend.warm(document) == backend.prompt_tokens(document) - 1
    text = "".join(backend.generate(document, GREEDY))
    assert backend.last_stats.prompt_tokens_evaluated == 1
    backend._llm.reset()
    assert text == "".join(backend.generate(document, GREEDY))  # the same as from a cold cache


def test_warming_stops_within_milliseconds_and_keeps_what_it_evaluated(backend):
    from assistant.core.llama_internals import cached_tokens

    document = Continuation("Snow fell on the quiet village all night long. " * 160)  # ~1,600 tokens, ~9 s here
    backend._llm.reset()
    cancel = threading.Event()
    cancelled_at = []

    def cancel_after_the_first_batch():  # however long that takes on a busy machine
        while len(cached_tokens(backend._llm)) == 0:
            time.sleep(0.01)
        cancelled_at.append(time.perf_counter())
        cancel.set()

    canceller = threading.Thread(target=cancel_after_the_first_batch)
    canceller.start()
    kept = backend.warm(document, cancel)
    stopped = time.perf_counter()
    canceller.join()
    assert 0 < kept < backend.prompt_tokens(document) - 1
    list(backend.generate(document, GREEDY))
    assert backend.last_stats.prompt_tokens_evaluated == backend.prompt_tokens(document) - kept
    # It stopped sooner than reading the rest takes: not at the end of the prompt (compared on this
    # machine, at its load, rather than against a fixed time).
    assert stopped - cancelled_at[0] < backend.last_stats.seconds_to_first_token


def test_warming_never_waits_for_a_generation(backend):
    stream = backend.generate(Continuation("Once upon a time"), GREEDY)
    next(stream)  # the model is busy generating
    warmed = []
    warming = threading.Thread(target=lambda: warmed.append(backend.warm(Continuation("Another text entirely, " * 40))))
    warming.start()
    warming.join(60)  # waiting for the generation would never end: it is paused right here
    assert warmed == [0] and not warming.is_alive()
    stream.close()


def test_threads_are_rechosen_between_batches_of_a_long_prompt(backend, monkeypatch):
    from assistant.core.llama_backend import PREFILL_BATCH

    document = Continuation("The tide came in over the flats and went out again. " * 100)  # ~1,100 tokens
    backend._llm.reset()
    choices = []
    monkeypatch.setattr(backend, "_adapt_threads", lambda glance=False: choices.append(backend._llm.n_tokens))
    stream = backend.generate(document, GREEDY)
    next(stream)
    stream.close()
    batches = -(-(backend.prompt_tokens(document) - 1) // PREFILL_BATCH)
    assert choices[:batches] == [i * PREFILL_BATCH for i in range(batches)]  # before each batch of the prompt


def test_the_count_a_glance_chooses_is_the_count_llama_cpp_uses(model_path, monkeypatch):
    """Beside busy neighbours a long prompt starts on one thread, not on the count the model loaded with."""
    import llama_cpp

    from assistant.core.llama_backend import LlamaBackend
    from assistant.core.settings import EngineSettings

    backend = LlamaBackend(model_path, EngineSettings(n_ctx=1024))
    try:
        backend.governor.threads = 2
        samples = iter([(0.0, 0.0, 0.0), (0.1, 0.2, 0.0)])  # the glance: both cores busy with others
        monkeypatch.setattr(backend.governor, "_sample", lambda: next(samples, (1e9, 0.0, 0.0)))  # then idle
        set_to = []
        monkeypatch.setattr(llama_cpp, "llama_set_n_threads", lambda ctx, n, n_batch: set_to.append(n))
        list(backend.generate(Continuation("The tide came in over the flats. " * 60), GREEDY))
        assert set_to[:1] == [1]
    finally:
        backend.close()


def test_a_context_started_small_grows_when_a_request_needs_more(model_path, backend):
    small = LlamaBackend(model_path, EngineSettings(n_ctx=2048, start_ctx=512))
    try:
        assert small.n_ctx == 2048 == backend.n_ctx  # the tools plan with the whole window either way
        assert "".join(small.generate(Continuation("The capital of France is"), GREEDY))
        assert small._llm.n_ctx() == 512
        document = Continuation("The tide came in over the flats and went out again. " * 100)  # ~1,100 tokens
        backend._llm.reset()
        assert "".join(small.generate(document, GREEDY)) == "".join(backend.generate(document, GREEDY))
        assert small._llm.n_ctx() == 2048
    finally:
        small.close()


def test_llama_cpp_internals_that_changed_are_one_clear_line_at_load(model_path, monkeypatch):
    import llama_cpp._internals

    monkeypatch.delattr(llama_cpp._internals.LlamaContext, "kv_cache_seq_rm")
    with pytest.raises(ModelError, match=r"llama-cpp-python .* lacks .*kv_cache_seq_rm.*<0\.4") as caught:
        LlamaBackend(model_path, EngineSettings(n_ctx=256))
    assert "\n" not in str(caught.value)


def test_llama_cpp_internals_are_used_in_one_module_and_the_version_is_pinned():
    import re
    import tomllib
    from pathlib import Path

    import assistant
    from assistant.core import llama_internals

    root = Path(assistant.__file__).parent
    private = re.compile(r"\._input_ids\b|\._ctx\b|\.n_tokens\s*=[^=]|kv_cache_seq_rm")
    users = {p.name for p in root.rglob("*.py") if private.search(p.read_text(encoding="utf-8"))}
    assert users == {"llama_internals.py"}
    pyproject = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"llama-cpp-python{llama_internals.SUPPORTED}" in pyproject["project"]["dependencies"]
