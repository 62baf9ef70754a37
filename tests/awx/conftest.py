# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the AWX / Ansible Automation Platform tests (tests/awx).

These tests check the collection the way AWX uses it: packaged as a tarball, installed
into an execution environment, run by ansible-runner with credentials injected by the
custom credential type in docs/awx/credential_type.yml.

Fixtures:
  collection_tarball     path of plivo-messaging-<version>.tar.gz, built from this checkout
                         into a temporary directory (once per pytest worker)
  installed_collections  a collections path (holding ansible_collections/) into which that
                         tarball was installed with ansible-galaxy
  credential_type        docs/awx/credential_type.yml, loaded
  awx_inject             inject(inputs) -> the environment variables AWX gives a job for a
                         credential of that type with these inputs
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml
from jinja2 import sandbox

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
CREDENTIAL_TYPE_FILE = os.path.join(REPO_ROOT, 'docs', 'awx', 'credential_type.yml')
COMMAND_TIMEOUT = 300


def clean_env(**extra):
    """The environment for a tool run: no PLIVO_* or ANSIBLE_* from the caller, venv first on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PLIVO_', 'ANSIBLE_'))}
    env['PATH'] = VENV_BIN + os.pathsep + env.get('PATH', '')
    env.update(extra)
    return env


def run_tool(command, cwd, env=None, timeout=COMMAND_TIMEOUT):
    """Run a command and return the CompletedProcess; fail the test with its output if it fails."""
    try:
        proc = subprocess.run(command, cwd=cwd, env=env or clean_env(), capture_output=True, text=True,
                              timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as err:
        pytest.fail('%s did not finish in %s s' % (' '.join(command), err.timeout))
    if proc.returncode != 0:
        pytest.fail('%s failed with rc=%s in %s\n----- stdout -----\n%s\n----- stderr -----\n%s'
                    % (' '.join(command), proc.returncode, cwd, proc.stdout, proc.stderr))
    return proc


def galaxy_version():
    with open(os.path.join(REPO_ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        return str(yaml.safe_load(handle)['version'])


@pytest.fixture(scope='session')
def collection_tarball(tmp_path_factory):
    """Build the collection from this checkout, as a release would, into a temporary directory."""
    out = tmp_path_factory.mktemp('awx-dist')
    run_tool([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(out), REPO_ROOT],
             cwd=str(out), env=clean_env(ANSIBLE_HOME=str(out / 'ansible-home')))
    tarball = out / ('plivo-messaging-%s.tar.gz' % galaxy_version())
    assert tarball.is_file(), sorted(p.name for p in out.iterdir())
    return str(tarball)


@pytest.fixture(scope='session')
def installed_collections(tmp_path_factory, collection_tarball):
    """A collections path where the built tarball is installed (not a link to the checkout)."""
    root = tmp_path_factory.mktemp('awx-collections')
    run_tool([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'install', '--force',
              '--collections-path', str(root), collection_tarball],
             cwd=str(root), env=clean_env(ANSIBLE_HOME=str(root / 'ansible-home')))
    installed = root / 'ansible_collections' / 'plivo' / 'messaging'
    assert (installed / 'MANIFEST.json').is_file()
    assert not installed.is_symlink()
    return str(root)


@pytest.fixture(scope='session')
def credential_type():
    with open(CREDENTIAL_TYPE_FILE, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def render_injected_env(credential_type_def, inputs):
    """The env AWX injects for a credential with these inputs (CredentialType.inject_credential).

    AWX renders each env injector with Jinja2's ImmutableSandboxedEnvironment in a namespace
    holding only the inputs the credential has with a non-empty value (booleans always);
    anything else is undefined there, and an undefined variable renders as ''.
    """
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or len(value):
            namespace[name] = value
    env = sandbox.ImmutableSandboxedEnvironment()
    return {var: env.from_string(template).render(**namespace)
            for var, template in credential_type_def['injectors'].get('env', {}).items()}


@pytest.fixture(scope='session')
def awx_inject(credential_type):
    """inject(inputs) -> {ENV_VAR: value}, as AWX would inject a "Plivo API" credential."""

    def inject(inputs):
        return render_injected_env(credential_type, inputs)

    return inject
