# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the emulator's test files share: the emulator loaded as a module, two test
accounts, and the checks every error answer must pass."""

from __future__ import annotations

import importlib.util
import os
import uuid

import requests

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EMULATOR_SCRIPT = os.path.join(REPO_ROOT, "tests", "emulator", "plivo_emulator.py")

ID_A, TOKEN_A = "MAAAAAAAAAAAAAAAAAAA", "token-a-5ecret-value"
ID_B, TOKEN_B = "SABBBBBBBBBBBBBBBBBB", "token-b-5ecret-value"


def _load_emulator_module():
    # The emulator is a standalone script, not a package module: load it by path.
    spec = importlib.util.spec_from_file_location("plivo_emulator_under_test", EMULATOR_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


emulator = _load_emulator_module()


def is_uuid4(value):
    try:
        return uuid.UUID(value).version == 4 and str(uuid.UUID(value)) == value
    except (TypeError, ValueError):
        return False


def assert_error(response, status, text=None):
    """Every error except the no-credentials 401 is {"api_id": uuid4, "error": text}."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"api_id", "error"}
    assert is_uuid4(body["api_id"])
    assert isinstance(body["error"], str) and body["error"]
    if text is not None:
        assert text in body["error"], body["error"]
    return body


def plain_session():
    session = requests.Session()
    session.trust_env = False  # never route 127.0.0.1 through a proxy
    return session
