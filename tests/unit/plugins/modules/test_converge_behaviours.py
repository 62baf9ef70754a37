# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours of the powerpack and pool convergers that mutation testing found unguarded
(issue 15), through the modules with every HTTP call scripted: the failures a task can meet
before any write, word for word; ``unrented`` present in every result; a powerpack that the
list still shows after its GET found it gone; a removal the API refuses fails the task and
reports the removals made; check mode predicts an update of a sender as the real run returns
it; a pool read again after a lost create race reads every type of sender."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoClient
from ansible_collections.plivo.messaging.plugins.module_utils.pool_converge import PoolConverger, PoolPlan
from ansible_collections.plivo.messaging.plugins.modules import powerpack as powerpack_module
from ansible_collections.plivo.messaging.plugins.modules import powerpack_number as number_module
from ansible_collections.plivo.messaging.plugins.modules import powerpack_pool as pool_module
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    BY_UUID,
    NOT_FOUND,
    POOL,
    PP,
    account_number,
    by_name,
    entry,
    pool_path,
    pool_reads,
    shown,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
    page,
    powerpack,
    run_module,
)

U1 = PP["uuid"]
U2 = "00000000-0000-4000-8000-000000000002"
U3 = "00000000-0000-4000-8000-000000000003"
N = "14155550100"
SUCCESS = {"api_id": "x", "response": "success"}


def _list(*objects):
    """The one Powerpack list page a lookup by name reads, holding these (list) objects."""
    return Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(list(objects), 0, len(objects)))


def _run_failing(http, main, args, calls, check_mode):
    http.expect(*calls)
    result = run_module(main, args, check_mode=check_mode)
    assert result["failed"] is True and result["changed"] is False
    assert http.writes == []
    return result["msg"]


# -- powerpack: failures before any write, word for word -------------------------------

@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_a_uuid_no_powerpack_has_fails_saying_a_uuid_cannot_be_chosen(http, check_mode):
    msg = _run_failing(http, powerpack_module.main, {"uuid": U2, "name": "alerts"},
                       [Call("GET", "Powerpack/%s/" % U2, **NOT_FOUND)], check_mode)
    assert msg == ("no powerpack with uuid %r exists in this account; a powerpack cannot be created with a chosen "
                   "uuid: leave uuid out and give name to create one" % U2)


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_a_name_two_powerpacks_share_fails_naming_them_and_what_to_give(http, check_mode):
    listed = [powerpack("alerts", U1, full=False), powerpack("alerts", U2, full=False)]
    msg = _run_failing(http, powerpack_module.main, {"name": "alerts", "sticky_sender": False}, [_list(*listed)], check_mode)
    assert msg == ("2 powerpacks are named 'alerts' (uuids %s, %s); a name must match one powerpack for a task to act on it: "
                   "give uuid to choose one, or rename the others" % (U2, U1))


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_a_delete_by_a_missing_uuid_and_a_name_of_other_powerpacks_fails_naming_them(http, check_mode):
    listed = [powerpack("alerts", U3, full=False), powerpack("alerts", U2, full=False), powerpack("other", U1, full=False)]
    msg = _run_failing(http, powerpack_module.main, {"uuid": U1, "name": "alerts", "state": "absent"},
                       [Call("GET", "Powerpack/%s/" % U1, **NOT_FOUND), _list(*listed)], check_mode)
    assert msg == ("no powerpack has uuid %r, but the name 'alerts' belongs to the powerpack with uuid %s, %s; with "
                   "state=absent, uuid and name must name the same powerpack: correct one of them, or give only one" % (U1, U2, U3))


def test_a_powerpack_the_list_still_shows_after_its_get_found_it_gone_is_absent(http):
    # Deleted between the two reads: the name belongs to the uuid given, so they agree, and it is gone.
    http.expect(Call("GET", "Powerpack/%s/" % U1, **NOT_FOUND), _list(powerpack("alerts", U1, full=False)))
    result = run_module(powerpack_module.main, {"uuid": U1, "name": "alerts", "state": "absent"})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is False and result["unrented"] == [] and http.writes == []


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("sticky", [True, False], ids=["unchanged", "updated"])
def test_an_update_or_no_change_reports_no_unrented_numbers(http, check_mode, sticky):
    current = powerpack()
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=current))
    if not check_mode and not sticky:
        http.expect(Call("POST", "Powerpack/%s/" % U1, sent={"name": "alerts", "sticky_sender": False},
                         body=dict(current, sticky_sender=False)))
    result = run_module(powerpack_module.main, {"uuid": U1, "name": "alerts", "sticky_sender": sticky}, check_mode=check_mode)
    assert result["changed"] is (not sticky)
    assert result["unrented"] == []


