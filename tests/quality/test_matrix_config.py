# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ansible-core version matrix (tox.ini, docs/docsite/rst/guide_matrix.rst) matches what we claim.

Without running the matrix, checks that:
- tox.ini's environments test exactly the ansible-core minor versions that
  meta/runtime.yml's ``requires_ansible`` allows, up to the newest that installs on
  Python 3.11, so requires_ansible's minimum is the lowest tested version;
- each environment pins one ansible-core minor version (``~=2.X.0``), matching its
  name (ac217 -> 2.17), runs on Python 3.11 and runs tests/unit and tests/integration;
- requirements-dev.txt (the .venv of `make test`) uses the newest tested version;
- the matrix guide (docs/docsite/rst/guide_matrix.rst) has a result row for every environment;
- the integration tests' ansible-playbook is the running interpreter's, so each tox
  environment tests its own ansible-core (this one runs one short playbook, and is
  also run by every tox environment).
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import subprocess
import sys

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOX_INI = os.path.join(REPO_ROOT, 'tox.ini')
RUNTIME_YML = os.path.join(REPO_ROOT, 'meta', 'runtime.yml')
REQUIREMENTS_DEV = os.path.join(REPO_ROOT, 'requirements-dev.txt')
MATRIX_DOC = os.path.join(REPO_ROOT, 'docs', 'docsite', 'rst', 'guide_matrix.rst')
INTEGRATION_CONFTEST = os.path.join(REPO_ROOT, 'tests', 'integration', 'conftest.py')

# The newest ansible-core minor version that installs on Python 3.11, our only Python:
# ansible-core 2.20 declares Requires-Python >=3.12. Raise this when the machines move
# to a newer Python (and add the environment to tox.ini).
NEWEST_ON_PYTHON_311 = (2, 19)
# ansible-core minor versions considered when reading a version specifier.
CANDIDATE_MINORS = [(2, minor) for minor in range(9, 40)]
ENV_NAME = re.compile(r'^ac2(\d+)$')
PIN = re.compile(r'^ansible-core\s*~=\s*2\.(\d+)\.0$')


def minors_allowed(specifier):
    """The (2, X) minor versions of which some release satisfies this specifier."""
    spec = SpecifierSet(specifier)
    allowed = []
    for major, minor in CANDIDATE_MINORS:
        releases = [Version('%d.%d.%d' % (major, minor, patch)) for patch in range(0, 100)]
        if any(spec.contains(release, prereleases=False) for release in releases):
            allowed.append((major, minor))
    return allowed


def fmt(version):
    return '%d.%d' % version


@pytest.fixture(scope='module')
def tox_config():
    """tox.ini as tox itself resolves it (factor-conditional deps expanded)."""
    command = [sys.executable, '-m', 'tox', 'config', '-c', TOX_INI, '-e', 'ALL',
               '-k', 'env_list', 'deps', 'base_python', 'commands', 'package']
    env = {k: v for k, v in os.environ.items() if not k.startswith('TOX_')}
    proc = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False,
                          timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, '$ %s\nrc=%s\n%s\n%s' % (' '.join(command), proc.returncode, proc.stdout, proc.stderr)
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(proc.stdout)
    envs = {}
    for section in parser.sections():
        if section.startswith('testenv:'):
            envs[section.split(':', 1)[1]] = {key: parser.get(section, key) for key in parser.options(section)}
    env_list = parser.get('tox', 'env_list', fallback='').split()
    return {'env_list': env_list, 'envs': envs, 'raw': proc.stdout}


def lines(value):
    return [line.strip() for line in value.splitlines() if line.strip()]


def pinned_minors(tox_config):
    """{env name: (2, X)} from each environment's ansible-core pin."""
    result = {}
    for name, settings in tox_config['envs'].items():
        pins = [PIN.match(dep) for dep in lines(settings.get('deps', '')) if dep.startswith('ansible-core')]
        assert len(pins) == 1 and pins[0], (
            'tox env %s must pin ansible-core exactly once as ansible-core~=2.X.0; its deps:\n%s'
            % (name, settings.get('deps')))
        result[name] = (2, int(pins[0].group(1)))
    return result


def requires_ansible():
    with open(RUNTIME_YML, encoding='utf-8') as handle:
        return str(yaml.safe_load(handle)['requires_ansible'])


def test_every_environment_is_in_env_list(tox_config):
    # A plain `tox` runs env_list: an environment outside it would never run.
    assert tox_config['env_list'], 'tox.ini has no env_list:\n%s' % tox_config['raw']
    assert sorted(tox_config['env_list']) == sorted(tox_config['envs']), tox_config['raw']


def test_environment_names_match_their_pins(tox_config):
    for name, version in pinned_minors(tox_config).items():
        match = ENV_NAME.match(name)
        assert match, 'tox env %s: name it ac2X after the ansible-core minor it tests' % name
        assert (2, int(match.group(1))) == version, 'tox env %s pins ansible-core %s' % (name, fmt(version))


