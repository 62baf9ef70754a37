# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One vocabulary (issue 21): ``type`` is longcode, tollfree or shortcode in every option and
return value of every module, whatever kind of number the API reports.

The API calls the kind of a number its ``type`` too (fixed, mobile, local, tollfree); the
modules return that as ``number_type``. One playbook runs every module against an emulator
whose account rents a fixed and a mobile long code, a toll-free number and a short code, in
check mode and for real, with --diff, and writes every result to a file; the test walks the
results whole: every ``type`` is a sender type, and the API's words appear only as
``number_type``.
"""

from __future__ import annotations

import json

# The emulator's main account and its short code, kept in step with conftest.py, which cannot be
# imported by name (tests/conftest.py exists too).
MAIN_AUTH_ID = 'MAINTEGRATION0000000'
MAIN_AUTH_TOKEN = 'tok-NEVER-PRINT-9f4e2c71'
SHORTCODE = '444444'

SENDER_TYPES = {'longcode', 'tollfree', 'shortcode'}
# What the API calls the kinds of numbers (the emulator's and the recorded answers' words).
API_NUMBER_TYPES = {'fixed', 'mobile', 'local', 'tollfree'}
FIXED = '14155550170'
MOBILE = '14155550171'
LATER = '14155550172'
TOLLFREE = '18005550170'

PLAYBOOK = """\
- name: Every module, every sender type
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ plivo_auth_id }}"
      auth_token: "{{ plivo_auth_token }}"
      api_url: "{{ plivo_api_url }}"
  vars:
    senders:
      - {number: "%(fixed)s"}
      - {number: "%(mobile)s", type: longcode, service: mms}
      - {number: "%(tollfree)s", type: tollfree}
      - {number: "%(shortcode)s", type: shortcode}
  tasks:
    - name: Create the powerpack
      plivo.messaging.powerpack:
        name: vocabulary
      register: created

    - name: Link the short code to its pool, as Plivo does (emulator admin)
      ansible.builtin.uri:
        url: "{{ plivo_api_url }}/_emulator/accounts/{{ plivo_auth_id }}/shortcodes/%(shortcode)s/link"
        method: POST
        body_format: json
        body: {powerpack: vocabulary}
        status_code: [200, 204]

    - name: Add the fixed long code, in check mode
      plivo.messaging.powerpack_number:
        powerpack_name: vocabulary
        number: "%(fixed)s"
      check_mode: true
      register: number_check

    - name: Add each sender alone
      plivo.messaging.powerpack_number:
        powerpack_name: vocabulary
        number: "{{ item.number }}"
        type: "{{ item.type | default(omit) }}"
        service: "{{ item.service | default(omit) }}"
      loop: "{{ senders }}"
      register: number_each

    - name: Move the fixed long code to mms, in check mode
      plivo.messaging.powerpack_number:
        powerpack_name: vocabulary
        number: "%(fixed)s"
        service: mms
      check_mode: true
      register: number_update_check

    - name: Converge the whole pool, with one more long code, in check mode
      plivo.messaging.powerpack_pool:
        powerpack_name: vocabulary
        senders: "{{ senders + [{'number': '%(later)s'}] }}"
        purge_senders: true
      check_mode: true
      register: pool_check

    - name: Converge the whole pool, with one more long code
      plivo.messaging.powerpack_pool:
        powerpack_name: vocabulary
        senders: "{{ senders + [{'number': '%(later)s'}] }}"
        purge_senders: true
      register: pool

    - name: Read the pool
      plivo.messaging.powerpack_number_info:
        powerpack_name: vocabulary
      register: info

    - name: Converge the account's powerpack and its pool without the later long code
      plivo.messaging.powerpack_bulk:
        powerpacks:
          - name: vocabulary
            senders: "{{ senders }}"
            purge_senders: true
      register: bulk

    - name: Read the powerpack in full
      plivo.messaging.powerpack_info:
        name: vocabulary
      register: powerpack_info

    - name: Remove the mobile long code
      plivo.messaging.powerpack_number:
        powerpack_name: vocabulary
        number: "%(mobile)s"
        state: absent
      register: number_absent

    - name: Write every result
      ansible.builtin.copy:
        dest: "{{ results_path }}"
        mode: "0600"
        content: >-
          {{ {'powerpack': created, 'powerpack_number': [number_check, number_update_check, number_absent] + number_each.results,
              'powerpack_pool': [pool_check, pool], 'powerpack_number_info': [info], 'powerpack_bulk': [bulk],
              'powerpack_info': [powerpack_info]} | to_json }}
