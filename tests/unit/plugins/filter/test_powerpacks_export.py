# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.powerpacks_export: the file of plivo.messaging.export.

The text is pinned for an ordinary account; for hostile ones the file is loaded as Ansible loads
host_vars and must give back every API string exactly, none of them a template, and nothing but
plivo_powerpacks. Names the role refuses (powerpack_model.name_problems, imported by the filter)
are left out, listed in escaped comment lines and in one warning.
"""

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.plivo.messaging.plugins.filter import powerpacks_export as export
from ansible_collections.plivo.messaging.plugins.filter.powerpacks_export import FilterModule, powerpacks_export
from ansible_collections.plivo.messaging.plugins.filter.to_unsafe_yaml import escape, reads_as_string
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack_model import name_problems
from ansible_collections.plivo.messaging.tests.unit.plugins.filter.ansible_loading import (
    is_trusted, load_vars_file, strings, template)

LINE_BREAKS = '\n\r\x85\u2028\u2029'
UUID = '5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e%02d'


@pytest.fixture
def warnings(monkeypatch):
    """The warnings the filter gives, in order."""
    given = []

    class Recorder:
        @staticmethod
        def warning(msg, *args, **kwargs):
            assert not args and not kwargs
            given.append(msg)

    monkeypatch.setattr(export, 'display', Recorder())
    return given


def powerpack(name, number=0, **fields):
    result = {'uuid': UUID % number, 'name': name, 'sticky_sender': True, 'local_connect': True,
              'application_id': '', 'application_type': '', 'number_priority': [],
              'number_pool': '/v1/Account/MA/NumberPool/%s/' % (UUID % number), 'created_on': '2026-01-01T00:00:00Z'}
    result.update(fields)
    return result


def result(item, senders=()):
    """One entry of the registered results of the playbook's powerpack_number_info loop."""
    return {'item': item, 'senders': list(senders), 'changed': False, 'ansible_loop_var': 'item',
            'numbers': [], 'tollfree': [], 'shortcodes': []}


def write(tmp_path, text, name='localhost.yml'):
    path = tmp_path / name
    path.write_text(text, encoding='utf-8')
    return path


def load(tmp_path, text):
    """The file as Ansible loads host_vars; every string value in it (all come from the API; the keys are the
    role's) must be no template: untrusted, or one YAML would read as another type, which holds no "{"."""
    data = load_vars_file(write(tmp_path, text))
    assert list(data) == ['plivo_powerpacks'], data
    values = strings(data, keys=False)
    assert not [value for value in values if is_trusted(value) and '{' in value]
    trusted = [value for value in values if is_trusted(value) and reads_as_string(value)]
    assert not trusted, 'strings loaded as templates: %r' % trusted
    assert template(data) == data
    return data['plivo_powerpacks']


def check_lines(text):
    """Every line is printable; comments are whole lines; nothing but plivo_powerpacks is at the top."""
    lines = text.split('\n')
    assert lines[-1] == '', 'no final newline'
    for line in lines[:-1]:
        assert all(char.isprintable() for char in line), ascii(line)
        assert not any(char in LINE_BREAKS for char in line)
        assert line == '---' or line.startswith(('# ', '#   ', 'plivo_powerpacks:', '  ')), ascii(line)


# ---------------------------------------------------------------------------
# an ordinary account: the exact text
# ---------------------------------------------------------------------------

ORDINARY = [
    result(powerpack('zz-support', 3, sticky_sender=False, application_id='none'), []),
    result(powerpack('alerts', 1, local_connect=False, application_id=20372631212782780, application_type='XML',
                     number_priority=[
                         {'country_iso': 'us', 'service_type': 'sms',
                          'priority': {'priority1': 'SHORTCODE', 'priority2': 'tollfree', 'priority3': 'longcode'}},
                         {'country_iso': 'CA', 'service_type': 'MMS',
                          'priority': {'priority1': 'longcode', 'priority2': 'tollfree', 'priority3': 'shortcode'}}]),
           [{'number': '14155550100', 'type': 'longcode', 'service': 'sms'},
            {'number': '18005550199', 'type': 'tollfree', 'service': 'mms'},
            {'number': '444444', 'type': 'shortcode', 'service': None}]),
    result(powerpack('Billing', 2), []),
]

