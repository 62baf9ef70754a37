# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The answer's deadline (issue 20, point 5): each attempt's answer, its headers and its
body, ends within ``timeout`` of the moment its request was sent, whatever the server does.
A server on 127.0.0.1 that trickles the header lines, the body or the chunk sizes a byte at
a time (each byte well within a per-read timeout) ends a task within the timeout per
attempt plus the backoff; an answer that arrives in time, and a connection used again, are
not affected; and no thread or timer of the client is left behind."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import transport
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins.module_utils import test_https

AUTH_ID = "MADEADLINETEST000000"
TOKEN = "deadline-secret-token-9f1d"
U1 = "00000000-0000-4000-8000-000000000001"
PATH = "/v1/Account/%s/Powerpack/%s/" % (AUTH_ID, U1)
PP = {"uuid": U1, "name": "alerts", "sticky_sender": True, "local_connect": True, "application_id": "",
      "application_type": "", "number_pool": "/p/", "created_on": "2020-09-23T09:31:25.924044Z"}
EMPTY_PAGE = {"api_id": "x", "meta": {"limit": 20, "offset": 0, "total_count": 0, "next": None, "previous": None},
              "objects": []}
TIMEOUT_HINT = "raise timeout if the API is slow from here"
# A byte every 50 ms: far within any per-read timeout here, and a server thread notices a closed client quickly.
INTERVAL = 0.05
# What a loaded test machine may add to a bound (make test runs sanity and playbooks beside these on 2
# cores). Every trickle here would go on for 20 s and more without the deadline, so a bound plus this
# still tells a bounded answer from an unbounded one.
SLACK = 2.5

# The self-signed certificate of test_https.py, for the same server over TLS.
certificate = test_https.certificate


class RawServer:
    """An HTTP/1.1 server on 127.0.0.1 that writes each answer with ``answer(conn, number, stop)``
    (True keeps the connection for another request). Its threads end when it closes."""

    def __init__(self, answer, tls=None):
        self.answer = answer
        self.tls = tls
        self.requests = []
        self.connections = 0
        self.stop = threading.Event()
        self.threads = []
        self.sockets = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.url = "%s://127.0.0.1:%d" % ("https" if tls else "http", self.listener.getsockname()[1])
        self._start(self._accept)

    def _start(self, target, *args):
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def _accept(self):
        while not self.stop.is_set():
            try:
                conn, _address = self.listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections += 1
            self._start(self._serve, conn)

    def _serve(self, conn):
        try:
            conn.settimeout(5)
            if self.tls:
                conn = self.tls.wrap_socket(conn, server_side=True)
            self.sockets.append(conn)
            received = b""
            while not self.stop.is_set():
                while b"\r\n\r\n" not in received:
                    data = conn.recv(65536)
                    if not data:
                        return
                    received += data
                head, received = received.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                length = next((int(line.split(":", 1)[1]) for line in lines[1:] if line.lower().startswith("content-length:")), 0)
                while len(received) < length:
                    received += conn.recv(65536)
                received = received[length:]
                self.requests.append(tuple(lines[0].split(" ")[:2]))
                if not self.answer(conn, len(self.requests), self.stop):
                    return
        except OSError:
            return
        finally:
            conn.close()

    def close(self):
        self.stop.set()
        self.listener.close()
        for conn in self.sockets:
            # Ends a wait for the next request on a connection the client keeps open (the plain
            # socket's shutdown: a TLS socket's would drop its TLS state under the thread reading it).
            try:
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
            except OSError:
                pass
        for thread in self.threads:
            thread.join(10)


@pytest.fixture
def serve(request):
    """Starts RawServer(answer, tls) on demand; after the test, with the servers' threads gone,
    no thread started during the test is left: the client left none behind. (Threads of earlier
    tests in the same worker may end meanwhile: only new ones count.)"""
    before = set(threading.enumerate())
    servers = []

    def start(answer, scheme="http"):
        tls = None
        if scheme == "https":
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(*request.getfixturevalue("certificate"))
        servers.append(RawServer(answer, tls))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
    assert not set(threading.enumerate()) - before, set(threading.enumerate()) - before


def trickle(conn, data, stop, interval=INTERVAL):
    """Sends ``data`` a byte every ``interval``; False when the server stops first."""
    for index in range(len(data)):
        conn.sendall(data[index:index + 1])
        if stop.wait(interval):
            return False
    return True


