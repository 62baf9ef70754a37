# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make demo`'s virtual environment stays out of git and out of the collection tarball.

`make demo` installs the collection's run-time requirements into a virtual environment in the
checkout (the Makefile's DEMO_VENV, .venv-demo). git must ignore it (.gitignore), and
`ansible-galaxy collection build .` (`make build`) must not pack it: that reads build_ignore in
galaxy.yml, not .gitignore, and matches each pattern against the whole relative path, so the
pattern ``.venv`` does not cover ``.venv-demo``. (tests/quality/test_package.py builds from the
files git lists, so it cannot see this.)
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def demo_venv():
    with open(os.path.join(REPO_ROOT, 'Makefile'), encoding='utf-8') as handle:
        match = re.search(r'^DEMO_VENV \?= *(\S+) *$', handle.read(), flags=re.M)
    assert match, 'the Makefile sets no DEMO_VENV'
    return match.group(1)


def test_git_ignores_the_demo_venv():
    path = demo_venv() + '/bin/python'
    proc = subprocess.run(['git', 'check-ignore', '--no-index', '-q', path], cwd=REPO_ROOT, check=False)
    assert proc.returncode == 0, '%s is not ignored by .gitignore' % path


def test_the_tarball_leaves_out_the_demo_venv():
    with open(os.path.join(REPO_ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        patterns = yaml.safe_load(handle).get('build_ignore') or []
    name = demo_venv()
    assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), (
        '`make build` would pack %s: add "- %s" to build_ignore in galaxy.yml' % (name, name))
