# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bringing one powerpack to its declared state: read, check, plan, apply. The
powerpack module and the account converger both go through it, so that they
change, predict and diff the same way."""

from __future__ import annotations

from . import powerpack_model as model
from .outcome import ConvergeError, Outcome


def unknown_uuid_message(uuid):
    return ("no powerpack with uuid %r exists in this account; a powerpack cannot be created with a chosen "
            "uuid: leave uuid out and give name to create one" % uuid)


class PowerpackConverger:
    """Creates, updates or deletes one powerpack. ``item`` is a declared powerpack:
    the powerpack module's parameters, or a powerpack_bulk item. In check mode it
    sends no write and predicts the outcome from the same comparison."""

    def __init__(self, client, check_mode):
        self._client = client
        self._check_mode = check_mode

    def converge(self, item):
        current = self.read(item)
        problem = self.check(item, current)
        if problem:
            raise ConvergeError(problem)
        return self.apply(item, current)

    def read(self, item):
        """The full object of the powerpack ``item`` names (by uuid, else by name), or None."""
        if item["uuid"]:
            return self._client.get_powerpack(item["uuid"])
        return self._client.find_powerpack(item["name"])

    @staticmethod
    def check(item, current):
        """What makes ``item`` impossible before any write, or None: a uuid can only name an existing powerpack."""
        if current is None and item["uuid"] and item["state"] == "present":
            return unknown_uuid_message(item["uuid"])
        return None

    def apply(self, item, current):
        """Bring ``current`` (a full or list object, None when absent) to ``item``."""
        if item["state"] == "absent":
            return self.delete(current, unrent_numbers=item["unrent_numbers"])
        return self._present(item, current)

    def delete(self, current, unrent_numbers=False):
        """Delete ``current`` if it exists; a powerpack that is already gone is no change."""
        if current is None or not self._delete(current, unrent_numbers):
            return Outcome(False, {"before": {}, "after": {}}, {}, action="unchanged")
        return Outcome(True, {"before": model.normalize(current), "after": {}}, {}, action="deleted")

    def _present(self, item, current):
        wanted = model.wanted(item)
        created = False
        if current is None:
            current, created = self._create(item, wanted)
        before, after = model.differences(current, wanted)
        if after:
            current = self._update(item, current, after)
        if created:
            return Outcome(True, {"before": {}, "after": dict(wanted)}, current, action="created")
        return Outcome(bool(after), {"before": before, "after": after}, current, action="updated" if after else "unchanged")

    def _create(self, item, wanted):
        """Return ``(powerpack, created)``; ``created`` is False when another run
        created the same name first, and that powerpack is then converged."""
        if self._check_mode:
            return model.predicted(None, wanted), True
        return self._client.create_powerpack(model.request_body(item))

    def _update(self, item, current, changes):
        if self._check_mode:
            return model.predicted(current, changes)
        return self._client.update_powerpack(current["uuid"], model.request_body(item))

    def _delete(self, current, unrent_numbers):
        """Return False if the powerpack was gone already (deleted concurrently)."""
        if self._check_mode:
            return True
        return self._client.delete_powerpack(current["uuid"], unrent_numbers=unrent_numbers)
