# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One HTTP exchange with the API, bounded and distrusted: the session, its
timeouts and retries, and what the collection accepts back.

The endpoint is untrusted input (a proxy, a broken gateway or a hostile host may
answer anything), so every answer is bounded in time and bytes, a redirect is an
error rather than a hop to another host, and no error text leaves here with the
credentials in it, in any of the forms they travel in.
"""

from __future__ import annotations

import io
import ipaddress
import json
import secrets
import socket
import ssl
import time
import traceback

from urllib.parse import urlsplit

from .rate_limit import RateLimiter
from .retry import PlivoRetry
# The transport's public names include how it masks and quotes what the API says.
from .safe_text import (  # noqa: F401  pylint: disable=unused-import
    EXCERPT_CHARS as ERROR_TEXT_CHARS,
    MASK,
    Redactor,
    secret_forms,
)

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import (
        ConnectTimeoutError,
        HTTPError as Urllib3Error,
        MaxRetryError,
        NewConnectionError,
        ProtocolError,
        ProxyError as Urllib3ProxyError,
        ReadTimeoutError,
    )
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    # So that the classes below still define; the client reports the missing library.
    HTTPAdapter = object
else:
    HAS_REQUESTS = True

COLLECTION_VERSION = "1.2.0"
# A page of 20 powerpacks is a few kB; anything near this is not the Plivo API answering.
MAX_RESPONSE_BYTES = 4 * 1024 * 1024


class PlivoApiError(Exception):
    """A request that did not succeed: an HTTP error status, an answer the
    collection cannot accept, or no answer at all.

    ``status`` is None when no HTTP answer arrived (connection refused, timeout, TLS).
    ``attempts``, when known, is how often a request without an answer was tried.
    The message names the request but never its credentials.
    """

    def __init__(self, method, path, status=None, error=None, retries=0, retry_after=None, hint=None, attempts=None):
        self.method = method
        self.path = path
        self.status = status
        self.error = error
        self.retries = retries if attempts is None else attempts - 1
        # Seconds the API asked the client to wait (Retry-After), when it did.
        self.retry_after = retry_after
        if status is None:
            message = "Plivo API request %s %s failed: %s" % (method, path, error)
        else:
            message = "Plivo API returned HTTP %s for %s %s: %s" % (status, method, path, error)
        if attempts is not None:
            # Each attempt may have waited a timeout and a backoff: the count says where the time went.
            message += " (%d attempt%s)" % (attempts, "" if attempts == 1 else "s")
        elif retries:
            message += " (gave up after %d retries)" % retries
        if hint:
            message += "; " + hint
        super().__init__(message)

    @property
    def ambiguous(self):
        """True when the request may or may not have taken effect: no answer came, or a server error did."""
        return self.status is None or self.status >= 500


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _AnswerDeadline:
    """Mixed into urllib3's connection classes: the answer to a request, its headers and
    its body, ends within the read timeout of the moment the request was sent, whatever
    the server does.

    requests' timeout bounds each socket read, so a server that sends a byte a second
    (of a header line, a chunk size, the body) never trips it, and a task would wait as
    long as the server likes. Here every read of the answer, by whoever reads it
    (http.client for the headers, urllib3 for a body it drains before a retry, Transport
    for the body it keeps), waits at most the time left, and fails at once when none is
    left: a socket timeout, which urllib3 reports as ``ReadTimeoutError`` (retried like
    any read timeout for the requests that may be retried). No thread and no timer: the
    bound lives in the answer's reads and ends with them.

    Works with urllib3 1.26 and 2.x alike: both send through ``request()`` (1.26 a chunked
    body through ``request_chunked()``), read the answer through http.client's
    ``getresponse()``, which builds it with ``response_class(sock)``, and set the socket's
    timeout to the read timeout before that.
    """

    _sent_at = None

    def request(self, *args, **kwargs):
        try:
            return super().request(*args, **kwargs)
        finally:
            # Also when sending failed: urllib3 may still read an answer the server gave early.
            # (Opening the connection is not counted: it has its own timeout.)
            self._sent_at = time.monotonic()

    def request_chunked(self, *args, **kwargs):
        try:
            return super().request_chunked(*args, **kwargs)
        finally:
            self._sent_at = time.monotonic()

    def getresponse(self, *args, **kwargs):
        # Only this answer reads through the deadline: not a proxy's answer to CONNECT, which
        # http.client reads with the same response_class while connecting.
        self.response_class = self._bounded_response
        try:
            return super().getresponse(*args, **kwargs)
        finally:
            del self.response_class

    def _bounded_response(self, sock, *args, **kwargs):
        limit = sock.gettimeout()
        if limit is not None and self._sent_at is not None:
            sock = _DeadlineSocket(sock, self._sent_at + limit, limit)
        return type(self).response_class(sock, *args, **kwargs)


class _DeadlineSocket:
    """What http.client reads an answer from (it only asks for ``makefile("rb")``): the
    socket's own file, each read of it given only the time left until ``deadline``."""

    def __init__(self, sock, deadline, limit):
        self._sock, self._deadline, self._limit = sock, deadline, limit

    def makefile(self, mode):
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline, self._limit))


