#!/usr/bin/python
# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: powerpack
short_description: Create, update and delete Plivo Powerpacks
version_added: 1.0.0
description:
  - Create, update, rename and delete a Plivo Powerpack, a messaging number pool with Sticky Sender and Local Connect.
  - The powerpack is found by O(uuid) when given, otherwise by O(name).
  - Only the options you set are managed; an option left out keeps its current value, and on create the API's default applies.
  - A second run with the same arguments changes nothing and sends no write request.
author:
  - Plivo messaging collection contributors (@plivo-community)
requirements:
  - requests
options:
  name:
    description:
      - Name of the powerpack. Names are unique within an account.
      - Without O(uuid), the powerpack is looked up by this name, and created with it if it does not exist.
      - With O(uuid), this is the name the powerpack should have, so a different value renames it.
        With O(state=absent), O(uuid) and O(name) must name the same powerpack; if the UUID's powerpack has another
        name, or the name belongs to another powerpack, the task fails before any write, naming both.
      - If two or more powerpacks carry this name, the task fails before any write, naming their UUIDs; give O(uuid) instead.
      - Leading or trailing whitespace, and control or format characters, are refused before any request (see the notes).
      - One of O(name) and O(uuid) is required.
    type: str
  uuid:
    description:
      - UUID of an existing powerpack.
      - With O(state=present) it must exist; the API gives every powerpack its UUID, so one cannot be created with a chosen UUID.
      - With O(state=absent), an unknown UUID means there is nothing to delete.
    type: str
  state:
    description:
      - V(present) creates the powerpack or brings it to the given options.
      - V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  sticky_sender:
    description:
      - Whether Sticky Sender is on, so a destination number always receives messages from the same source number.
      - The API's default on create is V(true).
    type: bool
  local_connect:
    description:
      - Whether Local Connect is on, preferring numbers local to the destination (area code and state).
      - The API's default on create is V(true).
    type: bool
  application_type:
    description:
      - Type of the application in O(application_id). Required when O(application_id) is an application.
      - Any letter case is accepted, so V(XML) as M(plivo.messaging.powerpack_info) returns it works as well.
      - The API reports it in upper case (C(XML), C(PHLO)); that is not a change.
    type: str
    choices: [xml, phlo]
  application_id:
    description:
      - ID of the XML application or PHLO to attach to the powerpack's numbers.
      - V(none) detaches any application (the API then reports an empty C(application_id)).
      - Requires O(application_type) unless it is V(none).
    type: str
  number_priority:
    description:
      - The complete list of number priorities, one entry per country and service type.
      - Compared as a set keyed by O(number_priority[].country_iso) and O(number_priority[].service_type)
        (regardless of letter case), so the order of entries never causes a change.
      - An entry the powerpack has but this list lacks is removed. V([]) removes all entries.
    type: list
    elements: dict
    suboptions:
      country_iso:
        description:
          - Two-letter ISO 3166-1 country code, for example V(US). Any letter case.
        type: str
        required: true
      service_type:
        description:
          - V(SMS) or V(MMS), in any letter case.
        type: str
        required: true
      priority:
        description:
          - The order in which number types send messages to this country.
          - Each of V(longcode), V(shortcode) and V(tollfree) appears exactly once.
        type: dict
        required: true
        suboptions:
          priority1:
            description: Number type tried first; V(longcode), V(shortcode) or V(tollfree).
            type: str
            required: true
          priority2:
            description: Number type tried second; V(longcode), V(shortcode) or V(tollfree).
            type: str
            required: true
          priority3:
            description: Number type tried last; V(longcode), V(shortcode) or V(tollfree).
            type: str
            required: true
  unrent_numbers:
    description:
      - With O(state=absent), also unrent (give up) every long code and toll-free number in the powerpack's pool.
        Short codes are only unlinked.
      - This cannot be undone. Only with O(state=absent).
      - The pool is read before the delete (one read of its long codes and toll-free numbers, every page), so that
        RV(unrented) and the diff name every number given up, in check mode too.
    type: bool
    default: false
