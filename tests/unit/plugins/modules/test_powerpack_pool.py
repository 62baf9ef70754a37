# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""powerpack_pool with every HTTP call scripted: one read of each pool endpoint it
needs, across all pages, then one write per sender that differs; check mode
makes the same reads, no write, and predicts the real run's result."""

from __future__ import annotations

import json

import pytest

from ansible_collections.plivo.messaging.plugins.modules.powerpack_pool import main
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    BY_UUID,
    NOT_FOUND,
    PP,
    account_number,
    by_name,
    entry,
    not_rented,
    numbers,
    pool_path,
    pool_reads,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import AUTH_TOKEN, Call, run_module

SUCCESS = {"api_id": "x", "response": "success"}
RESULT_KEYS = ("changed", "added", "updated", "removed", "senders", "diff")


def _add(number, sender_type="longcode", service="sms", sent=None):
    sent = {"service": service} if sent is None and sender_type == "longcode" else sent
    return Call("POST", pool_path(sender_type, number), sent=sent,
                body=dict(entry(number, sender_type, service=service), api_id="x"))


def _remove(number, sender_type="longcode", unrent=False):
    return Call("DELETE", pool_path(sender_type, number), sent=None if sender_type == "shortcode" else {"unrent": unrent},
                body=SUCCESS)


def _listed(*groups):
    """The ``senders`` result for (numbers, type, service) groups, in the module's order."""
    order = {"longcode": 0, "tollfree": 1, "shortcode": 2}
    listed = [{"number": n, "type": t, "service": s} for group, t, s in groups for n in group]
    return sorted(listed, key=lambda sender: (order[sender["type"]], sender["number"]))


def _run(http, args, reads, writes, check_mode):
    http.expect(*reads)
    if not check_mode:
        http.expect(*writes)
    args = {k: v for k, v in dict({"powerpack_uuid": PP["uuid"]}, **args).items() if v is not None}
    result = run_module(main, args, check_mode=check_mode)
    assert "failed" not in result, result.get("msg")
    assert [(w["method"], w["path"], w["sent"]) for w in http.writes] == (
        [] if check_mode else [(c.method, c.path, c.sent) for c in writes])
    return result


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_sixty_senders_into_an_empty_pool(http, check_mode):
    declared = numbers(0, 60)
    services = {n: "mms" if i % 3 == 0 else "sms" for i, n in enumerate(declared)}
    senders = [dict({"number": "+" + n}, **({"service": "mms"} if services[n] == "mms" else {})) for n in reversed(declared)]
    reads = [BY_UUID] + pool_reads("longcode", []) + [account_number(n) for n in declared] + [by_name(PP)]
    result = _run(http, {"senders": senders}, reads, [_add(n, service=services[n]) for n in declared], check_mode)
    assert result["changed"] is True
    assert result["added"] == declared and result["updated"] == [] and result["removed"] == []
    assert result["diff"] == {"before": {}, "after": {n: {"type": "longcode", "service": services[n]} for n in declared}}
    assert result["senders"] == [{"number": n, "type": "longcode", "service": services[n]} for n in declared]


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_sixty_senders_some_present_across_three_pages(http, check_mode):
    # 45 long codes across 3 pages (2 of them toll-free entries that the long-code list also shows),
    # 2 toll-free numbers; declared: 40 of the long codes (5 to move to mms), 20 new ones and one toll-free.
    present = numbers(0, 43)
    listed = [entry(n) for n in present[:20]] + [entry("18005550000", type="tollfree")] + \
        [entry(n) for n in present[20:40]] + [entry("18005550001", type="tollfree")] + [entry(n) for n in present[40:]]
    declared = present[:40] + numbers(100, 20)
    to_mms = present[:5]
    senders = [dict({"number": n}, **({"service": "mms"} if n in to_mms else {})) for n in declared] + \
        [{"number": "18005550001", "type": "tollfree"}]
    reads = [BY_UUID] + pool_reads("longcode", listed) + pool_reads("tollfree", [entry(t, "tollfree") for t in ("18005550000", "18005550001")])
    # The numbers to add and those to switch to mms are read from the account, then the account's
    # other powerpacks listed (there are none) to find a pool that holds one.
    reads += [account_number(n) for n in to_mms + numbers(100, 20)] + [by_name(PP)]
    writes = [_add(n) for n in numbers(100, 20)] + [_add(n, service="mms") for n in to_mms]
    result = _run(http, {"senders": senders}, reads, writes, check_mode)
    assert len([s for s in http.seen if s["method"] == "GET"]) == 5 + 25 + 1
    assert result["changed"] is True
    assert result["added"] == numbers(100, 20) and result["updated"] == to_mms and result["removed"] == []
    assert result["diff"]["before"] == {n: {"service": "sms"} for n in to_mms}
    assert result["diff"]["after"] == dict({n: {"service": "mms"} for n in to_mms},
                                           **{n: {"type": "longcode", "service": "sms"} for n in numbers(100, 20)})
    assert result["senders"] == _listed((to_mms, "longcode", "mms"), (present[5:] + numbers(100, 20), "longcode", "sms"),
                                        (["18005550000", "18005550001"], "tollfree", "sms"))


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_sixty_present_is_a_no_op_that_only_reads(http, check_mode):
    declared = numbers(0, 60)
    result = _run(http, {"senders": [{"number": "+" + n} for n in declared]},
                  [BY_UUID] + pool_reads("longcode", [entry(n) for n in declared]), [], check_mode)
    assert len(http.seen) == 4
    assert {k: result[k] for k in RESULT_KEYS} == {
        "changed": False, "added": [], "updated": [], "removed": [], "diff": {"before": {}, "after": {}},
        "senders": _listed((declared, "longcode", "sms"))}


