# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests for the emulator's hostile server modes (tests/emulator/plivo_emulator.py).

The answers a proxy, a broken gateway or a hostile host may give: headers or credentials
echoed back, redirects to another host, endless pages, a trickling body or head, a huge
body, malformed JSON, dot segments in a pool path, Retry-After values that are no number
or date, and names with control characters or template syntax. Everything runs in-process against 127.0.0.1, except
one subprocess test of the flags.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from ansible_collections.plivo.messaging.tests.unit.emulator.emulator_support import (
    EMULATOR_SCRIPT,
    ID_A,
    ID_B,
    TOKEN_A,
    TOKEN_B,
    emulator,
    is_uuid4,
    plain_session,
)

OFF = {"mode": None}
US_SMS = {"country_iso": "US", "service_type": "SMS",
          "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}
NUMBER, OTHER_NUMBER = "14155550100", "14155550101"
BASIC_A = base64.b64encode(("%s:%s" % (ID_A, TOKEN_A)).encode()).decode()


class Client:
    """A Plivo client for one account; paths are relative to /v1/Account/{id}/."""

    def __init__(self, base_url, auth_id=ID_A, token=TOKEN_A):
        self.base_url = base_url
        self.auth_id = auth_id
        self.session = plain_session()
        self.session.auth = (auth_id, token)

    def url(self, path):
        return "%s/v1/Account/%s/%s" % (self.base_url, self.auth_id, path)

    def request(self, method, path, body=None, **kwargs):
        kwargs.setdefault("timeout", 10)
        kwargs.setdefault("allow_redirects", False)
        return self.session.request(method, self.url(path), json=body, **kwargs)


@pytest.fixture
def emu():
    with emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B}) as server:
        yield server


@pytest.fixture
def api(emu):
    return Client(emu.url)


@pytest.fixture
def powerpack(api, emu):
    """A powerpack with a number_priority and one long code in its pool (made before any hostile mode)."""
    made = api.request("POST", "Powerpack/", {"name": "target", "number_priority": [US_SMS]}).json()
    emu.store.seed_numbers(ID_A, [emulator.new_number_record(NUMBER, "fixed", "US"),
                                  emulator.new_number_record(OTHER_NUMBER, "fixed", "US")])
    pool = emulator.pool_uuid_of(made)
    assert api.request("POST", "NumberPool/%s/Number/%s/" % (pool, NUMBER)).status_code == 200
    made["pool_uuid"] = pool
    return made


def names(emu, account=ID_A):
    return [pp["name"] for pp in emu.store.snapshot()["accounts"][account]["powerpacks"]]


# ---------------------------------------------------------------------------
# Settings: default, admin endpoint, Python API, validation
# ---------------------------------------------------------------------------

def test_off_by_default_and_admin_requests_are_never_hostile(emu, api, admin):
    assert emu.hostile.settings() == OFF
    assert admin("GET", "hostile").json() == OFF
    assert api.request("GET", "Powerpack/").status_code == 200
    assert emu.requests_log[-1]["fault"] is None
    admin("POST", "hostile", json={"mode": "malformed", "shape": "not_json"})
    assert admin("GET", "health").json() == {"status": "ok"}
    assert admin("GET", "requests").status_code == 200
    assert admin("GET", "faults").json()["fault_rate"] == 0.0


def test_admin_post_replaces_the_setting_and_delete_turns_it_off(emu, admin):
    answer = admin("POST", "hostile", json={"mode": "trickle", "interval": 0.5})
    assert answer.status_code == 200
    assert answer.json() == {"mode": "trickle", "interval": 0.5, "method": None, "path": None}
    # Not merged: a new mode starts from its own defaults.
    answer = admin("POST", "hostile/", json={"mode": "redirect", "location": "http://127.0.0.1:9/", "method": "get"})
    assert answer.json() == {"mode": "redirect", "status": 302, "location": "http://127.0.0.1:9", "method": "GET", "path": None}
    assert admin("GET", "hostile").json() == answer.json() == emu.hostile.settings()
    answer = admin("DELETE", "hostile")
    assert answer.status_code == 200 and answer.json() == OFF == emu.hostile.settings()
    admin("POST", "hostile", json={"mode": "malformed", "shape": "empty_200"})
    assert admin("POST", "hostile", json={"mode": None}).json() == OFF
    assert admin("PUT", "hostile").status_code == 405
    assert emu.requests_log == []


@pytest.mark.parametrize("mode, defaults", [
    ("echo_headers", {"status": 500, "format": "json", "decoded": False}),
    ("redirect", {"status": 302, "location": "http://127.0.0.1:1"}),
    ("endless_page", {"total_count": 10 ** 9, "distinct_pages": False, "meta_offset": None}),
    ("trickle", {"interval": 1.0}),
    ("oversized", {"size": 50 * 1024 * 1024, "content_length": True}),
    ("malformed", {"shape": "not_json"}),
    ("dot_segment_pool", {"segment": ".."}),
    ("trickle_headers", {"interval": 1.0}),
    ("junk_retry_after", {"value": "soon", "status": 429, "times": None}),
    ("echo_credentials", {"status": 500, "format": "json", "decoded": False, "padding": 0}),
    ("control_chars", {"where": "both"}),
    ("template_names", {"payload": " {{ lookup('pipe', 'id') }}"}),
])
def test_every_mode_has_its_defaults(emu, mode, defaults):
    given = {"mode": mode}
    if mode == "redirect":
        given["location"] = "http://127.0.0.1:1"
    if mode == "malformed":
        given["shape"] = "not_json"
    assert emu.hostile.set(given) == dict(defaults, mode=mode, method=None, path=None)


