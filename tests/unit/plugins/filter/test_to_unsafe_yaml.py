# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.to_unsafe_yaml: every string comes back exactly, and never as a template.

Each hostile string is written with the filter into a variables file, which is loaded the way
Ansible loads host_vars (DataLoader, trusted as a template on 2.19) and then templated as a play
would use it: the value is the original string, marked unsafe, and templating leaves it alone.
A control case shows the harness would see templating: the same string written without
!unsafe is rendered.
"""

from __future__ import annotations

import json
import math
import unicodedata

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.plivo.messaging.plugins.filter.to_unsafe_yaml import FilterModule, escape, reads_as_string, to_unsafe_yaml
from ansible_collections.plivo.messaging.tests.unit.plugins.filter.ansible_loading import (
    DATA_TAGGING, is_trusted, load_vars_file, render, strings, template)

# YAML's line breaks (PyYAML reads YAML 1.1): none may appear raw in a one-line scalar.
LINE_BREAKS = '\n\r\x85\u2028\u2029'

HOSTILE = {
    # template syntax
    'expression': "promo {{ 'Q4' }}",
    'pipe lookup': "promo {{ lookup('pipe', 'id > /tmp/x; echo y') }}",
    'statement': '{% if true %}yes{% endif %}',
    'comment': '{# hidden #} shown',
    'raw block': '{% raw %}{{ x }}{% endraw %}',
    'unclosed': '{{ unclosed',
    'closing only': '}} and %}',
    'line statement': '# for x in y',
    # quotes and backslashes
    'double quote': 'say "hi"',
    'single quote': "it's",
    'only quotes': '"\'"\'',
    'backslash': 'C:\\path\\n not a newline',
    'trailing backslash': 'ends with \\',
    'escape lookalikes': '\\x41 \\u0041 \\U00000041 \\n \\t \\"',
    # YAML indicators, alone and leading
    'dash': '- item',
    'colon': 'key: value',
    'colon first': ': value',
    'comma first': ', b',
    'closing bracket': '] a',
    'closing brace': '} a',
    'single quote first': "'quoted'",
    'question': '? key',
    'comma': 'a, b',
    'brackets': '[a]',
    'braces': '{a: b}',
    'hash': '# not a comment',
    'hash inside': 'a #b',
    'ampersand anchor': '&anchor',
    'star alias': '*alias',
    'bang': '!tag',
    'unsafe text': '!unsafe "x"',
    'vault text': '!vault |',
    'pipe': '| literal',
    'greater': '> folded',
    'percent': '%YAML 1.2',
    'at': '@handle',
    'backtick': '`cmd`',
    'all indicators': '- : ? , [ ] { } # & * ! | > \' " % @ `',
    'merge key': '<<',
    'document start': '---',
    'document end': '...',
    'python tag': '!!python/object/apply:os.system ["id"]',
    # plain scalars YAML would read as something else
    'null': 'null',
    'tilde': '~',
    'true': 'true',
    'yes': 'yes',
    'off': 'off',
    'hex': '0x10',
    'octal': '0o17',
    'float': '1e3',
    'sexagesimal': '1:20',
    'date': '2026-01-01',
    'inf': '.inf',
    'equals': '=',
    'empty': '',
    # spaces
    'leading space': ' alerts',
    'trailing space': 'alerts ',
    'only spaces': '   ',
    'tab': 'a\tb',
    'no-break space': 'a\xa0b',
    'ideographic space': 'a\u3000b',
    # non-ASCII
    'latin': 'Café Crème',
    'sharp s': 'Straße',
    'cjk': '販促キャンペーン',
    'rtl': 'مرحبا',
    'combining': 'e\u0301',
    'emoji': '\U0001F389 launch',
    'emoji sequence': '\U0001F468\u200d\U0001F469\u200d\U0001F467',
    'flag': '\U0001F1FA\U0001F1F8',
    'astral plane 16': '\U0010FFFD',
    # control characters and line separators
    'newline': 'line1\nline2',
    'crlf': 'a\r\nb',
    'injected key': 'x\nplivo_powerpacks_purge: true',
    'nul': 'a\x00b',
    'escape': 'red \x1b[31m text \x1b[0m',
    'bell and backspace': '\x07\x08',
    'del': 'a\x7fb',
    'c1 controls': ''.join(chr(code) for code in range(0x80, 0xA0)),
    'next line': 'a\x85b',
    'line separator': 'a\u2028b',
    'paragraph separator': 'a\u2029b',
    'bom': '\ufeffname',
    'zero width space': 'a\u200bb',
    'rtl override': 'a\u202eb',
    'noncharacters': '\ufffe\uffff',
    'private use': '\ue000\U000F0000',
    'all c0': ''.join(chr(code) for code in range(0x20)),
}


def write_vars(tmp_path, lines):
    path = tmp_path / 'host_vars.yml'
    path.write_text('---\n%s\n' % '\n'.join(lines), encoding='utf-8')
    return path


def load_one(tmp_path, rendered):
    return load_vars_file(write_vars(tmp_path, ['value: %s' % rendered]))['value']


# ---------------------------------------------------------------------------
# every hostile string
# ---------------------------------------------------------------------------

# The strings of the table that YAML reads as another type when they are not quoted: ansible-core 2.19 reads
# !unsafe "true" as the boolean true, so these are written quoted without the tag. None holds "{".
OTHER_TYPES = {'merge key', 'null', 'tilde', 'true', 'yes', 'off', 'hex', 'sexagesimal', 'date', 'inf', 'equals', 'empty'}


@pytest.mark.parametrize('text', HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_string_round_trips_unsafe(tmp_path, text):
    rendered = to_unsafe_yaml(text)
    # one line, and nothing in it that a terminal, an editor or YAML would take for a control character
    assert rendered.endswith('"'), rendered
    assert not any(char in LINE_BREAKS for char in rendered), rendered
    assert all(char.isprintable() for char in rendered), ascii(rendered)

    loaded = load_one(tmp_path, rendered)
    assert loaded == text, (ascii(rendered), ascii(loaded))
    assert isinstance(loaded, str), type(loaded)
    assert template(loaded) == text
    if reads_as_string(text):
        assert rendered.startswith('!unsafe "'), rendered
        assert not is_trusted(loaded), 'loaded as a trusted template: %s' % ascii(rendered)
    else:
        # a string YAML would read as a boolean, number, date, null...: quoted, untagged, and no template
        assert rendered.startswith('"'), rendered
        assert '{' not in text


def test_which_strings_are_written_without_the_tag():
    assert {name for name, text in HOSTILE.items() if not to_unsafe_yaml(text).startswith('!unsafe ')} == OTHER_TYPES
    assert all('{' not in HOSTILE[name] for name in OTHER_TYPES)


FAILS = object()


@pytest.mark.parametrize('text, on_2_19', [
    ('true', True), ('No', False), ('null', None), ('~', None), ('', None), ('0x10', 16), ('1:20', 80),
    ('0x10\n', 16), ('true\n', FAILS), ('<<', FAILS),
])
def test_why_those_strings_are_not_tagged(tmp_path, text, on_2_19):
    """ansible-core 2.19 reads !unsafe "..." as if it were a plain scalar, quotes ignored: these would change type
    or fail to load (before 2.19 they stay strings). Written untagged they are strings on every version."""
    assert not reads_as_string(text)
    assert load_one(tmp_path, to_unsafe_yaml(text)) == text
    try:
        loaded = load_one(tmp_path, '!unsafe "%s"' % escape(text))
    except Exception:  # pylint: disable=broad-exception-caught
        loaded = FAILS
    if DATA_TAGGING:
        assert loaded is on_2_19 if on_2_19 in (FAILS, None, True, False) else loaded == on_2_19 and not isinstance(loaded, str)
    else:
        assert loaded == text


@pytest.mark.parametrize('text', HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_string_round_trips_in_collections(tmp_path, text):
    value = {'list': [text, 'plain', text], text: {'inner': text}, 'number': 1}
    rendered = to_unsafe_yaml(value)
    assert not any(char in LINE_BREAKS for char in rendered), rendered
    loaded = load_one(tmp_path, rendered)
    assert loaded == value
    assert not [item for item in strings(loaded) if is_trusted(item) and reads_as_string(item)], loaded
    assert template(loaded) == value


@pytest.mark.parametrize('text', HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_string_round_trips_with_pyyaml(text):
    """The same text read by plain PyYAML (what other tools see): equal, and tagged unless it reads as another type."""
    class Loader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
        pass
    seen = []
    Loader.add_constructor('!unsafe', lambda loader, node: seen.append(1) or loader.construct_scalar(node))
    assert yaml.load('value: %s\n' % to_unsafe_yaml(text), Loader=Loader) == {'value': text}
    assert seen == ([1] if reads_as_string(text) else [])


@pytest.mark.parametrize('text', HOSTILE.values(), ids=list(HOSTILE))
def test_display_form_is_quoted_escaped_and_exact(text):
    """tag=false: one printable line, the same double-quoted scalar without the tag."""
    shown = to_unsafe_yaml(text, tag=False)
    assert shown == '"%s"' % escape(text)
    assert to_unsafe_yaml(text).endswith(shown)
    assert all(char.isprintable() for char in shown), ascii(shown)
    assert yaml.safe_load('value: %s\n' % shown) == {'value': text}


def test_table_covers_what_the_issue_lists():
    """Every character class of issue 20 is in the table (a table edit cannot drop one silently)."""
    joined = ''.join(HOSTILE.values())
    for needle in ('{{', '{%', '{#', '#', '\\', '"', "'", '\U0001F389', '\x85', '\u2028', '\u2029', '\x1b', '\x00', '\x9f'):
        assert needle in joined, ascii(needle)
    for indicator in '-:?,[]{}#&*!|>\'"%@`':
        assert any(value.startswith(indicator) for value in HOSTILE.values()), indicator
    for exact in ('!unsafe "x"', '*alias', '&anchor', '---', '...', 'null', '~', 'true', '0x10', '1e3', '', ' alerts', 'alerts '):
        assert exact in HOSTILE.values(), exact
    assert any(unicodedata.category(char) == 'Cc' and ord(char) >= 0x80 for char in joined)


# ---------------------------------------------------------------------------
# the escaping itself
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('text, expected', [
    ('plain', 'plain'),
    ('a"b\\c', 'a\\"b\\\\c'),
    ('\x00\x1b\x7f', '\\x00\\x1B\\x7F'),
    ('\x85\xa0', '\\x85\\xA0'),
    ('\u2028\u2029\ufeff', '\\u2028\\u2029\\uFEFF'),
    ('\ud83c', '\\uD83C'),
    ('\U000E0001\U0010FFFF', '\\U000E0001\\U0010FFFF'),
    ('é \U0001F389 日本', 'é \U0001F389 日本'),
    ('{{ x }}', '{{ x }}'),
])
def test_escape(text, expected):
    assert escape(text) == expected


def test_only_printable_characters_are_written_raw():
    """Of the first planes, each printable character is written as it is, each other one as an escape."""
    for code in list(range(0x3000)) + [0xFEFF, 0xFFFD, 0xFFFE, 0x1F389, 0xE0001]:
        char = chr(code)
        written = escape(char)
        if char in '\\"':
            assert written == '\\' + char
        elif char.isprintable():
            assert written == char, hex(code)
        else:
            assert written.startswith(('\\x', '\\u', '\\U')) and written.isascii() and written.isprintable(), hex(code)


def test_every_code_point_round_trips(tmp_path):
    """All of Unicode, in one string: the file holds it exactly."""
    every = ''.join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    loaded = load_one(tmp_path, to_unsafe_yaml(every))
    assert loaded == every
    assert not is_trusted(loaded)


# ---------------------------------------------------------------------------
# templating: what the tag prevents
# ---------------------------------------------------------------------------

def test_a_pipe_lookup_never_runs(tmp_path):
    marker = tmp_path / 'MARKER'
    payload = "promo {{ lookup('pipe', 'touch %s') }}" % marker
    data = load_vars_file(write_vars(tmp_path, ['name: %s' % to_unsafe_yaml(payload), 'names: %s' % to_unsafe_yaml([payload])]))
    assert template(data) == {'name': payload, 'names': [payload]}
    assert render('{{ name }} {{ names[0] }}', data) == '%s %s' % (payload, payload)
    assert not marker.exists()


def test_control_the_same_text_without_the_tag_is_templated(tmp_path):
    """Without !unsafe (quoting alone, as the export wrote it with to_json) Ansible renders the string:
    the harness above would see templating."""
    marker = tmp_path / 'MARKER'
    payload = "promo {{ lookup('pipe', 'touch %s') }}" % marker
    data = load_vars_file(write_vars(tmp_path, ['name: %s' % to_unsafe_yaml(payload, tag=False),
                                                'q4: %s' % to_unsafe_yaml("Promo {{ 'Q4' }}", tag=False)]))
    assert is_trusted(data['q4'])
    assert template(data['q4']) == 'Promo Q4'
    template(data['name'])
    assert marker.exists()


# ---------------------------------------------------------------------------
# other values
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('value, rendered', [
    (True, 'true'), (False, 'false'), (None, 'null'), (0, '0'), (-7, '-7'), (10 ** 30, str(10 ** 30)),
    (1.5, '1.5'), (1e16, '1.0e+16'), (-2.5e-07, '-2.5e-07'), (float('inf'), '.inf'), (float('-inf'), '-.inf'),
    ([], '[]'), ({}, '{}'), ((1, 'a'), '[1, !unsafe "a"]'),
    ({'a': [True, None], 1: 'b', None: 2.0}, '{!unsafe "a": [true, null], 1: !unsafe "b", null: 2.0}'),
])
def test_other_values(tmp_path, value, rendered):
    assert to_unsafe_yaml(value) == rendered
    loaded = load_one(tmp_path, rendered)
    expected = list(value) if isinstance(value, tuple) else value
    assert loaded == expected
    assert isinstance(loaded, type(expected)) and isinstance(loaded, bool) == isinstance(expected, bool), type(loaded)


def test_nan(tmp_path):
    assert to_unsafe_yaml(float('nan')) == '.nan'
    assert math.isnan(load_one(tmp_path, '.nan'))


def test_a_long_key_is_an_explicit_key(tmp_path):
    """PyYAML finds an implicit key only within 1024 characters; a longer one is written '? key'."""
    for size in (990, 1000, 1024, 1100, 5000):
        key = ('\x1b' if size % 2 else 'k') * size
        value = {key: 'v', 'short': key}
        rendered = to_unsafe_yaml(value)
        assert load_one(tmp_path, rendered) == value, size


def test_nesting(tmp_path):
    value = {'powerpacks': [{'name': "{{ 'x' }}", 'senders': [{'number': '1', 'service': None}]}], 'empty': [[], {}]}
    loaded = load_one(tmp_path, to_unsafe_yaml(value))
    assert loaded == value
    assert template(loaded) == value


@pytest.mark.parametrize('value, message', [
    (b'bytes', 'cannot write a value of type bytes'),
    ({1, 2}, 'cannot write a value of type set'),
    (object(), 'cannot write a value of type object'),
    ([{'a': b'x'}], 'cannot write a value of type bytes'),
    ({(1, 2): 'x'}, 'a dictionary key must be a string, boolean, number or null, not tuple'),
])
def test_refused_values(value, message):
    with pytest.raises(AnsibleFilterError, match='^to_unsafe_yaml: ' + message):
        to_unsafe_yaml(value)


def test_a_surrogate_is_refused_and_escaped_for_display():
    """Half of a UTF-16 pair is no character: libyaml refuses it in any form, so the filter says so at once."""
    message = r'^to_unsafe_yaml: cannot write "(a\\uD83Cb|\\uDFFF)": it holds the surrogate code point U\+(D83C|DFFF), half of a UTF-16 pair'
    for value in ('a\ud83cb', ['ok', {'k': '\udfff'}]):
        with pytest.raises(AnsibleFilterError, match=message):
            to_unsafe_yaml(value)
    assert to_unsafe_yaml('a\ud83cb', tag=False) == '"a\\uD83Cb"'
    # a pair that JSON wrote as two escapes is one character once decoded, and is written as it is
    assert to_unsafe_yaml(json.loads('"\\ud83c\\udf89"')) == '!unsafe "\U0001F389"'


@pytest.mark.parametrize('tag', ['yes', 1, None])
def test_tag_must_be_a_boolean(tag):
    with pytest.raises(AnsibleFilterError, match='^to_unsafe_yaml: tag must be true or false'):
        to_unsafe_yaml('x', tag=tag)


def test_filter_is_registered():
    assert FilterModule().filters() == {'to_unsafe_yaml': to_unsafe_yaml}
