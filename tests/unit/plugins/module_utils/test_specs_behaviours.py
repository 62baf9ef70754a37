# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The options as a task sees them (specs.py): the values of application_type and service
are accepted in any letter case, at the top level and inside a list of senders, and are
used in the case the API takes; any other option's choices, and a value no choice
matches, are refused with Ansible's message; powerpack_pool's 1.x names purge and
unrent still work, each with a deprecation for 2.0.0 of plivo.messaging."""

from __future__ import annotations

import importlib

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.plivo.messaging.plugins.module_utils import specs as specs_module
from ansible_collections.plivo.messaging.plugins.modules import powerpack, powerpack_number, powerpack_pool
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import (
    BY_UUID,
    NOT_FOUND,
    PP,
    account_number,
    by_name,
    entry,
    pool_path,
    pool_reads,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import Call, page, run_module

NONE_LISTED = Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([], 0, 0))
APP_ID = "20372631212782780"


@pytest.fixture(autouse=True)
def own_warnings(monkeypatch):
    """Each module run here reports only its own warnings and deprecations (ansible-core keeps them per process)."""
    for name in ("_global_warnings", "_global_deprecations"):
        monkeypatch.setattr(ansible_warnings, name, type(getattr(ansible_warnings, name))())


@pytest.fixture
def specs_built_again():
    """specs.py run again as on import, so that the code building the argument specs runs in the test."""
    yield importlib.reload(specs_module)
    importlib.reload(specs_module)


# -- application_type and service in any letter case --

@pytest.mark.parametrize("given", ["XML", "Xml", "xml"])
def test_application_type_in_any_letter_case_is_accepted(http, given):
    http.expect(NONE_LISTED)
    result = run_module(powerpack.main, {"name": "alerts", "application_type": given, "application_id": APP_ID},
                        check_mode=True)
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is True
    assert result["diff"]["after"]["application_type"] == "xml"


def test_service_in_any_letter_case_is_accepted_and_sent_as_the_api_takes_it(http):
    number = pool_path("longcode", "14155550100")
    http.expect(BY_UUID, Call("GET", number, query={"service": "mms"}, **NOT_FOUND),
                Call("GET", number, query={"service": "sms"}, **NOT_FOUND), account_number("14155550100"), by_name(PP),
                Call("POST", number, sent={"service": "mms"}, body=dict(entry("14155550100", service="mms"), api_id="x")))
    result = run_module(powerpack_number.main, {"powerpack_uuid": PP["uuid"], "number": "14155550100", "service": "MMS"})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is True


@pytest.mark.parametrize("service", ["SMS", "Mms"])
def test_a_senders_service_in_any_letter_case_is_accepted(http, service):
    http.expect(BY_UUID, *pool_reads("longcode", []), account_number("14155550100"), by_name(PP))
    result = run_module(powerpack_pool.main, {"powerpack_uuid": PP["uuid"],
                                              "senders": [{"number": "14155550100", "service": service}]},
                        check_mode=True)
    assert "failed" not in result, result.get("msg")
    assert result["diff"]["after"] == {"14155550100": {"type": "longcode", "service": service.lower()}}


# -- other choices are matched exactly, and a value no choice matches is refused --

@pytest.mark.parametrize("main, args, message", [
    (powerpack.main, {"name": "alerts", "application_type": "soap", "application_id": APP_ID},
     "value of application_type must be one of: xml, phlo, got: soap"),
    (powerpack.main, {"name": "alerts", "state": "Present"}, "value of state must be one of: present, absent, got: Present"),
    (powerpack_number.main, {"powerpack_uuid": PP["uuid"], "number": "14155550100", "service": "voice"},
     "value of service must be one of: sms, mms, got: voice"),
    (powerpack_number.main, {"powerpack_uuid": PP["uuid"], "number": "14155550100", "type": "LongCode"},
     "value of type must be one of: longcode, tollfree, shortcode, got: LongCode"),
    (powerpack_pool.main, {"powerpack_uuid": PP["uuid"], "senders": [{"number": "14155550100", "service": "fax"}]},
     "value of service must be one of: sms, mms, got: fax found in senders"),
])
def test_a_value_no_choice_matches_is_refused_with_ansibles_message(http, main, args, message):
    result = run_module(main, args)
    assert result["failed"] is True
    assert result["msg"] == message
    assert http.seen == []


# -- powerpack_pool's 1.x option names --

def _deprecations(result):
    """(message, version, collection) of each deprecation; ansible-core 2.19 nests the first and the last."""
    return [(d["event"]["msg"], d["version"], d["deprecator"]["resolved_name"]) if "event" in d
            else (d["msg"], d["version"], d["collection_name"]) for d in result.get("deprecations", [])]


@pytest.mark.parametrize("names", [("purge", "unrent"), ("purge_senders", "unrent_purged")])
def test_powerpack_pools_1x_option_names_work_and_are_deprecated(http, specs_built_again, names):
    http.expect(BY_UUID, *pool_reads("longcode", []), *pool_reads("tollfree", []), *pool_reads("shortcode", []))
    result = run_module(powerpack_pool.main, {"powerpack_uuid": PP["uuid"], "senders": [], names[0]: True, names[1]: True},
                        check_mode=True)
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is False and result["unrented"] == []
    assert _deprecations(result) == ([] if names[0] == "purge_senders" else [
        ("Alias '%s' is deprecated. See the module docs for more information" % alias, "2.0.0", "plivo.messaging")
        for alias in names])
