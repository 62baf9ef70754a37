# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reliability: real ansible-playbook runs against emulators that misbehave on purpose.

Each test starts its own emulator (emulator_factory in conftest.py) with fault flags:
status faults (500/503/429 with Retry-After), dropped connections, creates whose
response is lost, latency and a per-account rate limit. The emulator's request log
(with each entry's fault, Retry-After and client, i.e. the User-Agent of one module run)
shows what really happened on the wire.

Every run is at -vvvv, failures included, and no run may show the auth token, plain or as
a Basic Authorization header, nor a Python traceback.
"""

from __future__ import annotations

import base64
import collections
import itertools
import json
import os
import re
import sys

import pytest

# Kept in step with conftest.py (MAIN_AUTH_ID, MAIN_AUTH_TOKEN, CONFIG_ENV), which cannot
# be imported by name: tests/conftest.py exists too.
AUTH_ID = 'MAINTEGRATION0000000'
AUTH_TOKEN = 'tok-NEVER-PRINT-9f4e2c71'
CONFIG_ENV = 'PLIVO_INTEGRATION_CONFIG'

pytestmark = pytest.mark.skipif(
    bool(os.environ.get(CONFIG_ENV, '').strip()),
    reason='%s is set: these tests inject faults and need the emulator' % CONFIG_ENV,
)

COLLECTION_PATH = '/v1/Account/%s/Powerpack/' % AUTH_ID
RETRY_WARNING = 'Plivo API: retrying'
# Clock slack allowed when comparing a client's wait with Retry-After.
CLOCK_SLACK = 0.05
# How long after a 429 was sent requests of the same run may still arrive: sent by its other
# workers before the answer reached the client (scheduling on 2 busy cores included).
IN_FLIGHT_GRACE = 0.15
# Wall time of each ansible-playbook run, printed when the module's tests end (see with pytest -s).
TIMINGS = []

# The client's retries per request (max_retries' default); a create is also sent at most this many times more.
MAX_RETRIES = 5


def credentials_yaml(max_retries):
    return """\
        max_retries: %d
        auth_id: "{{ plivo_auth_id }}"
        auth_token: "{{ plivo_auth_token }}"
        api_url: "{{ plivo_api_url }}"
""" % max_retries


CREDENTIALS_YAML = credentials_yaml(MAX_RETRIES)


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def secret_forms(auth_id, token):
    """The token as it could leak: plain, and inside a Basic Authorization header."""
    basic = base64.b64encode(('%s:%s' % (auth_id, token)).encode()).decode()
    return [token, basic]


def check_run_output(result, label):
    """What every run must satisfy, failed or not: -vvvv really on, no token, no traceback."""
    TIMINGS.append((label, result.seconds))
    assert 'ESTABLISH LOCAL CONNECTION' in result.output, 'not verbose?\n' + result.report()
    for secret in secret_forms(AUTH_ID, AUTH_TOKEN):
        lines = [line for line in result.output.splitlines() if secret in line]
        assert not lines, '%s: secret %r... appears in the output:\n%s' % (label, secret[:6], '\n'.join(lines[:20]))
    assert 'Traceback' not in result.output, '%s: a traceback in the output:\n%s' % (label, result.report()[-20000:])


def recap(output):
    """{host: {'ok': n, 'changed': n, 'failed': n, ...}} from the PLAY RECAP."""
    hosts = {}
    for match in re.finditer(r'^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$', output, re.MULTILINE):
        hosts[match.group(1)] = {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', match.group(2))}
    return hosts


def extra_vars(emulator, **more):
    return dict({'plivo_auth_id': AUTH_ID, 'plivo_auth_token': AUTH_TOKEN, 'plivo_api_url': emulator.url}, **more)


class Admin:
    """The admin endpoints of one emulator."""

    def __init__(self, emulator, emulator_admin):
        self.emulator = emulator
        self.call = emulator_admin

    def requests(self, since=0):
        return self.call(self.emulator.url, 'GET', '/_emulator/requests?since=%d' % since)['requests']

    def last_seq(self):
        return max((entry['seq'] for entry in self.requests()), default=0)

    def powerpacks(self):
        return self.call(self.emulator.url, 'GET', '/_emulator/state')['accounts'][AUTH_ID]['powerpacks']

    def seed(self, powerpacks):
        return self.call(self.emulator.url, 'POST', '/_emulator/accounts/%s/powerpacks' % AUTH_ID,
                         {'powerpacks': powerpacks})


@pytest.fixture
def admin_of(emulator_admin):
    return lambda emulator: Admin(emulator, emulator_admin)


def assert_emulator_clean(emulator):
    """The emulator itself must not have crashed on a request (it prints tracebacks to stderr)."""
    text = emulator.stderr_text()
    assert 'Traceback' not in text, 'the emulator hit an internal error:\n' + text[-5000:]


def inventory(tmp_path, group, count):
    path = tmp_path / ('%s.ini' % group)
    lines = ['[%s]' % group]
    lines += ['%s%d ansible_connection=local ansible_python_interpreter=%s' % (group, n, sys.executable)
              for n in range(1, count + 1)]
    path.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    return str(path)


def summarize(entries):
    return collections.Counter(entry['fault'] for entry in entries)


def show(entries, limit=60):
    return '\n'.join('%(seq)s %(client)s %(method)s %(path)s %(query)s -> %(status)s fault=%(fault)s ra=%(retry_after)s' % e
                     for e in entries[:limit])


def retry_after_waits(log):
    """For every answer that carried Retry-After (429/503), when the same client came back.

    One client is one module run, whose workers send up to ``workers`` requests at once.
    Returns (waits, too_early): waits is [(seconds waited, Retry-After)], counted from when
    the answer was sent to when the same request arrived again; too_early lists the clients
    that came back sooner than Retry-After (minus CLOCK_SLACK): with the same request after
    a 429 or 503, or, after a 429, which holds every worker of the run, with any request that
    arrived later than IN_FLIGHT_GRACE after the answer (those before it were already on
    their way when the answer reached the client)."""
    by_client = collections.defaultdict(list)
    for entry in log:
        by_client[entry['client']].append(entry)
    waits, too_early = [], []
    for entries in by_client.values():
        entries.sort(key=lambda e: e['time'])
        for index, entry in enumerate(entries):
            if not entry['retry_after']:
                continue
            later = entries[index + 1:]
            again = [e for e in later if (e['method'], e['path'], e['query']) == (entry['method'], entry['path'], entry['query'])]
            if again:
                waits.append((again[0]['time'] - entry['sent'], entry['retry_after']))
            until = entry['sent'] + entry['retry_after'] - CLOCK_SLACK
            early = [e for e in again[:1] if e['time'] < until]
            if entry['status'] == 429:
                early += [e for e in later if entry['sent'] + IN_FLIGHT_GRACE < e['time'] < until]
            for following in sorted(early, key=lambda e: e['time'])[:1]:
                too_early.append('%s: HTTP %s to #%d %s %s (Retry-After %s), then #%d %s %s %.3f s later'
                                 % (entry['client'], entry['status'], entry['seq'], entry['method'], entry['path'],
                                    entry['retry_after'], following['seq'], following['method'], following['path'],
                                    following['time'] - entry['sent']))
    return waits, too_early


@pytest.fixture(scope='module', autouse=True)
def report_timings():
    yield
    if TIMINGS:
        print('\nreliability run wall times:')
        for label, seconds in TIMINGS:
            print('  %-55s %6.1f s' % (label, seconds))


# ---------------------------------------------------------------------------
# 1. 50 powerpacks converged through ~20% faults, then an idempotent re-run
# ---------------------------------------------------------------------------

COUNTRIES = ['US', 'CA', 'GB', 'DE', 'FR', 'IN', 'AU', 'BR', 'JP', 'MX']
PERMUTATIONS = list(itertools.permutations(['shortcode', 'tollfree', 'longcode']))
MANY = 50
# The loop is split over SHARDS hosts (forks) so that retry waits overlap; each host
# loops over its share of the declared items.
SHARDS = 5


def declared_powerpacks():
    """50 powerpacks, each with its own combination of settings (already in the API's
    normal form, so that the stored object must equal the declaration)."""
    items = []
    for n in range(MANY):
        priorities = [{
            'country_iso': COUNTRIES[n % len(COUNTRIES)],
            'service_type': 'SMS' if n % 2 else 'MMS',
            'priority': dict(zip(('priority1', 'priority2', 'priority3'), PERMUTATIONS[n % 6])),
        }]
        if n % 3 == 0:
            priorities.append({
                'country_iso': COUNTRIES[(n + 3) % len(COUNTRIES)],
                'service_type': 'SMS',
                'priority': dict(zip(('priority1', 'priority2', 'priority3'), PERMUTATIONS[(n + 1) % 6])),
            })
        items.append({
            'name': 'reliability-%02d' % n,
            'sticky_sender': n % 2 == 0,
            'local_connect': n % 4 in (0, 3),
            'number_priority': priorities,
        })
    return items


CONVERGE_PLAYBOOK = """\
- name: Converge the declared powerpacks
  hosts: shard
  gather_facts: false
  tasks:
    - name: Converge each declared powerpack
      plivo.messaging.powerpack:
        name: "{{ item.name }}"
        sticky_sender: "{{ item.sticky_sender }}"
        local_connect: "{{ item.local_connect }}"
        number_priority: "{{ item.number_priority }}"
%s      loop: "{{ declared_by_host[inventory_hostname] }}"
      loop_control:
        label: "{{ item.name }}"
      register: converged

    - name: Write every host's results
      ansible.builtin.copy:
        dest: "{{ results_path }}"
        mode: "0600"
        content: "{{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars, 'converged'))) | to_json }}"
      run_once: true
""" % CREDENTIALS_YAML

# Rates: a drop draw on every request, a status fault on 12% (500/503/429, Retry-After 1),
# and 20% of successful creates lose their answer: ~20% of all requests in all. The seed does
# not make a run repeatable (forks reach the emulator in any order), so the emulator faults no
# request more than MAX_RETRIES times in a row: each one gets through within the client's
# retries by construction, and the tests cannot fail by chance (6 faults in a row, at ~20%
# each, happened about once in 300 runs of the 50-powerpack converge).
CONVERGE_FAULTS = ('--seed', '20260501', '--drop-rate', '0.05', '--fault-rate', '0.12',
                   '--fault-statuses', '500,503,429', '--fault-retry-after', '1', '--lost-response-rate', '0.2',
                   '--max-consecutive-faults', str(MAX_RETRIES))


def run_converge(run_playbook, emulator, tmp_path, label):
    declared = declared_powerpacks()
    by_host = {'shard%d' % (n + 1): declared[n::SHARDS] for n in range(SHARDS)}
    results_path = tmp_path / ('%s.json' % label)
    result = run_playbook(CONVERGE_PLAYBOOK, extra_vars(emulator, declared_by_host=by_host, results_path=str(results_path)),
                          '-i', inventory(tmp_path, 'shard', SHARDS), '--forks', str(SHARDS), '-vvvv')
    check_run_output(result, label)
    assert result.rc == 0, result.report()[-30000:]
    hosts = recap(result.stdout)
    assert sorted(hosts) == sorted(by_host), result.report()[-5000:]
    assert all(h['failed'] == 0 and h['unreachable'] == 0 for h in hosts.values()), hosts
    per_host = json.loads(results_path.read_text(encoding='utf-8'))
    items = [item for host in sorted(per_host) for item in per_host[host]['results']]
    assert sorted(item['item']['name'] for item in items) == sorted(d['name'] for d in declared)
    failed = [item['item']['name'] for item in items if item.get('failed')]
    assert not failed, 'failed items: %s' % failed
    return result, items


def test_fifty_powerpacks_converge_through_faults(emulator_factory, admin_of, run_playbook, tmp_path):
    emulator = emulator_factory(*CONVERGE_FAULTS)
    admin = admin_of(emulator)
    declared = {d['name']: d for d in declared_powerpacks()}

    result, items = run_converge(run_playbook, emulator, tmp_path, 'converge 50 with faults (1st run)')
    log = admin.requests()
    faults = summarize(log)

    # Every item was created, so every item reports changed (a lost create response
    # included: the powerpack did not exist before the task).
    unchanged = [item['item']['name'] for item in items if not item.get('changed')]
    assert not unchanged, 'created but not reported changed: %s' % unchanged

    # The account holds exactly the declared powerpacks, each as declared, once.
    stored = admin.powerpacks()
    names = [p['name'] for p in stored]
    duplicates = sorted(n for n, c in collections.Counter(names).items() if c > 1)
    assert not duplicates, 'duplicate powerpacks: %s\n%s' % (duplicates, show([e for e in log if e['method'] == 'POST'], 400))
    assert sorted(names) == sorted(declared), 'stored %d names: %s' % (len(names), sorted(set(names) ^ set(declared)))
    for powerpack in stored:
        want = declared[powerpack['name']]
        got = {key: powerpack[key] for key in ('sticky_sender', 'local_connect', 'number_priority')}
        assert got == {key: want[key] for key in got}, '%s: stored %s, declared %s' % (powerpack['name'], got, want)

    # The faults really happened, ~20% of all requests, and the client said it retried.
    print('\n1st run: %d requests, faults %s (%.0f%% faulted)' % (
        len(log), dict(faults), 100.0 * (len(log) - faults[None]) / len(log)))
    for kind in ('status', 'drop', 'lost_response'):
        assert faults[kind] > 0, 'no %s fault happened: %s' % (kind, dict(faults))
    statuses = collections.Counter(e['status'] for e in log if e['fault'] == 'status')
    assert set(statuses) == {429, 500, 503}, statuses
    assert all(e['retry_after'] == 1 for e in log if e['fault'] == 'status' and e['status'] in (429, 503))
    fraction = (len(log) - faults[None]) / len(log)
    assert 0.12 <= fraction <= 0.30, 'faulted %.0f%% of requests, meant ~20%%' % (100 * fraction)
    assert RETRY_WARNING in result.output, 'no retry warning shown\n' + result.report()[-20000:]
    waits, too_early = retry_after_waits(log)
    assert waits, 'no 429/503 with Retry-After was answered'
    print('1st run: %d answers with Retry-After; waits after them %.3f..%.3f s' % (
        len(waits), min(w for w, _ra in waits), max(w for w, _ra in waits)))

    # Again, faults still on: nothing changes and nothing is written.
    since = admin.last_seq()
    result2, items2 = run_converge(run_playbook, emulator, tmp_path, 'converge 50 with faults (2nd run)')
    log2 = admin.requests(since)
    changed = [item['item']['name'] for item in items2 if item.get('changed')]
    assert not changed, 'the re-run changed: %s' % changed
    hosts = recap(result2.stdout)
    # The results file is written by one host: the only changed task of the run.
    assert sum(h['changed'] for h in hosts.values()) == 1, hosts
    writes = [e for e in log2 if e['method'] in ('POST', 'PUT', 'PATCH', 'DELETE')]
    assert not writes, 'the re-run wrote:\n' + show(writes)
    faults2 = summarize(log2)
    print('2nd run: %d requests, faults %s' % (len(log2), dict(faults2)))
    assert faults2['status'] + faults2['drop'] > 0, 'the re-run met no fault: %s' % dict(faults2)
    assert sorted(p['name'] for p in admin.powerpacks()) == sorted(declared)
    assert_emulator_clean(emulator)
    # Checked last so that a failure here does not hide the re-run's results.
    waits2, too_early2 = retry_after_waits(log2)
    too_early += too_early2
    assert not too_early, 'clients came back before Retry-After:\n' + '\n'.join(too_early)


# ---------------------------------------------------------------------------
# 2. 8 hosts create the same powerpack at the same moment
# ---------------------------------------------------------------------------

RACE_PLAYBOOK = """\
- name: Every host creates the same powerpack at once
  hosts: racer
  gather_facts: false
  tasks:
    - name: Create the shared powerpack
      plivo.messaging.powerpack:
        name: race-shared
        sticky_sender: false
        local_connect: true
        number_priority:
          - country_iso: US
            service_type: SMS
            priority: {priority1: tollfree, priority2: shortcode, priority3: longcode}
%s      register: race

    - name: Write every host's result
      ansible.builtin.copy:
        dest: "{{ results_path }}"
        mode: "0600"
        content: "{{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars, 'race'))) | to_json }}"
      run_once: true
""" % CREDENTIALS_YAML

RACERS = 8
RACE_LATENCY_MS = 1500  # long enough that 8 forks overlap even on a loaded 2-core machine


def test_eight_hosts_create_the_same_powerpack(emulator_factory, admin_of, run_playbook, tmp_path):
    emulator = emulator_factory('--latency', str(RACE_LATENCY_MS))
    admin = admin_of(emulator)
    results_path = tmp_path / 'race.json'
    result = run_playbook(RACE_PLAYBOOK, extra_vars(emulator, results_path=str(results_path)),
                          '-i', inventory(tmp_path, 'racer', RACERS), '--forks', str(RACERS), '-vvvv')
    check_run_output(result, '8 hosts create one name')
    log = admin.requests()
    creates = [e for e in log if e['method'] == 'POST' and e['path'].rstrip('/') == COLLECTION_PATH.rstrip('/')]
    print('\nrace: %d requests, %d create attempts, %d clients' % (
        len(log), len(creates), len({e['client'] for e in log})))

    assert result.rc == 0, result.report()[-30000:]
    hosts = recap(result.stdout)
    assert len(hosts) == RACERS and all(h['failed'] == 0 and h['unreachable'] == 0 for h in hosts.values()), hosts
    races = json.loads(results_path.read_text(encoding='utf-8'))
    assert len(races) == RACERS
    assert not [h for h, r in races.items() if r.get('failed')], races
    changed = sorted(h for h, r in races.items() if r.get('changed'))
    stored = [p for p in admin.powerpacks() if p['name'] == 'race-shared']
    assert len(stored) == 1, 'powerpacks named race-shared: %d\n%s' % (len(stored), show(log, 200))
    assert len(changed) == 1, 'hosts that report changed: %s\n%s' % (changed, show(creates))
    uuids = {r['powerpack']['uuid'] for r in races.values()}
    assert uuids == {stored[0]['uuid']}, 'hosts report different powerpacks: %s' % uuids
    assert stored[0]['sticky_sender'] is False and stored[0]['local_connect'] is True
    # The test only means something if the hosts really raced: several creates were sent.
    assert len(creates) >= 2, ('only %d create was sent: the lookups did not overlap; raise RACE_LATENCY_MS\n%s'
                               % (len(creates), show(log)))
    assert_emulator_clean(emulator)


# ---------------------------------------------------------------------------
# 3. 429 storm under a rate limit
# ---------------------------------------------------------------------------

STORM_PLAYBOOK = """\
- name: Every host lists every powerpack
  hosts: storm
  gather_facts: false
  tasks:
    - name: List every powerpack
      plivo.messaging.powerpack_info:
%s      register: listed

    - name: Write every host's count
      ansible.builtin.copy:
        dest: "{{ results_path }}"
        mode: "0600"
        content: >-
          {{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars, 'listed')
             | map(attribute='powerpacks', default=[]) | map('length'))) | to_json }}
      run_once: true
