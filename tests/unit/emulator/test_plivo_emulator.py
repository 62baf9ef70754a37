# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests for tests/emulator/plivo_emulator.py, the local Plivo Powerpack API emulator.

Most tests run the emulator in-process (EmulatorServer); a few start the script as a
subprocess to cover the command line: the URL line, SIGTERM, wrapper mode, state file.
Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
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

SECRETS = (TOKEN_A, TOKEN_B, emulator.DEFAULT_AUTH_TOKEN)

CREATED_ON_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
FULL_KEYS = {"api_id", "application_id", "application_type", "created_on", "local_connect", "name",
             "number_pool", "number_priority", "sticky_sender", "uuid"}
LIST_KEYS = FULL_KEYS - {"api_id", "number_priority"}

US_SMS = {"country_iso": "US", "service_type": "SMS",
          "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}


class Client:
    """Tiny Plivo client bound to one account; paths are relative to /v1/Account/{id}/."""

    def __init__(self, base_url, auth_id, token):
        self.base_url = base_url
        self.auth_id = auth_id
        self.session = requests.Session()
        self.session.trust_env = False  # never route 127.0.0.1 through a proxy
        self.session.auth = (auth_id, token)

    def url(self, path, account=None):
        return "%s/v1/Account/%s/%s" % (self.base_url, account or self.auth_id, path)

    def get(self, path, **kwargs):
        return self.session.get(self.url(path), timeout=10, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.session.post(self.url(path), json=body, timeout=10, **kwargs)

    def delete(self, path, body=None, **kwargs):
        return self.session.delete(self.url(path), json=body, timeout=10, **kwargs)

    def create(self, **fields):
        response = self.post("Powerpack/", fields)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def emu():
    with emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B}) as server:
        yield server


@pytest.fixture
def api_a(emu):
    return Client(emu.url, ID_A, TOKEN_A)


@pytest.fixture
def api_b(emu):
    return Client(emu.url, ID_B, TOKEN_B)


def seed(admin, account, count, prefix="pp"):
    response = admin("POST", "accounts/%s/powerpacks" % account,
                     json={"powerpacks": [{"name": "%s-%02d" % (prefix, i)} for i in range(count)]})
    assert response.status_code == 200, response.text
    return response.json()["objects"]


# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------

def test_missing_credentials_is_401_without_api_id(emu):
    response = plain_session().get(emu.url + "/v1/Account/%s/Powerpack/" % ID_A, timeout=10)
    assert response.status_code == 401
    assert response.json() == {"error": "authentication credentials were not provided"}
    # Clients must authenticate up front: no challenge is sent.
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize("auth_id, token", [
    (ID_A, "wrong-token"),
    ("MAUNKNOWN00000000000", TOKEN_A),
    (ID_A, TOKEN_B),
    (ID_A, ""),
])
def test_wrong_credentials_are_401(emu, auth_id, token):
    response = Client(emu.url, auth_id, token).get("Powerpack/")
    assert_error(response, 401, "authentication failed")


@pytest.mark.parametrize("header", ["Bearer abc", "Basic !!!not-base64!!!", "Basic " + base64.b64encode(b"no-colon").decode()])
def test_malformed_authorization_header_is_401(emu, header):
    response = plain_session().get(emu.url + "/v1/Account/%s/Powerpack/" % ID_A, headers={"Authorization": header}, timeout=10)
    assert_error(response, 401)


def test_path_of_another_account_is_403(emu, api_a, api_b):
    created = api_b.create(name="b-only")
    for response in (
        api_a.session.get(api_a.url("Powerpack/", account=ID_B), timeout=10),
        api_a.session.post(api_a.url("Powerpack/", account=ID_B), json={"name": "sneaky"}, timeout=10),
        api_a.session.delete(api_a.url("Powerpack/%s/" % created["uuid"], account=ID_B), timeout=10),
    ):
        assert_error(response, 403)
    assert api_b.get("Powerpack/%s/" % created["uuid"]).status_code == 200


def test_default_account_when_none_configured():
    with emulator.EmulatorServer() as server:
        client = Client(server.url, "MAEMULATOR0000000000", "emulator-secret-token")
        assert client.get("Powerpack/").status_code == 200
        assert server.account_ids == ["MAEMULATOR0000000000"]


# ---------------------------------------------------------------------------
# Create
# ---------------------------------------------------------------------------

