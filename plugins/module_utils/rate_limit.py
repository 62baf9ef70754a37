# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How fast one module run may send: a client-side rate limit shared by every
worker, so that a run stays under the account's limit instead of finding it by 429s.

Plivo limits each account to 300 requests in any 5 seconds. The limiter is a token
bucket of ``requests`` tokens, each of which comes back ``period`` seconds after the
answer to the request that took it has arrived. The API counts a request when it
arrives, which is before its answer is back here; so every window of the API's clock
holds no more requests than some window of the limiter's, however the round trips
vary, and a run never exceeds the limit it is given.
"""

from __future__ import annotations

import threading
import time

# Plivo's documented limit: 300 requests per five seconds per account.
API_LIMIT = 300
PERIOD = 5.0
# A little under the limit, for the API's own clock granularity.
DEFAULT_LIMIT = 290


class RateLimiter:
    """At most ``requests`` sends in any ``period`` seconds, across all threads.

    ``acquire`` blocks until a token is free and takes it for the calling thread's
    next send; ``release`` says that this thread's sends have their answers, which
    starts their tokens' way back. ``hold`` stops every send for a while (an answer of
    429 means the account is over its limit, whichever worker saw it). Waits are
    bounded: a released token comes back within ``period``, a taken one when its
    request ends (within the request's timeout), and a hold is only as long as a
    retry the caller has already checked against its time budget.
    """

    def __init__(self, requests=DEFAULT_LIMIT, period=PERIOD, clock=time.monotonic, sleep=time.sleep):
        if requests < 1 or period <= 0:
            raise ValueError("a rate limit needs at least 1 request in a period above 0 s")
        self.requests = requests
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._changed = threading.Condition()
        # One entry per token out: [time its answer arrived], or [None] while the request runs.
        self._out = []
        self._held_until = 0.0
        self._local = threading.local()
        # What the limiter did, for the benchmark and the tests: sends allowed, seconds waited in total.
        self.sends = 0
        self.waited = 0.0

    def acquire(self):
        """Wait until a token is free, and take it for this thread's next send."""
        while True:
            with self._changed:
                now = self._clock()
                self._out = [token for token in self._out if token[0] is None or token[0] > now - self.period]
                if now >= self._held_until and len(self._out) < self.requests:
                    token = [None]
                    self._out.append(token)
                    self._pending().append(token)
                    self.sends += 1
                    return
                wait = self._wait(now)
                if wait is None:
                    # Every token is out with a request still running: wait for one to end.
                    self._changed.wait(self.period)
                    continue
                self.waited += wait
            self._sleep(wait)

    def _wait(self, now):
        if now < self._held_until:
            return self._held_until - now
        answered = [token[0] for token in self._out if token[0] is not None]
        return min(answered) + self.period - now if answered else None

    def _pending(self):
        if not hasattr(self._local, "pending"):
            self._local.pending = []
        return self._local.pending

    def release(self):
        """This thread's sends have their answers (or failed): their tokens come back ``period`` from now."""
        with self._changed:
            now = self._clock()
            for token in self._pending():
                token[0] = now
            self._local.pending = []
            self._changed.notify_all()

    def hold(self, seconds):
        """No send starts for ``seconds`` from now (or longer, if an earlier hold says so)."""
        with self._changed:
            self._held_until = max(self._held_until, self._clock() + seconds)
