# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading a list (issue 15's mutation run found these unguarded): the exact errors of a list
that repeats itself or never ends, every page's objects checked whether read alone or in
parallel, the pages after a full one really read at the same time, and a page that gives no
total taken as the last."""

from __future__ import annotations

import threading

import pytest
import requests.adapters

from ansible_collections.plivo.messaging.plugins.module_utils import api
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import POOL, entry, numbers, pool_path
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    ACCOUNT,
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
    page,
    powerpack,
)


def _uuid(n):
    return "00000000-0000-4000-8000-%012d" % n


def _listed(start, count):
    return [powerpack("pp-%03d" % n, uuid=_uuid(n), full=False) for n in range(start, start + count)]


def _page_call(offset, objects, total, path="Powerpack/"):
    return Call("GET", path, query={"limit": 20, "offset": offset}, body=page(objects, offset, total))


def _client(workers):
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=0, workers=workers)


def _list_error(call):
    with pytest.raises(PlivoApiError) as failed:
        list(call())
    return str(failed.value)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_that_repeats_an_earlier_object_is_an_error_naming_it(http, workers):
    http.any_order = workers > 1
    http.expect(_page_call(0, _listed(0, 20), 40), _page_call(20, _listed(19, 20), 40))
    assert _list_error(_client(workers).iter_powerpacks) == (
        "Plivo API returned HTTP 200 for GET %sPowerpack/: the page at offset 20 repeats %s, which an earlier page held; "
        "the list cannot be read reliably" % (ACCOUNT, repr(_uuid(19))))


@pytest.mark.parametrize("workers", [1, 3])
def test_a_list_longer_than_the_page_bound_is_an_error_saying_so(http, monkeypatch, workers):
    monkeypatch.setattr(api, "MAX_PAGES", 2)
    http.any_order = workers > 1
    http.expect(_page_call(0, _listed(0, 20), 100), _page_call(20, _listed(20, 20), 100))
    assert _list_error(_client(workers).iter_powerpacks) == (
        "Plivo API returned HTTP 200 for GET %sPowerpack/: the list has more than 2 pages (40 objects); "
        "no list the collection reads is that long" % ACCOUNT)


@pytest.mark.parametrize("workers", [1, 3])
def test_an_unusable_object_on_a_later_page_is_an_error(http, workers):
    http.any_order = workers > 1
    bad = {"number": "", "type": "fixed", "number_pool_uuid": POOL}
    http.expect(_page_call(0, [entry(n) for n in numbers(0, 20)], 41, pool_path("longcode")),
                _page_call(20, [entry(n) for n in numbers(20, 20)], 41, pool_path("longcode")),
                _page_call(40, [bad], 41, pool_path("longcode")))
    assert _list_error(lambda: _client(workers).iter_pool(POOL, "longcode")) == (
        "Plivo API returned HTTP 200 for GET %s%s: a listed object has no number: %s"
        % (ACCOUNT, pool_path("longcode"), repr(bad)))


def test_the_pages_after_a_full_first_one_are_in_flight_together(http, monkeypatch):
    http.any_order = True
    total = 60
    http.expect(*[_page_call(offset, _listed(offset, 20), total) for offset in range(0, total, 20)])
    # With three workers the reads of offsets 20 and 40 go together, each waiting for the other here:
    # read one after the other they would never meet.
    both = threading.Barrier(2, timeout=5)
    send = requests.adapters.HTTPAdapter.send

    def meeting(adapter, request, **kwargs):
        if "offset=0" not in request.url:
            both.wait()
        return send(request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", meeting)
    assert [obj["name"] for obj in _client(3).iter_powerpacks()] == ["pp-%03d" % n for n in range(total)]


def test_a_full_page_that_gives_no_total_is_the_last_one_read(http):
    # Whatever the number of workers: without a total, no page after it is known to exist.
    untold = page(_listed(0, 20), 0, 0)
    del untold["meta"]["total_count"]
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=untold))
    assert [obj["name"] for obj in _client(4).iter_powerpacks()] == ["pp-%03d" % n for n in range(20)]
