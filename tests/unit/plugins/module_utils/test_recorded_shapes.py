# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The client, the models and the modules fed the answers the official Plivo SDKs
recorded in their test fixtures (tests/unit/plugins/recorded.py names each file), so
that every field name, JSON type and nesting the API has been seen to send is read
the same way.

The contract pinned here:
- every pool entry the client returns (iter_pool, get_pool_sender, add_pool_sender)
  has one shape: ``number`` (digits) for every sender type, ``tollfree`` too for
  toll-free numbers and ``shortcode`` for short codes, ``number_pool_uuid`` (copied
  from ``numberpool_uuid``), ``service`` in lower case for long codes and toll-free
  numbers ("sms" when the API left it out), every other API field kept, no ``api_id``;
- toll-free numbers in the long-code list are skipped there, whatever the case of their type;
- ``get_pool_sender`` sends ``service`` as a query parameter when given;
- powerpacks compare through powerpack_model whatever the order of number_priority,
  the case of application_type or the JSON type of the booleans;
- list offsets are the client's own, whatever meta says, and a page without meta ends the list.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import powerpack_model
from ansible_collections.plivo.messaging.plugins.module_utils.api import PlivoApiError, PlivoClient
from ansible_collections.plivo.messaging.plugins.modules import powerpack as powerpack_module
from ansible_collections.plivo.messaging.plugins.modules import powerpack_number, powerpack_number_info
from ansible_collections.plivo.messaging.tests.unit.plugins import recorded as r
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import API_URL, AUTH_ID, AUTH_TOKEN, Call, run_module

ENDPOINTS = {"longcode": "Number", "tollfree": "Tollfree", "shortcode": "Shortcode"}
FIRST_PAGE = {"limit": 20, "offset": 0}


@pytest.fixture
def client():
    return PlivoClient(API_URL, AUTH_ID, AUTH_TOKEN, timeout=7, max_retries=2)


def pool_path(sender_type, number=None):
    path = "NumberPool/%s/%s/" % (r.POOL, ENDPOINTS[sender_type])
    return path if number is None else path + number + "/"


def pp_path(uuid):
    return "Powerpack/%s/" % uuid


def assert_normal_entry(entry, answer, sender_type, number, service="sms"):
    """``entry`` is ``answer`` in the collection's one pool entry shape (see the module docstring)."""
    expected = {key: value for key, value in answer.items() if key != "api_id"}
    expected["number"] = number
    if sender_type != "longcode":
        expected[sender_type] = number
    # type is the kind of sender in every entry, also plivo-python's toll-free ones and short codes,
    # which have none; the API's type (fixed, tollfree) is kept as number_type.
    if "type" in answer:
        expected["number_type"] = answer["type"]
    expected["type"] = sender_type
    expected["number_pool_uuid"] = r.POOL
    if sender_type != "shortcode":
        expected["service"] = service
    assert entry == expected


# -- Pool entries: one shape ----------------------------------------------------

LISTS = [
    pytest.param("longcode", r.LONG_LIST, id="longcode-python-go-ruby-php-dotnet"),
    pytest.param("longcode", r.LONG_LIST_JAVA, id="longcode-java"),
    pytest.param("longcode", r.LONG_LIST_PY, id="longcode-python-listnumbers"),
    pytest.param("tollfree", r.TOLLFREE_LIST_GO, id="tollfree-go-number-key"),
    pytest.param("tollfree", r.TOLLFREE_LIST_RUBY, id="tollfree-ruby-number-key"),
    pytest.param("tollfree", r.TOLLFREE_LIST_JAVA, id="tollfree-java-number-key"),
    pytest.param("tollfree", r.TOLLFREE_LIST_PY, id="tollfree-python-tollfree-key"),
    pytest.param("tollfree", r.TOLLFREE_LIST_NODE, id="tollfree-node-tollfree-key"),
    pytest.param("tollfree", r.TOLLFREE_LIST_DOTNET, id="tollfree-dotnet-shortcode-key"),
    pytest.param("shortcode", r.SHORTCODE_LIST, id="shortcode-python-go-ruby-php-dotnet"),
    pytest.param("shortcode", r.SHORTCODE_LIST_PY, id="shortcode-python-listshortcode"),
]


