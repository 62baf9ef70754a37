# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No guide is referenced that does not exist, and every guide exists once, in one tree.

The guides are the RST files of the docsite, docs/docsite/rst/<name>.rst, each listed in
docs/docsite/extra-docs.yml (antsibull-docs renders them on Galaxy; GitHub renders them too).
This test scans the files that point readers at them: README.md, roles/*/README.md, everything
under docs/, tests/**/README.md, plugins/**/*.py, roles/*/meta/*.yml and ee/README.md, and checks

(a) every relative Markdown link (``[text](path)``) and RST link (```text <path>`_``), every
    link to a file of this repository on GitHub, and every bare ``docs/...`` path names a file or
    directory of the repository;
(b) every docsite label ``ansible_collections.plivo.messaging.docsite.<name>`` (in ``R(...)`` of
    module documentation, in ``:ref:`` of the guides) has its docs/docsite/rst/<name>.rst, listed
    in extra-docs.yml;
(c) every RST file in docs/docsite/rst/ is listed in extra-docs.yml, and every entry there has
    its file;
(d) no Markdown copy of a guide is left under docs/: the only Markdown files there are the
    example READMEs in ALLOWED_MARKDOWN_UNDER_DOCS.

test_checker_reports_each_kind_of_dangling_reference runs the same checker on a small tree
with one broken reference of each kind, so this test cannot pass by checking nothing.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
import subprocess

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RST_DIR = 'docs/docsite/rst'
EXTRA_DOCS = 'docs/docsite/extra-docs.yml'
LABEL_PREFIX = 'ansible_collections.plivo.messaging.docsite.'

# The files that may point readers at a guide (fnmatch patterns on repository-relative paths,
# where * also matches /).
SCANNED = ('README.md', 'roles/*/README.md', 'docs/*', 'tests/*README.md', 'plugins/*.py', 'roles/*/meta/*.yml',
           'ee/README.md')
TEXT_SUFFIXES = ('.md', '.rst', '.py', '.yml', '.yaml', '.txt', '.cfg', '.ini', '.json', '.j2')

# The only Markdown files under docs/: READMEs of runnable examples, which sit next to the
# files they explain. Every guide is RST in docs/docsite/rst/.
ALLOWED_MARKDOWN_UNDER_DOCS = (
    'docs/examples/multi-account/README.md',
)

# Dangling references that are known and waiting for their fix, as (file, target). The module
# documentation under plugins/ is edited with the module code; these notes still name the
# Markdown guides that moved to the docsite. Remove an entry once its file is fixed (the test
# says so): the list must not outlive its reason.

MARKDOWN_LINK = re.compile(r'!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"\n]*")?\s*\)')
RST_LINK = re.compile(r'`[^`<]*<([^<>`\s]+)>`__?')
BARE_DOCS_PATH = re.compile(r'(?<![\w./-])(docs/[\w./-]*[\w/])')
# a reference to a label; its definition (.. _label:) is the guide itself, checked by (c)
LABEL = re.compile(r'(?<!\.\. _)' + re.escape(LABEL_PREFIX) + r'(\w+)')
URL_SCHEME = re.compile(r'^[a-zA-Z][a-zA-Z0-9+.-]*:')


def listed_files(root):
    """Repository-relative paths of the files of the tree: what git lists (tracked, and untracked
    but not ignored, so that new files are checked before they are committed), or every file when
    root is not a git checkout."""
    if os.path.isdir(os.path.join(root, '.git')) or os.path.isfile(os.path.join(root, '.git')):
        proc = subprocess.run(['git', 'ls-files', '-z', '-co', '--exclude-standard'], cwd=root, capture_output=True,
                              check=True, timeout=60)
        paths = [path for path in proc.stdout.decode('utf-8').split('\0') if path]
    else:
        paths = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [name for name in dirnames if name != '.git']
            paths.extend(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, '/') for name in filenames)
    # a tracked file deleted in the work tree is gone
    return sorted(path for path in set(paths) if os.path.isfile(os.path.join(root, path)))


def scanned(files):
    return [path for path in files
            if path.endswith(TEXT_SUFFIXES) and any(fnmatch.fnmatch(path, pattern) for pattern in SCANNED)]


def guide_index(root):
    """The guide names extra-docs.yml lists (None when it cannot be read)."""
    path = os.path.join(root, EXTRA_DOCS)
    if not os.path.isfile(path):
        return None
    with open(path, encoding='utf-8') as handle:
        index = yaml.safe_load(handle) or {}
    return [entry if isinstance(entry, str) else entry['ref']
            for section in index.get('sections') or [] for entry in section.get('toctree') or []]


def repository_url(root):
    path = os.path.join(root, 'galaxy.yml')
    if not os.path.isfile(path):
        return None
    with open(path, encoding='utf-8') as handle:
        return (yaml.safe_load(handle).get('repository') or '').rstrip('/') or None


def references(path, text, repository):
    """(kind, target relative to the repository root) for every file reference in one file's text."""
    found = []
    here = posixpath.dirname(path)

    def relative(target):
        target = target.split('#', 1)[0].split('?', 1)[0]
        if not target or URL_SCHEME.match(target) or target.startswith('/'):
            return None
        return posixpath.normpath(posixpath.join(here, target))

    if path.endswith('.md'):
        for match in MARKDOWN_LINK.finditer(text):
            target = relative(match.group(1))
            if target:
                found.append(('link', target))
    if path.endswith('.rst'):
        for match in RST_LINK.finditer(text):
            target = relative(match.group(1))
            if target and not match.group(1).endswith('_'):
                found.append(('link', target))
    if repository:
        for match in re.finditer(re.escape(repository) + r'/(?:blob|tree)/[^/\s]+/([^\s<>`#?)"\']+)', text):
            found.append(('GitHub link', posixpath.normpath(match.group(1).rstrip('.,;:'))))
    for match in BARE_DOCS_PATH.finditer(text):
        found.append(('path', posixpath.normpath(match.group(1))))
    for match in LABEL.finditer(text):
        found.append(('docsite label', match.group(1)))
    return found


def check_tree(root):
    """Every problem of (a) to (d) in the tree at root, as (file, target, message), and the number
    of references checked."""
    files = listed_files(root)
    existing = set(files)
    directories = {posixpath.dirname(path) for path in files}
    for directory in list(directories):
        while directory:
            directory = posixpath.dirname(directory)
            directories.add(directory)
    guides = sorted(posixpath.splitext(posixpath.basename(path))[0] for path in files
                    if posixpath.dirname(path) == RST_DIR and path.endswith('.rst'))
    index = guide_index(root)
    repository = repository_url(root)
    problems = []
    checked = 0
    for path in scanned(files):
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as handle:
            text = handle.read()
        for kind, target in references(path, text, repository):
            checked += 1
            if kind == 'docsite label':
                if target not in guides:
                    problems.append((path, LABEL_PREFIX + target, 'no guide %s/%s.rst' % (RST_DIR, target)))
                elif index is not None and target not in index:
                    problems.append((path, LABEL_PREFIX + target, '%s.rst is not listed in %s' % (target, EXTRA_DOCS)))
            elif target.startswith('..'):
                problems.append((path, target, '%s points outside the repository' % kind))
            elif target not in existing and target not in directories:
                problems.append((path, target, '%s to a file that does not exist' % kind))
    if index is None:
        problems.append((EXTRA_DOCS, '', 'missing or unreadable'))
    else:
        for guide in guides:
            if guide not in index:
                problems.append((EXTRA_DOCS, guide, '%s/%s.rst is not listed' % (RST_DIR, guide)))
        for guide in index:
            if guide not in guides:
                problems.append((EXTRA_DOCS, guide, 'lists a guide without %s/%s.rst' % (RST_DIR, guide)))
    for path in files:
        if path.startswith('docs/') and path.lower().endswith(('.md', '.markdown')) \
                and path not in ALLOWED_MARKDOWN_UNDER_DOCS:
            problems.append((path, path, 'a Markdown file under docs/: guides are RST in %s' % RST_DIR))
    return problems, checked


def describe(problems):
    return '\n'.join('%s: %s: %s' % problem for problem in problems)


@pytest.fixture(scope='module')
def repository_check():
    return check_tree(REPO_ROOT)


def test_scan_covers_the_files_that_name_guides():
    files = scanned(listed_files(REPO_ROOT))
    for path in ('README.md', 'roles/powerpacks/README.md', 'ee/README.md', 'tests/perf/README.md',
                 'docs/docsite/extra-docs.yml', 'docs/examples/multi-account/README.md',
                 'plugins/modules/powerpack.py', 'plugins/doc_fragments/auth.py', 'roles/powerpacks/meta/main.yml'):
        assert path in files, '%s is not scanned; scanned: %s' % (path, files)
    assert set(ALLOWED_MARKDOWN_UNDER_DOCS) <= set(files), ALLOWED_MARKDOWN_UNDER_DOCS


def test_every_referenced_guide_and_file_exists(repository_check):
    problems, checked = repository_check
    assert checked >= 50, 'only %d references found: is the scan broken?' % checked
    assert not problems, 'dangling references:\n' + describe(problems)


def test_readme_links_every_guide():
    """The README, the page GitHub and Galaxy show first, links each guide by its RST file."""
    with open(os.path.join(REPO_ROOT, 'README.md'), encoding='utf-8') as handle:
        links = {target for kind, target in references('README.md', handle.read(), None) if kind == 'link'}
    guides = sorted(name for name in os.listdir(os.path.join(REPO_ROOT, RST_DIR)) if name.endswith('.rst'))
    assert guides
    missing = ['%s/%s' % (RST_DIR, name) for name in guides if '%s/%s' % (RST_DIR, name) not in links]
    assert not missing, 'README.md does not link %s' % missing


def write(root, path, text):
    full = os.path.join(str(root), *path.split('/'))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w', encoding='utf-8') as handle:
        handle.write(text)


def test_checker_reports_each_kind_of_dangling_reference(tmp_path):
    write(tmp_path, 'galaxy.yml', 'repository: https://github.com/example/collection\n')
    write(tmp_path, EXTRA_DOCS, 'sections:\n  - title: Guides\n    toctree:\n      - guide_usage\n      - guide_gone\n')
    write(tmp_path, RST_DIR + '/guide_usage.rst',
          '.. _%sguide_usage:\n\nUsage\n=====\n\nSee :ref:`%sguide_usage` and `the role <../../../roles/r/README.md>`_.\n'
          % (LABEL_PREFIX, LABEL_PREFIX))
    write(tmp_path, RST_DIR + '/guide_orphan.rst', '.. _%sguide_orphan:\n\nOrphan\n======\n' % LABEL_PREFIX)
    write(tmp_path, 'roles/r/README.md', 'Fine: [usage](../../docs/docsite/rst/guide_usage.rst).\n')
    write(tmp_path, 'README.md',
          '[usage](docs/docsite/rst/guide_usage.rst), [license](LICENSE), [web](https://example.com/x.md),\n'
          '[pools](docs/docsite/rst/guide_pools.rst), see also docs/reliability.md and\n'
          '[anchor](#usage) and https://github.com/example/collection/blob/main/docs/awx.md\n')
    write(tmp_path, 'LICENSE', 'GPL\n')
    write(tmp_path, 'plugins/modules/thing.py',
          'DOCUMENTATION = """\nnotes:\n  - See R(the pools guide,%sguide_pools).\n  - And C(docs/examples/x/site.yml).\n"""\n'
          % LABEL_PREFIX)
    write(tmp_path, 'docs/usage.md', '# A leftover Markdown copy of a guide\n')
    write(tmp_path, 'docs/examples/multi-account/README.md', 'An example: [site](site.yml).\n')
    write(tmp_path, 'docs/examples/multi-account/site.yml', '---\n')

    problems, checked = check_tree(str(tmp_path))
    found = {(path, target) for path, target, dummy in problems}
    expected = {
        ('README.md', 'docs/docsite/rst/guide_pools.rst'),        # (a) a Markdown link to a missing guide
        ('README.md', 'docs/reliability.md'),                     # (a) a bare docs/ path
        ('README.md', 'docs/awx.md'),                             # (a) a link to the repository on GitHub
        ('plugins/modules/thing.py', 'docs/examples/x/site.yml'),  # (a) a docs/ path in module documentation
        ('plugins/modules/thing.py', LABEL_PREFIX + 'guide_pools'),  # (b) R() to a guide that does not exist
        (EXTRA_DOCS, 'guide_orphan'),                              # (c) an RST guide extra-docs.yml does not list
        (EXTRA_DOCS, 'guide_gone'),                                # (c) a listed guide without its file
        ('docs/usage.md', 'docs/usage.md'),                        # (d) a Markdown guide left under docs/
    }
    assert found == expected, 'reported:\n%s\nexpected: %s' % (describe(problems), sorted(expected))
    assert checked >= 12, checked

    # (b) a label whose file exists but is not listed in extra-docs.yml; and a link out of the tree
    write(tmp_path, 'roles/r/meta/main.yml', '# see R(x,%sguide_orphan)\n' % LABEL_PREFIX)
    write(tmp_path, 'docs/examples/multi-account/README.md', 'Escapes: [up](../../../../elsewhere.md).\n')
    problems, dummy = check_tree(str(tmp_path))
    messages = {(path, target): message for path, target, message in problems}
    assert 'not listed' in messages[('roles/r/meta/main.yml', LABEL_PREFIX + 'guide_orphan')], describe(problems)
    assert 'outside the repository' in messages[('docs/examples/multi-account/README.md', '../elsewhere.md')], \
        describe(problems)
