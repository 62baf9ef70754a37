#!/usr/bin/python
# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: powerpack_number
short_description: Add, update and remove one sender in a Plivo Powerpack's number pool
version_added: 1.1.0
description:
  - Manages one sender of a powerpack's number pool, a long code, a toll-free number or a short code.
  - V(present) adds the number to the pool, or sets the service of a long code or toll-free number already in it.
    V(absent) removes it from the pool, and with O(unrent=true) also gives it up.
  - Short codes cannot be added through the API (Plivo links them to a pool);
    O(state=present) for a short code the pool lacks fails and says so, O(state=absent) unlinks it.
  - A number serves one pool at a time. Adding a number that serves another powerpack's pool fails;
    remove it from that pool first.
  - To declare the complete set of senders of a pool in one task, use M(plivo.messaging.powerpack_pool).
author:
  - Plivo messaging collection contributors (@plivo-community)
requirements:
  - requests
options:
  number:
    description:
      - The number in E.164 form, country code first, 8 to 15 digits, with or without a leading C(+), for example V(14155550100).
      - For O(type=shortcode), the short code, 3 to 8 digits, for example V(444444).
    type: str
    required: true
  type:
    description:
      - What kind of sender O(number) is. Each kind has its own endpoint in the pool API.
    type: str
    choices: [longcode, tollfree, shortcode]
    default: longcode
  service:
    description:
      - The service a long code or toll-free number serves in the pool, V(sms) or V(mms).
      - Left out, the number serves V(sms).
      - Not for short codes, which have no service in the pool API.
      - Any letter case is accepted.
    type: str
    choices: [sms, mms]
  state:
    description:
      - V(present) makes the number serve the pool; V(absent) removes it from the pool.
    type: str
    choices: [present, absent]
    default: present
  rent:
    description:
      - With O(state=present), rent (buy) the number if the account does not rent it yet, and add it.
      - Renting a number is billed to the account. Without it, adding a number the account does not rent fails.
      - Not for short codes.
    type: bool
    default: false
  unrent:
    description:
      - With O(state=absent), also unrent the number, giving it up. B(This cannot be undone);
        the number goes back to Plivo's inventory, where anyone may rent it.
      - Not for short codes, which a removal only unlinks from the pool.
    type: bool
    default: false
notes:
  - The task reads only this number's pool entry; a second run with the same arguments sends no write.
  - A number already in the pool whose O(service) differs is updated in place with one request (a second add with the
    new service; no SDK documents another way, see R(the pools guide,ansible_collections.plivo.messaging.docsite.guide_pools)).
  - The pool entry is read by the number, asking for the declared service first and then the other one, so it is found
    whether the API's single-number read finds only the service asked for or any.
  - An add lost to a network failure is checked against the pool before it fails, so it is never reported as failed when it landed.
  - See R(the pools guide,ansible_collections.plivo.messaging.docsite.guide_pools) for the pool model and the O(unrent) warning.
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
      - Reads the pool entry and predicts the change exactly; sends no write request.
      - Before any write, in check mode as for real, the number is read from the account (C(GET Account/{auth_id}/Number/{number}/))
        when it is to be added or switched to V(mms); the task fails with no write when the account does not rent it
        and O(rent) is not set, when the account's C(number_type) disagrees with O(type) (a toll-free number declared
        as a long code, or the reverse), when O(service) asks for a service the number is not enabled for
        (C(mms_enabled)/C(sms_enabled) false), or when the pool of another powerpack holds it (the account's powerpacks
        are listed and their pools read for that).
      - A number to rent (O(rent=true), not rented by the account yet) is in RV(rented), in check mode too.
      - When O(powerpack_name) names a powerpack that does not exist yet (an earlier task would create it in check mode),
        predicts the add to its empty pool.
  diff_mode:
    support: full
    details:
      - Shows the sender keyed by its number; an add has an empty C(before), a removal an empty C(after).
      - A removal with O(unrent=true) also returns the number in RV(unrented), and sets C(unrented) to V(true) in its C(before) entry.
      - An add that rents the number sets C(rented) to V(true) in its C(after) entry, and returns it in RV(rented).
  idempotent:
    support: full
seealso:
  - module: plivo.messaging.powerpack_pool
  - module: plivo.messaging.powerpack_number_info
  - module: plivo.messaging.powerpack
  - name: Plivo Powerpack API
    description: Plivo's reference for the API this module uses.
    link: https://www.plivo.com/docs/messaging/api/powerpack
"""

EXAMPLES = r"""
- name: Add a long code the account rents to the alerts powerpack, for SMS
  plivo.messaging.powerpack_number:
    powerpack_name: alerts
    number: "+14155550100"

- name: Serve MMS with it instead
  plivo.messaging.powerpack_number:
    powerpack_name: alerts
    number: "14155550100"
    service: mms

