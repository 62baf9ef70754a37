# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a powerpack's number pool is to the collection: its senders (long codes,
toll-free numbers, short codes), their normal form, input validation, and the one
comparison that decides ``changed``, check mode and diff for every pool module.

Everything here is pure (no HTTP). A sender's normal form is
``{"type": "longcode", "service": "sms"}`` (``service`` for long codes and toll-free numbers),
keyed by its number in digits, without the ``+``.
"""

from __future__ import annotations

import re

from ansible.module_utils.common.dict_transformations import recursive_diff

from .powerpack_model import UUID_PATTERN
from .safe_text import printable, quoted
from .specs import SENDER_TYPES
from .wire import DEFAULT_SERVICE, SERVICE_TYPES, entry_service, normal_number

# E.164: a country code that does not start with 0, then the subscriber number; 8 to 15 digits in all.
# Used with fullmatch: "$" would also let a value end in a newline.
E164_PATTERN = re.compile(r"\+?[1-9][0-9]{7,14}")
SHORTCODE_PATTERN = re.compile(r"[0-9]{3,8}")
COUNTRY_PATTERN = re.compile(r"[A-Za-z]{2}")


def ref_problems(params):
    """Problems with powerpack_uuid / powerpack_name that the argument spec cannot see."""
    problems = []
    name = params.get("powerpack_name")
    if name is not None and not name.strip():
        problems.append("powerpack_name must not be empty; give the powerpack's name, or use powerpack_uuid")
    elif name is not None and name != name.strip():
        problems.append("powerpack_name must not start or end with whitespace; remove the whitespace from %r" % name[:80])
    uuid = params.get("powerpack_uuid")
    if uuid is not None and not uuid.strip():
        problems.append("powerpack_uuid must not be empty; give the powerpack's UUID, or use powerpack_name")
    elif uuid is not None and not UUID_PATTERN.fullmatch(uuid):
        problems.append("powerpack_uuid must be a UUID such as 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11; got %r "
                        "(use powerpack_name to find the powerpack by name)" % uuid[:80])
    return problems


def sender_problems(sender, where=""):
    """Problems with one declared sender, as messages that say what to fix."""
    prefix = where + "." if where else ""
    sender_type = sender["type"]
    problems = _number_problems(sender["number"], sender_type, prefix)
    if sender.get("service") is not None and sender_type not in SERVICE_TYPES:
        problems.append(
            "%sservice applies to long codes and toll-free numbers only; remove it from this %s (a short code "
            "has no service in the pool API)" % (prefix, describe(sender_type))
        )
    if sender.get("rent") and sender_type == "shortcode":
        problems.append("%srent does not apply to short codes: the API cannot rent or add them, Plivo links them to a pool; "
                        "remove rent" % prefix)
    return problems


def _number_problems(number, sender_type, prefix):
    if number is None:
        # Given as null, or not as text: already refused with the module's arguments (base._RawCheck).
        return []
    if sender_type == "shortcode":
        if not SHORTCODE_PATTERN.fullmatch(number.strip()):
            return ["%snumber must be a short code of 3 to 8 digits, such as 444444; got %r" % (prefix, number[:40])]
    elif not E164_PATTERN.fullmatch(number.strip()):
        problem = ("%snumber must be an E.164 number in digits, country code first, 8 to 15 digits with an optional "
                   "leading +, such as 14155550100; got %r" % (prefix, number[:40]))
        # type defaults to longcode, so a short code declared without its type lands here: say the way out.
        if sender_type == "longcode" and SHORTCODE_PATTERN.fullmatch(number.strip()):
            problem += "; set type: shortcode for a short code"
        return [problem]
    return []


def senders_problems(senders, where):
    """Problems with a list of declared senders (``where`` names the list), duplicates included."""
    problems = []
    seen = {}
    for index, sender in enumerate(senders):
        item = "%s[%d]" % (where, index)
        problems.extend(sender_problems(sender, item))
        if sender["number"] is None:
            continue
        number = normal_number(sender["number"])
        if number in seen:
            problems.append("%s: number %s is already declared by %s[%d]; declare each number once" % (item, number, where, seen[number]))
        seen.setdefault(number, index)
    return problems


def purge_problems(params, purge="purge_senders", unrent="unrent_purged"):
    """Problems with a pool's purge options; ``purge`` and ``unrent`` name them as the task did."""
    if params["unrent_purged"] and not params["purge_senders"]:
        return ["%s only applies to the numbers %s removes; remove it, or set %s=true" % (unrent, purge, purge)]
    return []


def declared(senders):
    """``(senders_by_number, wanted)`` for a list of declared senders: the options and the normal form of each, by number."""
    by_number = {normal_number(sender["number"]): sender for sender in senders}
    return by_number, {number: wanted_value(sender) for number, sender in by_number.items()}


def types_to_read(wanted, purge):
    """The sender types whose endpoints a converge must read: all with purge, else those declared."""
    if purge:
        return set(SENDER_TYPES)
    return {value["type"] for value in wanted.values() if value is not None}


def describe(sender_type):
    return {"longcode": "long code", "tollfree": "toll-free number", "shortcode": "short code"}[sender_type]


def wanted_value(sender):
    """The normal form of a declared sender."""
    value = {"type": sender["type"]}
    if sender["type"] in SERVICE_TYPES:
        value["service"] = sender.get("service") or DEFAULT_SERVICE
    return value


