# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A local HTTP server that answers from a script, for what happens below a
scripted requests adapter: urllib3's retries, dropped connections, timeouts.

Fixtures (made available to tests/unit/plugins by its conftest.py):
  server        a started ScriptedServer, closed after the test
  fast_backoff  the client's retry back-off shortened to 0.01 s
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ansible_collections.plivo.messaging.plugins.module_utils import retry as retry_module

DROP = "drop"


class ScriptedServer:
    """Answers each request with the next scripted answer: (status, body[, headers]),
    DROP (close the connection without answering) or ("sleep", seconds, answer)."""

    def __init__(self):
        self.answers = []
        self.seen = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.seen.append({"time": time.monotonic(), "method": self.command, "path": self.path,
                                    "body": json.loads(body) if body else None,
                                    "agent": self.headers.get("User-Agent")})
                answer = server.answers.pop(0) if server.answers else (500, {"error": "script used up"})
                if answer[0] == "sleep":
                    time.sleep(answer[1])
                    answer = answer[2]
                if answer == DROP:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                status, payload = answer[0], answer[1]
                headers = answer[2] if len(answer) > 2 else {}
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def methods(self):
        """(method, path) of each request seen, the path without its query and /v1/Account/<id>/."""
        return [(s["method"], re.sub(r"^/v1/Account/[^/]+/", "", s["path"].split("?")[0])) for s in self.seen]


@pytest.fixture
def server():
    scripted = ScriptedServer()
    yield scripted
    scripted.close()


@pytest.fixture
def fast_backoff(monkeypatch):
    monkeypatch.setattr(retry_module, "BACKOFF_BASE", 0.01)
