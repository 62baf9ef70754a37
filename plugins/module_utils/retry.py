# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""When and how long the API client waits before it sends a request again.

Built on urllib3's ``Retry``, which already retries connection errors, read
errors and listed statuses, and honours ``Retry-After`` (seconds or an HTTP
date, header name in any case). What it adds: a time budget, jittered
exponential backoff from the first retry on, a report of every retry, a
``Retry-After`` it cannot read taken as none (urllib3 would end the request),
requests that must not be sent twice once they may have reached the API, and
the number of attempts made on the ``MaxRetryError`` that ends a request
(``attempts``).
"""

from __future__ import annotations

import random
import time

try:
    from urllib3.exceptions import InvalidHeader, MaxRetryError, SSLError
    from urllib3.util.retry import Retry
except ImportError:  # requests is missing too; api.py reports that
    Retry = object

# Statuses that mean "not now": rate limited, or the API or a proxy in front of it is unwell.
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# Backoff before retry n (1-based) is BACKOFF_BASE * 2**(n-1), at most BACKOFF_CAP, times a random 0.5..1.
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
# How much of a Retry-After value that cannot be read a warning shows (escaped, as repr shows it).
RETRY_AFTER_SHOWN = 40


def backoff_delay(retry_number):
    """Seconds to wait before retry ``retry_number``: exponential, capped, with jitter
    so that many forks that failed together do not all come back together."""
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(retry_number - 1, 0))
    return delay * random.uniform(0.5, 1.0)


class PlivoRetry(Retry):
    """urllib3 ``Retry`` with a time budget and a report of each retry.

    ``budget``: seconds a request may keep retrying, counted from its first failure.
    ``report``: called with a message before each retry.
    ``not_resendable``: called with (method, path); True for a request that must not
    be sent again once it may have reached the API (a create). Such a request is
    only retried when it certainly did not take effect (the connection was never
    made, or the answer was 429); otherwise the error goes to the caller to decide.
    ``limiter``: the run's ``rate_limit.RateLimiter``. A retry is a send like any
    other and waits for its turn; a 429 holds every worker's sends, not only this one's.
    """

    def __init__(self, budget, report=None, not_resendable=None, deadline=None, limiter=None, **kwargs):
        super().__init__(**kwargs)
        self.budget = budget
        self.report = report or (lambda message: None)
        self.not_resendable = not_resendable or (lambda method, path: False)
        self.deadline = deadline
        self.limiter = limiter
        # Drawn once per retry, so that the wait checked against the budget and
        # reported is the wait urllib3 then sleeps.
        self.planned_backoff = None

    @classmethod
    def for_api(cls, max_retries, budget, report=None, not_resendable=None, limiter=None):
        return cls(
            total=max_retries,
            # No redirect reaches the retries: Transport sends with allow_redirects=False, requests then
            # asks urllib3 to follow none, and a redirect is an error Transport reports.
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset(("GET", "POST", "DELETE")),
            # The client reports the final status itself, with the API's error text.
            raise_on_status=False,
            # Retry-After is honoured: urllib3's default (respect_retry_after_header).
            budget=budget,
            report=report,
            not_resendable=not_resendable,
            limiter=limiter,
        )

    def new(self, **kw):
        kw.setdefault("budget", self.budget)
        kw.setdefault("report", self.report)
        kw.setdefault("not_resendable", self.not_resendable)
        kw.setdefault("deadline", self.deadline)
        kw.setdefault("limiter", self.limiter)
        return super().new(**kw)

    def sleep(self, response=None):
        # The failed attempt has its answer: its token starts its way back before the wait,
        # and the retry takes a token of its own after it.
        if self.limiter is not None:
            self.limiter.release()
        super().sleep(response)
        if self.limiter is not None:
            self.limiter.acquire()

    def get_retry_after(self, response):
        """Seconds the answer's ``Retry-After`` asks for (a date in the past: 0, so the backoff
        applies); None without one, or with one that is neither a number of seconds nor an HTTP
        date. urllib3 raises ``InvalidHeader`` for such a value, from its retry and its sleep, and
        that would end the request at once: a broken header is no reason to give up, so the
        backoff applies as if there were none. urllib3's ``sleep`` asks here too."""
        return self.read_retry_after(response)[0]

    def read_retry_after(self, response):
        """``(seconds, problem)`` for the answer's ``Retry-After``: seconds as ``get_retry_after``
        gives them, and for a value it cannot read, why the backoff applies instead (the value
        escaped and cut short, since the endpoint may send anything); else None."""
        value = response.headers.get("Retry-After")
        if value is None:
            return None, None
        try:
            return self.parse_retry_after(value), None
        except (InvalidHeader, ValueError, OverflowError):
            # ValueError, OverflowError: a date whose year Python's dates cannot hold.
            shown = repr(value)
            if len(shown) > RETRY_AFTER_SHOWN:
                shown = shown[:RETRY_AFTER_SHOWN - 3] + "..."
            return None, "Retry-After %s is not a number of seconds or an HTTP date, so the backoff applies" % shown

    def get_backoff_time(self):
        # urllib3 waits nothing before the first retry; a rate-limited API needs a pause every time.
        if self.planned_backoff is None:
            self.planned_backoff = backoff_delay(len(self.history))
        return self.planned_backoff

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        try:
            return self._increment(method, url, response, error, _pool, _stacktrace)
        except MaxRetryError as exc:
            # The request ends here. The failure message says how often it was tried (history holds the
            # attempts before this one), since each attempt may have waited a timeout and a backoff.
            exc.attempts = len(self.history) + 1
            raise

    def _increment(self, method, url, response, error, _pool, _stacktrace):
        if isinstance(error, SSLError):
            # A certificate or TLS protocol problem does not go away by waiting; fail at once.
            raise MaxRetryError(_pool, url, error)
        status = response.status if response is not None else None
        certainly_not_applied = status == 429 or (error is not None and self._is_connection_error(error))
        # A MaxRetryError after an answer (error None) only ends the retries: with raise_on_status
        # False urllib3 returns that answer, and the client reports its status itself.
        if self.not_resendable(method, url) and not certainly_not_applied:
            raise MaxRetryError(_pool, url, error)
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        now = time.monotonic()
        if retry.deadline is None:
            retry.deadline = now + self.budget
        wait, unreadable = self._planned_wait(retry, response)
        cause = "HTTP %s" % status if status else type(error).__name__
        if now + wait > retry.deadline:
            self.report("Plivo API: not retrying %s %s after %s: waiting %.1f s more would exceed retry_timeout (%s s)"
                        % (method, url, cause, wait, self.budget))
            raise MaxRetryError(_pool, url, error)
        if status == 429 and self.limiter is not None:
            # The account is over its limit: every worker of this run waits, not only this one.
            self.limiter.hold(wait)
        self.report("Plivo API: retrying %s %s after %s (retry %d of %d, waiting %.1f s%s)" % (
            method, url, cause, len(retry.history), len(retry.history) + (retry.total or 0), wait,
            ": " + unreadable if unreadable else ""))
        return retry

    @staticmethod
    def _planned_wait(retry, response):
        """What urllib3's ``sleep`` will wait for ``retry``: Retry-After when the answer has one it can
        read, else the backoff; and, when the answer's Retry-After cannot be read, why (else None)."""
        retry_after, unreadable = retry.read_retry_after(response) if response is not None else (None, None)
        if retry_after:
            return retry_after, None
        return retry.get_backoff_time(), unreadable