@pytest.mark.parametrize("body", [
    {"mode": "nasty"}, {"mode": 3}, {"shape": "not_json"}, {"mode": None, "status": 500},
    {"mode": "trickle", "shape": "not_json"}, {"mode": "trickle", "interval": 0}, {"mode": "trickle", "interval": 61},
    {"mode": "trickle", "interval": "1"}, {"mode": "trickle", "method": "G E T"}, {"mode": "trickle", "path": "("},
    {"mode": "trickle", "path": ""}, {"mode": "trickle", "path": 5},
    {"mode": "echo_headers", "status": 200}, {"mode": "echo_headers", "status": True}, {"mode": "echo_headers", "format": "xml"},
    {"mode": "echo_headers", "decoded": "yes"},
    {"mode": "redirect"}, {"mode": "redirect", "location": "127.0.0.1:9"}, {"mode": "redirect", "location": "ftp://h/"},
    {"mode": "redirect", "location": "http://h", "status": 300}, {"mode": "redirect", "location": "http://h", "status": 200},
    {"mode": "endless_page", "total_count": 0}, {"mode": "endless_page", "total_count": "1e9"},
    {"mode": "endless_page", "meta_offset": -1}, {"mode": "endless_page", "distinct_pages": 1},
    {"mode": "oversized", "size": 0}, {"mode": "oversized", "size": 2 * 1024 ** 3}, {"mode": "oversized", "content_length": None},
    {"mode": "malformed"}, {"mode": "malformed", "shape": "weird"},
    {"mode": "dot_segment_pool", "segment": "..."}, {"mode": "dot_segment_pool", "segment": "x"},
    {"mode": "trickle_headers", "interval": 0}, {"mode": "trickle_headers", "interval": 61},
    {"mode": "trickle_headers", "shape": "not_json"},
    {"mode": "junk_retry_after", "value": None}, {"mode": "junk_retry_after", "value": True},
    {"mode": "junk_retry_after", "value": "a\r\nSet-Cookie: x=1"}, {"mode": "junk_retry_after", "value": "soon\n"},
    {"mode": "junk_retry_after", "value": "\u2028"}, {"mode": "junk_retry_after", "value": "x" * 201},
    {"mode": "junk_retry_after", "value": ["soon"]}, {"mode": "junk_retry_after", "times": 0},
    {"mode": "junk_retry_after", "times": "2"}, {"mode": "junk_retry_after", "status": 500},
    {"mode": "junk_retry_after", "status": 200}, {"mode": "junk_retry_after", "padding": 1},
    {"mode": "echo_credentials", "status": 300}, {"mode": "echo_credentials", "status": 199},
    {"mode": "echo_credentials", "status": True}, {"mode": "echo_credentials", "format": "xml"},
    {"mode": "echo_credentials", "padding": -1}, {"mode": "echo_credentials", "padding": 301},
    {"mode": "echo_credentials", "padding": 1.5}, {"mode": "echo_credentials", "decoded": "yes"},
    {"mode": "control_chars", "where": "everywhere"}, {"mode": "control_chars", "where": None},
    {"mode": "template_names", "payload": ""}, {"mode": "template_names", "payload": 5},
    {"mode": "template_names", "payload": "x" * 201}, {"mode": "template_names", "where": "names"},
    [], "trickle",
])
def test_admin_post_rejects_nonsense_and_changes_nothing(emu, admin, body):
    emu.hostile.set({"mode": "trickle", "interval": 2})
    before = emu.hostile.settings()
    answer = admin("POST", "hostile", json=body)
    assert answer.status_code == 400, answer.text
    assert set(answer.json()) == {"api_id", "error"}
    assert emu.hostile.settings() == before


def test_admin_post_rejects_invalid_json_and_empty_body(admin):
    assert admin("POST", "hostile", data="{nope", headers={"Content-Type": "application/json"}).status_code == 400
    assert admin("POST", "hostile").status_code == 400


def test_python_api_takes_a_hostile_setting():
    with emulator.EmulatorServer(hostile={"mode": "malformed", "shape": "empty_200", "path": "/Powerpack/"}) as server:
        assert server.hostile.settings() == {"mode": "malformed", "shape": "empty_200", "method": None, "path": "/Powerpack/"}
        response = Client(server.url, emulator.DEFAULT_AUTH_ID, emulator.DEFAULT_AUTH_TOKEN).request("GET", "Powerpack/")
        assert response.status_code == 200 and response.content == b""
        assert server.hostile.reset() == OFF
    with pytest.raises(ValueError, match="shape"):
        emulator.EmulatorServer(hostile={"mode": "malformed"})


def test_method_and_path_filters(emu, api, powerpack):
    emu.hostile.set({"mode": "malformed", "shape": "not_json", "method": "GET", "path": r"/NumberPool/"})
    assert api.request("GET", "Powerpack/").json()["objects"]
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["uuid"] == powerpack["uuid"]
    pool_list = api.request("GET", "NumberPool/%s/Number/" % powerpack["pool_uuid"])
    assert pool_list.headers["Content-Type"].startswith("text/html")
    # A POST to the pool is not a GET: answered as usual.
    added = api.request("POST", "NumberPool/%s/Number/%s/" % (powerpack["pool_uuid"], OTHER_NUMBER))
    assert added.json()["number"] == OTHER_NUMBER
    assert [entry["fault"] for entry in emu.requests_log[-4:]] == [None, None, "hostile", None]


def test_authentication_still_comes_first(emu):
    emu.hostile.set({"mode": "echo_headers"})
    response = Client(emu.url, ID_A, "wrong-token").request("GET", "Powerpack/")
    assert response.status_code == 401 and "Authorization" not in response.text
    assert emu.requests_log[-1]["fault"] is None


# ---------------------------------------------------------------------------
# echo_headers
# ---------------------------------------------------------------------------