""" % CREDENTIALS_YAML

STORM_HOSTS = 8
STORM_POWERPACKS = 300   # 15 list pages of 20: 120 requests wanted at once by 8 hosts
STORM_LIMIT = '20/2'


def test_rate_limit_storm_honours_retry_after(emulator_factory, admin_of, run_playbook, tmp_path):
    emulator = emulator_factory('--rate-limit', STORM_LIMIT)
    admin = admin_of(emulator)
    admin.seed([{'name': 'storm-%03d' % n} for n in range(STORM_POWERPACKS)])
    results_path = tmp_path / 'storm.json'
    result = run_playbook(STORM_PLAYBOOK, extra_vars(emulator, results_path=str(results_path)),
                          '-i', inventory(tmp_path, 'storm', STORM_HOSTS), '--forks', str(STORM_HOSTS), '-vvvv')
    check_run_output(result, '429 storm, 8 hosts x 15 pages')
    log = admin.requests()
    limited = [e for e in log if e['fault'] == 'rate_limit']

    assert result.rc == 0, result.report()[-30000:]
    hosts = recap(result.stdout)
    assert len(hosts) == STORM_HOSTS and all(h['failed'] == 0 and h['unreachable'] == 0 for h in hosts.values()), hosts
    counts = json.loads(results_path.read_text(encoding='utf-8'))
    assert counts == {'storm%d' % n: STORM_POWERPACKS for n in range(1, STORM_HOSTS + 1)}, counts

    assert limited, 'no 429 was sent: the storm did not hit the rate limit\n' + show(log)
    assert all(e['status'] == 429 and isinstance(e['retry_after'], int) and e['retry_after'] >= 1 for e in limited), \
        show(limited)
    assert RETRY_WARNING in result.output

    # For every 429, the same client's next request came no sooner than Retry-After
    # after the 429 was sent ("sent": when the emulator answered; "time": arrival).
    assert len({e['client'] for e in log}) == STORM_HOSTS, sorted({e['client'] for e in log})
    waits, too_early = retry_after_waits(log)
    assert len(waits) == len(limited), 'a client stopped after a 429 (%d waits for %d x 429)' % (len(waits), len(limited))
    ok_pages = sum(1 for e in log if e['status'] == 200)
    print('\nstorm: %d requests (%d answered 200, %d x 429), Retry-After values %s, '
          'waits after a 429: min margin %.3f s, max wait %.3f s' % (
              len(log), ok_pages, len(limited), sorted({ra for _w, ra in waits}),
              min(w - ra for w, ra in waits), max(w for w, _ra in waits)))
    assert not too_early, 'clients came back before Retry-After:\n' + '\n'.join(too_early)
    # The last 429 of every client was followed by a request: no client gave up.
    assert ok_pages == STORM_HOSTS * (STORM_POWERPACKS // 20), ok_pages
    assert_emulator_clean(emulator)


# ---------------------------------------------------------------------------
# 4. max_retries: 0 fails at once, with a clear message
# ---------------------------------------------------------------------------

NO_RETRY_PLAYBOOK = """\
- name: No retries
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Look up a powerpack with retries off
      plivo.messaging.powerpack:
        name: no-retry
        sticky_sender: true
