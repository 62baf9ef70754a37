# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

try:
    from ansible.module_utils import _internal
    from ansible.module_utils._internal import _traceback
except ImportError:  # ansible-core before 2.19 has no controller switch in module_utils
    _internal = _traceback = None

from ansible_collections.plivo.messaging.tests.unit.plugins.local_server import fast_backoff, server  # noqa: F401  pylint: disable=unused-import
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import http  # noqa: F401  pylint: disable=unused-import


@pytest.fixture(autouse=True)
def _module_side(request, monkeypatch):
    """Module code runs as a module does: in a process without Ansible's controller.

    Importing controller code (the filter plugins' tests load files and template them) sets
    ``ansible.module_utils._internal.is_controller`` for the whole process, and from then on
    AnsibleModule's warnings and deprecations go to the controller's display instead of the
    module's result; the display also takes over the choice of when a result carries a
    traceback. The module tests of the same pytest worker must not see either."""
    if _internal is not None and request.path.parent.name != "filter":
        monkeypatch.setattr(_internal, "is_controller", False)
        monkeypatch.setattr(_traceback, "_is_traceback_enabled", _traceback._is_module_traceback_enabled)