def test_echo_headers_json_puts_the_authorization_header_in_the_error(emu, api):
    emu.hostile.set({"mode": "echo_headers"})
    response = api.request("POST", "Powerpack/", {"name": "never-made"}, headers={"X-Trace": "t-1"})
    assert response.status_code == 500 and response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert is_uuid4(body["api_id"])
    assert body["error"].startswith("upstream rejected the request; it sent: Authorization: Basic %s;" % BASIC_A)
    assert "X-Trace: t-1" in body["error"] and body["headers"]["Authorization"] == "Basic " + BASIC_A
    assert TOKEN_A not in response.text  # only decoded=true shows the token itself
    assert names(emu) == []
    entry = emu.requests_log[-1]
    assert (entry["fault"], entry["status"], entry["account"]) == ("hostile", 500, ID_A)


@pytest.mark.parametrize("fmt, content_type", [("text", "text/plain; charset=utf-8"), ("html", "text/html; charset=utf-8")])
def test_echo_headers_text_and_html_start_with_the_credentials(emu, api, fmt, content_type):
    emu.hostile.set({"mode": "echo_headers", "status": 400, "format": fmt, "decoded": True})
    response = api.request("GET", "Powerpack/")
    assert response.status_code == 400 and response.headers["Content-Type"] == content_type
    head = response.text[:300]
    assert "Authorization: Basic %s\nDecoded-Authorization: %s:%s\n" % (BASIC_A, ID_A, TOKEN_A) in head
    with pytest.raises(ValueError):
        response.json()


def test_the_request_log_never_holds_the_echoed_credentials(emu, api, admin):
    emu.hostile.set({"mode": "echo_headers", "decoded": True})
    api.request("GET", "Powerpack/")
    dumped = json.dumps(admin("GET", "requests").json()) + json.dumps(admin("GET", "hostile").json())
    assert TOKEN_A not in dumped and BASIC_A not in dumped


# ---------------------------------------------------------------------------
# redirect
# ---------------------------------------------------------------------------

class CountingListener:
    """Another host:port that counts what reaches it."""

    def __init__(self):
        self.requests = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                listener.requests.append((self.command, self.path, self.headers.get("Authorization")))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_POST = do_DELETE = _any  # noqa: N815

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    counting = CountingListener()
    yield counting
    counting.close()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirect_points_at_the_other_host_and_processes_nothing(emu, api, listener, status):
    emu.hostile.set({"mode": "redirect", "status": status, "location": listener.url})
    response = api.request("POST", "Powerpack/?x=1", {"name": "never-made"})
    assert response.status_code == status
    assert response.headers["Location"] == "%s/v1/Account/%s/Powerpack/?x=1" % (listener.url, ID_A)
    assert names(emu) == [] and listener.requests == []
    assert (emu.requests_log[-1]["fault"], emu.requests_log[-1]["status"]) == ("hostile", status)
    # A client that follows redirects ends up at the other host.
    followed = api.request("GET", "Powerpack/", allow_redirects=True)
    assert followed.status_code == 200 and [r[:2] for r in listener.requests] == [("GET", "/v1/Account/%s/Powerpack/" % ID_A)]


# ---------------------------------------------------------------------------
# endless_page
# ---------------------------------------------------------------------------

def test_endless_page_serves_the_same_page_whatever_the_offset(emu, api):
    emu.hostile.set({"mode": "endless_page"})
    pages = [api.request("GET", "Powerpack/", params={"limit": 20, "offset": offset}).json() for offset in (0, 20, 5000)]
    objects = [page["objects"] for page in pages]
    assert objects[0] == objects[1] == objects[2] and len(objects[0]) == 20
    assert len({obj["uuid"] for obj in objects[0]}) == 20
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", obj["uuid"]) for obj in objects[0])
    assert [page["meta"]["offset"] for page in pages] == [0, 20, 5000]
    assert {page["meta"]["total_count"] for page in pages} == {10 ** 9}
    assert pages[2]["meta"]["next"].endswith("offset=5020&limit=20")
    assert names(emu) == []
    assert {entry["fault"] for entry in emu.requests_log} == {"hostile"}


def test_endless_page_options(emu, api):
    emu.hostile.set({"mode": "endless_page", "distinct_pages": True, "meta_offset": 0, "total_count": 7})
    first, second = (api.request("GET", "Powerpack/", params={"limit": 3, "offset": offset}).json() for offset in (0, 3))
    assert len(first["objects"]) == len(second["objects"]) == 3
    assert not {o["uuid"] for o in first["objects"]} & {o["uuid"] for o in second["objects"]}
    assert first["meta"]["offset"] == second["meta"]["offset"] == 0 and second["meta"]["total_count"] == 7


@pytest.mark.parametrize("kind, key, tollfree_key", [
    ("Number", "number", "number"), ("Tollfree", "number", "number"), ("Tollfree", "tollfree", "tollfree"),
    ("Shortcode", "shortcode", "number"),
])
def test_endless_page_serves_pool_lists_too(emu, api, powerpack, kind, key, tollfree_key):
    # Made-up toll-free entries have the shape of the tollfree_key reading.
    emu.readings.update({"tollfree_key": tollfree_key})
    emu.hostile.set({"mode": "endless_page"})
    path = "NumberPool/%s/%s/" % (powerpack["pool_uuid"], kind)
    first, far = (api.request("GET", path, params={"offset": offset}).json() for offset in (0, 10 ** 6))
    assert first["objects"] == far["objects"] and len(first["objects"]) == 20
    assert all(obj[key] for obj in first["objects"]) and far["meta"]["total_count"] == 10 ** 9


def test_endless_page_leaves_other_endpoints_alone(emu, api, powerpack):
    emu.hostile.set({"mode": "endless_page"})
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["name"] == "target"
    assert api.request("POST", "Powerpack/", {"name": "made"}).status_code == 200
    assert names(emu) == ["target", "made"]
    assert [entry["fault"] for entry in emu.requests_log[-2:]] == [None, None]


# ---------------------------------------------------------------------------
# trickle
# ---------------------------------------------------------------------------