def test_create_applies_defaults_and_returns_full_object(api_a):
    body = api_a.create(name="defaults")
    assert set(body) == FULL_KEYS
    assert body["name"] == "defaults"
    assert body["sticky_sender"] is True
    assert body["local_connect"] is True
    assert body["application_id"] == ""
    assert body["application_type"] == ""
    assert body["number_priority"] == []
    assert CREATED_ON_RE.match(body["created_on"])
    assert is_uuid4(body["uuid"]) and is_uuid4(body["api_id"])
    pool = body["number_pool"].split("/")
    assert body["number_pool"] == "/v1/Account/%s/NumberPool/%s/" % (ID_A, pool[5])
    assert is_uuid4(pool[5])


def test_every_response_gets_a_fresh_api_id(api_a):
    created = api_a.create(name="ids")
    first = api_a.get("Powerpack/%s/" % created["uuid"]).json()
    second = api_a.get("Powerpack/%s/" % created["uuid"]).json()
    assert len({created["api_id"], first["api_id"], second["api_id"]}) == 3
    assert {k: v for k, v in first.items() if k != "api_id"} == {k: v for k, v in created.items() if k != "api_id"}


def test_create_stores_given_fields(api_a):
    mms = {"country_iso": "ca", "service_type": "mms",
           "priority": {"priority1": "longcode", "priority2": "shortcode", "priority3": "tollfree"}}
    body = api_a.create(name="full", sticky_sender=False, local_connect=False, number_priority=[US_SMS, mms])
    assert body["sticky_sender"] is False and body["local_connect"] is False
    # Order kept; codes upper-cased like the real API echoes them.
    assert body["number_priority"] == [US_SMS, dict(mms, country_iso="CA", service_type="MMS")]


@pytest.mark.parametrize("sent, echoed", [("xml", "XML"), ("phlo", "PHLO"), ("XML", "XML"), ("Phlo", "PHLO")])
def test_application_type_is_echoed_upper_case(api_a, sent, echoed):
    body = api_a.create(name="app-" + sent, application_id="12345678901234567", application_type=sent)
    assert body["application_id"] == "12345678901234567"
    assert body["application_type"] == echoed


def test_application_id_none_means_no_application(api_a):
    body = api_a.create(name="no-app", application_id="none")
    assert body["application_id"] == "" and body["application_type"] == ""


def test_same_country_with_sms_and_mms_is_allowed(api_a):
    body = api_a.create(name="both", number_priority=[US_SMS, dict(US_SMS, service_type="MMS")])
    assert [entry["service_type"] for entry in body["number_priority"]] == ["SMS", "MMS"]


def test_names_are_unique_per_account_and_compared_exactly(api_a, api_b):
    api_a.create(name="shared")
    assert_error(api_a.post("Powerpack/", {"name": "shared"}), 400, "already exists")
    api_a.create(name="Shared")    # different case is a different name
    api_a.create(name="shared ")   # so is a trailing space
    api_b.create(name="shared")    # another account has its own namespace
    assert api_a.get("Powerpack/").json()["meta"]["total_count"] == 3


