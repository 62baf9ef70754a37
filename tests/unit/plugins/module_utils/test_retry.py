# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Retries through the real requests/urllib3 stack, against a local HTTP server
that answers from a script (local_server.py): which requests are sent again, when,
and which not."""

from __future__ import annotations

import email.utils
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.api import COLLECTION_VERSION, PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.local_server import DROP

AUTH_ID = "MARETRYTEST000000000"
U1 = "00000000-0000-4000-8000-000000000001"
TOKEN = "retry-secret-token-77aa"


def _page(objects):
    return {"api_id": "x", "meta": {"limit": 20, "offset": 0, "total_count": len(objects), "next": None,
                                    "previous": None}, "objects": objects}


PP = {"uuid": U1, "name": "alerts", "sticky_sender": True, "local_connect": True, "application_id": "",
      "application_type": "", "number_pool": "/p/", "created_on": "2020-09-23T09:31:25.924044Z"}


def _client(server, warnings=None, **kwargs):
    kwargs.setdefault("timeout", 5)
    return PlivoClient(server.url, AUTH_ID, TOKEN, warn=(warnings.append if warnings is not None else None), **kwargs)


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_read_is_retried_on_each_retry_status(server, fast_backoff, status):
    warnings = []
    server.answers = [(status, {"error": "not now"}), (200, PP)]
    assert _client(server, warnings).get_powerpack(U1)["uuid"] == U1
    assert len(server.seen) == 2
    expected = "Plivo API: retrying GET /v1/Account/%s/Powerpack/%s/ after HTTP %d (retry 1 of 5" % (AUTH_ID, U1, status)
    assert len(warnings) == 1 and warnings[0].startswith(expected)


def test_dropped_connection_on_a_read_is_retried(server, fast_backoff):
    server.answers = [DROP, (200, PP)]
    assert _client(server).get_powerpack(U1)["uuid"] == U1
    assert len(server.seen) == 2


def test_timeout_on_a_read_is_retried(server, fast_backoff):
    server.answers = [("sleep", 1.5, (200, PP)), (200, PP)]
    assert _client(server, timeout=1).get_powerpack(U1)["uuid"] == U1
    assert len(server.seen) == 2


@pytest.mark.parametrize("retry_after", ["1", "date"])
@pytest.mark.parametrize("header", ["Retry-After", "retry-after"])
def test_retry_after_is_honoured_in_seconds_or_as_a_date(server, retry_after, header):
    value = email.utils.formatdate(time.time() + 2, usegmt=True) if retry_after == "date" else retry_after
    server.answers = [(429, {"error": "too many requests"}, {header: value}), (200, PP)]
    _client(server).get_powerpack(U1)
    waited = server.seen[1]["time"] - server.seen[0]["time"]
    # An HTTP date has one-second resolution: "in 2 s" may be 1.0x s away.
    assert waited >= 0.95


def test_backoff_grows_between_retries(server):
    server.answers = [(503, {"error": "x"}), (503, {"error": "x"}), (503, {"error": "x"}), (200, PP)]
    _client(server).get_powerpack(U1)
    gaps = [b["time"] - a["time"] for a, b in zip(server.seen, server.seen[1:])]
    # 0.5 s * 2**(n-1), times 0.5..1: at least 0.25, 0.5, 1.0
    assert gaps[0] >= 0.24 and gaps[1] >= 0.49 and gaps[2] >= 0.99


def test_retries_off_fail_at_once_naming_status_and_request(server):
    server.answers = [(503, {"api_id": "x", "error": "service unavailable"})]
    with pytest.raises(PlivoApiError) as err:
        _client(server, max_retries=0).get_powerpack(U1)
    assert str(err.value) == "Plivo API returned HTTP 503 for GET /v1/Account/%s/Powerpack/%s/: service unavailable" % (AUTH_ID, U1)
    assert len(server.seen) == 1


def test_retries_off_and_a_dropped_connection(server):
    server.answers = [DROP]
    with pytest.raises(PlivoApiError) as err:
        _client(server, max_retries=0).get_powerpack(U1)
    assert err.value.status is None
    assert str(err.value) == ("Plivo API request GET /v1/Account/%s/Powerpack/%s/ failed: the connection to 127.0.0.1 port "
                              "%d ended without an answer: Remote end closed connection without response (1 attempt)"
                              % (AUTH_ID, U1, server.httpd.server_address[1]))
    assert TOKEN not in str(err.value)
    assert len(server.seen) == 1


def test_gives_up_after_max_retries(server, fast_backoff):
    server.answers = [(500, {"error": "internal"})] * 3
    with pytest.raises(PlivoApiError, match=r"HTTP 500 .*: internal \(gave up after 2 retries\)"):
        _client(server, max_retries=2).get_powerpack(U1)
    assert len(server.seen) == 3


def test_retry_after_beyond_the_time_budget_is_not_waited_for(server):
    warnings = []
    server.answers = [(429, {"error": "too many requests"}, {"Retry-After": "30"})]
    started = time.monotonic()
    with pytest.raises(PlivoApiError, match="HTTP 429"):
        _client(server, warnings, retry_timeout=5).get_powerpack(U1)
    assert time.monotonic() - started < 3
    assert len(server.seen) == 1
    assert "would exceed retry_timeout (5 s)" in warnings[0]


def test_connection_refused_is_retried_then_reported(fast_backoff):
    with pytest.raises(PlivoApiError) as err:
        PlivoClient("http://127.0.0.1:9", AUTH_ID, TOKEN, max_retries=2, timeout=2).get_powerpack(U1)
    assert err.value.status is None and err.value.retries == 2
    assert str(err.value).startswith("Plivo API request GET /v1/Account/%s/Powerpack/%s/ failed: connection refused by "
                                     "127.0.0.1 port 9 (3 attempts); nothing accepts connections there" % (AUTH_ID, U1))


def test_update_is_resent_after_a_server_error(server, fast_backoff):
    server.answers = [(503, {"error": "x"}), (200, PP)]
    _client(server).update_powerpack(U1, {"name": "alerts"})
    assert server.methods() == [("POST", "Powerpack/%s/" % U1)] * 2


def test_delete_is_resent_and_a_404_after_that_means_deleted(server, fast_backoff):
    server.answers = [DROP, (404, {"api_id": "x", "error": "not found"})]
    assert _client(server).delete_powerpack(U1) is True
    assert server.methods() == [("DELETE", "Powerpack/%s/" % U1)] * 2


def test_create_rate_limited_is_resent_directly(server, fast_backoff):
    # A 429 means the API did not act on the request: sending it again is safe.
    server.answers = [(429, {"error": "too many requests"}, {"Retry-After": "0"}), (200, PP)]
    assert _client(server).create_powerpack({"name": "alerts"}) == (PP, True)
    assert server.methods() == [("POST", "Powerpack/"), ("POST", "Powerpack/")]


@pytest.mark.parametrize("failure", [DROP, (503, {"error": "x"}), (500, {"error": "x"})])
def test_create_is_never_resent_before_looking_the_name_up(server, fast_backoff, failure):
    server.answers = [failure, (200, _page([])), (200, PP)]
    assert _client(server).create_powerpack({"name": "alerts"}) == (PP, True)
    assert server.methods() == [("POST", "Powerpack/"), ("GET", "Powerpack/"), ("POST", "Powerpack/")]


def test_create_whose_answer_was_lost_is_not_duplicated(server, fast_backoff):
    server.answers = [DROP, (200, _page([PP])), (200, PP)]
    assert _client(server).create_powerpack({"name": "alerts"}) == (PP, True)
    assert server.methods() == [("POST", "Powerpack/"), ("GET", "Powerpack/"), ("GET", "Powerpack/%s/" % U1)]


def test_one_user_agent_with_a_run_id_per_client(server):
    server.answers = [(200, PP), (200, PP), (200, PP)]
    first = _client(server)
    first.get_powerpack(U1)
    first.get_powerpack(U1)
    _client(server).get_powerpack(U1)
    agents = [s["agent"] for s in server.seen]
    assert agents[0] == agents[1] != agents[2]
    assert agents[0].startswith("plivo.messaging/%s run/" % COLLECTION_VERSION)


def test_create_failure_with_retry_after_waits_before_the_lookup(server, fast_backoff):
    server.answers = [(503, {"error": "service unavailable"}, {"Retry-After": "1"}), (200, _page([])), (200, PP)]
    assert _client(server).create_powerpack({"name": "alerts"}) == (PP, True)
    assert server.methods() == [("POST", "Powerpack/"), ("GET", "Powerpack/"), ("POST", "Powerpack/")]
    assert server.seen[1]["time"] - server.seen[0]["time"] >= 0.95
