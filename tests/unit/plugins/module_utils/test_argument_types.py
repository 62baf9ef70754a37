# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every option within range, every name a string (issue 20, point 7).

The values of a task are checked as it wrote them, before Ansible converts them
(base._RawCheck): a list, a dict, a boolean or a float given to a text option, a null for
an option that is required or has a default, and a null that leaves a task without a
powerpack to act on are each refused with a message that names the option by its path
and says what was given, all in the one failure, before any request. The numeric
connection options have upper bounds (specs.MAX_*), and the values at the bounds work."""

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
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import PP, account_number, by_name, entry, pool_path
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import AUTH_TOKEN, Call, page, run_module

NONE_LISTED = Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=page([], 0, 0))
N = "14155550100"
U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
NOT_FOUND = {"status": 404, "body": {"api_id": "x", "error": "not found"}}

LIST_FIX = "give a single value, not a list"
DICT_FIX = "give a single value, not a mapping"
BOOL_FIX = "YAML reads an unquoted yes, no, true, false, on or off as a boolean: quote the value"
FLOAT_FIX = ("YAML reads an unquoted number with a point or an exponent as a float, which loses how it was written: "
             "quote the value")
NUMBER_NULL = "is null; give the number, such as 14155550100"


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


# -- the walker: text options take text --

@pytest.mark.parametrize("value, message", [
    (["a", "b"], "name must be a string; got a list: ['a', 'b']; " + LIST_FIX),
    ({"en": "alerts"}, "name must be a string; got a dict: {'en': 'alerts'}; " + DICT_FIX),
    (True, "name must be a string; got a boolean: True; " + BOOL_FIX),
    (False, "name must be a string; got a boolean: False; " + BOOL_FIX),
    (1.1, "name must be a string; got a float: 1.1; " + FLOAT_FIX),
    (1e3, "name must be a string; got a float: 1000.0; " + FLOAT_FIX),
    ([], "name must be a string; got a list: []; " + LIST_FIX),
], ids=["list", "dict", "true", "false", "float", "exponent", "empty-list"])
def test_a_text_option_refuses_what_ansible_would_turn_into_text(value, message):
    problems, params, cleared = check("powerpack", {"name": value})
    assert problems == [message]
    # Set aside, as if not given, so that neither Ansible nor the module reports it again.
    assert params == {"name": None} and cleared == []


def test_a_whole_number_is_taken_as_written():
    problems, params, dummy = check("powerpack_number", {"powerpack_name": 2024, "number": 14155550100})
    assert problems == [] and params == {"powerpack_name": 2024, "number": 14155550100}


def test_a_long_value_is_cut_and_control_characters_are_escaped():
    problems = check("powerpack", {"name": ["\x1b[31m red", "x" * 100]})[0]
    shown = repr(["\x1b[31m red", "x" * 100])[:77] + "..."
    assert problems == ["name must be a string; got a list: %s; %s" % (shown, LIST_FIX)]
    assert "\x1b" not in problems[0] and "\\x1b[31m red" in problems[0]


def test_a_secret_given_as_a_list_is_refused_without_showing_it():
    problems = check("powerpack", {"name": "alerts", "auth_token": ["tok-1234", "tok-5678"]})[0]
    assert problems == ["auth_token must be a string; got a list; " + LIST_FIX]


# -- the walker: nulls --

@pytest.mark.parametrize("module, params, message, left", [
    ("powerpack", {"name": "a", "state": None},
     "state is null; give present or absent, or leave state out for the default present", {"name": "a"}),
    ("powerpack", {"name": "a", "unrent_numbers": None},
     "unrent_numbers is null; give true or false, or leave unrent_numbers out for the default false", {"name": "a"}),
    ("powerpack", {"name": "a", "timeout": None},
     "timeout is null; give a whole number, or leave timeout out for the default 30", {"name": "a"}),
    ("powerpack", {"name": "a", "api_url": None},
     "api_url is null; give a string, or leave api_url out for the default https://api.plivo.com", {"name": "a"}),
    ("powerpack", {"name": "a", "validate_certs": None},
     "validate_certs is null; give true or false, or leave validate_certs out for the default true", {"name": "a"}),
    ("powerpack_info", {"details": None},
     "details is null; give true or false, or leave details out for the default false", {}),
    ("powerpack_bulk", {"powerpacks": None},
     "powerpacks is null; give a list, or leave powerpacks out for the default []", {}),
    ("powerpack_bulk", {"purge": None, "powerpacks": []},
     "purge is null; give true or false, or leave purge out for the default false", {"powerpacks": []}),
    ("powerpack_number", {"powerpack_name": "a", "number": N, "type": None},
     "type is null; give longcode, tollfree or shortcode, or leave type out for the default longcode",
     {"powerpack_name": "a", "number": N}),
    ("powerpack_pool", {"powerpack_name": "a", "senders": None},
     "senders is null; give a list, or leave senders out for the default []", {"powerpack_name": "a"}),
    # A 1.x name is named as the task wrote it.
    ("powerpack_pool", {"powerpack_name": "a", "senders": [], "purge": None},
     "purge is null; give true or false, or leave purge out for the default false", {"powerpack_name": "a", "senders": []}),
    ("powerpack_number_info", {"powerpack_name": "a", "type": None},
     "type is null; give a list of longcode, tollfree or shortcode, or leave type out for the default "
     "[longcode, tollfree, shortcode]", {"powerpack_name": "a"}),
], ids=["state", "unrent_numbers", "timeout", "api_url", "validate_certs", "details", "powerpacks", "purge", "type",
        "senders", "purge-1.x-name", "number-info-type"])
def test_a_null_for_an_option_with_a_default_is_refused_and_the_default_stands_in(module, params, message, left):
    problems, params, cleared = check(module, params)
    assert problems == [message]
    assert params == left and cleared == []


@pytest.mark.parametrize("module, params, message, path", [
    ("powerpack_number", {"powerpack_name": "a", "number": None}, "number " + NUMBER_NULL, ("number",)),
    ("powerpack_number", {"powerpack_name": "a", "number": [N]}, "number must be a string; got a list: ['%s']; %s" % (N, LIST_FIX),
     ("number",)),
    ("powerpack_number", {"powerpack_name": "a", "number": 14155550100.0},
     "number must be a string; got a float: 14155550100.0; " + FLOAT_FIX, ("number",)),
    ("powerpack", {"name": "a", "auth_id": None}, "auth_id is null; give the Auth ID, or leave auth_id out to use PLIVO_AUTH_ID",
     ("auth_id",)),
    ("powerpack", {"name": "a", "auth_token": None},
     "auth_token is null; give the Auth Token, or leave auth_token out to use PLIVO_AUTH_TOKEN", ("auth_token",)),
], ids=["null-number", "list-number", "float-number", "null-auth-id", "null-auth-token"])
def test_a_refused_required_option_is_empty_for_ansible_and_cleared_for_the_module(module, params, message, path):
    problems, params, cleared = check(module, params)
    assert problems == [message]
    assert params[path[0]] == "" and cleared == [path]


@pytest.mark.parametrize("module, params, problems, left", [
    ("powerpack", {"name": None}, ["name is null; give the powerpack's name, or uuid"], {"name": None}),
    ("powerpack", {"uuid": None, "state": "absent"}, ["uuid is null; give the powerpack's uuid, or name"],
     {"uuid": None, "state": "absent"}),
    # One null key stays, so that Ansible's required_one_of does not add a message of its own.
    ("powerpack", {"name": None, "uuid": None},
     ["name is null; give the powerpack's name, or uuid", "uuid is null; give the powerpack's uuid, or name"], {"uuid": None}),
    ("powerpack", {"name": None, "uuid": U1}, [], {"name": None, "uuid": U1}),
    ("powerpack", {"name": "alerts", "uuid": None}, [], {"name": "alerts", "uuid": None}),
    # Not a filter at all: a null would list every powerpack.
    ("powerpack_info", {"name": None}, ["name is null; give the powerpack's name, or leave name out"], {"name": None}),
    ("powerpack_info", {"uuid": None}, ["uuid is null; give the powerpack's uuid, or leave uuid out"], {"uuid": None}),
    ("powerpack_number", {"powerpack_name": None, "number": N},
     ["powerpack_name is null; give the powerpack's name, or powerpack_uuid"], {"powerpack_name": None, "number": N}),
    # Both keys would also be "mutually exclusive" for Ansible: one stays.
    ("powerpack_pool", {"powerpack_uuid": None, "powerpack_name": None},
     ["powerpack_uuid is null; give the powerpack's uuid, or powerpack_name",
      "powerpack_name is null; give the powerpack's name, or powerpack_uuid"], {"powerpack_name": None}),
    ("powerpack_number_info", {"powerpack_uuid": None}, ["powerpack_uuid is null; give the powerpack's uuid, or powerpack_name"],
     {"powerpack_uuid": None}),
    # Options that name nothing: a null is "not given", as Ansible has it.
    ("powerpack", {"name": "a", "sticky_sender": None, "application_id": None, "number_priority": None}, [],
     {"name": "a", "sticky_sender": None, "application_id": None, "number_priority": None}),
    ("powerpack_number", {"powerpack_name": "a", "number": N, "service": None}, [],
     {"powerpack_name": "a", "number": N, "service": None}),
], ids=["name", "uuid", "both", "name-beside-uuid", "uuid-beside-name", "info-name", "info-uuid", "powerpack-name", "pool-both",
        "number-info-uuid", "unmanaged-field", "service"])
def test_a_null_that_leaves_no_powerpack_to_act_on_is_refused(module, params, problems, left):
    got, params, dummy = check(module, params)
    assert got == problems and params == left


def test_items_and_their_lists_are_named_by_their_path():
    items = [
        {"name": "a"},
        {"name": "b", "senders": [{"number": N}, {"number": None}, {"number": [1]}, {"number": N, "type": None}]},
        {"name": None, "uuid": None},
        {"uuid": U1, "name": True, "state": None, "purge_senders": None, "senders": []},
        {"name": "c", "number_priority": [{"country_iso": None, "service_type": ["SMS"],
                                           "priority": {"priority1": "longcode", "priority2": None, "priority3": 3.0}}]},
    ]
    problems, params, cleared = check("powerpack_bulk", {"powerpacks": items})
    assert problems == [
        "powerpacks[1].senders[1].number " + NUMBER_NULL,
        "powerpacks[1].senders[2].number must be a string; got a list: [1]; " + LIST_FIX,
        "powerpacks[1].senders[3].type is null; give longcode, tollfree or shortcode, or leave type out for the default longcode",
        "powerpacks[2].name is null; give the powerpack's name, or uuid",
        "powerpacks[2].uuid is null; give the powerpack's uuid, or name",
        "powerpacks[3].name must be a string; got a boolean: True; " + BOOL_FIX,
        "powerpacks[3].state is null; give present or absent, or leave state out for the default present",
        "powerpacks[3].purge_senders is null; give true or false, or leave purge_senders out for the default false",
        "powerpacks[4].number_priority[0].country_iso is null; give a two-letter country code such as US",
        "powerpacks[4].number_priority[0].service_type must be a string; got a list: ['SMS']; " + LIST_FIX,
        "powerpacks[4].number_priority[0].priority.priority2 is null; give longcode, shortcode or tollfree",
        "powerpacks[4].number_priority[0].priority.priority3 must be a string; got a float: 3.0; " + FLOAT_FIX,
    ]
    assert cleared == [
        ("powerpacks", 1, "senders", 1, "number"),
        ("powerpacks", 1, "senders", 2, "number"),
        ("powerpacks", 4, "number_priority", 0, "country_iso"),
        ("powerpacks", 4, "number_priority", 0, "service_type"),
        ("powerpacks", 4, "number_priority", 0, "priority", "priority2"),
        ("powerpacks", 4, "number_priority", 0, "priority", "priority3"),
    ]
    assert params["powerpacks"][2] == {"uuid": None}
    assert params["powerpacks"][3] == {"uuid": U1, "name": None, "senders": []}


def test_each_element_of_a_list_of_text_is_checked_and_a_refused_one_left_out():
    problems, params, dummy = check("powerpack_number_info", {"powerpack_name": "a", "type": ["longcode", None, ["tollfree"], True]})
    assert problems == [
        "type[1] is null; give longcode, tollfree or shortcode",
        "type[2] must be a string; got a list: ['tollfree']; " + LIST_FIX,
        "type[3] must be a string; got a boolean: True; " + BOOL_FIX,
    ]
    assert params["type"] == ["longcode"]


def test_values_of_other_types_are_left_to_ansible():
    given = {"name": "a", "sticky_sender": "maybe", "timeout": "soon", "number_priority": "US:SMS", "workers": [1]}
    problems, params, dummy = check("powerpack", given)
    assert problems == [] and params == given


# -- through the modules: one message, before any request --

@pytest.mark.parametrize("main, args, message", [
    (powerpack.main, {"name": None}, "name is null; give the powerpack's name, or uuid"),
    (powerpack.main, {"name": ["a", "b"]}, "name must be a string; got a list: ['a', 'b']; " + LIST_FIX),
    (powerpack.main, {"name": "a", "state": None},
     "state is null; give present or absent, or leave state out for the default present"),
    (powerpack.main, {"uuid": True, "state": "absent"}, "uuid must be a string; got a boolean: True; " + BOOL_FIX),
    (powerpack_info.main, {"name": None}, "name is null; give the powerpack's name, or leave name out"),
    (powerpack_info.main, {"uuid": {"id": U1}}, "uuid must be a string; got a dict: {'id': '%s'}; %s" % (U1, DICT_FIX)),
    (powerpack_bulk.main, {"powerpacks": [{"name": "a"}, {"name": None}]},
     "powerpacks[1].name is null; give the powerpack's name, or uuid"),
    (powerpack_bulk.main, {"powerpacks": [{"name": "a", "senders": [{"number": None}, {"number": "abc"}]}]},
     "powerpacks[0].senders[0].number " + NUMBER_NULL + "; powerpacks[0].senders[1].number must be an E.164 number in "
     "digits, country code first, 8 to 15 digits with an optional leading +, such as 14155550100; got 'abc'"),
    (powerpack_number.main, {"powerpack_name": "a", "number": None}, "number " + NUMBER_NULL),
    (powerpack_number.main, {"powerpack_name": None, "number": N},
     "powerpack_name is null; give the powerpack's name, or powerpack_uuid"),
    (powerpack_pool.main, {"powerpack_uuid": None, "powerpack_name": None, "senders": []},
     "powerpack_uuid is null; give the powerpack's uuid, or powerpack_name; powerpack_name is null; give the powerpack's "
     "name, or powerpack_uuid"),
    (powerpack_pool.main, {"powerpack_name": "a", "senders": [{"number": N}, {"number": 1.5}]},
     "senders[1].number must be a string; got a float: 1.5; " + FLOAT_FIX),
    (powerpack_number_info.main, {"powerpack_uuid": ["a"]}, "powerpack_uuid must be a string; got a list: ['a']; " + LIST_FIX),
    (powerpack_number_info.main, {"powerpack_name": "a", "country_iso": False},
     "country_iso must be a string; got a boolean: False; " + BOOL_FIX),
    (powerpack.main, {"name": "a", "number_priority": [{"country_iso": None, "service_type": "SMS", "priority": {
        "priority1": "longcode", "priority2": "shortcode", "priority3": "tollfree"}}]},
     "number_priority[0].country_iso is null; give a two-letter country code such as US"),
    (powerpack.main, {"name": "a", "auth_id": None}, "auth_id is null; give the Auth ID, or leave auth_id out to use PLIVO_AUTH_ID"),
], ids=["powerpack-null-name", "powerpack-list-name", "powerpack-null-state", "powerpack-bool-uuid", "info-null-name",
        "info-dict-uuid", "bulk-null-name", "bulk-null-number", "number-null-number", "number-null-powerpack-name",
        "pool-null-refs", "pool-float-number", "number-info-list-uuid", "number-info-bool-country", "null-country-iso",
        "null-auth-id"])
def test_each_module_refuses_before_any_request_with_one_exact_message(http, main, args, message):
    result = run_module(main, args)
    assert result["failed"] is True
    assert result["msg"] == message
    assert http.seen == []
    assert "Traceback" not in str(result.get("exception", ""))


def test_the_raw_problems_come_first_then_the_connection_and_module_problems(http):
    result = run_module(powerpack.main, {"name": "a", "state": None, "uuid": "not-a-uuid", "timeout": 0})
    assert result["msg"] == ("state is null; give present or absent, or leave state out for the default present; timeout "
                             "must be a positive number of seconds; got 0; uuid must be a UUID such as "
                             "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11; got 'not-a-uuid' (leave uuid out to find the powerpack by name)")
    assert http.seen == []


def test_a_failure_of_ansibles_own_validation_also_names_the_raw_problems(http):
    result = run_module(powerpack.main, {"name": ["a"], "sticky_sender": "maybe"})
    assert result["msg"].startswith("name must be a string; got a list: ['a']; %s; argument 'sticky_sender' is of type" % LIST_FIX)
    assert http.seen == []


def test_a_token_given_as_a_list_never_reaches_the_result(http):
    result = run_module(powerpack.main, {"name": "a", "auth_token": [AUTH_TOKEN]})
    assert result["msg"] == "auth_token must be a string; got a list; " + LIST_FIX
    assert AUTH_TOKEN not in str(result)
    assert http.seen == []


def test_a_number_written_without_quotes_is_the_same_number(http):
    http.expect(by_name(PP),
                Call("GET", pool_path("longcode", N), query={"service": "sms"}, **NOT_FOUND),
                Call("GET", pool_path("longcode", N), query={"service": "mms"}, **NOT_FOUND),
                account_number(N),
                Call("POST", pool_path("longcode", N), sent={"service": "sms"}, body=dict(entry(N), api_id="x")))
    result = run_module(powerpack_number.main, {"powerpack_name": PP["name"], "number": int(N)})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is True and result["sender"]["number"] == N


def test_a_name_in_any_script_or_emoji_is_sent_as_written(http):
    name = "promo-\u00e9t\u00e9 \u0440\u0430\u0441\u0441\u044b\u043b\u043a\u0430 \U0001F680"
    created = {"api_id": "x", "uuid": U1, "name": name}
    http.expect(NONE_LISTED, Call("POST", "Powerpack/", sent={"name": name}, body=created))
    result = run_module(powerpack.main, {"name": name})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is True
    assert [seen["sent"] for seen in http.writes] == [{"name": name}]


@pytest.mark.parametrize("name, shown", [
    ("right\u202eleft", "'right\\u202eleft'"),
    ("two\u2028lines", "'two\\u2028lines'"),
    ("bell\x07", "'bell\\x07'"),
    ("no\u00a0break", "'no\\xa0break'"),
    ("zero\u200bwidth", "'zero\\u200bwidth'"),
])
def test_a_name_that_would_hide_or_rewrite_what_a_terminal_shows_is_refused_escaped(http, name, shown):
    result = run_module(powerpack.main, {"name": name})
    assert result["msg"] == ("name must contain only printable characters, not control or format characters (such as a "
                             "tab, a newline or U+202E), line separators or spaces other than the plain space; got " + shown)
    assert http.seen == []


# -- bounds --

@pytest.mark.parametrize("args, message", [
    ({"timeout": 3601}, "timeout must be at most 3600 seconds (an hour); got 3601"),
    ({"timeout": 99999999999}, "timeout must be at most 3600 seconds (an hour); got 99999999999"),
    ({"max_retries": 101}, "max_retries must be at most 100; got 101"),
    ({"retry_timeout": 86401}, "retry_timeout must be at most 86400 seconds (a day); got 86401"),
    ({"rate_limit": 100001}, "rate_limit must be at most 100000 requests per 5 seconds; got 100001"),
    ({"workers": 33}, "workers must be between 1 and 32; got 33"),
    ({"timeout": 10 ** 30, "max_retries": 10 ** 30, "retry_timeout": 10 ** 30, "rate_limit": 10 ** 30, "workers": 10 ** 30},
     "timeout must be at most 3600 seconds (an hour); got %d; max_retries must be at most 100; got %d; retry_timeout must "
     "be at most 86400 seconds (a day); got %d; rate_limit must be at most 100000 requests per 5 seconds; got %d; workers "
     "must be between 1 and 32; got %d" % ((10 ** 30,) * 5)),
], ids=["timeout", "timeout-overflow", "max_retries", "retry_timeout", "rate_limit", "workers", "all"])
def test_each_numeric_option_above_its_bound_is_refused_before_any_request(http, args, message):
    result = run_module(powerpack.main, dict({"name": "alerts"}, **args))
    assert result["failed"] is True and result["msg"] == message
    assert http.seen == []


def test_the_bounds_are_those_documented():
    assert (specs.MAX_TIMEOUT, specs.MAX_RETRIES, specs.MAX_RETRY_TIMEOUT, specs.MAX_RATE_LIMIT, specs.MAX_WORKERS) == (
        3600, 100, 86400, 100000, 32)


def test_the_largest_allowed_values_are_accepted_and_used(http):
    http.expect(NONE_LISTED)
    result = run_module(powerpack.main, {"name": "alerts", "state": "absent", "timeout": 3600, "retry_timeout": 86400,
                                         "rate_limit": 100000, "max_retries": 100, "workers": 32})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is False
    assert [seen["timeout"] for seen in http.seen] == [3600]


# -- a value refused by the raw check is None for the models, which leave it to that message --

def test_the_models_do_not_report_a_cleared_value_again():
    from ansible_collections.plivo.messaging.plugins.module_utils import pool_model, powerpack_model

    senders = [{"number": None, "type": "longcode", "service": None, "rent": False},
               {"number": None, "type": "shortcode", "service": None, "rent": False}]
    assert pool_model.senders_problems(senders, "senders") == []
    entry_ = {"country_iso": None, "service_type": None, "priority": dict.fromkeys(specs.PRIORITY_KEYS)}
    assert powerpack_model._number_priority_problems([entry_, dict(entry_)]) == []
    assert base._credential_problems(None, None) == []