BAD_CREATE_BODIES = [
    ({}, "name"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": None}, "name"),
    ({"name": 42}, "name"),
    ({"name": "x", "sticky_sender": "true"}, "sticky_sender"),
    ({"name": "x", "local_connect": 1}, "local_connect"),
    ({"name": "x", "colour": "blue"}, "colour"),
    ({"name": "x", "application_id": 123, "application_type": "xml"}, "application_id"),
    ({"name": "x", "application_id": "", "application_type": "xml"}, "application_id"),
    ({"name": "x", "application_id": "123"}, "application_type"),
    ({"name": "x", "application_id": "123", "application_type": "voice"}, "application_type"),
    ({"name": "x", "application_type": "xml"}, "application_type"),
    ({"name": "x", "number_priority": None}, "number_priority"),
    ({"name": "x", "number_priority": US_SMS}, "number_priority"),
    ({"name": "x", "number_priority": ["US"]}, "number_priority[0]"),
    ({"name": "x", "number_priority": [dict(US_SMS, service_type="VOICE")]}, "service_type"),
    ({"name": "x", "number_priority": [dict(US_SMS, country_iso="USA")]}, "country_iso"),
    ({"name": "x", "number_priority": [dict(US_SMS, country_iso="1A")]}, "country_iso"),
    ({"name": "x", "number_priority": [{"country_iso": "US", "service_type": "SMS"}]}, "priority"),
    ({"name": "x", "number_priority": [dict(US_SMS, extra=1)]}, "extra"),
    ({"name": "x", "number_priority": [dict(US_SMS, priority={"priority1": "shortcode", "priority2": "shortcode",
                                                              "priority3": "longcode"})]}, "exactly once"),
    ({"name": "x", "number_priority": [dict(US_SMS, priority={"priority1": "shortcode", "priority2": "tollfree"})]}, "priority3"),
    ({"name": "x", "number_priority": [US_SMS, dict(US_SMS, country_iso="us")]}, "number_priority[1]"),
    ([{"name": "x"}], "JSON object"),
]


@pytest.mark.parametrize("body, mentions", BAD_CREATE_BODIES)
def test_invalid_create_bodies_are_400(api_a, body, mentions):
    assert_error(api_a.post("Powerpack/", body), 400, mentions)
    assert api_a.get("Powerpack/").json()["meta"]["total_count"] == 0


def test_invalid_json_body_is_400(api_a):
    response = api_a.session.post(api_a.url("Powerpack/"), data=b"{not json", timeout=10,
                                  headers={"Content-Type": "application/json"})
    assert_error(response, 400, "JSON")


# ---------------------------------------------------------------------------
# Routing, 404, 405
# ---------------------------------------------------------------------------

def test_unknown_uuid_is_404_not_found(api_a):
    missing = "Powerpack/%s/" % uuid.uuid4()
    for response in (api_a.get(missing), api_a.post(missing, {"name": "y"}), api_a.delete(missing)):
        assert_error(response, 404)
        assert response.json()["error"] == "not found"


def test_unknown_route_is_404(api_a, emu):
    assert_error(api_a.get("NotAThing/"), 404)
    assert_error(plain_session().get(emu.url + "/nothing-here", timeout=10), 404)


def test_wrong_method_is_405(api_a):
    created = api_a.create(name="m")
    response = api_a.session.put(api_a.url("Powerpack/%s/" % created["uuid"]), json={}, timeout=10)
    assert_error(response, 405)
    assert response.headers["Allow"] == "DELETE, GET, POST"
    assert_error(api_a.delete("Powerpack/"), 405)
    head = api_a.session.head(api_a.url("Powerpack/"), timeout=10)
    assert head.status_code == 405 and head.content == b""


def test_paths_work_with_and_without_trailing_slash(api_a):
    created = api_a.post("Powerpack", {"name": "no-slash"}).json()
    assert api_a.get("Powerpack").status_code == 200
    assert api_a.get("Powerpack/%s" % created["uuid"]).json()["name"] == "no-slash"
    assert api_a.post("Powerpack/%s" % created["uuid"], {"sticky_sender": False}).json()["sticky_sender"] is False
    assert api_a.delete("Powerpack/%s" % created["uuid"]).status_code == 200


# ---------------------------------------------------------------------------
# Update
# ---------------------------------------------------------------------------

def test_update_changes_only_given_fields(api_a):
    created = api_a.create(name="orig", application_id="42", application_type="phlo", number_priority=[US_SMS])
    response = api_a.post("Powerpack/%s/" % created["uuid"], {"sticky_sender": False})
    assert response.status_code == 200
    updated = response.json()
    assert set(updated) == FULL_KEYS
    assert updated["sticky_sender"] is False
    for key in ("name", "local_connect", "application_id", "application_type", "number_priority",
                "uuid", "created_on", "number_pool"):
        assert updated[key] == created[key], key
    assert api_a.get("Powerpack/%s/" % created["uuid"]).json()["sticky_sender"] is False


def test_update_replaces_number_priority_and_application(api_a):
    created = api_a.create(name="np", number_priority=[US_SMS, dict(US_SMS, country_iso="CA")],
                           application_id="42", application_type="xml")
    gb = dict(US_SMS, country_iso="GB")
    updated = api_a.post("Powerpack/%s/" % created["uuid"], {"number_priority": [gb], "application_id": "none"}).json()
    assert updated["number_priority"] == [gb]
    assert updated["application_id"] == "" and updated["application_type"] == ""
    cleared = api_a.post("Powerpack/%s/" % created["uuid"], {"number_priority": []}).json()
    assert cleared["number_priority"] == []


def test_update_name_uniqueness_excludes_itself(api_a):
    first = api_a.create(name="first")
    api_a.create(name="second")
    assert api_a.post("Powerpack/%s/" % first["uuid"], {"name": "first"}).status_code == 200
    assert_error(api_a.post("Powerpack/%s/" % first["uuid"], {"name": "second"}), 400, "already exists")
    assert api_a.post("Powerpack/%s/" % first["uuid"], {"name": "renamed"}).json()["name"] == "renamed"


@pytest.mark.parametrize("body", [
    {"name": ""},
    {"local_connect": "no"},
    {"application_id": "42"},
    {"uuid": "abc"},
    {"number_priority": [dict(US_SMS, service_type="fax")]},
])
def test_invalid_updates_are_400_and_change_nothing(api_a, body):
    created = api_a.create(name="keep")
    assert_error(api_a.post("Powerpack/%s/" % created["uuid"], body), 400)
    after = api_a.get("Powerpack/%s/" % created["uuid"]).json()
    assert {k: v for k, v in after.items() if k != "api_id"} == {k: v for k, v in created.items() if k != "api_id"}


# ---------------------------------------------------------------------------
# Delete
# ---------------------------------------------------------------------------

def test_delete_answers_200_success_by_default(api_a):
    # plivo-go fixtures/powerpackDeleteResponse.json, plivo-ruby spec/mocks/powerpackDelete.json
    created = api_a.create(name="doomed")
    response = api_a.delete("Powerpack/%s/" % created["uuid"], {"unrent_numbers": False})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"api_id", "response"} and body["response"] == "success" and is_uuid4(body["api_id"])
    assert_error(api_a.get("Powerpack/%s/" % created["uuid"]), 404)
    assert_error(api_a.delete("Powerpack/%s/" % created["uuid"]), 404)