""" % {'fixed': FIXED, 'mobile': MOBILE, 'later': LATER, 'tollfree': TOLLFREE, 'shortcode': SHORTCODE}


def walk(value, path=''):
    """(path, key, value) for every key of every dict in ``value``, at any depth; path names the key."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = '%s.%s' % (path, key) if path else str(key)
            yield where, key, item
            yield from walk(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, '%s[%d]' % (path, index))


def strings(value):
    """The text of a value: itself, or the strings of a list (the type option of powerpack_number_info)."""
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def vocabulary_problems(results):
    """Each ``type`` that is not a sender type, and each API number type found anywhere but ``number_type``."""
    problems = []
    for path, key, value in walk(results):
        if key == 'type':
            problems.extend('%s is %r, not one of %s' % (path, text, sorted(SENDER_TYPES))
                            for text in strings(value) if text not in SENDER_TYPES)
        elif key != 'number_type':
            problems.extend('%s is %r, the API\'s word for a kind of number' % (path, text)
                            for text in strings(value) if text in API_NUMBER_TYPES - SENDER_TYPES)
    return problems


def test_the_vocabulary_walk_finds_the_apis_word():
    """The walk the test below relies on sees a leaked API word, where ever it is."""
    assert vocabulary_problems({'sender': {'type': 'fixed'}}) == ["sender.type is 'fixed', not one of %s" % sorted(SENDER_TYPES)]
    assert vocabulary_problems({'r': [{'x': {'kind': 'mobile'}}]}) == ["r[0].x.kind is 'mobile', the API's word for a kind of number"]
    assert vocabulary_problems({'invocation': {'module_args': {'type': ['longcode', 'local']}}}) == [
        "invocation.module_args.type is 'local', not one of %s" % sorted(SENDER_TYPES)]
    assert vocabulary_problems({'sender': {'type': 'longcode', 'number_type': 'fixed'}}) == []


def test_every_modules_sender_types_are_sender_types(emulator_factory, emulator_admin, run_playbook, tmp_path):
    emulator = emulator_factory('--shortcode', '%s:%s' % (MAIN_AUTH_ID, SHORTCODE))
    emulator_admin(emulator.url, 'POST', '/_emulator/accounts/%s/numbers' % MAIN_AUTH_ID, {'numbers': [
        {'number': FIXED, 'type': 'fixed'}, {'number': MOBILE, 'type': 'mobile'}, {'number': LATER, 'type': 'fixed'},
        {'number': TOLLFREE, 'type': 'tollfree'}]})
    results_path = tmp_path / 'results.json'
    result = run_playbook(PLAYBOOK, {'plivo_auth_id': MAIN_AUTH_ID, 'plivo_auth_token': MAIN_AUTH_TOKEN,
                                     'plivo_api_url': emulator.url, 'results_path': str(results_path)}, '--diff')
    assert result.rc == 0, result.report()
    results = json.loads(results_path.read_text(encoding='utf-8'))

    problems = vocabulary_problems(results)
    assert not problems, '\n'.join(problems)

    # Not vacuous: each module returned senders of all three types, and the API's own words as number_type.
    def returned(module):
        return [(key, value) for dummy, key, value in walk({k: v for k, v in results.items() if k == module})]

    for module in ('powerpack_number', 'powerpack_pool', 'powerpack_number_info'):
        types = {value for key, value in returned(module) if key == 'type' and isinstance(value, str)}
        assert types == SENDER_TYPES, (module, types)
    number_types = {value for key, value in returned('powerpack_number') + returned('powerpack_number_info')
                    if key == 'number_type'}
    assert number_types == {'fixed', 'mobile', 'tollfree'}, number_types
    senders = {each['item']['number']: each['sender'] for each in results['powerpack_number'][3:]}
    assert {number: (sender['type'], sender.get('number_type')) for number, sender in senders.items()} == {
        FIXED: ('longcode', 'fixed'), MOBILE: ('longcode', 'mobile'), TOLLFREE: ('tollfree', 'tollfree'),
        SHORTCODE: ('shortcode', None)}
    info = results['powerpack_number_info'][0]
    assert [entry['type'] for entry in info['numbers']] == ['longcode'] * 3
    assert sorted(entry['number_type'] for entry in info['numbers']) == ['fixed', 'fixed', 'mobile']
