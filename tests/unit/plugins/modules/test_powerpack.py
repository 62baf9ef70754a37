# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The powerpack module with every HTTP call scripted: which requests each case
sends, check mode included."""

from __future__ import annotations

import json

import pytest

from ansible_collections.plivo.messaging.plugins.modules.powerpack import main
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    AUTH_TOKEN,
    OMIT,
    Call,
    page,
    powerpack,
    run_module,
)

US = {"country_iso": "US", "service_type": "SMS",
      "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}


def _lookup(*objects):
    """The list page that a lookup by name reads."""
    return Call("GET", "Powerpack/", query={"limit": 20, "offset": 0},
                body=page([dict(powerpack(o["name"], o["uuid"], full=False)) for o in objects], 0, len(objects)))


def test_create(http):
    http.expect(_lookup(), Call("POST", "Powerpack/", sent={"name": "alerts", "sticky_sender": False},
                                body=powerpack(sticky_sender=False)))
    result = run_module(main, {"name": "alerts", "sticky_sender": False})
    assert result["changed"] is True
    assert result["powerpack"]["uuid"] == "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11" and "api_id" not in result["powerpack"]
    assert result["diff"] == {"before": {}, "after": {"name": "alerts", "sticky_sender": False}}


@pytest.mark.parametrize("check_mode", [True, False])
def test_unchanged_sends_no_write(http, check_mode):
    current = powerpack(sticky_sender=False, number_priority=[US])
    http.expect(_lookup(current), Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=current))
    lower = dict(US, country_iso="us")
    result = run_module(main, {"name": "alerts", "sticky_sender": False, "number_priority": [lower]}, check_mode=check_mode)
    assert result["changed"] is False
    assert result["diff"] == {"before": {}, "after": {}}
    assert http.writes == []


def test_check_mode_create_predicts_and_sends_no_write(http):
    http.expect(_lookup())
    result = run_module(main, {"name": "alerts", "local_connect": False}, check_mode=True)
    assert result["changed"] is True
    assert result["powerpack"]["local_connect"] is False and result["powerpack"]["sticky_sender"] is True
    assert http.writes == []


def test_check_mode_update_predicts_and_sends_no_write(http):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()))
    result = run_module(main, {"uuid": "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", "name": "renamed"}, check_mode=True)
    assert result["changed"] is True
    assert result["powerpack"]["name"] == "renamed"
    assert result["diff"] == {"before": {"name": "alerts"}, "after": {"name": "renamed"}}
    assert http.writes == []


def test_update_sends_every_managed_field(http):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()),
                Call("POST", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", sent={"name": "alerts", "sticky_sender": True, "local_connect": False},
                     body=powerpack(local_connect=False)))
    result = run_module(main, {"uuid": "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", "name": "alerts", "sticky_sender": True, "local_connect": False})
    assert result["changed"] is True
    assert result["diff"] == {"before": {"local_connect": True}, "after": {"local_connect": False}}


@pytest.mark.parametrize("check_mode", [True, False])
def test_delete(http, check_mode):
    http.expect(_lookup(powerpack()), Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()))
    if not check_mode:
        http.expect(Call("DELETE", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", status=204, sent={"unrent_numbers": True}))
    result = run_module(main, {"name": "alerts", "state": "absent", "unrent_numbers": True}, check_mode=check_mode)
    assert result["changed"] is True and result["powerpack"] == {}
    assert result["diff"]["after"] == {} and result["diff"]["before"]["name"] == "alerts"
    assert len(http.writes) == (0 if check_mode else 1)


def test_delete_missing_is_ok(http):
    http.expect(Call("GET", "Powerpack/00000000-0000-4000-8000-000000000000/", status=404, body={"api_id": "x", "error": "not found"}))
    result = run_module(main, {"uuid": "00000000-0000-4000-8000-000000000000", "state": "absent"})
    assert result["changed"] is False and result["powerpack"] == {}


def test_unknown_uuid_with_present_fails_clearly(http):
    http.expect(Call("GET", "Powerpack/00000000-0000-4000-8000-000000000000/", status=404, body={"api_id": "x", "error": "not found"}))
    result = run_module(main, {"uuid": "00000000-0000-4000-8000-000000000000", "name": "x"})
    assert result["failed"] is True
    assert "no powerpack with uuid '00000000-0000-4000-8000-000000000000'" in result["msg"]


@pytest.mark.parametrize("args", [
    {"name": ""},
    {"name": "a", "application_id": "123"},
    {"name": "a", "number_priority": [dict(US, service_type="VOICE")]},
    {"name": "a", "number_priority": [dict(US, priority={"priority1": "x", "priority2": "tollfree", "priority3": "longcode"})]},
    {"name": "a", "number_priority": [US, dict(US, country_iso="us")]},
    {"name": "a", "number_priority": [dict(US, extra=1)]},
    {"name": "a", "application_type": "xml"},
    {"sticky_sender": True},
    {"name": "a", "timeout": 0},
])
def test_bad_input_fails_before_any_request(http, args):
    result = run_module(main, args)
    assert result["failed"] is True and result["msg"]
    assert http.seen == []


def test_api_error_reports_status_and_text_never_the_token(http):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, status=401,
                     body={"error": "authentication credentials were not provided"}))
    result = run_module(main, {"name": "alerts"})
    assert result["failed"] is True and result["status"] == 401
    assert "HTTP 401" in result["msg"] and "authentication credentials were not provided" in result["msg"]
    assert result["api_error"] == "authentication credentials were not provided"
    assert AUTH_TOKEN not in repr(result)


def test_missing_requests_gives_the_standard_message(http, monkeypatch):
    from ansible_collections.plivo.messaging.plugins.module_utils import base

    monkeypatch.setattr(base, "HAS_REQUESTS", False)
    result = run_module(main, {"name": "alerts"})
    assert result["failed"] is True
    assert "Failed to import the required Python library (requests)" in result["msg"]
    assert http.seen == []


def _duplicate_name():
    return Call("POST", "Powerpack/", status=400, body={"api_id": "x", "error": "Powerpack with this name already exists"})


def test_create_racing_another_host_converges_without_change(http):
    # Both hosts saw no powerpack; the other created it first, exactly as wanted.
    existing = powerpack(sticky_sender=False)
    http.expect(_lookup(), _duplicate_name(), _lookup(existing), Call("GET", "Powerpack/%s/" % existing["uuid"], body=existing))
    result = run_module(main, {"name": "alerts", "sticky_sender": False})
    assert result["changed"] is False and "failed" not in result
    assert result["diff"] == {"before": {}, "after": {}}
    assert len(http.writes) == 1


def test_create_racing_another_host_updates_what_differs(http):
    existing = powerpack(sticky_sender=True)
    http.expect(_lookup(), _duplicate_name(), _lookup(existing), Call("GET", "Powerpack/%s/" % existing["uuid"], body=existing),
                Call("POST", "Powerpack/%s/" % existing["uuid"], sent={"name": "alerts", "sticky_sender": False},
                     body=powerpack(sticky_sender=False)))
    result = run_module(main, {"name": "alerts", "sticky_sender": False})
    assert result["changed"] is True
    assert result["diff"] == {"before": {"sticky_sender": True}, "after": {"sticky_sender": False}}


def test_delete_racing_another_host_is_ok_and_unchanged(http):
    http.expect(_lookup(powerpack()), Call("GET", "Powerpack/%s/" % powerpack()["uuid"], body=powerpack()),
                Call("DELETE", "Powerpack/%s/" % powerpack()["uuid"], status=404, body={"api_id": "x", "error": "not found"}))
    result = run_module(main, {"name": "alerts", "state": "absent"})
    assert result["changed"] is False and "failed" not in result
    assert result["diff"] == {"before": {}, "after": {}}


@pytest.mark.parametrize("args, message", [
    ({"name": "a", "max_retries": -1}, "max_retries must be 0 or more"),
    ({"name": "a", "retry_timeout": 0}, "retry_timeout must be a positive number of seconds"),
    ({"name": "a", "api_url": "api.plivo.com"}, "api_url must start with http:// or https://"),
    ({"name": "a", "auth_id": " "}, "auth_id must not be empty"),
])
def test_bad_connection_options_fail_before_any_request(http, args, message):
    result = run_module(main, args)
    assert message in result["msg"]
    assert http.seen == []


@pytest.mark.parametrize("number_priority", ["US:SMS", [["US", "SMS"]], ["US"]])
def test_token_is_masked_even_when_argument_validation_breaks(http, number_priority):
    # ansible-core loses its no_log values when a suboption is not a dict.
    result = run_module(main, {"name": "alerts", "number_priority": number_priority})
    assert result["failed"] is True
    assert AUTH_TOKEN not in json.dumps(result)
    assert http.seen == []


@pytest.mark.parametrize("environ, expected", [("", "https://api.plivo.com"), ("http://127.0.0.1:9", "http://127.0.0.1:9")])
def test_api_url_from_the_environment_and_empty_means_the_default(http, monkeypatch, environ, expected):
    # AWX's credential injection sets PLIVO_API_URL="" when the credential has no URL.
    from ansible_collections.plivo.messaging.plugins.module_utils import api

    monkeypatch.setenv("PLIVO_API_URL", environ)
    seen = []
    monkeypatch.setattr(api.PlivoClient, "find_powerpack", lambda self, name: seen.append(self._root))
    result = run_module(main, {"name": "alerts", "state": "absent", "api_url": OMIT})
    assert "failed" not in result and seen == [expected]
