# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The account's record of a number (GET Account/{id}/Number/{n}/): how the client reads
it, and what the pool model concludes from it before any write (issue 21)."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import pool_model, wire
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.tests.unit.plugins import recorded
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import account_number, not_rented
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import API_URL, AUTH_ID, AUTH_TOKEN, Call

N = "14155550100"
LONG = {"type": "longcode", "service": "sms"}
MMS = {"type": "longcode", "service": "mms"}
TOLLFREE = {"type": "tollfree", "service": "sms"}


def _client():
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, workers=1, max_retries=0)


def test_the_recorded_answer_is_read_without_its_api_id(http):
    http.expect(Call("GET", "Number/%s/" % recorded.LONG_CODE, body=recorded.ACCOUNT_NUMBER_PY))
    record = _client().get_account_number(recorded.LONG_CODE)
    assert record == {k: v for k, v in recorded.ACCOUNT_NUMBER_PY.items() if k != "api_id"}


def test_a_number_the_account_does_not_rent_is_none(http):
    http.expect(not_rented(N))
    assert _client().get_account_number(N) is None


@pytest.mark.parametrize("answer, problem", [
    ({"number": 14155550100}, "has no number"),
    ({"number": "1415555O100"}, "has no number"),
    ({"number": N, "number_type": 1}, "has a number_type that is not text"),
    ({"number": N, "mms_enabled": "false"}, "has a mms_enabled that is not a boolean"),
    ({"number": N, "sms_enabled": 0}, "has a sms_enabled that is not a boolean"),
    ({"number": "14155550999"}, "the answer describes another number"),
])
def test_an_answer_that_cannot_be_believed_fails_naming_what_is_wrong(http, answer, problem):
    http.expect(Call("GET", "Number/%s/" % N, body=answer))
    with pytest.raises(PlivoApiError) as failed:
        _client().get_account_number(N)
    assert problem in str(failed.value)


def test_a_number_that_is_not_digits_never_reaches_the_path(http):
    with pytest.raises(PlivoApiError) as failed:
        _client().get_account_number("../Powerpack")
    assert "refusing to put" in str(failed.value) and http.seen == []


@pytest.mark.parametrize("record", [{"number": N}, {"number": N, "number_type": None, "mms_enabled": None}])
def test_fields_left_out_are_not_held_against_the_number(record):
    assert wire.account_number_problem(record) is None
    assert pool_model.account_problems(N, MMS, False, record) == []


@pytest.mark.parametrize("number_type, sender_type", [
    ("local", "longcode"), ("fixed", "longcode"), ("mobile", "longcode"), ("national", "longcode"),
    ("tollfree", "tollfree"), ("TollFree", "tollfree"),
])
def test_the_account_type_is_toll_free_or_a_long_code(number_type, sender_type):
    assert pool_model.account_type({"number_type": number_type}, "shortcode") == sender_type


def test_the_declared_type_stands_when_the_record_does_not_say():
    assert pool_model.account_type({}, "tollfree") == "tollfree"
    assert pool_model.account_type(None, "longcode") == "longcode"


@pytest.mark.parametrize("want, rent, record, problems", [
    (LONG, False, None, ["14155550100 is not rented by this account, so it cannot join the pool; set rent: true to rent it "
                         "(billed monthly), or correct the number"]),
    (LONG, True, None, []),
    (LONG, False, {"number_type": "tollfree"}, ["14155550100 is a toll-free number in this account (number_type tollfree), "
                                                "not a long code; declare it with type: tollfree"]),
    (TOLLFREE, False, {"number_type": "local"}, ["14155550100 is a long code in this account (number_type local), not a "
                                                 "toll-free number; declare it with type: longcode"]),
    (MMS, False, {"number_type": "local", "mms_enabled": False},
     ["14155550100 is not MMS-enabled in this account (mms_enabled: false), so it cannot serve mms in the pool; declare "
      "service: sms, or enable MMS on the number"]),
    (LONG, False, {"number_type": "local", "sms_enabled": False, "mms_enabled": False},
     ["14155550100 is not SMS-enabled in this account (sms_enabled: false), so it cannot serve sms in the pool; declare "
      "service: mms, or enable SMS on the number"]),
    (LONG, True, {"number_type": "local", "mms_enabled": False}, []),
])
def test_what_the_record_says_against_an_add(want, rent, record, problems):
    assert pool_model.account_problems(N, want, rent, record) == problems


def test_a_number_already_in_the_pool_is_only_checked_for_its_new_service():
    # The pool holds it: the account's type and even a missing record are not the add's business.
    assert pool_model.account_problems(N, MMS, False, None, adding=False) == []
    assert pool_model.account_problems(N, MMS, False, {"number_type": "tollfree"}, adding=False) == []
    assert pool_model.account_problems(N, MMS, False, {"mms_enabled": False}, adding=False)[0].startswith(
        "14155550100 is not MMS-enabled")


def test_a_type_the_api_spells_with_control_characters_is_shown_escaped():
    (problem,) = pool_model.account_problems(N, TOLLFREE, False, {"number_type": "loc\x1b[8mal"})
    assert "\x1b" not in problem and "\\x1b" in problem


def test_the_numbers_read_are_those_added_and_those_switched_to_mms():
    current = {"14155550101": LONG, "14155550102": LONG, "14155550103": MMS, "444444": {"type": "shortcode"}}
    wanted = {N: LONG, "14155550101": LONG, "14155550102": MMS, "14155550103": LONG, "444444": {"type": "shortcode"},
              "555555": {"type": "shortcode"}}
    assert pool_model.to_vet(current, wanted, purge=False) == [N, "14155550102"]
    assert pool_model.to_vet(current, dict(wanted, **{N: None}), purge=True) == ["14155550102"]


def test_the_held_message_names_the_powerpack_quoted_and_escaped():
    message = pool_model.held_message(N, {"name": 'promo"\n', "uuid": "u\x1b"}, "do this")
    assert message == ('14155550100 is in the number pool of powerpack "promo\\"\\n" [u\\x1b], and a number serves one '
                       "pool at a time; do this")


def test_the_scripted_record_is_the_recorded_shape():
    # The module tests' account_number() answers in the fixture's shape: same keys, same JSON types.
    body = account_number(N).body
    assert set(body) == set(recorded.ACCOUNT_NUMBER_PY)
    assert {k: type(v) for k, v in body.items() if recorded.ACCOUNT_NUMBER_PY[k] is not None and k != "mms_enabled"} == \
        {k: type(v) for k, v in recorded.ACCOUNT_NUMBER_PY.items() if v is not None and k != "mms_enabled"}
