# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bringing one powerpack to its declared state: read, check, plan, apply. The
powerpack module and the account converger both go through it, so that they
change, predict and diff the same way."""

from __future__ import annotations

from . import powerpack_model as model
from .outcome import ConvergeError, Outcome
from .safe_text import printable
from .wire import entry_number, pool_uuid

# The pool endpoints whose numbers a delete with unrent_numbers gives up: short codes are never unrented.
UNRENTED_TYPES = ("longcode", "tollfree")


def unknown_uuid_message(uuid):
    return ("no powerpack with uuid %r exists in this account; a powerpack cannot be created with a chosen "
            "uuid: leave uuid out and give name to create one" % uuid)


def find_named(client, name, listed=None):
    """Every powerpack of the account called ``name``, as the list shows them (``listed``,
    when the caller has read it).

    The whole list is read, not only up to the first match: a second powerpack with
    the same name must be seen, or a task would act on whichever came first."""
    return [model.from_api(obj) for obj in (client.iter_powerpacks() if listed is None else listed) if obj.get("name") == name]


def duplicate_name_message(name, named, use="uuid"):
    """The failure for a name that ``named`` (two or more list objects) all carry."""
    return ("%d powerpacks are named %r (uuids %s); a name must match one powerpack for a task to act on it: "
            "give %s to choose one, or rename the others" % (
                len(named), name, ", ".join(sorted(printable(str(obj.get("uuid"))) for obj in named)), use))


def disagreement_message(item, current, named):
    """The failure for ``state: absent`` with a ``uuid`` and a ``name`` that name different powerpacks, or None.

    ``current`` is the powerpack with the uuid (None if there is none); ``named``
    the listed powerpacks called the name, when they were looked up."""
    if item["state"] != "absent" or not item["uuid"] or item["name"] is None:
        return None
    if current is not None and current.get("name") != item["name"]:
        return ("uuid %r is the powerpack named %r, not %r; with state=absent, uuid and name must name the same "
                "powerpack: correct one of them, or give only one" % (item["uuid"], current.get("name"), item["name"]))
    others = [obj.get("uuid") for obj in named or [] if obj.get("uuid") != item["uuid"]]
    if current is None and others:
        return ("no powerpack has uuid %r, but the name %r belongs to the powerpack with uuid %s; with state=absent, "
                "uuid and name must name the same powerpack: correct one of them, or give only one"
                % (item["uuid"], item["name"], ", ".join(sorted(printable(str(uuid)) for uuid in others))))
    return None


class PowerpackConverger:
    """Creates, updates or deletes one powerpack. ``item`` is a declared powerpack:
    the powerpack module's parameters, or a powerpack_bulk item. In check mode it
    sends no write and predicts the outcome from the same comparison."""

    def __init__(self, client, check_mode):
        self._client = client
        self._check_mode = check_mode

    def converge(self, item):
        current, named = self.read(item)
        problem = self.check(item, current, named)
        if problem:
            raise ConvergeError(problem)
        return self.apply(item, current)

    def read(self, item):
        """``(current, named)``: the full object of the powerpack ``item`` names (by uuid, else
        by name) or None, and the listed powerpacks called ``item``'s name, or None when
        the lookup did not need the list."""
        if item["uuid"]:
            current = model.from_api(self._client.get_powerpack(item["uuid"]))
            named = None
            if current is None and item["state"] == "absent" and item["name"] is not None:
                # Nothing has this uuid: make sure the name is not another powerpack's before saying "absent".
                named = find_named(self._client, item["name"])
            return current, named
        named = find_named(self._client, item["name"])
        if len(named) != 1:
            return None, named
        return model.from_api(self._client.get_powerpack(named[0]["uuid"])), named

    @staticmethod
    def check(item, current, named=None):
        """What makes ``item`` impossible before any write, or None: a name two powerpacks share,
        a uuid and a name that disagree on what to delete, a uuid that names no powerpack."""
        if not item["uuid"] and named is not None and len(named) > 1:
            return duplicate_name_message(item["name"], named)
        problem = disagreement_message(item, current, named)
        if problem:
            return problem
        if current is None and item["uuid"] and item["state"] == "present":
            return unknown_uuid_message(item["uuid"])
        return None

    def apply(self, item, current):
        """Bring ``current`` (a full or list object, None when absent) to ``item``."""
        if item["state"] == "absent":
            return self.delete(current, unrent_numbers=item["unrent_numbers"])
        return self._present(item, current)

    def delete(self, current, unrent_numbers=False):
        """Delete ``current`` if it exists; a powerpack that is already gone is no change.

        With ``unrent_numbers``, the pool's long codes and toll-free numbers are read
        first, so that the outcome names every number the delete gives up (``unrented``)."""
        unrented = self.rented(current) if current is not None and unrent_numbers else []
        if current is None or not self._delete(current, unrent_numbers):
            return Outcome(False, {"before": {}, "after": {}}, {}, done={"unrented": []}, action="unchanged")
        before = model.normalize(current)
        if unrented:
            before["unrented"] = unrented
        return Outcome(True, {"before": before, "after": {}}, {}, done={"unrented": unrented}, action="deleted")

    def rented(self, current):
        """The numbers, sorted, that deleting ``current`` with unrent_numbers gives up: its pool's
        long codes and toll-free numbers, every page."""
        pool = pool_uuid(current.get("number_pool"))
        if pool is None:
            return []
        return sorted({entry_number(obj) for sender_type in UNRENTED_TYPES for obj in self._client.iter_pool(pool, sender_type)})

    def _present(self, item, current):
        wanted = model.wanted(item)
        created = False
        if current is None:
            current, created = self._create(item, wanted)
            if not self._check_mode and any(field not in current for field in wanted):
                # Some create answers leave fields out (plivo-python's and plivo-java's recorded ones have no
                # number_priority): read what was made rather than send an update it may not need.
                current = model.from_api(self._client.get_powerpack(current["uuid"])) or current
        before, after = model.differences(current, wanted)
        if after:
            current = self._update(item, current, after)
        if created:
            return Outcome(True, {"before": {}, "after": dict(wanted)}, current, done={"unrented": []}, action="created")
        return Outcome(bool(after), {"before": before, "after": after}, current, done={"unrented": []},
                       action="updated" if after else "unchanged")

    def _create(self, item, wanted):
        """Return ``(powerpack, created)``; ``created`` is False when another run
        created the same name first, and that powerpack is then converged."""
        if self._check_mode:
            return model.predicted(None, wanted), True
        powerpack, created = self._client.create_powerpack(model.request_body(item))
        return model.from_api(powerpack), created

    def _update(self, item, current, changes):
        if self._check_mode:
            return model.predicted(current, changes)
        return model.from_api(self._client.update_powerpack(current["uuid"], model.request_body(item)))

    def _delete(self, current, unrent_numbers):
        """Return False if the powerpack was gone already (deleted concurrently)."""
        if self._check_mode:
            return True
        return self._client.delete_powerpack(current["uuid"], unrent_numbers=unrent_numbers)