def raw_get(url, path, headers, timeout=10):
    host, port = re.match(r"http://([^:]+):(\d+)", url).groups()
    sock = socket.create_connection((host, int(port)), timeout=timeout)
    lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1", "Connection: close"] + ["%s: %s" % item for item in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return sock


def test_trickle_sends_headers_at_once_then_one_byte_per_interval(emu, powerpack):
    emu.hostile.set({"mode": "trickle", "interval": 0.2})
    started = time.monotonic()
    sock = raw_get(emu.url, "/v1/Account/%s/Powerpack/%s/" % (ID_A, powerpack["uuid"]), {"Authorization": "Basic " + BASIC_A})
    try:
        received = b""
        while b"\r\n\r\n" not in received:
            received += sock.recv(65536)
        head, body = received.split(b"\r\n\r\n", 1)
        assert time.monotonic() - started < 0.5
        assert head.startswith(b"HTTP/1.0 200") or head.startswith(b"HTTP/1.1 200")
        length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
        assert length > 100
        # The body comes a byte at a time: after ~1 s, only a handful of bytes have arrived.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            ready, _unused, _unused2 = select.select([sock], [], [], max(deadline - time.monotonic(), 0))
            if ready:
                chunk = sock.recv(65536)
                assert len(chunk) <= 2
                body += chunk
        assert 2 <= len(body) <= 8, body
        assert body.startswith(b"{")
    finally:
        sock.close()
    assert (emu.requests_log[-1]["fault"], emu.requests_log[-1]["status"]) == ("hostile", 200)


def test_trickle_processes_the_request_and_trickles_errors_too(emu, api):
    emu.hostile.set({"mode": "trickle", "interval": 0.001})
    made = api.request("POST", "Powerpack/", {"name": "slowly"})
    assert made.status_code == 200 and made.json()["name"] == "slowly"
    assert names(emu) == ["slowly"]
    missing = api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/")
    assert missing.status_code == 404 and missing.json()["error"] == "not found"
    assert [entry["fault"] for entry in emu.requests_log] == ["hostile", "hostile"]


def test_a_requests_timeout_never_fires_on_a_trickle(emu, api):
    """What makes the mode hostile: every byte comes well within a per-read timeout."""
    emu.hostile.set({"mode": "trickle", "interval": 0.02})
    started = time.monotonic()
    response = api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/", timeout=0.3)
    assert response.status_code == 404 and len(response.content) > 50
    assert time.monotonic() - started > 1.0


def test_stopping_the_emulator_ends_a_trickle():
    server = emulator.EmulatorServer({ID_A: TOKEN_A}).start()
    server.hostile.set({"mode": "trickle", "interval": 5})
    sock = raw_get(server.url, "/v1/Account/%s/Powerpack/" % ID_A, {"Authorization": "Basic " + BASIC_A})
    try:
        assert b"200" in sock.recv(65536)
        started = time.monotonic()
        server.stop()
        sock.settimeout(10)
        while sock.recv(65536):
            pass
        assert time.monotonic() - started < 3
    finally:
        sock.close()
        server.stop()


# ---------------------------------------------------------------------------
# oversized
# ---------------------------------------------------------------------------

def read_all(response):
    total, head = 0, b""
    for chunk in response.iter_content(1024 * 1024):
        if len(head) < 200:
            head += chunk[:200]
        total += len(chunk)
    return total, head


def test_oversized_streams_a_large_json_body_with_its_length(emu, api):
    emu.hostile.set({"mode": "oversized"})
    response = api.request("GET", "Powerpack/", stream=True)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    assert response.headers["Content-Length"] == str(50 * 1024 * 1024)
    total, head = read_all(response)
    assert total == 50 * 1024 * 1024 and head.startswith(b'{"api_id": "')
    assert emu.requests_log[-1]["fault"] == "hostile"


def test_oversized_is_valid_json_and_without_length_ends_with_the_connection(emu, api):
    emu.hostile.set({"mode": "oversized", "size": 300000, "content_length": False})
    response = api.request("POST", "Powerpack/", {"name": "never-made"})
    assert "Content-Length" not in response.headers and response.headers["Connection"] == "close"
    assert len(response.content) == 300000
    body = response.json()
    assert body["objects"] == [] and set(body["padding"]) == {"x"}
    assert names(emu) == []


def test_oversized_answers_are_never_held_in_memory():
    answer = emulator.hostile_answer(emulator.check_hostile_settings({"mode": "oversized", "size": 10 ** 9}), None, ID_A)
    assert answer.body is None and answer.raw is None and answer.stream.length == 10 ** 9
    first = next(iter(answer.stream.chunks))
    assert len(first) < 200


# ---------------------------------------------------------------------------
# malformed
# ---------------------------------------------------------------------------

def test_malformed_create_without_uuid_still_creates(emu, api):
    emu.hostile.set({"mode": "malformed", "shape": "create_without_uuid"})
    body = api.request("POST", "Powerpack/", {"name": "made"}).json()
    assert "uuid" not in body and body["name"] == "made" and body["number_pool"]
    assert names(emu) == ["made"]
    # Other answers are left alone.
    listed = api.request("GET", "Powerpack/").json()["objects"]
    assert listed[0]["uuid"] and [entry["fault"] for entry in emu.requests_log] == ["hostile", None]


def test_malformed_list_object_without_uuid(emu, api, powerpack):
    emu.hostile.set({"mode": "malformed", "shape": "list_object_without_uuid"})
    listed = api.request("GET", "Powerpack/").json()["objects"]
    assert [obj["name"] for obj in listed] == ["target"] and "uuid" not in listed[0]
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["uuid"] == powerpack["uuid"]