def test_delete_without_body_and_with_unrent(api_a):
    first, second = api_a.create(name="a"), api_a.create(name="b")
    assert api_a.session.delete(api_a.url("Powerpack/%s/" % first["uuid"]), timeout=10).status_code == 200
    assert api_a.delete("Powerpack/%s/" % second["uuid"], {"unrent_numbers": True}).status_code == 200


# unrent_numbers must be a JSON boolean: the string is a 400, as the API answers it.
@pytest.mark.parametrize("body", [{"unrent_numbers": "yes"}, {"unrent_numbers": "true"}, {"unrent_numbers": "false"},
                                  {"unrent_numbers": 1}, {"unrent_numbers": None}, {"unrent": True}, ["x"]])
def test_delete_with_bad_body_is_400(api_a, body):
    created = api_a.create(name="stays")
    assert_error(api_a.delete("Powerpack/%s/" % created["uuid"], body), 400)
    assert api_a.get("Powerpack/%s/" % created["uuid"]).status_code == 200


@pytest.mark.parametrize("kwargs", [{"delete_status": 204}, {"readings": {"delete_status": 204}}])
def test_delete_status_204_style(kwargs):
    with emulator.EmulatorServer({ID_A: TOKEN_A}, **kwargs) as server:
        assert server.delete_status == 204
        client = Client(server.url, ID_A, TOKEN_A)
        created = client.create(name="gone")
        response = client.delete("Powerpack/%s/" % created["uuid"], {"unrent_numbers": False})
        assert response.status_code == 204
        assert response.content == b""
        assert_error(client.get("Powerpack/%s/" % created["uuid"]), 404)


def test_delete_status_argument_wins_over_the_reading():
    with emulator.EmulatorServer({ID_A: TOKEN_A}, delete_status=200, readings={"delete_status": 204}) as server:
        assert server.delete_status == 200 and server.readings.settings()["delete_status"] == 200


@pytest.mark.parametrize("kwargs", [{"delete_status": 202}, {"readings": {"delete_status": 202}},
                                    {"readings": {"delete_status": True}}])
def test_delete_status_must_be_200_or_204(kwargs):
    with pytest.raises(ValueError):
        emulator.EmulatorServer(**kwargs)


# ---------------------------------------------------------------------------
# List and pagination
# ---------------------------------------------------------------------------

def next_link(offset, limit=20, account=ID_A):
    return "/api/v1/account/%s/Powerpack?offset=%d&limit=%d" % (account, offset, limit)


