"""How many CPU threads llama.cpp should use, measured rather than guessed.

llama.cpp's worker threads spin while they wait for each other. With every
core busy, a thread that loses its core stalls all the others: on 2 cores with
two busy neighbours, 2 threads gave 6 tok/s where 1 thread gave 41. Idle, 2
threads gave 92 and 1 gave 54. No fixed count is right for both, and a desktop
app always has neighbours, so the default adapts: it uses as many threads as
there are cores that other programs leave free, re-measured a few times a
second while generating.

"Other programs" is the CPU time of the cores this process may run on (from
/proc/stat) minus this process's own CPU time, so our own spinning threads
never count as load. Where /proc/stat is missing (macOS, Windows) the count is
fixed at half the cores, llama-cpp-python's own default.
"""

from __future__ import annotations

import os
import time

_PROC_STAT = "/proc/stat"
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def usable_cpus() -> set[int]:
    if hasattr(os, "sched_getaffinity"):
        return set(os.sched_getaffinity(0))
    return set(range(os.cpu_count() or 1))


def _busy_seconds(cpus: set[int]) -> float | None:
    """CPU seconds spent busy (steal included) on `cpus` since boot; None without /proc/stat."""
    try:
        with open(_PROC_STAT) as f:
            lines = f.readlines()
    except OSError:
        return None
    ticks = 0
    for line in lines[1:]:
        if not line.startswith("cpu"):
            break
        name, user, nice, system, _idle, _iowait, irq, softirq, steal, *_ = line.split()
        if int(name[3:]) in cpus:
            ticks += int(user) + int(nice) + int(system) + int(irq) + int(softirq) + int(steal)
    return ticks / _TICKS


class ThreadGovernor:
    """Chooses the thread count; `fixed` > 0 turns adaptation off."""

    # Shorter windows see too few clock ticks (10 ms each) to be trusted.
    WINDOW = 0.25

    def __init__(self, fixed: int = 0, sample=None):
        self._cpus = usable_cpus()
        self.cores = len(self._cpus)
        self.fixed = fixed
        if sample is not None:  # (wall, busy, own) seconds: recorded samples in tests
            self._sample = sample
        self._last = self._sample()
        if fixed:
            self.threads = fixed
        elif self._last is None:
            self.threads = max(1, self.cores // 2)
        else:
            self.threads = self.cores

    @property
    def adaptive(self) -> bool:
        return not self.fixed and self._last is not None

    def _sample(self) -> tuple[float, float, float] | None:
        busy = _busy_seconds(self._cpus)
        return None if busy is None else (time.monotonic(), busy, time.process_time())

    # A fresh look: 10 clock ticks per core, enough to tell a busy neighbour from an idle one.
    GLANCE = 0.1
    # A measure over the last moments, while at most one of our threads worked (loading the model, say),
    # is as good as a glance, and costs nothing.
    FRESH = 2.0

    def glance(self) -> bool:
        """Measure the neighbours now, over GLANCE seconds while this process waits, so that our own
        threads cannot blur the measure. Before a long prompt: a first batch with too many threads beside
        busy neighbours costs seconds (a slowdown of ten or more), the glance a tenth of one. Where the
        time since the last measure is short and our own threads were quiet, that time is the glance.
        True when the thread count changed."""
        if not self.adaptive:
            return False
        now = self._sample()
        wall, _, own = (a - b for a, b in zip(now, self._last))
        if self.WINDOW <= wall <= self.FRESH and own <= 1.1 * wall:
            return self._measure(now)
        self._last = now
        time.sleep(self.GLANCE)
        return self.update(self.GLANCE)

    def update(self, window: float = WINDOW) -> bool:
        """Re-measure once `window` has passed; True when the thread count changed."""
        if not self.adaptive or time.monotonic() - self._last[0] < window:
            return False
        return self._measure(self._sample())

    def _measure(self, sample: tuple[float, float, float]) -> bool:
        wall, busy, own = (now - then for now, then in zip(sample, self._last))
        self._last = sample
        others = max(0.0, busy - own) / wall
        threads = max(1, min(self.cores, int(self.cores - others + 0.5)))
        changed, self.threads = threads != self.threads, threads
        return changed
