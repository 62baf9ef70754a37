# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client against answers a broken gateway or a hostile host may give: secrets
echoed back, redirects, lists that never end, bodies that trickle or never stop,
and shapes the API never sends. Each gives a clear PlivoApiError, never a traceback,
never a secret, never a request elsewhere."""

from __future__ import annotations

import base64
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests.adapters

from ansible_collections.plivo.messaging.plugins.module_utils import api, transport
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import POOL
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
    page,
    powerpack,
)

BASIC = base64.b64encode(("%s:%s" % (AUTH_ID, AUTH_TOKEN)).encode()).decode()
SECRETS = (AUTH_TOKEN, BASIC)
UUID = powerpack()["uuid"]


def _uuid(n):
    return "00000000-0000-4000-8000-%012d" % n


@pytest.fixture
def client():
    # One worker: the script is the order in which one request follows another.
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=0, workers=1)


def _error(call):
    with pytest.raises(PlivoApiError) as err:
        call()
    text = "%s %r %r" % (err.value, err.value.error, err.value.path)
    for secret in SECRETS:
        assert secret not in text
    return err.value


class TestSecrets:
    @pytest.mark.parametrize("raw", [
        "<html>Authorization: Basic %s</html>" % BASIC,
        '{"error": "bad request", "headers": {"Authorization": "Basic %s"}}' % BASIC,
        '{"error": "header Authorization: Basic %s rejected"}' % BASIC,
        "token=%s" % AUTH_TOKEN,
    ])
    def test_an_error_body_that_echoes_the_credentials_is_scrubbed(self, http, client, raw):
        http.expect(Call("GET", "Powerpack/%s/" % UUID, status=400, raw=raw))
        error = _error(lambda: client.get_powerpack(UUID))
        # The API's own error text is quoted when there is one; otherwise the body, masked.
        assert transport.MASK in error.error or error.error == "bad request"

    def test_a_non_json_success_body_is_scrubbed_too(self, http, client):
        http.expect(Call("GET", "Powerpack/%s/" % UUID, raw="<p>Basic %s</p>" % BASIC))
        assert "not JSON" in str(_error(lambda: client.get_powerpack(UUID)))

    def test_secret_forms(self):
        assert transport.secret_forms(AUTH_ID, AUTH_TOKEN) == [AUTH_TOKEN, BASIC, "Basic " + BASIC]
        assert transport.secret_forms(AUTH_ID, "") == []
        assert transport.secret_forms(AUTH_ID, "tok\u20acn") == ["tok\u20acn"]


class TestPaging:
    def test_a_page_that_repeats_objects_is_an_error_not_an_endless_loop(self, http, client):
        objects = [powerpack("pp-%d" % n, uuid=_uuid(n), full=False) for n in range(20)]
        http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page(objects, 0, 10 ** 9)),
                    Call("GET", "Powerpack/", query={"limit": 20, "offset": 20}, body=page(objects, 20, 10 ** 9)))
        assert "repeats" in str(_error(lambda: list(client.iter_powerpacks())))

    def test_the_walk_ends_at_the_ceiling_whatever_the_total_says(self, http, client, monkeypatch):
        monkeypatch.setattr(api, "MAX_PAGES", 3)
        for n in range(3):
            objects = [powerpack("pp-%d" % i, uuid=_uuid(i), full=False) for i in range(n * 20, n * 20 + 20)]
            http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": n * 20}, body=page(objects, n * 20, 10 ** 9)))
        assert "more than 3 pages" in str(_error(lambda: list(client.iter_powerpacks())))
        assert len(http.seen) == 3

    def test_a_page_without_total_count_is_the_last(self, http, client):
        body = page([powerpack(full=False)], 0, 1)
        del body["meta"]["total_count"]
        http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=body))
        assert [p["uuid"] for p in client.iter_powerpacks()] == [UUID]

    def test_a_page_without_meta_is_the_last(self, http, client):
        http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body={"objects": [powerpack(full=False)]}))
        assert len(list(client.iter_powerpacks())) == 1


class TestMalformedAnswers:
    @pytest.mark.parametrize("body, message", [
        ({"objects": "lots", "meta": {}}, "objects are not a list"),
        ({"objects": [None], "meta": {}}, "objects are not all JSON objects"),
        ({"objects": [], "meta": {"total_count": "lots"}}, "total_count is not a number"),
        ({"objects": [], "meta": "x"}, "meta is not a JSON object"),
        ({"meta": {"total_count": 0}}, "objects are not a list"),
        ([{"uuid": UUID}], "not a JSON object"),
        (None, "the answer is empty"),
        ({"objects": [{"name": "no-uuid"}], "meta": {"total_count": 1}}, "has no uuid"),
        ({"objects": [{"uuid": UUID, "name": 7}], "meta": {"total_count": 1}}, "has no name"),
    ])
    def test_list_pages(self, http, client, body, message):
        http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=body))
        error = _error(lambda: list(client.iter_powerpacks()))
        assert message in str(error) and error.status == 200

    @pytest.mark.parametrize("fields, message", [
        ({"number_priority": "US"}, "number_priority that is not a list"),
        ({"number_priority": ["US"]}, "number_priority that is not a list"),
        ({"uuid": None}, "has no uuid"),
        ({"name": None}, "has no name"),
        ({"sticky_sender": 1}, "sticky_sender that is not a boolean"),
    ])
    def test_a_powerpack(self, http, client, fields, message):
        http.expect(Call("GET", "Powerpack/%s/" % UUID, body=dict(powerpack(), **fields)))
        assert message in str(_error(lambda: client.get_powerpack(UUID)))

    def test_an_empty_answer_to_a_read_is_not_an_empty_object(self, http, client):
        http.expect(Call("GET", "Powerpack/%s/" % UUID),
                    Call("GET", "NumberPool/%s/Number/14155550100/" % POOL))
        assert "the answer is empty" in str(_error(lambda: client.get_powerpack(UUID)))
        assert "the answer is empty" in str(_error(lambda: client.get_pool_sender(POOL, "longcode", "14155550100")))

    def test_a_string_boolean_is_accepted_for_the_model_to_read(self, http, client):
        http.expect(Call("GET", "Powerpack/%s/" % UUID, body=powerpack(sticky_sender="true")))
        assert client.get_powerpack(UUID)["sticky_sender"] == "true"

    @pytest.mark.parametrize("objects", [[{"service": "sms"}], [{"number": "+1 (415) 555"}], [{"number": None}]])
    def test_a_pool_entry_without_a_number(self, http, client, objects):
        http.expect(Call("GET", "NumberPool/%s/Number/" % POOL, query={"limit": 20, "offset": 0},
                         body={"objects": objects, "meta": {"total_count": 1}}))
        assert "has no number" in str(_error(lambda: list(client.iter_pool(POOL, "longcode"))))

    def test_a_create_answer_that_is_not_a_powerpack_is_looked_up_before_it_is_believed(self, http, client, monkeypatch):
        monkeypatch.setattr(api.time, "sleep", lambda seconds: None)
        http.expect(Call("POST", "Powerpack/", body={"api_id": "x", "message": "created"}),
                    Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([powerpack(full=False)], 0, 1)),
                    Call("GET", "Powerpack/%s/" % UUID, body=powerpack()))
        found, created = client.create_powerpack({"name": "alerts"})
        assert found["uuid"] == UUID and created is True

    def test_an_empty_create_answer_is_looked_up_too(self, http, client, monkeypatch):
        monkeypatch.setattr(api.time, "sleep", lambda seconds: None)
        http.expect(Call("POST", "Powerpack/"),
                    Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([powerpack(full=False)], 0, 1)),
                    Call("GET", "Powerpack/%s/" % UUID, body=powerpack()))
        assert client.create_powerpack({"name": "alerts"})[0]["uuid"] == UUID

    def test_a_create_answer_that_is_not_a_powerpack_and_no_powerpack_is_an_error(self, http, client, monkeypatch):
        monkeypatch.setattr(api.time, "sleep", lambda seconds: None)
        http.expect(Call("POST", "Powerpack/", body=[]), Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([], 0, 0)))
        assert "not a JSON object" in str(_error(lambda: client.create_powerpack({"name": "alerts"})))
        assert len(http.writes) == 1


class TestHints:
    def test_401_names_the_credentials_and_where_they_come_from(self, http, client):
        http.expect(Call("GET", "Powerpack/%s/" % UUID, status=401, body={"error": "authentication failed"}))
        message = str(_error(lambda: client.get_powerpack(UUID)))
        assert "auth_id and auth_token" in message and "PLIVO_AUTH_ID" in message and "group/plivo.messaging.plivo" in message

    def test_404_under_an_api_url_with_a_path_says_to_give_the_root(self, http):
        client = PlivoClient(API_URL + "/v1", AUTH_ID, AUTH_TOKEN, max_retries=0)
        call = Call("POST", "Powerpack/%s/" % UUID, status=404, body={"error": "not found"})
        call.path = "/v1" + call.path
        http.expect(call)
        message = str(_error(lambda: client.update_powerpack(UUID, {"name": "a"})))
        assert "api_url has a path (/v1)" in message and "https://api.plivo.com" in message

    def test_retries_are_not_spent_on_tls_errors(self):
        from urllib3.exceptions import MaxRetryError, SSLError

        retry = transport.PlivoRetry.for_api(5, 120)
        with pytest.raises(MaxRetryError):
            retry.increment("GET", "/x", error=SSLError("certificate verify failed"))


class TestTransportSettings:
    @pytest.fixture
    def sent(self, monkeypatch):
        seen = []

        def send(adapter, request, **kwargs):
            seen.append(kwargs)
            raise requests.exceptions.ConnectionError("stop here")

        monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
        return seen

    @pytest.mark.parametrize("validate_certs", [True, False])
    def test_validate_certs_holds_whatever_the_ca_bundle_variables_say(self, sent, monkeypatch, validate_certs):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/ca.pem")
        monkeypatch.setenv("CURL_CA_BUNDLE", "/nonexistent/ca.pem")
        client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=0, validate_certs=validate_certs)
        _error(lambda: client.get_powerpack(UUID))
        assert sent[0]["verify"] is False if not validate_certs else sent[0]["verify"] is not False

    @pytest.mark.parametrize("url, validate_certs, expected", [
        ("http://api.example.test", True, ["travels in clear text"]),
        ("https://api.example.test", False, ["certificate is not checked"]),
        ("http://127.0.0.1:8089", True, []),
        ("http://localhost:8089", True, []),
        ("https://api.example.test", True, []),
    ])
    def test_transport_warnings(self, url, validate_certs, expected):
        warnings = []
        PlivoClient(url, AUTH_ID, AUTH_TOKEN, validate_certs=validate_certs, warn=warnings.append)
        assert len(warnings) == len(expected) and all(e in w for e, w in zip(expected, warnings))


class _Hostile(ThreadingHTTPServer):
    """A real local server for what only a socket shows: redirects and bodies that trickle or never stop."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.requests = 0
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                hostile.requests += 1
                try:
                    hostile.behaviour(self)
                except (BrokenPipeError, ConnectionResetError, socket.timeout):
                    pass

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server_address[1]
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.shutdown()
        self.server_close()


