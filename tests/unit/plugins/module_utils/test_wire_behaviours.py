# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours of the wire readers (wire.py) that mutation testing found unguarded (issue 15),
seen where a user sees them: the exact error a run fails with when the API answers with an
object, a page or a pool entry the collection cannot use, the quoted part of the answer in
it (cut at 120 characters), a total_count the API writes as a string, and the shapes of a
number_pool path and of a pool entry."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import wire
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    ACCOUNT,
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
)

U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
POOL = "b0015000-9f8e-4b0e-8c1c-7a1f2d9c3e11"
NUMBER = "14155550100"
GOOD = {"uuid": U1, "name": "alerts"}


def _client():
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=0, workers=1)


def _failure(call):
    with pytest.raises(PlivoApiError) as failed:
        call()
    return str(failed.value)


# A powerpack answer the collection cannot use fails the run, naming what is wrong and quoting the answer.

@pytest.mark.parametrize("answer, problem", [
    ({"name": "alerts"}, "has no uuid"),
    ({"uuid": "", "name": "alerts"}, "has no uuid"),
    ({"uuid": 7, "name": "alerts"}, "has no uuid"),
    ({"uuid": U1}, "has no name"),
    ({"uuid": U1, "name": None}, "has no name"),
    (dict(GOOD, number_priority="US"), "has a number_priority that is not a list of entries"),
    (dict(GOOD, number_priority=["US"]), "has a number_priority that is not a list of entries"),
    (dict(GOOD, sticky_sender=1), "has a sticky_sender that is not a boolean"),
    (dict(GOOD, local_connect=None), "has a local_connect that is not a boolean"),
    (dict(GOOD, sticky_sender=True, local_connect=[True]), "has a local_connect that is not a boolean"),
])
def test_an_unusable_powerpack_answer_fails_with_what_is_wrong(http, answer, problem):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=answer))
    assert _failure(lambda: _client().get_powerpack(U1)) == "Plivo API returned HTTP 200 for GET %sPowerpack/%s/: %s: %r" % (
        ACCOUNT, U1, problem, answer)


@pytest.mark.parametrize("flags", [{"sticky_sender": "true", "local_connect": False}, {"local_connect": "false"}, {}])
def test_a_powerpack_with_boolean_or_string_flags_is_usable(http, flags):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=dict(GOOD, number_priority=[], **flags)))
    assert _client().get_powerpack(U1) == dict(GOOD, number_priority=[], **flags)


# A list page the collection cannot use fails the run, naming what is wrong with the page.

@pytest.mark.parametrize("page, problem", [
    ({"objects": "none"}, "the page's objects are not a list"),
    ({"meta": {"total_count": 0}}, "the page's objects are not a list"),
    ({"objects": [GOOD, "alerts"]}, "the page's objects are not all JSON objects"),
    ({"objects": [], "meta": "none"}, "the page's meta is not a JSON object"),
    ({"objects": [], "meta": {"total_count": "many"}}, "the page's total_count is not a number"),
    ({"objects": [], "meta": {"total_count": -1}}, "the page's total_count is not a number"),
    ({"objects": [], "meta": {"total_count": True}}, "the page's total_count is not a number"),
])
def test_an_unusable_list_page_fails_with_what_is_wrong(http, page, problem):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page))
    assert _failure(lambda: list(_client().iter_powerpacks())) == "Plivo API returned HTTP 200 for GET %sPowerpack/: %s: %r" % (
        ACCOUNT, problem, page)


@pytest.mark.parametrize("total", ["2", 2, None])
def test_a_total_count_written_as_digits_is_read_as_a_number(http, total):
    second = {"uuid": "00000000-0000-4000-8000-000000000002", "name": "b"}
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0},
                     body={"objects": [GOOD, second], "meta": {"total_count": total}}))
    assert list(_client().iter_powerpacks()) == [GOOD, second]


# A pool entry without a number fails the run, whether it was read alone or listed.

@pytest.mark.parametrize("answer", [{"service": "sms"}, {"number": "n/a"}, {"number": ""}])
def test_a_pool_entry_without_a_number_fails_with_what_is_wrong(http, answer):
    http.expect(Call("GET", "NumberPool/%s/Number/%s/" % (POOL, NUMBER), body=answer))
    assert _failure(lambda: _client().get_pool_sender(POOL, "longcode", NUMBER)) == (
        "Plivo API returned HTTP 200 for GET %sNumberPool/%s/Number/%s/: has no number: %r" % (ACCOUNT, POOL, NUMBER, answer))


