# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading a long list with several workers: after a full first page, the next pages
are read in parallel, and every bound and check of the one-page-at-a-time walk holds."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import api
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
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


def _page_call(offset, objects, total):
    return Call("GET", "Powerpack/", query={"limit": 20, "offset": offset}, body=page(objects, offset, total))


@pytest.fixture
def client(http):
    http.any_order = True
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=0, workers=4)


def test_pages_after_a_full_first_one_are_read_four_at_a_time_and_yielded_in_order(http, client):
    total = 130
    http.expect(*[_page_call(offset, _listed(offset, min(20, total - offset)), total) for offset in range(0, total, 20)])
    names = [obj["name"] for obj in client.iter_powerpacks()]
    assert names == ["pp-%03d" % n for n in range(total)]
    # One page, then three more in parallel, then four more at a time: never past the end.
    assert [int(seen["query"]["offset"]) for seen in http.seen][:1] == [0]
    assert sorted(int(seen["query"]["offset"]) for seen in http.seen) == list(range(0, total, 20))


def test_a_short_page_before_the_end_goes_on_one_page_at_a_time_from_where_it_stopped(http, client):
    # A server that pages by 15 although asked for 20: nothing is skipped and nothing repeated.
    total = 100
    http.expect(_page_call(0, _listed(0, 20), total), _page_call(20, _listed(20, 15), total),
                _page_call(40, _listed(40, 20), total), _page_call(60, _listed(60, 20), total),
                _page_call(35, _listed(35, 15), total), _page_call(50, _listed(50, 20), total),
                _page_call(70, _listed(70, 20), total), _page_call(90, _listed(90, 10), total))
    names = [obj["name"] for obj in client.iter_powerpacks()]
    assert names == ["pp-%03d" % n for n in range(total)]


def test_a_total_count_that_lies_high_ends_at_the_first_empty_page_of_a_batch(http, client):
    http.expect(_page_call(0, _listed(0, 20), 10 ** 6), *[_page_call(offset, [], 10 ** 6) for offset in (20, 40, 60)])
    assert len(list(client.iter_powerpacks())) == 20
    assert len(http.seen) == 4


def test_repeats_across_parallel_pages_are_an_error(http, client):
    http.expect(_page_call(0, _listed(0, 20), 80), _page_call(20, _listed(20, 20), 80),
                _page_call(40, _listed(20, 20), 80), _page_call(60, _listed(60, 20), 80))
    with pytest.raises(PlivoApiError, match="the page at offset 40 repeats"):
        list(client.iter_powerpacks())


def test_the_walk_ends_at_the_ceiling_in_parallel_too(http, client, monkeypatch):
    monkeypatch.setattr(api, "MAX_PAGES", 6)
    http.expect(*[_page_call(offset, _listed(offset, 20), 10 ** 9) for offset in range(0, 120, 20)])
    with pytest.raises(PlivoApiError, match="more than 6 pages"):
        list(client.iter_powerpacks())
    assert len(http.seen) == 6
