# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the emulator's tests. Each test file defines its own ``emu`` (the running
EmulatorServer); ``admin`` calls that server's /_emulator/ endpoints."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.tests.unit.emulator.emulator_support import plain_session


@pytest.fixture
def admin(emu):
    session = plain_session()

    def call(method, path, **kwargs):
        return session.request(method, emu.url + "/_emulator/" + path, timeout=10, **kwargs)
    return call
