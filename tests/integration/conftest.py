# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures that run the integration targets with ansible-playbook.

By default one Plivo emulator (tests/emulator/plivo_emulator.py) is started per pytest
session; under pytest-xdist that means one per worker, so workers never share state.
When PLIVO_INTEGRATION_CONFIG names an integration_config.yml (see README.md), the
targets run against the API in that file instead, and emulator-only tests are skipped.

Readings: where Plivo's SDKs disagree about the API, the emulator answers the stricter
way unless told otherwise (docs/docsite/rst/guide_emulator.rst, "Readings").
PLIVO_EMULATOR_READINGS=KEY=VALUE[,KEY=VALUE...] (for example
"tollfree_key=tollfree,single_get_service=both") starts the session emulator in those
readings, so that every integration test runs in them; test_targets.py also runs the
pool targets in each other reading on its own emulator (reading_config).

ansible-playbook finds plivo.messaging through the collections_path fixture (tests/conftest.py).

Fixtures:
  plivo_config        the variables handed to the targets (plivo_auth_id, ...)
  run_playbook        run a playbook text with ansible-playbook and return the result; with
                      deprecations_are_errors=True, a deprecation of plivo.messaging in its
                      output fails the test (tests/own_deprecations.py): the demo, the
                      examples and the targets run that way
  module_run_playbook the same, for module-scoped fixtures
  emulator_factory    start(*flags, accounts=None) -> a fresh emulator subprocess with those
                      flags (e.g. fault injection), stopped when the test ends; an
                      EmulatorProcess (tests/emulator/process.py)
  emulator_admin      admin(url, method, path, body=None) -> the JSON answer of an
                      emulator admin endpoint (/_emulator/...), or None for an empty one
  reading_config      config(readings) -> variables like plivo_config's, for an emulator
                      started with those readings (a tuple of "KEY=VALUE"); one emulator per
                      distinct tuple and session (worker), stopped at the end
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass

import pytest
import yaml

import own_deprecations
from emulator.process import EmulatorProcess, admin_request

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS_DIR = os.path.join(HERE, 'targets')
VENV_BIN = os.path.dirname(sys.executable)
CONFIG_ENV = 'PLIVO_INTEGRATION_CONFIG'
READINGS_ENV = 'PLIVO_EMULATOR_READINGS'

# The emulator accounts. The main token is distinctive so that the leak tests can look
# for it in verbose output; it must never be printed. The second account serves the
# environment-only test: Ansible itself prints a task's environment: in the -vvv EXEC
# line, so that token is allowed to show up.
MAIN_AUTH_ID = 'MAINTEGRATION0000000'
MAIN_AUTH_TOKEN = 'tok-NEVER-PRINT-9f4e2c71'
ENV_AUTH_ID = 'MAENVIRONMENT0000000'
ENV_AUTH_TOKEN = 'env-token-printed-in-exec-lines'
MAIN_SHORTCODE = '444444'

# Generous per-playbook limits: the powerpack target makes ~120 module calls (~0.5 s each).
PLAYBOOK_TIMEOUT = 900


def real_api_config_path():
    path = os.environ.get(CONFIG_ENV, '').strip()
    return os.path.abspath(path) if path else None


def new_resource_prefix():
    # Like ansible-test's: short, unique per run, safe in a powerpack name.
    return 'ansible-test-%s' % uuid.uuid4().hex[:10]


def env_readings():
    """The readings PLIVO_EMULATOR_READINGS asks for, as a tuple of "KEY=VALUE" (may be empty)."""
    return tuple(item.strip() for item in os.environ.get(READINGS_ENV, '').split(',') if item.strip())


def start_target_emulator(log_path, readings=()):
    """The emulator the targets expect (both accounts, the main account's short code), in these readings."""
    args = ['--shortcode', '%s:%s' % (MAIN_AUTH_ID, MAIN_SHORTCODE)]
    for reading in readings:
        args += ['--reading', reading]
    return EmulatorProcess({MAIN_AUTH_ID: MAIN_AUTH_TOKEN, ENV_AUTH_ID: ENV_AUTH_TOKEN}, log_path, args=args).start()


def emulator_target_config(emulator, readings=()):
    """The variables of the targets for a running emulator."""
    return {
        'plivo_auth_id': MAIN_AUTH_ID,
        'plivo_auth_token': MAIN_AUTH_TOKEN,
        'plivo_api_url': emulator.url,
        'plivo_emulator': True,
        'plivo_emulator_readings': list(readings),
        'plivo_env_auth_id': ENV_AUTH_ID,
        'plivo_env_auth_token': ENV_AUTH_TOKEN,
        'resource_prefix': new_resource_prefix(),
    }


@pytest.fixture(scope='session')
def plivo_config(tmp_path_factory):
    """Variables for the targets; starts the emulator unless PLIVO_INTEGRATION_CONFIG is set."""
    path = real_api_config_path()
    if path is not None:
        with open(path, encoding='utf-8') as handle:
            config = yaml.safe_load(handle) or {}
        missing = [key for key in ('plivo_auth_id', 'plivo_auth_token') if not config.get(key)]
        if missing:
            pytest.fail('%s (%s) lacks %s' % (CONFIG_ENV, path, ', '.join(missing)))
        config.setdefault('plivo_api_url', 'https://api.plivo.com')
        if config.get('plivo_emulator'):
            pytest.fail('%s (%s) sets plivo_emulator: true; for the emulator, unset %s instead'
                        % (CONFIG_ENV, path, CONFIG_ENV))
        config['plivo_emulator'] = False
        # No resource_prefix default here: the targets fall back to a fixed prefix, so a
        # later run cleans up what an interrupted one left in the account.
        yield config
        return

    log_path = str(tmp_path_factory.mktemp('emulator') / 'emulator.stderr')
    # The main account owns one short code (the powerpack_number target links and unlinks it).
    readings = env_readings()
    emulator = start_target_emulator(log_path, readings)
    try:
        yield emulator_target_config(emulator, readings)
    finally:
        emulator.stop()


