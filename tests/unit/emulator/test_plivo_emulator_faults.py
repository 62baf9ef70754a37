# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests for the emulator's fault injection and rate limit (tests/emulator/plivo_emulator.py).

Everything runs in-process against 127.0.0.1, except one subprocess test of the flags.
The rate limit's arithmetic is tested on the Faults object with made-up clock values;
the HTTP tests only use windows and sleeps with wide margins.
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

import pytest
import requests

from ansible_collections.plivo.messaging.tests.unit.emulator.emulator_support import (
    EMULATOR_SCRIPT,
    ID_A,
    ID_B,
    TOKEN_A,
    TOKEN_B,
    emulator,
)

ALL_OFF = {
    "fault_rate": 0.0, "fault_statuses": [500, 503, 429], "fault_retry_after": 1, "drop_rate": 0.0,
    "lost_response_rate": 0.0, "latency_ms": 0.0, "seed": None, "rate_limit": None, "max_consecutive_faults": None,
}
USER_AGENT = "plivo-messaging-test/run-4242"


def basic_auth(auth_id, token):
    return "Basic %s" % base64.b64encode(("%s:%s" % (auth_id, token)).encode()).decode()


class Client:
    """Minimal Plivo client for one account; paths are relative to /v1/Account/{id}/."""

    def __init__(self, base_url, auth_id=ID_A, token=TOKEN_A):
        self.base_url = base_url
        self.auth_id = auth_id
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.auth = (auth_id, token)
        self.session.headers["User-Agent"] = USER_AGENT

    def request(self, method, path, body=None):
        url = "%s/v1/Account/%s/%s" % (self.base_url, self.auth_id, path)
        return self.session.request(method, url, json=body, timeout=10)

    def outcome(self, method, path, body=None):
        """The status, or "closed" when the emulator hung up without answering."""
        try:
            return self.request(method, path, body).status_code
        except requests.ConnectionError:
            return "closed"


@pytest.fixture
def emu():
    with emulator.EmulatorServer({ID_A: TOKEN_A, ID_B: TOKEN_B}) as server:
        yield server


@pytest.fixture
def api(emu):
    return Client(emu.url)


def names(emu, account=ID_A):
    return [pp["name"] for pp in emu.store.snapshot()["accounts"][account]["powerpacks"]]


def api_error_body(response, status, text):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"api_id", "error"} and body["error"] == text
    return body


# ---------------------------------------------------------------------------
# Settings: defaults, Python API, admin endpoint, validation
# ---------------------------------------------------------------------------

def test_everything_is_off_by_default(emu, api, admin):
    assert emu.faults.settings() == ALL_OFF
    assert admin("GET", "faults").json() == ALL_OFF
    for index in range(20):
        assert api.outcome("POST", "Powerpack/", {"name": "pp-%d" % index}) == 200
    assert all(entry["fault"] is None and entry["retry_after"] is None for entry in emu.requests_log)


def test_python_api_takes_faults_and_validates_them():
    with emulator.EmulatorServer(faults={"fault_rate": 0.25, "rate_limit": "300/5", "fault_statuses": "502,504"}) as server:
        settings = server.faults.settings()
        assert settings["fault_rate"] == 0.25 and settings["fault_statuses"] == [502, 504]
        assert settings["rate_limit"] == {"requests": 300, "seconds": 5}
        server.faults.update({"drop_rate": 1})
        assert server.faults.settings()["drop_rate"] == 1.0
        assert server.faults.reset() == ALL_OFF
    with pytest.raises(ValueError, match="fault_rate"):
        emulator.EmulatorServer(faults={"fault_rate": 2})


def test_admin_post_merges_and_delete_turns_everything_off(emu, admin):
    answer = admin("POST", "faults", json={"fault_rate": 0.5, "rate_limit": {"requests": 10, "seconds": 2.5}})
    assert answer.status_code == 200
    expected = dict(ALL_OFF, fault_rate=0.5, rate_limit={"requests": 10, "seconds": 2.5})
    assert answer.json() == expected
    answer = admin("POST", "faults/", json={"latency_ms": 5, "seed": 7, "fault_statuses": [502]})
    expected.update(latency_ms=5.0, seed=7, fault_statuses=[502])
    assert answer.json() == expected == admin("GET", "faults").json() == emu.faults.settings()
    answer = admin("DELETE", "faults")
    assert answer.status_code == 200 and answer.json() == ALL_OFF == admin("GET", "faults").json()
    assert emu.requests_log == []  # admin requests are never logged
    assert admin("PUT", "faults").status_code == 405


