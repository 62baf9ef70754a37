# Copyright: (c) 2024, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Changelog checks.

- ``antsibull-changelog lint`` (fragments and changelogs/config.yaml) and
  ``lint-changelog-yaml`` (changelogs/changelog.yaml) report nothing;
- the galaxy.yml version is released in changelogs/changelog.yaml or announced by a
  fragment with a release_summary;
- once the galaxy.yml version is released, no fragment is left over that its release
  notes would miss (re-run ``antsibull-changelog release`` to merge them in, or bump
  the version);
- every module and role of the collection is announced by some release (antsibull-changelog
  finds them by their ``version_added``);
- CHANGELOG.rst is exactly what ``antsibull-changelog generate`` makes from
  changelogs/changelog.yaml, so it never goes stale.
"""

from __future__ import annotations

import ast
import difflib
import glob
import os
import shutil
import subprocess
import sys

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)


def run(*args, cwd=REPO_ROOT):
    command = [os.path.join(VENV_BIN, 'antsibull-changelog')] + list(args)
    env = dict(os.environ, PATH=os.pathsep.join([VENV_BIN, os.environ.get('PATH', '')]))
    result = subprocess.run(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, timeout=300, check=False,
    )
    output = result.stdout.decode('utf-8', 'replace')
    return ' '.join(command), result.returncode, output


def load_yaml(relative_path):
    with open(os.path.join(REPO_ROOT, relative_path), encoding='utf-8') as stream:
        return yaml.safe_load(stream)


def galaxy_version():
    return str(load_yaml('galaxy.yml')['version'])


def releases():
    return load_yaml('changelogs/changelog.yaml').get('releases') or {}


def pending_fragments():
    """Fragment files antsibull-changelog would consume (it ignores other extensions, e.g. .keep)."""
    return sorted(glob.glob(os.path.join(REPO_ROOT, 'changelogs', 'fragments', '*.y*ml')))


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
    version = galaxy_version()
    if version in releases():
        return
    summaries = []
    for path in pending_fragments():
        with open(path, encoding='utf-8') as stream:
            fragment = yaml.safe_load(stream) or {}
        if fragment.get('release_summary'):
            summaries.append(os.path.basename(path))
    if not summaries:
        pytest.fail('galaxy.yml has version %s, which changelogs/changelog.yaml does not list; add a fragment '
                    'with a release_summary to changelogs/fragments/' % version, pytrace=False)


def test_released_version_has_no_leftover_fragments():
    """A tarball built at a released version carries release notes that list all its changes."""
    version = galaxy_version()
    fragments = [os.path.relpath(path, REPO_ROOT) for path in pending_fragments()]
    if version in releases() and fragments:
        pytest.fail(
            'galaxy.yml has version %s, which changelogs/changelog.yaml already released, but these fragments are '
            'not in it: %s.\nEither bump version in galaxy.yml (and later run `antsibull-changelog release`), or, while '
            '%s is not published yet, run `.venv/bin/antsibull-changelog release` again: it merges them into %s and '
            'rewrites CHANGELOG.rst.' % (version, ', '.join(fragments), version, version),
            pytrace=False,
        )


def announced():
    """Names of the modules and roles that some release in changelog.yaml announces."""
    modules, roles = set(), set()
    for release in releases().values():
        modules.update(entry['name'] for entry in release.get('modules') or [])
        roles.update(entry['name'] for entry in (release.get('objects') or {}).get('role') or [])
    return modules, roles


def module_version_added(path):
    """version_added of a module, read from its DOCUMENTATION string."""
    with open(path, encoding='utf-8') as stream:
        tree = ast.parse(stream.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, 'id', None) == 'DOCUMENTATION' for target in node.targets):
            return (yaml.safe_load(node.value.value) or {}).get('version_added')
    return None


def role_version_added(role):
    """version_added of a role's main entry point, read from meta/argument_specs.yml."""
    path = os.path.join(REPO_ROOT, 'roles', role, 'meta', 'argument_specs.yml')
    if not os.path.exists(path):
        return None
    with open(path, encoding='utf-8') as stream:
        specs = yaml.safe_load(stream) or {}
    return ((specs.get('argument_specs') or {}).get('main') or {}).get('version_added')


def test_every_module_and_role_is_announced():
    """Each module and role has a version_added, so that antsibull-changelog announces it ("New Modules",
    "New Roles"), and once that version is released, changelog.yaml does announce it."""
    modules_dir = os.path.join(REPO_ROOT, 'plugins', 'modules')
    roles_dir = os.path.join(REPO_ROOT, 'roles')
    content = [('module', os.path.splitext(name)[0], module_version_added(os.path.join(modules_dir, name)))
               for name in sorted(os.listdir(modules_dir)) if name.endswith('.py') and not name.startswith('_')]
    if os.path.isdir(roles_dir):
        content += [('role', name, role_version_added(name)) for name in sorted(os.listdir(roles_dir))
                    if os.path.isdir(os.path.join(roles_dir, name))]
    assert any(kind == 'role' for kind, _name, _version in content) and len(content) > 1, content
    problems = ['%s %s has no version_added' % (kind, name) for kind, name, version in content if not version]
    announced_modules, announced_roles = announced()
    released = releases()
    for kind, name, version in content:
        if version and str(version) in released and name not in (announced_modules if kind == 'module' else announced_roles):
            problems.append('%s %s (version_added %s) is not announced in release %s' % (kind, name, version, version))
    if problems:
        pytest.fail(
            '%s.\nantsibull-changelog finds new modules and roles by their version_added: set it (modules: in '
            'DOCUMENTATION; roles: under argument_specs.main in meta/argument_specs.yml), then, when that version is '
            'already released in changelogs/changelog.yaml, run `.venv/bin/antsibull-changelog release --reload-plugins` '
            'to add them to it and to CHANGELOG.rst.' % ';\n'.join(problems),
            pytrace=False,
        )


def test_changelog_rst_is_up_to_date(tmp_path):
    """CHANGELOG.rst is what `antsibull-changelog generate` makes from changelogs/changelog.yaml."""
    for name in ('galaxy.yml', 'changelogs/config.yaml', 'changelogs/changelog.yaml'):
        os.makedirs(os.path.dirname(str(tmp_path / name)), exist_ok=True)
        shutil.copy2(os.path.join(REPO_ROOT, name), str(tmp_path / name))
    command, returncode, output = run('generate', cwd=str(tmp_path))
    if returncode != 0:
        pytest.fail('%s failed (exit %d):\n%s' % (command, returncode, output), pytrace=False)
    with open(str(tmp_path / 'CHANGELOG.rst'), encoding='utf-8') as stream:
        expected = stream.read()
    current_path = os.path.join(REPO_ROOT, 'CHANGELOG.rst')
    current = ''
    if os.path.exists(current_path):
        with open(current_path, encoding='utf-8') as stream:
            current = stream.read()
    if current != expected:
        diff = ''.join(difflib.unified_diff(current.splitlines(True), expected.splitlines(True),
                                            'CHANGELOG.rst (in the repository)', 'CHANGELOG.rst (generated)'))
        pytest.fail('CHANGELOG.rst is stale; regenerate it with `.venv/bin/antsibull-changelog generate` '
                    '(or `release`).\n%s' % diff, pytrace=False)
