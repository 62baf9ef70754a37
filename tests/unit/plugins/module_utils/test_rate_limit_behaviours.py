# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours of rate_limit.py that mutation testing found unguarded (issue 15), on a clock that
moves only when the limiter sleeps: a limit that allows nothing is refused with a message, the
smallest one that allows something is accepted, a fresh limiter lets the first send go at once
whatever its clock reads, a send after a hold still waits for a token when every token was used
in the window, and the waits add up in what the limiter reports."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.rate_limit import RateLimiter


class FakeClock:
    """A clock that only moves when the limiter sleeps; a sleep of nothing would never end a wait."""

    def __init__(self, now=1000.0):
        self.now = now
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        assert seconds > 0, "the limiter slept %r s: it would wait forever" % seconds
        self.slept.append(round(seconds, 6))
        self.now += seconds


def _limiter(requests, period=5.0, now=1000.0):
    clock = FakeClock(now)
    return RateLimiter(requests, period, clock=clock, sleep=clock.sleep), clock


def _send(limiter, clock, round_trip=0.0):
    """One send: take a token, wait for the answer, give it back; the time it went."""
    limiter.acquire()
    sent = clock.now
    clock.now += round_trip
    limiter.release()
    return sent


@pytest.mark.parametrize("requests, period", [(0, 5.0), (-3, 5.0), (10, 0), (10, -1.0), (0, 0)])
def test_a_limit_that_allows_nothing_is_refused_with_a_message(requests, period):
    with pytest.raises(ValueError) as refused:
        RateLimiter(requests, period)
    assert str(refused.value) == "a rate limit needs at least 1 request in a period above 0 s"


def test_one_request_in_a_short_period_is_a_limit():
    limiter, clock = _limiter(1, 0.5)
    assert [_send(limiter, clock) for dummy in range(3)] == [1000.0, 1000.5, 1001.0]
    assert limiter.requests == 1 and limiter.period == 0.5


def test_a_fresh_limiter_lets_the_first_send_go_at_once_whatever_its_clock_reads():
    limiter, clock = _limiter(2, now=0.0)
    assert _send(limiter, clock) == 0.0 and clock.slept == []


def test_after_a_hold_a_send_still_waits_for_a_token_of_the_window():
    limiter, clock = _limiter(1)
    _send(limiter, clock)
    limiter.hold(2.0)
    # Held until 1002; the only token came back at 1000 and is free again at 1005.
    assert _send(limiter, clock) == 1005.0
    assert clock.slept == [2.0, 3.0]


def test_every_wait_adds_to_what_the_limiter_reports():
    limiter, clock = _limiter(1, 2.0)
    times = [_send(limiter, clock, round_trip=0.5) for dummy in range(3)]
    # Each token is free 2 s after its answer: sends at 1000, 1002.5, 1005.
    assert times == [1000.0, 1002.5, 1005.0]
    assert limiter.sends == 3 and limiter.waited == pytest.approx(4.0)
