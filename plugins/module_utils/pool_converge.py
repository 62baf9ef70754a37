# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bringing a powerpack's number pool to its declared senders: locate the pool,
read it (all of it, or one sender), check for what no write can fix, then apply.
powerpack_number, powerpack_pool and the account converger all go through it, so
that they change, predict and diff the same way."""

from __future__ import annotations

from collections import namedtuple
from types import MappingProxyType

from . import pool_model as model
from .api import PlivoApiError
from .outcome import ConvergeError, Outcome
from .safe_text import printable
from .powerpack_converge import duplicate_name_message, find_named
from .wire import DEFAULT_SERVICE, SERVICE_TYPES, entry_number, normal_entry, normal_number, pool_uuid


def find_pool(client, powerpack_uuid=None, powerpack_name=None, listed=None):
    """The uuid of a powerpack's number pool, or None if there is no such powerpack.

    List objects carry ``number_pool``, so finding a pool by name needs no full read
    (of ``listed``, the account's powerpacks, when the caller has read them); a name
    that two or more powerpacks carry fails, naming them all.
    """
    if powerpack_uuid:
        powerpack = client.get_powerpack(powerpack_uuid)
    else:
        named = find_named(client, powerpack_name, listed)
        if len(named) > 1:
            raise ConvergeError(duplicate_name_message(powerpack_name, named, use="powerpack_uuid"))
        powerpack = named[0] if named else None
    if powerpack is None:
        return None
    found = pool_uuid(powerpack.get("number_pool"))
    if found is None:
        raise ConvergeError("powerpack %s has no number pool path (number_pool: %r)"
                            % (printable(str(powerpack.get("uuid"))), powerpack.get("number_pool")))
    return found


# The records and held of a plan that vet has not seen: nothing read, nothing held (read-only, as they are shared).
_NOTHING = MappingProxyType({})


class PoolPlan(namedtuple("PoolPlan", "pool entries wanted declared purge unrent records held types",
                          defaults=(_NOTHING, _NOTHING, frozenset()))):
    """What a pool converge starts from: the pool (None while its powerpack is yet to
    be created in check mode), its senders as read (``{number: (sender_type, entry)}``,
    every one of the sender ``types`` read in full),
    the wanted normal forms (``{number: form, or None for absent}``), the declared
    options by number (for ``rent``), the purge options, the account's records of the
    numbers it adds (``{number: record, or None when the account does not rent it}``,
    see ``PoolConverger.vet``) and the failures for numbers another pool holds
    (``{number: message}``)."""

    __slots__ = ()

    @property
    def writes(self):
        """``(add, update, remove)``: the numbers the converge adds, updates and removes."""
        current = model.current_values(self.entries)
        return model.actions(current, *model.differences(current, self.wanted, self.purge))

    @property
    def problems(self):
        """What no write can fix, as messages."""
        problems = model.conflicts(model.current_values(self.entries), self.wanted)
        add = self.writes[0]
        for number in sorted(self.records):
            problems.extend(self.account_problems(number, add))
        return problems + [self.held[number] for number in sorted(self.held)]

    def account_problems(self, number, add):
        """What the account's record of ``number`` says against it (``add``: the numbers the converge adds)."""
        return model.account_problems(number, self.wanted[number], self.declared.get(number, {}).get("rent"),
                                      self.records[number], adding=number in add)

    def rented_adds(self):
        """``{number: sender_type}``: the numbers to add that the account rents, with nothing against them,
        by the type the account gives them. Only these can be in another pool of the account."""
        add = self.writes[0]
        return {number: model.account_type(record, self.wanted[number]["type"]) for number, record in self.records.items()
                if record is not None and number in add and not self.account_problems(number, add)}

    def buys(self, number):
        """Whether adding ``number`` rents it: its declaration says ``rent`` and the account does
        not rent it (as far as the records tell: a number never read is rented as declared)."""
        return bool(self.declared.get(number, {}).get("rent")) and self.records.get(number) is None

    def on(self, pool):
        """This plan for the pool of a powerpack created just now, which starts empty."""
        return self._replace(pool=pool, entries={})


class PoolConverger:
    """Adds, updates and removes the senders of number pools. In check mode it
    sends no write and predicts the outcome from the same comparison."""

    def __init__(self, client, check_mode):
        self._client = client
        self._check_mode = check_mode

    def converge(self, ref, senders=(), absent=(), purge=False, unrent=False, read_one=False, must_exist=True):
        """Locate, plan and apply in one go, for the pool modules.

        ``ref`` holds ``powerpack_uuid`` or ``powerpack_name``. ``senders`` are
        declared present, ``absent`` must not be in the pool. With ``read_one`` only
        the one declared sender is read, not the whole pool.
        """
        # A lookup by name lists the account, and what vet needs of it is in that list.
        listed = None if ref["powerpack_uuid"] else list(self._client.iter_powerpacks())
        pool = self.locate(ref["powerpack_uuid"], ref["powerpack_name"], must_exist, listed)
        plan = self.plan(pool, senders, absent, purge=purge, unrent=unrent, read_one=read_one)
        plan = self.vet(plan, listed)
        if plan.problems:
            raise ConvergeError("; ".join(plan.problems))
        return self.apply(plan)

    def locate(self, powerpack_uuid, powerpack_name, must_exist, listed=None):
        """The pool uuid of the named powerpack; None when it does not exist.

        A missing powerpack is an error when the pool ``must_exist``, except in check
        mode for a name: an earlier task of the same check run would create it, with an
        empty pool. A uuid can never be created, so it must exist in check mode too.
        """
        found = find_pool(self._client, powerpack_uuid, powerpack_name, listed)
        if found is not None or not must_exist:
            return found
        if powerpack_uuid:
            raise ConvergeError("no powerpack with uuid %r exists in this account" % powerpack_uuid)
        if self._check_mode:
            return None
        raise ConvergeError("no powerpack named %r exists in this account; create it first (plivo.messaging.powerpack) "
                            "before managing its number pool" % powerpack_name)

    def plan(self, pool, senders, absent=(), *, purge, unrent, read_one=False, read_all=False):
        """Read what the converge needs to know of ``pool`` and compare it with the declaration.

        Reads the types ``senders`` declare (all with ``purge`` or ``read_all``), or
        with ``read_one`` the entry of the single declared sender only.
        """
        declared, wanted = model.declared(senders)
        wanted.update((normal_number(sender["number"]), None) for sender in absent)
        entries = {}
        types = frozenset()
        if pool is not None and read_one:
            (sender,) = list(senders) + list(absent)
            number = normal_number(sender["number"])
            found = self.read_one(pool, sender["type"], number, (wanted[number] or {}).get("service"))
            if found is not None:
                entries[number] = (sender["type"], found)
        elif pool is not None:
            types = frozenset(model.SENDER_TYPES) if read_all else frozenset(model.types_to_read(wanted, purge))
            entries = self.read(pool, types)
        return PoolPlan(pool, entries, wanted, declared, purge, unrent, types=types)

    def vet(self, plan, listed=None, others=None):
        """``plan`` with what the account says of the numbers it would add, read before any write:
        each one's record (``records``), and the failures for those that another powerpack's
        pool holds (``held``).

        ``listed`` are the account's powerpacks (list objects; read here when needed), and
        ``others`` the failure's remedy. Nothing is read when nothing is added.
        """
        records = self.read_numbers(model.to_vet(model.current_values(plan.entries), plan.wanted, plan.purge))
        plan = plan._replace(records=records)
        rented = plan.rented_adds()
        if not rented:
            return plan
        if listed is None:
            listed = list(self._client.iter_powerpacks())
        holders = self.holders(rented, [obj for obj in listed if pool_uuid(obj.get("number_pool")) != plan.pool])
        remedy = others or ("remove it from that pool first (plivo.messaging.powerpack_number with state: absent), "
                            "or leave it out here")
        return plan._replace(held={number: model.held_message(number, obj, remedy) for number, obj in holders.items()})

    def read_numbers(self, numbers):
        """``{number: the account's record of it, or None when the account does not rent it}``, read in parallel."""
        return dict(zip(numbers, self._client.workers.map(self._client.get_account_number, numbers)))

    def holders(self, numbers, powerpacks, known=None):
        """``{number: powerpack}`` for each of ``numbers`` (``{number: sender_type}``) that the pool
        of one of ``powerpacks`` (list objects) holds.

        Each pool is read for the types asked only, all of them in parallel, except what a plan
        has read already (``known``: plans by pool uuid)."""
        known = known or {}
        contents, reads = [], []
        for obj in powerpacks:
            pool = pool_uuid(obj.get("number_pool"))
            plan = known.get(pool)
            if plan is not None:
                contents.append((obj, {number: sender_type for number, (sender_type, dummy) in plan.entries.items()}))
            reads.extend((obj, sender_type) for sender_type in sorted(set(numbers.values()))
                         if pool and (plan is None or sender_type not in plan.types))
        found = self._client.workers.map(lambda read: [entry_number(entry) for entry in self._client.iter_pool(
            pool_uuid(read[0]["number_pool"]), read[1])], reads)
        contents.extend((obj, dict.fromkeys(pool_numbers, sender_type)) for (obj, sender_type), pool_numbers in zip(reads, found))
        held = {}
        for obj, pool_numbers in contents:
            for number, sender_type in pool_numbers.items():
                if numbers.get(number) == sender_type:
                    held.setdefault(number, obj)
        return held

    def read_one(self, pool, sender_type, number, service=None):
        """The pool's entry for one sender, or None, under every reading of the single-number GET.

        The GET asks for the declared service (sms when none is declared); a number that
        serves the other one is then found by asking for that, since one reading of the
        API (plivo-go's) finds only the service asked for, and another (plivo-php's) any.
        """
        if sender_type not in SERVICE_TYPES:
            return self._client.get_pool_sender(pool, sender_type, number)
        first = service or DEFAULT_SERVICE
        for asked in (first, "mms" if first == "sms" else "sms"):
            found = self._client.get_pool_sender(pool, sender_type, number, asked)
            if found is not None:
                return found
        return None

    def read(self, pool, sender_types):
        """``{number: (sender_type, entry)}`` for every sender of these types in the pool, across all pages.

        Each type is its own endpoint, so the types are read in parallel."""
        types = [sender_type for sender_type in model.SENDER_TYPES if sender_type in sender_types]
        lists = self._client.workers.map(lambda sender_type: list(self._client.iter_pool(pool, sender_type)), types)
        return {entry_number(obj): (sender_type, obj) for sender_type, objs in zip(types, lists) for obj in objs}

    def apply(self, plan):
        """Write what differs; adds and updates first, removals last, so a run that
        fails part way never leaves the pool emptier than needed. Each number is its
        own request, so the writes of each step run in parallel. ``state`` of the
        outcome is the pool's entries after the task, as far as the plan read them."""
        current = model.current_values(plan.entries)
        before, after = model.differences(current, plan.wanted, plan.purge)
        add, update, remove = model.actions(current, before, after)
        entries = dict(plan.entries)
        # rented: the added numbers bought with them; unrented: the removed numbers given up with
        # them (never short codes, which are only unlinked).
        done = {"added": [], "updated": [], "removed": [], "rented": [], "unrented": []}

        def put(number):
            rent = number in add and plan.buys(number)
            return self._add(plan.pool, number, plan.wanted[number], rent, plan.entries.get(number))

        def take(number):
            return self._remove(plan.pool, number, plan.entries[number][0], plan.unrent)

        puts = add + update
        error = None
        for number, result in zip(puts, self._client.workers.run(put, puts)):
            if result.started and result.error is None:
                entries[number] = (plan.wanted[number]["type"], result.value)
                done["updated" if number in current else "added"].append(number)
                if number in add and plan.buys(number):
                    done["rented"].append(number)
            error = error or result.error
        if error is None:
            for number, result in zip(remove, self._client.workers.run(take, remove)):
                error = error or result.error
                if result.value:
                    done["removed"].append(number)
                    if plan.unrent and plan.entries[number][0] != "shortcode":
                        done["unrented"].append(number)
                else:
                    # Someone else removed it since the pool was read: nothing changed here. (A removal
                    # that failed or never started lands here too; the error then reports only ``done``.)
                    del before[number]
                del entries[number]
        if error is not None:
            if not isinstance(error, PlivoApiError):
                raise error
            raise ConvergeError.after(error, Outcome(any(done.values()), done=done))
        return Outcome(any(done.values()), _marked(before, after, done), entries, done)

    def _add(self, pool, number, value, rent, existing):
        service = value.get("service")
        if self._check_mode:
            entry = dict(existing[1]) if existing else {}
            entry["number"] = number
            if service is not None:
                entry["service"] = service
            if pool:
                entry["number_pool_uuid"] = pool
            # An entry read from the pool is in normal_entry's shape already (its type the sender's
            # kind, the API's in number_type): normalising it again would take the one for the other.
            return entry if existing else normal_entry(entry, value["type"])
        return self._client.add_pool_sender(pool, value["type"], number, service=service, rent=bool(rent))

    def _remove(self, pool, number, sender_type, unrent):
        if self._check_mode:
            return True
        # The client sends no unrent for a short code, which is only unlinked.
        return self._client.remove_pool_sender(pool, sender_type, number, unrent=unrent)


def _marked(before, after, done):
    """The diff, with each number bought marked ``rented: true`` in ``after`` and each number
    given up marked ``unrented: true`` in ``before``: both cost or lose money for good."""
    before = {number: dict(value, unrented=True) if number in done["unrented"] else value for number, value in before.items()}
    after = {number: dict(value, rented=True) if number in done["rented"] else value for number, value in after.items()}
    return {"before": before, "after": after}
