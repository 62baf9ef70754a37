# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-doc renders every module completely: each option and return value described,
examples present. (ansible-test sanity's validate-modules checks the schema; this checks
what a user actually sees.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py"))


def _ansible_doc(collections_path, *args):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path), ANSIBLE_NOCOLOR="1")
    proc = subprocess.run([str(Path(sys.executable).parent / "ansible-doc"), *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    return proc.stdout


def _described(options, where):
    for name, spec in (options or {}).items():
        assert spec.get("description"), "%s.%s has no description" % (where, name)
        _described(spec.get("suboptions") or spec.get("contains"), "%s.%s" % (where, name))


@pytest.mark.parametrize("module", MODULES)
def test_module_docs_are_complete(collections_path, module):
    fqcn = "plivo.messaging." + module
    doc = json.loads(_ansible_doc(collections_path, "--json", fqcn))[fqcn]
    assert doc["doc"]["short_description"] and doc["doc"]["description"]
    for option in ("auth_id", "auth_token", "api_url", "validate_certs", "timeout"):
        assert option in doc["doc"]["options"], option
    _described(doc["doc"]["options"], module)
    _described(doc["return"], module)
    assert doc["examples"].strip()
    assert doc["doc"]["attributes"]["action_group"]["membership"] == ["plivo.messaging.plivo"]
    assert "Examples" in _ansible_doc(collections_path, fqcn) or "EXAMPLES" in _ansible_doc(collections_path, fqcn)
