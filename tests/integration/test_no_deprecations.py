# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No deprecation warnings of the collection's own making (issue 21).

What users run or copy uses the current option names, so it runs without a deprecation of
plivo.messaging: ``make demo`` (playbooks/demo.yml), the modules' EXAMPLES, docs/examples and
the integration targets. The tests that run them treat such a deprecation as an error, with one
shared check (tests/own_deprecations.py): test_examples.py (the EXAMPLES and the demo
playbook), test_demo.py (``make demo`` and the README's demo), test_targets.py (every target,
in every reading) and test_fleet.py (the powerpacks_role target and docs/examples/multi-account)
through run_playbook's ``deprecations_are_errors``.

This file proves that check can fail: a task that uses each deprecated alias fails a run
made with ``deprecations_are_errors``, through the same runner. And it checks what no test
runs: the YAML of the guides, READMEs and role, for the deprecated names of each module
(read from plugins/module_utils/specs.py, so that an alias deprecated later is looked for too).
The unit tests that prove a deprecated alias still works and warns
(tests/unit/plugins/module_utils/test_specs_behaviours.py) are the only users of one.
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

from own_deprecations import own_deprecations

REPO = Path(__file__).resolve().parents[2]
# The emulator's main account, kept in step with conftest.py, which cannot be imported by name
# (tests/conftest.py exists too).
MAIN_AUTH_ID = 'MAINTEGRATION0000000'
MAIN_AUTH_TOKEN = 'tok-NEVER-PRINT-9f4e2c71'

# What users run or copy: every file of these trees whose name ends in one of SUFFIXES.
SCANNED = ['README.md', 'playbooks', 'roles', 'docs', 'plugins/modules', 'tests/integration/targets']
SUFFIXES = ('.yml', '.yaml', '.md', '.rst', '.py')


@pytest.fixture(scope='module')
def specs(collections_path):
    path = str(collections_path)
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module('ansible_collections.plivo.messaging.plugins.module_utils.specs')


def deprecated_names(specs):
    """``{module: {deprecated alias: option}}`` of every module, from its argument spec."""
    found = {}
    for module in specs.MODULES:
        spec, dummy = specs.argument_spec(module)
        for name, option in spec.items():
            for alias in option.get('deprecated_aliases', []):
                found.setdefault(module, {})[alias['name']] = name
    return found


def option_names(text, module):
    """``(line number, option name)`` of each option given to ``plivo.messaging.<module>`` in YAML text:
    the keys right under each ``plivo.messaging.<module>:`` key, in a task or in module_defaults."""
    lines = text.splitlines()
    head = re.compile(r'^(\s*(?:- )?)plivo\.messaging\.%s:\s*(?:#.*)?$' % re.escape(module))
    key = re.compile(r'^(\s*)(?:- )?([A-Za-z_][A-Za-z0-9_]*)\s*:')
    for index, line in enumerate(lines):
        match = head.match(line)
        if not match:
            continue
        column = len(match.group(1))
        child = None
        for number, following in enumerate(lines[index + 1:], start=index + 2):
            if not following.strip() or following.lstrip().startswith('#'):
                continue
            indent = len(following) - len(following.lstrip())
            if indent <= column:
                break
            child = indent if child is None else child
            found = key.match(following)
            if indent == child and found:
                yield number, found.group(2)


def scanned_files():
    for name in SCANNED:
        path = REPO / name
        for found in sorted([path] if path.is_file() else path.rglob('*')):
            if found.is_file() and found.name.endswith(SUFFIXES):
                yield found


def test_the_option_reader_sees_an_alias_in_a_task_and_in_module_defaults():
    text = (REPO / 'playbooks' / 'demo.yml').read_text(encoding='utf-8')
    assert ('purge_senders' in [name for dummy, name in option_names(text, 'powerpack_pool')])
    slipped = text.replace('purge_senders: true', 'purge: true')
    assert [name for dummy, name in option_names(slipped, 'powerpack_pool')].count('purge') == 2
    defaults = 'module_defaults:\n  plivo.messaging.powerpack_pool:\n    unrent: true\n    # a comment\n\n    senders: []\n'
    assert list(option_names(defaults, 'powerpack_pool')) == [(3, 'unrent'), (6, 'senders')]


def test_no_example_guide_or_target_uses_a_deprecated_option_name(specs):
    deprecated = deprecated_names(specs)
    assert deprecated, 'no deprecated alias left: this test and tests/own_deprecations.py may go'
    uses = []
    for path in scanned_files():
        text = path.read_text(encoding='utf-8')
        for module, aliases in deprecated.items():
            uses.extend('%s:%d: plivo.messaging.%s option %s is deprecated; write %s' % (
                path.relative_to(REPO), number, module, name, aliases[name])
                for number, name in option_names(text, module) if name in aliases)
    assert not uses, '\n'.join(uses)


def test_a_deprecated_alias_fails_a_run_that_treats_deprecations_as_errors(specs, emulator_factory, emulator_admin, run_playbook):
    """Each deprecated alias of powerpack_pool, used as a playbook would: the shared check finds it in the
    [DEPRECATION WARNING] lines and in the task's printed result, and run_playbook fails the run with it."""
    aliases = deprecated_names(specs)['powerpack_pool']
    emulator = emulator_factory()
    emulator_admin(emulator.url, 'POST', '/_emulator/accounts/%s/powerpacks' % MAIN_AUTH_ID, {'powerpacks': [{'name': 'old-names'}]})
    playbook = """\
- name: The names of 1.1
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Converge the pool with the names of 1.1
      plivo.messaging.powerpack_pool:
        auth_id: "{{ plivo_auth_id }}"
        auth_token: "{{ plivo_auth_token }}"
        api_url: "{{ plivo_api_url }}"
        powerpack_name: old-names
        senders: []
%s      register: old_names

    - name: Show the result
      ansible.builtin.debug:
        var: old_names
""" % ''.join('        %s: false\n' % alias for alias in sorted(aliases))
    extra_vars = {'plivo_auth_id': MAIN_AUTH_ID, 'plivo_auth_token': MAIN_AUTH_TOKEN, 'plivo_api_url': emulator.url}

    result = run_playbook(playbook, extra_vars)
    assert result.rc == 0, result.report()
    found = result.own_deprecations
    warnings = [line for line in found if line.startswith('[DEPRECATION WARNING]:')]
    assert sorted(re.search(r"Alias '(\w+)'", line).group(1) for line in warnings) == sorted(aliases), result.report()
    assert len(found) == 2 * len(aliases), result.report()

    with pytest.raises(pytest.fail.Exception) as failed:
        run_playbook(playbook, extra_vars, deprecations_are_errors=True)
    for alias in aliases:
        assert "Alias '%s' is deprecated" % alias in str(failed.value)


def test_ansible_cores_own_deprecations_are_not_the_collections():
    output = ('[DEPRECATION WARNING]: The foo option is deprecated. This feature will be removed from\n'
              'ansible-core version 2.23.\n'
              '[DEPRECATION WARNING]: Alias \'purge\' is deprecated. See the module docs for more information. This\n'
              "feature will be removed from collection 'plivo.messaging' version 2.0.0.\n"
              'ok: [localhost]\n')
    assert own_deprecations(output) == [
        "[DEPRECATION WARNING]: Alias 'purge' is deprecated. See the module docs for more information. This "
        "feature will be removed from collection 'plivo.messaging' version 2.0.0."]
