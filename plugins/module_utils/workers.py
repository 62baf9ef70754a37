# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Independent API work of one module run, done by a bounded number of threads.

Against the real API a round trip takes 100-250 ms, so a converge that reads or
writes one thing at a time runs at the speed of the round trip; with a few requests
in flight it runs at the speed of the account's rate limit instead (``rate_limit.py``
keeps it under that). The number of threads, and so of requests in flight, never
exceeds ``count``: work started from inside a worker runs in that worker, in order.
"""

from __future__ import annotations

import threading

from concurrent.futures import ThreadPoolExecutor

DEFAULT_WORKERS = 10


class Done:
    """What became of one piece of work: its ``value``, or the ``error`` it raised.
    Work that never started because an earlier piece failed has ``started`` False."""

    __slots__ = ("value", "error", "started")

    def __init__(self, value=None, error=None, started=True):
        self.value = value
        self.error = error
        self.started = started


class Workers:
    """Runs ``func`` over items with at most ``count`` at a time, results in item order."""

    def __init__(self, count=DEFAULT_WORKERS):
        if count < 1:
            raise ValueError("workers must be 1 or more")
        self.count = count
        self._local = threading.local()

    def run(self, func, items, stop_on_error=True):
        """A ``Done`` for each item, in order.

        After a failure no further item starts (with ``stop_on_error``), but those
        already running finish, so that what they wrote is known and reported.
        """
        items = list(items)
        if self.count == 1 or len(items) < 2 or getattr(self._local, "inside", False):
            return self._run_here(func, items, stop_on_error)
        failed = threading.Event()

        def one(item):
            if stop_on_error and failed.is_set():
                return Done(started=False)
            self._local.inside = True
            try:
                return Done(func(item))
            except Exception as exc:  # pylint: disable=broad-exception-caught
                # Any error goes back to the caller, as it would unthreaded; it decides.
                failed.set()
                return Done(error=exc)

        with ThreadPoolExecutor(max_workers=min(self.count, len(items))) as pool:
            return list(pool.map(one, items))

    @staticmethod
    def _run_here(func, items, stop_on_error):
        results = []
        for item in items:
            if stop_on_error and any(done.error is not None for done in results):
                results.append(Done(started=False))
                continue
            try:
                results.append(Done(func(item)))
            except Exception as exc:  # pylint: disable=broad-exception-caught
                results.append(Done(error=exc))
        return results

    def map(self, func, items):
        """``func`` over ``items``, values in order; the first error (in item order) is raised once all have stopped."""
        results = self.run(func, items)
        for done in results:
            if done.error is not None:
                raise done.error
        return [done.value for done in results]
