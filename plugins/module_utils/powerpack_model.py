# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a powerpack is to the collection: its managed fields, their normal form,
input validation, and the one comparison that decides ``changed``, check mode and diff.

Everything here is pure (no HTTP), so the module, later roles and plugins, and the
unit tests all share exactly the same rules.
"""

from __future__ import annotations

import re

from .specs import PRIORITY_KEYS

PRIORITY_VALUES = ("longcode", "shortcode", "tollfree")
SERVICE_TYPES = ("SMS", "MMS")
APPLICATION_TYPES = ("xml", "phlo")
# The API does not document a limit; this one keeps names sane in logs and
# URLs, and fails early instead of at the API.
NAME_MAX_LENGTH = 255
# Used with fullmatch: "$" would also let a value end in a newline.
UUID_PATTERN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

# The zero-width non-joiner and joiner, allowed in names (see name_problems).
_JOINERS = {0x200C: None, 0x200D: None}

# Fields the API reports as booleans; some answers write them as the strings "true" and "false".
BOOLEAN_FIELDS = ("sticky_sender", "local_connect")

# Module options that map onto powerpack fields. application_id and
# application_type are managed together: one without the other means nothing.
FIELD_OPTIONS = ("name", "sticky_sender", "local_connect", "application_id", "number_priority")

# What the API applies on create to a field the request leaves out (the reference's defaults).
CREATE_DEFAULTS = {
    "sticky_sender": True,
    "local_connect": True,
    "application_id": "",
    "application_type": "",
    "number_priority": [],
}


def _is_detach(application_id):
    return application_id is None or application_id.strip().lower() in ("", "none")


def _normal_number_priority(entries):
    """Entries in one canonical form, in the order given: the order a task declares, or
    the API answers, is what a diff shows."""
    return [
        {
            "country_iso": str(entry.get("country_iso", "")).upper(),
            "service_type": str(entry.get("service_type", "")).upper(),
            "priority": {key: str((entry.get("priority") or {}).get(key, "")).lower() for key in PRIORITY_KEYS},
        }
        for entry in entries or []
    ]


def _comparable(fields):
    """``fields`` with number_priority in one order, so that two lists that hold the same
    entries compare equal however they were ordered: it is a set keyed by country and service."""
    if not fields.get("number_priority"):
        return fields
    return dict(fields, number_priority=sorted(fields["number_priority"], key=lambda e: (e["country_iso"], e["service_type"])))


def validate(params):
    """Problems with the module's arguments that the argument spec cannot see, as
    messages that say what to fix. An empty list means the arguments are fine."""
    problems = name_problems(params.get("name")) + uuid_problems(params.get("uuid"))
    application_id = params.get("application_id")
    if application_id is not None and not application_id.strip():
        problems.append("application_id must not be empty; give an application id, or none to detach the application")
    elif application_id is not None and not _is_detach(application_id) and not params.get("application_type"):
        problems.append(
            "application_type is required when application_id is set (to anything other than 'none'); "
            "set application_type to one of %s" % ", ".join(APPLICATION_TYPES)
        )
    if params.get("unrent_numbers") and params.get("state") == "present":
        problems.append("unrent_numbers only applies with state=absent; remove it, or set state=absent to delete the powerpack")
    problems.extend(_number_priority_problems(params.get("number_priority")))
    return problems


def name_problems(name, option="name"):
    """Problems with a powerpack name given as ``option``: it must be one the API can hold and a lookup can match."""
    if name is None:
        return []
    if not name.strip():
        if option != "name":
            return ["%s must not be empty; give the powerpack's name" % option]
        return ["name must not be empty; give the powerpack's name, or leave name out and use uuid"]
    problems = []
    if name != name.strip():
        # " alerts" would be created as a second powerpack beside "alerts", or never match it.
        problems.append("%s must not start or end with whitespace; remove the whitespace from %r" % (option, name[:80]))
    if len(name) > NAME_MAX_LENGTH:
        problems.append("%s must be at most %d characters; got %d" % (option, NAME_MAX_LENGTH, len(name)))
    # Any script and emoji, as the API allows (an exported account must come back as it was); never a
    # character that hides or rewrites what a log or a terminal shows: controls, format characters such
    # as U+202E, line and paragraph separators, spaces other than the plain one (str.isprintable). The
    # zero-width joiner and non-joiner are format characters that hide nothing: emoji sequences (a family,
    # a flag with a sign) and scripts such as Persian need them.
    if not name.translate(_JOINERS).isprintable():
        problems.append("%s must contain only printable characters, not control or format characters (such as a tab, "
                        "a newline or U+202E), line separators or spaces other than the plain space; got %r"
                        % (option, name[:80]))
    return problems


def uuid_problems(uuid):
    if uuid is None:
        return []
    if not UUID_PATTERN.fullmatch(uuid):
        return ["uuid must be a UUID such as 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11; got %r (leave uuid out to find the powerpack by name)" % uuid[:80]]
    return []


def _number_priority_problems(entries):
    problems = []
    seen = set()
    for index, entry in enumerate(entries or []):
        where = "number_priority[%d]" % index
        # A value of None was given as null, or not as text: already refused (base._RawCheck).
        country = entry["country_iso"]
        if country is not None and (len(country) != 2 or not country.isalpha() or not country.isascii()):
            problems.append("%s.country_iso must be a two-letter ISO 3166-1 country code such as 'US'; got %r" % (where, country))
        service = entry["service_type"]
        if service is not None and service.upper() not in SERVICE_TYPES:
            problems.append("%s.service_type must be one of %s; got %r" % (where, ", ".join(SERVICE_TYPES), service))
        used = []
        for key in PRIORITY_KEYS:
            value = entry["priority"][key]
            if value is None:
                continue
            if value.lower() not in PRIORITY_VALUES:
                problems.append("%s.priority.%s must be one of %s; got %r" % (where, key, ", ".join(PRIORITY_VALUES), value))
            elif value.lower() in used:
                problems.append(
                    "%s.priority uses %r more than once; priority1, priority2 and priority3 must each name a "
                    "different number type (%s)" % (where, value.lower(), ", ".join(PRIORITY_VALUES))
                )
            used.append(value.lower())
        if country is None or service is None:
            continue
        key = (country.upper(), service.upper())
        if key in seen:
            problems.append(
                "number_priority has more than one entry for country_iso %r and service_type %r; "
                "keep one entry per country and service type" % key
            )
        seen.add(key)
    return problems


def wanted(params):
    """The managed fields the module's arguments ask for, in normal form.

    An option left out (None) is not managed and does not appear here.
    """
    result = {}
    for option in FIELD_OPTIONS:
        value = params.get(option)
        if value is None:
            continue
        if option == "application_id":
            detach = _is_detach(value)
            result["application_id"] = "" if detach else value
            result["application_type"] = "" if detach else params["application_type"].lower()
        elif option == "number_priority":
            result["number_priority"] = _normal_number_priority(value)
        else:
            result[option] = value
    return result


def boolean(value):
    """``value``, or the boolean it spells when the API wrote it as ``"true"`` or ``"false"`` (any letter case)."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


