# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import powerpack_model as model


def _params(**given):
    params = dict.fromkeys(("name", "uuid", "sticky_sender", "local_connect", "application_type",
                            "application_id", "number_priority"))
    params.update(given)
    return params


def _entry(country="US", service="SMS", p1="shortcode", p2="tollfree", p3="longcode"):
    return {"country_iso": country, "service_type": service,
            "priority": {"priority1": p1, "priority2": p2, "priority3": p3}}


def _api(**fields):
    obj = {"uuid": "u", "name": "alerts", "sticky_sender": True, "local_connect": True,
           "application_id": "", "application_type": "", "number_priority": [],
           "number_pool": "/v1/Account/MA/NumberPool/p/", "created_on": "2020-09-23T09:31:25.924044Z"}
    obj.update(fields)
    return obj


class TestValidate:
    def test_good_input_has_no_problems(self):
        params = _params(name="alerts", application_id="123", application_type="xml",
                         number_priority=[_entry(), _entry(country="ca", service="mms")])
        assert model.validate(params) == []

    @pytest.mark.parametrize("params, message", [
        (_params(number_priority=[_entry(p1="longcodes")]),
         "number_priority[0].priority.priority1 must be one of longcode, shortcode, tollfree; got 'longcodes'"),
        (_params(number_priority=[_entry(p1="longcode", p2="longcode", p3="tollfree")]),
         "number_priority[0].priority uses 'longcode' more than once"),
        (_params(number_priority=[_entry(), _entry(country="us")]),
         "number_priority has more than one entry for country_iso 'US' and service_type 'SMS'"),
        (_params(number_priority=[_entry(), _entry(service="VOICE")]),
         "number_priority[1].service_type must be one of SMS, MMS; got 'VOICE'"),
        (_params(number_priority=[_entry(country="USA")]),
         "number_priority[0].country_iso must be a two-letter ISO 3166-1 country code"),
        (_params(application_id="123"), "application_type is required when application_id is set"),
        (_params(name=""), "name must not be empty"),
        (_params(name="   "), "name must not be empty"),
        (_params(uuid=""), "uuid must be a UUID such as"),
        (_params(uuid="abc123-def456"), "uuid must be a UUID such as"),
        (_params(name="x" * 256), "name must be at most 255 characters; got 256"),
        (_params(name="caf\u00e9\u202e"), "name must contain only printable characters"),
        (_params(name="tab\there"), "name must contain only printable characters"),
        # The joiners are allowed, the other zero-width format characters are not.
        (_params(name="a\u200bb"), "name must contain only printable characters"),
        (_params(name="a\u2066b\u2069"), "name must contain only printable characters"),
        (_params(application_id=""), "application_id must not be empty"),
        (_params(state="present", unrent_numbers=True), "unrent_numbers only applies with state=absent"),
    ])
    def test_each_problem_says_what_to_fix(self, params, message):
        problems = model.validate(params)
        assert len(problems) == 1
        assert message in problems[0]

    def test_detaching_needs_no_application_type(self):
        assert model.validate(_params(application_id="none")) == []
        assert model.validate(_params(application_id="None")) == []


class TestDifferences:
    def test_create_has_empty_before_and_the_wanted_fields_after(self):
        want = model.wanted(_params(name="alerts", sticky_sender=False))
        assert model.differences(None, want) == ({}, {"name": "alerts", "sticky_sender": False})

    def test_nothing_managed_differs(self):
        want = model.wanted(_params(name="alerts", sticky_sender=True, local_connect=True))
        assert model.differences(_api(), want) == ({}, {})

    def test_only_changed_fields_appear(self):
        want = model.wanted(_params(name="alerts", sticky_sender=False, local_connect=True))
        assert model.differences(_api(), want) == ({"sticky_sender": True}, {"sticky_sender": False})

    def test_unmanaged_fields_are_ignored(self):
        want = model.wanted(_params(name="alerts"))
        assert model.differences(_api(sticky_sender=False, number_priority=[_entry()]), want) == ({}, {})

    def test_number_priority_is_a_set_regardless_of_order_and_case(self):
        current = _api(number_priority=[_entry("US", "SMS"), _entry("CA", "MMS")])
        want = model.wanted(_params(number_priority=[_entry("ca", "mms"), _entry("us", "sms")]))
        assert model.differences(current, want) == ({}, {})

    def test_number_priority_change_shows_whole_lists(self):
        current = _api(number_priority=[_entry("US")])
        want = model.wanted(_params(number_priority=[_entry("US", p1="longcode", p3="shortcode"), _entry("CA")]))
        before, after = model.differences(current, want)
        assert before == {"number_priority": model.wanted(_params(number_priority=[_entry("US")]))["number_priority"]}
        # As declared, not re-sorted: the diff shows the list the task wrote.
        assert [e["country_iso"] for e in after["number_priority"]] == ["US", "CA"]

    def test_the_same_entries_in_another_order_are_no_change(self):
        current = _api(number_priority=[_entry("US"), _entry("CA")])
        want = model.wanted(_params(number_priority=[_entry("CA"), _entry("US")]))
        assert model.differences(current, want) == ({}, {})

    def test_empty_number_priority_removes_all(self):
        before, after = model.differences(_api(number_priority=[_entry()]), model.wanted(_params(number_priority=[])))
        assert after == {"number_priority": []} and before["number_priority"]

    def test_application_echo_forms_are_not_changes(self):
        want = model.wanted(_params(application_id="123", application_type="xml"))
        assert model.differences(_api(application_id="123", application_type="XML"), want) == ({}, {})
        want = model.wanted(_params(application_id="none"))
        assert model.differences(_api(), want) == ({}, {})

    def test_application_type_change_is_a_change(self):
        want = model.wanted(_params(application_id="123", application_type="phlo"))
        before, after = model.differences(_api(application_id="123", application_type="XML"), want)
        assert (before, after) == ({"application_type": "xml"}, {"application_type": "phlo"})

    def test_detach(self):
        want = model.wanted(_params(application_id="none"))
        before, after = model.differences(_api(application_id="123", application_type="XML"), want)
        assert before == {"application_id": "123", "application_type": "xml"}
        assert after == {"application_id": "", "application_type": ""}

    def test_rename(self):
        want = model.wanted(_params(uuid="u", name="new"))
        assert model.differences(_api(), want) == ({"name": "alerts"}, {"name": "new"})


