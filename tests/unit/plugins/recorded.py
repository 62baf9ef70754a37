# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Answers of the Plivo API in the exact shapes of the official SDKs' recorded test
fixtures (field names, JSON types, nesting), for module_utils/test_recorded_shapes.py.

Each answer names above it the SDK repository and file it was written from. Values
are kept as recorded, with these exceptions only:
- every number pool uuid is POOL and every powerpack uuid a UUID of this file (PP_UUID,
  PP_UUID_2, ...), so one scripted pool serves every answer; where a fixture had a
  placeholder (``<powerpack_uuid>``, ``{your_number}``, ``{auth_id}``) it holds a value of
  the right form (a UUID, digits, the fixtures' account id);
- a JSON key the fixture repeats (plivo-python's update answer has ``uuid`` twice) is
  written once, with the value a JSON parser keeps (the last).
"""

from __future__ import annotations

# The account id the recorded answers show in their paths (plivo-python, plivo-ruby, plivo-php fixtures).
ACCOUNT_ID = "MAODZKMDFJMJU3MTEYNG"
# The number pool most fixtures show (659c7f88-...): every pool answer below is of this pool.
POOL = "659c7f88-c819-46e2-8af4-2d8a84249099"
POOL_PATH = "/v1/Account/%s/NumberPool/%s/" % (ACCOUNT_ID, POOL)
# The powerpack of plivo-go fixtures/powerpack.json (and of the other SDKs' copies).
PP_UUID = "86bbb125-97bb-4d72-89fd-81d5c515b015"
# The second powerpack of the list fixtures (plivo-go fixtures/powerpackList.json).
PP_UUID_2 = "70f8c51f-2700-4067-9101-f177a98ec65d"
# The java GET's powerpack (plivo-java numberPoolPowerPack.json).
PP_UUID_JAVA = "d5125688-7c1a-43b5-b522-bbe70b54490a"
# Replacing plivo-python's "<powerpack_uuid>" placeholders.
PP_UUID_PY = "4f1c9a52-6b0e-4d2a-9c3e-5a7d8e9f0b12"

LONG_CODE = "15799140348"
TOLL_FREE = "18772209942"
TOLL_FREE_JAVA = "18889140579"
SHORT_CODE = "444444"

SUCCESS = {"api_id": "964edb6e-3f08-11e7-920b-0600a1193e9b", "response": "success"}


def _priority(country, service, first, second, third):
    return {"country_iso": country, "priority": {"priority1": first, "priority2": second, "priority3": third},
            "service_type": service}


# -- Powerpacks ---------------------------------------------------------------

# plivo-python tests/resources/fixtures/powerpackCreatePowerpackResponse.json
CREATE_PY = {
    "api_id": "4b2c83c4-09ff-11ea-b072-0242ac110007",
    "application_id": "20342783288007824",
    "application_type": "XML",
    "created_on": "2019-10-09T11:10:59.666461Z",
    "local_connect": True,
    "name": "test",
    "number_pool": POOL_PATH,
    "sticky_sender": True,
    "uuid": PP_UUID_PY,
}

# plivo-java src/test/resources/com/plivo/api/powerpackCreateResponse.json
# (the same object as plivo-go fixtures/powerpack.json, used there as the GET answer)
CREATE_JAVA = {
    "api_id": "b2e24102-d228-11e9-b61e-0242ac110007",
    "application_id": "33660394121755210",
    "application_type": "XML",
    "created_on": "2019-09-03T08:50:09.510692Z",
    "local_connect": False,
    "name": "vishnu_sep_01",
    "number_pool": POOL_PATH,
    "sticky_sender": True,
    "uuid": PP_UUID,
}

# plivo-go fixtures/powerpack.json; plivo-ruby spec/mocks/powerpackResponse.json; plivo-dotnet
# tests/Plivo.Test/Mocks/powerpack.json: the GET by uuid, without number_priority.
GET_GO = dict(CREATE_JAVA)

# plivo-php tests/Mocks/powerpackResponse.json: the GET by uuid with four number_priority
# entries (US SMS, CA SMS, US MMS, CA MMS).
GET_PHP = dict(GET_GO, number_priority=[
    _priority("US", "SMS", "shortcode", "tollfree", "longcode"),
    _priority("CA", "SMS", "shortcode", "longcode", "tollfree"),
    _priority("US", "MMS", "shortcode", "tollfree", "longcode"),
    _priority("CA", "MMS", "shortcode", "longcode", "tollfree"),
])

# plivo-java src/test/resources/com/plivo/api/numberPoolPowerPack.json (recorded 2021-11): four
# number_priority entries in the order US SMS, US MMS, CA MMS, CA SMS; no application.
GET_JAVA = {
    "api_id": "3d1876e6-5113-11ec-bff8-0242ac110004",
    "application_id": "",
    "application_type": "",
    "created_on": "2021-11-23T08:34:45.181387Z",
    "local_connect": True,
    "name": "b27nxgksxnaimonk4kj4i",
    "number_pool": POOL_PATH,
    "number_priority": [
        _priority("US", "SMS", "shortcode", "tollfree", "longcode"),
        _priority("US", "MMS", "shortcode", "tollfree", "longcode"),
        _priority("CA", "MMS", "shortcode", "longcode", "tollfree"),
        _priority("CA", "SMS", "shortcode", "longcode", "tollfree"),
    ],
    "sticky_sender": False,
    "uuid": PP_UUID_JAVA,
}

# plivo-python tests/resources/fixtures/powerpackGetPowerpackResponse.json: no api_id,
# smart_sender instead of sticky_sender, and application_id as a JSON number.
GET_PY_DOC = {
    "uuid": "5ec4c8c9-cd74-42b5-9e41-0d7670d6bb46",
    "name": "My Powerpack",
    "smart_sender": True,
    "local_connect": False,
    "application_type": "XML",
    "application_id": 123912833468,
    "number_pool": POOL_PATH,
    "created_on": "2019-07-15T12:22:00Z",
}

# The GET by uuid with sticky_sender and local_connect as strings, the types plivo-node
# declares for every powerpack answer (types/resources/powerpacks.d.ts, RetrievePowerpack:
# stickySender: string, localConnect: string); otherwise plivo-go fixtures/powerpack.json.
GET_NODE_TYPES = dict(GET_GO, sticky_sender="true", local_connect="false")

# plivo-python tests/resources/fixtures/powerpackUpdatePowerpackResponse.json (its "uuid" key
# appears twice; a JSON parser keeps the last).
UPDATE_PY = {
    "api_id": "4b2c83c4-09ff-11ea-b072-0242ac110007",
    "application_id": "20342783288007824",
    "application_type": "XML",
    "created_on": "2019-10-09T11:10:59.666461Z",
    "local_connect": True,
    "name": "test",
    "number_pool": POOL_PATH,
    "sticky_sender": True,
    "uuid": PP_UUID_PY,
}

# plivo-python powerpackDeleteResponse.json; plivo-go fixtures/powerpackDeleteResponse.json;
# plivo-ruby spec/mocks/powerpackDelete.json; plivo-php tests/Mocks/powerpackDeleteResponse.json;
# plivo-dotnet tests/Plivo.Test/Mocks/powerpackDeleteResponse.json (all the same object).
DELETE_SUCCESS = dict(SUCCESS)

# plivo-python tests/resources/fixtures/powerpackDeletePowerpackResponse.json: a powerpack
# object as the delete answer (uuid not of UUID form, as recorded).
DELETE_PY_OBJECT = {
    "uuid": "dfsd-fsdfsd-345dfsd-fsdfs-sdfsd",
    "name": "My Powerpack",
    "smart_sender": True,
    "local_connect": False,
    "application_type": "XML",
    "application_id": 123912833468,
    "number_pool": POOL_PATH,
    "created_on": "2019-07-15T12:22:00Z",
}

# The two list objects of plivo-go fixtures/powerpackList.json (and of the ruby, php and
# dotnet copies): list objects have no number_priority.
LISTED = [
    {
        "application_id": "33660394121755210",
        "application_type": "XML",
        "created_on": "2019-09-03T08:50:09.510692Z",
        "local_connect": False,
        "name": "vishnu_sep_01",
        "number_pool": POOL_PATH,
        "sticky_sender": True,
        "uuid": PP_UUID,
    },
    {
        "application_id": "",
        "application_type": "",
        "created_on": "2019-09-03T18:35:19.548601Z",
        "local_connect": True,
        "name": "Neel_ppk_sdk-14",
        "number_pool": "/v1/Account/%s/NumberPool/13611cea-d86d-4da9-b70a-37f47478b5c0/" % ACCOUNT_ID,
        "sticky_sender": True,
        "uuid": PP_UUID_2,
    },
]

# plivo-go fixtures/powerpackList.json: next and previous null, total_count 2.
LIST_GO = {
    "api_id": "ff25223a-1c9f-11e4-80aa-12313f048015",
    "meta": {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 2},
    "objects": LISTED,
}

# plivo-ruby spec/mocks/powerpackListResponse.json; plivo-php tests/Mocks/powerpackListResponse.json;
# plivo-dotnet tests/Plivo.Test/Mocks/powerpackList.json; plivo-python powerpackListResponse.json:
# two objects under a total_count of 0.
LIST_RUBY = dict(LIST_GO, meta=dict(LIST_GO["meta"], total_count=0))

# plivo-java src/test/resources/com/plivo/api/powerpackListResponse.json: next is a path back
# to offset 0 (a client that follows it never ends), previous null, total_count 0.
LIST_JAVA = {
    "api_id": "ff25223a-1c9f-11e4-80aa-12313f048015",
    "meta": {"limit": 20, "next": "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Powerpack/?limit=20&offset=0", "offset": 0,
             "previous": None, "total_count": 0},
    "objects": LISTED,
}


def _listed_py(name, created_on, local_connect, sticky_sender, uuid):
    return {"application_id": "", "application_type": "", "created_on": created_on, "local_connect": local_connect,
            "name": name, "number_pool": "/v1/Account/%s/NumberPool/%s/" % (ACCOUNT_ID, uuid), "sticky_sender": sticky_sender,
            "uuid": uuid}


# plivo-python tests/resources/fixtures/powerpackListPowerpackResponse.json: three objects of a
# total_count of 53, next in the odd form "/api/v1/account/{id}/Powerpack?offset=20&limit=20",
# no previous key.
LIST_PY = {
    "api_id": "e44c159e-0a02-11ea-b072-0242ac110007",
    "meta": {"limit": 20, "next": "/api/v1/account/xxxxxxx/Powerpack?offset=20&limit=20", "offset": 0, "total_count": 53},
    "objects": [
        _listed_py("test", "2019-10-09T11:10:59.666461Z", True, True, "0b6e2f4a-1c3d-4e5f-8a9b-000000000001"),
        _listed_py("p23", "2019-10-09T17:03:31.837944Z", False, False, "0b6e2f4a-1c3d-4e5f-8a9b-000000000002"),
        _listed_py("p22", "2019-10-09T16:54:34.0117Z", False, False, "0b6e2f4a-1c3d-4e5f-8a9b-000000000003"),
    ],
}


def listed_py(index):
    """A list object in plivo-python's listed form (powerpackListPowerpackResponse.json), the index-th of the account."""
    return _listed_py("p%02d" % index, "2019-10-09T16:54:34.0117Z", False, False,
                      "0b6e2f4a-1c3d-4e5f-8a9b-%012d" % index)


# -- Number pool: long codes --------------------------------------------------

# The list entry of plivo-python numberpoolListResponse.json; plivo-go fixtures/numberpoolNumberRespone.json;
# plivo-ruby spec/mocks/numberpoolListResponse.json; plivo-php tests/Mocks/numberpoolListResponse.json;
# plivo-dotnet tests/Plivo.Test/Mocks/numberpoolNumberRespone.json: no service.
LONG_ENTRY = {
    "account_phone_number_resource": "/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, LONG_CODE),
    "added_on": "2019-09-03T08:50:09.578928Z",
    "country_iso2": "CA",
    "number": LONG_CODE,
    "number_pool_uuid": POOL,
    "type": "fixed",
}

# The page around it (same files): next and previous "", total_count 1.
LONG_LIST = {
    "api_id": "21a04c42-d229-11e9-b61e-0242ac110007",
    "meta": {"limit": 20, "next": "", "offset": 0, "previous": "", "total_count": 1},
    "objects": [LONG_ENTRY],
}

# plivo-java src/test/resources/com/plivo/api/numberpoolListResponse.json: next as a path with
# offset=20 under a total_count of 1.
LONG_LIST_JAVA = {
    "api_id": "21a04c42-d229-11e9-b61e-0242ac110007",
    "meta": {"limit": 20, "next": "/v1/Account/MAXXXXXXXXXXXXXXXXXX/NumberPool/%s/Number/?limit=20&offset=20" % POOL,
             "offset": 0, "previous": "", "total_count": 1},
    "objects": [LONG_ENTRY],
}

# plivo-python tests/resources/fixtures/powerpackListNumbersResponse.json (and plivo-node
# lib/rest/request-test.js, GET NumberPool/.../Number/): the page also carries the pool's
# uuid and number_pool; three entries.
LONG_LIST_PY = {
    "api_id": "0dacbefa-0a87-11ea-b072-0242ac110007",
    "uuid": POOL,
    "number_pool": POOL_PATH,
    "meta": {"limit": 20, "next": "", "offset": 0, "previous": "", "total_count": 3},
    "objects": [
        {"account_phone_number_resource": "/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, number),
         "added_on": "2019-10-09T11:24:35.085797Z", "country_iso2": country, "number": number,
         "number_pool_uuid": POOL, "type": "fixed"}
        for number, country in (("14155550101", "US"), ("14155550102", "US"), ("15799140349", "CA"))
    ],
}

# plivo-dotnet commit eceb9be "handle no meta" (PowerpackInterface.cs Count_Number): a pool
# list answered without meta; the SDK reads its objects, then counts 0.
EMPTY_NO_META = {"api_id": "21a04c42-d229-11e9-b61e-0242ac110007", "objects": []}

# plivo-python tests/resources/fixtures/numberpoolResponse.json; plivo-php tests/Mocks/numberpoolResponse.json
# (answered 2019-09-08): the single GET says numberpool_uuid; no service.
SINGLE_PY = {
    "account_phone_number_resource": "/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, LONG_CODE),
    "added_on": "2019-09-03T08:50:09.578928Z",
    "api_id": "81ca9d16-d229-11e9-b61e-0242ac110007",
    "country_iso2": "CA",
    "number": LONG_CODE,
    "numberpool_uuid": POOL,
    "type": "fixed",
}

# plivo-go fixtures/numberpoolSingleNoResponse.json: numberpool_uuid and "service": "mms".
SINGLE_GO = dict(SINGLE_PY, service="mms")

# plivo-ruby spec/mocks/numberpoolResponse.json; plivo-java numberpoolResponse.json (also the
# java add-number answer): number_pool_uuid, no api_id, no service.
SINGLE_RUBY = {k: v for k, v in SINGLE_PY.items() if k not in ("api_id", "numberpool_uuid")}
SINGLE_RUBY["number_pool_uuid"] = POOL

# plivo-python tests/resources/fixtures/powerpackAddNumberResponse.json: the add answer carries
# uuid, number_pool_uuid and number_pool (all the pool's); no service.
ADD_PY_NUMBER = "15799140336"
ADD_PY = {
    "account_phone_number_resource": "/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, ADD_PY_NUMBER),
    "added_on": "2019-10-09T11:24:35.085797Z",
    "api_id": "612982e8-0a87-11ea-b072-0242ac110007",
    "country_iso2": "CA",
    "number": ADD_PY_NUMBER,
    "uuid": POOL,
    "number_pool_uuid": POOL,
    "number_pool": POOL_PATH,
    "type": "fixed",
}

# plivo-python tests/resources/fixtures/powerpackBuyAndNumberResponse.json (rent: "true").
BUY_PY_NUMBER = "14845071864"
BUY_PY = dict(ADD_PY, number=BUY_PY_NUMBER,
              account_phone_number_resource="/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, BUY_PY_NUMBER))

# plivo-node lib/rest/request-test.js, POST NumberPool/.../Number/14845733595/.
ADD_NODE_NUMBER = "14845733595"
ADD_NODE = dict(ADD_PY, number=ADD_NODE_NUMBER,
                account_phone_number_resource="/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, ADD_NODE_NUMBER))

# -- Number pool: toll-free ---------------------------------------------------

# plivo-go fixtures/numberpoolTollfreeResponse.json (struct Tollfree, json:"number"): the number
# under "number", with "type": "tollfree".
TOLLFREE_ENTRY_GO = {
    "account_phone_number_resource": "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Number/15799140348/",
    "added_on": "2019-09-03T08:50:09.578928Z",
    "country_iso2": "CA",
    "number": TOLL_FREE,
    "number_pool_uuid": POOL,
    "type": "tollfree",
}
TOLLFREE_LIST_GO = {"api_id": "21a04c42-d229-11e9-b61e-0242ac110007",
                    "meta": {"limit": 20, "next": "", "offset": 0, "previous": "", "total_count": 1},
                    "objects": [TOLLFREE_ENTRY_GO]}

# plivo-ruby spec/mocks/tollfreeListResponse.json.
TOLLFREE_ENTRY_RUBY = dict(TOLLFREE_ENTRY_GO, account_phone_number_resource="/v1/Account/%s/Number/15799140348/" % ACCOUNT_ID)
TOLLFREE_LIST_RUBY = dict(TOLLFREE_LIST_GO, api_id="cd5fde12-d229-11e9-b61e-0242ac110007", objects=[TOLLFREE_ENTRY_RUBY])

# plivo-java src/test/resources/com/plivo/api/tollfreeListResponse.json.
TOLLFREE_ENTRY_JAVA = dict(TOLLFREE_ENTRY_GO, number=TOLL_FREE_JAVA,
                           account_phone_number_resource="/v1/Account/MAODZKXXXXXXXXXXXXX/Number/15799140348/")
TOLLFREE_LIST_JAVA = dict(TOLLFREE_LIST_GO, objects=[TOLLFREE_ENTRY_JAVA])

# plivo-python tests/resources/fixtures/powerpackListTollfreeResponse.json: the number under
# "tollfree", no type; the page also carries uuid and number_pool.
TOLLFREE_ENTRY_PY = {"added_on": "2019-10-09T11:10:59.741978Z", "country_iso2": "US", "number_pool_uuid": POOL,
                     "tollfree": TOLL_FREE}
TOLLFREE_LIST_PY = {"api_id": "614b2776-0a88-11ea-b072-0242ac110007", "uuid": POOL, "number_pool": POOL_PATH,
                    "meta": {"limit": 20, "offset": 0, "next": "", "previous": "", "total_count": 1},
                    "objects": [TOLLFREE_ENTRY_PY]}

# plivo-node lib/rest/request-test.js, GET NumberPool/.../Tollfree/: the python entry form in a
# page with next and previous null and total_count 0.
TOLLFREE_LIST_NODE = {"api_id": "ff25223a-1c9f-11e4-80aa-12313f048015",
                      "meta": {"limit": 20, "next": None, "offset": 0, "previous": None, "total_count": 0},
                      "objects": [TOLLFREE_ENTRY_PY]}

# plivo-dotnet tests/Plivo.Test/Mocks/numberpoolTollfreeResponse.json: the toll-free number
# under "shortcode" (as recorded).
TOLLFREE_ENTRY_DOTNET = {"added_on": "2019-09-03T08:50:09.578928Z", "country_iso2": "US", "number_pool_uuid": POOL,
                         "shortcode": TOLL_FREE}
TOLLFREE_LIST_DOTNET = {"api_id": "cd5fde12-d229-11e9-b61e-0242ac110007",
                        "meta": {"limit": 20, "next": "", "offset": 0, "previous": "", "total_count": 1},
                        "objects": [TOLLFREE_ENTRY_DOTNET]}

# plivo-go fixtures/numberpoolSingleTollfreeResponse.json: number, numberpool_uuid, type tollfree.
TOLLFREE_SINGLE_GO = {
    "account_phone_number_resource": "/v1/Account/MAXXXXXXXXXXXXXXXXXX/Number/15799140348/",
    "added_on": "2019-09-03T08:50:09.578928Z",
    "api_id": "81ca9d16-d229-11e9-b61e-0242ac110007",
    "country_iso2": "CA",
    "number": TOLL_FREE,
    "numberpool_uuid": POOL,
    "type": "tollfree",
}

# plivo-ruby spec/mocks/tollfreeResponse.json; plivo-java tollfreeResponse.json (also java's
# add-tollfree answer): number_pool_uuid, no api_id.
TOLLFREE_SINGLE_RUBY = dict(TOLLFREE_ENTRY_RUBY)
TOLLFREE_SINGLE_JAVA = dict(TOLLFREE_ENTRY_JAVA, account_phone_number_resource="/v1/Account/%s/Number/15799140348/" % ACCOUNT_ID)

# plivo-dotnet tests/Plivo.Test/Mocks/numberpoolSingleTollfreeResponse.json: "tollfree" and
# numberpool_uuid, type tollfree.
TOLLFREE_SINGLE_DOTNET = {"added_on": "2019-09-03T08:50:09.578928Z", "country_iso2": "US", "tollfree": TOLL_FREE,
                          "numberpool_uuid": POOL, "type": "tollfree"}

# plivo-node lib/rest/request-test.js, GET and POST NumberPool/.../Tollfree/18772209942/:
# "number", no type, no api_id.
TOLLFREE_SINGLE_NODE = {"added_on": "2019-09-03T08:50:09.578928Z", "country_iso2": "CA", "number_pool_uuid": POOL,
                        "number": TOLL_FREE}

# plivo-python tests/resources/fixtures/powerpackAddTollfreeResponse.json: the add-tollfree
# answer in the long-code form (type fixed, uuid, number_pool).
ADD_TOLLFREE_PY = dict(ADD_PY, number=TOLL_FREE,
                       account_phone_number_resource="/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, TOLL_FREE))

# -- Number pool: short codes -------------------------------------------------

# plivo-python shortcodeResponse.json; plivo-go fixtures/numberpoolSingleShortcodeResponse.json;
# plivo-ruby spec/mocks/shortcodeResponse.json; plivo-php tests/Mocks/shortcodeResponse.json;
# plivo-dotnet numberpoolSingleShortcodeResponse.json: no api_id, no service.
SHORTCODE_ENTRY = {"added_on": "2019-09-03T08:50:09.578928Z", "country_iso2": "CA", "number_pool_uuid": POOL,
                   "shortcode": SHORT_CODE}

# plivo-python shortcodeListResponse.json; plivo-go fixtures/numberpoolShortCodeResponse.json;
# plivo-ruby spec/mocks/shortcodeListResponse.json; plivo-php tests/Mocks/shortcodeListResponse.json;
# plivo-dotnet numberpoolShortCodeResponse.json.
SHORTCODE_LIST = {"api_id": "cd5fde12-d229-11e9-b61e-0242ac110007",
                  "meta": {"limit": 20, "next": "", "offset": 0, "previous": "", "total_count": 1},
                  "objects": [SHORTCODE_ENTRY]}

# plivo-python tests/resources/fixtures/powerpackListShortcodeResponse.json: the page also
# carries uuid and number_pool.
SHORTCODE_LIST_PY = {"api_id": "614b2776-0a88-11ea-b072-0242ac110007", "uuid": POOL, "number_pool": POOL_PATH,
                     "meta": {"limit": 20, "offset": 0, "next": "", "previous": "", "total_count": 1},
                     "objects": [{"added_on": "2019-10-09T11:10:59.741978Z", "country_iso2": "US",
                                  "number_pool_uuid": POOL, "shortcode": SHORT_CODE}]}

# -- Removals and errors ------------------------------------------------------

# plivo-python tests/resources/fixtures/powerpackRemoveNumberResponse.json (and
# powerpackRemoveTollfreeResponse.json, powerpackRemoveShortcodeResponse.json): a powerpack
# object as the remove answer.
REMOVE_PY_OBJECT = dict(DELETE_PY_OBJECT, uuid="d35f2e82-d387-427f-8594-6fa07613c43a")

# plivo-node lib/rest/request-test.js, DELETE NumberPool/.../Tollfree/18772209942/ and
# .../Shortcode/444444/ (and plivo-go's NumberDeleteResponse, api_id and response).
REMOVE_SUCCESS = dict(SUCCESS)

# plivo-go fixtures/profileDeleteResponse.json; plivo-python campaignNumberLinkResponse.json:
# an error body is {"api_id", "error"}.
ERROR_NOT_FOUND = {"api_id": "e4fa5df0-0989-11ed-a350-0242ac110004", "error": "not found"}
ERROR_REFUSED = {"api_id": "5cd66c88-ba16-11ec-8e19-0242ac110003", "error": "The number xxxxx is not a valid number"}

# plivo-php tests/Mocks/messageCreate401Response.json: a 401 body without api_id.
ERROR_401 = {"error": "authentication credentials were not provided"}


# GET Account/{id}/Number/{number}/, the account's record of a number it rents
# (plivo-python tests/resources/fixtures/numberGetResponse.json), number and account as above.
ACCOUNT_NUMBER_PY = {
    "added_on": "2014-02-14",
    "active": False,
    "alias": None,
    "api_id": "88625e5e-1c92-11e4-80aa-12313f048015",
    "application": "/v1/Account/%s/Application/29986316244302815/" % ACCOUNT_ID,
    "carrier": "Plivo",
    "monthly_rental_rate": "0.80000",
    "number": LONG_CODE,
    "number_type": "local",
    "city": "USA",
    "cnam_lookup": "enabled",
    "compliance_application_id": None,
    "compliance_status": None,
    "country": "United States",
    "mms_enabled": False,
    "mms_rate": "0.00000",
    "tendlc_campaign_id": None,
    "tendlc_registration_status": "UNREGISTERED",
    "toll_free_sms_verification": None,
    "renewal_date": "2014-03-14",
    "region": "California, UNITED STATES",
    "resource_uri": "/v1/Account/%s/Number/%s/" % (ACCOUNT_ID, LONG_CODE),
    "sms_enabled": True,
    "sms_rate": "0.00000",
    "sub_account": None,
    "voice_enabled": True,
    "voice_rate": "0.00850",
}
