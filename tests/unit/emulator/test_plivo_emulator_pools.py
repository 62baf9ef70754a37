# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests for the emulator's number pools (tests/emulator/plivo_emulator.py).

The senders of each powerpack: rented long codes and toll-free numbers, and short codes
the account owns. Everything runs in-process against 127.0.0.1, except one subprocess
test of the --shortcode flag.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import uuid

import pytest
import requests

from ansible_collections.plivo.messaging.tests.unit.emulator.emulator_support import (
    EMULATOR_SCRIPT,
    ID_A,
    ID_B,
    TOKEN_A,
    TOKEN_B,
    assert_error,
    emulator,
    is_uuid4,
    plain_session,
)

SHORTCODES = {ID_A: ["444444", {"shortcode": "555555", "country_iso2": "ca"}]}

ADDED_ON_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
NUMBER_KEYS = {"number", "country_iso2", "type", "service", "added_on", "number_pool_uuid", "account_phone_number_resource"}
# The answer of a GET of one number names the pool numberpool_uuid (plivo-python's and plivo-php's
# numberpoolResponse.json); lists and adds say number_pool_uuid.
SINGLE_NUMBER_KEYS = NUMBER_KEYS - {"number_pool_uuid"} | {"numberpool_uuid"}
# Toll-free numbers have the long codes' shape, type "tollfree" (plivo-go, -ruby, -java fixtures).
TOLLFREE_KEYS = NUMBER_KEYS
SHORTCODE_KEYS = {"shortcode", "country_iso2", "added_on", "number_pool_uuid"}
US_LONG, CA_LONG, TOLLFREE_NUMBER = "14155550100", "14165550100", "18772209942"


class Client:
    """Plivo client bound to one account and, once pool() is called, one number pool."""

    def __init__(self, base_url, auth_id, token):
        self.base_url = base_url
        self.auth_id = auth_id
        self.session = plain_session()
        self.session.auth = (auth_id, token)
        self.pool_uuid = None

    def url(self, path, account=None):
        return "%s/v1/Account/%s/%s" % (self.base_url, account or self.auth_id, path)

    def request(self, method, path, body=None, **kwargs):
        return self.session.request(method, self.url(path), json=body, timeout=10, **kwargs)

    def powerpack(self, name):
        response = self.request("POST", "Powerpack/", {"name": name})
        assert response.status_code == 200, response.text
        return response.json()

    def pool(self, name="pp"):
        """Create a powerpack and return its pool uuid (also kept as the default pool)."""
        self.pool_uuid = emulator.pool_uuid_of(self.powerpack(name))
        return self.pool_uuid

    def in_pool(self, method, path, body=None, pool=None, **kwargs):
        return self.request(method, "NumberPool/%s/%s" % (pool or self.pool_uuid, path), body, **kwargs)

    def add(self, number, body=None, kind="Number", pool=None):
        response = self.in_pool("POST", "%s/%s/" % (kind, number), body, pool=pool)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def emu():
    with emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B}, shortcodes=SHORTCODES) as server:
        yield server


@pytest.fixture
def api_a(emu):
    client = Client(emu.url, ID_A, TOKEN_A)
    client.pool()
    return client


@pytest.fixture
def api_b(emu):
    return Client(emu.url, ID_B, TOKEN_B)


def seed_numbers(admin, account, entries):
    response = admin("POST", "accounts/%s/numbers" % account, json={"numbers": entries})
    assert response.status_code == 200, response.text
    return response.json()["objects"]


def senders(admin, account=ID_A):
    response = admin("GET", "accounts/%s/numbers" % account)
    assert response.status_code == 200, response.text
    return response.json()


def rented(admin, account=ID_A):
    """{number: pool or None} of the account's rented numbers."""
    return {record["number"]: record["pool"] for record in senders(admin, account)["numbers"]}


def shortcode_pools(admin, account=ID_A):
    return {record["shortcode"]: record["pool"] for record in senders(admin, account)["shortcodes"]}


# ---------------------------------------------------------------------------
# Pools, authentication, routing
# ---------------------------------------------------------------------------

POOL_REQUESTS = [
    ("GET", "Number/"), ("GET", "Number/%s/" % US_LONG), ("POST", "Number/%s/" % US_LONG), ("DELETE", "Number/%s/" % US_LONG),
    ("GET", "Tollfree/"), ("GET", "Tollfree/%s/" % TOLLFREE_NUMBER), ("POST", "Tollfree/%s/" % TOLLFREE_NUMBER),
    ("DELETE", "Tollfree/%s/" % TOLLFREE_NUMBER), ("GET", "Shortcode/"), ("GET", "Shortcode/444444/"),
    ("DELETE", "Shortcode/444444/"),
]


@pytest.mark.parametrize("method, path", POOL_REQUESTS)
def test_unknown_pool_is_404_not_found(api_a, api_b, method, path):
    assert_error(api_a.in_pool(method, path, pool=str(uuid.uuid4())), 404, "not found")
    # Even a bad body: the pool is checked first.
    assert_error(api_a.in_pool(method, path, {"bogus": 1}, pool=str(uuid.uuid4())), 404, "not found")
    # Another account's pool is unknown in this account's path.
    assert_error(api_a.in_pool(method, path, pool=api_b.pool("theirs")), 404, "not found")


@pytest.mark.parametrize("method, path", POOL_REQUESTS)
def test_pool_of_another_account_in_its_path_is_403(api_a, api_b, method, path):
    pool = api_b.pool("theirs")
    response = api_a.session.request(method, api_a.url("NumberPool/%s/%s" % (pool, path), account=ID_B), timeout=10)
    assert_error(response, 403)


def test_pool_requests_need_credentials_and_are_logged(emu, api_a):
    response = plain_session().get(api_a.url("NumberPool/%s/Number/" % api_a.pool_uuid), timeout=10)
    assert response.status_code == 401
    assert response.json() == {"error": "authentication credentials were not provided"}
    api_a.in_pool("GET", "Tollfree/?limit=5")
    entry = emu.requests_log[-1]
    assert (entry["account"], entry["method"], entry["status"]) == (ID_A, "GET", 200)
    assert entry["path"] == "/v1/Account/%s/NumberPool/%s/Tollfree/" % (ID_A, api_a.pool_uuid)
    assert entry["query"] == {"limit": "5"}


def test_paths_work_with_and_without_trailing_slash(api_a):
    api_a.add(US_LONG, {"rent": True})
    for path in ("Number", "Number/", "Number/%s" % US_LONG, "Number/%s/" % US_LONG, "Shortcode", "Tollfree"):
        assert api_a.in_pool("GET", path).status_code == 200, path
    assert api_a.in_pool("DELETE", "Number/%s" % US_LONG).status_code == 200


def test_post_shortcode_is_405_with_allow_header(api_a):
    for path in ("Shortcode/444444/", "Shortcode/"):
        response = api_a.in_pool("POST", path, {})
        assert_error(response, 405)
    assert response.headers["Allow"] == "GET"
    assert api_a.in_pool("POST", "Shortcode/444444/").headers["Allow"] == "DELETE, GET"
    assert api_a.in_pool("PUT", "Number/%s/" % US_LONG).headers["Allow"] == "DELETE, GET, POST"


# ---------------------------------------------------------------------------
# Long codes: list
# ---------------------------------------------------------------------------

