# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
import requests

from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
    page,
    powerpack,
)


@pytest.fixture
def client():
    return PlivoClient(API_URL + "/", AUTH_ID, AUTH_TOKEN, timeout=7)


def _named(start, count):
    return [powerpack("pp-%02d" % i, uuid="u-%02d" % i, full=False) for i in range(start, start + count)]


def test_every_request_has_the_timeout_and_basic_auth(http, client):
    http.expect(Call("GET", "Powerpack/uuid-1/", body=powerpack()))
    client.get_powerpack("uuid-1")
    assert http.seen[0]["timeout"] == 7
    assert http.seen[0]["headers"]["Authorization"].startswith("Basic ")


def test_get_strips_api_id(http, client):
    http.expect(Call("GET", "Powerpack/uuid-1/", body=powerpack()))
    obj = client.get_powerpack("uuid-1")
    assert "api_id" not in obj
    assert obj["uuid"] == "uuid-1"


def test_get_unknown_uuid_is_none(http, client):
    http.expect(Call("GET", "Powerpack/nope/", status=404, body={"api_id": "x", "error": "not found"}))
    assert client.get_powerpack("nope") is None


def test_list_walks_all_pages_with_computed_offsets(http, client):
    # meta.next has the reference's odd form; the client must not follow it.
    http.expect(
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 20), 0, 45)),
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 20}, body=page(_named(20, 20), 20, 45)),
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 40}, body=page(_named(40, 5), 40, 45)),
    )
    names = [obj["name"] for obj in client.iter_powerpacks()]
    assert names == ["pp-%02d" % i for i in range(45)]


def test_list_uses_the_count_actually_served(http, client):
    # A server that serves fewer than asked still gets every object exactly once.
    http.expect(
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 10), 0, 25)),
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 10}, body=page(_named(10, 10), 10, 25)),
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 20}, body=page(_named(20, 5), 20, 25)),
    )
    assert len(list(client.iter_powerpacks())) == 25


def test_list_stops_on_an_empty_page(http, client):
    # total_count says more, but an empty page ends the walk instead of looping.
    http.expect(
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 20), 0, 1000)),
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 20}, body=page([], 20, 1000)),
    )
    assert len(list(client.iter_powerpacks())) == 20


def test_empty_account(http, client):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([], 0, 0)))
    assert list(client.iter_powerpacks()) == []


def test_find_by_name_stops_at_the_page_that_holds_it(http, client):
    http.expect(
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 20), 0, 45)),
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 20}, body=page(_named(20, 20), 20, 45)),
    )
    assert client.find_powerpack_by_name("pp-25")["uuid"] == "u-25"


def test_read_by_name_reads_the_full_object(http, client):
    http.expect(
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 3), 0, 3)),
        Call("GET", "Powerpack/u-01/", body=powerpack("pp-01", uuid="u-01")),
    )
    assert "number_priority" in client.read_powerpack(name="pp-01")


def test_read_missing_name_is_none(http, client):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 3), 0, 3)))
    assert client.read_powerpack(name="other") is None


def test_create_and_update_send_json(http, client):
    http.expect(
        Call("POST", "Powerpack/", sent={"name": "alerts"}, body=powerpack()),
        Call("POST", "Powerpack/uuid-1/", sent={"name": "b"}, body=powerpack("b")),
    )
    assert client.create_powerpack({"name": "alerts"})["name"] == "alerts"
    assert client.update_powerpack("uuid-1", {"name": "b"})["name"] == "b"
    assert http.seen[0]["headers"]["Content-Type"] == "application/json"


@pytest.mark.parametrize("status, body", [(204, None), (200, {"api_id": "x", "response": "success"})])
def test_delete_success_forms(http, client, status, body):
    http.expect(Call("DELETE", "Powerpack/uuid-1/", status=status, body=body, sent={"unrent_numbers": True}))
    client.delete_powerpack("uuid-1", unrent_numbers=True)


@pytest.mark.parametrize(
    "call, expected",
    [
        (dict(status=400, body={"api_id": "x", "error": "name already exists"}), "HTTP 400 for POST /v1/Account/%s/Powerpack/: name already exists"),
        (dict(status=401, body={"error": "authentication credentials were not provided"}), "HTTP 401 for POST"),
        (dict(status=502, raw="<html>Bad Gateway</html>"), "HTTP 502 for POST /v1/Account/%s/Powerpack/: <html>Bad Gateway</html>"),
        (dict(status=500, raw=""), "HTTP 500"),
        (dict(status=403, body={"api_id": "x"}), "HTTP 403"),
    ],
)
def test_errors_name_status_request_and_api_text(http, client, call, expected):
    http.expect(Call("POST", "Powerpack/", **call))
    with pytest.raises(PlivoApiError) as err:
        client.create_powerpack({"name": "x"})
    assert expected.replace("%s", AUTH_ID) in str(err.value)
    assert err.value.status == call["status"]
    assert AUTH_TOKEN not in str(err.value)


def test_connection_error_has_no_status_and_no_token(http, client):
    http.expect(Call("GET", "Powerpack/uuid-1/", exc=requests.exceptions.ConnectionError("connection refused")))
    with pytest.raises(PlivoApiError) as err:
        client.get_powerpack("uuid-1")
    assert err.value.status is None
    assert "GET /v1/Account/%s/Powerpack/uuid-1/ failed: ConnectionError" % AUTH_ID in str(err.value)
    assert AUTH_TOKEN not in str(err.value)


def test_success_that_is_not_json_is_an_error(http, client):
    http.expect(Call("GET", "Powerpack/uuid-1/", raw="<html>captive portal</html>"))
    with pytest.raises(PlivoApiError, match="not JSON"):
        client.get_powerpack("uuid-1")


def test_uuid_is_quoted_into_the_path(http, client):
    http.expect(Call("GET", "Powerpack/a%2Fb/", status=404, body={"error": "not found"}))
    assert client.get_powerpack("a/b") is None
