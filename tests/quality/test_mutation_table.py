# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The development guide's table of mutation survivors stays readable by ``make mutation``.

``make mutation`` (tests/mutation/run_mutation.py) takes the guide's table as the list of
equivalent and accepted survivors, and leaves the equivalent ones out of the score. The run
takes half an hour, so ``make test`` does not run it; these checks are what it can do quickly:
the table parses, and every row names a function or method that still exists in
plugins/module_utils, so a renamed function cannot leave a row that silently excuses nothing.
"""

from __future__ import annotations

import os
import re
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO_ROOT, 'tests', 'mutation'))

import run_mutation  # noqa: E402  pylint: disable=wrong-import-position

MODULE_UTILS = os.path.join(REPO_ROOT, 'plugins', 'module_utils')
# mutmut's names: module.x_function__mutmut_N, or module.xǁClassǁmethod__mutmut_N
_NAME = re.compile(r'^(?P<module>\w+)\.x(?:_(?P<function>\w+?)|ǁ(?P<cls>\w+)ǁ(?P<method>\w+?))__mutmut_\d+$')


def _rows():
    return sorted(run_mutation._listed_survivors().items())  # pylint: disable=protected-access


def test_the_table_lists_survivors_each_with_a_kind():
    rows = _rows()
    assert rows, 'no row of the survivors table in %s parsed' % run_mutation.GUIDE
    assert set(kind for _name, kind in rows) <= {'equivalent', 'accepted'}


@pytest.mark.parametrize('name', [name for name, _kind in _rows()])
def test_each_row_names_code_that_exists(name):
    short = name[len(run_mutation.NAME_PREFIX):]
    match = _NAME.match(short)
    assert match, 'not a mutmut mutant name: %s' % short
    path = os.path.join(MODULE_UTILS, match.group('module') + '.py')
    assert os.path.isfile(path), '%s: no %s' % (short, os.path.relpath(path, REPO_ROOT))
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    if match.group('cls'):
        assert re.search(r'^class %s\b' % re.escape(match.group('cls')), source, re.M), short
        function = match.group('method')
    else:
        function = match.group('function')
    assert re.search(r'^\s*def %s\(' % re.escape(function), source, re.M), '%s: no def %s' % (short, function)


def test_the_parser_reads_a_row_and_ignores_other_tables(tmp_path, monkeypatch):
    guide = tmp_path / 'guide.rst'
    guide.write_text(
        '.. list-table::\n\n'
        '  * - ``retry.x_backoff__mutmut_1``\n'
        '    - equivalent\n'
        '    - why\n'
        '  * - ``make test``\n'
        '    - runs pytest\n'
        '  * - ``api.xǁPlivoClientǁget__mutmut_2``\n'
        '    - accepted\n'
        '    - why\n', encoding='utf-8')
    monkeypatch.setattr(run_mutation, 'GUIDE', str(guide))
    assert run_mutation._listed_survivors() == {  # pylint: disable=protected-access
        run_mutation.NAME_PREFIX + 'retry.x_backoff__mutmut_1': 'equivalent',
        run_mutation.NAME_PREFIX + 'api.xǁPlivoClientǁget__mutmut_2': 'accepted',
    }
