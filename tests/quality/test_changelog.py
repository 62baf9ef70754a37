# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Changelog checks: antsibull-changelog lint, and a changelog entry for the galaxy.yml version."""

from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)


def run(*args):
    command = [os.path.join(VENV_BIN, 'antsibull-changelog')] + list(args)
    result = subprocess.run(
        command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, timeout=300, check=False,
    )
    output = result.stdout.decode('utf-8', 'replace')
    return ' '.join(command), result.returncode, output


def load_yaml(relative_path):
    with open(os.path.join(REPO_ROOT, relative_path), encoding='utf-8') as stream:
        return yaml.safe_load(stream)


def test_changelog_fragments_lint():
    """antsibull-changelog lint passes (fragments and changelogs/config.yaml)."""
    command, returncode, output = run('lint')
    if returncode != 0 or output.strip():
        pytest.fail('%s failed (exit %d):\n%s' % (command, returncode, output), pytrace=False)


def test_changelog_yaml_lint():
    """changelogs/changelog.yaml is valid."""
    command, returncode, output = run('lint-changelog-yaml', 'changelogs/changelog.yaml')
    if returncode != 0 or output.strip():
        pytest.fail('%s failed (exit %d):\n%s' % (command, returncode, output), pytrace=False)


def test_galaxy_version_has_changelog_entry():
    """The galaxy.yml version is either released in changelog.yaml or announced by a fragment."""
    version = str(load_yaml('galaxy.yml')['version'])
    releases = load_yaml('changelogs/changelog.yaml').get('releases') or {}
    if version in releases:
        return
    summaries = []
    for path in sorted(glob.glob(os.path.join(REPO_ROOT, 'changelogs', 'fragments', '*.y*ml'))):
        with open(path, encoding='utf-8') as stream:
            fragment = yaml.safe_load(stream) or {}
        if fragment.get('release_summary'):
            summaries.append(os.path.basename(path))
    if not summaries:
        pytest.fail('galaxy.yml has version %s, which changelogs/changelog.yaml does not list; add a fragment '
                    'with a release_summary to changelogs/fragments/' % version, pytrace=False)
