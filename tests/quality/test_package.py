# Copyright: (c) 2026, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection tarball: what goes in, what stays out, and what Galaxy's importer says of it.

``ansible-galaxy collection build`` packs every file of the collection directory that
``build_ignore`` in galaxy.yml does not exclude; it does not read .gitignore. A developer's
checkout holds a virtual environment, caches, test output, emulator state and a real-API
configuration with a real token, so the test builds from a copy of the files git lists
(tracked, plus untracked files that are not ignored) into which that junk is planted on
purpose, and checks that none of it ships while everything a user needs does.

Then galaxy-importer (what Galaxy and Automation Hub run on an upload) imports the tarball
locally, with the container-based ``ansible-test`` off and everything else on: ansible-doc,
ansible-lint (offline), flake8, the changelog check, the required-tags check and the 1.0.0+
version check. It exits 0 even when it finds problems (it logs them as WARNING lines), so the
test reads its output: any WARNING or ERROR line fails, unless IMPORTER_ALLOWED lists it with
a reason. galaxy-importer writes importer_result.json into its working directory, which is a
temporary one here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
TIMEOUT = 300

# Files planted into the copy before the build; none of them may reach the tarball.
JUNK = {
    '.venv/bin/python': '#!/bin/sh\n',
    '.venv/lib/python3.11/site-packages/junk/__init__.py': '',
    '.cache/ansible-test-home/.ansible/test/venv/sanity.pylint/3.11/x/bin/python': '',
    '.cache/plivo-emulator-state.json': '{"version": 1, "accounts": {}}\n',
    '.build/dist/plivo-messaging-1.0.0.tar.gz': '',
    '.build/collections/ansible_collections/plivo/messaging/README.md': '',
    '.tox/ac219/bin/python': '',
    '.pytest_cache/v/cache/lastfailed': '{}\n',
    '.ansible/collections/ansible_collections/plivo/messaging/README.md': '',
    '.git/HEAD': 'ref: refs/heads/main\n',
    'collections/ansible_collections/plivo/messaging/README.md': '',
    'tests/output/junit/python3.11-sanity.xml': '<testsuites/>\n',
    'tests/output/.tmp/sanity/x.json': '{}\n',
    'plugins/modules/__pycache__/powerpack.cpython-311.pyc': '',
    'plugins/module_utils/__pycache__/api.cpython-311.pyc': '',
    'tests/unit/__pycache__/conftest.cpython-311-pytest-9.0.0.pyc': '',
    'plugins/module_utils/stray.pyc': '',
    'tests/emulator/state/accounts.json': '{"version": 1, "accounts": {}}\n',
    'emulator-state.json': '{"version": 1, "accounts": {}}\n',
    'tests/integration/plivo-emulator-state.json': '{"version": 1, "accounts": {}}\n',
    '.plivo-emulator-12345.tmp': '{}\n',
    'tests/integration/integration_config.yml': 'plivo_auth_id: MAREALACCOUNT0000000\nplivo_auth_token: a-real-token\n',
    'ee/context/Containerfile': 'FROM scratch\n',
    'ee/context/_build/requirements.txt': 'requests\n',
    'importer_result.json': '{}\n',
    'plivo-messaging-0.9.0.tar.gz': '',
    'playbooks/demo.retry': 'localhost\n',
    'changelogs/.plugin-cache.yaml': 'version: 1.0.0\n',
}

# Files of the repository that are for developing the collection, not for using it. Checked
# only when the file exists in the tree.
DEV_ONLY = [
    '.ci', '.gitignore', '.ansible-lint', 'Makefile', 'pytest.ini', 'requirements-dev.txt', 'requirements-mutation.txt', 'tox.ini',
    'ee',
]

# Everything a user of the collection needs; each must be in the tarball.
REQUIRED = [
    'MANIFEST.json', 'FILES.json',
    'README.md', 'LICENSE', 'CHANGELOG.rst', 'changelogs/changelog.yaml',
    'meta/runtime.yml',
    'plugins/modules/powerpack.py', 'plugins/modules/powerpack_info.py', 'plugins/modules/powerpack_bulk.py',
    'plugins/modules/powerpack_number.py', 'plugins/modules/powerpack_pool.py', 'plugins/modules/powerpack_number_info.py',
    'roles/powerpacks/tasks/main.yml', 'roles/powerpacks/defaults/main.yml', 'roles/powerpacks/meta/main.yml',
    'roles/powerpacks/meta/argument_specs.yml', 'roles/powerpacks/README.md',
    'tests/emulator/plivo_emulator.py',
    # docs.ansible.com builds the collection's docsite from the tarball
    'docs/docsite/links.yml', 'docs/docsite/extra-docs.yml',
]
# Every module the collection ships; each must be in Galaxy's import with its documentation.
MODULES = ('powerpack', 'powerpack_info', 'powerpack_bulk', 'powerpack_number', 'powerpack_pool', 'powerpack_number_info')
# ... and every file the tree has under these directories
# Every filter plugin the collection ships; each must be in Galaxy's import with its documentation.
FILTERS = ('to_unsafe_yaml', 'powerpacks_export', 'role_message')
REQUIRED_DIRS = ['plugins/modules', 'plugins/module_utils', 'plugins/doc_fragments', 'plugins/filter', 'roles/powerpacks', 'docs/docsite']