- name: Rent a toll-free number and add it
  plivo.messaging.powerpack_number:
    powerpack_name: alerts
    number: "18005550199"
    type: tollfree
    rent: true

- name: Remove the long code from the pool; the account keeps renting it
  plivo.messaging.powerpack_number:
    powerpack_name: alerts
    number: "14155550100"
    state: absent

- name: Remove the toll-free number and give it up for good
  plivo.messaging.powerpack_number:
    powerpack_name: alerts
    number: "18005550199"
    type: tollfree
    state: absent
    unrent: true
"""

RETURN = r"""
sender:
  description:
    - The pool entry as it stands after the task, as the API returns it (without C(api_id)), in one shape whichever
      form the API answered in.
    - An empty dict when the number is not in the pool.
    - In check mode, the predicted entry.
    - Every entry carries C(number), C(type) and C(number_pool_uuid); toll-free numbers also C(tollfree) and short codes
      C(shortcode), with the same value as C(number); long codes and toll-free numbers carry C(service).
    - C(type) is the kind of sender, as O(type) takes it; the kind of number the API reports is C(number_type).
  returned: always
  type: dict
  contains:
    number:
      description: The number or short code, in digits (every entry; the recorded API answers put toll-free numbers here too).
      type: str
      sample: "14155550100"
    tollfree:
      description: The toll-free number, in digits (toll-free numbers only; the same as C(number), kept for 1.1 playbooks).
      type: str
      sample: "18005550199"
    shortcode:
      description: The short code (short codes only).
      type: str
      sample: "444444"
    service:
      description: The service of a long code or toll-free number, V(sms) or V(mms) (V(sms) when the API leaves it out).
      type: str
      sample: sms
    type:
      description:
        - The kind of sender, V(longcode), V(tollfree) or V(shortcode), as O(type) takes it (every entry).
        - Before 1.3.0 this was the kind of number the API reports (such as V(fixed)), which is now RV(sender.number_type).
      type: str
      choices: [longcode, tollfree, shortcode]
      sample: longcode
    number_type:
      description:
        - The kind of number as the API reports it (its C(type)), such as V(fixed), V(mobile), V(local) or V(tollfree).
        - Absent when the API reports none; it never does for short codes, nor for toll-free numbers in some of its
          answers (plivo-python's recorded ones). Absent too from the entry check mode predicts for an add.
      returned: when the API reports the kind of number
      type: str
      version_added: 1.3.0
      sample: fixed
    country_iso2:
      description: Country of the number, ISO 3166-1 alpha-2.
      type: str
      sample: US
    number_pool_uuid:
      description: UUID of the number pool.
      type: str
      sample: 4b0e8c1c-7a1f-2d9c-3e11-5ec3b3b69f8e
    added_on:
      description: When the number joined the pool, in UTC.
      type: str
      sample: "2019-10-09T11:24:35.085797Z"
    account_phone_number_resource:
      description: API path of the account's number (long codes, and toll-free numbers where the API sends it).
      type: str
      sample: /v1/Account/MAXXXXXXXXXXXXXXXXXX/Number/14155550100/
rented:
  description:
    - The number, in digits, when the task rented (bought) it to add it, with O(rent=true) for a number the account did not
      rent; in check mode, when it would. Empty otherwise, also with O(rent=true) for a number the account rents already.
    - Renting a number is billed to the account every month.
  returned: always
  type: list
  elements: str
  version_added: 1.3.0
  sample: ["14155550100"]
unrented:
  description:
    - The number, in digits, when the task removed it with O(unrent=true) and so gave it up; in check mode, when it
      would. Empty otherwise.
  returned: always
  type: list
  elements: str
  version_added: 1.2.0
  sample: ["18005550199"]
"""

from ..module_utils import pool_model as model
from ..module_utils.base import PlivoModule
from ..module_utils.pool_converge import PoolConverger
from ..module_utils.wire import normal_number


class PowerpackNumberModule(PlivoModule):
    name = "powerpack_number"

    def _validate(self):
        problems = model.ref_problems(self.params) + model.sender_problems(self.params)
        if self.params["unrent"]:
            if self.params["state"] == "present":
                problems.append("unrent only applies with state=absent; remove it, or set state=absent to remove the number")
            if self.params["type"] == "shortcode":
                problems.append("unrent does not apply to short codes: removing a short code only unlinks it; remove unrent")
        if self.params["rent"] and self.params["state"] == "absent":
            problems.append("rent only applies with state=present; remove it")
        return problems

    def run(self):
        present = self.params["state"] == "present"
        outcome = PoolConverger(self.client, self.module.check_mode).converge(
            self.params, senders=[self.params] if present else [], absent=[] if present else [self.params],
            unrent=self.params["unrent"], read_one=True, must_exist=present)
        number = normal_number(self.params["number"])
        return outcome.report(sender=outcome.state.get(number, (None, {}))[1])


def main():
    PowerpackNumberModule().main()


if __name__ == "__main__":
    main()
