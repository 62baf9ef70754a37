# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bringing one powerpack to its wanted state, for the powerpack module and the
powerpack_bulk module alike, so that both change, predict and diff the same way."""

from __future__ import annotations

from . import powerpack_model as model

# The options of the powerpack module, which are also the keys of each powerpack_bulk item.
POWERPACK_OPTIONS = {
    "name": {"type": "str"},
    "uuid": {"type": "str"},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "sticky_sender": {"type": "bool"},
    "local_connect": {"type": "bool"},
    "application_type": {"type": "str", "choices": ["xml", "phlo"]},
    "application_id": {"type": "str"},
    "number_priority": {"type": "list", "elements": "dict", "options": model.NUMBER_PRIORITY_OPTIONS},
    "unrent_numbers": {"type": "bool", "default": False},
}
POWERPACK_REQUIRED_ONE_OF = [["name", "uuid"]]
POWERPACK_REQUIRED_BY = {"application_type": "application_id"}


def unknown_uuid_message(uuid):
    return ("no powerpack with uuid %r exists in this account; a powerpack cannot be created with a chosen "
            "uuid: leave uuid out and give name to create one" % uuid)


class Outcome:
    """What converging one powerpack did (or, in check mode, would do)."""

    def __init__(self, action, powerpack, before, after):
        self.action = action  # created, updated, deleted or unchanged
        self.powerpack = powerpack
        self.diff = {"before": before, "after": after}

    @property
    def changed(self):
        return self.action != "unchanged"


class PowerpackConverger:
    """Creates, updates or deletes one powerpack, given its module-style parameters
    and its current full object (None when it does not exist). In check mode it
    sends no write and predicts the outcome from the same comparison."""

    def __init__(self, client, check_mode):
        self._client = client
        self._check_mode = check_mode

    def present(self, params, current):
        wanted = model.wanted(params)
        created = False
        if current is None:
            current, created = self._create(params, wanted)
        before, after = model.differences(current, wanted)
        if after:
            current = self._update(params, current, after)
        if created:
            return Outcome("created", current, {}, dict(wanted))
        return Outcome("updated" if after else "unchanged", current, before, after)

    def absent(self, params, current):
        if current is None or not self._delete(params, current):
            return Outcome("unchanged", {}, {}, {})
        return Outcome("deleted", {}, model.normalize(current), {})

    def _create(self, params, wanted):
        """Return ``(powerpack, created)``; ``created`` is False when another run
        created the same name first, and that powerpack is then converged."""
        if self._check_mode:
            return model.predicted(None, wanted), True
        return self._client.create_powerpack(model.request_body(params))

    def _update(self, params, current, changes):
        if self._check_mode:
            return model.predicted(current, changes)
        return self._client.update_powerpack(current["uuid"], model.request_body(params))

    def _delete(self, params, current):
        """Return False if the powerpack was gone already (deleted concurrently)."""
        if self._check_mode:
            return True
        return self._client.delete_powerpack(current["uuid"], unrent_numbers=params.get("unrent_numbers") or False)