# WARNING/ERROR lines of galaxy-importer that do not matter, as (regular expression, reason).
# Start from none; add one only with the reason it cannot or should not be fixed.
IMPORTER_ALLOWED: list[tuple[str, str]] = []

IMPORTER_CFG = """\
[galaxy-importer]
# ansible-test sanity runs in a container (podman or docker): none here. tests/quality/test_sanity.py
# runs the same sanity tests without one.
run_ansible_test = False
ansible_test_local_image = False
local_image_docker = False
# offline: ansible-lint must not try to download collections or schemas
run_ansible_lint = True
offline_ansible_lint = True
run_ansible_doc = True
run_flake8 = True
check_changelog = True
check_required_tags = True
require_v1_or_greater = True
log_level_main = INFO
tmp_root_dir = {tmp}
ansible_local_tmp = {tmp}/ansible-local-tmp
"""


def collection_files():
    """Files git tracks, plus untracked files that are not ignored (those deleted from the work tree left out)."""
    output = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard', '-z'], cwd=REPO_ROOT,
                            check=True, capture_output=True).stdout
    names = sorted(set(name for name in output.decode('utf-8').split('\0') if name))
    return [name for name in names if os.path.lexists(os.path.join(REPO_ROOT, name))]


def run(command, cwd, env=None, timeout=TIMEOUT):
    try:
        result = subprocess.run([str(part) for part in command], cwd=str(cwd), env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as ex:
        pytest.fail('%s did not finish in %d s:\n%s' % (' '.join(map(str, command)), timeout,
                                                        (ex.output or b'').decode('utf-8', 'replace')), pytrace=False)
    return result.returncode, result.stdout.decode('utf-8', 'replace')


def tool_env():
    env = dict(os.environ, PATH=os.pathsep.join([VENV_BIN, os.environ.get('PATH', '')]), ANSIBLE_NOCOLOR='1', NO_COLOR='1')
    for name in list(env):
        if name.startswith('GALAXY_IMPORTER_') or name in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS'):
            del env[name]
    return env


@pytest.fixture(scope='session')
def source_tree(tmp_path_factory):
    """A copy of the collection's files, with junk planted in it."""
    tree = tmp_path_factory.mktemp('package') / 'plivo.messaging'
    for name in collection_files():
        source = os.path.join(REPO_ROOT, name)
        target = tree / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if os.path.islink(source):
            os.symlink(os.readlink(source), str(target))
        else:
            shutil.copy2(source, str(target))
    for name, content in JUNK.items():
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding='utf-8')
    return tree


@pytest.fixture(scope='session')
def tarball(source_tree):
    """The tarball `ansible-galaxy collection build` makes of source_tree."""
    dist = source_tree.parent / 'dist'
    returncode, output = run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', dist,
                              source_tree], cwd=source_tree.parent, env=tool_env())
    built = sorted(dist.glob('plivo-messaging-*.tar.gz')) if dist.is_dir() else []
    if returncode != 0 or len(built) != 1 or '[WARNING]' in output:
        pytest.fail('ansible-galaxy collection build failed (exit %d):\n%s' % (returncode, output), pytrace=False)
    return built[0]


@pytest.fixture(scope='session')
def members(tarball):
    with tarfile.open(str(tarball)) as archive:
        return {member.name.rstrip('/'): member for member in archive.getmembers()}


def test_tarball_name_and_manifest(tarball, members):
    """The tarball is named after galaxy.yml, and MANIFEST.json carries the metadata Galaxy shows."""
    with open(os.path.join(REPO_ROOT, 'galaxy.yml'), encoding='utf-8') as stream:
        galaxy = yaml.safe_load(stream)
    assert tarball.name == 'plivo-messaging-%s.tar.gz' % galaxy['version']
    with tarfile.open(str(tarball)) as archive:
        info = json.load(archive.extractfile('MANIFEST.json'))['collection_info']
    assert (info['namespace'], info['name'], info['version']) == ('plivo', 'messaging', str(galaxy['version']))
    for key in ('repository', 'documentation', 'issues'):
        assert re.match(r'https://\S+$', info[key] or ''), (key, info[key])
    assert info['license'] == ['GPL-3.0-or-later'], info['license']
    assert 'tools' in info['tags'], info['tags']  # a standard Galaxy tag (Automation Hub requires one)
    assert info['readme'] == 'README.md'


