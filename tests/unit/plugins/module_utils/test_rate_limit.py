# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""rate_limit: one module run never sends more than its limit in any window, and a 429
seen by one worker holds every worker."""

from __future__ import annotations

import threading
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.rate_limit import RateLimiter


class FakeClock:
    """A clock that only moves when the limiter sleeps."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def _limiter(requests, period=5.0):
    clock = FakeClock()
    return RateLimiter(requests, period, clock=clock, sleep=clock.sleep), clock


def _most_in_any_window(times, period):
    return max(sum(1 for other in times if start <= other < start + period) for start in times)


def test_a_burst_up_to_the_limit_goes_at_once_and_the_next_waits_for_the_oldest_to_leave_the_window():
    limiter, clock = _limiter(3)
    sent = []
    for dummy in range(3):
        limiter.acquire()
        sent.append(clock.now)
        clock.now += 0.5
        limiter.release()
    assert clock.slept == []
    limiter.acquire()
    # The first answer came at 1000.5: the fourth send may go at 1005.5, not before.
    assert clock.now == pytest.approx(1005.5)
    assert limiter.sends == 4 and limiter.waited == pytest.approx(4.0)


def test_no_window_ever_holds_more_than_the_limit():
    limiter, clock = _limiter(290)
    times = []
    for dummy in range(1000):
        limiter.acquire()
        times.append(clock.now)
        clock.now += 0.001
        limiter.release()
    assert _most_in_any_window(times, 5.0) == 290
    # 1,000 sends at 290 per 5 s: the last one cannot go before 3 full windows have passed.
    assert times[-1] - times[0] >= 15.0


def test_a_hold_stops_every_send_until_it_ends_and_a_shorter_one_does_not_cut_it():
    limiter, clock = _limiter(100)
    limiter.hold(2.0)
    limiter.hold(0.5)
    limiter.acquire()
    assert clock.now == pytest.approx(1002.0)


def test_threads_share_one_limit():
    # A real clock: 40 sends at 20 per 0.2 s from 8 threads take at least one window.
    limiter = RateLimiter(20, 0.2)
    times, lock = [], threading.Lock()

    def send():
        for dummy in range(5):
            limiter.acquire()
            with lock:
                times.append(limiter._clock())  # pylint: disable=protected-access
            time.sleep(0.001)
            limiter.release()

    threads = [threading.Thread(target=send) for dummy in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(times) == 40
    assert _most_in_any_window(sorted(times), 0.2) <= 20
    assert max(times) - min(times) >= 0.2 * 0.99


def test_the_window_counts_from_each_answer_so_slow_round_trips_never_let_the_server_see_more():
    # The server counts a request on arrival, between send and answer: a token that came back
    # a window after its send but before its answer could let the server see limit + 1.
    limiter, clock = _limiter(2)
    limiter.acquire()
    clock.now += 4.0
    limiter.release()
    limiter.acquire()
    limiter.release()
    limiter.acquire()
    assert clock.now == pytest.approx(1009.0)


def test_a_thread_waits_for_a_running_request_when_every_token_is_out():
    limiter = RateLimiter(1, 0.05)
    limiter.acquire()
    got = threading.Event()
    other = threading.Thread(target=lambda: (limiter.acquire(), got.set()))
    other.start()
    assert not got.wait(0.2)
    limiter.release()
    assert got.wait(2)
    other.join(2)


@pytest.mark.parametrize("requests, period", [(0, 5.0), (10, 0)])
def test_a_limit_that_allows_nothing_is_refused(requests, period):
    with pytest.raises(ValueError):
        RateLimiter(requests, period)