def test_pagination_over_45_powerpacks(api_a, admin):
    seeded = seed(admin, ID_A, 45)
    expected_names = [p["name"] for p in seeded]

    page1 = api_a.get("Powerpack/").json()
    assert is_uuid4(page1["api_id"])
    assert page1["meta"] == {"limit": 20, "offset": 0, "total_count": 45, "next": next_link(20), "previous": None}
    page2 = api_a.get("Powerpack/", params={"limit": 20, "offset": 20}).json()
    assert page2["meta"] == {"limit": 20, "offset": 20, "total_count": 45, "next": next_link(40), "previous": next_link(0)}
    page3 = api_a.get("Powerpack/", params={"offset": 40}).json()
    assert page3["meta"] == {"limit": 20, "offset": 40, "total_count": 45, "next": None, "previous": next_link(20)}
    assert [len(p["objects"]) for p in (page1, page2, page3)] == [20, 20, 5]
    # Creation order, no duplicates, nothing missing.
    assert [o["name"] for p in (page1, page2, page3) for o in p["objects"]] == expected_names


def test_pagination_with_small_limit_and_offset_past_end(api_a, admin):
    seed(admin, ID_A, 5)
    page = api_a.get("Powerpack/", params={"limit": 2, "offset": 3}).json()
    assert [o["name"] for o in page["objects"]] == ["pp-03", "pp-04"]
    assert page["meta"]["next"] is None
    assert page["meta"]["previous"] == next_link(1, limit=2)
    past = api_a.get("Powerpack/", params={"offset": 50}).json()
    assert past["objects"] == [] and past["meta"]["total_count"] == 5 and past["meta"]["next"] is None


@pytest.mark.parametrize("params", [
    {"limit": 21}, {"limit": 0}, {"limit": -1}, {"limit": "abc"}, {"limit": ""}, {"limit": "2.5"},
    {"offset": -1}, {"offset": "x"},
])
def test_bad_limit_or_offset_is_400(api_a, params):
    assert_error(api_a.get("Powerpack/", params=params), 400, next(iter(params)))


def test_list_objects_lack_number_priority_and_api_id(api_a):
    api_a.create(name="with-np", number_priority=[US_SMS])
    objects = api_a.get("Powerpack/").json()["objects"]
    assert len(objects) == 1
    assert set(objects[0]) == LIST_KEYS


def test_empty_list(api_a):
    body = api_a.get("Powerpack/").json()
    assert body["objects"] == []
    assert body["meta"] == {"limit": 20, "offset": 0, "total_count": 0, "next": None, "previous": None}


# ---------------------------------------------------------------------------
# Account isolation
# ---------------------------------------------------------------------------

def test_accounts_are_isolated(api_a, api_b):
    mine = api_a.create(name="mine")
    assert api_b.get("Powerpack/").json()["objects"] == []
    assert_error(api_b.get("Powerpack/%s/" % mine["uuid"]), 404)
    assert_error(api_b.delete("Powerpack/%s/" % mine["uuid"]), 404)
    theirs = api_b.create(name="mine")
    assert theirs["number_pool"].startswith("/v1/Account/%s/NumberPool/" % ID_B)
    assert [o["uuid"] for o in api_a.get("Powerpack/").json()["objects"]] == [mine["uuid"]]


# ---------------------------------------------------------------------------
# Request log
# ---------------------------------------------------------------------------

def test_request_log_records_api_calls(emu, api_a, admin):
    created = api_a.create(name="logged", number_priority=[US_SMS])
    api_a.get("Powerpack/", params={"limit": 5, "offset": 0})
    api_a.get("Powerpack/%s/" % uuid.uuid4())
    plain_session().get(emu.url + "/v1/Account/%s/Powerpack/" % ID_A, timeout=10)
    admin("GET", "health")  # admin calls are not logged

    log = emu.requests_log
    assert [e["seq"] for e in log] == [1, 2, 3, 4]
    assert all(set(e) == {"seq", "time", "sent", "account", "client", "method", "path", "query", "body", "status",
                          "fault", "retry_after"} for e in log)
    assert all(e["fault"] is None and e["retry_after"] is None for e in log)
    assert all(e["client"].startswith("python-requests/") for e in log)
    assert log[0]["account"] == ID_A and log[0]["method"] == "POST" and log[0]["status"] == 200
    assert log[0]["path"] == "/v1/Account/%s/Powerpack/" % ID_A
    assert log[0]["body"] == {"name": "logged", "number_priority": [US_SMS]}
    assert log[1]["method"] == "GET" and log[1]["query"] == {"limit": "5", "offset": "0"} and log[1]["body"] is None
    assert log[2]["status"] == 404
    assert log[3]["account"] is None and log[3]["status"] == 401
    assert all(isinstance(e["time"], float) and e["time"] <= e["sent"] for e in log)
    assert admin("GET", "requests").json() == {"requests": log}
    assert created["uuid"]