def test_junk_stays_out(members):
    """Nothing planted (venvs, caches, test output, emulator state, the real-API config, ...) is packed."""
    # directories that hold collection files; any other directory on a junk file's path exists only for the junk
    collection_dirs = set()
    for name in collection_files():
        parts = name.split('/')
        collection_dirs.update('/'.join(parts[:i]) for i in range(1, len(parts)))
    leaked = set()
    for name in JUNK:
        parts = name.split('/')
        paths = [name] + ['/'.join(parts[:i]) for i in range(1, len(parts))]
        leaked.update(path for path in paths if path in members and path not in collection_dirs)
    # and whatever else looks like junk, planted or not
    for name in members:
        parts = name.split('/')
        if ('__pycache__' in parts or name.endswith(('.pyc', '.retry', '.tar.gz')) or 'emulator-state' in parts[-1]
                or parts[-1] in ('integration_config.yml', 'importer_result.json', '.plugin-cache.yaml')
                or parts[0] in ('.venv', '.cache', '.build', '.tox', '.pytest_cache', '.ansible', '.git', 'collections')
                or name.startswith('tests/output')):
            leaked.add(name)
    assert not leaked, 'in the tarball, but must not be (add them to build_ignore in galaxy.yml): %s' % sorted(leaked)


def test_dev_only_files_stay_out(members):
    """Files for developing the collection (CI, Makefile, tox, the execution environment build) are not packed."""
    leaked = [name for name in DEV_ONLY if os.path.lexists(os.path.join(REPO_ROOT, name)) and name in members]
    assert not leaked, 'in the tarball, but must not be (add them to build_ignore in galaxy.yml): %s' % leaked


def test_required_files_are_in(members, source_tree):
    """Modules, module_utils, doc fragments, the role, metadata, docs, changelog and the emulator are packed."""
    required = set(REQUIRED)
    for directory in REQUIRED_DIRS:
        for dirpath, dirnames, filenames in os.walk(str(source_tree / directory)):
            dirnames[:] = [name for name in dirnames if name != '__pycache__']
            required.update(os.path.relpath(os.path.join(dirpath, name), str(source_tree)) for name in filenames
                            if not name.endswith('.pyc'))
    missing = sorted(name for name in required if name not in members)
    assert not missing, 'missing from the tarball: %s' % missing
    assert members['tests/emulator/plivo_emulator.py'].isfile()


def test_galaxy_importer(tarball, tmp_path):
    """galaxy-importer imports the tarball with no WARNING or ERROR line (except IMPORTER_ALLOWED)."""
    workdir = tmp_path / 'importer'
    (workdir / 'tmp' / 'ansible-local-tmp').mkdir(parents=True)
    config = workdir / 'galaxy-importer.cfg'
    config.write_text(IMPORTER_CFG.format(tmp=workdir / 'tmp'), encoding='utf-8')
    env = tool_env()
    env['GALAXY_IMPORTER_CONFIG'] = str(config)
    returncode, output = run([sys.executable, '-m', 'galaxy_importer.main', tarball], cwd=workdir, env=env)
    report = 'galaxy-importer exit code %d, output:\n%s' % (returncode, output)
    assert returncode == 0, report
    assert 'Importer processing completed successfully' in output, report

    problems = []
    for line in output.splitlines():
        if re.match(r'\s*(WARNING|ERROR|CRITICAL)\b', line) or 'Traceback' in line:
            if not any(re.search(pattern, line) for pattern, _reason in IMPORTER_ALLOWED):
                problems.append(line)
    assert not problems, 'galaxy-importer reported:\n%s\n\n%s' % ('\n'.join(problems), report)

    # what Galaxy would show: the metadata, every module and the role, with their documentation
    with open(str(workdir / 'importer_result.json'), encoding='utf-8') as stream:
        result = json.load(stream)
    contents = {(item['content_type'], item['name']) for item in result['contents']}
    for module in MODULES:
        assert ('module', module) in contents, contents
    assert ('role', 'powerpacks') in contents, contents
    documented = {item['content_name'] for item in result['docs_blob']['contents']
                  if item['content_type'] == 'module' and item.get('doc_strings')}
    assert documented == set(MODULES), documented
    for name in FILTERS:
        assert ('filter', name) in contents, contents
    documented = {item['content_name'] for item in result['docs_blob']['contents']
                  if item['content_type'] == 'filter' and item.get('doc_strings')}
    assert documented == set(FILTERS), documented
    assert result['docs_blob']['collection_readme']['name'] == 'README.md'
    metadata = result['metadata']
    for key in ('repository', 'documentation', 'issues', 'tags', 'license'):
        assert metadata.get(key), (key, metadata)
    assert result['requires_ansible'], result
