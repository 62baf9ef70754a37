# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""powerpack_number_info with every HTTP call scripted: which pool endpoints each
filter reads, with which query, and what it returns."""

from __future__ import annotations

import json

import pytest

from ansible_collections.plivo.messaging.plugins.modules.powerpack_number_info import main
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    BY_UUID,
    NOT_FOUND,
    POOL,
    PP,
    by_name,
    entry,
    numbers,
    pool_reads,
    shown,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import AUTH_TOKEN, Call, run_module

LONG = [entry(n, service="mms" if i % 2 else "sms", country_iso2="CA" if i % 5 == 0 else "US")
        for i, n in enumerate(numbers(0, 44))]
TOLLFREE = [entry(n, "tollfree", country_iso2="CA" if i == 3 else "US") for i, n in enumerate(numbers(0, 25, "1800555"))]
SHORTCODES = [entry("444444", "shortcode"), entry("55555", "shortcode", country_iso2="CA")]


def returned(objects, sender_type="longcode"):
    """The pool entries as the module returns them: type is the sender's kind, the API's type number_type."""
    return [shown(obj, sender_type) for obj in objects]


def _info(http, args, *reads, check_mode=False):
    http.expect(*reads)
    result = run_module(main, dict({"powerpack_name": "alerts"}, **args), check_mode=check_mode)
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is False and http.writes == []
    return result


@pytest.mark.parametrize("check_mode", [True, False])
def test_all_three_types_across_pages(http, check_mode):
    # The long-code list also shows two toll-free numbers; they come from the toll-free list only.
    listed = LONG[:20] + [entry(TOLLFREE[0]["tollfree"], type="tollfree")] + LONG[20:] + [entry(TOLLFREE[1]["tollfree"], type="tollfree")]
    result = _info(http, {}, by_name(PP), *pool_reads("longcode", listed) + pool_reads("tollfree", TOLLFREE) +
                   pool_reads("shortcode", SHORTCODES), check_mode=check_mode)
    assert result["number_pool_uuid"] == POOL
    assert result["numbers"] == returned(LONG) and result["tollfree"] == returned(TOLLFREE, "tollfree")
    assert result["shortcodes"] == returned(SHORTCODES, "shortcode")
    assert len(http.seen) == 1 + 3 + 2 + 1


@pytest.mark.parametrize("types, reads", [
    (["tollfree"], pool_reads("tollfree", TOLLFREE)),
    (["shortcode", "longcode"], pool_reads("longcode", LONG) + pool_reads("shortcode", SHORTCODES)),
])
def test_type_filter_reads_only_the_listed_endpoints(http, types, reads):
    result = _info(http, {"type": types}, by_name(PP), *reads)
    expected = {"longcode": ("numbers", LONG), "tollfree": ("tollfree", TOLLFREE), "shortcode": ("shortcodes", SHORTCODES)}
    for sender_type, (key, objects) in expected.items():
        assert result[key] == (returned(objects, sender_type) if sender_type in types else [])


def test_service_filter_is_sent_and_applied_to_toll_free_numbers_and_skips_shortcodes(http):
    # The long-code list applies it; one that ignores it is still caught here. Toll-free numbers have a
    # service too (only the long-code list documents the filter, so theirs is applied here); short codes have none.
    served = [e for e in LONG if e["service"] == "mms"] + [entry("14155559999", service="sms")]
    tollfree = [entry("18005550000", "tollfree", service="mms"), entry("18005550001", "tollfree")]
    result = _info(http, {"service": "mms"}, by_name(PP), *pool_reads("longcode", served, query={"service": "mms"}),
                   *pool_reads("tollfree", tollfree))
    assert result["numbers"] == returned([e for e in LONG if e["service"] == "mms"])
    assert result["tollfree"] == returned([tollfree[0]], "tollfree") and result["shortcodes"] == []


def test_country_filter_is_sent_for_long_codes_and_applied_to_the_rest(http):
    served = [e for e in LONG if e["country_iso2"] == "CA"] + [entry("14155559999", country_iso2="US")]
    result = _info(http, {"country_iso": "ca"}, by_name(PP), *pool_reads("longcode", served, query={"country_iso2": "CA"}) +
                   pool_reads("tollfree", TOLLFREE) + pool_reads("shortcode", SHORTCODES))
    assert result["numbers"] == returned([e for e in LONG if e["country_iso2"] == "CA"])
    assert result["tollfree"] == returned([TOLLFREE[3]], "tollfree") and result["shortcodes"] == returned([SHORTCODES[1]], "shortcode")


def test_all_filters_together(http):
    result = _info(http, {"country_iso": "US", "service": "sms", "type": ["longcode", "tollfree"]}, by_name(PP),
                   *pool_reads("longcode", [LONG[1]], query={"country_iso2": "US", "service": "sms"}),
                   *pool_reads("tollfree", [entry("18005550000", "tollfree", country_iso2="CA")]))
    assert result["numbers"] == [] and result["tollfree"] == []


def test_long_code_without_a_service_counts_as_sms(http):
    bare = {k: v for k, v in LONG[2].items() if k != "service"}
    result = _info(http, {"service": "sms", "type": ["longcode"]}, by_name(PP), *pool_reads("longcode", [bare], query={"service": "sms"}))
    # Returned in the one entry shape: the service the API left out is the default, sms.
    assert result["numbers"] == returned([dict(bare, service="sms")])


@pytest.mark.parametrize("args, lookup", [
    ({}, by_name(dict(PP, name="other"))),
    ({"powerpack_name": None, "powerpack_uuid": PP["uuid"]}, Call("GET", "Powerpack/%s/" % PP["uuid"], **NOT_FOUND)),
])
def test_missing_powerpack_gives_empty_lists(http, args, lookup):
    http.expect(lookup)
    args = {k: v for k, v in dict({"powerpack_name": "alerts"}, **args).items() if v is not None}
    result = run_module(main, args)
    assert "failed" not in result and result["changed"] is False
    assert {k: result[k] for k in ("number_pool_uuid", "numbers", "tollfree", "shortcodes")} == {
        "number_pool_uuid": None, "numbers": [], "tollfree": [], "shortcodes": []}
    assert len(http.seen) == 1


def test_by_uuid(http):
    http.expect(BY_UUID, *pool_reads("shortcode", SHORTCODES))
    result = run_module(main, {"powerpack_uuid": PP["uuid"], "type": ["shortcode"]})
    assert result["shortcodes"] == returned(SHORTCODES, "shortcode") and result["number_pool_uuid"] == POOL


@pytest.mark.parametrize("args, message", [
    ({"country_iso": "USA"}, "country_iso must be a two-letter ISO 3166-1 country code such as 'US'; got 'USA'"),
    ({"country_iso": "U"}, "country_iso must be a two-letter"),
    ({"country_iso": "U1"}, "country_iso must be a two-letter"),
    ({"country_iso": ""}, "country_iso must be a two-letter"),
    ({"country_iso": " US"}, "country_iso must be a two-letter"),
    ({"type": ["longcode", "mobile"]}, "type must be one or more of"),
    ({"service": "voice"}, "service must be one of"),
    ({"powerpack_name": ""}, "powerpack_name must not be empty"),
    ({"powerpack_uuid": PP["uuid"]}, "mutually exclusive"),
])
def test_bad_input_fails_before_any_request(http, args, message):
    result = run_module(main, dict({"powerpack_name": "alerts"}, **args))
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []
    assert AUTH_TOKEN not in json.dumps(result)


def test_country_with_a_trailing_newline_fails_before_any_request(http):
    # "$" in COUNTRY_PATTERN also matches before a final newline, so "US\n" passes validation,
    # is sent as country_iso2 and matches nothing. powerpack's number_priority rejects it.
    result = run_module(main, {"powerpack_name": "alerts", "country_iso": "US\n"})
    assert result.get("failed") is True and "country_iso must be a two-letter" in result.get("msg", "")
    assert http.seen == []


def test_api_error_never_shows_the_token(http):
    http.expect(by_name(PP), Call("GET", "NumberPool/%s/Number/" % POOL, query={"limit": 20, "offset": 0}, status=401,
                                  body={"error": "authentication credentials were not provided"}))
    result = run_module(main, {"powerpack_name": "alerts"})
    assert result["failed"] is True and result["status"] == 401 and "HTTP 401 for GET" in result["msg"]
    assert AUTH_TOKEN not in json.dumps(result)


def test_a_powerpack_name_two_powerpacks_share_fails_naming_both(http):
    other = dict(PP, uuid="00000000-0000-4000-8000-000000000002")
    http.expect(by_name(PP, other))
    result = run_module(main, {"powerpack_name": "alerts"})
    assert result["failed"] is True
    assert "2 powerpacks are named 'alerts' (uuids %s, %s)" % (other["uuid"], PP["uuid"]) in result["msg"], result["msg"]
    assert "give powerpack_uuid to choose one" in result["msg"]
    assert len(http.seen) == 1