@pytest.mark.parametrize("path", ["Powerpack/", "NumberPool/{pool}/Number/", "NumberPool/{pool}/Shortcode/"])
@pytest.mark.parametrize("shape, check", [
    ("objects_string", lambda body: isinstance(body["objects"], str) and body["objects"]),
    ("objects_with_null", lambda body: body["objects"][0] is None and len(body["objects"]) >= 1),
    ("total_count_text", lambda body: body["meta"]["total_count"] == "lots"),
])
def test_malformed_list_shapes(emu, api, powerpack, path, shape, check):
    emu.hostile.set({"mode": "malformed", "shape": shape})
    body = api.request("GET", path.format(pool=powerpack["pool_uuid"])).json()
    assert check(body), body
    assert emu.requests_log[-1]["fault"] == "hostile"
    # An answer that is not a list is left alone.
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["uuid"] == powerpack["uuid"]
    assert emu.requests_log[-1]["fault"] is None


def test_malformed_json_list_body(emu, api, powerpack):
    emu.hostile.set({"mode": "malformed", "shape": "json_list_body"})
    listed = api.request("GET", "Powerpack/").json()
    assert isinstance(listed, list) and listed[0]["objects"][0]["name"] == "target"
    one = api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()
    assert isinstance(one, list) and one[0]["uuid"] == powerpack["uuid"]
    assert api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/").json()["error"] == "not found"


def test_malformed_number_priority_string(emu, api, powerpack):
    emu.hostile.set({"mode": "malformed", "shape": "number_priority_string"})
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["number_priority"] == "US"
    assert api.request("POST", "Powerpack/", {"name": "made"}).json()["number_priority"] == "US"
    updated = api.request("POST", "Powerpack/%s/" % powerpack["uuid"], {"sticky_sender": False}).json()
    assert updated["number_priority"] == "US"
    # Stored as sent: only the answers are wrong.
    stored = emu.store.snapshot()["accounts"][ID_A]["powerpacks"][0]
    assert stored["number_priority"] == [US_SMS]


def test_malformed_pool_entry_without_number(emu, api, powerpack):
    emu.hostile.set({"mode": "malformed", "shape": "pool_entry_without_number"})
    pool = powerpack["pool_uuid"]
    listed = api.request("GET", "NumberPool/%s/Number/" % pool).json()["objects"]
    assert len(listed) == 1 and "number" not in listed[0] and listed[0]["service"] == "sms"
    one = api.request("GET", "NumberPool/%s/Number/%s/" % (pool, NUMBER)).json()
    assert "number" not in one and one["numberpool_uuid"] == pool
    added = api.request("POST", "NumberPool/%s/Number/%s/" % (pool, OTHER_NUMBER)).json()
    assert "number" not in added and added["number_pool_uuid"] == pool


def test_malformed_sticky_sender_string(emu, api, powerpack):
    emu.hostile.set({"mode": "malformed", "shape": "sticky_sender_string"})
    assert api.request("GET", "Powerpack/").json()["objects"][0]["sticky_sender"] == "true"
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["sticky_sender"] == "true"
    made = api.request("POST", "Powerpack/", {"name": "quiet", "sticky_sender": False}).json()
    assert made["sticky_sender"] == "false"
    assert emu.store.snapshot()["accounts"][ID_A]["powerpacks"][1]["sticky_sender"] is False


@pytest.mark.parametrize("shape", ["not_json", "empty_200"])
def test_malformed_not_json_and_empty_200_hit_every_success(emu, api, powerpack, shape):
    emu.hostile.set({"mode": "malformed", "shape": shape})
    for method, path in (("GET", "Powerpack/"), ("GET", "Powerpack/%s/" % powerpack["uuid"]),
                         ("GET", "NumberPool/%s/Number/" % powerpack["pool_uuid"]), ("POST", "Powerpack/")):
        response = api.request(method, path, {"name": "made"} if method == "POST" else None)
        assert response.status_code == 200
        if shape == "empty_200":
            assert response.content == b"" and response.headers["Content-Length"] == "0"
        else:
            assert response.headers["Content-Type"] == "text/html; charset=utf-8" and response.text.startswith("<!DOCTYPE html>")
    assert names(emu) == ["target", "made"]
    # Errors are left alone.
    assert api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/").json()["error"] == "not found"


# ---------------------------------------------------------------------------
# dot_segment_pool
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("segment", ["..", ".", "%2e%2e"])
def test_dot_segment_pool_in_every_powerpack_answer(emu, api, powerpack, segment):
    emu.hostile.set({"mode": "dot_segment_pool", "segment": segment})
    expected = "/v1/Account/%s/NumberPool/%s/" % (ID_A, segment)
    assert api.request("GET", "Powerpack/").json()["objects"][0]["number_pool"] == expected
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["number_pool"] == expected
    assert api.request("POST", "Powerpack/", {"name": "made"}).json()["number_pool"] == expected
    assert api.request("POST", "Powerpack/%s/" % powerpack["uuid"], {"local_connect": False}).json()["number_pool"] == expected
    # The real pool still answers under its real uuid.
    assert api.request("GET", "NumberPool/%s/Number/" % powerpack["pool_uuid"]).json()["objects"][0]["number"] == NUMBER
    assert emulator.pool_uuid_of(emu.store.snapshot()["accounts"][ID_A]["powerpacks"][0]) == powerpack["pool_uuid"]


def test_a_dot_segment_path_resolves_outside_the_pool(emu, api, powerpack):
    """Why the mode matters: a client that joins "..", and whose HTTP library removes dot
    segments, sends .../NumberPool/../Number/N/, that is /v1/Account/{id}/Number/N/ (a rented number)."""
    del powerpack
    emu.hostile.set({"mode": "dot_segment_pool"})
    pool = api.request("GET", "Powerpack/").json()["objects"][0]["number_pool"].split("/")[5]
    # The emulator serves only GET there (Plivo's DELETE would unrent the number): 405.
    response = api.request("DELETE", "NumberPool/%s/Number/%s/" % (pool, NUMBER))
    assert response.status_code == 405 and response.headers["Allow"] == "GET"
    assert emu.requests_log[-1]["path"] == "/v1/Account/%s/Number/%s/" % (ID_A, NUMBER)
    # A GET reads the account's record of the number, not the pool's.
    answer = api.request("GET", "NumberPool/%s/Number/%s/" % (pool, NUMBER)).json()
    assert answer["resource_uri"] == "/v1/Account/%s/Number/%s/" % (ID_A, NUMBER) and "numberpool_uuid" not in answer


