# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""workers: independent work runs in parallel up to a bound, results in order, and a
failure stops what has not started while what runs finishes and is reported."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.workers import Workers


class InFlight:
    """Counts how many calls run at once."""

    def __init__(self, seconds=0.02):
        self.seconds = seconds
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, value):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(self.seconds)
        with self.lock:
            self.now -= 1
        return value * 2


@pytest.mark.parametrize("count", [1, 3, 8])
def test_at_most_count_run_at_once_and_results_keep_item_order(count):
    work = InFlight()
    assert Workers(count).map(work, range(20)) == [value * 2 for value in range(20)]
    assert work.most == count


def test_work_started_from_a_worker_runs_in_that_worker_so_the_bound_holds_when_nested():
    work = InFlight(0.01)
    workers = Workers(3)
    results = workers.map(lambda outer: workers.map(work, range(outer * 4, outer * 4 + 4)), range(4))
    assert results == [[value * 2 for value in range(outer * 4, outer * 4 + 4)] for outer in range(4)]
    assert work.most == 3


@pytest.mark.parametrize("count", [1, 4])
def test_after_a_failure_nothing_new_starts_what_ran_is_reported_and_map_raises_the_first_in_order(count):
    started, all_running = [], threading.Event()

    def work(value):
        started.append(value)
        if len(started) >= count:
            all_running.set()
        if value == 1:
            # Fail once every worker has an item, so that some are running when it does.
            all_running.wait(5)
            raise RuntimeError("failed 1")
        time.sleep(0.05)
        return value

    results = Workers(count).run(work, range(40))
    assert results[0].value == 0 and str(results[1].error) == "failed 1"
    # The items already running when 1 failed finish, and are reported; no other starts.
    assert [done.value for done in results[2:count]] == list(range(2, count))
    assert sorted(started) == list(range(max(count, 2)))
    assert not any(done.started for done in results[max(count, 2):])
    started.clear()
    all_running.clear()
    with pytest.raises(RuntimeError, match="failed 1"):
        Workers(count).map(work, range(40))


def test_without_stop_on_error_every_item_runs():
    def work(value):
        if value % 2:
            raise ValueError(value)
        return value

    results = Workers(4).run(work, range(10), stop_on_error=False)
    assert all(done.started for done in results)
    assert [done.value for done in results[::2]] == [0, 2, 4, 6, 8]


def test_at_least_one_worker():
    with pytest.raises(ValueError):
        Workers(0)