def current_value(obj, sender_type):
    """The normal form of a pool entry read from the API."""
    value = {"type": sender_type}
    if sender_type in SERVICE_TYPES:
        value["service"] = entry_service(obj, sender_type)
    return value


def current_values(entries):
    """The normal forms of pool entries given as ``{number: (sender_type, entry)}``."""
    return {number: current_value(obj, sender_type) for number, (sender_type, obj) in entries.items()}


def conflicts(current, wanted):
    """Problems that no write can fix, found before any write: a number in the pool
    as another type than declared, and a declared short code the pool lacks.

    ``current`` maps numbers to normal forms; ``wanted`` maps numbers to normal
    forms, or to None for "must not be in the pool".
    """
    problems = []
    for number in sorted(wanted):
        want = wanted[number]
        if want is None:
            continue
        have = current.get(number)
        if have is not None and have["type"] != want["type"]:
            problems.append("%s is in the pool as a %s, not a %s; correct its type" % (
                number, describe(have["type"]), describe(want["type"])))
        elif have is None and want["type"] == "shortcode":
            problems.append(
                "short code %s is not linked to this powerpack's number pool, and short codes cannot be added through "
                "the API; ask Plivo to link it, or leave it out" % number
            )
    return problems


def differences(current, wanted, purge=False):
    """``(before, after)``: the senders that differ between the pool and the wanted
    state, keyed by number, each side holding only what changes. A sender only in
    ``before`` is removed, only in ``after`` added, in both updated.

    ``wanted`` maps numbers to normal forms, or to None for "must not be in the
    pool". With ``purge``, every sender of the pool that ``wanted`` does not name
    must go too. This is the only place that decides what a pool task changes;
    ``changed``, the check mode prediction and the diff all come from it.
    """
    relevant = set(wanted) | (set(current) if purge else set())
    have = {number: current[number] for number in relevant if number in current}
    want = {number: value for number, value in wanted.items() if value is not None}
    diff = recursive_diff(have, want)
    return diff if diff is not None else ({}, {})


def actions(current, before, after):
    """``(add, update, remove)``: sorted numbers to add to the pool, to update in it and to remove from it."""
    add = sorted(number for number in after if number not in current)
    update = sorted(number for number in after if number in current)
    remove = sorted(number for number in before if number not in after)
    return add, update, remove


def sender_list(entries):
    """Pool entries (``{number: (sender_type, entry)}``) as a list of ``{number, type, service}``, sorted by type and number."""
    order = {sender_type: index for index, sender_type in enumerate(SENDER_TYPES)}
    senders = [
        {"number": number, "type": sender_type, "service": entry_service(obj, sender_type)}
        for number, (sender_type, obj) in entries.items()
    ]
    return sorted(senders, key=lambda sender: (order[sender["type"]], sender["number"]))


# What the account's number record (GET Account/{id}/Number/{n}/) calls a toll-free number. Every
# other number_type (local, fixed, mobile, national...) is a long code to the pool API.
TOLLFREE_NUMBER_TYPE = "tollfree"


def to_vet(current, wanted, purge):
    """The numbers whose account record must be read before any write: those the converge adds
    (short codes are never added: they are checked against the pool, see ``conflicts``), and
    those it switches to mms. A number already in the pool as declared is never read."""
    before, after = differences(current, wanted, purge)
    add, update, dummy = actions(current, before, after)
    return sorted(number for number in add + update
                  if wanted[number]["type"] != "shortcode" and (number in add or wanted[number].get("service") == "mms"))


def account_type(record, declared_type):
    """The sender type a number has in the account: toll-free or long code, as its record says
    (``declared_type`` when the record does not say)."""
    number_type = record.get("number_type") if record else None
    if not isinstance(number_type, str) or not number_type:
        return declared_type
    return "tollfree" if number_type.lower() == TOLLFREE_NUMBER_TYPE else "longcode"


def account_problems(number, want, rent, record, adding=True):
    """What the account's record of ``number`` says no write of the pool converge can do, as
    messages that say what to fix.

    ``want`` is the number's wanted normal form, ``rent`` whether the task may rent it and
    ``record`` the account's record of it (None when the account does not rent it). A number
    already in the pool (not ``adding``: its service changes) is only checked for that service.
    A field the record leaves out is not held against the number: the write decides then.
    """
    if not adding:
        record = record or {}
    elif record is None:
        if rent:
            return []
        return ["%s is not rented by this account, so it cannot join the pool; set rent: true to rent it (billed "
                "monthly), or correct the number" % number]
    problems = []
    have_type = account_type(record, want["type"])
    if adding and have_type != want["type"]:
        problems.append("%s is a %s in this account (number_type %s), not a %s; declare it with type: %s"
                        % (number, describe(have_type), printable(str(record.get("number_type"))), describe(want["type"]),
                           have_type))
    service = want.get("service")
    if service in ("sms", "mms") and record.get("%s_enabled" % service) is False:
        problems.append("%s is not %s-enabled in this account (%s_enabled: false), so it cannot serve %s in the pool; "
                        "declare service: %s, or enable %s on the number" % (
                            number, service.upper(), service, service, "sms" if service == "mms" else "mms", service.upper()))
    return problems


def held_message(number, holder, remedy):
    """The failure for a number to add that the pool of another powerpack (``holder``, a list object) holds."""
    return ("%s is in the number pool of powerpack %s [%s], and a number serves one pool at a time; %s"
            % (number, quoted(holder.get("name") or ""), printable(str(holder.get("uuid"))), remedy))
