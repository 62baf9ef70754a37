# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local emulator of Plivo's Powerpack API, its number pools and the account's record of a
number it rents, for demos, tests and CI dry runs.

Run ``python3 plivo_emulator.py --help`` for the flags; docs/docsite/rst/guide_emulator.rst explains
everything else. The file uses the Python standard library only, so that users can
copy it anywhere ``python3`` runs.

Layout, top to bottom:
  validation helpers  turn a request body into the fields we store (or a 400)
  Readings            where Plivo's SDKs disagree: the stricter reading by default, the others as switches
  Store               every piece of mutable state, behind one lock
  Faults              fault injection and the rate limit (all off by default)
  Hostile             hostile server modes: answers a broken or malicious server gives (off by default)
  PlivoHandler        HTTP parsing, authentication, routing, endpoint bodies
  EmulatorServer      the in-process Python API (used by the unit tests)
  command line        argument parsing, serve mode and ``-- COMMAND`` wrapper mode
"""

from __future__ import annotations

import argparse
import base64
import binascii
import calendar
import collections
import copy
import datetime
import hmac
import http
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

DEFAULT_AUTH_ID = "MAEMULATOR0000000000"
DEFAULT_AUTH_TOKEN = "emulator-secret-token"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8089
ACCOUNTS_ENV = "PLIVO_EMULATOR_ACCOUNTS"
SHORTCODES_ENV = "PLIVO_EMULATOR_SHORTCODES"

MAX_PAGE_SIZE = 20
# 2 added the senders (rented numbers and short codes) of each account; 1 still loads.
# Rented numbers later gained sms_enabled and mms_enabled, still version 2: a file without
# them loads with both true (what every number was before), and an older emulator that
# drops them knows no capabilities to be strict about anyway.
STATE_VERSION = 2

POWERPACK_FIELDS = ("name", "sticky_sender", "local_connect", "application_id", "application_type", "number_priority")
APPLICATION_TYPES = ("xml", "phlo")
SERVICE_TYPES = ("SMS", "MMS")
PRIORITY_KEYS = ("priority1", "priority2", "priority3")
NUMBER_TYPES = ("longcode", "shortcode", "tollfree")
PRIORITY_ENTRY_KEYS = ("country_iso", "service_type", "priority")

# Number pools. The three kinds of pool member, named after their path segment.
LONGCODE, TOLLFREE, SHORTCODE = "Number", "Tollfree", "Shortcode"
RENTED_NUMBER_TYPES = ("fixed", "mobile", "tollfree")
POOL_SERVICES = ("sms", "mms")
MAX_STARTS_WITH = 10
# Rented numbers: what they may serve in a number pool (admin seed fields, default true).
NUMBER_CAPABILITIES = ("sms_enabled", "mms_enabled")
# GET /v1/Account/{id}/Number/{number}/ names the record types in its own words
# (plivo-python's numberGetResponse.json says "local" for a number a pool lists as "fixed").
ACCOUNT_NUMBER_TYPES = {"fixed": "local", "mobile": "mobile", "tollfree": "tollfree"}
# Its fields that the emulator has no model of, with the values of that fixture.
ACCOUNT_NUMBER_FIXED_FIELDS = {
    "active": True, "alias": None, "application": None, "carrier": "Plivo", "city": "", "cnam_lookup": "enabled",
    "compliance_application_id": None, "compliance_status": None, "monthly_rental_rate": "0.80000",
    "mms_rate": "0.00000", "sms_rate": "0.00000", "sub_account": None, "tendlc_campaign_id": None,
    "tendlc_registration_status": "UNREGISTERED", "toll_free_sms_verification": None, "voice_enabled": True,
    "voice_rate": "0.00850",
}
# North American toll-free prefixes: such a number is toll-free whoever rents it.
TOLLFREE_PREFIXES = ("1800", "1833", "1844", "1855", "1866", "1877", "1888")
CANADIAN_AREA_CODES = (
    "204", "226", "236", "249", "250", "289", "306", "343", "365", "403", "416", "418", "431", "437",
    "438", "450", "506", "514", "519", "548", "579", "581", "587", "604", "613", "639", "647", "672",
    "705", "709", "742", "778", "780", "782", "807", "819", "825", "867", "873", "902", "905",
)
# ISO country by calling code; "1" is shared by the US and Canada, told apart by area code.
CALLING_CODES = {"US": "1", "CA": "1", "GB": "44", "IN": "91", "AU": "61", "DE": "49", "FR": "33",
                 "BR": "55", "MX": "52", "SG": "65", "JP": "81"}
COUNTRY_PREFIXES = {code: country for country, code in CALLING_CODES.items() if country != "CA"}
COUNTRY_PREFIXES.update({"1" + area: "CA" for area in CANADIAN_AREA_CODES})
LONGEST_COUNTRY_PREFIX = max(len(prefix) for prefix in COUNTRY_PREFIXES)
# Not a real ISO code on purpose: guessing "US" would hide a missing table entry.
UNKNOWN_COUNTRY = "ZZ"
# Country names of the account's number answer ("country": "United States"); other codes show as they are.
COUNTRY_NAMES = {"US": "United States", "CA": "Canada", "GB": "United Kingdom", "IN": "India", "AU": "Australia",
                 "DE": "Germany", "FR": "France", "BR": "Brazil", "MX": "Mexico", "SG": "Singapore", "JP": "Japan"}

# Readings: where Plivo's SDKs and their recorded fixtures disagree about what the API does,
# the emulator answers the stricter way by default (the first choice) and each other reading
# is a switch: --reading KEY=VALUE, POST /_emulator/readings, EmulatorServer(readings=...).
READING_CHOICES = {
    # Toll-free entries: under "number" with type "tollfree" (plivo-go, -ruby, -java fixtures),
    # or under a "tollfree" key with no type or service (plivo-python's fixtures only).
    "tollfree_key": ("number", "tollfree"),
    # GET NumberPool/{p}/Number/{n}/ without service: only an sms number is found (plivo-go:
    # "defaults to 'sms' when not set"), or either service (plivo-php: it searches both).
    "single_get_service": ("sms", "both"),
    # A create without number_priority gets none, or the four US/CA x SMS/MMS defaults that a
    # recorded plivo-java answer shows on a powerpack its test created without any.
    "fill_default_priorities": (False, True),
    # A successful powerpack DELETE: 200 {"api_id", "response": "success"} (plivo-go and
    # plivo-ruby fixtures), or 204 with no body (the API reference).
    "delete_status": (200, 204),
}
READING_DEFAULTS = {key: choices[0] for key, choices in READING_CHOICES.items()}
# In the order of plivo-java's numberPoolPowerPack.json (2021), which is not sorted.
DEFAULT_NUMBER_PRIORITY = [
    {"country_iso": "US", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"},
     "service_type": "SMS"},
    {"country_iso": "US", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"},
     "service_type": "MMS"},
    {"country_iso": "CA", "priority": {"priority1": "shortcode", "priority2": "longcode", "priority3": "tollfree"},
     "service_type": "MMS"},
    {"country_iso": "CA", "priority": {"priority1": "shortcode", "priority2": "longcode", "priority3": "tollfree"},
     "service_type": "SMS"},
]


def new_id():
    """A fresh identifier in the same form Plivo uses (uuid4 text)."""
    return str(uuid.uuid4())


def utc_now():
    """Current time in Plivo's created_on form, e.g. 2020-09-23T09:31:25.924044Z."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Response:
    """What an endpoint answers: a status, an optional JSON body, extra headers.

    raw, when given, is (content_type, bytes) sent instead of a JSON body; the HTML
    pages of injected 502/504 faults and some hostile answers use it.

    stream, when given, is a Stream: the body is written piece by piece (the trickle
    and oversized hostile modes), never held in memory whole.
    """

    __slots__ = ("status", "body", "headers", "raw", "stream")

    def __init__(self, status, body=None, headers=None, raw=None, stream=None):
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.raw = raw
        self.stream = stream


class Stream:
    """A body sent in pieces: content_type, length (None: no Content-Length, the
    connection is closed after the body), an iterable of byte chunks, and the pause
    in seconds after each chunk. head_pause, when above 0, is the pause after each
    byte of the head after the status line (the trickle_headers hostile mode)."""

    __slots__ = ("content_type", "length", "chunks", "pause", "head_pause")

    def __init__(self, content_type, length, chunks, pause=0.0, head_pause=0.0):
        self.content_type = content_type
        self.length = length
        self.chunks = chunks
        self.pause = pause
        self.head_pause = head_pause


class ApiError(Exception):
    """Raised anywhere below the handler; becomes an error response.

    with_api_id is False only for the "no credentials" 401, whose real body has no
    api_id (clients must not assume every error carries one).
    """

    def __init__(self, status, message, with_api_id=True, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.with_api_id = with_api_id
        self.headers = headers

    def response(self):
        body = {"error": self.message}
        if self.with_api_id:
            body["api_id"] = new_id()
        return Response(self.status, body, self.headers)


def bad_request(message):
    return ApiError(400, message)


# ---------------------------------------------------------------------------
# Validation: request body -> normalised fields. Shared by create, update and seeding.
# ---------------------------------------------------------------------------

def validate_powerpack(body, creating):
    """Return the fields to store from a create (creating=True) or update body."""
    if not isinstance(body, dict):
        raise bad_request("request body must be a JSON object")
    unknown = sorted(set(body) - set(POWERPACK_FIELDS))
    if unknown:
        raise bad_request("unknown field(s): %s" % ", ".join(unknown))
    fields = {}
    if creating or "name" in body:
        fields["name"] = _check_name(body.get("name"))
    for key in ("sticky_sender", "local_connect"):
        if key in body:
            fields[key] = _check_bool(key, body[key])
    fields.update(_check_application(body))
    if "number_priority" in body:
        fields["number_priority"] = check_number_priority(body["number_priority"])
    return fields


def _check_name(name):
    if name is None:
        raise bad_request("name is required")
    if not isinstance(name, str):
        raise bad_request("name must be a string")
    if not name.strip():
        raise bad_request("name must not be empty")
    return name


def _check_bool(key, value):
    # Python's bool is an int subclass, but 0/1 or "true" are not JSON booleans.
    if not isinstance(value, bool):
        raise bad_request("%s must be a boolean (true or false)" % key)
    return value


def _check_application(body):
    """application_id/application_type rules; returns the pair to store, or {}."""
    if "application_id" not in body:
        if "application_type" in body:
            raise bad_request("application_type can only be sent together with application_id")
        return {}
    app_id = body["application_id"]
    if app_id == "" and body.get("application_type", "") == "":
        # What plivo-python sends when no application is given (application_id: "",
        # application_type: ""): the API accepts that body, so it means no application.
        return {"application_id": "", "application_type": ""}
    if not isinstance(app_id, str) or not app_id.strip():
        raise bad_request('application_id must be an application id or "none"')
    if app_id.lower() == "none":
        # An explicit "no application": a type may ride along, but is not stored.
        _check_application_type(body.get("application_type"), required=False)
        return {"application_id": "", "application_type": ""}
    app_type = _check_application_type(body.get("application_type"), required=True)
    # The real API echoes the type in upper case although it is sent in lower case.
    return {"application_id": app_id, "application_type": app_type.upper()}


def _check_application_type(value, required):
    if value is None or value == "":
        if required:
            raise bad_request("application_type is required when application_id is set (xml or phlo)")
        return ""
    if not isinstance(value, str) or value.lower() not in APPLICATION_TYPES:
        raise bad_request("application_type must be one of: xml, phlo")
    return value


def check_number_priority(value):
    """Validate a number_priority list; entries keep their order, codes are upper-cased."""
    if not isinstance(value, list):
        raise bad_request("number_priority must be a list")
    seen = set()
    result = []
    for index, entry in enumerate(value):
        where = "number_priority[%d]" % index
        item = _check_priority_entry(where, entry)
        key = (item["country_iso"], item["service_type"])
        if key in seen:
            raise bad_request("%s repeats country_iso %s with service_type %s" % (where, key[0], key[1]))
        seen.add(key)
        result.append(item)
    return result


def _check_priority_entry(where, entry):
    _check_exact_keys(where, entry, PRIORITY_ENTRY_KEYS)
    country = entry["country_iso"]
    if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country):
        raise bad_request("%s.country_iso must be a two-letter ISO 3166-1 country code" % where)
    service = entry["service_type"]
    if not isinstance(service, str) or service.upper() not in SERVICE_TYPES:
        raise bad_request("%s.service_type must be one of: SMS, MMS" % where)
    return {
        "country_iso": country.upper(),
        "priority": _check_priority(where + ".priority", entry["priority"]),
        "service_type": service.upper(),
    }


def _check_priority(where, value):
    _check_exact_keys(where, value, PRIORITY_KEYS)
    ranks = [value[key] for key in PRIORITY_KEYS]
    if not all(isinstance(rank, str) for rank in ranks) or sorted(rank.lower() for rank in ranks) != sorted(NUMBER_TYPES):
        raise bad_request("%s must use each of shortcode, tollfree and longcode exactly once" % where)
    return {key: value[key].lower() for key in PRIORITY_KEYS}


def _check_exact_keys(where, value, expected):
    if not isinstance(value, dict):
        raise bad_request("%s must be an object" % where)
    missing = [key for key in expected if key not in value]
    if missing:
        raise bad_request("%s is missing: %s" % (where, ", ".join(missing)))
    unknown = sorted(set(value) - set(expected))
    if unknown:
        raise bad_request("%s has unknown field(s): %s" % (where, ", ".join(unknown)))


def check_delete_body(body):
    if body is None:
        return
    if not isinstance(body, dict):
        raise bad_request("request body must be a JSON object")
    unknown = sorted(set(body) - {"unrent_numbers"})
    if unknown:
        raise bad_request("unknown field(s): %s" % ", ".join(unknown))
    if "unrent_numbers" in body:
        _check_bool("unrent_numbers", body["unrent_numbers"])


# ---------------------------------------------------------------------------
# Number pools: validation and classification of numbers and short codes.
# ---------------------------------------------------------------------------

def country_of(number):
    """ISO code of a number (digits, country code first) by longest known prefix; ZZ if unknown."""
    for length in range(min(len(number), LONGEST_COUNTRY_PREFIX), 0, -1):
        country = COUNTRY_PREFIXES.get(number[:length])
        if country:
            return country
    return UNKNOWN_COUNTRY


