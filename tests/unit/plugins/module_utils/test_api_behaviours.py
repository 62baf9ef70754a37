# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the client's callers see (issue 15's mutation run found these unguarded): the exact
message of every request the client refuses to build or whose answer it cannot use, the
warnings and waits of the create's own retry, the entry an add returns, and the body of a
remove that does not say whether to give the number up."""

from __future__ import annotations

import random

import pytest
import requests

from ansible_collections.plivo.messaging.plugins.module_utils import api
from ansible_collections.plivo.messaging.plugins.module_utils import retry as retry_module
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import POOL, entry, pool_path, shown
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    ACCOUNT,
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
    page,
    powerpack,
)

U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
NUMBER = "14155550100"
CREATE_PATH = ACCOUNT + "Powerpack/"


@pytest.fixture
def client():
    # One worker: the script is the order in which one request follows another.
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=2, workers=1)


def _error(call):
    with pytest.raises(PlivoApiError) as failed:
        call()
    return failed.value


class FakeTime:
    """The clock of api.py: it stands still, and each wait is recorded instead of slept."""

    def __init__(self, now=1000.0):
        self.now = now
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)


@pytest.fixture
def clock(monkeypatch):
    fake = FakeTime()
    monkeypatch.setattr(api, "time", fake)
    return fake


# A value that is not a uuid or a number never reaches a URL: the error names the request
# (its method, the path up to the value) and the value refused.

def _refusal(method, path, value, kind):
    return ("Plivo API request %s %s%s failed: refusing to put %r into the request path: it is not a %s"
            % (method, ACCOUNT, path, value, kind))


@pytest.mark.parametrize("call, expected", [
    (lambda c: c.get_powerpack("../x"), _refusal("GET", "Powerpack/", "../x", "uuid")),
    (lambda c: c.update_powerpack("x/y", {"name": "a"}), _refusal("POST", "Powerpack/", "x/y", "uuid")),
    (lambda c: c.delete_powerpack("."), _refusal("DELETE", "Powerpack/", ".", "uuid")),
    (lambda c: list(c.iter_pool("pool", "longcode")), _refusal("GET", "NumberPool/", "pool", "uuid")),
    (lambda c: c.get_pool_sender("pool", "longcode", NUMBER), _refusal("GET", "NumberPool/", "pool", "uuid")),
    (lambda c: c.add_pool_sender("pool", "tollfree", NUMBER), _refusal("POST", "NumberPool/", "pool", "uuid")),
    (lambda c: c.remove_pool_sender("pool", "shortcode", NUMBER), _refusal("DELETE", "NumberPool/", "pool", "uuid")),
    # The number's template starts with it: the path named is the account's.
    (lambda c: c.get_pool_sender(POOL, "longcode", "+1415"), _refusal("GET", "", "+1415", "number")),
    (lambda c: c.add_pool_sender(POOL, "longcode", "1/2"), _refusal("POST", "", "1/2", "number")),
    (lambda c: c.remove_pool_sender(POOL, "tollfree", ".."), _refusal("DELETE", "", "..", "number")),
])
def test_a_value_that_is_no_path_segment_is_refused_before_any_request(http, client, call, expected):
    assert str(_error(lambda: call(client))) == expected
    assert http.seen == []


# An answer the client cannot use is an error that names the request and shows the answer.

def _unusable(method, path, problem):
    return "Plivo API returned HTTP 200 for %s %s%s: %s" % (method, ACCOUNT, path, problem)


@pytest.mark.parametrize("answer, problem", [
    ({"raw": ""}, "the answer is empty: None"),
    ({"body": ["alerts"]}, "the answer is not a JSON object: ['alerts']"),
    ({"body": {"api_id": "x", "name": "alerts"}}, "has no uuid: {'api_id': 'x', 'name': 'alerts'}"),
])
def test_a_get_answer_that_is_no_powerpack_is_an_error(http, client, answer, problem):
    http.expect(Call("GET", "Powerpack/%s/" % U1, **answer))
    assert str(_error(lambda: client.get_powerpack(U1))) == _unusable("GET", "Powerpack/%s/" % U1, problem)


def test_an_update_answer_that_is_no_powerpack_is_an_error(http, client):
    http.expect(Call("POST", "Powerpack/%s/" % U1, sent={"name": "alerts"}, body={"api_id": "x", "uuid": U1}))
    assert str(_error(lambda: client.update_powerpack(U1, {"name": "alerts"}))) == _unusable(
        "POST", "Powerpack/%s/" % U1, "has no name: {'api_id': 'x', 'uuid': '%s'}" % U1)


def test_a_pool_entry_answer_without_a_number_is_an_error(http, client):
    http.expect(Call("GET", pool_path("longcode", NUMBER), query={"service": "mms"}, body={"api_id": "x", "service": "mms"}))
    assert str(_error(lambda: client.get_pool_sender(POOL, "longcode", NUMBER, service="mms"))) == _unusable(
        "GET", pool_path("longcode", NUMBER), "has no number: {'api_id': 'x', 'service': 'mms'}")


def test_a_listed_object_that_is_unusable_is_an_error(http, client):
    listed = [powerpack("ok", uuid=U1, full=False), {"name": "no uuid"}]
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(listed, 0, 2)))
    assert str(_error(lambda: list(client.iter_powerpacks()))) == _unusable(
        "GET", "Powerpack/", "a listed object has no uuid: {'name': 'no uuid'}")


# An error status names the request as it was sent, method in capitals.

def test_a_refused_delete_names_the_delete(http, client):
    http.expect(Call("DELETE", "Powerpack/%s/" % U1, status=403, body={"api_id": "x", "error": "refused"}))
    assert str(_error(lambda: client.delete_powerpack(U1))) == (
        "Plivo API returned HTTP 403 for DELETE %sPowerpack/%s/: refused" % (ACCOUNT, U1))


def test_a_refused_remove_names_the_delete(http, client):
    http.expect(Call("DELETE", pool_path("longcode", NUMBER), status=403, body={"api_id": "x", "error": "refused"}))
    assert str(_error(lambda: client.remove_pool_sender(POOL, "longcode", NUMBER))) == (
        "Plivo API returned HTTP 403 for DELETE %s%s: refused" % (ACCOUNT, pool_path("longcode", NUMBER)))


def test_a_failed_pool_entry_read_names_the_get(http, client):
    http.expect(Call("GET", pool_path("tollfree", NUMBER), status=403, body={"api_id": "x", "error": "refused"}))
    assert str(_error(lambda: client.get_pool_sender(POOL, "tollfree", NUMBER))) == (
        "Plivo API returned HTTP 403 for GET %s%s: refused" % (ACCOUNT, pool_path("tollfree", NUMBER)))


# Remove: the number stays rented unless unrent is asked for; short codes get no body.

@pytest.mark.parametrize("sender_type, kwargs, sent", [
    ("longcode", {}, {"unrent": False}),
    ("tollfree", {"unrent": True}, {"unrent": True}),
])
def test_a_remove_gives_the_number_up_only_when_asked(http, client, sender_type, kwargs, sent):
    http.expect(Call("DELETE", pool_path(sender_type, NUMBER), sent=sent, status=204))
    assert client.remove_pool_sender(POOL, sender_type, NUMBER, **kwargs) is True
    assert http.seen[0]["sent"] == sent


# Add: the entry returned is the API's answer in the collection's shape; the service just set
# fills in only for an answer that leaves it out.

def test_an_added_short_code_is_returned_without_a_service(http, client):
    answer = dict(entry("55555", "shortcode"), api_id="x")
    http.expect(Call("POST", pool_path("shortcode", "55555"), body=answer))
    assert client.add_pool_sender(POOL, "shortcode", "55555") == shown(entry("55555", "shortcode"), "shortcode")


@pytest.mark.parametrize("answered, returned", [(None, "mms"), ("sms", "sms")])
def test_an_add_answer_keeps_its_own_service_and_lacks_none(http, client, answered, returned):
    answer = dict(entry(NUMBER), api_id="x")
    del answer["service"]
    if answered:
        answer["service"] = answered
    http.expect(Call("POST", pool_path("longcode", NUMBER), sent={"service": "mms"}, body=answer))
    assert client.add_pool_sender(POOL, "longcode", NUMBER, service="mms") == shown(entry(NUMBER, service=returned))


# The create's own retry: what it reports before each resend, and when it waits.

def test_each_resend_of_a_create_is_reported_with_what_failed(http, clock, monkeypatch):
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    warnings = []
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=2, workers=1, warn=warnings.append)
    nothing = Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([], 0, 0))
    http.expect(Call("POST", "Powerpack/", status=503, body={"api_id": "x", "error": "unavailable"}), nothing,
                Call("POST", "Powerpack/", exc=requests.exceptions.ConnectionError("refused")), nothing,
                Call("POST", "Powerpack/", body=powerpack(uuid=U1)))
    made, created = client.create_powerpack({"name": "alerts"})
    assert created is True and made["uuid"] == U1
    assert warnings == [
        "Plivo API: retrying POST %s after %s; after a backoff no powerpack 'alerts' is visible yet, so the create is "
        "sent again (retry %d of 2)" % (CREATE_PATH, cause, attempt)
        for attempt, cause in ((1, "HTTP 503"), (2, "no answer"))]
    # Before each lookup a backoff: that of retry 1, then of retry 2 (the top of each range).
    assert clock.slept == [retry_module.BACKOFF_BASE, 2 * retry_module.BACKOFF_BASE]


def test_a_create_refused_as_a_conflict_looks_the_name_up_at_once(http, clock):
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=2, workers=1)
    http.expect(Call("POST", "Powerpack/", status=409, body={"api_id": "x", "error": "name exists"}),
                Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([powerpack(uuid=U1, full=False)], 0, 1)),
                Call("GET", "Powerpack/%s/" % U1, body=powerpack(uuid=U1)))
    made, created = client.create_powerpack({"name": "alerts"})
    # Created by someone else: returned for the caller to converge, after no wait (a refused create did not land).
    assert created is False and made["uuid"] == U1
    assert clock.slept == []


@pytest.mark.parametrize("first", [
    Call("POST", "Powerpack/", status=503, body={"api_id": "x", "error": "unavailable"}),
    Call("POST", "Powerpack/", exc=requests.exceptions.ReadTimeout("read timed out")),
])
@pytest.mark.parametrize("status", api.CONFLICT_STATUSES)
def test_a_conflict_after_an_attempt_that_may_have_landed_is_reported_as_created(http, clock, first, status):
    # The first attempt timed out and was committed just after the lookup by name: the resend meets "name exists".
    warnings = []
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=2, workers=1, warn=warnings.append)
    http.expect(first,
                Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([], 0, 0)),
                Call("POST", "Powerpack/", status=status, body={"api_id": "x", "error": "name exists"}),
                Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([powerpack(uuid=U1, full=False)], 0, 1)),
                Call("GET", "Powerpack/%s/" % U1, body=powerpack(uuid=U1)))
    made, created = client.create_powerpack({"name": "alerts"})
    assert created is True and made["uuid"] == U1
    cause = "HTTP 503" if first.status == 503 else "no answer"
    assert warnings[-1] == (
        "Plivo API: POST %s was refused (HTTP %s) because powerpack 'alerts' exists now; an earlier attempt of this run "
        "(%s) most likely landed after the lookup that missed it, so powerpack %s is reported as created by this run"
        % (CREATE_PATH, status, cause, U1))


def test_a_create_answered_with_a_redirect_fails_without_a_lookup(http, clock):
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=2, workers=1)
    http.expect(Call("POST", "Powerpack/", status=300))
    assert str(_error(lambda: client.create_powerpack({"name": "alerts"}))) == (
        "Plivo API returned HTTP 300 for POST %s: a redirect to another address, which the collection does not follow "
        "(the request and its credentials would go along); set api_url to the address the API answers at" % CREATE_PATH)
    assert len(http.seen) == 1 and clock.slept == []


def test_a_retry_after_as_long_as_the_retry_timeout_is_waited_and_reported(server, clock):
    server.answers = [(503, {"error": "unavailable"}, {"Retry-After": "2"}),
                      (200, page([], 0, 0)), (200, powerpack(uuid=U1))]
    warnings = []
    client = PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, timeout=5, max_retries=2, retry_timeout=2, warn=warnings.append)
    assert client.create_powerpack({"name": "alerts"})[1] is True
    assert clock.slept == [2]
    assert warnings[0] == ("Plivo API: waiting 2.0 s (Retry-After) after HTTP 503 for POST %s before looking the name up"
                           % CREATE_PATH)


# A client built from the account's credentials alone: an Auth ID is checked first, and the
# defaults are a 30 s timeout, certificates validated, 5 retries within 120 s.

@pytest.mark.parametrize("auth_id", ["MAUNITTEST000000000", "XAUNITTEST0000000000", "MA/../0000000000000", None])
def test_an_auth_id_that_is_no_plivo_auth_id_is_refused(auth_id):
    with pytest.raises(ValueError) as failed:
        PlivoClient(API_URL, auth_id, AUTH_TOKEN)
    assert str(failed.value) == "auth_id %r is not a Plivo Auth ID" % auth_id


def test_the_defaults_time_out_after_30_s_and_validate_certificates(http):
    warnings = []
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, warn=warnings.append)
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=powerpack(uuid=U1)))
    client.get_powerpack(U1)
    assert http.seen[0]["timeout"] == 30
    assert warnings == []


def test_the_defaults_retry_5_times_within_120_s(server, fast_backoff):
    server.answers = [(503, {"error": "unavailable"}, {"Retry-After": "0"}), (200, powerpack(uuid=U1)),
                      (503, {"error": "unavailable"}, {"Retry-After": "200"})]
    warnings = []
    client = PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, warn=warnings.append)
    assert client.get_powerpack(U1)["uuid"] == U1
    with pytest.raises(PlivoApiError):
        client.get_powerpack(U1)
    path = "%sPowerpack/%s/" % (ACCOUNT, U1)
    assert warnings == [
        "Plivo API: retrying GET %s after HTTP 503 (retry 1 of 5, waiting 0.0 s)" % path,
        "Plivo API: not retrying GET %s after HTTP 503: waiting 200.0 s more would exceed retry_timeout (120 s)" % path]


def test_a_create_through_an_api_url_with_a_path_is_not_resent_blindly(server, fast_backoff):
    # A proxy's prefix, with a trailing slash: the create is still known as one, so after a 503 the
    # name is looked up before it is sent again.
    server.answers = [(503, {"error": "unavailable"}), (200, page([], 0, 0)), (200, powerpack(uuid=U1))]
    client = PlivoClient(server.url + "/plivoX/", AUTH_ID, AUTH_TOKEN, timeout=5, max_retries=2)
    made, created = client.create_powerpack({"name": "alerts"})
    assert created is True and made["uuid"] == U1
    assert [(seen["method"], seen["path"].split("?")[0]) for seen in server.seen] == [
        ("POST", "/plivoX" + CREATE_PATH), ("GET", "/plivoX" + CREATE_PATH), ("POST", "/plivoX" + CREATE_PATH)]