class TestRequestBody:
    def test_only_given_fields_in_wire_form(self):
        params = _params(name="a", sticky_sender=False, application_id="1", application_type="xml",
                         number_priority=[_entry(country="us", service="sms", p1="Shortcode")])
        assert model.request_body(params) == {
            "name": "a", "sticky_sender": False, "application_id": "1", "application_type": "xml",
            "number_priority": [_entry(country="US", service="SMS")],
        }

    def test_detach_sends_none(self):
        assert model.request_body(_params(application_id="none", application_type="xml")) == {"application_id": "none"}

    def test_nothing_given_sends_nothing(self):
        assert model.request_body(_params()) == {}


def test_predicted_create_applies_the_api_defaults():
    predicted = model.predicted(None, model.wanted(_params(name="a", local_connect=False)))
    assert predicted["sticky_sender"] is True and predicted["local_connect"] is False
    assert predicted["number_priority"] == [] and "uuid" not in predicted


def test_normalize_leaves_out_what_the_object_lacks():
    # A list object has no number_priority; normalizing must not invent one.
    list_object = _api()
    del list_object["number_priority"]
    assert "number_priority" not in model.normalize(list_object)


# -- names with whitespace around them (issue 11) ------------------------------

@pytest.mark.parametrize("name", [" alerts", "alerts ", "  alerts  ", "alerts\t", "\talerts"])
def test_a_name_with_whitespace_around_it_is_refused(name):
    problems = model.name_problems(name)
    assert any("must not start or end with whitespace" in p and "remove the whitespace" in p for p in problems), problems
    assert model.validate(_params(name=name)) != []


@pytest.mark.parametrize("name", ["alerts", "alerts us", "a b c", "x"])
def test_inner_spaces_are_fine(name):
    assert model.name_problems(name) == []


def test_name_problems_name_the_option_they_check():
    assert model.name_problems(" x", "powerpack_name") == [
        "powerpack_name must not start or end with whitespace; remove the whitespace from ' x'"]
    assert model.name_problems("", "powerpack_name") == ["powerpack_name must not be empty; give the powerpack's name"]


@pytest.mark.parametrize("name", ["true", "False", "TRUE", "false"])
def test_a_name_that_spells_a_boolean_is_a_name(name):
    # The booleans the API writes as strings are its boolean fields, never the name.
    current = {"name": name, "sticky_sender": "true"}
    assert model.normalize(current) == {"name": name, "sticky_sender": True}
    assert model.differences(current, {"name": name, "sticky_sender": True}) == ({}, {})


# -- booleans the API writes as strings (issue 11) ------------------------------

@pytest.mark.parametrize("sent, read", [("true", True), ("false", False), ("True", True), ("FALSE", False),
                                        (" true ", True), (True, True), (False, False)])
def test_string_booleans_from_the_api_are_booleans(sent, read):
    assert model.normalize(_api(sticky_sender=sent, local_connect=sent)) == dict(
        model.normalize(_api()), sticky_sender=read, local_connect=read)
    assert model.from_api(_api(sticky_sender=sent))["sticky_sender"] is read


@pytest.mark.parametrize("value", ["yes", "1", "", None, 1])
def test_other_values_are_left_as_they_are(value):
    assert model.from_api(_api(sticky_sender=value))["sticky_sender"] == value


def test_a_string_boolean_is_never_a_perpetual_change():
    current = _api(sticky_sender="true", local_connect="false")
    want = model.wanted(_params(sticky_sender=True, local_connect=False))
    assert model.differences(current, want) == ({}, {})
    before, after = model.differences(current, model.wanted(_params(sticky_sender=False)))
    assert (before, after) == ({"sticky_sender": True}, {"sticky_sender": False})


def test_from_api_keeps_everything_else_and_none():
    assert model.from_api(None) is None
    obj = _api(sticky_sender="false")
    converted = model.from_api(obj)
    assert converted == dict(obj, sticky_sender=False)
    assert obj["sticky_sender"] == "false", "the API object itself is not changed"
    assert model.from_api({"uuid": "u"}) == {"uuid": "u"}


def test_prediction_from_an_object_read_through_from_api_has_booleans():
    current = model.from_api(_api(sticky_sender="true", local_connect="true"))
    predicted = model.predicted(current, {"local_connect": False})
    assert predicted["sticky_sender"] is True and predicted["local_connect"] is False


@pytest.mark.parametrize("declared, echoed", [("xml", "XML"), ("phlo", "PHLO"), ("XML", "XML")])
def test_check_mode_predicts_the_application_type_the_api_echoes(declared, echoed):
    # A real run returns what the API echoes (XML); check mode must return the same, or a `when` on it differs under --check.
    want = model.wanted(_params(name="a", application_id="123", application_type=declared))
    assert model.predicted(None, want)["application_type"] == echoed
    current = {"uuid": "u", "name": "a", "application_id": "", "application_type": ""}
    assert model.predicted(current, want)["application_type"] == echoed
    assert model.predicted(None, model.wanted(_params(name="a")))["application_type"] == ""
