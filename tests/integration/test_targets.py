# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the integration targets (tests/integration/targets) with ansible-playbook.

Against the emulator by default; against a real Plivo account when
PLIVO_INTEGRATION_CONFIG names an integration_config.yml (see README.md).

The pool targets also run against emulators in each other reading of the API (where the
official SDKs disagree; docs/docsite/rst/guide_emulator.rst, "Readings"): one reading at a
time, so that a failure names the reading. PLIVO_EMULATOR_READINGS runs every test in the
readings it names instead (conftest.py).

Every target runs with the collection's own deprecations as errors (run_playbook's
deprecations_are_errors): the targets use the current option names.
"""

from __future__ import annotations

import base64
import os
import re

import pytest

# Kept in step with conftest.py (CONFIG_ENV), which cannot be imported by name:
# tests/conftest.py exists too.
CONFIG_ENV = 'PLIVO_INTEGRATION_CONFIG'
requires_emulator = pytest.mark.skipif(
    bool(os.environ.get(CONFIG_ENV, '').strip()),
    reason='%s is set: running against a real Plivo API, and this test needs the emulator' % CONFIG_ENV,
)

TARGETS = ['powerpack', 'powerpack_info', 'powerpack_number', 'powerpack_pool']
# The targets that read and write number pools, where the readings differ.
POOL_TARGETS = ['powerpack_number', 'powerpack_pool']
# Each reading other than the emulator's default (the stricter one), as --reading takes it.
OTHER_READINGS = ['single_get_service=both', 'fill_default_priorities=true', 'tollfree_key=tollfree']

ROLE_PLAYBOOK = """\
- name: Integration target {target}
  hosts: localhost
  gather_facts: false
  roles:
    - role: {target}
"""

WRONG_TOKEN = 'bad-NEVER-PRINT-5c1e88aa'

WRONG_TOKEN_PLAYBOOK = """\
- name: Wrong credentials
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Look up powerpacks with a wrong token
      plivo.messaging.powerpack_info:
        auth_id: "{{ plivo_auth_id }}"
        auth_token: "{{ wrong_token }}"
        api_url: "{{ plivo_api_url }}"
      register: wrong_lookup
      failed_when: false

    - name: Show the failed lookup
      ansible.builtin.debug:
        var: wrong_lookup

    - name: Create a powerpack with a wrong token
      plivo.messaging.powerpack:
        name: "{{ resource_prefix | default('ansible-test-plivo') }}-wrong-token"
        sticky_sender: false
        auth_id: "{{ plivo_auth_id }}"
        auth_token: "{{ wrong_token }}"
        api_url: "{{ plivo_api_url }}"
"""


CONTROLLER_ENV_PLAYBOOK = """\
- name: Credentials only from ansible-playbook's environment
  hosts: localhost
  gather_facts: false
  vars:
    env_name: "{{ resource_prefix | default('ansible-test-plivo') }}-controller-env"
  tasks:
    - name: Create a powerpack with no credential options
      plivo.messaging.powerpack:
        name: "{{ env_name }}"
        local_connect: false
      register: env_created

    - name: Read it back with no credential options
      plivo.messaging.powerpack_info:
        name: "{{ env_name }}"
      register: env_info

    - name: Delete it with no credential options
      plivo.messaging.powerpack:
        name: "{{ env_name }}"
        state: absent
      register: env_deleted

    - name: Check that every task reached the account
      ansible.builtin.assert:
        that:
          - env_created is changed
          - env_info.powerpacks | length == 1
          - env_info.powerpacks[0].local_connect == false
          - env_deleted is changed
