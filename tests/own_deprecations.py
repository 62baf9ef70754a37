# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The deprecations of plivo.messaging in what ansible-playbook printed.

The demo, the examples and the integration targets run without them: they use the current
option names, and the tests that run them treat one of the collection's own deprecations as
an error (``own_deprecations`` finds them; the ``run_playbook`` fixture fails on them with
``deprecations_are_errors=True``). Only the unit tests that prove a deprecated alias still
works, and warns, use one.

Ansible shows a deprecation two ways, and both are looked for:

* the ``[DEPRECATION WARNING]: ...`` lines of the default callback (ansible-core 2.17 and 2.18
  wrap them over several lines), which name the collection (``This feature will be removed
  from collection 'plivo.messaging' version 2.0.0.``);
* a task result printed whole (``-v``, a ``debug`` of a registered result), whose
  ``deprecations`` list names it as ``collection_name``.

ansible-core's own deprecations, which name no collection, are not the collection's to fix.
"""

from __future__ import annotations

import re

COLLECTION = 'plivo.messaging'
# ansible-playbook must show deprecations for them to be found: set in the environment of every run
# that looks for them (the default, unless an ansible.cfg or the caller's environment turns it off).
ENVIRONMENT = {'ANSIBLE_DEPRECATION_WARNINGS': 'true'}

_HEADER = '[DEPRECATION WARNING]:'
# A line that is not the continuation of a wrapped warning: a blank line, another bracketed header
# ([WARNING]: ...), or one of the default callback's own lines.
_NOT_CONTINUED = re.compile(r'(?:\[|TASK \[|PLAY |RUNNING HANDLER|(?:ok|changed|fatal|failed|skipping|included): |\S+\s+: ok=\d)')
# A deprecation of a printed task result (JSON, or Python's repr in some messages).
_RESULT = re.compile(r'''["']collection_name["']:\s*["']%s["']''' % re.escape(COLLECTION))


def own_deprecations(output):
    """Each deprecation of plivo.messaging in ``output``, as one line of text each (empty: none)."""
    found = []
    lines = output.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith(_HEADER):
            continue
        text = [line]
        for following in lines[index + 1:]:
            if not following.strip() or _NOT_CONTINUED.match(following):
                break
            text.append(following.strip())
        message = ' '.join(text)
        if COLLECTION in message:
            found.append(message)
    for match in _RESULT.finditer(output):
        excerpt = ' '.join(output[max(match.start() - 200, 0):match.end() + 200].split())
        found.append("a task result's deprecations name %s: ...%s..." % (COLLECTION, excerpt))
    return found


def problem(output, what):
    """A message naming the deprecations of plivo.messaging that ``what`` (a playbook run) printed, or None."""
    found = own_deprecations(output)
    if not found:
        return None
    return ('%s printed %d deprecation(s) of %s; use the current option names (see the module docs):\n%s'
            % (what, len(found), COLLECTION, '\n'.join(found)))
