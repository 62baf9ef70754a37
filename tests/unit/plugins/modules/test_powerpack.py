# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The powerpack module with every HTTP call scripted: which requests each case
sends, check mode included."""

from __future__ import annotations

import json

import pytest

from ansible_collections.plivo.messaging.plugins.modules.powerpack import main
from ansible_collections.plivo.messaging.tests.unit.plugins.pool_wire import pool_reads
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    AUTH_TOKEN,
    OMIT,
    Call,
    page,
    pool_of,
    powerpack,
    run_module,
)

US = {"country_iso": "US", "service_type": "SMS",
      "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}


def _lookup(*objects):
    """The list page that a lookup by name reads."""
    return Call("GET", "Powerpack/", query={"limit": 20, "offset": 0},
                body=page([dict(powerpack(o["name"], o["uuid"], full=False)) for o in objects], 0, len(objects)))


def test_create(http):
    http.expect(_lookup(), Call("POST", "Powerpack/", sent={"name": "alerts", "sticky_sender": False},
                                body=powerpack(sticky_sender=False)))
    result = run_module(main, {"name": "alerts", "sticky_sender": False})
    assert result["changed"] is True
    assert result["powerpack"]["uuid"] == "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11" and "api_id" not in result["powerpack"]
    assert result["diff"] == {"before": {}, "after": {"name": "alerts", "sticky_sender": False}}


@pytest.mark.parametrize("check_mode", [True, False])
def test_unchanged_sends_no_write(http, check_mode):
    current = powerpack(sticky_sender=False, number_priority=[US])
    http.expect(_lookup(current), Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=current))
    lower = dict(US, country_iso="us")
    result = run_module(main, {"name": "alerts", "sticky_sender": False, "number_priority": [lower]}, check_mode=check_mode)
    assert result["changed"] is False
    assert result["diff"] == {"before": {}, "after": {}}
    assert http.writes == []


def test_check_mode_create_predicts_and_sends_no_write(http):
    http.expect(_lookup())
    result = run_module(main, {"name": "alerts", "local_connect": False}, check_mode=True)
    assert result["changed"] is True
    assert result["powerpack"]["local_connect"] is False and result["powerpack"]["sticky_sender"] is True
    assert http.writes == []


def test_check_mode_update_predicts_and_sends_no_write(http):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()))
    result = run_module(main, {"uuid": "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", "name": "renamed"}, check_mode=True)
    assert result["changed"] is True
    assert result["powerpack"]["name"] == "renamed"
    assert result["diff"] == {"before": {"name": "alerts"}, "after": {"name": "renamed"}}
    assert http.writes == []


def test_update_sends_every_managed_field(http):
    http.expect(Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()),
                Call("POST", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", sent={"name": "alerts", "sticky_sender": True, "local_connect": False},
                     body=powerpack(local_connect=False)))
    result = run_module(main, {"uuid": "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", "name": "alerts", "sticky_sender": True, "local_connect": False})
    assert result["changed"] is True
    assert result["diff"] == {"before": {"local_connect": True}, "after": {"local_connect": False}}


@pytest.mark.parametrize("check_mode", [True, False])
def test_delete(http, check_mode):
    http.expect(_lookup(powerpack()), Call("GET", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", body=powerpack()))
    # unrent_numbers: the pool's long codes and toll-free numbers are read first, to name what is given up.
    http.expect(*pool_reads("longcode", []), *pool_reads("tollfree", []))
    if not check_mode:
        http.expect(Call("DELETE", "Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/", status=204, sent={"unrent_numbers": True}))
    result = run_module(main, {"name": "alerts", "state": "absent", "unrent_numbers": True}, check_mode=check_mode)
    assert result["changed"] is True and result["powerpack"] == {}
    assert result["diff"]["after"] == {} and result["diff"]["before"]["name"] == "alerts"
    assert len(http.writes) == (0 if check_mode else 1)


def test_delete_missing_is_ok(http):
    http.expect(Call("GET", "Powerpack/00000000-0000-4000-8000-000000000000/", status=404, body={"api_id": "x", "error": "not found"}))
    result = run_module(main, {"uuid": "00000000-0000-4000-8000-000000000000", "state": "absent"})
    assert result["changed"] is False and result["powerpack"] == {}


def test_unknown_uuid_with_present_fails_clearly(http):
    http.expect(Call("GET", "Powerpack/00000000-0000-4000-8000-000000000000/", status=404, body={"api_id": "x", "error": "not found"}))
    result = run_module(main, {"uuid": "00000000-0000-4000-8000-000000000000", "name": "x"})
    assert result["failed"] is True
    assert "no powerpack with uuid '00000000-0000-4000-8000-000000000000'" in result["msg"]


@pytest.mark.parametrize("args", [
    {"name": ""},
    {"name": "a", "application_id": "123"},
    {"name": "a", "number_priority": [dict(US, service_type="VOICE")]},
    {"name": "a", "number_priority": [dict(US, priority={"priority1": "x", "priority2": "tollfree", "priority3": "longcode"})]},
    {"name": "a", "number_priority": [US, dict(US, country_iso="us")]},
    {"name": "a", "number_priority": [dict(US, extra=1)]},
    {"name": "a", "application_type": "xml"},
    {"sticky_sender": True},
    {"name": "a", "timeout": 0},
])
def test_bad_input_fails_before_any_request(http, args):
    result = run_module(main, args)
    assert result["failed"] is True and result["msg"]
    assert http.seen == []


def test_api_error_reports_status_and_text_never_the_token(http):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, status=401,
                     body={"error": "authentication credentials were not provided"}))
    result = run_module(main, {"name": "alerts"})
    assert result["failed"] is True and result["status"] == 401
    assert "HTTP 401" in result["msg"] and "authentication credentials were not provided" in result["msg"]
    assert result["api_error"] == "authentication credentials were not provided"
    assert AUTH_TOKEN not in repr(result)


def test_missing_requests_gives_the_standard_message(http, monkeypatch):
    from ansible_collections.plivo.messaging.plugins.module_utils import base

    monkeypatch.setattr(base, "HAS_REQUESTS", False)
    result = run_module(main, {"name": "alerts"})
    assert result["failed"] is True
    assert "Failed to import the required Python library (requests)" in result["msg"]
    assert http.seen == []


def _duplicate_name():
    return Call("POST", "Powerpack/", status=400, body={"api_id": "x", "error": "Powerpack with this name already exists"})


def test_create_racing_another_host_converges_without_change(http):
    # Both hosts saw no powerpack; the other created it first, exactly as wanted.
    existing = powerpack(sticky_sender=False)
    http.expect(_lookup(), _duplicate_name(), _lookup(existing), Call("GET", "Powerpack/%s/" % existing["uuid"], body=existing))
    result = run_module(main, {"name": "alerts", "sticky_sender": False})
    assert result["changed"] is False and "failed" not in result
    assert result["diff"] == {"before": {}, "after": {}}
    assert len(http.writes) == 1


def test_create_racing_another_host_updates_what_differs(http):
    existing = powerpack(sticky_sender=True)
    http.expect(_lookup(), _duplicate_name(), _lookup(existing), Call("GET", "Powerpack/%s/" % existing["uuid"], body=existing),
                Call("POST", "Powerpack/%s/" % existing["uuid"], sent={"name": "alerts", "sticky_sender": False},
                     body=powerpack(sticky_sender=False)))
    result = run_module(main, {"name": "alerts", "sticky_sender": False})
    assert result["changed"] is True
    assert result["diff"] == {"before": {"sticky_sender": True}, "after": {"sticky_sender": False}}


def test_delete_racing_another_host_is_ok_and_unchanged(http):
    http.expect(_lookup(powerpack()), Call("GET", "Powerpack/%s/" % powerpack()["uuid"], body=powerpack()),
                Call("DELETE", "Powerpack/%s/" % powerpack()["uuid"], status=404, body={"api_id": "x", "error": "not found"}))
    result = run_module(main, {"name": "alerts", "state": "absent"})
    assert result["changed"] is False and "failed" not in result
    assert result["diff"] == {"before": {}, "after": {}}


@pytest.mark.parametrize("args, message", [
    ({"name": "a", "max_retries": -1}, "max_retries must be 0 or more"),
    ({"name": "a", "retry_timeout": 0}, "retry_timeout must be a positive number of seconds"),
    ({"name": "a", "api_url": "api.plivo.com"}, "api_url must start with http:// or https://"),
    ({"name": "a", "auth_id": " "}, "auth_id must not be empty"),
    ({"name": "a", "rate_limit": 0}, "rate_limit must be 1 or more requests per 5 seconds; got 0"),
    ({"name": "a", "workers": 0}, "workers must be between 1 and 32; got 0"),
    ({"name": "a", "workers": 33}, "workers must be between 1 and 32; got 33"),
])
def test_bad_connection_options_fail_before_any_request(http, args, message):
    result = run_module(main, args)
    assert message in result["msg"]
    assert http.seen == []


@pytest.mark.parametrize("number_priority", ["US:SMS", [["US", "SMS"]], ["US"]])
def test_token_is_masked_even_when_argument_validation_breaks(http, number_priority):
    # ansible-core loses its no_log values when a suboption is not a dict.
    result = run_module(main, {"name": "alerts", "number_priority": number_priority})
    assert result["failed"] is True
    assert AUTH_TOKEN not in json.dumps(result)
    assert http.seen == []


@pytest.mark.parametrize("environ, expected", [("", "https://api.plivo.com"), ("http://127.0.0.1:9", "http://127.0.0.1:9")])
def test_api_url_from_the_environment_and_empty_means_the_default(http, monkeypatch, environ, expected):
    # AWX's credential injection sets PLIVO_API_URL="" when the credential has no URL.
    from ansible_collections.plivo.messaging.plugins.module_utils import api

    monkeypatch.setenv("PLIVO_API_URL", environ)
    seen = []
    # A lookup by name lists the powerpacks (all of them, to see a name two share).
    monkeypatch.setattr(api.PlivoClient, "iter_powerpacks", lambda self: iter(seen.append(self._transport.root) or ()))
    result = run_module(main, {"name": "alerts", "state": "absent", "api_url": OMIT})
    assert "failed" not in result and seen == [expected]


# -- issue 11: slips that destroy, and unrent made visible ----------------------

U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
U2 = "00000000-0000-4000-8000-000000000002"


def _pages(*objects):
    """Every list page that holds these powerpacks, 20 a page (list objects)."""
    listed = [powerpack(o["name"], o["uuid"], full=False) for o in objects]
    return [Call("GET", "Powerpack/", query={"limit": 20, "offset": offset}, body=page(listed[offset:offset + 20], offset, len(listed)))
            for offset in range(0, max(len(listed), 1), 20)]


def _pool(powerpack_uuid, sender_type, numbers):
    """The one page of a pool endpoint of this powerpack, holding these numbers."""
    key = {"longcode": "number", "tollfree": "tollfree"}[sender_type]
    endpoint = {"longcode": "Number", "tollfree": "Tollfree"}[sender_type]
    return Call("GET", "NumberPool/%s/%s/" % (pool_of(powerpack_uuid), endpoint), query={"limit": 20, "offset": 0},
                body=page([{key: n, "number_pool_uuid": pool_of(powerpack_uuid)} for n in numbers], 0, len(numbers)))


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_name_two_powerpacks_share_fails_naming_both_before_any_write(http, check_mode, state):
    first, second = powerpack("alerts", U1), powerpack("alerts", U2)
    others = [powerpack("pp-%02d" % n, "00000000-0000-4000-8000-0000000001%02d" % n) for n in range(25)]
    # The second "alerts" is on page 2: the lookup reads every page, not only up to the first match.
    http.expect(*_pages(first, *others, second))
    result = run_module(main, {"name": "alerts", "state": state, "sticky_sender": False if state == "present" else None},
                        check_mode=check_mode)
    assert result["failed"] is True
    assert "2 powerpacks are named 'alerts' (uuids %s, %s)" % (U2, U1) in result["msg"], result["msg"]
    assert "give uuid to choose one" in result["msg"]
    assert http.writes == [] and len(http.seen) == 2


def test_a_lookup_by_name_reads_every_page(http):
    others = [powerpack("pp-%02d" % n, "00000000-0000-4000-8000-0000000001%02d" % n) for n in range(30)]
    current = powerpack("alerts", U1)
    http.expect(*_pages(current, *others), Call("GET", "Powerpack/%s/" % U1, body=current))
    result = run_module(main, {"name": "alerts", "sticky_sender": True})
    assert result["changed"] is False and len(http.seen) == 3


@pytest.mark.parametrize("check_mode", [True, False])
def test_absent_with_a_uuid_and_another_powerpacks_name_fails_naming_both(http, check_mode):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=powerpack("alerts", U1)))
    result = run_module(main, {"uuid": U1, "name": "marketing", "state": "absent"}, check_mode=check_mode)
    assert result["failed"] is True
    assert "uuid '%s' is the powerpack named 'alerts', not 'marketing'" % U1 in result["msg"], result["msg"]
    assert "with state=absent, uuid and name must name the same powerpack" in result["msg"]
    assert http.writes == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_absent_with_an_unknown_uuid_and_the_name_of_another_fails_naming_both(http, check_mode):
    http.expect(Call("GET", "Powerpack/%s/" % U2, status=404, body={"api_id": "x", "error": "not found"}),
                *_pages(powerpack("alerts", U1)))
    result = run_module(main, {"uuid": U2, "name": "alerts", "state": "absent"}, check_mode=check_mode)
    assert result["failed"] is True
    assert "no powerpack has uuid '%s', but the name 'alerts' belongs to the powerpack with uuid %s" % (U2, U1) in result["msg"]
    assert http.writes == []


def test_absent_with_an_unknown_uuid_and_an_unknown_name_is_ok(http):
    http.expect(Call("GET", "Powerpack/%s/" % U2, status=404, body={"api_id": "x", "error": "not found"}),
                *_pages(powerpack("other", U1)))
    result = run_module(main, {"uuid": U2, "name": "alerts", "state": "absent"})
    assert "failed" not in result and result["changed"] is False and result["unrented"] == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_absent_with_a_uuid_and_its_own_name_deletes_it(http, check_mode):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=powerpack("alerts", U1)))
    if not check_mode:
        http.expect(Call("DELETE", "Powerpack/%s/" % U1, status=204, sent={"unrent_numbers": False}))
    result = run_module(main, {"uuid": U1, "name": "alerts", "state": "absent"}, check_mode=check_mode)
    assert result["changed"] is True and result["diff"]["before"]["name"] == "alerts"
    assert len(http.writes) == (0 if check_mode else 1)


@pytest.mark.parametrize("check_mode", [True, False])
def test_present_with_a_uuid_and_another_name_still_renames(http, check_mode):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=powerpack("alerts", U1)))
    if not check_mode:
        http.expect(Call("POST", "Powerpack/%s/" % U1, sent={"name": "marketing"}, body=powerpack("marketing", U1)))
    result = run_module(main, {"uuid": U1, "name": "marketing"}, check_mode=check_mode)
    assert result["changed"] is True and result["powerpack"]["name"] == "marketing"


@pytest.mark.parametrize("name", [" alerts", "alerts ", "alerts\t"])
def test_a_name_with_whitespace_around_it_fails_before_any_request(http, name):
    result = run_module(main, {"name": name, "state": "absent"})
    assert result["failed"] is True and "must not start or end with whitespace; remove the whitespace" in result["msg"]
    assert http.seen == []


@pytest.mark.parametrize("check_mode", [True, False])
def test_string_booleans_from_the_api_are_no_change(http, check_mode):
    current = powerpack(sticky_sender="true", local_connect="False")
    http.expect(_lookup(current), Call("GET", "Powerpack/%s/" % U1, body=current))
    result = run_module(main, {"name": "alerts", "sticky_sender": True, "local_connect": False}, check_mode=check_mode)
    assert result["changed"] is False and result["diff"] == {"before": {}, "after": {}}
    assert result["powerpack"]["sticky_sender"] is True and result["powerpack"]["local_connect"] is False
    assert http.writes == []


def test_string_booleans_check_mode_predicts_the_real_result(http):
    current = powerpack(sticky_sender="true", local_connect="true")
    answer = powerpack(sticky_sender="false", local_connect="true")
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=current), Call("GET", "Powerpack/%s/" % U1, body=current),
                Call("POST", "Powerpack/%s/" % U1, sent={"name": "alerts", "sticky_sender": False}, body=answer))
    predicted = run_module(main, {"uuid": U1, "name": "alerts", "sticky_sender": False}, check_mode=True)
    real = run_module(main, {"uuid": U1, "name": "alerts", "sticky_sender": False})
    for result in (predicted, real):
        assert result["changed"] is True
        assert result["diff"] == {"before": {"sticky_sender": True}, "after": {"sticky_sender": False}}
    assert predicted["powerpack"] == real["powerpack"]
    assert real["powerpack"]["sticky_sender"] is False and real["powerpack"]["local_connect"] is True


@pytest.mark.parametrize("check_mode", [True, False])
def test_delete_with_unrent_numbers_names_every_number_it_gives_up(http, check_mode):
    current = powerpack()
    long_codes = ["1415555%04d" % n for n in range(25)]
    listed = [{"number": n, "number_pool_uuid": pool_of(U1)} for n in long_codes]
    pool = "NumberPool/%s/" % pool_of(U1)
    http.expect(_lookup(current), Call("GET", "Powerpack/%s/" % U1, body=current),
                # Every page of the long codes, then the toll-free numbers; short codes are never unrented, never read.
                Call("GET", pool + "Number/", query={"limit": 20, "offset": 0}, body=page(listed[:20], 0, 25)),
                Call("GET", pool + "Number/", query={"limit": 20, "offset": 20}, body=page(listed[20:], 20, 25)),
                _pool(U1, "tollfree", ["18005550199"]))
    if not check_mode:
        http.expect(Call("DELETE", "Powerpack/%s/" % U1, status=204, sent={"unrent_numbers": True}))
    result = run_module(main, {"name": "alerts", "state": "absent", "unrent_numbers": True}, check_mode=check_mode)
    assert result["changed"] is True
    assert result["unrented"] == long_codes + ["18005550199"]
    assert result["diff"]["before"]["unrented"] == long_codes + ["18005550199"]
    assert result["diff"]["after"] == {}
    assert len(http.writes) == (0 if check_mode else 1)


def test_delete_without_unrent_numbers_reads_no_pool_and_gives_nothing_up(http):
    http.expect(_lookup(powerpack()), Call("GET", "Powerpack/%s/" % U1, body=powerpack()),
                Call("DELETE", "Powerpack/%s/" % U1, status=204, sent={"unrent_numbers": False}))
    result = run_module(main, {"name": "alerts", "state": "absent"})
    assert result["changed"] is True and result["unrented"] == [] and "unrented" not in result["diff"]["before"]


def test_unrent_numbers_for_a_powerpack_already_gone_reads_no_pool(http):
    http.expect(_lookup())
    result = run_module(main, {"name": "alerts", "state": "absent", "unrent_numbers": True})
    assert result["changed"] is False and result["unrented"] == []


def test_a_delete_someone_else_made_first_gives_nothing_up(http):
    http.expect(_lookup(powerpack()), Call("GET", "Powerpack/%s/" % U1, body=powerpack()),
                _pool(U1, "longcode", ["14155550100"]), _pool(U1, "tollfree", []),
                Call("DELETE", "Powerpack/%s/" % U1, status=404, body={"api_id": "x", "error": "not found"}))
    result = run_module(main, {"name": "alerts", "state": "absent", "unrent_numbers": True})
    assert result["changed"] is False and result["unrented"] == [] and result["diff"] == {"before": {}, "after": {}}


def test_create_and_update_report_no_unrented(http):
    http.expect(_lookup(), Call("POST", "Powerpack/", sent={"name": "alerts"}, body=powerpack()))
    assert run_module(main, {"name": "alerts"})["unrented"] == []
