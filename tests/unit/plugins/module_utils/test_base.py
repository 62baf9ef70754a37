# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module does before and around its requests (base.PlivoModule): the
connection options are checked before any request, and no form of the token ever
reaches the result, whatever the API echoes back."""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.plivo.messaging.plugins.modules.powerpack import main
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import AUTH_ID, AUTH_TOKEN, OMIT, Call, page, run_module

BASIC = base64.b64encode(("%s:%s" % (AUTH_ID, AUTH_TOKEN)).encode()).decode()


@pytest.mark.parametrize("args, message", [
    ({"auth_id": ".."}, "auth_id must be a Plivo Auth ID"),
    ({"auth_id": "MA123"}, "auth_id must be a Plivo Auth ID"),
    ({"auth_id": AUTH_ID.lower()}, "auth_id must be a Plivo Auth ID"),
    ({"auth_id": "SA/" + AUTH_ID[3:]}, "auth_id must be a Plivo Auth ID"),
    ({"auth_id": AUTH_ID + "\n"}, "auth_id must be a Plivo Auth ID"),
    ({"auth_token": ""}, "auth_token must not be empty"),
    ({"auth_token": "tok\u20acn"}, "auth_id and auth_token must be Latin-1 text"),
    ({"api_url": "http://127.0.0.1:1/?x=1"}, "api_url must be the API's address without a query or fragment"),
    ({"api_url": "http://127.0.0.1:1/#top"}, "api_url must be the API's address without a query or fragment"),
    ({"api_url": "https://user:pw@api.example.test"}, "without a query or fragment or credentials"),
])
def test_connection_options_are_checked_before_any_request(http, args, message):
    result = run_module(main, dict({"name": "alerts"}, **args))
    assert result["failed"] is True and message in result["msg"]
    assert http.seen == []
    assert "pw@" not in json.dumps(result) and "tok\u20acn" not in json.dumps(result)


@pytest.mark.parametrize("missing", ["auth_id", "auth_token"])
def test_a_missing_credential_names_every_place_it_can_come_from(http, monkeypatch, missing):
    monkeypatch.delenv("PLIVO_AUTH_ID", raising=False)
    monkeypatch.delenv("PLIVO_AUTH_TOKEN", raising=False)
    result = run_module(main, {"name": "alerts", missing: OMIT})
    assert "missing required arguments: %s" % missing in result["msg"]
    assert "PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN" in result["msg"] and "group/plivo.messaging.plivo" in result["msg"]
    assert http.seen == []


@pytest.mark.parametrize("raw", [
    "<html><pre>Authorization: Basic %s</pre></html>" % BASIC,
    '{"error": "rejected Authorization: Basic %s"}' % BASIC,
    '{"error": "rejected token %s"}' % AUTH_TOKEN,
])
def test_an_api_that_echoes_the_credentials_never_puts_them_in_the_result(http, raw):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, status=400, raw=raw))
    result = run_module(main, {"name": "alerts"})
    text = json.dumps(result)
    assert result["failed"] is True and "HTTP 400" in result["msg"]
    assert AUTH_TOKEN not in text and BASIC not in text


def test_an_echoed_authorization_header_in_a_success_answer_is_masked_too(http):
    listed = [dict(page([], 0, 0), objects=[]), ]
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=listed[0]),
                Call("POST", "Powerpack/", body={"api_id": "x", "uuid": "00000000-0000-4000-8000-000000000001", "name": "alerts",
                                                 "debug": "Basic %s" % BASIC}))
    result = run_module(main, {"name": "alerts"})
    assert BASIC not in json.dumps(result)