@pytest.mark.parametrize("body", [
    {"fault_rate": 1.5}, {"fault_rate": -0.1}, {"fault_rate": "0.5"}, {"fault_rate": True}, {"fault_rate": None},
    {"drop_rate": 2}, {"lost_response_rate": -1},
    {"fault_statuses": []}, {"fault_statuses": [200]}, {"fault_statuses": [600]}, {"fault_statuses": "5xx"},
    {"fault_statuses": [True]}, {"fault_statuses": 500},
    {"fault_retry_after": -1}, {"fault_retry_after": 1.5}, {"fault_retry_after": "1"},
    {"latency_ms": -1}, {"latency_ms": 1e9}, {"latency_ms": "10"},
    {"seed": "x"}, {"seed": 1.5}, {"seed": False},
    {"rate_limit": "300"}, {"rate_limit": "0/5"}, {"rate_limit": "3/0"}, {"rate_limit": "a/b"}, {"rate_limit": "3/inf"},
    {"rate_limit": {"requests": 3}}, {"rate_limit": {"requests": 3, "seconds": -1}}, {"rate_limit": {"requests": 1.5, "seconds": 1}},
    {"rate_limit": 300},
    {"fault_rate": 0.5, "unknown": 1},
    [], "fault_rate=1",
])
def test_admin_post_rejects_nonsense_and_changes_nothing(emu, admin, body):
    answer = admin("POST", "faults", json=body)
    assert answer.status_code == 400, answer.text
    assert set(answer.json()) == {"api_id", "error"}
    assert emu.faults.settings() == ALL_OFF


def test_admin_post_rejects_invalid_json_and_empty_body(admin):
    assert admin("POST", "faults", data="{nope", headers={"Content-Type": "application/json"}).status_code == 400
    assert admin("POST", "faults").status_code == 400


def test_admin_post_accepts_string_forms(admin):
    answer = admin("POST", "faults", json={"rate_limit": "3/0.5", "fault_statuses": "500, 429"}).json()
    assert answer["rate_limit"] == {"requests": 3, "seconds": 0.5} and answer["fault_statuses"] == [500, 429]
    assert admin("POST", "faults", json={"rate_limit": None}).json()["rate_limit"] is None


# ---------------------------------------------------------------------------
# Status faults
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("status, text, retry_after", [
    (500, "internal server error", None),
    (503, "service unavailable", "1"),
    (429, "too many requests", "1"),
])
def test_status_fault_answers_the_api_error_shape_and_processes_nothing(emu, api, status, text, retry_after):
    emu.faults.update({"fault_rate": 1, "fault_statuses": [status]})
    response = api.request("POST", "Powerpack/", {"name": "never-made"})
    api_error_body(response, status, text)
    assert response.headers.get("Retry-After") == retry_after
    assert names(emu) == []
    entry = emu.requests_log[-1]
    assert entry["fault"] == "status" and entry["status"] == status
    assert entry["retry_after"] == (None if retry_after is None else int(retry_after))
    assert entry["body"] == {"name": "never-made"} and entry["client"] == USER_AGENT


@pytest.mark.parametrize("status, title", [(502, "Bad Gateway"), (504, "Gateway Timeout")])
def test_502_and_504_faults_answer_an_html_page(emu, api, status, title):
    emu.faults.update({"fault_rate": 1, "fault_statuses": [status]})
    response = api.request("GET", "Powerpack/")
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.text.startswith("<!DOCTYPE html>") and "%d %s" % (status, title) in response.text
    assert "Retry-After" not in response.headers
    with pytest.raises(ValueError):
        response.json()


def test_fault_retry_after_value_and_zero_means_no_header(emu, api):
    emu.faults.update({"fault_rate": 1, "fault_statuses": [503, 429], "fault_retry_after": 7})
    for _unused in range(6):
        assert api.request("GET", "Powerpack/").headers["Retry-After"] == "7"
    assert {entry["retry_after"] for entry in emu.requests_log} == {7}
    emu.faults.update({"fault_retry_after": 0})
    response = api.request("GET", "Powerpack/")
    assert response.status_code in (503, 429) and "Retry-After" not in response.headers
    assert emu.requests_log[-1]["retry_after"] is None


