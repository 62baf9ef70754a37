# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Retry-After, robustly (issue 20, point 6): a value that is neither a number of seconds
nor an HTTP date (``soon``, ``-1``, ``1.5``, empty, a broken date) no longer ends the task
with urllib3's InvalidHeader: the backoff applies as if there were none, and the retry's
warning says so, the value escaped and cut short. A date in the past is a wait of 0, so
the backoff too; a valid value waits as before, and one past retry_timeout is not waited for."""

from __future__ import annotations

import email.utils
import time
from types import SimpleNamespace

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils.retry import PlivoRetry
from ansible_collections.plivo.messaging.tests.unit.plugins.module_utils import test_retry_behaviours as behaviours

# The retry clock of test_retry_behaviours.py: no test waits, and the backoff before retry 1 is 0.5 s.
clock = pytest.fixture(behaviours.clock.__wrapped__, name="clock")

AUTH_ID = "MARETRYAFTERTEST0000"
TOKEN = "retry-after-token-3b7e"
U1 = behaviours.U1
PP = behaviours.PP
PATH = "/v1/Account/%s/Powerpack/%s/" % (AUTH_ID, U1)
CREATE_PATH = "/v1/Account/%s/Powerpack/" % AUTH_ID
BACKOFF = "so the backoff applies"


def _client(server, warnings, **kwargs):
    kwargs.setdefault("timeout", 5)
    return PlivoClient(server.url, AUTH_ID, TOKEN, warn=warnings.append, **kwargs)


def _past_date():
    return email.utils.formatdate(time.time() - 3600, usegmt=True)


@pytest.mark.parametrize("value, shown", [
    ("soon", "'soon'"),
    ("-1", "'-1'"),
    ("1.5", "'1.5'"),
    ("", "''"),
    ("1e3", "'1e3'"),
    ("0x10", "'0x10'"),
    ("Mon, 99 Foo 2020 25:61:00 GMT", "'Mon, 99 Foo 2020 25:61:00 GMT'"),
    # A date whose year Python's dates cannot hold: a ValueError inside urllib3, not InvalidHeader.
    ("Fri, 01 Jan 99999 00:00:00 GMT", "'Fri, 01 Jan 99999 00:00:00 GMT'"),
    # Escaped (a terminal would act on ESC and CSI), and cut at 40 characters.
    ("\x1b[8m\x9bsoon", r"'\x1b[8m\x9bsoon'"),
    ("x" * 100, "'" + "x" * 36 + "..."),
])
def test_a_retry_after_that_cannot_be_read_waits_the_backoff_and_says_so(server, clock, value, shown):
    warnings = []
    server.answers = [(429, {"error": "slow down"}, {"Retry-After": value}), (200, PP)]
    assert _client(server, warnings).get_powerpack(U1)["uuid"] == U1
    assert warnings == ["Plivo API: retrying GET %s after HTTP 429 (retry 1 of 5, waiting 0.5 s: Retry-After %s is not "
                        "a number of seconds or an HTTP date, %s)" % (PATH, shown, BACKOFF)]
    assert len(shown) <= 40
    # urllib3's own sleep reads the header too: it waited the backoff, not a crash.
    assert clock.slept == [0.5] and len(server.seen) == 2


@pytest.mark.parametrize("status", [429, 503])
def test_the_last_answer_with_an_unreadable_retry_after_is_the_error_without_one(server, clock, status):
    warnings = []
    server.answers = [(status, {"error": "busy"}, {"Retry-After": "soon"})] * 2
    with pytest.raises(PlivoApiError) as failed:
        _client(server, warnings, max_retries=1).get_powerpack(U1)
    assert str(failed.value) == "Plivo API returned HTTP %d for GET %s: busy (gave up after 1 retries)" % (status, PATH)
    assert failed.value.retry_after is None
    assert len(warnings) == 1 and warnings[0].endswith("waiting 0.5 s: Retry-After 'soon' is not a number of seconds or "
                                                       "an HTTP date, %s)" % BACKOFF)


def test_retries_off_fail_with_the_api_error_not_an_invalid_header(server, clock):
    warnings = []
    server.answers = [(429, {"error": "slow down"}, {"Retry-After": "-1"})]
    with pytest.raises(PlivoApiError) as failed:
        _client(server, warnings, max_retries=0).get_powerpack(U1)
    assert str(failed.value) == "Plivo API returned HTTP 429 for GET %s: slow down" % PATH
    assert (failed.value.status, failed.value.retry_after) == (429, None) and warnings == []


def test_a_create_refused_with_an_unreadable_retry_after_is_sent_again_after_the_backoff(server, clock):
    warnings = []
    server.answers = [(429, {"error": "slow down"}, {"Retry-After": "later"}), (200, PP)]
    assert _client(server, warnings).create_powerpack({"name": "alerts"}) == (PP, True)
    assert warnings == ["Plivo API: retrying POST %s after HTTP 429 (retry 1 of 5, waiting 0.5 s: Retry-After 'later' "
                        "is not a number of seconds or an HTTP date, %s)" % (CREATE_PATH, BACKOFF)]
    assert [seen["method"] for seen in server.seen] == ["POST", "POST"]


def test_a_date_in_the_past_is_no_wait_so_the_backoff_applies(server, clock):
    warnings = []
    server.answers = [(503, {"error": "busy"}, {"Retry-After": _past_date()}), (200, PP)]
    assert _client(server, warnings).get_powerpack(U1)["uuid"] == U1
    assert warnings == ["Plivo API: retrying GET %s after HTTP 503 (retry 1 of 5, waiting 0.5 s)" % PATH]
    assert clock.slept == [0.5]


def test_a_valid_retry_after_is_waited_as_before(server, clock):
    warnings = []
    server.answers = [(429, {"error": "slow down"}, {"retry-after": " 3 "}), (200, PP)]
    assert _client(server, warnings).get_powerpack(U1)["uuid"] == U1
    assert warnings == ["Plivo API: retrying GET %s after HTTP 429 (retry 1 of 5, waiting 3.0 s)" % PATH]
    assert clock.slept == [3.0]


@pytest.mark.parametrize("value, wait", [("200", "200.0"), ("99999999999999999999", "21600.0")])
def test_a_retry_after_past_retry_timeout_is_not_waited_for(server, clock, value, wait):
    warnings = []
    server.answers = [(429, {"error": "slow down"}, {"Retry-After": value})]
    with pytest.raises(PlivoApiError) as failed:
        _client(server, warnings).get_powerpack(U1)
    assert str(failed.value) == "Plivo API returned HTTP 429 for GET %s: slow down" % PATH
    assert failed.value.retry_after == float(wait)
    assert warnings == ["Plivo API: not retrying GET %s after HTTP 429: waiting %s s more would exceed retry_timeout "
                        "(120 s)" % (PATH, wait)]
    assert clock.slept == [] and len(server.seen) == 1


class TestReadRetryAfter:
    """PlivoRetry.read_retry_after and get_retry_after on an answer's headers."""

    retry = PlivoRetry.for_api(5, 120)

    def _read(self, headers):
        return self.retry.read_retry_after(SimpleNamespace(headers=headers))

    def test_no_header_is_no_wait_and_no_problem(self):
        assert self._read({}) == (None, None)

    @pytest.mark.parametrize("value, seconds", [("7", 7), ("0", 0), (" 12 ", 12)])
    def test_seconds(self, value, seconds):
        assert self._read({"Retry-After": value}) == (seconds, None)
        assert self.retry.get_retry_after(SimpleNamespace(headers={"Retry-After": value})) == seconds

    def test_a_date(self):
        seconds, problem = self._read({"Retry-After": email.utils.formatdate(time.time() + 60, usegmt=True)})
        assert 55 <= seconds <= 61 and problem is None
        assert self._read({"Retry-After": _past_date()}) == (0, None)

    def test_a_value_it_cannot_read(self):
        assert self._read({"Retry-After": "soon"}) == (
            None, "Retry-After 'soon' is not a number of seconds or an HTTP date, so the backoff applies")
        assert self.retry.get_retry_after(SimpleNamespace(headers={"Retry-After": "soon"})) is None

    def test_the_value_shown_is_40_characters_at_most(self):
        for length in (37, 38, 39, 100):
            problem = self._read({"Retry-After": "y" * length})[1]
            shown = problem[len("Retry-After "):problem.index(" is not")]
            assert len(shown) == min(length + 2, 40)
            assert shown == repr("y" * length) if length <= 38 else shown == "'" + "y" * 36 + "..."
