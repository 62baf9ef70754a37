# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check mode predicts failures and purchases (issue 21), through real ansible-playbook
against the emulator.

FAILURES: every way a number can keep a pool write from succeeding, for powerpack_number,
powerpack_pool, powerpack_bulk and the role. All cases are tasks of ONE generated playbook,
run once with --check and once for real (each case registers its result, the role's through
a rescue); every case must fail in both runs with the same message, which holds the expected
text, and neither run may send one write to the emulator.

Rents: a --check --diff run names each number to rent as rented in the diff and in
``rented``, and the real run then rents exactly those.
"""

from __future__ import annotations

import json
import os

import pytest
import requests

from emulator.process import EmulatorProcess

# Kept in step with conftest.py, which cannot be imported by name (tests/conftest.py exists too).
CONFIG_ENV = "PLIVO_INTEGRATION_CONFIG"
MAIN_AUTH_ID = "MAINTEGRATION0000000"
MAIN_AUTH_TOKEN = "tok-NEVER-PRINT-9f4e2c71"

pytestmark = pytest.mark.skipif(bool(os.environ.get(CONFIG_ENV, "").strip()),
                                reason="%s is set: running against a real Plivo API, and this test needs the emulator" % CONFIG_ENV)

NUM = "plivo.messaging.powerpack_number"
POOL = "plivo.messaging.powerpack_pool"
BULK = "plivo.messaging.powerpack_bulk"
ROLE = "plivo.messaging.powerpacks"

TARGET = "cm-alerts"
HOLDER = "cm-promo"
NOT_RENTED = "14155550170"
LONG_NO_MMS = "14155550171"
TOLLFREE = "18005550172"
HELD = "14155550173"
TO_BUY = ["14155550180", "14155550181", "14155550182"]

# (what goes wrong, the declared sender, the text every failure message must hold)
PROBLEMS = [
    ("not-rented", {"number": NOT_RENTED},
     "%s is not rented by this account, so it cannot join the pool; set rent: true to rent it" % NOT_RENTED),
    ("toll-free-declared-long-code", {"number": TOLLFREE},
     "%s is a toll-free number in this account (number_type tollfree), not a long code; declare it with type: tollfree" % TOLLFREE),
    ("long-code-declared-toll-free", {"number": LONG_NO_MMS, "type": "tollfree"},
     "%s is a long code in this account (number_type local), not a toll-free number; declare it with type: longcode" % LONG_NO_MMS),
    ("mms-not-enabled", {"number": LONG_NO_MMS, "service": "mms"},
     "%s is not MMS-enabled in this account (mms_enabled: false), so it cannot serve mms in the pool" % LONG_NO_MMS),
    ("held-by-another-pool", {"number": "+" + HELD},
     '%s is in the number pool of powerpack "%s" [' % (HELD, HOLDER)),
]
TWO_POOLS = ("same-number-in-two-pools", [{"name": "cm-one", "senders": [{"number": HELD}]},
                                          {"name": "cm-two", "senders": [{"number": "+" + HELD}]}],
             "number %s is also declared in the pool of" % HELD)


def _cases():
    """(case id, module or ROLE, arguments, expected text): each problem through each way in."""
    cases = []
    for problem, sender, text in PROBLEMS:
        declared = [{"name": "cm-new"}, {"name": TARGET, "senders": [sender]}]
        cases += [
            ("%s-number" % problem, NUM, dict(sender, powerpack_name=TARGET), text),
            ("%s-pool" % problem, POOL, {"powerpack_name": TARGET, "senders": [{"number": "14155550179"}, sender]}, text),
            ("%s-bulk" % problem, BULK, {"powerpacks": declared}, text),
            ("%s-role" % problem, ROLE, {"plivo_powerpacks": declared}, text),
        ]
    problem, declared, text = TWO_POOLS
    return cases + [("%s-bulk" % problem, BULK, {"powerpacks": declared}, text),
                    ("%s-role" % problem, ROLE, {"plivo_powerpacks": declared}, text)]


CASES = _cases()


def _playbook(results_path):
    """One task per case, each registered; the role's failure through a rescue."""
    tasks = []
    for index, (case, module, args, _text) in enumerate(CASES):
        if module == ROLE:
            tasks.append({"name": "Case %s" % case, "block": [
                {"name": "Include the role", "ansible.builtin.include_role": {"name": ROLE}, "vars": args}],
                "rescue": [{"name": "Keep the failure", "ansible.builtin.set_fact": {"r_%d" % index: "{{ ansible_failed_result }}"}}]})
        else:
            tasks.append({"name": "Case %s" % case, module: args, "register": "r_%d" % index, "ignore_errors": True})
    collected = "{{ {%s} | to_json }}" % ", ".join("'%s': r_%d | default({})" % (case, index) for index, (case, *_rest) in enumerate(CASES))
    tasks.append({"name": "Write the results", "ansible.builtin.copy": {"content": collected, "dest": str(results_path), "mode": "0600"},
                  "check_mode": False})
    play = {"name": "Check mode predicts failures", "hosts": "localhost", "gather_facts": False,
            "module_defaults": {"group/plivo.messaging.plivo": {
                "auth_id": "{{ plivo_auth_id }}", "auth_token": "{{ plivo_auth_token }}", "api_url": "{{ plivo_api_url }}"}},
            "tasks": tasks}
    return json.dumps([play], indent=1)


