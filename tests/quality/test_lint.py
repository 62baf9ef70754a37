# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ansible-lint with the production profile over the whole collection.

The configuration is in .ansible-lint (profile: production, offline: true, and
the excluded paths). It lints playbooks/, roles/, tests/integration/targets,
meta/, galaxy.yml and the EXAMPLES of every module. Modules of this collection
are resolved through an ansible_collections tree whose plivo/messaging entry is
a symlink to this checkout (see the collections_path fixture in tests/conftest.py).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
LINT_TIMEOUT = 15 * 60


def run_ansible_lint(collections_path):
    env = dict(os.environ)
    env.update(
        ANSIBLE_COLLECTIONS_PATH=collections_path,
        PATH=os.pathsep.join([VENV_BIN, env.get('PATH', '')]),
        NO_COLOR='1',
    )
    env.pop('ANSIBLE_COLLECTIONS_PATHS', None)
    # -vv makes ansible-lint name every file it examines; the test checks that list
    command = [os.path.join(VENV_BIN, 'ansible-lint'), '-vv', '--nocolor', '-c', '.ansible-lint']
    try:
        result = subprocess.run(
            command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            timeout=LINT_TIMEOUT, check=False,
        )
    except subprocess.TimeoutExpired as ex:
        pytest.fail('ansible-lint did not finish in %d s:\n%s' % (LINT_TIMEOUT, (ex.output or b'').decode('utf-8', 'replace')))
    output = result.stdout.decode('utf-8', 'replace')
    # drop ansible-lint's bulky configuration dump; keep findings and the files it examined
    noise = ('Activating rule', 'Unloading ', 'Effective yamllint rules', 'Determined rule-profile order', 'Options: ')
    lines = [line for line in output.splitlines() if not any(marker in line for marker in noise)]
    return command, result.returncode, '\n'.join(lines)


def test_ansible_lint_production_profile(collections_path):
    """ansible-lint (production profile) reports nothing."""
    command, returncode, output = run_ansible_lint(collections_path)
    if returncode != 0:
        findings = [line for line in output.splitlines() if not line.startswith(('DEBUG ', 'INFO '))]
        pytest.fail(
            'ansible-lint failed with exit code %d.\nCommand: %s\nRun in: %s\n'
            'ANSIBLE_COLLECTIONS_PATH=%s\n----- findings -----\n%s\n----- full output -----\n%s'
            % (returncode, ' '.join(command), REPO_ROOT, collections_path, '\n'.join(findings).strip(), output),
            pytrace=False,
        )
    # guard against a configuration that silently lints nothing
    expected = ['galaxy.yml', 'meta/runtime.yml', 'playbooks/demo.yml']
    expected += ['plugins/modules/%s' % name for name in sorted(os.listdir(os.path.join(REPO_ROOT, 'plugins', 'modules')))
                 if name.endswith('.py') and not name.startswith('_')]
    missing = [path for path in expected if 'Examining %s of type' % path not in output]
    if missing:
        pytest.fail('ansible-lint did not examine %s; check exclude_paths in .ansible-lint.\n%s' % (missing, output), pytrace=False)