def has_tollfree_prefix(number):
    return number.startswith(TOLLFREE_PREFIXES)


def check_phone_number(number, where="number"):
    # The value is not echoed: it may be anything a client put in the path.
    if not isinstance(number, str) or not re.fullmatch(r"[0-9]+", number):
        raise bad_request("%s must contain digits only (country code first, no + or spaces)" % where)
    if not 8 <= len(number) <= 15:
        raise bad_request("%s must be 8 to 15 digits long" % where)
    return number


def check_country(where, value):
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2}", value):
        raise bad_request("%s must be a two-letter ISO 3166-1 country code" % where)
    return value.upper()


def check_flag(key, value):
    """A JSON boolean, or the strings "true"/"false" that Plivo's SDKs send for rent ("true").

    Only rent takes strings: unrent and unrent_numbers must be JSON booleans (_check_bool),
    as the API answered 400 to the string (plivo-node 4.56.1)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise bad_request('%s must be true or false (a JSON boolean or the string "true" or "false")' % key)


def check_service(value):
    if not isinstance(value, str) or value.lower() not in POOL_SERVICES:
        raise bad_request("service must be one of: sms, mms")
    return value.lower()


def pool_params(request, allowed):
    """The parameters of a pool add or remove: the JSON body, or the query string when there is none."""
    body = request.json_body()
    params = request.query if body is None else body
    if not isinstance(params, dict):
        raise bad_request("request body must be a JSON object")
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise bad_request("unknown field(s): %s (allowed: %s)" % (", ".join(unknown), ", ".join(allowed) or "none"))
    return params


def pool_list_filters(query, kind):
    """The filters of a pool list: [(name, value)] for the page links, and a predicate on records.

    Like the Powerpack list, unknown query parameters are ignored; known ones with a
    bad value are a 400. Number/ (which lists toll-free numbers too) takes country_iso2,
    type, service and starts_with; Tollfree/ country_iso2 and service; Shortcode/ none.
    """
    tests, filters = [], []
    if kind == SHORTCODE:
        return filters, lambda record: True
    country = query.get("country_iso2")
    if country is not None:
        country = check_country("country_iso2", country)
        filters.append(("country_iso2", country))
        tests.append(lambda record: record["country_iso2"] == country)
    if kind == LONGCODE:
        number_type = query.get("type")
        if number_type is not None:
            if number_type.lower() not in RENTED_NUMBER_TYPES:
                raise bad_request("type must be one of: %s" % ", ".join(RENTED_NUMBER_TYPES))
            number_type = number_type.lower()
            filters.append(("type", number_type))
            tests.append(lambda record: record["type"] == number_type)
    service = query.get("service")
    if service is not None:
        service = check_service(service)
        filters.append(("service", service))
        tests.append(lambda record: record["service"] == service)
    if kind == LONGCODE:
        starts_with = query.get("starts_with")
        if starts_with is not None:
            tests.append(_starts_with_test(starts_with, country))
            filters.append(("starts_with", starts_with))
    return filters, lambda record: all(test(record) for test in tests)


def _starts_with_test(value, country):
    if country is None:
        raise bad_request("starts_with requires country_iso2")
    prefixes = tuple(prefix.strip() for prefix in value.split(","))
    if not all(re.fullmatch(r"[0-9]+", prefix) for prefix in prefixes):
        raise bad_request("starts_with must be a comma-separated list of digit prefixes")
    if len(prefixes) > MAX_STARTS_WITH:
        raise bad_request("starts_with takes at most %d prefixes" % MAX_STARTS_WITH)
    # Prefixes are national (after the country's calling code), since the country is required;
    # e.g. 415 with US finds 1415... Countries outside CALLING_CODES compare the whole number.
    calling_code = CALLING_CODES.get(country, "")

    def test(record):
        number = record["number"]
        national = number[len(calling_code):] if number.startswith(calling_code) else number
        return national.startswith(prefixes)
    return test


def check_seed_numbers(body):
    """The body of POST /_emulator/accounts/{id}/numbers -> new rented-number records (all or none)."""
    if not isinstance(body, dict) or set(body) != {"numbers"} or not isinstance(body["numbers"], list):
        raise bad_request('body must be {"numbers": [{"number": "14155550100", "type": "fixed", "country_iso2": "US"}, ...]}')
    records, seen = [], set()
    for index, entry in enumerate(body["numbers"]):
        where = "numbers[%d]" % index
        if not isinstance(entry, dict) or "number" not in entry:
            raise bad_request("%s must be an object with a number" % where)
        unknown = sorted(set(entry) - {"number", "type", "country_iso2"} - set(NUMBER_CAPABILITIES))
        if unknown:
            raise bad_request("%s has unknown field(s): %s" % (where, ", ".join(unknown)))
        number = check_phone_number(entry["number"], where + ".number")
        tollfree = has_tollfree_prefix(number)
        number_type = entry.get("type", "tollfree" if tollfree else "fixed")
        if number_type not in RENTED_NUMBER_TYPES:
            raise bad_request("%s.type must be one of: %s" % (where, ", ".join(RENTED_NUMBER_TYPES)))
        # Keeps "is it toll-free?" one question: the prefix of an unrented number, the type of a rented one.
        if tollfree and number_type != "tollfree":
            raise bad_request("%s.number has a toll-free prefix, so its type must be tollfree" % where)
        if "country_iso2" in entry:
            country = check_country(where + ".country_iso2", entry["country_iso2"])
        else:
            country = country_of(number)
        capabilities = {key: _check_bool("%s.%s" % (where, key), entry[key]) for key in NUMBER_CAPABILITIES if key in entry}
        if number in seen:
            raise bad_request("%s repeats number %s" % (where, number))
        seen.add(number)
        records.append(new_number_record(number, number_type, country, **capabilities))
    return records


def check_shortcode_config(shortcodes, account_ids):
    """{auth_id: ["444444", {"shortcode": "555555", "country_iso2": "CA"}]} -> {auth_id: [(code, country)]}.

    Shared by EmulatorServer and the command line; raises ValueError. Messages name
    entries by position, never by value: a mistyped flag could hold a token.
    """
    if not shortcodes:
        return {}
    if not isinstance(shortcodes, dict):
        raise ValueError("shortcodes must be a dict {auth_id: [code, ...]}")
    result, owners = {}, {}
    for account, entries in shortcodes.items():
        if account not in account_ids:
            raise ValueError("shortcodes: %s is not a configured account" % account)
        if not isinstance(entries, (list, tuple)):
            raise ValueError("shortcodes of %s must be a list" % account)
        for number, entry in enumerate(entries, start=1):
            where = "short code #%d of %s" % (number, account)
            if isinstance(entry, dict) and "shortcode" in entry and set(entry) <= {"shortcode", "country_iso2"}:
                code, country = entry["shortcode"], entry.get("country_iso2", "US")
            elif isinstance(entry, dict):
                raise ValueError('%s must be a code or {"shortcode": CODE, "country_iso2": XX}' % where)
            else:
                code, country = entry, "US"
            if not isinstance(code, str) or not re.fullmatch(r"[0-9]{3,8}", code):
                raise ValueError("%s must be 3 to 8 digits" % where)
            if not isinstance(country, str) or not re.fullmatch(r"[A-Za-z]{2}", country):
                raise ValueError("%s has a country that is not a two-letter ISO code" % where)
            country = country.upper()
            # Paths name a short code by its digits alone, so they are unique within an account;
            # a code of one country belongs to one account only.
            if any(other == code for other, _country in result.get(account, [])) or (code, country) in owners:
                raise ValueError("%s: short code %s (%s) is configured twice" % (where, code, country))
            owners[(code, country)] = account
            result.setdefault(account, []).append((code, country))
    return result


def new_number_record(number, number_type, country, service="sms", sms_enabled=True, mms_enabled=True):
    return {"number": number, "type": number_type, "country_iso2": country, "service": service,
            "sms_enabled": sms_enabled, "mms_enabled": mms_enabled, "pool": None, "added_on": None}


def new_shortcode_record(code, country):
    return {"shortcode": code, "country_iso2": country, "pool": None, "added_on": None}


def pool_uuid_of(record):
    # The 6th '/'-separated segment of /v1/Account/{id}/NumberPool/{pool_uuid}/, as the SDKs read it.
    return record["number_pool"].split("/")[5]


def pool_path(account, pool_uuid):
    return "/v1/Account/%s/NumberPool/%s/" % (account, pool_uuid)


# ---------------------------------------------------------------------------
# Views: stored record -> wire object.
# ---------------------------------------------------------------------------

def full_view(record):
    """Retrieve/create/update shape: every field plus a fresh api_id."""
    view = copy.deepcopy(record)
    view["api_id"] = new_id()
    return view


def list_view(record):
    """List shape: like the reference's list example, no number_priority and no api_id."""
    return {key: copy.deepcopy(value) for key, value in record.items() if key != "number_priority"}


def page_url(account, offset, limit):
    # Deliberately the reference's odd form: /api prefix, lower-case "account", no slash.
    return "/api/v1/account/%s/Powerpack?offset=%d&limit=%d" % (account, offset, limit)


def pool_object(account, kind, record, tollfree_key="number", single=False):
    """A pool member as the NumberPool endpoints show it.

    kind is the endpoint that shows it. A number (a long code, or a toll-free number, which
    has type "tollfree") has the same shape on Number/ and Tollfree/, as in plivo-go's,
    -ruby's and -java's fixtures; with tollfree_key "tollfree", Tollfree/ shows plivo-python's
    fixture shape instead: {"tollfree", "country_iso2", "added_on", "number_pool_uuid"}.
    single: the answer of a GET of one number (Number/ or Tollfree/), whose pool key is
    "numberpool_uuid" (plivo-python's and plivo-php's numberpoolResponse.json); lists, adds
    and short codes say "number_pool_uuid".
    """
    pool_key = "numberpool_uuid" if single and kind != SHORTCODE else "number_pool_uuid"
    if kind == SHORTCODE:
        return {"shortcode": record["shortcode"], "country_iso2": record["country_iso2"],
                "added_on": record["added_on"], pool_key: record["pool"]}
    if kind == TOLLFREE and tollfree_key == "tollfree":
        return {"tollfree": record["number"], "country_iso2": record["country_iso2"],
                "added_on": record["added_on"], pool_key: record["pool"]}
    return {
        "number": record["number"],
        "country_iso2": record["country_iso2"],
        "type": record["type"],
        "service": record["service"],
        "added_on": record["added_on"],
        pool_key: record["pool"],
        "account_phone_number_resource": "/v1/Account/%s/Number/%s/" % (account, record["number"]),
    }


def account_number_view(account, record, today=None):
    """A rented number as GET /v1/Account/{id}/Number/{number}/ shows it: the keys of
    plivo-python's numberGetResponse.json, plus a fresh api_id.

    The emulator does not keep when a number was rented: added_on is today (UTC) and
    renewal_date a month later, in the fixture's YYYY-MM-DD form.
    """
    today = today or datetime.datetime.now(datetime.timezone.utc).date()
    country = COUNTRY_NAMES.get(record["country_iso2"], record["country_iso2"])
    view = copy.deepcopy(ACCOUNT_NUMBER_FIXED_FIELDS)
    view.update({
        "added_on": today.isoformat(),
        "api_id": new_id(),
        "country": country,
        "mms_enabled": record["mms_enabled"],
        "number": record["number"],
        "number_type": ACCOUNT_NUMBER_TYPES[record["type"]],
        "region": country.upper(),
        "renewal_date": next_month(today).isoformat(),
        "resource_uri": "/v1/Account/%s/Number/%s/" % (account, record["number"]),
        "sms_enabled": record["sms_enabled"],
    })
    return view


