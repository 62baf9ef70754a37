# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the AWX example project with ansible-runner, the engine AWX jobs run on.

The private data directory is laid out as AWX lays it out for a job:
  project/         docs/awx/project (the job template's playbook and its host_vars)
  inventory/hosts  one host per Plivo account, in the group plivo_accounts
  env/envvars      the job's environment: what a "Plivo API" credential
                   (docs/awx/credential_type.yml) injects, rendered as AWX renders it,
                   plus ANSIBLE_COLLECTIONS_PATH at an install of the built tarball (as
                   the collection sits in an execution environment image)
  env/settings     runner settings (timeouts)

The emulator account's token is distinctive: it must not appear in any job event or in
stdout, the two things AWX stores and shows. (ansible-runner also writes the full
environment, secrets included, to artifacts/<ident>/command and env files; AWX never
shows those, and the test does not look at them.)
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import urllib.request

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
PROJECT_DIR = os.path.join(REPO_ROOT, 'docs', 'awx', 'project')
PLAYBOOK = 'plivo_powerpacks.yml'
EMULATOR_SCRIPT = os.path.join(REPO_ROOT, 'tests', 'emulator', 'plivo_emulator.py')

AUTH_ID = 'MAAWXRUNNER000000000'
AUTH_TOKEN = 'awx-tok-MUST-NOT-LEAK-7d3b19e4'
HOST = 'plivo-main'
CONVERGE_TASK = 'Converge the declared powerpacks'
RUN_TIMEOUT = 180


def load_emulator_module():
    spec = importlib.util.spec_from_file_location('plivo_emulator_for_awx_tests', EMULATOR_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope='module')
def emulator():
    with load_emulator_module().EmulatorServer({AUTH_ID: AUTH_TOKEN}) as server:
        yield server


def emulator_state(url):
    # The emulator is local: no proxy from the environment may stand in between.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url.rstrip('/') + '/_emulator/state', timeout=30) as response:
        return json.loads(response.read())['accounts'][AUTH_ID]['powerpacks']


class RunnerJob:
    """The artifacts of one ansible-runner run."""

    def __init__(self, private_data_dir, ident, proc):
        self.artifacts = os.path.join(private_data_dir, 'artifacts', ident)
        self.proc = proc
        self.status = self._read('status')
        self.rc = self._read('rc')
        self.stdout = self._read('stdout')
        self.stderr = self._read('stderr')
        self.event_files = sorted(glob.glob(os.path.join(self.artifacts, 'job_events', '*.json')))
        self.event_texts = {}
        for path in self.event_files:
            with open(path, encoding='utf-8') as handle:
                self.event_texts[path] = handle.read()
        self.events = [json.loads(text) for text in self.event_texts.values()]
        self.events.sort(key=lambda event: event.get('counter', 0))

    def _read(self, name):
        path = os.path.join(self.artifacts, name)
        if not os.path.exists(path):
            return None
        with open(path, encoding='utf-8', errors='replace') as handle:
            return handle.read().strip() if name in ('status', 'rc') else handle.read()

    def report(self):
        return ('ansible-runner rc=%s, status=%s, rc file=%s\n----- runner stdout -----\n%s\n----- runner stderr -----\n%s\n'
                '----- artifacts stdout -----\n%s' % (self.proc.returncode, self.status, self.rc, self.proc.stdout,
                                                      self.proc.stderr, self.stdout))

    def task_results(self, task_name):
        """The res of every runner_on_ok / runner_on_failed event of that task."""
        return [event['event_data'] for event in self.events
                if event.get('event') in ('runner_on_ok', 'runner_on_failed')
                and event.get('event_data', {}).get('task') == task_name]

    def stats(self):
        stats = [event['event_data'] for event in self.events if event.get('event') == 'playbook_on_stats']
        assert len(stats) == 1, self.report()
        return stats[0]


@pytest.fixture(scope='module')
def private_data_dir(tmp_path_factory, emulator, installed_collections, awx_inject):
    root = tmp_path_factory.mktemp('awx-job')
    shutil.copytree(PROJECT_DIR, root / 'project')
    (root / 'inventory').mkdir()
    (root / 'inventory' / 'hosts').write_text(
        '[plivo_accounts]\n%s ansible_connection=local ansible_python_interpreter=%s\n' % (HOST, sys.executable),
        encoding='utf-8')
    (root / 'env').mkdir()
    envvars = awx_inject({'auth_id': AUTH_ID, 'auth_token': AUTH_TOKEN, 'api_url': emulator.url})
    assert envvars['PLIVO_AUTH_TOKEN'] == AUTH_TOKEN
    (root / 'tmp').mkdir()
    envvars.update({
        'ANSIBLE_COLLECTIONS_PATH': installed_collections,
        'ANSIBLE_HOME': str(root / 'ansible-home'),
        'ANSIBLE_LOCAL_TEMP': str(root / 'tmp'),
        'ANSIBLE_NOCOLOR': '1',
        'ANSIBLE_FORCE_COLOR': '0',
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'ANSIBLE_HOST_KEY_CHECKING': 'false',
    })
    (root / 'env' / 'envvars').write_text(yaml.safe_dump(envvars), encoding='utf-8')
    (root / 'env' / 'envvars').chmod(0o600)
    (root / 'env' / 'settings').write_text(yaml.safe_dump({'job_timeout': RUN_TIMEOUT, 'idle_timeout': RUN_TIMEOUT,
                                                           'suppress_ansible_output': True}), encoding='utf-8')
    return root


def run_job(private_data_dir, ident, *args):
    # Nothing from the caller's environment reaches the job but PATH and the like: the
    # credentials and the collections path come from env/envvars only.
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PLIVO_', 'ANSIBLE_'))}
    env['PATH'] = VENV_BIN + os.pathsep + env.get('PATH', '')
    command = [os.path.join(VENV_BIN, 'ansible-runner'), 'run', str(private_data_dir), '-p', PLAYBOOK, '--ident', ident, *args]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT + 60, check=False,
                          stdin=subprocess.DEVNULL)
    return RunnerJob(str(private_data_dir), ident, proc)


