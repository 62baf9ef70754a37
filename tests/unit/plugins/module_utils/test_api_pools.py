# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client's number-pool calls, every request scripted (pool wire objects and
calls from pool_wire.py)."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.plivo.messaging.plugins.module_utils import wire
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils.outcome import ConvergeError
from ansible_collections.plivo.messaging.plugins.module_utils.pool_converge import find_pool
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    BY_UUID, NOT_FOUND, POOL, PP, by_name, entry, numbers, pool_path, pool_reads, shown,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    pool_of,
    ACCOUNT,
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
    page,
    powerpack,
)


@pytest.fixture
def client():
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, timeout=7, max_retries=2)


class TestFindPool:
    def test_by_uuid_reads_the_powerpack(self, http, client):
        http.expect(BY_UUID)
        assert find_pool(client, powerpack_uuid=PP["uuid"]) == POOL == pool_of(PP["uuid"])

    def test_by_name_reads_list_pages_only(self, http, client):
        others = [powerpack("pp-%02d" % n, uuid="u-%02d" % n, full=False) for n in range(25)]
        http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(others[:20], 0, 26)),
                    Call("GET", "Powerpack/", query={"limit": 20, "offset": 20},
                         body=page(others[20:] + [powerpack(full=False)], 20, 26)))
        assert find_pool(client, powerpack_name="alerts") == POOL

    def test_missing_uuid_is_none(self, http, client):
        http.expect(Call("GET", "Powerpack/%s/" % PP["uuid"], **NOT_FOUND))
        assert find_pool(client, powerpack_uuid=PP["uuid"]) is None

    def test_missing_name_is_none(self, http, client):
        http.expect(by_name(powerpack("other", "u-1")))
        assert find_pool(client, powerpack_name="alerts") is None

    def test_powerpack_without_a_pool_path_is_an_error(self, http, client):
        http.expect(Call("GET", "Powerpack/%s/" % PP["uuid"], body=powerpack(number_pool="")))
        with pytest.raises(ConvergeError, match="powerpack %s has no number pool path" % PP["uuid"]):
            find_pool(client, powerpack_uuid=PP["uuid"])


class TestIterPool:
    def test_three_pages_with_computed_offsets(self, http, client):
        objects = [entry(n) for n in numbers(0, 45)]
        # The pages after the first are read in parallel, so they may be asked for in any order.
        http.any_order = True
        http.expect(*pool_reads("longcode", objects))
        assert [obj["number"] for obj in client.iter_pool(POOL, "longcode")] == numbers(0, 45)
        assert http.seen[0]["query"]["offset"] == "0"
        assert sorted(s["query"]["offset"] for s in http.seen) == ["0", "20", "40"]

    def test_offsets_follow_the_count_served(self, http, client):
        objects = [entry(n) for n in numbers(0, 25)]
        http.expect(*pool_reads("longcode", objects, served=10))
        assert len(list(client.iter_pool(POOL, "longcode"))) == 25

    def test_toll_free_entries_of_the_long_code_list_are_skipped_but_counted(self, http, client):
        objects = [entry(n) for n in numbers(0, 30)]
        objects[5] = entry("18005550100", type="tollfree")
        objects[25] = entry("18005550101", type="TOLLFREE")
        http.expect(*pool_reads("longcode", objects))
        got = [obj["number"] for obj in client.iter_pool(POOL, "longcode")]
        assert len(got) == 28 and "18005550100" not in got and "18005550101" not in got

    @pytest.mark.parametrize("sender_type", ["tollfree", "shortcode"])
    def test_other_endpoints(self, http, client, sender_type):
        objects = [entry(n, sender_type) for n in numbers(0, 21, "1800555")]
        http.expect(*pool_reads(sender_type, objects))
        got = [wire.entry_number(obj) for obj in client.iter_pool(POOL, sender_type)]
        assert got == numbers(0, 21, "1800555")

    def test_filters_are_sent_on_every_page(self, http, client):
        objects = [entry(n, service="mms", country_iso2="CA") for n in numbers(0, 21)]
        query = {"country_iso2": "CA", "service": "mms"}
        http.expect(*pool_reads("longcode", objects, query=query))
        assert len(list(client.iter_pool(POOL, "longcode", query))) == 21

    def test_empty_pool(self, http, client):
        http.expect(*pool_reads("shortcode", []))
        assert list(client.iter_pool(POOL, "shortcode")) == []

    def test_api_id_is_stripped(self, http, client):
        http.expect(*pool_reads("longcode", [entry("14155550100", api_id="x")]))
        assert "api_id" not in next(client.iter_pool(POOL, "longcode"))


