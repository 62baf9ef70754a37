# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the role plivo.messaging.powerpacks prints: its summary unless
plivo_powerpacks_show_summary is false, and with --diff one headed diff per powerpack; the numbers
bought and given up, counted in the summary."""

from __future__ import annotations

import pytest

# The emulator's main account, kept in step with conftest.py, which cannot be imported by name
# (tests/conftest.py exists too).
MAIN_AUTH_ID = "MAINTEGRATION0000000"
MAIN_AUTH_TOKEN = "tok-NEVER-PRINT-9f4e2c71"

PLAYBOOK = """\
- name: Role output
  hosts: localhost
  gather_facts: false
  roles:
    - role: plivo.messaging.powerpacks
"""


def _vars(emulator, **extra):
    return dict({"plivo_auth_id": MAIN_AUTH_ID, "plivo_auth_token": MAIN_AUTH_TOKEN, "plivo_api_url": emulator.url,
                 "plivo_powerpacks": [{"name": "out-alerts", "sticky_sender": True}, {"name": "out-promo"}]}, **extra)


@pytest.mark.parametrize("show", [True, False])
def test_the_summary_is_printed_unless_turned_off_and_the_fact_is_set_either_way(emulator_factory, run_playbook, show):
    emulator = emulator_factory()
    playbook = PLAYBOOK + """\
  post_tasks:
    - name: Check the summary fact
      ansible.builtin.assert:
        that:
          - plivo_powerpacks_summary.created == ['out-alerts', 'out-promo']
"""
    result = run_playbook(playbook, _vars(emulator, plivo_powerpacks_show_summary=show))
    assert result.rc == 0, result.report()
    assert ('"plivo_powerpacks_summary": {' in result.stdout) is show, result.stdout
    assert ("TASK [plivo.messaging.powerpacks : Show what changed]" in result.stdout) is True
    assert MAIN_AUTH_TOKEN not in result.output


def test_diff_shows_one_headed_entry_per_powerpack(emulator_factory, run_playbook):
    emulator = emulator_factory()
    result = run_playbook(PLAYBOOK, _vars(emulator), "--diff", "--check")
    assert result.rc == 0, result.report()
    # Each powerpack's lines come after its own header, never mixed with another's.
    alerts, promo = result.stdout.index('powerpack "out-alerts" [new]'), result.stdout.index('powerpack "out-promo" [new]')
    assert alerts < promo
    assert '"sticky_sender": true' in result.stdout[alerts:promo]
    assert '"sticky_sender"' not in result.stdout[promo:]


def test_the_summary_counts_the_numbers_bought_and_given_up_and_the_role_shows_them(emulator_factory, run_playbook):
    emulator = emulator_factory()
    number = "14155550190"
    playbook = PLAYBOOK + """\
  post_tasks:
    - name: Keep the summary
      ansible.builtin.debug:
        msg: "SUMMARY {{ plivo_powerpacks_summary.rents }} {{ plivo_powerpacks_summary.unrents }}"
"""
    declared = {"name": "out-pool", "senders": [{"number": number, "rent": True}]}
    bought = run_playbook(playbook, _vars(emulator, plivo_powerpacks=[declared]))
    assert bought.rc == 0, bought.report()
    assert "SUMMARY 1 0" in bought.stdout, bought.stdout
    assert "Rented, bought by the account: %s" % number in bought.stdout
    assert "Unrented, no longer rented by the account" not in bought.stdout
    given_up = run_playbook(playbook, _vars(emulator, plivo_powerpacks=[
        {"name": "out-pool", "senders": [], "purge_senders": True, "unrent_purged": True}]))
    assert given_up.rc == 0, given_up.report()
    assert "SUMMARY 0 1" in given_up.stdout, given_up.stdout
    assert "Unrented, no longer rented by the account: %s" % number in given_up.stdout
    assert "Rented, bought by the account" not in given_up.stdout
