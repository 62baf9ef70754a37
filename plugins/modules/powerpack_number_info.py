#!/usr/bin/python
# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: powerpack_number_info
short_description: List the senders in a Plivo Powerpack's number pool
version_added: 1.1.0
description:
  - Returns the long codes, toll-free numbers and short codes of a powerpack's number pool, reading every page.
  - Filters narrow the result by sender type, service and country.
  - A powerpack that does not exist gives empty lists and a null RV(number_pool_uuid); that is not a failure.
  - A O(powerpack_name) that two or more powerpacks carry fails, naming their UUIDs; use O(powerpack_uuid) then.
author:
  - Plivo messaging collection contributors (@plivo-community)
requirements:
  - requests
options:
  type:
    description:
      - Return only these kinds of senders. The other lists come back empty, and their endpoints are not read.
    type: list
    elements: str
    choices: [longcode, tollfree, shortcode]
    default: [longcode, tollfree, shortcode]
  service:
    description:
      - Return only long codes and toll-free numbers that serve this service.
      - Short codes have no service in the pool API, so with O(service) set they are left out.
      - Any letter case is accepted.
    type: str
    choices: [sms, mms]
  country_iso:
    description:
      - Return only senders of this country, a two-letter ISO 3166-1 code such as V(US), in any letter case.
    type: str
extends_documentation_fragment:
  - plivo.messaging.pool
  - plivo.messaging.auth
  - plivo.messaging.attributes
  - plivo.messaging.attributes.info_module
  - plivo.messaging.attributes.actiongroup_plivo
seealso:
  - module: plivo.messaging.powerpack_number
  - module: plivo.messaging.powerpack_pool
"""

EXAMPLES = r"""
- name: Read the whole pool of the alerts powerpack
  plivo.messaging.powerpack_number_info:
    powerpack_name: alerts
  register: alerts_pool

- name: Show its long codes
  ansible.builtin.debug:
    msg: "{{ alerts_pool.numbers | map(attribute='number') | list }}"

- name: Only the Canadian long codes that serve MMS
  plivo.messaging.powerpack_number_info:
    powerpack_name: alerts
    type: [longcode]
    service: mms
    country_iso: CA
  register: canadian_mms
"""

RETURN = r"""
number_pool_uuid:
  description: UUID of the powerpack's number pool; null when the powerpack does not exist.
  returned: always
  type: str
  sample: 4b0e8c1c-7a1f-2d9c-3e11-5ec3b3b69f8e
numbers:
  description:
    - The pool's long codes, as the API returns them (without C(api_id)), in the entry shape of the
      RV(plivo.messaging.powerpack_number#module:sender) that M(plivo.messaging.powerpack_number) returns.
    - C(type) is the kind of sender, V(longcode) here, V(tollfree) in RV(tollfree) and V(shortcode) in RV(shortcodes),
      as O(type) takes it. The kind of number the API reports (its C(type), such as V(fixed), V(mobile) or V(local))
      is C(number_type), absent when the API reports none. Before 1.3.0, C(type) was the API's.
  returned: always
  type: list
  elements: dict
  sample:
    - number: "14155550100"
      country_iso2: US
      type: longcode
      number_type: fixed
      service: sms
      added_on: "2019-10-09T11:24:35.085797Z"
      number_pool_uuid: 4b0e8c1c-7a1f-2d9c-3e11-5ec3b3b69f8e
      account_phone_number_resource: /v1/Account/MAXXXXXXXXXXXXXXXXXX/Number/14155550100/
tollfree:
  description:
    - The pool's toll-free numbers, as the API returns them, in the entry shape of RV(numbers).
    - The number is under C(number) (where the recorded API answers put it) and under C(tollfree) (as in 1.1).
    - C(type) is V(tollfree); C(number_type) is the API's kind of number, V(tollfree), and absent from the answers
      that report none (plivo-python's recorded ones).
  returned: always
  type: list
  elements: dict
  sample:
    - number: "18005550199"
      tollfree: "18005550199"
      type: tollfree
      number_type: tollfree
      service: sms
      country_iso2: US
      added_on: "2019-10-09T11:10:59.741978Z"
      number_pool_uuid: 4b0e8c1c-7a1f-2d9c-3e11-5ec3b3b69f8e
senders:
  description:
    - Every sender returned above as a list of C(number), C(type) and C(service), sorted by type and number,
      in the same form as the RV(plivo.messaging.powerpack_pool#module:senders) that M(plivo.messaging.powerpack_pool) returns.
  returned: always
  type: list
  elements: dict
  version_added: 1.2.0
  sample:
    - {number: "14155550100", type: longcode, service: sms}
    - {number: "18005550199", type: tollfree, service: sms}
    - {number: "444444", type: shortcode, service: null}
shortcodes:
  description:
    - The short codes linked to the pool, as the API returns them; the code is under C(shortcode) and C(number).
    - C(type) is V(shortcode); the API reports no kind of number for short codes, so they have no C(number_type).
  returned: always
  type: list
  elements: dict
  sample:
    - shortcode: "444444"
      number: "444444"
      type: shortcode
      country_iso2: US
      added_on: "2019-10-09T11:10:59.741978Z"
      number_pool_uuid: 4b0e8c1c-7a1f-2d9c-3e11-5ec3b3b69f8e
"""

from ..module_utils import pool_model as model
from ..module_utils.base import PlivoModule
from ..module_utils.pool_converge import find_pool
from ..module_utils.wire import SERVICE_TYPES, entry_number, entry_service

# Result key for each sender type.
RESULT_KEYS = {"longcode": "numbers", "tollfree": "tollfree", "shortcode": "shortcodes"}


class PowerpackNumberInfoModule(PlivoModule):
    name = "powerpack_number_info"

    def _validate(self):
        problems = model.ref_problems(self.params)
        country = self.params["country_iso"]
        if country is not None and not model.COUNTRY_PATTERN.fullmatch(country):
            problems.append("country_iso must be a two-letter ISO 3166-1 country code such as 'US'; got %r" % country[:40])
        return problems

    def run(self):
        pool = find_pool(self.client, self.params["powerpack_uuid"], self.params["powerpack_name"])
        result = {"changed": False, "number_pool_uuid": pool}
        entries = {}
        for sender_type, key in RESULT_KEYS.items():
            wanted = pool is not None and sender_type in self.params["type"]
            # Short codes have no service; a service filter leaves them out.
            wanted = wanted and not (self.params["service"] and sender_type not in SERVICE_TYPES)
            found = list(self._read(pool, sender_type)) if wanted else []
            entries.update((entry_number(obj), (sender_type, obj)) for obj in found)
            result[key] = found
        result["senders"] = model.sender_list(entries)
        return result

    def _read(self, pool, sender_type):
        # Only the long-code list documents filters, so every endpoint's answer is filtered here too.
        country = (self.params["country_iso"] or "").upper()
        service = self.params["service"]
        filters = {}
        if sender_type == "longcode":
            filters = {k: v for k, v in (("country_iso2", country), ("service", service)) if v}
        for obj in self.client.iter_pool(pool, sender_type, filters or None):
            if country and str(obj.get("country_iso2", "")).upper() != country:
                continue
            if not service or entry_service(obj, sender_type) == service:
                yield obj


def main():
    PowerpackNumberInfoModule().main()


if __name__ == "__main__":
    main()