@pytest.mark.parametrize("sender_type, page", LISTS)
def test_listed_pool_entries_come_back_in_the_one_documented_shape(http, client, sender_type, page):
    http.expect(Call("GET", pool_path(sender_type), query=FIRST_PAGE, body=page))
    got = list(client.iter_pool(r.POOL, sender_type))
    assert len(got) == len(page["objects"])
    for entry, answer in zip(got, page["objects"]):
        number = answer.get("number") or answer.get("tollfree") or answer.get("shortcode")
        assert_normal_entry(entry, answer, sender_type, number)


SINGLES = [
    pytest.param("longcode", r.LONG_CODE, r.SINGLE_PY, "sms", id="longcode-python-php-numberpool_uuid"),
    pytest.param("longcode", r.LONG_CODE, r.SINGLE_GO, "mms", id="longcode-go-numberpool_uuid-service"),
    pytest.param("longcode", r.LONG_CODE, r.SINGLE_RUBY, "sms", id="longcode-ruby-java"),
    pytest.param("longcode", r.ADD_NODE_NUMBER, r.ADD_NODE, "sms", id="longcode-node"),
    # plivo-go numberpoolSingleNoResponse.json with the service in upper case.
    pytest.param("longcode", r.LONG_CODE, dict(r.SINGLE_GO, service="MMS"), "mms", id="longcode-service-upper-case"),
    pytest.param("tollfree", r.TOLL_FREE, r.TOLLFREE_SINGLE_GO, "sms", id="tollfree-go-numberpool_uuid"),
    pytest.param("tollfree", r.TOLL_FREE, r.TOLLFREE_SINGLE_RUBY, "sms", id="tollfree-ruby"),
    pytest.param("tollfree", r.TOLL_FREE_JAVA, r.TOLLFREE_SINGLE_JAVA, "sms", id="tollfree-java"),
    pytest.param("tollfree", r.TOLL_FREE, r.TOLLFREE_SINGLE_DOTNET, "sms", id="tollfree-dotnet-tollfree-key"),
    pytest.param("tollfree", r.TOLL_FREE, r.TOLLFREE_SINGLE_NODE, "sms", id="tollfree-node"),
    pytest.param("shortcode", r.SHORT_CODE, r.SHORTCODE_ENTRY, None, id="shortcode-all"),
]


@pytest.mark.parametrize("sender_type, number, answer, service", SINGLES)
def test_a_pool_sender_read_alone_comes_back_in_the_one_documented_shape(http, client, sender_type, number, answer, service):
    http.expect(Call("GET", pool_path(sender_type, number), body=answer))
    entry = client.get_pool_sender(r.POOL, sender_type, number)
    assert_normal_entry(entry, answer, sender_type, number, service)
    if "service" in answer:
        assert entry["service"] == answer["service"].lower()
    assert http.seen[0]["query"] == {}


@pytest.mark.parametrize("service, answer", [("mms", r.SINGLE_GO), ("sms", r.SINGLE_PY)], ids=["mms-go", "sms-python"])
def test_a_pool_sender_read_for_a_service_sends_that_service(http, client, service, answer):
    http.expect(Call("GET", pool_path("longcode", r.LONG_CODE), query={"service": service}, body=answer))
    entry = client.get_pool_sender(r.POOL, "longcode", r.LONG_CODE, service=service)
    assert entry["number"] == r.LONG_CODE and entry["number_pool_uuid"] == r.POOL and entry["service"] == service


ADDS = [
    pytest.param("longcode", r.ADD_PY_NUMBER, r.ADD_PY, {}, id="longcode-python"),
    pytest.param("longcode", r.BUY_PY_NUMBER, r.BUY_PY, {"rent": True}, id="longcode-python-buy"),
    pytest.param("longcode", r.ADD_NODE_NUMBER, r.ADD_NODE, {}, id="longcode-node"),
    pytest.param("longcode", r.LONG_CODE, r.SINGLE_RUBY, {}, id="longcode-java"),
    pytest.param("tollfree", r.TOLL_FREE_JAVA, r.TOLLFREE_SINGLE_JAVA, {}, id="tollfree-java"),
    pytest.param("tollfree", r.TOLL_FREE, r.TOLLFREE_SINGLE_NODE, {}, id="tollfree-node"),
    pytest.param("tollfree", r.TOLL_FREE, r.ADD_TOLLFREE_PY, {"rent": True}, id="tollfree-python-long-code-form"),
]