def next_month(day):
    """The same day of the next month, or that month's last day when it is shorter (2024-01-31 -> 2024-02-29)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def pool_page_url(account, pool_uuid, kind, offset, limit, filters):
    # The reference's /api/v1/account/... form, like page_url, with the filters kept.
    query = urlencode([("limit", limit), ("offset", offset)] + filters)
    return "/api/v1/account/%s/NumberPool/%s/%s/?%s" % (account, pool_uuid, kind, query)


# ---------------------------------------------------------------------------
# Readings (see READING_CHOICES)
# ---------------------------------------------------------------------------

def check_readings(changes):
    """Validate a (partial) readings object; returns the normalised values.

    Raises ValueError naming the bad key. Shared by the command line, the Python API
    and POST /_emulator/readings. Booleans also come as "true"/"false" and statuses as
    digits, so that --reading KEY=VALUE text works as it is typed.
    """
    if not isinstance(changes, dict):
        raise ValueError("readings must be a JSON object such as {\"tollfree_key\": \"tollfree\"}")
    unknown = sorted(set(changes) - set(READING_CHOICES))
    if unknown:
        raise ValueError("unknown reading(s): %s (known: %s)" % (", ".join(unknown), ", ".join(READING_CHOICES)))
    result = {}
    for key, value in changes.items():
        choices = READING_CHOICES[key]
        if isinstance(choices[0], bool) and isinstance(value, str) and value.lower() in ("true", "false"):
            value = value.lower() == "true"
        elif isinstance(choices[0], int) and not isinstance(choices[0], bool) and isinstance(value, str) and value.isdigit():
            value = int(value)
        # bool is an int: 1 must not pass for 200, nor True for a status.
        if not any(value == choice and type(value) is type(choice) for choice in choices):
            raise ValueError("%s must be one of: %s" % (key, ", ".join(json.dumps(choice) for choice in choices)))
        result[key] = value
    return result


class Readings:
    """The readings in force, behind a lock; see READING_CHOICES and check_readings."""

    def __init__(self, settings=None):
        self._lock = threading.Lock()
        self._settings = dict(READING_DEFAULTS)
        self.update(settings or {})

    def settings(self):
        with self._lock:
            return dict(self._settings)

    def get(self, key):
        with self._lock:
            return self._settings[key]

    def update(self, changes):
        """Merge validated changes (nothing changes on an error); returns the settings."""
        changes = check_readings(changes)
        with self._lock:
            self._settings.update(changes)
            return dict(self._settings)

    def reset(self):
        """Every reading back to its default (the stricter one)."""
        with self._lock:
            self._settings = dict(READING_DEFAULTS)
            return dict(self._settings)


# ---------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------

class Store:
    """Every piece of mutable state: powerpacks, senders (numbers, short codes) per account, the request log.

    One re-entrant lock guards everything, because the HTTP server runs each request
    in its own thread. Tokens never enter the store, so nothing it dumps or persists
    can leak them.

    A sender is in at most one pool at a time: its record holds that pool's uuid (or
    None), so "serves two pools" cannot even be stored.
    """

    def __init__(self, account_ids, state_file=None, shortcodes=None):
        self._lock = threading.RLock()
        self._state_file = state_file
        # auth_id -> {uuid: record}; dicts keep insertion order, which is creation order.
        self._powerpacks = {}
        # auth_id -> {number: record} and {code: record}. A sender moves to the end when it
        # joins a pool, so a pool's members come in the order they were added.
        self._numbers = {}
        self._shortcodes = {}
        # auth_id -> [(code, country)]: what a reset restores (see check_shortcode_config).
        self._shortcode_config = dict(shortcodes or {})
        self._log = []
        # seq keeps growing across clears so that "?since=SEQ" stays meaningful.
        self._seq = 0
        if state_file and os.path.exists(state_file):
            self._load(state_file)
        for account in account_ids:
            self._powerpacks.setdefault(account, {})
        for account in self._powerpacks:
            self._numbers.setdefault(account, {})
            owned = self._shortcodes.setdefault(account, {})
            # A state file keeps its short codes and links; configured ones it lacks join, unlinked.
            for code, country in self._shortcode_config.get(account, []):
                owned.setdefault(code, new_shortcode_record(code, country))

    # -- powerpacks --------------------------------------------------------

    def has_account(self, account):
        with self._lock:
            return account in self._powerpacks

    def list_page(self, account, offset, limit):
        with self._lock:
            records = list(self._bucket(account).values())
            return copy.deepcopy(records[offset:offset + limit]), len(records)

    def get(self, account, pp_uuid):
        with self._lock:
            return copy.deepcopy(self._find(account, pp_uuid))

    def create(self, account, fields_list, fill_default_priorities=False):
        """Insert one or more validated powerpacks, all or none; returns the records.

        fill_default_priorities (a reading): a powerpack created without number_priority
        entries gets DEFAULT_NUMBER_PRIORITY.
        """
        with self._lock:
            bucket = self._bucket(account)
            taken = {record["name"] for record in bucket.values()}
            for fields in fields_list:
                if fields["name"] in taken:
                    raise bad_request("Powerpack with this name already exists")
                taken.add(fields["name"])
            records = [self._new_record(account, fields, fill_default_priorities) for fields in fields_list]
            for record in records:
                bucket[record["uuid"]] = record
            self._save()
            return copy.deepcopy(records)

    def update(self, account, pp_uuid, fields):
        with self._lock:
            record = self._find(account, pp_uuid)
            if "name" in fields and self._name_taken(account, fields["name"], except_uuid=pp_uuid):
                raise bad_request("Powerpack with this name already exists")
            record.update(copy.deepcopy(fields))
            self._save()
            return copy.deepcopy(record)

    def delete(self, account, pp_uuid, unrent_numbers=False):
        """Delete a powerpack; its pool's numbers leave the account with unrent_numbers, else stay unpooled.

        Short codes are never rented, so they only lose their link either way.
        """
        with self._lock:
            pool = pool_uuid_of(self._find(account, pp_uuid))
            numbers = self._senders(account, LONGCODE)
            for number, record in list(numbers.items()):
                if record["pool"] == pool:
                    if unrent_numbers:
                        del numbers[number]
                    else:
                        record.update(pool=None, added_on=None)
            for record in self._senders(account, SHORTCODE).values():
                if record["pool"] == pool:
                    record.update(pool=None, added_on=None)
            del self._powerpacks[account][pp_uuid]
            self._save()

    def reset(self, account=None):
        """Back to a blank slate: one account (its powerpacks, senders and log entries) or everything.

        Rented numbers are forgotten; short codes are back to the configured ones, unlinked.
        """
        with self._lock:
            if account is not None:
                accounts = [account]
                self._log = [entry for entry in self._log if entry["account"] != account]
            else:
                accounts = list(self._powerpacks)
                self._log = []
            for name in accounts:
                self._bucket(name).clear()
                self._numbers[name] = {}
                self._shortcodes[name] = {
                    code: new_shortcode_record(code, country) for code, country in self._shortcode_config.get(name, [])
                }
            self._save()

    def snapshot(self):
        # Senders sit beside "accounts", not inside it, so that an account's entry keeps
        # the version-1 shape {"powerpacks": [...]} that existing readers compare against.
        with self._lock:
            return {
                "version": STATE_VERSION,
                "accounts": {
                    account: {"powerpacks": copy.deepcopy(list(bucket.values()))}
                    for account, bucket in self._powerpacks.items()
                },
                "senders": {account: self._sender_lists(account) for account in self._powerpacks},
            }

    # -- number pools ------------------------------------------------------

    def check_pool(self, account, pool_uuid):
        """404 unless one of the account's powerpacks has this pool."""
        with self._lock:
            if not any(pool_uuid_of(record) == pool_uuid for record in self._bucket(account).values()):
                raise ApiError(404, "not found")

    def pool_page(self, account, pool_uuid, kind, offset, limit, match):
        """One page of a pool's members of one kind that pass match, and how many pass."""
        with self._lock:
            self.check_pool(account, pool_uuid)
            members = [record for record in self._members(account, pool_uuid, kind) if match(record)]
            return copy.deepcopy(members[offset:offset + limit]), len(members)

    def pool_member(self, account, pool_uuid, kind, key):
        with self._lock:
            return copy.deepcopy(self._member(account, pool_uuid, kind, key))

    def add_number(self, account, pool_uuid, number, kind, service, rent):
        """POST NumberPool/{pool}/Number|Tollfree/{number}/ once its parameters are valid; returns the record.

        service None leaves it as it is. The checks run in this order: kind, then
        ownership and pool (or renting), then whether the number may serve the service
        (its sms_enabled or mms_enabled), then the number joins the pool or its service changes.
        """
        with self._lock:
            self.check_pool(account, pool_uuid)
            numbers = self._senders(account, LONGCODE)
            record = numbers.get(number)
            # A rented number is what its type says; an unrented one what its prefix says.
            tollfree = record["type"] == "tollfree" if record else has_tollfree_prefix(number)
            if tollfree and kind == LONGCODE:
                raise bad_request("number %s is a toll-free number; add it with the Tollfree endpoint" % number)
            if not tollfree and kind == TOLLFREE:
                raise bad_request("number %s is not a toll-free number; add it with the Number endpoint" % number)
            if record is None:
                if not rent:
                    raise ApiError(404, "number %s is not rented by this account; rent it first or add it with rent=true" % number)
                if self._renter(number) is not None:
                    raise bad_request("number %s is not available to rent" % number)
                record = new_number_record(number, "tollfree" if tollfree else "fixed", country_of(number))
                numbers[number] = record
            elif record["pool"] not in (None, pool_uuid):
                raise bad_request("number %s already belongs to another number pool; remove it from that pool first" % number)
            wanted = record["service"] if service is None else service
            if not record["%s_enabled" % wanted]:
                raise bad_request("number %s is not %s-enabled; it cannot serve %s in a number pool"
                                  % (number, wanted.upper(), wanted))
            if record["pool"] is None:
                record.update(pool=pool_uuid, added_on=utc_now())
                numbers[number] = numbers.pop(number)
            if service is not None:
                # Re-adding a member is an upsert of its service; the same service changes nothing.
                record["service"] = service
            self._save()
            return copy.deepcopy(record)

    def account_number(self, account, number):
        """The account's record of a number it rents (a long code or toll-free number, in a pool or not); else 404."""
        with self._lock:
            record = self._senders(account, LONGCODE).get(number)
            if record is None:
                raise ApiError(404, "not found")
            return copy.deepcopy(record)

    def remove_member(self, account, pool_uuid, kind, key, unrent=False):
        """Take a member out of the pool; unrent also drops a number from the account."""
        with self._lock:
            record = self._member(account, pool_uuid, kind, key)
            if unrent and kind != SHORTCODE:
                del self._senders(account, kind)[key]
            else:
                record.update(pool=None, added_on=None)
            self._save()

    def seed_numbers(self, account, records):
        """Rent numbers directly (admin), all or none; each must be free in every account."""
        with self._lock:
            for index, record in enumerate(records):
                if self._renter(record["number"]) is not None:
                    raise bad_request("numbers[%d]: number %s is already rented" % (index, record["number"]))
            numbers = self._senders(account, LONGCODE)
            for record in records:
                numbers[record["number"]] = copy.deepcopy(record)
            self._save()
            return copy.deepcopy(records)

    def link_shortcode(self, account, code, powerpack):
        """Link an owned short code into a powerpack's pool (by uuid, else by name), as Plivo support does."""
        with self._lock:
            record = self._senders(account, SHORTCODE).get(code)
            if record is None:
                raise ApiError(404, "unknown short code")
            bucket = self._bucket(account)
            target = bucket.get(powerpack) or next((r for r in bucket.values() if r["name"] == powerpack), None)
            if target is None:
                raise ApiError(404, "unknown powerpack")
            pool = pool_uuid_of(target)
            if record["pool"] not in (None, pool):
                raise bad_request("short code %s already serves another number pool; remove it from that pool first" % code)
            if record["pool"] is None:
                record.update(pool=pool, added_on=utc_now())
                owned = self._senders(account, SHORTCODE)
                owned[code] = owned.pop(code)
            self._save()
            return copy.deepcopy(record)

    def senders(self, account):
        with self._lock:
            return self._sender_lists(account)

    def _sender_lists(self, account):
        return {
            "numbers": copy.deepcopy(list(self._numbers.get(account, {}).values())),
            "shortcodes": copy.deepcopy(list(self._shortcodes.get(account, {}).values())),
        }

    def _senders(self, account, kind):
        """The account's numbers (long codes and toll-free alike) or its short codes, by kind."""
        return (self._shortcodes if kind == SHORTCODE else self._numbers).setdefault(account, {})

    def _members(self, account, pool_uuid, kind):
        # The Number/ list holds toll-free numbers too (its type filter allows tollfree).
        return [record for record in self._senders(account, kind).values()
                if record["pool"] == pool_uuid and (kind == LONGCODE or self._is_kind(record, kind))]

    def _member(self, account, pool_uuid, kind, key):
        self.check_pool(account, pool_uuid)
        record = self._senders(account, kind).get(key)
        if record is None or record["pool"] != pool_uuid or not self._is_kind(record, kind):
            raise ApiError(404, "not found")
        return record

    @staticmethod
    def _is_kind(record, kind):
        # One number is read, added and removed through the endpoint of its kind only
        # (Number/ lists toll-free numbers too, see _members).
        if kind == SHORTCODE:
            return True
        return (record["type"] == "tollfree") == (kind == TOLLFREE)

    def _renter(self, number):
        """The account that rents number, or None."""
        return next((account for account, numbers in self._numbers.items() if number in numbers), None)

    def _bucket(self, account):
        return self._powerpacks.setdefault(account, {})

    def _find(self, account, pp_uuid):
        record = self._bucket(account).get(pp_uuid)
        if record is None:
            raise ApiError(404, "not found")
        return record

    def _name_taken(self, account, name, except_uuid=None):
        # Names are compared exactly: "Promo" and "promo" may coexist.
        return any(r["name"] == name and r["uuid"] != except_uuid for r in self._bucket(account).values())

    @staticmethod
    def _new_record(account, fields, fill_default_priorities=False):
        record = {
            "application_id": "",
            "application_type": "",
            "created_on": utc_now(),
            "local_connect": True,
            "name": None,
            # Plivo creates an empty number pool along with every powerpack.
            "number_pool": "/v1/Account/%s/NumberPool/%s/" % (account, new_id()),
            "number_priority": [],
            "sticky_sender": True,
            "uuid": new_id(),
        }
        record.update(copy.deepcopy(fields))
        if fill_default_priorities and not record["number_priority"]:
            record["number_priority"] = copy.deepcopy(DEFAULT_NUMBER_PRIORITY)
        return record

    # -- request log -------------------------------------------------------

    def record_request(self, entry):
        """Append a log entry (seq is assigned here) and return its seq."""
        with self._lock:
            self._seq += 1
            logged = {"seq": self._seq}
            logged.update(entry)
            self._log.append(logged)
            return self._seq

    def requests(self, account=None, since=None):
        with self._lock:
            return [
                copy.deepcopy(entry) for entry in self._log
                if (account is None or entry["account"] == account) and (since is None or entry["seq"] > since)
            ]

    def clear_requests(self):
        with self._lock:
            self._log = []

    # -- persistence -------------------------------------------------------

    def _save(self):
        """Write the state file atomically, so a crash never leaves half a file."""
        if not self._state_file:
            return
        path = os.path.abspath(self._state_file)
        fd, temp_path = tempfile.mkstemp(prefix=".plivo-emulator-", suffix=".tmp", dir=os.path.dirname(path))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.snapshot(), handle, indent=2)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp_path, path)
        except BaseException:
            if os.path.exists(temp_path):
                os.unlink(temp_path)
            raise

    def _load(self, path):
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            version = data.get("version", 1)
            if version not in (1, STATE_VERSION):
                raise ValueError("unsupported version %r" % (version,))
            accounts = data["accounts"]
            for account, content in accounts.items():
                self._powerpacks[account] = {record["uuid"]: record for record in content["powerpacks"]}
            # Version 1 files have no senders: their accounts start with none.
            for account, content in data.get("senders", {}).items():
                self._powerpacks.setdefault(account, {})
                self._numbers[account] = {
                    r["number"]: dict(new_number_record(r["number"], r["type"], r["country_iso2"], r["service"],
                                                        **_loaded_capabilities(r)),
                                      pool=r["pool"], added_on=r["added_on"])
                    for r in content["numbers"]
                }
                self._shortcodes[account] = {
                    r["shortcode"]: dict(new_shortcode_record(r["shortcode"], r["country_iso2"]), pool=r["pool"], added_on=r["added_on"])
                    for r in content["shortcodes"]
                }
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise ValueError("%s is not a readable emulator state file (%s)" % (path, err)) from None