def test_request_log_never_holds_credentials(emu, api_a, api_b, admin):
    api_a.create(name="secretless")
    api_b.get("Powerpack/")
    Client(emu.url, ID_A, "wrong-" + TOKEN_A).get("Powerpack/")
    swapped = Client(emu.url, TOKEN_A, TOKEN_A)  # token sent in the user-name slot too
    swapped.session.get(swapped.url("Powerpack/", account=ID_A), timeout=10)
    dumped = json.dumps(admin("GET", "requests").json()) + json.dumps(admin("GET", "state").json())
    for secret in SECRETS:
        assert secret not in dumped
    assert "Basic " not in dumped and "uthorization" not in dumped
    assert base64.b64encode(("%s:%s" % (ID_A, TOKEN_A)).encode()).decode() not in dumped


def test_request_log_filters_and_clear(emu, api_a, api_b, admin):
    api_a.get("Powerpack/")
    api_b.get("Powerpack/")
    api_a.get("Powerpack/")
    only_a = admin("GET", "requests", params={"account": ID_A}).json()["requests"]
    assert [e["seq"] for e in only_a] == [1, 3]
    assert [e["seq"] for e in admin("GET", "requests", params={"since": 1}).json()["requests"]] == [2, 3]
    assert [e["seq"] for e in admin("GET", "requests", params={"since": 1, "account": ID_B}).json()["requests"]] == [2]
    assert_error(admin("GET", "requests", params={"since": "soon"}), 400)

    cleared = admin("DELETE", "requests")
    assert cleared.status_code == 204 and cleared.content == b""
    assert emu.requests_log == []
    api_a.get("Powerpack/")
    # seq keeps counting after a clear, so "since" bookmarks stay valid.
    assert [e["seq"] for e in emu.requests_log] == [4]


# ---------------------------------------------------------------------------
# Admin endpoints
# ---------------------------------------------------------------------------

def test_admin_health(admin):
    response = admin("GET", "health")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_admin_reset_everything(emu, api_a, api_b, admin):
    api_a.create(name="a1")
    api_b.create(name="b1")
    assert admin("POST", "reset").status_code == 204
    assert emu.requests_log == []
    assert api_a.get("Powerpack/").json()["objects"] == []
    assert api_b.get("Powerpack/").json()["objects"] == []


def test_admin_reset_one_account(emu, api_a, api_b, admin):
    api_a.create(name="a1")
    api_b.create(name="b1")
    assert admin("POST", "reset", json={"account": ID_A}).status_code == 204
    # That account's powerpacks and log entries go; the other account keeps both.
    assert [(e["seq"], e["account"]) for e in emu.requests_log] == [(2, ID_B)]
    assert api_a.get("Powerpack/").json()["objects"] == []
    assert [o["name"] for o in api_b.get("Powerpack/").json()["objects"]] == ["b1"]
    assert_error(admin("POST", "reset", json={"account": "MANOBODY000000000000"}), 404)
    assert_error(admin("POST", "reset", json={"acount": ID_A}), 400)


def test_admin_seed_returns_full_objects_and_is_not_logged(emu, api_a, admin):
    response = admin("POST", "accounts/%s/powerpacks" % ID_A, json={"powerpacks": [
        {"name": "s1"},
        {"name": "s2", "sticky_sender": False, "application_id": "7", "application_type": "xml", "number_priority": [US_SMS]},
    ]})
    assert response.status_code == 200
    objects = response.json()["objects"]
    assert [set(o) for o in objects] == [FULL_KEYS, FULL_KEYS]
    assert objects[1]["application_type"] == "XML" and objects[1]["number_priority"] == [US_SMS]
    assert objects[0]["sticky_sender"] is True and objects[0]["number_priority"] == []
    assert emu.requests_log == []
    assert api_a.get("Powerpack/%s/" % objects[1]["uuid"]).json()["sticky_sender"] is False