%s""" % credentials_yaml(0)


@pytest.mark.parametrize('flags, expected', [
    (('--fault-rate', '1', '--fault-statuses', '503', '--fault-retry-after', '1'),
     'Plivo API returned HTTP 503 for GET %s' % COLLECTION_PATH),
    (('--drop-rate', '1'),
     'Plivo API request GET %s failed: ' % COLLECTION_PATH),
], ids=['status_503', 'dropped_connection'])
def test_max_retries_zero_fails_at_once(flags, expected, emulator_factory, admin_of, run_playbook, tmp_path):
    emulator = emulator_factory(*flags)
    admin = admin_of(emulator)
    result = run_playbook(NO_RETRY_PLAYBOOK, extra_vars(emulator), '-vvvv')
    check_run_output(result, 'max_retries 0, %s' % ' '.join(flags))
    log = admin.requests()

    assert result.rc != 0, 'the task must fail\n' + result.report()
    hosts = recap(result.stdout)
    assert hosts.get('localhost', {}).get('failed') == 1, hosts
    assert expected in result.output, 'expected %r in the output\n%s' % (expected, result.report())
    print('\n' + next(line for line in result.output.splitlines() if expected in line).strip())
    assert len(log) == 1, 'expected exactly one request, got %d:\n%s' % (len(log), show(log))
    assert RETRY_WARNING not in result.output, result.report()
    assert admin.powerpacks() == []
    assert_emulator_clean(emulator)


# ---------------------------------------------------------------------------
# 5. a pool of 60 senders converged through ~20% faults, then an idempotent re-run
# ---------------------------------------------------------------------------

POOL_NAME = 'faulty-pool'
# 50 long codes for SMS and 10 for MMS, all rented by the account, in no pool yet.
POOL_SMS = ['1415555%04d' % n for n in range(4000, 4050)]
POOL_MMS = ['1415555%04d' % n for n in range(4050, 4060)]

POOL_PLAYBOOK = """\
- name: Converge a pool of 60 senders
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Converge the pool
      plivo.messaging.powerpack_pool:
        powerpack_name: %s
        senders: "{{ senders }}"
        purge_senders: true
