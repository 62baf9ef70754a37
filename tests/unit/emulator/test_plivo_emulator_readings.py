# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests for the emulator's readings (tests/emulator/plivo_emulator.py, READING_CHOICES).

Where Plivo's SDKs and their recorded fixtures disagree, the emulator answers the stricter
way by default and each other reading is a switch: --reading KEY=VALUE (and
--delete-status), POST /_emulator/readings, EmulatorServer(readings=...). Each shape the
recorded fixtures show, and each switch, is checked here.
"""

from __future__ import annotations

import os
import re

import pytest

from ansible_collections.plivo.messaging.tests.unit.emulator.emulator_support import (
    ID_A,
    TOKEN_A,
    assert_error,
    emulator,
    is_uuid4,
    plain_session,
)
from emulator.process import EmulatorProcess, admin_request

US_LONG, TOLLFREE_NUMBER = "14155550100", "18772209942"
DEFAULTS = {"tollfree_key": "number", "single_get_service": "sms", "fill_default_priorities": False, "delete_status": 200}
# What plivo-python's Powerpacks.create sends when only the name is given.
SDK_DEFAULT_CREATE = {"name": "sdk-defaults", "sticky_sender": True, "local_connect": True, "application_type": "",
                      "application_id": "", "number_priority": []}
# plivo-java src/test/resources/com/plivo/api/numberPoolPowerPack.json, in its order.
JAVA_DEFAULT_PRIORITIES = [
    {"country_iso": "US", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}, "service_type": "SMS"},
    {"country_iso": "US", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}, "service_type": "MMS"},
    {"country_iso": "CA", "priority": {"priority1": "shortcode", "priority2": "longcode", "priority3": "tollfree"}, "service_type": "MMS"},
    {"country_iso": "CA", "priority": {"priority1": "shortcode", "priority2": "longcode", "priority3": "tollfree"}, "service_type": "SMS"},
]
GB_SMS = {"country_iso": "GB", "service_type": "SMS",
          "priority": {"priority1": "longcode", "priority2": "shortcode", "priority3": "tollfree"}}


class Client:
    """One account of one emulator, with one powerpack's pool."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.session = plain_session()
        self.session.auth = (ID_A, TOKEN_A)
        self.pool_uuid = None

    def request(self, method, path, body=None, **kwargs):
        return self.session.request(method, "%s/v1/Account/%s/%s" % (self.base_url, ID_A, path), json=body, timeout=10, **kwargs)

    def ok(self, method, path, body=None, **kwargs):
        response = self.request(method, path, body, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def in_pool(self, method, path, body=None, **kwargs):
        return self.request(method, "NumberPool/%s/%s" % (self.pool_uuid, path), body, **kwargs)

    def add(self, kind, number, body=None):
        response = self.in_pool("POST", "%s/%s/" % (kind, number), body)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def emu():
    with emulator.EmulatorServer({ID_A: TOKEN_A}) as server:
        yield server


@pytest.fixture
def api(emu):
    client = Client(emu.url)
    client.pool_uuid = emulator.pool_uuid_of(client.ok("POST", "Powerpack/", {"name": "pp"}))
    return client


def set_readings(admin, **readings):
    response = admin("POST", "readings", json=readings)
    assert response.status_code == 200, response.text
    return response.json()


# ---------------------------------------------------------------------------
# Settings: defaults, admin endpoint, Python API
# ---------------------------------------------------------------------------

def test_defaults_are_the_stricter_readings(emu, admin):
    assert emulator.READING_DEFAULTS == DEFAULTS
    assert emu.readings.settings() == DEFAULTS and emu.delete_status == 200
    assert admin("GET", "readings").json() == DEFAULTS


def test_admin_readings_merge_reset_and_are_not_logged(emu, admin):
    assert set_readings(admin, tollfree_key="tollfree") == dict(DEFAULTS, tollfree_key="tollfree")
    both = set_readings(admin, single_get_service="both", fill_default_priorities=True, delete_status=204)
    assert both == {"tollfree_key": "tollfree", "single_get_service": "both", "fill_default_priorities": True, "delete_status": 204}
    assert emu.readings.settings() == both
    # Text forms, as --reading passes them.
    assert set_readings(admin, fill_default_priorities="false", delete_status="200")["delete_status"] == 200
    # A reset of the state keeps the readings: they are settings, like the faults.
    assert admin("POST", "reset").status_code == 204
    assert emu.readings.get("tollfree_key") == "tollfree"
    response = admin("DELETE", "readings")
    assert response.status_code == 200 and response.json() == DEFAULTS
    assert emu.readings.settings() == DEFAULTS
    assert emu.requests_log == []


@pytest.mark.parametrize("body, mentions", [
    ({"tollfree_key": "Tollfree"}, 'tollfree_key must be one of: "number", "tollfree"'),
    ({"single_get_service": "mms"}, "single_get_service must be one of"),
    ({"fill_default_priorities": 1}, "fill_default_priorities must be one of: false, true"),
    ({"fill_default_priorities": "yes"}, "fill_default_priorities"),
    ({"delete_status": 202}, "delete_status must be one of: 200, 204"),
    ({"delete_status": True}, "delete_status"),
    ({"service": "sms"}, "unknown reading(s): service (known: tollfree_key, single_get_service"),
    # All or nothing: the valid key of a bad request does not change either.
    ({"tollfree_key": "tollfree", "delete_status": 1}, "delete_status"),
    (["tollfree_key"], "JSON object"),
])
def test_bad_admin_readings_are_400_and_change_nothing(emu, admin, body, mentions):
    assert_error(admin("POST", "readings", json=body), 400, mentions)
    assert emu.readings.settings() == DEFAULTS


def test_admin_readings_need_a_body_and_allow_three_methods(admin):
    assert_error(admin("POST", "readings"), 400, "body must be readings")
    response = admin("PUT", "readings", json={})
    assert response.status_code == 405 and response.headers["Allow"] == "DELETE, GET, POST"


def test_python_api_readings():
    readings = {"tollfree_key": "tollfree", "single_get_service": "both", "fill_default_priorities": True}
    server = emulator.EmulatorServer({ID_A: TOKEN_A}, readings=readings)
    assert server.readings.settings() == dict(readings, delete_status=200)
    assert server.readings.update({"delete_status": 204})["delete_status"] == 204 and server.delete_status == 204
    assert server.readings.reset() == DEFAULTS
    with pytest.raises(ValueError, match="unknown reading"):
        emulator.EmulatorServer(readings={"strict": True})
    with pytest.raises(ValueError, match="single_get_service"):
        server.readings.update({"single_get_service": None})
    assert server.readings.settings() == DEFAULTS


# ---------------------------------------------------------------------------
# tollfree_key
# ---------------------------------------------------------------------------

def test_toll_free_entries_come_under_number_by_default(api):
    # plivo-go fixtures/numberpoolTollfreeResponse.json, plivo-ruby spec/mocks/tollfreeListResponse.json,
    # plivo-java tollfreeListResponse.json: number, type "tollfree", and a service.
    added = api.add("Tollfree", TOLLFREE_NUMBER, {"rent": True, "service": "mms"})
    entry = {"number": TOLLFREE_NUMBER, "type": "tollfree", "service": "mms", "country_iso2": "US",
             "number_pool_uuid": api.pool_uuid, "added_on": added["added_on"],
             "account_phone_number_resource": "/v1/Account/%s/Number/%s/" % (ID_A, TOLLFREE_NUMBER)}
    assert added == dict(entry, api_id=added["api_id"]) and "tollfree" not in added
    assert api.ok("GET", "NumberPool/%s/Tollfree/" % api.pool_uuid)["objects"] == [entry]
    single = api.ok("GET", "NumberPool/%s/Tollfree/%s/" % (api.pool_uuid, TOLLFREE_NUMBER))
    assert single["number"] == TOLLFREE_NUMBER and single["type"] == "tollfree" and single["numberpool_uuid"] == api.pool_uuid


def test_tollfree_key_tollfree_gives_the_python_fixture_shape_on_the_tollfree_endpoint(emu, api, admin):
    # plivo-python tests/resources/fixtures/powerpackListTollfreeResponse.json
    set_readings(admin, tollfree_key="tollfree")
    added = api.add("Tollfree", TOLLFREE_NUMBER, {"rent": True})
    assert set(added) == {"tollfree", "country_iso2", "added_on", "number_pool_uuid", "api_id"}
    assert (added["tollfree"], added["number_pool_uuid"]) == (TOLLFREE_NUMBER, api.pool_uuid) and is_uuid4(added["api_id"])
    [listed] = api.ok("GET", "NumberPool/%s/Tollfree/" % api.pool_uuid)["objects"]
    assert listed == {k: v for k, v in added.items() if k != "api_id"}
    single = api.ok("GET", "NumberPool/%s/Tollfree/%s/" % (api.pool_uuid, TOLLFREE_NUMBER))
    assert set(single) == {"tollfree", "country_iso2", "added_on", "numberpool_uuid", "api_id"}
    # The long-code list shows it as a number either way.
    [in_numbers] = api.ok("GET", "NumberPool/%s/Number/" % api.pool_uuid)["objects"]
    assert (in_numbers["number"], in_numbers["type"]) == (TOLLFREE_NUMBER, "tollfree") and "tollfree" not in in_numbers
    # At run time, back to the default.
    emu.readings.reset()
    assert api.ok("GET", "NumberPool/%s/Tollfree/" % api.pool_uuid)["objects"][0]["number"] == TOLLFREE_NUMBER


# ---------------------------------------------------------------------------
# single_get_service and numberpool_uuid
# ---------------------------------------------------------------------------

@pytest.fixture
def sms_and_mms(api):
    api.add("Number", US_LONG, {"rent": True})
    api.add("Number", "14155550101", {"rent": True, "service": "mms"})
    api.add("Tollfree", TOLLFREE_NUMBER, {"rent": True, "service": "mms"})
    return api


def found(api, path):
    return api.in_pool("GET", path).status_code


def test_single_get_without_service_finds_only_sms_by_default(sms_and_mms):
    # plivo-go PowerpackFindNumberOptions: "Service can be 'sms' or 'mms'. Defaults to 'sms' when not set."
    api = sms_and_mms
    assert found(api, "Number/%s/" % US_LONG) == 200
    assert_error(api.in_pool("GET", "Number/14155550101/"), 404, "not found")
    assert found(api, "Number/14155550101/?service=mms") == 200
    assert found(api, "Number/14155550101/?service=MMS") == 200
    assert found(api, "Number/%s/?service=sms" % US_LONG) == 200
    assert_error(api.in_pool("GET", "Number/%s/?service=mms" % US_LONG), 404, "not found")
    assert_error(api.in_pool("GET", "Number/%s/?service=voice" % US_LONG), 400, "service must be one of: sms, mms")
    # The Tollfree/ GET (no SDK sends a service there) finds either; a service given must match.
    assert found(api, "Tollfree/%s/" % TOLLFREE_NUMBER) == 200
    assert found(api, "Tollfree/%s/?service=mms" % TOLLFREE_NUMBER) == 200
    assert_error(api.in_pool("GET", "Tollfree/%s/?service=sms" % TOLLFREE_NUMBER), 404, "not found")


def test_single_get_service_both_searches_both(sms_and_mms, admin):
    # plivo-php: without service, both are searched.
    set_readings(admin, single_get_service="both")
    api = sms_and_mms
    assert api.in_pool("GET", "Number/14155550101/").json()["service"] == "mms"
    assert found(api, "Number/%s/" % US_LONG) == 200
    # A service that is given still has to match.
    assert_error(api.in_pool("GET", "Number/14155550101/?service=sms"), 404, "not found")
    assert found(api, "Number/14155550101/?service=mms") == 200


def test_single_get_names_the_pool_numberpool_uuid_and_lists_number_pool_uuid(sms_and_mms):
    # plivo-python and plivo-php numberpoolResponse.json; list objects: numberpoolListResponse.json.
    api = sms_and_mms
    single = api.in_pool("GET", "Number/%s/" % US_LONG).json()
    assert single["numberpool_uuid"] == api.pool_uuid and "number_pool_uuid" not in single
    listed = api.in_pool("GET", "Number/").json()["objects"]
    assert [o["number_pool_uuid"] for o in listed] == [api.pool_uuid] * 3 and not any("numberpool_uuid" in o for o in listed)
    # Adds answer like list objects (plivo-python powerpackAddNumberResponse.json).
    assert "number_pool_uuid" in api.add("Number", US_LONG)


# ---------------------------------------------------------------------------
# fill_default_priorities and the SDK's default create body
# ---------------------------------------------------------------------------

def test_the_sdk_default_create_body_is_accepted(api):
    created = api.ok("POST", "Powerpack/", SDK_DEFAULT_CREATE)
    assert (created["application_id"], created["application_type"], created["number_priority"]) == ("", "", [])
    # The same pair on an update clears the application.
    with_app = api.ok("POST", "Powerpack/", {"name": "app", "application_id": "42", "application_type": "xml"})
    cleared = api.ok("POST", "Powerpack/%s/" % with_app["uuid"], {"application_id": "", "application_type": ""})
    assert (cleared["application_id"], cleared["application_type"]) == ("", "")
    # A type without an id is still refused, also next to an empty id.
    assert_error(api.request("POST", "Powerpack/", {"name": "x", "application_id": "", "application_type": "xml"}), 400,
                 "application_id")
    assert_error(api.request("POST", "Powerpack/", {"name": "x", "application_id": "", "application_type": None}), 400,
                 "application_id")


def test_no_default_priorities_by_default(api):
    assert api.ok("POST", "Powerpack/", SDK_DEFAULT_CREATE)["number_priority"] == []
    assert api.ok("POST", "Powerpack/", {"name": "bare"})["number_priority"] == []


def test_fill_default_priorities_fills_the_four_us_ca_entries_on_create(api, admin):
    set_readings(admin, fill_default_priorities=True)
    for body in (SDK_DEFAULT_CREATE, {"name": "bare"}):
        created = api.ok("POST", "Powerpack/", body)
        assert created["number_priority"] == JAVA_DEFAULT_PRIORITIES
        assert api.ok("GET", "Powerpack/%s/" % created["uuid"])["number_priority"] == JAVA_DEFAULT_PRIORITIES
    # Given entries are kept as given; an update replaces the list, with nothing filled in.
    given = api.ok("POST", "Powerpack/", {"name": "given", "number_priority": [GB_SMS]})
    assert given["number_priority"] == [GB_SMS]
    assert api.ok("POST", "Powerpack/%s/" % given["uuid"], {"number_priority": []})["number_priority"] == []
    # The admin seed applies the same defaults as a create.
    seeded = admin("POST", "accounts/%s/powerpacks" % ID_A, json={"powerpacks": [{"name": "seeded"}]}).json()["objects"]
    assert seeded[0]["number_priority"] == JAVA_DEFAULT_PRIORITIES


# ---------------------------------------------------------------------------
# delete_status
# ---------------------------------------------------------------------------

def test_delete_status_reading_at_run_time(api, admin):
    first, second = (api.ok("POST", "Powerpack/", {"name": name}) for name in ("first", "second"))
    response = api.request("DELETE", "Powerpack/%s/" % first["uuid"], {"unrent_numbers": False})
    assert response.status_code == 200 and response.json()["response"] == "success"
    set_readings(admin, delete_status=204)
    response = api.request("DELETE", "Powerpack/%s/" % second["uuid"], {"unrent_numbers": True})
    assert response.status_code == 204 and response.content == b""
    # Pool removals answer 200 success in every reading.
    api.add("Number", US_LONG, {"rent": True})
    assert api.in_pool("DELETE", "Number/%s/" % US_LONG, {"unrent": False}).json()["response"] == "success"


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

@pytest.fixture
def no_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("PLIVO_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_reading_flags(no_env):
    assert emulator.parse_args([]).readings == {}
    args = emulator.parse_args(["--reading", "single_get_service=both", "--reading", "tollfree_key=tollfree",
                                "--reading", "fill_default_priorities=true", "--delete-status", "204"])
    assert args.readings == {"single_get_service": "both", "tollfree_key": "tollfree", "fill_default_priorities": True,
                             "delete_status": 204}
    assert emulator.parse_args(["--reading", "delete_status=204"]).readings == {"delete_status": 204}
    assert emulator.parse_args(["--reading", "delete_status=204", "--delete-status", "204"]).readings == {"delete_status": 204}
    assert emulator.parse_args(["--delete-status", "200"]).readings == {"delete_status": 200}


@pytest.mark.parametrize("argv, mentions", [
    (["--reading", "tollfree_key"], "--reading must look like KEY=VALUE"),
    (["--reading", "=tollfree"], "--reading must look like KEY=VALUE"),
    (["--reading", "tollfree_key=python"], 'tollfree_key must be one of: "number", "tollfree"'),
    (["--reading", "fill_default_priorities=1"], "fill_default_priorities must be one of: false, true"),
    (["--reading", "lenient=true"], "unknown reading(s): lenient"),
    (["--reading", "tollfree_key=number", "--reading", "tollfree_key=tollfree"], "--reading tollfree_key is given twice"),
    (["--reading", "delete_status=200", "--delete-status", "204"], "--delete-status and --reading delete_status disagree"),
    (["--delete-status", "202"], "invalid choice"),
])
def test_bad_reading_flags_are_usage_errors(no_env, capsys, argv, mentions):
    with pytest.raises(SystemExit) as exit_info:
        emulator.parse_args(argv)
    assert exit_info.value.code == 2
    assert mentions in capsys.readouterr().err


def test_help_lists_every_reading_and_its_choices():
    text = " ".join(emulator.build_parser().format_help().split())
    for key, choices in emulator.READING_CHOICES.items():
        assert "%s=%s" % (key, "|".join(str(choice).lower() for choice in choices)) in text


def test_script_applies_reading_flags(tmp_path):
    args = ("--reading", "tollfree_key=tollfree", "--reading", "single_get_service=both",
            "--reading", "fill_default_priorities=true", "--delete-status", "204")
    with EmulatorProcess({ID_A: TOKEN_A}, str(tmp_path / "emulator.stderr"), args=args) as process:
        assert admin_request(process.url, "GET", "/_emulator/readings") == {
            "tollfree_key": "tollfree", "single_get_service": "both", "fill_default_priorities": True, "delete_status": 204}
        client = Client(process.url)
        created = client.ok("POST", "Powerpack/", {"name": "cli"})
        assert len(created["number_priority"]) == 4
        assert client.request("DELETE", "Powerpack/%s/" % created["uuid"]).status_code == 204
    assert not re.search(TOKEN_A, process.stderr_text())
