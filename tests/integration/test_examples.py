# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module's EXAMPLES, run as written with ansible-playbook against the emulator:
the examples users copy must work, without a deprecation of the collection (they use the
current option names; tests/own_deprecations.py). So must playbooks/demo.yml."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from own_deprecations import ENVIRONMENT as DEPRECATIONS_SHOWN, problem as deprecation_problem

REPO = Path(__file__).resolve().parents[2]
MODULES = sorted((REPO / "plugins" / "modules").glob("*.py"))
EMULATOR = REPO / "tests" / "emulator" / "plivo_emulator.py"
AUTH_ID = "MAEXAMPLES0000000000"
AUTH_TOKEN = "examples-token-never-shown-51c7"

# What the pool modules' examples assume of the account, set up through the emulator's
# admin endpoints before they run: the powerpack they name, and the numbers it rents.
POOL_EXAMPLES_SETUP = """\
- name: "Setup: the account has the alerts powerpack"
  ansible.builtin.uri:
    url: "{{ lookup('ansible.builtin.env', 'PLIVO_API_URL') }}/_emulator/accounts/%(auth_id)s/powerpacks"
    method: POST
    body_format: json
    body: {powerpacks: [{name: alerts}]}

- name: "Setup: the account rents the numbers the examples use"
  ansible.builtin.uri:
    url: "{{ lookup('ansible.builtin.env', 'PLIVO_API_URL') }}/_emulator/accounts/%(auth_id)s/numbers"
    method: POST
    body_format: json
    body:
      numbers:
        - {number: "14155550100"}
        - {number: "14155550101"}
        - {number: "18005550199", type: tollfree}

""" % {"auth_id": AUTH_ID}
POOL_MODULES = {"powerpack_number", "powerpack_pool", "powerpack_number_info"}


def _examples(module_path):
    tree = ast.parse(module_path.read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets):
            return node.value.value
    raise AssertionError("%s has no EXAMPLES" % module_path)


@pytest.mark.parametrize("module_path", MODULES, ids=[m.stem for m in MODULES])
def test_examples_run_against_the_emulator(module_path, tmp_path, collections_path):
    # Credentials come from the environment the emulator's wrapper mode sets; the
    # variables are there for examples that show module_defaults.
    playbook = tmp_path / "examples.yml"
    playbook.write_text(
        "- name: EXAMPLES of %s\n"
        "  hosts: localhost\n"
        "  gather_facts: false\n"
        "  vars:\n"
        "    plivo_auth_id: \"{{ lookup('ansible.builtin.env', 'PLIVO_AUTH_ID') }}\"\n"
        "    plivo_auth_token: \"{{ lookup('ansible.builtin.env', 'PLIVO_AUTH_TOKEN') }}\"\n"
        "  tasks:\n%s" % (module_path.stem, textwrap.indent(
            (POOL_EXAMPLES_SETUP if module_path.stem in POOL_MODULES else "") + _examples(module_path), "    "))
    )
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_NOCOLOR="1", **DEPRECATIONS_SHOWN)
    ansible_playbook = str(Path(sys.executable).parent / "ansible-playbook")
    proc = subprocess.run(
        [sys.executable, str(EMULATOR), "--port", "0", "--account", "%s:%s" % (AUTH_ID, AUTH_TOKEN), "--",
         ansible_playbook, "-i", "localhost,", "-c", "local", str(playbook)],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "failed=0" in output, output
    assert AUTH_TOKEN not in output
    deprecated = deprecation_problem(output, "the EXAMPLES of %s" % module_path.stem)
    assert deprecated is None, deprecated


def test_demo_playbook_runs_against_the_emulator(tmp_path, collections_path):
    """playbooks/demo.yml (what `make demo` runs) works as written, pool steps included."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path),
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_NOCOLOR="1", ANSIBLE_LOCAL_TEMP=str(tmp_path),
               **DEPRECATIONS_SHOWN)
    ansible_playbook = str(Path(sys.executable).parent / "ansible-playbook")
    proc = subprocess.run(
        [sys.executable, str(EMULATOR), "--port", "0", "--account", "%s:%s" % (AUTH_ID, AUTH_TOKEN), "--",
         ansible_playbook, str(REPO / "playbooks" / "demo.yml")],
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "failed=0" in output and "skipped=0" in output, output
    assert "second run changed=False" in output, output
    assert AUTH_TOKEN not in output
    deprecated = deprecation_problem(output, "playbooks/demo.yml")
    assert deprecated is None, deprecated