@pytest.fixture(scope='session')
def reading_config(tmp_path_factory):
    """config(readings) -> target variables for an emulator in these readings ("KEY=VALUE", ...).

    Emulator only (the caller skips against a real API). One emulator per distinct set of
    readings in this session (worker): the targets reset their account when they start."""
    started = {}

    def config(readings):
        readings = tuple(readings)
        if readings not in started:
            log_path = str(tmp_path_factory.mktemp('emulator-reading') / 'emulator.stderr')
            emulator = start_target_emulator(log_path, readings)
            started[readings] = (emulator, emulator_target_config(emulator, readings))
        return started[readings][1]

    yield config
    for emulator, _config in started.values():
        emulator.stop()


@dataclass
class PlaybookResult:
    rc: int
    stdout: str
    stderr: str
    command: list
    seconds: float

    @property
    def output(self):
        return self.stdout + self.stderr

    def report(self):
        return ('$ %s\nrc=%s after %.1fs\n----- stdout -----\n%s\n----- stderr -----\n%s'
                % (' '.join(self.command), self.rc, self.seconds, self.stdout, self.stderr))

    @property
    def own_deprecations(self):
        """The deprecations of plivo.messaging the run printed (tests/own_deprecations.py)."""
        return own_deprecations.own_deprecations(self.output)


@pytest.fixture
def run_playbook(tmp_path, collections_path):
    """run_playbook(text, extra_vars, *args, timeout=..., environ=None, deprecations_are_errors=False) -> PlaybookResult.

    ``environ`` adds variables to ansible-playbook's own environment, as AWX does
    with its credential injection. With ``deprecations_are_errors``, a deprecation of
    plivo.messaging in the output fails the test, whatever the run's outcome."""
    return playbook_runner(tmp_path, collections_path)


@pytest.fixture(scope='module')
def module_run_playbook(tmp_path_factory, collections_path):
    """run_playbook for module-scoped fixtures (one run shared by a module's tests)."""
    return playbook_runner(tmp_path_factory.mktemp('module-run'), collections_path)


def playbook_runner(tmp_path, collections_path):
    """The run function behind run_playbook: each run gets a fresh directory under tmp_path."""

    def run(playbook_text, extra_vars, *args, timeout=PLAYBOOK_TIMEOUT, environ=None, deprecations_are_errors=False):
        workdir = tmp_path / ('run-%s' % uuid.uuid4().hex[:8])
        workdir.mkdir()
        playbook = workdir / 'playbook.yml'
        playbook.write_text(playbook_text, encoding='utf-8')
        vars_file = workdir / 'vars.json'
        vars_file.write_text(json.dumps(extra_vars, indent=2), encoding='utf-8')
        vars_file.chmod(0o600)
        (workdir / 'tmp').mkdir()

        # A clean environment: no PLIVO_* (the targets set what they need) and no
        # ansible.cfg from the caller's directory or ANSIBLE_CONFIG.
        env = {k: v for k, v in os.environ.items() if not k.startswith(('PLIVO_', 'ANSIBLE_'))}
        env.update({
            'PATH': VENV_BIN + os.pathsep + env.get('PATH', ''),
            'ANSIBLE_COLLECTIONS_PATH': collections_path,
            'ANSIBLE_ROLES_PATH': TARGETS_DIR,
            'ANSIBLE_HOME': str(workdir / 'ansible-home'),
            'ANSIBLE_LOCAL_TEMP': str(workdir / 'tmp'),
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_HOST_KEY_CHECKING': 'false',
        })
        env.update(own_deprecations.ENVIRONMENT)
        env.update(environ or {})
        command = [os.path.join(VENV_BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local',
                   '-e', '@%s' % vars_file, *args, str(playbook)]
        started = time.monotonic()
        try:
            proc = subprocess.run(command, cwd=str(workdir), env=env, capture_output=True, text=True,
                                  timeout=timeout, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as err:
            def text(value):
                if isinstance(value, bytes):
                    return value.decode('utf-8', 'replace')
                return value or ''
            result = PlaybookResult(-1, text(err.stdout), text(err.stderr), command, time.monotonic() - started)
            pytest.fail('ansible-playbook timed out after %ss\n%s' % (timeout, result.report()))
        result = PlaybookResult(proc.returncode, proc.stdout, proc.stderr, command, time.monotonic() - started)
        problem = own_deprecations.problem(result.output, 'ansible-playbook') if deprecations_are_errors else None
        if problem:
            pytest.fail('%s\n%s' % (problem, result.report()))
        return result

    return run


@pytest.fixture
def emulator_factory(tmp_path):
    """start(*flags, accounts=None) -> a started EmulatorProcess with these extra flags.

    Each call starts a separate emulator subprocess (its own port, state and request
    log) with the main account by default; all are stopped when the test ends."""
    started = []

    def start(*flags, accounts=None):
        log_path = str(tmp_path / ('emulator-%d.stderr' % len(started)))
        emulator = EmulatorProcess(accounts or {MAIN_AUTH_ID: MAIN_AUTH_TOKEN}, log_path, args=flags)
        started.append(emulator)
        return emulator.start()

    yield start
    for emulator in started:
        emulator.stop()


@pytest.fixture(scope='session')
def emulator_admin():
    """admin(url, method, path, body=None) -> the decoded JSON answer of an emulator
    admin endpoint (None when it is empty); any HTTP error status raises."""
    return admin_request
