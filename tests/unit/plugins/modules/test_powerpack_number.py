# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""powerpack_number with every HTTP call scripted: the reads each case makes, the
writes a real run adds to them, and check mode with the same reads and no write."""

from __future__ import annotations

import json

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import wire
from ansible_collections.plivo.messaging.plugins.modules.powerpack_number import main
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    BY_UUID,
    NOT_FOUND,
    POOL,
    PP,
    account_number,
    by_name,
    entry,
    not_rented,
    pool_path,
    shown,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import AUTH_TOKEN, Call, run_module

N = "14155550100"
TF = "18005550199"
SC = "444444"
SUCCESS = {"api_id": "x", "response": "success"}


def _get(sender_type, number, found=None, asked="sms"):
    """The reads of one sender, under the strict reading of the single-number GET (it finds only the
    service asked for): the declared service is asked first (sms when none is), then the other one."""
    if sender_type == "shortcode":
        return [Call("GET", pool_path(sender_type, number), **(NOT_FOUND if found is None else {"body": dict(found, api_id="x")}))]
    other = "mms" if asked == "sms" else "sms"
    if found is None:
        return [Call("GET", pool_path(sender_type, number), query={"service": asked}, **NOT_FOUND),
                Call("GET", pool_path(sender_type, number), query={"service": other}, **NOT_FOUND)]
    serves = str(found.get("service") or "sms").lower()
    calls = [] if serves == asked else [Call("GET", pool_path(sender_type, number), query={"service": asked}, **NOT_FOUND)]
    return calls + [Call("GET", pool_path(sender_type, number), query={"service": serves}, body=dict(found, api_id="x"))]


# args, reads, writes of a real run, changed, diff
CASES = [
    pytest.param({"powerpack_name": "alerts", "number": N}, [by_name(PP), _get("longcode", N), account_number(N)],
                 [Call("POST", pool_path("longcode", N), sent={"service": "sms"}, body=dict(entry(N), api_id="x"))],
                 True, {"before": {}, "after": {N: {"type": "longcode", "service": "sms"}}}, id="add"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": " +" + N, "service": "mms", "rent": True},
                 [BY_UUID, _get("longcode", N, asked="mms"), not_rented(N)],
                 [Call("POST", pool_path("longcode", N), sent={"service": "mms", "rent": "true"}, body=entry(N, service="mms"))],
                 True, {"before": {}, "after": {N: {"type": "longcode", "service": "mms", "rented": True}}}, id="add-e164-rent"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": TF, "type": "tollfree"},
                 [BY_UUID, _get("tollfree", TF), account_number(TF, "tollfree"), by_name(PP)],
                 [Call("POST", pool_path("tollfree", TF), sent={"service": "sms"}, body=entry(TF, "tollfree"))],
                 True, {"before": {}, "after": {TF: {"type": "tollfree", "service": "sms"}}}, id="add-tollfree"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": TF, "type": "tollfree", "service": "mms"},
                 [BY_UUID, _get("tollfree", TF, asked="mms"), account_number(TF, "tollfree"), by_name(PP)],
                 [Call("POST", pool_path("tollfree", TF), sent={"service": "mms"}, body=entry(TF, "tollfree", service="mms"))],
                 True, {"before": {}, "after": {TF: {"type": "tollfree", "service": "mms"}}}, id="add-tollfree-mms"),
    pytest.param({"powerpack_name": "alerts", "number": N}, [by_name(PP), _get("longcode", N, entry(N))], [],
                 False, {"before": {}, "after": {}}, id="re-add"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": N, "service": "mms"},
                 [BY_UUID, _get("longcode", N, entry(N), asked="mms"), account_number(N)],
                 [Call("POST", pool_path("longcode", N), sent={"service": "mms"}, body=entry(N, service="mms"))],
                 True, {"before": {N: {"service": "sms"}}, "after": {N: {"service": "mms"}}}, id="sms-to-mms"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": N}, [BY_UUID, _get("longcode", N, entry(N, service="MMS"))],
                 [Call("POST", pool_path("longcode", N), sent={"service": "sms"}, body=entry(N))],
                 True, {"before": {N: {"service": "mms"}}, "after": {N: {"service": "sms"}}}, id="service-left-out-means-sms"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": N, "state": "absent"}, [BY_UUID, _get("longcode", N, entry(N))],
                 [Call("DELETE", pool_path("longcode", N), sent={"unrent": False}, body=SUCCESS)],
                 True, {"before": {N: {"type": "longcode", "service": "sms"}}, "after": {}}, id="remove"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": N, "state": "absent"}, [BY_UUID, _get("longcode", N)], [],
                 False, {"before": {}, "after": {}}, id="remove-again"),
    pytest.param({"powerpack_name": "alerts", "number": TF, "type": "tollfree", "state": "absent", "unrent": True},
                 [by_name(PP), _get("tollfree", TF, entry(TF, "tollfree"))],
                 [Call("DELETE", pool_path("tollfree", TF), sent={"unrent": True}, body=SUCCESS)],
                 True, {"before": {TF: {"type": "tollfree", "service": "sms", "unrented": True}}, "after": {}}, id="remove-unrent"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": SC, "type": "shortcode", "state": "absent"},
                 [BY_UUID, _get("shortcode", SC, entry(SC, "shortcode"))],
                 [Call("DELETE", pool_path("shortcode", SC), status=204)],
                 True, {"before": {SC: {"type": "shortcode"}}, "after": {}}, id="unlink-shortcode"),
    pytest.param({"powerpack_uuid": PP["uuid"], "number": SC, "type": "shortcode"},
                 [BY_UUID, _get("shortcode", SC, entry(SC, "shortcode"))], [],
                 False, {"before": {}, "after": {}}, id="linked-shortcode"),
    pytest.param({"powerpack_name": "alerts", "number": N, "state": "absent"}, [by_name()], [],
                 False, {"before": {}, "after": {}}, id="absent-without-powerpack"),
]


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("args, reads, writes, changed, diff", CASES)
def test_converge(http, args, reads, writes, changed, diff, check_mode):
    http.expect(*reads)
    if not check_mode:
        http.expect(*writes)
    result = run_module(main, args, check_mode=check_mode)
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is changed
    assert result["diff"] == diff
    assert [(w["method"], w["sent"]) for w in http.writes] == ([] if check_mode else [(c.method, c.sent) for c in writes])
    assert [s["method"] for s in http.seen[:len(reads)]] == ["GET"] * len(reads)
    if args.get("state") == "absent":
        assert result["sender"] == {}
    elif diff["after"]:
        number, value = next(iter(diff["after"].items()))
        assert result["sender"]["number_pool_uuid"] == POOL
        assert wire.entry_number(result["sender"]) == number
        assert result["sender"].get("service") == value.get("service")
        # The sender's kind, as the task declared it, whatever kind of number the API reports.
        assert result["sender"]["type"] == args.get("type", "longcode")


def test_real_add_returns_the_api_entry_and_check_mode_predicts_it(http):
    http.expect(BY_UUID, _get("longcode", N), account_number(N), by_name(PP),
                BY_UUID, _get("longcode", N), account_number(N), by_name(PP),
                Call("POST", pool_path("longcode", N), body=dict(entry(N), api_id="x")))
    predicted = run_module(main, {"powerpack_uuid": PP["uuid"], "number": N}, check_mode=True)["sender"]
    real = run_module(main, {"powerpack_uuid": PP["uuid"], "number": N})["sender"]
    assert real == shown(entry(N)) and (real["type"], real["number_type"]) == ("longcode", "fixed")
    assert predicted == {"number": N, "type": "longcode", "service": "sms", "number_pool_uuid": POOL}


def test_answer_without_the_entry_is_read_back(http):
    http.expect(BY_UUID, _get("longcode", N), account_number(N), by_name(PP),
                Call("POST", pool_path("longcode", N), body={"api_id": "x", "message": "changed"}),
                _get("longcode", N, entry(N)))
    assert run_module(main, {"powerpack_uuid": PP["uuid"], "number": N})["sender"] == shown(entry(N))


def test_add_lost_to_a_server_error_that_landed_is_not_a_failure(http):
    http.expect(BY_UUID, _get("longcode", N), account_number(N), by_name(PP),
                Call("POST", pool_path("longcode", N), status=503, body={"error": "unavailable"}),
                _get("longcode", N, entry(N)))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "number": N, "max_retries": 0})
    assert "failed" not in result and result["changed"] is True and result["sender"] == shown(entry(N))


def test_remove_already_gone_since_the_read_is_ok_and_unchanged(http):
    http.expect(BY_UUID, _get("longcode", N, entry(N)), Call("DELETE", pool_path("longcode", N), **NOT_FOUND))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "number": N, "state": "absent"})
    assert "failed" not in result and result["changed"] is False
    assert result["diff"] == {"before": {}, "after": {}} and result["sender"] == {}


@pytest.mark.parametrize("check_mode", [True, False])
def test_short_code_not_linked_fails_before_any_write(http, check_mode):
    http.expect(BY_UUID, _get("shortcode", SC))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "number": SC, "type": "shortcode"}, check_mode=check_mode)
    assert result["failed"] is True
    assert "short code 444444 is not linked" in result["msg"] and "short codes cannot be added through the API" in result["msg"]
    assert http.writes == []


def test_check_mode_predicts_the_add_to_a_powerpack_an_earlier_task_would_create(http):
    http.expect(by_name(), account_number(N))
    result = run_module(main, {"powerpack_name": "alerts", "number": N}, check_mode=True)
    assert "failed" not in result and result["changed"] is True
    assert result["diff"] == {"before": {}, "after": {N: {"type": "longcode", "service": "sms"}}}
    assert result["sender"] == {"number": N, "type": "longcode", "service": "sms"}
    assert len(http.seen) == 2


def test_real_run_fails_when_the_named_powerpack_is_missing(http):
    http.expect(by_name())
    result = run_module(main, {"powerpack_name": "alerts", "number": N})
    assert result["failed"] is True
    assert "no powerpack named 'alerts' exists in this account; create it first" in result["msg"]
    assert http.writes == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_unknown_powerpack_uuid_fails_in_check_mode_too(http, check_mode):
    http.expect(Call("GET", "Powerpack/%s/" % PP["uuid"], **NOT_FOUND))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "number": N}, check_mode=check_mode)
    assert result["failed"] is True and "no powerpack with uuid '%s'" % PP["uuid"] in result["msg"]


@pytest.mark.parametrize("args, message", [
    ({"number": "1415-555-0100"}, "number must be an E.164 number"),
    ({"number": "04155550100"}, "number must be an E.164 number"),
    ({"number": "1415555"}, "number must be an E.164 number"),
    ({"number": SC, "type": "sms"}, "type must be one of"),
    ({"number": SC, "type": "shortcode", "service": "sms"}, "service applies to long codes and toll-free numbers only"),
    ({"number": TF, "type": "tollfree", "service": "fax"}, "service must be one of"),
    ({"number": SC, "type": "shortcode", "rent": True}, "rent does not apply to short codes"),
    ({"number": SC, "type": "shortcode", "state": "absent", "unrent": True}, "unrent does not apply to short codes"),
    ({"number": "12", "type": "shortcode"}, "number must be a short code of 3 to 8 digits"),
    ({"unrent": True}, "unrent only applies with state=absent"),
    ({"state": "absent", "rent": True}, "rent only applies with state=present"),
    ({"service": "voice"}, "service must be one of"),
    ({"powerpack_uuid": PP["uuid"]}, "mutually exclusive"),
    ({"powerpack_name": None}, "one of the following is required: powerpack_uuid, powerpack_name"),
    ({"powerpack_name": " "}, "powerpack_name must not be empty"),
    ({"powerpack_name": None, "powerpack_uuid": ""}, "powerpack_uuid must not be empty"),
    ({"number": None}, "missing required arguments: number"),
])
@pytest.mark.parametrize("check_mode", [True, False])
def test_bad_input_fails_before_any_request(http, args, message, check_mode):
    args = {k: v for k, v in dict({"powerpack_name": "alerts", "number": N}, **args).items() if v is not None}
    result = run_module(main, args, check_mode=check_mode)
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []
    assert AUTH_TOKEN not in json.dumps(result)


def test_api_error_never_shows_the_token(http):
    http.expect(BY_UUID, _get("longcode", N), account_number(N), by_name(PP),
                Call("POST", pool_path("longcode", N), status=401, body={"error": "authentication credentials were not provided"}))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "number": N})
    assert result["failed"] is True and result["status"] == 401
    assert "HTTP 401 for POST" in result["msg"] and result["api_error"] == "authentication credentials were not provided"
    assert AUTH_TOKEN not in json.dumps(result)


# -- issue 11: unrent made visible, names that do not pick one powerpack --------

@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("sender_type, number", [("longcode", N), ("tollfree", TF)])
def test_remove_with_unrent_names_the_number_given_up(http, check_mode, sender_type, number):
    http.expect(BY_UUID, _get(sender_type, number, entry(number, sender_type)))
    if not check_mode:
        http.expect(Call("DELETE", pool_path(sender_type, number), sent={"unrent": True}, body=SUCCESS))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "number": number, "type": sender_type, "state": "absent",
                               "unrent": True}, check_mode=check_mode)
    assert result["changed"] is True and result["unrented"] == [number]
    assert list(result["diff"]["before"]) == [number] and result["diff"]["after"] == {}


@pytest.mark.parametrize("args, reads, writes", [
    ({"state": "absent"}, [_get("longcode", N, entry(N))], [Call("DELETE", pool_path("longcode", N), sent={"unrent": False}, body=SUCCESS)]),
    ({"state": "absent", "unrent": True}, [_get("longcode", N)], []),
    ({"state": "absent", "unrent": True}, [_get("longcode", N, entry(N))], [Call("DELETE", pool_path("longcode", N), **NOT_FOUND)]),
    ({}, [_get("longcode", N), account_number(N), by_name(PP)], [Call("POST", pool_path("longcode", N), sent={"service": "sms"}, body=entry(N))]),
], ids=["remove-keeping-it", "not-in-the-pool", "removed-by-someone-else", "add"])
def test_nothing_unrented_otherwise(http, args, reads, writes):
    http.expect(BY_UUID, *reads, *writes)
    result = run_module(main, dict({"powerpack_uuid": PP["uuid"], "number": N}, **args))
    assert "failed" not in result and result["unrented"] == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_a_powerpack_name_two_powerpacks_share_fails_naming_both(http, check_mode):
    other = dict(PP, uuid="00000000-0000-4000-8000-000000000002")
    http.expect(by_name(PP, other))
    result = run_module(main, {"powerpack_name": "alerts", "number": N, "state": "absent", "unrent": True}, check_mode=check_mode)
    assert result["failed"] is True
    assert "2 powerpacks are named 'alerts' (uuids %s, %s)" % (other["uuid"], PP["uuid"]) in result["msg"], result["msg"]
    assert len(http.seen) == 1


def test_a_powerpack_name_with_whitespace_around_it_fails_before_any_request(http):
    result = run_module(main, {"powerpack_name": " alerts", "number": N})
    assert result["failed"] is True and "powerpack_name must not start or end with whitespace" in result["msg"]
    assert http.seen == []
