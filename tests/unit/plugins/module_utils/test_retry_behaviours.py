# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours of retry.py that mutation testing found unguarded (issue 15), through the client
against a local server, with the retry clock patched so that no test waits: every retry is
reported with its number, of how many and its wait, and then waits exactly that; the time
budget counts from the first failure, a retry that ends exactly at it is made, one past it is
not; a request that fails without an answer names the request and its cause; a create is
retried at once only when its connection was never made; each retry takes its turn from the
run's rate limiter, and a 429 holds every send."""

from __future__ import annotations

import random
import time

import pytest
import urllib3.util.retry
from urllib3.response import HTTPResponse

from ansible_collections.plivo.messaging.plugins.module_utils import retry as retry_module
from ansible_collections.plivo.messaging.plugins.module_utils import transport as transport_module
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils.rate_limit import RateLimiter
from ansible_collections.plivo.messaging.tests.unit.plugins.local_server import DROP
from ansible_collections.plivo.messaging.tests.unit.plugins.module_utils import test_https

AUTH_ID = "MARETRYBEHAVIOUR0000"
TOKEN = "retry-behaviour-token-5c2e"
U1 = "00000000-0000-4000-8000-000000000001"
PATH = "/v1/Account/%s/Powerpack/%s/" % (AUTH_ID, U1)
CREATE_PATH = "/v1/Account/%s/Powerpack/" % AUTH_ID
PP = {"uuid": U1, "name": "alerts", "sticky_sender": True, "local_connect": True, "application_id": "",
      "application_type": "", "number_pool": "/p/", "created_on": "2020-09-23T09:31:25.924044Z"}


# The https server of test_https.py, with its self-signed certificate.
certificate = test_https.certificate
tls_server = test_https.tls_server


class FakeTime:
    """The clock of the retry code and of urllib3's retry sleeps: it moves only when they sleep."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds

    @staticmethod
    def time():
        return time.time()


class RecordingLimiter(RateLimiter):
    """The run's rate limiter on the fake clock, with a record of its calls."""

    clock = None
    calls = []

    def __init__(self, requests):
        super().__init__(requests, clock=self.clock.monotonic, sleep=self.clock.sleep)

    def acquire(self):
        self.calls.append("acquire")
        super().acquire()

    def release(self):
        self.calls.append("release")
        super().release()

    def hold(self, seconds):
        self.calls.append("hold %.1f" % seconds)
        super().hold(seconds)