def test_matrix_covers_requires_ansible_up_to_newest_on_python_311(tox_config):
    claimed = [v for v in minors_allowed(requires_ansible()) if v <= NEWEST_ON_PYTHON_311]
    tested = sorted(pinned_minors(tox_config).values())
    assert claimed, 'requires_ansible %r allows no ansible-core up to %s' % (requires_ansible(), fmt(NEWEST_ON_PYTHON_311))
    assert len(tested) == len(set(tested)), 'two tox envs test the same ansible-core: %s' % tested
    assert [fmt(v) for v in tested] == [fmt(v) for v in claimed], (
        'meta/runtime.yml requires_ansible %r claims ansible-core %s (up to %s, the newest on Python 3.11), '
        'tox.ini tests %s' % (requires_ansible(), [fmt(v) for v in claimed], fmt(NEWEST_ON_PYTHON_311),
                              [fmt(v) for v in tested]))
    # The same thing said the other way round: the minimum we claim is the lowest we test.
    assert min(claimed) == min(tested)
    assert max(tested) == NEWEST_ON_PYTHON_311


def test_requires_ansible_lower_bound_is_a_minor_release():
    # ">=2.17.0", not ">=2.17.3": the matrix installs the newest 2.17.x, not the minimum.
    spec = SpecifierSet(requires_ansible())
    lower = [s for s in spec if s.operator in ('>=', '~=')]
    assert len(lower) == 1, 'requires_ansible %r needs one lower bound (>=2.X.0)' % requires_ansible()
    version = Version(lower[0].version)
    assert len(version.release) == 3 and version.release[2] == 0, requires_ansible()


def test_dev_venv_uses_the_newest_tested_version(tox_config):
    with open(REQUIREMENTS_DEV, encoding='utf-8') as handle:
        requirements = [Requirement(line.split('#', 1)[0].strip()) for line in handle
                        if line.split('#', 1)[0].strip()]
    core = [req for req in requirements if req.name == 'ansible-core']
    assert len(core) == 1, 'requirements-dev.txt must name ansible-core once'
    newest_tested = max(pinned_minors(tox_config).values())
    assert minors_allowed(str(core[0].specifier)) == [newest_tested], (
        'requirements-dev.txt has %s; the newest tox env tests %s' % (core[0], fmt(newest_tested)))


def test_environments_run_unit_and_integration_on_python_311(tox_config):
    for name, settings in tox_config['envs'].items():
        assert settings.get('base_python', '').strip() == 'python3.11', name
        assert settings.get('package', '').strip() == 'skip', name
        pytest_runs = [c for c in lines(settings.get('commands', '')) if ' -m pytest ' in ' %s ' % c]
        assert any(c.split()[-2:] == ['tests/unit', 'tests/integration'] for c in pytest_runs), (
            'tox env %s must run pytest on tests/unit tests/integration; its commands:\n%s'
            % (name, settings.get('commands')))
        deps = {Requirement(dep).name for dep in lines(settings.get('deps', ''))}
        assert {'requests', 'pytest', 'pytest-xdist'} <= deps, (name, deps)


def test_matrix_doc_has_a_row_for_every_environment(tox_config):
    with open(MATRIX_DOC, encoding='utf-8') as handle:
        doc = handle.read()
    for name, version in pinned_minors(tox_config).items():
        # a row of the RST grid table of results: | ``ac217`` | ``2.17.14`` | ... |
        row = re.search(r'^\|\s*`{0,2}%s`{0,2}\s*\|\s*`{0,2}(2\.\d+\.\d+)`{0,2}\s*\|' % re.escape(name), doc, re.M)
        assert row, '%s has no result row "| %s | 2.X.Y | ..." for tox env %s' % (
            os.path.relpath(MATRIX_DOC, REPO_ROOT), name, name)
        assert row.group(1).startswith(fmt(version) + '.'), (name, row.group(0))


def _integration_conftest():
    # Loaded under its own name: it is not imported as a conftest here (there are several).
    spec = importlib.util.spec_from_file_location('plivo_integration_conftest_for_matrix', INTEGRATION_CONFTEST)
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return module


def test_playbook_runner_runs_this_environments_ansible_core(tmp_path, collections_path):
    """The integration tests' ansible-playbook is the one of sys.executable's environment."""
    import ansible  # pylint: disable=import-outside-toplevel

    conftest = _integration_conftest()
    assert conftest.VENV_BIN == os.path.dirname(sys.executable)
    run = conftest.playbook_runner(tmp_path, collections_path)
    result = run('- hosts: localhost\n'
                 '  gather_facts: false\n'
                 '  tasks:\n'
                 '    - ansible.builtin.debug:\n'
                 '        msg: "CORE={{ ansible_version.full }} PY={{ ansible_playbook_python }}"\n',
                 {}, timeout=120)
    assert result.rc == 0, result.report()
    match = re.search(r'CORE=(\S+) PY=(\S+?)"', result.stdout)
    assert match, result.report()
    assert match.group(1) == ansible.__version__, result.report()
    assert os.path.dirname(match.group(2)) == os.path.dirname(sys.executable), result.report()
    assert result.command[0] == os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