# ---------------------------------------------------------------------------
# trickle_headers
# ---------------------------------------------------------------------------

def test_trickle_headers_sends_the_status_line_then_the_head_one_byte_per_interval(emu, powerpack):
    emu.hostile.set({"mode": "trickle_headers", "interval": 0.2})
    sock = raw_get(emu.url, "/v1/Account/%s/Powerpack/%s/" % (ID_A, powerpack["uuid"]), {"Authorization": "Basic " + BASIC_A})
    try:
        received = b""
        while b"\r\n" not in received:
            received += sock.recv(65536)
        status_line, head = received.split(b"\r\n", 1)
        assert re.fullmatch(rb"HTTP/1\.[01] 200 OK", status_line) and len(head) <= 1
        # After ~1 s, only a handful of bytes of the head have arrived.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            ready, _unused, _unused2 = select.select([sock], [], [], max(deadline - time.monotonic(), 0))
            if ready:
                chunk = sock.recv(65536)
                assert len(chunk) <= 2
                head += chunk
        assert 2 <= len(head) <= 8 and b"Server: PlivoEmulator/1".startswith(head), head
    finally:
        sock.close()
    assert (emu.requests_log[-1]["fault"], emu.requests_log[-1]["status"]) == ("hostile", 200)


def test_trickle_headers_processes_the_request_and_sends_the_body_at_once(emu, api):
    emu.hostile.set({"mode": "trickle_headers", "interval": 0.001})
    made = api.request("POST", "Powerpack/", {"name": "slow-head"})
    assert made.status_code == 200 and made.json()["name"] == "slow-head"
    assert made.headers["Content-Type"] == "application/json" and int(made.headers["Content-Length"]) == len(made.content)
    assert names(emu) == ["slow-head"]
    missing = api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/")
    assert missing.status_code == 404 and missing.json()["error"] == "not found"
    # A 204 (the API reference's delete) has no body and no Content-Length; its head trickles all the same.
    emu.readings.update({"delete_status": 204})
    deleted = api.request("DELETE", "Powerpack/%s/" % made.json()["uuid"])
    assert deleted.status_code == 204 and deleted.content == b"" and "Content-Length" not in deleted.headers
    assert [entry["fault"] for entry in emu.requests_log] == ["hostile"] * 3


def test_a_requests_timeout_never_fires_on_trickled_headers(emu, api):
    """What makes the mode hostile: every byte of the head comes well within a per-read timeout."""
    emu.hostile.set({"mode": "trickle_headers", "interval": 0.01})
    started = time.monotonic()
    response = api.request("GET", "Powerpack/", timeout=0.3)
    assert response.status_code == 200 and response.json()["objects"] == []
    assert time.monotonic() - started > 0.8


def test_stopping_the_emulator_ends_trickled_headers():
    server = emulator.EmulatorServer({ID_A: TOKEN_A}).start()
    server.hostile.set({"mode": "trickle_headers", "interval": 5})
    sock = raw_get(server.url, "/v1/Account/%s/Powerpack/" % ID_A, {"Authorization": "Basic " + BASIC_A})
    try:
        assert b"200" in sock.recv(65536)
        started = time.monotonic()
        server.stop()
        sock.settimeout(10)
        while sock.recv(65536):
            pass
        assert time.monotonic() - started < 3
    finally:
        sock.close()
        server.stop()


# ---------------------------------------------------------------------------
# junk_retry_after
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["soon", "-1", "1.5", "", "Mon, 99 Foo 2020 25:61:00 GMT", "\x1b[8m\x9b"])
def test_junk_retry_after_answers_429_with_the_value_and_processes_nothing(emu, api, value):
    emu.hostile.set({"mode": "junk_retry_after", "value": value})
    for dummy in range(3):
        response = api.request("POST", "Powerpack/", {"name": "never-made"})
        assert response.status_code == 429 and response.headers["Retry-After"] == value
        assert response.json()["error"] == "too many requests"
    assert names(emu) == []
    assert [(entry["fault"], entry["status"]) for entry in emu.requests_log] == [("hostile", 429)] * 3


def test_junk_retry_after_only_the_first_times_requests_that_match(emu, api, powerpack):
    emu.hostile.set({"mode": "junk_retry_after", "value": "later", "status": 503, "times": 2, "method": "GET",
                     "path": "/Powerpack/$"})
    # Not matching: neither counted nor answered by the mode.
    assert api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).status_code == 200
    answers = [api.request("GET", "Powerpack/") for dummy in range(3)]
    assert [a.status_code for a in answers] == [503, 503, 200]
    assert answers[0].headers["Retry-After"] == "later" and answers[0].json()["error"] == "service unavailable"
    assert answers[2].json()["objects"][0]["name"] == "target" and "Retry-After" not in answers[2].headers
    assert [entry["fault"] for entry in emu.requests_log[-4:]] == [None, "hostile", "hostile", None]
    # Setting it again counts again.
    emu.hostile.set({"mode": "junk_retry_after", "times": 1})
    assert [api.request("GET", "Powerpack/").status_code for dummy in range(2)] == [429, 200]


@pytest.mark.parametrize("given, value", [(-1, "-1"), (1.5, "1.5"), (0, "0"), ("", "")])
def test_junk_retry_after_takes_a_number_as_its_text(emu, given, value):
    assert emu.hostile.set({"mode": "junk_retry_after", "value": given})["value"] == value