class TestGetPoolSender:
    def test_found(self, http, client):
        http.expect(Call("GET", pool_path("longcode", "14155550100"), body=dict(entry("14155550100"), api_id="x")))
        assert client.get_pool_sender(POOL, "longcode", "14155550100") == shown(entry("14155550100"))

    def test_not_in_the_pool(self, http, client):
        http.expect(Call("GET", pool_path("tollfree", "18005550199"), **NOT_FOUND))
        assert client.get_pool_sender(POOL, "tollfree", "18005550199") is None

    def test_other_errors_raise(self, http, client):
        http.expect(Call("GET", pool_path("longcode", "14155550100"), status=401, body={"error": "unauthorized"}))
        with pytest.raises(PlivoApiError, match="HTTP 401") as err:
            client.get_pool_sender(POOL, "longcode", "14155550100")
        assert AUTH_TOKEN not in str(err.value)


class TestAddPoolSender:
    @pytest.mark.parametrize("sender_type, kwargs, sent", [
        ("longcode", {"service": "mms"}, {"service": "mms"}),
        ("longcode", {"service": "sms", "rent": True}, {"service": "sms", "rent": "true"}),
        ("tollfree", {"rent": True}, {"rent": "true"}),
        ("tollfree", {}, None),
    ])
    def test_body_forms(self, http, client, sender_type, kwargs, sent):
        number = "18005550199"
        answer = dict(entry(number, sender_type, **({"service": kwargs["service"]} if "service" in kwargs else {})), api_id="x")
        http.expect(Call("POST", pool_path(sender_type, number), body=answer))
        assert client.add_pool_sender(POOL, sender_type, number, **kwargs) == shown(
            {k: v for k, v in answer.items() if k != "api_id"}, sender_type)
        assert http.seen[0]["sent"] == sent

    @pytest.mark.parametrize("answer", [None, {"api_id": "x", "message": "changes done"}, {"api_id": "x", "number": "1"}])
    def test_answer_without_the_entry_is_read_back(self, http, client, answer):
        http.expect(Call("POST", pool_path("longcode", "14155550100"), body=answer, status=200 if answer else 204),
                    Call("GET", pool_path("longcode", "14155550100"), query={"service": "mms"}, body=entry("14155550100", service="mms")))
        assert client.add_pool_sender(POOL, "longcode", "14155550100", service="mms")["service"] == "mms"

    @pytest.mark.parametrize("failure", [dict(status=503, body={"error": "service unavailable"}), dict(status=500, raw=""),
                                         dict(exc=requests.exceptions.ConnectionError("connection reset"))])
    def test_ambiguous_failure_that_landed_returns_the_entry(self, http, client, failure):
        http.expect(Call("POST", pool_path("longcode", "14155550100"), sent={"service": "mms"}, **failure),
                    Call("GET", pool_path("longcode", "14155550100"), query={"service": "mms"}, body=entry("14155550100", service="mms")))
        assert client.add_pool_sender(POOL, "longcode", "14155550100", service="mms") == shown(entry("14155550100", service="mms"))
        assert len(http.writes) == 1

    def test_ambiguous_failure_that_landed_without_a_service_asked(self, http, client):
        http.expect(Call("POST", pool_path("tollfree", "18005550199"), exc=requests.exceptions.ReadTimeout("timed out")),
                    Call("GET", pool_path("tollfree", "18005550199"), body=entry("18005550199", "tollfree")))
        assert client.add_pool_sender(POOL, "tollfree", "18005550199") == shown(entry("18005550199", "tollfree"), "tollfree")

    def test_ambiguous_failure_with_another_service_in_the_pool_raises(self, http, client):
        http.expect(Call("POST", pool_path("longcode", "14155550100"), status=503, body={"error": "service unavailable"}),
                    Call("GET", pool_path("longcode", "14155550100"), query={"service": "mms"}, body=entry("14155550100", service="sms")))
        with pytest.raises(PlivoApiError, match="HTTP 503 for POST .*: service unavailable"):
            client.add_pool_sender(POOL, "longcode", "14155550100", service="mms")

    def test_ambiguous_failure_that_did_not_land_raises(self, http, client):
        http.expect(Call("POST", pool_path("longcode", "14155550100"), exc=requests.exceptions.ConnectionError("refused")),
                    Call("GET", pool_path("longcode", "14155550100"), query={"service": "sms"}, **NOT_FOUND))
        with pytest.raises(PlivoApiError, match="ConnectionError") as err:
            client.add_pool_sender(POOL, "longcode", "14155550100", service="sms")
        assert err.value.status is None and AUTH_TOKEN not in str(err.value)

    @pytest.mark.parametrize("status", [400, 404])
    def test_refusal_on_the_first_attempt_is_believed(self, http, client, status):
        http.expect(Call("POST", pool_path("longcode", "14155550100"), status=status,
                         body={"api_id": "x", "error": "number not rented by the account"}))
        with pytest.raises(PlivoApiError, match="HTTP %d .*: number not rented by the account" % status):
            client.add_pool_sender(POOL, "longcode", "14155550100", service="sms")