@pytest.mark.parametrize("sender_type, number, answer, kwargs", ADDS)
def test_an_added_pool_sender_comes_back_in_the_one_documented_shape(http, client, sender_type, number, answer, kwargs):
    sent = dict({"service": "sms"}, **({"rent": "true"} if kwargs.get("rent") else {}))
    http.expect(Call("POST", pool_path(sender_type, number), sent=sent, body=answer))
    entry = client.add_pool_sender(r.POOL, sender_type, number, service="sms", **kwargs)
    assert_normal_entry(entry, answer, sender_type, number)


@pytest.mark.parametrize("marked", ["tollfree", "TollFree"])
def test_toll_free_numbers_in_the_long_code_list_are_skipped_there(http, client, marked):
    # The Number/ list with the toll-free entries of plivo-go and plivo-java (type "tollfree") among long codes.
    page = dict(r.LONG_LIST, meta=dict(r.LONG_LIST["meta"], total_count=3),
                objects=[dict(r.TOLLFREE_ENTRY_GO, type=marked), r.LONG_ENTRY, dict(r.TOLLFREE_ENTRY_JAVA, type=marked)])
    http.expect(Call("GET", pool_path("longcode"), query=FIRST_PAGE, body=page))
    got = list(client.iter_pool(r.POOL, "longcode"))
    assert [entry["number"] for entry in got] == [r.LONG_CODE]


# -- Pages ----------------------------------------------------------------------

def _py_page(objects, offset, total):
    """A Powerpack list page in plivo-python's form (powerpackListPowerpackResponse.json): next in the odd form, no previous."""
    return {"api_id": "e44c159e-0a02-11ea-b072-0242ac110007",
            "meta": {"limit": 20, "next": "/api/v1/account/xxxxxxx/Powerpack?offset=%d&limit=20" % (offset + 20),
                     "offset": offset, "total_count": total},
            "objects": objects}


def test_powerpack_offsets_are_counted_by_the_client_not_read_from_meta_next(http, client):
    # The recorded first page serves 3 of 53 and says next is offset=20: the next page starts at 3.
    rest = [r.listed_py(index) for index in range(4, 54)]
    http.expect(Call("GET", "Powerpack/", query=FIRST_PAGE, body=r.LIST_PY),
                Call("GET", "Powerpack/", query={"limit": 20, "offset": 3}, body=_py_page(rest[:20], 3, 53)),
                Call("GET", "Powerpack/", query={"limit": 20, "offset": 23}, body=_py_page(rest[20:40], 23, 53)),
                Call("GET", "Powerpack/", query={"limit": 20, "offset": 43}, body=_py_page(rest[40:], 43, 53)))
    got = list(client.iter_powerpacks())
    assert [obj["uuid"] for obj in got] == [obj["uuid"] for obj in r.LIST_PY["objects"] + rest]
    assert all("api_id" not in obj for obj in got)


@pytest.mark.parametrize("page", [
    pytest.param(r.LIST_GO, id="go-next-null-total-2"),
    pytest.param(r.LIST_RUBY, id="ruby-php-dotnet-next-null-total-0"),
    pytest.param(r.LIST_JAVA, id="java-next-path-to-offset-0"),
])
def test_a_powerpack_list_ends_after_the_page_that_reaches_its_total(http, client, page):
    http.expect(Call("GET", "Powerpack/", query=FIRST_PAGE, body=page))
    assert list(client.iter_powerpacks()) == r.LISTED


