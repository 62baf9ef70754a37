# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The readers of the API's wire format (wire.py)."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import wire


class TestPoolUuid:
    @pytest.mark.parametrize("path, expected", [
        ("/v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/659c7f88-c819-46e2-8af4-2d8a84249099/", "659c7f88-c819-46e2-8af4-2d8a84249099"),
        ("/v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/659c7f88/", "659c7f88"),
        ("/v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/659c7f88", "659c7f88"),
        (None, None),
        ("", None),
        ("/", None),
        ("/v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool//", None),
        ("/v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/", None),
        ("/v1/Account/MAXXXXXXXXXXXXXXXXXX/Powerpack/659c7f88/", None),
        ("v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/659c7f88/", None),
    ])
    def test_the_sixth_segment_of_a_number_pool_path(self, path, expected):
        assert wire.pool_uuid(path) == expected


class TestNumbers:
    @pytest.mark.parametrize("given, expected", [
        ("+14155550100", "14155550100"), ("14155550100", "14155550100"), ("  +14155550100 \n", "14155550100"),
        ("444444", "444444"),
    ])
    def test_normal_number_is_digits_without_plus_or_blanks(self, given, expected):
        assert wire.normal_number(given) == expected

    @pytest.mark.parametrize("obj", [
        {"number": "14155550100", "type": "fixed", "service": "sms"},
        {"number": "+14155550100"},
        {"tollfree": "14155550100", "country_iso2": "US"},
        {"shortcode": 14155550100},
        {"number": "", "tollfree": "14155550100"},
    ])
    def test_entry_number_from_each_endpoint_form(self, obj):
        assert wire.entry_number(obj) == "14155550100"

    def test_entry_without_a_number_has_none(self):
        assert wire.entry_number({"service": "sms"}) is None

    @pytest.mark.parametrize("obj, sender_type, expected", [
        ({"number": "1", "service": "mms"}, "longcode", "mms"),
        ({"number": "1", "service": "MMS"}, "longcode", "mms"),
        ({"number": "1"}, "longcode", "sms"),
        ({"number": "1", "service": None}, "longcode", "sms"),
        ({"number": "1", "service": ""}, "longcode", "sms"),
        ({"tollfree": "1", "service": "mms"}, "tollfree", "mms"),
        ({"number": "1", "type": "tollfree"}, "tollfree", "sms"),
        ({"shortcode": "1"}, "shortcode", None),
    ])
    def test_entry_service_defaults_to_sms_for_long_codes_and_toll_free_numbers(self, obj, sender_type, expected):
        assert wire.entry_service(obj, sender_type) == expected
