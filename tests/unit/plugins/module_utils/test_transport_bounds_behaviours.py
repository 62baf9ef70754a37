# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The bounds on an answer (issue 15), exactly at their edges: a body of the size cap is
read and one byte more is an error, whether it streams in or is already in memory; the
body ends at the deadline for the whole answer and not a moment before; no more than one
64 kB read past the cap is taken off the wire; and a body whose reading fails gives a
message that says so, without the credentials."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
import requests
from urllib3.exceptions import ProtocolError

from ansible_collections.plivo.messaging.plugins.module_utils import transport
from ansible_collections.plivo.messaging.tests.unit.plugins.module_utils import test_transport_behaviours as behaviours
from ansible_collections.plivo.messaging.tests.unit.plugins.module_utils.test_transport_behaviours import (
    BASIC,
    PATH,
    UUID,
    client,
    failure,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import AUTH_TOKEN, Call, powerpack

wire = pytest.fixture(behaviours.wire.__wrapped__, name="wire")

CAP_HINT = "; a Plivo API answer is a few kB; check that api_url points at the Plivo API"


def body_of(size):
    """A powerpack answer of exactly ``size`` bytes."""
    body = json.dumps(dict(powerpack(), padding=""))
    return json.dumps(dict(powerpack(), padding="x" * (size - len(body)))).encode()


def pieces(data, size):
    return [data[at:at + size] for at in range(0, len(data), size)]


class TestSizeCap:
    @pytest.mark.parametrize("cap, piece", [(1024, 100), (2048, 1000), (2048, 2048)])
    def test_a_streamed_body_of_the_cap_is_read(self, wire, monkeypatch, cap, piece):
        monkeypatch.setattr(transport, "MAX_RESPONSE_BYTES", cap)
        wire.answer(200, pieces=pieces(body_of(cap), piece))
        assert client().get_powerpack(UUID)["padding"].startswith("x")

    @pytest.mark.parametrize("cap, piece", [(1024, 100), (2048, 1000), (2048, 2049), (3072, 1)])
    def test_a_streamed_body_one_byte_over_the_cap_is_an_error(self, wire, monkeypatch, cap, piece):
        monkeypatch.setattr(transport, "MAX_RESPONSE_BYTES", cap)
        wire.answer(200, pieces=pieces(body_of(cap + 1), piece))
        error = failure(lambda: client().get_powerpack(UUID))
        assert str(error) == "Plivo API returned HTTP 200 for GET %s: the answer is larger than %d kB%s" % (PATH, cap // 1024, CAP_HINT)
        assert (error.method, error.path, error.status) == ("GET", PATH, 200)

    def test_the_default_cap_is_4_mb(self, wire):
        cap = 4 * 1024 * 1024
        wire.answer(200, pieces=pieces(body_of(cap), 65536)).answer(200, pieces=pieces(body_of(cap + 1), 65536))
        assert client().get_powerpack(UUID)["uuid"] == UUID
        assert str(failure(lambda: client().get_powerpack(UUID))) == (
            "Plivo API returned HTTP 200 for GET %s: the answer is larger than 4096 kB%s" % (PATH, CAP_HINT))

    def test_no_more_than_one_64_kb_read_past_the_cap_is_taken(self, wire, monkeypatch):
        monkeypatch.setattr(transport, "MAX_RESPONSE_BYTES", 256 * 1024)
        # A server that never stops: each read gets as much as it asks for (all of 8 MB when it sets no limit).
        endless = [lambda amt: b" " * (amt or 8 * 1024 * 1024)] * 200
        wire.answer(200, pieces=endless)
        assert "larger than 256 kB" in str(failure(lambda: client().get_powerpack(UUID)))
        assert 256 * 1024 < wire.raws[0].pulled <= (256 + 64) * 1024

    @pytest.mark.parametrize("cap", [1024, 2048])
    def test_a_body_already_in_memory_has_the_same_cap(self, http, monkeypatch, cap):
        monkeypatch.setattr(transport, "MAX_RESPONSE_BYTES", cap)
        http.expect(Call("GET", "Powerpack/%s/" % UUID, raw=body_of(cap).decode()),
                    Call("GET", "Powerpack/%s/" % UUID, raw=body_of(cap + 1).decode()))
        assert client().get_powerpack(UUID)["uuid"] == UUID
        error = failure(lambda: client().get_powerpack(UUID))
        assert str(error) == "Plivo API returned HTTP 200 for GET %s: the answer is larger than %d kB" % (PATH, cap // 1024)
        assert (error.method, error.path, error.status) == ("GET", PATH, 200)


class TestDeadline:
    @pytest.fixture
    def clock(self, monkeypatch):
        now = SimpleNamespace(value=1000.0)
        monkeypatch.setattr(transport, "time", SimpleNamespace(monotonic=lambda: now.value))
        return now

    def _at(self, clock, when, data):
        def piece(amt):
            clock.value = when
            return data
        return piece

    @pytest.mark.parametrize("timeout", [30, 2.5])
    def test_a_body_whose_last_piece_arrives_at_the_deadline_is_read(self, wire, clock, timeout):
        body = json.dumps(powerpack()).encode()
        wire.answer(200, pieces=[self._at(clock, 1000.0 + timeout / 2, body[:10]), self._at(clock, 1000.0 + timeout, body[10:])])
        assert client(timeout=timeout).get_powerpack(UUID)["uuid"] == UUID

    @pytest.mark.parametrize("timeout", [30, 2.5])
    def test_a_body_still_arriving_after_the_deadline_is_an_error(self, wire, clock, timeout):
        body = json.dumps(powerpack()).encode()
        wire.answer(200, pieces=[self._at(clock, 1000.0, body[:10]), self._at(clock, 1000.0 + timeout + 0.001, body[10:])])
        error = failure(lambda: client(timeout=timeout).get_powerpack(UUID))
        assert str(error) == "Plivo API returned HTTP 200 for GET %s: the answer did not arrive within timeout (%s s)" % (PATH, timeout)
        assert (error.method, error.path, error.status) == ("GET", PATH, 200)


class TestReadFailures:
    @pytest.mark.parametrize("exc, text", [
        (ProtocolError("Connection broken: IncompleteRead(10 bytes read, 90 more expected)"),
         "ProtocolError: Connection broken: IncompleteRead(10 bytes read, 90 more expected)"),
        (ConnectionResetError(104, "Connection reset by peer"), "ConnectionResetError: [Errno 104] Connection reset by peer"),
        (requests.exceptions.ChunkedEncodingError("bad chunk"), "ChunkedEncodingError: bad chunk"),
        (ProtocolError("echo Authorization: Basic %s token=%s" % (BASIC, AUTH_TOKEN)),
         "ProtocolError: echo Authorization: Basic ******** token=********"),
    ])
    def test_a_body_whose_reading_fails_says_so(self, wire, exc, text):
        wire.answer(200, pieces=[b'{"uuid": ', exc])
        error = failure(lambda: client().get_powerpack(UUID))
        assert str(error) == "Plivo API request GET %s failed: reading the answer failed: %s" % (PATH, text)
        assert (error.method, error.path, error.status, error.retries) == ("GET", PATH, None, 0)
        assert error.ambiguous is True