# ---------------------------------------------------------------------------
# echo_credentials
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("padding", [0, 1, 150, 299, 300])
def test_echo_credentials_json_error_puts_them_after_the_padding(emu, api, padding):
    emu.hostile.set({"mode": "echo_credentials", "padding": padding})
    response = api.request("POST", "Powerpack/", {"name": "never-made"})
    assert response.status_code == 500 and response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"api_id", "error"} and is_uuid4(body["api_id"])
    assert body["error"][padding:] == "Authorization: Basic " + BASIC_A
    assert body["error"][:padding] == (emulator.ECHO_FILLER * 4)[:padding]
    assert names(emu) == []
    assert (emu.requests_log[-1]["fault"], emu.requests_log[-1]["status"]) == ("hostile", 500)


@pytest.mark.parametrize("status", [400, 401, 404, 502, 599])
@pytest.mark.parametrize("fmt, content_type", [("text", "text/plain; charset=utf-8"), ("html", "text/html; charset=utf-8")])
def test_echo_credentials_text_and_html_errors_with_the_decoded_form(emu, api, status, fmt, content_type):
    emu.hostile.set({"mode": "echo_credentials", "status": status, "format": fmt, "decoded": True, "padding": 20})
    response = api.request("GET", "Powerpack/")
    assert response.status_code == status and response.headers["Content-Type"] == content_type
    echoed = "%sAuthorization: Basic %s\nDecoded-Authorization: %s:%s" % (emulator.ECHO_FILLER[:20], BASIC_A, ID_A, TOKEN_A)
    if fmt == "text":
        assert response.text == echoed + "\n"
    else:
        assert response.text == "<html><head><title>%d</title></head><body><pre>%s</pre></body></html>\n" % (status, echoed)


def test_echo_credentials_in_200_answers(emu, api, powerpack):
    emu.hostile.set({"mode": "echo_credentials", "status": 200, "padding": 7})
    response = api.request("GET", "Powerpack/%s/" % powerpack["uuid"])
    assert response.status_code == 200
    body = response.json()
    # Not the powerpack asked for: an answer that echoes them in a field.
    assert set(body) == {"api_id", "message"} and body["message"] == emulator.ECHO_FILLER[:7] + "Authorization: Basic " + BASIC_A
    emu.hostile.set({"mode": "echo_credentials", "status": 200, "format": "html", "padding": 250})
    page = api.request("POST", "Powerpack/", {"name": "never-made"})
    assert page.status_code == 200 and page.headers["Content-Type"] == "text/html; charset=utf-8"
    start = page.text.index("Authorization: Basic " + BASIC_A)
    assert start == len("<html><head><title>200</title></head><body><pre>") + 250
    assert names(emu) == ["target"]


def test_the_request_log_never_holds_the_echoed_credentials_of_echo_credentials(emu, api, admin):
    emu.hostile.set({"mode": "echo_credentials", "decoded": True, "status": 200})
    api.request("GET", "Powerpack/")
    dumped = json.dumps(admin("GET", "requests").json()) + json.dumps(admin("GET", "hostile").json())
    assert TOKEN_A not in dumped and BASIC_A not in dumped


# ---------------------------------------------------------------------------
# control_chars and template_names
# ---------------------------------------------------------------------------

def _every_powerpack_answer(api, powerpack):
    """The names in a list, a read, a create and an update answer."""
    return [api.request("GET", "Powerpack/").json()["objects"][0]["name"],
            api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["name"],
            api.request("POST", "Powerpack/", {"name": "made"}).json()["name"],
            api.request("POST", "Powerpack/%s/" % powerpack["uuid"], {"local_connect": False}).json()["name"]]


def test_control_chars_in_every_powerpack_name_and_error(emu, api, powerpack):
    emu.hostile.set({"mode": "control_chars"})
    injected = emulator.CONTROL_INJECTION
    assert _every_powerpack_answer(api, powerpack) == ["target" + injected, "target" + injected, "made" + injected,
                                                       "target" + injected]
    for needed in ("\x1b[8m", "\r", "\nchanged: [localhost]", "\nPLAY RECAP ", "failed=0", "\u2028", "\x9b"):
        assert needed in injected
    missing = api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/")
    assert missing.status_code == 404 and missing.json()["error"] == "not found" + injected
    refused = api.request("POST", "Powerpack/", {"name": "made"})
    assert refused.status_code == 400 and refused.json()["error"].endswith(injected)
    # Only the answers: the names are stored as sent, and pool answers are left alone.
    assert names(emu) == ["target", "made"]
    assert api.request("GET", "NumberPool/%s/Number/" % powerpack["pool_uuid"]).json()["objects"][0]["number"] == NUMBER
    assert emu.requests_log[-1]["fault"] is None


@pytest.mark.parametrize("where, in_names, in_errors", [("names", True, False), ("errors", False, True)])
def test_control_chars_where(emu, api, powerpack, where, in_names, in_errors):
    emu.hostile.set({"mode": "control_chars", "where": where})
    name = api.request("GET", "Powerpack/%s/" % powerpack["uuid"]).json()["name"]
    error = api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/").json()["error"]
    assert (name == "target" + emulator.CONTROL_INJECTION, name == "target") == (in_names, not in_names)
    assert (error == "not found" + emulator.CONTROL_INJECTION, error == "not found") == (in_errors, not in_errors)
    assert [entry["fault"] for entry in emu.requests_log[-2:]] == ["hostile" if in_names else None,
                                                                   "hostile" if in_errors else None]


