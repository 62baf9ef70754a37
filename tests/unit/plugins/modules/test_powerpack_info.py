# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""powerpack_info with every HTTP call scripted: the list, one powerpack by uuid, and
every powerpack of a name, in full (a second one of the same name is never hidden)."""

from __future__ import annotations

import pytest

from ansible_collections.plivo.messaging.plugins.modules.powerpack_info import main
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import Call, page, powerpack, run_module

U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
U2 = "00000000-0000-4000-8000-000000000002"


def _uuid(n):
    return "00000000-0000-4000-8000-0000000001%02d" % n


def _pages(*objects):
    listed = [powerpack(o["name"], o["uuid"], full=False, **{k: o[k] for k in ("sticky_sender", "local_connect")})
              for o in objects]
    return [Call("GET", "Powerpack/", query={"limit": 20, "offset": offset}, body=page(listed[offset:offset + 20], offset, len(listed)))
            for offset in range(0, max(len(listed), 1), 20)]


def _without_api_id(obj):
    return {k: v for k, v in obj.items() if k != "api_id"}


@pytest.mark.parametrize("check_mode", [True, False])
def test_every_powerpack_of_a_name_in_full(http, check_mode):
    first, second = powerpack("alerts", U1), powerpack("alerts", U2, sticky_sender=False)
    others = [powerpack("pp-%02d" % n, _uuid(n)) for n in range(25)]
    http.expect(*_pages(first, *others, second),
                Call("GET", "Powerpack/%s/" % U1, body=first), Call("GET", "Powerpack/%s/" % U2, body=second))
    result = run_module(main, {"name": "alerts"}, check_mode=check_mode)
    assert result["changed"] is False
    assert result["powerpacks"] == [_without_api_id(first), _without_api_id(second)]
    assert all("number_priority" in obj for obj in result["powerpacks"])


def test_one_powerpack_of_a_name_reads_every_page_then_it(http):
    current = powerpack("alerts", U1)
    http.expect(*_pages(current, *[powerpack("pp-%02d" % n, _uuid(n)) for n in range(30)]),
                Call("GET", "Powerpack/%s/" % U1, body=current))
    assert run_module(main, {"name": "alerts"})["powerpacks"] == [_without_api_id(current)]


def test_a_name_nobody_has_is_an_empty_list(http):
    http.expect(*_pages(powerpack("other", U1)))
    assert run_module(main, {"name": "alerts"})["powerpacks"] == []


def test_a_powerpack_deleted_between_the_list_and_its_read_is_left_out(http):
    http.expect(*_pages(powerpack("alerts", U1), powerpack("alerts", U2)),
                Call("GET", "Powerpack/%s/" % U1, status=404, body={"api_id": "x", "error": "not found"}),
                Call("GET", "Powerpack/%s/" % U2, body=powerpack("alerts", U2)))
    assert [obj["uuid"] for obj in run_module(main, {"name": "alerts"})["powerpacks"]] == [U2]


def test_by_uuid(http):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=powerpack("alerts", U1)))
    assert run_module(main, {"uuid": U1})["powerpacks"] == [_without_api_id(powerpack("alerts", U1))]


def test_unknown_uuid_is_an_empty_list(http):
    http.expect(Call("GET", "Powerpack/%s/" % U1, status=404, body={"api_id": "x", "error": "not found"}))
    assert run_module(main, {"uuid": U1})["powerpacks"] == []


def test_the_whole_list_with_string_booleans_as_booleans(http):
    http.expect(*_pages(powerpack("a", U1, sticky_sender="true", local_connect="FALSE"), powerpack("b", U2)))
    listed = run_module(main, {})["powerpacks"]
    assert [(o["name"], o["sticky_sender"], o["local_connect"]) for o in listed] == [("a", True, False), ("b", True, True)]
    assert all("number_priority" not in o for o in listed)


def test_string_booleans_of_a_full_read_are_booleans(http):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=powerpack("alerts", U1, sticky_sender="false")))
    assert run_module(main, {"uuid": U1})["powerpacks"][0]["sticky_sender"] is False


@pytest.mark.parametrize("name", [" alerts", "alerts "])
def test_a_name_with_whitespace_around_it_fails_before_any_request(http, name):
    result = run_module(main, {"name": name})
    assert result["failed"] is True and "remove the whitespace" in result["msg"]
    assert http.seen == []


def _account(n):
    return [powerpack("pp-%02d" % index, _uuid(index), number_priority=[{
        "country_iso": "US", "service_type": "SMS",
        "priority": {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}}] if index % 2 else [])
        for index in range(n)]


@pytest.mark.parametrize("workers", [1, 4])
def test_details_reads_every_powerpack_in_full_in_list_order(http, workers):
    objects = _account(25)
    http.any_order = workers > 1
    http.expect(*_pages(*objects), *[Call("GET", "Powerpack/%s/" % obj["uuid"], body=obj) for obj in objects])
    result = run_module(main, {"details": True, "workers": workers})
    assert result["changed"] is False
    assert result["powerpacks"] == [_without_api_id(obj) for obj in objects]
    # Reads only: two list pages, then one full read per powerpack.
    assert [seen["method"] for seen in http.seen] == ["GET"] * 27


def test_without_details_the_list_is_enough(http):
    objects = _account(3)
    http.expect(*_pages(*objects))
    result = run_module(main, {"details": False})
    assert [obj["name"] for obj in result["powerpacks"]] == ["pp-00", "pp-01", "pp-02"]
    assert not any("number_priority" in obj for obj in result["powerpacks"])


def test_details_fails_with_the_api_error_of_a_read(http):
    objects = _account(3)
    http.expect(*_pages(*objects), Call("GET", "Powerpack/%s/" % objects[0]["uuid"], body=objects[0]),
                Call("GET", "Powerpack/%s/" % objects[1]["uuid"], status=500, body={"error": "boom"}))
    result = run_module(main, {"details": True, "max_retries": 0})
    assert result["failed"] is True and result["status"] == 500
    assert "boom" in result["msg"]