# -- pools: failures before any write, word for word ------------------------------------

@pytest.mark.parametrize("number_pool", ["", None, "/v1/Account/%s/Elsewhere/" % AUTH_ID])
def test_a_powerpack_without_a_number_pool_path_fails_showing_what_the_api_gave(http, number_pool):
    msg = _run_failing(http, pool_module.main, {"powerpack_uuid": U1, "senders": [{"number": N}]},
                       [Call("GET", "Powerpack/%s/" % U1, body=dict(PP, number_pool=number_pool))], False)
    assert msg == "powerpack %s has no number pool path (number_pool: %r)" % (U1, number_pool)


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_a_pool_of_a_uuid_no_powerpack_has_fails(http, check_mode):
    msg = _run_failing(http, pool_module.main, {"powerpack_uuid": U1, "senders": [{"number": N}]},
                       [Call("GET", "Powerpack/%s/" % U1, **NOT_FOUND)], check_mode)
    assert msg == "no powerpack with uuid %r exists in this account" % U1


@pytest.mark.parametrize("main, args", [
    (pool_module.main, {"senders": [{"number": N}]}),
    (number_module.main, {"number": N}),
], ids=["powerpack_pool", "powerpack_number"])
def test_a_real_run_on_the_pool_of_a_missing_name_says_to_create_the_powerpack_first(http, main, args):
    msg = _run_failing(http, main, dict(args, powerpack_name="alerts"), [by_name()], False)
    assert msg == ("no powerpack named 'alerts' exists in this account; create it first (plivo.messaging.powerpack) "
                   "before managing its number pool")


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_every_conflict_of_a_pool_is_named_in_one_failure(http, check_mode):
    senders = [{"number": "444444", "type": "shortcode"}, {"number": "18005550199"}]
    reads = [BY_UUID] + pool_reads("longcode", []) + pool_reads("tollfree", [entry("18005550199", "tollfree")]) + \
        pool_reads("shortcode", [])
    msg = _run_failing(http, pool_module.main, {"powerpack_uuid": U1, "senders": senders, "purge_senders": True}, reads,
                       check_mode)
    assert msg == ("18005550199 is in the pool as a toll-free number, not a long code; correct its type; "
                   "short code 444444 is not linked to this powerpack's number pool, and short codes cannot be added "
                   "through the API; ask Plivo to link it, or leave it out")


# -- pools: writes -----------------------------------------------------------------------

def test_a_removal_the_api_refuses_fails_the_task_and_reports_the_removals_made(http):
    stray = ["14155550101", "14155550102", "14155550103"]
    http.expect(BY_UUID, *pool_reads("longcode", [entry(N)] + [entry(n) for n in stray]), *pool_reads("tollfree", []),
                *pool_reads("shortcode", []),
                Call("DELETE", pool_path("longcode", stray[0]), sent={"unrent": True}, body=SUCCESS),
                Call("DELETE", pool_path("longcode", stray[1]), status=400, body={"api_id": "x", "error": "number is in use"}))
    result = run_module(pool_module.main, {"powerpack_uuid": U1, "senders": [{"number": N}], "purge_senders": True,
                                           "unrent_purged": True})
    assert result["failed"] is True and result["status"] == 400
    assert "HTTP 400 for DELETE" in result["msg"] and "number is in use" in result["msg"]
    assert result["changed"] is True
    assert result["removed"] == [stray[0]] and result["unrented"] == [stray[0]]


