# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import pool_model as model

LONG = {"type": "longcode", "service": "sms"}


def _sender(number="14155550100", sender_type="longcode", service=None, rent=False):
    return {"number": number, "type": sender_type, "service": service, "rent": rent}


class TestSenderProblems:
    @pytest.mark.parametrize("sender", [
        _sender(), _sender("+14155550100"), _sender(" 14155550100 "), _sender("12345678"), _sender("123456789012345"),
        _sender(service="mms", rent=True), _sender("18005550199", "tollfree", rent=True),
        _sender("444444", "shortcode"), _sender("123", "shortcode"), _sender("12345678", "shortcode"),
    ])
    def test_good_senders(self, sender):
        assert model.sender_problems(sender) == []

    @pytest.mark.parametrize("number", [
        "1415555O100", "abcdefghij", "1415 555 0100", "1-415-555-0100", "1234567890123456",
        "04155550100", "+04155550100", "++14155550100", "", "+", "12", "+444444", "+1415555",
    ])
    def test_non_e164_numbers(self, number):
        problems = model.sender_problems(_sender(number), "senders[3]")
        assert problems == ["senders[3].number must be an E.164 number in digits, country code first, 8 to 15 digits "
                            "with an optional leading +, such as 14155550100; got %r" % number]

    # type defaults to longcode: 3 to 8 digits that are no E.164 number look like a short code declared without its type.
    @pytest.mark.parametrize("number", ["444", "444444", "1415555", " 44444 ", "01234567"])
    def test_a_long_code_that_looks_like_a_short_code_says_to_set_its_type(self, number):
        problems = model.sender_problems(_sender(number), "senders[3]")
        assert problems == ["senders[3].number must be an E.164 number in digits, country code first, 8 to 15 digits "
                            "with an optional leading +, such as 14155550100; got %r; set type: shortcode for a short "
                            "code" % number]

    def test_a_toll_free_number_of_3_to_8_digits_is_not_taken_for_a_short_code(self):
        # A toll-free number was declared with its type on purpose: only the E.164 rule applies.
        assert model.sender_problems(_sender("444444", "tollfree")) == [
            "number must be an E.164 number in digits, country code first, 8 to 15 digits with an optional leading +, "
            "such as 14155550100; got '444444'"]

    @pytest.mark.parametrize("sender_type", ["longcode", "tollfree"])
    def test_the_number_is_quoted_shortened(self, sender_type):
        problems = model.sender_problems(_sender("x" * 100, sender_type))
        assert problems[0].startswith("number must be an E.164 number") and problems[0].endswith("got %r" % ("x" * 40))

    @pytest.mark.parametrize("number", ["12", "123456789", "44444a", "+444444", "44 4444", ""])
    def test_short_codes_are_3_to_8_digits(self, number):
        assert model.sender_problems(_sender(number, "shortcode"), "senders[0]") == [
            "senders[0].number must be a short code of 3 to 8 digits, such as 444444; got %r" % number]

    def test_service_for_long_codes_and_toll_free_numbers_only(self):
        problems = model.sender_problems(_sender("444444", "shortcode", service="sms"), "senders[1]")
        assert len(problems) == 1
        assert problems[0].startswith("senders[1].service applies to long codes and toll-free numbers only; remove it "
                                      "from this short code")
        assert model.sender_problems(_sender("18005550199", "tollfree", service="mms"), "senders[1]") == []

    def test_rent_not_for_short_codes(self):
        problems = model.sender_problems(_sender("444444", "shortcode", rent=True), "senders[2]")
        assert len(problems) == 1 and problems[0].startswith("senders[2].rent does not apply to short codes")

    def test_without_where_there_is_no_prefix(self):
        problems = model.sender_problems(_sender("444", "shortcode", service="mms", rent=True))
        assert [p.split(" ")[0] for p in problems] == ["service", "rent"]

    def test_every_problem_at_once(self):
        problems = model.sender_problems(_sender("4", "shortcode", service="mms", rent=True), "senders[9]")
        assert [p.split(" ")[0] for p in problems] == ["senders[9].number", "senders[9].service", "senders[9].rent"]


class TestValues:
    def test_wanted_value(self):
        assert model.wanted_value(_sender()) == LONG
        assert model.wanted_value(_sender(service="mms")) == {"type": "longcode", "service": "mms"}
        assert model.wanted_value(_sender("18005550199", "tollfree")) == {"type": "tollfree", "service": "sms"}
        assert model.wanted_value(_sender("18005550199", "tollfree", service="mms")) == {"type": "tollfree", "service": "mms"}
        assert model.wanted_value(_sender("444444", "shortcode")) == {"type": "shortcode"}

    def test_current_values(self):
        entries = {"14155550100": ("longcode", {"number": "14155550100", "type": "fixed"}),
                   "18005550199": ("tollfree", {"tollfree": "18005550199"}),
                   "444444": ("shortcode", {"shortcode": "444444"})}
        assert model.current_values(entries) == {"14155550100": LONG, "18005550199": {"type": "tollfree", "service": "sms"},
                                                 "444444": {"type": "shortcode"}}