notes:
  - A create is never sent twice blindly. After an ambiguous failure (a timeout, a dropped connection, an HTTP 5xx)
    the name is looked up again; if the create landed, that powerpack is converged instead of creating a second one.
  - When several hosts create the same name at once, the API accepts one create; the others read that powerpack and
    converge it, so only one host reports a change for the create. A delete that finds the powerpack already gone is
    C(ok). See R(the reliability guide,ansible_collections.plivo.messaging.docsite.guide_reliability).
  - Names are at most 255 characters, without leading or trailing whitespace. Any printable character is accepted,
    accents, other scripts and emoji included, and the zero-width joiners C(U+200C) and C(U+200D) (emoji sequences,
    Persian); control and other format characters (a tab, a newline, C(U+202E)), line separators and spaces other
    than the plain space are refused.
  - O(name) and O(uuid) must be strings. A list, a mapping, a boolean or a float (an unquoted V(yes) or V(1.10) in
    YAML) is refused, as is a null that leaves the task without either (an undefined or empty variable), before any
    request.
  - A lookup by name reads the whole list of powerpacks (20 a page), so that a name two powerpacks share is found and
    refused rather than resolved to whichever comes first.
  - The API may write C(sticky_sender) and C(local_connect) as the strings C("true") and C("false"); they are read,
    compared and returned as booleans.
extends_documentation_fragment:
  - plivo.messaging.auth
  - plivo.messaging.attributes
  - plivo.messaging.attributes.actiongroup_plivo
attributes:
  check_mode:
    support: full
    details:
      - Reads the powerpack and predicts the change exactly; sends no write request.
  diff_mode:
    support: full
    details:
      - Shows the managed fields that change; a create has an empty C(before), a delete an empty C(after).
      - A delete with O(unrent_numbers=true) lists the numbers it gives up under C(unrented) in C(before).
  idempotent:
    support: full
seealso:
  - module: plivo.messaging.powerpack_info
  - name: Plivo Powerpack API
    description: Plivo's reference for the API this module uses.
    link: https://www.plivo.com/docs/messaging/api/powerpack
"""

EXAMPLES = r"""
- name: Create a powerpack, or bring it to these settings
  plivo.messaging.powerpack:
    name: alerts
    sticky_sender: true
    local_connect: false
    number_priority:
      - country_iso: US
        service_type: SMS
        priority:
          priority1: shortcode
          priority2: tollfree
          priority3: longcode
  register: alerts

- name: Attach an XML application to its numbers
  plivo.messaging.powerpack:
    name: alerts
    application_type: xml
    application_id: "20372631212782780"

- name: Detach any application
  plivo.messaging.powerpack:
    name: alerts
    application_id: none

- name: Rename the powerpack, found by its UUID
  plivo.messaging.powerpack:
    uuid: "{{ alerts.powerpack.uuid }}"
    name: alerts-us

- name: Set credentials once for several tasks
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ plivo_auth_id }}"
      auth_token: "{{ plivo_auth_token }}"
  block:
    - name: Delete the powerpack and give up its numbers
      plivo.messaging.powerpack:
        name: alerts-us
        state: absent
        unrent_numbers: true
"""

RETURN = r"""
powerpack:
  description:
    - The powerpack as it stands after the task, as the API returns it (without C(api_id)).
    - An empty dict when the powerpack is absent.
    - In check mode, the predicted object; a powerpack that would be created has no C(uuid), C(number_pool) or C(created_on) yet.
  returned: always
  type: dict
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
      sample: false
    application_type:
      description: Type of the attached application as the API reports it (C(XML), C(PHLO)), or an empty string.
      type: str
      sample: XML
    application_id:
      description: ID of the attached application, or an empty string.
      type: str
      sample: "20372631212782780"
    number_pool:
      description: API path of the powerpack's number pool.
      type: str
      sample: /v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/4b0e8c1c-7a1f-2d9c-3e11-5ec3b3b69f8e/
    number_priority:
      description: Number priorities, one entry per country and service type.
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
      sample: "2020-09-23T09:31:25.924044Z"
unrented:
  description:
    - The numbers (long codes and toll-free numbers, in digits) the delete gave up with O(unrent_numbers=true), sorted;
      in check mode, those it would give up. Empty otherwise.
  returned: always
  type: list
  elements: str
  version_added: 1.2.0
  sample: ["14155550100", "18005550199"]
"""

from ..module_utils import powerpack_model as model
from ..module_utils.base import PlivoModule
from ..module_utils.powerpack_converge import PowerpackConverger


class PowerpackModule(PlivoModule):
    name = "powerpack"

    def _validate(self):
        return model.validate(self.params)

    def run(self):
        outcome = PowerpackConverger(self.client, self.module.check_mode).converge(self.params)
        return outcome.report(powerpack=outcome.state)


def main():
    PowerpackModule().main()


if __name__ == "__main__":
    main()
