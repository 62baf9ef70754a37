# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Load YAML the way Ansible loads a host_vars file, and ask what Ansible would template.

- load_vars_file(path): DataLoader.load_from_file as the host_group_vars plugin calls it (on
  ansible-core 2.19, ``trusted_as_template=True``: every string is a template unless tagged
  !unsafe; before 2.19 the !unsafe strings come back as AnsibleUnsafe).
- is_trusted(value): whether Ansible would treat the string as a template
  (``ansible.template.is_trusted_as_template`` on 2.19; not an AnsibleUnsafe before).
- template(value): what a Templar makes of the value, as when a play uses the variable;
  render(expression, variables): a template of the test's own, with those variables.
"""

from __future__ import annotations

import inspect

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

try:
    from ansible.template import is_trusted_as_template as _is_trusted, trust_as_template as _trust
except ImportError:  # ansible-core < 2.19: !unsafe makes an AnsibleUnsafe string
    from ansible.utils.unsafe_proxy import AnsibleUnsafe

    def _is_trusted(value):
        return isinstance(value, str) and not isinstance(value, AnsibleUnsafe)

    _trust = None

# ansible-core 2.19 and later: trust is a tag on each string, and !unsafe scalars are resolved as plain ones.
DATA_TAGGING = _trust is not None


def load_vars_file(path):
    loader = DataLoader()
    if 'trusted_as_template' in inspect.signature(loader.load_from_file).parameters:
        return loader.load_from_file(str(path), cache='none', unsafe=True, trusted_as_template=True)
    return loader.load_from_file(str(path), unsafe=True)


def is_trusted(value):
    return _is_trusted(value)


def template(value, variables=None):
    """What a Templar makes of value (loaded data: only what the load trusted is a template)."""
    return Templar(loader=DataLoader(), variables=variables or {}).template(value)


def render(expression, variables):
    """A template the test itself writes (so trusted, as a playbook's are) rendered with these variables."""
    if _trust is not None:
        expression = _trust(expression)
    return template(expression, variables)


def strings(value, keys=True):
    """Every string in value, dictionary keys included unless keys is false."""
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in (strings(key) if keys else []) + strings(item, keys)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in strings(item, keys)]
    return [value] if isinstance(value, str) else []