def head(status=200, length=None, **headers):
    lines = ["HTTP/1.1 %d %s" % (status, "OK" if status == 200 else "Busy"), "Content-Type: application/json"]
    if length is not None:
        lines.append("Content-Length: %d" % length)
    lines += ["%s: %s" % (name.replace("_", "-"), value) for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def headers_trickled(conn, number, stop):
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    trickle(conn, b"X-Slow: " + b"a" * 400 + b"\r\n\r\n", stop)
    return False


def body_trickled(conn, number, stop):
    conn.sendall(head(200, 1000))
    trickle(conn, b" " * 1000, stop)
    return False


def chunk_sizes_trickled(conn, number, stop):
    # A 503 (retried) whose chunk-size line never ends: urllib3 drains such a body before the retry.
    conn.sendall(head(503, Transfer_Encoding="chunked"))
    trickle(conn, b"1" * 1000, stop)
    return False


def normal(conn, number, stop):
    body = json.dumps(PP).encode()
    conn.sendall(head(200, len(body)) + body)
    return True


def client(server, timeout, max_retries=0, warnings=None):
    return PlivoClient(server.url, AUTH_ID, TOKEN, timeout=timeout, max_retries=max_retries,
                       validate_certs=server.tls is None, warn=(warnings if warnings is not None else []).append)


def timed_failure(call):
    started = time.monotonic()
    with pytest.raises(PlivoApiError) as failed:
        call()
    return time.monotonic() - started, failed.value


pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_headers_that_trickle_end_within_the_timeout(serve, scheme):
    server = serve(headers_trickled, scheme)
    elapsed, error = timed_failure(lambda: client(server, timeout=0.5).get_powerpack(U1))
    # Before the deadline, a trickle of 400 header bytes went on for 20 s and more.
    assert 0.45 <= elapsed < 0.5 + SLACK
    assert str(error) == ("Plivo API request GET %s failed: no answer from 127.0.0.1 port %s within timeout (0.5 s) "
                          "(1 attempt); %s" % (PATH, server.url.rsplit(":", 1)[1], TIMEOUT_HINT))
    assert (error.status, error.ambiguous) == (None, True)
    assert server.requests == [("GET", PATH)]


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_body_that_trickles_ends_within_the_timeout(serve, scheme):
    server = serve(body_trickled, scheme)
    elapsed, error = timed_failure(lambda: client(server, timeout=0.5).get_powerpack(U1))
    assert 0.45 <= elapsed < 0.5 + SLACK
    assert str(error) == "Plivo API returned HTTP 200 for GET %s: the answer did not arrive within timeout (0.5 s)" % PATH


def test_the_headers_count_towards_the_deadline_of_the_body(serve):
    """The deadline runs from the send, not from the end of the headers: slow headers leave less time for the body."""
    def slow_headers_then_slow_body(conn, number, stop):
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        # 64 bytes at 50 ms: the headers take 3.2 s of the 4 s.
        if trickle(conn, b"X-A: " + b"b" * 57 + b"\r\n", stop):
            conn.sendall(head(200, 1000)[len(b"HTTP/1.1 200 OK\r\n"):])
            trickle(conn, b" " * 1000, stop)
        return False

    server = serve(slow_headers_then_slow_body)
    elapsed, error = timed_failure(lambda: client(server, timeout=4).get_powerpack(U1))
    # Counted from the end of the headers it would have been 7.2 s.
    assert 3.95 <= elapsed < 6.0
    assert "the answer did not arrive within timeout (4 s)" in str(error)


def test_chunk_sizes_that_trickle_are_bounded_on_every_attempt(serve, fast_backoff):
    warnings = []
    server = serve(chunk_sizes_trickled)
    elapsed, error = timed_failure(lambda: client(server, timeout=0.5, max_retries=1, warnings=warnings).get_powerpack(U1))
    # Two attempts of 0.5 s (urllib3 drains the first 503's body before the retry) and a backoff of at most 0.01 s.
    assert 1.0 <= elapsed < 1.0 + SLACK
    assert str(error) == ("Plivo API returned HTTP 503 for GET %s: the answer did not arrive within timeout (0.5 s)"
                          % PATH)
    assert len(warnings) == 1 and warnings[0].startswith("Plivo API: retrying GET %s after HTTP 503 (retry 1 of 1" % PATH)
    assert server.requests == [("GET", PATH)] * 2


def test_a_task_ends_within_the_timeout_for_each_attempt_plus_the_backoff(serve, fast_backoff):
    warnings = []
    server = serve(headers_trickled)
    elapsed, error = timed_failure(lambda: client(server, timeout=0.5, max_retries=2, warnings=warnings).get_powerpack(U1))
    assert 1.5 <= elapsed < 1.5 + SLACK
    assert str(error).endswith("within timeout (0.5 s) (3 attempts); " + TIMEOUT_HINT)
    assert [w.split(" (retry")[0] for w in warnings] == ["Plivo API: retrying GET %s after ReadTimeoutError" % PATH] * 2
    assert server.requests == [("GET", PATH)] * 3


def test_a_create_whose_headers_trickle_is_not_sent_again_blindly(serve, fast_backoff):
    def create_trickles(conn, number, stop):
        if number == 1:
            return headers_trickled(conn, number, stop)
        body = json.dumps(EMPTY_PAGE).encode()
        conn.sendall(head(200, len(body)) + body)
        return True

    server = serve(create_trickles)
    elapsed, error = timed_failure(lambda: client(server, timeout=0.5, max_retries=0).create_powerpack({"name": "alerts"}))
    # The create was sent once; what follows is the lookup of its name (api.py).
    assert elapsed < 0.5 + SLACK
    assert "within timeout (0.5 s) (1 attempt); " + TIMEOUT_HINT in str(error)
    assert server.requests == [("POST", "/v1/Account/%s/Powerpack/" % AUTH_ID),
                               ("GET", "/v1/Account/%s/Powerpack/?limit=20&offset=0" % AUTH_ID)]


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_an_answer_in_time_is_read_and_its_connection_used_again(serve, scheme):
    server = serve(normal, scheme)
    plivo = client(server, timeout=0.5)
    for dummy in range(3):
        assert plivo.get_powerpack(U1) == PP
        # Later than a deadline of the first request would have been.
        time.sleep(0.3)
    assert server.requests == [("GET", PATH)] * 3 and server.connections == 1


def test_a_slow_answer_that_ends_before_the_deadline_is_read(serve):
    def slow(conn, number, stop):
        body = json.dumps(PP).encode()
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        # About 0.25 s of headers and 0.25 s of body, of the 4 s, each in 10 pieces: a sleep per
        # byte (hundreds of them) would take seconds on a loaded machine, and the test with it.
        return _in_pieces(conn, head(200, len(body))[len(b"HTTP/1.1 200 OK\r\n"):], stop) and _in_pieces(conn, body, stop)

    server = serve(slow)
    assert client(server, timeout=4).get_powerpack(U1) == PP


def _in_pieces(conn, data, stop, pieces=10, interval=0.025):
    """Sends ``data`` in ``pieces`` parts, ``interval`` apart; False when the server stops first."""
    size = -(-len(data) // pieces)
    for start in range(0, len(data), size):
        conn.sendall(data[start:start + size])
        if stop.wait(interval):
            return False
    return True


class TestDeadlineReader:
    """The reads under the deadline, on a socket pair."""

    @pytest.fixture
    def pair(self):
        ours, theirs = socket.socketpair()
        ours.settimeout(5.0)
        yield ours, theirs
        ours.close()
        theirs.close()

    def test_a_read_waits_only_the_time_left_and_the_timeout_comes_back(self, pair):
        ours, theirs = pair
        reader = transport._DeadlineReader(ours, time.monotonic() + 0.3, 5.0)
        theirs.sendall(b"ab")
        buffer = bytearray(10)
        assert reader.readinto(buffer) == 2 and buffer[:2] == b"ab"
        assert ours.gettimeout() == 5.0
        started = time.monotonic()
        with pytest.raises(socket.timeout):
            reader.readinto(buffer)
        assert 0.2 <= time.monotonic() - started < 0.3 + SLACK
        assert ours.gettimeout() == 5.0
        reader.close()
        # The reader's file is closed, the socket is not.
        theirs.sendall(b"c")
        assert ours.recv(1) == b"c"

    def test_past_the_deadline_no_read_is_made(self, pair):
        ours, theirs = pair
        theirs.sendall(b"waiting")
        reader = transport._DeadlineReader(ours, time.monotonic() - 0.001, 5.0)
        with pytest.raises(socket.timeout):
            reader.readinto(bytearray(10))
        assert ours.recv(10) == b"waiting"

    def test_lines_are_read_through_the_buffer(self, pair):
        ours, theirs = pair
        stream = transport._DeadlineSocket(ours, time.monotonic() + 5, 5.0).makefile("rb")
        theirs.sendall(b"HTTP/1.1 200 OK\r\nrest")
        assert stream.readline() == b"HTTP/1.1 200 OK\r\n" and stream.read1(10) == b"rest"
        assert stream.fileno() == ours.fileno()
        stream.close()


class TestAdapter:
    def test_every_pool_makes_bounded_connections_under_its_own_name(self):
        adapter = transport._BoundedAdapter()
        managers = [adapter.poolmanager, adapter.proxy_manager_for("http://127.0.0.1:3128")]
        for manager in managers:
            assert set(manager.pool_classes_by_scheme) == {"http", "https"}
            for scheme, pool_cls in manager.pool_classes_by_scheme.items():
                assert issubclass(pool_cls.ConnectionCls, transport._AnswerDeadline)
                assert pool_cls.__name__ == "%sConnectionPool" % scheme.upper()
                assert pool_cls.ConnectionCls.__name__ == "%sConnection" % scheme.upper()
        # Made once per class, and a bounded class is not bounded again.
        assert managers[0].pool_classes_by_scheme == managers[1].pool_classes_by_scheme
        bounded = managers[0].pool_classes_by_scheme["https"]
        assert transport._bounded_pool(bounded) is bounded
        assert adapter.proxy_manager_for("http://127.0.0.1:3128") is managers[1]

    def test_only_getresponse_reads_through_the_deadline(self, serve):
        """After an answer the connection's response_class is its class's again (a proxy's answer to CONNECT, read
        while connecting, is not bounded by the last request's deadline)."""
        server = serve(normal)
        plivo = client(server, timeout=0.5)
        assert plivo.get_powerpack(U1) == PP
        pool = plivo._transport._session.get_adapter(server.url).poolmanager.connection_from_url(server.url)
        connection = pool._get_conn()
        try:
            assert "response_class" not in vars(connection)
            assert connection.response_class is type(connection).response_class
        finally:
            pool._put_conn(connection)