def test_list_pages_over_45_numbers_in_the_order_added(api_a, admin):
    numbers = ["1415555%04d" % i for i in range(45)]
    seed_numbers(admin, ID_A, [{"number": number} for number in numbers])
    added = list(reversed(numbers))  # rented in one order, added in the other
    for number in added:
        api_a.add(number)
    pool = api_a.pool_uuid
    pages = [api_a.in_pool("GET", "Number/", params={"offset": offset}).json() for offset in (0, 20, 40)]
    assert [len(page["objects"]) for page in pages] == [20, 20, 5]
    assert [o["number"] for page in pages for o in page["objects"]] == added
    for page in pages:
        assert page["uuid"] == pool and is_uuid4(page["api_id"])
        assert page["number_pool"] == "/v1/Account/%s/NumberPool/%s/" % (ID_A, pool)
        assert page["meta"]["total_count"] == 45 and page["meta"]["limit"] == 20
    link = "/api/v1/account/%s/NumberPool/%s/Number/?limit=20&offset=%%d" % (ID_A, pool)
    assert (pages[0]["meta"]["previous"], pages[0]["meta"]["next"]) == ("", link % 20)
    assert (pages[1]["meta"]["previous"], pages[1]["meta"]["next"]) == (link % 0, link % 40)
    # Empty strings, not null, when there is no such page (Plivo's pool fixtures).
    assert (pages[2]["meta"]["previous"], pages[2]["meta"]["next"]) == (link % 20, "")
    assert [page["meta"]["offset"] for page in pages] == [0, 20, 40]
    small = api_a.in_pool("GET", "Number/?limit=7&offset=44").json()
    assert [o["number"] for o in small["objects"]] == [added[44]] and small["meta"]["next"] == ""
    past = api_a.in_pool("GET", "Number/?offset=100").json()
    assert past["objects"] == [] and past["meta"]["total_count"] == 45


def test_list_object_shape(api_a):
    api_a.add(US_LONG, {"rent": True})
    [obj] = api_a.in_pool("GET", "Number/").json()["objects"]
    assert set(obj) == NUMBER_KEYS
    assert obj["number"] == US_LONG and obj["country_iso2"] == "US"
    assert (obj["type"], obj["service"]) == ("fixed", "sms")
    assert ADDED_ON_RE.match(obj["added_on"]) and obj["number_pool_uuid"] == api_a.pool_uuid
    assert obj["account_phone_number_resource"] == "/v1/Account/%s/Number/%s/" % (ID_A, US_LONG)


def test_empty_pool_lists(api_a):
    for kind in ("Number", "Tollfree", "Shortcode"):
        body = api_a.in_pool("GET", kind + "/").json()
        assert body["objects"] == []
        assert body["meta"] == {"limit": 20, "offset": 0, "total_count": 0, "next": "", "previous": ""}


@pytest.fixture
def mixed_pool(api_a, admin):
    """A pool with US and Canadian long codes of both types and services, and a toll-free number."""
    seed_numbers(admin, ID_A, [
        {"number": "14155550001"}, {"number": "14155550002", "type": "mobile"}, {"number": "12125550003"},
        {"number": "14165550004"}, {"number": "16045550005", "type": "mobile"}, {"number": "447700900006", "type": "mobile"},
        {"number": TOLLFREE_NUMBER},
    ])
    api_a.add("14155550001")
    api_a.add("14155550002", {"service": "mms"})
    api_a.add("12125550003")
    api_a.add("14165550004", {"service": "MMS"})
    api_a.add("16045550005")
    api_a.add("447700900006")
    api_a.add(TOLLFREE_NUMBER, kind="Tollfree")
    return api_a


def listed(client, query, kind="Number"):
    response = client.in_pool("GET", "%s/?%s" % (kind, query))
    assert response.status_code == 200, response.text
    body = response.json()
    numbers = [obj.get("number") or obj.get("tollfree") for obj in body["objects"]]
    assert body["meta"]["total_count"] == len(numbers)
    return numbers


# The long-code list holds the toll-free number too (its type filter allows tollfree).
@pytest.mark.parametrize("query, expected", [
    ("", ["14155550001", "14155550002", "12125550003", "14165550004", "16045550005", "447700900006", TOLLFREE_NUMBER]),
    ("country_iso2=US", ["14155550001", "14155550002", "12125550003", TOLLFREE_NUMBER]),
    ("country_iso2=ca", ["14165550004", "16045550005"]),
    ("country_iso2=GB", ["447700900006"]),
    ("type=mobile", ["14155550002", "16045550005", "447700900006"]),
    ("type=FIXED", ["14155550001", "12125550003", "14165550004"]),
    ("service=mms", ["14155550002", "14165550004"]),
    ("service=sms&type=fixed", ["14155550001", "12125550003"]),
    ("type=tollfree", [TOLLFREE_NUMBER]),
    ("type=TOLLFREE&service=mms", []),
    ("service=sms", ["14155550001", "12125550003", "16045550005", "447700900006", TOLLFREE_NUMBER]),
    ("country_iso2=US&starts_with=415", ["14155550001", "14155550002"]),
    ("country_iso2=US&starts_with=212,4155550002", ["14155550002", "12125550003"]),
    ("country_iso2=GB&starts_with=7700", ["447700900006"]),
    ("country_iso2=US&starts_with=1415", []),  # prefixes are national: after the calling code
    ("country_iso2=US&starts_with=%s" % ",".join(["9"] * 9 + ["212"]), ["12125550003"]),
    ("unknown_param=1&limit=20", ["14155550001", "14155550002", "12125550003", "14165550004", "16045550005", "447700900006",
                                  TOLLFREE_NUMBER]),
])
def test_number_list_filters(mixed_pool, query, expected):
    assert listed(mixed_pool, query) == expected


def test_filters_are_kept_in_page_links(mixed_pool):
    meta = mixed_pool.in_pool("GET", "Number/?limit=1&offset=1&country_iso2=us&type=fixed").json()["meta"]
    assert meta["total_count"] == 2
    assert meta["previous"].endswith("/Number/?limit=1&offset=0&country_iso2=US&type=fixed")
    assert meta["next"] == ""


@pytest.mark.parametrize("query, mentions", [
    ("starts_with=415", "requires country_iso2"),
    ("country_iso2=US&starts_with=%s" % ",".join(["4"] * 11), "at most 10"),
    ("country_iso2=US&starts_with=41a", "digit prefixes"),
    ("country_iso2=US&starts_with=415,,212", "digit prefixes"),
    ("country_iso2=USA", "country_iso2"),
    ("type=landline", "type must be one of: fixed, mobile, tollfree"),
    ("service=voice", "service"),
    ("limit=0", "limit"),
    ("limit=21", "limit"),
    ("offset=-1", "offset"),
])
def test_bad_number_list_queries_are_400(mixed_pool, query, mentions):
    assert_error(mixed_pool.in_pool("GET", "Number/?" + query), 400, mentions)


def test_tollfree_list_applies_country_and_service_and_ignores_other_filters(mixed_pool, admin):
    seed_numbers(admin, ID_A, [{"number": "448001234567", "type": "tollfree"}])
    mixed_pool.add("448001234567", {"service": "mms"}, kind="Tollfree")
    assert listed(mixed_pool, "", kind="Tollfree") == [TOLLFREE_NUMBER, "448001234567"]
    assert listed(mixed_pool, "country_iso2=gb", kind="Tollfree") == ["448001234567"]
    assert listed(mixed_pool, "service=MMS", kind="Tollfree") == ["448001234567"]
    assert listed(mixed_pool, "service=sms&country_iso2=us", kind="Tollfree") == [TOLLFREE_NUMBER]
    assert listed(mixed_pool, "type=mobile&starts_with=1", kind="Tollfree") == [TOLLFREE_NUMBER, "448001234567"]
    assert_error(mixed_pool.in_pool("GET", "Tollfree/?country_iso2=1"), 400, "country_iso2")
    assert_error(mixed_pool.in_pool("GET", "Tollfree/?service=voice"), 400, "service")
    assert_error(mixed_pool.in_pool("GET", "Tollfree/?limit=50"), 400, "limit")


# ---------------------------------------------------------------------------
# Long codes: get, add, remove
# ---------------------------------------------------------------------------

def test_get_one_number(mixed_pool, api_b):
    body = mixed_pool.in_pool("GET", "Number/14155550002/?service=mms").json()
    assert set(body) == SINGLE_NUMBER_KEYS | {"api_id"} and is_uuid4(body["api_id"])
    assert (body["number"], body["type"], body["service"]) == ("14155550002", "mobile", "mms")
    assert body["numberpool_uuid"] == mixed_pool.pool_uuid
    sms = mixed_pool.in_pool("GET", "Number/14155550001/").json()
    assert set(sms) == SINGLE_NUMBER_KEYS | {"api_id"} and sms["service"] == "sms"
    assert_error(mixed_pool.in_pool("GET", "Number/14155559999/"), 404, "not found")
    # Toll-free numbers are only found through Tollfree/, long codes only through Number/.
    assert_error(mixed_pool.in_pool("GET", "Number/%s/" % TOLLFREE_NUMBER), 404, "not found")
    assert_error(mixed_pool.in_pool("GET", "Tollfree/14155550001/"), 404, "not found")
    # In another pool of the same account: not in this one.
    other = mixed_pool.pool_uuid
    mixed_pool.pool("second")
    assert_error(mixed_pool.in_pool("GET", "Number/14155550001/"), 404, "not found")
    assert mixed_pool.in_pool("GET", "Number/14155550001/", pool=other).status_code == 200


