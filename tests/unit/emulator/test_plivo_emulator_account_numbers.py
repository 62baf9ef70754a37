# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests for the emulator's GET /v1/Account/{auth_id}/Number/{number}/ (tests/emulator/plivo_emulator.py).

The account's own record of a number it rents, which the collection reads before a pool
write (issue 21). Its shape is plivo-python's tests/resources/fixtures/numberGetResponse.json.
Everything runs in-process against 127.0.0.1.
"""

from __future__ import annotations

import datetime
import re
import time

import pytest
import requests

from ansible_collections.plivo.messaging.tests.unit.emulator.emulator_support import (
    ID_A,
    ID_B,
    TOKEN_A,
    TOKEN_B,
    assert_error,
    emulator,
    is_uuid4,
    plain_session,
)

# plivo-python tests/resources/fixtures/numberGetResponse.json (as of its commit a0cd323, 2026-02).
FIXTURE = {
    "added_on": "2014-02-14", "active": False, "alias": None, "api_id": "88625e5e-1c92-11e4-80aa-12313f048015",
    "application": "/v1/Account/MANWVLYTK4ZWU1YTY4ZT/Application/29986316244302815/", "carrier": "Plivo",
    "monthly_rental_rate": "0.80000", "number": "17609915566", "number_type": "local", "city": "USA",
    "cnam_lookup": "enabled", "compliance_application_id": None, "compliance_status": None, "country": "United States",
    "mms_enabled": False, "mms_rate": "0.00000", "tendlc_campaign_id": None, "tendlc_registration_status": "UNREGISTERED",
    "toll_free_sms_verification": None, "renewal_date": "2014-03-14", "region": "California, UNITED STATES",
    "resource_uri": "/v1/Account/MANWVLYTK4ZWU1YTY4ZT/Number/17609915566/", "sms_enabled": True, "sms_rate": "0.00000",
    "sub_account": None, "voice_enabled": True, "voice_rate": "0.00850",
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RATE_RE = re.compile(r"^\d+\.\d{5}$")
US_LONG, GB_MOBILE, TOLLFREE_NUMBER, OTHER_LONG = "14155550100", "447700900123", "18772209942", "14155550199"
SHORTCODE = "444444"
# Targets the account's number endpoint only: pool paths (.../NumberPool/{p}/Number/{n}/) do not match.
ACCOUNT_NUMBER_PATH = r"^/v1/Account/[^/]+/Number/"


class Client:
    """A Plivo client for one account; paths are relative to /v1/Account/{id}/."""

    def __init__(self, base_url, auth_id=ID_A, token=TOKEN_A):
        self.base_url = base_url
        self.auth_id = auth_id
        self.session = plain_session()
        self.session.auth = (auth_id, token)

    def url(self, path, account=None):
        return "%s/v1/Account/%s/%s" % (self.base_url, account or self.auth_id, path)

    def request(self, method, path, body=None, **kwargs):
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.url(path), json=body, **kwargs)

    def number(self, number):
        return self.request("GET", "Number/%s/" % number)

    def pool(self, name="pp"):
        response = self.request("POST", "Powerpack/", {"name": name})
        assert response.status_code == 200, response.text
        return emulator.pool_uuid_of(response.json())


@pytest.fixture
def emu():
    with emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B}, shortcodes={ID_A: [SHORTCODE]}) as server:
        yield server


@pytest.fixture
def api(emu):
    return Client(emu.url)


@pytest.fixture
def rented(admin):
    """The account rents a long code that is not MMS-enabled, a mobile number and a toll-free number, in no pool."""
    response = admin("POST", "accounts/%s/numbers" % ID_A, json={"numbers": [
        {"number": US_LONG, "mms_enabled": False}, {"number": GB_MOBILE, "type": "mobile", "sms_enabled": False},
        {"number": TOLLFREE_NUMBER}]})
    assert response.status_code == 200, response.text


def assert_date_near_today(text):
    assert DATE_RE.match(text), text
    # A run that crosses midnight UTC may see either day.
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert abs(datetime.date.fromisoformat(text) - today) <= datetime.timedelta(days=1)


# ---------------------------------------------------------------------------
# The answer
# ---------------------------------------------------------------------------

def test_the_answer_has_the_fixture_shape_field_by_field(api, rented):
    del rented
    response = api.number(US_LONG)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == set(FIXTURE)
    assert is_uuid4(body["api_id"])
    assert body["number"] == US_LONG
    assert body["number_type"] == "local"
    assert body["sms_enabled"] is True and body["mms_enabled"] is False
    assert body["voice_enabled"] is True and body["active"] is True
    assert body["resource_uri"] == "/v1/Account/%s/Number/%s/" % (ID_A, US_LONG)
    assert_date_near_today(body["added_on"])
    assert body["renewal_date"] == emulator.next_month(datetime.date.fromisoformat(body["added_on"])).isoformat()
    assert body["country"] == "United States" and body["region"] == "UNITED STATES" and body["city"] == ""
    assert body["carrier"] == "Plivo" and body["cnam_lookup"] == "enabled"
    for key in ("monthly_rental_rate", "sms_rate", "mms_rate", "voice_rate"):
        assert RATE_RE.match(body[key]), key
    assert body["tendlc_registration_status"] == "UNREGISTERED"
    # The emulator keeps no application, alias, compliance, 10DLC or subaccount of a number.
    for key in ("application", "alias", "compliance_application_id", "compliance_status", "tendlc_campaign_id",
                "toll_free_sms_verification", "sub_account"):
        assert body[key] is None, key
    # Every other value has the fixture's JSON type (application may be null: no application).
    for key, value in FIXTURE.items():
        if value is not None and key != "application":
            assert type(body[key]) is type(value), key


@pytest.mark.parametrize("number, number_type, country, sms, mms", [
    (US_LONG, "local", "United States", True, False),
    (GB_MOBILE, "mobile", "United Kingdom", False, True),
    (TOLLFREE_NUMBER, "tollfree", "United States", True, True),
])
def test_number_type_and_capabilities_follow_the_record(api, rented, number, number_type, country, sms, mms):
    del rented
    body = api.number(number).json()
    assert (body["number"], body["number_type"], body["country"]) == (number, number_type, country)
    assert (body["sms_enabled"], body["mms_enabled"]) == (sms, mms)


def test_a_country_outside_the_name_table_shows_its_code(api, admin):
    admin("POST", "accounts/%s/numbers" % ID_A, json={"numbers": [{"number": "31612345678"}]})
    body = api.number("31612345678").json()
    assert (body["country"], body["region"]) == ("ZZ", "ZZ")


@pytest.mark.parametrize("day, renewal", [
    ("2014-02-14", "2014-03-14"), ("2024-01-31", "2024-02-29"), ("2023-01-31", "2023-02-28"),
    ("2024-12-15", "2025-01-15"), ("2024-03-31", "2024-04-30"),
])
def test_renewal_date_is_a_month_later(day, renewal):
    assert emulator.next_month(datetime.date.fromisoformat(day)).isoformat() == renewal


def test_numbers_in_a_pool_and_numbers_rented_through_a_pool_add_are_found(api, rented):
    del rented
    pool = api.pool()
    assert api.request("POST", "NumberPool/%s/Number/%s/" % (pool, US_LONG), {"service": "sms"}).status_code == 200
    assert api.request("POST", "NumberPool/%s/Number/%s/" % (pool, OTHER_LONG), {"rent": True}).status_code == 200
    assert api.request("POST", "NumberPool/%s/Tollfree/18005550100/" % pool, {"rent": "true"}).status_code == 200
    assert api.number(US_LONG).json()["mms_enabled"] is False
    for number, number_type in ((OTHER_LONG, "local"), ("18005550100", "tollfree")):
        body = api.number(number).json()
        assert (body["number_type"], body["sms_enabled"], body["mms_enabled"]) == (number_type, True, True)
    # Unrented through the pool: no longer the account's.
    response = api.request("DELETE", "NumberPool/%s/Number/%s/" % (pool, OTHER_LONG), {"unrent": True})
    assert response.status_code == 200
    assert_error(api.number(OTHER_LONG), 404)


def test_trailing_slash_is_optional_and_query_parameters_are_ignored(api, rented):
    del rented
    for path in ("Number/%s" % US_LONG, "Number/%s/" % US_LONG, "Number/%s/?number_type=tollfree&x=1" % US_LONG):
        response = api.request("GET", path)
        assert response.status_code == 200 and response.json()["number"] == US_LONG, path


# ---------------------------------------------------------------------------
# Not found, isolation, methods
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("segment", [
    OTHER_LONG,                 # rented by nobody
    US_LONG,                    # rented by the other account (see below)
    SHORTCODE,                  # a short code the account owns is not a number it rents
    "abc", "1415555010a", "+" + OTHER_LONG, "%2B" + OTHER_LONG, "14155550100.json", " ", "-1",
])
def test_what_the_account_does_not_rent_is_404_not_found(api, admin, segment):
    admin("POST", "accounts/%s/numbers" % ID_B, json={"numbers": [{"number": US_LONG}]})
    body = assert_error(api.number(segment), 404)
    assert body["error"] == "not found"


def test_a_short_code_in_a_pool_is_still_404(api, admin):
    pool = api.pool("with-a-short-code")
    admin("POST", "accounts/%s/shortcodes/%s/link" % (ID_A, SHORTCODE), json={"powerpack": "with-a-short-code"})
    assert api.request("GET", "NumberPool/%s/Shortcode/%s/" % (pool, SHORTCODE)).status_code == 200
    assert_error(api.number(SHORTCODE), 404, "not found")


def test_another_accounts_number_through_its_path_is_403_and_credentials_are_needed(emu, api, rented):
    del rented
    other = Client(emu.url, ID_B, TOKEN_B)
    # B's credentials on A's path: refused as on every route, before anything is looked up.
    response = other.session.get(other.url("Number/%s/" % US_LONG, account=ID_A), timeout=10)
    assert_error(response, 403)
    assert_error(other.number(US_LONG), 404, "not found")
    response = plain_session().get(api.url("Number/%s/" % US_LONG), timeout=10)
    assert response.status_code == 401
    assert response.json() == {"error": "authentication credentials were not provided"}
    assert_error(Client(emu.url, ID_A, "wrong-token").number(US_LONG), 401, "authentication failed")


@pytest.mark.parametrize("method", ["POST", "DELETE", "PUT", "PATCH"])
def test_only_get_is_served_and_other_methods_change_nothing(api, admin, rented, method):
    del rented
    before = admin("GET", "accounts/%s/numbers" % ID_A).json()
    response = api.request(method, "Number/%s/" % US_LONG, {"alias": "x"})
    assert_error(response, 405)
    assert response.headers["Allow"] == "GET"
    assert admin("GET", "accounts/%s/numbers" % ID_A).json() == before


# ---------------------------------------------------------------------------
# Request log, faults, hostile modes
# ---------------------------------------------------------------------------

def test_requests_are_logged(emu, api, rented):
    del rented
    api.request("GET", "Number/%s/?x=1" % US_LONG)
    api.number(OTHER_LONG)
    first, second = emu.requests_log[-2:]
    assert (first["account"], first["method"], first["status"], first["query"]) == (ID_A, "GET", 200, {"x": "1"})
    assert first["path"] == "/v1/Account/%s/Number/%s/" % (ID_A, US_LONG)
    assert (second["status"], second["fault"]) == (404, None)


def test_status_faults_and_the_rate_limit_apply(emu, api, rented):
    del rented
    emu.faults.update({"fault_rate": 1, "fault_statuses": [503]})
    response = api.number(US_LONG)
    assert_error(response, 503, "service unavailable")
    assert response.headers["Retry-After"] == "1"
    assert emu.requests_log[-1]["fault"] == "status"
    emu.faults.update({"fault_statuses": [502]})
    assert api.number(US_LONG).headers["Content-Type"] == "text/html; charset=utf-8"
    emu.faults.reset()
    emu.faults.update({"rate_limit": "1/60"})
    assert api.number(US_LONG).status_code == 200
    response = api.number(US_LONG)
    assert_error(response, 429, "too many requests")
    assert emu.requests_log[-1]["fault"] == "rate_limit"


def test_drops_and_latency_apply_and_a_lost_response_never_does(emu, api, rented):
    del rented
    emu.faults.update({"drop_rate": 1})
    with pytest.raises(requests.ConnectionError):
        api.number(US_LONG)
    assert emu.requests_log[-1]["fault"] == "drop"
    emu.faults.reset()
    # A GET makes nothing: lost_response only hits creates.
    emu.faults.update({"lost_response_rate": 1, "latency_ms": 300})
    started = time.time()
    assert api.number(US_LONG).status_code == 200
    assert time.time() - started >= 0.3
    assert emu.requests_log[-1]["fault"] is None


def test_the_endpoint_has_a_name_for_the_hostile_modes():
    path = "/v1/Account/%s/Number/%s/" % (ID_A, US_LONG)
    assert emulator._endpoint("GET", path) == ("account_number", None)  # pylint: disable=protected-access
    assert emulator._endpoint("GET", path.rstrip("/")) == ("account_number", None)  # pylint: disable=protected-access
    assert emulator._endpoint("DELETE", path) == (None, None)  # pylint: disable=protected-access
    pool_path = "/v1/Account/%s/NumberPool/%s/Number/%s/" % (ID_A, "0" * 8, US_LONG)
    assert emulator._endpoint("GET", pool_path) == ("pool_item", "Number")  # pylint: disable=protected-access


@pytest.mark.parametrize("shape", ["empty_200", "not_json", "json_list_body"])
def test_a_hostile_path_filter_targets_it_alone(emu, api, rented, shape):
    del rented
    pool = api.pool()
    api.request("POST", "NumberPool/%s/Number/%s/" % (pool, US_LONG))
    emu.hostile.set({"mode": "malformed", "shape": shape, "path": ACCOUNT_NUMBER_PATH})
    response = api.number(US_LONG)
    assert response.status_code == 200
    if shape == "json_list_body":
        [body] = response.json()
        assert body["number"] == US_LONG
    else:
        with pytest.raises(ValueError):
            response.json()
    assert emu.requests_log[-1]["fault"] == "hostile"
    # The pool's own read of the number, and the powerpack list, are left alone.
    assert api.request("GET", "NumberPool/%s/Number/%s/" % (pool, US_LONG)).json()["number"] == US_LONG
    assert api.request("GET", "Powerpack/").json()["meta"]["total_count"] == 1
    # Errors are left alone too.
    assert_error(api.number(OTHER_LONG), 404, "not found")


def test_hostile_modes_that_answer_instead_apply(emu, api, rented):
    del rented
    emu.hostile.set({"mode": "junk_retry_after", "value": "soon", "path": ACCOUNT_NUMBER_PATH, "times": 1})
    response = api.number(US_LONG)
    assert_error(response, 429, "too many requests")
    assert response.headers["Retry-After"] == "soon"
    assert api.number(US_LONG).status_code == 200
    emu.hostile.set({"mode": "echo_credentials", "path": ACCOUNT_NUMBER_PATH})
    assert "Authorization: Basic" in assert_error(api.number(US_LONG), 500)["error"]
    emu.hostile.set({"mode": "endless_page"})
    # Not a list: left alone.
    assert api.number(US_LONG).json()["number"] == US_LONG
    emu.hostile.set({"mode": "control_chars"})
    assert assert_error(api.number(OTHER_LONG), 404)["error"].startswith("not found\x1b[8m")


def test_the_view_on_the_fixtures_day_matches_the_fixtures_dates_and_keys():
    record = emulator.new_number_record("17609915566", "fixed", "US", mms_enabled=False)
    view = emulator.account_number_view("MANWVLYTK4ZWU1YTY4ZT", record, today=datetime.date(2014, 2, 14))
    assert sorted(view) == sorted(FIXTURE)
    same = ("added_on", "renewal_date", "number", "number_type", "resource_uri", "sms_enabled", "mms_enabled",
            "carrier", "country", "monthly_rental_rate", "sms_rate", "mms_rate", "voice_rate", "voice_enabled")
    assert {key: view[key] for key in same} == {key: FIXTURE[key] for key in same}
