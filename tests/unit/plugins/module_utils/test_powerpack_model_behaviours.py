# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours of powerpack_model that mutation testing found unguarded (issue 15): every
validation message of the powerpack module word for word (a message says what to fix), long
values cut at their documented length, a country code in non-ASCII letters refused, the normal
form of API answers that leave fields out or detach the application, and a diff that sees a
change of another field beside an unchanged number_priority."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import powerpack_model as model

U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
PRIORITY = {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}


def _entry(country="US", service="SMS", **priority):
    return {"country_iso": country, "service_type": service, "priority": dict(PRIORITY, **priority)}


UUID_MESSAGE = "uuid must be a UUID such as 5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11; got %r (leave uuid out to find the powerpack by name)"
APPLICATION_TYPE = ("application_type is required when application_id is set (to anything other than 'none'); "
                    "set application_type to one of xml, phlo")
DIFFERENT_TYPES = ("number_priority[0].priority uses %r more than once; priority1, priority2 and priority3 must each name a "
                   "different number type (longcode, shortcode, tollfree)")


@pytest.mark.parametrize("params, problems", [
    ({"name": "alerts"}, []),
    ({"name": " "}, ["name must not be empty; give the powerpack's name, or leave name out and use uuid"]),
    ({"name": " " + "x" * 100}, ["name must not start or end with whitespace; remove the whitespace from %r" % (" " + "x" * 79)]),
    ({"name": "x" * 256}, ["name must be at most 255 characters; got 256"]),
    ({"name": "\u00e9\u202e" * 50}, ["name must contain only printable characters, not control or format characters (such "
                                     "as a tab, a newline or U+202E), line separators or spaces other than the plain "
                                     "space; got %r" % ("\u00e9\u202e" * 40)]),
    ({"uuid": "x" * 100}, [UUID_MESSAGE % ("x" * 80)]),
    ({"uuid": U1, "application_id": "  "},
     ["application_id must not be empty; give an application id, or none to detach the application"]),
    ({"uuid": U1, "application_id": "12345"}, [APPLICATION_TYPE]),
    ({"uuid": U1, "application_id": "None"}, []),
    ({"name": "alerts", "unrent_numbers": True, "state": "present"},
     ["unrent_numbers only applies with state=absent; remove it, or set state=absent to delete the powerpack"]),
    ({"name": "alerts", "unrent_numbers": True, "state": "absent"}, []),
    ({"name": "alerts", "number_priority": [_entry(country="\u00c9S")]},
     ["number_priority[0].country_iso must be a two-letter ISO 3166-1 country code such as 'US'; got '\u00c9S'"]),
    ({"name": "alerts", "number_priority": [_entry(country="U1")]},
     ["number_priority[0].country_iso must be a two-letter ISO 3166-1 country code such as 'US'; got 'U1'"]),
    ({"name": "alerts", "number_priority": [_entry(service="RCS")]},
     ["number_priority[0].service_type must be one of SMS, MMS; got 'RCS'"]),
    ({"name": "alerts", "number_priority": [_entry(priority2="landline")]},
     ["number_priority[0].priority.priority2 must be one of longcode, shortcode, tollfree; got 'landline'"]),
    ({"name": "alerts", "number_priority": [_entry(priority3="ShortCode")]}, [DIFFERENT_TYPES % "shortcode"]),
    ({"name": "alerts", "number_priority": [_entry(), _entry(country="us", service="sms")]},
     ["number_priority has more than one entry for country_iso 'US' and service_type 'SMS'; "
      "keep one entry per country and service type"]),
], ids=["fine", "empty-name", "name-whitespace-cut-at-80", "name-too-long", "name-not-printable-cut-at-80", "uuid-cut-at-80",
        "empty-application-id", "application-id-without-type", "detach-needs-no-type", "unrent-with-present", "unrent-with-absent",
        "country-not-ascii", "country-not-letters", "service-type", "priority-value", "priority-twice", "entry-twice"])
def test_the_powerpack_arguments_fail_with_a_message_that_says_what_to_fix(params, problems):
    assert model.validate(params) == problems


def test_an_empty_name_given_as_another_option_names_that_option():
    assert model.name_problems(" ", "powerpack_name") == ["powerpack_name must not be empty; give the powerpack's name"]


@pytest.mark.parametrize("obj, normal", [
    ({"application_id": "", "application_type": "XML"}, {"application_id": "", "application_type": ""}),
    ({"application_id": None, "application_type": "XML"}, {"application_id": "", "application_type": ""}),
    ({"application_id": "none", "application_type": "PHLO"}, {"application_id": "", "application_type": ""}),
    ({"application_id": "12345", "application_type": None}, {"application_id": "12345", "application_type": ""}),
    ({"application_id": "12345"}, {"application_id": "12345", "application_type": ""}),
    ({"application_id": "12345", "application_type": "XML"}, {"application_id": "12345", "application_type": "xml"}),
], ids=["empty-id", "null-id", "none-id", "null-type", "no-type", "xml"])
def test_an_api_answer_without_an_application_is_detached_whatever_its_type_says(obj, normal):
    assert model.normalize(obj) == normal


def test_an_api_number_priority_entry_without_its_fields_is_read_as_empty_values():
    assert model.normalize({"number_priority": [{}, {"country_iso": "us", "priority": {"priority1": "LONGCODE"}}]}) == {
        "number_priority": [
            {"country_iso": "", "service_type": "", "priority": {"priority1": "", "priority2": "", "priority3": ""}},
            {"country_iso": "US", "service_type": "", "priority": {"priority1": "longcode", "priority2": "", "priority3": ""}},
        ]}


def test_a_rename_beside_an_unchanged_number_priority_is_a_change_of_the_name_only():
    current = {"name": "alerts", "number_priority": [_entry("CA"), _entry("US")]}
    want = model.wanted({"name": "notices", "number_priority": [_entry("US"), _entry("CA")]})
    assert model.differences(current, want) == ({"name": "alerts"}, {"name": "notices"})
    assert model.differences(dict(current, name="notices"), want) == ({}, {})
