# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bringing a powerpack's number pool to its wanted senders, for the
powerpack_number and powerpack_pool modules alike, so that both change, predict
and diff the same way."""

from __future__ import annotations

from . import pool_model as model


def locate_pool(client, params, check_mode, must_exist):
    """``(pool_uuid, problem)`` for the powerpack that ``powerpack_uuid`` or ``powerpack_name`` names.

    ``pool_uuid`` is None when the powerpack does not exist. That is a problem (a
    message saying what to do) only when it ``must_exist``, and even then not in check
    mode for a name: an earlier task of the same check run would create it, with an
    empty pool. A uuid can never be created, so it must exist in check mode too.
    """
    pool_uuid = client.find_pool(params["powerpack_uuid"], params["powerpack_name"])
    if pool_uuid is not None or not must_exist:
        return pool_uuid, None
    if params["powerpack_uuid"]:
        return None, "no powerpack with uuid %r exists in this account" % params["powerpack_uuid"]
    if check_mode:
        return None, None
    return None, ("no powerpack named %r exists in this account; create it first (plivo.messaging.powerpack) "
                  "before managing its number pool" % params["powerpack_name"])


def read_pool(client, pool_uuid, sender_types):
    """``{number: (sender_type, entry)}`` for every sender of these types in the pool, across all pages."""
    entries = {}
    for sender_type in model.SENDER_TYPES:
        if sender_type in sender_types:
            for obj in client.iter_pool(pool_uuid, sender_type):
                entries[model.entry_number(obj)] = (sender_type, obj)
    return entries


def sender_list(entries):
    """The senders of ``read_pool``-style entries as a sorted list of ``{number, type, service}``."""
    order = {sender_type: index for index, sender_type in enumerate(model.SENDER_TYPES)}
    senders = [
        {"number": number, "type": sender_type, "service": model.entry_service(obj, sender_type)}
        for number, (sender_type, obj) in entries.items()
    ]
    return sorted(senders, key=lambda sender: (order[sender["type"]], sender["number"]))


class PoolOutcome:
    """What converging a pool did (or, in check mode, would do)."""

    def __init__(self, entries, before, after, added, updated, removed):
        # {number: (sender_type, entry)}: the pool's senders after the task, as far as it read them.
        self.entries = entries
        self.diff = {"before": before, "after": after}
        self.added = added
        self.updated = updated
        self.removed = removed

    @property
    def changed(self):
        return bool(self.added or self.updated or self.removed)


class PoolConverger:
    """Adds, updates and removes the senders of one number pool. In check mode it
    sends no write and predicts the outcome from the same comparison.

    ``pool_uuid`` may be None in check mode only: the powerpack would be created
    by an earlier task, so its pool would start empty.
    """

    def __init__(self, client, check_mode, pool_uuid):
        self._client = client
        self._check_mode = check_mode
        self._pool_uuid = pool_uuid
        # What has been written so far, so that a task failing part way can report it.
        self.done = {"added": [], "updated": [], "removed": []}

    def converge(self, entries, wanted, senders, purge=False, unrent=False):
        """Bring the pool from ``entries`` (as ``read_pool`` returns) to ``wanted``
        (``{number: normal form, or None for absent}``). ``senders`` maps numbers to
        their declared options (for ``rent``); ``unrent`` applies to every removal."""
        current = model.current_values(entries)
        before, after = model.differences(current, wanted, purge)
        add, update, remove = model.actions(current, before, after)
        result = dict(entries)
        for number in add + update:
            rent = number in add and senders.get(number, {}).get("rent")
            result[number] = (wanted[number]["type"], self._add(number, wanted[number], rent, entries.get(number)))
            self.done["updated" if number in current else "added"].append(number)
        for number in remove:
            sender_type = entries[number][0]
            if self._remove(number, sender_type, unrent):
                self.done["removed"].append(number)
            else:
                # Someone else removed it since the pool was read: nothing changed here.
                before.pop(number, None)
            del result[number]
        return PoolOutcome(result, before, after, **self.done)

    def _add(self, number, value, rent, existing):
        service = value.get("service")
        if self._check_mode:
            entry = dict(existing[1]) if existing else {}
            entry[model.NUMBER_KEYS[value["type"]]] = number
            if service is not None:
                entry["service"] = service
            if self._pool_uuid:
                entry["number_pool_uuid"] = self._pool_uuid
            return entry
        return self._client.add_pool_sender(self._pool_uuid, value["type"], number, service=service, rent=bool(rent))

    def _remove(self, number, sender_type, unrent):
        if self._check_mode:
            return True
        return self._client.remove_pool_sender(self._pool_uuid, sender_type, number,
                                               unrent=unrent and sender_type != "shortcode")
