# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the SDK contract test: the emulator in-process, and the official ``plivo``
Python SDK (a development requirement, requirements-dev.txt) pointed at it.

How the SDK is pointed elsewhere: it has no option for its base URL. ``plivo.RestClient``
(``plivo/rest/client.py``) builds every URL from the module constant ``PLIVO_API_BASE_URI``
(``https://api.plivo.com/v1/Account``), and re-reads it into ``client.base_uri`` at the start
of every non-voice request, so setting ``client.base_uri`` alone does not last. The
fixture patches that constant for the test.

Fixtures:
  emu       a running EmulatorServer (default readings) with one main account that owns
            two short codes; ``emu.readings.update({...})`` switches readings
  sdk       a plivo.RestClient for that account, talking to ``emu``
  account   the auth_id of that account
  admin     admin(method, path, body=None): the JSON answer of an emulator admin endpoint;
            also admin.seed_numbers(*numbers), .rented(), .shortcodes(), .link_shortcode(code, pp)
  log       log(since=0): the emulator's request log after seq ``since``
"""

from __future__ import annotations

# Not importorskip: without the SDK this test must fail, not be skipped (make venv installs it).
import plivo
import plivo.rest.client
import pytest

# tests/ is on sys.path (tests/conftest.py): the emulator file imports as emulator.plivo_emulator.
from emulator.plivo_emulator import EmulatorServer
from emulator.process import admin_request

# The SDK checks the form of an auth_id: MA or SA and 20 characters.
AUTH_ID = 'MACONTRACT0000000000'
AUTH_TOKEN = 'contract-test-token'
SHORTCODES = {AUTH_ID: ['444444', {'shortcode': '555555', 'country_iso2': 'CA'}]}


@pytest.fixture
def emu():
    with EmulatorServer({AUTH_ID: AUTH_TOKEN}, shortcodes=SHORTCODES) as server:
        yield server


@pytest.fixture
def sdk(emu, monkeypatch):
    monkeypatch.setattr(plivo.rest.client, 'PLIVO_API_BASE_URI', emu.url + '/v1/Account')
    client = plivo.RestClient(AUTH_ID, AUTH_TOKEN)
    # 127.0.0.1 only: no proxy from the environment may stand in between.
    client.session.trust_env = False
    with client:
        yield client


@pytest.fixture
def account():
    """The auth_id of the emulator account the sdk fixture uses."""
    return AUTH_ID


class Admin:
    """The emulator's admin endpoints for the account (not logged, no authentication)."""

    def __init__(self, url):
        self.url = url

    def __call__(self, method, path, body=None):
        return admin_request(self.url, method, '/_emulator/' + path.lstrip('/'), body, timeout=10)

    def seed_numbers(self, *numbers):
        """The account rents these numbers, in no pool."""
        self('POST', 'accounts/%s/numbers' % AUTH_ID, {'numbers': [{'number': number} for number in numbers]})

    def rented(self):
        """{number: pool uuid or None} of the numbers the account rents."""
        return {record['number']: record['pool'] for record in self('GET', 'accounts/%s/numbers' % AUTH_ID)['numbers']}

    def shortcodes(self):
        """{code: pool uuid or None} of the short codes the account owns."""
        return {record['shortcode']: record['pool'] for record in self('GET', 'accounts/%s/numbers' % AUTH_ID)['shortcodes']}

    def link_shortcode(self, code, powerpack):
        """Link an owned short code into a powerpack's pool (by uuid or name), as Plivo's support does."""
        return self('POST', 'accounts/%s/shortcodes/%s/link' % (AUTH_ID, code), {'powerpack': powerpack})


@pytest.fixture
def admin(emu):
    return Admin(emu.url)


@pytest.fixture
def log(emu):
    def entries(since=0):
        return [entry for entry in emu.requests_log if entry['seq'] > since]
    return entries