def test_add_an_unrented_number_without_rent_is_404(api_a, admin):
    body = assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG), 404)
    assert body["error"] == "number %s is not rented by this account; rent it first or add it with rent=true" % US_LONG
    assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG, {"rent": "false"}), 404, "not rented")
    assert rented(admin) == {}


@pytest.mark.parametrize("body, query", [
    ({"rent": "true"}, None),
    ({"rent": True, "service": "sms"}, None),
    ({"rent": "TRUE"}, None),
    (None, {"rent": "true"}),
])
def test_add_with_rent_rents_and_adds(api_a, admin, body, query):
    response = api_a.in_pool("POST", "Number/%s/" % CA_LONG, body, params=query)
    assert response.status_code == 200, response.text
    added = response.json()
    assert set(added) == NUMBER_KEYS | {"api_id"}
    assert (added["number"], added["country_iso2"], added["type"], added["service"]) == (CA_LONG, "CA", "fixed", "sms")
    assert added["number_pool_uuid"] == api_a.pool_uuid and ADDED_ON_RE.match(added["added_on"])
    [record] = senders(admin)["numbers"]
    # A number rented through a pool add may serve both services.
    assert record == {"number": CA_LONG, "type": "fixed", "country_iso2": "CA", "service": "sms", "sms_enabled": True,
                      "mms_enabled": True, "pool": api_a.pool_uuid, "added_on": added["added_on"]}


def test_service_from_the_query_string_when_there_is_no_body(api_a):
    added = api_a.in_pool("POST", "Number/%s/?rent=true&service=mms" % US_LONG).json()
    assert added["service"] == "mms"


def test_a_body_wins_over_the_query_string(api_a):
    # With a body the query string is not read at all, so rent=true there does not count.
    assert_error(api_a.in_pool("POST", "Number/%s/?rent=true" % US_LONG, {"service": "mms"}), 404, "not rented")


def test_rent_of_a_number_another_account_rents_is_400(api_a, admin):
    seed_numbers(admin, ID_B, [{"number": US_LONG}])
    assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG, {"rent": "true"}), 400,
                 "number %s is not available to rent" % US_LONG)
    assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG), 404, "not rented by this account")
    assert rented(admin) == {} and rented(admin, ID_B) == {US_LONG: None}


def test_add_a_rented_number_keeps_its_type_and_country(api_a, admin):
    seed_numbers(admin, ID_A, [{"number": "15555550100", "type": "mobile", "country_iso2": "pr"}])
    added = api_a.add("15555550100", {"service": "mms"})
    assert (added["type"], added["country_iso2"], added["service"]) == ("mobile", "PR", "mms")
    assert rented(admin) == {"15555550100": api_a.pool_uuid}


def test_re_adding_upserts_the_service(api_a, admin):
    first = api_a.add(US_LONG, {"rent": True})
    same = api_a.add(US_LONG, {"service": "sms"})
    assert {k: v for k, v in same.items() if k != "api_id"} == {k: v for k, v in first.items() if k != "api_id"}
    changed = api_a.add(US_LONG, {"service": "mms", "rent": "true"})
    assert changed["service"] == "mms" and changed["added_on"] == first["added_on"]
    assert api_a.in_pool("GET", "Number/%s/?service=mms" % US_LONG).json()["service"] == "mms"
    # Without service, the default (sms) is what the number is re-added with.
    assert api_a.add(US_LONG)["service"] == "sms"
    assert [o["number"] for o in api_a.in_pool("GET", "Number/").json()["objects"]] == [US_LONG]
    assert rented(admin) == {US_LONG: api_a.pool_uuid}


def test_a_number_in_another_pool_is_400(api_a, admin):
    first = api_a.pool_uuid
    api_a.add(US_LONG, {"rent": True})
    second = api_a.pool("second")
    body = assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG, {"rent": True}), 400)
    assert body["error"] == "number %s already belongs to another number pool; remove it from that pool first" % US_LONG
    assert rented(admin) == {US_LONG: first}
    # Once removed from the first pool, it can join the second.
    assert api_a.in_pool("DELETE", "Number/%s/" % US_LONG, pool=first).status_code == 200
    assert api_a.add(US_LONG)["number_pool_uuid"] == second


@pytest.mark.parametrize("kind, number", [("Number", US_LONG), ("Tollfree", TOLLFREE_NUMBER)])
def test_a_number_that_is_not_mms_enabled_cannot_serve_mms(api_a, admin, kind, number):
    seed_numbers(admin, ID_A, [{"number": number, "mms_enabled": False}])
    refusal = "number %s is not MMS-enabled; it cannot serve mms in a number pool" % number
    body = assert_error(api_a.in_pool("POST", "%s/%s/" % (kind, number), {"service": "mms"}), 400)
    assert body["error"] == refusal
    assert_error(api_a.in_pool("POST", "%s/%s/?service=mms" % (kind, number)), 400, refusal)
    assert rented(admin) == {number: None}
    # sms is fine; then a re-add that would switch it to mms is refused and changes nothing.
    added = api_a.add(number, {"service": "sms"}, kind=kind)
    assert_error(api_a.in_pool("POST", "%s/%s/" % (kind, number), {"service": "mms"}), 400, refusal)
    [record] = senders(admin)["numbers"]
    assert (record["pool"], record["service"], record["added_on"]) == (api_a.pool_uuid, "sms", added["added_on"])


@pytest.mark.parametrize("kind, number", [("Number", US_LONG), ("Tollfree", TOLLFREE_NUMBER)])
def test_a_number_that_is_not_sms_enabled_cannot_serve_sms(api_a, admin, kind, number):
    seed_numbers(admin, ID_A, [{"number": number, "sms_enabled": False}])
    refusal = "number %s is not SMS-enabled; it cannot serve sms in a number pool" % number
    # No service on a new member means sms.
    for body in (None, {}, {"service": "sms"}, {"service": "SMS"}):
        assert assert_error(api_a.in_pool("POST", "%s/%s/" % (kind, number), body), 400)["error"] == refusal
    assert rented(admin) == {number: None}
    assert api_a.add(number, {"service": "mms"}, kind=kind)["service"] == "mms"
    # A re-add without a service means sms too: refused, the number keeps mms.
    assert_error(api_a.in_pool("POST", "%s/%s/" % (kind, number)), 400, refusal)
    [record] = senders(admin)["numbers"]
    assert (record["pool"], record["service"]) == (api_a.pool_uuid, "mms")


def test_a_number_enabled_for_neither_service_joins_no_pool(api_a, admin):
    seed_numbers(admin, ID_A, [{"number": US_LONG, "sms_enabled": False, "mms_enabled": False}])
    assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG, {"service": "sms"}), 400, "is not SMS-enabled")
    assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG, {"service": "mms"}), 400, "is not MMS-enabled")
    assert rented(admin) == {US_LONG: None}


def test_the_capability_check_comes_after_the_kind_and_pool_checks(api_a, admin):
    seed_numbers(admin, ID_A, [{"number": US_LONG, "mms_enabled": False},
                               {"number": TOLLFREE_NUMBER, "sms_enabled": False, "mms_enabled": False}])
    # The kind first: a toll-free number on Number/ (and a long code on Tollfree/).
    assert_error(api_a.in_pool("POST", "Number/%s/" % TOLLFREE_NUMBER), 400, "is a toll-free number")
    assert_error(api_a.in_pool("POST", "Tollfree/%s/" % US_LONG, {"service": "mms"}), 400, "is not a toll-free number")
    # Then the pool: a number in another pool.
    first = api_a.pool_uuid
    api_a.add(US_LONG)
    api_a.pool("second")
    assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG, {"service": "mms"}), 400, "already belongs to another number pool")
    assert rented(admin) == {US_LONG: first, TOLLFREE_NUMBER: None}
    # Without rent, an unrented number is still a 404; with rent, it may serve either service.
    assert_error(api_a.in_pool("POST", "Number/%s/" % CA_LONG, {"service": "mms"}), 404, "not rented")
    assert api_a.add(CA_LONG, {"service": "mms", "rent": True})["service"] == "mms"


