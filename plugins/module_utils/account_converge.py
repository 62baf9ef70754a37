# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bringing a whole account to a declared list of powerpacks and their pools in one
module run: list the account once, resolve every item, read every declared pool and
check them all before the first write, then apply, optionally purging the rest."""

from __future__ import annotations

from . import account_model, pool_model, powerpack_model
from .api import PlivoApiError
from .outcome import ConvergeError, Outcome
from .safe_text import printable, quoted
from .pool_converge import PoolConverger
from .powerpack_converge import PowerpackConverger
from .wire import pool_uuid
from .workers import Workers


class AccountConverger:
    """Converges declared powerpacks (powerpack_bulk items) as the powerpack and pool
    converges would one by one, reading only what the comparison needs.

    Reads and independent writes run on the client's workers, in parallel up to its
    bound and under its rate limit; writes whose order matters (``account_model.write_order``)
    run one after another. Results and the diff are always in declared order.
    """

    def __init__(self, client, check_mode):
        self._client = client
        self._powerpacks = PowerpackConverger(client, check_mode)
        self._pools = PoolConverger(client, check_mode)

    def converge(self, items, purge):
        listed = [powerpack_model.from_api(obj) for obj in self._client.iter_powerpacks()]
        claimed = account_model.claimed(items, listed)
        lookups = [_lookup(item, listed, claimed) for item in items]
        found = [current for current, _named in lookups]
        self._check(items, lookups)
        fulls, plans = self._read(items, found, listed)
        record = _Record()
        independent, ordered = account_model.write_order(items, found, plans)
        done = dict(zip(independent, self._client.workers.run(lambda index: self._apply(
            items[index], found[index], fulls[index], plans[index]), independent)))
        if not any(result.error for result in done.values()):
            done.update(zip(ordered, _one_by_one(lambda index: self._apply(
                items[index], found[index], fulls[index], plans[index]), ordered)))
        errors = [record.take(_declared_name(items[index]), found[index], done[index]) for index in sorted(done)]
        if purge and not any(errors):
            purged = _purged(items, found, listed)
            for obj, result in zip(purged, self._client.workers.run(self._purge, purged)):
                errors.append(record.take(obj["name"], obj, result))
        errors = [error for error in errors if error is not None]
        if errors:
            # The first error's API error, if it is one or carries one.
            api = errors[0] if isinstance(errors[0], PlivoApiError) else errors[0].api
            raise ConvergeError("; ".join(str(error) for error in errors), record.outcome(), api)
        return record.outcome()

    def _purge(self, obj):
        return self._powerpacks.delete(obj), None

    def _check(self, items, lookups):
        # An unknown uuid, a name two powerpacks share, a uuid and a name that disagree on what
        # to delete: errors in the declaration, said before anything is written.
        problems = ["powerpacks[%d]: %s" % (index, problem) for index, (item, (current, named)) in enumerate(zip(items, lookups))
                    for problem in [self._powerpacks.check(item, current, named)] if problem]
        if problems:
            raise ConvergeError("; ".join(problems))

    def _read(self, items, found, listed):
        """``(fulls, plans)``: for each item the object to compare with and the plan of its
        pool (None for items without senders), read in parallel before any write, so that
        a sender no write can fix fails the task before any write."""
        reads = self._client.workers.map(lambda args: self._read_one(*args), list(zip(items, found)))
        plans = self._vet(items, found, [plan for dummy, plan in reads], listed)
        problems = ["powerpacks[%d] (%s): %s" % (index, item["name"] or item["uuid"], problem)
                    for index, (item, plan) in enumerate(zip(items, plans))
                    for problem in (plan.problems if plan is not None else [])]
        if problems:
            raise ConvergeError("; ".join(problems))
        return [full for full, dummy in reads], plans

    def _vet(self, items, found, plans, listed):
        """The plans with what the account says of the numbers they add (PoolConverger.vet), for
        the whole declaration at once: each number is read once, each pool at most once.

        A number that the pool of another powerpack holds fails, unless the declaration frees
        it there first: that powerpack is deleted, or its declared pool removes the number."""
        vetted = [pool_model.to_vet(pool_model.current_values(plan.entries), plan.wanted, plan.purge) if plan else []
                  for plan in plans]
        records = self._pools.read_numbers(sorted(set().union(*vetted)))
        plans = [plan._replace(records={number: records[number] for number in numbers}) if plan else None
                 for plan, numbers in zip(plans, vetted)]
        adds = [plan.rented_adds() if plan else {} for plan in plans]
        rented = {number: sender_type for numbers in adds for number, sender_type in numbers.items()}
        if not rented:
            return plans
        holders = self._pools.holders(rented, listed, {plan.pool: plan for plan in plans if plan is not None and plan.pool})
        freed = {(obj["uuid"], number) for item, obj, plan in zip(items, found, plans) if obj is not None
                 for number in (set(rented) if item["state"] == "absent" else set(plan.writes[2]) if plan else ())}
        vetted = []
        for plan, numbers in zip(plans, adds):
            # A pool never blocks its own numbers, nor one that the declaration frees.
            blocking = {number: holders[number] for number in numbers if number in holders}
            blocking = {number: obj for number, obj in blocking.items() if pool_uuid(obj.get("number_pool")) != plan.pool}
            vetted.append(plan._replace(held={number: pool_model.held_message(number, obj, _HELD_REMEDY)
                                              for number, obj in blocking.items() if (obj["uuid"], number) not in freed})
                          if plan else None)
        return vetted

    def _read_one(self, item, current):
        if item["state"] == "absent":
            return current, None
        full = self._full(item, current)
        if item["senders"] is None:
            return full, None
        return full, self._pools.plan(pool_uuid((current or {}).get("number_pool")), item["senders"],
                                      purge=item["purge_senders"], unrent=item["unrent_purged"])

    def _apply(self, item, current, full, plan):
        """``(outcome, pool outcome or None)`` of one item; raises _Failed with what it wrote before an error."""
        try:
            outcome = self._powerpacks.apply(item, full)
        except PlivoApiError as exc:
            raise _Failed(exc) from None
        if plan is None:
            return outcome, None
        try:
            return outcome, self._pools.apply(self._replan(item, current, outcome, plan))
        except PlivoApiError as exc:
            raise _Failed(exc, outcome) from None
        except ConvergeError as exc:
            raise _Failed(exc, outcome, exc.done) from None

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


# What to do about a declared number that another powerpack's pool holds.
_HELD_REMEDY = ("free it there in the same declaration (declare that powerpack with its senders and purge_senders: "
                "true, or state: absent), remove it there first, or leave it out here")


class _Failed(Exception):
    """One item's converge that stopped at ``error`` (a PlivoApiError or ConvergeError),
    with the powerpack and pool outcomes of what it had written before, if anything."""

    def __init__(self, error, outcome=None, pool=None):
        super().__init__(str(error))
        self.error = error
        self.outcome = outcome
        self.pool = pool


def _one_by_one(func, indexes):
    """``workers.Done`` of ``func`` over ``indexes`` in order, stopping at the first error."""
    return Workers(1).run(func, indexes)


def _declared_name(item):
    return item["name"] or item["uuid"]


def _lookup(item, listed, claimed=frozenset()):
    """``(current, named)`` for one item: the listed powerpack it names (by uuid, else by
    name, None when no single one), and the listed powerpacks called its name (None
    when the item has no name). A name-only item never means a powerpack that another
    item renames or deletes by uuid (``claimed``): that name is being freed for it."""
    if item["name"] is None:
        named = None
    else:
        named = [obj for obj in listed if obj.get("name") == item["name"] and (item["uuid"] or obj["uuid"] not in claimed)]
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
    """The account converge's result so far: what happened to each powerpack and pool, in order.

    The diff is a list with one entry per powerpack that changes and one per pool that
    changes, each headed with the powerpack's name and uuid, so that a reader (and
    Ansible's line diff) never mixes the fields of two powerpacks."""

    def __init__(self):
        self.changed = False
        self.diff = []
        self.done = {"created": [], "updated": [], "deleted": [], "unchanged": [], "pools": {}, "results": [],
                     "rented": [], "unrented": []}

    def add(self, declared_name, current, outcome, pool=None):
        name = outcome.state.get("name") or (current or {}).get("name") or declared_name
        uuid = outcome.state.get("uuid") or (current or {}).get("uuid")
        pool_changed = pool is not None and pool.changed
        # A powerpack whose only change is in its pool is updated too, as the task's changed says.
        action = "updated" if outcome.action == "unchanged" and pool_changed else outcome.action
        self.done[action].append(name)
        pool_unrented = list((pool.done if pool is not None else {}).get("unrented", []))
        rented = list((pool.done if pool is not None else {}).get("rented", []))
        # The numbers this powerpack gives up: all of its pool's with a delete and unrent_numbers,
        # or those its pool purge removes with unrent_purged.
        unrented = list(outcome.done["unrented"]) + pool_unrented
        result = {
            "name": name,
            "uuid": uuid,
            "action": action,
            "changed": outcome.changed or pool_changed,
            "powerpack": outcome.state,
            "rented": rented,
            "unrented": unrented,
        }
        # A created powerpack is "new" in a real run as in check mode, which cannot know its uuid: the diffs match.
        # The name is quoted and escaped, so that no name (from the API, for a purge) can end the header line.
        header = "powerpack %s [%s]" % (quoted(name), printable(str((current or {}).get("uuid") or "new")))
        self._add_diff(header, outcome.diff)
        self.changed = self.changed or result["changed"]
        if pool is not None:
            done = {key: value for key, value in pool.done.items() if key not in ("rented", "unrented")}
            result["pool"] = done
            self.done["pools"][name] = dict(done)
            diff = {side: {"senders": changes} for side, changes in (pool.diff or {}).items() if changes}
            if pool_unrented:
                diff.setdefault("before", {})["unrented"] = sorted(pool_unrented)
            if rented:
                diff.setdefault("after", {})["rented"] = sorted(rented)
            self._add_diff(header + " number pool", diff)
        self.done["rented"].extend(rented)
        self.done["unrented"].extend(unrented)
        self.done["results"].append(result)

    def _add_diff(self, header, diff):
        before, after = (diff or {}).get("before") or {}, (diff or {}).get("after") or {}
        if before or after:
            self.diff.append({"before_header": header, "after_header": header, "before": before, "after": after})

    def take(self, declared_name, current, result):
        """Record one item's ``workers.Done``; return its error (None when it succeeded or never started).

        An item that failed part way is recorded with what it wrote before the error."""
        if not result.started:
            return None
        if result.error is None:
            self.add(declared_name, current, *result.value)
            return None
        error = result.error
        if isinstance(error, _Failed):
            if error.outcome is not None:
                self.add(declared_name, current, error.outcome, error.pool)
            error = error.error
        if not isinstance(error, (PlivoApiError, ConvergeError)):
            # A defect, not an API answer: as it would be unthreaded.
            raise error
        return error

    def outcome(self):
        return Outcome(self.changed, self.diff, done=dict(self.done, rented=sorted(self.done["rented"]),
                                                          unrented=sorted(self.done["unrented"])))
