# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The export playbook plivo.messaging.export, and its round trip through the powerpacks role.

1. test_export_round_trip_one_account: the README's way, from the environment and without an
   inventory. An emulator account is seeded with powerpacks that have pools (long codes with
   the sms and mms services, toll-free numbers, a short code), number_priority and attached
   applications (xml and phlo), and powerpacks that have none of these. The export, run in check
   mode at -vvvv, writes DIR/localhost.yml: exactly the seeded account in the role's input
   format, sorted, every string from the API that could hold a template tagged !unsafe, with no credential in it or in the
   output, and it sends no write. The role
   run on that file (-e @DIR/localhost.yml) is a no-op: changed=0, every powerpack unchanged,
   and no POST or DELETE. A second export writes the same file.
2. test_export_two_accounts: an inventory of two accounts (one host each, tokens from
   environment lookups, as in docs/examples/multi-account) exports to two files, each with
   its own account's powerpacks; with the files as host_vars/<host>.yml, the role run with
   --check --diff changes nothing in either account, and no write is sent.

Both start their own emulators (emulator_factory), so they never touch the account of
PLIVO_INTEGRATION_CONFIG and run in both modes.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import urllib.request
import uuid
from dataclasses import dataclass

import pytest
import yaml

VENV_BIN = os.path.dirname(sys.executable)
WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')
RUN_TIMEOUT = 300

MAIN = ('MAEXPORTMAIN00000001', 'export-main-NEVER-PRINT-6d1f3a')
SECOND = ('SAEXPORTSECOND000002', 'export-second-NEVER-PRINT-c02e95')
SHORTCODE = '444444'

