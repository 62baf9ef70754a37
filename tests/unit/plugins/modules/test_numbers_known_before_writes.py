# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 21: the numbers a run adds are read from the account before the first write
(GET Account/{id}/Number/{n}/), so that check mode and the real run fail alike, with no
write, for a number the account does not rent, a number of another type than declared,
an MMS service the number lacks, and a number that another powerpack's pool holds; and a
number bought is reported, in check mode too. Every HTTP call is scripted."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules import powerpack_bulk, powerpack_number, powerpack_pool
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    BY_UUID,
    NOT_FOUND,
    PP,
    account_number,
    entry,
    not_rented,
    pool_path,
    pool_reads,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import Call, page, pool_of, powerpack, run_module

N = "14155550100"
TF = "18005550199"
OTHER = powerpack("promo", uuid="00000000-0000-4000-8000-000000000002")


def _listed(*objects):
    return Call("GET", "Powerpack/", query={"limit": 20, "offset": 0},
                body=page([powerpack(o["name"], o["uuid"], full=False) for o in objects], 0, len(objects)))


def _other_pool(sender_type, objects):
    """The read of OTHER's pool for one sender type."""
    body = page([dict(obj, number_pool_uuid=pool_of(OTHER["uuid"])) for obj in objects], 0, len(objects))
    endpoint = {"longcode": "Number", "tollfree": "Tollfree"}[sender_type]
    return Call("GET", "NumberPool/%s/%s/" % (pool_of(OTHER["uuid"]), endpoint), query={"limit": 20, "offset": 0}, body=body)


def _absent(sender_type, number):
    """The reads of a number the pool lacks, through the single-number GET (sms asked, then mms)."""
    return [Call("GET", pool_path(sender_type, number), query={"service": service}, **NOT_FOUND) for service in ("sms", "mms")]


# (the account's answers for the number, what the failure says)
FAILURES = {
    "not-rented": ([not_rented(N)], "14155550100 is not rented by this account, so it cannot join the pool; "
                                    "set rent: true to rent it (billed monthly), or correct the number"),
    "toll-free-as-long-code": ([account_number(N, "tollfree")], "14155550100 is a toll-free number in this account "
                                                                "(number_type tollfree), not a long code; declare it with type: tollfree"),
    "mms-not-enabled": ([account_number(N, mms_enabled=False)], "14155550100 is not MMS-enabled in this account "
                                                                "(mms_enabled: false), so it cannot serve mms in the pool"),
    "held-by-another-pool": ([account_number(N), _listed(PP, OTHER), _other_pool("longcode", [entry(N)])],
                             '14155550100 is in the number pool of powerpack "promo" [%s], and a number serves one pool '
                             "at a time" % OTHER["uuid"]),
}


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("case", sorted(FAILURES))
def test_powerpack_number_fails_alike_in_check_mode_and_for_real_with_no_write(http, case, check_mode):
    answers, message = FAILURES[case]
    service = "mms" if case == "mms-not-enabled" else "sms"
    reads = [Call("GET", pool_path("longcode", N), query={"service": service}, **NOT_FOUND),
             Call("GET", pool_path("longcode", N), query={"service": "sms" if service == "mms" else "mms"}, **NOT_FOUND)]
    http.expect(BY_UUID, *reads, *answers)
    result = run_module(powerpack_number.main, {"powerpack_uuid": PP["uuid"], "number": N, "service": service},
                        check_mode=check_mode)
    assert result["failed"] is True and message in result["msg"], result["msg"]
    assert result["changed"] is False
    assert http.writes == []


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("case", sorted(FAILURES))
def test_powerpack_pool_fails_alike_in_check_mode_and_for_real_with_no_write(http, case, check_mode):
    answers, message = FAILURES[case]
    sender = dict({"number": N}, **({"service": "mms"} if case == "mms-not-enabled" else {}))
    # Two numbers: every number is read before any write, and a failure for one keeps the other from being added too.
    others = answers[1:] if case == "held-by-another-pool" else [_listed(PP)]
    http.expect(BY_UUID, *pool_reads("longcode", []), *answers[:1], account_number("14155550101"), *others)
    result = run_module(powerpack_pool.main, {"powerpack_uuid": PP["uuid"], "senders": [sender, {"number": "14155550101"}]},
                        check_mode=check_mode)
    assert result["failed"] is True and message in result["msg"], result["msg"]
    assert result["changed"] is False and http.writes == []


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("case", sorted(FAILURES))
def test_powerpack_bulk_fails_alike_in_check_mode_and_for_real_with_no_write(http, case, check_mode):
    answers, message = FAILURES[case]
    sender = dict({"number": N}, **({"service": "mms"} if case == "mms-not-enabled" else {}))
    listed = [PP, OTHER] if case == "held-by-another-pool" else [PP]
    # The declaration lists the account once; the other pool is then read for long codes only.
    account = [answer for answer in answers if answer.path.endswith("/Number/%s/" % N)]
    pools = [answer for answer in answers if "NumberPool" in answer.path]
    http.expect(_listed(*listed), *pool_reads("longcode", []), *account, *pools)
    # A new powerpack is declared before it: it is not created either.
    result = run_module(powerpack_bulk.main, {"powerpacks": [{"name": "fresh"}, {"name": PP["name"], "senders": [sender]}]},
                        check_mode=check_mode)
    assert result["failed"] is True and "powerpacks[1] (alerts): " + message in result["msg"], result["msg"]
    assert result["changed"] is False and http.writes == []


