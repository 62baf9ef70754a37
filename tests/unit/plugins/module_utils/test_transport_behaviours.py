# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What one HTTP exchange shows a user (issue 15): the exact error message for every way
a request fails (no answer, an error status, a redirect, an answer that is not JSON),
with its hint and without the credentials in any form they travel in; what is sent
(method, URL, query, body, headers, timeout, certificate check); the warnings about
an insecure api_url; and a connection pool that keeps one connection per worker."""

from __future__ import annotations

import base64
import http.client
import json
import re
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
import requests
import requests.adapters
import urllib3.exceptions
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import MaxRetryError, ReadTimeoutError

from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    powerpack,
)

UUID = powerpack()["uuid"]
PATH = "/v1/Account/%s/Powerpack/%s/" % (AUTH_ID, UUID)
BASIC = base64.b64encode(("%s:%s" % (AUTH_ID, AUTH_TOKEN)).encode()).decode()


class Raw:
    """What urllib3 hands requests for a streamed body: ``read1`` gives the next piece
    that has arrived (a callable piece is called first, an exception piece is raised)."""

    def __init__(self, pieces=(), retries=0):
        self.pieces = list(pieces)
        self.asked = []
        self.pulled = 0
        self.retries = SimpleNamespace(history=[None] * retries) if retries else None

    def read1(self, amt=None):
        self.asked.append(amt)
        if not self.pieces:
            return b""
        piece = self.pieces.pop(0)
        if callable(piece):
            piece = piece(amt)
        if isinstance(piece, Exception):
            raise piece
        self.pulled += len(piece)
        return piece

    def read(self, amt=None, **kwargs):  # requests reads a redirect's body itself
        data = b"".join(p for p in self.pieces if isinstance(p, bytes))
        self.pieces = []
        return data

    def close(self):
        pass


class Wire:
    """Answers each request the adapter would send with the next scripted answer, and keeps
    what was sent: the prepared request and the adapter's arguments (timeout, verify, stream)."""

    def __init__(self):
        self.answers = []
        self.sent = []
        self.raws = []

    def answer(self, status=200, body=b"", reason="OK", headers=None, pieces=None, retries=0, exc=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        self.raws.append(Raw([body] if pieces is None else pieces, retries))
        self.answers.append((status, reason, headers or {}, self.raws[-1], exc))
        return self

    def send(self, adapter, request, **kwargs):
        self.sent.append((request, kwargs))
        status, reason, headers, raw, exc = self.answers.pop(0)
        if exc is not None:
            raise exc
        response = requests.Response()
        response.status_code, response.reason, response.raw = status, reason, raw
        response.headers = CaseInsensitiveDict(headers)
        response.url, response.request, response.connection = request.url, request, adapter
        return response


@pytest.fixture
def wire(monkeypatch):
    scripted = Wire()

    def send(adapter, request, **kw):
        # a plain function, so the adapter the session calls it on is passed along
        return scripted.send(adapter, request, **kw)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    yield scripted
    assert not scripted.answers, "scripted answers were never asked for"


def client(url=API_URL, **kwargs):
    kwargs.setdefault("max_retries", 0)
    return PlivoClient(url, AUTH_ID, AUTH_TOKEN, workers=1, **kwargs)


def failure(call):
    with pytest.raises(PlivoApiError) as err:
        call()
    for secret in (AUTH_TOKEN, BASIC):
        assert secret not in "%s %r" % (err.value, err.value.error)
    return err.value


CHECK = "check api_url (or the PLIVO_API_URL environment variable)"
TLS_HINT = "TLS failures are not retried: %s; https:// to a server that speaks plain HTTP fails this way" % CHECK
CERTIFICATE_HINT = ("TLS failures are not retried: %s; if it is right, give the CA bundle that signs its certificate "
                    "(REQUESTS_CA_BUNDLE), or for a test server only set validate_certs to false" % CHECK)
URL_HINT = "api_url is not a usable URL; give the API's root, such as https://api.plivo.com"
TIMEOUT_HINT = "raise timeout if the API is slow from here"
CONNECT_TIMEOUT_HINT = "%s, and that no firewall or proxy keeps this machine from it; raise timeout if the network is slow" % CHECK
REFUSED_HINT = "nothing accepts connections there: %s, and that the API server is running" % CHECK
DNS_HINT = "check the host name in api_url (or the PLIVO_API_URL environment variable) and this machine's DNS"
PROXY_HINT = "check the proxy in HTTPS_PROXY or HTTP_PROXY (or leave the API's host out of it with NO_PROXY)"


def _caused(exc, cause):
    """``exc`` as urllib3 raises it: ``from`` the socket's or the TLS layer's own error."""
    exc.__cause__ = cause
    return exc


class TestNoAnswer:
    # Each failure in words, with the host and port of api_url (https://api.example.test) and what to check;
    # urllib3's own text would name its connection pool and the URL first, and the cause only after them.
    @pytest.mark.parametrize("exc, expected", [
        (requests.exceptions.SSLError("certificate verify failed"),
         "the TLS handshake with api.example.test port 443 failed: certificate verify failed; " + TLS_HINT),
        (requests.exceptions.SSLError(MaxRetryError(None, "/", urllib3.exceptions.SSLError(ssl.SSLCertVerificationError(
            1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate")))),
         "the TLS certificate of api.example.test port 443 was refused: [SSL: CERTIFICATE_VERIFY_FAILED] certificate "
         "verify failed: self-signed certificate; " + CERTIFICATE_HINT),
        (requests.exceptions.InvalidURL("no host"), "InvalidURL: no host; " + URL_HINT),
        (requests.exceptions.MissingSchema("no scheme"), "MissingSchema: no scheme; " + URL_HINT),
        (requests.exceptions.InvalidSchema("ftp"), "InvalidSchema: ftp; " + URL_HINT),
        (requests.exceptions.ReadTimeout("read timed out"),
         "no answer from api.example.test port 443 within timeout (30 s); " + TIMEOUT_HINT),
        (requests.exceptions.ConnectionError(MaxRetryError(None, "/", ReadTimeoutError(None, "/", "read timed out"))),
         "no answer from api.example.test port 443 within timeout (30 s); " + TIMEOUT_HINT),
        (requests.exceptions.ConnectTimeout("connect timed out"),
         "connecting to api.example.test port 443 took longer than timeout (30 s); " + CONNECT_TIMEOUT_HINT),
        (requests.exceptions.ConnectionError(MaxRetryError(None, "/", _caused(
            urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused"),
            ConnectionRefusedError(111, "Connection refused")))),
         "connection refused by api.example.test port 443; " + REFUSED_HINT),
        (requests.exceptions.ConnectionError(MaxRetryError(None, "/", _caused(
            urllib3.exceptions.NewConnectionError(None, "Failed to resolve"), socket.gaierror(-2, "Name or service not known")))),
         "the host name api.example.test (port 443) does not resolve: [Errno -2] Name or service not known; " + DNS_HINT),
        (requests.exceptions.ProxyError(MaxRetryError(None, "/", urllib3.exceptions.ProxyError(
            "Unable to connect to proxy", ConnectionRefusedError(111, "Connection refused")))),
         "the proxy to api.example.test port 443 failed: [Errno 111] Connection refused; " + PROXY_HINT),
        (requests.exceptions.ConnectionError(MaxRetryError(None, "/", _caused(
            urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection"),
            OSError(101, "Network is unreachable")))),
         "could not connect to api.example.test port 443: [Errno 101] Network is unreachable; check api_url (or the "
         "PLIVO_API_URL environment variable), and this machine's network"),
        (requests.exceptions.ConnectionError(MaxRetryError(None, "/", urllib3.exceptions.ProtocolError(
            "Connection aborted.", http.client.RemoteDisconnected("Remote end closed connection without response")))),
         "the connection to api.example.test port 443 ended without an answer: Remote end closed connection without "
         "response"),
        # Any other failure keeps its own words, the innermost error's.
        (requests.exceptions.ConnectionError("refused"), "no answer from api.example.test port 443: ConnectionError: refused"),
    ], ids=["tls", "certificate", "invalid-url", "missing-schema", "invalid-schema", "read-timeout",
            "read-timeout-after-retries", "connect-timeout", "refused", "dns", "proxy", "unreachable", "dropped", "other"])
    def test_the_message_names_the_request_the_failure_and_what_to_do(self, wire, exc, expected):
        wire.answer(exc=exc)
        error = failure(lambda: client().get_powerpack(UUID))
        assert str(error) == "Plivo API request GET %s failed: %s" % (PATH, expected)
        assert (error.method, error.path, error.status, error.retries, error.retry_after) == ("GET", PATH, None, 0, None)
        assert error.ambiguous is True

    @pytest.mark.parametrize("url, kind", [("api.example.test", "MissingSchema"), ("ftp://api.example.test", "InvalidSchema"),
                                           ("http://", "InvalidURL")])
    def test_an_unusable_api_url_says_so(self, url, kind):
        message = str(failure(lambda: client(url).get_powerpack(UUID)))
        assert message.startswith("Plivo API request GET %s failed: %s: " % (PATH, kind))
        assert message.endswith("; " + URL_HINT)

    def test_the_credentials_in_an_exception_text_are_masked(self, wire):
        wire.answer(exc=requests.exceptions.ConnectionError("https://%s:%s@h Authorization: Basic %s" % (AUTH_ID, AUTH_TOKEN, BASIC)))
        error = failure(lambda: client().get_powerpack(UUID))
        assert error.error == ("no answer from api.example.test port 443: ConnectionError: https://%s:********@h "
                               "Authorization: Basic ********" % AUTH_ID)

    def test_a_long_text_is_masked_then_cut_at_a_word_boundary(self, wire):
        # The token starts before the cut and ends after it: masked whole first, so no part of it is left.
        text = " ".join(["word"] * 40) + " Authorization: Basic " + BASIC + " and more words after it"
        wire.answer(exc=requests.exceptions.ConnectionError(text))
        error = failure(lambda: client().get_powerpack(UUID))
        shown = "no answer from api.example.test port 443: ConnectionError: " + text.replace(BASIC, "********")
        assert len(shown) > 300 and len(error.error) <= 300 and error.error.endswith("...")
        kept = error.error[:-3]
        assert shown.startswith(kept) and shown[len(kept)] == " " and not kept.endswith(" ")
        assert BASIC[:10] not in error.error and "Basic ********" in error.error


class TestErrorStatus:
    @pytest.mark.parametrize("status, reason, body, expected", [
        (400, "Bad Request", {"error": "invalid name"}, "invalid name"),
        (400, "Bad Request", {"error": {"name": ["too long"]}}, "{'name': ['too long']}"),
        (400, "Bad Request", {"error": 7}, "7"),
        (400, "Bad Request", {"error": ""}, '{"error": ""}'),
        (400, "Bad Request", [{"error": "x"}], '[{"error": "x"}]'),
        (403, "Forbidden", {"error": "token %s refused" % AUTH_TOKEN}, "token ******** refused"),
        (500, "Server Error", "<p>Authorization: Basic %s</p>" % BASIC, "<p>Authorization: Basic ********</p>"),
        # Cut after masking, at 300 characters with "..." (no word boundary in the second half here).
        (500, "Server Error", "  <html>%s</html>\n" % ("x" * 400), ("<html>" + "x" * 400)[:297] + "..."),
        (502, "Bad Gateway", b"\xff\xfe upstream down", "\ufffd\ufffd upstream down"),
        (502, "Bad Gateway", b"", "Bad Gateway"),
        (502, "Bad Gateway", b" \n ", "Bad Gateway"),
        (502, "", b"", "no error text in the response"),
        (502, None, b"", "no error text in the response"),
    ])
    def test_the_message_quotes_the_apis_error_text(self, wire, status, reason, body, expected):
        wire.answer(status, body.encode() if isinstance(body, str) else body, reason)
        error = failure(lambda: client().update_powerpack(UUID, {"name": "a"}))
        assert str(error) == "Plivo API returned HTTP %s for POST %s: %s" % (status, PATH, expected)
        assert (error.method, error.path, error.status, error.error, error.retries) == ("POST", PATH, status, expected, 0)

    @pytest.mark.parametrize("url, status, hint", [
        (API_URL, 401, "; check auth_id and auth_token (or PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, or module_defaults for "
                       "group/plivo.messaging.plivo)"),
        (API_URL + "/v1/", 401, "; check auth_id and auth_token (or PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, or module_defaults for "
                                "group/plivo.messaging.plivo)"),
        (API_URL + "/v1/", 404, "; api_url has a path (/v1); give only the API's root, such as https://api.plivo.com"),
        (API_URL + "/plivo/api", 404, "; api_url has a path (/plivo/api); give only the API's root, such as https://api.plivo.com"),
        (API_URL + "/", 404, ""),
        (API_URL, 404, ""),
        (API_URL + "/v1", 400, ""),
        (API_URL + "/v1", 403, ""),
    ])
    def test_a_hint_for_credentials_and_for_an_api_url_with_a_path(self, wire, url, status, hint):
        wire.answer(status, {"error": "no"})
        error = failure(lambda: client(url).update_powerpack(UUID, {"name": "a"}))
        assert str(error) == "Plivo API returned HTTP %s for POST %s: no%s" % (status, PATH, hint)

    @pytest.mark.parametrize("header, retry_after", [("7", 7), ("soon", None), (None, None)])
    def test_retry_after_and_the_retries_made_come_with_the_error(self, wire, header, retry_after):
        wire.answer(429, {"error": "too many requests"}, "Too Many Requests",
                    headers={"Retry-After": header} if header else {}, retries=2)
        error = failure(lambda: client().get_powerpack(UUID))
        assert str(error) == "Plivo API returned HTTP 429 for GET %s: too many requests (gave up after 2 retries)" % PATH
        assert (error.retries, error.retry_after) == (2, retry_after)


class TestRedirects:
    @pytest.mark.parametrize("status, location, where", [
        (300, "https://elsewhere.example.test/v1/", "elsewhere.example.test"),
        (302, "http://10.1.2.3:8080/x", "10.1.2.3"),
        (307, "/v2/Account/", "another address"),
        (399, None, "another address"),
    ])
    def test_a_redirect_is_an_error_that_names_where_it_points(self, wire, status, location, where):
        wire.answer(status, b"moved", "Moved", headers={"Location": location} if location else {})
        error = failure(lambda: client().update_powerpack(UUID, {"name": "a"}))
        assert str(error) == ("Plivo API returned HTTP %s for POST %s: a redirect to %s, which the collection does not follow "
                              "(the request and its credentials would go along); set api_url to the address the API answers at"
                              % (status, PATH, where))
        assert (error.method, error.path, error.status) == ("POST", PATH, status)
        assert len(wire.sent) == 1


class TestSuccess:
    def test_the_json_answer_is_returned(self, wire):
        wire.answer(200, powerpack())
        assert client().get_powerpack(UUID) == {k: v for k, v in powerpack().items() if k != "api_id"}

    @pytest.mark.parametrize("body", [b"", b" \r\n\t "])
    def test_an_empty_answer_is_none(self, wire, body):
        wire.answer(200, body)
        assert str(failure(lambda: client().get_powerpack(UUID))) == (
            "Plivo API returned HTTP 200 for GET %s: the answer is empty: None" % PATH)

    @pytest.mark.parametrize("body, quoted", [
        (b"\xff<html>" + b"x" * 300, "'\ufffd<html>" + "x" * 189 + "..."),
        (("<p>%s and Basic %s</p>" % (AUTH_TOKEN, BASIC)).encode(), "'<p>******** and Basic ********</p>'"),
        (b"{not json", "'{not json'"),
        # Control characters escaped: a body cannot forge a terminal or log line.
        (b"\x1b[8mhidden\r\nok: [localhost]", "'\\x1b[8mhidden\\r\\nok: [localhost]'"),
    ])
    def test_an_answer_that_is_not_json_quotes_its_start(self, wire, body, quoted):
        wire.answer(200, body)
        error = failure(lambda: client().get_powerpack(UUID))
        assert str(error) == "Plivo API returned HTTP 200 for GET %s: the answer is not JSON: %s" % (PATH, quoted)
        assert (error.method, error.path, error.status) == ("GET", PATH, 200)


class TestWhatIsSent:
    def test_the_request_carries_its_method_url_query_body_and_headers(self, wire, monkeypatch):
        monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
        monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
        wire.answer(200, {"objects": [], "meta": {"total_count": 0}})
        wire.answer(200, powerpack())
        plivo = client(API_URL + "//", timeout=7)
        assert list(plivo.iter_powerpacks()) == []
        plivo.update_powerpack(UUID, {"name": "alerts"})
        (listed, listed_args), (updated, updated_args) = wire.sent
        assert listed.method == "GET"
        assert listed.url == API_URL + "/v1/Account/%s/Powerpack/?limit=20&offset=0" % AUTH_ID
        assert listed.body is None
        assert (updated.method, updated.url) == ("POST", API_URL + PATH)
        assert json.loads(updated.body) == {"name": "alerts"}
        for request, args in wire.sent:
            assert request.headers["Authorization"] == "Basic " + BASIC
            assert request.headers["Accept"] == "application/json"
            assert request.headers["Accept-Encoding"] == "identity"
            assert re.match(r"^plivo\.messaging/1\.2\.0 run/[0-9a-f]{8}$", request.headers["User-Agent"])
            assert (args["timeout"], args["verify"], args["stream"]) == (7, True, True)
        # One run id for the whole run
        assert listed.headers["User-Agent"] == updated.headers["User-Agent"]

    @pytest.mark.parametrize("url, root", [
        ("https://api.example.test/gateway/X//", "https://api.example.test/gateway/X"),
        ("http://127.0.0.1:8089/plivo", "http://127.0.0.1:8089/plivo"),
    ])
    def test_requests_go_below_api_url_without_its_trailing_slashes(self, wire, url, root):
        wire.answer(200, powerpack())
        client(url).get_powerpack(UUID)
        assert wire.sent[0][0].url == root + PATH

    def test_each_run_has_its_own_run_id(self, wire):
        wire.answer(200, powerpack()).answer(200, powerpack())
        client().get_powerpack(UUID)
        client().get_powerpack(UUID)
        assert wire.sent[0][0].headers["User-Agent"] != wire.sent[1][0].headers["User-Agent"]

    def test_validate_certs_false_is_sent_as_no_check(self, wire):
        wire.answer(200, powerpack())
        client(validate_certs=False).get_powerpack(UUID)
        assert wire.sent[0][1]["verify"] is False


HTTP_WARNING = ("api_url %s uses http:// to a host that is not this machine: the auth token travels in clear text; "
                "use https://")
VERIFY_WARNING = ("validate_certs is false: the API's certificate is not checked, so anyone between here and %s can read "
                  "the auth token; use it only for a test server")


@pytest.mark.parametrize("url, validate_certs, expected", [
    ("http://api.example.test/", True, [HTTP_WARNING % "http://api.example.test"]),
    ("http://10.0.0.1:8080", False, [HTTP_WARNING % "http://10.0.0.1:8080", VERIFY_WARNING % "10.0.0.1"]),
    ("https://api.example.test/", False, [VERIFY_WARNING % "api.example.test"]),
    ("https:///v1", False, [VERIFY_WARNING % "https:///v1"]),
    ("http:///v1", True, [HTTP_WARNING % "http:///v1"]),
    ("http://127.0.0.2:8089", True, []),
    ("http://[::1]:8089", True, []),
    ("http://localhost", True, []),
    ("HTTPS://api.example.test", True, []),
    ("https://api.example.test", True, []),
])
def test_the_warnings_about_an_insecure_api_url(url, validate_certs, expected):
    warnings = []
    PlivoClient(url, AUTH_ID, AUTH_TOKEN, validate_certs=validate_certs, warn=warnings.append)
    assert warnings == expected


def test_the_pool_keeps_one_connection_per_worker():
    """12 workers with 12 requests in flight at once, twice: the second time every request
    goes over a connection the first time opened (none is discarded when it comes back)."""
    workers = 12
    barrier = threading.Barrier(workers, timeout=5)
    connections = set()
    body = json.dumps(powerpack()).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            connections.add(self.client_address)
            barrier.wait()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        plivo = PlivoClient("http://127.0.0.1:%d" % httpd.server_address[1], AUTH_ID, AUTH_TOKEN, max_retries=0,
                            timeout=10, workers=workers)
        for dummy in range(2):
            results = []
            threads = [threading.Thread(target=lambda: results.append(plivo.get_powerpack(UUID)["uuid"])) for n in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(10)
            assert results == [UUID] * workers
            barrier.reset()
        assert len(connections) == workers
    finally:
        httpd.shutdown()
        httpd.server_close()