def test_status_faults_leave_updates_and_deletes_unprocessed(emu, api):
    made = api.request("POST", "Powerpack/", {"name": "kept"}).json()
    emu.faults.update({"fault_rate": 1, "fault_statuses": [500]})
    assert api.outcome("POST", "Powerpack/%s/" % made["uuid"], {"name": "renamed"}) == 500
    assert api.outcome("DELETE", "Powerpack/%s/" % made["uuid"]) == 500
    assert names(emu) == ["kept"]


def test_fault_rate_and_statuses_are_drawn_with_the_seed(emu, api):
    emu.faults.update({"fault_rate": 0.5, "fault_statuses": [500, 503, 502], "seed": 1})
    outcomes = [api.outcome("GET", "Powerpack/") for _unused in range(300)]
    faulted = [status for status in outcomes if status != 200]
    assert 100 < len(faulted) < 200
    assert {status: faulted.count(status) > 20 for status in (500, 502, 503)} == {500: True, 502: True, 503: True}


@pytest.mark.parametrize("cap", [0, 1, 3, 5])
def test_a_request_is_faulted_at_most_max_consecutive_faults_times_in_a_row(emu, api, cap):
    emu.faults.update({"fault_rate": 1, "fault_statuses": [500], "max_consecutive_faults": cap})
    # The same request: faulted cap times, then answered, then faulted again from the start.
    assert [api.outcome("GET", "Powerpack/") for _unused in range(2 * cap + 2)] == ([500] * cap + [200]) * 2
    # Another request (another path, method or query) has a streak of its own.
    assert api.outcome("GET", "Powerpack/?offset=20") == (500 if cap else 200)


def test_the_cap_counts_drops_and_lost_responses_too_and_spares_the_rate_limit(emu, api):
    emu.faults.update({"drop_rate": 1, "max_consecutive_faults": 2})
    assert [api.outcome("GET", "Powerpack/") for _unused in range(3)] == ["closed", "closed", 200]
    emu.faults.update({"drop_rate": 0, "lost_response_rate": 1})
    assert [api.outcome("POST", "Powerpack/", {"name": "n%d" % i}) for i in range(3)] == ["closed", "closed", 200]
    assert sorted(names(emu)) == ["n0", "n1", "n2"]
    # The rate limit is not a random fault: it is never lifted by the cap.
    emu.faults.update({"lost_response_rate": 0, "rate_limit": {"requests": 1, "seconds": 60}})
    assert [api.outcome("GET", "Powerpack/") for _unused in range(4)] == [200, 429, 429, 429]


def test_the_cap_keeps_the_seeded_draws_and_tells_clients_apart(emu):
    emu.faults.update({"fault_rate": 0.5, "seed": 7})
    free = [Client(emu.url).outcome("GET", "Powerpack/") for _unused in range(40)]
    emu.faults.update({"seed": 7, "max_consecutive_faults": 1})
    first, second = Client(emu.url), Client(emu.url)
    second.session.headers["User-Agent"] = USER_AGENT + "-other"
    capped = [(first if n % 2 else second).outcome("GET", "Powerpack/") for n in range(40)]
    # Each draw is the same as without the cap; only a second fault in a row of one client's request is lifted.
    assert all(c == f or (c == 200 and f != 200) for c, f in zip(capped, free))
    for client_outcomes in (capped[0::2], capped[1::2]):
        assert not any(a != 200 and b != 200 for a, b in zip(client_outcomes, client_outcomes[1:]))
    assert any(c != 200 for c in capped)


# ---------------------------------------------------------------------------
# Drops and lost responses
# ---------------------------------------------------------------------------

def raw_exchange(url, payload):
    """Send raw bytes, return everything the emulator sent back before closing."""
    host, port = re.match(r"http://([^:]+):(\d+)", url).groups()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(payload)
        received = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return received
            received += chunk


