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
  - Adds every declared sender the pool lacks, and sets the service of declared long codes and toll-free numbers whose
    service differs.
  - With O(purge_senders=true), also removes every sender of the pool that O(senders) does not declare, so the list is
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
      - V([]) with O(purge_senders=true) empties the pool.
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
          - The service a long code or toll-free number serves, V(sms) or V(mms). Left out, V(sms).
          - Not for short codes. Any letter case is accepted.
        type: str
        choices: [sms, mms]
      rent:
        description:
          - Rent (buy) the number if the account does not rent it yet, then add it. Renting is billed to the account.
          - Not for short codes.
        type: bool
        default: false
  purge_senders:
    description:
      - Remove from the pool every sender, of every type, that O(senders) does not declare.
      - Removed numbers stay rented by the account unless O(unrent_purged=true).
      - B(A purged short code cannot be added back through the API); only Plivo can link it again.
      - Named as in the items of M(plivo.messaging.powerpack_bulk) since 1.2.0. The alias O(purge), its name before,
        is deprecated and will be removed in 2.0.0.
    type: bool
    default: false
    aliases: [purge]
  unrent_purged:
    description:
      - With O(purge_senders=true), also unrent the long codes and toll-free numbers that the purge removes, giving them up.
        B(This cannot be undone); the numbers go back to Plivo's inventory, where anyone may rent them.
      - Called O(unrent) before 1.2.0; that alias is deprecated and will be removed in 2.0.0.
    type: bool
    default: false
    aliases: [unrent]
notes:
  - Reads only the pool endpoints it needs, one page per 20 senders; the types O(senders) declares, or all three with O(purge_senders=true).
    A run that changes nothing sends no write.
  - Adds and updates go first, removals last, so a run that fails part way never leaves the pool emptier than needed.
  - See R(the pools guide,ansible_collections.plivo.messaging.docsite.guide_pools) for the pool model and the O(unrent_purged) warning.
  - With O(powerpack_name), the whole list of powerpacks is read; a name that two or more powerpacks carry fails the
    task before any write, naming their UUIDs (use O(powerpack_uuid) then). A name with leading or trailing whitespace
    is refused before any request.
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
      - Before any write, in check mode as for real, each number is read from the account (C(GET Account/{auth_id}/Number/{number}/))
        when it is to be added or switched to V(mms); the task fails with no write when the account does not rent it
        and its O(senders[].rent) is not set, when the account's C(number_type) disagrees with its O(senders[].type) (a toll-free number declared
        as a long code, or the reverse), when its O(senders[].service) asks for a service the number is not enabled for
        (C(mms_enabled)/C(sms_enabled) false), or when the pool of another powerpack holds it; every problem of every number is named (the account's powerpacks
        are listed and their pools read for that).
      - The numbers to rent (O(senders[].rent=true), not rented by the account yet) are in RV(rented), in check mode too.
      - When O(powerpack_name) names a powerpack that does not exist yet (an earlier task would create it in check mode),
        predicts the adds to its empty pool.
  diff_mode:
    support: full
    details:
      - Shows the senders that change, keyed by number; a sender only in C(before) is removed, only in C(after) added.
      - The removed numbers that O(unrent_purged=true) gives up are also returned in RV(unrented), with C(unrented)
        set to V(true) in their C(before) entries.
      - Each number rented to be added has C(rented) set to V(true) in its C(after) entry, and is returned in RV(rented).
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
    purge_senders: true
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
  description: Long codes and toll-free numbers whose service changed.
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
rented:
  description:
    - The numbers of RV(added) that the task rented (bought) to add them, with O(senders[].rent=true) for numbers the
      account did not rent; in check mode, those it would rent. Empty otherwise. Renting is billed every month.
  returned: always
  type: list
  elements: str
  version_added: 1.3.0
  sample: ["14155550110"]
unrented:
  description:
    - The numbers of RV(removed) that the task also gave up with O(unrent_purged=true) (long codes and toll-free
      numbers; short codes are only unlinked); in check mode, those it would give up. Empty otherwise.
  returned: always
  type: list
  elements: str
  version_added: 1.2.0
  sample: ["14155550102"]
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
      description:
        - The kind of sender, V(longcode), V(tollfree) or V(shortcode), as O(senders[].type) takes it.
        - The kind of number the API reports (such as V(fixed) or V(mobile)) is not in this list; it is the
          C(number_type) of the entries M(plivo.messaging.powerpack_number_info) returns.
      type: str
      choices: [longcode, tollfree, shortcode]
      sample: longcode
    service:
      description: The service of a long code or toll-free number; null for short codes.
      type: str
      sample: sms
"""

from ..module_utils import pool_model as model
from ..module_utils.base import PlivoModule
from ..module_utils.pool_converge import PoolConverger


class PowerpackPoolModule(PlivoModule):
    name = "powerpack_pool"

    def _validate(self):
        purge_names = self.given_names("purge_senders", "unrent_purged")
        problems = model.ref_problems(self.params) + model.senders_problems(self.params["senders"], "senders")
        return problems + model.purge_problems(self.params, *purge_names)

    def run(self):
        outcome = PoolConverger(self.client, self.module.check_mode).converge(
            self.params, self.params["senders"], purge=self.params["purge_senders"], unrent=self.params["unrent_purged"])
        return outcome.report(senders=model.sender_list(outcome.state))


def main():
    PowerpackPoolModule().main()


if __name__ == "__main__":
    main()