@pytest.mark.parametrize("number, mentions", [
    ("1415555abcd", "digits only"),
    ("+14155550100", "digits only"),
    ("1234567", "8 to 15 digits"),
    ("1234567890123456", "8 to 15 digits"),
])
def test_bad_numbers_are_400(api_a, number, mentions):
    for kind in ("Number", "Tollfree"):
        assert_error(api_a.in_pool("POST", "%s/%s/" % (kind, number), {"rent": True}), 400, mentions)


@pytest.mark.parametrize("body, mentions", [
    ({"service": "voice"}, "service must be one of: sms, mms"),
    ({"service": None}, "service"),
    ({"rent": "yes"}, "rent must be true or false"),
    ({"rent": 1}, "rent"),
    ({"rent": True, "alias": "x"}, "unknown field(s): alias (allowed: rent, service)"),
    (["rent"], "JSON object"),
])
def test_bad_add_bodies_are_400(api_a, admin, body, mentions):
    assert_error(api_a.in_pool("POST", "Number/%s/" % US_LONG, body), 400, mentions)
    assert rented(admin) == {}


def test_unknown_query_parameters_of_an_add_are_400(api_a):
    assert_error(api_a.in_pool("POST", "Number/%s/?rent=true&sevrice=mms" % US_LONG), 400, "sevrice")


def test_invalid_json_body_is_400(api_a):
    response = api_a.session.post(api_a.url("NumberPool/%s/Number/%s/" % (api_a.pool_uuid, US_LONG)), data="{nope",
                                  headers={"Content-Type": "application/json"}, timeout=10)
    assert_error(response, 400, "not valid JSON")


@pytest.mark.parametrize("number", ["18005550100", "18335550100", "18445550100", "18555550100", "18665550100",
                                    "18775550100", "18885550100"])
def test_toll_free_prefixes_are_refused_by_the_number_endpoint(api_a, admin, number):
    body = assert_error(api_a.in_pool("POST", "Number/%s/" % number, {"rent": True}), 400)
    assert body["error"] == "number %s is a toll-free number; add it with the Tollfree endpoint" % number
    assert rented(admin) == {}


def test_rented_toll_free_numbers_are_refused_by_the_number_endpoint(api_a, admin):
    # Not a North American prefix, but rented as toll-free: the type decides.
    seed_numbers(admin, ID_A, [{"number": "448001234567", "type": "tollfree"}])
    assert_error(api_a.in_pool("POST", "Number/448001234567/"), 400, "is a toll-free number")
    assert api_a.add("448001234567", kind="Tollfree")["country_iso2"] == "GB"


def test_remove_keeps_the_number_rented_unless_unrent(api_a, admin):
    api_a.add(US_LONG, {"rent": True})
    api_a.add(CA_LONG, {"rent": True})
    response = api_a.in_pool("DELETE", "Number/%s/" % US_LONG)
    assert response.status_code == 200
    assert set(response.json()) == {"api_id", "response"} and response.json()["response"] == "success"
    assert rented(admin) == {US_LONG: None, CA_LONG: api_a.pool_uuid}
    assert [record["added_on"] for record in senders(admin)["numbers"] if record["number"] == US_LONG] == [None]
    assert_error(api_a.in_pool("DELETE", "Number/%s/" % US_LONG), 404, "not found")
    assert_error(api_a.in_pool("GET", "Number/%s/" % US_LONG), 404, "not found")
    assert api_a.in_pool("DELETE", "Number/%s/" % CA_LONG, {"unrent": True}).json()["response"] == "success"
    assert rented(admin) == {US_LONG: None}
    assert_error(api_a.in_pool("DELETE", "Number/%s/" % CA_LONG, {"unrent": True}), 404, "not found")
    # Unrented numbers are free again, also for other accounts.
    assert api_a.in_pool("GET", "Number/").json()["objects"] == []


@pytest.mark.parametrize("body, unrented", [
    ({"unrent": True}, True),
    ({"unrent": False}, False),
    ({}, False),
    (None, False),
])
def test_remove_takes_unrent_as_a_json_boolean(api_a, admin, body, unrented):
    api_a.add(US_LONG, {"rent": True})
    assert api_a.in_pool("DELETE", "Number/%s/" % US_LONG, body).status_code == 200
    assert rented(admin) == ({} if unrented else {US_LONG: None})


# unrent as a string is a 400: the API answered 400 to it (plivo-node 4.56.1 switched to a
# boolean for that reason). A query string only carries text, so ?unrent=true is a 400 too.
@pytest.mark.parametrize("body, query, mentions", [
    ({"unrent": "true"}, None, "unrent must be a boolean"),
    ({"unrent": "false"}, None, "unrent must be a boolean"),
    ({"unrent": "maybe"}, None, "unrent must be a boolean"),
    ({"unrent": 1}, None, "unrent must be a boolean"),
    (None, {"unrent": "true"}, "unrent must be a boolean"),
    ({"unrent_numbers": True}, None, "unknown field(s): unrent_numbers (allowed: unrent)"),
    ("unrent", None, "JSON object"),
])
@pytest.mark.parametrize("kind, number", [("Number", US_LONG), ("Tollfree", TOLLFREE_NUMBER)])
def test_bad_remove_bodies_are_400_and_change_nothing(api_a, admin, kind, number, body, query, mentions):
    api_a.add(number, {"rent": True}, kind=kind)
    assert_error(api_a.in_pool("DELETE", "%s/%s/" % (kind, number), body, params=query), 400, mentions)
    assert rented(admin) == {number: api_a.pool_uuid}


def test_remove_of_a_toll_free_number_through_number_is_404(api_a, admin):
    api_a.add(TOLLFREE_NUMBER, {"rent": True}, kind="Tollfree")
    assert_error(api_a.in_pool("DELETE", "Number/%s/" % TOLLFREE_NUMBER), 404, "not found")
    assert rented(admin) == {TOLLFREE_NUMBER: api_a.pool_uuid}


# ---------------------------------------------------------------------------
# Toll-free numbers
# ---------------------------------------------------------------------------

def test_toll_free_object_shape_and_rent(api_a, admin):
    added = api_a.add(TOLLFREE_NUMBER, {"rent": "true"}, kind="Tollfree")
    assert set(added) == TOLLFREE_KEYS | {"api_id"}
    assert (added["number"], added["type"], added["service"]) == (TOLLFREE_NUMBER, "tollfree", "sms")
    assert (added["country_iso2"], added["number_pool_uuid"]) == ("US", api_a.pool_uuid)
    assert added["account_phone_number_resource"] == "/v1/Account/%s/Number/%s/" % (ID_A, TOLLFREE_NUMBER)
    assert ADDED_ON_RE.match(added["added_on"])
    [record] = senders(admin)["numbers"]
    assert (record["type"], record["pool"]) == ("tollfree", api_a.pool_uuid)
    [listed_obj] = api_a.in_pool("GET", "Tollfree/").json()["objects"]
    assert listed_obj == {k: v for k, v in added.items() if k != "api_id"}
    got = api_a.in_pool("GET", "Tollfree/%s/" % TOLLFREE_NUMBER).json()
    assert set(got) == SINGLE_NUMBER_KEYS | {"api_id"} and got["number"] == TOLLFREE_NUMBER
    assert got["numberpool_uuid"] == api_a.pool_uuid
    # The long-code list shows it too, in the same shape.
    [in_number_list] = api_a.in_pool("GET", "Number/").json()["objects"]
    assert in_number_list == listed_obj