def create_request(name, auth=(ID_A, TOKEN_A), user_agent=None):
    body = json.dumps({"name": name}).encode()
    headers = [
        "POST /v1/Account/%s/Powerpack/ HTTP/1.1" % auth[0],
        "Host: 127.0.0.1",
        "Authorization: %s" % basic_auth(*auth),
        "Content-Type: application/json",
        "Content-Length: %d" % len(body),
    ]
    if user_agent:
        headers.append("User-Agent: %s" % user_agent)
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def test_drop_closes_the_connection_without_a_byte_and_changes_nothing(emu, capfd):
    emu.faults.update({"drop_rate": 1})
    assert raw_exchange(emu.url, create_request("dropped")) == b""
    with pytest.raises(requests.ConnectionError):
        Client(emu.url).request("POST", "Powerpack/", {"name": "dropped-too"})
    connection = http.client.HTTPConnection(emu.url[len("http://"):], timeout=10)
    connection.request("GET", "/v1/Account/%s/Powerpack/" % ID_A, headers={"Authorization": "Basic eA=="})
    assert connection.getresponse().status == 401  # authentication failures are never faulted
    connection.close()
    connection = http.client.HTTPConnection(emu.url[len("http://"):], timeout=10)
    connection.request("GET", "/v1/Account/%s/Powerpack/" % ID_A, headers={"Authorization": basic_auth(ID_A, TOKEN_A)})
    with pytest.raises(http.client.RemoteDisconnected):
        connection.getresponse()
    connection.close()
    assert names(emu) == []
    log = emu.requests_log
    assert [(entry["fault"], entry["status"]) for entry in log] == [("drop", None), ("drop", None), (None, 401), ("drop", None)]
    assert log[0]["client"] is None and log[1]["client"] == USER_AGENT
    assert all(entry["retry_after"] is None for entry in log)
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Exception" not in captured.err


def test_admin_requests_are_never_faulted_or_delayed(emu, admin):
    emu.faults.update({"drop_rate": 1, "fault_rate": 1, "rate_limit": "1/60", "latency_ms": 2000})
    started = time.monotonic()
    for _unused in range(3):
        assert admin("GET", "health").json() == {"status": "ok"}
        assert admin("GET", "requests").status_code == 200
    assert time.monotonic() - started < 1.5


def test_lost_response_creates_the_powerpack_but_never_answers(emu, api):
    emu.faults.update({"lost_response_rate": 1})
    with pytest.raises(requests.ConnectionError):
        api.request("POST", "Powerpack/", {"name": "ghost"})
    assert names(emu) == ["ghost"]
    entry = emu.requests_log[-1]
    assert (entry["fault"], entry["status"], entry["retry_after"]) == ("lost_response", 200, None)
    # The client's recovery: look the name up again, and find it.
    listed = api.request("GET", "Powerpack/").json()["objects"]
    assert [pp["name"] for pp in listed] == ["ghost"]
    # A retried create (without the lookup) fails as a duplicate and is answered: only successes are lost.
    retried = api.request("POST", "Powerpack/", {"name": "ghost"})
    assert retried.status_code == 400 and emu.requests_log[-1]["fault"] is None
    assert raw_exchange(emu.url, create_request("ghost-2")) == b""
    assert names(emu) == ["ghost", "ghost-2"]


def test_lost_response_only_hits_creates(emu, api):
    made = api.request("POST", "Powerpack/", {"name": "target"}).json()
    emu.faults.update({"lost_response_rate": 1})
    assert api.outcome("GET", "Powerpack/") == 200
    assert api.outcome("GET", "Powerpack/%s/" % made["uuid"]) == 200
    assert api.outcome("POST", "Powerpack/%s/" % made["uuid"], {"sticky_sender": False}) == 200
    assert api.outcome("DELETE", "Powerpack/%s" % made["uuid"]) == 200
    assert all(entry["fault"] is None for entry in emu.requests_log)


# ---------------------------------------------------------------------------
# Seed and order of the draws
# ---------------------------------------------------------------------------

def serial_run(emu, admin, seed):
    """Reset, reseed, make 60 mixed requests one at a time; return the log's outcomes."""
    assert admin("POST", "reset").status_code == 204
    admin("POST", "faults", json={"seed": seed})
    api = Client(emu.url)
    for index in range(60):
        if index % 3 == 0:
            api.outcome("GET", "Powerpack/")
        else:
            api.outcome("POST", "Powerpack/", {"name": "pp-%02d" % index})
    return [(entry["fault"], entry["status"]) for entry in emu.requests_log]


def test_a_seeded_serial_run_is_reproducible(emu, admin):
    admin("POST", "faults", json={"fault_rate": 0.3, "fault_statuses": [500, 503, 429, 502],
                                  "drop_rate": 0.15, "lost_response_rate": 0.3})
    first = serial_run(emu, admin, 42)
    made_first = names(emu)
    assert serial_run(emu, admin, 42) == first
    assert names(emu) == made_first
    assert {fault for fault, _status in first} == {None, "status", "drop", "lost_response"}
    assert serial_run(emu, admin, 43) != first


def test_the_seed_flag_and_a_fresh_server_give_the_same_outcomes():
    def run():
        with emulator.EmulatorServer(faults={"fault_rate": 0.5, "seed": 5}) as server:
            api = Client(server.url, emulator.DEFAULT_AUTH_ID, emulator.DEFAULT_AUTH_TOKEN)
            return [api.outcome("GET", "Powerpack/") for _unused in range(40)]
    assert run() == run()