def _loaded_capabilities(record):
    """sms_enabled and mms_enabled of a number in a state file: true when absent (files written
    before the emulator had them), else a JSON boolean."""
    capabilities = {key: record.get(key, True) for key in NUMBER_CAPABILITIES}
    for key, value in capabilities.items():
        if not isinstance(value, bool):
            raise ValueError("number %s has a %s that is not true or false" % (record["number"], key))
    return capabilities


# ---------------------------------------------------------------------------
# Fault injection and rate limit
# ---------------------------------------------------------------------------

FAULT_DEFAULTS = {
    "fault_rate": 0.0,
    "fault_statuses": [500, 503, 429],
    "fault_retry_after": 1,
    "drop_rate": 0.0,
    "lost_response_rate": 0.0,
    "latency_ms": 0.0,
    "seed": None,
    "rate_limit": None,
    "max_consecutive_faults": None,
}
MAX_LATENCY_MS = 60000
# Status faults with these statuses carry Retry-After (unless fault_retry_after is 0).
RETRY_AFTER_STATUSES = (429, 503)
# Status faults with these statuses answer with an HTML page, like a proxy in front of an API would.
HTML_FAULT_STATUSES = (502, 504)
FAULT_TEXTS = {
    429: "too many requests",
    500: "internal server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}
HTML_FAULT_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>%(status)d %(text)s</title></head>\n"
    "<body><h1>%(status)d %(text)s</h1><p>plivo emulator: injected fault</p></body></html>\n"
)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_rate(key, value):
    if not _is_number(value) or not 0 <= value <= 1:
        raise ValueError("%s must be a number between 0 and 1" % key)
    return float(value)


def _check_statuses(value):
    if isinstance(value, str):
        try:
            value = [int(item) for item in value.split(",") if item.strip()]
        except ValueError:
            raise ValueError("fault_statuses must be a comma-separated list of HTTP statuses, e.g. 500,503,429") from None
    if not isinstance(value, list) or not value:
        raise ValueError("fault_statuses must be a non-empty list of HTTP statuses between 400 and 599")
    for status in value:
        if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
            raise ValueError("fault_statuses must be a non-empty list of HTTP statuses between 400 and 599")
    return list(value)


def _check_int(key, value, minimum):
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError("%s must be an integer of at least %d" % (key, minimum))
    return value


def _check_rate_limit(value):
    """null, {"requests": N, "seconds": S} or "N/S" -> None or the dict form."""
    if value is None:
        return None
    message = 'rate_limit must be null, "N/SECONDS" or {"requests": N, "seconds": SECONDS} with N >= 1 and SECONDS > 0'
    if isinstance(value, str):
        requests_text, slash, seconds_text = value.partition("/")
        try:
            value = {"requests": int(requests_text), "seconds": float(seconds_text)}
        except ValueError:
            raise ValueError(message) from None
        if not slash:
            raise ValueError(message)
    if not isinstance(value, dict) or set(value) != {"requests", "seconds"}:
        raise ValueError(message)
    requests, seconds = value["requests"], value["seconds"]
    if not isinstance(requests, int) or isinstance(requests, bool) or requests < 1:
        raise ValueError(message)
    if not _is_number(seconds) or not 0 < seconds < float("inf"):
        raise ValueError(message)
    if float(seconds).is_integer():
        seconds = int(seconds)
    return {"requests": requests, "seconds": seconds}


def check_fault_settings(changes):
    """Validate a (partial) fault settings object; returns the normalised values.

    Raises ValueError with a message that names the bad key. Shared by the command
    line, the Python API and POST /_emulator/faults.
    """
    if not isinstance(changes, dict):
        raise ValueError("fault settings must be a JSON object")
    unknown = sorted(set(changes) - set(FAULT_DEFAULTS))
    if unknown:
        raise ValueError("unknown fault setting(s): %s (known: %s)" % (", ".join(unknown), ", ".join(FAULT_DEFAULTS)))
    result = {}
    for key, value in changes.items():
        if key in ("fault_rate", "drop_rate", "lost_response_rate"):
            result[key] = _check_rate(key, value)
        elif key == "fault_statuses":
            result[key] = _check_statuses(value)
        elif key == "fault_retry_after":
            result[key] = _check_int(key, value, 0)
        elif key == "latency_ms":
            if not _is_number(value) or not 0 <= value <= MAX_LATENCY_MS:
                raise ValueError("latency_ms must be a number between 0 and %d" % MAX_LATENCY_MS)
            result[key] = float(value)
        elif key == "seed":
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError("seed must be an integer or null")
            result[key] = value
        elif key == "max_consecutive_faults":
            result[key] = None if value is None else _check_int(key, value, 0)
        else:
            result[key] = _check_rate_limit(value)
    return result


