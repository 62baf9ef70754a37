# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: powerpacks_export
short_description: Write an account's powerpacks and pools as the plivo_powerpacks variables file of the powerpacks role
version_added: 1.2.0
author:
  - Plivo messaging collection contributors (@plivo-community)
description:
  - Writes the text of the file that the playbook C(plivo.messaging.export) saves for each account (inventory host),
    C(plivo_powerpacks), the input of the role C(plivo.messaging.powerpacks), holding every powerpack with its
    C(name), C(sticky_sender), C(local_connect), the application when one is attached, C(number_priority) and the
    C(senders) of its pool. The role run on that file changes nothing.
  - Powerpacks are sorted by name (letter case counts), C(number_priority) by country and service type; senders stay in
    the order given (M(plivo.messaging.powerpack_number_info) sorts them by type and number). Two exports of the same
    account are the same text.
  - Every string that came from the API is written with P(plivo.messaging.to_unsafe_yaml#filter), as a double-quoted
    scalar tagged C(!unsafe). Ansible templates every other string of a variables file, so a name such as
    C(promo {{ 'Q4' }}) would otherwise come back as C(promo Q4), a name that holds a C(pipe) lookup would run its
    command when the file is loaded, and the role would then create a powerpack with the rendered name. Every
    character comes back exactly as the API gave it.
    A string that YAML would read as another type (a phone number, V(true)) is written quoted without the tag, as
    P(plivo.messaging.to_unsafe_yaml#filter) explains; such a string holds no template.
  - A powerpack the role would refuse as the file declares it is left out of C(plivo_powerpacks), so that the file
    never fails only when the role runs on it. That is a name the role refuses (the rule of
    O(plivo.messaging.powerpack#module:name), for example no leading or trailing whitespace, no control character, at
    most 255 characters), or any other value the role's own checks refuse (such as an application without a type,
    or a sender number that is not one). Such a powerpack is listed in the file's comments instead, escaped so that
    no name can end a comment line, and in one Ansible warning, with what to do.
  - Correct such a powerpack in the account (a name with M(plivo.messaging.powerpack), by its
    O(plivo.messaging.powerpack#module:uuid) and a new name), then export again. The file never sets
    C(plivo_powerpacks_purge); with it turned on, the role would delete such a powerpack, and the comments say so.
positional: _input
options:
  _input:
    description:
      - The powerpacks of the account, each as M(plivo.messaging.powerpack_info) returns it with
        O(plivo.messaging.powerpack_info#module:details=true), and the senders of its pool.
      - Each element is either the C(results) entry of a loop of M(plivo.messaging.powerpack_number_info) over the
        powerpacks (the powerpack as C(item), the pool's C(senders) beside it), or the powerpack itself with the
        pool's senders under C(senders).
    type: list
    elements: dict
    required: true
  host:
    description:
      - The inventory host (account) the file is for; the comments name it.
    type: str
    required: true
seealso:
  - plugin: plivo.messaging.to_unsafe_yaml
    plugin_type: filter
  - module: plivo.messaging.powerpack_info
  - module: plivo.messaging.powerpack_number_info
"""

EXAMPLES = r"""
- name: Read every powerpack of the account in full
  plivo.messaging.powerpack_info:
    details: true
  register: account

- name: Read the number pool of each powerpack
  plivo.messaging.powerpack_number_info:
    powerpack_uuid: "{{ item.uuid }}"
  loop: "{{ account.powerpacks }}"
  loop_control:
    label: "{{ item.name | plivo.messaging.to_unsafe_yaml(tag=false) }}"
  register: pools

- name: Write plivo_powerpacks for the role plivo.messaging.powerpacks
  ansible.builtin.copy:
    dest: "host_vars/{{ inventory_hostname }}.yml"
    mode: "0644"
    content: "{{ pools.results | plivo.messaging.powerpacks_export(host=inventory_hostname) }}"
"""

RETURN = r"""
_value:
  description:
    - The text of the file, YAML, ending in a newline. Write it as UTF-8.
    - "It starts with C(---) and comments (the host, what to do with the file, the powerpacks left out and why),
      then C(plivo_powerpacks:)."
  type: string
  sample: |
    ---
    # The Plivo Powerpacks of localhost, pools included, exported by plivo.messaging.export
    # ...
    plivo_powerpacks:
      - name: !unsafe "alerts"  # uuid 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11
        sticky_sender: true
        local_connect: true
        number_priority: []
        senders:
          - number: "14155550100"
            type: !unsafe "longcode"
            service: !unsafe "sms"
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

from ansible_collections.plivo.messaging.plugins.filter.to_unsafe_yaml import escape, quote, render
from ansible_collections.plivo.messaging.plugins.module_utils import account_model
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack_model import boolean, name_problems
from ansible_collections.plivo.messaging.plugins.module_utils.specs import BULK_ITEM, PRIORITY_KEYS, SENDER_TYPES, SERVICES

display = Display()


def printable(text):
    """``text`` with every character str.isprintable() refuses escaped (\\xNN, \\uNNNN, \\UNNNNNNNN), for a comment
    line or a terminal: nothing in it can end the line or reach the terminal as a control character."""
    return ''.join(char if char.isprintable() else escape(char) for char in str(text))


def _text(value):
    """An API value that is text in the role's input (application ids may come as numbers), as text; None as ''."""
    return '' if value is None else str(value)


def _refusal(powerpack, senders):
    """Why the role would refuse this powerpack as the file declares it, or [] when it takes it: its name
    first, then every other value (an application without a type, a sender number it cannot take...)."""
    name = powerpack['name']
    if not isinstance(name, str):
        return ['name must be a string; got %s' % type(name).__name__]
    if name_problems(name):
        return name_problems(name)
    item = _declared(powerpack, senders)
    # What Ansible's choices check of the role's spec refuses before the role's own checks run.
    choices = ['senders[%d].%s must be one of %s; got %s' % (index, key, ', '.join(allowed), quote(_text(sender[key]), tag=False))
               for index, sender in enumerate(item['senders'])
               for key, allowed in (('type', SENDER_TYPES), ('service', SERVICES))
               if sender[key] is not None and sender[key] not in allowed]
    return choices or [
        # account_model names the item powerpacks[0]; here it is the powerpack itself.
        problem.replace('powerpacks[0]: ', '', 1).replace('powerpacks[0].', '', 1)
        for problem in account_model.validate([item])]


def _declared(powerpack, senders):
    """The powerpack as the role receives it from the file: what _powerpack_lines writes, Ansible's
    defaults of the item's other options filled in."""
    item = {key: option.get('default') for key, option in BULK_ITEM.items()}
    application = bool(_application_lines(powerpack))
    item.update(
        name=powerpack['name'],
        sticky_sender=boolean(powerpack.get('sticky_sender')),
        local_connect=boolean(powerpack.get('local_connect')),
        application_type=_text(powerpack.get('application_type')).lower() if application else None,
        application_id=_text(powerpack.get('application_id')) if application else None,
        number_priority=[
            {'country_iso': _text(entry.get('country_iso')).upper(), 'service_type': _text(entry.get('service_type')).upper(),
             'priority': {key: _text((entry.get('priority') or {}).get(key)).lower() for key in PRIORITY_KEYS}}
            for entry in powerpack.get('number_priority') or []],
        senders=[
            {'number': _text(sender.get('number')), 'type': sender.get('type'), 'rent': False,
             'service': None if sender.get('type') == 'shortcode' else sender.get('service')}
            for sender in senders],
    )
    return item


def _split(pools):
    """(powerpack, senders) of each element, sorted by name as the role's input lists them."""
    if not isinstance(pools, (list, tuple)):
        raise AnsibleFilterError('powerpacks_export: give a list of powerpacks (with their senders), not %s' % type(pools).__name__)
    pairs = []
    for index, element in enumerate(pools):
        if not isinstance(element, Mapping):
            raise AnsibleFilterError('powerpacks_export: element %d is %s, not a dictionary' % (index, type(element).__name__))
        powerpack = element['item'] if 'item' in element else element
        if not isinstance(powerpack, Mapping) or 'name' not in powerpack:
            raise AnsibleFilterError('powerpacks_export: element %d holds no powerpack with a name' % index)
        pairs.append((powerpack, element.get('senders') or []))
    # The names are unique (the playbook checks it first); the uuid orders what the role refuses anyway.
    return sorted(pairs, key=lambda pair: (_text(pair[0]['name']), _text(pair[0].get('uuid'))))


def _application_lines(powerpack):
    application_id = powerpack.get('application_id')
    # As the role reads it (powerpack_model): none, an empty or blank id, or "none" means no application.
    if not application_id or _text(application_id).strip().lower() in ('', 'none'):
        return []
    return [
        '    application_type: %s' % render(_text(powerpack.get('application_type')).lower()),
        '    application_id: %s' % render(_text(application_id)),
    ]


def _number_priority_lines(entries):
    normal = [
        (_text(entry.get('country_iso')).upper(), _text(entry.get('service_type')).upper(), entry.get('priority') or {})
        for entry in entries or []
    ]
    if not normal:
        return ['    number_priority: []']
    lines = ['    number_priority:']
    for country, service, priority in sorted(normal, key=lambda entry: entry[:2]):
        lines.append('      - country_iso: %s' % render(country))
        lines.append('        service_type: %s' % render(service))
        lines.append('        priority:')
        lines.extend('          %s: %s' % (key, render(_text(priority.get(key)).lower())) for key in PRIORITY_KEYS)
    return lines


def _sender_lines(senders):
    if not senders:
        return ['    senders: []']
    lines = ['    senders:']
    for sender in senders:
        lines.append('      - number: %s' % render(sender.get('number')))
        lines.append('        type: %s' % render(sender.get('type')))
        if sender.get('type') != 'shortcode':
            lines.append('        service: %s' % render(sender.get('service')))
    return lines


def _powerpack_lines(powerpack, senders):
    lines = [
        '  - name: %s  # uuid %s' % (render(powerpack['name']), printable(_text(powerpack.get('uuid')))),
        '    sticky_sender: %s' % render(powerpack.get('sticky_sender')),
        '    local_connect: %s' % render(powerpack.get('local_connect')),
    ]
    return lines + _application_lines(powerpack) + _number_priority_lines(powerpack.get('number_priority')) + _sender_lines(senders)


def _refused_entry(powerpack, problems):
    return '%s (uuid %s): %s' % (quote(_text(powerpack['name']), tag=False), printable(_text(powerpack.get('uuid'))),
                                 printable('; '.join(problems)))


def warning(host, left_out):
    """The Ansible warning that lists the powerpacks left out, with what to do."""
    return ('plivo.messaging.export left %d powerpack(s) of %s out of plivo_powerpacks, because the role '
            'plivo.messaging.powerpacks would refuse them: %s. Correct each in the account (a name with '
            'plivo.messaging.powerpack, by its uuid and a new name), then export again. Until then the role does not manage them, and with '
            'plivo_powerpacks_purge: true it would delete them.'
            % (len(left_out), printable(host), '; '.join(_refused_entry(powerpack, problems) for powerpack, problems in left_out)))


def powerpacks_export(pools, host):
    if not isinstance(host, str) or not host:
        raise AnsibleFilterError('powerpacks_export: host must name the inventory host, not %r' % (host,))
    pairs = _split(pools)
    host_text = printable(host)
    lines = [
        '---',
        '# The Plivo Powerpacks of %s, pools included, exported by plivo.messaging.export' % host_text,
        '# as the input of the role plivo.messaging.powerpacks. Review it, then keep it as',
        '# host_vars/%s.yml; the role changes nothing when it runs on it unchanged.' % host_text,
        '# Left out, and so not managed: the application of a powerpack that has none.',
        '# Every string from the API is double-quoted and, unless YAML would read it as a number, boolean',
        '# or null (such as "14155550100", which can hold no template), tagged !unsafe: Ansible loads it as',
        '# it is and never templates it, so a name that holds "{{", "{%" or "{#" stays exactly that name.',
    ]
    left_out = []
    body = []
    for powerpack, senders in pairs:
        problems = _refusal(powerpack, senders)
        if problems:
            left_out.append((powerpack, problems))
        else:
            body.extend(_powerpack_lines(powerpack, senders))
    if left_out:
        lines.extend([
            '# Left out, because the role would refuse them: correct each in the account (a name with',
            '# plivo.messaging.powerpack, by its uuid and a new name), then export again. Until then the role does',
            '# not manage them; this file does not set plivo_powerpacks_purge, and with it on the role would delete them.',
        ])
        lines.extend('#   %s' % _refused_entry(powerpack, problems) for powerpack, problems in left_out)
        display.warning(warning(host, left_out))
    lines.append('plivo_powerpacks:' + ('' if body else ' []'))
    return '\n'.join(lines + body) + '\n'


class FilterModule:
    """plivo.messaging.powerpacks_export"""

    def filters(self):
        return {'powerpacks_export': powerpacks_export}
