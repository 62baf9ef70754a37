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

tests/perf/test_benchmark.py imports this file and asserts the same criteria.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

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


def start_emulator(accounts, log_path):
    """A started EmulatorProcess with these accounts (stop it, or use it in a with statement)."""
    try:
        return EmulatorProcess(accounts, log_path, admin_timeout=60).start()
    except EmulatorError as err:
        raise BenchmarkError(str(err)) from None


def count_requests(entries):
    """total / reads / writes (and list pages / gets by uuid) of request log entries."""
    reads = [e for e in entries if e['method'] == 'GET']
    list_pages = [e for e in reads if re.search(r'/Powerpack/?$', e['path'])]
    return {
        'requests': len(entries),
        'reads': len(reads),
        'writes': sum(1 for e in entries if e['method'] in WRITE_METHODS),
        'list_pages': len(list_pages),
        'gets': len(reads) - len(list_pages),
        'errors': sum(1 for e in entries if (e.get('status') or 0) >= 400 or e.get('fault')),
    }


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
    args = parser.parse_args(argv)
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
        results = run_benchmark(args.sizes, args.repeat, args.cases, args.role_runs, args.naive_runs, workdir=workdir)
    except (BenchmarkError, subprocess.TimeoutExpired) as err:
        log('benchmark error: %s' % err)
        return 2
    print(format_report(results), flush=True)
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=1)
    return 0 if all(item['ok'] for item in results['criteria']) else 1


if __name__ == '__main__':
    sys.exit(main())
