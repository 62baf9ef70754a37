# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: to_unsafe_yaml
short_description: Write a value as YAML in which no string can ever be templated
version_added: 1.2.0
author:
  - Plivo messaging collection contributors (@plivo-community)
description:
  - Writes a value as one line of YAML in which every string is a double-quoted scalar tagged C(!unsafe),
    so that a later load of that YAML by Ansible (a C(host_vars) file, C(vars_files), C(include_vars))
    never templates it. A string that holds C({{...}}), C({%...%}) or C({#...#}) comes back as exactly that text,
    and a C(lookup) in it never runs.
  - Quoting alone is not enough; Ansible templates every string of a variables file that is not tagged C(!unsafe).
  - Every character comes back exactly as it was. Inside the quotes, C(\) and C(") are escaped, and so is every
    character that Python's C(str.isprintable()) refuses (control characters, line and paragraph separators
    such as U+0085, U+2028 and U+2029, format characters, surrogates, unassigned code points, and every space
    but the plain one) as C(\xNN), C(\uNNNN) or C(\UNNNNNNNN). Printable non-ASCII characters, emoji included,
    are written as they are; write the result to a UTF-8 file.
  - A string that YAML would read as another type if it were not quoted (V(true), V(no), V(null), V(~), V(0x10),
    V(1:20), V(2026-01-01), V(<<), the empty string, and the like) is written double-quoted without the tag, because
    ansible-core 2.19 reads C(!unsafe "true") as the boolean V(true) and C(!unsafe "") as null. Such a string holds
    no C({), so it is no template and never rendered either; it comes back exactly, as a string.
  - A string that holds a surrogate code point (U+D800 to U+DFFF, which is half of a UTF-16 pair and no character)
    is refused with an error, since libyaml, which Ansible reads YAML with, rejects it in any form. With O(tag=false)
    it is escaped like any other character that is not printable.
  - Booleans, integers, floats and null are written as YAML writes them (Ansible never templates them).
    Lists and dictionaries are written in flow style (C([...]), C({...})), their strings, keys included,
    tagged C(!unsafe) the same way.
  - With O(tag=false) the C(!unsafe) tag is left out, which gives a one-line, escaped, quoted form of a string
    for a terminal or a message (a loop label, a warning) in which no control character reaches the terminal.
    Never write that form to a file that Ansible loads.
positional: _input
options:
  _input:
    description:
      - The value to write. Strings, booleans, integers, floats, null, and lists and dictionaries of them.
      - Dictionary keys must be strings, booleans, integers, floats or null.
    type: raw
    required: true
  tag:
    description:
      - Tag every string C(!unsafe).
      - V(false) writes the quoted, escaped strings without the tag, for display only.
    type: bool
    default: true
seealso:
  - plugin: plivo.messaging.powerpacks_export
    plugin_type: filter
  - name: Unsafe or raw strings
    description: The C(!unsafe) tag in Ansible's advanced playbook syntax.
    link: https://docs.ansible.com/ansible/latest/playbook_guide/playbooks_advanced_syntax.html#unsafe-or-raw-strings
"""

EXAMPLES = r"""
- name: Keep a name from an API as a variable that is never templated
  ansible.builtin.copy:
    dest: host_vars/api.yml
    mode: "0644"
    content: |
      api_name: {{ api_answer.name | plivo.messaging.to_unsafe_yaml }}
  # with api_answer.name set to "promo {{ lookup('pipe', 'id') }}", the file holds
  #   api_name: !unsafe "promo {{ lookup('pipe', 'id') }}"
  # and api_name is that text whenever it is loaded; the command never runs.

- name: Show a name from an API with its control characters escaped
  ansible.builtin.debug:
    msg: "Found {{ api_answer.name | plivo.messaging.to_unsafe_yaml(tag=false) }}"
  # a name "x<ESC>[2J" is shown as Found "x\x1B[2J"
"""

RETURN = r"""
_value:
  description:
    - The value as YAML text on one line; for a string, C(!unsafe "..."), or C("...") for a string that YAML would
      read as another type, and always with O(tag=false).
    - Loaded by Ansible, the text gives back the value, every string of it equal to the original, and marked unsafe
      (not trusted as a template) unless it is one of those strings, which hold no template.
  type: string
  sample: '!unsafe "promo {{ ''Q4'' }}"'
"""

import math
from collections.abc import Mapping

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ansible.errors import AnsibleFilterError

# PyYAML finds a key of a flow mapping only within 1024 characters of its start; a longer
# one is written as an explicit key ("? key: value").
SIMPLE_KEY_LIMIT = 1000

STRING_TAG = 'tag:yaml.org,2002:str'
# The resolver of Ansible's YAML loader (PyYAML's, YAML 1.1): what type a plain scalar is.
_RESOLVER = Resolver()


def escape(text):
    """``text`` with ``\\`` and ``"`` escaped, and every character that str.isprintable() refuses
    written as \\xNN, \\uNNNN or \\UNNNNNNNN: the inside of a YAML double-quoted scalar."""
    parts = []
    for char in text:
        if char == '\\' or char == '"':
            parts.append('\\' + char)
        elif char.isprintable():
            parts.append(char)
        else:
            code = ord(char)
            if code <= 0xFF:
                parts.append('\\x%02X' % code)
            elif code <= 0xFFFF:
                parts.append('\\u%04X' % code)
            else:
                parts.append('\\U%08X' % code)
    return ''.join(parts)


def reads_as_string(text):
    """Whether YAML reads ``text``, written as a plain scalar, as a string; ansible-core 2.19 reads an !unsafe
    scalar as if it were plain, whatever its quotes (``!unsafe "true"`` is the boolean true)."""
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == STRING_TAG


def quote(text, tag=True):
    """``text`` as a YAML double-quoted scalar on one line, tagged !unsafe unless ``tag`` is false or YAML would read
    the text as another type (such a text holds no "{", so no template)."""
    if not tag:
        return '"%s"' % escape(text)
    surrogates = [char for char in text if '\ud800' <= char <= '\udfff']
    if surrogates:
        raise AnsibleFilterError('to_unsafe_yaml: cannot write "%s": it holds the surrogate code point U+%04X, half of a '
                                 'UTF-16 pair and no character, which YAML as Ansible reads it (libyaml) refuses in any form'
                                 % (escape(text[:80]), ord(surrogates[0])))
    # A text with "{" is always tagged: whatever YAML makes of it, it is never a template.
    return '%s"%s"' % ('!unsafe ' if reads_as_string(text) or '{' in text else '', escape(text))


def _float(value):
    if math.isnan(value):
        return '.nan'
    if math.isinf(value):
        return '.inf' if value > 0 else '-.inf'
    text = repr(value).lower()
    # YAML 1.1 reads a float only with a dot in it (as PyYAML's own representer writes it): 1e+16 is 1.0e+16
    if '.' not in text and 'e' in text:
        text = text.replace('e', '.0e', 1)
    return text


def _scalar(value, tag):
    if isinstance(value, str):
        return quote(value, tag)
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float(float(value))
    return None


def render(value, tag=True):
    """``value`` as YAML text on one line, every string a double-quoted scalar tagged !unsafe."""
    scalar = _scalar(value, tag)
    if scalar is not None:
        return scalar
    if isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            rendered = _scalar(key, tag)
            if rendered is None:
                raise AnsibleFilterError('to_unsafe_yaml: a dictionary key must be a string, boolean, number or null, not %s'
                                         % type(key).__name__)
            if len(rendered) > SIMPLE_KEY_LIMIT:
                rendered = '? ' + rendered
            items.append('%s: %s' % (rendered, render(item, tag)))
        return '{%s}' % ', '.join(items)
    if isinstance(value, (list, tuple)):
        return '[%s]' % ', '.join(render(item, tag) for item in value)
    raise AnsibleFilterError('to_unsafe_yaml: cannot write a value of type %s; give a string, boolean, number, null, '
                             'list or dictionary' % type(value).__name__)


def to_unsafe_yaml(value, tag=True):
    if not isinstance(tag, bool):
        raise AnsibleFilterError('to_unsafe_yaml: tag must be true or false, not %r' % (tag,))
    return render(value, tag)


class FilterModule:
    """plivo.messaging.to_unsafe_yaml"""

    def filters(self):
        return {'to_unsafe_yaml': to_unsafe_yaml}