def fault_response(status, retry_after):
    """The answer of an injected status fault."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    try:
        phrase = http.HTTPStatus(status).phrase.lower()
    except ValueError:
        phrase = "error"
    text = FAULT_TEXTS.get(status, phrase)
    if status in HTML_FAULT_STATUSES:
        page = HTML_FAULT_PAGE % {"status": status, "text": text.title()}
        return Response(status, headers=headers, raw=("text/html; charset=utf-8", page.encode("utf-8")))
    return ApiError(status, text, headers=headers).response()


class Faults:
    """Fault injection settings, the random generator behind every draw, and the rate limit windows.

    decide() runs once per authenticated API request, under this object's lock, so
    draws happen in the order requests reach it: with a seed, a serial run (one request
    at a time) gets the same outcomes every time.
    """

    def __init__(self, settings=None):
        self._lock = threading.Lock()
        self._settings = copy.deepcopy(FAULT_DEFAULTS)
        self._random = random.Random()
        # account -> deque of the times (time.time()) its accepted requests were checked, oldest first
        self._windows = {}
        # request key -> how many times in a row it was faulted (see decide)
        self._streaks = {}
        self.update(settings or {})

    def settings(self):
        with self._lock:
            return copy.deepcopy(self._settings)

    def update(self, changes):
        """Merge validated changes; "seed" reseeds, "rate_limit" starts with empty windows."""
        changes = check_fault_settings(changes)
        with self._lock:
            self._settings.update(changes)
            if "seed" in changes:
                self._random.seed(changes["seed"])
            if "rate_limit" in changes:
                self._windows = {}
            if "max_consecutive_faults" in changes:
                self._streaks = {}
            return copy.deepcopy(self._settings)

    def reset(self):
        """Everything off, as at start without flags; the generator is reseeded from the OS."""
        with self._lock:
            self._settings = copy.deepcopy(FAULT_DEFAULTS)
            self._random.seed(None)
            self._windows = {}
            self._streaks = {}
            return copy.deepcopy(self._settings)

    def latency(self):
        """Seconds to sleep before handling an API request."""
        with self._lock:
            return self._settings["latency_ms"] / 1000.0

    def decide(self, account, is_create, now, key=None):
        """Rate limit, then the drop, status and lost-response draws, for one authenticated request.

        Returns None (no fault) or (fault, status, retry_after) where fault is
        "rate_limit", "drop", "status" or "lost_response".

        ``key`` names the request (its client, method, path and query): with
        max_consecutive_faults set, a request faulted that many times in a row is not
        faulted again until it has been answered once, so that a client that retries
        as often as that always gets through and a test that relies on it cannot fail
        by chance. The draws still happen, so the seed gives the same sequence.
        """
        with self._lock:
            fault = self._draw(account, is_create, now)
            limit = self._settings["max_consecutive_faults"]
            if limit is None or fault is not None and fault[0] == "rate_limit":
                return fault
            streak = self._streaks.pop(key, 0)
            if fault is None or streak >= limit:
                return None
            self._streaks[key] = streak + 1
            return fault

    def _draw(self, account, is_create, now):
        """The fault this request draws, before the cap of max_consecutive_faults."""
        settings = self._settings
        limit = settings["rate_limit"]
        if limit is not None:
            window = self._windows.setdefault(account, collections.deque())
            while window and window[0] <= now - limit["seconds"]:
                window.popleft()
            if len(window) >= limit["requests"]:
                # Room appears when the oldest request that keeps the window full leaves it.
                leaves = window[len(window) - limit["requests"]] + limit["seconds"]
                return "rate_limit", 429, max(1, int(math.ceil(leaves - now)))
            window.append(now)
        # One draw per fault whose rate is above 0, in this order: which draws happen
        # depends only on the settings and the request, never on the clock.
        if settings["drop_rate"] > 0 and self._random.random() < settings["drop_rate"]:
            return "drop", None, None
        if settings["fault_rate"] > 0 and self._random.random() < settings["fault_rate"]:
            status = self._random.choice(settings["fault_statuses"])
            retry_after = settings["fault_retry_after"]
            if status not in RETRY_AFTER_STATUSES or not retry_after:
                retry_after = None
            return "status", status, retry_after
        if is_create and settings["lost_response_rate"] > 0 and self._random.random() < settings["lost_response_rate"]:
            return "lost_response", None, None
        return None


# ---------------------------------------------------------------------------
# Hostile server modes (off by default)
# ---------------------------------------------------------------------------
# An API endpoint is untrusted input: a proxy, a broken gateway or a hostile host may
# answer anything. One hostile setting at a time; it applies to authenticated /v1/
# requests (never to admin requests), optionally only to one method and to paths that
# match a regular expression. Some modes answer instead of the API (echo_headers,
# echo_credentials, redirect, endless_page, oversized, junk_retry_after); the others
# let the request be processed as usual and then change its answer (trickle,
# trickle_headers, malformed, dot_segment_pool, control_chars, template_names).

HOSTILE_OFF = {"mode": None}
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
ECHO_FORMATS = ("json", "text", "html")
DOT_SEGMENTS = ("..", ".", "%2e%2e", "%2e")
MALFORMED_SHAPES = (
    "create_without_uuid",        # a powerpack create answers 200 without "uuid"
    "list_object_without_uuid",   # powerpack list objects without "uuid"
    "objects_string",             # a list answer's "objects" is a string
    "objects_with_null",          # a list answer's "objects" starts with null
    "total_count_text",           # a list answer's meta.total_count is "lots"
    "json_list_body",             # every 200 JSON answer is a JSON list holding the object
    "number_priority_string",     # powerpack objects have number_priority "US"
    "pool_entry_without_number",  # pool entries without number, tollfree and shortcode
    "sticky_sender_string",       # powerpack objects have sticky_sender "true" / "false"
    "not_json",                   # every 200 answer is an HTML page
    "empty_200",                  # every 200 answer has an empty body
)
# Each mode's options and their defaults (None: required, or "not set" where noted).
HOSTILE_MODES = {
    "echo_headers": {"status": 500, "format": "json", "decoded": False},
    "redirect": {"status": 302, "location": None},
    "endless_page": {"total_count": 10 ** 9, "distinct_pages": False, "meta_offset": None},
    "trickle": {"interval": 1.0},
    "oversized": {"size": 50 * 1024 * 1024, "content_length": True},
    "malformed": {"shape": None},
    "dot_segment_pool": {"segment": ".."},
    "trickle_headers": {"interval": 1.0},
    # times: only the first that many matching requests (null: all of them).
    "junk_retry_after": {"value": "soon", "status": 429, "times": None},
    "echo_credentials": {"status": 500, "format": "json", "decoded": False, "padding": 0},
    "control_chars": {"where": "both"},
    "template_names": {"payload": " {{ lookup('pipe', 'id') }}"},
}
HOSTILE_FILTERS = {"method": None, "path": None}
JUNK_RETRY_AFTER_STATUSES = (429, 503)
MAX_HOSTILE_TEXT = 200
MAX_ECHO_PADDING = 300
# What echo_credentials puts before the credentials, cut to `padding` characters.
ECHO_FILLER = "The upstream server could not complete your request; it received the following. "
CONTROL_WHERE = ("names", "errors", "both")
# What control_chars appends: a terminal escape that hides what follows (ESC [ 8 m) and
# clears the line, a carriage return and new lines that start fake Ansible output, a
# line separator (U+2028) and a C1 control sequence introducer (0x9b).
CONTROL_INJECTION = ("\x1b[8m\x1b[2K\r\nchanged: [localhost]\n"
                     "PLAY RECAP *********************************************************************\n"
                     "localhost                  : ok=1    changed=0    unreachable=0    failed=0\u2028\x9b0m")
MAX_OVERSIZED = 1024 ** 3
MAX_TRICKLE_INTERVAL = 60.0
STREAM_CHUNK = 64 * 1024
# Fixed names for the objects endless_page makes up, so that a page repeats exactly.
ENDLESS_NAMESPACE = uuid.UUID("9b3c2a1e-7d4f-4c6b-8a5e-0f1e2d3c4b5a")
ENDLESS_CREATED_ON = "2020-01-01T00:00:00.000000Z"


def _hostile_option(mode, key, value):
    """One checked option value of a hostile mode; raises ValueError naming the key."""
    if key == "method":
        if value is not None and (not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]+", value)):
            raise ValueError("method must be an HTTP method such as GET, or null")
        return value.upper() if value is not None else None
    if key == "path":
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise ValueError("path must be a regular expression (searched in the request path), or null")
        try:
            re.compile(value)
        except re.error as err:
            raise ValueError("path is not a valid regular expression: %s" % err) from None
        return value
    if mode == "echo_headers" and key == "status":
        if not isinstance(value, int) or isinstance(value, bool) or not 400 <= value <= 599:
            raise ValueError("status must be an HTTP status between 400 and 599")
        return value
    if mode == "echo_credentials" and key == "status":
        if not isinstance(value, int) or isinstance(value, bool) or not (value == 200 or 400 <= value <= 599):
            raise ValueError("status must be 200 or an HTTP status between 400 and 599")
        return value
    if mode == "junk_retry_after" and key == "status":
        if value not in JUNK_RETRY_AFTER_STATUSES or isinstance(value, bool):
            raise ValueError("status must be one of: %s" % ", ".join(str(s) for s in JUNK_RETRY_AFTER_STATUSES))
        return value
    if key == "value":
        # A number given as JSON (--hostile-option value=-1) stands for its text.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = json.dumps(value)
        if not isinstance(value, str) or len(value) > MAX_HOSTILE_TEXT or re.search(r"[\r\n]", value):
            raise ValueError("value must be text of at most %d characters without line breaks (it is sent as a "
                             "header)" % MAX_HOSTILE_TEXT)
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise ValueError("value must be Latin-1 text (it is sent as a header)") from None
        return value
    if key == "times":
        return None if value is None else _check_int(key, value, 1)
    if key == "padding":
        value = _check_int(key, value, 0)
        if value > MAX_ECHO_PADDING:
            raise ValueError("padding must be at most %d characters" % MAX_ECHO_PADDING)
        return value
    if key == "where":
        if value not in CONTROL_WHERE:
            raise ValueError("where must be one of: %s" % ", ".join(CONTROL_WHERE))
        return value
    if key == "payload":
        if not isinstance(value, str) or not 0 < len(value) <= MAX_HOSTILE_TEXT:
            raise ValueError("payload must be text of 1 to %d characters" % MAX_HOSTILE_TEXT)
        return value
    if mode in ("echo_headers", "echo_credentials") and key == "format":
        if value not in ECHO_FORMATS:
            raise ValueError("format must be one of: %s" % ", ".join(ECHO_FORMATS))
        return value
    if key in ("decoded", "distinct_pages", "content_length"):
        if not isinstance(value, bool):
            raise ValueError("%s must be true or false" % key)
        return value
    if mode == "redirect" and key == "status":
        if value not in REDIRECT_STATUSES or isinstance(value, bool):
            raise ValueError("status must be one of: %s" % ", ".join(str(s) for s in REDIRECT_STATUSES))
        return value
    if key == "location":
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^/?#\s]+(/[^\s]*)?", value):
            raise ValueError("location must be a URL such as http://127.0.0.1:9999 (the request path is appended)")
        return value.rstrip("/")
    if key == "total_count":
        return _check_int(key, value, 1)
    if key == "meta_offset":
        return None if value is None else _check_int(key, value, 0)
    if key == "interval":
        if not _is_number(value) or not 0 < value <= MAX_TRICKLE_INTERVAL:
            raise ValueError("interval must be a number of seconds above 0 and at most %g" % MAX_TRICKLE_INTERVAL)
        return float(value)
    if key == "size":
        value = _check_int(key, value, 1)
        if value > MAX_OVERSIZED:
            raise ValueError("size must be at most %d bytes" % MAX_OVERSIZED)
        return value
    if key == "shape":
        if value not in MALFORMED_SHAPES:
            raise ValueError("shape must be one of: %s" % ", ".join(MALFORMED_SHAPES))
        return value
    if key == "segment":
        if value not in DOT_SEGMENTS:
            raise ValueError("segment must be one of: %s" % ", ".join(DOT_SEGMENTS))
        return value
    raise AssertionError("unhandled hostile option %s" % key)


def check_hostile_settings(value):
    """Validate a whole hostile setting; returns its normalised form (every option filled in).

    {"mode": null} (or null, or {}) is off. Raises ValueError with a message that names the
    bad key. Shared by the command line, the Python API and POST /_emulator/hostile.
    """
    if value is None:
        return dict(HOSTILE_OFF)
    if not isinstance(value, dict):
        raise ValueError("the hostile setting must be a JSON object such as {\"mode\": \"trickle\"}")
    mode = value.get("mode")
    if mode is None:
        if set(value) - {"mode"}:
            raise ValueError("options need a mode (one of: %s)" % ", ".join(HOSTILE_MODES))
        return dict(HOSTILE_OFF)
    if mode not in HOSTILE_MODES:
        raise ValueError("mode must be null or one of: %s" % ", ".join(HOSTILE_MODES))
    allowed = dict(HOSTILE_FILTERS, **HOSTILE_MODES[mode])
    unknown = sorted(set(value) - set(allowed) - {"mode"})
    if unknown:
        raise ValueError("unknown option(s) for mode %s: %s (known: %s)" % (mode, ", ".join(unknown), ", ".join(allowed)))
    result = {"mode": mode}
    for key, default in allowed.items():
        if key in value:
            result[key] = _hostile_option(mode, key, value[key])
        elif default is None and key in ("location", "shape"):
            raise ValueError("mode %s needs %s" % (mode, key))
        else:
            result[key] = default
    return result


class Hostile:
    """The hostile setting (one mode, or off), behind a lock; see check_hostile_settings."""

    def __init__(self, settings=None):
        self._lock = threading.Lock()
        self._settings = check_hostile_settings(settings)
        # How many requests the setting has applied to, for a mode with "times".
        self._applied = 0

    def settings(self):
        with self._lock:
            return copy.deepcopy(self._settings)

    def set(self, settings):
        """Replace the setting (options are per mode, so nothing is merged); returns it.
        A mode with "times" counts its requests from here."""
        settings = check_hostile_settings(settings)
        with self._lock:
            self._settings = settings
            self._applied = 0
            return copy.deepcopy(settings)

    def reset(self):
        return self.set(None)

    def matching(self, request):
        """The setting when it applies to this request, else None."""
        with self._lock:
            settings = self._settings
        if settings["mode"] is None:
            return None
        if settings["method"] is not None and request.method != settings["method"]:
            return None
        if settings["path"] is not None and not re.search(settings["path"], request.path):
            return None
        if settings.get("times") is not None:
            with self._lock:
                # Compared with the setting counted: a set() in between starts a new count.
                if self._settings is not settings or self._applied >= settings["times"]:
                    return None
                self._applied += 1
        return settings


def _endpoint(method, path):
    """What an API request is, for the hostile modes: (kind, pool sender kind or None).

    kind is one of powerpack_list, powerpack_create, powerpack_item, pool_list, pool_item,
    account_number (GET /v1/Account/{id}/Number/{number}/), or None for anything else.
    """
    if POWERPACK_COLLECTION.match(path):
        return {"GET": "powerpack_list", "POST": "powerpack_create"}.get(method), None
    if POWERPACK_ITEM.match(path):
        return "powerpack_item", None
    match = POOL_LIST.match(path)
    if match:
        return ("pool_list" if method == "GET" else None), match.group("kind")
    match = POOL_ITEM.match(path)
    if match:
        return ("pool_item" if method in ("GET", "POST") else None), match.group("kind")
    if ACCOUNT_NUMBER_ITEM.match(path):
        return ("account_number" if method == "GET" else None), None
    return None, None


def hostile_answer(settings, request, account, tollfree_key="number"):
    """The answer of a mode that answers instead of the API, or None to process the request.

    tollfree_key is the reading that shapes made-up toll-free entries (see pool_object)."""
    mode = settings["mode"]
    if mode == "echo_headers":
        return _echo_headers(settings, request)
    if mode == "redirect":
        location = settings["location"] + request.target
        return Response(settings["status"], {"api_id": new_id(), "detail": "moved"}, headers={"Location": location})
    if mode == "oversized":
        return _oversized(settings)
    if mode == "endless_page":
        kind, sender_kind = _endpoint(request.method, request.path)
        if kind == "powerpack_list":
            return _endless_page(settings, request, account, None)
        if kind == "pool_list":
            return _endless_page(settings, request, account, sender_kind, tollfree_key)
    if mode == "junk_retry_after":
        text = "too many requests" if settings["status"] == 429 else "service unavailable"
        return ApiError(settings["status"], text, headers={"Retry-After": settings["value"]}).response()
    if mode == "echo_credentials":
        return _echo_credentials(settings, request)
    return None


def _echo_credentials(settings, request):
    """The Authorization header (and with decoded, auth_id:token) after `padding` characters of filler."""
    filler = (ECHO_FILLER * (settings["padding"] // len(ECHO_FILLER) + 1))[:settings["padding"]]
    text = filler + "Authorization: %s" % (request.headers.get("Authorization") or "")
    if settings["decoded"]:
        credentials = parse_basic_auth(request.headers.get("Authorization") or "")
        if credentials:
            text += "\nDecoded-Authorization: %s:%s" % credentials
    status = settings["status"]
    if settings["format"] == "json":
        # An error's text is its "error"; a 200 carries it in a field of an answer that is not what was asked for.
        return Response(status, {"api_id": new_id(), "error" if status != 200 else "message": text})
    if settings["format"] == "html":
        page = "<html><head><title>%d</title></head><body><pre>%s</pre></body></html>\n" % (status, text)
        return Response(status, raw=("text/html; charset=utf-8", page.encode("utf-8")))
    return Response(status, raw=("text/plain; charset=utf-8", (text + "\n").encode("utf-8")))


def _echo_headers(settings, request):
    # Authorization first, as a proxy dumping the request would show it, so that even a
    # client that keeps only the first few hundred characters of an error page gets it.
    items = sorted(request.headers.items(), key=lambda item: item[0].lower() != "authorization")
    lines = ["%s: %s" % (name, value) for name, value in items]
    if settings["decoded"]:
        credentials = parse_basic_auth(request.headers.get("Authorization") or "")
        if credentials:
            lines.insert(1, "Decoded-Authorization: %s:%s" % credentials)
    status = settings["status"]
    if settings["format"] == "json":
        body = {"api_id": new_id(), "error": "upstream rejected the request; it sent: " + "; ".join(lines),
                "headers": dict(items)}
        return Response(status, body)
    text = "\n".join(lines) + "\n"
    if settings["format"] == "html":
        text = "<html><head><title>%d</title></head><body><h1>%d</h1><pre>\n%s</pre></body></html>\n" % (status, status, text)
        return Response(status, raw=("text/html; charset=utf-8", text.encode("utf-8")))
    return Response(status, raw=("text/plain; charset=utf-8", text.encode("utf-8")))


def _oversized(settings):
    size = settings["size"]
    head = ('{"api_id": "%s", "meta": {"limit": 20, "offset": 0, "total_count": 0, "next": null, "previous": null}, '
            '"objects": [], "padding": "' % new_id()).encode("ascii")
    tail = b'"}'
    padding = max(size - len(head) - len(tail), 0)

    def chunks():
        yield head
        left = padding
        block = b"x" * STREAM_CHUNK
        while left > 0:
            piece = block if left >= STREAM_CHUNK else block[:left]
            left -= len(piece)
            yield piece
        yield tail
    length = len(head) + padding + len(tail) if settings["content_length"] else None
    return Response(200, stream=Stream("application/json", length, chunks()))


def _endless_object(account, sender_kind, index, tollfree_key="number"):
    ident = uuid.uuid5(ENDLESS_NAMESPACE, "%s/%s/%d" % (account, sender_kind, index))
    if sender_kind is None:
        return {
            "application_id": "", "application_type": "", "created_on": ENDLESS_CREATED_ON,
            "local_connect": True, "name": "endless-%d" % index,
            "number_pool": pool_path(account, str(uuid.uuid5(ENDLESS_NAMESPACE, str(ident)))),
            "sticky_sender": True, "uuid": str(ident),
        }
    if sender_kind == SHORTCODE:
        record = new_shortcode_record("%07d" % (1000000 + index % 9000000), "US")
    else:
        prefix = "1800" if sender_kind == TOLLFREE else "1415"
        record = new_number_record("%s%07d" % (prefix, index % 10000000), "tollfree" if sender_kind == TOLLFREE else "fixed", "US")
    record.update(pool=str(uuid.uuid5(ENDLESS_NAMESPACE, account)), added_on=ENDLESS_CREATED_ON)
    return pool_object(account, sender_kind, record, tollfree_key=tollfree_key)


def _endless_page(settings, request, account, sender_kind, tollfree_key="number"):
    """The same non-empty page whatever offset is asked (distinct_pages: new objects on every page)."""
    limit = int_param(request.query, "limit", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    offset = int_param(request.query, "offset", 0, 0)
    first = offset if settings["distinct_pages"] else 0
    objects = [_endless_object(account, sender_kind, first + index, tollfree_key) for index in range(limit)]
    shown = offset if settings["meta_offset"] is None else settings["meta_offset"]
    if sender_kind is None:
        next_url = page_url(account, shown + limit, limit)
    else:
        next_url = pool_page_url(account, str(uuid.uuid5(ENDLESS_NAMESPACE, account)), sender_kind, shown + limit, limit, [])
    meta = {"limit": limit, "offset": shown, "total_count": settings["total_count"], "next": next_url,
            "previous": None}
    return Response(200, {"api_id": new_id(), "meta": meta, "objects": objects})


def hostile_transform(settings, request, account, response):
    """The answer of a mode that changes what processing produced, or None when it leaves it alone."""
    mode = settings["mode"]
    if mode == "trickle":
        return _trickle(settings, request, response)
    if mode == "trickle_headers":
        return _trickle_headers(settings, response)
    kind, sender_kind = _endpoint(request.method, request.path)
    if mode == "control_chars" and settings["where"] != "names" and response.status >= 400:
        if isinstance(response.body, dict) and isinstance(response.body.get("error"), str):
            response.body["error"] += CONTROL_INJECTION
            return response
        return None
    if response.status != 200 or response.stream is not None:
        return None
    if mode == "control_chars" and settings["where"] != "errors":
        return _change_powerpacks(response, kind, lambda obj: _append_to_name(obj, CONTROL_INJECTION))
    if mode == "template_names":
        return _change_powerpacks(response, kind, lambda obj: _append_to_name(obj, settings["payload"]))
    if mode == "dot_segment_pool":
        segment = settings["segment"]
        return _change_powerpacks(response, kind, lambda obj: obj.update(
            number_pool="/v1/Account/%s/NumberPool/%s/" % (account, segment)) if "number_pool" in obj else None)
    if mode == "malformed":
        return _malformed(settings["shape"], response, kind, sender_kind)
    return None


def _trickle(settings, request, response):
    if response.stream is not None or request.method == "HEAD":
        return None
    if response.raw is not None:
        content_type, payload = response.raw
    elif response.body is not None:
        content_type, payload = "application/json", json.dumps(response.body, sort_keys=True).encode("utf-8")
    else:
        return None
    chunks = (payload[index:index + 1] for index in range(len(payload)))
    return Response(response.status, headers=response.headers, stream=Stream(content_type, len(payload), chunks, settings["interval"]))


def _trickle_headers(settings, response):
    """The answer processing produced, its head (after the status line) a byte every interval, its body at once."""
    if response.stream is not None:
        return None
    content_type, payload = None, b""
    if response.raw is not None:
        content_type, payload = response.raw
    elif response.body is not None:
        content_type, payload = "application/json", json.dumps(response.body, sort_keys=True).encode("utf-8")
    return Response(response.status, headers=response.headers,
                    stream=Stream(content_type, len(payload), [payload], head_pause=settings["interval"]))


def _append_to_name(obj, text):
    if isinstance(obj.get("name"), str):
        obj["name"] += text


def _change_powerpacks(response, kind, change):
    """Apply change(obj) to every powerpack object of a powerpack answer; None when there is none."""
    body = response.body
    if kind == "powerpack_list" and isinstance(body, dict) and isinstance(body.get("objects"), list):
        for obj in body["objects"]:
            change(obj)
        return response
    if kind in ("powerpack_create", "powerpack_item") and isinstance(body, dict) and "uuid" in body:
        change(body)
        return response
    return None


def _malformed(shape, response, kind, sender_kind):
    body = response.body
    is_list = kind in ("powerpack_list", "pool_list") and isinstance(body, dict) and "objects" in body
    if shape == "not_json":
        page = "<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><p>It works!</p></body></html>\n"
        return Response(200, raw=("text/html; charset=utf-8", page.encode("utf-8")))
    if shape == "empty_200":
        return Response(200, raw=("application/json", b""))
    if shape == "json_list_body":
        return Response(200, [body]) if isinstance(body, dict) else None
    if shape == "create_without_uuid":
        if kind == "powerpack_create" and isinstance(body, dict):
            body.pop("uuid", None)
            return response
        return None
    if shape == "list_object_without_uuid":
        return _change_powerpacks(response, kind, lambda obj: obj.pop("uuid", None)) if kind == "powerpack_list" else None
    if shape == "objects_string":
        if is_list:
            body["objects"] = "objects"
            return response
        return None
    if shape == "objects_with_null":
        if is_list:
            body["objects"] = [None] + body["objects"]
            return response
        return None
    if shape == "total_count_text":
        if is_list:
            body["meta"]["total_count"] = "lots"
            return response
        return None
    if shape == "number_priority_string":
        return _change_powerpacks(response, kind, lambda obj: obj.update(number_priority="US"))
    if shape == "sticky_sender_string":
        return _change_powerpacks(response, kind, lambda obj: obj.update(
            sticky_sender="true" if obj.get("sticky_sender") else "false") if "sticky_sender" in obj else None)
    if shape == "pool_entry_without_number":
        keys = ("number", "tollfree", "shortcode")
        if kind == "pool_list" and isinstance(body.get("objects"), list):
            for obj in body["objects"]:
                for key in keys:
                    obj.pop(key, None)
            return response
        if kind == "pool_item" and isinstance(body, dict):
            for key in keys:
                body.pop(key, None)
            return response
        return None
    raise AssertionError("unhandled malformed shape %s" % shape)


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------

API_ACCOUNT_PREFIX = re.compile(r"^/v1/Account/(?P<account>[^/]+)(?:/|$)")

# (path pattern, {method: handler method name}); named groups become keyword arguments.
POWERPACK_COLLECTION = re.compile(r"^/v1/Account/(?P<account>[^/]+)/Powerpack/?$")
NUMBER_POOL = r"^/v1/Account/(?P<account>[^/]+)/NumberPool/(?P<pool_uuid>[^/]+)/"
POOL_NUMBER_ITEM = re.compile(NUMBER_POOL + r"Number/(?P<number>[^/]+)/?$")
POOL_TOLLFREE_ITEM = re.compile(NUMBER_POOL + r"Tollfree/(?P<number>[^/]+)/?$")
# The account's record of a number it rents (not a pool's): GET only.
ACCOUNT_NUMBER_ITEM = re.compile(r"^/v1/Account/(?P<account>[^/]+)/Number/(?P<number>[^/]+)/?$")
# What the hostile modes tell apart (see _endpoint): kind is Number, Tollfree or Shortcode.
POWERPACK_ITEM = re.compile(r"^/v1/Account/(?P<account>[^/]+)/Powerpack/(?P<pp_uuid>[^/]+)/?$")
POOL_LIST = re.compile(NUMBER_POOL + r"(?P<kind>Number|Tollfree|Shortcode)/?$")
POOL_ITEM = re.compile(NUMBER_POOL + r"(?P<kind>Number|Tollfree|Shortcode)/(?P<key>[^/]+)/?$")
# POSTs to these make something that exists afterwards: only their successes can lose
# their answer (the lost_response fault).
CREATE_ROUTES = (POWERPACK_COLLECTION, POOL_NUMBER_ITEM, POOL_TOLLFREE_ITEM)
API_ROUTES = (
    (POWERPACK_COLLECTION, {"GET": "api_list", "POST": "api_create"}),
    (POWERPACK_ITEM, {"GET": "api_retrieve", "POST": "api_update", "DELETE": "api_delete"}),
    (re.compile(NUMBER_POOL + r"Number/?$"), {"GET": "api_pool_numbers"}),
    (POOL_NUMBER_ITEM, {"GET": "api_pool_number", "POST": "api_pool_add_number", "DELETE": "api_pool_remove_number"}),
    (re.compile(NUMBER_POOL + r"Tollfree/?$"), {"GET": "api_pool_tollfrees"}),
    (POOL_TOLLFREE_ITEM, {"GET": "api_pool_tollfree", "POST": "api_pool_add_tollfree", "DELETE": "api_pool_remove_tollfree"}),
    (re.compile(NUMBER_POOL + r"Shortcode/?$"), {"GET": "api_pool_shortcodes"}),
    # No POST: Plivo has no endpoint to add a short code (its support links them), so a POST is a 405.
    (re.compile(NUMBER_POOL + r"Shortcode/(?P<code>[^/]+)/?$"), {"GET": "api_pool_shortcode", "DELETE": "api_pool_remove_shortcode"}),
    # Plivo's POST (update) and DELETE (unrent) of an account's number are not emulated: a 405.
    (ACCOUNT_NUMBER_ITEM, {"GET": "api_account_number"}),
)

ADMIN_ROUTES = (
    (re.compile(r"^/_emulator/health/?$"), {"GET": "admin_health"}),
    (re.compile(r"^/_emulator/requests/?$"), {"GET": "admin_requests", "DELETE": "admin_clear_requests"}),
    (re.compile(r"^/_emulator/reset/?$"), {"POST": "admin_reset"}),
    (re.compile(r"^/_emulator/accounts/(?P<account>[^/]+)/powerpacks/?$"), {"POST": "admin_seed"}),
    (re.compile(r"^/_emulator/accounts/(?P<account>[^/]+)/numbers/?$"), {"GET": "admin_numbers", "POST": "admin_seed_numbers"}),
    (re.compile(r"^/_emulator/accounts/(?P<account>[^/]+)/shortcodes/(?P<code>[^/]+)/link/?$"), {"POST": "admin_link_shortcode"}),
    (re.compile(r"^/_emulator/state/?$"), {"GET": "admin_state"}),
    (re.compile(r"^/_emulator/faults/?$"), {"GET": "admin_faults", "POST": "admin_set_faults", "DELETE": "admin_reset_faults"}),
    (re.compile(r"^/_emulator/hostile/?$"), {"GET": "admin_hostile", "POST": "admin_set_hostile", "DELETE": "admin_reset_hostile"}),
    (re.compile(r"^/_emulator/readings/?$"), {"GET": "admin_readings", "POST": "admin_set_readings", "DELETE": "admin_reset_readings"}),
)


class Request:
    """One parsed HTTP request; body is the parsed JSON, or None when there was none.

    target is the request line's path and query string as sent.
    """

    def __init__(self, method, path, query, headers, body, body_error, target=None):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.body_error = body_error
        self.target = path if target is None else target

    def json_body(self):
        """The parsed body, for endpoints that take one; a bad body is their 400."""
        if self.body_error:
            raise bad_request(self.body_error)
        return self.body


def parse_basic_auth(header):
    """Return (auth_id, token) from a Basic Authorization header, or None if malformed."""
    scheme, encoded = (header.strip().split(None, 1) + [""])[:2]
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    auth_id, colon, token = decoded.partition(":")
    if not colon or not auth_id:
        return None
    return auth_id, token


def int_param(query, name, default, minimum, maximum=None):
    raw = query.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < minimum or (maximum is not None and int(raw) > maximum):
        bounds = "between %d and %d" % (minimum, maximum) if maximum is not None else "at least %d" % minimum
        raise bad_request("%s must be an integer %s" % (name, bounds))
    return int(raw)


class PlivoHandler(BaseHTTPRequestHandler):
    """Parses each request, authenticates /v1/ calls, routes, logs, answers.

    Every request goes through _handle(). The endpoint methods (api_*, admin_*) only
    see a Request and the path's named groups, and return a Response or raise ApiError.
    """

    server_version = "PlivoEmulator/1"
    # A client that promises a body and never sends it must not pin a thread forever.
    timeout = 30

    # The route tables decide which methods are allowed; anything else is a 405.
    def do_GET(self):  # noqa: N802 (name fixed by BaseHTTPRequestHandler)
        self._handle()

    def do_POST(self):  # noqa: N802
        self._handle()

    def do_DELETE(self):  # noqa: N802
        self._handle()

    def do_PUT(self):  # noqa: N802
        self._handle()

    def do_PATCH(self):  # noqa: N802
        self._handle()

    def do_HEAD(self):  # noqa: N802
        self._handle()

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        # Quiet by design: tests and CI logs stay clean, and nothing request-derived
        # (which could include credentials) is ever printed. The request log replaces it.
        return

    def version_string(self):
        return self.server_version

    @property
    def emulator(self):
        return self.server.emulator

    # -- plumbing ----------------------------------------------------------

    def _handle(self):
        # The request line and headers are in; this is the request's arrival time.
        received = time.time()
        request = self._parse_request()
        if request.path == "/_emulator" or request.path.startswith("/_emulator/"):
            response = self._guarded(lambda: self._route(request, ADMIN_ROUTES))
        elif request.path == "/v1" or request.path.startswith("/v1/"):
            response = self._handle_api(request, received)
        else:
            response = ApiError(404, "not found").response()
        if response is None:
            # An injected drop or lost response: no byte goes out, and the connection is
            # closed (FIN), so the client sees the server hang up instead of an answer.
            self.close_connection = True
            return
        self._send(response)

    def _handle_api(self, request, received):
        """Latency, authentication, faults, dispatch and logging of one /v1/ request.

        Returns the Response, or None when the connection must close without one.
        """
        delay = self.emulator.faults.latency()
        if delay > 0:
            time.sleep(delay)
        # Filled in as soon as authentication succeeds, so the log names the account
        # even when a later step (403, 404, 400) fails; "fault" as soon as one is decided.
        outcome = {"account": None, "fault": None, "retry_after": None}
        response = self._guarded(lambda: self._dispatch_api(request, outcome))
        if outcome["fault"] == "lost_response" and response.status != 200:
            # Only a create or pool add that succeeded loses its answer: "it exists afterwards".
            outcome["fault"] = None
        status = response.status if response is not None else None
        if outcome["fault"] == "lost_response":
            response = None
        # Logged before the answer goes out, so a client that has its response can
        # already see the entry. Only the account id is kept, never the credentials.
        self.emulator.store.record_request({
            "time": received,
            "sent": time.time(),
            "account": outcome["account"],
            "client": request.headers.get("User-Agent"),
            "method": request.method,
            "path": request.path,
            "query": request.query,
            "body": request.body,
            "status": status,
            "fault": outcome["fault"],
            "retry_after": outcome["retry_after"],
        })
        return response

    def _dispatch_api(self, request, outcome):
        outcome["account"] = account = self._authenticate(request)
        # Authentication failures are never faulted nor rate limited: they have no account.
        is_create = request.method == "POST" and any(pattern.match(request.path) for pattern in CREATE_ROUTES)
        key = (account, request.headers.get("User-Agent"), request.method, request.path, tuple(sorted(request.query.items())))
        decision = self.emulator.faults.decide(account, is_create, time.time(), key)
        if decision is not None:
            outcome["fault"], status, outcome["retry_after"] = decision
            if outcome["fault"] == "rate_limit":
                raise ApiError(429, "too many requests", headers={"Retry-After": str(outcome["retry_after"])})
            if outcome["fault"] == "drop":
                return None
            if outcome["fault"] == "status":
                return fault_response(status, outcome["retry_after"])
            # "lost_response": processed as usual; _handle_api withholds the answer.
        match = API_ACCOUNT_PREFIX.match(request.path)
        if match and match.group("account") != account:
            raise ApiError(403, "the auth_id in the URL does not belong to the authenticated account")
        hostile = self.emulator.hostile.matching(request)
        if hostile is None:
            return self._route(request, API_ROUTES)
        answer = hostile_answer(hostile, request, account, self.emulator.readings.get("tollfree_key"))
        if answer is None:
            try:
                processed = self._route(request, API_ROUTES)
            except ApiError as err:
                processed = err.response()
            answer = hostile_transform(hostile, request, account, processed)
            if answer is None:
                return processed
        if outcome["fault"] is None:
            outcome["fault"] = "hostile"
        return answer

    def _guarded(self, call):
        try:
            return call()
        except ApiError as err:
            return err.response()
        except Exception:  # pylint: disable=broad-exception-caught
            # An emulator bug should be a visible 500, not a dropped connection.
            traceback.print_exc(file=sys.stderr)
            return ApiError(500, "internal emulator error").response()

    def _route(self, request, routes):
        for pattern, methods in routes:
            match = pattern.match(request.path)
            if not match:
                continue
            name = methods.get(request.method)
            if name is None:
                raise ApiError(405, "method %s not allowed" % request.method, headers={"Allow": ", ".join(sorted(methods))})
            return getattr(self, name)(request, **match.groupdict())
        raise ApiError(404, "not found")

    def _authenticate(self, request):
        header = request.headers.get("Authorization")
        if not header:
            raise ApiError(401, "authentication credentials were not provided", with_api_id=False)
        credentials = parse_basic_auth(header)
        if credentials is None or not self.emulator.check_credentials(*credentials):
            raise ApiError(401, "authentication failed")
        return credentials[0]

    def _parse_request(self):
        parts = urlsplit(self.path)
        # Plivo never repeats a query parameter; if a client does, the last one wins.
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        body, body_error = None, None
        try:
            raw = self._read_body()
            if raw.strip():
                body = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            body_error = "request body is not valid JSON"
        return Request(self.command, parts.path, query, self.headers, body, body_error, target=self.path)

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(length) if length else b""

    def _read_chunked(self):
        chunks = []
        while True:
            size = int(self.rfile.readline(65537).split(b";", 1)[0].strip(), 16)
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass  # skip trailers
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _send(self, response):
        if response.stream is not None and response.stream.head_pause:
            self._send_trickled_head(response)
            return
        if response.stream is not None:
            self._send_stream(response)
            return
        content_type, payload = None, b""
        if response.raw is not None:
            content_type, payload = response.raw
        elif response.body is not None:
            content_type, payload = "application/json", json.dumps(response.body, sort_keys=True).encode("utf-8")
        self.send_response(response.status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if response.status != 204:
            self.send_header("Content-Length", str(len(payload)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)

    def _send_stream(self, response):
        """Headers, then the body chunk by chunk with a pause after each; a client that
        hangs up, or the emulator stopping, ends it."""
        stream = response.stream
        self.send_response(response.status)
        self.send_header("Content-Type", stream.content_type)
        if stream.length is not None:
            self.send_header("Content-Length", str(stream.length))
        else:
            # The end of the body is the end of the connection.
            self.send_header("Connection", "close")
            self.close_connection = True
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        stopping = self.server.stopping
        try:
            for chunk in stream.chunks:
                self.wfile.write(chunk)
                if stream.pause and stopping.wait(stream.pause):
                    self.close_connection = True
                    return
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _send_trickled_head(self, response):
        """The status line, then the rest of the head a byte at a time with head_pause after
        each, then the body at once; a client that hangs up, or the emulator stopping, ends it."""
        stream = response.stream
        self.log_request(response.status)
        phrase = self.responses.get(response.status, ("",))[0]
        status_line = "%s %d %s\r\n" % (self.protocol_version, response.status, phrase)
        lines = ["Server: %s" % self.version_string(), "Date: %s" % self.date_time_string()]
        if stream.content_type:
            lines.append("Content-Type: %s" % stream.content_type)
        if response.status != 204:
            lines.append("Content-Length: %d" % stream.length)
        lines += ["%s: %s" % item for item in response.headers.items()]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        stopping = self.server.stopping
        try:
            self.wfile.write(status_line.encode("latin-1"))
            for index in range(len(head)):
                self.wfile.write(head[index:index + 1])
                if stopping.wait(stream.head_pause):
                    self.close_connection = True
                    return
            if self.command != "HEAD":
                for chunk in stream.chunks:
                    self.wfile.write(chunk)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    # -- Plivo endpoints ---------------------------------------------------

    def api_list(self, request, account):
        limit = int_param(request.query, "limit", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        offset = int_param(request.query, "offset", 0, 0)
        records, total = self.emulator.store.list_page(account, offset, limit)
        meta = {
            "limit": limit,
            "offset": offset,
            "total_count": total,
            "next": page_url(account, offset + limit, limit) if offset + limit < total else None,
            "previous": page_url(account, max(offset - limit, 0), limit) if offset > 0 else None,
        }
        return Response(200, {"api_id": new_id(), "meta": meta, "objects": [list_view(r) for r in records]})

    def api_create(self, request, account):
        fields = validate_powerpack(request.json_body(), creating=True)
        fill = self.emulator.readings.get("fill_default_priorities")
        record = self.emulator.store.create(account, [fields], fill_default_priorities=fill)[0]
        return Response(200, full_view(record))

    def api_retrieve(self, request, account, pp_uuid):
        del request  # the route table passes it to every endpoint
        return Response(200, full_view(self.emulator.store.get(account, pp_uuid)))

    def api_update(self, request, account, pp_uuid):
        body = request.json_body()
        fields = validate_powerpack({} if body is None else body, creating=False)
        return Response(200, full_view(self.emulator.store.update(account, pp_uuid, fields)))

    def api_delete(self, request, account, pp_uuid):
        body = request.json_body()
        check_delete_body(body)
        unrent = bool(body and body.get("unrent_numbers"))
        self.emulator.store.delete(account, pp_uuid, unrent_numbers=unrent)
        if self.emulator.readings.get("delete_status") == 204:
            return Response(204)
        return Response(200, {"api_id": new_id(), "response": "success"})

    # -- the account's numbers -------------------------------------------

    def api_account_number(self, request, account, number):
        """GET one number the account rents. Short codes are not numbers the account rents,
        and a path segment that is not digits names no number: both are a 404, like a number
        this account does not rent. Query parameters are ignored."""
        del request
        if not re.fullmatch(r"[0-9]+", number):
            raise ApiError(404, "not found")
        return Response(200, account_number_view(account, self.emulator.store.account_number(account, number)))

    # -- number pool endpoints ---------------------------------------------
    # Each checks the pool first, so an unknown pool is a 404 whatever else is wrong.

    def api_pool_numbers(self, request, account, pool_uuid):
        return self._pool_list(request, account, pool_uuid, LONGCODE)

    def api_pool_tollfrees(self, request, account, pool_uuid):
        return self._pool_list(request, account, pool_uuid, TOLLFREE)

    def api_pool_shortcodes(self, request, account, pool_uuid):
        return self._pool_list(request, account, pool_uuid, SHORTCODE)

    def api_pool_number(self, request, account, pool_uuid, number):
        return self._pool_get(request, account, pool_uuid, LONGCODE, number)

    def api_pool_tollfree(self, request, account, pool_uuid, number):
        return self._pool_get(request, account, pool_uuid, TOLLFREE, number)

    def api_pool_shortcode(self, request, account, pool_uuid, code):
        return self._pool_get(request, account, pool_uuid, SHORTCODE, code)

    def api_pool_add_number(self, request, account, pool_uuid, number):
        self.emulator.store.check_pool(account, pool_uuid)
        check_phone_number(number)
        params = pool_params(request, ("rent", "service"))
        service = check_service(params["service"]) if "service" in params else "sms"
        rent = check_flag("rent", params["rent"]) if "rent" in params else False
        record = self.emulator.store.add_number(account, pool_uuid, number, LONGCODE, service, rent)
        return Response(200, dict(self._pool_object(account, LONGCODE, record), api_id=new_id()))

    def api_pool_add_tollfree(self, request, account, pool_uuid, number):
        # Toll-free numbers have a service too (plivo-node's add_tollfree(tollfree, service)).
        self.emulator.store.check_pool(account, pool_uuid)
        check_phone_number(number)
        params = pool_params(request, ("rent", "service"))
        service = check_service(params["service"]) if "service" in params else "sms"
        rent = check_flag("rent", params["rent"]) if "rent" in params else False
        record = self.emulator.store.add_number(account, pool_uuid, number, TOLLFREE, service, rent)
        return Response(200, dict(self._pool_object(account, TOLLFREE, record), api_id=new_id()))

    def api_pool_remove_number(self, request, account, pool_uuid, number):
        return self._pool_remove(request, account, pool_uuid, LONGCODE, number)

    def api_pool_remove_tollfree(self, request, account, pool_uuid, number):
        return self._pool_remove(request, account, pool_uuid, TOLLFREE, number)

    def api_pool_remove_shortcode(self, request, account, pool_uuid, code):
        return self._pool_remove(request, account, pool_uuid, SHORTCODE, code)

    def _pool_list(self, request, account, pool_uuid, kind):
        self.emulator.store.check_pool(account, pool_uuid)
        limit = int_param(request.query, "limit", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        offset = int_param(request.query, "offset", 0, 0)
        filters, match = pool_list_filters(request.query, kind)
        records, total = self.emulator.store.pool_page(account, pool_uuid, kind, offset, limit, match)
        meta = {
            "limit": limit,
            "offset": offset,
            "total_count": total,
            # "" rather than null when there is no such page, as in Plivo's number pool fixtures.
            "next": pool_page_url(account, pool_uuid, kind, offset + limit, limit, filters) if offset + limit < total else "",
            "previous": pool_page_url(account, pool_uuid, kind, max(offset - limit, 0), limit, filters) if offset > 0 else "",
        }
        return Response(200, {
            "api_id": new_id(),
            "uuid": pool_uuid,
            "number_pool": pool_path(account, pool_uuid),
            "meta": meta,
            "objects": [self._pool_object(account, kind, record) for record in records],
        })

    def _pool_object(self, account, kind, record, single=False):
        return pool_object(account, kind, record, tollfree_key=self.emulator.readings.get("tollfree_key"), single=single)

    def _pool_get(self, request, account, pool_uuid, kind, key):
        """GET one member. A number is found only with the service asked for (?service=sms|mms);
        without one, a long code only when it serves sms, unless the single_get_service
        reading is "both". Unknown query parameters are ignored, as on the lists."""
        self.emulator.store.check_pool(account, pool_uuid)
        service = request.query.get("service") if kind != SHORTCODE else None
        if service is not None:
            service = check_service(service)
        elif kind == LONGCODE and self.emulator.readings.get("single_get_service") == "sms":
            service = "sms"
        record = self.emulator.store.pool_member(account, pool_uuid, kind, key)
        if service is not None and record["service"] != service:
            raise ApiError(404, "not found")
        return Response(200, dict(self._pool_object(account, kind, record, single=True), api_id=new_id()))

    def _pool_remove(self, request, account, pool_uuid, kind, key):
        self.emulator.store.check_pool(account, pool_uuid)
        # Short codes are never rented, so their remove takes no parameter at all.
        params = pool_params(request, () if kind == SHORTCODE else ("unrent",))
        # A JSON boolean only: the API answers 400 to "true" (plivo-node 4.56.1), and a
        # query string can only carry text.
        unrent = _check_bool("unrent", params["unrent"]) if "unrent" in params else False
        self.emulator.store.remove_member(account, pool_uuid, kind, key, unrent)
        return Response(200, {"api_id": new_id(), "response": "success"})

    # -- admin endpoints (no auth, not logged) -----------------------------

    def admin_health(self, request):
        del request
        return Response(200, {"status": "ok"})

    def admin_requests(self, request):
        since = int_param(request.query, "since", None, 0)
        entries = self.emulator.store.requests(account=request.query.get("account"), since=since)
        return Response(200, {"requests": entries})

    def admin_clear_requests(self, request):
        del request
        self.emulator.store.clear_requests()
        return Response(204)

    def admin_reset(self, request):
        body = request.json_body()
        body = {} if body is None else body
        if not isinstance(body, dict) or set(body) - {"account"}:
            raise bad_request('reset takes no body, or {"account": AUTH_ID}')
        account = body.get("account")
        if account is not None and not self.emulator.store.has_account(account):
            raise ApiError(404, "unknown account")
        self.emulator.store.reset(account)
        return Response(204)

    def admin_seed(self, request, account):
        if account not in self.emulator.account_ids:
            raise ApiError(404, "unknown account")
        body = request.json_body()
        if not isinstance(body, dict) or not isinstance(body.get("powerpacks"), list) or set(body) != {"powerpacks"}:
            raise bad_request('body must be {"powerpacks": [{"name": ...}, ...]}')
        fields_list = []
        for index, item in enumerate(body["powerpacks"]):
            try:
                fields_list.append(validate_powerpack(item, creating=True))
            except ApiError as err:
                raise bad_request("powerpacks[%d]: %s" % (index, err.message)) from None
        fill = self.emulator.readings.get("fill_default_priorities")
        records = self.emulator.store.create(account, fields_list, fill_default_priorities=fill)
        return Response(200, {"objects": [full_view(record) for record in records]})

    def admin_numbers(self, request, account):
        del request
        self._check_admin_account(account)
        return Response(200, self.emulator.store.senders(account))

    def admin_seed_numbers(self, request, account):
        self._check_admin_account(account)
        records = self.emulator.store.seed_numbers(account, check_seed_numbers(request.json_body()))
        return Response(200, {"objects": records})

    def admin_link_shortcode(self, request, account, code):
        self._check_admin_account(account)
        body = request.json_body()
        if not isinstance(body, dict) or set(body) != {"powerpack"} or not isinstance(body["powerpack"], str):
            raise bad_request('body must be {"powerpack": UUID_OR_NAME}')
        return Response(200, self.emulator.store.link_shortcode(account, code, body["powerpack"]))

    def _check_admin_account(self, account):
        if account not in self.emulator.account_ids:
            raise ApiError(404, "unknown account")

    def admin_state(self, request):
        del request
        return Response(200, self.emulator.store.snapshot())

    def admin_faults(self, request):
        del request
        return Response(200, self.emulator.faults.settings())

    def admin_set_faults(self, request):
        try:
            return Response(200, self.emulator.faults.update(request.json_body()))
        except ValueError as err:
            raise bad_request(str(err)) from None

    def admin_reset_faults(self, request):
        del request
        return Response(200, self.emulator.faults.reset())

    def admin_readings(self, request):
        del request
        return Response(200, self.emulator.readings.settings())

    def admin_set_readings(self, request):
        body = request.json_body()
        if body is None:
            raise bad_request('body must be readings such as {"tollfree_key": "tollfree"}')
        try:
            return Response(200, self.emulator.readings.update(body))
        except ValueError as err:
            raise bad_request(str(err)) from None

    def admin_reset_readings(self, request):
        del request
        return Response(200, self.emulator.readings.reset())

    def admin_hostile(self, request):
        del request
        return Response(200, self.emulator.hostile.settings())

    def admin_set_hostile(self, request):
        body = request.json_body()
        if body is None:
            raise bad_request('body must be a hostile setting such as {"mode": "trickle"}, or {"mode": null}')
        try:
            return Response(200, self.emulator.hostile.set(body))
        except ValueError as err:
            raise bad_request(str(err)) from None

    def admin_reset_hostile(self, request):
        del request
        return Response(200, self.emulator.hostile.reset())


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops connections when Ansible runs many forks at once,
    # and a dropped SYN costs the client a one-second retransmit.
    request_queue_size = 128

    def __init__(self, address, emulator):
        self.emulator = emulator
        # Set when the emulator stops: streamed hostile answers (trickle) end at once.
        self.stopping = threading.Event()
        super().__init__(address, PlivoHandler)

    def handle_error(self, request, client_address):
        # A client hanging up or stalling is routine in tests; anything else is a bug.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


# ---------------------------------------------------------------------------
# Python API
# ---------------------------------------------------------------------------

class EmulatorServer:
    """The emulator as an object, for in-process use by tests.

        with EmulatorServer({"MAXXXXXXXXXXXXXXXXXX": "token"}) as emu:
            requests.get(emu.url + "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Powerpack/", auth=...)
            assert len(emu.requests_log) == 1

    faults takes the keys of GET /_emulator/faults (see FAULT_DEFAULTS); the live
    settings are self.faults (settings(), update(dict), reset()).

    hostile takes a hostile setting such as {"mode": "malformed", "shape": "empty_200"}
    (see HOSTILE_MODES); the live setting is self.hostile (settings(), set(dict), reset()).

    shortcodes preloads the short codes each account owns, unlinked:
    {auth_id: ["444444", {"shortcode": "555555", "country_iso2": "CA"}]} (country
    default US); a reset restores them. Bad entries raise ValueError.

    readings takes the keys of GET /_emulator/readings (see READING_CHOICES), e.g.
    {"tollfree_key": "tollfree"}; the live readings are self.readings (settings(),
    update(dict), reset()). delete_status (200 or 204) is the "delete_status" reading
    and wins over it.
    """

    def __init__(self, accounts: dict[str, str] | None = None, port=0, state_file=None, delete_status=None, host=DEFAULT_HOST,
                 faults=None, shortcodes=None, hostile=None, readings=None):
        if delete_status not in (None, 200, 204):
            raise ValueError("delete_status must be 200 or 204")
        self._accounts = dict(accounts) if accounts else {DEFAULT_AUTH_ID: DEFAULT_AUTH_TOKEN}
        self.readings = Readings(readings)
        if delete_status is not None:
            self.readings.update({"delete_status": delete_status})
        self.faults = Faults(faults)
        self.hostile = Hostile(hostile)
        self.store = Store(self._accounts, state_file, shortcodes=check_shortcode_config(shortcodes, self._accounts))
        self._address = (host, port)
        self._httpd = None
        self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def __repr__(self):
        return "<EmulatorServer %s accounts=%s>" % (self.url if self._httpd else "stopped", sorted(self._accounts))

    @property
    def account_ids(self):
        return sorted(self._accounts)

    @property
    def delete_status(self):
        return self.readings.get("delete_status")

    def check_credentials(self, auth_id, token):
        expected = self._accounts.get(auth_id)
        # Constant-time comparison: cheap, and what a real API would do.
        return expected is not None and hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8"))

    def sole_credentials(self):
        """(auth_id, token) when exactly one account is configured, else None."""
        if len(self._accounts) != 1:
            return None
        return next(iter(self._accounts.items()))

    def start(self):
        if self._httpd is None:
            self._httpd = _HTTPServer(self._address, self)
            self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                            name="plivo-emulator", daemon=True)
            self._thread.start()
        return self

    def stop(self):
        if self._httpd is None:
            return
        self._httpd.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
        self._httpd = None
        self._thread = None

    @property
    def url(self):
        if self._httpd is None:
            raise RuntimeError("the emulator is not running; call start() first")
        host, port = self._httpd.server_address[:2]
        # A wildcard bind is reachable on loopback; that is the address clients want.
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        return "http://%s:%d" % (host, port)

    @property
    def requests_log(self):
        return self.store.requests()


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

class _Stop(Exception):
    """Raised from the signal handler to leave the serve loop."""


def _raise_stop(signum, frame):
    del frame
    # A second signal during shutdown must not interrupt the clean exit.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise _Stop(signum)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="plivo_emulator.py",
        description="Local emulator of Plivo's Powerpack API and its number pools. Prints PLIVO_API_URL=... and serves until "
                    "SIGTERM/SIGINT, or with '-- COMMAND ARGS...' runs COMMAND against it and exits with its code.",
        epilog="Without --account (or %s) one account exists: %s with token %s." % (ACCOUNTS_ENV, DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN),
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on; 0 picks a free one (default: %(default)s)")
    parser.add_argument("--account", action="append", default=[], metavar="AUTH_ID:AUTH_TOKEN",
                        help="an account to accept; repeat for several (default: %s env var, else the built-in account)" % ACCOUNTS_ENV)
    parser.add_argument("--shortcode", action="append", default=[], metavar="AUTH_ID:CODE[:COUNTRY]",
                        help="a short code (3 to 8 digits; COUNTRY default US) that a configured account owns, unlinked; "
                             "repeat for several (default: %s env var, a comma-separated list)" % SHORTCODES_ENV)
    parser.add_argument("--state-file", metavar="FILE", help="load state from FILE if it exists and save it there after every change")
    parser.add_argument("--delete-status", type=int, choices=(200, 204),
                        help="status of a successful powerpack DELETE: 200 with {\"api_id\": ..., \"response\": \"success\"}, "
                             "or 204 with no body (default: 200); the same as --reading delete_status=STATUS")
    parser.add_argument("--reading", action="append", default=[], metavar="KEY=VALUE",
                        help="where Plivo's SDKs disagree, answer this other way (default: the stricter reading); repeat for "
                             "several: %s" % "; ".join("%s=%s (default %s)" % (
                                 key, "|".join(json.dumps(c).strip('"') for c in choices), json.dumps(choices[0]).strip('"'))
                                 for key, choices in READING_CHOICES.items()))
    faults = parser.add_argument_group("fault injection and rate limit (all off by default; they apply to /v1/ requests only)")
    faults.add_argument("--fault-rate", type=float, metavar="FLOAT",
                        help="fraction (0..1) of API requests answered with an error status instead of being processed")
    faults.add_argument("--fault-statuses", metavar="LIST",
                        help="comma-separated statuses a status fault picks from, uniformly (default: 500,503,429)")
    faults.add_argument("--fault-retry-after", type=int, metavar="SECONDS",
                        help="Retry-After of 429 and 503 status faults; 0 sends no header (default: 1)")
    faults.add_argument("--drop-rate", type=float, metavar="FLOAT",
                        help="fraction of API requests whose connection is closed without a response, unprocessed")
    faults.add_argument("--lost-response-rate", type=float, metavar="FLOAT",
                        help="fraction of successful powerpack creates and number pool adds (POST .../NumberPool/UUID/Number|Tollfree/NUMBER/) "
                             "that are processed but whose connection is then closed without a response")
    faults.add_argument("--latency", type=float, metavar="MS", help="delay added before every API request is handled (default: 0)")
    faults.add_argument("--seed", type=int, metavar="INT", help="seed of the random generator behind every fault draw")
    faults.add_argument("--max-consecutive-faults", type=int, metavar="N",
                        help="fault one request (same client, method, path and query) at most N times in a row: a client "
                             "that retries N times always gets through (default: no cap)")
    faults.add_argument("--rate-limit", metavar="N/SECONDS",
                        help="per-account sliding window: at most N requests in any SECONDS, then 429 with Retry-After (Plivo: 300/5)")
    hostile = parser.add_argument_group("hostile server modes (off by default; they apply to /v1/ requests only)")
    hostile.add_argument("--hostile", metavar="MODE", choices=sorted(HOSTILE_MODES),
                         help="answer like a hostile or broken server: %s" % ", ".join(HOSTILE_MODES))
    hostile.add_argument("--hostile-option", action="append", default=[], metavar="KEY=VALUE",
                         help="an option of the --hostile mode (VALUE is read as JSON when it parses, else as text), "
                              "e.g. shape=empty_200, status=307, location=http://127.0.0.1:9999, path=/NumberPool/, method=GET; "
                              "repeat for several")
    return parser


def parse_reading_flags(args, parser):
    """--reading KEY=VALUE flags and --delete-status as checked readings (see check_readings)."""
    readings = {}
    for entry in args.reading:
        key, equals, text = entry.partition("=")
        if not equals or not key:
            parser.error("--reading must look like KEY=VALUE, e.g. tollfree_key=tollfree")
        if key in readings:
            parser.error("--reading %s is given twice" % key)
        try:
            readings.update(check_readings({key: text}))
        except ValueError as err:
            parser.error("--reading: %s" % err)
    if args.delete_status is not None:
        if readings.get("delete_status", args.delete_status) != args.delete_status:
            parser.error("--delete-status and --reading delete_status disagree")
        readings["delete_status"] = args.delete_status
    return readings


def parse_hostile_flags(args, parser):
    """--hostile and --hostile-option as a checked hostile setting (see check_hostile_settings)."""
    if args.hostile is None:
        if args.hostile_option:
            parser.error("--hostile-option needs --hostile MODE")
        return None
    setting = {"mode": args.hostile}
    for entry in args.hostile_option:
        key, equals, text = entry.partition("=")
        if not equals or not key:
            parser.error("--hostile-option must look like KEY=VALUE")
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        setting[key] = value
    try:
        return check_hostile_settings(setting)
    except ValueError as err:
        parser.error("--hostile: %s" % err)


FAULT_FLAGS = (
    ("fault_rate", "--fault-rate"),
    ("fault_statuses", "--fault-statuses"),
    ("fault_retry_after", "--fault-retry-after"),
    ("drop_rate", "--drop-rate"),
    ("lost_response_rate", "--lost-response-rate"),
    ("latency", "--latency"),
    ("seed", "--seed"),
    ("rate_limit", "--rate-limit"),
    ("max_consecutive_faults", "--max-consecutive-faults"),
)


def parse_fault_flags(args, parser):
    """The fault flags that were given, as fault settings (see check_fault_settings)."""
    settings = {}
    for attribute, flag in FAULT_FLAGS:
        value = getattr(args, attribute)
        if value is None:
            continue
        key = "latency_ms" if attribute == "latency" else attribute
        try:
            settings.update(check_fault_settings({key: value}))
        except ValueError as err:
            parser.error("%s: %s" % (flag, err))
    return settings


def parse_accounts(entries, source, parser):
    """Turn ["ID:TOKEN", ...] into a dict; error messages never echo the entry (it holds a token)."""
    accounts = {}
    for number, entry in enumerate(entries, start=1):
        auth_id, colon, token = entry.strip().partition(":")
        if not colon or not auth_id or not token:
            parser.error("%s entry #%d must look like AUTH_ID:AUTH_TOKEN" % (source, number))
        if auth_id in accounts:
            parser.error("%s entry #%d repeats auth_id %s" % (source, number, auth_id))
        accounts[auth_id] = token
    return accounts


def parse_shortcodes(entries, source, parser, account_ids):
    """Turn ["AUTH_ID:CODE[:COUNTRY]", ...] into EmulatorServer's shortcodes (checked); errors go to the parser."""
    shortcodes = {}
    for number, entry in enumerate(entries, start=1):
        parts = entry.strip().split(":")
        # Not echoed: a token passed here by mistake must not reach the console.
        if len(parts) not in (2, 3) or not all(parts):
            parser.error("%s entry #%d must look like AUTH_ID:CODE[:COUNTRY]" % (source, number))
        auth_id, code = parts[0], parts[1]
        if auth_id not in account_ids:
            parser.error("%s entry #%d: %s is not a configured account" % (source, number, auth_id))
        item = {"shortcode": code, "country_iso2": parts[2]} if len(parts) == 3 else code
        shortcodes.setdefault(auth_id, []).append(item)
    try:
        check_shortcode_config(shortcodes, account_ids)
    except ValueError as err:
        parser.error("%s: %s" % (source, err))
    return shortcodes


