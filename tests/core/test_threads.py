import multiprocessing
import time

from assistant.core.threads import ThreadGovernor, usable_cpus


def _spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_fixed_count_is_kept():
    governor = ThreadGovernor(fixed=3)
    assert governor.threads == 3 and not governor.adaptive
    time.sleep(0.3)
    assert governor.update() is False and governor.threads == 3


def test_threads_drop_to_one_when_neighbours_take_every_core():
    governor = ThreadGovernor()
    assert governor.adaptive, "needs /proc/stat (Linux)"
    cores = len(usable_cpus())
    busy = [multiprocessing.Process(target=_spin, args=(3.0,)) for _ in range(cores)]
    for p in busy:
        p.start()
    try:
        time.sleep(0.5)
        governor.update()  # start a window with the neighbours already running
        time.sleep(0.6)
        governor.update()
        assert governor.threads == 1  # (more load from other programs on CI only confirms it)
    finally:
        for p in busy:
            p.join()


def test_threads_follow_the_load_of_other_programs_on_recorded_samples():
    """/proc/stat as recorded on a 2-core machine: (wall, busy, own) seconds. Other programs' share is
    busy - own: none, both cores, one core, none again. The test needs no idle machine."""
    samples = iter([(0.0, 0.0, 0.0), (0.5, 0.9, 0.9), (1.0, 1.9, 0.95), (1.5, 2.9, 1.45), (2.0, 3.9, 2.45)])
    governor = ThreadGovernor(sample=lambda: next(samples))
    governor.cores, governor.WINDOW = 2, 0.0  # every update measures
    seen = []
    for _ in range(4):
        governor.update()
        seen.append(governor.threads)
    assert seen == [2, 1, 1, 2]


def test_a_glance_measures_the_last_moment_not_the_time_before():
    """Before a long prompt: the load of the last tenth of a second, not of the minutes before."""
    samples = iter([(0.0, 0.0, 0.0), (0.2, 0.0, 0.0), (0.3, 0.2, 0.0)])  # a quiet past; now both cores busy
    governor = ThreadGovernor(sample=lambda: next(samples))
    governor.cores, governor.threads = 2, 2
    assert governor.glance() and governor.threads == 1


def test_a_glance_right_after_a_quiet_moment_of_our_own_costs_nothing(monkeypatch):
    """A one-shot command glances before its first long prompt, just after loading the model on one
    thread: that load was a fair measure of the neighbours, and the 0.1 s wait is saved."""
    slept = []
    monkeypatch.setattr(time, "sleep", slept.append)
    samples = iter([(0.0, 0.0, 0.0), (0.5, 0.9, 0.4)])  # loading on one thread, one busy neighbour
    governor = ThreadGovernor(sample=lambda: next(samples))
    governor.cores, governor.threads = 2, 2
    assert governor.glance() and governor.threads == 1 and slept == []
    for spinning_or_stale in ((0.5, 1.0, 1.0), (9.0, 0.0, 0.0)):  # our threads were busy, or it is old news
        samples = iter([(0.0, 0.0, 0.0), spinning_or_stale, (spinning_or_stale[0] + 0.1, 0.0, 0.0)])
        governor = ThreadGovernor(sample=lambda: next(samples))
        governor.cores = 2
        governor.glance()
        assert slept.pop() == governor.GLANCE