class _DeadlineReader(io.RawIOBase):
    def __init__(self, sock, deadline, limit):
        super().__init__()
        # The file http.client would have: it keeps the socket open until closed, as http.client expects.
        self._file = sock.makefile("rb", buffering=0)
        self._sock, self._deadline, self._limit = sock, deadline, limit

    def readable(self):
        return True

    def fileno(self):
        return self._file.fileno()

    def readinto(self, buffer):
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise socket.timeout("the answer did not arrive within the timeout")
        # left is never more than the read timeout: the deadline is the send time plus it.
        self._sock.settimeout(left)
        try:
            return self._file.readinto(buffer)
        finally:
            # The next request on this connection starts from urllib3's own timeout again.
            self._sock.settimeout(self._limit)

    def close(self):
        if not self.closed:
            self._file.close()
        super().close()


_BOUNDED_POOLS = {}


def _bounded_pool(pool_cls):
    """``pool_cls`` with connections whose answers have a deadline (made once per class)."""
    if issubclass(pool_cls.ConnectionCls, _AnswerDeadline):
        return pool_cls
    if pool_cls not in _BOUNDED_POOLS:
        # The same names: urllib3's error texts name the pool (HTTPSConnectionPool(host=...)).
        connection_cls = type(pool_cls.ConnectionCls.__name__, (_AnswerDeadline, pool_cls.ConnectionCls), {})
        _BOUNDED_POOLS[pool_cls] = type(pool_cls.__name__, (pool_cls,), {"ConnectionCls": connection_cls})
    return _BOUNDED_POOLS[pool_cls]


