# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ``ansible-test sanity`` on a temporary copy of the collection.

ansible-test must run from inside ``.../ansible_collections/plivo/messaging`` and
resolves symlinks, so the files git knows about (tracked, plus untracked files
that are not ignored) are copied into a temporary tree first.

ansible-test creates one virtual environment per sanity test and bootstraps pip
into each of them with a ``get-pip.py`` script that it downloads from a host we
cannot reach. A small offline stand-in is installed in its cache instead; it runs
``python -m ensurepip`` and then ``python -m pip install`` with the same
arguments. The sanity virtual environments, the stand-in and pip's download
cache live in ``.cache/ansible-test-home`` (ansible-test keeps them under
``~/.ansible``, so HOME points there for the run); the first run creates them
(cold, about 100 s), later runs reuse them.

No ``tests/sanity/ignore-*.txt`` file is allowed: problems get fixed, not ignored.
"""

from __future__ import annotations

import fcntl
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
PYTHON_VERSION = '%d.%d' % sys.version_info[:2]
SANITY_TIMEOUT = 30 * 60

# ansible-test writes '#!<venv>/bin/python' shebangs into its cached virtual
# environments; Linux cuts shebangs at 127 characters. The longest path below the
# home directory is '/.ansible/test/venv/sanity.integration-aliases/3.11/<8 hex>/bin/python'.
LONGEST_VENV_SUFFIX = len('/.ansible/test/venv/sanity.integration-aliases/%s/12345678/bin/python' % PYTHON_VERSION)
MAX_SHEBANG = 127

GET_PIP_STUB = '''\
"""Offline stand-in for get-pip.py, written by tests/quality/test_sanity.py.