def from_api(powerpack):
    """A powerpack object from the API with its boolean fields as booleans (None stays None)
    and ``application_id`` as text (plivo-python's recorded answer writes it as a JSON number).

    Every object a converger reads or writes goes through here, so the result of a
    real run and the prediction of check mode show the same values."""
    if powerpack is None:
        return None
    result = dict(powerpack)
    for field in BOOLEAN_FIELDS:
        if field in result:
            result[field] = boolean(result[field])
    if isinstance(result.get("application_id"), int) and not isinstance(result["application_id"], bool):
        result["application_id"] = str(result["application_id"])
    return result


def normalize(powerpack):
    """A powerpack object from the API in the same normal form as ``wanted``.

    The API echoes some values in another form than they were sent in
    (``xml`` comes back as ``XML``, ``application_id: none`` as ``""``, a boolean
    as ``"true"``); those forms must not look like a change.
    """
    result = {}
    if "name" in powerpack:
        # A name is text whatever it spells: a powerpack named "true" is not named True.
        result["name"] = powerpack["name"]
    for field in BOOLEAN_FIELDS:
        if field in powerpack:
            result[field] = boolean(powerpack[field])
    if "application_id" in powerpack:
        detach = _is_detach(powerpack.get("application_id"))
        result["application_id"] = "" if detach else powerpack["application_id"]
        result["application_type"] = "" if detach else (powerpack.get("application_type") or "").lower()
    if "number_priority" in powerpack:
        result["number_priority"] = _normal_number_priority(powerpack["number_priority"])
    return result


def differences(current, want):
    """``(before, after)``: the managed fields whose current value differs from the
    wanted one, each side holding only those fields. Both are empty when nothing
    differs. ``current`` is an API object (or None when the powerpack does not exist).

    This is the only place that decides whether a powerpack must change; the
    module's ``changed``, its check mode prediction and its diff all come from it.
    """
    if current is None:
        return {}, dict(want)
    have = normalize(current)
    have = {field: have.get(field) for field in want}
    old, new = _comparable(have), _comparable(want)
    changed = [field for field in want if old[field] != new[field]]
    # Each side as written: number_priority in the order declared, and as the API holds it.
    return {field: have[field] for field in changed}, {field: want[field] for field in changed}


def request_body(params):
    """The JSON body for a create or an update, holding every managed field as
    sent on the wire. An update sends all managed fields, not only the changed
    ones, so that repeating it is harmless."""
    body = {}
    for field in ("name", "sticky_sender", "local_connect"):
        if params.get(field) is not None:
            body[field] = params[field]
    application_id = params.get("application_id")
    if application_id is not None:
        if _is_detach(application_id):
            body["application_id"] = "none"
        else:
            body["application_id"] = application_id
            body["application_type"] = params["application_type"].lower()
    if params.get("number_priority") is not None:
        body["number_priority"] = [
            {
                "country_iso": entry["country_iso"].upper(),
                "service_type": entry["service_type"].upper(),
                "priority": {key: entry["priority"][key].lower() for key in PRIORITY_KEYS},
            }
            for entry in params["number_priority"]
        ]
    return body


def predicted(current, want):
    """The powerpack as check mode expects it to be after the task: the current
    object (or the API's create defaults) with the wanted fields laid over it."""
    base = dict(current) if current is not None else dict(CREATE_DEFAULTS)
    base.update(want)
    if base.get("application_type"):
        # What the API echoes: an application of type xml comes back as XML, so a check run shows what a real run would.
        base["application_type"] = base["application_type"].upper()
    return base