class _BoundedAdapter(HTTPAdapter):
    """requests' adapter, its pools (per scheme, and behind a proxy too) making connections
    whose answers have a deadline (``_AnswerDeadline``)."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        _bound(self.poolmanager)

    def proxy_manager_for(self, *args, **kwargs):
        manager = super().proxy_manager_for(*args, **kwargs)
        _bound(manager)
        return manager


def _bound(manager):
    manager.pool_classes_by_scheme = {scheme: _bounded_pool(pool_cls)
                                      for scheme, pool_cls in manager.pool_classes_by_scheme.items()}


class Transport:
    """Sends requests under ``{api_url}/v1/Account/{auth_id}/`` over one
    ``requests.Session`` per module run.

    Every request has a timeout per read and a deadline for its whole answer; failed
    requests are retried as ``retry.PlivoRetry`` decides, and each retry is passed to
    ``warn``. ``not_resendable(method, url)`` names requests that must not be sent
    twice once they may have reached the API (the client's creates).

    Requests may come from several threads (``workers.py``) at once: the session's
    connection pool holds one connection per worker, and every send, retries
    included, first takes its turn from one ``RateLimiter`` of ``rate_limit``
    requests per 5 s.
    """

    def __init__(self, api_url, auth_id, auth_token, *, timeout, validate_certs, max_retries, retry_timeout, warn,
                 not_resendable, rate_limit, workers):
        self.root = api_url.rstrip("/")
        self._timeout = timeout
        self._verify = validate_certs
        # Every excerpt of an answer or of an exception goes through it (safe_text.py).
        self.redact = Redactor(secret_forms(auth_id, auth_token))
        self._warn = warn
        self._session = requests.Session()
        self._session.auth = (auth_id, auth_token)
        # The run id tells this module run's requests apart in a server's log.
        user_agent = "plivo.messaging/%s run/%s" % (COLLECTION_VERSION, secrets.token_hex(4))
        # identity: the body is read as sent, so that its size limit counts what arrives.
        self._session.headers.update({"Accept": "application/json", "User-Agent": user_agent,
                                      "Accept-Encoding": "identity"})
        self.limiter = RateLimiter(rate_limit)
        self.retry = PlivoRetry.for_api(max_retries, retry_timeout, report=self._warn, not_resendable=not_resendable,
                                        limiter=self.limiter)
        adapter = _BoundedAdapter(max_retries=self.retry, pool_maxsize=workers)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._transport_warnings()

    def _transport_warnings(self):
        url = urlsplit(self.root)
        if url.scheme == "http" and not _is_loopback(url.hostname):
            self._warn("api_url %s uses http:// to a host that is not this machine: the auth token travels in clear "
                       "text; use https://" % self.root)
        if not self._verify:
            self._warn("validate_certs is false: the API's certificate is not checked, so anyone between here and %s "
                       "can read the auth token; use it only for a test server" % (url.hostname or self.root))

    def request(self, method, path, params=None, body=None):
        """Send one request to ``path`` (below the API root); return the decoded JSON body, or None for an empty one."""
        self.limiter.acquire()
        try:
            return self._send(method, path, params, body)
        finally:
            # Retries inside took tokens too (retry.PlivoRetry.sleep); all of them come back from now.
            self.limiter.release()

    def _send(self, method, path, params, body):
        try:
            response = self._session.request(
                method, self.root + path, params=params, json=body, timeout=self._timeout,
                # Explicit, so that REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE cannot turn validate_certs=false back on
                # (requests lets them override the session's setting).
                verify=self._verify,
                # A redirect would take the request, and its Authorization header, to wherever it points.
                allow_redirects=False, stream=True,
            )
        except requests.exceptions.RequestException as exc:
            error, hint = _no_answer(exc, urlsplit(self.root), self._timeout)
            raise PlivoApiError(method, path, error=self.redact.excerpt(error), hint=hint, attempts=_attempts(exc)) from None
        # The connection ends the whole answer, headers and body, within `timeout` of its send
        # (_AnswerDeadline). The same bound from here holds for a body read from anything else.
        deadline = time.monotonic() + self._timeout
        try:
            content = self._read(response, method, path, deadline)
        finally:
            response.close()
        if 300 <= response.status_code < 400:
            location = urlsplit(response.headers.get("Location") or "")
            raise PlivoApiError(method, path, response.status_code,
                                "a redirect to %s, which the collection does not follow (the request and its "
                                "credentials would go along)"
                                % (self.redact.excerpt(location.hostname, 80) if location.hostname else "another address"),
                                hint="set api_url to the address the API answers at")
        if response.status_code >= 400:
            raise PlivoApiError(method, path, response.status_code, self._error_text(response, content),
                                retries=_retries_made(response), retry_after=self._retry_after(response),
                                hint=self._status_hint(response.status_code))
        if not content.strip():
            return None
        try:
            return json.loads(content)
        except ValueError:
            raise PlivoApiError(method, path, response.status_code, "the answer is not JSON: %s"
                                % self.redact.excerpt(repr(content.decode("utf-8", "replace")), 200)) from None

    def _read(self, response, method, path, deadline):
        """The body, read against the deadline and the size limit.

        ``read1`` returns what has arrived, so a body that trickles in byte by byte
        still ends at the deadline; a response already in memory (or from urllib3
        1.26) has no ``read1``. Each read from the socket waits at most until the
        deadline of the connection (_AnswerDeadline), so none goes past it.
        """
        read1 = getattr(response.raw, "read1", None)
        if read1 is None:
            try:
                content = response.content or b""
            except (requests.exceptions.RequestException, Urllib3Error, OSError) as exc:
                raise self._read_failed(response, method, path, exc) from None
        else:
            chunks, size = [], 0
            while True:
                try:
                    chunk = read1(64 * 1024)
                except (requests.exceptions.RequestException, Urllib3Error, OSError) as exc:
                    raise self._read_failed(response, method, path, exc) from None
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise PlivoApiError(method, path, response.status_code,
                                        "the answer is larger than %d kB; a Plivo API answer is a few kB"
                                        % (MAX_RESPONSE_BYTES // 1024),
                                        hint="check that api_url points at the Plivo API")
                if time.monotonic() > deadline:
                    raise PlivoApiError(method, path, response.status_code,
                                        "the answer did not arrive within timeout (%s s)" % self._timeout)
                chunks.append(chunk)
            content = b"".join(chunks)
        if len(content) > MAX_RESPONSE_BYTES:
            raise PlivoApiError(method, path, response.status_code, "the answer is larger than %d kB"
                                % (MAX_RESPONSE_BYTES // 1024))
        return content

    def _read_failed(self, response, method, path, exc):
        # A read that timed out ran into the answer's deadline (requests wraps urllib3's error when it reads).
        if isinstance(exc, ReadTimeoutError) or isinstance((exc.args or (None,))[0], ReadTimeoutError):
            return PlivoApiError(method, path, response.status_code,
                                 "the answer did not arrive within timeout (%s s)" % self._timeout)
        return PlivoApiError(method, path, error="reading the answer failed: %s" % self.redact.excerpt(_describe(exc)))

    def _error_text(self, response, content):
        """The API's own ``error`` text, from whatever body the error came with, without credentials."""
        try:
            body = json.loads(content)
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("error"):
            error = body["error"]
            text = error if isinstance(error, str) else repr(error)
        else:
            text = content.decode("utf-8", "replace").strip() or response.reason or "no error text in the response"
        # A proxy's HTML error page can be long, and some echo the request headers: masked whole, then cut.
        return self.redact.excerpt(text)

    def _status_hint(self, status):
        if status == 401:
            return ("check auth_id and auth_token (or PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, or module_defaults for "
                    "group/plivo.messaging.plivo)")
        # The root has no trailing slash: its path is empty or names more than "/".
        path = urlsplit(self.root).path
        if status == 404 and path:
            return "api_url has a path (%s); give only the API's root, such as https://api.plivo.com" % path
        return None

    def _retry_after(self, response):
        # As the retries read it: None for a header that is neither seconds nor an HTTP date.
        return self.retry.get_retry_after(response)


def _retries_made(response):
    retries = getattr(response.raw, "retries", None)
    return len(retries.history) if retries is not None else 0


def _describe(exc):
    # The exception text names the URL; Redactor.excerpt masks and shortens it like any answer.
    return "%s: %s" % (type(exc).__name__, exc)


# What to check when no server answered. api_url may come from the environment, where a task does not show it.
CHECK_API_URL = "check api_url (or the PLIVO_API_URL environment variable)"
URL_HINT = "api_url is not a usable URL; give the API's root, such as https://api.plivo.com"
PROXY_HINT = "check the proxy in HTTPS_PROXY or HTTP_PROXY (or leave the API's host out of it with NO_PROXY)"
CERTIFICATE_HINT = ("TLS failures are not retried: %s; if it is right, give the CA bundle that signs its certificate "
                    "(REQUESTS_CA_BUNDLE), or for a test server only set validate_certs to false" % CHECK_API_URL)
TLS_HINT = ("TLS failures are not retried: %s; https:// to a server that speaks plain HTTP fails this way"
            % CHECK_API_URL)
DNS_HINT = "check the host name in api_url (or the PLIVO_API_URL environment variable) and this machine's DNS"
REFUSED_HINT = "nothing accepts connections there: %s, and that the API server is running" % CHECK_API_URL
CONNECT_TIMEOUT_HINT = ("%s, and that no firewall or proxy keeps this machine from it; raise timeout if the network is "
                        "slow" % CHECK_API_URL)
NETWORK_HINT = "%s, and this machine's network" % CHECK_API_URL
TIMEOUT_HINT = "raise timeout if the API is slow from here"


def _port(url):
    """The port of ``url``, or the one its scheme implies."""
    try:
        return url.port or {"https": 443, "http": 80}.get(url.scheme.lower())
    except ValueError:  # not a number: requests refuses such a URL before connecting
        return None


def _ways_to_fail():
    """Each way a request gets no answer, most specific first: the errors that show it (anywhere under
    requests' error), what failed, in words, and what to check. (A function: the module imports
    without requests, and reports that later.)"""
    return (
        ((requests.exceptions.ProxyError, Urllib3ProxyError), "the proxy to {endpoint} failed: {cause}", PROXY_HINT),
        ((ssl.SSLCertVerificationError,), "the TLS certificate of {endpoint} was refused: {cause}", CERTIFICATE_HINT),
        ((ssl.SSLError, requests.exceptions.SSLError), "the TLS handshake with {endpoint} failed: {cause}", TLS_HINT),
        ((socket.gaierror,), "the host name {host} (port {port}) does not resolve: {cause}", DNS_HINT),
        ((ConnectionRefusedError,), "connection refused by {endpoint}", REFUSED_HINT),
        # Before the timeouts: urllib3 makes NewConnectionError a kind of ConnectTimeoutError.
        ((NewConnectionError,), "could not connect to {endpoint}: {cause}", NETWORK_HINT),
        ((ConnectTimeoutError, requests.exceptions.ConnectTimeout),
         "connecting to {endpoint} took longer than timeout ({timeout} s)", CONNECT_TIMEOUT_HINT),
        ((ReadTimeoutError, requests.exceptions.ReadTimeout), "no answer from {endpoint} within timeout ({timeout} s)",
         TIMEOUT_HINT),
        # The builtin ConnectionError: reset, aborted, or closed by the server (http.client's RemoteDisconnected).
        ((ProtocolError, ConnectionError), "the connection to {endpoint} ended without an answer: {cause}", None),
    )


def _no_answer(exc, url, timeout):
    """``(what failed, what to do)`` for a request that got no answer: the cause in words with the
    host and port of ``url`` (the API root). urllib3's own text names its connection pool and the
    request's URL first, so that the cause came last, and was the part a cut message lost."""
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return _describe(exc), URL_HINT
    chain = _chain(exc)
    # The innermost error is the socket's or the TLS layer's own: "[Errno -2] Name or service not known".
    words = dict(host=url.hostname, port=_port(url), timeout=timeout, cause=str(chain[-1]) or type(chain[-1]).__name__)
    words["endpoint"] = "%(host)s port %(port)s" % words
    for kinds, what, hint in _ways_to_fail():
        if any(isinstance(error, kinds) for error in chain):
            return what.format(**words), hint
    return "no answer from %s: %s" % (words["endpoint"], _describe(chain[-1])), None


def _chain(exc):
    """``exc`` and the errors under it, outermost first: requests wraps urllib3's MaxRetryError, whose
    ``reason`` wraps the socket's or the TLS layer's own error (as an argument, a cause or a context);
    at each level the first of these is followed."""
    chain = []
    while exc is not None and not any(exc is seen for seen in chain):
        chain.append(exc)
        inner = (getattr(exc, "reason", None),) + tuple(exc.args) + (exc.__cause__, exc.__context__)
        exc = next((error for error in inner if isinstance(error, BaseException)), None)
    return chain


def _attempts(exc):
    """How often the request was tried (retry.PlivoRetry counts them on the error that ended it), or None."""
    return next((error.attempts for error in _chain(exc) if isinstance(error, MaxRetryError) and hasattr(error, "attempts")), None)