def test_toll_free_numbers_have_a_service(api_a, admin):
    seed_numbers(admin, ID_A, [{"number": TOLLFREE_NUMBER}])
    assert api_a.add(TOLLFREE_NUMBER, {"service": "mms"}, kind="Tollfree")["service"] == "mms"
    assert api_a.in_pool("GET", "Tollfree/%s/" % TOLLFREE_NUMBER).json()["service"] == "mms"
    assert api_a.in_pool("GET", "Tollfree/%s/?service=mms" % TOLLFREE_NUMBER).status_code == 200
    assert_error(api_a.in_pool("GET", "Tollfree/%s/?service=sms" % TOLLFREE_NUMBER), 404, "not found")
    assert_error(api_a.in_pool("GET", "Tollfree/%s/?service=fax" % TOLLFREE_NUMBER), 400, "service")
    # Re-adding without a service sets the default, sms, as on Number/.
    assert api_a.add(TOLLFREE_NUMBER, kind="Tollfree")["service"] == "sms"
    assert api_a.add(TOLLFREE_NUMBER, kind="Tollfree", body={"service": "MMS"})["service"] == "mms"
    assert [o["service"] for o in api_a.in_pool("GET", "Number/?type=tollfree").json()["objects"]] == ["mms"]


def test_toll_free_add_rules(api_a, admin):
    assert_error(api_a.in_pool("POST", "Tollfree/%s/" % TOLLFREE_NUMBER), 404, "not rented by this account")
    body = assert_error(api_a.in_pool("POST", "Tollfree/%s/" % US_LONG, {"rent": True}), 400)
    assert body["error"] == "number %s is not a toll-free number; add it with the Number endpoint" % US_LONG
    seed_numbers(admin, ID_A, [{"number": CA_LONG}])
    assert_error(api_a.in_pool("POST", "Tollfree/%s/" % CA_LONG), 400, "is not a toll-free number")
    assert_error(api_a.in_pool("POST", "Tollfree/%s/" % TOLLFREE_NUMBER, {"rent": True, "alias": "x"}), 400,
                 "unknown field(s): alias (allowed: rent, service)")
    assert_error(api_a.in_pool("POST", "Tollfree/%s/" % TOLLFREE_NUMBER, {"rent": True, "service": "voice"}), 400,
                 "service must be one of: sms, mms")
    seed_numbers(admin, ID_B, [{"number": TOLLFREE_NUMBER}])
    assert_error(api_a.in_pool("POST", "Tollfree/%s/" % TOLLFREE_NUMBER, {"rent": True}), 400, "not available to rent")


def test_toll_free_re_add_another_pool_and_remove(api_a, admin):
    first = api_a.pool_uuid
    added = api_a.add(TOLLFREE_NUMBER, {"rent": True}, kind="Tollfree")
    assert api_a.add(TOLLFREE_NUMBER, kind="Tollfree")["added_on"] == added["added_on"]  # re-add: no change
    api_a.pool("second")
    assert_error(api_a.in_pool("POST", "Tollfree/%s/" % TOLLFREE_NUMBER), 400, "already belongs to another number pool")
    assert_error(api_a.in_pool("DELETE", "Tollfree/%s/" % TOLLFREE_NUMBER), 404, "not found")
    assert api_a.in_pool("DELETE", "Tollfree/%s/" % TOLLFREE_NUMBER, pool=first).json()["response"] == "success"
    assert rented(admin) == {TOLLFREE_NUMBER: None}
    api_a.add(TOLLFREE_NUMBER, kind="Tollfree")
    assert api_a.in_pool("DELETE", "Tollfree/%s/" % TOLLFREE_NUMBER, {"unrent": True}).status_code == 200
    assert rented(admin) == {}
    assert_error(api_a.in_pool("DELETE", "Tollfree/%s/" % TOLLFREE_NUMBER), 404, "not found")


# ---------------------------------------------------------------------------
# Short codes
# ---------------------------------------------------------------------------

def link(admin, code, powerpack, account=ID_A):
    return admin("POST", "accounts/%s/shortcodes/%s/link" % (account, code), json={"powerpack": powerpack})


def test_short_codes_are_listed_found_and_unlinked(api_a, admin):
    assert api_a.in_pool("GET", "Shortcode/").json()["objects"] == []
    assert_error(api_a.in_pool("GET", "Shortcode/444444/"), 404, "not found")
    assert link(admin, "555555", "pp").status_code == 200
    assert link(admin, "444444", "pp").status_code == 200
    page = api_a.in_pool("GET", "Shortcode/").json()
    assert [o["shortcode"] for o in page["objects"]] == ["555555", "444444"]  # order linked
    assert page["uuid"] == api_a.pool_uuid and page["meta"]["total_count"] == 2
    second = api_a.in_pool("GET", "Shortcode/?limit=1&offset=1").json()
    assert [o["shortcode"] for o in second["objects"]] == ["444444"] and second["meta"]["next"] == ""
    assert second["meta"]["previous"].endswith("/NumberPool/%s/Shortcode/?limit=1&offset=0" % api_a.pool_uuid)
    got = api_a.in_pool("GET", "Shortcode/555555/").json()
    assert set(got) == SHORTCODE_KEYS | {"api_id"}
    assert (got["shortcode"], got["country_iso2"], got["number_pool_uuid"]) == ("555555", "CA", api_a.pool_uuid)
    assert ADDED_ON_RE.match(got["added_on"])
    assert_error(api_a.in_pool("DELETE", "Shortcode/444444/", {"unrent": True}), 400, "unknown field(s): unrent (allowed: none)")
    response = api_a.in_pool("DELETE", "Shortcode/444444/")
    assert response.status_code == 200 and response.json()["response"] == "success"
    assert api_a.in_pool("DELETE", "Shortcode/555555/", {}).status_code == 200
    # Unlinked, still owned.
    assert shortcode_pools(admin) == {"444444": None, "555555": None}
    assert_error(api_a.in_pool("DELETE", "Shortcode/444444/"), 404, "not found")
    assert_error(api_a.in_pool("GET", "Shortcode/444444/"), 404, "not found")


def test_admin_link_by_uuid_or_name(api_a, admin):
    first_pp = api_a.pool_uuid
    second = api_a.powerpack("named")
    response = link(admin, "444444", "named")
    assert response.status_code == 200
    linked = response.json()
    assert linked == {"shortcode": "444444", "country_iso2": "US", "pool": emulator.pool_uuid_of(second), "added_on": linked["added_on"]}
    assert ADDED_ON_RE.match(linked["added_on"])
    assert link(admin, "444444", second["uuid"]).json() == response.json()  # linking again changes nothing
    assert_error(link(admin, "444444", first_pp), 404, "unknown powerpack")  # a pool uuid is not a powerpack
    first_uuid = api_a.request("GET", "Powerpack/").json()["objects"][0]["uuid"]
    assert_error(link(admin, "444444", first_uuid), 400, "already serves another number pool")
    assert_error(link(admin, "999999", "named"), 404, "unknown short code")
    assert_error(link(admin, "444444", "no-such-powerpack"), 404, "unknown powerpack")
    assert_error(link(admin, "444444", "named", account=ID_B), 404, "unknown short code")
    assert_error(link(admin, "444444", "named", account="MANOBODY000000000000"), 404, "unknown account")
    for body in ({}, {"powerpack": 1}, {"powerpack": "named", "extra": 1}):
        assert_error(admin("POST", "accounts/%s/shortcodes/444444/link" % ID_A, json=body), 400, "powerpack")
    assert_error(admin("GET", "accounts/%s/shortcodes/444444/link" % ID_A), 405)
    assert shortcode_pools(admin) == {"444444": emulator.pool_uuid_of(second), "555555": None}


def test_admin_requests_are_not_logged(emu, api_a, admin):
    before = len(emu.requests_log)
    assert link(admin, "444444", "pp").status_code == 200
    seed_numbers(admin, ID_A, [{"number": US_LONG}])
    senders(admin)
    assert len(emu.requests_log) == before


# ---------------------------------------------------------------------------
# Admin: rented numbers
# ---------------------------------------------------------------------------

