# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unknown options and sub-option keys are named, with the closest valid one (issue 21, point 4.2).

Ansible says "Unsupported parameters" without the item the key is in, or, for a misspelt
required key, only that the right one is missing. The raw check (base._RawCheck) names each
unknown key by its place (``powerpacks[0].number_priority[0].priority``) with the option not
given whose name is closest (difflib), or with the keys of that place when none is close,
sets it aside, and the task fails with that one message before any request."""

from __future__ import annotations

import copy

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.plivo.messaging.plugins.module_utils import base, specs
from ansible_collections.plivo.messaging.plugins.modules import (
    powerpack,
    powerpack_bulk,
    powerpack_info,
    powerpack_number,
    powerpack_number_info,
    powerpack_pool,
)
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import AUTH_TOKEN, OMIT, run_module

N = "14155550100"
PRIORITY = {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}
ENTRY = {"country_iso": "US", "service_type": "SMS", "priority": PRIORITY}


@pytest.fixture(autouse=True)
def own_warnings(monkeypatch):
    """Each module run here reports only its own warnings (ansible-core keeps them per process)."""
    for name in ("_global_warnings", "_global_deprecations"):
        monkeypatch.setattr(ansible_warnings, name, type(getattr(ansible_warnings, name))())


def check(module, params):
    """``(problems, params after, cleared paths)`` of the raw check of one module's arguments."""
    spec, kwargs = specs.argument_spec(module)
    params = copy.deepcopy(params)
    raw = base._RawCheck(spec, params, kwargs.get("required_one_of"), kwargs.get("mutually_exclusive"))
    return raw.problems, params, raw.cleared


def entry(**changes):
    return dict(ENTRY, **changes)


# -- the walker --

def _with_unknown_keys(spec):
    """Arguments with one key no option has at every level of ``spec``, and the places of those keys."""
    params, places = {"bogus": 1}, [()]
    for name, option in spec.items():
        if option.get("options"):
            inner, inner_places = _with_unknown_keys(option["options"])
            step = (name, 0) if option.get("type") == "list" else (name,)
            params[name] = [inner] if option.get("type") == "list" else inner
            places.extend(step + place for place in inner_places)
    return params, places


@pytest.mark.parametrize("module", sorted(specs.MODULES))
def test_a_key_no_option_has_is_named_at_every_level_of_every_module(module):
    params, places = _with_unknown_keys(specs.argument_spec(module)[0])
    problems = check(module, params)[0]
    unknown = [problem for problem in problems if 'unknown' in problem]
    assert [problem.split('"bogus"')[0] for problem in unknown] == [
        "%s: unknown key " % base._where(place) if place else "unknown option " for place in places]


@pytest.mark.parametrize("module, params, problems", [
    ("powerpack_bulk", {"powerpacks": [{"name": "a", "number_priority": [
        entry(priority={"priority1": "longcode", "priority2": "tollfree", "priorty3": "shortcode"})]}]},
     ['powerpacks[0].number_priority[0].priority: unknown key "priorty3"; did you mean "priority3"?']),
    ("powerpack", {"name": "a", "number_priority": [{"country_iso": "US", "servce_type": "SMS", "priority": PRIORITY}]},
     ['number_priority[0]: unknown key "servce_type"; did you mean "service_type"?']),
    ("powerpack", {"name": "a", "number_priority": [dict(ENTRY, weight=10)]},
     ['number_priority[0]: unknown key "weight"; the keys here are country_iso, priority, service_type']),
    ("powerpack", {"name": "a", "stiky_sender": True},
     ['unknown option "stiky_sender"; did you mean "sticky_sender"?']),
    ("powerpack_pool", {"powerpack_name": "a", "senders": [{"number": N}, {"numbr": N}]},
     ['senders[1]: unknown key "numbr"; did you mean "number"?']),
    ("powerpack_pool", {"powerpack_name": "a", "senders": [{"number": N, "servce": "mms"}]},
     ['senders[0]: unknown key "servce"; did you mean "service"?']),
    ("powerpack_bulk", {"powerpacks": [{"name": "a"}, {"name": "b", "sender": []}]},
     ['powerpacks[1]: unknown key "sender"; did you mean "senders"?']),
    ("powerpack_bulk", {"powerpacks": [{"name": "a", "senders": [{"number": N, "rnt": True}]}]},
     ['powerpacks[0].senders[0]: unknown key "rnt"; did you mean "rent"?']),
    ("powerpack_info", {"nmae": "a", "detail": True},
     ['unknown option "nmae"; did you mean "name"?', 'unknown option "detail"; did you mean "details"?']),
    ("powerpack_number", {"powerpack_name": "a", "nubmer": N},
     ['unknown option "nubmer"; did you mean "number"?']),
    ("powerpack_number_info", {"powerpack_name": "a", "country": "US"},
     ['unknown option "country"; did you mean "country_iso"?']),
    # A key close to a 1.x name of powerpack_pool's options is told the option's name.
    ("powerpack_pool", {"powerpack_name": "a", "senders": [], "purge": True, "unrnt": True},
     ['unknown option "unrnt"; did you mean "unrent_purged"?']),
    ("powerpack_pool", {"powerpack_name": "a", "senders": [], "purge": True, "unrent": True}, []),
], ids=["bulk-priority", "entry", "entry-no-close-key", "top-level", "pool-sender", "pool-sender-service", "bulk-item",
        "bulk-sender", "info-two", "number", "number-info", "pool-1.x-name-misspelt", "pool-1.x-names"])