ORDINARY_TEXT = '''\
---
# The Plivo Powerpacks of localhost, pools included, exported by plivo.messaging.export
# as the input of the role plivo.messaging.powerpacks. Review it, then keep it as
# host_vars/localhost.yml; the role changes nothing when it runs on it unchanged.
# Left out, and so not managed: the application of a powerpack that has none.
# Every string from the API is double-quoted and, unless YAML would read it as a number, boolean
# or null (such as "14155550100", which can hold no template), tagged !unsafe: Ansible loads it as
# it is and never templates it, so a name that holds "{{", "{%" or "{#" stays exactly that name.
plivo_powerpacks:
  - name: !unsafe "Billing"  # uuid 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e02
    sticky_sender: true
    local_connect: true
    number_priority: []
    senders: []
  - name: !unsafe "alerts"  # uuid 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e01
    sticky_sender: true
    local_connect: false
    application_type: !unsafe "xml"
    application_id: "20372631212782780"
    number_priority:
      - country_iso: !unsafe "CA"
        service_type: !unsafe "MMS"
        priority:
          priority1: !unsafe "longcode"
          priority2: !unsafe "tollfree"
          priority3: !unsafe "shortcode"
      - country_iso: !unsafe "US"
        service_type: !unsafe "SMS"
        priority:
          priority1: !unsafe "shortcode"
          priority2: !unsafe "tollfree"
          priority3: !unsafe "longcode"
    senders:
      - number: "14155550100"
        type: !unsafe "longcode"
        service: !unsafe "sms"
      - number: "18005550199"
        type: !unsafe "tollfree"
        service: !unsafe "mms"
      - number: "444444"
        type: !unsafe "shortcode"
  - name: !unsafe "zz-support"  # uuid 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e03
    sticky_sender: false
    local_connect: true
    number_priority: []
    senders: []
'''


