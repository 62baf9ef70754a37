# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mutation testing of plugins/module_utils against the unit tests (``make mutation``).

mutmut names a mutant after the module it derives from the file's path, and the tests
import ``ansible_collections.plivo.messaging``: so the run happens in a copy of the
checkout's tracked files (as they are in the work tree) at
``.build/mutation/ansible_collections/plivo/messaging``, with mutmut started from
``.build/mutation``. Nothing in the checkout itself is mutated.

Usage: ``python tests/mutation/run_mutation.py [--max-children N] [--keep] [MUTANT_GLOB ...]``

Prints killed, survived and the score; writes every mutant that was not killed, with its
diff, to ``.build/mutation-survivors.txt``. ``--keep`` reuses the results of an earlier
run (mutmut then only runs mutants whose function or tests changed). Exit status 0 when
the run finished, whatever the score: the development guide lists the accepted survivors.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import textwrap

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTION = 'ansible_collections/plivo/messaging'
GUIDE = os.path.join(REPO_ROOT, 'docs', 'docsite', 'rst', 'guide_development.rst')
NAME_PREFIX = 'ansible_collections.plivo.messaging.plugins.module_utils.'
# a row of the guide's table of survivors: the mutant's name without NAME_PREFIX, then its kind
_LISTED = re.compile(r'^\s*\* - ``(?P<name>[^`]+__mutmut_\d+)``\s*\n\s*- (?P<kind>equivalent|accepted)\b', re.M)
# mutmut's verdicts that mean a test noticed the mutant; "timeout": a test ran past mutmut's
# limit, which in a suite whose every test has a bounded runtime means the mutant made it hang
DETECTED = ('killed', 'timeout', 'segfault', 'suspicious')

# mutmut reads setup.cfg from the directory it runs in. The unit tests of the modules
# count too: they drive module_utils through the modules' entry points.
SETUP_CFG = textwrap.dedent('''\
    [mutmut]
    source_paths=
        {c}/plugins/module_utils/
    pytest_add_cli_args_test_selection=
        {c}/tests/unit/plugins/
    also_copy=
        {c}/tests/
        {c}/plugins/
        {c}/galaxy.yml
        {c}/meta/
        {c}/pytest.ini
    pytest_add_cli_args=-p no:randomly -p no:cacheprovider -p no:xdist -q
    ''').format(c=COLLECTION)


def _tracked_files():
    out = subprocess.run(['git', 'ls-files', '-z'], cwd=REPO_ROOT, check=True, capture_output=True).stdout
    return [name for name in out.decode('utf-8').split('\0') if name]


