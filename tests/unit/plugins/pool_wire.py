# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Number-pool wire objects and scripted calls, for the client's pool tests
(module_utils/test_api_pools.py) and the pool module tests (modules/test_powerpack_*.py).
Builds on scripted_http's powerpack, page and Call."""

from __future__ import annotations

from ansible_collections.plivo.messaging.plugins.module_utils import wire
from ansible_collections.plivo.messaging.tests.unit.plugins import recorded
from ansible_collections.plivo.messaging.tests.unit.plugins.scripted_http import ACCOUNT, Call, page, powerpack

PP = powerpack()
POOL = wire.pool_uuid(PP["number_pool"])
ENDPOINTS = {"longcode": "Number", "tollfree": "Tollfree", "shortcode": "Shortcode"}
NOT_FOUND = {"status": 404, "body": {"api_id": "x", "error": "not found"}}
# The read of the powerpack by its uuid that finds its pool.
BY_UUID = Call("GET", "Powerpack/%s/" % PP["uuid"], body=PP)


def pool_path(sender_type, number=None):
    """A pool endpoint, relative to the account, as Call takes it."""
    path = "NumberPool/%s/%s/" % (POOL, ENDPOINTS[sender_type])
    return path if number is None else path + number + "/"


def entry(number, sender_type="longcode", service="sms", **fields):
    """A pool entry as the API sends it, with the keys the collection returns too (``wire.normal_entry``):
    every entry carries ``number``, toll-free numbers also ``tollfree`` (with ``type: tollfree``, as the
    recorded answers show) and short codes ``shortcode``; long codes and toll-free numbers have a service.
    Its ``type`` is the API's (long codes ``fixed``); ``shown`` gives it as the collection returns it."""
    obj = {"number": number, "country_iso2": "US", "added_on": "2019-10-09T11:24:35.085797Z", "number_pool_uuid": POOL}
    if sender_type == "longcode":
        obj.update(type="fixed", service=service,
                   account_phone_number_resource="%sNumber/%s/" % (ACCOUNT, number))
    elif sender_type == "tollfree":
        obj.update(tollfree=number, type="tollfree", service=service)
    else:
        obj.update(shortcode=number)
    obj.update(fields)
    return obj


def shown(obj, sender_type="longcode"):
    """A pool entry of ``entry`` as the collection returns it: ``type`` is the kind of sender
    (longcode, tollfree, shortcode), and the API's type, the kind of number, is ``number_type``."""
    result = dict(obj, type=sender_type)
    if obj.get("type") is not None:
        result["number_type"] = obj["type"]
    return result


def numbers(start, count, prefix="1415555"):
    return ["%s%04d" % (prefix, n) for n in range(start, start + count)]


def pool_reads(sender_type, objects, query=None, served=20):
    """The list pages that read these pool objects: offsets computed, since meta.next may be "" (as here)."""
    calls = []
    for offset in range(0, max(len(objects), 1), served):
        body = page(objects[offset:offset + served], offset, len(objects))
        body["meta"].update(next="", previous="")
        calls.append(Call("GET", pool_path(sender_type), query=dict(query or {}, limit=20, offset=offset), body=body))
    return calls


def by_name(*objects):
    """The one Powerpack list page a lookup by name reads."""
    return Call("GET", "Powerpack/", query={"limit": 20, "offset": 0},
                body=page([powerpack(o["name"], o["uuid"], full=False) for o in objects], 0, len(objects)))


def account_number(number, number_type="local", mms_enabled=True, **fields):
    """The read of a number the account rents (GET Account/{id}/Number/{n}/), in the recorded shape
    (plivo-python numberGetResponse.json, recorded.ACCOUNT_NUMBER_PY); MMS-enabled unless told."""
    body = dict(recorded.ACCOUNT_NUMBER_PY, number=number, number_type=number_type, mms_enabled=mms_enabled,
                resource_uri="%sNumber/%s/" % (ACCOUNT, number), **fields)
    return Call("GET", "Number/%s/" % number, body=body)


def not_rented(number):
    """The read of a number the account does not rent: the API does not know it there."""
    return Call("GET", "Number/%s/" % number, **NOT_FOUND)
