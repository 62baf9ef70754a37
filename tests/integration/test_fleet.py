# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet provisioning: the plivo.messaging.powerpacks role, alone and across accounts.

1. test_powerpacks_role_target: the powerpacks_role integration target
   (tests/integration/targets/powerpacks_role), run like test_targets.py runs the others:
   against the session emulator, or the real API when PLIVO_INTEGRATION_CONFIG is set.
2. test_fleet_of_three_accounts_in_one_run: docs/examples/multi-account/site.yml, unchanged,
   with a generated inventory of three emulator accounts (one host each) at -f 3 -vvvv:
   each account ends with exactly its declared powerpacks, a second run changes and writes
   nothing, and no token shows.
3. test_role_credentials_from_module_defaults_and_environment: the role with no credential
   variables, taking them from module_defaults, from the environment: keyword, and from
   ansible-playbook's own environment (as AWX injects them).
4. test_multi_account_example_as_documented: docs/examples/multi-account exactly as its
   README runs it (inventory.yml, host_vars/, site.yml, -f 10), against an emulator that
   knows the example's three accounts: each account ends as declared (purge included), and
   an account whose token variable is unset fails alone, before any request, with "auth_token must not be empty".

Tests 2 to 4 start their own emulators (emulator_factory), never touch the account of
PLIVO_INTEGRATION_CONFIG, and so run in both modes.