def test_ordinary_account_text(tmp_path, warnings):
    text = powerpacks_export(ORDINARY, host='localhost')
    assert text == ORDINARY_TEXT
    assert warnings == []
    check_lines(text)
    assert load(tmp_path, text) == [
        {'name': 'Billing', 'sticky_sender': True, 'local_connect': True, 'number_priority': [], 'senders': []},
        {'name': 'alerts', 'sticky_sender': True, 'local_connect': False, 'application_type': 'xml',
         'application_id': '20372631212782780',
         'number_priority': [
             {'country_iso': 'CA', 'service_type': 'MMS',
              'priority': {'priority1': 'longcode', 'priority2': 'tollfree', 'priority3': 'shortcode'}},
             {'country_iso': 'US', 'service_type': 'SMS',
              'priority': {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'}}],
         'senders': [{'number': '14155550100', 'type': 'longcode', 'service': 'sms'},
                     {'number': '18005550199', 'type': 'tollfree', 'service': 'mms'},
                     {'number': '444444', 'type': 'shortcode'}]},
        {'name': 'zz-support', 'sticky_sender': False, 'local_connect': True, 'number_priority': [], 'senders': []},
    ]


def test_input_order_and_shape_do_not_matter():
    """The same account in another order, or as powerpacks carrying their senders, is the same file."""
    flat = [dict(entry['item'], senders=entry['senders']) for entry in reversed(ORDINARY)]
    assert powerpacks_export(flat, host='localhost') == ORDINARY_TEXT
    assert powerpacks_export(list(reversed(ORDINARY)), host='localhost') == ORDINARY_TEXT


def test_empty_account():
    text = powerpacks_export([], host='acct-main')
    assert text.endswith('\nplivo_powerpacks: []\n')
    assert '# The Plivo Powerpacks of acct-main,' in text and '# host_vars/acct-main.yml;' in text


def test_names_sort_with_letter_case():
    text = powerpacks_export([result(powerpack(name, index)) for index, name in enumerate(['b', 'B', 'a', 'A', '_'])],
                             host='h')
    assert [line.split('"')[1] for line in text.splitlines() if line.startswith('  - name:')] == ['A', 'B', '_', 'a', 'b']


@pytest.mark.parametrize('application_id', [None, '', 'none', ' NONE ', '  ', 0, False])
def test_no_application_is_left_out(tmp_path, application_id):
    text = powerpacks_export([result(powerpack('a', application_id=application_id, application_type='XML'))], host='h')
    assert '    application' not in text
    assert 'application_id' not in load(tmp_path, text)[0]


# ---------------------------------------------------------------------------
# hostile strings from the API
# ---------------------------------------------------------------------------

ACCEPTED_NAMES = [
    "promo {{ lookup('pipe', 'touch MARKER') }}",
    "Promo {{ 'Q4' }}",
    '{% if true %}x{% endif %}',
    '{# hidden #} shown',
    '"quoted" and \'single\'',
    'back\\slash \\n \\x41 \\',
    '- : ? , [ ] { } # & * ! | > \' " % @ `',
    '!unsafe "x"',
    '*alias',
    '&anchor',
    '---',
    '...',
    'null',
    '~',
    'true',
    '0x10',
    '1e3',
    '<<',
    '=',
    '# comment',
    'a #b',
]


def hostile_account():
    items = []
    for number, name in enumerate(ACCEPTED_NAMES):
        items.append(result(
            powerpack(name, number, application_id="{{ lookup('pipe', 'id') }}", application_type='{% raw %}',
                      number_priority=[{'country_iso': '{{ x }}', 'service_type': '{# #}',
                                        'priority': {'priority1': '{{ 1 }}', 'priority2': 'TRUE', 'priority3': ''}}]),
            [{'number': "{{ lookup('pipe', 'id') }}", 'type': 'longcode', 'service': "{{ lookup('pipe', 'id') }}\n- x"},
             {'number': '\x1b[2J', 'type': '{{ t }}', 'service': 'null'},
             {'number': '444444', 'type': 'shortcode', 'service': '{{ never written }}'}]))
    return items


def test_hostile_strings_round_trip_and_are_never_templates(tmp_path, warnings, monkeypatch):
    assert all(name_problems(name) == [] for name in ACCEPTED_NAMES), 'the role refuses a name the test expects it to take'
    # How any string is written, in every field: the role's checks of the other fields (which would leave
    # these powerpacks out, see test_a_powerpack_the_role_would_refuse_otherwise_is_left_out) are off here.
    monkeypatch.setattr(export, '_refusal', lambda powerpack, senders: [])
    text = powerpacks_export(hostile_account(), host='localhost')
    check_lines(text)
    assert warnings == []
    loaded = load(tmp_path, text)
    assert [item['name'] for item in loaded] == sorted(ACCEPTED_NAMES)
    for item in loaded:
        assert item['application_id'] == "{{ lookup('pipe', 'id') }}"
        assert item['application_type'] == '{% raw %}'
        assert item['number_priority'] == [{'country_iso': '{{ X }}', 'service_type': '{# #}',
                                            'priority': {'priority1': '{{ 1 }}', 'priority2': 'true', 'priority3': ''}}]
        assert item['senders'] == [{'number': "{{ lookup('pipe', 'id') }}", 'type': 'longcode',
                                    'service': "{{ lookup('pipe', 'id') }}\n- x"},
                                   {'number': '\x1b[2J', 'type': '{{ t }}', 'service': 'null'},
                                   {'number': '444444', 'type': 'shortcode'}]
    # The names as the file writes them: tagged, escaped, on the powerpack's line
    assert '  - name: !unsafe "promo {{ lookup(\'pipe\', \'touch MARKER\') }}"  # uuid ' in text
    assert '  - name: "true"  # uuid ' in text


@pytest.mark.parametrize('name', ['\U0001F389 launch', 'Café', '販促', 'e\u0301', '\U0001F468\u200d\U0001F469'])
def test_non_ascii_names_follow_the_role(tmp_path, warnings, name):
    """Printable non-ASCII is written as it is, when the role takes the name; otherwise it is left out with the others."""
    text = powerpacks_export([result(powerpack(name, 1)), result(powerpack('alerts', 2))], host='h')
    check_lines(text)
    loaded = [item['name'] for item in load(tmp_path, text)]
    if name_problems(name):
        assert loaded == ['alerts']
        assert '#   "%s" (uuid %s): ' % (escape(name), UUID % 1) in text
        assert len(warnings) == 1
    else:
        assert loaded == sorted(['alerts', name])
        assert '  - name: !unsafe "%s"  # uuid' % escape(name) in text
        assert warnings == []


# ---------------------------------------------------------------------------
# names the role refuses
# ---------------------------------------------------------------------------

REFUSED = {
    'trailing space': 'alerts ',
    'leading space': ' alerts',
    'escape': 'red \x1b[31m',
    'newline key': 'x\nplivo_powerpacks_purge: true',
    'newline list item': 'x\n  - name: evil',
    'line separator': 'x\u2028plivo_powerpacks_purge: true',
    'next line': 'x\x85y',
    'carriage return': 'x\ry',
    'nul': 'x\x00',
    'too long': 'n' * 256,
    'empty': '',
    'blank': '   ',
    'surrogate': 'x\ud83c',
}


def test_refused_names_are_left_out_listed_and_warned(tmp_path, warnings):
    for label, name in REFUSED.items():
        assert name_problems(name), 'the role takes %s' % label
    entries = [result(powerpack(name, number)) for number, name in enumerate(REFUSED.values())]
    entries.append(result(powerpack('alerts', 50), [{'number': '14155550100', 'type': 'longcode', 'service': 'sms'}]))
    text = powerpacks_export(entries, host='acct-main')
    check_lines(text)

    # In the file: only the name the role takes; the refused ones in comments, one line each, escaped.
    assert load(tmp_path, text) == [{'name': 'alerts', 'sticky_sender': True, 'local_connect': True, 'number_priority': [],
                                     'senders': [{'number': '14155550100', 'type': 'longcode', 'service': 'sms'}]}]
    comments = [line for line in text.splitlines() if line.startswith('#   ')]
    assert len(comments) == len(REFUSED)
    for number, name in enumerate(REFUSED.values()):
        line = '#   "%s" (uuid %s): %s' % (escape(name), UUID % number, export.printable('; '.join(name_problems(name))))
        assert line in comments, (line, comments)
    assert ('# Left out, because the role would refuse them: correct each in the account (a name with\n'
            '# plivo.messaging.powerpack, by its uuid and a new name), then export again. Until then the role does\n'
            '# not manage them; this file does not set plivo_powerpacks_purge, and with it on the role would delete them.\n'
            ) in text
    assert 'purge' not in ''.join(line for line in text.splitlines() if not line.startswith('#'))

    # One warning, printable, naming each one and what to do.
    assert len(warnings) == 1
    warning = warnings[0]
    assert all(char.isprintable() for char in warning), ascii(warning)
    assert warning.startswith('plivo.messaging.export left %d powerpack(s) of acct-main out of plivo_powerpacks, because '
                              'the role plivo.messaging.powerpacks would refuse them: ' % len(REFUSED))
    assert warning.endswith('. Correct each in the account (a name with plivo.messaging.powerpack, by its uuid and a new '
                            'name), then export again. '
                            'Until then the role does not manage them, and with plivo_powerpacks_purge: true it would '
                            'delete them.')
    for number, name in enumerate(REFUSED.values()):
        assert '"%s" (uuid %s): ' % (escape(name), UUID % number) in warning


def test_refused_entry_lists_the_role_problems_escaped():
    name = 'red \x1b[31m '
    text = powerpacks_export([result(powerpack(name, 7))], host='h')
    problems = '; '.join(name_problems(name))
    assert '#   "red \\x1B[31m " (uuid %s): %s\n' % (UUID % 7, export.printable(problems)) in text
    assert text.endswith('\nplivo_powerpacks: []\n')


def test_the_role_rule_is_the_one_used(monkeypatch, warnings):
    """The filter asks powerpack_model.name_problems (imported, not copied) which names the role takes."""
    monkeypatch.setattr(export, 'name_problems', lambda name: ['no alerts here'] if name == 'alerts' else [])
    text = powerpacks_export([result(powerpack('alerts', 1)), result(powerpack('other', 2))], host='h')
    assert '#   "alerts" (uuid %s): no alerts here\n' % (UUID % 1) in text
    assert '  - name: !unsafe "other"  # uuid' in text
    assert len(warnings) == 1


@pytest.mark.parametrize('fields, senders, problem', [
    ({'application_id': 'app-1', 'application_type': ''}, [],
     'application_type is required when application_id is set'),
    ({'number_priority': [{'country_iso': 'USA', 'service_type': 'SMS',
                           'priority': {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'}}]}, [],
     "number_priority[0].country_iso must be a two-letter ISO 3166-1 country code such as 'US'; got 'USA'"),
    ({}, [{'number': '123', 'type': 'longcode', 'service': 'sms'}], 'senders[0].number must be an E.164 number'),
    ({}, [{'number': '14155550100', 'type': 'fixed', 'service': 'sms'}],
     'senders[0].type must be one of longcode, tollfree, shortcode; got "fixed"'),
    ({}, [{'number': '14155550100', 'type': 'longcode', 'service': 'rcs'}],
     'senders[0].service must be one of sms, mms; got "rcs"'),
])
def test_a_powerpack_the_role_would_refuse_otherwise_is_left_out(tmp_path, warnings, fields, senders, problem):
    """Not only names: any value the role's checks refuse would make the file fail later, so the powerpack is left out."""
    text = powerpacks_export([result(powerpack('odd', 1, **fields), senders), result(powerpack('fine', 2))], host='h')
    assert [item['name'] for item in load(tmp_path, text)] == ['fine']
    comment = next(line for line in text.splitlines() if line.startswith('#   "odd"'))
    assert problem in comment, comment
    assert len(warnings) == 1 and problem in warnings[0]


def test_a_name_that_is_not_text_is_refused(warnings):
    text = powerpacks_export([result(powerpack(12, 1)), result(powerpack(None, 2))], host='h')
    assert '#   "12" (uuid %s): name must be a string; got int\n' % (UUID % 1) in text
    assert '#   "" (uuid %s): name must be a string; got NoneType\n' % (UUID % 2) in text
    assert text.endswith('plivo_powerpacks: []\n')
    assert len(warnings) == 1


# ---------------------------------------------------------------------------
# comments and terminal lines
# ---------------------------------------------------------------------------

def test_uuid_and_host_cannot_break_a_comment(tmp_path):
    item = powerpack('alerts', 1)
    item['uuid'] = 'u\nplivo_powerpacks_purge: true\u2028x'
    text = powerpacks_export([result(item), result(powerpack('bad ', 2, uuid='v\rw'))], host='h\nx: 1')
    check_lines(text)
    assert '  - name: !unsafe "alerts"  # uuid u\\x0Aplivo_powerpacks_purge: true\\u2028x\n' in text
    assert '(uuid v\\x0Dw)' in text
    assert '# The Plivo Powerpacks of h\\x0Ax: 1, pools included' in text
    assert [item['name'] for item in load(tmp_path, text)] == ['alerts']


@pytest.mark.parametrize('text, shown', [
    ('plain', 'plain'), ('\x1b[2J', '\\x1B[2J'), ('a\nb', 'a\\x0Ab'), ('\u2028', '\\u2028'), ('\ud83c', '\\uD83C'),
    ('\U000E0001', '\\U000E0001'), ('é \U0001F389', 'é \U0001F389'), ('back\\slash', 'back\\slash'),
])
def test_printable(text, shown):
    assert export.printable(text) == shown


# ---------------------------------------------------------------------------
# refused input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('pools, message', [
    ({'item': {}}, 'give a list of powerpacks (with their senders), not dict'),
    ('text', 'give a list of powerpacks (with their senders), not str'),
    ([['a']], 'element 0 is list, not a dictionary'),
    ([result(powerpack('a')), {'senders': []}], 'element 1 holds no powerpack with a name'),
    ([{'item': 'a', 'senders': []}], 'element 0 holds no powerpack with a name'),
])
def test_refused_input(pools, message):
    with pytest.raises(AnsibleFilterError, match='^powerpacks_export: %s$' % message.replace('(', r'\(').replace(')', r'\)')):
        powerpacks_export(pools, host='h')


@pytest.mark.parametrize('host', ['', None, 5])
def test_host_is_required(host):
    with pytest.raises(AnsibleFilterError, match='^powerpacks_export: host must name the inventory host'):
        powerpacks_export([], host=host)


def test_a_surrogate_outside_the_name_fails_the_export():
    """A value no YAML reader takes stops the export (the role's input would not load), naming the value."""
    with pytest.raises(AnsibleFilterError, match=r'^to_unsafe_yaml: cannot write "1\\uD83C"'):
        powerpacks_export([result(powerpack('a', application_id='1\ud83c', application_type='xml'))], host='h')


def test_filter_is_registered():
    assert FilterModule().filters() == {'powerpacks_export': powerpacks_export}