def _seed(emulator, admin):
    """The account: TARGET with an empty pool, HOLDER whose pool holds HELD, and the numbers the cases name."""
    admin(emulator.url, "POST", "/_emulator/accounts/%s/numbers" % MAIN_AUTH_ID, {"numbers": [
        {"number": LONG_NO_MMS, "type": "fixed", "mms_enabled": False},
        {"number": TOLLFREE, "type": "tollfree"},
        {"number": HELD, "type": "fixed"},
        {"number": "14155550179", "type": "fixed"},
    ]})
    seeded = admin(emulator.url, "POST", "/_emulator/accounts/%s/powerpacks" % MAIN_AUTH_ID,
                   {"powerpacks": [{"name": TARGET}, {"name": HOLDER}]})["objects"]
    holder = next(obj for obj in seeded if obj["name"] == HOLDER)
    # Only the API puts a number into a pool: through it, before the runs under test are logged.
    answer = requests.post(emulator.url + holder["number_pool"] + "Number/%s/" % HELD, json={"service": "sms"},
                           auth=(MAIN_AUTH_ID, MAIN_AUTH_TOKEN), timeout=30)
    assert answer.status_code == 200, answer.text


def _writes(emulator, admin, since):
    entries = admin(emulator.url, "GET", "/_emulator/requests?since=%d" % since)["requests"]
    return [(entry["method"], entry["path"]) for entry in entries if entry["method"] != "GET"]


def _last_seq(emulator, admin):
    return max((entry["seq"] for entry in admin(emulator.url, "GET", "/_emulator/requests")["requests"]), default=0)


def _vars(emulator):
    return {"plivo_auth_id": MAIN_AUTH_ID, "plivo_auth_token": MAIN_AUTH_TOKEN, "plivo_api_url": emulator.url}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, module_run_playbook, emulator_admin):
    """{"check": results, "real": results} of the one playbook, and the writes each run sent."""
    workdir = tmp_path_factory.mktemp("check-mode-predicts")
    emulator = EmulatorProcess({MAIN_AUTH_ID: MAIN_AUTH_TOKEN}, str(workdir / "emulator.stderr")).start()
    try:
        _seed(emulator, emulator_admin)
        found = {}
        for label, flags in (("check", ("--check", "--diff")), ("real", ("--diff",))):
            since = _last_seq(emulator, emulator_admin)
            results_path = workdir / ("%s.json" % label)
            result = module_run_playbook(_playbook(results_path), _vars(emulator), *flags)
            assert result.rc == 0, result.report()
            assert MAIN_AUTH_TOKEN not in result.output
            assert "Traceback" not in result.output, result.report()
            found[label] = (json.loads(results_path.read_text(encoding="utf-8")), _writes(emulator, emulator_admin, since))
        return found
    finally:
        emulator.stop()


