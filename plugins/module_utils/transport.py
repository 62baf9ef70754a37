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

import ipaddress
import json
import secrets
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
    from urllib3.exceptions import HTTPError as Urllib3Error
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True

COLLECTION_VERSION = "1.2.0"
# A page of 20 powerpacks is a few kB; anything near this is not the Plivo API answering.
MAX_RESPONSE_BYTES = 4 * 1024 * 1024


class PlivoApiError(Exception):
    """A request that did not succeed: an HTTP error status, an answer the
    collection cannot accept, or no answer at all.

    ``status`` is None when no HTTP answer arrived (connection refused, timeout, TLS).
    The message names the request but never its credentials.
    """

    def __init__(self, method, path, status=None, error=None, retries=0, retry_after=None, hint=None):
        self.method = method
        self.path = path
        self.status = status
        self.error = error
        self.retries = retries
        # Seconds the API asked the client to wait (Retry-After), when it did.
        self.retry_after = retry_after
        if status is None:
            message = "Plivo API request %s %s failed: %s" % (method, path, error)
        else:
            message = "Plivo API returned HTTP %s for %s %s: %s" % (status, method, path, error)
        if retries:
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
        adapter = HTTPAdapter(max_retries=self.retry, pool_maxsize=workers)
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
            raise PlivoApiError(method, path, error=self.redact.excerpt(_describe(exc)), hint=_hint_for(exc)) from None
        # Each read has `timeout`; the whole body too, so that one trickling in byte by byte still ends.
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
        still ends at the deadline; a response already in memory has no ``read1``.
        """
        read1 = getattr(response.raw, "read1", None)
        if read1 is None:
            content = response.content or b""
        else:
            chunks, size = [], 0
            while True:
                try:
                    chunk = read1(64 * 1024)
                except (requests.exceptions.RequestException, Urllib3Error, OSError) as exc:
                    raise PlivoApiError(method, path, error="reading the answer failed: %s"
                                        % self.redact.excerpt(_describe(exc))) from None
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


def _hint_for(exc):
    if isinstance(exc, requests.exceptions.SSLError):
        return ("the TLS connection failed and is not retried: if api_url is right, give the CA bundle that signs its "
                "certificate (REQUESTS_CA_BUNDLE), or for a test server only set validate_certs to false")
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return "api_url is not a usable URL; give the API's root, such as https://api.plivo.com"
    if isinstance(exc, requests.exceptions.Timeout):
        return "no answer within timeout; raise timeout if the API is slow from here"
    return None