def test_rate_limit_comes_before_drops_and_faulted_requests_count(emu, api):
    emu.faults.update({"rate_limit": "2/60", "drop_rate": 1})
    assert [api.outcome("GET", "Powerpack/") for _unused in range(3)] == ["closed", "closed", 429]
    assert [entry["fault"] for entry in emu.requests_log] == ["drop", "drop", "rate_limit"]


# ---------------------------------------------------------------------------
# Rate limit
# ---------------------------------------------------------------------------

def test_rate_limit_window_arithmetic():
    faults = emulator.Faults({"rate_limit": "3/5"})
    assert [faults.decide(ID_A, False, now) for now in (100.0, 101.0, 102.0)] == [None, None, None]
    # Full: the oldest (100.0) leaves at 105.0.
    assert faults.decide(ID_A, False, 102.5) == ("rate_limit", 429, 3)
    assert faults.decide(ID_A, False, 104.2) == ("rate_limit", 429, 1)
    assert faults.decide(ID_A, False, 104.99) == ("rate_limit", 429, 1)  # never less than 1
    assert faults.decide(ID_B, False, 104.99) is None  # other accounts have their own window
    assert faults.decide(ID_A, False, 105.0) is None  # 100.0 has left; rejected requests did not count
    assert faults.decide(ID_A, False, 105.5) == ("rate_limit", 429, 1)  # now 101.0 is the oldest
    # At 107.0 both 101.0 and 102.0 have left (a request at T is in the window until T + 5 exactly).
    assert [faults.decide(ID_A, False, 107.0) for _unused in range(3)] == [None, None, ("rate_limit", 429, 3)]
    assert faults.decide(ID_A, False, 107.5) == ("rate_limit", 429, 3)  # window 105.0, 107.0, 107.0: 105.0 leaves at 110.0
    faults.update({"rate_limit": {"requests": 3, "seconds": 5}})  # setting it again empties the windows
    assert faults.decide(ID_A, False, 107.0) is None


def test_rate_limit_answers_429_with_retry_after_and_processes_nothing(emu, api):
    emu.faults.update({"rate_limit": "2/30"})
    other = Client(emu.url, ID_B, TOKEN_B)
    assert api.outcome("POST", "Powerpack/", {"name": "one"}) == 200
    assert api.outcome("GET", "Powerpack/") == 200
    response = api.request("POST", "Powerpack/", {"name": "two"})
    api_error_body(response, 429, "too many requests")
    assert response.headers["Retry-After"] in ("30", "29")
    assert names(emu) == ["one"]
    assert other.outcome("GET", "Powerpack/") == 200
    entry = [e for e in emu.requests_log if e["account"] == ID_A][-1]
    assert (entry["fault"], entry["status"], entry["retry_after"]) == ("rate_limit", 429, int(response.headers["Retry-After"]))
    assert entry["client"] == USER_AGENT


def test_rate_limit_window_slides_and_rejections_do_not_count(emu, api):
    emu.faults.update({"rate_limit": "2/2"})
    assert api.outcome("GET", "Powerpack/") == 200
    time.sleep(1.0)
    assert api.outcome("GET", "Powerpack/") == 200
    rejected = [api.request("GET", "Powerpack/") for _unused in range(5)]
    assert [r.status_code for r in rejected] == [429] * 5
    assert {r.headers["Retry-After"] for r in rejected} == {"1"}  # the first request leaves in about 1 s
    time.sleep(1.2)  # it has left now; the five 429s were never in the window, the second request still is
    assert api.outcome("GET", "Powerpack/") == 200
    assert api.outcome("GET", "Powerpack/") == 429


def test_authentication_failures_are_never_rate_limited_or_faulted(emu):
    emu.faults.update({"rate_limit": "1/60", "fault_rate": 1, "drop_rate": 1})
    wrong = Client(emu.url, ID_A, "wrong-token")
    assert [wrong.outcome("GET", "Powerpack/") for _unused in range(4)] == [401] * 4
    assert all(entry["fault"] is None and entry["account"] is None for entry in emu.requests_log)


# ---------------------------------------------------------------------------
# Latency and timestamps
# ---------------------------------------------------------------------------

