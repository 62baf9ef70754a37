# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Scripted HTTP for unit tests: every request the code under test sends must be
the next one in the script, and the script must be used up, so a test states
exactly which calls a task makes (community.hrobot's style)."""

from __future__ import annotations

import json
import threading
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import requests.adapters

API_URL = "https://api.example.test"
AUTH_ID = "MAUNITTEST0000000000"
AUTH_TOKEN = "unit-secret-token-4d1e"
ACCOUNT = "/v1/Account/%s/" % AUTH_ID


class Call:
    """One expected request and the answer to give it."""

    def __init__(self, method, path, status=200, body=None, query=None, sent=None, raw=None, exc=None):
        self.method = method
        self.path = ACCOUNT + path
        self.query = query or {}
        self.sent = sent
        self.status = status
        self.body = body
        self.raw = raw
        self.exc = exc


class Script:
    """The expected calls, in order; with ``any_order`` (for runs with several workers) each
    request takes the first expected call it matches, wherever that is in the script."""

    def __init__(self):
        self.calls = []
        self.seen = []
        self.any_order = False
        self._lock = threading.Lock()

    def expect(self, *calls):
        """Append these calls (a list stands for the calls it holds) to the script."""
        for call in calls:
            self.calls.extend(call if isinstance(call, list) else [call])

    def send(self, request, **kwargs):
        with self._lock:
            call = self._next(request, **kwargs)
        return self._answer(call, request)

    def _next(self, request, **kwargs):
        url = urlsplit(request.url)
        sent = json.loads(request.body) if request.body else None
        self.seen.append({"method": request.method, "path": url.path, "query": dict(parse_qsl(url.query)),
                          "sent": sent, "timeout": kwargs.get("timeout"), "headers": dict(request.headers)})
        assert self.calls, "unexpected request %s %s" % (request.method, request.url)
        index = 0
        if self.any_order:
            query = dict(parse_qsl(url.query))
            index = next((at for at, call in enumerate(self.calls) if (call.method, call.path) == (request.method, url.path)
                          and {k: str(v) for k, v in call.query.items()} == query), 0)
        call = self.calls.pop(index)
        assert (request.method, url.path) == (call.method, call.path)
        assert dict(parse_qsl(url.query)) == {k: str(v) for k, v in call.query.items()}
        if call.sent is not None:
            assert sent == call.sent
        return call

    @staticmethod
    def _answer(call, request):
        if call.exc is not None:
            raise call.exc
        response = requests.Response()
        response.status_code = call.status
        response.reason = "scripted"
        response.url = request.url
        response.request = request
        if call.raw is not None:
            response._content = call.raw.encode()
        elif call.body is not None:
            response._content = json.dumps(call.body).encode()
            response.headers["Content-Type"] = "application/json"
        else:
            response._content = b""
        return response

    @property
    def writes(self):
        return [s for s in self.seen if s["method"] in ("POST", "DELETE", "PUT", "PATCH")]


@pytest.fixture
def http(monkeypatch):
    """The HTTP script of one test; no request leaves the process."""
    script = Script()
    # A bound method is not rebound as an attribute of the class, so the adapter
    # calls script.send(request, ...) directly.
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", script.send)
    yield script
    assert not script.calls, "expected requests were never sent: %s" % [(c.method, c.path) for c in script.calls]


def pool_of(uuid):
    """The number pool uuid of the test powerpack with this uuid (the API gives each powerpack one)."""
    return "b0015000" + uuid[8:]


def powerpack(name="alerts", uuid="5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11", full=True, **fields):
    """A powerpack object as the API sends it (full: as a GET by uuid; else as a list object)."""
    obj = {
        "api_id": "api-call-id",
        "application_id": "",
        "application_type": "",
        "created_on": "2020-09-23T09:31:25.924044Z",
        "local_connect": True,
        "name": name,
        "number_pool": "%sNumberPool/%s/" % (ACCOUNT, pool_of(uuid)),
        "sticky_sender": True,
        "uuid": uuid,
    }
    if full:
        obj["number_priority"] = []
    else:
        del obj["api_id"]
    obj.update(fields)
    return obj


def page(objects, offset, total, limit=20):
    return {
        "api_id": "api-call-id",
        "meta": {"limit": limit, "offset": offset, "total_count": total,
                 "next": "/api/v1/account/%s/Powerpack?offset=%d&limit=%d" % (AUTH_ID, offset + limit, limit)
                 if offset + limit < total else None,
                 "previous": None},
        "objects": objects,
    }


# An argument value that means "leave this option out", so its env fallback applies.
OMIT = object()


def run_module(main, args, check_mode=False, diff=True):
    """Run a module's main() in-process with these arguments; return its result dict.
    The connection options default to the test account's; give OMIT to leave one out."""
    # Imported here so that importing this file does not need ansible-core's test helpers.
    import io
    import sys
    from unittest import mock

    from ansible.module_utils import basic

    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    args.setdefault("auth_id", AUTH_ID)
    args.setdefault("auth_token", AUTH_TOKEN)
    args.setdefault("api_url", API_URL)
    # A script is one sequence of calls: one worker sends them in the order the converge makes them.
    # Tests of concurrency give workers themselves and script with any_order.
    args.setdefault("workers", 1)
    args = {key: value for key, value in args.items() if value is not OMIT}
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core < 2.19
        patch = mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode())
    else:
        patch = patch_module_args(args)
    out = io.StringIO()
    with patch, mock.patch.object(sys, "stdout", out), pytest.raises(SystemExit):
        main()
    return json.loads(out.getvalue())
