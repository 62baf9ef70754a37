# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A server that cannot be reached, for real (issue 21, point 4.1): the message names the host and
port, the cause in words (connection refused, a name that does not resolve, a TLS handshake
with a server that speaks plain HTTP), what to check (api_url or PLIVO_API_URL), and how many
attempts were made; the retries themselves are as before.

Every test talks to 127.0.0.1, or to a ``.invalid`` name (RFC 2606), which never resolves."""

from __future__ import annotations

import socket

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.plugins.modules import powerpack_info
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import run_module

AUTH_ID = "MACONNECTTEST0000000"
TOKEN = "connect-secret-token-31b9"
U1 = "00000000-0000-4000-8000-000000000001"
PATH = "/v1/Account/%s/Powerpack/%s/" % (AUTH_ID, U1)
CHECK = "check api_url (or the PLIVO_API_URL environment variable)"
REFUSED_HINT = "nothing accepts connections there: %s, and that the API server is running" % CHECK
DNS_HINT = "check the host name in api_url (or the PLIVO_API_URL environment variable) and this machine's DNS"
TLS_HINT = "TLS failures are not retried: %s; https:// to a server that speaks plain HTTP fails this way" % CHECK


@pytest.fixture
def closed_port():
    """A port of 127.0.0.1 that nothing listens on: bound by the system, then let go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def failure(url, warnings=None, **kwargs):
    kwargs.setdefault("timeout", 2)
    client = PlivoClient(url, AUTH_ID, TOKEN, warn=(warnings if warnings is not None else []).append, **kwargs)
    with pytest.raises(PlivoApiError) as failed:
        client.get_powerpack(U1)
    assert TOKEN not in str(failed.value)
    # No answer came: the message names no connection pool and no URL of urllib3's, only the request.
    assert "ConnectionPool" not in str(failed.value) and "Max retries" not in str(failed.value)
    return failed.value


@pytest.mark.parametrize("max_retries, attempts", [(0, "1 attempt"), (2, "3 attempts")])
def test_a_closed_port_is_named_with_the_cause_the_attempts_and_what_to_check(closed_port, fast_backoff, max_retries, attempts):
    error = failure("http://127.0.0.1:%d" % closed_port, max_retries=max_retries)
    assert str(error) == "Plivo API request GET %s failed: connection refused by 127.0.0.1 port %d (%s); %s" % (
        PATH, closed_port, attempts, REFUSED_HINT)
    assert (error.status, error.retries, error.ambiguous) == (None, max_retries, True)


def test_a_refused_connection_is_still_retried_as_configured(closed_port, fast_backoff):
    # A server that is starting, or restarting behind a load balancer, refuses for a moment: the policy stays.
    warnings = []
    error = failure("http://127.0.0.1:%d" % closed_port, warnings)
    assert str(error).endswith("(6 attempts); " + REFUSED_HINT)
    assert [warning.split(" (retry")[0] for warning in warnings] == [
        "Plivo API: retrying GET %s after NewConnectionError" % PATH] * 5


def test_a_name_that_does_not_resolve_is_named_with_the_cause_and_what_to_check(fast_backoff):
    error = failure("http://plivo.invalid:8080", max_retries=1)
    message = str(error)
    assert message.startswith("Plivo API request GET %s failed: the host name plivo.invalid (port 8080) does not "
                              "resolve: [Errno " % PATH)
    assert message.endswith("(2 attempts); " + DNS_HINT)


def test_https_to_a_plain_http_server_is_a_tls_failure_tried_once(server):
    port = server.httpd.server_address[1]
    error = failure("https://127.0.0.1:%d" % port, max_retries=3)
    message = str(error)
    assert message.startswith("Plivo API request GET %s failed: the TLS handshake with 127.0.0.1 port %d failed: "
                              % (PATH, port))
    assert message.endswith("(1 attempt); " + TLS_HINT)
    # The server read a TLS hello, not a request.
    assert server.seen == []


def test_a_module_fails_with_that_message_and_without_the_token(closed_port):
    result = run_module(powerpack_info.main, {"api_url": "http://127.0.0.1:%d" % closed_port, "auth_token": TOKEN,
                                              "max_retries": 0})
    assert result["failed"] is True
    assert result["msg"] == ("Plivo API request GET /v1/Account/MAUNITTEST0000000000/Powerpack/ failed: connection "
                             "refused by 127.0.0.1 port %d (1 attempt); %s" % (closed_port, REFUSED_HINT))
    assert TOKEN not in str(result)