@pytest.mark.parametrize("case, module, args, text", CASES, ids=[case[0] for case in CASES])
def test_the_failure_is_the_same_in_check_mode_and_for_real(runs, case, module, args, text):
    check, real = runs["check"][0][case], runs["real"][0][case]
    for label, result in (("check", check), ("real", real)):
        assert result.get("failed") is True, "%s run of %s did not fail: %r" % (label, case, result)
        assert text in result["msg"], "%s run of %s: %s" % (label, case, result["msg"])
        assert result.get("changed") is not True
    assert check["msg"] == real["msg"]


@pytest.mark.parametrize("label", ["check", "real"])
def test_no_case_sends_a_write(runs, label):
    assert runs[label][1] == []


def test_a_rent_is_named_in_check_mode_and_the_real_run_rents_just_those(emulator_factory, emulator_admin, run_playbook, tmp_path):
    emulator = emulator_factory()
    emulator_admin(emulator.url, "POST", "/_emulator/accounts/%s/powerpacks" % MAIN_AUTH_ID, {"powerpacks": [{"name": TARGET}]})
    playbook = """\
- name: Rent numbers
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/plivo.messaging.plivo: {auth_id: "{{ plivo_auth_id }}", auth_token: "{{ plivo_auth_token }}", api_url: "{{ plivo_api_url }}"}
  tasks:
    - name: Rent one number with powerpack_number
      plivo.messaging.powerpack_number: {powerpack_name: %(target)s, number: "%(one)s", rent: true}
      register: number
    - name: Rent another with the role, and declare one the account rents with rent too
      ansible.builtin.include_role:
        name: plivo.messaging.powerpacks
      vars:
        plivo_powerpacks:
          - name: %(target)s
            senders: [{number: "%(two)s", rent: true}, {number: "%(three)s", rent: true}]
    - name: Keep the results
      ansible.builtin.copy:
        content: "{{ {'number': number.rented, 'role': plivo_powerpacks_result.rented} | to_json }}"
        dest: "{{ results }}"
        mode: "0600"
      check_mode: false
""" % {"target": TARGET, "one": TO_BUY[0], "two": TO_BUY[1], "three": TO_BUY[2]}
    # The third number is rented by the account already: declared with rent, it is not bought.
    emulator_admin(emulator.url, "POST", "/_emulator/accounts/%s/numbers" % MAIN_AUTH_ID,
                   {"numbers": [{"number": TO_BUY[2], "type": "fixed"}]})
    found = {}
    for label, flags in (("check", ("--check", "--diff")), ("real", ("--diff",))):
        results = tmp_path / ("%s.json" % label)
        result = run_playbook(playbook, dict(_vars(emulator), results=str(results)), *flags)
        assert result.rc == 0, result.report()
        found[label] = (json.loads(results.read_text(encoding="utf-8")), result.stdout)
    (check, check_out), (real, real_out) = found["check"], found["real"]
    assert check == real == {"number": [TO_BUY[0]], "role": [TO_BUY[1]]}
    # The diff of the check run names each number bought as rented.
    for number in TO_BUY[:2]:
        at = check_out.index('"%s": {' % number)
        assert '"rented": true' in check_out[at:at + 200], check_out
    assert '"rented": [\n' in check_out and '"%s"' % TO_BUY[1] in check_out
    # The role says what it bought.
    assert "TASK [plivo.messaging.powerpacks : Show the numbers bought]" in real_out
    numbers = emulator_admin(emulator.url, "GET", "/_emulator/accounts/%s/numbers" % MAIN_AUTH_ID)["numbers"]
    assert sorted(record["number"] for record in numbers) == sorted(TO_BUY)