class TestConflicts:
    def test_none(self):
        current = {"14155550100": LONG, "444444": {"type": "shortcode"}}
        wanted = {"14155550100": {"type": "longcode", "service": "mms"}, "444444": {"type": "shortcode"},
                  "14155550101": LONG, "18005550199": None, "555555": None}
        assert model.conflicts(current, wanted) == []

    def test_type_mismatch(self):
        assert model.conflicts({"18005550199": {"type": "tollfree"}}, {"18005550199": LONG}) == [
            "18005550199 is in the pool as a toll-free number, not a long code; correct its type"]

    def test_absent_ignores_the_type(self):
        assert model.conflicts({"18005550199": {"type": "tollfree"}}, {"18005550199": None}) == []

    def test_missing_short_code(self):
        problems = model.conflicts({}, {"444444": {"type": "shortcode"}})
        assert len(problems) == 1
        assert problems[0].startswith("short code 444444 is not linked to this powerpack's number pool, and short codes "
                                      "cannot be added through the API")

    def test_all_problems_sorted_by_number(self):
        current = {"14155550100": {"type": "shortcode"}}
        wanted = {"555555": {"type": "shortcode"}, "14155550100": LONG, "444444": {"type": "shortcode"}}
        assert [p.split(" ")[0:3] for p in model.conflicts(current, wanted)] == [
            ["14155550100", "is", "in"], ["short", "code", "444444"], ["short", "code", "555555"]]


class TestDifferences:
    def test_add(self):
        assert model.differences({}, {"14155550100": LONG}) == ({}, {"14155550100": LONG})

    def test_no_op(self):
        current = {"14155550100": LONG, "14155550101": LONG}
        assert model.differences(current, {"14155550100": dict(LONG)}) == ({}, {})
        assert model.differences(current, {"14155550199": None}) == ({}, {})
        assert model.differences({}, {}, purge=True) == ({}, {})

    def test_remove(self):
        current = {"14155550100": LONG, "14155550101": LONG}
        assert model.differences(current, {"14155550100": None}) == ({"14155550100": LONG}, {})

    def test_service_change_holds_only_the_changed_key(self):
        current = {"14155550100": LONG, "14155550101": LONG}
        wanted = {"14155550100": {"type": "longcode", "service": "mms"}, "14155550101": LONG}
        assert model.differences(current, wanted) == ({"14155550100": {"service": "sms"}}, {"14155550100": {"service": "mms"}})

    def test_purge_removes_what_is_not_named(self):
        current = {"14155550100": LONG, "18005550199": {"type": "tollfree"}, "444444": {"type": "shortcode"}}
        wanted = {"14155550100": LONG, "14155550102": LONG}
        assert model.differences(current, wanted) == ({}, {"14155550102": LONG})
        assert model.differences(current, wanted, purge=True) == (
            {"18005550199": {"type": "tollfree"}, "444444": {"type": "shortcode"}}, {"14155550102": LONG})

    def test_purge_with_nothing_wanted_empties_the_pool(self):
        current = {"14155550100": LONG, "444444": {"type": "shortcode"}}
        assert model.differences(current, {}, purge=True) == (current, {})


class TestActions:
    def test_add_update_remove_sorted(self):
        current = {"14155550100": LONG, "14155550101": LONG, "18005550199": {"type": "tollfree"}, "444444": {"type": "shortcode"}}
        wanted = {"14155550103": LONG, "14155550102": LONG, "14155550101": {"type": "longcode", "service": "mms"},
                  "14155550100": LONG}
        before, after = model.differences(current, wanted, purge=True)
        assert model.actions(current, before, after) == (
            ["14155550102", "14155550103"], ["14155550101"], ["18005550199", "444444"])

    def test_nothing(self):
        assert model.actions({"14155550100": LONG}, {}, {}) == ([], [], [])


# -- the powerpack a pool module names (issue 11) -------------------------------

@pytest.mark.parametrize("params, expected", [
    ({"powerpack_name": " alerts", "powerpack_uuid": None}, "powerpack_name must not start or end with whitespace"),
    ({"powerpack_name": "alerts\t", "powerpack_uuid": None}, "remove the whitespace"),
    ({"powerpack_name": None, "powerpack_uuid": "../../Account"}, "powerpack_uuid must be a UUID such as"),
    ({"powerpack_name": None, "powerpack_uuid": "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11 "}, "powerpack_uuid must be a UUID"),
])
def test_ref_problems(params, expected):
    problems = model.ref_problems(params)
    assert len(problems) == 1 and expected in problems[0], problems


def test_a_good_ref_has_no_problems():
    assert model.ref_problems({"powerpack_name": "alerts us", "powerpack_uuid": None}) == []
    assert model.ref_problems({"powerpack_name": None, "powerpack_uuid": "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"}) == []