@pytest.mark.parametrize("unrent", [False, True])
@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_purge_removes_the_ten_undeclared(http, check_mode, unrent):
    declared = numbers(0, 50)
    stray = numbers(50, 6)
    tollfree = ["18005550000", "18005550001"]
    shortcodes = ["444444", "555555"]
    reads = [BY_UUID] + pool_reads("longcode", [entry(n) for n in declared + stray]) + \
        pool_reads("tollfree", [entry(t, "tollfree") for t in tollfree]) + \
        pool_reads("shortcode", [entry(s, "shortcode") for s in shortcodes])
    writes = [_remove(n, unrent=unrent) for n in stray] + [_remove(t, "tollfree", unrent) for t in tollfree] + \
        [_remove(s, "shortcode") for s in shortcodes]
    result = _run(http, {"senders": [{"number": n} for n in declared], "purge": True, "unrent": unrent},
                  reads, writes, check_mode)
    assert len(http.seen) == 1 + 3 + 1 + 1 + (0 if check_mode else 10)
    assert result["changed"] is True and result["added"] == [] and result["updated"] == []
    assert result["removed"] == stray + tollfree + shortcodes
    given_up = {"unrented": True} if unrent else {}
    assert result["diff"] == {"before": dict({n: dict({"type": "longcode", "service": "sms"}, **given_up) for n in stray},
                                             **{n: dict({"type": "tollfree", "service": "sms"}, **given_up) for n in tollfree},
                                             **{n: {"type": "shortcode"} for n in shortcodes}), "after": {}}
    assert result["senders"] == _listed((declared, "longcode", "sms"))


@pytest.mark.parametrize("senders, purge, reads, writes", [
    pytest.param([], True, [pool_reads("longcode", [entry("14155550100")]), pool_reads("tollfree", []), pool_reads("shortcode", [])],
                 [_remove("14155550100")], id="purge-all"),
    pytest.param([{"number": "14155550100", "rent": True}, {"number": "14155550101", "service": "mms", "rent": True}], False,
                 [pool_reads("longcode", [entry("14155550101")]), [not_rented("14155550100"), account_number("14155550101")]],
                 [_add("14155550100", sent={"service": "sms", "rent": "true"}), _add("14155550101", service="mms")], id="rent-only-on-add"),
    pytest.param([{"number": "18005550199", "type": "tollfree", "rent": True}], False,
                 [pool_reads("tollfree", []), [not_rented("18005550199")]],
                 [_add("18005550199", "tollfree", sent={"service": "sms", "rent": "true"})], id="tollfree-rent"),
    pytest.param([{"number": "18005550199", "type": "tollfree"}, {"number": "444444", "type": "shortcode"}], False,
                 [pool_reads("tollfree", []), pool_reads("shortcode", [entry("444444", "shortcode")]),
                  [account_number("18005550199", "tollfree"), by_name(PP)]],
                 [_add("18005550199", "tollfree", sent={"service": "sms"})], id="tollfree-and-linked-shortcode"),
    pytest.param([], False, [], [], id="nothing-declared-reads-nothing"),
])
def test_check_mode_predicts_the_real_run(http, senders, purge, reads, writes):
    args = {"senders": senders, "purge": purge}
    reads = [BY_UUID] + [call for calls in reads for call in calls]
    predicted = _run(http, args, reads, writes, True)
    real = _run(http, args, reads, writes, False)
    assert {k: predicted[k] for k in RESULT_KEYS} == {k: real[k] for k in RESULT_KEYS}
    assert real["changed"] is bool(writes)


