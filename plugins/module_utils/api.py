# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one place in the collection that speaks HTTP to the Plivo API."""

from __future__ import annotations

import secrets
import time
import traceback

from urllib.parse import quote, urlsplit

from .retry import PlivoRetry, backoff_delay

REQUESTS_IMPORT_ERROR = None
try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import InvalidHeader
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True

COLLECTION_VERSION = "1.0.0"
# The API serves at most 20 objects a page.
PAGE_LIMIT = 20
# Statuses with which a create may say "this name exists already".
CONFLICT_STATUSES = (400, 409, 422)


class PlivoApiError(Exception):
    """A request that did not succeed: an HTTP error status, or no answer at all.

    ``status`` is None when no HTTP answer arrived (connection refused, timeout, TLS).
    The message names the request but never its credentials: they travel only in
    the Authorization header, which is never part of an error.
    """

    def __init__(self, method, path, status=None, error=None, retries=0, retry_after=None):
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
        super().__init__(message)

    @property
    def ambiguous(self):
        """True when the request may or may not have taken effect: no answer came, or a server error did."""
        return self.status is None or self.status >= 500


def _error_text(response):
    """The API's own ``error`` text, from whatever body the error came with."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("error"):
        error = body["error"]
        return error if isinstance(error, str) else repr(error)
    text = (response.text or "").strip()
    if text:
        # A proxy's HTML error page can be long; the first part says enough.
        return text[:300]
    return response.reason or "no error text in the response"


def _retries_made(response):
    retries = getattr(response.raw, "retries", None)
    return len(retries.history) if retries is not None else 0


def _without_api_id(obj):
    # api_id identifies the API call, not the powerpack: it differs on every
    # response and would make every result look changed.
    return {k: v for k, v in obj.items() if k != "api_id"}


class PlivoClient:
    """A client for one Plivo account, holding one ``requests.Session`` per module run.

    Every request has a timeout. Failed requests are retried as ``retry.PlivoRetry``
    decides, at most ``max_retries`` times and ``retry_timeout`` seconds each, and
    each retry is passed to ``warn``. Creates get their own safe retry below.
    """

    def __init__(self, api_url, auth_id, auth_token, timeout=30, validate_certs=True,
                 max_retries=5, retry_timeout=120, warn=None):
        self._root = api_url.rstrip("/")
        self._account_path = "/v1/Account/%s/" % quote(auth_id, safe="")
        self._timeout = timeout
        self._max_retries = max_retries
        self._retry_timeout = retry_timeout
        self._warn = warn or (lambda message: None)
        self._create_path = urlsplit(self._root).path + self._account_path + "Powerpack/"
        self._session = requests.Session()
        self._session.auth = (auth_id, auth_token)
        self._session.verify = validate_certs
        # The run id tells this module run's requests apart in a server's log.
        user_agent = "plivo.messaging/%s run/%s" % (COLLECTION_VERSION, secrets.token_hex(4))
        self._session.headers.update({"Accept": "application/json", "User-Agent": user_agent})
        self._retry = PlivoRetry.for_api(max_retries, retry_timeout, report=self._warn, not_resendable=self._is_create)
        adapter = HTTPAdapter(max_retries=self._retry)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def _retry_after(self, response):
        value = response.headers.get("Retry-After")
        try:
            return self._retry.parse_retry_after(value) if value else None
        except InvalidHeader:
            # An unreadable header is no reason to fail: the backoff still applies.
            return None

    def _is_create(self, method, url):
        return method == "POST" and urlsplit(url or "").path == self._create_path

    def _request(self, method, path, params=None, body=None):
        """Send one request; return the decoded JSON body, or None for an empty one."""
        path = self._account_path + path
        try:
            response = self._session.request(
                method, self._root + path, params=params, json=body, timeout=self._timeout
            )
        except requests.exceptions.RequestException as exc:
            # The exception text names the URL (never credentials); keep it short.
            raise PlivoApiError(method, path, error="%s: %s" % (type(exc).__name__, exc)) from None
        if response.status_code >= 400:
            raise PlivoApiError(method, path, response.status_code, _error_text(response),
                                retries=_retries_made(response), retry_after=self._retry_after(response))
        if not response.content or not response.content.strip():
            return None
        try:
            return response.json()
        except ValueError:
            raise PlivoApiError(
                method, path, response.status_code, "the response is not JSON: %r" % response.text[:200]
            ) from None

    # Powerpacks

    def iter_powerpacks(self):
        """Yield every powerpack of the account as the list endpoint shows it, page by page.

        Offsets are computed here rather than taken from ``meta.next``, whose form
        differs between API versions. The loop is bounded by the first page's
        ``total_count`` so a misbehaving server cannot keep it going.
        """
        offset = 0
        page = self._list_page(offset)
        total = int((page.get("meta") or {}).get("total_count") or 0)
        # A page holds at least one object, so there are never more pages than objects.
        for dummy in range(total + 1):
            objects = page.get("objects") or []
            for obj in objects:
                yield _without_api_id(obj)
            offset += len(objects)
            if not objects or offset >= total:
                return
            page = self._list_page(offset)

    def _list_page(self, offset):
        return self._request("GET", "Powerpack/", params={"limit": PAGE_LIMIT, "offset": offset}) or {}

    def find_powerpack_by_name(self, name):
        """The list object of the powerpack called ``name``, or None; stops at the page that holds it."""
        for obj in self.iter_powerpacks():
            if obj.get("name") == name:
                return obj
        return None

    def get_powerpack(self, uuid):
        """The full powerpack object (``number_priority`` included), or None if the API does not know it."""
        try:
            return _without_api_id(self._request("GET", "Powerpack/%s/" % quote(uuid, safe="")) or {})
        except PlivoApiError as exc:
            if exc.status == 404:
                return None
            raise

    def read_powerpack(self, uuid=None, name=None):
        """The full object of the powerpack with this uuid, or else this name; None if there is none.

        A match by name is read again by uuid, since list objects lack number_priority.
        """
        if uuid:
            return self.get_powerpack(uuid)
        found = self.find_powerpack_by_name(name)
        return self.get_powerpack(found["uuid"]) if found is not None else None

    def create_powerpack(self, body):
        """Create a powerpack; return ``(powerpack, created)``.

        A create is never sent again blindly, since a second one that lands makes a
        duplicate. After an ambiguous failure (no answer, or a 5xx) the name is looked
        up first: if the powerpack is there, the create landed and it is returned.
        When the API refuses the create and the name now exists, another run created
        it concurrently: it is returned with ``created`` False, for the caller to converge.
        """
        deadline = time.monotonic() + self._retry_timeout
        error = None
        for attempt in range(self._max_retries + 1):
            if error is not None:
                wait = backoff_delay(attempt)
                if time.monotonic() + wait > deadline:
                    break
                self._warn("Plivo API: retrying POST %s after %s; no powerpack %r exists, so the create did not "
                           "land (retry %d of %d, waiting %.1f s)" % (
                               error.path, "HTTP %s" % error.status if error.status else "no answer",
                               body["name"], attempt, self._max_retries, wait))
                time.sleep(wait)
            try:
                return _without_api_id(self._request("POST", "Powerpack/", body=body) or {}), True
            except PlivoApiError as exc:
                if not exc.ambiguous and exc.status not in CONFLICT_STATUSES:
                    raise
                self._honour_retry_after(exc, deadline)
                found = self.read_powerpack(name=body["name"])
                if found is not None:
                    return found, exc.ambiguous
                if not exc.ambiguous:
                    raise
                error = exc
        raise error

    def _honour_retry_after(self, error, deadline):
        """Before asking the API anything more, wait as long as its Retry-After said."""
        if not error.retry_after:
            return
        if time.monotonic() + error.retry_after > deadline:
            raise error
        self._warn("Plivo API: waiting %.1f s (Retry-After) after HTTP %s for POST %s before looking the name up"
                   % (error.retry_after, error.status, error.path))
        time.sleep(error.retry_after)

    def update_powerpack(self, uuid, body):
        return _without_api_id(self._request("POST", "Powerpack/%s/" % quote(uuid, safe=""), body=body) or {})

    def delete_powerpack(self, uuid, unrent_numbers=False):
        """Delete a powerpack; return False if it was already gone.

        The API answers 204 with no body or 200 with ``{"response": "success"}``; both
        are success. A 404 after a retry means an earlier attempt deleted it.
        """
        path = "Powerpack/%s/" % quote(uuid, safe="")
        try:
            self._request("DELETE", path, body={"unrent_numbers": unrent_numbers})
        except PlivoApiError as exc:
            if exc.status != 404:
                raise
            return exc.retries > 0
        return True