@pytest.mark.parametrize("body, mentions", [
    ({"powerpacks": [{"name": "ok"}, {"name": ""}]}, "powerpacks[1]"),
    ({"powerpacks": [{"name": "twin"}, {"name": "twin"}]}, "already exists"),
    ({"powerpacks": {"name": "x"}}, "powerpacks"),
    ({"objects": []}, "powerpacks"),
])
def test_admin_seed_validates_all_or_nothing(api_a, admin, body, mentions):
    assert_error(admin("POST", "accounts/%s/powerpacks" % ID_A, json=body), 400, mentions)
    assert api_a.get("Powerpack/").json()["meta"]["total_count"] == 0


def test_admin_seed_rejects_existing_name_and_unknown_account(api_a, admin):
    api_a.create(name="taken")
    assert_error(admin("POST", "accounts/%s/powerpacks" % ID_A, json={"powerpacks": [{"name": "taken"}]}), 400)
    assert_error(admin("POST", "accounts/MANOBODY000000000000/powerpacks", json={"powerpacks": []}), 404)


def test_admin_state_dump(api_a, admin):
    created = api_a.create(name="dumped", number_priority=[US_SMS])
    state = admin("GET", "state").json()
    assert set(state["accounts"]) == {ID_A, ID_B}
    assert state["accounts"][ID_B] == {"powerpacks": []}
    [record] = state["accounts"][ID_A]["powerpacks"]
    assert record == {k: v for k, v in created.items() if k != "api_id"}


def test_admin_unknown_route_and_wrong_method(admin):
    assert_error(admin("GET", "nope"), 404)
    assert_error(admin("POST", "health"), 405)


# ---------------------------------------------------------------------------
# Concurrency and persistence
# ---------------------------------------------------------------------------