@pytest.fixture
def clock(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(retry_module, "time", fake)
    monkeypatch.setattr(urllib3.util.retry, "time", fake)
    monkeypatch.setattr(RecordingLimiter, "clock", fake)
    monkeypatch.setattr(RecordingLimiter, "calls", [])
    monkeypatch.setattr(transport_module, "RateLimiter", RecordingLimiter)
    # The longest wait of the jitter: 0.5 s before retry 1, 1 s before retry 2, ...
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    return fake


def _client(server, warnings, **kwargs):
    kwargs.setdefault("timeout", 5)
    return PlivoClient(server.url, AUTH_ID, TOKEN, warn=warnings.append, **kwargs)


def _dropped(server, path, attempts):
    """The error of a request (``METHOD path``) whose connection the server closed without an answer."""
    return ("Plivo API request %s failed: the connection to 127.0.0.1 port %d ended without an answer: Remote end "
            "closed connection without response (%s)" % (path, server.httpd.server_address[1], attempts))


# Each retry is reported, numbered "n of max_retries" with the wait it then waits.

def test_every_retry_is_reported_with_its_number_and_waits_what_it_says(server, clock):
    warnings = []
    server.answers = [(503, {"error": "x"}), (500, {"error": "x"}), (200, PP)]
    assert _client(server, warnings, max_retries=2).get_powerpack(U1)["uuid"] == U1
    assert warnings == [
        "Plivo API: retrying GET %s after HTTP 503 (retry 1 of 2, waiting 0.5 s)" % PATH,
        "Plivo API: retrying GET %s after HTTP 500 (retry 2 of 2, waiting 1.0 s)" % PATH,
    ]
    assert clock.slept == [0.5, 1.0] and len(server.seen) == 3


def test_a_retry_after_is_the_wait_reported_and_waited(server, clock):
    warnings = []
    server.answers = [(429, {"error": "slow down"}, {"Retry-After": "3"}), (503, {"error": "x"}, {"Retry-After": "7"}), (200, PP)]
    assert _client(server, warnings).get_powerpack(U1)["uuid"] == U1
    assert warnings == [
        "Plivo API: retrying GET %s after HTTP 429 (retry 1 of 5, waiting 3.0 s)" % PATH,
        "Plivo API: retrying GET %s after HTTP 503 (retry 2 of 5, waiting 7.0 s)" % PATH,
    ]
    assert clock.slept == [3.0, 7.0]


# retry_timeout counts from the first failure: a retry that ends exactly at it is made, the next is not.

def test_the_time_budget_counts_from_the_first_failure(server, clock):
    warnings = []
    server.answers = [(503, {"error": "busy"}, {"Retry-After": "1"})] * 4
    with pytest.raises(PlivoApiError) as failed:
        _client(server, warnings, retry_timeout=2).get_powerpack(U1)
    assert str(failed.value) == "Plivo API returned HTTP 503 for GET %s: busy (gave up after 2 retries)" % PATH
    assert warnings == [
        "Plivo API: retrying GET %s after HTTP 503 (retry 1 of 5, waiting 1.0 s)" % PATH,
        "Plivo API: retrying GET %s after HTTP 503 (retry 2 of 5, waiting 1.0 s)" % PATH,
        "Plivo API: not retrying GET %s after HTTP 503: waiting 1.0 s more would exceed retry_timeout (2 s)" % PATH,
    ]
    assert clock.slept == [1.0, 1.0] and len(server.seen) == 3


def test_a_retry_that_fits_the_budget_exactly_is_made(server, clock, monkeypatch):
    monkeypatch.setattr(retry_module, "BACKOFF_BASE", 0.0)
    warnings = []
    server.answers = [(503, {"error": "x"}), (200, PP)]
    assert _client(server, warnings, retry_timeout=0).get_powerpack(U1)["uuid"] == U1
    assert warnings == ["Plivo API: retrying GET %s after HTTP 503 (retry 1 of 5, waiting 0.0 s)" % PATH]


# A request without an answer: the retry names its cause, and the error the request and why it failed.

def test_a_read_without_an_answer_is_retried_and_its_error_names_the_request_and_cause(server, clock):
    warnings = []
    server.answers = [DROP, DROP]
    with pytest.raises(PlivoApiError) as failed:
        _client(server, warnings, max_retries=1).get_powerpack(U1)
    assert str(failed.value) == _dropped(server, "GET " + PATH, "2 attempts")
    assert warnings == ["Plivo API: retrying GET %s after ProtocolError (retry 1 of 1, waiting 0.5 s)" % PATH]


def test_a_read_without_an_answer_whose_retry_would_pass_the_budget_fails_naming_the_cause(server, clock):
    warnings = []
    server.answers = [DROP]
    with pytest.raises(PlivoApiError) as failed:
        _client(server, warnings, retry_timeout=0.25).get_powerpack(U1)
    assert str(failed.value) == _dropped(server, "GET " + PATH, "1 attempt")
    assert warnings == ["Plivo API: not retrying GET %s after ProtocolError: waiting 0.5 s more would exceed "
                        "retry_timeout (0.25 s)" % PATH]
    assert clock.slept == [] and len(server.seen) == 1


def test_a_certificate_refused_is_not_retried_and_its_error_names_the_request_and_cause(tls_server, clock):
    warnings = []
    tls_server.answers = [(200, PP)]
    with pytest.raises(PlivoApiError) as failed:
        _client(tls_server, warnings, validate_certs=True).get_powerpack(U1)
    assert str(failed.value).startswith("Plivo API request GET %s failed: the TLS certificate of 127.0.0.1 port %d was "
                                        "refused: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"
                                        % (PATH, tls_server.httpd.server_address[1]))
    assert "(1 attempt); TLS failures are not retried: check api_url" in str(failed.value)
    assert warnings == [] and clock.slept == []


def test_a_create_without_an_answer_is_not_resent_and_its_error_names_the_request_and_cause(server, clock, fast_backoff):
    warnings = []
    empty = {"api_id": "x", "meta": {"limit": 20, "offset": 0, "total_count": 0, "next": None, "previous": None}, "objects": []}
    server.answers = [DROP, (200, empty)]
    with pytest.raises(PlivoApiError) as failed:
        _client(server, warnings, max_retries=0).create_powerpack({"name": "alerts"})
    assert str(failed.value) == _dropped(server, "POST " + CREATE_PATH, "1 attempt")
    assert server.methods() == [("POST", "Powerpack/"), ("GET", "Powerpack/")]
    assert warnings == []


def test_a_create_whose_connection_was_never_made_is_retried_at_once(clock, fast_backoff):
    warnings = []
    client = PlivoClient("http://127.0.0.1:9", AUTH_ID, TOKEN, max_retries=1, timeout=2, warn=warnings.append)
    with pytest.raises(PlivoApiError):
        client.create_powerpack({"name": "alerts"})
    # The refused create goes again through urllib3's retry, before any lookup of the name.
    assert warnings[0] == "Plivo API: retrying POST %s after NewConnectionError (retry 1 of 1, waiting 0.0 s)" % CREATE_PATH
    assert warnings[1].startswith("Plivo API: retrying GET %s" % CREATE_PATH)


# Each retry takes its turn from the run's rate limiter; a 429 holds every send for its wait.

@pytest.mark.parametrize("status, headers, calls", [
    (429, {"Retry-After": "0"}, ["acquire", "hold 0.5", "release", "acquire", "release"]),
    (429, {"Retry-After": "4"}, ["acquire", "hold 4.0", "release", "acquire", "release"]),
    (503, {}, ["acquire", "release", "acquire", "release"]),
    (200, {}, ["acquire", "release"]),
])
def test_a_retry_takes_a_turn_of_the_rate_limit_and_a_429_holds_every_send(server, clock, status, headers, calls):
    server.answers = [(status, {"error": "x"} if status != 200 else PP, headers), (200, PP)]
    assert _client(server, []).get_powerpack(U1)["uuid"] == U1
    assert RecordingLimiter.calls == calls
    # The hold ends when the retry's own wait does: the retry's turn comes at once.
    assert clock.slept == ([0.5] if status == 503 or headers.get("Retry-After") == "0" else [4.0] if status == 429 else [])


def test_the_retry_policy_alone_resends_any_request_without_a_guard_or_a_limiter(clock):
    # PlivoRetry.for_api without report, not_resendable or limiter: no request is guarded, nothing is held.
    retry = retry_module.PlivoRetry.for_api(2, 120)
    for status in (503, 429):
        response = HTTPResponse(body=b"", status=status, headers={})
        retry = retry.increment("POST", CREATE_PATH, response=response)
        retry.sleep(response)
    assert [(entry.method, entry.status) for entry in retry.history] == [("POST", 503), ("POST", 429)]
    assert clock.slept == [0.5, 1.0]