def _copy_checkout(work_dir, keep):
    """Copy the tracked files into the work tree; with keep, leave mutmut's results in place."""
    target = os.path.join(work_dir, COLLECTION)
    if not keep and os.path.exists(work_dir):
        shutil.rmtree(work_dir)
    if os.path.exists(target):
        shutil.rmtree(target)
    for name in _tracked_files():
        source = os.path.join(REPO_ROOT, name)
        if not os.path.isfile(source):
            continue  # deleted in the work tree, not yet committed
        destination = os.path.join(target, name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copy2(source, destination)
    with open(os.path.join(work_dir, 'setup.cfg'), 'w', encoding='utf-8') as handle:
        handle.write(SETUP_CFG)


def _listed_survivors():
    """{mutant name: 'equivalent' or 'accepted'} from the development guide's table of survivors."""
    with open(GUIDE, encoding='utf-8') as handle:
        return {NAME_PREFIX + match.group('name'): match.group('kind') for match in _LISTED.finditer(handle.read())}


def _report(survivors_file, globs):
    """Count the results and write the survivors; run inside the work dir (mutmut reads setup.cfg there)."""
    # mutmut loads its configuration at import time, from the current directory
    from mutmut.mutation.data import SourceFileMutationData  # pylint: disable=import-outside-toplevel
    from mutmut.mutation.diff_apply import get_diff_for_mutant  # pylint: disable=import-outside-toplevel
    from mutmut.stats import status_by_exit_code  # pylint: disable=import-outside-toplevel
    from mutmut.utils.file_utils import walk_mutatable_files  # pylint: disable=import-outside-toplevel

    counts = {}
    survivors = []
    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        for name, exit_code in sorted(data.exit_code_by_key.items()):
            if globs and not any(fnmatch.fnmatch(name, glob) for glob in globs):
                continue
            status = status_by_exit_code[exit_code]
            counts[status] = counts.get(status, 0) + 1
            if status not in DETECTED:
                survivors.append((name, status, path))

    listed = _listed_survivors()
    os.makedirs(os.path.dirname(survivors_file), exist_ok=True)
    with open(survivors_file, 'w', encoding='utf-8') as handle:
        for name, status, path in survivors:
            handle.write('# %s: %s%s\n' % (name, status, ' (%s in the guide)' % listed[name] if name in listed else ''))
            handle.write(get_diff_for_mutant(name, path=path).rstrip('\n') + '\n\n')

    total = sum(counts.values())
    killed = total - len(survivors)
    equivalent = sum(1 for name, _status, _path in survivors if listed.get(name) == 'equivalent')
    unlisted = [name for name, _status, _path in survivors if name not in listed]
    surviving = set(name for name, _status, _path in survivors)
    stale = sorted(name for name in listed if name not in surviving and (not globs or any(fnmatch.fnmatch(name, g) for g in globs)))
    print('mutants: %d (%s)' % (total, ', '.join('%s %d' % (status, counts[status]) for status in sorted(counts))))
    print('killed: %d, survived: %d, score: %.1f%%' % (killed, len(survivors), 100.0 * killed / total if total else 0.0))
    print('equivalent (listed in the development guide): %d; score of the non-equivalent mutants: %.1f%%'
          % (equivalent, 100.0 * killed / (total - equivalent) if total > equivalent else 0.0))
    print('survivors, with their diffs: %s' % survivors_file)
    for name in unlisted:
        print('not in the guide (kill it with a test, or list it with its reason): %s' % name[len(NAME_PREFIX):])
    for name in stale:
        print('in the guide but no longer surviving (remove its row): %s' % name[len(NAME_PREFIX):])
    # a mutant left unchecked means the run was cut short: its score is not the suite's
    return total > 0 and not counts.get('not checked')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--max-children', type=int, default=os.cpu_count() or 1,
                        help='mutants tested at once (default: the number of CPUs)')
    parser.add_argument('--keep', action='store_true',
                        help="reuse an earlier run's results: only changed mutants run again")
    parser.add_argument('--report-only', action='store_true', help='count and write the survivors of the last run')
    parser.add_argument('--work-dir', default=os.path.join(REPO_ROOT, '.build', 'mutation'),
                        help='where the copy and the results go (default: .build/mutation)')
    parser.add_argument('--survivors', default=os.path.join(REPO_ROOT, '.build', 'mutation-survivors.txt'),
                        help='file for the survivors and their diffs (default: .build/mutation-survivors.txt)')
    parser.add_argument('mutants', nargs='*',
                        help='mutmut name globs, e.g. "*.retry.*" (default: all); results of the others are kept')
    args = parser.parse_args(argv)
    work_dir = os.path.abspath(args.work_dir)
    survivors_file = os.path.abspath(args.survivors)

    if not args.report_only:
        _copy_checkout(work_dir, args.keep or bool(args.mutants))
        mutmut = os.path.join(os.path.dirname(sys.executable), 'mutmut')
        command = [mutmut, 'run', '--max-children', str(args.max_children)] + args.mutants
        run = subprocess.run(command, cwd=work_dir, check=False)
        if run.returncode != 0:
            print('mutmut run failed (exit %d)' % run.returncode, file=sys.stderr)
            return run.returncode
    os.chdir(work_dir)
    sys.path.insert(0, work_dir)
    return 0 if _report(survivors_file, args.mutants) else 1


if __name__ == '__main__':
    sys.exit(main())