@pytest.mark.parametrize("sender_type, page", [
    pytest.param("longcode", r.LONG_LIST, id="next-empty-string"),
    pytest.param("longcode", r.LONG_LIST_JAVA, id="java-next-path-to-offset-20"),
    pytest.param("tollfree", r.TOLLFREE_LIST_NODE, id="node-next-null-total-0"),
])
def test_a_pool_list_ends_after_the_page_that_reaches_its_total(http, client, sender_type, page):
    http.expect(Call("GET", pool_path(sender_type), query=FIRST_PAGE, body=page))
    assert len(list(client.iter_pool(r.POOL, sender_type))) == len(page["objects"])


def test_a_pool_list_in_the_empty_string_form_is_read_to_its_total(http, client):
    # The recorded page form (next and previous "") over 21 numbers: the second page is asked at offset 20.
    entries = [dict(r.LONG_ENTRY, number="1579914%04d" % n) for n in range(21)]
    meta = dict(r.LONG_LIST["meta"], total_count=21)
    http.expect(Call("GET", pool_path("longcode"), query=FIRST_PAGE, body=dict(r.LONG_LIST, meta=meta, objects=entries[:20])),
                Call("GET", pool_path("longcode"), query={"limit": 20, "offset": 20},
                     body=dict(r.LONG_LIST, meta=dict(meta, offset=20), objects=entries[20:])))
    assert [entry["number"] for entry in client.iter_pool(r.POOL, "longcode")] == [e["number"] for e in entries]


@pytest.mark.parametrize("sender_type", ["longcode", "tollfree", "shortcode"])
def test_an_empty_pool_list_without_meta_is_an_empty_list(http, client, sender_type):
    http.expect(Call("GET", pool_path(sender_type), query=FIRST_PAGE, body=r.EMPTY_NO_META))
    assert list(client.iter_pool(r.POOL, sender_type)) == []


def test_a_page_without_meta_ends_the_list(http, client):
    # plivo-dotnet's no-meta answer holding one entry: nothing says there is more, so nothing more is asked.
    http.expect(Call("GET", pool_path("longcode"), query=FIRST_PAGE, body=dict(r.EMPTY_NO_META, objects=[r.LONG_ENTRY])))
    assert [entry["number"] for entry in client.iter_pool(r.POOL, "longcode")] == [r.LONG_CODE]
    http.expect(Call("GET", "Powerpack/", query=FIRST_PAGE, body=dict(r.EMPTY_NO_META, objects=r.LISTED)))
    assert list(client.iter_powerpacks()) == r.LISTED


# -- Powerpack answers ------------------------------------------------------------

def _without_api_id(answer):
    return {key: value for key, value in answer.items() if key != "api_id"}


@pytest.mark.parametrize("answer", [r.CREATE_PY, r.CREATE_JAVA], ids=["python", "java"])
def test_a_create_answer_is_the_created_powerpack(http, client, answer):
    http.expect(Call("POST", "Powerpack/", sent={"name": answer["name"]}, body=answer))
    assert client.create_powerpack({"name": answer["name"]}) == (_without_api_id(answer), True)


@pytest.mark.parametrize("answer", [r.GET_GO, r.GET_PHP, r.GET_JAVA, r.GET_PY_DOC, r.GET_NODE_TYPES],
                         ids=["go-ruby-dotnet", "php-four-priorities", "java-four-priorities-unsorted", "python-doc",
                              "node-string-booleans"])
def test_a_powerpack_read_by_uuid_is_the_answer_without_api_id(http, client, answer):
    http.expect(Call("GET", pp_path(answer["uuid"]), body=answer))
    assert client.get_powerpack(answer["uuid"]) == _without_api_id(answer)


def test_a_powerpack_found_by_name_is_read_again_by_uuid_for_its_number_priority(http, client):
    http.expect(Call("GET", "Powerpack/", query=FIRST_PAGE, body=r.LIST_GO), Call("GET", pp_path(r.PP_UUID), body=r.GET_PHP))
    assert client.find_powerpack("vishnu_sep_01") == _without_api_id(r.GET_PHP)


def test_an_update_answer_is_the_updated_powerpack(http, client):
    http.expect(Call("POST", pp_path(r.PP_UUID_PY), sent={"name": "test"}, body=r.UPDATE_PY))
    assert client.update_powerpack(r.PP_UUID_PY, {"name": "test"}) == _without_api_id(r.UPDATE_PY)


