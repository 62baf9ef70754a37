# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a declared account is to the collection: a list of powerpacks, each
optionally with its pool, checked as a whole before any request. Pure, like the
powerpack and pool models it builds on."""

from __future__ import annotations

from . import pool_model
from . import powerpack_model
from .safe_text import printable, quoted
from .wire import normal_number


def validate(items):
    """Problems with the declared powerpacks (powerpack_bulk items), each prefixed by its place in the list."""
    problems = []
    seen = {}
    numbers = {}
    for index, item in enumerate(items):
        where = "powerpacks[%d]" % index
        problems.extend("%s: %s" % (where, problem) for problem in powerpack_model.validate(item) + _pool_problems(item))
        if item["senders"] is not None:
            problems.extend(pool_model.senders_problems(item["senders"], where + ".senders"))
            problems.extend(_numbers_problems(items, index, numbers))
        for key in ("name", "uuid"):
            if item[key] is None:
                continue
            if (key, item[key]) in seen:
                problems.append("%s: %s %r is already declared by powerpacks[%d]; declare each powerpack once"
                                % (where, key, item[key], seen[(key, item[key])]))
            seen.setdefault((key, item[key]), index)
    return problems


def _numbers_problems(items, index, numbers):
    """Problems with numbers that ``items[index]`` declares in its pool and an earlier item
    declared in another: a number serves one pool at a time. ``numbers`` records the first
    declaration of each number, by normal form."""
    problems = []
    for position, sender in enumerate(items[index]["senders"]):
        if sender["number"] is None:
            continue
        number = normal_number(sender["number"])
        first = numbers.setdefault(number, (index, position))
        if first[0] != index:
            problems.append("powerpacks[%d].senders[%d]: number %s is also declared in the pool of powerpacks[%d] (%s), "
                            "and a number serves one pool at a time; declare it in one of them only"
                            % (index, position, number, first[0], _label(items[first[0]])))
    return problems


def _label(item):
    """How a message names a declared powerpack: its name quoted, else its uuid."""
    return quoted(item["name"]) if item["name"] is not None else printable(str(item["uuid"]))


def _pool_problems(item):
    if item["senders"] is None:
        if item["purge_senders"] or item["unrent_purged"]:
            return ["purge_senders and unrent_purged need senders (senders: [] with purge_senders: true empties the pool)"]
        return []
    if item["state"] == "absent":
        return ["senders only apply with state=present; remove them, or set state=present"]
    return pool_model.purge_problems(item)


def purge_problems(items, purge, purge_everything):
    """Problems with powerpack_bulk's purge options: a purge with nothing declared deletes every
    powerpack of the account, so it needs ``purge_everything``, which means nothing else."""
    if purge and not items and not purge_everything:
        return ["purge=true with an empty powerpacks list would delete every powerpack of the account; declare the "
                "powerpacks to keep in powerpacks, or set purge_everything=true if deleting them all is what you mean"]
    if purge_everything and not purge:
        return ["purge_everything only applies with purge=true; remove it, or set purge=true"]
    if purge_everything and items:
        return ["purge_everything=true is only for an empty powerpacks list (delete every powerpack of the account); "
                "powerpacks declares %d, which purge keeps: remove purge_everything" % len(items)]
    return []


def claimed(items, listed):
    """The uuids of listed powerpacks that an item names by uuid and renames or deletes.

    Another item that declares such a powerpack's current name means a new one (the
    name is being freed), not that powerpack."""
    names = {obj["uuid"]: obj.get("name") for obj in listed}
    return {item["uuid"] for item in items if item["uuid"] in names and _frees_name(item, names[item["uuid"]])}


def _frees_name(item, current_name):
    """Whether the item gives up the name its powerpack has now: it deletes or renames it."""
    return item["state"] == "absent" or item["name"] not in (None, current_name)


def _frees_and_takes(item, current, plan):
    """``(frees, takes)``: the names and numbers this item gives up and those it comes to hold.

    A delete gives up its pool's numbers too, which are not read: ``("number", "*")``
    stands for all of them."""
    frees, takes = set(), set()
    if current is not None and _frees_name(item, current.get("name")):
        frees.add(("name", current.get("name")))
        if item["state"] == "absent":
            frees.add(("number", "*"))
    if item["state"] == "present" and item["name"] is not None and (current is None or current.get("name") != item["name"]):
        takes.add(("name", item["name"]))
    if plan is not None:
        have = pool_model.current_values(plan.entries)
        before, after = pool_model.differences(have, plan.wanted, plan.purge)
        add, dummy, remove = pool_model.actions(have, before, after)
        frees.update(("number", number) for number in remove)
        takes.update(("number", number) for number in add)
    return frees, takes


def write_order(items, found, plans):
    """``(independent, ordered)``: the indexes of items whose writes can run in any order,
    in parallel, and those whose writes must run one after another, in this order.

    Order matters between an item that frees a name or a number (a rename, a delete, a
    pool purge) and another that takes it (a create, a rename, a pool add): the one that
    frees goes first. Among those, declared order decides where nothing else does (and
    for a cycle, such as two powerpacks swapping names, which no order can satisfy).
    """
    frees, takes = zip(*[_frees_and_takes(*args) for args in zip(items, found, plans)]) if items else ((), ())
    before = {index: set() for index in range(len(items))}
    for first, freed in enumerate(frees):
        for then, taken in enumerate(takes):
            if first != then and _overlap(freed, taken):
                before[then].add(first)
    linked = {index for index, earlier in before.items() if earlier} | set().union(*before.values())
    ordered, left = [], sorted(linked)
    while left:
        ready = [index for index in left if not before[index] & set(left)]
        step = ready[0] if ready else left[0]
        ordered.append(step)
        left.remove(step)
    return [index for index in range(len(items)) if index not in linked], ordered


def _overlap(freed, taken):
    if freed & taken:
        return True
    return ("number", "*") in freed and any(kind == "number" for kind, dummy in taken)
