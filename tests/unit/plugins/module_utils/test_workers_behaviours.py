# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours of workers.py that mutation testing found unguarded (issue 15): two workers or
two items already run in parallel, one worker runs everything in the caller's thread, every
item has a result even after a failure (those that never started say started False), and a
count below one is refused with a message."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.workers import Workers


def _together(parties):
    """Work that returns its item when ``parties`` calls run at the same time, and "alone" when they never do."""
    barrier = threading.Barrier(parties, timeout=2)

    def work(value):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return "alone"
        return value

    return work


@pytest.mark.parametrize("count, items", [(2, 6), (4, 2), (2, 2)])
def test_two_workers_or_two_items_already_run_at_the_same_time(count, items):
    assert Workers(count).map(_together(2), range(items)) == list(range(items))


def test_one_worker_runs_every_item_in_the_callers_thread_in_order():
    seen = []
    assert Workers(1).map(lambda item: seen.append((item, threading.current_thread())) or item, range(5)) == list(range(5))
    assert seen == [(item, threading.current_thread()) for item in range(5)]


@pytest.mark.parametrize("count", [1, 2])
def test_after_a_failure_every_item_still_has_a_result_and_the_unstarted_say_so(count):
    ran, second = [], threading.Event()

    def work(item):
        ran.append(item)
        if item == 0:
            # With two workers item 0 fails once item 1 has started; item 1 ends well after that.
            second.wait(2 if count > 1 else 0)
            raise ValueError("item 0 failed")
        second.set()
        time.sleep(0.05)
        return item

    results = Workers(count).run(work, range(6))
    assert sorted(ran) == list(range(count))
    assert str(results[0].error) == "item 0 failed" and results[0].started is True
    assert [(done.started, done.value, done.error) for done in results[1:]] == (
        [(True, 1, None)] * (count - 1) + [(False, None, None)] * (6 - count))


@pytest.mark.parametrize("count", [0, -1])
def test_fewer_than_one_worker_is_refused_with_a_message(count):
    with pytest.raises(ValueError) as refused:
        Workers(count)
    assert str(refused.value) == "workers must be 1 or more"


def test_one_worker_is_allowed_and_counted():
    workers = Workers(1)
    assert workers.count == 1 and workers.map(str, [1, 2]) == ["1", "2"]