"""


def secret_forms(auth_id, token):
    """The token as it could leak: plain, and inside a Basic Authorization header."""
    basic = base64.b64encode(('%s:%s' % (auth_id, token)).encode()).decode()
    return [token, basic]


def assert_not_leaked(result, auth_id, token):
    for secret in secret_forms(auth_id, token):
        lines = [line for line in result.output.splitlines() if secret in line]
        assert not lines, 'secret %r appears in the output:\n%s\n\n%s' % (
            secret[:6] + '...', '\n'.join(lines[:20]), result.report())


def recap_failures(output):
    """(failed, unreachable) counts summed over the PLAY RECAP lines."""
    failed = sum(int(n) for n in re.findall(r'\bfailed=(\d+)', output))
    unreachable = sum(int(n) for n in re.findall(r'\bunreachable=(\d+)', output))
    return failed, unreachable


@pytest.mark.parametrize('target', TARGETS)
def test_target(target, plivo_config, run_playbook):
    result = run_playbook(ROLE_PLAYBOOK.format(target=target), plivo_config, deprecations_are_errors=True)
    assert result.rc == 0, result.report()
    assert recap_failures(result.stdout) == (0, 0), result.report()


@requires_emulator
@pytest.mark.parametrize('reading', OTHER_READINGS)
@pytest.mark.parametrize('target', POOL_TARGETS)
def test_pool_target_in_other_reading(target, reading, reading_config, emulator_admin, run_playbook):
    config = reading_config((reading,))
    key, _equals, value = reading.partition('=')
    in_force = emulator_admin(config['plivo_api_url'], 'GET', '/_emulator/readings')
    assert str(in_force[key]).lower() == value, in_force
    result = run_playbook(ROLE_PLAYBOOK.format(target=target), config, deprecations_are_errors=True)
    assert result.rc == 0, '%s in reading %s\n%s' % (target, reading, result.report())
    assert recap_failures(result.stdout) == (0, 0), result.report()


@requires_emulator
@pytest.mark.parametrize('target', ['powerpack', 'powerpack_number'])
def test_target_verbose_diff_does_not_leak_token(target, plivo_config, run_playbook):
    """A whole target at -vvvv --diff: the main token appears nowhere.

    Emulator only: the environment-only test of the target hands its token to
    Ansible's environment: keyword, which Ansible prints in the -vvv EXEC line;
    with the emulator that is a second account whose token may show.
    """
    assert plivo_config['plivo_emulator']
    result = run_playbook(ROLE_PLAYBOOK.format(target=target), plivo_config, '-vvvv', '--diff', deprecations_are_errors=True)
    assert result.rc == 0, result.report()
    assert 'ESTABLISH LOCAL CONNECTION' in result.output, 'not verbose?\n' + result.report()
    assert_not_leaked(result, plivo_config['plivo_auth_id'], plivo_config['plivo_auth_token'])


def test_wrong_token_fails_without_leaking_it(plivo_config, run_playbook):
    extra_vars = dict(plivo_config, wrong_token=WRONG_TOKEN)
    result = run_playbook(WRONG_TOKEN_PLAYBOOK, extra_vars, '-vvvv')
    assert result.rc != 0, 'a wrong token must fail the play\n' + result.report()
    assert 'HTTP 401' in result.output, result.report()
    assert recap_failures(result.stdout)[0] == 1, result.report()
    assert_not_leaked(result, plivo_config['plivo_auth_id'], WRONG_TOKEN)
    assert_not_leaked(result, plivo_config['plivo_auth_id'], plivo_config['plivo_auth_token'])


def test_credentials_from_controller_environment_only(plivo_config, run_playbook):
    """PLIVO_* exported to ansible-playbook itself (how AWX injects credentials):
    no module option names them, and -vvvv shows neither the token nor its header."""
    extra_vars = {'resource_prefix': plivo_config['resource_prefix']}
    environ = {'PLIVO_AUTH_ID': plivo_config['plivo_auth_id'], 'PLIVO_AUTH_TOKEN': plivo_config['plivo_auth_token'],
               'PLIVO_API_URL': plivo_config['plivo_api_url']}
    result = run_playbook(CONTROLLER_ENV_PLAYBOOK, extra_vars, '-vvvv', '--diff', environ=environ)
    assert result.rc == 0, result.report()
    assert recap_failures(result.stdout) == (0, 0), result.report()
    assert_not_leaked(result, plivo_config['plivo_auth_id'], plivo_config['plivo_auth_token'])
