# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's own client and convergers against the emulator in each reading of what
the recorded answers leave open: whatever the API does there, a second run writes nothing."""

from __future__ import annotations

import sys

import pytest

# tests/ is on sys.path (tests/conftest.py); the collection imports through its ansible_collections tree.
from collection_tree import build_collection_tree

if build_collection_tree() not in sys.path:
    sys.path.insert(0, build_collection_tree())

from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoClient  # noqa: E402
from ansible_collections.plivo.messaging.plugins.module_utils.pool_converge import PoolConverger  # noqa: E402
from ansible_collections.plivo.messaging.plugins.module_utils.powerpack_converge import PowerpackConverger  # noqa: E402

AUTH_ID = "MACONTRACT0000000000"
AUTH_TOKEN = "contract-test-token"

US_SMS = {"country_iso": "US", "service_type": "SMS",
          "priority": {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}}


def _item(**fields):
    item = {"name": "readings", "uuid": None, "state": "present", "sticky_sender": None, "local_connect": None,
            "application_type": None, "application_id": None, "number_priority": None, "unrent_numbers": False}
    item.update(fields)
    return item


def _writes(log, since):
    return [entry for entry in log(since) if entry["method"] in ("POST", "DELETE")]


@pytest.mark.parametrize("fill", [False, True], ids=["no-defaults", "defaults-filled"])
@pytest.mark.parametrize("declared", [[US_SMS], [], None], ids=["one-entry", "none", "not-managed"])
def test_defaults_the_api_may_fill_on_create_are_never_a_perpetual_change(emu, log, fill, declared):
    emu.readings.update({"fill_default_priorities": fill})
    converger = PowerpackConverger(PlivoClient(emu.url, AUTH_ID, AUTH_TOKEN), check_mode=False)
    first = converger.converge(_item(number_priority=declared))
    assert first.changed is True and first.action == "created"
    since = max((entry["seq"] for entry in log()), default=0)
    second = converger.converge(_item(number_priority=declared))
    assert second.changed is False and _writes(log, since) == []
    if declared is not None:
        assert second.state["number_priority"] == declared


@pytest.mark.parametrize("reading", ["sms", "both"])
@pytest.mark.parametrize("service", ["sms", "mms"])
def test_a_number_is_found_whichever_service_the_single_read_finds(emu, admin, log, reading, service):
    emu.readings.update({"single_get_service": reading})
    client = PlivoClient(emu.url, AUTH_ID, AUTH_TOKEN)
    created = PowerpackConverger(client, check_mode=False).converge(_item())
    admin.seed_numbers("14155550100")
    ref = {"powerpack_uuid": created.state["uuid"], "powerpack_name": None}
    sender = {"number": "14155550100", "type": "longcode", "service": service, "rent": False}
    pools = PoolConverger(client, check_mode=False)
    assert pools.converge(ref, [sender], read_one=True).changed is True
    since = max((entry["seq"] for entry in log()), default=0)
    again = pools.converge(ref, [sender], read_one=True)
    assert again.changed is False and _writes(log, since) == []
    assert again.state["14155550100"][1]["service"] == service
    removed = pools.converge(ref, absent=[dict(sender, service=None)], read_one=True, must_exist=False)
    assert removed.changed is True and removed.done["removed"] == ["14155550100"]
