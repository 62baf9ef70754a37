# Copyright: (c) 2026, Plivo messaging collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's docsite, as antsibull-docs builds it (docs.ansible.com does the same).

- ``antsibull-docs lint-collection-docs --plugin-docs`` reports nothing: docs/docsite/links.yml,
  extra-docs.yml and config.yml, the RST guides in docs/docsite/rst/ (rstcheck, labels, and every
  reference to a module, role or option), and every module's and role's documentation rendered
  to RST. It copies the files git lists into a temporary ansible_collections tree by itself and
  needs ``ansible`` and ``ansible-doc`` on PATH.
- ``antsibull-docs collection --use-current`` writes an RST page for every module, filter and role,
  the guides and the changelog.
- Every guide is in extra-docs.yml and has its label; every link into this repository's files
  on GitHub names a file that exists.

A full HTML build needs sphinx-ansible-theme and ansible-pygments, which the dev requirements do
not install: ``antsibull-docs sphinx-init --use-current --dest-dir DIR plivo.messaging``, then
``pip install -r DIR/requirements.txt`` and ``DIR/build.sh`` (with ANSIBLE_COLLECTIONS_PATH
pointing at .build/collections). Offline, Sphinx cannot fetch the intersphinx inventories of
docs.ansible.com and docs.python.org, so ``-W`` fails on those warnings alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
DOCSITE = os.path.join(REPO_ROOT, 'docs', 'docsite')
TIMEOUT = 300

MODULES = sorted(os.path.splitext(name)[0] for name in os.listdir(os.path.join(REPO_ROOT, 'plugins', 'modules'))
                 if name.endswith('.py') and not name.startswith('_'))
FILTERS = sorted(os.path.splitext(name)[0] for name in os.listdir(os.path.join(REPO_ROOT, 'plugins', 'filter'))
                 if name.endswith('.py') and not name.startswith('_'))
ROLES = sorted(name for name in os.listdir(os.path.join(REPO_ROOT, 'roles'))
               if os.path.isdir(os.path.join(REPO_ROOT, 'roles', name)))
GUIDES = sorted(os.path.splitext(name)[0] for name in os.listdir(os.path.join(DOCSITE, 'rst')) if name.endswith('.rst'))


