"""Prompt heads kept on disk: the next process restores the template and system prompt it would
evaluate again, and a damaged, foreign or oversized file is never used."""

from __future__ import annotations

import dataclasses
import os
import stat
import subprocess
import sys

import pytest

from assistant.core import paths, prompt_cache
from assistant.core.engine import Continuation, GenerationParams, Prompt
from assistant.core.llama_backend import LlamaBackend
from assistant.core.settings import EngineSettings

GREEDY = GenerationParams(max_tokens=24, temperature=0.0)
LEAD = "Summarize the following text in one sentence.\n\nText:\n"  # the tool's own words, before the text
SUMMARIZE = Prompt(system="You are a precise assistant who summarizes texts faithfully. Reply with the summary only.",
                   user=LEAD + "The council met on Tuesday to discuss the old railway yard, and voted to keep half "
                               "of it as a park.", lead=len(LEAD))  # fmt: skip


def run_in_new_backend(model_path, folder, prompt=SUMMARIZE):
    """What a new process does: load the model, generate once, close."""
    backend = LlamaBackend(model_path, EngineSettings(n_ctx=512), prompt_cache=folder)
    try:
        text = "".join(backend.generate(prompt, GREEDY))
        return text, backend.last_stats
    finally:
        backend.close()


def kept_files(folder):
    return sorted(folder.glob("*/*.state"))


def test_the_next_process_does_not_evaluate_the_prompt_head_again(model_path, tmp_path):
    folder = tmp_path / "prompts"
    first, cold = run_in_new_backend(model_path, folder)
    (kept,) = kept_files(folder)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    second, warm = run_in_new_backend(model_path, folder)
    assert cold.prompt_tokens_evaluated == cold.prompt_tokens
    assert warm.prompt_tokens == cold.prompt_tokens
    head = cold.prompt_tokens - warm.prompt_tokens_evaluated
    assert head >= 20  # the template and the system prompt: never the user's message
    assert second == first and second.strip()
    assert kept_files(folder) == [kept]  # kept once


def restored_head(model_path, folder, prompt):
    run_in_new_backend(model_path, folder, prompt)
    _, stats = run_in_new_backend(model_path, folder, prompt)
    return stats.prompt_tokens - stats.prompt_tokens_evaluated


def test_the_tools_own_words_before_the_text_are_part_of_the_head(model_path, tmp_path):
    without_lead = dataclasses.replace(SUMMARIZE, lead=0)
    assert restored_head(model_path, tmp_path / "a", SUMMARIZE) >= restored_head(
        model_path, tmp_path / "b", without_lead) + 10  # fmt: skip


def test_only_what_comes_before_the_text_is_kept(model_path, tmp_path):
    """The text a tool works on never reaches the disk: a different text restores the same head, and
    only the text and the template's end are evaluated."""
    folder = tmp_path / "prompts"
    run_in_new_backend(model_path, folder)
    other = Prompt(system=SUMMARIZE.system, user=LEAD + "A fox ran.", lead=len(LEAD))
    _, stats = run_in_new_backend(model_path, folder, other)
    assert len(kept_files(folder)) == 1
    assert 3 <= stats.prompt_tokens_evaluated <= 12
    assert b"council" not in kept_files(folder)[0].read_bytes()


def test_a_continuation_keeps_nothing(model_path, tmp_path):
    folder = tmp_path / "prompts"
    run_in_new_backend(model_path, folder, Continuation("Notes on the harbour town. " * 8))
    assert kept_files(folder) == []


@pytest.mark.parametrize("damage", ["flipped", "cut", "foreign"])
def test_a_damaged_or_foreign_file_is_skipped_and_the_reply_is_the_same(model_path, tmp_path, damage):
    folder = tmp_path / "prompts"
    first, _ = run_in_new_backend(model_path, folder)
    (kept,) = kept_files(folder)
    data = bytearray(kept.read_bytes())
    if damage == "flipped":  # a bit of the disk gone bad: the digest no longer matches
        data[-100] ^= 0x10
    elif damage == "cut":
        del data[len(data) // 2 :]
    else:  # whole and well formed, but not a state this llama.cpp can take (another build or model)
        count = int.from_bytes(data[len(prompt_cache.MAGIC) : len(prompt_cache.MAGIC) + 4], "little")
        start = len(prompt_cache.MAGIC) + 4 + 4 * count
        state = bytes(range(256)) * ((len(data) - start) // 256)
        data[start:] = prompt_cache._digest(state) + state
    kept.write_bytes(bytes(data))
    text, stats = run_in_new_backend(model_path, folder)
    assert stats.prompt_tokens_evaluated == stats.prompt_tokens
    assert text == first
    _, again = run_in_new_backend(model_path, folder)  # and kept afresh
    assert again.prompt_tokens_evaluated < again.prompt_tokens - 20


def test_the_folder_stays_under_its_limit_removing_the_heads_used_longest_ago(model_path, tmp_path, monkeypatch):
    folder = tmp_path / "prompts"
    prompts = [Prompt(system=f"You are assistant number {n}, who answers in one short sentence.", user="Hi.")
               for n in range(3)]  # fmt: skip
    run_in_new_backend(model_path, folder, prompts[0])
    (oldest,) = kept_files(folder)
    os.utime(oldest, (1, 1))
    monkeypatch.setattr(prompt_cache, "FOLDER_LIMIT", int(oldest.stat().st_size * 2.5))
    run_in_new_backend(model_path, folder, prompts[1])
    run_in_new_backend(model_path, folder, prompts[2])
    kept = kept_files(folder)
    assert len(kept) == 2 and oldest not in kept


def test_a_cache_that_cannot_be_written_costs_nothing_but_the_saving(model_path, tmp_path):
    folder = tmp_path / "prompts"
    folder.write_text("a file where the folder should be: no one can write there, root included")
    for _ in range(2):
        text, stats = run_in_new_backend(model_path, folder)
        assert text.strip() and stats.prompt_tokens_evaluated == stats.prompt_tokens


def test_one_shot_commands_keep_their_heads_in_the_cache_folder_unless_turned_off(tmp_path, home):
    document = tmp_path / "note.txt"
    document.write_text("The council met on Tuesday and voted to keep half of the old railway yard as a park.\n")
    command = [sys.executable, "-m", "assistant", "run", "summarize", str(document)]
    env = {**os.environ, paths.HOME_ENV: str(home)}
    assert subprocess.run(command, env=env, capture_output=True, timeout=120).returncode == 0
    assert len(list(paths.prompt_cache_dir().glob("*/*.state"))) == 1
    for kept in paths.prompt_cache_dir().glob("*/*.state"):
        kept.unlink()
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('{"engine": {"prompt_cache": false}}')
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert list(paths.prompt_cache_dir().glob("*/*.state")) == []