def test_a_number_another_pool_holds_is_no_failure_when_the_declaration_frees_it_there_first(http):
    http.expect(_listed(PP, OTHER), *pool_reads("longcode", []),
                _other_pool("longcode", [entry(N)]), _other_pool("tollfree", []),
                Call("GET", "NumberPool/%s/Shortcode/" % pool_of(OTHER["uuid"]), query={"limit": 20, "offset": 0}, body=page([], 0, 0)),
                account_number(N))
    result = run_module(powerpack_bulk.main, {"powerpacks": [
        {"name": PP["name"], "senders": [{"number": N}]},
        {"name": "promo", "senders": [], "purge_senders": True}]}, check_mode=True)
    assert "failed" not in result, result["msg"]
    assert result["pools"] == {"alerts": {"added": [N], "updated": [], "removed": []},
                               "promo": {"added": [], "updated": [], "removed": [N]}}


def test_the_same_number_in_two_pools_of_one_declaration_fails_before_any_request(http):
    result = run_module(powerpack_bulk.main, {"powerpacks": [
        {"name": "alerts", "senders": [{"number": N}]},
        {"name": "promo", "senders": [{"number": "14155550101"}, {"number": "+" + N}]}]})
    assert result["failed"] is True
    assert ('powerpacks[1].senders[1]: number 14155550100 is also declared in the pool of powerpacks[0] ("alerts"), and a '
            "number serves one pool at a time; declare it in one of them only") in result["msg"], result["msg"]
    assert http.seen == []


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_a_number_bought_is_reported_and_marked_in_the_diff_in_check_mode_too(http, check_mode):
    http.expect(BY_UUID, *pool_reads("longcode", []), *pool_reads("tollfree", []), not_rented(N), account_number(TF, "tollfree"),
                _listed(PP))
    if not check_mode:
        http.expect(Call("POST", pool_path("longcode", N), sent={"service": "sms", "rent": "true"}, body=entry(N)),
                    # Declared with rent, but the account rents it already: nothing to buy.
                    Call("POST", pool_path("tollfree", TF), sent={"service": "sms"}, body=entry(TF, "tollfree")))
    result = run_module(powerpack_pool.main, {"powerpack_uuid": PP["uuid"], "senders": [
        {"number": N, "rent": True}, {"number": TF, "type": "tollfree", "rent": True}]}, check_mode=check_mode)
    assert "failed" not in result, result["msg"]
    assert result["rented"] == [N] and result["added"] == [N, TF]
    assert result["diff"]["after"] == {N: {"type": "longcode", "service": "sms", "rented": True},
                                       TF: {"type": "tollfree", "service": "sms"}}


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_powerpack_bulk_reports_each_number_bought_and_lists_them_in_the_pools_diff(http, check_mode):
    http.expect(_listed(PP), *pool_reads("longcode", []), not_rented(N))
    if not check_mode:
        http.expect(Call("POST", pool_path("longcode", N), sent={"service": "sms", "rent": "true"}, body=entry(N)))
    result = run_module(powerpack_bulk.main, {"powerpacks": [{"name": PP["name"], "senders": [{"number": N, "rent": True}]}]},
                        check_mode=check_mode)
    assert "failed" not in result, result["msg"]
    assert result["rented"] == [N] and result["results"][0]["rented"] == [N]
    (pool_diff,) = result["diff"]
    assert pool_diff["after"] == {"senders": {N: {"type": "longcode", "service": "sms", "rented": True}}, "rented": [N]}


def test_a_run_that_adds_nothing_reads_no_number_from_the_account(http):
    http.expect(BY_UUID, *pool_reads("longcode", [entry(N)]))
    result = run_module(powerpack_pool.main, {"powerpack_uuid": PP["uuid"], "senders": [{"number": N, "rent": True}]})
    assert result["changed"] is False and result["rented"] == []
    assert [seen["path"] for seen in http.seen if "/Number/%s/" % N in seen["path"]] == []


def test_a_number_to_rent_is_not_looked_for_in_other_pools(http):
    # A number the account does not rent can be in none of its pools: the account is not listed.
    http.expect(BY_UUID, *_absent("longcode", N), not_rented(N))
    result = run_module(powerpack_number.main, {"powerpack_uuid": PP["uuid"], "number": N, "rent": True}, check_mode=True)
    assert result["changed"] is True and result["rented"] == [N]
    assert len(http.seen) == 4
