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
    # One worker: the script is the order in which one request follows another (test_paging_in_parallel has more).
    return PlivoClient(API_URL + "/", AUTH_ID, AUTH_TOKEN, timeout=7, workers=1)


def powerpack_without_api_id(**fields):
    obj = powerpack(**fields)
    del obj["api_id"]
    return obj


def _uuid(n):
    return "00000000-0000-4000-8000-%012d" % n


def _named(start, count):
    return [powerpack("pp-%02d" % i, uuid=_uuid(i), full=False) for i in range(start, start + count)]


def test_every_request_has_the_timeout_and_basic_auth(http, client):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()))
    client.get_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11")
    assert http.seen[0]["timeout"] == 7
    assert http.seen[0]["headers"]["Authorization"].startswith("Basic ")


def test_get_strips_api_id(http, client):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()))
    obj = client.get_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11")
    assert "api_id" not in obj
    assert obj["uuid"] == "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"


def test_get_unknown_uuid_is_none(http, client):
    http.expect(Call("GET", "Powerpack/%s/" % _uuid(999), status=404, body={"api_id": "x", "error": "not found"}))
    assert client.get_powerpack(_uuid(999)) is None


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
        Call("GET", "Powerpack/%s/" % _uuid(25), body=powerpack("pp-25", uuid=_uuid(25))),
    )
    assert client.find_powerpack("pp-25")["uuid"] == _uuid(25)


def test_read_by_name_reads_the_full_object(http, client):
    http.expect(
        Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 3), 0, 3)),
        Call("GET", "Powerpack/%s/" % _uuid(1), body=powerpack("pp-01", uuid=_uuid(1))),
    )
    assert "number_priority" in client.find_powerpack("pp-01")


def test_read_missing_name_is_none(http, client):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(_named(0, 3), 0, 3)))
    assert client.find_powerpack("other") is None