def test_a_listed_pool_entry_without_a_number_fails_with_what_is_wrong(http):
    entry = {"service": "sms", "type": "fixed"}
    http.expect(Call("GET", "NumberPool/%s/Number/" % POOL, query={"limit": 20, "offset": 0},
                     body={"objects": [entry], "meta": {"total_count": 1}}))
    assert _failure(lambda: list(_client().iter_pool(POOL, "longcode"))) == (
        "Plivo API returned HTTP 200 for GET %sNumberPool/%s/Number/: a listed object has no number: %r" % (ACCOUNT, POOL, entry))


# A value refused for a request path is quoted whole up to 120 characters, and cut to 117 plus "..." beyond.

@pytest.mark.parametrize("value, quoted", [
    ("x" * 118, "'" + "x" * 118 + "'"),
    ("x" * 119, "'" + "x" * 116 + "..."),
    ("x" * 400, "'" + "x" * 116 + "..."),
    ("../" + U1, repr("../" + U1)),
    (None, "None"),
])
def test_a_value_refused_for_a_request_path_is_quoted_at_most_120_characters(http, value, quoted):
    assert _failure(lambda: _client().get_powerpack(value)) == (
        "Plivo API request GET %sPowerpack/ failed: refusing to put %s into the request path: it is not a uuid" % (ACCOUNT, quoted))
    assert http.seen == []


def test_an_answer_quoted_in_an_error_is_cut_at_120_characters(http):
    answer = {"name": "x" * 200}
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=answer))
    message = _failure(lambda: _client().get_powerpack(U1))
    assert message == "Plivo API returned HTTP 200 for GET %sPowerpack/%s/: has no uuid: %s..." % (ACCOUNT, U1, repr(answer)[:117])


# The shapes the readers accept.

@pytest.mark.parametrize("path, expected", [
    ("/v1/Account/MAUNITTEST0000000000/NumberPool", None),
    ("/v1/Account/MAUNITTEST0000000000/NumberPool/%s" % POOL, POOL),
])
def test_a_number_pool_path_ending_at_numberpool_has_no_pool(path, expected):
    assert wire.pool_uuid(path) == expected


@pytest.mark.parametrize("sender_type, obj, expected", [
    ("longcode", {"api_id": "x", "number": "+" + NUMBER, "number_pool_uuid": POOL, "numberpool_uuid": "other"},
     {"number": NUMBER, "type": "longcode", "number_pool_uuid": POOL, "numberpool_uuid": "other", "service": "sms"}),
    ("longcode", {"number": NUMBER, "numberpool_uuid": POOL, "service": "MMS"},
     {"number": NUMBER, "type": "longcode", "number_pool_uuid": POOL, "numberpool_uuid": POOL, "service": "mms"}),
    ("tollfree", {"number": NUMBER, "number_pool_uuid": POOL},
     {"number": NUMBER, "tollfree": NUMBER, "type": "tollfree", "number_pool_uuid": POOL, "service": "sms"}),
    ("shortcode", {"shortcode": "444444", "number_pool_uuid": POOL},
     {"number": "444444", "shortcode": "444444", "type": "shortcode", "number_pool_uuid": POOL}),
])
def test_a_pool_entry_comes_in_one_shape_and_keeps_its_own_pool_uuid(sender_type, obj, expected):
    assert wire.normal_entry(obj, sender_type) == expected


# type is the sender's kind in every entry; the API's type, the kind of number, is number_type.

@pytest.mark.parametrize("sender_type, api_type", [
    ("longcode", "fixed"), ("longcode", "mobile"), ("longcode", "local"),
    ("tollfree", "tollfree"),
    # plivo-python's add-tollfree answer comes in the long-code form, type fixed.
    ("tollfree", "fixed"),
])
def test_a_pool_entry_says_its_sender_type_and_keeps_the_apis_number_type(sender_type, api_type):
    entry = wire.normal_entry({"number": NUMBER, "type": api_type, "number_pool_uuid": POOL}, sender_type)
    assert (entry["type"], entry["number_type"]) == (sender_type, api_type)


@pytest.mark.parametrize("sender_type, obj", [
    ("longcode", {"number": NUMBER}),
    ("longcode", {"number": NUMBER, "type": None}),
    ("tollfree", {"tollfree": NUMBER}),
    ("shortcode", {"shortcode": "444444"}),
])
def test_a_pool_entry_the_api_sends_without_a_type_has_no_number_type(sender_type, obj):
    entry = wire.normal_entry(dict(obj, number_pool_uuid=POOL), sender_type)
    assert entry["type"] == sender_type and "number_type" not in entry