def _real_client(server, **kwargs):
    return PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, timeout=5, max_retries=2, **kwargs)


class TestRetriedThroughTheRealStack:
    """urllib3's retries happen below the scripted adapter, so these use the local server (local_server.py)."""

    def test_add_that_landed_after_retries_ran_out(self, server, fast_backoff):
        server.answers = [(503, {"error": "service unavailable"})] * 3 + [(200, entry("14155550100", service="mms"))]
        assert _real_client(server).add_pool_sender(POOL, "longcode", "14155550100", service="mms")["service"] == "mms"
        path = ACCOUNT + pool_path("longcode", "14155550100")
        assert [(s["method"], s["path"]) for s in server.seen] == [("POST", path)] * 3 + [("GET", path + "?service=mms")]

    def test_add_refused_on_a_retry_because_the_first_attempt_landed(self, server, fast_backoff):
        server.answers = [(503, {"error": "x"}), (400, {"error": "number already in the pool"}),
                          (200, entry("14155550100", service="mms"))]
        assert _real_client(server).add_pool_sender(POOL, "longcode", "14155550100", service="mms")["service"] == "mms"

    def test_add_that_landed_with_another_service_after_retries_raises(self, server, fast_backoff):
        server.answers = [(503, {"error": "service unavailable"})] * 3 + [(200, entry("14155550100", service="sms"))]
        with pytest.raises(PlivoApiError, match=r"HTTP 503 .*\(gave up after 2 retries\)"):
            _real_client(server).add_pool_sender(POOL, "longcode", "14155550100", service="mms")

    def test_remove_whose_first_attempt_landed_reports_removed(self, server, fast_backoff):
        server.answers = [(503, {"error": "x"}), (404, {"api_id": "x", "error": "not found"})]
        assert _real_client(server).remove_pool_sender(POOL, "tollfree", "18005550199", unrent=True) is True
        assert [s["body"] for s in server.seen] == [{"unrent": True}] * 2


class TestRemovePoolSender:
    @pytest.mark.parametrize("sender_type, number, unrent, sent", [
        ("longcode", "14155550100", True, {"unrent": True}),
        ("longcode", "14155550100", False, {"unrent": False}),
        ("tollfree", "18005550199", True, {"unrent": True}),
        ("shortcode", "444444", False, None),
        ("shortcode", "444444", True, None),
    ])
    def test_body_forms(self, http, client, sender_type, number, unrent, sent):
        http.expect(Call("DELETE", pool_path(sender_type, number), body={"api_id": "x", "response": "success"}))
        assert client.remove_pool_sender(POOL, sender_type, number, unrent=unrent) is True
        assert http.seen[0]["sent"] == sent

    def test_not_in_the_pool(self, http, client):
        http.expect(Call("DELETE", pool_path("longcode", "14155550100"), **NOT_FOUND))
        assert client.remove_pool_sender(POOL, "longcode", "14155550100") is False

    def test_other_errors_raise(self, http, client):
        http.expect(Call("DELETE", pool_path("shortcode", "444444"), status=403, body={"error": "forbidden"}))
        with pytest.raises(PlivoApiError, match="HTTP 403"):
            client.remove_pool_sender(POOL, "shortcode", "444444")


@pytest.mark.parametrize("pool, number", [(POOL, "a/b"), (POOL, ".."), (POOL, "."), ("..", "14155550100"), ("", "14155550100"),
                                          ("../" + POOL, "14155550100"), (POOL, "1415 5550100")])
def test_a_value_that_is_not_a_pool_uuid_or_a_number_never_reaches_a_path(http, client, pool, number):
    # quote() leaves "." and ".." alone and URL libraries resolve them: such a value must never be sent.
    calls = [lambda: client.get_pool_sender(pool, "longcode", number), lambda: client.add_pool_sender(pool, "longcode", number),
             lambda: client.remove_pool_sender(pool, "longcode", number, unrent=True)]
    if pool != POOL:
        calls.append(lambda: list(client.iter_pool(pool, "tollfree")))
    for call in calls:
        with pytest.raises(PlivoApiError, match="refusing to put"):
            call()
    assert http.seen == []