@pytest.mark.parametrize("answer", [
    pytest.param({"status": 200, "body": r.DELETE_SUCCESS}, id="200-success-go-ruby-python-php-dotnet"),
    pytest.param({"status": 200, "body": r.DELETE_PY_OBJECT}, id="200-python-powerpack-object"),
    pytest.param({"status": 204}, id="204-empty-reference"),
])
def test_every_recorded_delete_answer_is_a_delete(http, client, answer):
    http.expect(Call("DELETE", pp_path(r.PP_UUID), sent={"unrent_numbers": False}, **answer))
    assert client.delete_powerpack(r.PP_UUID) is True


@pytest.mark.parametrize("answer", [
    pytest.param({"status": 200, "body": r.REMOVE_SUCCESS}, id="200-success-node-go"),
    pytest.param({"status": 200, "body": r.REMOVE_PY_OBJECT}, id="200-python-powerpack-object"),
    pytest.param({"status": 204}, id="204-empty"),
])
@pytest.mark.parametrize("sender_type, number", [("longcode", r.LONG_CODE), ("tollfree", r.TOLL_FREE), ("shortcode", r.SHORT_CODE)])
def test_every_recorded_remove_answer_is_a_removal(http, client, answer, sender_type, number):
    http.expect(Call("DELETE", pool_path(sender_type, number), **answer))
    assert client.remove_pool_sender(r.POOL, sender_type, number) is True


# -- Error bodies -----------------------------------------------------------------

def test_a_not_found_error_body_means_absent(http, client):
    http.expect(Call("GET", pp_path(r.PP_UUID), status=404, body=r.ERROR_NOT_FOUND),
                Call("GET", pool_path("longcode", r.LONG_CODE), status=404, body=r.ERROR_NOT_FOUND),
                Call("DELETE", pool_path("tollfree", r.TOLL_FREE), status=404, body=r.ERROR_NOT_FOUND))
    assert client.get_powerpack(r.PP_UUID) is None
    assert client.get_pool_sender(r.POOL, "longcode", r.LONG_CODE) is None
    assert client.remove_pool_sender(r.POOL, "tollfree", r.TOLL_FREE) is False


def test_a_refusal_carries_the_api_error_text(http, client):
    http.expect(Call("POST", pool_path("longcode", r.LONG_CODE), status=400, body=r.ERROR_REFUSED))
    with pytest.raises(PlivoApiError) as err:
        client.add_pool_sender(r.POOL, "longcode", r.LONG_CODE, service="sms")
    assert err.value.status == 400 and err.value.error == r.ERROR_REFUSED["error"]


def test_a_401_body_without_api_id_carries_its_error_text(http, client):
    http.expect(Call("GET", pp_path(r.PP_UUID), status=401, body=r.ERROR_401))
    with pytest.raises(PlivoApiError, match="HTTP 401 for GET .*authentication credentials were not provided") as err:
        client.get_powerpack(r.PP_UUID)
    assert err.value.status == 401 and err.value.error == r.ERROR_401["error"]
    assert AUTH_TOKEN not in str(err.value)


def test_a_401_body_without_api_id_fails_a_module_with_its_error_text(http):
    http.expect(Call("GET", pp_path(r.PP_UUID), status=401, body=r.ERROR_401))
    result = run_module(powerpack_module.main, {"uuid": r.PP_UUID, "name": "vishnu_sep_01"})
    assert result["failed"] is True and result["status"] == 401
    assert result["api_error"] == r.ERROR_401["error"]
    assert AUTH_TOKEN not in json.dumps(result)


# -- Powerpacks compared through powerpack_model ------------------------------------

FOUR_DECLARED = [  # The four entries of the java and php answers, in neither of their orders, in lower case.
    {"country_iso": "ca", "service_type": "sms", "priority": {"priority1": "shortcode", "priority2": "longcode", "priority3": "tollfree"}},
    {"country_iso": "us", "service_type": "mms", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}},
    {"country_iso": "ca", "service_type": "mms", "priority": {"priority1": "shortcode", "priority2": "longcode", "priority3": "tollfree"}},
    {"country_iso": "us", "service_type": "sms", "priority": {"priority1": "shortcode", "priority2": "tollfree", "priority3": "longcode"}},
]