def assert_successful(job):
    assert job.proc.returncode == 0, job.report()
    assert job.status == 'successful', job.report()
    assert job.rc == '0', job.report()
    assert job.event_files, job.report()


def assert_token_absent(job):
    leaks = [os.path.basename(path) for path, text in job.event_texts.items() if AUTH_TOKEN in text]
    assert not leaks, 'the auth token is in job events %s' % leaks
    assert AUTH_TOKEN not in job.stdout, 'the auth token is in artifacts stdout'
    assert AUTH_TOKEN not in (job.stderr or ''), 'the auth token is in artifacts stderr'
    assert AUTH_TOKEN not in job.proc.stdout + job.proc.stderr


@pytest.fixture(scope='module')
def first_job(private_data_dir):
    # Verbosity 4 ("Connection Debug" in AWX) and --diff ("Show changes"): the most output
    # a job template can ask for, on the run that writes.
    return run_job(private_data_dir, 'first-vvvv-diff', '-vvvv', '--cmdline=--diff')


@pytest.fixture(scope='module')
def second_job(private_data_dir, first_job, emulator):
    assert first_job.status == 'successful', first_job.report()
    seen = max((entry['seq'] for entry in emulator.requests_log), default=0)
    job = run_job(private_data_dir, 'second')
    return job, [entry for entry in emulator.requests_log if entry['seq'] > seen]


def test_first_job_converges(first_job, emulator):
    assert_successful(first_job)
    results = first_job.task_results(CONVERGE_TASK)
    assert len(results) == 1 and results[0]['host'] == HOST, first_job.report()
    res = results[0]['res']
    assert res['changed'] is True
    assert sorted(res['created']) == ['awx-alerts', 'awx-marketing']
    assert res['updated'] == [] and res['deleted'] == []
    assert first_job.stats()['changed'] == {HOST: 1}
    assert not first_job.stats()['failures']

    powerpacks = {pp['name']: pp for pp in emulator_state(emulator.url)}
    assert sorted(powerpacks) == ['awx-alerts', 'awx-marketing']
    assert powerpacks['awx-alerts']['sticky_sender'] is True and powerpacks['awx-alerts']['local_connect'] is False
    assert powerpacks['awx-alerts']['number_priority'][0]['priority']['priority1'] == 'shortcode'
    assert powerpacks['awx-marketing']['sticky_sender'] is False


def test_second_job_is_unchanged(second_job):
    job, requests_log = second_job
    assert_successful(job)
    results = job.task_results(CONVERGE_TASK)
    assert len(results) == 1, job.report()
    res = results[0]['res']
    assert res['changed'] is False
    assert sorted(res['unchanged']) == ['awx-alerts', 'awx-marketing']
    assert res['created'] == [] and res['updated'] == [] and res['deleted'] == []
    assert not job.stats()['changed'], job.stats()
    writes = [entry for entry in requests_log if entry['method'] in ('POST', 'DELETE')]
    assert requests_log and not writes, requests_log


def test_packaged_collection_runs(first_job, installed_collections):
    """At -vvvv ansible-playbook names the module file: it is the installed tarball's."""
    module_files = [line for line in first_job.stdout.splitlines() if 'Using module file' in line]
    assert module_files, first_job.report()
    expected = os.path.join(installed_collections, 'ansible_collections', 'plivo', 'messaging', 'plugins', 'modules')
    assert all(expected in line for line in module_files), module_files


def test_token_never_in_job_events_or_stdout(first_job, second_job):
    job, dummy = second_job
    for run in (first_job, job):
        assert_token_absent(run)
    # The verbose run did show the module's arguments, with the token masked, and the diff:
    # the check above looked at output that would have held the token.
    assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in first_job.stdout
    assert '"after"' in first_job.stdout or '+++ after' in first_job.stdout, first_job.stdout
