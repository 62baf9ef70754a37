# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours of pool_model that mutation testing found unguarded (issue 15): every validation
message of a powerpack reference, a sender, a list of senders and the purge options, word for
word (a message says what to fix), long values cut at their documented length, and a conflict
found after a number declared absent."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import pool_model as model

U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
LONG = "x" * 100


def _ref(name=None, uuid=None):
    return {"powerpack_name": name, "powerpack_uuid": uuid}


@pytest.mark.parametrize("params, problems", [
    (_ref(name="alerts"), []),
    (_ref(uuid=U1), []),
    (_ref(name="  "), ["powerpack_name must not be empty; give the powerpack's name, or use powerpack_uuid"]),
    (_ref(name=" " + LONG), ["powerpack_name must not start or end with whitespace; remove the whitespace from %r" % (" " + "x" * 79)]),
    (_ref(uuid=" "), ["powerpack_uuid must not be empty; give the powerpack's UUID, or use powerpack_name"]),
    (_ref(uuid=LONG), ["powerpack_uuid must be a UUID such as 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11; got %r "
                       "(use powerpack_name to find the powerpack by name)" % ("x" * 80)]),
    (_ref(name="", uuid="nope"), ["powerpack_name must not be empty; give the powerpack's name, or use powerpack_uuid",
                                  "powerpack_uuid must be a UUID such as 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11; got 'nope' "
                                  "(use powerpack_name to find the powerpack by name)"]),
], ids=["name", "uuid", "empty-name", "name-whitespace-cut-at-80", "empty-uuid", "bad-uuid-cut-at-80", "both"])
def test_a_powerpack_reference_fails_with_a_message_that_says_what_to_fix(params, problems):
    assert model.ref_problems(params) == problems


def _sender(number, sender_type="longcode", service=None, rent=False):
    return {"number": number, "type": sender_type, "service": service, "rent": rent}


E164 = ("number must be an E.164 number in digits, country code first, 8 to 15 digits with an optional leading +, "
        "such as 14155550100; got %r")


@pytest.mark.parametrize("sender, problems", [
    (_sender("14155550100"), []),
    (_sender("444444", "shortcode"), []),
    (_sender("4" * 50, "shortcode"), ["number must be a short code of 3 to 8 digits, such as 444444; got %r" % ("4" * 40)]),
    (_sender("1" * 50, "tollfree"), [E164 % ("1" * 40)]),
    (_sender("444444", "shortcode", service="sms"),
     ["service applies to long codes and toll-free numbers only; remove it from this short code (a short code "
      "has no service in the pool API)"]),
    (_sender("444444", "shortcode", rent=True),
     ["rent does not apply to short codes: the API cannot rent or add them, Plivo links them to a pool; remove rent"]),
], ids=["long-code", "short-code", "short-code-cut-at-40", "tollfree-cut-at-40", "service-of-a-short-code", "rent-of-a-short-code"])
def test_a_sender_fails_with_a_message_that_says_what_to_fix(sender, problems):
    assert model.sender_problems(sender) == problems


def test_the_problems_of_a_listed_sender_name_its_place_and_a_number_declared_twice():
    senders = [_sender("+14155550100"), _sender("444444", "shortcode", service="mms", rent=True), _sender("14155550100", "tollfree")]
    assert model.senders_problems(senders, "senders") == [
        "senders[1].service applies to long codes and toll-free numbers only; remove it from this short code (a short code "
        "has no service in the pool API)",
        "senders[1].rent does not apply to short codes: the API cannot rent or add them, Plivo links them to a pool; remove rent",
        "senders[2]: number 14155550100 is already declared by senders[0]; declare each number once",
    ]


@pytest.mark.parametrize("names, message", [
    ((), "unrent_purged only applies to the numbers purge_senders removes; remove it, or set purge_senders=true"),
    (("purge", "unrent"), "unrent only applies to the numbers purge removes; remove it, or set purge=true"),
], ids=["option-names", "alias-names"])
def test_unrent_purged_without_purge_names_the_options_as_the_task_did(names, message):
    assert model.purge_problems({"purge_senders": False, "unrent_purged": True}, *names) == [message]
    assert model.purge_problems({"purge_senders": True, "unrent_purged": True}, *names) == []


def test_a_number_declared_absent_does_not_hide_a_conflict_after_it():
    current = {"14155550101": {"type": "tollfree", "service": "sms"}}
    wanted = {"14155550100": None, "14155550101": {"type": "longcode", "service": "sms"}, "444444": {"type": "shortcode"}}
    assert model.conflicts(current, wanted) == [
        "14155550101 is in the pool as a toll-free number, not a long code; correct its type",
        "short code 444444 is not linked to this powerpack's number pool, and short codes cannot be added through "
        "the API; ask Plivo to link it, or leave it out",
    ]