The target and the example run with the collection's own deprecations as errors
(run_playbook's deprecations_are_errors).
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_DIR = REPO / 'docs' / 'examples' / 'multi-account'
SITE_YML = EXAMPLE_DIR / 'site.yml'
PAGE = 20
WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')
# Wall time of each ansible-playbook run, printed when the module's tests end (pytest -s).
TIMINGS = []

TARGET_PLAYBOOK = """\
- name: Integration target powerpacks_role
  hosts: localhost
  gather_facts: false
  roles:
    - role: powerpacks_role
"""


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def recap(output):
    """{host: {'ok': n, 'changed': n, 'failed': n, ...}} from the PLAY RECAP."""
    hosts = {}
    for match in re.finditer(r'^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$', output, re.MULTILINE):
        hosts[match.group(1)] = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', match.group(2))}
    return hosts


def secret_forms(auth_id, token):
    """The token as it could leak: plain, and inside a Basic Authorization header."""
    basic = base64.b64encode(('%s:%s' % (auth_id, token)).encode()).decode()
    return [token, basic]


def assert_not_leaked(result, auth_id, token):
    assert 'ESTABLISH LOCAL CONNECTION' in result.output, 'not verbose?\n' + result.report()[-5000:]
    for secret in secret_forms(auth_id, token):
        lines = [line for line in result.output.splitlines() if secret in line]
        assert not lines, 'the token of %s (%r...) appears in the output:\n%s' % (auth_id, secret[:6], '\n'.join(lines[:20]))


def check_run(result, label, hosts):
    """The run succeeded on exactly these hosts, without a traceback."""
    TIMINGS.append((label, result.seconds))
    assert result.rc == 0, result.report()[-30000:]
    summary = recap(result.stdout)
    assert sorted(summary) == sorted(hosts), '%s: hosts in the recap: %s\n%s' % (label, sorted(summary), result.report()[-5000:])
    bad = {host: counts for host, counts in summary.items() if counts['failed'] or counts['unreachable']}
    assert not bad, '%s: %s\n%s' % (label, bad, result.report()[-30000:])
    assert 'Traceback' not in result.output, result.report()[-20000:]
    return summary


class Admin:
    """The admin endpoints of one emulator."""

    def __init__(self, emulator, emulator_admin):
        self.url = emulator.url
        self.call = emulator_admin

    def requests(self, since=0):
        return self.call(self.url, 'GET', '/_emulator/requests?since=%d' % since)['requests']

    def last_seq(self):
        return max((entry['seq'] for entry in self.requests()), default=0)

    def powerpacks(self, auth_id):
        accounts = self.call(self.url, 'GET', '/_emulator/state')['accounts']
        return (accounts.get(auth_id) or {}).get('powerpacks', [])

    def seed(self, auth_id, powerpacks):
        if powerpacks:
            self.call(self.url, 'POST', '/_emulator/accounts/%s/powerpacks' % auth_id, {'powerpacks': powerpacks})


def show(entries, limit=80):
    return '\n'.join('%(seq)s %(account)s %(method)s %(path)s %(query)s -> %(status)s' % e for e in entries[:limit])


def normal_priorities(entries):
    return sorted(({'country_iso': e['country_iso'].upper(), 'service_type': e['service_type'].upper(),
                    'priority': dict(e['priority'])} for e in entries),
                  key=lambda e: (e['country_iso'], e['service_type']))


def assert_account_is(stored, declared, label):
    """The account holds exactly the declared present powerpacks, each with its declared fields."""
    wanted = {item['name']: item for item in declared if item.get('state', 'present') == 'present'}
    by_name = {pp['name']: pp for pp in stored}
    assert sorted(by_name) == sorted(wanted), '%s holds %s, declared %s' % (label, sorted(by_name), sorted(wanted))
    assert len(stored) == len(by_name), '%s has duplicate names: %s' % (label, [pp['name'] for pp in stored])
    for name, item in wanted.items():
        for field in ('sticky_sender', 'local_connect'):
            if field in item:
                assert by_name[name][field] == item[field], '%s: %s.%s is %r, declared %r' % (
                    label, name, field, by_name[name][field], item[field])
        if 'number_priority' in item:
            assert normal_priorities(by_name[name]['number_priority']) == normal_priorities(item['number_priority']), (
                '%s: %s.number_priority differs: %s' % (label, name, by_name[name]['number_priority']))


@pytest.fixture(scope='module', autouse=True)
def report_timings():
    yield
    if TIMINGS:
        print('\nfleet run wall times:')
        for label, seconds in TIMINGS:
            print('  %-55s %6.1f s' % (label, seconds))


@pytest.fixture
def admin_of(emulator_admin):
    return lambda emulator: Admin(emulator, emulator_admin)


# ---------------------------------------------------------------------------
# 1. the powerpacks_role integration target
# ---------------------------------------------------------------------------

def test_powerpacks_role_target(plivo_config, run_playbook):
    result = run_playbook(TARGET_PLAYBOOK, plivo_config, deprecations_are_errors=True)
    check_run(result, 'powerpacks_role target', ['localhost'])


# ---------------------------------------------------------------------------
# 2. three accounts, one ansible-playbook run, the example's site.yml unchanged
# ---------------------------------------------------------------------------

US_SMS = {'country_iso': 'US', 'service_type': 'SMS', 'priority': {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'}}
CA_SMS = {'country_iso': 'CA', 'service_type': 'SMS', 'priority': {'priority1': 'tollfree', 'priority2': 'longcode', 'priority3': 'shortcode'}}
GB_SMS = {'country_iso': 'GB', 'service_type': 'SMS', 'priority': {'priority1': 'longcode', 'priority2': 'tollfree', 'priority3': 'shortcode'}}
DE_MMS = {'country_iso': 'DE', 'service_type': 'MMS', 'priority': {'priority1': 'longcode', 'priority2': 'shortcode', 'priority3': 'tollfree'}}

# Three accounts, each one host. Every account declares an 'alerts' powerpack with its own
# settings: the accounts are separate, so the same name never collides.
#   fleet-main: 'alerts' exists with other settings (update), 'retired' is declared absent
#               (delete), 'otp' is new (create), and 'keep-me' is undeclared without purge (kept).
#   fleet-eu:   purge, 21 undeclared 'legacy-NN' (two list pages) and 'alerts' already as declared.
#   fleet-new:  an empty account, three creates.
FLEET = {
    'fleet-main': {
        'auth_id': 'MAFLEETMAIN000000001',
        'token': 'fleet-main-NEVER-PRINT-3b9a61',
        'seed': [{'name': 'alerts', 'sticky_sender': True, 'local_connect': True}, {'name': 'retired'}, {'name': 'keep-me'}],
        'purge': False,
        'declared': [
            {'name': 'alerts', 'sticky_sender': False, 'local_connect': False, 'number_priority': [US_SMS, CA_SMS]},
            {'name': 'otp', 'local_connect': False},
            {'name': 'retired', 'state': 'absent'},
        ],
        'kept': ['keep-me'],
        'writes': {'POST': 2, 'DELETE': 1},
    },
    'fleet-eu': {
        'auth_id': 'SAFLEETEU00000000002',
        'token': 'fleet-eu-NEVER-PRINT-d41c07',
        'seed': [{'name': 'legacy-%02d' % n} for n in range(21)] + [
            {'name': 'alerts', 'sticky_sender': True, 'local_connect': True, 'number_priority': [GB_SMS]}],
        'purge': True,
        'declared': [
            {'name': 'alerts', 'sticky_sender': True, 'number_priority': [GB_SMS]},
            {'name': 'eu-otp', 'sticky_sender': False, 'number_priority': [DE_MMS, GB_SMS]},
        ],
        'kept': [],
        'writes': {'POST': 1, 'DELETE': 21},
    },
    'fleet-new': {
        'auth_id': 'SAFLEETNEW0000000003',
        'token': 'fleet-new-NEVER-PRINT-5e2f88',
        'seed': [],
        'purge': False,
        'declared': [
            {'name': 'alerts', 'local_connect': False, 'number_priority': [CA_SMS]},
            {'name': 'otp', 'sticky_sender': True},
            {'name': 'promo', 'sticky_sender': False, 'local_connect': True},
        ],
        'kept': [],
        'writes': {'POST': 3},
    },
}


def token_variable(host):
    return 'FLEET_TOKEN_%s' % host.replace('-', '_').upper()


def write_fleet_inventory(directory):
    """inventory.yml and host_vars/, in the example's layout: tokens from environment lookups."""
    directory.mkdir()
    (directory / 'host_vars').mkdir()
    hosts = {host: {'plivo_auth_id': account['auth_id'],
                    'plivo_auth_token': "{{ lookup('ansible.builtin.env', '%s') }}" % token_variable(host)}
             for host, account in FLEET.items()}
    inventory = {'plivo_accounts': {'vars': {'ansible_connection': 'local',
                                             'ansible_python_interpreter': '{{ ansible_playbook_python }}'},
                                    'hosts': hosts}}
    (directory / 'inventory.yml').write_text(yaml.safe_dump(inventory, sort_keys=False), encoding='utf-8')
    for host, account in FLEET.items():
        host_vars = {'plivo_powerpacks': account['declared']}
        if account['purge']:
            host_vars['plivo_powerpacks_purge'] = True
        (directory / 'host_vars' / ('%s.yml' % host)).write_text(yaml.safe_dump(host_vars, sort_keys=False), encoding='utf-8')
    return str(directory / 'inventory.yml')


def fleet_environ(emulator):
    environ = {token_variable(host): account['token'] for host, account in FLEET.items()}
    environ['PLIVO_API_URL'] = emulator.url
    return environ


def test_fleet_of_three_accounts_in_one_run(emulator_factory, admin_of, run_playbook, tmp_path):
    emulator = emulator_factory(accounts={account['auth_id']: account['token'] for account in FLEET.values()})
    admin = admin_of(emulator)
    for account in FLEET.values():
        admin.seed(account['auth_id'], account['seed'])
    inventory = write_fleet_inventory(tmp_path / 'fleet')
    site = SITE_YML.read_text(encoding='utf-8')
    hosts = sorted(FLEET)

    # First run: converge the three accounts at once.
    since = admin.last_seq()
    first = run_playbook(site, {}, '-i', inventory, '-f', '3', '-vvvv', '--diff', environ=fleet_environ(emulator),
                         deprecations_are_errors=True)
    summary = check_run(first, 'fleet: converge 3 accounts, -f 3 -vvvv', hosts)
    log = admin.requests(since)
    for host, account in FLEET.items():
        assert summary[host]['changed'] >= 1, (host, summary, first.report()[-5000:])
        stored = admin.powerpacks(account['auth_id'])
        assert_account_is([pp for pp in stored if pp['name'] not in account['kept']], account['declared'], host)
        assert sorted(pp['name'] for pp in stored if pp['name'] in account['kept']) == sorted(account['kept'])
        writes = [e for e in log if e['account'] == account['auth_id'] and e['method'] in WRITE_METHODS]
        counts = {method: sum(1 for e in writes if e['method'] == method) for method in WRITE_METHODS}
        assert {m: n for m, n in counts.items() if n} == account['writes'], '%s wrote:\n%s' % (host, show(writes))
    assert all(e['account'] in {a['auth_id'] for a in FLEET.values()} for e in log), show(log)
    # The role's debug task shows each account's summary in the play output.
    shown = re.findall(r'^ok: \[(\S+)\] => \{\n\s+"plivo_powerpacks_summary": \{', first.stdout, re.MULTILINE)
    assert sorted(shown) == hosts, first.report()[-5000:]

    # Second run: nothing to do anywhere; one listing per account plus the full reads of
    # the declared powerpacks that manage number_priority, and no write.
    since = admin.last_seq()
    second = run_playbook(site, {}, '-i', inventory, '-f', '3', '-vvvv', environ=fleet_environ(emulator),
                          deprecations_are_errors=True)
    summary = check_run(second, 'fleet: re-run 3 accounts, -f 3 -vvvv', hosts)
    assert all(summary[host]['changed'] == 0 for host in hosts), summary
    log = admin.requests(since)
    assert [e for e in log if e['method'] in WRITE_METHODS] == [], show(log)
    for host, account in FLEET.items():
        mine = [e for e in log if e['account'] == account['auth_id']]
        total = len(admin.powerpacks(account['auth_id']))
        pages = max(1, math.ceil(total / PAGE))
        full_reads = sum(1 for item in account['declared'] if item.get('state', 'present') == 'present' and 'number_priority' in item)
        list_reads = [e for e in mine if e['path'] == '/v1/Account/%s/Powerpack/' % account['auth_id']]
        assert len(list_reads) == pages, '%s:\n%s' % (host, show(mine))
        assert len(mine) <= pages + full_reads, '%s: %d requests for %d pages and %d full reads:\n%s' % (
            host, len(mine), pages, full_reads, show(mine))

    for run in (first, second):
        for account in FLEET.values():
            assert_not_leaked(run, account['auth_id'], account['token'])


# ---------------------------------------------------------------------------
# 3. credentials from module_defaults, the environment: keyword, the controller
# ---------------------------------------------------------------------------

MD_ACCOUNT = ('MAMODULEDEFAULTS0001', 'md-token-NEVER-PRINT-71ce0a')
# Ansible prints a task's environment: in its -vvv EXEC line, so this token may show.
ENV_ACCOUNT = ('MAENVKEYWORD00000002', 'env-keyword-token-printed-in-exec-lines')
CONTROLLER_ACCOUNT = ('MACONTROLLERENV00003', 'ctl-token-NEVER-PRINT-90b2d4')

CREDENTIALS_PLAYBOOK = """\
- name: Credentials from module_defaults
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ md_auth_id }}"
      auth_token: "{{ md_auth_token }}"
      api_url: "{{ emulator_url }}"
  roles:
    - role: plivo.messaging.powerpacks
      vars:
        plivo_powerpacks:
          - name: from-module-defaults

- name: Credentials from module_defaults, but the API URL from the role variable
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ md_auth_id }}"
      auth_token: "{{ md_auth_token }}"
      api_url: http://127.0.0.1:9
  roles:
    - role: plivo.messaging.powerpacks
      vars:
        plivo_api_url: "{{ emulator_url }}"
        plivo_powerpacks:
          - name: from-module-defaults
          - name: role-url-with-module-defaults

- name: Credentials from the environment keyword
  hosts: localhost
  gather_facts: false
  environment:
    PLIVO_AUTH_ID: "{{ env_auth_id }}"
    PLIVO_AUTH_TOKEN: "{{ env_auth_token }}"
    PLIVO_API_URL: "{{ emulator_url }}"
  roles:
    - role: plivo.messaging.powerpacks
      vars:
        plivo_powerpacks:
          - name: from-environment-keyword

- name: Credentials from ansible-playbook's own environment
  hosts: localhost
  gather_facts: false
  roles:
    - role: plivo.messaging.powerpacks
      vars:
        plivo_powerpacks:
          - name: from-controller-environment
"""


def test_role_credentials_from_module_defaults_and_environment(emulator_factory, admin_of, run_playbook):
    emulator = emulator_factory(accounts=dict([MD_ACCOUNT, ENV_ACCOUNT, CONTROLLER_ACCOUNT]))
    admin = admin_of(emulator)
    extra_vars = {'md_auth_id': MD_ACCOUNT[0], 'md_auth_token': MD_ACCOUNT[1], 'env_auth_id': ENV_ACCOUNT[0],
                  'env_auth_token': ENV_ACCOUNT[1], 'emulator_url': emulator.url}
    # The controller's environment also reaches the first two plays: module_defaults and
    # environment: must win over it.
    environ = {'PLIVO_AUTH_ID': CONTROLLER_ACCOUNT[0], 'PLIVO_AUTH_TOKEN': CONTROLLER_ACCOUNT[1], 'PLIVO_API_URL': emulator.url}
    result = run_playbook(CREDENTIALS_PLAYBOOK, extra_vars, '-vvvv', '--diff', environ=environ)
    check_run(result, 'role credentials: module_defaults, environment', ['localhost'])
    for (auth_id, _token), names in ((MD_ACCOUNT, ['from-module-defaults', 'role-url-with-module-defaults']),
                                     (ENV_ACCOUNT, ['from-environment-keyword']),
                                     (CONTROLLER_ACCOUNT, ['from-controller-environment'])):
        assert [pp['name'] for pp in admin.powerpacks(auth_id)] == names, (auth_id, admin.powerpacks(auth_id))
    for auth_id, token in (MD_ACCOUNT, CONTROLLER_ACCOUNT):
        assert_not_leaked(result, auth_id, token)


# ---------------------------------------------------------------------------
# 4. the documented example, as its README runs it
# ---------------------------------------------------------------------------

def example_accounts():
    """{host: (auth_id, token variable)} read from the example's inventory.yml."""
    inventory = yaml.safe_load((EXAMPLE_DIR / 'inventory.yml').read_text(encoding='utf-8'))
    accounts = {}
    for host, host_vars in inventory['plivo_accounts']['hosts'].items():
        variable = re.search(r"lookup\('ansible\.builtin\.env', '(\w+)'\)", host_vars['plivo_auth_token'])
        assert variable, '%s: plivo_auth_token is not an environment lookup' % host
        accounts[host] = (host_vars['plivo_auth_id'], variable.group(1))
    return accounts


def test_multi_account_example_as_documented(emulator_factory, admin_of, run_playbook):
    accounts = example_accounts()
    tokens = {host: 'example-%s-NEVER-PRINT' % host for host in accounts}
    emulator = emulator_factory(accounts={auth_id: tokens[host] for host, (auth_id, _var) in accounts.items()})
    admin = admin_of(emulator)
    declared = {host: yaml.safe_load((EXAMPLE_DIR / 'host_vars' / ('%s.yml' % host)).read_text(encoding='utf-8'))
                for host in accounts}
    # Something for the example to delete: one powerpack declared absent, and an undeclared
    # one in each account (only a purging account loses it).
    for host, (auth_id, _var) in accounts.items():
        absent = [item['name'] for item in declared[host]['plivo_powerpacks'] if item.get('state') == 'absent']
        admin.seed(auth_id, [{'name': name} for name in absent] + [{'name': 'made-by-hand'}])
    environ = {variable: tokens[host] for host, (_id, variable) in accounts.items()}
    environ['PLIVO_API_URL'] = emulator.url
    result = run_playbook(SITE_YML.read_text(encoding='utf-8'), {}, '-i', str(EXAMPLE_DIR / 'inventory.yml'), '-f', '10',
                          environ=environ, deprecations_are_errors=True)
    check_run(result, 'docs/examples/multi-account, -f 10', sorted(accounts))
    for host, (auth_id, _var) in accounts.items():
        stored = admin.powerpacks(auth_id)
        purge = declared[host].get('plivo_powerpacks_purge', False)
        kept = [] if purge else ['made-by-hand']
        assert_account_is([pp for pp in stored if pp['name'] not in kept], declared[host]['plivo_powerpacks'], host)
        assert sorted(pp['name'] for pp in stored if pp['name'] in kept) == kept, (host, stored)
    assert any(d.get('plivo_powerpacks_purge') for d in declared.values()), 'the example should show a purging account'

    # As its README says: an account whose token variable is unset fails before any request,
    # alone; the others run (and, converged already, change nothing).
    missing = sorted(accounts)[0]
    del environ[accounts[missing][1]]
    since = admin.last_seq()
    again = run_playbook(SITE_YML.read_text(encoding='utf-8'), {}, '-i', str(EXAMPLE_DIR / 'inventory.yml'), '-f', '10',
                         environ=environ)
    TIMINGS.append(('docs/examples/multi-account, one token unset', again.seconds))
    assert again.rc != 0, again.report()
    summary = recap(again.stdout)
    assert summary[missing]['failed'] == 1, again.report()[-5000:]
    assert 'auth_token must not be empty' in again.output, again.report()[-5000:]
    assert [entry for entry in admin.requests(since) if entry.get('account') == accounts[missing][0]] == []
    for host in accounts:
        if host != missing:
            assert summary[host]['failed'] == 0 and summary[host]['changed'] == 0, (host, summary)
