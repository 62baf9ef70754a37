#!/usr/bin/python
# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: powerpack_pool
short_description: Converge the senders of a Plivo Powerpack's number pool in one task
version_added: 1.1.0
description:
  - Brings a powerpack's number pool to the declared list of senders (long codes, toll-free numbers, short codes)
    in one module run. It reads the pool once, across all pages, and writes only what differs.
  - Adds every declared sender the pool lacks, and sets the service of declared long codes whose service differs.
  - With O(purge=true), also removes every sender of the pool that O(senders) does not declare, so the list is
    the complete pool.
  - Short codes cannot be added through the API (Plivo links them to a pool). A declared short code the pool lacks
    fails the task before any write, and says so.
  - To manage a single sender, use M(plivo.messaging.powerpack_number).
author:
  - Plivo messaging collection contributors (@plivo-community)
requirements:
  - requests
options:
  senders:
    description:
      - The declared senders of the pool. Each number may appear once.
      - V([]) with O(purge=true) empties the pool.
    type: list
    elements: dict
    default: []
    suboptions:
      number:
        description:
          - The number in E.164 form, country code first, 8 to 15 digits, with or without a leading C(+).
          - For O(senders[].type=shortcode), the short code, 3 to 8 digits.
        type: str
        required: true
      type:
        description:
          - What kind of sender O(senders[].number) is.
        type: str
        choices: [longcode, tollfree, shortcode]
        default: longcode
      service:
        description:
          - The service a long code serves, V(sms) or V(mms). Left out, V(sms).
          - Only for long codes.
        type: str
        choices: [sms, mms]
      rent:
        description:
          - Rent (buy) the number if the account does not rent it yet, then add it. Renting is billed to the account.
          - Not for short codes.
        type: bool
        default: false
  purge:
    description:
      - Remove from the pool every sender, of every type, that O(senders) does not declare.
      - Removed numbers stay rented by the account unless O(unrent=true).
      - B(A purged short code cannot be added back through the API); only Plivo can link it again.
    type: bool
    default: false
  unrent:
    description:
      - With O(purge=true), also unrent the long codes and toll-free numbers that the purge removes, giving them up.
        B(This cannot be undone); the numbers go back to Plivo's inventory, where anyone may rent them.
    type: bool
    default: false
notes:
  - Reads only the pool endpoints it needs, one page per 20 senders; the types O(senders) declares, or all three with O(purge=true).
    A run that changes nothing sends no write.
  - Adds and updates go first, removals last, so a run that fails part way never leaves the pool emptier than needed.
  - See C(docs/pools.md) in the collection for the pool model and the O(unrent) warning.
extends_documentation_fragment:
  - plivo.messaging.pool
  - plivo.messaging.auth
  - plivo.messaging.attributes
  - plivo.messaging.attributes.actiongroup_plivo
attributes:
  check_mode:
    support: full
    details:
      - Reads the pool and predicts every add, update and removal exactly; sends no write request.
      - When O(powerpack_name) names a powerpack that does not exist yet (an earlier task would create it in check mode),
        predicts the adds to its empty pool.
  diff_mode:
    support: full
    details:
      - Shows the senders that change, keyed by number; a sender only in C(before) is removed, only in C(after) added.
  idempotent:
    support: full
seealso:
  - module: plivo.messaging.powerpack_number
  - module: plivo.messaging.powerpack_number_info
  - module: plivo.messaging.powerpack
"""

EXAMPLES = r"""
- name: Make these the only senders of the alerts powerpack
  plivo.messaging.powerpack_pool:
    powerpack_name: alerts
    senders:
      - number: "+14155550100"
      - number: "14155550101"
        service: mms
      - number: "18005550199"
        type: tollfree
    purge: true
  register: pool

- name: Show what changed
  ansible.builtin.debug:
    msg: "added {{ pool.added }}, updated {{ pool.updated }}, removed {{ pool.removed }}"

- name: Add two numbers, renting them if the account lacks them, and leave the rest of the pool alone
  plivo.messaging.powerpack_pool:
    powerpack_name: alerts
    senders:
      - number: "14155550110"
        rent: true
      - number: "14155550111"
        rent: true
"""

RETURN = r"""
added:
  description: Numbers added to the pool (in check mode, that would be added).
  returned: always
  type: list
  elements: str
  sample: ["14155550100"]
updated:
  description: Long codes whose service changed.
  returned: always
  type: list
  elements: str
  sample: ["14155550101"]
removed:
  description: Numbers and short codes removed from the pool.
  returned: always
  type: list
  elements: str
  sample: []
senders:
  description:
    - Every sender of the pool after the task, of the types the task read, sorted by type and number.
    - In check mode, the predicted senders.
  returned: always
  type: list
  elements: dict
  contains:
    number:
      description: The number or short code, in digits.
      type: str
      sample: "14155550100"
    type:
      description: V(longcode), V(tollfree) or V(shortcode).
      type: str
      sample: longcode
    service:
      description: The service of a long code; null for the other types.
      type: str
      sample: sms
"""

from ..module_utils import pool_model as model
from ..module_utils.api import PlivoApiError
from ..module_utils.base import PlivoModule
from ..module_utils.pool_converge import PoolConverger, locate_pool, read_pool, sender_list


class PowerpackPoolModule(PlivoModule):
    argument_spec = dict(
        model.POWERPACK_REF_OPTIONS,
        senders={"type": "list", "elements": "dict", "default": [], "options": model.SENDER_OPTIONS},
        purge={"type": "bool", "default": False},
        unrent={"type": "bool", "default": False},
    )
    module_kwargs = model.POWERPACK_REF_KWARGS

    def _validate(self):
        problems = model.ref_problems(self.params) + model.senders_problems(self.params["senders"], "senders")
        if self.params["unrent"] and not self.params["purge"]:
            problems.append("unrent only applies to the numbers purge removes; remove it, or set purge=true")
        return problems

    def run(self):
        senders, wanted = model.declared(self.params["senders"])
        pool_uuid, problem = locate_pool(self.client, self.params, self.module.check_mode, must_exist=True)
        if problem:
            self.module.fail_json(msg=problem)
        entries = {}
        if pool_uuid is not None:
            entries = read_pool(self.client, pool_uuid, model.types_to_read(wanted, self.params["purge"]))
        problems = model.conflicts(model.current_values(entries), wanted)
        if problems:
            self.module.fail_json(msg="; ".join(problems))
        converger = PoolConverger(self.client, self.module.check_mode, pool_uuid)
        try:
            outcome = converger.converge(entries, wanted, senders, purge=self.params["purge"], unrent=self.params["unrent"])
        except PlivoApiError:
            # The failure must not hide what was already written.
            self.result.update(changed=any(converger.done.values()), **converger.done)
            raise
        self.result.update(
            changed=outcome.changed,
            added=outcome.added,
            updated=outcome.updated,
            removed=outcome.removed,
            senders=sender_list(outcome.entries),
            diff=outcome.diff,
        )


def main():
    PowerpackPoolModule().main()


if __name__ == "__main__":
    main()