def parse_args(argv):
    """Parse flags; everything after the first '--' is the command for wrapper mode."""
    argv = list(argv)
    command = None
    if "--" in argv:
        split = argv.index("--")
        argv, command = argv[:split], argv[split + 1:]
    parser = build_parser()
    args = parser.parse_args(argv)
    if command == []:
        parser.error("a command must follow --")
    args.command = command
    if args.account:
        args.accounts = parse_accounts(args.account, "--account", parser)
    elif os.environ.get(ACCOUNTS_ENV, "").strip():
        entries = [item for item in os.environ[ACCOUNTS_ENV].split(",") if item.strip()]
        args.accounts = parse_accounts(entries, ACCOUNTS_ENV, parser)
    else:
        args.accounts = None
    account_ids = set(args.accounts) if args.accounts else {DEFAULT_AUTH_ID}
    if args.shortcode:
        args.shortcodes = parse_shortcodes(args.shortcode, "--shortcode", parser, account_ids)
    elif os.environ.get(SHORTCODES_ENV, "").strip():
        entries = [item for item in os.environ[SHORTCODES_ENV].split(",") if item.strip()]
        args.shortcodes = parse_shortcodes(entries, SHORTCODES_ENV, parser, account_ids)
    else:
        args.shortcodes = None
    args.faults = parse_fault_flags(args, parser)
    args.hostile_settings = parse_hostile_flags(args, parser)
    args.readings = parse_reading_flags(args, parser)
    return args


