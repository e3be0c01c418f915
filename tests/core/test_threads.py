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
        assert governor.threads == 1
    finally:
        for p in busy:
            p.join()
    time.sleep(0.6)
    governor.update()  # the neighbours are gone: back to every core
    time.sleep(0.6)
    governor.update()
    assert governor.threads == cores