US_SMS = {'country_iso': 'US', 'service_type': 'SMS', 'priority': {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'}}
CA_MMS = {'country_iso': 'CA', 'service_type': 'MMS', 'priority': {'priority1': 'longcode', 'priority2': 'tollfree', 'priority3': 'shortcode'}}
GB_SMS = {'country_iso': 'GB', 'service_type': 'SMS', 'priority': {'priority1': 'longcode', 'priority2': 'shortcode', 'priority3': 'tollfree'}}


def longcode(number, service):
    return {'number': number, 'type': 'longcode', 'service': service}


def tollfree(number, service):
    return {'number': number, 'type': 'tollfree', 'service': service}


# What each account holds, as the export must write it (powerpacks by name, letter case
# counting; senders by type, then number). 'seed' is how each powerpack is created: in the
# forms the API takes (lower-case country codes and types, entries in another order), which
# the export writes in its one form.
MAIN_ACCOUNT = [
    {
        'seed': {'name': 'Billing', 'sticky_sender': False, 'local_connect': True,
                 'application_id': 'f4a3c1d2-0b6e-4d7a-9c85-1e2f3a4b5c6d', 'application_type': 'phlo',
                 'number_priority': [{'country_iso': 'gb', 'service_type': 'sms',
                                      'priority': {'priority1': 'longcode', 'priority2': 'shortcode', 'priority3': 'tollfree'}}]},
        'export': {'name': 'Billing', 'sticky_sender': False, 'local_connect': True,
                   'application_type': 'phlo', 'application_id': 'f4a3c1d2-0b6e-4d7a-9c85-1e2f3a4b5c6d',
                   'number_priority': [GB_SMS],
                   'senders': [longcode('447700900123', 'mms'), tollfree('18885550142', 'mms')]},
    },
    {
        'seed': {'name': 'alerts', 'sticky_sender': True, 'local_connect': False,
                 'application_id': '20372631212782780', 'application_type': 'xml', 'number_priority': [US_SMS, CA_MMS]},
        'export': {'name': 'alerts', 'sticky_sender': True, 'local_connect': False,
                   'application_type': 'xml', 'application_id': '20372631212782780',
                   'number_priority': [CA_MMS, US_SMS],
                   'senders': [longcode('14155550100', 'sms'), longcode('14155550101', 'mms'),
                               tollfree('18005550199', 'sms'), {'number': SHORTCODE, 'type': 'shortcode'}]},
    },
    {
        'seed': {'name': 'promo: spring 2026', 'local_connect': False},
        'export': {'name': 'promo: spring 2026', 'sticky_sender': True, 'local_connect': False,
                   'number_priority': [], 'senders': []},
    },
    {
        'seed': {'name': 'zz-support', 'sticky_sender': False, 'application_id': 'none', 'number_priority': [US_SMS]},
        'export': {'name': 'zz-support', 'sticky_sender': False, 'local_connect': True,
                   'number_priority': [US_SMS], 'senders': [longcode('16135550100', 'sms')]},
    },
]

SECOND_ACCOUNT = [
    {
        'seed': {'name': 'alerts', 'sticky_sender': False, 'local_connect': False, 'number_priority': [GB_SMS]},
        'export': {'name': 'alerts', 'sticky_sender': False, 'local_connect': False, 'number_priority': [GB_SMS],
                   'senders': [longcode('14155550177', 'mms')]},
    },
]

ROLE_PLAYBOOK = """\
- name: Converge the exported account
  hosts: all
  gather_facts: false
  roles:
    - role: plivo.messaging.powerpacks

- name: Keep the role's summaries
  hosts: all
  gather_facts: false
  tasks:
    - name: Write the summary of this account
      ansible.builtin.copy:
        content: "{{ plivo_powerpacks_summary | to_json }}"
        dest: "{{ summary_dir }}/{{ inventory_hostname }}.json"
        mode: '0600'
      delegate_to: localhost
      check_mode: false
      changed_when: false
"""


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

@dataclass
class Run:
    rc: int
    output: str
    command: list

    def report(self, tail=20000):
        return '$ %s\nrc=%s\n%s' % (' '.join(self.command), self.rc, self.output[-tail:])


def run_ansible_playbook(collections_path, workdir, args, environ):
    """ansible-playbook ARGS in workdir, in a clean environment (no PLIVO_*, no ANSIBLE_* of the caller) plus environ."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PLIVO_', 'ANSIBLE_'))}
    env.update({
        'PATH': VENV_BIN + os.pathsep + env.get('PATH', ''),
        'ANSIBLE_COLLECTIONS_PATH': collections_path,
        'ANSIBLE_HOME': str(workdir / 'ansible-home'),
        'ANSIBLE_LOCAL_TEMP': str(workdir / 'ansible-tmp'),
        'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
    })
    env.update(environ)
    command = [os.path.join(VENV_BIN, 'ansible-playbook'), *args]
    try:
        proc = subprocess.run(command, cwd=str(workdir), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=RUN_TIMEOUT, check=False)
    except subprocess.TimeoutExpired as err:
        pytest.fail('ansible-playbook did not finish in %ss: %s\n%s' % (RUN_TIMEOUT, command, err.output))
    return Run(proc.returncode, proc.stdout, command)


def recap(output):
    """{host: {'ok': n, 'changed': n, 'failed': n, ...}} from the PLAY RECAP."""
    hosts = {}
    for match in re.finditer(r'^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$', output, re.MULTILINE):
        hosts[match.group(1)] = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', match.group(2))}
    return hosts


def check_run(result, hosts):
    """The run succeeded on exactly these hosts, without a traceback; returns the recap."""
    assert result.rc == 0, result.report()
    summary = recap(result.output)
    assert sorted(summary) == sorted(hosts), result.report()
    assert not any(counts['failed'] or counts['unreachable'] for counts in summary.values()), result.report()
    assert 'Traceback' not in result.output, result.report()
    return summary


def secrets(auth_id, token):
    """What must never be in an export file: the token, in the forms it could leak, and the auth ID."""
    basic = base64.b64encode(('%s:%s' % (auth_id, token)).encode()).decode()
    return [token, basic, auth_id]


def api(emulator, account, method, path, body=None):
    """A request to the emulator's Plivo API as the account (auth_id, token); the decoded answer."""
    auth_id, token = account
    request = urllib.request.Request(
        '%s/v1/Account/%s/%s' % (emulator.url.rstrip('/'), auth_id, path), method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={'Content-Type': 'application/json',
                 'Authorization': 'Basic ' + base64.b64encode(('%s:%s' % account).encode()).decode()})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        payload = response.read()
    return json.loads(payload) if payload.strip() else None


def seed(emulator, account, powerpacks):
    """Create the powerpacks of one account through the API, with their pools; the short code is linked by admin."""
    for item in powerpacks:
        created = api(emulator, account, 'POST', 'Powerpack/', item['seed'])
        pool = api(emulator, account, 'GET', 'Powerpack/%s/' % created['uuid'])['number_pool'].rstrip('/').rsplit('/', 1)[-1]
        for sender in item['export']['senders']:
            if sender['type'] == 'shortcode':
                emulator.admin('POST', '/_emulator/accounts/%s/shortcodes/%s/link' % (account[0], sender['number']),
                               {'powerpack': created['uuid']})
            else:
                kind = 'Tollfree' if sender['type'] == 'tollfree' else 'Number'
                api(emulator, account, 'POST', 'NumberPool/%s/%s/%s/' % (pool, kind, sender['number']),
                    {'rent': True, 'service': sender['service']})


def writes(emulator, since):
    return [entry for entry in emulator.requests(since=since) if entry['method'] in WRITE_METHODS]


def last_seq(emulator):
    return max((entry['seq'] for entry in emulator.requests()), default=0)


class Unsafe(str):
    """A string the export file tags !unsafe."""


class UnsafeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """PyYAML's safe loader that also reads Ansible's !unsafe tag, into Unsafe strings."""


UnsafeLoader.add_constructor('!unsafe', lambda loader, node: Unsafe(loader.construct_scalar(node)))


def strings(value):
    """Every string in value, dictionary keys left out."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [value] if isinstance(value, str) else []


def reads_as_string(text):
    """Whether YAML (PyYAML's resolver, as Ansible's loader uses it) reads text, unquoted, as a string."""
    return yaml.resolver.Resolver().resolve(yaml.nodes.ScalarNode, text, (True, False)) == 'tag:yaml.org,2002:str'


def load_export(path):
    """The text of an export file and its data. Every string of plivo_powerpacks (all come from the API) is tagged
    !unsafe, except those YAML would read as another type unquoted (ansible-core 2.19 reads !unsafe "14155550100" as a
    number), which cannot hold a template."""
    text = path.read_text(encoding='utf-8')
    data = yaml.load(text, Loader=UnsafeLoader)
    untagged = [value for value in strings(data) if not isinstance(value, Unsafe) and (reads_as_string(value) or '{' in value)]
    assert not untagged, 'strings of the export file without !unsafe: %r\n%s' % (untagged, text)
    return text, data


def summary_of(directory, host):
    return json.loads((directory / ('%s.json' % host)).read_text(encoding='utf-8'))


# ---------------------------------------------------------------------------
# 1. one account, from the environment, no inventory
# ---------------------------------------------------------------------------

def test_export_round_trip_one_account(emulator_factory, collections_path, tmp_path):
    emulator = emulator_factory('--shortcode', '%s:%s' % (MAIN[0], SHORTCODE), accounts=dict([MAIN]))
    seed(emulator, MAIN, MAIN_ACCOUNT)
    environ = {'PLIVO_AUTH_ID': MAIN[0], 'PLIVO_AUTH_TOKEN': MAIN[1], 'PLIVO_API_URL': emulator.url}
    export_dir = tmp_path / 'exported'

    # The export reads only, and writes its file in check mode too; -vvvv shows every module call.
    since = last_seq(emulator)
    exported = run_ansible_playbook(collections_path, tmp_path, ['plivo.messaging.export', '-e', 'plivo_export_dir=exported',
                                                                 '--check', '-vvvv'], environ)
    check_run(exported, ['localhost'])
    assert writes(emulator, since) == [], writes(emulator, since)
    text, data = load_export(export_dir / 'localhost.yml')
    assert set(data) == {'plivo_powerpacks'}, text
    assert data['plivo_powerpacks'] == [item['export'] for item in MAIN_ACCOUNT], text
    for secret in secrets(*MAIN) + [emulator.url, emulator.url.rsplit(':', 1)[-1]]:
        assert secret not in text, 'the export file holds %r...:\n%s' % (secret[:8], text)
    for secret in secrets(*MAIN)[:2]:
        assert secret not in exported.output, 'the token (%r...) appears in the output' % secret[:8]
    assert 'ESTABLISH LOCAL CONNECTION' in exported.output, 'not verbose?\n' + exported.report()

    # The role on the exported file changes nothing, and writes nothing.
    (tmp_path / 'role.yml').write_text(ROLE_PLAYBOOK, encoding='utf-8')
    summaries = tmp_path / 'summaries'
    summaries.mkdir()
    since = last_seq(emulator)
    converged = run_ansible_playbook(collections_path, tmp_path, ['role.yml', '-i', 'localhost,', '-c', 'local', '-e', '@exported/localhost.yml',
                                                                  '-e', 'summary_dir=%s' % summaries, '--diff'], environ)
    summary = check_run(converged, ['localhost'])
    assert summary['localhost']['changed'] == 0, converged.report()
    assert writes(emulator, since) == [], writes(emulator, since)
    role_summary = summary_of(summaries, 'localhost')
    names = [item['export']['name'] for item in MAIN_ACCOUNT]
    assert sorted(role_summary['unchanged']) == sorted(names), role_summary
    assert not (role_summary['created'] or role_summary['updated'] or role_summary['deleted'] or role_summary['changed']), role_summary
    # The role did compare the pools: it read each declared sender type of each pool.
    pool_reads = [entry for entry in emulator.requests(since=since) if '/NumberPool/' in entry['path']]
    assert pool_reads, 'the role read no pool'

    # A second export, not in check mode, writes the same file: its diff is empty.
    again = run_ansible_playbook(collections_path, tmp_path, ['plivo.messaging.export', '-e', 'plivo_export_dir=exported',
                                                              '--diff'], environ)
    summary = check_run(again, ['localhost'])
    assert summary['localhost']['changed'] == 0, again.report()
    assert (export_dir / 'localhost.yml').read_text(encoding='utf-8') == text


# ---------------------------------------------------------------------------
# 2. two accounts, one host each, to two files
# ---------------------------------------------------------------------------

def token_variable(host):
    return 'EXPORT_TOKEN_%s' % host.replace('-', '_').upper()


def test_export_two_accounts(emulator_factory, collections_path, tmp_path):
    accounts = {'acct-main': MAIN, 'acct-second': SECOND}
    declared = {'acct-main': MAIN_ACCOUNT, 'acct-second': SECOND_ACCOUNT}
    emulator = emulator_factory('--shortcode', '%s:%s' % (MAIN[0], SHORTCODE), accounts=dict(accounts.values()))
    for host, account in accounts.items():
        seed(emulator, account, declared[host])
    # As docs/examples/multi-account lays it out: the token of each account from the environment.
    inventory = {'plivo_accounts': {
        'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': '{{ ansible_playbook_python }}'},
        'hosts': {host: {'plivo_auth_id': auth_id, 'plivo_auth_token': "{{ lookup('ansible.builtin.env', '%s') }}" % token_variable(host)}
                  for host, (auth_id, _token) in accounts.items()}}}
    (tmp_path / 'inventory.yml').write_text(yaml.safe_dump(inventory, sort_keys=False), encoding='utf-8')
    environ = {token_variable(host): token for host, (_auth_id, token) in accounts.items()}
    environ['PLIVO_API_URL'] = emulator.url
    export_dir = 'exported-%s' % uuid.uuid4().hex[:6]

    since = last_seq(emulator)
    exported = run_ansible_playbook(collections_path, tmp_path, ['plivo.messaging.export', '-i', 'inventory.yml', '-f', '2',
                                                                 '-e', 'plivo_export_dir=%s' % export_dir], environ)
    check_run(exported, sorted(accounts))
    assert writes(emulator, since) == []
    assert sorted(os.listdir(tmp_path / export_dir)) == ['acct-main.yml', 'acct-second.yml']
    for host, account in accounts.items():
        text, data = load_export(tmp_path / export_dir / ('%s.yml' % host))
        assert data == {'plivo_powerpacks': [item['export'] for item in declared[host]]}, '%s:\n%s' % (host, text)
        for other in accounts.values():
            for secret in secrets(*other):
                assert secret not in text, '%s: the export file holds %r...' % (host, secret[:8])
        for secret in secrets(*account)[:2]:
            assert secret not in exported.output

    # Adopted: the files become host_vars, and a check run with diff shows no change.
    (tmp_path / 'host_vars').mkdir()
    for host in accounts:
        (tmp_path / 'host_vars' / ('%s.yml' % host)).write_text(
            (tmp_path / export_dir / ('%s.yml' % host)).read_text(encoding='utf-8'), encoding='utf-8')
    (tmp_path / 'role.yml').write_text(ROLE_PLAYBOOK, encoding='utf-8')
    summaries = tmp_path / 'summaries'
    summaries.mkdir()
    since = last_seq(emulator)
    checked = run_ansible_playbook(collections_path, tmp_path, ['role.yml', '-i', 'inventory.yml', '-f', '2', '--check', '--diff',
                                                                '-e', 'summary_dir=%s' % summaries], environ)
    summary = check_run(checked, sorted(accounts))
    assert all(counts['changed'] == 0 for counts in summary.values()), checked.report()
    assert writes(emulator, since) == []
    for host in accounts:
        assert sorted(summary_of(summaries, host)['unchanged']) == sorted(item['export']['name'] for item in declared[host])
