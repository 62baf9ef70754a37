# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How the Plivo API writes things on the wire: readers for the fields whose form
varies between endpoints. The client and the models both read through these; this
file imports neither."""

from __future__ import annotations

# The key under which each pool endpoint names its sender: Number/ objects say "number",
# Tollfree/ objects "tollfree" and Shortcode/ objects "shortcode".
NUMBER_KEYS = {"longcode": "number", "tollfree": "tollfree", "shortcode": "shortcode"}
# What the API applies to a long code added without a service, and reports for an entry without one.
DEFAULT_SERVICE = "sms"


def without_api_id(obj):
    """An API object without ``api_id``, which names the API call, not the object:
    it differs on every answer and would make every result look changed."""
    return {k: v for k, v in obj.items() if k != "api_id"}


def pool_uuid(number_pool_path):
    """The pool uuid in a powerpack's ``number_pool`` path, ``/v1/Account/{id}/NumberPool/{pool_uuid}/``; None if absent."""
    parts = (number_pool_path or "").split("/")
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
    """The service of a pool entry: only long codes have one, and an entry without it has the default."""
    if sender_type != "longcode":
        return None
    return str(obj.get("service") or DEFAULT_SERVICE).lower()
