# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one place in the collection that speaks HTTP to the Plivo API."""

from __future__ import annotations

import secrets
import time
import traceback

from urllib.parse import quote, urlsplit

from .retry import PlivoRetry, backoff_delay
from .wire import entry_number, entry_service, without_api_id

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

COLLECTION_VERSION = "1.2.0"
# The API serves at most 20 objects a page.
PAGE_LIMIT = 20
# Statuses with which a create may say "this name exists already".
CONFLICT_STATUSES = (400, 409, 422)
# Where each kind of sender lives under NumberPool/{pool_uuid}/.
SENDER_ENDPOINTS = {"longcode": "Number", "tollfree": "Tollfree", "shortcode": "Shortcode"}


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

    def _iter_objects(self, path, params=None):
        """Yield every object of a list endpoint, page by page.

        Offsets are computed here rather than taken from ``meta.next``, whose form
        differs between endpoints and API versions (a path, a URL, null or ""). The
        loop is bounded by the first page's ``total_count`` so a misbehaving server
        cannot keep it going.
        """
        offset = 0
        page = self._list_page(path, params, offset)
        total = int((page.get("meta") or {}).get("total_count") or 0)
        # A page holds at least one object, so there are never more pages than objects.
        for dummy in range(total + 1):
            objects = page.get("objects") or []
            for obj in objects:
                yield without_api_id(obj)
            offset += len(objects)
            if not objects or offset >= total:
                return
            page = self._list_page(path, params, offset)

    def _list_page(self, path, params, offset):
        query = dict(params or {}, limit=PAGE_LIMIT, offset=offset)
        return self._request("GET", path, params=query) or {}

    # Powerpacks

    def iter_powerpacks(self):
        """Yield every powerpack of the account as the list endpoint shows it."""
        return self._iter_objects("Powerpack/")

    def get_powerpack(self, uuid):
        """The full powerpack object (``number_priority`` included), or None if the API does not know it."""
        try:
            return without_api_id(self._request("GET", "Powerpack/%s/" % quote(uuid, safe="")) or {})
        except PlivoApiError as exc:
            if exc.status == 404:
                return None
            raise

    def find_powerpack(self, name):
        """The full object of the powerpack called ``name``, or None; the list is read up to the page that holds it.

        Like ``get_powerpack`` it returns the full object: list objects lack
        ``number_priority``, so the match is read again by uuid.
        """
        found = next((obj for obj in self.iter_powerpacks() if obj.get("name") == name), None)
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
                return without_api_id(self._request("POST", "Powerpack/", body=body) or {}), True
            except PlivoApiError as exc:
                if not exc.ambiguous and exc.status not in CONFLICT_STATUSES:
                    raise
                self._honour_retry_after(exc, deadline)
                found = self.find_powerpack(body["name"])
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
        return without_api_id(self._request("POST", "Powerpack/%s/" % quote(uuid, safe=""), body=body) or {})

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

    # Number pools

    @staticmethod
    def _pool_path(pool_uuid, sender_type, number=None):
        path = "NumberPool/%s/%s/" % (quote(pool_uuid, safe=""), SENDER_ENDPOINTS[sender_type])
        return path if number is None else path + "%s/" % quote(number, safe="")

    def iter_pool(self, pool_uuid, sender_type, filters=None):
        """Yield the pool's senders of one type (longcode, tollfree, shortcode), across all pages.

        ``filters`` are query parameters the endpoint understands (for long codes:
        country_iso2, service).
        """
        for obj in self._iter_objects(self._pool_path(pool_uuid, sender_type), filters):
            # The long-code list may also show toll-free numbers; they are read from their own endpoint.
            if sender_type == "longcode" and str(obj.get("type", "")).lower() == "tollfree":
                continue
            yield obj

    def get_pool_sender(self, pool_uuid, sender_type, number):
        """The pool's entry for this number or short code, or None if it is not in the pool."""
        try:
            return without_api_id(self._request("GET", self._pool_path(pool_uuid, sender_type, number)) or {})
        except PlivoApiError as exc:
            if exc.status == 404:
                return None
            raise

    def add_pool_sender(self, pool_uuid, sender_type, number, service=None, rent=False):
        """Add a number to the pool, or set the service of one already in it; return the entry.

        Adding is keyed by the number, so sending it again cannot duplicate anything.
        Still, when the answer is lost or refused after a retry, an earlier attempt
        may have landed: the pool is asked before the error is believed.
        """
        body = {}
        if service is not None:
            body["service"] = service
        if rent:
            # The API's own form (the SDKs send the string).
            body["rent"] = "true"
        path = self._pool_path(pool_uuid, sender_type, number)
        try:
            answer = self._request("POST", path, body=body or None)
        except PlivoApiError as exc:
            if not (exc.ambiguous or exc.retries):
                raise
            found = self.get_pool_sender(pool_uuid, sender_type, number)
            if found is None or (service is not None and entry_service(found, sender_type) != service):
                raise
            return found
        if isinstance(answer, dict) and entry_number(answer) == number:
            return without_api_id(answer)
        # The reference does not promise the entry in the answer; read it.
        return self.get_pool_sender(pool_uuid, sender_type, number) or {}

    def remove_pool_sender(self, pool_uuid, sender_type, number, unrent=False):
        """Remove a number from the pool (unlink a short code); return False if it was not there.

        With ``unrent`` the number is also given up by the account. A 404 after a
        retry means an earlier attempt removed it.
        """
        body = None if sender_type == "shortcode" else {"unrent": unrent}
        try:
            self._request("DELETE", self._pool_path(pool_uuid, sender_type, number), body=body)
        except PlivoApiError as exc:
            if exc.status != 404:
                raise
            return exc.retries > 0
        return True