def serve_until_signal(server):
    """Serve mode: print the URL line for whoever started us, then wait for a signal."""
    # Handlers go in before the URL line: a caller may signal us as soon as it reads it.
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    try:
        print("PLIVO_API_URL=%s" % server.url, flush=True)
        while True:
            time.sleep(3600)
    except _Stop:
        pass
    return 0


def run_command(server, command):
    """Wrapper mode: run COMMAND against the emulator and return its exit status."""
    env = dict(os.environ, PLIVO_API_URL=server.url)
    credentials = server.sole_credentials()
    if credentials:
        env["PLIVO_AUTH_ID"], env["PLIVO_AUTH_TOKEN"] = credentials
    # stdout belongs to the command (it may be piped into jq or a file), so our line goes to stderr.
    print("PLIVO_API_URL=%s" % server.url, file=sys.stderr, flush=True)
    try:
        process = subprocess.Popen(command, env=env)  # pylint: disable=consider-using-with
    except FileNotFoundError:
        print("plivo_emulator: command not found: %s" % command[0], file=sys.stderr)
        return 127
    except PermissionError:
        print("plivo_emulator: command not executable: %s" % command[0], file=sys.stderr)
        return 126

    def forward(signum, frame):
        del frame
        if process.poll() is None:
            process.send_signal(signum)

    # Ctrl-C in a terminal already reaches the whole process group, so the command
    # gets SIGINT by itself; we only have to survive it. SIGTERM is usually aimed at
    # us alone (CI cancelling a job), so we pass it on.
    signal.signal(signal.SIGINT, lambda signum, frame: None)
    signal.signal(signal.SIGTERM, forward)
    returncode = process.wait()
    # Like a shell: death by signal N becomes 128 + N.
    return returncode if returncode >= 0 else 128 - returncode


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        server = EmulatorServer(args.accounts, port=args.port, state_file=args.state_file,
                                host=args.host, faults=args.faults, shortcodes=args.shortcodes,
                                hostile=args.hostile_settings, readings=args.readings).start()
    except (OSError, ValueError) as err:
        print("plivo_emulator: cannot start: %s" % err, file=sys.stderr)
        return 2
    try:
        if args.command:
            return run_command(server, args.command)
        return serve_until_signal(server)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
