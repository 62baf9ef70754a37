# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module does before and around its requests (base.PlivoModule), as a user
sees it: the exact message for each bad connection option (all of them at once, before
any request), the values at the edge of each range accepted, the connection options
reaching the requests (timeout, certificates, retries, retry_timeout, rate_limit, the
credentials), no form of the token in the result wherever the credentials came from,
and the messages that name an option as the task wrote it."""

from __future__ import annotations

import base64
import functools
import json
import threading
import time

import pytest
import requests

from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils._internal import _traceback
from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.plivo.messaging.plugins.module_utils import base as base_module
from ansible_collections.plivo.messaging.plugins.module_utils import rate_limit as rate_limit_module
from ansible_collections.plivo.messaging.plugins.module_utils import transport as transport_module
from ansible_collections.plivo.messaging.plugins.modules import powerpack, powerpack_info, powerpack_number, powerpack_pool
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import PP
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    AUTH_ID,
    AUTH_TOKEN,
    OMIT,
    Call,
    page,
    run_module,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import powerpack as powerpack_object

BASIC = base64.b64encode(("%s:%s" % (AUTH_ID, AUTH_TOKEN)).encode()).decode()
U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
NONE_LISTED = Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([], 0, 0))
LATIN1 = ("auth_id and auth_token must be Latin-1 text (Plivo's are letters and digits); check for a character "
          "pasted by mistake")
BAD_AUTH_ID = ("auth_id must be a Plivo Auth ID: MA (an account) or SA (a subaccount) and 18 capital letters or "
               "digits; got %r")
WHERE_CREDENTIALS_COME_FROM = ("; set auth_id and auth_token as options, in module_defaults for "
                               "group/plivo.messaging.plivo, or in the PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN "
                               "environment variables")


@pytest.fixture(autouse=True)
def own_warnings(monkeypatch):
    """Each module run here reports only its own warnings (ansible-core keeps them per process)."""
    for name in ("_global_warnings", "_global_deprecations"):
        monkeypatch.setattr(ansible_warnings, name, type(getattr(ansible_warnings, name))())


def _warnings(result):
    """The texts of the result's warnings (ansible-core 2.19 gives each as a dict with its event)."""
    return [w["event"]["msg"] if isinstance(w, dict) else w for w in result.get("warnings", [])]


# -- every bad connection option has its own message, all of them in one failure, before any request --

@pytest.mark.parametrize("args, message", [
    ({"api_url": "ftp://api.example.test"}, "api_url must start with http:// or https://; got 'ftp://api.example.test'"),
    ({"api_url": "https://user:pw@api.example.test"},
     "api_url must be the API's address without a query or fragment or credentials, such as https://api.plivo.com; "
     "got 'api.example.test'"),
    ({"api_url": "https://api.example.test/?region=eu"},
     "api_url must be the API's address without a query or fragment or credentials, such as https://api.plivo.com; "
     "got 'https://api.example.test/?region=eu'"),
    ({"timeout": 0}, "timeout must be a positive number of seconds; got 0"),
    ({"max_retries": -1}, "max_retries must be 0 or more; got -1 (0 turns retries off)"),
    ({"retry_timeout": 0}, "retry_timeout must be a positive number of seconds; got 0"),
    ({"rate_limit": 0}, "rate_limit must be 1 or more requests per 5 seconds; got 0"),
    ({"workers": 0}, "workers must be between 1 and 32; got 0"),
    ({"workers": 33}, "workers must be between 1 and 32; got 33"),
    ({"auth_id": " "}, "auth_id must not be empty"),
    ({"auth_id": "MA123"}, BAD_AUTH_ID % "MA123"),
    ({"auth_id": "MA" + "X" * 48}, BAD_AUTH_ID % ("MA" + "X" * 38)),
    ({"auth_token": ""}, "auth_token must not be empty; set auth_token, PLIVO_AUTH_TOKEN, or module_defaults for "
                         "group/plivo.messaging.plivo"),
    ({"auth_token": "tok\u20acn"}, LATIN1),
    ({"timeout": 0, "workers": 0}, "timeout must be a positive number of seconds; got 0; workers must be between 1 "
                                   "and 32; got 0"),
])
def test_each_bad_connection_option_fails_with_its_own_message_before_any_request(http, args, message):
    result = run_module(powerpack.main, dict({"name": "alerts"}, **args))
    assert result["failed"] is True
    assert result["msg"] == message
    assert http.seen == []