@pytest.mark.parametrize("payload", [None, "{{ 7 * 7 }}", "{% raw %}{{ x }}"])
def test_template_names_appends_the_payload_to_every_powerpack_name(emu, api, powerpack, payload):
    emu.hostile.set({"mode": "template_names"} if payload is None else {"mode": "template_names", "payload": payload})
    appended = " {{ lookup('pipe', 'id') }}" if payload is None else payload
    assert _every_powerpack_answer(api, powerpack) == ["target" + appended, "target" + appended, "made" + appended,
                                                       "target" + appended]
    assert names(emu) == ["target", "made"]
    # Errors are left alone.
    assert api.request("GET", "Powerpack/00000000-0000-4000-8000-000000000000/").json()["error"] == "not found"


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def test_flags_set_the_hostile_mode():
    args = emulator.parse_args(["--hostile", "redirect", "--hostile-option", "status=307",
                                "--hostile-option", "location=http://127.0.0.1:9999", "--hostile-option", "path=/Powerpack/"])
    assert args.hostile_settings == {"mode": "redirect", "status": 307, "location": "http://127.0.0.1:9999",
                                     "method": None, "path": "/Powerpack/"}
    args = emulator.parse_args(["--hostile", "endless_page", "--hostile-option", "distinct_pages=true"])
    assert args.hostile_settings["distinct_pages"] is True
    args = emulator.parse_args(["--hostile", "junk_retry_after", "--hostile-option", "value=-1", "--hostile-option", "times=3"])
    assert args.hostile_settings == {"mode": "junk_retry_after", "value": "-1", "status": 429, "times": 3,
                                     "method": None, "path": None}
    args = emulator.parse_args(["--hostile", "template_names", "--hostile-option", "payload= {{ lookup('env', 'HOME') }}"])
    assert args.hostile_settings["payload"] == " {{ lookup('env', 'HOME') }}"
    assert emulator.parse_args([]).hostile_settings is None


@pytest.mark.parametrize("argv, mentions", [
    (["--hostile", "nasty"], "--hostile"),
    (["--hostile", "malformed"], "shape"),
    (["--hostile", "malformed", "--hostile-option", "shape=weird"], "shape"),
    (["--hostile", "trickle", "--hostile-option", "interval"], "KEY=VALUE"),
    (["--hostile", "trickle", "--hostile-option", "size=5"], "unknown option"),
    (["--hostile-option", "shape=not_json"], "needs --hostile"),
])
def test_bad_hostile_flags_are_usage_errors(argv, mentions, capsys):
    with pytest.raises(SystemExit) as exited:
        emulator.parse_args(argv)
    assert exited.value.code == 2
    assert mentions in capsys.readouterr().err


def test_script_with_hostile_flags():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLIVO_") and "proxy" not in k.lower()}
    process = subprocess.Popen([sys.executable, EMULATOR_SCRIPT, "--port", "0", "--hostile", "malformed",
                                "--hostile-option", "shape=total_count_text"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        ready, _unused, _unused2 = select.select([process.stdout], [], [], 20)
        assert ready, "no URL line"
        url = re.fullmatch(r"PLIVO_API_URL=(\S+)\n", process.stdout.readline()).group(1)
        session = plain_session()
        assert session.get(url + "/_emulator/hostile", timeout=10).json() == {
            "mode": "malformed", "shape": "total_count_text", "method": None, "path": None}
        response = Client(url, emulator.DEFAULT_AUTH_ID, emulator.DEFAULT_AUTH_TOKEN).request("GET", "Powerpack/")
        assert response.json()["meta"]["total_count"] == "lots"
        # Switched off at run time.
        assert session.delete(url + "/_emulator/hostile", timeout=10).json() == OFF
        response = Client(url, emulator.DEFAULT_AUTH_ID, emulator.DEFAULT_AUTH_TOKEN).request("GET", "Powerpack/")
        assert response.json()["meta"]["total_count"] == 0
    finally:
        process.send_signal(signal.SIGTERM)
        _stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert stderr == ""


def test_no_traceback_from_any_mode(emu, api, powerpack, capfd):
    """Every mode against every endpoint: the emulator never hits an internal error."""
    settings = [{"mode": "echo_headers"}, {"mode": "redirect", "location": "http://127.0.0.1:1"}, {"mode": "endless_page"},
                {"mode": "oversized", "size": 1000}, {"mode": "dot_segment_pool"},
                {"mode": "trickle_headers", "interval": 0.0001}, {"mode": "junk_retry_after", "value": ""},
                {"mode": "echo_credentials", "status": 200, "decoded": True, "padding": 300},
                {"mode": "control_chars"}, {"mode": "template_names"}]
    settings += [{"mode": "malformed", "shape": shape} for shape in emulator.MALFORMED_SHAPES]
    pool = powerpack["pool_uuid"]
    calls = [("GET", "Powerpack/", None), ("GET", "Powerpack/%s/" % powerpack["uuid"], None),
             ("POST", "Powerpack/%s/" % powerpack["uuid"], {"local_connect": True}),
             ("GET", "NumberPool/%s/Number/" % pool, None), ("GET", "NumberPool/%s/Tollfree/" % pool, None),
             ("GET", "NumberPool/%s/Shortcode/" % pool, None), ("GET", "NumberPool/%s/Number/%s/" % (pool, NUMBER), None),
             ("POST", "NumberPool/%s/Number/%s/" % (pool, NUMBER), None), ("GET", "Nothing/", None)]
    for setting in settings:
        emu.hostile.set(setting)
        for method, path, body in calls:
            try:
                api.request(method, path, body)
            except requests.RequestException:
                pass
    assert all(entry["status"] != 500 or entry["fault"] == "hostile" for entry in emu.requests_log)
    assert "Traceback" not in capfd.readouterr().err


def test_http_client_sees_a_plain_redirect(emu):
    emu.hostile.set({"mode": "redirect", "status": 308, "location": "https://elsewhere.example:8443"})
    connection = http.client.HTTPConnection(emu.url[len("http://"):], timeout=10)
    connection.request("DELETE", "/v1/Account/%s/Powerpack/abc/" % ID_A, headers={"Authorization": "Basic " + BASIC_A})
    response = connection.getresponse()
    assert response.status == 308
    assert response.getheader("Location") == "https://elsewhere.example:8443/v1/Account/%s/Powerpack/abc/" % ID_A
    connection.close()