def test_an_unknown_key_is_named_by_its_place_with_the_closest_valid_key(module, params, problems):
    assert check(module, params)[0] == problems


def test_an_option_the_task_gave_is_not_suggested_for_another_key():
    # priority4 is as close to priority1 as to priority3, and the task gave all three.
    problems = check("powerpack", {"name": "a", "number_priority": [entry(priority=dict(PRIORITY, priority4="longcode"))]})[0]
    assert problems == ['number_priority[0].priority: unknown key "priority4"; the keys here are priority1, priority2, priority3']


def test_with_no_close_option_the_message_lists_the_options():
    problems = check("powerpack_info", {"offset": 20})[0]
    assert problems == ['unknown option "offset"; the options are api_url, auth_id, auth_token, details, max_retries, name, '
                        'rate_limit, retry_timeout, timeout, uuid, validate_certs, workers']


def test_an_unknown_key_is_set_aside_so_that_ansible_does_not_report_it_again():
    problems, params, cleared = check("powerpack_bulk", {"powerpacks": [{"name": "a", "sender": [], "colour": "red"}]})
    assert len(problems) == 2 and params == {"powerpacks": [{"name": "a"}]} and cleared == []


def test_a_misspelt_required_key_stands_for_the_key_it_misspells():
    # Empty for Ansible (no "missing required arguments: priority3" after the message), None for the module.
    problems, params, cleared = check("powerpack", {"name": "a", "number_priority": [
        entry(priority={"priority1": "longcode", "priority2": "tollfree", "priorty3": "shortcode"})]})
    assert params["number_priority"][0]["priority"] == {"priority1": "longcode", "priority2": "tollfree", "priority3": ""}
    assert cleared == [("number_priority", 0, "priority", "priority3")]


def test_a_misspelt_key_given_beside_the_key_it_misspells_leaves_that_one_alone():
    problems, params, cleared = check("powerpack_pool", {"powerpack_name": "a", "senders": [{"number": N, "numbr": N}]})
    assert problems == ['senders[0]: unknown key "numbr"; the keys here are number, rent, service, type']
    assert params["senders"] == [{"number": N}] and cleared == []


def test_ansibles_own_settings_are_not_options_of_the_task():
    problems, params, dummy = check("powerpack_info", {"_ansible_check_mode": True, "_ansible_verbosity": 4})
    assert problems == [] and params == {"_ansible_check_mode": True, "_ansible_verbosity": 4}


def test_an_unknown_key_is_shown_escaped_and_cut():
    key = "\x1b[31mred" + "k" * 100
    problems = check("powerpack", {"name": "a", key: 1})[0]
    assert problems[0].startswith('unknown option "\\x1b[31mred' + "k" * 60)
    assert '..."; the options are' in problems[0] and "\x1b" not in problems[0]


# -- through the modules: one message, before any request --

@pytest.mark.parametrize("main, args, message", [
    (powerpack_bulk.main, {"powerpacks": [{"name": "a", "number_priority": [
        entry(priority={"priority1": "longcode", "priority2": "tollfree", "priorty3": "shortcode"})]}]},
     'powerpacks[0].number_priority[0].priority: unknown key "priorty3"; did you mean "priority3"?'),
    (powerpack.main, {"name": "a", "number_priority": [dict(ENTRY, weight=10)]},
     'number_priority[0]: unknown key "weight"; the keys here are country_iso, priority, service_type'),
    (powerpack.main, {"name": "a", "limit": 1000}, 'unknown option "limit"; did you mean "rate_limit"?'),
    (powerpack_pool.main, {"powerpack_name": "a", "senders": [{"numbr": N}]},
     'senders[0]: unknown key "numbr"; did you mean "number"?'),
    (powerpack_number.main, {"powerpack_name": "a", "nubmer": N}, 'unknown option "nubmer"; did you mean "number"?'),
    (powerpack_number_info.main, {"powerpack_name": "a", "typ": ["longcode"]}, 'unknown option "typ"; did you mean "type"?'),
    (powerpack_info.main, {"nmae": "a"}, 'unknown option "nmae"; did you mean "name"?'),
], ids=["bulk-priority", "powerpack-entry", "powerpack-top-level", "pool-sender", "number", "number-info", "info"])
def test_each_module_names_the_unknown_key_before_any_request(http, main, args, message):
    result = run_module(main, args)
    assert result["failed"] is True and result["msg"] == message
    assert http.seen == []


def test_ansibles_message_follows_when_the_key_it_needs_is_still_missing(http):
    # priority is a mapping, which no empty text stands in for: Ansible says it is missing, after the message.
    result = run_module(powerpack.main, {"name": "a", "number_priority": [{"country_iso": "US", "service_type": "SMS",
                                                                          "priorty": PRIORITY}]})
    assert result["msg"].startswith('number_priority[0]: unknown key "priorty"; did you mean "priority"?; missing required '
                                    'arguments: priority')
    assert http.seen == []


def test_the_value_of_a_misspelt_token_option_never_reaches_the_result(http):
    # Ansible's own failure showed every unsupported option's value in the invocation; the check takes it out.
    result = run_module(powerpack.main, {"name": "a", "auth_token": OMIT, "auth_tokn": AUTH_TOKEN})
    assert result["msg"].startswith('unknown option "auth_tokn"; did you mean "auth_token"?')
    assert AUTH_TOKEN not in str(result)
    assert http.seen == []