def test_latency_delays_api_requests_and_time_is_the_arrival(emu, api):
    emu.faults.update({"latency_ms": 300})
    started = time.time()
    assert api.outcome("GET", "Powerpack/") == 200
    assert time.time() - started >= 0.3
    entry = emu.requests_log[-1]
    assert started <= entry["time"] < started + 0.2
    assert entry["sent"] - entry["time"] >= 0.3


def test_latency_lets_concurrent_clients_overlap(emu):
    emu.faults.update({"latency_ms": 400})
    clients = [Client(emu.url) for _unused in range(4)]
    results = []
    threads = [threading.Thread(target=lambda c=c: results.append(c.outcome("GET", "Powerpack/"))) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 4
    assert time.monotonic() - started < 1.2  # not 4 x 0.4 s one after the other
    log = emu.requests_log
    assert max(e["time"] for e in log) < min(e["sent"] for e in log)  # all four were in flight at once


def test_log_never_holds_credentials_under_faults(emu, admin):
    emu.faults.update({"fault_rate": 0.5, "drop_rate": 0.2, "lost_response_rate": 0.5, "seed": 3, "rate_limit": "5/60"})
    api = Client(emu.url)
    for index in range(10):
        api.outcome("POST", "Powerpack/", {"name": "s-%d" % index})
    dumped = json.dumps(admin("GET", "requests").json()) + json.dumps(admin("GET", "faults").json())
    assert TOKEN_A not in dumped and "Basic " not in dumped


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def test_flags_set_the_faults():
    args = emulator.parse_args(["--fault-rate", "0.2", "--fault-statuses", "502,504", "--fault-retry-after", "0",
                                "--drop-rate", "0.1", "--lost-response-rate", "0.3", "--latency", "25",
                                "--seed", "9", "--rate-limit", "300/5", "--max-consecutive-faults", "4"])
    assert args.faults == {"fault_rate": 0.2, "fault_statuses": [502, 504], "fault_retry_after": 0, "drop_rate": 0.1,
                           "lost_response_rate": 0.3, "latency_ms": 25.0, "seed": 9,
                           "rate_limit": {"requests": 300, "seconds": 5}, "max_consecutive_faults": 4}
    assert emulator.parse_args([]).faults == {}


@pytest.mark.parametrize("argv, mentions", [
    (["--fault-rate", "1.5"], "--fault-rate"),
    (["--fault-rate", "lots"], "--fault-rate"),
    (["--drop-rate", "-0.5"], "--drop-rate"),
    (["--lost-response-rate", "7"], "--lost-response-rate"),
    (["--fault-statuses", "500,ok"], "--fault-statuses"),
    (["--fault-statuses", "200"], "--fault-statuses"),
    (["--fault-retry-after", "-1"], "--fault-retry-after"),
    (["--latency", "-3"], "--latency"),
    (["--seed", "x"], "--seed"),
    (["--rate-limit", "300"], "--rate-limit"),
    (["--rate-limit", "0/5"], "--rate-limit"),
    (["--max-consecutive-faults", "-1"], "--max-consecutive-faults"),
    (["--max-consecutive-faults", "x"], "--max-consecutive-faults"),
])
def test_bad_fault_flags_are_usage_errors(argv, mentions, capsys):
    with pytest.raises(SystemExit) as exited:
        emulator.parse_args(argv)
    assert exited.value.code == 2
    assert mentions in capsys.readouterr().err


def test_script_with_fault_flags():
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLIVO_") and "proxy" not in k.lower()}
    process = subprocess.Popen([sys.executable, EMULATOR_SCRIPT, "--port", "0", "--fault-rate", "1", "--fault-statuses", "503",
                                "--fault-retry-after", "3", "--rate-limit", "300/5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        ready, _unused, _unused2 = select.select([process.stdout], [], [], 20)
        assert ready, "no URL line"
        url = re.fullmatch(r"PLIVO_API_URL=(\S+)\n", process.stdout.readline()).group(1)
        session = requests.Session()
        session.trust_env = False
        settings = session.get(url + "/_emulator/faults", timeout=10).json()
        assert settings == dict(ALL_OFF, fault_rate=1.0, fault_statuses=[503], fault_retry_after=3,
                                rate_limit={"requests": 300, "seconds": 5})
        response = Client(url, emulator.DEFAULT_AUTH_ID, emulator.DEFAULT_AUTH_TOKEN).request("GET", "Powerpack/")
        assert response.status_code == 503 and response.headers["Retry-After"] == "3"
    finally:
        process.send_signal(signal.SIGTERM)
        _stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert stderr == ""
