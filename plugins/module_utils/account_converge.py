# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bringing a whole account to a declared list of powerpacks and their pools in one
module run: list the account once, resolve every item, read every declared pool and
check them all before the first write, then apply, optionally purging the rest."""

from __future__ import annotations

from . import powerpack_model
from .api import PlivoApiError
from .outcome import ConvergeError, Outcome
from .pool_converge import PoolConverger
from .powerpack_converge import PowerpackConverger
from .wire import pool_uuid


class AccountConverger:
    """Converges declared powerpacks (powerpack_bulk items) as the powerpack and pool
    converges would one by one, reading only what the comparison needs."""

    def __init__(self, client, check_mode):
        self._client = client
        self._powerpacks = PowerpackConverger(client, check_mode)
        self._pools = PoolConverger(client, check_mode)

    def converge(self, items, purge=False):
        listed = [powerpack_model.from_api(obj) for obj in self._client.iter_powerpacks()]
        lookups = [_lookup(item, listed) for item in items]
        found = [current for current, _named in lookups]
        self._check(items, lookups)
        plans = self._plan_pools(items, found)
        record = _Record()
        try:
            for item, current, plan in zip(items, found, plans):
                self._apply(item, current, plan, record)
            if purge:
                for obj in _purged(items, found, listed):
                    record.add(obj["name"], obj, self._powerpacks.delete(obj))
        except PlivoApiError as exc:
            raise ConvergeError.after(exc, record.outcome()) from None
        return record.outcome()

    def _check(self, items, lookups):
        # An unknown uuid, a name two powerpacks share, a uuid and a name that disagree on what
        # to delete: errors in the declaration, said before anything is written.
        problems = ["powerpacks[%d]: %s" % (index, problem) for index, (item, (current, named)) in enumerate(zip(items, lookups))
                    for problem in [self._powerpacks.check(item, current, named)] if problem]
        if problems:
            raise ConvergeError("; ".join(problems))

    def _plan_pools(self, items, found):
        """The plan of each declared pool (None for items without senders), read up front
        so that a sender no write can fix fails the task before any write."""
        plans, problems = [], []
        for index, (item, current) in enumerate(zip(items, found)):
            if item["senders"] is None or item["state"] == "absent":
                plans.append(None)
                continue
            plan = self._pools.plan(pool_uuid((current or {}).get("number_pool")), item["senders"],
                                    purge=item["purge_senders"], unrent=item["unrent_purged"])
            problems.extend("powerpacks[%d] (%s): %s" % (index, item["name"] or item["uuid"], problem) for problem in plan.problems)
            plans.append(plan)
        if problems:
            raise ConvergeError("; ".join(problems))
        return plans

    def _apply(self, item, current, plan, record):
        if item["state"] == "absent":
            record.add(item["name"] or item["uuid"], current, self._powerpacks.apply(item, current))
            return
        outcome = self._powerpacks.apply(item, self._full(item, current))
        if plan is None:
            record.add(item["name"], current, outcome)
            return
        try:
            pool = self._pools.apply(self._replan(item, current, outcome, plan))
        except PlivoApiError as exc:
            record.add(item["name"], current, outcome)
            raise ConvergeError.after(exc, record.outcome()) from None
        except ConvergeError as exc:
            record.add(item["name"], current, outcome, exc.done)
            raise ConvergeError(str(exc), record.outcome(), exc.api) from None
        record.add(item["name"], current, outcome, pool)

    def _replan(self, item, current, outcome, plan):
        """The pool plan once the powerpack exists: a powerpack created just now has an empty pool."""
        pool = pool_uuid(outcome.state.get("number_pool"))
        if current is not None or pool is None:
            return plan
        if outcome.action == "created":
            return plan.on(pool)
        # Another run created this powerpack first: its pool may hold senders already.
        replan = self._pools.plan(pool, item["senders"], purge=item["purge_senders"], unrent=item["unrent_purged"], read_all=True)
        if replan.problems:
            raise ConvergeError("%s: %s" % (item["name"], "; ".join(replan.problems)))
        return replan

    def _full(self, item, obj):
        """The object to compare with: the list object, unless it lacks a field the item manages."""
        if obj is None or all(field in obj for field in powerpack_model.wanted(item)):
            return obj
        return powerpack_model.from_api(self._client.get_powerpack(obj["uuid"]))


def _lookup(item, listed):
    """``(current, named)`` for one item: the listed powerpack it names (by uuid, else by
    name, None when no single one), and the listed powerpacks called its name (None
    when the item has no name)."""
    named = [obj for obj in listed if obj.get("name") == item["name"]] if item["name"] is not None else None
    if item["uuid"]:
        return next((obj for obj in listed if obj.get("uuid") == item["uuid"]), None), named
    return (named[0] if len(named) == 1 else None), named


def _purged(items, found, listed):
    """The listed powerpacks a purge deletes: those no item names, by uuid or by name.

    A declared name is never purged, even when the item that declares it found another
    powerpack (by uuid) or none."""
    uuids = {obj["uuid"] for obj in found if obj is not None}
    names = {item["name"] for item in items if item["name"] is not None}
    return [obj for obj in listed if obj["uuid"] not in uuids and obj.get("name") not in names]


class _Record:
    """The account converge's result so far: what happened to each powerpack and pool, in order."""

    def __init__(self):
        self.changed = False
        self.diff = {"before": {}, "after": {}}
        self.done = {"created": [], "updated": [], "deleted": [], "unchanged": [], "pools": {}, "results": [],
                     "unrented": []}

    def add(self, declared_name, current, outcome, pool=None):
        name = outcome.state.get("name") or (current or {}).get("name") or declared_name
        self.done[outcome.action].append(name)
        # The numbers this powerpack gives up: all of its pool's with a delete and unrent_numbers,
        # or those its pool purge removes with unrent_purged.
        unrented = list(outcome.done.get("unrented", [])) + list((pool.done if pool is not None else {}).get("unrented", []))
        result = {
            "name": name,
            "uuid": outcome.state.get("uuid") or (current or {}).get("uuid"),
            "action": outcome.action,
            "changed": outcome.changed,
            "powerpack": outcome.state,
            "unrented": unrented,
        }
        self._add_diff(name, outcome.diff)
        self.changed = self.changed or outcome.changed
        if pool is not None:
            done = {key: value for key, value in pool.done.items() if key != "unrented"}
            result["pool"] = done
            self.done["pools"][name] = dict(done)
            self.changed = self.changed or pool.changed
            self._add_diff(name, {side: {"senders": changes} for side, changes in (pool.diff or {}).items() if changes})
        if unrented:
            self.diff["before"].setdefault(name, {})["unrented"] = sorted(unrented)
            self.done["unrented"].extend(unrented)
        self.done["results"].append(result)

    def _add_diff(self, name, diff):
        for side, changes in (diff or {}).items():
            if changes:
                self.diff[side].setdefault(name, {}).update(changes)

    def outcome(self):
        return Outcome(self.changed, self.diff, done=dict(self.done, unrented=sorted(self.done["unrented"])))