def test_admin_seed_numbers_defaults(admin):
    objects = seed_numbers(admin, ID_A, [
        {"number": US_LONG}, {"number": TOLLFREE_NUMBER}, {"number": "447700900123", "type": "mobile"},
        {"number": "31612345678"}, {"number": "6591234567", "country_iso2": "sg"},
    ])
    # sms_enabled and mms_enabled default to true.
    both = {"service": "sms", "sms_enabled": True, "mms_enabled": True, "pool": None, "added_on": None}
    assert objects == [
        dict(both, number=US_LONG, type="fixed", country_iso2="US"),
        dict(both, number=TOLLFREE_NUMBER, type="tollfree", country_iso2="US"),
        dict(both, number="447700900123", type="mobile", country_iso2="GB"),
        dict(both, number="31612345678", type="fixed", country_iso2="ZZ"),
        dict(both, number="6591234567", type="fixed", country_iso2="SG"),
    ]
    assert senders(admin) == {"numbers": objects, "shortcodes": [
        {"shortcode": "444444", "country_iso2": "US", "pool": None, "added_on": None},
        {"shortcode": "555555", "country_iso2": "CA", "pool": None, "added_on": None},
    ]}
    assert senders(admin, ID_B) == {"numbers": [], "shortcodes": []}


VALID_SEED = {"number": "12125550100"}


@pytest.mark.parametrize("body, mentions", [
    # A valid entry comes first each time: nothing is rented unless every entry is valid.
    ({"numbers": [VALID_SEED, {"number": "1415"}]}, "numbers[1].number must be 8 to 15 digits"),
    ({"numbers": [VALID_SEED, {"number": 14155550100}]}, "numbers[1].number must contain digits only"),
    ({"numbers": [VALID_SEED, {"number": US_LONG, "type": "local"}]}, "numbers[1].type"),
    ({"numbers": [VALID_SEED, {"number": TOLLFREE_NUMBER, "type": "fixed"}]}, "toll-free prefix"),
    ({"numbers": [VALID_SEED, {"number": US_LONG, "country_iso2": "USA"}]}, "numbers[1].country_iso2"),
    ({"numbers": [VALID_SEED, {"number": US_LONG, "pool": "x"}]}, "unknown field(s): pool"),
    ({"numbers": [VALID_SEED, {"number": "12125550100"}]}, "numbers[1] repeats number"),
    ({"numbers": [VALID_SEED, "14155550100"]}, "numbers[1] must be an object"),
    ({"numbers": [VALID_SEED, {"number": US_LONG, "sms_enabled": "false"}]}, "numbers[1].sms_enabled must be a boolean"),
    ({"numbers": [VALID_SEED, {"number": US_LONG, "mms_enabled": 0}]}, "numbers[1].mms_enabled must be a boolean"),
    ({"numbers": [VALID_SEED, {"number": US_LONG, "mms_enabled": None}]}, "numbers[1].mms_enabled must be a boolean"),
    ({"numbers": [VALID_SEED, {"number": US_LONG, "voice_enabled": True}]}, "unknown field(s): voice_enabled"),
    ({"numbers": {}}, "body must be"),
    ({}, "body must be"),
])
def test_admin_seed_numbers_validates_all_or_nothing(admin, body, mentions):
    assert_error(admin("POST", "accounts/%s/numbers" % ID_A, json=body), 400, mentions)
    assert rented(admin) == {}


def test_admin_seed_numbers_takes_sms_enabled_and_mms_enabled(admin):
    objects = seed_numbers(admin, ID_A, [
        {"number": US_LONG, "mms_enabled": False}, {"number": CA_LONG, "sms_enabled": False, "mms_enabled": True},
        {"number": TOLLFREE_NUMBER, "sms_enabled": False, "mms_enabled": False},
    ])
    assert [(o["number"], o["sms_enabled"], o["mms_enabled"]) for o in objects] == [
        (US_LONG, True, False), (CA_LONG, False, True), (TOLLFREE_NUMBER, False, False)]
    assert senders(admin)["numbers"] == objects


def test_admin_seed_numbers_refuses_numbers_rented_anywhere(admin):
    seed_numbers(admin, ID_B, [{"number": US_LONG}])
    assert_error(admin("POST", "accounts/%s/numbers" % ID_A, json={"numbers": [{"number": CA_LONG}, {"number": US_LONG}]}),
                 400, "numbers[1]: number %s is already rented" % US_LONG)
    assert_error(admin("POST", "accounts/%s/numbers" % ID_B, json={"numbers": [{"number": US_LONG}]}), 400, "already rented")
    assert rented(admin) == {}


def test_admin_numbers_of_an_unknown_account_is_404(admin):
    assert_error(admin("GET", "accounts/MANOBODY000000000000/numbers"), 404, "unknown account")
    assert_error(admin("POST", "accounts/MANOBODY000000000000/numbers", json={"numbers": []}), 404, "unknown account")
    assert_error(admin("DELETE", "accounts/%s/numbers" % ID_A), 405)


# ---------------------------------------------------------------------------
# Powerpack delete, reset, state
# ---------------------------------------------------------------------------

def pool_with_everything(client, admin, name):
    """A powerpack whose pool has a long code, a toll-free number and a short code; returns its uuid."""
    powerpack = client.powerpack(name)
    pool = emulator.pool_uuid_of(powerpack)
    client.add(US_LONG, {"rent": True}, pool=pool)
    client.add(TOLLFREE_NUMBER, {"rent": True}, kind="Tollfree", pool=pool)
    assert link(admin, "444444", name).status_code == 200
    return powerpack["uuid"]


@pytest.mark.parametrize("body", [None, {}, {"unrent_numbers": False}])
def test_powerpack_delete_keeps_the_numbers_unpooled(api_a, admin, body):
    kept = api_a.pool_uuid
    api_a.add(CA_LONG, {"rent": True})
    pp_uuid = pool_with_everything(api_a, admin, "doomed")
    assert api_a.request("DELETE", "Powerpack/%s/" % pp_uuid, body).status_code == 200
    assert rented(admin) == {CA_LONG: kept, US_LONG: None, TOLLFREE_NUMBER: None}
    assert shortcode_pools(admin) == {"444444": None, "555555": None}
    # They can join another pool at once.
    assert api_a.add(US_LONG)["number_pool_uuid"] == kept


def test_powerpack_delete_with_unrent_numbers_drops_numbers_but_not_short_codes(api_a, admin):
    kept = api_a.pool_uuid
    api_a.add(CA_LONG, {"rent": True})
    seed_numbers(admin, ID_A, [{"number": "12125550100"}])
    pp_uuid = pool_with_everything(api_a, admin, "doomed")
    assert api_a.request("DELETE", "Powerpack/%s/" % pp_uuid, {"unrent_numbers": True}).status_code == 200
    assert rented(admin) == {CA_LONG: kept, "12125550100": None}
    assert shortcode_pools(admin) == {"444444": None, "555555": None}
    assert_error(api_a.request("DELETE", "Powerpack/%s/" % pp_uuid, {"unrent_numbers": True}), 404)


def test_reset_clears_numbers_and_restores_short_codes(api_a, admin):
    seed_numbers(admin, ID_B, [{"number": CA_LONG}])
    pool_with_everything(api_a, admin, "linked")
    before = senders(admin)
    assert admin("POST", "reset", json={"account": ID_B}).status_code == 204
    assert rented(admin, ID_B) == {}
    assert senders(admin) == before  # other accounts keep theirs
    assert admin("POST", "reset", json={"account": ID_A}).status_code == 204
    assert senders(admin) == {"numbers": [], "shortcodes": [
        {"shortcode": "444444", "country_iso2": "US", "pool": None, "added_on": None},
        {"shortcode": "555555", "country_iso2": "CA", "pool": None, "added_on": None},
    ]}
    pool_with_everything(api_a, admin, "again")
    assert admin("POST", "reset").status_code == 204
    assert rented(admin) == {} and shortcode_pools(admin) == {"444444": None, "555555": None}


def test_admin_state_has_version_2_and_the_senders(api_a, admin):
    pool_with_everything(api_a, admin, "dumped")
    state = admin("GET", "state").json()
    assert state["version"] == 2
    assert state["accounts"][ID_B] == {"powerpacks": []}
    assert state["senders"][ID_A] == senders(admin)
    assert state["senders"][ID_B] == {"numbers": [], "shortcodes": []}


