# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Plivo API's endpoints, as the collection uses them: paths built from
validated values only, lists paged within bounds, answers checked before use.
``transport.py`` sends each request."""

from __future__ import annotations

import time

from urllib.parse import urlsplit

from . import wire
from .rate_limit import DEFAULT_LIMIT
from .safe_text import printable, shorten
from .retry import backoff_delay
# The client's public names include the transport's error and facts.
from .transport import (  # noqa: F401  pylint: disable=unused-import
    COLLECTION_VERSION,
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    PlivoApiError,
    Transport,
)
from .wire import entry_number, entry_service, normal_number, without_api_id
from .workers import DEFAULT_WORKERS, Workers

# The API serves at most 20 objects a page.
PAGE_LIMIT = 20
# No list the collection reads is longer: 1,000 pages of 20. A server that claims more is not believed.
MAX_PAGES = 1000
# Statuses with which a create may say "this name exists already".
CONFLICT_STATUSES = (400, 409, 422)
# Where each kind of sender lives under NumberPool/{pool_uuid}/.
SENDER_ENDPOINTS = {"longcode": "Number", "tollfree": "Tollfree", "shortcode": "Shortcode"}


class PlivoClient:
    """A client for one Plivo account, holding one ``requests.Session`` per module run.

    Every request has a timeout and a deadline for its answer. Failed requests are
    retried as ``retry.PlivoRetry`` decides, at most ``max_retries`` times and
    ``retry_timeout`` seconds each, and each retry is passed to ``warn``. Creates get
    their own safe retry below. The client may be used from ``workers`` threads at
    once; all of them share one rate limit of ``rate_limit`` requests per 5 s. Every value that goes into a URL path is checked
    first (``wire.segment``), whether it came from the task or from an answer.
    """

    def __init__(self, api_url, auth_id, auth_token, timeout=30, validate_certs=True,
                 max_retries=5, retry_timeout=120, warn=None, rate_limit=DEFAULT_LIMIT, workers=DEFAULT_WORKERS):
        if wire.segment("account", auth_id) is None:
            raise ValueError("auth_id %s is not a Plivo Auth ID" % shorten(repr(auth_id), 120))
        self._account_path = "/v1/Account/%s/" % auth_id
        self._max_retries = max_retries
        self._retry_timeout = retry_timeout
        self._warn = warn or (lambda message: None)
        self._create_path = urlsplit(api_url.rstrip("/")).path + self._account_path + "Powerpack/"
        self._transport = Transport(api_url, auth_id, auth_token, timeout=timeout, validate_certs=validate_certs,
                                    max_retries=max_retries, retry_timeout=retry_timeout, warn=self._warn,
                                    not_resendable=self._is_create, rate_limit=rate_limit, workers=workers)
        # The convergers' independent reads and writes run on these, at most `workers` requests in flight.
        self.workers = Workers(workers)

    def _is_create(self, method, url):
        return method == "POST" and urlsplit(url).path == self._create_path

    def _excerpt(self, value, limit=120):
        """What a message quotes of an answer: masked, escaped, then cut (safe_text.Redactor)."""
        return self._transport.redact.excerpt(repr(value), limit)

    def _request(self, method, path, params=None, body=None):
        return self._transport.request(method, self._account_path + path, params=params, body=body)

    def _object(self, method, path, check, params=None, body=None):
        """An answer that must be a JSON object, checked by ``check``, without ``api_id``.

        Every caller expects an object: an empty answer is as unusable as a JSON list.
        """
        answer = self._request(method, path, params=params, body=body)
        if answer is None:
            problem = "the answer is empty"
        elif not isinstance(answer, dict):
            problem = "the answer is not a JSON object"
        else:
            problem = check(answer)
        if problem:
            raise PlivoApiError(method, self._account_path + path, 200, "%s: %s" % (problem, self._excerpt(answer)))
        return without_api_id(answer)

    def _iter_objects(self, path, check, params=None):
        """Yield every object of a list endpoint, page by page, each checked by ``check``.

        Offsets are computed here rather than taken from ``meta.next``, whose form
        differs between endpoints and API versions (a path, a URL, null or ""). A
        server that repeats objects, claims an unreadable total or never ends is an
        error, not a longer loop: the loop ends at MAX_PAGES whatever it says.

        Once the first page is full and its ``total_count`` says more follow, the next
        pages are read in parallel, as many at a time as the client has workers; a page
        that comes back short before the end (the list shrank, or the server pages by
        fewer) ends that, and reading goes on one page at a time from where it stopped.
        """
        offset = 0
        seen = set()
        pages = 0
        while pages < MAX_PAGES:
            batch = self._next_pages(path, params, offset, check, MAX_PAGES - pages)
            pages += len(batch)
            for page_offset, (objects, total) in batch:
                for obj in objects:
                    key = wire.identity(obj)
                    if key in seen:
                        raise PlivoApiError("GET", self._account_path + path, 200,
                                            "the page at offset %d repeats %s, which an earlier page held; the list "
                                            "cannot be read reliably" % (page_offset, self._excerpt(key, 80)))
                    seen.add(key)
                    yield without_api_id(obj)
                offset = page_offset + len(objects)
                if not objects or total is None or offset >= total:
                    return
                if len(objects) < PAGE_LIMIT:
                    # Pages after a short one were read at offsets that assumed a full one.
                    break
        raise PlivoApiError("GET", self._account_path + path, 200, "the list has more than %d pages (%d objects); "
                            "no list the collection reads is that long" % (MAX_PAGES, MAX_PAGES * PAGE_LIMIT))

    def _next_pages(self, path, params, offset, check, most):
        """``[(offset, (objects, total)), ...]``: the page at ``offset``, and when it is full and
        more follow, the pages after it, read in parallel (at most ``most`` pages in all)."""
        objects, total = self._list_page(path, params, offset, check)
        first = [(offset, (objects, total))]
        if len(objects) < PAGE_LIMIT or total is None:
            return first
        # Empty when this page is the last, or when one page at a time is all the workers or `most` allow.
        end = min(total, offset + PAGE_LIMIT * min(most, self.workers.count))
        offsets = list(range(offset + PAGE_LIMIT, end, PAGE_LIMIT))
        return first + list(zip(offsets, self.workers.map(lambda at: self._list_page(path, params, at, check), offsets)))

    def _list_page(self, path, params, offset, check):
        """``(objects, total_count)`` of one page; total_count is None when the page does not say."""
        page = self._object("GET", path, params=dict(params or {}, limit=PAGE_LIMIT, offset=offset),
                            check=wire.page_problem)
        for obj in page.get("objects") or []:
            problem = check(obj)
            if problem:
                raise PlivoApiError("GET", self._account_path + path, 200, "a listed object %s: %s"
                                    % (problem, self._excerpt(obj)))
        return page.get("objects") or [], wire.total_count(page)

    # Powerpacks

    def _path(self, template, method, **values):
        """``template`` filled with ``values``, each checked first: ``number`` must be digits, the others UUIDs."""
        for name, value in values.items():
            kind = "number" if name == "number" else "uuid"
            if wire.segment(kind, value) is None:
                raise PlivoApiError(method, self._account_path + template.split("{")[0], error=(
                    "refusing to put %s into the request path: it is not a %s" % (self._excerpt(value), kind)))
        return template.format(**values)

    def iter_powerpacks(self):
        """Yield every powerpack of the account as the list endpoint shows it (without ``number_priority``)."""
        return self._iter_objects("Powerpack/", check=wire.powerpack_problem)

    def get_powerpack(self, uuid):
        """The full powerpack object (``number_priority`` included), or None if the API does not know it."""
        try:
            return self._object("GET", self._path("Powerpack/{uuid}/", "GET", uuid=uuid), check=wire.powerpack_problem)
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
        duplicate. After an ambiguous failure (no answer, a 5xx, or an answer that is
        not a powerpack) the client waits a backoff, then looks the name up: if the
        powerpack is there, the create landed and it is returned. If it is not visible
        yet, the create is sent again, and the small risk that remains (an API that
        accepts duplicate names and shows a create late) is in the reliability guide.
        When the API refuses the create and the name now exists, another run created
        it concurrently: it is returned with ``created`` False, for the caller to converge.
        Unless an earlier attempt of this create may have landed (no answer, or a 5xx):
        then that attempt most likely landed late, after the lookup missed it, and the
        powerpack is reported as created, with a warning, rather than as found.
        """
        deadline = time.monotonic() + self._retry_timeout
        error = None
        for attempt in range(self._max_retries + 1):
            if error is not None:
                self._warn("Plivo API: retrying POST %s after %s; after a backoff no powerpack %r is visible yet, so "
                           "the create is sent again (retry %d of %d)" % (
                               error.path, "HTTP %s" % error.status if error.status else "no answer",
                               body["name"], attempt, self._max_retries))
            try:
                return self._object("POST", "Powerpack/", body=body, check=wire.powerpack_problem), True
            except PlivoApiError as exc:
                unreadable = exc.status is not None and exc.status < 300
                if not (exc.ambiguous or unreadable) and exc.status not in CONFLICT_STATUSES:
                    raise
                if not self._wait_before_lookup(exc, exc.ambiguous or unreadable, attempt + 1, deadline):
                    raise
                found = self.find_powerpack(body["name"])
                if found is not None:
                    return found, exc.ambiguous or unreadable or self._landed_late(exc, error, body["name"], found)
                if not exc.ambiguous:
                    raise
                error = exc
        raise error

    def _landed_late(self, refusal, earlier, name, found):
        """True, with a warning, when a create refused because the name exists follows an earlier
        attempt of this run that may have landed (``earlier``): this run most likely created it."""
        if earlier is None:
            return False
        self._warn("Plivo API: POST %s was refused (HTTP %s) because powerpack %r exists now; an earlier attempt of this "
                   "run (%s) most likely landed after the lookup that missed it, so powerpack %s is reported as created "
                   "by this run" % (refusal.path, refusal.status, name,
                                    "HTTP %s" % earlier.status if earlier.status else "no answer",
                                    printable(str(found.get("uuid")))))
        return True

    def _wait_before_lookup(self, error, may_have_landed, attempt, deadline):
        """Wait as long as the API's Retry-After said, and after a create that may have landed
        at least a backoff, so that it has had time to commit. False when that would pass the retry budget."""
        wait = error.retry_after or (backoff_delay(attempt) if may_have_landed else 0)
        if not wait:
            return True
        if time.monotonic() + wait > deadline:
            return False
        if error.retry_after:
            self._warn("Plivo API: waiting %.1f s (Retry-After) after HTTP %s for POST %s before looking the name up"
                       % (wait, error.status, error.path))
        time.sleep(wait)
        return True

    def update_powerpack(self, uuid, body):
        return self._object("POST", self._path("Powerpack/{uuid}/", "POST", uuid=uuid), body=body, check=wire.powerpack_problem)

    def delete_powerpack(self, uuid, unrent_numbers=False):
        """Delete a powerpack; return False if it was already gone.

        The API answers 204 with no body or 200 with ``{"response": "success"}``; both
        are success. A 404 after a retry means an earlier attempt deleted it.
        """
        path = self._path("Powerpack/{uuid}/", "DELETE", uuid=uuid)
        try:
            self._request("DELETE", path, body={"unrent_numbers": unrent_numbers})
        except PlivoApiError as exc:
            if exc.status != 404:
                raise
            return exc.retries > 0
        return True

    # The account's numbers

    def get_account_number(self, number):
        """The account's record of a number it rents (``number_type``, ``sms_enabled``,
        ``mms_enabled``...), or None when the account does not rent it (the API answers 404)."""
        path = self._path("Number/{number}/", "GET", number=number)
        try:
            record = self._object("GET", path, check=wire.account_number_problem)
        except PlivoApiError as exc:
            if exc.status == 404:
                return None
            raise
        if normal_number(record["number"]) != number:
            raise PlivoApiError("GET", self._account_path + path, 200, "the answer describes another number: %s"
                                % self._excerpt(record["number"], 40))
        return record

    # Number pools

    def _pool_path(self, method, pool_uuid, sender_type, number=None):
        path = self._path("NumberPool/{pool}/", method, pool=pool_uuid) + SENDER_ENDPOINTS[sender_type] + "/"
        return path if number is None else path + self._path("{number}/", method, number=number)

    def iter_pool(self, pool_uuid, sender_type, filters=None):
        """Yield the pool's senders of one type (longcode, tollfree, shortcode), across all pages,
        each in the one shape of ``wire.normal_entry``.

        ``filters`` are query parameters the endpoint understands (for long codes:
        country_iso2, service).
        """
        for obj in self._iter_objects(self._pool_path("GET", pool_uuid, sender_type), wire.pool_entry_problem, filters):
            # The long-code list also shows toll-free numbers (its type filter allows them); they are read from Tollfree/.
            if sender_type == "longcode" and str(obj.get("type")).lower() == "tollfree":
                continue
            yield wire.normal_entry(obj, sender_type)

    def get_pool_sender(self, pool_uuid, sender_type, number, service=None):
        """The pool's entry for this number or short code (``wire.normal_entry``), or None if it is not in the pool.

        ``service`` is sent when given: one reading of the API (plivo-go's) finds only sms
        numbers without it, another (plivo-php's) searches both.
        """
        try:
            return wire.normal_entry(self._object("GET", self._pool_path("GET", pool_uuid, sender_type, number),
                                                  params={"service": service} if service else None,
                                                  check=wire.pool_entry_problem), sender_type)
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
        path = self._pool_path("POST", pool_uuid, sender_type, number)
        try:
            answer = self._request("POST", path, body=body or None)
        except PlivoApiError as exc:
            if not (exc.ambiguous or exc.retries):
                raise
            found = self.get_pool_sender(pool_uuid, sender_type, number, service)
            if found is None or (service is not None and entry_service(found, sender_type) != service):
                raise
            return found
        if isinstance(answer, dict) and entry_number(answer) == number:
            if service and not answer.get("service"):
                # Recorded add answers (plivo-python, -node, -java) leave the service out; it is the one just set.
                answer = dict(answer, service=service)
            return wire.normal_entry(answer, sender_type)
        # The reference does not promise the entry in the answer; read it.
        return self.get_pool_sender(pool_uuid, sender_type, number, service) or {}

    def remove_pool_sender(self, pool_uuid, sender_type, number, unrent=False):
        """Remove a number from the pool (unlink a short code); return False if it was not there.

        With ``unrent`` the number is also given up by the account. A 404 after a
        retry means an earlier attempt removed it.
        """
        body = None if sender_type == "shortcode" else {"unrent": unrent}
        try:
            self._request("DELETE", self._pool_path("DELETE", pool_uuid, sender_type, number), body=body)
        except PlivoApiError as exc:
            if exc.status != 404:
                raise
            return exc.retries > 0
        return True