def test_concurrent_creates_keep_names_unique(emu):
    results = []

    def create(name):
        results.append(Client(emu.url, ID_A, TOKEN_A).post("Powerpack/", {"name": name}).status_code)

    threads = [threading.Thread(target=create, args=("same" if i % 2 else "n%d" % i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [200] * 11 + [400] * 9
    assert Client(emu.url, ID_A, TOKEN_A).get("Powerpack/").json()["meta"]["total_count"] == 11


def test_state_file_survives_restart(tmp_path):
    state_file = tmp_path / "state.json"
    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=str(state_file)) as server:
        client = Client(server.url, ID_A, TOKEN_A)
        kept = client.create(name="kept", number_priority=[US_SMS])
        gone = client.create(name="gone")
        client.post("Powerpack/%s/" % kept["uuid"], {"local_connect": False})
        client.delete("Powerpack/%s/" % gone["uuid"])
        client.create(name="later")
    text = state_file.read_text()
    assert TOKEN_A not in text
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temp files left behind

    with emulator.EmulatorServer({ID_A: TOKEN_A}, state_file=str(state_file)) as server:
        client = Client(server.url, ID_A, TOKEN_A)
        assert [o["name"] for o in client.get("Powerpack/").json()["objects"]] == ["kept", "later"]
        again = client.get("Powerpack/%s/" % kept["uuid"]).json()
        assert again["local_connect"] is False and again["number_priority"] == [US_SMS]
        assert again["created_on"] == kept["created_on"] and again["number_pool"] == kept["number_pool"]
        assert_error(client.post("Powerpack/", {"name": "kept"}), 400, "already exists")
        assert server.requests_log[0]["seq"] == 1  # the log is not persisted


def test_unreadable_state_file_is_an_error(tmp_path):
    state_file = tmp_path / "broken.json"
    state_file.write_text("{not json")
    with pytest.raises(ValueError, match="state file"):
        emulator.EmulatorServer(state_file=str(state_file))


# ---------------------------------------------------------------------------
# Command line (subprocess)
# ---------------------------------------------------------------------------

def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLIVO_") and "proxy" not in k.lower()}
    env.update(extra)
    return env


def start_script(*args, env=None):
    process = subprocess.Popen([sys.executable, EMULATOR_SCRIPT, "--port", "0"] + list(args),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env or clean_env())
    ready, _unused, _unused2 = select.select([process.stdout], [], [], 20)
    if not ready:
        process.kill()
        pytest.fail("emulator printed no URL line: %s" % process.communicate()[1])
    line = process.stdout.readline()
    match = re.fullmatch(r"PLIVO_API_URL=(http://127\.0\.0\.1:(\d+))\n", line)
    assert match, line
    return process, match.group(1)


def test_script_serves_until_sigterm(tmp_path):
    process, url = start_script("--account", "%s:%s" % (ID_A, TOKEN_A), "--account", "%s:%s" % (ID_B, TOKEN_B),
                                "--delete-status", "200")
    try:
        assert plain_session().get(url + "/_emulator/health", timeout=10).json() == {"status": "ok"}
        client_b = Client(url, ID_B, TOKEN_B)
        created = client_b.create(name="via-cli")
        assert client_b.delete("Powerpack/%s/" % created["uuid"]).json()["response"] == "success"
        assert Client(url, ID_A, TOKEN_A).get("Powerpack/").status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0
    assert stdout == ""          # the URL line was the only output
    assert stderr == ""          # no traceback, no access log
    assert tmp_path.exists()


def test_script_sigint_also_exits_cleanly():
    process, url = start_script()
    assert Client(url, emulator.DEFAULT_AUTH_ID, emulator.DEFAULT_AUTH_TOKEN).get("Powerpack/").status_code == 200
    process.send_signal(signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0 and "Traceback" not in stderr


def test_script_state_file_persists_across_restarts(tmp_path):
    state_file = str(tmp_path / "emu.json")
    env = clean_env(PLIVO_EMULATOR_ACCOUNTS="%s:%s" % (ID_A, TOKEN_A))
    process, url = start_script("--state-file", state_file, env=env)
    try:
        created = Client(url, ID_A, TOKEN_A).create(name="persisted")
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    process, url = start_script("--state-file", state_file, env=env)
    try:
        assert Client(url, ID_A, TOKEN_A).get("Powerpack/%s/" % created["uuid"]).json()["name"] == "persisted"
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=20)
    with open(state_file, encoding="utf-8") as handle:
        assert TOKEN_A not in handle.read()


CHILD = """
import json, os, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
url = os.environ["PLIVO_API_URL"]
out = {"url": url, "id": os.environ.get("PLIVO_AUTH_ID"), "token": os.environ.get("PLIVO_AUTH_TOKEN")}
out["health"] = json.load(opener.open(url + "/_emulator/health"))
print(json.dumps(out))
sys.exit(int(sys.argv[1]))
"""


def test_wrapper_mode_runs_command_with_env_and_returns_its_code():
    env = clean_env(PLIVO_EMULATOR_ACCOUNTS=" %s:%s " % (ID_A, TOKEN_A))
    result = subprocess.run([sys.executable, EMULATOR_SCRIPT, "--port", "0", "--", sys.executable, "-c", CHILD, "7"],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 7, result.stderr
    child = json.loads(result.stdout)  # stdout is the command's alone
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", child["url"])
    assert child["id"] == ID_A and child["token"] == TOKEN_A
    assert child["health"] == {"status": "ok"}
    assert result.stderr.strip() == "PLIVO_API_URL=%s" % child["url"]
    assert TOKEN_A not in result.stderr


def test_wrapper_mode_with_several_accounts_sets_no_credentials():
    result = subprocess.run([sys.executable, EMULATOR_SCRIPT, "--port", "0", "--account", "%s:%s" % (ID_A, TOKEN_A),
                             "--account", "%s:%s" % (ID_B, TOKEN_B), "--", sys.executable, "-c", CHILD, "0"],
                            capture_output=True, text=True, env=clean_env(), timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    child = json.loads(result.stdout)
    assert child["id"] is None and child["token"] is None


def test_wrapper_mode_missing_command():
    result = subprocess.run([sys.executable, EMULATOR_SCRIPT, "--port", "0", "--", "no-such-command-plivo-emulator"],
                            capture_output=True, text=True, env=clean_env(), timeout=60, check=False)
    assert result.returncode == 127
    assert "command not found" in result.stderr
    result = subprocess.run([sys.executable, EMULATOR_SCRIPT, "--port", "0", "--"],
                            capture_output=True, text=True, env=clean_env(), timeout=60, check=False)
    assert result.returncode == 2


@pytest.mark.parametrize("accounts_args", [["--account", "just-a-secret-value"], ["--account", "MAX:"]])
def test_bad_account_flag_fails_without_echoing_it(accounts_args):
    result = subprocess.run([sys.executable, EMULATOR_SCRIPT, "--port", "0"] + accounts_args,
                            capture_output=True, text=True, env=clean_env(), timeout=60, check=False)
    assert result.returncode == 2
    assert "AUTH_ID:AUTH_TOKEN" in result.stderr
    assert "just-a-secret-value" not in result.stderr