def test_check_mode_predicts_the_update_of_a_sender_as_the_real_run_returns_it(http):
    found = entry(N, country_iso2="CA")
    reads = [BY_UUID, Call("GET", pool_path("longcode", N), query={"service": "mms"}, **NOT_FOUND),
             Call("GET", pool_path("longcode", N), query={"service": "sms"}, body=dict(found, api_id="x")),
             # A switch to mms asks the account whether the number is MMS-enabled.
             account_number(N)]
    http.expect(*reads)
    predicted = run_module(number_module.main, {"powerpack_uuid": U1, "number": N, "service": "mms"}, check_mode=True)
    http.expect(*reads)
    http.expect(Call("POST", pool_path("longcode", N), sent={"service": "mms"}, body=dict(found, service="mms", api_id="x")))
    real = run_module(number_module.main, {"powerpack_uuid": U1, "number": N, "service": "mms"})
    assert real["updated"] == [N] and real["sender"] == shown(dict(found, service="mms"))
    assert {k: predicted[k] for k in ("changed", "updated", "diff", "sender")} == {k: real[k] for k in ("changed", "updated", "diff", "sender")}


def test_check_mode_predicts_an_update_with_no_number_type_the_api_did_not_send(http):
    # plivo-python's toll-free entry has no type: the predicted entry is the one read, with its new service,
    # its type the sender's kind and no number_type (reading the entry's own type as the API's would make one).
    number = "18005550199"
    found = {"tollfree": number, "country_iso2": "US", "added_on": "2019-10-09T11:10:59.741978Z", "number_pool_uuid": POOL,
             "service": "mms"}
    http.expect(BY_UUID, Call("GET", pool_path("tollfree", number), query={"service": "sms"}, **NOT_FOUND),
                Call("GET", pool_path("tollfree", number), query={"service": "mms"}, body=dict(found, api_id="x")))
    predicted = run_module(number_module.main, {"powerpack_uuid": U1, "number": number, "type": "tollfree", "service": "sms"},
                           check_mode=True)
    assert predicted["updated"] == [number]
    assert predicted["sender"] == dict(found, number=number, type="tollfree", service="sms")


# -- the plans the account converger makes -----------------------------------------------

def test_a_plan_that_reads_all_sees_a_declared_long_code_the_pool_holds_as_another_type(http):
    # After another run won the create of a powerpack, its pool is read whole: any sender may be there.
    http.expect(*pool_reads("longcode", []), *pool_reads("tollfree", [entry("18005550199", "tollfree")]),
                *pool_reads("shortcode", [entry("444444", "shortcode")]))
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, workers=1)
    plan = PoolConverger(client, False).plan(POOL, [{"number": "18005550199", "type": "longcode"}], purge=False, unrent=False,
                                             read_all=True)
    assert sorted(plan.entries) == ["18005550199", "444444"]
    assert plan.problems == ["18005550199 is in the pool as a toll-free number, not a long code; correct its type"]


def test_the_plan_for_a_pool_created_just_now_starts_empty():
    plan = PoolPlan(None, {N: ("longcode", entry(N))}, {N: None}, {}, False, False)
    moved = plan.on(POOL)
    assert moved.pool == POOL and moved.entries == {} and moved.wanted == {N: None}


def test_a_pool_converge_called_without_purge_or_unrent_keeps_the_rest_and_rents_nothing_away(http):
    # What the contract tests and later plugins rely on when they call the converger without these options.
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, workers=1)
    ref = {"powerpack_uuid": U1, "powerpack_name": None}
    sender = {"number": N, "type": "longcode", "service": None, "rent": False}
    http.expect(BY_UUID, *pool_reads("longcode", [entry(N), entry("14155550101")]))
    kept = PoolConverger(client, False).converge(ref, [sender])
    assert kept.changed is False and sorted(kept.state) == [N, "14155550101"]
    http.expect(BY_UUID, Call("GET", pool_path("longcode", N), query={"service": "sms"}, body=dict(entry(N), api_id="x")),
                Call("DELETE", pool_path("longcode", N), sent={"unrent": False}, body=SUCCESS))
    removed = PoolConverger(client, False).converge(ref, absent=[sender], read_one=True, must_exist=False)
    assert removed.done == {"added": [], "updated": [], "removed": [N], "rented": [], "unrented": []}
