# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a declared account is to the collection: a list of powerpacks, each
optionally with its pool, checked as a whole before any request. Pure, like the
powerpack and pool models it builds on."""

from __future__ import annotations

from . import pool_model
from . import powerpack_model


def validate(items):
    """Problems with the declared powerpacks (powerpack_bulk items), each prefixed by its place in the list."""
    problems = []
    seen = {}
    for index, item in enumerate(items):
        where = "powerpacks[%d]" % index
        problems.extend("%s: %s" % (where, problem) for problem in powerpack_model.validate(item) + _pool_problems(item))
        if item["senders"] is not None:
            problems.extend(pool_model.senders_problems(item["senders"], where + ".senders"))
        for key in ("name", "uuid"):
            if item[key] is None:
                continue
            if (key, item[key]) in seen:
                problems.append("%s: %s %r is already declared by powerpacks[%d]; declare each powerpack once"
                                % (where, key, item[key], seen[(key, item[key])]))
            seen.setdefault((key, item[key]), index)
    return problems


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