%s      register: pool

    - name: Write the result
      ansible.builtin.copy:
        dest: "{{ results_path }}"
        mode: "0600"
        content: "{{ pool | to_json }}"
""" % (POOL_NAME, CREDENTIALS_YAML)


def pool_senders():
    return [{'number': n} for n in POOL_SMS] + [{'number': n, 'service': 'mms'} for n in POOL_MMS]


def pool_members(admin, pool_uuid):
    """{number: service} of the long codes the emulator holds in this pool."""
    numbers = admin.call(admin.emulator.url, 'GET', '/_emulator/accounts/%s/numbers' % AUTH_ID)['numbers']
    return {n['number']: n['service'] for n in numbers if n['pool'] == pool_uuid}


def test_sixty_senders_converge_through_faults(emulator_factory, admin_of, run_playbook, tmp_path):
    """Pool adds are keyed by number: a lost answer or a retried POST must never fail the
    task, lose a sender, or leave the wrong service; the re-run under faults writes nothing."""
    emulator = emulator_factory(*CONVERGE_FAULTS)
    admin = admin_of(emulator)
    pool_uuid = admin.seed([{'name': POOL_NAME}])['objects'][0]['number_pool'].split('/')[5]
    admin.call(emulator.url, 'POST', '/_emulator/accounts/%s/numbers' % AUTH_ID,
               {'numbers': [{'number': n} for n in POOL_SMS + POOL_MMS]})
    wanted = dict([(n, 'sms') for n in POOL_SMS] + [(n, 'mms') for n in POOL_MMS])

    results_path = tmp_path / 'pool-1.json'
    result = run_playbook(POOL_PLAYBOOK, extra_vars(emulator, senders=pool_senders(), results_path=str(results_path)),
                          '-vvvv')
    check_run_output(result, 'pool of 60 with faults (1st run)')
    assert result.rc == 0, result.report()[-30000:]
    first = json.loads(results_path.read_text(encoding='utf-8'))
    assert first['changed'] and sorted(first['added']) == sorted(wanted), first
    assert pool_members(admin, pool_uuid) == wanted
    log = admin.requests()
    faults = summarize(log)
    print('\npool 1st run: %d requests, faults %s' % (len(log), dict(faults)))
    # The faults that matter for adds really happened on adds.
    adds = [e for e in log if e['method'] == 'POST']
    assert any(e['fault'] == 'lost_response' for e in adds), 'no add lost its answer: %s' % dict(faults)
    assert any(e['fault'] in ('status', 'drop') for e in adds), 'no add met a status or drop fault'
    assert RETRY_WARNING in result.output, result.report()[-20000:]

    since = admin.last_seq()
    results_path = tmp_path / 'pool-2.json'
    result2 = run_playbook(POOL_PLAYBOOK, extra_vars(emulator, senders=pool_senders(), results_path=str(results_path)),
                           '-vvvv')
    check_run_output(result2, 'pool of 60 with faults (2nd run)')
    assert result2.rc == 0, result2.report()[-30000:]
    second = json.loads(results_path.read_text(encoding='utf-8'))
    assert not second['changed'] and second['added'] == second['updated'] == second['removed'] == [], second
    log2 = admin.requests(since)
    writes = [e for e in log2 if e['method'] in ('POST', 'PUT', 'PATCH', 'DELETE')]
    assert not writes, 'the re-run wrote:\n' + show(writes)
    assert pool_members(admin, pool_uuid) == wanted
    assert_emulator_clean(emulator)
