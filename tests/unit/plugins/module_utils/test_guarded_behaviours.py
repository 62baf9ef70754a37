# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Behaviours that mutation testing of module_utils found unguarded (issue 15), each as what a
user or the API would see: a change of priorities alone is sent, valid names are accepted, a
delete that the API refuses is an error, the create guard outlives a first retry, the backoff
stays within its schedule, and a number_priority entry without a sub-option fails cleanly."""

from __future__ import annotations

import random
import time

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import powerpack_model as model
from ansible_collections.plivo.messaging.plugins.module_utils import retry as retry_module
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.plugins.modules.powerpack import main
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import (
    API_URL,
    AUTH_ID,
    AUTH_TOKEN,
    Call,
    powerpack,
    run_module,
)

U1 = "5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11"
US = {"country_iso": "US", "service_type": "SMS",
      "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}}


# 4. A change of priority1-3 alone, with the same countries, is a change that is sent.

@pytest.mark.parametrize("check_mode", [True, False])
def test_a_change_of_priorities_alone_is_sent(http, check_mode):
    reordered = dict(US, priority={"priority1": "longcode", "priority2": "shortcode", "priority3": "tollfree"})
    current = powerpack(number_priority=[US])
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=current))
    if not check_mode:
        http.expect(Call("POST", "Powerpack/%s/" % U1, sent={"name": "alerts", "number_priority": [reordered]},
                         body=dict(current, number_priority=[reordered])))
    result = run_module(main, {"uuid": U1, "name": "alerts", "number_priority": [reordered]}, check_mode=check_mode)
    assert result["changed"] is True
    assert result["diff"]["after"]["number_priority"][0]["priority"] == reordered["priority"]
    assert result["diff"]["before"]["number_priority"][0]["priority"] == US["priority"]


# 5. The name rule accepts what it should: any printable character (accents, other scripts, emoji),
# spaces and ~ inside, 255 characters (emoji count one each).

@pytest.mark.parametrize("name", ["spring sale", "a~b", "x" * 255, "!#$%&'()*+,-./:;<=>?@[]^_`{|}~",
                                  "promo-\u00e9t\u00e9-\u2603", "\u0440\u0430\u0441\u0441\u044b\u043b\u043a\u0430",
                                  "\u62db\u8058 2026", "\U0001F680 launch \U0001F1FA\U0001F1F8", "\U0001F680" * 255,
                                  # emoji sequences joined with U+200D, and Persian with U+200C
                                  "family \U0001F468\u200d\U0001F469\u200d\U0001F467", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"])
def test_valid_names_are_accepted(name):
    params = dict.fromkeys(("uuid", "sticky_sender", "local_connect", "application_type", "application_id", "number_priority"))
    assert model.validate(dict(params, name=name)) == []


# 3. A delete the API refuses is an error, never "already gone".

@pytest.mark.parametrize("status", [403, 500])
def test_a_refused_delete_is_an_error_not_already_gone(http, status):
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, max_retries=0, workers=1)
    http.expect(Call("DELETE", "Powerpack/%s/" % U1, status=status, body={"api_id": "x", "error": "refused"}))
    with pytest.raises(PlivoApiError) as failed:
        client.delete_powerpack(U1)
    assert failed.value.status == status and "refused" in str(failed.value)


def test_a_module_delete_the_api_refuses_fails_and_reports_no_change(http):
    http.expect(Call("GET", "Powerpack/%s/" % U1, body=powerpack()),
                Call("DELETE", "Powerpack/%s/" % U1, status=403, body={"api_id": "x", "error": "forbidden"}))
    result = run_module(main, {"uuid": U1, "state": "absent", "max_retries": 0})
    assert result["failed"] is True and result["status"] == 403 and result["changed"] is False


# 2. The create guard outlives the first retry: after a 429 (safe to resend), a 503 is
#    ambiguous, and the name is looked up before the create goes again.

def test_after_a_429_retry_a_503_on_create_is_looked_up_not_resent_blindly(server, fast_backoff):
    page = {"api_id": "x", "meta": {"limit": 20, "offset": 0, "total_count": 0, "next": None, "previous": None}, "objects": []}
    created = dict(powerpack(), uuid=U1)
    server.answers = [(429, {"error": "slow down"}, {"Retry-After": "0"}), (503, {"error": "unavailable"}),
                      (200, page), (200, created)]
    warnings = []
    client = PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, timeout=5, warn=warnings.append)
    made, was_created = client.create_powerpack({"name": "alerts"})
    assert was_created is True and made["uuid"] == U1
    assert server.methods() == [("POST", "Powerpack/"), ("POST", "Powerpack/"), ("GET", "Powerpack/"), ("POST", "Powerpack/")]
    # Each retry is reported, the second too.
    assert any("after HTTP 429" in warning for warning in warnings)
    assert any("no powerpack 'alerts' is visible yet" in warning for warning in warnings)


# 8. The backoff before retry n lies in [0.5, 1] x min(cap, base x 2^(n-1)).

@pytest.mark.parametrize("retry_number", [1, 2, 3, 6, 7, 12])
def test_backoff_stays_within_its_schedule(retry_number):
    full = min(retry_module.BACKOFF_CAP, retry_module.BACKOFF_BASE * 2 ** (retry_number - 1))
    delays = [retry_module.backoff_delay(retry_number) for dummy in range(300)]
    assert all(0.5 * full <= delay <= full for delay in delays)
    # Jittered over the whole range, not one end of it.
    assert max(delays) - min(delays) > 0.3 * full


def test_backoff_is_capped(monkeypatch):
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    assert retry_module.backoff_delay(50) == retry_module.BACKOFF_CAP
    assert retry_module.backoff_delay(1) == retry_module.BACKOFF_BASE


# 9. A number_priority entry without one of its sub-options fails validation with a message, not a crash.

@pytest.mark.parametrize("missing", ["country_iso", "service_type", "priority"])
def test_a_number_priority_entry_without_a_sub_option_fails_before_any_request(http, missing):
    entry = {key: value for key, value in US.items() if key != missing}
    result = run_module(main, {"name": "alerts", "number_priority": [entry]})
    assert result["failed"] is True and missing in result["msg"]
    assert "Traceback" not in result["msg"] and "exception" not in result
    assert http.seen == []


def test_a_priority_without_priority3_fails_before_any_request(http):
    entry = dict(US, priority={"priority1": "shortcode", "priority2": "tollfree"})
    result = run_module(main, {"name": "alerts", "number_priority": [entry]})
    assert result["failed"] is True and "priority3" in result["msg"] and http.seen == []


# 6. The create's own retry loop keeps its budget: it waits a backoff before the lookup, and a
#    Retry-After longer than retry_timeout is not slept through.

def _page_of(*objects):
    return {"api_id": "x", "meta": {"limit": 20, "offset": 0, "total_count": len(objects), "next": None, "previous": None},
            "objects": list(objects)}


def test_a_failed_create_waits_a_backoff_before_it_looks_the_name_up(server, monkeypatch):
    monkeypatch.setattr(retry_module, "BACKOFF_BASE", 0.4)
    server.answers = [(503, {"error": "unavailable"}), (200, _page_of()), (200, dict(powerpack(), uuid=U1))]
    client = PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, timeout=5, max_retries=2)
    assert client.create_powerpack({"name": "alerts"})[1] is True
    # Backoff before retry 1: 0.4 s x 0.5..1.
    assert 0.2 * 0.95 <= server.seen[1]["time"] - server.seen[0]["time"] <= 0.4 + 0.3


def test_a_create_retry_after_longer_than_retry_timeout_fails_at_once(server):
    server.answers = [(503, {"error": "unavailable"}, {"Retry-After": "30"})]
    client = PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, timeout=5, max_retries=3, retry_timeout=2)
    started = time.monotonic()
    with pytest.raises(PlivoApiError, match="HTTP 503"):
        client.create_powerpack({"name": "alerts"})
    assert time.monotonic() - started < 2
    assert server.methods() == [("POST", "Powerpack/")]


def test_creates_that_keep_failing_stop_within_max_retries(server, fast_backoff):
    server.answers = [(503, {"error": "unavailable"}), (200, _page_of())] * 5
    client = PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, timeout=5, max_retries=2)
    with pytest.raises(PlivoApiError, match="HTTP 503"):
        client.create_powerpack({"name": "alerts"})
    # The first create and two more, each after a lookup; then no more.
    assert [method for method, dummy in server.methods()].count("POST") == 3


# 10. What else was never tested.

@pytest.mark.parametrize("status", [409, 422])
def test_a_create_refused_as_a_conflict_converges_the_powerpack_that_exists(http, status):
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, workers=1)
    listed = {key: value for key, value in powerpack().items() if key not in ("api_id", "number_priority")}
    http.expect(Call("POST", "Powerpack/", status=status, body={"api_id": "x", "error": "name exists"}),
                Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=_page_of(listed)),
                Call("GET", "Powerpack/%s/" % U1, body=powerpack()))
    made, created = client.create_powerpack({"name": "alerts"})
    assert created is False and made["uuid"] == U1


def test_redirects_are_neither_followed_nor_retried(server):
    server.answers = [(302, None, {"Location": "http://127.0.0.1:9/elsewhere"})] * 3
    client = PlivoClient(server.url, AUTH_ID, AUTH_TOKEN, timeout=5, max_retries=3)
    with pytest.raises(PlivoApiError, match="HTTP 302.*does not follow"):
        client.get_powerpack(U1)
    assert len(server.seen) == 1


def test_a_number_pool_path_without_its_trailing_slash_is_read(http):
    from ansible_collections.plivo.messaging.plugins.module_utils.wire import pool_uuid
    assert pool_uuid("/v1/Account/%s/NumberPool/%s" % (AUTH_ID, U1)) == U1
    assert pool_uuid("/v1/Account/%s/NumberPool/%s/" % (AUTH_ID, U1)) == U1


def test_a_success_answer_of_only_whitespace_is_an_empty_answer(http):
    client = PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, workers=1)
    http.expect(Call("DELETE", "Powerpack/%s/" % U1, status=200, raw="  \n "))
    assert client.delete_powerpack(U1) is True


def test_check_mode_predicts_a_new_powerpacks_local_connect_as_the_api_default(http):
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body=_page_of()))
    result = run_module(main, {"name": "fresh", "sticky_sender": False}, check_mode=True)
    assert result["changed"] is True
    assert result["powerpack"]["local_connect"] is True and result["powerpack"]["sticky_sender"] is False