def test_by_name(http):
    result = _run(http, {"powerpack_uuid": None, "powerpack_name": "alerts", "senders": [{"number": "14155550100"}]},
                  [by_name(PP)] + pool_reads("longcode", [entry("14155550100")]), [], False)
    assert result["changed"] is False


def test_removal_someone_else_made_first_is_not_a_change(http):
    reads = [BY_UUID] + pool_reads("longcode", [entry("14155550100")]) + pool_reads("tollfree", []) + pool_reads("shortcode", [])
    result = _run(http, {"purge": True}, reads, [Call("DELETE", pool_path("longcode", "14155550100"), sent={"unrent": False}, **NOT_FOUND)], False)
    assert result["changed"] is False and result["removed"] == [] and result["senders"] == []
    assert result["diff"] == {"before": {}, "after": {}}


def test_failure_part_way_reports_the_changes_already_made(http):
    # The first add landed; a failed task that changed the pool must say changed, or a
    # handler notified by it never runs and a re-run's "ok" hides what this run did.
    http.expect(BY_UUID, *pool_reads("longcode", []), account_number("14155550100"), account_number("14155550101"), by_name(PP),
                _add("14155550100"),
                Call("POST", pool_path("longcode", "14155550101"), status=400, body={"api_id": "x", "error": "number is not rented"}))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "senders": [{"number": "14155550100"}, {"number": "14155550101"}]})
    assert result["failed"] is True and "HTTP 400 for POST" in result["msg"] and "number is not rented" in result["msg"]
    assert result["changed"] is True
    assert result.get("added") == ["14155550100"]


def test_check_mode_predicts_adds_to_a_powerpack_an_earlier_task_would_create(http):
    http.expect(by_name(), account_number("14155550100"), account_number("18005550199", "tollfree"))
    result = run_module(main, {"powerpack_name": "alerts", "senders": [{"number": "14155550100"}, {"number": "18005550199", "type": "tollfree"}]},
                        check_mode=True)
    assert result["changed"] is True and result["added"] == ["14155550100", "18005550199"]
    assert result["senders"] == _listed((["14155550100"], "longcode", "sms"), (["18005550199"], "tollfree", "sms"))
    assert len(http.seen) == 3


def test_real_run_fails_when_the_named_powerpack_is_missing(http):
    http.expect(by_name())
    result = run_module(main, {"powerpack_name": "alerts", "senders": [{"number": "14155550100"}]})
    assert result["failed"] is True and "no powerpack named 'alerts' exists in this account" in result["msg"]


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("senders, pool, message", [
    ([{"number": "444444", "type": "shortcode"}, {"number": "14155550100"}], {"shortcode": [], "longcode": []},
     "short code 444444 is not linked to this powerpack's number pool, and short codes cannot be added through the API"),
    ([{"number": "18005550199"}], {"longcode": [], "tollfree": [entry("18005550199", "tollfree")], "shortcode": []},
     "18005550199 is in the pool as a toll-free number, not a long code"),
])
def test_conflicts_fail_after_the_reads_before_any_write(http, check_mode, senders, pool, message):
    http.expect(BY_UUID)
    for sender_type in ("longcode", "tollfree", "shortcode"):
        if sender_type in pool:
            http.expect(*pool_reads(sender_type, pool[sender_type]))
    if "14155550100" in [sender["number"] for sender in senders]:
        # Every problem is found before any write: the number to add is read too.
        http.expect(account_number("14155550100"), by_name(PP))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "senders": senders, "purge": len(pool) == 3}, check_mode=check_mode)
    assert result["failed"] is True and message in result["msg"]
    assert http.writes == []


