# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""powerpack_bulk behaviours that mutation testing of the account converger (issue 15) found
unguarded, each as the module's result and the requests it sends: what the results name, the
writes that must run one after another, a powerpack another run created first, and failures
(word for word, with what was written before them)."""

from __future__ import annotations

import threading

import pytest
import requests.adapters

from ansible_collections.plivo.messaging.plugins.modules.powerpack_bulk import main
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import ENDPOINTS, PP, account_number, entry, pool_path, pool_reads
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import ACCOUNT, Call, page, pool_of, powerpack, run_module


def _uuid(n):
    return "00000000-0000-4000-8000-%012d" % n


def _account(count):
    return [powerpack("pp-%02d" % n, uuid=_uuid(n)) for n in range(count)]


def _list_calls(objects):
    listed = [{k: v for k, v in o.items() if k not in ("api_id", "number_priority")} for o in objects]
    return [Call("GET", "Powerpack/", query={"limit": 20, "offset": offset}, body=page(listed[offset:offset + 20], offset, len(listed)))
            for offset in range(0, max(len(listed), 1), 20)]


def _pool_read(powerpack_uuid, sender_type, objects):
    return Call("GET", "NumberPool/%s/%s/" % (pool_of(powerpack_uuid), ENDPOINTS[sender_type]),
                query={"limit": 20, "offset": 0}, body=page(objects, 0, len(objects)))


def _paths(http, methods=("POST", "DELETE")):
    """The requests sent with these methods, in order, as (method, path after the account)."""
    return [(seen["method"], seen["path"].split("/", 4)[4]) for seen in http.seen if seen["method"] in methods]


def _watch_overlap(monkeypatch, http):
    """Hold each write up to 30 ms to see whether another starts meanwhile; return the most in flight at once."""
    lock, other, state = threading.Lock(), threading.Event(), {"now": 0, "most": 0}

    def send(adapter, request, **kwargs):
        if request.method in ("POST", "DELETE"):
            with lock:
                state["now"] += 1
                state["most"] = max(state["most"], state["now"])
                if state["now"] > 1:
                    other.set()
            other.wait(0.03)
        try:
            return http.send(request, **kwargs)
        finally:
            if request.method in ("POST", "DELETE"):
                with lock:
                    state["now"] -= 1

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return state


# -- what the results name --------------------------------------------------------

def test_deletes_by_uuid_alone_are_reported_by_the_powerpacks_name_or_the_declared_uuid(http):
    account = _account(2)
    http.expect(*_list_calls(account), Call("DELETE", "Powerpack/%s/" % _uuid(0), status=204, sent={"unrent_numbers": False}))
    result = run_module(main, {"powerpacks": [{"uuid": _uuid(0), "state": "absent"}, {"uuid": _uuid(7), "state": "absent"}]})
    assert result["changed"] is True
    assert result["deleted"] == ["pp-00"] and result["unchanged"] == [_uuid(7)]
    assert [(r["name"], r["uuid"], r["action"], r["changed"]) for r in result["results"]] == [
        ("pp-00", _uuid(0), "deleted", True), (_uuid(7), None, "unchanged", False)]
    assert result["diff"][0]["before_header"] == "powerpack \"pp-00\" [%s]" % _uuid(0)


def test_a_created_powerpack_is_reported_with_the_uuid_the_api_gave_it(http):
    made = powerpack("new", uuid=_uuid(9), sticky_sender=False)
    http.expect(*_list_calls([]), Call("POST", "Powerpack/", sent={"name": "new", "sticky_sender": False}, body=made))
    result = run_module(main, {"powerpacks": [{"name": "new", "sticky_sender": False}]})
    (only,) = result["results"]
    assert {key: only[key] for key in ("name", "uuid", "action", "changed", "unrented")} == {
        "name": "new", "uuid": _uuid(9), "action": "created", "changed": True, "unrented": []}
    assert only["powerpack"]["uuid"] == _uuid(9) and "pool" not in only
    assert result["diff"] == [{"before_header": "powerpack \"new\" [new]", "after_header": "powerpack \"new\" [new]",
                               "before": {}, "after": {"name": "new", "sticky_sender": False}}]


def test_a_purged_powerpack_is_reported_by_the_name_the_api_gives_it_even_an_empty_one(http):
    account = [powerpack("pp-00", uuid=_uuid(0)), powerpack("", uuid=_uuid(1))]
    http.expect(*_list_calls(account), Call("DELETE", "Powerpack/%s/" % _uuid(1), status=204, sent={"unrent_numbers": False}))
    result = run_module(main, {"powerpacks": [{"name": "pp-00"}], "purge": True})
    assert result["deleted"] == [""]
    assert [(r["name"], r["uuid"], r["action"]) for r in result["results"]] == [
        ("pp-00", _uuid(0), "unchanged"), ("", _uuid(1), "deleted")]


@pytest.mark.parametrize("args", [{"powerpacks": []}, {"purge": True, "purge_everything": True}])
def test_nothing_declared_and_nothing_to_purge_is_no_change(http, args):
    http.expect(*_list_calls([]))
    result = run_module(main, args)
    assert result["changed"] is False
    assert result["results"] == [] and result["diff"] == [] and result["unrented"] == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_deleting_a_powerpack_reads_no_more_than_the_list_whatever_else_the_item_declares(http, check_mode):
    # An item switched to state=absent that still lists number_priority: the delete needs no full read.
    account = _account(1)
    http.expect(*_list_calls(account))
    if not check_mode:
        http.expect(Call("DELETE", "Powerpack/%s/" % _uuid(0), status=204, sent={"unrent_numbers": False}))
    declared = {"name": "pp-00", "state": "absent", "sticky_sender": True, "number_priority": [
        {"country_iso": "US", "service_type": "SMS", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}]}
    result = run_module(main, {"powerpacks": [declared]}, check_mode=check_mode)
    assert result["deleted"] == ["pp-00"]
    assert [seen["method"] for seen in http.seen] == ["GET"] + ([] if check_mode else ["DELETE"])


# -- writes whose order matters -------------------------------------------------------

@pytest.mark.parametrize("workers", [1, 4])
def test_a_rename_runs_before_the_create_that_takes_the_freed_name_and_they_never_overlap(http, monkeypatch, workers):
    # Declared create first: the rename of pp-00 to pp-renamed frees "pp-00" for the new powerpack.
    account = _account(2)
    http.expect(*_list_calls(account),
                Call("POST", "Powerpack/%s/" % _uuid(0), sent={"name": "pp-renamed"}, body=dict(account[0], name="pp-renamed")),
                Call("POST", "Powerpack/", sent={"name": "pp-00", "local_connect": False},
                     body=powerpack("pp-00", uuid=_uuid(5), local_connect=False)))
    in_flight = _watch_overlap(monkeypatch, http)
    result = run_module(main, {"powerpacks": [{"name": "pp-00", "local_connect": False}, {"uuid": _uuid(0), "name": "pp-renamed"}],
                               "workers": workers})
    assert "failed" not in result, result["msg"]
    assert in_flight["most"] == 1
    assert _paths(http) == [("POST", "Powerpack/%s/" % _uuid(0)), ("POST", "Powerpack/")]
    assert result["created"] == ["pp-00"] and result["updated"] == ["pp-renamed"]
    # Results and the diff keep the declared order.
    assert [(r["name"], r["uuid"], r["action"]) for r in result["results"]] == [
        ("pp-00", _uuid(5), "created"), ("pp-renamed", _uuid(0), "updated")]
    assert [entry["before_header"] for entry in result["diff"]] == ["powerpack \"pp-00\" [new]", "powerpack \"pp-renamed\" [%s]" % _uuid(0)]
    assert result["diff"][1]["before"] == {"name": "pp-00"} and result["diff"][1]["after"] == {"name": "pp-renamed"}


def test_a_pool_purge_runs_before_another_pools_add_of_the_number_it_frees(http, monkeypatch):
    # Declared add first: pp-01 takes 14155550100, which pp-00's purge removes from its pool.
    account = _account(2)
    number = "14155550100"
    http.expect(*_list_calls(account),
                # Every declared pool is read first, in declared order.
                _pool_read(_uuid(1), "longcode", []),
                _pool_read(_uuid(0), "longcode", [{"number": number, "service": "sms"}]),
                _pool_read(_uuid(0), "tollfree", []), _pool_read(_uuid(0), "shortcode", []),
                # The number to add is rented; pp-00's pool holds it, and frees it in the same run.
                account_number(number),
                Call("DELETE", "NumberPool/%s/Number/%s/" % (pool_of(_uuid(0)), number), sent={"unrent": False},
                     body={"response": "success"}),
                Call("POST", "NumberPool/%s/Number/%s/" % (pool_of(_uuid(1)), number), sent={"service": "sms"},
                     body={"number": number, "service": "sms", "number_pool_uuid": pool_of(_uuid(1))}))
    in_flight = _watch_overlap(monkeypatch, http)
    result = run_module(main, {"powerpacks": [{"name": "pp-01", "senders": [{"number": number}]},
                                              {"name": "pp-00", "senders": [], "purge_senders": True}]})
    assert "failed" not in result, result["msg"]
    assert in_flight["most"] == 1
    assert result["updated"] == ["pp-01", "pp-00"]
    assert result["pools"] == {"pp-01": {"added": [number], "updated": [], "removed": []},
                               "pp-00": {"added": [], "updated": [], "removed": [number]}}
    assert result["unrented"] == []


def test_an_item_that_deletes_nothing_does_not_wait_for_a_rename_of_its_name(http):
    # pp-00 is renamed away, so "pp-00" declared absent finds nothing to delete; pp-01's update is not
    # held back behind the rename either: with one worker the writes go in declared order.
    account = _account(2)
    http.expect(*_list_calls(account),
                Call("POST", "Powerpack/%s/" % _uuid(0), sent={"name": "pp-zero"}, body=dict(account[0], name="pp-zero")),
                Call("POST", "Powerpack/%s/" % _uuid(1), sent={"name": "pp-01", "sticky_sender": False},
                     body=dict(account[1], sticky_sender=False)))
    result = run_module(main, {"powerpacks": [{"name": "pp-00", "state": "absent"}, {"uuid": _uuid(0), "name": "pp-zero"},
                                              {"name": "pp-01", "sticky_sender": False}]})
    assert "failed" not in result, result["msg"]
    assert [(r["name"], r["action"]) for r in result["results"]] == [
        ("pp-00", "unchanged"), ("pp-zero", "updated"), ("pp-01", "updated")]


def test_keeping_one_of_two_powerpacks_that_share_a_name_and_deleting_the_other_waits_for_nothing(http):
    account = [powerpack("dup", uuid=_uuid(0)), powerpack("dup", uuid=_uuid(1))]
    http.expect(*_list_calls(account),
                Call("POST", "Powerpack/%s/" % _uuid(0), sent={"name": "dup", "sticky_sender": False},
                     body=dict(account[0], sticky_sender=False)),
                Call("DELETE", "Powerpack/%s/" % _uuid(1), status=204, sent={"unrent_numbers": False}))
    result = run_module(main, {"powerpacks": [{"uuid": _uuid(0), "name": "dup", "sticky_sender": False},
                                              {"uuid": _uuid(1), "state": "absent"}]})
    assert "failed" not in result, result["msg"]
    assert result["updated"] == ["dup"] and result["deleted"] == ["dup"]


# -- problems found before any write, word for word -----------------------------------------

def test_every_item_that_cannot_be_converged_is_named_before_any_write(http):
    account = _account(2) + [powerpack("pp-01", uuid=_uuid(9))]
    http.expect(*_list_calls(account))
    result = run_module(main, {"powerpacks": [{"name": "fine"}, {"uuid": _uuid(7), "name": "x"}, {"name": "pp-01"}]})
    assert result["failed"] is True and result["changed"] is False
    assert result["msg"] == (
        "powerpacks[1]: no powerpack with uuid '%s' exists in this account; a powerpack cannot be created with a chosen "
        "uuid: leave uuid out and give name to create one; "
        "powerpacks[2]: 2 powerpacks are named 'pp-01' (uuids %s, %s); a name must match one powerpack for a task to act "
        "on it: give uuid to choose one, or rename the others" % (_uuid(7), _uuid(1), _uuid(9)))
    assert http.writes == []


def test_every_pool_that_cannot_be_converged_is_named_before_any_write(http):
    # An item declared by uuid alone is named by its uuid.
    account = _account(2)
    http.expect(*_list_calls(account), _pool_read(_uuid(0), "shortcode", []), _pool_read(_uuid(1), "shortcode", []))
    result = run_module(main, {"powerpacks": [{"uuid": _uuid(0), "senders": [{"number": "444444", "type": "shortcode"}]},
                                              {"name": "pp-01", "senders": [{"number": "555555", "type": "shortcode"}]}]})
    assert result["failed"] is True and result["changed"] is False
    assert result["msg"] == (
        "powerpacks[0] (%s): short code 444444 is not linked to this powerpack's number pool, and short codes cannot be "
        "added through the API; ask Plivo to link it, or leave it out; "
        "powerpacks[1] (pp-01): short code 555555 is not linked to this powerpack's number pool, and short codes cannot "
        "be added through the API; ask Plivo to link it, or leave it out" % _uuid(0))
    assert http.writes == []


# -- failures part way: the message, the API's status, and what was written before ------------

UPDATE_REFUSED = {"api_id": "x", "error": "sticky_sender is locked"}


def test_a_refused_update_fails_with_the_apis_message_and_status(http):
    account = _account(2)
    http.expect(*_list_calls(account), Call("POST", "Powerpack/%s/" % _uuid(1), status=400, body=UPDATE_REFUSED))
    result = run_module(main, {"powerpacks": [{"name": "pp-00"}, {"name": "pp-01", "sticky_sender": False}], "max_retries": 0})
    assert result["failed"] is True
    assert result["msg"] == "Plivo API returned HTTP 400 for POST %sPowerpack/%s/: sticky_sender is locked" % (ACCOUNT, _uuid(1))
    assert (result["status"], result["api_error"]) == (400, "sticky_sender is locked")
    assert result["changed"] is False
    assert [(r["name"], r["action"]) for r in result["results"]] == [("pp-00", "unchanged")]


def test_two_refused_updates_are_both_reported(http, monkeypatch):
    # Two workers: both updates are in flight before either fails (each waits for the other to arrive).
    http.any_order = True
    account = _account(2)
    http.expect(*_list_calls(account), *[Call("POST", "Powerpack/%s/" % o["uuid"], status=400, body=UPDATE_REFUSED) for o in account])
    both = threading.Barrier(2, timeout=5)

    def send(adapter, request, **kwargs):
        if request.method == "POST":
            both.wait()
        return http.send(request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    result = run_module(main, {"powerpacks": [{"name": o["name"], "sticky_sender": False} for o in account],
                               "workers": 2, "max_retries": 0})
    assert result["failed"] is True and result["status"] == 400
    assert result["msg"] == "; ".join("Plivo API returned HTTP 400 for POST %sPowerpack/%s/: sticky_sender is locked" % (ACCOUNT, o["uuid"])
                                      for o in account)


def test_a_pool_failure_after_an_update_reports_the_update_under_the_powerpacks_uuid(http):
    http.expect(*_list_calls([PP]), *pool_reads("longcode", []), account_number("14155550100"),
                Call("POST", "Powerpack/%s/" % PP["uuid"], sent={"name": "alerts", "sticky_sender": False},
                     body=dict(PP, sticky_sender=False)),
                Call("POST", pool_path("longcode", "14155550100"), status=400,
                     body={"api_id": "x", "error": "number 14155550100 already belongs to another number pool"}))
    result = run_module(main, {"powerpacks": [{"name": "alerts", "sticky_sender": False, "senders": [{"number": "14155550100"}]}],
                               "max_retries": 0})
    assert result["failed"] is True and result["status"] == 400 and result["changed"] is True
    assert result["msg"] == ("Plivo API returned HTTP 400 for POST %sNumberPool/%s/Number/14155550100/: "
                             "number 14155550100 already belongs to another number pool" % (ACCOUNT, pool_of(PP["uuid"])))
    header = "powerpack \"alerts\" [%s]" % PP["uuid"]
    assert result["diff"] == [{"before_header": header, "after_header": header,
                               "before": {"sticky_sender": True}, "after": {"sticky_sender": False}}]
    assert result["updated"] == ["alerts"]
    assert result["pools"] == {"alerts": {"added": [], "updated": [], "removed": []}}


# -- a powerpack that another run created first ---------------------------------------

FRESH = powerpack("fresh")
CONFLICT = {"api_id": "x", "error": "a powerpack named fresh exists"}


def _created_by_another_run():
    """The create refused as a conflict, then the powerpack that exists found by its name."""
    return [Call("POST", "Powerpack/", status=409, sent={"name": "fresh"}, body=CONFLICT),
            Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([powerpack("fresh", full=False)], 0, 1)),
            Call("GET", "Powerpack/%s/" % FRESH["uuid"], body=FRESH)]


def test_a_powerpack_another_run_created_first_has_its_whole_pool_read_and_converged(http):
    http.expect(*_list_calls([]), account_number("14155550100"), *_created_by_another_run(),
                *pool_reads("longcode", [entry("14155550199")]), *pool_reads("tollfree", [entry("18005550100", "tollfree")]),
                *pool_reads("shortcode", []),
                Call("POST", pool_path("longcode", "14155550100"), sent={"service": "sms"}, body=entry("14155550100")),
                Call("DELETE", pool_path("longcode", "14155550199"), sent={"unrent": True}, body={"response": "success"}),
                Call("DELETE", pool_path("tollfree", "18005550100"), sent={"unrent": True}, body={"response": "success"}))
    result = run_module(main, {"powerpacks": [{"name": "fresh", "senders": [{"number": "14155550100"}],
                                               "purge_senders": True, "unrent_purged": True}]})
    assert "failed" not in result, result["msg"]
    assert result["changed"] is True and result["updated"] == ["fresh"] and result["created"] == []
    assert result["pools"] == {"fresh": {"added": ["14155550100"], "updated": [], "removed": ["14155550199", "18005550100"]}}
    assert result["unrented"] == ["14155550199", "18005550100"]
    (pool_diff,) = result["diff"]
    assert pool_diff["before_header"] == "powerpack \"fresh\" [new] number pool"
    assert pool_diff["before"]["unrented"] == ["14155550199", "18005550100"]


def test_a_powerpack_another_run_created_first_with_senders_of_another_type_fails_naming_them(http):
    # The account's records do not say the numbers' types: only the pool, read after the create, does.
    http.expect(*_list_calls([]), account_number("14155550100", None), account_number("18005550100", None),
                *_created_by_another_run(), *pool_reads("longcode", [entry("14155550100")]),
                *pool_reads("tollfree", [entry("18005550100", "tollfree")]), *pool_reads("shortcode", []))
    result = run_module(main, {"powerpacks": [{"name": "fresh", "senders": [
        {"number": "18005550100"}, {"number": "14155550100", "type": "tollfree"}]}]})
    assert result["failed"] is True and result["changed"] is False and "status" not in result
    assert result["msg"] == ("fresh: 14155550100 is in the pool as a long code, not a toll-free number; correct its type; "
                             "18005550100 is in the pool as a toll-free number, not a long code; correct its type")
    assert [(r["name"], r["uuid"], r["action"]) for r in result["results"]] == [("fresh", FRESH["uuid"], "unchanged")]
    assert len(http.writes) == 1


def test_a_powerpack_another_run_created_first_whose_pool_cannot_be_read_fails_with_the_apis_status(http):
    failing = {"api_id": "x", "error": "internal error"}
    http.expect(*_list_calls([]), account_number("14155550100"), *_created_by_another_run(),
                Call("GET", pool_path("longcode"), query={"limit": 20, "offset": 0}, status=500, body=failing))
    result = run_module(main, {"powerpacks": [{"name": "fresh", "senders": [{"number": "14155550100"}]}], "max_retries": 0})
    assert result["failed"] is True and result["status"] == 500 and result["changed"] is False
    assert result["msg"] == "Plivo API returned HTTP 500 for GET %sNumberPool/%s/Number/: internal error" % (ACCOUNT, pool_of(FRESH["uuid"]))
    assert [(r["name"], r["action"]) for r in result["results"]] == [("fresh", "unchanged")]


def test_a_pool_purge_that_fails_part_way_reports_the_numbers_it_gave_up(http):
    gone, kept = "14155550100", "14155550101"
    http.expect(*_list_calls([PP]), *pool_reads("longcode", [entry(gone), entry(kept)]), *pool_reads("tollfree", []),
                *pool_reads("shortcode", []),
                Call("DELETE", pool_path("longcode", gone), sent={"unrent": True}, body={"response": "success"}),
                Call("DELETE", pool_path("longcode", kept), sent={"unrent": True}, status=400,
                     body={"api_id": "x", "error": "number is in use"}))
    result = run_module(main, {"powerpacks": [{"name": "alerts", "senders": [], "purge_senders": True, "unrent_purged": True}],
                               "max_retries": 0})
    assert result["failed"] is True and result["status"] == 400 and result["changed"] is True
    assert result["msg"] == "Plivo API returned HTTP 400 for DELETE %s: number is in use" % (ACCOUNT + pool_path("longcode", kept))
    assert result["unrented"] == [gone] and result["results"][0]["unrented"] == [gone]
    assert result["pools"] == {"alerts": {"added": [], "updated": [], "removed": [gone]}}
    header = "powerpack \"alerts\" [%s] number pool" % PP["uuid"]
    assert result["diff"] == [{"before_header": header, "after_header": header, "before": {"unrented": [gone]}, "after": {}}]
