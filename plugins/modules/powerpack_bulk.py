#!/usr/bin/python
# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: powerpack_bulk
short_description: Converge a whole list of Plivo Powerpacks in one run, optionally purging the rest
version_added: 1.0.0
description:
  - Brings every powerpack in O(powerpacks) to its declared state, exactly as M(plivo.messaging.powerpack) would
    one by one, but in one module run that reads the account once.
  - Reads the list of powerpacks once (all pages), reads in full only the declared powerpacks whose comparison
    needs it (those that manage C(number_priority), which list objects lack), and writes only what differs.
    With nothing to change it sends no write at all.
  - With O(purge=true), also deletes every powerpack in the account that the list does not name.
    An empty O(powerpacks) with O(purge=true) is refused unless O(purge_everything=true) says that deleting every
    powerpack is meant.
  - With O(powerpacks[].senders), also converges that powerpack's number pool as M(plivo.messaging.powerpack_pool) would,
    in the same run. Every declared pool is read before the first write, so a sender no write can fix (a short code the
    pool lacks, a number declared as the wrong type) fails the task before anything changes.
  - The role P(plivo.messaging.powerpacks#role) wraps this module for declaring a whole account in variables.
author:
  - Plivo messaging collection contributors (@plivo-community)
requirements:
  - requests
options:
  powerpacks:
    description:
      - The declared powerpacks. Each item takes the options of M(plivo.messaging.powerpack) (see there for details).
      - Each item needs O(powerpacks[].name) or O(powerpacks[].uuid); a name may be declared only once.
      - Every item is validated before any request is sent.
      - A name that two or more powerpacks of the account carry fails the task before any write, naming their UUIDs;
        declare such a powerpack by O(powerpacks[].uuid).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Name of the powerpack; the powerpack is found by it unless O(powerpacks[].uuid) is given, and created with it if it does not exist.
          - With O(powerpacks[].uuid), the name it should have (a different value renames it). With
            O(powerpacks[].state=absent), both must name the same powerpack, or the task fails before any write.
          - Leading or trailing whitespace is refused, and so are control and format characters, as for
            M(plivo.messaging.powerpack).
        type: str
      uuid:
        description:
          - UUID of an existing powerpack. With O(powerpacks[].state=present) it must exist.
        type: str
      state:
        description:
          - V(present) creates the powerpack or brings it to the given options; V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
      sticky_sender:
        description:
          - Whether Sticky Sender is on. Left out, it is not managed (the API's default on create is V(true)).
        type: bool
      local_connect:
        description:
          - Whether Local Connect is on. Left out, it is not managed (the API's default on create is V(true)).
        type: bool
      application_type:
        description:
          - Type of the application in O(powerpacks[].application_id), in any letter case.
        type: str
        choices: [xml, phlo]
      application_id:
        description:
          - ID of the application to attach, or V(none) to detach any.
        type: str
      number_priority:
        description:
          - The complete list of number priorities, compared as a set keyed by country and service type.
        type: list
        elements: dict
        suboptions:
          country_iso:
            description: Two-letter ISO 3166-1 country code, any letter case.
            type: str
            required: true
          service_type:
            description: V(SMS) or V(MMS), any letter case.
            type: str
            required: true
          priority:
            description: The order of number types; each of V(longcode), V(shortcode), V(tollfree) exactly once.
            type: dict
            required: true
            suboptions:
              priority1:
                description: Number type tried first.
                type: str
                required: true
              priority2:
                description: Number type tried second.
                type: str
                required: true
              priority3:
                description: Number type tried last.
                type: str
                required: true
      unrent_numbers:
        description:
          - With O(powerpacks[].state=absent), also unrent (give up) the long codes and toll-free numbers of its pool.
            This cannot be undone.
          - The pool is read before the delete, so that RV(unrented) and the diff name every number given up.
        type: bool
        default: false
      senders:
        description:
          - The senders of the powerpack's number pool, as M(plivo.messaging.powerpack_pool) takes them.
          - Left out, the pool is not managed. Given, declared senders the pool lacks are added, and declared long codes
            whose service differs are updated.
          - Only with O(powerpacks[].state=present).
        type: list
        elements: dict
        version_added: 1.1.0
        suboptions:
          number:
            description:
              - The number in E.164 form (8 to 15 digits, optional leading C(+)), or a short code of 3 to 8 digits.
            type: str
            required: true
          type:
            description: What kind of sender the number is.
            type: str
            choices: [longcode, tollfree, shortcode]
            default: longcode
          service:
            description: The service of a long code or toll-free number, V(sms) or V(mms), in any letter case. Left out, V(sms). Not for short codes.
            type: str
            choices: [sms, mms]
          rent:
            description: Rent (buy) the number if the account does not rent it yet, then add it. Not for short codes.
            type: bool
            default: false
      purge_senders:
        description:
          - Remove from the pool every sender that O(powerpacks[].senders) does not declare, so the list is the complete pool.
          - B(A purged short code cannot be added back through the API.)
        type: bool
        default: false
        version_added: 1.1.0
      unrent_purged:
        description:
          - With O(powerpacks[].purge_senders=true), also unrent the numbers the purge removes. B(This cannot be undone.)
        type: bool
        default: false
        version_added: 1.1.0
  purge:
    description:
      - Delete every powerpack in the account that O(powerpacks) does not name (by name or UUID).
      - Purged powerpacks keep their numbers rented.
      - A powerpack whose name an item declares is never purged, even when that item names another powerpack by UUID.
      - With an empty O(powerpacks) this would delete every powerpack of the account, so the task fails before any
        request (in check mode too) unless O(purge_everything=true).
      - In check mode, reports what it would delete and deletes nothing.
    type: bool
    default: false
  purge_everything:
    description:
      - Confirms that O(purge=true) with an empty O(powerpacks) is meant to delete B(every) powerpack of the account.
      - Only with O(purge=true) and an empty O(powerpacks); anything else fails before any request.
    type: bool
    default: false
    version_added: 1.2.0
notes:
  - Creates, retries and concurrent runs behave as in M(plivo.messaging.powerpack).
  - If a request fails part-way, the task fails and the result lists what was already done.
  - The account is listed once; the full objects and pools the comparison needs are then read in parallel, and the
    writes of different powerpacks, and of different numbers of one pool, run in parallel too, up to O(workers)
    requests at once and under O(rate_limit). Results and the diff stay in declared order.
  - Writes whose order matters run one after another, whatever the declared order, the one that frees a name or a
    number first; for example a rename before the create that takes the old name, a delete before the create of its
    name, and a pool purge before another pool's add of the number it frees.
  - After a failure no further powerpack is started; those already running finish and are reported with what they wrote.
extends_documentation_fragment:
  - plivo.messaging.auth
  - plivo.messaging.attributes
  - plivo.messaging.attributes.actiongroup_plivo
attributes:
  check_mode:
    support: full
    details:
      - Makes the same reads and predicts every change exactly; sends no write request.
      - Before any write, in check mode as for real, every number an item adds (or switches to V(mms)) is read from the
        account, each once, in parallel under the rate limit. The task fails with no write, naming each item and
        number, when the account does not rent a number and its O(powerpacks[].senders[].rent) is not set, when the
        account's C(number_type) disagrees with the declared type, when the declared service is one the number is not
        enabled for, or when the pool of a powerpack holds a number that another item adds, unless the declaration frees
        it there first (that powerpack declared with senders that leave it out and O(powerpacks[].purge_senders=true),
        or with O(powerpacks[].state=absent)).
      - One number declared in the pools of two items fails before any request.
      - The numbers to rent are in RV(rented), in check mode too.
  diff_mode:
    support: full
    details:
      - One diff per powerpack that changes, headed C(powerpack "NAME" [UUID]), or C(powerpack "NAME" [new]) for one
        created (the name in double quotes, with quotes, backslashes and control characters escaped, so that no name can
        end the header line), with the fields that change; a created powerpack appears only in C(after), a deleted one only in C(before).
      - Pool changes are a diff of their own, headed C(powerpack "NAME" [UUID] number pool), under C(senders), keyed by
        number, as in M(plivo.messaging.powerpack_pool). The numbers it rents are listed under C(rented) in its C(after),
        as the numbers it gives up are under C(unrented) in its C(before).
      - C(number_priority) is shown as declared and as the API holds it, not re-sorted.
      - The numbers a powerpack gives up appear under C(unrented) in the C(before) of its diff
        (O(powerpacks[].unrent_numbers)) or of its pool's (O(powerpacks[].unrent_purged)).
  idempotent:
    support: full
seealso:
  - module: plivo.messaging.powerpack
  - module: plivo.messaging.powerpack_info
"""

EXAMPLES = r"""
- name: Converge the account's powerpacks, deleting any that are not declared
  plivo.messaging.powerpack_bulk:
    purge: true
    powerpacks:
      - name: alerts
        sticky_sender: true
        number_priority:
          - country_iso: US
            service_type: SMS
            priority: {priority1: shortcode, priority2: tollfree, priority3: longcode}
      - name: marketing
        local_connect: false
      - name: old-campaign
        state: absent
  register: converged

- name: Show what changed
  ansible.builtin.debug:
    msg: "created {{ converged.created }}, updated {{ converged.updated }}, deleted {{ converged.deleted }}"
"""

RETURN = r"""
created:
  description: Names of the powerpacks created (in check mode, that would be created).
  returned: always
  type: list
  elements: str
  sample: [alerts]
updated:
  description: Names of the powerpacks updated, their number pool included (one whose only change is in its pool is updated).
  returned: always
  type: list
  elements: str
  sample: [marketing]
deleted:
  description: Names of the powerpacks deleted, declared absent or purged.
  returned: always
  type: list
  elements: str
  sample: [old-campaign]
unchanged:
  description: Names (or UUIDs, for absent ones declared by UUID) of the declared powerpacks left as they were.
  returned: always
  type: list
  elements: str
  sample: []
pools:
  description:
    - For each declared powerpack with O(powerpacks[].senders), by name, the numbers added to its pool, the long codes
      whose service changed, and the senders removed from it (in check mode, that would be).
    - A powerpack whose only change is in its pool is listed in RV(updated).
  returned: always
  type: dict
  version_added: 1.1.0
  sample:
    alerts:
      added: ["14155550100"]
      updated: []
      removed: []
rented:
  description:
    - The numbers (in digits) that the task rented (bought) to add them to pools, sorted; in check mode, those it would
      rent. They are the numbers declared with O(powerpacks[].senders[].rent=true) that the account did not rent.
  returned: always
  type: list
  elements: str
  version_added: 1.3.0
  sample: ["14155550110"]
unrented:
  description:
    - The numbers (long codes and toll-free numbers, in digits) that the task gave up, sorted; in check mode, those it
      would give up.
    - They come from the pools of powerpacks deleted with O(powerpacks[].unrent_numbers=true) and from the pool purges
      with O(powerpacks[].unrent_purged=true). Short codes are never unrented.
  returned: always
  type: list
  elements: str
  version_added: 1.2.0
  sample: ["14155550100", "18005550199"]
results:
  description: One entry per declared powerpack, in order, then one per purged powerpack.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the powerpack (its UUID if it was declared absent by UUID and does not exist).
      type: str
      sample: alerts
    uuid:
      description: UUID of the powerpack; null for one that does not exist, or would be created in check mode.
      type: str
      sample: 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11
    action:
      description: What happened to it.
      type: str
      sample: created
      choices: [created, updated, deleted, unchanged]
    changed:
      description: Whether it changed.
      type: bool
      sample: true
    pool:
      description: The changes to its number pool, as in RV(pools); only for powerpacks with O(powerpacks[].senders).
      type: dict
      returned: when O(powerpacks[].senders) is given
      version_added: 1.1.0
      sample: {added: ["14155550100"], updated: [], removed: []}
    rented:
      description: The numbers this powerpack's pool rented, as in RV(rented).
      type: list
      elements: str
      version_added: 1.3.0
      sample: []
    unrented:
      description: The numbers this powerpack gave up, as in RV(unrented).
      type: list
      elements: str
      version_added: 1.2.0
      sample: []
    powerpack:
      description:
        - The powerpack after the task, as M(plivo.messaging.powerpack) returns it; C({}) when absent.
        - A powerpack that needed no full read is shown as the list returns it, without C(number_priority).
      type: dict
      sample: {}
"""

from ..module_utils import account_model
from ..module_utils.account_converge import AccountConverger
from ..module_utils.base import PlivoModule


class PowerpackBulkModule(PlivoModule):
    name = "powerpack_bulk"

    def _validate(self):
        return account_model.validate(self.params["powerpacks"]) + account_model.purge_problems(
            self.params["powerpacks"], self.params["purge"], self.params["purge_everything"])

    def run(self):
        converger = AccountConverger(self.client, self.module.check_mode)
        return converger.converge(self.params["powerpacks"], purge=self.params["purge"]).report()


def main():
    PowerpackBulkModule().main()


if __name__ == "__main__":
    main()
