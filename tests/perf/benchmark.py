# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the powerpacks role against a naive loop, and one module task against one uri GET.

Run from the repository root with the venv's python:

    .venv/bin/python tests/perf/benchmark.py [--sizes 20,100,200] [--repeat 7] [--json out.json]

For every N it seeds N powerpacks into a fresh emulator account (through the emulator's
admin seed endpoint, so the declared state already holds) and times, with real
ansible-playbook runs:

  (a) the role plivo.messaging.powerpacks over the N declarations (a no-op);
  (b) a naive ``loop:`` of plivo.messaging.powerpack over the same N items;

and once, in one playbook, R alternating pairs of

  (c) one ansible.builtin.uri task doing a single GET of one powerpack (Basic auth);
  (d) one plivo.messaging.powerpack task by uuid with nothing to change.

Task times come from tests/perf/callback_plugins/task_timer.py (per-task wall time,
without ansible-playbook's start-up); whole-playbook wall times are reported too. The
emulator's request log is sliced around every measurement to count requests, reads and
writes. It prints a table and the ratios, checks the must-show criteria (see CRITERIA)
and exits 1 when one fails (2 when the benchmark itself could not run).

Latency mode (``--latency-table [--latency MS] [--latency-n N] [--latency-cases L1,...]
[--memory-sizes 200,2000] [--memory-kinds noop,create]``, ~8 min): one emulator with
``--latency 100 --rate-limit 300/5`` (Plivo's limit per account) and, for N = 200, the role in

  L1   a no-op over N seeded powerpacks declaring number_priority (ceil(N/20) pages + N reads);
  L2   the same, each also declaring senders: 6 long codes already in its pool;
  L2P  L2 with purge_senders: true (each pool read whole: 3 lists);
  L3   N creates from an empty account;
  L3S  L3, each with 6 long codes declared with rent: true;

each run twice side by side, with the modules' default workers and with ``workers: 1``
(play-level module_defaults), in accounts of their own. It reports requests, writes, the
emulator's 429 answers, requests in flight, the bulk task's wall time, the floor
(requests / 60 per s) and the ratios, and checks the targets (see check_latency_criteria).
Then the peak RSS of the powerpack_bulk process itself, run directly under peak_rss.py,
for no-op and create runs of 200 and 2,000 powerpacks with pools (no latency).

tests/perf/test_benchmark.py imports this file and asserts the same criteria (of the
latency table, L1 only).
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

PERF_DIR = os.path.dirname(os.path.abspath(__file__))
TESTS_DIR = os.path.dirname(PERF_DIR)
REPO_ROOT = os.path.dirname(TESTS_DIR)
# The test support modules live in tests/. Under pytest, tests/conftest.py has put it on
# sys.path already; run as a script, this file does.
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from collection_tree import build_collection_tree  # noqa: E402  pylint: disable=wrong-import-position
from emulator.process import EmulatorError, EmulatorProcess  # noqa: E402  pylint: disable=wrong-import-position

CALLBACK_DIR = os.path.join(PERF_DIR, 'callback_plugins')
ROLE_DIR = os.path.join(REPO_ROOT, 'roles', 'powerpacks')
BULK_MODULE = os.path.join(REPO_ROOT, 'plugins', 'modules', 'powerpack_bulk.py')
PEAK_RSS = os.path.join(PERF_DIR, 'peak_rss.py')

DEFAULT_SIZES = (20, 100, 200)
DEFAULT_REPEAT = 7
DEFAULT_ROLE_RUNS = 3
ALL_CASES = ('a', 'b', 'c', 'd')

# The must-show criteria. Thresholds are fixed here and nowhere else.
CRITERION_N = 200
MIN_SPEEDUP = 10.0          # (b) naive loop / (a) role, task wall time, at N = CRITERION_N
MAX_SINGLE_RATIO = 1.3      # median (d) powerpack task / median (c) uri task
PAGE_LIMIT = 20             # the API's largest page
WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')

CASE_LABELS = {
    'a': '(a) role, no-op',
    'b': '(b) naive loop',
    'c': '(c) uri GET',
    'd': '(d) powerpack by uuid',
}

PLAYBOOK_TIMEOUT = 1800


class BenchmarkError(Exception):
    """The benchmark could not measure (a playbook failed, the emulator did not start, ...)."""


def log(message):
    print(message, file=sys.stderr, flush=True)


def venv_python():
    """The venv's python: modules run with it (ANSIBLE_PYTHON_INTERPRETER), and its bin holds ansible-playbook."""
    if os.path.exists(os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')):
        return sys.executable
    candidate = os.path.join(REPO_ROOT, '.venv', 'bin', 'python')
    if os.path.exists(candidate):
        return candidate
    raise BenchmarkError('no ansible-playbook next to %s and no %s: run with .venv/bin/python' % (sys.executable, candidate))


# --------------------------------------------------------------------------------------
# The emulator


def start_emulator(accounts, log_path, args=()):
    """A started EmulatorProcess with these accounts and flags (stop it, or use it in a with statement)."""
    try:
        return EmulatorProcess(accounts, log_path, args=args, admin_timeout=120).start()
    except EmulatorError as err:
        raise BenchmarkError(str(err)) from None


POWERPACK_LIST_PATH = re.compile(r'/Powerpack/?$')
POOL_LIST_PATH = re.compile(r'/NumberPool/[^/]+/(Number|Tollfree|Shortcode)/?$')


def count_requests(entries):
    """total / reads / writes (and list pages / pool lists / other reads, creates, 429s) of request log entries."""
    reads = [e for e in entries if e['method'] == 'GET']
    list_pages = [e for e in reads if POWERPACK_LIST_PATH.search(e['path'])]
    pool_lists = [e for e in reads if POOL_LIST_PATH.search(e['path'])]
    return {
        'requests': len(entries),
        'reads': len(reads),
        'writes': sum(1 for e in entries if e['method'] in WRITE_METHODS),
        'list_pages': len(list_pages),
        'pool_lists': len(pool_lists),
        # reads of one object: powerpacks by uuid (and single pool entries, which no case here reads)
        'gets': len(reads) - len(list_pages) - len(pool_lists),
        'creates': sum(1 for e in entries if e['method'] == 'POST' and POWERPACK_LIST_PATH.search(e['path'])),
        'errors': sum(1 for e in entries if (e.get('status') or 0) >= 400 or e.get('fault')),
        # answers of the emulator's rate limiter (429 with Retry-After)
        'rate_limited': sum(1 for e in entries if e.get('fault') == 'rate_limit'),
    }


def max_in_flight(entries):
    """The most requests the emulator was handling at once: overlaps of [arrival, answer] in the log."""
    events = sorted([(e['time'], 1) for e in entries if e.get('sent')] + [(e['sent'], -1) for e in entries if e.get('sent')])
    most = current = 0
    for _when, step in events:
        current += step
        most = max(most, current)
    return most


# --------------------------------------------------------------------------------------
# Running ansible-playbook


class PlaybookRunner:
    """Runs playbooks with ansible-playbook, -i localhost, -c local, the task_timer callback on."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.python = venv_python()
        self.bin = os.path.dirname(self.python)
        self.collections = build_collection_tree()
        self.count = 0

    def run(self, label, playbook, extra_vars, timeout=PLAYBOOK_TIMEOUT):
        """Run one playbook (a list of plays); return a dict with rc, wall seconds, output and the task timings."""
        self.count += 1
        rundir = os.path.join(self.workdir, '%02d-%s' % (self.count, re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')))
        os.makedirs(os.path.join(rundir, 'tmp'))
        playbook_path = os.path.join(rundir, 'playbook.yml')
        with open(playbook_path, 'w', encoding='utf-8') as handle:
            json.dump(playbook, handle, indent=1)  # JSON is YAML
        vars_path = os.path.join(rundir, 'vars.json')
        with open(vars_path, 'w', encoding='utf-8') as handle:
            json.dump(extra_vars, handle, indent=1)
        os.chmod(vars_path, 0o600)
        timer_path = os.path.join(rundir, 'timings.json')
        env = {k: v for k, v in os.environ.items() if not k.startswith(('PLIVO_', 'ANSIBLE_'))}
        env.update({
            'PATH': self.bin + os.pathsep + env.get('PATH', ''),
            'ANSIBLE_COLLECTIONS_PATH': self.collections,
            'ANSIBLE_HOME': os.path.join(rundir, 'ansible-home'),
            'ANSIBLE_LOCAL_TEMP': os.path.join(rundir, 'tmp'),
            'ANSIBLE_PYTHON_INTERPRETER': self.python,
            'ANSIBLE_CALLBACK_PLUGINS': CALLBACK_DIR,
            'ANSIBLE_CALLBACKS_ENABLED': 'task_timer',
            'TASK_TIMER_OUTPUT': timer_path,
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        })
        command = [os.path.join(self.bin, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                   '-e', '@' + vars_path, playbook_path]
        started = time.perf_counter()
        proc = subprocess.run(command, cwd=rundir, env=env, capture_output=True, text=True, timeout=timeout,
                              check=False, stdin=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        with open(os.path.join(rundir, 'output.txt'), 'w', encoding='utf-8') as handle:
            handle.write(proc.stdout + proc.stderr)
        if proc.returncode != 0:
            raise BenchmarkError('%s: ansible-playbook failed (rc=%d); output in %s:\n%s'
                                 % (label, proc.returncode, rundir, (proc.stdout + proc.stderr)[-4000:]))
        try:
            with open(timer_path, encoding='utf-8') as handle:
                timings = json.load(handle)
        except (OSError, ValueError) as err:
            raise BenchmarkError('%s: the task_timer callback wrote no timings (%s); output in %s' % (label, err, rundir)) from None
        return {'wall': wall, 'timings': timings, 'dir': rundir, 'output': proc.stdout}


def play(name, tasks, **extra):
    result = {'name': name, 'hosts': 'localhost', 'gather_facts': False}
    result.update(extra)
    result['tasks'] = tasks
    return result


# --------------------------------------------------------------------------------------
# The declarations

PRIORITY_ORDERS = (
    {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'},
    {'priority1': 'longcode', 'priority2': 'shortcode', 'priority3': 'tollfree'},
    {'priority1': 'tollfree', 'priority2': 'longcode', 'priority3': 'shortcode'},
)
COUNTRIES = ('US', 'CA', 'GB', 'DE', 'IN')


def declarations(n):
    """N powerpack declarations: name, sticky_sender, local_connect and one number_priority entry."""
    return [{
        'name': 'perf-%d-%04d' % (n, index),
        'sticky_sender': index % 2 == 0,
        'local_connect': index % 3 != 0,
        'number_priority': [{
            'country_iso': COUNTRIES[index % len(COUNTRIES)],
            'service_type': 'SMS' if index % 4 else 'MMS',
            'priority': dict(PRIORITY_ORDERS[index % len(PRIORITY_ORDERS)]),
        }],
    } for index in range(n)]


def account_for(n):
    return 'MAPERF%014d' % n


SINGLE_ACCOUNT = 'MAPERFSINGLE00000000'


def token_for(auth_id):
    return 'perf-token-%s' % auth_id[-6:]


# --------------------------------------------------------------------------------------
# Measurements


def _window_entries(entries, start, end):
    return [e for e in entries if start <= e['time'] <= end]


def measure_role(emulator, runner, n, decls, runs):
    """(a): the role over N declarations, ``runs`` separate ansible-playbook runs."""
    auth_id = account_for(n)
    extra_vars = {
        'plivo_auth_id': auth_id,
        'plivo_auth_token': token_for(auth_id),
        'plivo_api_url': emulator.url,
        'plivo_powerpacks': decls,
        'plivo_powerpacks_purge': False,
    }
    # The role as a play's roles: entry; the task after it is not timed, it only checks
    # that the run was the no-op it should be.
    playbook = [play('(a) role plivo.messaging.powerpacks, N=%d' % n, [
        {'name': 'Check that the role changed nothing',
         'ansible.builtin.assert': {'that': [
             'not plivo_powerpacks_summary.changed',
             'plivo_powerpacks_summary.unchanged | length == %d' % n,
         ]}},
    ], roles=['plivo.messaging.powerpacks'])]
    results = []
    for run_index in range(runs):
        since = emulator.bookmark(auth_id)
        run = runner.run('a-role-%d-%d' % (n, run_index), playbook, extra_vars)
        entries = emulator.requests(auth_id, since)
        role_tasks = [t for t in run['timings']['tasks'] if t['role'] is not None]
        if not role_tasks:
            raise BenchmarkError('(a) N=%d: the role ran no task (see %s)' % (n, run['dir']))
        work = max(t['end'] for t in role_tasks) - min(t['start'] for t in role_tasks)
        bulk = [t for t in role_tasks if 'powerpack_bulk' in (t['resolved_action'] or t['action'] or '')]
        result = {
            'work_seconds': work,
            'bulk_task_seconds': sum(t['seconds'] for t in bulk) if bulk else None,
            'role_tasks': len(role_tasks),
            'playbook_seconds': run['wall'],
            'changed': any(t['changed'] for t in role_tasks),
        }
        result.update(count_requests(entries))
        results.append(result)
    return _summarise_runs(results)


def measure_naive(emulator, runner, n, decls, runs):
    """(b): a loop of plivo.messaging.powerpack over the same N declarations."""
    auth_id = account_for(n)
    extra_vars = {
        'perf_auth_id': auth_id,
        'perf_auth_token': token_for(auth_id),
        'perf_api_url': emulator.url,
        'perf_powerpacks': decls,
    }
    playbook = [play('(b) naive loop, N=%d' % n, [
        {'name': 'Converge each powerpack in a loop',
         'plivo.messaging.powerpack': {
             'name': '{{ item.name }}',
             'sticky_sender': '{{ item.sticky_sender }}',
             'local_connect': '{{ item.local_connect }}',
             'number_priority': '{{ item.number_priority }}',
         },
         'loop': '{{ perf_powerpacks }}',
         'loop_control': {'label': '{{ item.name }}'}},
    ], module_defaults={'group/plivo.messaging.plivo': {
        'auth_id': '{{ perf_auth_id }}', 'auth_token': '{{ perf_auth_token }}', 'api_url': '{{ perf_api_url }}'}})]
    results = []
    for run_index in range(runs):
        since = emulator.bookmark(auth_id)
        run = runner.run('b-naive-%d-%d' % (n, run_index), playbook, extra_vars)
        entries = emulator.requests(auth_id, since)
        (task,) = [t for t in run['timings']['tasks'] if t['action'].endswith('powerpack')]
        if task['items'] != n:
            raise BenchmarkError('(b) N=%d: the loop ran %d items' % (n, task['items']))
        result = {'work_seconds': task['seconds'], 'playbook_seconds': run['wall'], 'changed': task['changed']}
        result.update(count_requests(entries))
        results.append(result)
    return _summarise_runs(results)


def _summarise_runs(results):
    """Median times over runs; request counts of the worst run; every run kept."""
    summary = {
        'runs': results,
        'work_seconds': statistics.median(r['work_seconds'] for r in results),
        'playbook_seconds': statistics.median(r['playbook_seconds'] for r in results),
        'changed': any(r['changed'] for r in results),
    }
    for key in ('requests', 'reads', 'writes', 'list_pages', 'gets', 'errors'):
        summary[key] = max(r[key] for r in results)
    if results[0].get('bulk_task_seconds') is not None:
        summary['bulk_task_seconds'] = statistics.median(r['bulk_task_seconds'] for r in results)
    return summary


def measure_single(emulator, runner, repeat):
    """(c) and (d): ``repeat`` alternating pairs in one playbook, after one warm-up of each."""
    auth_id = SINGLE_ACCOUNT
    (seeded,) = emulator.seed(auth_id, [{'name': 'perf-single', 'sticky_sender': True, 'local_connect': False,
                                         'number_priority': declarations(1)[0]['number_priority']}])
    extra_vars = {
        'perf_auth_id': auth_id,
        'perf_auth_token': token_for(auth_id),
        'perf_api_url': emulator.url,
        'perf_uuid': seeded['uuid'],
    }

    def uri_task(name):
        return {'name': name, 'ansible.builtin.uri': {
            'url': '{{ perf_api_url }}/v1/Account/{{ perf_auth_id }}/Powerpack/{{ perf_uuid }}/',
            'method': 'GET',
            'url_username': '{{ perf_auth_id }}',
            'url_password': '{{ perf_auth_token }}',
            'force_basic_auth': True,
        }}

    def module_task(name):
        return {'name': name, 'plivo.messaging.powerpack': {
            'uuid': '{{ perf_uuid }}',
            'sticky_sender': True,
            'auth_id': '{{ perf_auth_id }}',
            'auth_token': '{{ perf_auth_token }}',
            'api_url': '{{ perf_api_url }}',
        }}

    tasks = [uri_task('warm-up c'), module_task('warm-up d')]
    for index in range(1, repeat + 1):
        pair = [uri_task('c %d' % index), module_task('d %d' % index)]
        tasks += pair if index % 2 else pair[::-1]
    playbook = [play('(c) uri GET vs (d) powerpack by uuid, %d alternating pairs' % repeat, tasks)]
    since = emulator.bookmark(auth_id)
    run = runner.run('cd-single', playbook, extra_vars)
    entries = emulator.requests(auth_id, since)

    cases = {}
    for case in ('c', 'd'):
        measured = [t for t in run['timings']['tasks'] if re.fullmatch(r'%s \d+' % case, t['name'])]
        per_task = [count_requests(_window_entries(entries, t['start'], t['end'])) for t in measured]
        seconds = [t['seconds'] for t in measured]
        cases[case] = {
            'seconds': seconds,
            'min': min(seconds),
            'median': statistics.median(seconds),
            'max': max(seconds),
            'work_seconds': statistics.median(seconds),
            'requests_per_task': sorted({r['requests'] for r in per_task}),
            'requests': max(r['requests'] for r in per_task),
            'reads': max(r['reads'] for r in per_task),
            'writes': max(r['writes'] for r in per_task),
            'list_pages': max(r['list_pages'] for r in per_task),
            'gets': max(r['gets'] for r in per_task),
            'errors': sum(r['errors'] for r in per_task),
            'changed': any(t['changed'] for t in measured),
            'playbook_seconds': run['wall'],
        }
    # Each module run has its own User-Agent (run id): one request per run id.
    module_clients = {}
    for entry in entries:
        if (entry.get('client') or '').startswith('plivo.messaging/'):
            module_clients[entry['client']] = module_clients.get(entry['client'], 0) + 1
    cases['d']['requests_per_module_run'] = sorted(set(module_clients.values()))
    cases['d']['module_runs_seen'] = len(module_clients)
    pair_ratios = [d / c for c, d in zip(cases['c']['seconds'], cases['d']['seconds'])]
    return {
        'repeat': repeat,
        'c': cases['c'],
        'd': cases['d'],
        'ratio_of_medians': cases['d']['median'] / cases['c']['median'],
        'median_pair_ratio': statistics.median(pair_ratios),
        'playbook_seconds': run['wall'],
    }


# --------------------------------------------------------------------------------------
# The whole benchmark


def machine_info(python=None):
    python = python or venv_python()
    info = {'cores': os.cpu_count(), 'platform': platform.platform()}
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as handle:
            models = re.findall(r'^model name\s*:\s*(.+)$', handle.read(), re.M)
        info['cpu'] = models[0].strip() if models else platform.processor()
    except OSError:
        info['cpu'] = platform.processor()
    try:
        with open('/proc/meminfo', encoding='utf-8') as handle:
            kib = int(re.search(r'^MemTotal:\s*(\d+)', handle.read(), re.M).group(1))
        info['ram_gib'] = round(kib / 1024 / 1024, 1)
    except (OSError, AttributeError):
        info['ram_gib'] = None
    script = ('import json, platform, ansible.release, requests, urllib3; print(json.dumps({"python": platform.python_version(), '
              '"ansible_core": ansible.release.__version__, "requests": requests.__version__, "urllib3": urllib3.__version__}))')
    proc = subprocess.run([python, '-c', script], capture_output=True, text=True, check=False)
    if proc.returncode == 0:
        info.update(json.loads(proc.stdout))
    try:
        with open('/proc/loadavg', encoding='utf-8') as handle:
            info['loadavg_at_start'] = handle.read().split()[:3]
    except OSError:
        pass
    return info


def role_available():
    return os.path.isdir(ROLE_DIR) and os.path.exists(BULK_MODULE)


def run_benchmark(sizes=DEFAULT_SIZES, repeat=DEFAULT_REPEAT, cases=ALL_CASES, role_runs=DEFAULT_ROLE_RUNS,
                  naive_runs=1, workdir=None, progress=log):
    """Run the benchmark; return the results dict (see ``format_report`` and ``check_criteria``)."""
    cases = tuple(cases)
    if 'a' in cases and not role_available():
        raise BenchmarkError('case (a) needs roles/powerpacks and plugins/modules/powerpack_bulk.py; '
                             'run with --cases b,c,d until they exist')
    own_workdir = workdir is None
    workdir = workdir or tempfile.mkdtemp(prefix='plivo-perf-')
    started = time.perf_counter()
    results = {
        'machine': machine_info(),
        'settings': {'sizes': list(sizes), 'repeat': repeat, 'cases': list(cases), 'role_runs': role_runs,
                     'naive_runs': naive_runs},
        'sizes': {},
        'single': None,
    }
    accounts = {account_for(n): token_for(account_for(n)) for n in sizes}
    accounts[SINGLE_ACCOUNT] = token_for(SINGLE_ACCOUNT)
    try:
        runner = PlaybookRunner(workdir)
        with start_emulator(accounts, os.path.join(workdir, 'emulator.stderr')) as emulator:
            if 'c' in cases or 'd' in cases:
                progress('(c)/(d): %d alternating pairs of a uri GET and a powerpack task by uuid' % repeat)
                results['single'] = measure_single(emulator, runner, repeat)
            for n in sizes:
                decls = declarations(n)
                emulator.seed(account_for(n), decls)
                entry = {'n': n}
                if 'a' in cases:
                    progress('N=%d: (a) role, %d run(s)' % (n, role_runs))
                    entry['a'] = measure_role(emulator, runner, n, decls, role_runs)
                if 'b' in cases:
                    progress('N=%d: (b) naive loop, %d run(s) (~%d s each)' % (n, naive_runs, n // 2))
                    entry['b'] = measure_naive(emulator, runner, n, decls, naive_runs)
                if 'a' in entry and 'b' in entry:
                    entry['speedup'] = entry['b']['work_seconds'] / entry['a']['work_seconds']
                    entry['speedup_playbook'] = entry['b']['playbook_seconds'] / entry['a']['playbook_seconds']
                results['sizes'][str(n)] = entry
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    results['seconds'] = time.perf_counter() - started
    results['criteria'] = check_criteria(results)
    return results


def request_bound(n):
    """At most ceil(N/20) list pages + N reads by uuid."""
    return math.ceil(n / PAGE_LIMIT) + n


def check_criteria(results):
    """[{'name', 'ok', 'detail'}] for every must-show criterion the results can show."""
    checks = []

    def check(name, ok, detail):
        checks.append({'name': name, 'ok': bool(ok), 'detail': detail})

    for key, entry in sorted(results['sizes'].items(), key=lambda item: int(item[0])):
        n = int(key)
        role = entry.get('a')
        if role is not None:
            check('N=%d: (a) role no-op makes zero writes' % n, role['writes'] == 0 and not role['changed'],
                  'writes=%d changed=%s' % (role['writes'], role['changed']))
            check('N=%d: (a) requests <= ceil(N/20) + N = %d' % (n, request_bound(n)),
                  role['requests'] <= request_bound(n) and role['list_pages'] <= math.ceil(n / PAGE_LIMIT)
                  and role['gets'] <= n,
                  'requests=%d (list pages=%d, gets=%d)' % (role['requests'], role['list_pages'], role['gets']))
        naive = entry.get('b')
        if naive is not None:
            check('N=%d: (b) naive loop is a no-op too' % n, naive['writes'] == 0 and not naive['changed'],
                  'writes=%d changed=%s' % (naive['writes'], naive['changed']))
        if n == CRITERION_N and role is not None and naive is not None:
            check('N=%d: (a) role >= %gx faster than (b) naive loop' % (n, MIN_SPEEDUP), entry['speedup'] >= MIN_SPEEDUP,
                  'naive %.2f s / role %.2f s = %.1fx' % (naive['work_seconds'], role['work_seconds'], entry['speedup']))
    single = results.get('single')
    if single is not None:
        d = single['d']
        check('(d) one powerpack task by uuid, nothing to change, sends exactly one request',
              d['requests_per_task'] == [1] and d['requests_per_module_run'] == [1] and d['writes'] == 0 and not d['changed'],
              'requests per task %s, per module run %s, writes=%d, changed=%s'
              % (d['requests_per_task'], d['requests_per_module_run'], d['writes'], d['changed']))
        check('median (d) <= %gx median (c)' % MAX_SINGLE_RATIO, single['ratio_of_medians'] <= MAX_SINGLE_RATIO,
              'd %.3f s / c %.3f s = %.2fx' % (d['median'], single['c']['median'], single['ratio_of_medians']))
    return checks


def format_report(results):
    lines = []
    machine = results['machine']
    lines.append('machine: %s cores, %s GiB RAM, %s; Python %s, ansible-core %s, requests %s, urllib3 %s' % (
        machine.get('cores'), machine.get('ram_gib'), machine.get('cpu'), machine.get('python'),
        machine.get('ansible_core'), machine.get('requests'), machine.get('urllib3')))
    lines.append('')
    header = '%5s  %-24s %9s %11s %9s %6s %7s' % ('N', 'case', 'task s', 'playbook s', 'requests', 'reads', 'writes')
    lines.append(header)
    lines.append('-' * len(header))

    def row(n, case, data, playbook=True):
        lines.append('%5s  %-24s %9.2f %11s %9d %6d %7d' % (
            n, CASE_LABELS[case], data['work_seconds'], '%.2f' % data['playbook_seconds'] if playbook else '-',
            data['requests'], data['reads'], data['writes']))

    for key, entry in sorted(results['sizes'].items(), key=lambda item: int(item[0])):
        for case in ('a', 'b'):
            if case in entry:
                row(key, case, entry[case])
    single = results.get('single')
    if single:
        for case in ('c', 'd'):
            row('1', case, single[case], playbook=False)
    lines.append('')
    lines.append('task s: (a) first role task start to last role task end, median of the runs; (b) the loop task;')
    lines.append('        (c), (d) median of the single tasks. playbook s: the whole ansible-playbook run.')
    if single:
        lines.append('(c) and (d) ran as %d alternating pairs after one warm-up each, in one playbook of %.2f s;'
                     ' their requests are per task.' % (single['repeat'], single['playbook_seconds']))
    lines.append('')
    for key, entry in sorted(results['sizes'].items(), key=lambda item: int(item[0])):
        if 'speedup' in entry:
            lines.append('N=%s: naive/role = %.1fx (task time), %.1fx (whole playbook)'
                         % (key, entry['speedup'], entry['speedup_playbook']))
    if single:
        for case in ('c', 'd'):
            data = single[case]
            lines.append('%s: min %.3f / median %.3f / max %.3f s over %d tasks' % (
                CASE_LABELS[case], data['min'], data['median'], data['max'], len(data['seconds'])))
        lines.append('(d)/(c) = %.2fx (ratio of medians; median of per-pair ratios %.2fx)'
                     % (single['ratio_of_medians'], single['median_pair_ratio']))
    lines.append('')
    for item in results['criteria']:
        lines.append('%s  %s: %s' % ('PASS' if item['ok'] else 'FAIL', item['name'], item['detail']))
    lines.append('benchmark took %.0f s' % results['seconds'])
    return '\n'.join(lines)


# --------------------------------------------------------------------------------------
# Latency mode (--latency-table): the role at a real round trip, under the real rate limit
#
# One emulator runs with --latency 100 --rate-limit 300/5 (Plivo's limit per account: a
# request over it is answered 429 with Retry-After, and logged with "fault": "rate_limit").
# Every case runs twice, side by side in one benchmark run: with the modules' default
# workers, and with ``workers: 1`` set through the play's module_defaults for
# group/plivo.messaging.plivo (the role's own module_defaults only set credentials; the
# keys merge). Each run has an account of its own, so no run inherits another's window
# of the emulator's rate limit.

LATENCY_MS = 100
EMULATOR_RATE_LIMIT = '300/5'       # --rate-limit of the emulator: Plivo's limit per account
FLOOR_RATE = 300 / 5.0              # requests per second the limit allows: the floor of a run is requests / 60 s
LATENCY_N = 200
SENDERS_PER_POWERPACK = 6
MAX_NOOP_SECONDS = 5.0              # L1 with the default workers: wall time of the bulk task
MAX_FLOOR_RATIO = 1.3               # L2 and L2P with the default workers: bulk task time / floor
MODULE_DEFAULT_WORKERS = 10         # the modules' default for ``workers``, as the table shows it
LATENCY_CASES = ('L1', 'L2', 'L2P', 'L3', 'L3S')
NOOP_CASES = ('L1', 'L2', 'L2P')
SENDER_CASES = ('L2', 'L2P', 'L3S')
LATENCY_LABELS = {
    'L1': 'L1 no-op',
    'L2': 'L2 no-op, 6 senders',
    'L2P': 'L2P no-op, 6 senders, purge',
    'L3': 'L3 create from empty',
    'L3S': 'L3S create, 6 rented',
}
LATENCY_DESCRIPTIONS = {
    'L1': 'role no-op over N seeded powerpacks, each declaring number_priority',
    'L2': 'L1 + each declares senders: 6 long codes already in its pool (no purge_senders)',
    'L2P': 'L2 + purge_senders: true (the pool is read whole: long codes, toll-free, short codes)',
    'L3': 'role creating N powerpacks (number_priority, no senders) in an empty account',
    'L3S': 'L3 + each declares 6 long codes with rent: true, rented and added to its new pool',
}
VARIANTS = ('default', 'one')       # the modules' default workers / workers: 1
PLAYBOOK_LATENCY_TIMEOUT = 900

# Peak memory of the module process (no latency, no rate limit: memory depends on neither).
MEMORY_SIZES = (200, 2000)
MEMORY_KINDS = ('noop', 'create')
# The module's own limiter would make a 2,000-powerpack run last minutes; the emulator has no limit here.
MEMORY_RATE_LIMIT = 100000
MODULE_TIMEOUT = 1800
SEED_THREADS = 8


def latency_account(case, variant, index=0):
    """MALAT<case><W|S><index>, padded to 20: one account per case, variant and run."""
    return ('MALAT%s%s%d' % (case, 'W' if variant == 'default' else 'S', index)).ljust(20, '0')


def latency_runs(default_runs):
    """(variant, index) of every run of one case: ``default_runs`` with the default workers, one with workers: 1."""
    return [('default', index) for index in range(default_runs)] + [('one', 0)]


def memory_account(kind, n):
    return ('MAMEM%s%06d' % (kind[0].upper(), n)).ljust(20, '0')


class NumberSource:
    """Distinct US long codes (1 415 xxx xxxx), so that no two accounts of one emulator rent the same number."""

    def __init__(self):
        self.used = 0

    def take(self, count):
        numbers = ['1415%07d' % index for index in range(self.used, self.used + count)]
        self.used += count
        return numbers


POWERPACK_KEYS = ('name', 'sticky_sender', 'local_connect', 'application_id', 'application_type', 'number_priority')


def pool_declarations(n, numbers, rent=False, purge=False):
    """``declarations(n)``, each with ``SENDERS_PER_POWERPACK`` long codes from ``numbers`` (rent: rent them)."""
    decls = declarations(n)
    for index, decl in enumerate(decls):
        chunk = numbers[index * SENDERS_PER_POWERPACK:(index + 1) * SENDERS_PER_POWERPACK]
        decl['senders'] = [dict({'number': number, 'type': 'longcode'}, **({'rent': True} if rent else {})) for number in chunk]
        if purge:
            decl['purge_senders'] = True
    return decls


def case_declarations(case, n, numbers):
    if case in SENDER_CASES:
        return pool_declarations(n, numbers.take(n * SENDERS_PER_POWERPACK), rent=case == 'L3S', purge=case == 'L2P')
    return declarations(n)


def api_call(url, auth_id, token, method, path, body=None, timeout=60):
    """One Plivo API request to the emulator (for seeding), Basic auth; the decoded answer."""
    credentials = base64.b64encode(('%s:%s' % (auth_id, token)).encode('latin-1')).decode('ascii')
    request = urllib.request.Request('%s/v1/Account/%s/%s' % (url.rstrip('/'), auth_id, path), method=method,
                                     data=None if body is None else json.dumps(body).encode('utf-8'),
                                     headers={'Content-Type': 'application/json', 'Authorization': 'Basic ' + credentials})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=timeout) as response:
        payload = response.read()
    return json.loads(payload) if payload.strip() else None


def seed_state(emulator, auth_id, decls):
    """Make the account hold ``decls`` as declared: powerpacks through the admin seed endpoint, the numbers
    of their ``senders`` rented through the admin numbers endpoint and then added to each pool with
    ``POST NumberPool/{pool}/Number/{number}/`` (the emulator has no admin endpoint that fills a pool).
    Call it with the emulator's latency and rate limit off (``set_faults``)."""
    objects = emulator.seed(auth_id, [{key: decl[key] for key in POWERPACK_KEYS if key in decl} for decl in decls])
    adds = [(obj['number_pool'].split('/')[5], sender['number'])
            for obj, decl in zip(objects, decls) for sender in decl.get('senders') or ()]
    if not adds:
        return objects
    emulator.admin('POST', '/_emulator/accounts/%s/numbers' % auth_id, {'numbers': [{'number': number} for _pool, number in adds]})
    token = token_for(auth_id)
    with ThreadPoolExecutor(max_workers=SEED_THREADS) as pool:
        list(pool.map(lambda add: api_call(emulator.url, auth_id, token, 'POST', 'NumberPool/%s/Number/%s/' % add, {}), adds))
    pooled = sum(1 for record in emulator.admin('GET', '/_emulator/accounts/%s/numbers' % auth_id)['numbers'] if record['pool'])
    if pooled != len(adds):
        raise BenchmarkError('%s: seeded %d pool members, the emulator holds %d' % (auth_id, len(adds), pooled))
    return objects


def set_faults(emulator, latency_ms, rate_limit):
    """The emulator's latency and rate limit from now on (a new rate limit starts with empty windows)."""
    return emulator.admin('POST', '/_emulator/faults', {'latency_ms': latency_ms, 'rate_limit': rate_limit})


def bulk_seconds(timings):
    bulk = [t for t in timings['tasks'] if 'powerpack_bulk' in (t['resolved_action'] or t['action'] or '')]
    if len(bulk) != 1:
        raise BenchmarkError('expected one powerpack_bulk task, got %d' % len(bulk))
    return bulk[0]


def measure_latency_case(emulator, runner, case, variant, n, decls, index=0):
    """One ansible-playbook run of the role for one case and variant; counts, times and the in-flight peak."""
    auth_id = latency_account(case, variant, index)
    extra_vars = {
        'plivo_auth_id': auth_id,
        'plivo_auth_token': token_for(auth_id),
        'plivo_api_url': emulator.url,
        'plivo_powerpacks': decls,
        'plivo_powerpacks_purge': False,
    }
    if case in NOOP_CASES:
        that = ['not plivo_powerpacks_summary.changed', 'plivo_powerpacks_summary.unchanged | length == %d' % n]
    else:
        that = ['plivo_powerpacks_summary.changed', 'plivo_powerpacks_summary.created | length == %d' % n]
    extra = {'roles': ['plivo.messaging.powerpacks']}
    if variant == 'one':
        extra['module_defaults'] = {'group/plivo.messaging.plivo': {'workers': 1}}
    playbook = [play('%s, N=%d, %s' % (LATENCY_LABELS[case], n, 'workers: 1' if variant == 'one' else 'default workers'), [
        {'name': 'Check what the role did', 'ansible.builtin.assert': {'that': that}},
    ], **extra)]
    since = emulator.bookmark(auth_id)
    run = runner.run('lat-%s-%s-%d' % (case, variant, index), playbook, extra_vars, timeout=PLAYBOOK_LATENCY_TIMEOUT)
    entries = emulator.requests(auth_id, since)
    task = bulk_seconds(run['timings'])
    result = {
        'case': case,
        'variant': variant,
        'workers': 1 if variant == 'one' else MODULE_DEFAULT_WORKERS,
        'bulk_seconds': task['seconds'],
        'playbook_seconds': run['wall'],
        'changed': bool(task['changed']),
        'max_in_flight': max_in_flight(entries),
    }
    result.update(count_requests(entries))
    result['phases'] = phases(task, entries)
    return _with_floor(result)


def _with_floor(result):
    result['floor_seconds'] = result['requests'] / FLOOR_RATE
    result['floor_ratio'] = result['bulk_seconds'] / result['floor_seconds'] if result['requests'] else None
    return result


COUNT_KEYS = ('requests', 'reads', 'writes', 'list_pages', 'pool_lists', 'gets', 'creates', 'errors', 'rate_limited', 'max_in_flight')


def _summarise_latency(runs):
    """The run of median bulk time (the lower one of an even count), with the worst counts of all runs."""
    summary = dict(sorted(runs, key=lambda run: run['bulk_seconds'])[(len(runs) - 1) // 2])
    for key in COUNT_KEYS:
        summary[key] = max(run[key] for run in runs)
    summary['changed'] = any(run['changed'] for run in runs)
    summary['bulk_runs'] = [run['bulk_seconds'] for run in runs]
    return _with_floor(summary)


def phases(task, entries):
    """Where the bulk task's time went, from its start and end (task_timer) and the request log:
    ``start`` until the first request arrived (module start-up, Ansible's side), ``listing`` the
    powerpack list pages, ``rest`` the reads and writes after the last page, ``end`` from the
    last answer to the task's end (the result back to Ansible)."""
    if not entries:
        return None
    first = min(e['time'] for e in entries)
    last = max(e['sent'] for e in entries)
    pages = [e['sent'] for e in entries if e['method'] == 'GET' and POWERPACK_LIST_PATH.search(e['path'])]
    listed = max(pages) if pages else first
    return {'start': first - task['start'], 'listing': listed - first, 'rest': last - listed, 'end': task['end'] - last}


def noop_request_bound(n, case):
    """ceil(N/20) list pages + N full reads, + 3 pool lists per powerpack with senders."""
    return request_bound(n) + (3 * n if case in SENDER_CASES else 0)


def run_module(python, collections, workdir, label, module_args, timeout=MODULE_TIMEOUT):
    """Run powerpack_bulk directly (python -m, args in a file) under peak_rss.py; its peak RSS and result.

    The process measured is the module alone: no ansible-playbook, no AnsiballZ wrapper.
    peak_rss.py (a small process of its own) reads ru_maxrss with os.wait4: read from here, it
    would include this process's own size (see that file).
    """
    rundir = os.path.join(workdir, 'module-%s' % label)
    os.makedirs(rundir, exist_ok=True)
    args_path = os.path.join(rundir, 'args.json')
    with open(args_path, 'w', encoding='utf-8') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': module_args}, handle)
    os.chmod(args_path, 0o600)
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PLIVO_', 'ANSIBLE_', 'PYTHON'))}
    env['PYTHONPATH'] = collections
    report_path = os.path.join(rundir, 'peak_rss.json')
    command = [python, PEAK_RSS, report_path, python, '-m', 'ansible_collections.plivo.messaging.plugins.modules.powerpack_bulk',
               args_path]
    out_path = os.path.join(rundir, 'stdout.json')
    err_path = os.path.join(rundir, 'stderr.txt')
    with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
        # A session of its own, so that a timeout ends the module too, not only the wrapper.
        with subprocess.Popen(command, cwd=rundir, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                              start_new_session=True) as proc:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise BenchmarkError('%s: the module did not finish in %d s; output in %s' % (label, timeout, rundir)) from None
    with open(out_path, encoding='utf-8', errors='replace') as handle:
        output = handle.read()
    try:
        result = json.loads(output[output.index('{'):])
    except ValueError:
        result = None
    if proc.returncode != 0 or not isinstance(result, dict) or result.get('failed'):
        with open(err_path, encoding='utf-8', errors='replace') as handle:
            stderr = handle.read()
        raise BenchmarkError('%s: the module failed (rc=%d); output in %s:\n%s' % (label, proc.returncode, rundir, (output + stderr)[-3000:]))
    with open(report_path, encoding='utf-8') as handle:
        report = json.load(handle)
    return {'peak_rss_mb': report['peak_rss_kib'] / 1024.0, 'wrapper_rss_mb': (report['wrapper_rss_kib'] or 0) / 1024.0,
            'seconds': report['seconds'], 'result': result}


def measure_memory(emulator, python, collections, workdir, kind, n, decls):
    auth_id = memory_account(kind, n)
    since = emulator.bookmark(auth_id)
    run = run_module(python, collections, workdir, '%s-%d' % (kind, n), {
        'auth_id': auth_id,
        'auth_token': token_for(auth_id),
        'api_url': emulator.url,
        'powerpacks': decls,
        'purge': False,
        'rate_limit': MEMORY_RATE_LIMIT,
    })
    entries = emulator.requests(auth_id, since)
    result = {
        'kind': kind,
        'n': n,
        'peak_rss_mb': run['peak_rss_mb'],
        'wrapper_rss_mb': run['wrapper_rss_mb'],
        'seconds': run['seconds'],
        'changed': bool(run['result'].get('changed')),
        'created': len(run['result'].get('created') or ()),
        'unchanged': len(run['result'].get('unchanged') or ()),
    }
    result.update(count_requests(entries))
    return result


def run_latency_table(n=LATENCY_N, latency_ms=LATENCY_MS, cases=LATENCY_CASES, memory_sizes=MEMORY_SIZES,
                      memory_kinds=MEMORY_KINDS, default_runs=1, workdir=None, progress=log):
    """Run the latency table (and the peak-memory runs); return the results dict
    (see ``format_latency_report`` and ``check_latency_criteria``).

    ``default_runs`` runs with the default workers per case (the median counts; each in an
    account of its own), and one with workers: 1."""
    if not 1 <= default_runs <= 9:
        raise BenchmarkError('default_runs must be between 1 and 9')
    cases = tuple(case for case in LATENCY_CASES if case in cases)
    if not role_available():
        raise BenchmarkError('the latency table needs roles/powerpacks and plugins/modules/powerpack_bulk.py')
    own_workdir = workdir is None
    workdir = workdir or tempfile.mkdtemp(prefix='plivo-perf-latency-')
    started = time.perf_counter()
    emulator_args = ('--latency', '%g' % latency_ms, '--rate-limit', EMULATOR_RATE_LIMIT)
    results = {
        'machine': machine_info(),
        'settings': {'n': n, 'latency_ms': latency_ms, 'emulator_rate_limit': EMULATOR_RATE_LIMIT,
                     'emulator_args': list(emulator_args), 'cases': list(cases), 'memory_sizes': list(memory_sizes),
                     'memory_kinds': list(memory_kinds), 'senders_per_powerpack': SENDERS_PER_POWERPACK,
                     'memory_rate_limit': MEMORY_RATE_LIMIT, 'default_runs': default_runs},
        'cases': {},
        'memory': [],
    }
    numbers = NumberSource()
    try:
        runner = PlaybookRunner(workdir)
        if cases:
            keys = latency_runs(default_runs)
            accounts = {latency_account(case, *key): token_for(latency_account(case, *key)) for case in cases for key in keys}
            with start_emulator(accounts, os.path.join(workdir, 'emulator-latency.stderr'), emulator_args) as emulator:
                started_with = emulator.admin('GET', '/_emulator/faults')
                # Seeding goes through the API for pools: latency and rate limit off meanwhile.
                set_faults(emulator, 0, None)
                # Numbers are rented by one account at a time: each run declares numbers of its own.
                decls = {(case,) + key: case_declarations(case, n, numbers) for case in cases for key in keys}
                for case in cases:
                    if case in NOOP_CASES:
                        progress('%s: seeding N=%d (%d times, one account per run)' % (case, n, len(keys)))
                        for key in keys:
                            seed_state(emulator, latency_account(case, *key), decls[(case,) + key])
                # Back as started; a new rate limit starts with empty windows.
                faults = set_faults(emulator, started_with['latency_ms'], started_with['rate_limit'])
                results['settings']['emulator_faults'] = {key: faults[key] for key in ('latency_ms', 'rate_limit')}
                for case in cases:
                    entry = {'case': case, 'n': n}
                    for variant in VARIANTS:
                        runs = []
                        for key in [key for key in keys if key[0] == variant]:
                            progress('%s, %s: %s' % (case, 'workers: 1' if variant == 'one' else 'default workers',
                                                     LATENCY_DESCRIPTIONS[case]))
                            runs.append(measure_latency_case(emulator, runner, case, variant, n, decls[(case,) + key], key[1]))
                        entry[variant] = _summarise_latency(runs)
                    entry['one_to_default'] = entry['one']['bulk_seconds'] / entry['default']['bulk_seconds']
                    results['cases'][case] = entry
        if memory_sizes and memory_kinds:
            accounts = {memory_account(kind, size): token_for(memory_account(kind, size))
                        for kind in memory_kinds for size in memory_sizes}
            accounts[memory_account('baseline', 0)] = token_for(memory_account('baseline', 0))
            with start_emulator(accounts, os.path.join(workdir, 'emulator-memory.stderr')) as emulator:
                progress('memory: baseline (an empty declaration)')
                results['memory'].append(measure_memory(emulator, runner.python, runner.collections, workdir, 'baseline', 0, []))
                for kind in memory_kinds:
                    for size in memory_sizes:
                        decls = pool_declarations(size, numbers.take(size * SENDERS_PER_POWERPACK), rent=kind == 'create')
                        if kind == 'noop':
                            progress('memory: seeding N=%d powerpacks with %d pool members' % (size, size * SENDERS_PER_POWERPACK))
                            seed_state(emulator, memory_account(kind, size), decls)
                        progress('memory: %s, N=%d' % (kind, size))
                        results['memory'].append(measure_memory(emulator, runner.python, runner.collections, workdir, kind, size, decls))
    finally:
        if own_workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    results['seconds'] = time.perf_counter() - started
    results['criteria'] = check_latency_criteria(results)
    return results


def check_latency_criteria(results):
    """[{'name', 'ok', 'detail'}] for the latency table's criteria (and the memory runs' sanity)."""
    checks = []

    def check(name, ok, detail):
        checks.append({'name': name, 'ok': bool(ok), 'detail': detail})

    # The time targets are those of N = 200 at 100 ms: at other settings the floor means something else.
    timed = results['settings']['n'] == LATENCY_N and results['settings']['latency_ms'] == LATENCY_MS
    for case, entry in results['cases'].items():
        n = entry['n']
        default, one = entry['default'], entry['one']
        for variant, run in (('default', default), ('workers 1', one)):
            check('%s %s: 0 answers of 429' % (case, variant), run['rate_limited'] == 0, '429s=%d' % run['rate_limited'])
            if case in NOOP_CASES:
                check('%s %s: 0 writes, nothing changed' % (case, variant), run['writes'] == 0 and not run['changed'],
                      'writes=%d changed=%s' % (run['writes'], run['changed']))
                bound = noop_request_bound(n, case)
                check('%s %s: requests <= %d' % (case, variant, bound), run['requests'] <= bound,
                      'requests=%d (list pages=%d, gets=%d, pool lists=%d)'
                      % (run['requests'], run['list_pages'], run['gets'], run['pool_lists']))
            else:
                check('%s %s: creates the %d powerpacks, one POST each' % (case, variant, n),
                      run['creates'] == n and run['changed'], 'creates=%d changed=%s' % (run['creates'], run['changed']))
        check('%s: workers 1 has 1 request in flight, the default at most %d' % (case, MODULE_DEFAULT_WORKERS),
              one['max_in_flight'] == 1 and default['max_in_flight'] <= MODULE_DEFAULT_WORKERS,
              'in flight: %d and %d' % (one['max_in_flight'], default['max_in_flight']))
        if case == 'L1' and timed:
            check('L1 default: bulk task <= %g s' % MAX_NOOP_SECONDS, default['bulk_seconds'] <= MAX_NOOP_SECONDS,
                  '%.2f s' % default['bulk_seconds'])
        if case in ('L2', 'L2P') and timed:
            check('%s default: bulk task <= %gx the floor' % (case, MAX_FLOOR_RATIO), default['floor_ratio'] <= MAX_FLOOR_RATIO,
                  '%.2f s / %.2f s = %.2fx' % (default['bulk_seconds'], default['floor_seconds'], default['floor_ratio']))
    for run in results['memory']:
        if run['kind'] == 'noop':
            check('memory noop N=%d: 0 writes' % run['n'], run['writes'] == 0 and not run['changed'] and run['unchanged'] == run['n'],
                  'writes=%d changed=%s unchanged=%d' % (run['writes'], run['changed'], run['unchanged']))
        elif run['kind'] == 'create':
            check('memory create N=%d: creates the %d powerpacks' % (run['n'], run['n']), run['creates'] == run['n'] == run['created'],
                  'creates=%d created=%d' % (run['creates'], run['created']))
    return checks


def format_latency_report(results):
    settings = results['settings']
    machine = results['machine']
    lines = ['machine: %s cores, %s GiB RAM, %s; Python %s, ansible-core %s, requests %s, urllib3 %s' % (
        machine.get('cores'), machine.get('ram_gib'), machine.get('cpu'), machine.get('python'),
        machine.get('ansible_core'), machine.get('requests'), machine.get('urllib3'))]
    if results['cases']:
        lines.append('latency table: N=%d, emulator %s; floor = requests / %g per s' % (
            settings['n'], ' '.join(settings['emulator_args']), FLOOR_RATE))
        lines.append('')
        header = '%-28s %7s %8s %5s %5s %5s %6s %4s %6s %8s %7s %6s %7s' % (
            'case', 'workers', 'requests', 'pages', 'gets', 'pools', 'writes', '429', 'flight', 'bulk s', 'floor s',
            '/floor', '1w/def')
        lines.append(header)
        lines.append('-' * len(header))
        for case, entry in results['cases'].items():
            for variant in VARIANTS:
                run = entry[variant]
                lines.append('%-28s %7d %8d %5d %5d %5d %6d %4d %6d %8.2f %7.2f %5.2fx %7s' % (
                    LATENCY_LABELS[case], run['workers'], run['requests'], run['list_pages'], run['gets'], run['pool_lists'],
                    run['writes'], run['rate_limited'], run['max_in_flight'], run['bulk_seconds'], run['floor_seconds'],
                    run['floor_ratio'], '%.2fx' % entry['one_to_default'] if variant == 'one' else ''))
        lines.append('')
        lines.append('pages: powerpack list pages; gets: other reads (powerpacks by uuid); pools: pool list reads;')
        lines.append('429: answers of the emulator\'s rate limiter; flight: most requests the emulator handled at once;')
        lines.append('bulk s: the powerpack_bulk task (task_timer); 1w/def: bulk s with workers: 1 / with the default.')
        for case, entry in results['cases'].items():
            if len(entry['default']['bulk_runs']) > 1:
                lines.append('%s with the default workers, %d runs (the median counts; requests etc. of the worst): %s s' % (
                    case, len(entry['default']['bulk_runs']), ', '.join('%.2f' % sec for sec in entry['default']['bulk_runs'])))
        lines.append('')
        lines.append('where the bulk task\'s time went (s): start-up to the first request, list pages, the rest, after the last answer')
        for case, entry in results['cases'].items():
            for variant in VARIANTS:
                phase = entry[variant]['phases']
                if phase:
                    lines.append('  %-28s %2d workers: %5.2f + %5.2f + %6.2f + %5.2f' % (
                        LATENCY_LABELS[case], entry[variant]['workers'], phase['start'], phase['listing'], phase['rest'], phase['end']))
        for case in results['cases']:
            lines.append('  %-4s %s' % (case, LATENCY_DESCRIPTIONS[case]))
    if results['memory']:
        lines.append('')
        lines.append('peak RSS of the powerpack_bulk process (python -m ..., os.wait4 ru_maxrss), no latency, rate_limit %d:'
                     % settings['memory_rate_limit'])
        header = '%-9s %6s %9s %9s %8s %6s %9s' % ('kind', 'N', 'peak MB', 'seconds', 'requests', 'pools', 'writes')
        lines.append(header)
        lines.append('-' * len(header))
        for run in results['memory']:
            lines.append('%-9s %6d %9.1f %9.2f %8d %6d %9d' % (
                run['kind'], run['n'], run['peak_rss_mb'], run['seconds'], run['requests'], run['pool_lists'], run['writes']))
    lines.append('')
    for item in results['criteria']:
        lines.append('%s  %s: %s' % ('PASS' if item['ok'] else 'FAIL', item['name'], item['detail']))
    lines.append('benchmark took %.0f s' % results['seconds'])
    return '\n'.join(lines)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--sizes', default=','.join(str(n) for n in DEFAULT_SIZES),
                        help='comma-separated N values (default: %(default)s)')
    parser.add_argument('--repeat', type=int, default=DEFAULT_REPEAT,
                        help='alternating (c)/(d) pairs (default: %(default)s)')
    parser.add_argument('--role-runs', type=int, default=DEFAULT_ROLE_RUNS,
                        help='ansible-playbook runs of (a) per N; the median counts (default: %(default)s)')
    parser.add_argument('--naive-runs', type=int, default=1, help='runs of (b) per N (default: %(default)s)')
    parser.add_argument('--cases', default=','.join(ALL_CASES),
                        help='which of a,b,c,d to run (default: %(default)s); c and d always run together')
    parser.add_argument('--json', metavar='FILE', help='also write the results as JSON to FILE')
    parser.add_argument('--keep', metavar='DIR', help='work in DIR and keep it (playbooks, outputs, timings)')
    latency = parser.add_argument_group('latency mode (--latency-table; the options above except --json and --keep do not apply)')
    latency.add_argument('--latency-table', action='store_true',
                         help='run the latency cases L1, L2, L2P, L3, L3S (default workers and workers: 1) against an emulator '
                              'with --latency MS --rate-limit %s, then the peak-memory runs' % EMULATOR_RATE_LIMIT)
    latency.add_argument('--latency', type=float, default=LATENCY_MS, metavar='MS',
                         help='the emulator\'s latency in the latency table (default: %(default)g)')
    latency.add_argument('--latency-n', type=int, default=LATENCY_N, metavar='N',
                         help='powerpacks per latency case (default: %(default)s)')
    latency.add_argument('--latency-cases', default=','.join(LATENCY_CASES),
                         help='which of %s to run (default: all); empty for none' % ','.join(LATENCY_CASES))
    latency.add_argument('--latency-runs', type=int, default=1, metavar='K',
                         help='runs with the default workers per case, the median counts (default: %(default)s)')
    latency.add_argument('--memory-sizes', default=','.join(str(n) for n in MEMORY_SIZES),
                         help='N of the peak-memory runs (default: %(default)s); empty for none')
    latency.add_argument('--memory-kinds', default=','.join(MEMORY_KINDS),
                         help='which of noop,create to run for memory (default: %(default)s)')
    args = parser.parse_args(argv)
    if args.latency_table:
        try:
            args.memory_sizes = [int(n) for n in args.memory_sizes.split(',') if n.strip()]
        except ValueError:
            parser.error('--memory-sizes must be comma-separated integers')
        latency_cases = {c.strip().upper() for c in args.latency_cases.split(',') if c.strip()}
        if latency_cases - set(LATENCY_CASES):
            parser.error('--latency-cases takes a comma-separated subset of %s' % ','.join(LATENCY_CASES))
        args.latency_cases = tuple(c for c in LATENCY_CASES if c in latency_cases)
        memory_kinds = {k.strip().lower() for k in args.memory_kinds.split(',') if k.strip()}
        if memory_kinds - set(MEMORY_KINDS):
            parser.error('--memory-kinds takes a comma-separated subset of %s' % ','.join(MEMORY_KINDS))
        args.memory_kinds = tuple(k for k in MEMORY_KINDS if k in memory_kinds)
        if args.latency_n < 1 or any(n < 1 for n in args.memory_sizes) or not 0 <= args.latency <= 60000 \
                or not 1 <= args.latency_runs <= 9:
            parser.error('--latency-n and --memory-sizes must be positive, --latency between 0 and 60000, --latency-runs 1 to 9')
        return args
    try:
        args.sizes = [int(n) for n in args.sizes.split(',') if n.strip()]
    except ValueError:
        parser.error('--sizes must be comma-separated integers')
    if any(n < 1 for n in args.sizes):
        parser.error('--sizes must be positive')
    if args.repeat < 1 or args.role_runs < 1 or args.naive_runs < 1:
        parser.error('--repeat, --role-runs and --naive-runs must be at least 1')
    cases = {c.strip().lower() for c in args.cases.split(',') if c.strip()}
    if not cases or cases - set(ALL_CASES):
        parser.error('--cases takes a comma-separated subset of a,b,c,d')
    if cases & {'c', 'd'}:
        cases |= {'c', 'd'}
    args.cases = tuple(c for c in ALL_CASES if c in cases)
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    workdir = None
    if args.keep:
        workdir = os.path.abspath(args.keep)
        os.makedirs(workdir, exist_ok=True)
        workdir = tempfile.mkdtemp(prefix='run-', dir=workdir)
        log('working in %s' % workdir)
    try:
        if args.latency_table:
            results = run_latency_table(args.latency_n, args.latency, args.latency_cases, args.memory_sizes, args.memory_kinds,
                                        args.latency_runs, workdir=workdir)
        else:
            results = run_benchmark(args.sizes, args.repeat, args.cases, args.role_runs, args.naive_runs, workdir=workdir)
    except (BenchmarkError, subprocess.TimeoutExpired, OSError) as err:
        log('benchmark error: %s' % err)
        return 2
    print(format_latency_report(results) if args.latency_table else format_report(results), flush=True)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=1)
    return 0 if all(item['ok'] for item in results['criteria']) else 1


if __name__ == '__main__':
    sys.exit(main())