def test_state_file_round_trip_keeps_numbers_short_codes_and_links(tmp_path):
    state_file = str(tmp_path / "state.json")
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=state_file, shortcodes=SHORTCODES) as server:
        client = Client(server.url, ID_A, TOKEN_A)
        pool = client.pool("kept")
        client.add(US_LONG, {"rent": True, "service": "mms"})
        client.add(TOLLFREE_NUMBER, {"rent": True}, kind="Tollfree")
        plain_session().post(server.url + "/_emulator/accounts/%s/shortcodes/555555/link" % ID_A, json={"powerpack": "kept"},
                             timeout=10)
        before = server.store.snapshot()
    with open(state_file, encoding="utf-8") as handle:
        text = handle.read()
    assert json.loads(text)["version"] == 2 and TOKEN_A not in text
    # Restarted without the short code configuration: the file keeps them.
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=state_file) as server:
        assert server.store.snapshot() == before
        client = Client(server.url, ID_A, TOKEN_A)
        assert client.in_pool("GET", "Number/%s/?service=mms" % US_LONG, pool=pool).json()["service"] == "mms"
        assert client.in_pool("GET", "Tollfree/%s/" % TOLLFREE_NUMBER, pool=pool).status_code == 200
        assert client.in_pool("GET", "Shortcode/555555/", pool=pool).json()["country_iso2"] == "CA"
    # A configured short code the file lacks joins, unlinked; the file's links stay.
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=state_file, shortcodes={ID_A: ["777"]}) as server:
        codes = {r["shortcode"]: r["pool"] for r in server.store.senders(ID_A)["shortcodes"]}
        assert codes == {"444444": None, "555555": pool, "777": None}


def test_a_version_1_state_file_still_loads(tmp_path):
    state_file = tmp_path / "v1.json"
    record = {"application_id": "", "application_type": "", "created_on": "2024-05-02T10:11:12.123456Z", "local_connect": True,
              "name": "old", "number_pool": "/v1/Account/%s/NumberPool/%s/" % (ID_A, uuid.uuid4()), "number_priority": [],
              "sticky_sender": True, "uuid": str(uuid.uuid4())}
    state_file.write_text(json.dumps({"version": 1, "accounts": {ID_A: {"powerpacks": [record]}}}))
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=str(state_file), shortcodes=SHORTCODES) as server:
        client = Client(server.url, ID_A, TOKEN_A)
        assert client.request("GET", "Powerpack/%s/" % record["uuid"]).json()["name"] == "old"
        pool = emulator.pool_uuid_of(record)
        assert client.in_pool("GET", "Number/", pool=pool).json()["objects"] == []
        assert [r["shortcode"] for r in server.store.senders(ID_A)["shortcodes"]] == ["444444", "555555"]
        client.add(US_LONG, {"rent": True}, pool=pool)
    assert json.loads(state_file.read_text())["version"] == 2


def test_state_file_round_trip_keeps_sms_enabled_and_mms_enabled(tmp_path):
    state_file = str(tmp_path / "state.json")
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=state_file) as server:
        client = Client(server.url, ID_A, TOKEN_A)
        pool = client.pool("kept")
        admin = plain_session()
        response = admin.post(server.url + "/_emulator/accounts/%s/numbers" % ID_A, timeout=10, json={"numbers": [
            {"number": US_LONG, "mms_enabled": False}, {"number": TOLLFREE_NUMBER, "sms_enabled": False}]})
        assert response.status_code == 200, response.text
        client.add(US_LONG)
        client.add(CA_LONG, {"rent": True})
        before = server.store.snapshot()
    saved_numbers = json.loads((tmp_path / "state.json").read_text(encoding="utf-8"))["senders"][ID_A]["numbers"]
    saved = {r["number"]: (r["sms_enabled"], r["mms_enabled"]) for r in saved_numbers}
    assert saved == {US_LONG: (True, False), TOLLFREE_NUMBER: (False, True), CA_LONG: (True, True)}
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=state_file) as server:
        assert server.store.snapshot() == before
        client = Client(server.url, ID_A, TOKEN_A)
        assert_error(client.in_pool("POST", "Number/%s/" % US_LONG, {"service": "mms"}, pool=pool), 400, "is not MMS-enabled")
        assert_error(client.in_pool("POST", "Tollfree/%s/" % TOLLFREE_NUMBER, pool=pool), 400, "is not SMS-enabled")
        assert client.request("GET", "Number/%s/" % US_LONG).json()["mms_enabled"] is False


def test_a_version_2_state_file_without_sms_enabled_and_mms_enabled_still_loads(tmp_path):
    state_file = tmp_path / "v2.json"
    record = {"application_id": "", "application_type": "", "created_on": "2024-05-02T10:11:12.123456Z", "local_connect": True,
              "name": "old", "number_pool": "/v1/Account/%s/NumberPool/%s/" % (ID_A, uuid.uuid4()), "number_priority": [],
              "sticky_sender": True, "uuid": str(uuid.uuid4())}
    pool = emulator.pool_uuid_of(record)
    numbers = [
        {"number": US_LONG, "type": "fixed", "country_iso2": "US", "service": "mms", "pool": pool,
         "added_on": "2024-05-02T10:11:13.123456Z"},
        {"number": TOLLFREE_NUMBER, "type": "tollfree", "country_iso2": "US", "service": "sms", "pool": None, "added_on": None},
    ]
    state_file.write_text(json.dumps({"version": 2, "accounts": {ID_A: {"powerpacks": [record]}},
                                      "senders": {ID_A: {"numbers": numbers, "shortcodes": []}}}))
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=str(state_file)) as server:
        loaded = server.store.senders(ID_A)["numbers"]
        assert loaded == [dict(n, sms_enabled=True, mms_enabled=True) for n in numbers]
        client = Client(server.url, ID_A, TOKEN_A)
        assert client.add(TOLLFREE_NUMBER, {"service": "mms"}, kind="Tollfree", pool=pool)["service"] == "mms"
        assert client.request("GET", "Number/%s/" % US_LONG).json()["sms_enabled"] is True
    # The next save writes them.
    saved = json.loads(state_file.read_text())
    assert saved["version"] == 2
    assert all(n["sms_enabled"] is True and n["mms_enabled"] is True for n in saved["senders"][ID_A]["numbers"])


def test_a_state_file_with_a_capability_that_is_not_a_boolean_is_an_error(tmp_path):
    state_file = tmp_path / "bad.json"
    number = {"number": US_LONG, "type": "fixed", "country_iso2": "US", "service": "sms", "sms_enabled": "yes",
              "pool": None, "added_on": None}
    state_file.write_text(json.dumps({"version": 2, "accounts": {ID_A: {"powerpacks": []}},
                                      "senders": {ID_A: {"numbers": [number], "shortcodes": []}}}))
    with pytest.raises(ValueError, match="not a readable emulator state file .*sms_enabled"):
        emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=str(state_file))


def test_a_state_file_of_an_unknown_version_is_an_error(tmp_path):
    state_file = tmp_path / "v3.json"
    state_file.write_text(json.dumps({"version": 3, "accounts": {}}))
    with pytest.raises(ValueError, match="unsupported version 3"):
        emulator.EmulatorServer(state_file=str(state_file))


# ---------------------------------------------------------------------------
# Faults: a lost response on a pool add
# ---------------------------------------------------------------------------

def test_lost_response_hits_successful_pool_adds():
    with emulator.EmulatorServer({ID_A: TOKEN_A}, faults={"lost_response_rate": 1.0, "seed": 7}) as server:
        client = Client(server.url, ID_A, TOKEN_A)
        # Seeded through the admin endpoint, which faults never touch (an API create would lose its answer).
        seeded = plain_session().post(server.url + "/_emulator/accounts/%s/powerpacks" % ID_A,
                                      json={"powerpacks": [{"name": "lost"}]}, timeout=10).json()["objects"]
        client.pool_uuid = emulator.pool_uuid_of(seeded[0])
        for kind, number in (("Number", US_LONG), ("Tollfree", TOLLFREE_NUMBER)):
            with pytest.raises(requests.ConnectionError):
                client.in_pool("POST", "%s/%s/" % (kind, number), {"rent": True})
            entry = server.requests_log[-1]
            assert (entry["fault"], entry["status"]) == ("lost_response", 200)
            # Processed although the client got no answer: the number is in the pool.
            assert client.in_pool("GET", "%s/%s/" % (kind, number)).status_code == 200
        # Failures are answered, and so are reads and removes.
        assert_error(client.in_pool("POST", "Number/%s/" % CA_LONG), 404, "not rented")
        assert server.requests_log[-1]["fault"] is None
        assert client.in_pool("GET", "Number/").status_code == 200
        assert client.in_pool("DELETE", "Number/%s/" % US_LONG).status_code == 200
        assert all(entry["fault"] is None for entry in server.requests_log[-4:])
        assert {r["number"]: r["pool"] for r in server.store.senders(ID_A)["numbers"]} == {
            US_LONG: None, TOLLFREE_NUMBER: client.pool_uuid}


