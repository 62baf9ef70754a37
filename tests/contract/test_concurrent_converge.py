# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account converger at fleet speed, against the emulator in-process: how many requests
a no-op makes, how many are in flight at once, that a run stays under the account's rate
limit, and that writes whose order matters still happen in that order."""

from __future__ import annotations

import math
import sys
import threading

import pytest

# tests/ is on sys.path (tests/conftest.py); the collection imports through its ansible_collections tree.
from collection_tree import build_collection_tree
from emulator import plivo_emulator
from emulator.process import admin_request

if build_collection_tree() not in sys.path:
    sys.path.insert(0, build_collection_tree())

from ansible_collections.plivo.messaging.plugins.module_utils import specs  # noqa: E402
from ansible_collections.plivo.messaging.plugins.module_utils.account_converge import AccountConverger  # noqa: E402
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoClient  # noqa: E402
from ansible_collections.plivo.messaging.plugins.module_utils.outcome import ConvergeError  # noqa: E402

AUTH_ID = "MACONTRACT0000000000"
AUTH_TOKEN = "contract-test-token"
PRIORITY = [{"country_iso": "US", "service_type": "SMS",
             "priority": {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}}]
WRITES = ("POST", "DELETE")


def _item(**given):
    item = {name: option.get("default") for name, option in specs.BULK_ITEM.items()}
    item.update(given)
    return item


def _sender(number):
    return {"number": number, "type": "longcode", "service": None, "rent": False}


def _number(index, slot):
    return "1415555%02d%02d" % (index, slot)


def _fleet(n, with_priority, with_senders, purging):
    """N declared powerpacks: the first with_priority manage number_priority (a full read
    each), the first with_senders declare two long codes, the first purging purge their pool."""
    return [_item(name="fleet-%02d" % index, sticky_sender=index % 2 == 0,
                  number_priority=PRIORITY if index < with_priority else None,
                  senders=[_sender(_number(index, 0)), _sender(_number(index, 1))] if index < with_senders else None,
                  purge_senders=index < purging)
            for index in range(n)]


def _converge(emu, items, purge=False, check_mode=False, **options):
    warnings = []
    client = PlivoClient(emu.url, AUTH_ID, AUTH_TOKEN, warn=warnings.append, **options)
    return AccountConverger(client, check_mode).converge(items, purge), warnings


def _since(log):
    return max((entry["seq"] for entry in log()), default=0)


@pytest.fixture
def in_flight(monkeypatch):
    """The most API requests the emulator was handling at once."""
    count = {"now": 0, "most": 0}
    lock = threading.Lock()
    handle = plivo_emulator.PlivoHandler._handle_api  # pylint: disable=protected-access

    def counted(self, request, received):
        with lock:
            count["now"] += 1
            count["most"] = max(count["most"], count["now"])
        try:
            return handle(self, request, received)
        finally:
            with lock:
                count["now"] -= 1

    monkeypatch.setattr(plivo_emulator.PlivoHandler, "_handle_api", counted)
    return count


def _seed_fleet(emu, admin, items):
    admin.seed_numbers(*[sender["number"] for item in items for sender in item["senders"] or []])
    first, dummy = _converge(emu, items)
    assert first.changed and first.done["created"] == [item["name"] for item in items]


def test_a_noop_run_reads_no_more_than_the_list_the_full_objects_and_the_declared_pools(emu, admin, log):
    n = 45
    items = _fleet(n, with_priority=30, with_senders=20, purging=5)
    _seed_fleet(emu, admin, items)
    since = _since(log)
    outcome, warnings = _converge(emu, items)
    requests = log(since)
    assert not outcome.changed and warnings == []
    assert [entry for entry in requests if entry["method"] in WRITES] == []
    with_senders = sum(1 for item in items if item["senders"] is not None)
    bound = math.ceil(n / 20) + n + 3 * with_senders
    assert len(requests) <= bound
    # Exactly: 3 list pages, 30 full reads, the long codes of 15 pools and all three lists of the 5 purged ones.
    pages = [entry for entry in requests if entry["path"].endswith("/Powerpack/")]
    pool_lists = [entry for entry in requests if "/NumberPool/" in entry["path"]]
    assert (len(pages), len(requests) - len(pages) - len(pool_lists), len(pool_lists)) == (3, 30, 15 + 5 * 3)


@pytest.mark.parametrize("workers", [1, 4])
def test_requests_in_flight_never_exceed_workers(emu, admin, in_flight, workers):
    items = _fleet(24, with_priority=24, with_senders=12, purging=0)
    admin.seed_numbers(*[sender["number"] for item in items for sender in item["senders"] or []])
    # Latency, so that requests overlap when the client lets them.
    emu.faults.update({"latency_ms": 20})
    created, dummy = _converge(emu, items, workers=workers)
    assert created.changed
    assert in_flight["most"] == workers
    in_flight["most"] = 0
    again, dummy = _converge(emu, items, workers=workers)
    assert not again.changed and in_flight["most"] == workers


def test_a_run_stays_under_the_account_limit_instead_of_finding_it_by_429s(emu, log):
    items = _fleet(12, with_priority=12, with_senders=0, purging=0)
    _converge(emu, items)
    # The emulator allows 10 requests in any 5 s; a no-op needs 13 (one page, 12 full reads).
    emu.faults.update({"rate_limit": {"requests": 10, "seconds": 5}})
    since = _since(log)
    outcome, warnings = _converge(emu, items, rate_limit=9)
    assert not outcome.changed and warnings == []
    assert [entry for entry in log(since) if entry["fault"] == "rate_limit"] == []
    assert len(log(since)) == 13


def test_a_429_holds_every_worker_not_only_the_one_that_got_it(emu, log):
    items = _fleet(60, with_priority=60, with_senders=0, purging=0)
    _converge(emu, items)
    # A few requests are answered 429 with Retry-After: 1 (the same ones every run: the draws are
    # seeded), each after 50 ms, so that other workers have requests running when one gets it.
    emu.faults.update({"fault_rate": 0.04, "fault_statuses": [429], "fault_retry_after": 1, "seed": 3, "latency_ms": 50})
    since = _since(log)
    outcome, warnings = _converge(emu, items, workers=6)
    assert not outcome.changed
    entries = log(since)
    # The first 429 of the parallel full reads (the list pages before them are read one by one).
    limited = [entry for entry in entries if entry["status"] == 429 and not entry["path"].endswith("/Powerpack/")]
    assert limited and any("after HTTP 429" in warning for warning in warnings)
    first = limited[0]["time"]
    # Requests sent before the 429's answer reached the client (50 ms after it arrived) still
    # arrive; after them, none from any worker until the Retry-After has passed.
    assert [entry for entry in entries if first + 0.15 < entry["time"] < first + 0.95] == []
    assert [entry for entry in entries if first < entry["time"] <= first + 0.15]


def test_writes_whose_order_matters_run_in_that_order_whatever_the_declared_order(emu, admin, log):
    admin.seed_numbers("14155550100", "14155550101")
    setup = [_item(name="alerts", senders=[_sender("14155550100")]), _item(name="marketing", senders=[_sender("14155550101")]),
             _item(name="billing")]
    first, dummy = _converge(emu, setup)
    uuids = {result["name"]: result["uuid"] for result in first.done["results"]}
    # Declared before what frees them: a new "alerts" after the old one is renamed, and the number
    # 14155550100 added to marketing's pool after alerts' purge removes it. billing is independent.
    items = [
        _item(name="alerts", sticky_sender=False),
        _item(name="marketing", senders=[_sender("14155550101"), _sender("14155550100")]),
        _item(uuid=uuids["alerts"], name="alerts-old", senders=[], purge_senders=True),
        _item(name="billing", local_connect=False),
    ]
    outcome, warnings = _converge(emu, items)
    assert warnings == []
    assert outcome.done["created"] == ["alerts"]
    # marketing's pool changes, so it is updated too.
    assert outcome.done["updated"] == ["marketing", "alerts-old", "billing"]
    assert [result["name"] for result in outcome.done["results"]] == ["alerts", "marketing", "alerts-old", "billing"]
    assert outcome.done["pools"]["marketing"]["added"] == ["14155550100"]
    assert outcome.done["pools"]["alerts-old"]["removed"] == ["14155550100"]
    assert admin.rented()["14155550100"] is not None
    since = _since(log)
    again, dummy = _converge(emu, items[:1] + items[1:2] + [_item(uuid=uuids["alerts"], name="alerts-old", senders=[])]
                             + items[3:])
    assert not again.changed and [entry for entry in log(since) if entry["method"] in WRITES] == []


def test_a_failure_in_one_powerpack_reports_what_the_others_wrote():
    items = _fleet(8, with_priority=0, with_senders=8, purging=0)
    numbers = [sender["number"] for item in items for sender in item["senders"]]
    other = "MAOTHERACCOUNT000000"
    with plivo_emulator.EmulatorServer({AUTH_ID: AUTH_TOKEN, other: "other-token"}) as emu:
        admin_request(emu.url, "POST", "/_emulator/accounts/%s/numbers" % AUTH_ID, {"numbers": [{"number": n} for n in numbers[:-1]]})
        # The last number is to be rented, but another account rents it: no read before the writes can tell
        # (this account's read of it is a 404, as for every number to rent), and its add fails (400) after its
        # powerpack was created.
        admin_request(emu.url, "POST", "/_emulator/accounts/%s/numbers" % other, {"numbers": [{"number": numbers[-1]}]})
        items[-1]["senders"][-1]["rent"] = True
        with pytest.raises(ConvergeError) as failed:
            _converge(emu, items, workers=4)
    error = failed.value
    assert _number(7, 1) in str(error) and error.api.status == 400 and "not available to rent" in str(error)
    done = error.done.done
    assert "fleet-07" in done["created"]
    # Whatever else ran before the failure is reported, each with its pool.
    assert set(done["pools"]) <= set(done["created"]) and "fleet-07" in done["pools"]
    assert done["pools"]["fleet-07"]["added"] in ([], [_number(7, 0)])
