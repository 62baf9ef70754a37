# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.plivo.messaging.tests.unit.plugins.local_server import fast_backoff, server  # noqa: F401  pylint: disable=unused-import
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import http  # noqa: F401  pylint: disable=unused-import
