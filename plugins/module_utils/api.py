# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one place in the collection that speaks HTTP to the Plivo API."""

from __future__ import annotations

import traceback

from urllib.parse import quote

REQUESTS_IMPORT_ERROR = None
try:
    import requests
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True

# The API serves at most 20 objects a page.
PAGE_LIMIT = 20
USER_AGENT = "plivo.messaging-ansible-collection"


class PlivoApiError(Exception):
    """A request that did not succeed: an HTTP error status, or no answer at all.

    ``status`` is None when no HTTP answer arrived (connection refused, timeout, TLS).
    The message names the request but never its credentials: they travel only in
    the Authorization header, which is never part of an error.
    """

    def __init__(self, method, path, status=None, error=None):
        self.method = method
        self.path = path
        self.status = status
        self.error = error
        if status is None:
            message = "Plivo API request %s %s failed: %s" % (method, path, error)
        else:
            message = "Plivo API returned HTTP %s for %s %s: %s" % (status, method, path, error)
        super().__init__(message)


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


def _without_api_id(obj):
    # api_id identifies the API call, not the powerpack: it differs on every
    # response and would make every result look changed.
    return {k: v for k, v in obj.items() if k != "api_id"}


class PlivoClient:
    """A client for one Plivo account, holding one ``requests.Session`` per module run."""

    def __init__(self, api_url, auth_id, auth_token, timeout=30, validate_certs=True):
        self._root = api_url.rstrip("/")
        self._account_path = "/v1/Account/%s/" % quote(auth_id, safe="")
        self._timeout = timeout
        self._session = requests.Session()
        self._session.auth = (auth_id, auth_token)
        self._session.verify = validate_certs
        self._session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})

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
            raise PlivoApiError(method, path, response.status_code, _error_text(response))
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
        return _without_api_id(self._request("POST", "Powerpack/", body=body) or {})

    def update_powerpack(self, uuid, body):
        return _without_api_id(self._request("POST", "Powerpack/%s/" % quote(uuid, safe=""), body=body) or {})

    def delete_powerpack(self, uuid, unrent_numbers=False):
        """Delete a powerpack. The API answers 204 with no body or 200 with ``{"response": "success"}``; both are success."""
        self._request("DELETE", "Powerpack/%s/" % quote(uuid, safe=""), body={"unrent_numbers": unrent_numbers})
