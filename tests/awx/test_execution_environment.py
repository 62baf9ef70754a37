# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection goes into an execution environment (EE) image with what its modules need.

- meta/execution-environment.yml is the short dependency form ansible-builder reads from
  installed collections, pointing at requirements.txt (requests).
- ansible-builder create turns ee/execution-environment.yml (with a freshly built tarball)
  into a build context that installs this collection and, through it, requests. With no
  container engine here, the image's two dependency stages are replayed on the host: the
  galaxy stage's ansible-galaxy command, run in the context's _build directory as the
  Containerfile runs it in /build, and the builder stage's introspection of the result.
- ansible-builder introspect finds requests in an installed copy of the tarball.

Nothing here talks to the network: the collection comes from the local tarball.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from ansible.release import __version__ as ANSIBLE_CORE_VERSION

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
EE_DIR = os.path.join(REPO_ROOT, 'ee')
TIMEOUT = 300


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PLIVO_', 'ANSIBLE_'))}
    env['PATH'] = VENV_BIN + os.pathsep + env.get('PATH', '')
    env.update(extra)
    return env


def run(command, cwd, **extra_env):
    proc = subprocess.run(command, cwd=str(cwd), env=clean_env(**extra_env), capture_output=True, text=True,
                          timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, '%s failed (rc=%s) in %s\n%s\n%s' % (' '.join(command), proc.returncode, cwd, proc.stdout, proc.stderr)
    return proc.stdout


def load_yaml(path):
    with open(path, encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def requirement_lines(text):
    """Requirement strings of a pip requirements text, comments and blank lines dropped."""
    lines = (re.sub(r'(^|\s+)#.*$', '', line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def sha256(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.fixture(scope='module')
def build_context(tmp_path_factory, collection_tarball):
    """ansible-builder create, on a copy of ee/ holding the tarball, as the AWX guide
    (docs/docsite/rst/guide_awx.rst) says to build it."""
    work = tmp_path_factory.mktemp('ee-create')
    ee_copy = work / 'ee'
    shutil.copytree(EE_DIR, ee_copy, ignore=shutil.ignore_patterns('context', '*.tar.gz'))
    shutil.copy(collection_tarball, ee_copy)
    run([os.path.join(VENV_BIN, 'ansible-builder'), 'create', '-f', 'execution-environment.yml', '-c', 'context',
         '--output-filename', 'Containerfile', '-v3'], cwd=ee_copy)
    return ee_copy / 'context'


def test_collection_declares_its_python_dependencies():
    # The short form, not a full EE definition: a v3 definition here breaks image builds.
    assert load_yaml(os.path.join(REPO_ROOT, 'meta', 'execution-environment.yml')) == {
        'version': 1, 'dependencies': {'python': 'requirements.txt'}}
    with open(os.path.join(REPO_ROOT, 'requirements.txt'), encoding='utf-8') as handle:
        requirements = {req.name: req for req in map(Requirement, requirement_lines(handle.read()))}
    assert 'requests' in requirements
    lower_bounds = [spec for spec in requirements['requests'].specifier if spec.operator == '>=']
    assert lower_bounds, 'requests needs a lower bound in requirements.txt'
    for req in requirements.values():
        assert not req.marker and not req.url, req


def test_tarball_ships_the_dependency_metadata_not_the_ee_definition(collection_tarball):
    with tarfile.open(collection_tarball) as tar:
        names = set(tar.getnames())
    assert {'meta/execution-environment.yml', 'requirements.txt', 'meta/runtime.yml'} <= names
    stray = sorted(name for name in names if name == 'ee' or name.startswith('ee/'))
    assert not stray, 'ee/ belongs outside the collection tarball: add it to build_ignore in galaxy.yml (%s)' % stray


def test_ee_definition_fits_the_collection():
    definition = load_yaml(os.path.join(EE_DIR, 'execution-environment.yml'))
    assert definition['version'] == 3
    deps = definition['dependencies']
    core_spec = SpecifierSet(deps['ansible_core']['package_pip'].split('ansible-core', 1)[1])
    required = SpecifierSet(load_yaml(os.path.join(REPO_ROOT, 'meta', 'runtime.yml'))['requires_ansible'])
    # The ansible-core these tests run with is allowed by both the image and the collection.
    assert Version(ANSIBLE_CORE_VERSION) in core_spec and Version(ANSIBLE_CORE_VERSION) in required
    assert 'ansible-runner' in deps['ansible_runner']['package_pip']
    assert deps['galaxy'] == 'requirements.yml'


def test_build_context_installs_the_collection(build_context, collection_tarball):
    containerfile = (build_context / 'Containerfile').read_text(encoding='utf-8')
    for expected in ('FROM $EE_BASE_IMAGE AS base',
                     'COPY _build /build',
                     'WORKDIR /build',
                     'ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml',
                     'introspect.py introspect',
                     '/output/scripts/assemble',
                     '/output/scripts/check_ansible'):
        assert expected in containerfile, expected
    install_refs = re.search(r'^ARG ANSIBLE_INSTALL_REFS="(.*)"$', containerfile, re.M)
    assert install_refs and 'ansible-core' in install_refs.group(1) and 'ansible-runner' in install_refs.group(1)

    build_dir = build_context / '_build'
    galaxy = load_yaml(build_dir / 'requirements.yml')
    ours = [c for c in galaxy['collections'] if 'plivo-messaging' in c['name'] or c['name'] == 'plivo.messaging']
    assert len(ours) == 1 and ours[0]['type'] == 'file', galaxy
    # The tarball sits in the context where requirements.yml names it (relative to /build),
    # and it is the very tarball that was built.
    shipped = build_dir / ours[0]['name']
    assert shipped.is_file(), 'requirements.yml names %s, not in the build context' % ours[0]['name']
    assert sha256(shipped) == sha256(collection_tarball)


def test_image_stages_install_collection_and_requests(build_context, tmp_path):
    """Replay the galaxy and builder stages of the Containerfile on the host."""
    build_dir = build_context / '_build'
    collections = tmp_path / 'usr-share-ansible' / 'collections'
    # Galaxy stage: RUN ANSIBLE_GALAXY_DISABLE_GPG_VERIFY=1 ansible-galaxy collection install -r requirements.yml
    #               --collections-path /usr/share/ansible/collections   (in WORKDIR /build)
    run([os.path.join(VENV_BIN, 'ansible-galaxy'), 'collection', 'install', '-r', 'requirements.yml',
         '--collections-path', str(collections)], cwd=build_dir,
        ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1', ANSIBLE_HOME=str(tmp_path / 'ansible-home'))
    installed = collections / 'ansible_collections' / 'plivo' / 'messaging'
    assert (installed / 'meta' / 'execution-environment.yml').is_file()
    assert (installed / 'plugins' / 'modules' / 'powerpack.py').is_file()

    # Builder stage: RUN $PYCMD /output/scripts/introspect.py introspect --write-pip=... (then assemble pip-installs it)
    pip_out = tmp_path / 'requirements.txt'
    run([sys.executable, str(build_dir / 'scripts' / 'introspect.py'), 'introspect', str(collections),
         '--write-pip=%s' % pip_out, '--write-bindep=%s' % (tmp_path / 'bindep.txt')], cwd=build_dir)
    image_requirements = pip_out.read_text(encoding='utf-8')
    assert re.search(r'^requests>=[0-9.]+\s+# from collection plivo\.messaging$', image_requirements, re.M), image_requirements


def test_introspect_lists_requests(installed_collections):
    output = run([os.path.join(VENV_BIN, 'ansible-builder'), 'introspect', '--sanitize', installed_collections],
                 cwd=installed_collections)
    data = yaml.safe_load(output)
    python = data['python']
    assert any(re.match(r'^requests>=[0-9.]+\s+# from collection plivo\.messaging$', line) for line in python), output
    assert not data.get('system'), 'no system packages are needed: %s' % data.get('system')