def antsibull_docs(*args, collections_path=None, cwd=REPO_ROOT):
    env = dict(os.environ)
    for name in ('ANSIBLE_COLLECTIONS_PATH', 'ANSIBLE_COLLECTIONS_PATHS'):
        env.pop(name, None)
    if collections_path:
        env['ANSIBLE_COLLECTIONS_PATH'] = str(collections_path)
    env.update(PATH=os.pathsep.join([VENV_BIN, env.get('PATH', '')]), ANSIBLE_NOCOLOR='1', NO_COLOR='1')
    command = [os.path.join(VENV_BIN, 'antsibull-docs')] + [str(arg) for arg in args]
    try:
        result = subprocess.run(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired as ex:
        pytest.fail('%s did not finish in %d s:\n%s' % (' '.join(command), TIMEOUT,
                                                        (ex.output or b'').decode('utf-8', 'replace')), pytrace=False)
    return ' '.join(command), result.returncode, result.stdout.decode('utf-8', 'replace')


def test_lint_collection_docs():
    """antsibull-docs lint-collection-docs --plugin-docs is clean: exit 0 and not a line of output."""
    command, returncode, output = antsibull_docs(
        'lint-collection-docs', '--plugin-docs',
        # also check :ansplugin:, :ansopt: & co. in the guides, and refuse references to collections
        # that are neither this one nor a dependency (ansible.builtin)
        '--check-extra-docs-refs', '--validate-collection-refs', 'dependent', '--disallow-unknown-collection-refs',
        '.')
    # a clean run prints nothing; every finding is a line "path:row:col: message"
    findings = [line for line in output.splitlines() if line.strip()]
    if returncode != 0 or findings:
        pytest.fail('%s (in %s) failed with exit code %d:\n%s' % (command, REPO_ROOT, returncode, output),
                    pytrace=False)


@pytest.fixture(scope='session')
def collection_rst(collections_path, tmp_path_factory):
    """The RST tree `antsibull-docs collection` writes for this collection."""
    dest = tmp_path_factory.mktemp('docsite-rst')
    command, returncode, output = antsibull_docs(
        'collection', '--use-current', '--dest-dir', dest, 'plivo.messaging', collections_path=collections_path)
    errors = [line for line in output.splitlines() if re.search(r'\b(ERROR|CRITICAL|Traceback)\b', line)]
    if returncode != 0 or errors:
        pytest.fail('%s failed with exit code %d:\n%s' % (command, returncode, output), pytrace=False)
    return dest / 'collections' / 'plivo' / 'messaging'


def test_required_content_is_documented():
    """The modules and the role this test was written for still exist (the lists below are not empty by accident)."""
    assert {'powerpack', 'powerpack_info', 'powerpack_bulk', 'powerpack_number', 'powerpack_pool',
            'powerpack_number_info'} <= set(MODULES), MODULES
    assert 'powerpacks' in ROLES, ROLES
    assert {'to_unsafe_yaml', 'powerpacks_export'} <= set(FILTERS), FILTERS


PAGES = ['%s_module' % name for name in MODULES] + ['%s_filter' % name for name in FILTERS] + ['%s_role' % name for name in ROLES]
SECTIONS = {
    'module': ('Synopsis', 'Parameters', 'Examples', 'Return Values'),
    'filter': ('Synopsis', 'Input', 'Keyword parameters', 'Examples', 'Return Value'),
    'role': ('Entry point ``main``', 'Synopsis', 'Parameters'),
}


@pytest.mark.parametrize('page', PAGES)
def test_plugin_page(collection_rst, page):
    """Every module, filter and role gets a complete page, not antsibull-docs' "malformed documentation" page."""
    name, kind = page.rsplit('_', 1)
    path = collection_rst / ('%s.rst' % page)
    assert path.is_file(), 'antsibull-docs wrote no %s; it wrote %s' % (path.name, sorted(p.name for p in collection_rst.iterdir()))
    text = path.read_text(encoding='utf-8')
    assert 'plivo.messaging.%s %s' % (name, kind) in text, text[:2000]
    assert 'malformed' not in text.lower(), text
    for section in SECTIONS[kind]:
        assert section in text, '%s has no section %r' % (path.name, section)


def test_index_guides_and_changelog(collection_rst):
    """The collection index links every module, filter, the role, each guide and the changelog."""
    index = (collection_rst / 'index.rst').read_text(encoding='utf-8')
    toctree = set(line.strip() for line in index.splitlines())
    for page in PAGES:
        assert page in toctree, '%s is not in the index:\n%s' % (page, index)
    for guide in GUIDES:
        assert (collection_rst / 'docsite' / ('%s.rst' % guide)).is_file(), guide
        assert 'docsite/%s' % guide in index, guide
    assert (collection_rst / 'changelog.rst').is_file()
    assert 'v1.0.0' in (collection_rst / 'changelog.rst').read_text(encoding='utf-8')
    assert 'changelog' in index


def test_guides_are_listed_and_labelled():
    """Each RST guide is in extra-docs.yml (no orphan page) and starts its content with its label."""
    with open(os.path.join(DOCSITE, 'extra-docs.yml'), encoding='utf-8') as stream:
        index = yaml.safe_load(stream)
    listed = [entry if isinstance(entry, str) else entry['ref']
              for section in index['sections'] for entry in section['toctree']]
    assert sorted(listed) == GUIDES, 'extra-docs.yml lists %s, docs/docsite/rst has %s' % (listed, GUIDES)
    for guide in GUIDES:
        with open(os.path.join(DOCSITE, 'rst', guide + '.rst'), encoding='utf-8') as stream:
            text = stream.read()
        label = '.. _ansible_collections.plivo.messaging.docsite.%s:' % guide
        assert label in text, '%s.rst lacks its label %s' % (guide, label)


def test_links_match_galaxy_and_repository_files():
    """links.yml names galaxy.yml's repository; links to files in it name files that exist."""
    with open(os.path.join(REPO_ROOT, 'galaxy.yml'), encoding='utf-8') as stream:
        galaxy = yaml.safe_load(stream)
    with open(os.path.join(DOCSITE, 'links.yml'), encoding='utf-8') as stream:
        links = yaml.safe_load(stream)
    repository = 'https://github.com/%s' % links['edit_on_github']['repository']
    assert galaxy['repository'].rstrip('/') == repository, (galaxy['repository'], repository)
    missing = []
    for dirpath, dummy, files in os.walk(DOCSITE):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, encoding='utf-8') as stream:
                text = stream.read()
            for target in re.findall(re.escape(repository) + r'/(?:blob|tree)/main/([^\s<>`#)]+)', text):
                if not os.path.exists(os.path.join(REPO_ROOT, target)):
                    missing.append('%s: %s' % (os.path.relpath(path, REPO_ROOT), target))
    assert not missing, 'links to files that do not exist: %s' % missing
