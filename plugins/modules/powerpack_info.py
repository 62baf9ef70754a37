#!/usr/bin/python
# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: powerpack_info
short_description: List Plivo Powerpacks, or read them in full
version_added: 1.0.0
description:
  - Without a filter, returns every powerpack in the account, reading all pages of the list.
  - With O(uuid) or O(name), returns that powerpack as a full object, including C(number_priority).
    Should two or more powerpacks carry the name, returns each of them in full.
  - With O(details), returns every powerpack of the account as a full object, read in parallel.
  - Returns an empty list when nothing matches; that is not a failure.
author:
  - Plivo messaging collection contributors (@plivo-community)
requirements:
  - requests
options:
  uuid:
    description:
      - Return only the powerpack with this UUID.
      - Mutually exclusive with O(name).
      - A null is refused, not read as no filter; leave O(uuid) out to list every powerpack.
    type: str
  name:
    description:
      - Return only the powerpacks with this name, each read in full.
      - Names are meant to be unique within an account; if two or more powerpacks carry it, all are returned, so that
        none is hidden. The whole list is read (20 a page) to find them.
      - Leading or trailing whitespace is refused.
      - Mutually exclusive with O(uuid).
      - A null is refused, not read as no filter; leave O(name) out to list every powerpack.
    type: str
  details:
    description:
      - Without O(uuid) and O(name), also read every powerpack in full, so that each object includes
        C(number_priority), as a reporting playbook needs, without a loop of its own.
      - That is one request per powerpack on top of the list pages; the reads run in parallel (up to O(workers))
        under O(rate_limit), so an account of 200 powerpacks takes about 4 seconds at the account's rate limit.
      - With O(uuid) or O(name) the objects are always full, and V(true) changes nothing.
    type: bool
    default: false
    version_added: 1.2.0
extends_documentation_fragment:
  - plivo.messaging.auth
  - plivo.messaging.attributes
  - plivo.messaging.attributes.info_module
  - plivo.messaging.attributes.actiongroup_plivo
seealso:
  - module: plivo.messaging.powerpack
"""

EXAMPLES = r"""
- name: List every powerpack in the account
  plivo.messaging.powerpack_info:
  register: all_powerpacks

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ all_powerpacks.powerpacks | map(attribute='name') | list }}"

- name: Read every powerpack in full, number priorities included, for a report
  plivo.messaging.powerpack_info:
    details: true
  register: report

- name: Show each powerpack's number priorities
  ansible.builtin.debug:
    msg: "{{ report.powerpacks | items2dict(key_name='name', value_name='number_priority') }}"

- name: Read one powerpack in full, number priorities included
  plivo.messaging.powerpack_info:
    name: alerts
  register: alerts

- name: Show its number priorities; an empty list means it does not exist
  ansible.builtin.debug:
    msg: "{{ alerts.powerpacks[0].number_priority if alerts.powerpacks else 'no powerpack named alerts' }}"
"""

RETURN = r"""
powerpacks:
  description:
    - The matching powerpacks, without the API's C(api_id).
    - Without a filter, objects as the list endpoint returns them, which do not include C(number_priority);
      with O(details), full objects.
    - With O(uuid), a list of at most one full object; with O(name), one full object per powerpack of that name.
    - C(sticky_sender) and C(local_connect) are booleans, also when the API writes them as strings.
  returned: always
  type: list
  elements: dict
  contains:
    uuid:
      description: Unique identifier of the powerpack.
      type: str
      sample: 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11
    name:
      description: Name of the powerpack.
      type: str
      sample: alerts
    sticky_sender:
      description: Whether Sticky Sender is on.
      type: bool
      sample: true
    local_connect:
      description: Whether Local Connect is on.
      type: bool
      sample: true
    application_type:
      description: Type of the attached application (C(XML), C(PHLO)), or an empty string.
      type: str
      sample: ""
    application_id:
      description: ID of the attached application, or an empty string.
      type: str
      sample: ""
    number_pool:
      description: API path of the powerpack's number pool.
      type: str
      sample: /v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/4b0e8c1c-7a1f-2d9c-3e11-5ec3b3b69f8e/
    number_priority:
      description: Number priorities, one entry per country and service type.
      returned: when O(uuid) or O(name) is given, or O(details) is true
      type: list
      elements: dict
      sample:
        - country_iso: US
          service_type: SMS
          priority:
            priority1: shortcode
            priority2: tollfree
            priority3: longcode
    created_on:
      description: When the powerpack was created, in UTC.
      type: str
      sample: "2020-10-09T11:10:59.666461Z"
"""

from ..module_utils import powerpack_model as model
from ..module_utils.base import PlivoModule
from ..module_utils.powerpack_converge import find_named


class PowerpackInfoModule(PlivoModule):
    name = "powerpack_info"

    def _validate(self):
        return model.name_problems(self.params["name"]) + model.uuid_problems(self.params["uuid"])

    def run(self):
        if self.params["uuid"]:
            found = [self.client.get_powerpack(self.params["uuid"])]
        elif self.params["name"] is not None:
            # Every powerpack of that name, in full: a second one must not hide behind the first.
            found = self._full(find_named(self.client, self.params["name"]))
        elif self.params["details"]:
            found = self._full(self.client.iter_powerpacks())
        else:
            found = self.client.iter_powerpacks()
        return {"changed": False, "powerpacks": [model.from_api(obj) for obj in found if obj is not None]}

    def _full(self, listed):
        """The full objects of listed powerpacks, read in parallel; one deleted meanwhile is left out."""
        return self.client.workers.map(lambda obj: self.client.get_powerpack(obj["uuid"]), list(listed))


def main():
    PowerpackInfoModule().main()


if __name__ == "__main__":
    main()