def test_create_and_update_send_json(http, client):
    http.expect(
        Call("POST", "Powerpack/", sent={"name": "alerts"}, body=powerpack()),
        Call("POST", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", sent={"name": "b"}, body=powerpack("b")),
    )
    assert client.create_powerpack({"name": "alerts"}) == (powerpack_without_api_id(), True)
    assert client.update_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", {"name": "b"})["name"] == "b"
    assert http.seen[0]["headers"]["Content-Type"] == "application/json"


@pytest.mark.parametrize("status, body", [(204, None), (200, {"api_id": "x", "response": "success"})])
def test_delete_success_forms(http, client, status, body):
    http.expect(Call("DELETE", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", status=status, body=body, sent={"unrent_numbers": True}))
    client.delete_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", unrent_numbers=True)


@pytest.mark.parametrize(
    "call, expected",
    [
        (dict(status=400, body={"api_id": "x", "error": "name already exists"}), "HTTP 400 for POST /v1/Account/%s/Powerpack/: name already exists"),
        (dict(status=401, body={"error": "authentication credentials were not provided"}), "HTTP 401 for POST"),
        (dict(status=404, body={"api_id": "x", "error": "not found"}), "HTTP 404 for POST /v1/Account/%s/Powerpack/: not found"),
        (dict(status=502, raw="<html>Bad Gateway</html>"), "HTTP 502 for POST /v1/Account/%s/Powerpack/: <html>Bad Gateway</html>"),
        (dict(status=500, raw=""), "HTTP 500"),
        (dict(status=403, body={"api_id": "x"}), "HTTP 403"),
    ],
)
def test_errors_name_status_request_and_api_text(http, client, call, expected):
    http.expect(Call("POST", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", **call))
    with pytest.raises(PlivoApiError) as err:
        client.update_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", {"name": "x"})
    assert expected.replace("%s", AUTH_ID).replace("Powerpack/:", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/:") in str(err.value)
    assert err.value.status == call["status"]
    assert AUTH_TOKEN not in str(err.value)


def test_connection_error_has_no_status_and_no_token(http, client):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", exc=requests.exceptions.ConnectionError("connection refused")))
    with pytest.raises(PlivoApiError) as err:
        client.get_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11")
    assert err.value.status is None
    assert ("GET /v1/Account/%s/Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/ failed: no answer from api.example.test port 443: "
            "ConnectionError: connection refused" % AUTH_ID) in str(err.value)
    assert AUTH_TOKEN not in str(err.value)


def test_success_that_is_not_json_is_an_error(http, client):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", raw="<html>captive portal</html>"))
    with pytest.raises(PlivoApiError, match="not JSON"):
        client.get_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11")


@pytest.mark.parametrize("uuid", ["a/b", "..", ".", "", "nope", _uuid(1) + "\n", "../" + _uuid(1)])
def test_a_value_that_is_not_a_uuid_never_reaches_a_path(http, client, uuid):
    # quote() leaves "." and ".." alone and URL libraries resolve them: "GET Powerpack/../" is the list.
    for call in (lambda: client.get_powerpack(uuid), lambda: client.update_powerpack(uuid, {"name": "a"}),
                 lambda: client.delete_powerpack(uuid, unrent_numbers=True)):
        with pytest.raises(PlivoApiError, match="refusing to put"):
            call()
    assert http.seen == []


@pytest.fixture
def no_sleep(monkeypatch):
    from ansible_collections.plivo.messaging.plugins.module_utils import api

    monkeypatch.setattr(api.time, "sleep", lambda seconds: None)


def _lookup(*objects):
    return Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(list(objects), 0, len(objects)))


@pytest.mark.parametrize("failure", [dict(status=500, body={"error": "internal"}), dict(status=502, raw="<html/>"),
                                     dict(exc=requests.exceptions.ReadTimeout("read timed out"))])
def test_create_that_landed_despite_an_ambiguous_failure_is_not_sent_again(http, client, failure):
    http.expect(
        Call("POST", "Powerpack/", sent={"name": "alerts"}, **failure),
        _lookup(powerpack(full=False)),
        Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()),
    )
    assert client.create_powerpack({"name": "alerts"}) == (powerpack_without_api_id(), True)
    assert len(http.writes) == 1


def test_create_that_did_not_land_is_sent_again_after_a_backoff(http, client, no_sleep):
    warnings = []
    client._warn = warnings.append
    http.expect(
        Call("POST", "Powerpack/", exc=requests.exceptions.ConnectionError("connection reset")),
        _lookup(),
        Call("POST", "Powerpack/", body=powerpack()),
    )
    assert client.create_powerpack({"name": "alerts"}) == (powerpack_without_api_id(), True)
    assert len(warnings) == 1 and "Plivo API: retrying POST" in warnings[0] and "'alerts'" in warnings[0]


def test_create_gives_up_after_max_retries(http, no_sleep):
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=2)
    for dummy in range(3):
        http.expect(Call("POST", "Powerpack/", status=503, body={"error": "service unavailable"}), _lookup())
    with pytest.raises(PlivoApiError, match="HTTP 503 for POST"):
        client.create_powerpack({"name": "alerts"})
    assert len(http.writes) == 3


def test_create_with_retries_off_sends_once(http):
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=0)
    http.expect(Call("POST", "Powerpack/", status=503, body={"error": "service unavailable"}), _lookup())
    with pytest.raises(PlivoApiError, match="HTTP 503"):
        client.create_powerpack({"name": "alerts"})


def test_create_refused_because_the_name_now_exists_returns_it_as_not_created(http, client):
    # Another host created it between this run's lookup and its create.
    http.expect(
        Call("POST", "Powerpack/", status=400, body={"api_id": "x", "error": "Powerpack with this name already exists"}),
        _lookup(powerpack(full=False)),
        Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()),
    )
    assert client.create_powerpack({"name": "alerts"}) == (powerpack_without_api_id(), False)


def test_create_refused_for_another_reason_fails_with_the_api_text(http, client):
    http.expect(Call("POST", "Powerpack/", status=400, body={"api_id": "x", "error": "invalid application_id"}), _lookup())
    with pytest.raises(PlivoApiError, match="HTTP 400 for POST .*: invalid application_id"):
        client.create_powerpack({"name": "alerts"})


def test_create_unauthorized_is_not_looked_up(http, client):
    http.expect(Call("POST", "Powerpack/", status=401, body={"error": "authentication failed"}))
    with pytest.raises(PlivoApiError, match="HTTP 401"):
        client.create_powerpack({"name": "alerts"})


def test_delete_of_a_powerpack_already_gone_reports_not_deleted(http, client):
    http.expect(Call("DELETE", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", status=404, body={"api_id": "x", "error": "not found"}))
    assert client.delete_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11") is False


def test_delete_reports_deleted(http, client):
    http.expect(Call("DELETE", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", status=204))
    assert client.delete_powerpack("5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11") is True


def test_user_agent_version_is_the_collection_version():
    from pathlib import Path

    import yaml

    from ansible_collections.plivo.messaging.plugins.module_utils.api import COLLECTION_VERSION

    galaxy = yaml.safe_load((Path(__file__).resolve().parents[4] / "galaxy.yml").read_text())
    assert COLLECTION_VERSION == galaxy["version"]
