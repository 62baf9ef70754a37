# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How the Plivo API writes things on the wire: readers for the fields whose form
varies between endpoints. The client and the models both read through these; this
file imports neither."""

from __future__ import annotations

import re

# The key under which each pool endpoint names its sender: Number/ objects say "number",
# Tollfree/ objects "tollfree" and Shortcode/ objects "shortcode".
NUMBER_KEYS = {"longcode": "number", "tollfree": "tollfree", "shortcode": "shortcode"}
# What the API applies to a number added without a service, and reports for an entry without one.
DEFAULT_SERVICE = "sms"
# The sender types that serve a service (sms or mms); short codes do not.
SERVICE_TYPES = ("longcode", "tollfree")


def without_api_id(obj):
    """An API object without ``api_id``, which names the API call, not the object:
    it differs on every answer and would make every result look changed."""
    return {k: v for k, v in obj.items() if k != "api_id"}


def pool_uuid(number_pool_path):
    """The pool uuid in a powerpack's ``number_pool`` path, ``/v1/Account/{id}/NumberPool/{pool_uuid}/``; None if absent."""
    if not number_pool_path:
        return None
    parts = number_pool_path.split("/")
    if len(parts) > 5 and parts[4] == "NumberPool" and parts[5]:
        return parts[5]
    return None


def normal_number(number):
    """A number as the API writes it: digits only, without the leading ``+`` of E.164."""
    number = number.strip()
    return number[1:] if number.startswith("+") else number


def entry_number(obj):
    """The number (or short code) of a pool entry, whichever endpoint it came from."""
    for key in ("number", "tollfree", "shortcode"):
        if obj.get(key):
            return normal_number(str(obj[key]))
    return None


def entry_service(obj, sender_type):
    """The service of a pool entry: long codes and toll-free numbers have one, and an entry without it has the default."""
    if sender_type not in SERVICE_TYPES:
        return None
    return str(obj.get("service") or DEFAULT_SERVICE).lower()


def normal_entry(obj, sender_type):
    """A pool entry in the one shape the collection returns, whichever reading of the API it came in.

    Every entry carries ``number`` (digits) and ``number_pool_uuid``; toll-free entries also
    ``tollfree`` and short codes ``shortcode`` (the keys of collection 1.1, and of plivo-python's
    fixtures, where the other SDKs' recorded answers have ``number``); long codes and toll-free
    numbers carry ``service``, lower case.

    ``type`` is the kind of sender, ``sender_type`` (longcode, tollfree or shortcode), the word of
    every option and result of the collection. The API's own ``type`` is the kind of number
    (``fixed``, ``mobile``, ``local``, ``tollfree``): it is kept as ``number_type`` when the API
    sends one (long codes and most readings of toll-free numbers; plivo-python's toll-free entries
    and short codes have none). Every other field is kept as the API sent it.
    """
    entry = without_api_id(obj)
    number = entry_number(obj)
    # NUMBER_KEYS["longcode"] is "number" itself.
    entry["number"] = entry[NUMBER_KEYS[sender_type]] = number
    if "number_type" not in entry and obj.get("type") is not None:
        entry["number_type"] = obj["type"]
    entry["type"] = sender_type
    if "number_pool_uuid" not in entry and "numberpool_uuid" in entry:
        # The single-number GET says numberpool_uuid (plivo-python and plivo-php numberpoolResponse.json).
        entry["number_pool_uuid"] = entry["numberpool_uuid"]
    if sender_type in SERVICE_TYPES:
        entry["service"] = entry_service(obj, sender_type)
    return entry


# What a value that goes into a URL path must look like: nothing else is ever put there,
# so "." and ".." (which URL libraries resolve) and "/" can never reach a path.
_SEGMENTS = {
    "account": re.compile(r"[MS]A[A-Z0-9]{18}"),
    "uuid": re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    "number": re.compile(r"[0-9]{3,15}"),
}


def segment(kind, value):
    """``value`` if it is a well-formed ``kind`` (account, uuid, number) for a URL path, else None."""
    if isinstance(value, str) and _SEGMENTS[kind].fullmatch(value):
        return value
    return None


def identity(obj):
    """What tells a listed object apart from the others of its list: its uuid, or its number
    (every listed object has one: ``powerpack_problem`` and ``pool_entry_problem`` check it first)."""
    return str(obj.get("uuid") or entry_number(obj))


def page_problem(page):
    """What makes ``page`` unusable as a list page, or None."""
    objects = page.get("objects")
    if not isinstance(objects, list):
        return "the page's objects are not a list"
    if any(not isinstance(obj, dict) for obj in objects):
        return "the page's objects are not all JSON objects"
    if not isinstance(page.get("meta") or {}, dict):
        return "the page's meta is not a JSON object"
    count = (page.get("meta") or {}).get("total_count")
    if count is not None and total_count(page) is None:
        return "the page's total_count is not a number"
    return None


def total_count(page):
    """The ``meta.total_count`` of a list page as a number, or None when it is missing or unreadable."""
    count = (page.get("meta") or {}).get("total_count")
    if isinstance(count, bool):
        return None
    if isinstance(count, int) and count >= 0:
        return count
    if isinstance(count, str) and count.isdigit():
        return int(count)
    return None


def powerpack_problem(obj):
    """What makes a powerpack object from the API unusable, or None."""
    if not isinstance(obj.get("uuid"), str) or not obj["uuid"]:
        return "has no uuid"
    if not isinstance(obj.get("name"), str):
        return "has no name"
    priority = obj.get("number_priority")
    if priority is not None and not (isinstance(priority, list) and all(isinstance(entry, dict) for entry in priority)):
        return "has a number_priority that is not a list of entries"
    for field in ("sticky_sender", "local_connect"):
        if field in obj and not isinstance(obj[field], (bool, str)):
            return "has a %s that is not a boolean" % field
    return None


def pool_entry_problem(obj):
    """What makes a number pool entry from the API unusable, or None."""
    number = entry_number(obj)
    if number is None or not number.isdigit():
        return "has no number"
    return None


def account_number_problem(obj):
    """What makes the account's record of a number (GET Account/{id}/Number/{n}/) unusable, or None.

    The fields the checks before a pool write read must have their recorded types when they are there."""
    number = obj.get("number")
    if not isinstance(number, str) or not normal_number(number).isdigit():
        return "has no number"
    if "number_type" in obj and obj["number_type"] is not None and not isinstance(obj["number_type"], str):
        return "has a number_type that is not text"
    for field in ("sms_enabled", "mms_enabled"):
        if field in obj and obj[field] is not None and not isinstance(obj[field], bool):
            return "has a %s that is not a boolean" % field
    return None