@pytest.mark.parametrize("answer", [r.GET_JAVA, r.GET_PHP], ids=["java", "php"])
def test_number_priority_in_any_order_is_no_change(answer):
    current = powerpack_model.from_api(answer)
    assert powerpack_model.differences(current, powerpack_model.wanted({"number_priority": FOUR_DECLARED})) == ({}, {})


@pytest.mark.parametrize("answer", [r.GET_JAVA, r.GET_PHP], ids=["java", "php"])
def test_number_priority_entries_the_declaration_lacks_are_a_change_that_names_them(answer):
    us_sms = FOUR_DECLARED[3]
    before, after = powerpack_model.differences(powerpack_model.from_api(answer), powerpack_model.wanted({"number_priority": [us_sms]}))
    keys = [(entry["country_iso"], entry["service_type"]) for entry in before["number_priority"]]
    # The before side as the API holds the entries (its own, unsorted, order).
    assert keys == [(entry["country_iso"], entry["service_type"]) for entry in answer["number_priority"]]
    assert sorted(keys) == [("CA", "MMS"), ("CA", "SMS"), ("US", "MMS"), ("US", "SMS")]
    assert after == {"number_priority": [{"country_iso": "US", "service_type": "SMS", "priority": us_sms["priority"]}]}


@pytest.mark.parametrize("answer", [r.GET_GO, r.CREATE_PY, r.UPDATE_PY], ids=["go-get", "python-create", "python-update"])
def test_application_type_xml_echoed_as_XML_is_no_change(answer):
    want = powerpack_model.wanted({"application_id": answer["application_id"], "application_type": "xml"})
    assert powerpack_model.differences(powerpack_model.from_api(answer), want) == ({}, {})


def test_string_booleans_are_booleans():
    current = powerpack_model.from_api(r.GET_NODE_TYPES)
    assert current["sticky_sender"] is True and current["local_connect"] is False
    want = powerpack_model.wanted({"sticky_sender": True, "local_connect": False})
    assert powerpack_model.differences(current, want) == ({}, {})


def test_an_application_id_written_as_a_json_number_is_compared_as_its_digits():
    # plivo-python powerpackGetPowerpackResponse.json writes application_id as a number.
    want = powerpack_model.wanted({"application_id": "123912833468", "application_type": "xml"})
    assert powerpack_model.differences(powerpack_model.from_api(r.GET_PY_DOC), want) == ({}, {})


# -- Modules fed recorded answers -----------------------------------------------------

@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("answer, args", [
    pytest.param(r.GET_JAVA, {"number_priority": FOUR_DECLARED}, id="java-four-priorities-reordered"),
    pytest.param(r.GET_PHP, {"number_priority": FOUR_DECLARED}, id="php-four-priorities-reordered"),
    pytest.param(r.GET_GO, {"application_id": "33660394121755210", "application_type": "xml"}, id="go-application-XML"),
    pytest.param(r.GET_NODE_TYPES, {"sticky_sender": True, "local_connect": False}, id="node-string-booleans"),
])
def test_powerpack_module_sees_no_change_in_a_recorded_answer_that_matches(http, answer, args, check_mode):
    http.expect(Call("GET", pp_path(answer["uuid"]), body=answer))
    result = run_module(powerpack_module.main, dict(args, uuid=answer["uuid"]), check_mode=check_mode)
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is False and result["diff"] == {"before": {}, "after": {}}
    assert http.writes == []
    assert result["powerpack"]["sticky_sender"] in (True, False) and result["powerpack"]["local_connect"] in (True, False)