ansible-test runs this file with a new, empty virtual environment's python to put
pip into it, passing pip's install arguments (for example 'pip==24.2 --no-setuptools').
The pip of the environment that runs ansible-test installs it (about 3 s); when
that fails, ensurepip and an upgrade do (about 10 s).
"""
import os
import subprocess
import sys

CONTROLLER_PYTHON = %r


def main():
    args = [arg for arg in sys.argv[1:] if arg not in ('--no-setuptools', '--no-wheel')]
    if os.path.exists(CONTROLLER_PYTHON):
        command = [CONTROLLER_PYTHON, '-m', 'pip', '--python', sys.executable, 'install', '--quiet'] + args
        if subprocess.call(command) == 0:
            return
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'], stdout=subprocess.DEVNULL)
    subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--quiet'] + args)


if __name__ == '__main__':
    main()
'''


def ansible_test_home():
    """Return the HOME used for ansible-test: a cache directory in the repo when its path is short enough."""
    preferred = os.path.join(REPO_ROOT, '.cache', 'ansible-test-home')
    if len('#!' + preferred) + LONGEST_VENV_SUFFIX <= MAX_SHEBANG:
        return preferred
    # A checkout with a very long path: keep the cache in a short per-repo directory under /tmp.
    fallback = os.path.join(tempfile.gettempdir(), 'plivo-messaging-ansible-test-%d' % os.getuid())
    return fallback


def ansible_test_pip_version():
    """Read the pip version ansible-test bootstraps into its virtual environments."""
    import ansible_test  # pylint: disable=import-outside-toplevel

    path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(path, encoding='utf-8') as source:
        text = source.read()
    match = re.search(r"default_packages\s*=\s*dict\(\s*pip='([0-9][0-9.]*)'", text)
    assert match, 'cannot find the pip version ansible-test bootstraps in %s; update tests/quality/test_sanity.py' % path
    return match.group(1)


def install_get_pip_stub(home):
    """Install the offline get-pip stand-in where ansible-test looks for its cached copy."""
    version = ansible_test_pip_version()
    cache_dir = os.path.join(home, '.ansible', 'test', 'cache')
    os.makedirs(cache_dir, exist_ok=True)
    stub = os.path.join(cache_dir, 'get_pip_%s.py' % version.replace('.', '_'))
    current = None
    if os.path.exists(stub):
        with open(stub, encoding='utf-8') as existing:
            current = existing.read()
    content = GET_PIP_STUB % sys.executable
    if current != content:
        with open(stub + '.tmp', 'w', encoding='utf-8') as new:
            new.write(content)
        os.replace(stub + '.tmp', stub)
    return stub


def collection_files():
    """Files git tracks, plus untracked files that are not ignored."""
    try:
        output = subprocess.run(
            ['git', 'ls-files', '-co', '--exclude-standard', '-z'],
            cwd=REPO_ROOT, check=True, capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as ex:
        pytest.fail('cannot list the collection files with git in %s: %s' % (REPO_ROOT, ex))
    names = sorted(set(name for name in output.decode('utf-8').split('\0') if name))
    # tracked files deleted from the work tree are listed too
    return [name for name in names if os.path.lexists(os.path.join(REPO_ROOT, name))]


def copy_tree(destination):
    """Copy the collection files into destination, keeping symlinks and modes."""
    for name in collection_files():
        source = os.path.join(REPO_ROOT, name)
        target = os.path.join(destination, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.islink(source):
            os.symlink(os.readlink(source), target)
        else:
            shutil.copy2(source, target)


def test_no_sanity_ignore_files():
    """Sanity findings are fixed, never listed in tests/sanity/ignore-*.txt."""
    ignores = sorted(glob.glob(os.path.join(REPO_ROOT, 'tests', 'sanity', 'ignore-*.txt')))
    assert not ignores, 'remove these sanity ignore files and fix the findings instead: %s' % ignores


def test_ansible_test_sanity(tmp_path):
    """ansible-test sanity passes for the collection, with no ignore file."""
    home = ansible_test_home()
    install_get_pip_stub(home)

    tree = tmp_path / 'ansible_collections' / 'plivo' / 'messaging'
    tree.mkdir(parents=True)
    copy_tree(str(tree))

    env = dict(os.environ)
    # HOME moves ansible-test's cache; pip keeps reading the user's configuration and cache
    real_home = os.path.expanduser('~')
    env.setdefault('XDG_CONFIG_HOME', os.path.join(real_home, '.config'))
    env.setdefault('XDG_CACHE_HOME', os.path.join(real_home, '.cache'))
    env.update(
        HOME=home,
        PATH=os.pathsep.join([VENV_BIN, env.get('PATH', '')]),
        PIP_DISABLE_PIP_VERSION_CHECK='1',
        PIP_ROOT_USER_ACTION='ignore',
    )
    for name in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS', 'PYTHONPATH'):
        env.pop(name, None)

    command = [
        os.path.join(VENV_BIN, 'ansible-test'), 'sanity',
        '--python', PYTHON_VERSION,
        '--requirements',
        '--color', 'no',
    ]
    started = time.monotonic()
    # one sanity run at a time per cache: ansible-test rebuilds half-made virtual environments
    with open(os.path.join(home, '.lock'), 'w', encoding='utf-8') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            result = subprocess.run(
                command, cwd=str(tree), env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                timeout=SANITY_TIMEOUT, check=False,
            )
        except subprocess.TimeoutExpired as ex:
            output = (ex.output or b'').decode('utf-8', 'replace')
            pytest.fail('ansible-test sanity did not finish in %d s:\n%s' % (SANITY_TIMEOUT, output))
    elapsed = time.monotonic() - started
    output = result.stdout.decode('utf-8', 'replace')
    print('ansible-test sanity took %.1f s (HOME=%s)' % (elapsed, home))
    if result.returncode != 0:
        errors = [line for line in output.splitlines() if line.startswith(('ERROR:', 'FATAL:'))]
        pytest.fail(
            'ansible-test sanity failed with exit code %d after %.1f s.\n'
            'Command: %s\nRun in: %s (a copy of the git-listed files)\n'
            '----- errors -----\n%s\n----- full output -----\n%s'
            % (result.returncode, elapsed, ' '.join(command), tree, '\n'.join(errors), output),
            pytrace=False,
        )