def test_a_missing_credential_message_names_every_place_it_can_come_from(http, monkeypatch):
    monkeypatch.delenv("PLIVO_AUTH_ID", raising=False)
    result = run_module(powerpack.main, {"name": "alerts", "auth_id": OMIT})
    assert result["msg"] == "missing required arguments: auth_id" + WHERE_CREDENTIALS_COME_FROM
    assert http.seen == []


def test_another_missing_argument_is_not_explained_as_a_credential(http):
    result = run_module(powerpack_number.main, {"powerpack_uuid": PP["uuid"]})
    assert result["msg"] == "missing required arguments: number"
    assert http.seen == []


def test_without_requests_the_module_fails_with_ansibles_missing_library_message(http, monkeypatch):
    traceback = "Traceback (most recent call last):\nModuleNotFoundError: No module named 'requests'\n"
    monkeypatch.setattr(base_module, "HAS_REQUESTS", False)
    monkeypatch.setattr(base_module, "REQUESTS_IMPORT_ERROR", traceback)
    # As at -vvv: the result carries the traceback of the failed import.
    monkeypatch.setattr(_traceback, "_module_tracebacks_enabled_events", frozenset([_traceback.TracebackEvent.ERROR]))
    result = run_module(powerpack.main, {"name": "alerts"})
    assert result["failed"] is True and result["msg"] == missing_required_lib("requests")
    assert result["exception"] == traceback
    assert http.seen == []


# -- the values at the edge of each range are accepted, and reach the requests --

def test_the_smallest_and_largest_allowed_values_are_accepted_and_used(http):
    http.expect(NONE_LISTED)
    result = run_module(powerpack.main, {"name": "alerts", "state": "absent", "timeout": 1, "retry_timeout": 1,
                                         "rate_limit": 1, "max_retries": 0, "workers": 32})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is False
    assert [seen["timeout"] for seen in http.seen] == [1]


def test_requests_carry_the_tasks_credentials_and_timeout(http):
    http.expect(NONE_LISTED)
    result = run_module(powerpack.main, {"name": "alerts", "state": "absent", "timeout": 7})
    assert "failed" not in result, result.get("msg")
    assert http.seen[0]["headers"]["Authorization"] == "Basic " + BASIC
    assert http.seen[0]["timeout"] == 7