def test_powerpack_module_creates_from_the_recorded_create_answer_without_a_second_write(http):
    empty = dict(r.LIST_GO, meta=dict(r.LIST_GO["meta"], total_count=0), objects=[])
    http.expect(Call("GET", "Powerpack/", query=FIRST_PAGE, body=empty),
                Call("POST", "Powerpack/", body=r.CREATE_PY))
    result = run_module(powerpack_module.main, {"name": "test", "application_id": "20342783288007824",
                                                "application_type": "xml", "sticky_sender": True, "local_connect": True})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is True and result["powerpack"] == _without_api_id(r.CREATE_PY)
    assert len(http.writes) == 1


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("sender_type, number, service, answer", [
    pytest.param("longcode", r.LONG_CODE, "mms", r.SINGLE_GO, id="go-numberpool_uuid-mms"),
    pytest.param("longcode", r.LONG_CODE, None, r.SINGLE_PY, id="python-numberpool_uuid-no-service"),
    pytest.param("tollfree", r.TOLL_FREE, None, r.TOLLFREE_SINGLE_GO, id="go-tollfree-number-key"),
    pytest.param("tollfree", r.TOLL_FREE, None, r.TOLLFREE_SINGLE_DOTNET, id="dotnet-tollfree-key"),
])
def test_powerpack_number_finds_a_recorded_entry_unchanged_and_returns_the_one_shape(
        http, sender_type, number, service, answer, check_mode):
    http.expect(Call("GET", pp_path(r.PP_UUID), body=r.GET_GO),
                Call("GET", pool_path(sender_type, number), query={"service": service or "sms"}, body=answer))
    args = {"powerpack_uuid": r.PP_UUID, "number": number, "type": sender_type}
    if service:
        args["service"] = service
    result = run_module(powerpack_number.main, args, check_mode=check_mode)
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is False and http.writes == []
    assert_normal_entry(result["sender"], answer, sender_type, number, service or "sms")


@pytest.mark.parametrize("page", [r.TOLLFREE_LIST_GO, r.TOLLFREE_LIST_RUBY, r.TOLLFREE_LIST_PY],
                         ids=["go-number-key", "ruby-number-key", "python-tollfree-key"])
def test_powerpack_number_info_returns_recorded_toll_free_entries_under_both_keys(http, page):
    http.expect(Call("GET", pp_path(r.PP_UUID), body=r.GET_GO),
                Call("GET", pool_path("tollfree"), query=FIRST_PAGE, body=page))
    result = run_module(powerpack_number_info.main, {"powerpack_uuid": r.PP_UUID, "type": ["tollfree"]})
    assert "failed" not in result, result.get("msg")
    (entry,) = result["tollfree"]
    assert_normal_entry(entry, page["objects"][0], "tollfree", r.TOLL_FREE)
    assert result["senders"] == [{"number": r.TOLL_FREE, "type": "tollfree", "service": "sms"}]


# -- What the recorded answers leave out ---------------------------------------------

def test_an_add_answer_without_a_service_reports_the_service_just_set(http, client):
    # plivo-python powerpackAddNumberResponse.json has no service: the entry returned is the one asked for.
    http.expect(Call("POST", pool_path("longcode", r.ADD_PY_NUMBER), sent={"service": "mms"}, body=r.ADD_PY))
    assert client.add_pool_sender(r.POOL, "longcode", r.ADD_PY_NUMBER, service="mms")["service"] == "mms"


US_SMS = {"country_iso": "US", "service_type": "SMS",
          "priority": {"priority1": "longcode", "priority2": "tollfree", "priority3": "shortcode"}}


@pytest.mark.parametrize("answer", [r.CREATE_PY, r.CREATE_JAVA], ids=["python", "java"])
def test_a_create_answer_without_number_priority_is_read_back_not_updated_blindly(http, answer):
    # plivo-python powerpackCreatePowerpackResponse.json and plivo-java powerpackCreateResponse.json have no
    # number_priority: the created powerpack is read once, and no update follows when it already matches.
    name = answer["name"]
    full = dict(answer, number_priority=[US_SMS])
    http.expect(Call("GET", "Powerpack/", query={"limit": 20, "offset": 0}, body={"meta": {"total_count": 0}, "objects": []}),
                Call("POST", "Powerpack/", body=answer),
                Call("GET", pp_path(answer["uuid"]), body=full))
    result = run_module(powerpack_module.main, {"name": name, "number_priority": [US_SMS]})
    assert "failed" not in result, result.get("msg")
    assert result["changed"] is True and result["powerpack"]["number_priority"] == [US_SMS]
    assert [s["method"] for s in http.writes] == ["POST"]