@pytest.mark.parametrize("args, message", [
    ({"senders": [{"number": "+14155550100"}, {"number": "14155550101"}, {"number": "14155550100", "type": "tollfree"}]},
     "senders[2]: number 14155550100 is already declared by senders[0]; declare each number once"),
    ({"senders": [{"number": "14155550100"}], "unrent": True}, "unrent only applies to the numbers purge removes"),
    ({"senders": [{"number": "14155550100"}, {"number": "1415555010O"}]}, "senders[1].number must be an E.164 number"),
    ({"senders": [{"number": "444444", "type": "shortcode", "service": "sms"}]}, "senders[0].service applies to long codes and toll-free numbers only"),
    ({"senders": [{"number": "444444", "type": "shortcode", "rent": True}]}, "senders[0].rent does not apply to short codes"),
    ({"senders": [{"type": "tollfree"}]}, "number"),
    ({"senders": [{"number": "14155550100", "bogus": 1}]}, "bogus"),
    ({"powerpack_name": "alerts"}, "mutually exclusive"),
])
def test_bad_input_fails_before_any_request(http, args, message):
    result = run_module(main, dict({"powerpack_uuid": PP["uuid"]}, **args))
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []
    assert AUTH_TOKEN not in json.dumps(result)


def test_api_error_never_shows_the_token(http):
    http.expect(BY_UUID, Call("GET", pool_path("longcode"), query={"limit": 20, "offset": 0}, status=500, raw="<html>oops</html>"))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "senders": [{"number": "14155550100"}], "max_retries": 0})
    assert result["failed"] is True and result["status"] == 500 and "HTTP 500 for GET" in result["msg"]
    assert AUTH_TOKEN not in json.dumps(result)


# -- issue 11: unrent made visible, names that do not pick one powerpack --------

@pytest.mark.parametrize("unrent", [False, True])
@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_purge_names_the_numbers_it_unrents_never_short_codes(http, check_mode, unrent):
    stray, tollfree, shortcode = numbers(50, 2), ["18005550000"], ["444444"]
    reads = [BY_UUID] + pool_reads("longcode", [entry(n) for n in numbers(0, 1) + stray]) + \
        pool_reads("tollfree", [entry(t, "tollfree") for t in tollfree]) + \
        pool_reads("shortcode", [entry(s, "shortcode") for s in shortcode])
    writes = [_remove(n, unrent=unrent) for n in stray] + [_remove(t, "tollfree", unrent) for t in tollfree] + \
        [_remove(s, "shortcode") for s in shortcode]
    result = _run(http, {"senders": [{"number": numbers(0, 1)[0]}], "purge_senders": True, "unrent_purged": unrent},
                  reads, writes, check_mode)
    assert result["removed"] == stray + tollfree + shortcode
    assert result["unrented"] == (stray + tollfree if unrent else [])
    assert sorted(result["diff"]["before"]) == sorted(stray + tollfree + shortcode)


def test_a_run_without_purge_unrents_nothing(http):
    result = _run(http, {"senders": [{"number": "14155550100"}]},
                  [BY_UUID] + pool_reads("longcode", []) + [account_number("14155550100"), by_name(PP)], [_add("14155550100")], False)
    assert result["added"] == ["14155550100"] and result["unrented"] == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_a_powerpack_name_two_powerpacks_share_fails_naming_both(http, check_mode):
    other = dict(PP, uuid="00000000-0000-4000-8000-000000000002")
    http.expect(by_name(PP, other))
    result = run_module(main, {"powerpack_name": "alerts", "senders": [], "purge_senders": True}, check_mode=check_mode)
    assert result["failed"] is True
    assert "2 powerpacks are named 'alerts' (uuids %s, %s)" % (other["uuid"], PP["uuid"]) in result["msg"], result["msg"]
    assert "give powerpack_uuid to choose one" in result["msg"]
    assert len(http.seen) == 1


@pytest.mark.parametrize("args, message", [
    ({"powerpack_uuid": None, "powerpack_name": "alerts "}, "powerpack_name must not start or end with whitespace"),
    ({"powerpack_uuid": "not-a-uuid"}, "powerpack_uuid must be a UUID such as"),
])
def test_a_powerpack_reference_that_cannot_match_fails_before_any_request(http, args, message):
    args = {k: v for k, v in dict({"powerpack_uuid": PP["uuid"], "senders": []}, **args).items() if v is not None}
    result = run_module(main, args)
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []
