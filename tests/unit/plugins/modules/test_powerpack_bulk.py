# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""powerpack_bulk with every HTTP call scripted: one read of the account, full reads
only where comparison needs them, writes only for what differs."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules.powerpack_bulk import main
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    ENDPOINTS,
    PP,
    account_number,
    by_name,
    entry,
    pool_path,
    pool_reads,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import Call, page, pool_of, powerpack, run_module

US = {"country_iso": "US", "service_type": "SMS",
      "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}


def _uuid(n):
    return "00000000-0000-4000-8000-%012d" % n


def _account(count, **fields):
    return [powerpack("pp-%02d" % n, uuid=_uuid(n), number_priority=[US], **fields) for n in range(count)]


def _list_calls(objects):
    listed = [{k: v for k, v in o.items() if k not in ("api_id", "number_priority")} for o in objects]
    calls = [Call("GET", "Powerpack/", query={"limit": 20, "offset": offset}, body=page(listed[offset:offset + 20], offset, len(listed)))
             for offset in range(0, max(len(listed), 1), 20)]
    return calls


def _pool_reads(powerpack_uuid, sender_type, objects):
    """The one page that reads a pool endpoint of the powerpack with this uuid."""
    body = page(objects, 0, len(objects))
    return [Call("GET", "NumberPool/%s/%s/" % (pool_of(powerpack_uuid), ENDPOINTS[sender_type]),
                 query={"limit": 20, "offset": 0}, body=body)]


@pytest.mark.parametrize("workers", [1, 4])
def test_nothing_to_change_reads_once_and_writes_nothing(http, workers):
    http.any_order = workers > 1
    account = _account(45)
    declared = [{"name": o["name"], "sticky_sender": True, "number_priority": [dict(US, country_iso="us")]} for o in account]
    http.expect(*_list_calls(account))
    http.expect(*[Call("GET", "Powerpack/%s/" % o["uuid"], body=o) for o in account])
    result = run_module(main, {"powerpacks": declared, "workers": workers})
    assert result["changed"] is False
    assert result["unchanged"] == [o["name"] for o in account]
    assert result["diff"] == []
    assert http.writes == []
    assert len(http.seen) == 3 + 45


def test_items_that_do_not_manage_number_priority_need_no_full_read(http):
    account = _account(3)
    http.expect(*_list_calls(account))
    result = run_module(main, {"powerpacks": [{"name": o["name"], "local_connect": True} for o in account]})
    assert result["changed"] is False and len(http.seen) == 1


def test_only_the_item_that_differs_is_written(http):
    account = _account(3)
    http.expect(*_list_calls(account))
    http.expect(Call("POST", "Powerpack/%s/" % _uuid(1), sent={"name": "pp-01", "sticky_sender": False},
                     body=dict(account[1], sticky_sender=False)))
    declared = [{"name": o["name"], "sticky_sender": o["name"] != "pp-01"} for o in account]
    result = run_module(main, {"powerpacks": declared})
    assert result["changed"] is True
    assert result["updated"] == ["pp-01"] and result["unchanged"] == ["pp-00", "pp-02"]
    header = "powerpack \"pp-01\" [%s]" % _uuid(1)
    assert result["diff"] == [{"before_header": header, "after_header": header,
                               "before": {"sticky_sender": True}, "after": {"sticky_sender": False}}]
    assert len(http.writes) == 1


@pytest.mark.parametrize("workers", [1, 4])
@pytest.mark.parametrize("check_mode", [True, False])
def test_create_delete_and_purge(http, check_mode, workers):
    # With several workers the requests may come in any order; the result, diff and writes may not differ.
    http.any_order = workers > 1
    account = _account(3)
    http.expect(*_list_calls(account))
    if not check_mode:
        http.expect(Call("POST", "Powerpack/", sent={"name": "new"}, body=powerpack("new", uuid=_uuid(9))))
    # pp-00 is deleted with unrent_numbers: its pool is read first, to name the numbers given up.
    http.expect(*_pool_reads(_uuid(0), "longcode", []), *_pool_reads(_uuid(0), "tollfree", []))
    if not check_mode:
        http.expect(
            Call("DELETE", "Powerpack/%s/" % _uuid(0), status=204, sent={"unrent_numbers": True}),
            Call("DELETE", "Powerpack/%s/" % _uuid(2), status=204, sent={"unrent_numbers": False}),
        )
    declared = [{"name": "new"}, {"name": "pp-00", "state": "absent", "unrent_numbers": True}, {"name": "pp-01"},
                {"name": "never-existed", "state": "absent"}]
    result = run_module(main, {"powerpacks": declared, "purge": True, "workers": workers}, check_mode=check_mode)
    assert result["changed"] is True
    assert result["created"] == ["new"]
    assert result["deleted"] == ["pp-00", "pp-02"]
    assert result["unchanged"] == ["pp-01", "never-existed"]
    # One diff per powerpack, each headed with its name and uuid, in the order of the results.
    # A created powerpack is "new" in check mode and for real alike.
    assert [entry["before_header"] for entry in result["diff"]] == [
        "powerpack \"new\" [new]", "powerpack \"pp-00\" [%s]" % _uuid(0), "powerpack \"pp-02\" [%s]" % _uuid(2)]
    assert all(entry["after_header"] == entry["before_header"] for entry in result["diff"])
    assert [(entry["before"].get("name"), entry["after"]) for entry in result["diff"]] == [
        (None, {"name": "new"}), ("pp-00", {}), ("pp-02", {})]
    assert [r["action"] for r in result["results"]] == ["created", "deleted", "unchanged", "unchanged", "deleted"]
    assert len(http.writes) == (0 if check_mode else 3)


def test_empty_list_with_purge_deletes_everything_in_check_mode_only_as_a_report(http):
    account = _account(2)
    http.expect(*_list_calls(account))
    # purge_everything (1.2.0) confirms the empty list; without it the task fails, see test_purge_guard_*.
    result = run_module(main, {"purge": True, "purge_everything": True}, check_mode=True)
    assert result["deleted"] == ["pp-00", "pp-01"] and http.writes == []


def test_unknown_uuid_fails_before_any_write(http):
    http.expect(*_list_calls(_account(2)))
    result = run_module(main, {"powerpacks": [{"name": "new"}, {"uuid": _uuid(7), "name": "x"}]})
    assert result["failed"] is True
    assert "powerpacks[1]: no powerpack with uuid" in result["msg"]
    assert http.writes == []


@pytest.mark.parametrize("powerpacks, message", [
    ([{"name": "a"}, {"name": "a"}], "powerpacks[1]: name 'a' is already declared by powerpacks[0]"),
    ([{"name": "a"}, {"name": ""}], "powerpacks[1]: name must not be empty"),
    ([{"name": "a", "number_priority": [dict(US, service_type="VOICE")]}], "powerpacks[0]: number_priority[0].service_type must be one of"),
    ([{"sticky_sender": True}], "one of the following is required: name, uuid"),
    ([{"name": "a", "application_type": "xml"}], "application_id"),
    ([{"name": "a", "bogus": 1}], "bogus"),
])
def test_bad_items_fail_before_any_request(http, powerpacks, message):
    result = run_module(main, {"powerpacks": powerpacks})
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []


# -- senders: each powerpack's number pool ------------------------------------

def test_a_declared_short_code_the_pool_lacks_fails_before_any_write(http):
    # The number to add to the new powerpack is read from the account, and the pool of the other
    # one read for long codes (only its short codes were read), to find whether it holds the number.
    http.expect(by_name(PP), *pool_reads("shortcode", []), account_number("14155550100"), *pool_reads("longcode", []))
    result = run_module(main, {"powerpacks": [
        {"name": "fresh", "sticky_sender": False, "senders": [{"number": "14155550100"}]},
        {"name": PP["name"], "senders": [{"number": "444444", "type": "shortcode"}]},
    ]})
    assert result["failed"] is True
    assert "powerpacks[1] (alerts): short code 444444 is not linked" in result["msg"], result["msg"]
    # The new powerpack of item 0 was not created either: every pool is checked first.
    assert http.writes == []


def test_a_created_powerpack_gets_its_senders_in_the_same_run(http):
    created = powerpack("fresh", uuid=PP["uuid"])
    http.expect(by_name(), account_number("14155550100"),
                Call("POST", "Powerpack/", sent={"name": "fresh"}, body=created),
                Call("POST", pool_path("longcode", "14155550100"), sent={"service": "sms"}, body=entry("14155550100")))
    result = run_module(main, {"powerpacks": [{"name": "fresh", "senders": [{"number": "+14155550100"}]}]})
    assert result["changed"] is True and result["created"] == ["fresh"]
    assert result["pools"] == {"fresh": {"added": ["14155550100"], "updated": [], "removed": []}}
    assert result["results"][0]["pool"] == result["pools"]["fresh"]
    header = "powerpack \"fresh\" [new]"
    assert [entry["before_header"] for entry in result["diff"]] == [header, header + " number pool"]
    assert result["diff"][1]["after"] == {"senders": {"14155550100": {"type": "longcode", "service": "sms"}}}


def test_check_mode_predicts_the_pool_of_a_powerpack_it_would_create(http):
    http.expect(by_name(), account_number("14155550100"))
    result = run_module(main, {"powerpacks": [{"name": "fresh", "senders": [{"number": "14155550100", "service": "mms"}]}]},
                        check_mode=True)
    assert result["changed"] is True and result["created"] == ["fresh"]
    assert result["pools"]["fresh"]["added"] == ["14155550100"]
    assert http.writes == []


def test_a_pool_failure_part_way_still_reports_what_was_added(http):
    http.expect(by_name(PP), *pool_reads("longcode", []), account_number("14155550100"), account_number("14155550101"),
                Call("POST", pool_path("longcode", "14155550100"), body=entry("14155550100")),
                Call("POST", pool_path("longcode", "14155550101"), status=400,
                     body={"api_id": "x", "error": "number 14155550101 already belongs to another number pool"}))
    result = run_module(main, {"powerpacks": [{"name": PP["name"], "senders": [{"number": "14155550100"}, {"number": "14155550101"}]}]})
    assert result["failed"] is True and "already belongs to another number pool" in result["msg"]
    assert result["changed"] is True
    assert result["pools"] == {"alerts": {"added": ["14155550100"], "updated": [], "removed": []}}


# -- issue 11: slips that destroy, and unrent made visible ----------------------

@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("args", [{"purge": True}, {"purge": True, "powerpacks": []}])
def test_purge_guard_an_empty_list_with_purge_fails_before_any_request(http, check_mode, args):
    result = run_module(main, args, check_mode=check_mode)
    assert result["failed"] is True
    assert "purge=true with an empty powerpacks list would delete every powerpack of the account" in result["msg"]
    assert "purge_everything=true" in result["msg"]
    assert http.seen == []


@pytest.mark.parametrize("args, message", [
    ({"purge_everything": True}, "purge_everything only applies with purge=true"),
    ({"purge_everything": True, "purge": True, "powerpacks": [{"name": "a"}]},
     "purge_everything=true is only for an empty powerpacks list"),
])
def test_purge_guard_purge_everything_only_confirms_an_empty_purge(http, args, message):
    result = run_module(main, args)
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []


def test_purge_guard_purge_everything_deletes_every_powerpack(http):
    account = _account(2)
    http.expect(*_list_calls(account), *[Call("DELETE", "Powerpack/%s/" % o["uuid"], status=204, sent={"unrent_numbers": False})
                                         for o in account])
    result = run_module(main, {"purge": True, "purge_everything": True})
    assert result["changed"] is True and result["deleted"] == ["pp-00", "pp-01"] and result["unrented"] == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_absent_item_whose_uuid_and_name_disagree_fails_naming_both_before_any_write(http, check_mode):
    http.expect(*_list_calls(_account(3)))
    result = run_module(main, {"powerpacks": [{"name": "new"}, {"uuid": _uuid(0), "name": "pp-01", "state": "absent"}],
                               "purge": True}, check_mode=check_mode)
    assert result["failed"] is True
    assert "powerpacks[1]: uuid '%s' is the powerpack named 'pp-00', not 'pp-01'" % _uuid(0) in result["msg"], result["msg"]
    assert http.writes == []


def test_absent_item_with_an_unknown_uuid_and_the_name_of_another_fails(http):
    http.expect(*_list_calls(_account(2)))
    result = run_module(main, {"powerpacks": [{"uuid": _uuid(7), "name": "pp-01", "state": "absent"}]})
    assert result["failed"] is True
    assert ("powerpacks[0]: no powerpack has uuid '%s', but the name 'pp-01' belongs to the powerpack with uuid %s"
            % (_uuid(7), _uuid(1))) in result["msg"], result["msg"]
    assert http.writes == []


def test_absent_item_with_a_uuid_and_its_own_name_is_deleted(http):
    account = _account(2)
    http.expect(*_list_calls(account), Call("DELETE", "Powerpack/%s/" % _uuid(1), status=204, sent={"unrent_numbers": False}))
    result = run_module(main, {"powerpacks": [{"uuid": _uuid(1), "name": "pp-01", "state": "absent"}]})
    assert result["deleted"] == ["pp-01"]


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_name_two_powerpacks_share_fails_naming_both_before_any_write(http, check_mode, state):
    account = _account(25) + [powerpack("pp-03", uuid=_uuid(99), number_priority=[US])]
    http.expect(*_list_calls(account))
    result = run_module(main, {"powerpacks": [{"name": "pp-01"}, {"name": "pp-03", "state": state}], "purge": True},
                        check_mode=check_mode)
    assert result["failed"] is True
    assert "powerpacks[1]: 2 powerpacks are named 'pp-03' (uuids %s, %s)" % (_uuid(3), _uuid(99)) in result["msg"], result["msg"]
    assert http.writes == []


def test_purge_never_deletes_a_declared_name(http):
    # pp-00 is renamed to pp-01, the name of another powerpack: that one is declared by name, so the purge keeps it.
    account = _account(3)
    http.expect(*_list_calls(account),
                Call("POST", "Powerpack/%s/" % _uuid(0), sent={"name": "pp-01"}, body=dict(account[0], name="pp-01")),
                Call("DELETE", "Powerpack/%s/" % _uuid(2), status=204, sent={"unrent_numbers": False}))
    result = run_module(main, {"powerpacks": [{"uuid": _uuid(0), "name": "pp-01"}], "purge": True})
    assert result["deleted"] == ["pp-02"]
    assert [r["uuid"] for r in result["results"]] == [_uuid(0), _uuid(2)]


@pytest.mark.parametrize("powerpacks, message", [
    ([{"name": " pp-01"}], "powerpacks[0]: name must not start or end with whitespace; remove the whitespace"),
    ([{"name": "a"}, {"name": "b ", "state": "absent"}], "powerpacks[1]: name must not start or end with whitespace"),
])
def test_item_names_with_whitespace_around_them_fail_before_any_request(http, powerpacks, message):
    result = run_module(main, {"powerpacks": powerpacks, "purge": True})
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_string_booleans_in_the_list_are_no_change(http, check_mode):
    account = _account(2, sticky_sender="true", local_connect="false")
    http.expect(*_list_calls(account))
    result = run_module(main, {"powerpacks": [{"name": o["name"], "sticky_sender": True, "local_connect": False} for o in account]},
                        check_mode=check_mode)
    assert result["changed"] is False and http.writes == []
    assert result["results"][0]["powerpack"]["sticky_sender"] is True


@pytest.mark.parametrize("workers", [1, 4])
@pytest.mark.parametrize("check_mode", [True, False])
def test_unrent_numbers_and_unrent_purged_name_every_number_given_up(http, check_mode, workers):
    http.any_order = workers > 1
    account = _account(3)
    gone_numbers = ["14155550100", "14155550101"]
    pool = "NumberPool/%s/" % pool_of(_uuid(1))
    http.expect(*_list_calls(account),
                # Every declared pool is read before the first write: pp-01's, to purge it.
                *_pool_reads(_uuid(1), "longcode", [{"number": "14155550200"}]),
                *_pool_reads(_uuid(1), "tollfree", [{"tollfree": "18005550200"}]),
                *_pool_reads(_uuid(1), "shortcode", [{"shortcode": "444444"}]),
                # pp-00 is deleted with unrent_numbers: its pool's long codes and toll-free numbers are read first.
                *_pool_reads(_uuid(0), "longcode", [{"number": n} for n in gone_numbers]),
                *_pool_reads(_uuid(0), "tollfree", [{"tollfree": "18005550100"}]))
    if not check_mode:
        http.expect(Call("DELETE", "Powerpack/%s/" % _uuid(0), status=204, sent={"unrent_numbers": True}),
                    # pp-01's long code and toll-free number are unrented, its short code only unlinked.
                    Call("DELETE", pool + "Number/14155550200/", sent={"unrent": True}, body={"response": "success"}),
                    Call("DELETE", pool + "Tollfree/18005550200/", sent={"unrent": True}, body={"response": "success"}),
                    Call("DELETE", pool + "Shortcode/444444/", status=204))
    result = run_module(main, {"powerpacks": [
        {"name": "pp-00", "state": "absent", "unrent_numbers": True},
        {"name": "pp-01", "senders": [], "purge_senders": True, "unrent_purged": True},
    ], "workers": workers}, check_mode=check_mode)
    assert "failed" not in result, result["msg"]
    assert result["unrented"] == ["14155550100", "14155550101", "14155550200", "18005550100", "18005550200"]
    assert [r["unrented"] for r in result["results"]] == [
        ["14155550100", "14155550101", "18005550100"], ["14155550200", "18005550200"]]
    diffs = {entry["before_header"]: entry for entry in result["diff"]}
    assert list(diffs) == ["powerpack \"pp-00\" [%s]" % _uuid(0), "powerpack \"pp-01\" [%s] number pool" % _uuid(1)]
    assert diffs["powerpack \"pp-00\" [%s]" % _uuid(0)]["before"]["unrented"] == ["14155550100", "14155550101", "18005550100"]
    pool = diffs["powerpack \"pp-01\" [%s] number pool" % _uuid(1)]
    assert pool["before"]["unrented"] == ["14155550200", "18005550200"]
    assert sorted(pool["before"]["senders"]) == ["14155550200", "18005550200", "444444"] and pool["after"] == {}
    assert result["pools"] == {"pp-01": {"added": [], "updated": [], "removed": ["14155550200", "18005550200", "444444"]}}
    assert len(http.writes) == (0 if check_mode else 4)


def test_a_run_that_gives_nothing_up_says_so(http):
    http.expect(*_list_calls(_account(1)))
    result = run_module(main, {"powerpacks": [{"name": "pp-00"}]})
    assert result["unrented"] == [] and result["results"][0]["unrented"] == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_a_powerpack_whose_only_change_is_in_its_pool_is_updated(http, check_mode):
    http.expect(by_name(PP), *_pool_reads(PP["uuid"], "longcode", []), account_number("14155550100"))
    if not check_mode:
        http.expect(Call("POST", pool_path("longcode", "14155550100"), sent={"service": "sms"}, body=entry("14155550100")))
    result = run_module(main, {"powerpacks": [{"name": PP["name"], "senders": [{"number": "14155550100"}]}]},
                        check_mode=check_mode)
    assert result["changed"] is True
    assert (result["updated"], result["unchanged"]) == ([PP["name"]], [])
    assert result["results"][0]["action"] == "updated" and result["results"][0]["changed"] is True
    # Only the pool's entry in the diff: the powerpack itself does not change.
    assert [entry["before_header"] for entry in result["diff"]] == ["powerpack \"%s\" [%s] number pool" % (PP["name"], PP["uuid"])]


def test_number_priority_in_the_diff_is_shown_as_declared_not_resorted(http):
    current = powerpack("pp-00", uuid=_uuid(0), number_priority=[dict(US, country_iso="US")])
    declared = [dict(US, country_iso="US", priority={"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}),
                dict(US, country_iso="CA")]
    http.expect(*_list_calls([current]), Call("GET", "Powerpack/%s/" % _uuid(0), body=current),
                Call("POST", "Powerpack/%s/" % _uuid(0), body=dict(current, number_priority=declared)))
    result = run_module(main, {"powerpacks": [{"name": "pp-00", "number_priority": declared}]})
    (diff,) = result["diff"]
    assert [e["country_iso"] for e in diff["after"]["number_priority"]] == ["US", "CA"]
    assert [e["country_iso"] for e in diff["before"]["number_priority"]] == ["US"]