@pytest.fixture
def hostile():
    servers = []

    def start(behaviour):
        servers.append(_Hostile(behaviour))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _headers(handler, status, length=None, **extra):
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    if length is not None:
        handler.send_header("Content-Length", str(length))
    for name, value in extra.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()


class TestOverTheWire:
    @pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
    @pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
    def test_a_redirect_is_an_error_and_nothing_reaches_its_target(self, hostile, status, method):
        target = hostile(lambda handler: _headers(handler, 200, 2) or handler.wfile.write(b"{}"))
        source = hostile(lambda handler: _headers(handler, status, 0, Location=target.url + handler.path))
        client = PlivoClient(source.url, AUTH_ID, AUTH_TOKEN, max_retries=2)
        calls = {"GET": lambda: client.get_powerpack(UUID), "POST": lambda: client.update_powerpack(UUID, {"name": "a"}),
                 "DELETE": lambda: client.delete_powerpack(UUID)}
        error = _error(calls[method])
        assert error.status == status and "127.0.0.1" in str(error) and "does not follow" in str(error)
        assert target.requests == 0 and source.requests == 1

    def test_a_body_that_trickles_in_ends_within_the_timeout(self, hostile):
        def trickle(handler):
            _headers(handler, 200, 1000)
            for dummy in range(1000):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.1)

        client = PlivoClient(hostile(trickle).url, AUTH_ID, AUTH_TOKEN, max_retries=0, timeout=1)
        start = time.monotonic()
        assert "did not arrive within timeout (1 s)" in str(_error(lambda: client.get_powerpack(UUID)))
        assert time.monotonic() - start < 2.5

    @pytest.mark.parametrize("chunked", [False, True])
    def test_an_oversized_body_is_cut_off(self, hostile, monkeypatch, chunked):
        monkeypatch.setattr(transport, "MAX_RESPONSE_BYTES", 256 * 1024)

        def endless(handler):
            if chunked:
                _headers(handler, 200, Transfer_Encoding="chunked")
            else:
                _headers(handler, 200, 10 ** 9)
            block = b" " * 65536
            for dummy in range(100):
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)

        client = PlivoClient(hostile(endless).url, AUTH_ID, AUTH_TOKEN, max_retries=0, timeout=5)
        assert "the answer is larger than 256 kB" in str(_error(lambda: client.get_powerpack(UUID)))