@pytest.mark.parametrize("validate_certs", [True, False])
def test_validate_certs_reaches_the_requests_and_false_is_warned_about(http, monkeypatch, validate_certs):
    verify = []

    def send(adapter, request, **kwargs):
        verify.append(kwargs.get("verify"))
        return http.send(request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    http.expect(NONE_LISTED)
    result = run_module(powerpack.main, {"name": "alerts", "state": "absent", "validate_certs": validate_certs})
    assert "failed" not in result, result.get("msg")
    assert len(verify) == 1 and (verify[0] is False) is (not validate_certs)
    warned = [w for w in _warnings(result) if w.startswith("validate_certs is false")]
    assert warned == ([] if validate_certs else [
        "validate_certs is false: the API's certificate is not checked, so anyone between here and api.example.test "
        "can read the auth token; use it only for a test server"])


def test_max_retries_bounds_the_retries_and_each_retry_is_a_warning(server, fast_backoff):
    server.answers = [(500, {"error": "internal"})] * 3
    result = run_module(powerpack_info.main, {"uuid": U1, "api_url": server.url, "max_retries": 1})
    assert result["failed"] is True and result["msg"].endswith("internal (gave up after 1 retries)")
    assert len(server.seen) == 2
    assert len([w for w in _warnings(result) if w.startswith("Plivo API: retrying GET")]) == 1


def test_retry_timeout_bounds_the_wait_for_a_retry(server):
    server.answers = [(429, {"error": "too many requests"}, {"Retry-After": "3"})]
    started = time.monotonic()
    result = run_module(powerpack_info.main, {"uuid": U1, "api_url": server.url, "max_retries": 1, "retry_timeout": 2})
    assert time.monotonic() - started < 2
    assert result["failed"] is True and result["status"] == 429
    assert len(server.seen) == 1
    assert _warnings(result) == [
        "Plivo API: not retrying GET /v1/Account/%s/Powerpack/%s/ after HTTP 429: waiting 3.0 s more would exceed "
        "retry_timeout (2 s)" % (AUTH_ID, U1)]


def test_rate_limit_spaces_the_requests(http, monkeypatch):
    # The limiter's window shortened from 5 s to 50 ms: rate_limit=1 lets one request through per window.
    monkeypatch.setattr(transport_module, "RateLimiter", functools.partial(rate_limit_module.RateLimiter, period=0.05))
    sent = []

    def send(adapter, request, **kwargs):
        sent.append(time.monotonic())
        return http.send(request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    listed = [powerpack_object("pp-%02d" % n, "00000000-0000-4000-8000-0000000001%02d" % n, full=False) for n in range(41)]
    http.expect(*[Call("GET", "Powerpack/", query={"limit": 20, "offset": offset},
                       body=page(listed[offset:offset + 20], offset, len(listed))) for offset in (0, 20, 40)])
    result = run_module(powerpack_info.main, {"rate_limit": 1})
    assert "failed" not in result, result.get("msg")
    assert len(sent) == 3
    assert all(later - earlier >= 0.045 for earlier, later in zip(sent, sent[1:]))


def test_workers_bounds_the_requests_in_flight(http, monkeypatch):
    http.any_order = True
    lock, in_flight = threading.Lock(), [0, 0]

    def send(adapter, request, **kwargs):
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight)
        time.sleep(0.02)
        with lock:
            in_flight[0] -= 1
        return http.send(request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    # Five powerpacks of one name: each is then read in full, as many at a time as workers allows.
    uuids = ["00000000-0000-4000-8000-%012d" % n for n in range(5)]
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0},
                     body=page([powerpack_object("alerts", uuid, full=False) for uuid in uuids], 0, 5)),
                *[Call("GET", "Powerpack/%s/" % uuid, body=powerpack_object("alerts", uuid)) for uuid in uuids])
    result = run_module(powerpack_info.main, {"name": "alerts", "workers": 2})
    assert "failed" not in result, result.get("msg")
    assert [obj["uuid"] for obj in result["powerpacks"]] == uuids
    assert in_flight[1] == 2


# -- no form of the token reaches the result, wherever the credentials came from --

@pytest.mark.parametrize("from_env", [("auth_id",), ("auth_token",), ("auth_id", "auth_token")])
def test_credentials_from_the_environment_are_sent_and_masked_in_every_form(http, monkeypatch, from_env):
    for option in from_env:
        monkeypatch.setenv("PLIVO_" + option.upper(), {"auth_id": AUTH_ID, "auth_token": AUTH_TOKEN}[option])
    # An API that echoes the credentials in a field of a successful answer.
    echoed = powerpack_object("alerts %s" % AUTH_TOKEN, U1, application_id="Basic %s" % BASIC)
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=echoed))
    result = run_module(powerpack_info.main, dict({"uuid": U1}, **dict.fromkeys(from_env, OMIT)))
    assert "failed" not in result, result.get("msg")
    assert http.seen[0]["headers"]["Authorization"] == "Basic " + BASIC
    text = json.dumps(result)
    assert BASIC not in text and AUTH_TOKEN not in text


def test_an_authorization_value_pasted_into_an_option_is_masked_when_argument_validation_fails(http):
    result = run_module(powerpack.main, {"name": "Basic " + BASIC, "number_priority": "US:SMS"})
    assert result["failed"] is True
    assert BASIC not in json.dumps(result)
    assert http.seen == []


# -- a message names an option as the task wrote it: its current name, or its 1.x alias --

@pytest.mark.parametrize("args, message", [
    ({"unrent_purged": True}, "unrent_purged only applies to the numbers purge_senders removes; remove it, or set "
                              "purge_senders=true"),
    ({"unrent": True}, "unrent only applies to the numbers purge removes; remove it, or set purge=true"),
    ({"unrent": True, "purge_senders": False}, "unrent only applies to the numbers purge removes; remove it, or set "
                                               "purge=true"),
])
def test_a_pool_message_names_the_options_as_the_task_did(http, args, message):
    result = run_module(powerpack_pool.main, dict({"powerpack_uuid": PP["uuid"], "senders": []}, **args))
    assert result["msg"] == message
    assert http.seen == []
