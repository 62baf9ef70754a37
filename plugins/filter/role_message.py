# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: role_message
short_description: Say a module's failure message in the variable names of the role that ran the module
version_added: 1.3.0
author:
  - Plivo messaging collection contributors (@plivo-community)
description:
  - Rewrites the C(msg) of a failed plivo.messaging module so that it names the role variables a user sets instead of
    the module options the role passes them to, for example C(plivo_powerpacks[3].senders[0].number must be ...) for
    C(powerpacks[3].senders[0].number must be ...), or C(plivo_auth_id) for C(auth_id) in Ansible's C(missing required
    arguments). The role P(plivo.messaging.powerpacks#role) reports its failures with it.
  - Only whole option names are renamed, where a message names an option, never a word of the text around them.
    A message is a list of problems separated by C(; ). An option is renamed where it starts a problem
    (C(rate_limit must be ...), C(auth_id and auth_token must be ...), C(purge=true ...)) or advice to set it
    (C(set auth_token, PLIVO_AUTH_TOKEN, ...)), where it is a list option followed by an index anywhere in a problem
    (C(... is already declared by powerpacks[1])), and where Ansible's argument validation names it
    (C(argument 'timeout' is of type ...), the list of C(missing required arguments), the first option of
    C(found in powerpacks -> senders), the C(powerpacks.weight) of C(Unsupported parameters)).
  - An API error (a problem that starts with C(Plivo API)) and everything after it are left as they are, except
    that with O(api_error), the API's own text, the module's words around that text (the request, the advice such
    as C(check auth_id and auth_token) or C(raise timeout if the API is slow)) have every option renamed where it
    stands as a word. The API's text itself, and any other API error whose text is not O(api_error), are never
    changed.
  - Nothing is unescaped, and the names of O(names) that the message does not use change nothing.
positional: _input
options:
  _input:
    description:
      - The message, the C(msg) of the failed module's result.
    type: str
    required: true
  names:
    description:
      - The variable to name for each top-level module option, a dictionary such as the one that maps C(powerpacks)
        to V(plivo_powerpacks).
        Suboptions keep their names after the renamed option (C(plivo_powerpacks[3].senders)).
      - An option left out keeps its name.
    type: dict
    required: true
  api_error:
    description:
      - The C(api_error) of the failed module's result, the API's own text of the API error in the message, if any.
      - Without it, nothing of an API error is renamed.
    type: str
seealso:
  - module: plivo.messaging.powerpack_bulk
"""

EXAMPLES = r"""
- name: Converge the declared powerpacks
  plivo.messaging.powerpack_bulk:
    powerpacks: "{{ plivo_powerpacks }}"
  register: converged
  # Reported by the next task, in the role's variable names.
  failed_when: false

- name: Fail in the role's variable names
  ansible.builtin.fail:
    msg: >-
      {{ converged.msg | plivo.messaging.role_message({'powerpacks': 'plivo_powerpacks', 'auth_id': 'plivo_auth_id',
                                                        'auth_token': 'plivo_auth_token'}, api_error=converged.api_error | default(none)) }}
  when: converged.msg is defined
  # "powerpacks[1].senders[0].number must be an E.164 number ...; got '12'" becomes
  # "plivo_powerpacks[1].senders[0].number must be an E.164 number ...; got '12'", and
  # "Plivo API returned HTTP 401 for GET ...: authentication failed; check auth_id and auth_token (...)" becomes
  # "Plivo API returned HTTP 401 for GET ...: authentication failed; check plivo_auth_id and plivo_auth_token (...)"
"""

RETURN = r"""
_value:
  description: The message with the options renamed, otherwise exactly as given.
  type: string
  sample: "plivo_rate_limit must be 1 or more requests per 5 seconds; got 0"
"""

import re
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

SEPARATOR = '; '
# How the message of a PlivoApiError starts, the API's own text (the result's api_error) after it.
API_ERROR = 'Plivo API '
_API_HEADER = re.compile(r'Plivo API (?:returned HTTP \S+ for \S+ \S+|request \S+ \S+ failed): ')

# How Ansible's argument validation (ansible.module_utils.common.parameters and validation) starts a message.
# "found in" names the option a suboption belongs to: quoted, before the details, or unquoted, at the end.
_ANSIBLE = ("argument '", "Elements value for option '", 'Invalid type ', 'value of ', 'internal error: choices ',
            'parameters are mutually exclusive: ', 'one of the following is required: ',
            'parameters are required together: ', "missing parameter(s) required by '", 'missing required arguments: ',
            'Unsupported parameters for (')
_CONTEXT = ' found in '
# Where those messages name an option of the module itself (there is no "found in").
_QUOTED = ("argument '", "Elements value for option '", "missing parameter(s) required by '")
_LISTED = re.compile(r"^(?:parameters are mutually exclusive|one of the following is required|parameters are required "
                     r"together|missing parameter\(s\) required by '[^']*'|missing required arguments"
                     r"|Unsupported parameters for \(.*?\) module): (.*?)(?:\. Supported parameters include: .*)?$")


class _Renamer:
    """The rules of role_message for one set of names."""

    def __init__(self, names):
        self.names = dict(names)
        name = '(?:%s)' % '|'.join(re.escape(option) for option in sorted(names, key=len, reverse=True))
        # A problem that starts with options, or with advice to set them: "rate_limit must ...",
        # "auth_id and auth_token must ...", "powerpacks[3].senders[0].number ...", "purge=true ...",
        # "set auth_id and auth_token as options ...".
        self.leading = re.compile(r'^(?:set )?(?:%s and )*%s(?=[\[=, ]|$)' % (name, name))
        # A list option with an index, anywhere: "... is already declared by powerpacks[1]" (not inside a word,
        # a path or a quoted value).
        self.indexed = re.compile(r'''(?<![\w.'"])%s(?=\[\d+\])''' % name)
        self.word = re.compile(r'(?<![\w.])%s(?!\w)' % name)
        self.quoted_context = re.compile(r"^(.*?%s')(%s)(?='| -> )" % (_CONTEXT, name))
        self.context = re.compile(r'(%s)(%s)((?: -> [\w.]+)*)$' % (_CONTEXT, name))
        self.quoted = re.compile(r"^(%s)(%s)(?=')" % ('|'.join(re.escape(start) for start in _QUOTED), name))
        self.value_of = re.compile(r'^(value of )(%s)(?= must be )' % name)

    def words(self, text):
        """``text`` with every option that stands as a word renamed."""
        return self.word.sub(lambda found: self.names[found.group()], text)

    def rename(self, match):
        return self.words(match.group())

    def renamed(self, found):
        """The match with its second group, an option, renamed."""
        return found.group(1) + self.names[found.group(2)] + found.string[found.end(2):found.end()]

    def problem(self, text):
        if text.startswith(_ANSIBLE):
            return self.ansible(text)
        return self.indexed.sub(self.rename, self.leading.sub(self.rename, text, count=1))

    def ansible(self, text):
        if _CONTEXT in text:
            # The names before it are suboptions of the option it names first.
            text, count = self.quoted_context.subn(self.renamed, text, count=1)
            return text if count else self.context.sub(self.renamed, text, count=1)
        text = self.quoted.sub(self.renamed, text, count=1)
        text = self.value_of.sub(self.renamed, text, count=1)
        listed = _LISTED.match(text)
        if listed:
            start, end = listed.span(1)
            text = text[:start] + self.words(text[start:end]) + text[end:]
        return text

    def api(self, text, api_error):
        """The API errors at the end of a message: the API's own text as it is, the module's words around it
        (the request, the attempts, the advice such as "check auth_id and auth_token") with the options renamed.
        From an API error whose text is not ``api_error`` on (or any, without it), everything is left as it is."""
        done, position = [], 0
        while position < len(text):
            header = _API_HEADER.match(text, position)
            if api_error is None or header is None or not text.startswith(api_error, header.end()):
                done.append(text[position:])
                break
            done.append(self.words(header.group()))
            position = header.end() + len(api_error)
            done.append(api_error)
            following = text.find(SEPARATOR + API_ERROR, position)
            end = len(text) if following < 0 else following + len(SEPARATOR)
            done.append(self.words(text[position:end]))
            position = end
        return ''.join(done)


def role_message(message, names, api_error=None):
    if not isinstance(message, str):
        raise AnsibleFilterError('role_message: the message must be a string, not %s' % type(message).__name__)
    if not isinstance(names, Mapping) or not all(isinstance(key, str) and isinstance(value, str) and key and value
                                                 for key, value in names.items()):
        raise AnsibleFilterError('role_message: names must map each module option to a role variable, both non-empty '
                                 'strings, such as {"powerpacks": "plivo_powerpacks"}; got %r' % (names,))
    if api_error is not None and not isinstance(api_error, str):
        raise AnsibleFilterError('role_message: api_error must be a string or null, not %s' % type(api_error).__name__)
    if not names:
        return message
    renamer = _Renamer(names)
    problems = message.split(SEPARATOR)
    api = next((index for index, problem in enumerate(problems) if problem.startswith(API_ERROR)), len(problems))
    renamed = [renamer.problem(problem) for problem in problems[:api]]
    if api < len(problems):
        renamed.append(renamer.api(SEPARATOR.join(problems[api:]), api_error))
    return SEPARATOR.join(renamed)


class FilterModule:
    """plivo.messaging.role_message"""

    def filters(self):
        return {'role_message': role_message}