# ---------------------------------------------------------------------------
# Configuration: EmulatorServer, flags, environment
# ---------------------------------------------------------------------------

def test_short_codes_preloaded_through_the_python_api():
    with emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B},
                                 shortcodes={ID_B: ["123", {"shortcode": "12345678"}, {"shortcode": "4567", "country_iso2": "gb"}]}) as server:
        response = plain_session().get(server.url + "/_emulator/accounts/%s/numbers" % ID_B, timeout=10)
        assert response.json() == {"numbers": [], "shortcodes": [
            {"shortcode": "123", "country_iso2": "US", "pool": None, "added_on": None},
            {"shortcode": "12345678", "country_iso2": "US", "pool": None, "added_on": None},
            {"shortcode": "4567", "country_iso2": "GB", "pool": None, "added_on": None},
        ]}
        assert server.store.senders(ID_A) == {"numbers": [], "shortcodes": []}


@pytest.mark.parametrize("shortcodes, mentions", [
    ({"MANOBODY000000000000": ["444444"]}, "not a configured account"),
    ({ID_A: ["12"]}, "3 to 8 digits"),
    ({ID_A: ["123456789"]}, "3 to 8 digits"),
    ({ID_A: ["12a4"]}, "3 to 8 digits"),
    ({ID_A: [444444]}, "3 to 8 digits"),
    ({ID_A: [{"shortcode": "444444", "country_iso2": "USA"}]}, "two-letter"),
    ({ID_A: [{"code": "444444"}]}, "must be a code or"),
    ({ID_A: "444444"}, "must be a list"),
    ({ID_A: ["444444", {"shortcode": "444444", "country_iso2": "CA"}]}, "configured twice"),
    ({ID_A: ["444444"], ID_B: ["444444"]}, "configured twice"),
    (["444444"], "must be a dict"),
])
def test_bad_short_code_configuration_raises_value_error(shortcodes, mentions):
    with pytest.raises(ValueError, match=re.escape(mentions)):
        emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B}, shortcodes=shortcodes)


def test_same_code_in_two_countries_for_two_accounts_is_fine():
    server = emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B},
                                     shortcodes={ID_A: ["444444"], ID_B: [{"shortcode": "444444", "country_iso2": "CA"}]})
    assert server.store.senders(ID_B)["shortcodes"] == [
        {"shortcode": "444444", "country_iso2": "CA", "pool": None, "added_on": None}]


@pytest.fixture
def no_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("PLIVO_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_shortcode_flag(no_env):
    args = emulator.parse_args(["--shortcode", "%s:444444" % emulator.DEFAULT_AUTH_ID])
    assert args.shortcodes == {emulator.DEFAULT_AUTH_ID: ["444444"]}
    args = emulator.parse_args(["--account", "%s:%s" % (ID_A, TOKEN_A), "--account", "%s:%s" % (ID_B, TOKEN_B),
                                "--shortcode", "%s:444444" % ID_A, "--shortcode", " %s:555:ca " % ID_B,
                                "--shortcode", "%s:12345678:GB" % ID_A])
    assert args.shortcodes == {ID_A: ["444444", {"shortcode": "12345678", "country_iso2": "GB"}],
                               ID_B: [{"shortcode": "555", "country_iso2": "ca"}]}
    assert emulator.parse_args([]).shortcodes is None


def test_shortcode_env_var_and_the_flag_wins(no_env):
    no_env.setenv("PLIVO_EMULATOR_ACCOUNTS", "%s:%s,%s:%s" % (ID_A, TOKEN_A, ID_B, TOKEN_B))
    no_env.setenv("PLIVO_EMULATOR_SHORTCODES", " %s:444444, %s:555555:CA ,," % (ID_A, ID_B))
    assert emulator.parse_args([]).shortcodes == {ID_A: ["444444"], ID_B: [{"shortcode": "555555", "country_iso2": "CA"}]}
    assert emulator.parse_args(["--shortcode", "%s:777" % ID_B]).shortcodes == {ID_B: ["777"]}
    no_env.setenv("PLIVO_EMULATOR_SHORTCODES", "  ")
    assert emulator.parse_args([]).shortcodes is None


@pytest.mark.parametrize("argv, mentions", [
    (["--shortcode", "444444"], "--shortcode entry #1 must look like AUTH_ID:CODE[:COUNTRY]"),
    (["--shortcode", "%s:" % ID_A], "must look like"),
    (["--shortcode", "%s:444444:US:x" % ID_A], "must look like"),
    (["--shortcode", "MANOBODY000000000000:444444"], "--shortcode entry #1: MANOBODY000000000000 is not a configured account"),
    (["--shortcode", "%s:444444" % ID_B], "not a configured account"),  # only ID_A is configured below
    (["--shortcode", "%s:secret-looking-value" % ID_A], "3 to 8 digits"),
    (["--shortcode", "%s:444444:USA" % ID_A], "two-letter"),
    (["--shortcode", "%s:444444" % ID_A, "--shortcode", "%s:444444:CA" % ID_A], "configured twice"),
])
def test_bad_shortcode_flags_are_usage_errors(no_env, capsys, argv, mentions):
    with pytest.raises(SystemExit) as exit_info:
        emulator.parse_args(["--account", "%s:%s" % (ID_A, TOKEN_A)] + argv)
    assert exit_info.value.code == 2
    stderr = capsys.readouterr().err
    assert mentions in stderr
    assert "secret-looking-value" not in stderr and TOKEN_A not in stderr


def test_bad_shortcode_env_var_is_a_usage_error(no_env, capsys):
    no_env.setenv("PLIVO_EMULATOR_SHORTCODES", "%s:444444,oops" % emulator.DEFAULT_AUTH_ID)
    with pytest.raises(SystemExit):
        emulator.parse_args([])
    assert "PLIVO_EMULATOR_SHORTCODES entry #2 must look like" in capsys.readouterr().err


def test_lost_response_help_mentions_pool_adds():
    text = " ".join(emulator.build_parser().format_help().split())
    assert "number pool adds" in text and "--shortcode AUTH_ID:CODE[:COUNTRY]" in text


def test_script_preloads_short_codes(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLIVO_") and "proxy" not in k.lower()}
    env["PLIVO_EMULATOR_SHORTCODES"] = "%s:444444:ca" % emulator.DEFAULT_AUTH_ID
    process = subprocess.Popen([sys.executable, EMULATOR_SCRIPT, "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        ready, _unused, _unused2 = select.select([process.stdout], [], [], 20)
        assert ready, "no URL line"
        url = process.stdout.readline().strip().split("=", 1)[1]
        body = plain_session().get(url + "/_emulator/accounts/%s/numbers" % emulator.DEFAULT_AUTH_ID, timeout=10).json()
        assert body == {"numbers": [], "shortcodes": [{"shortcode": "444444", "country_iso2": "CA", "pool": None, "added_on": None}]}
    finally:
        process.send_signal(signal.SIGTERM)
        _stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0 and stderr == ""
    assert tmp_path.exists()


# ---------------------------------------------------------------------------
# Country of a number
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("number, country", [
    ("14155550100", "US"), ("12125550100", "US"), ("18005550100", "US"),
    ("14165550100", "CA"), ("16045550100", "CA"), ("19025550100", "CA"), ("12045550100", "CA"), ("18675550100", "CA"),
    ("447700900123", "GB"), ("919876543210", "IN"), ("61412345678", "AU"), ("4915123456789", "DE"),
    ("33612345678", "FR"), ("5511912345678", "BR"), ("5215512345678", "MX"), ("6591234567", "SG"),
    ("819012345678", "JP"), ("31612345678", "ZZ"), ("861391234567", "ZZ"),
])
def test_country_of(number, country):
    assert emulator.country_of(number) == country
