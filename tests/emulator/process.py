# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo_emulator.py in serve mode as a subprocess, for the tests and the benchmark.

    with EmulatorProcess({auth_id: token}, log_path, args=('--latency', '50')) as emulator:
        emulator.url                      # http://127.0.0.1:<free port>
        emulator.seed(auth_id, [{'name': 'alerts'}])
        emulator.requests(auth_id)        # the request log

EmulatorProcess(accounts, log_path, args=(), start_timeout=30)
  start() -> self    runs ``plivo_emulator.py --port 0`` (a free port) with one
                     --account flag per account, then ``args`` (more flags: faults,
                     --shortcode, ...), without the caller's PLIVO_* variables;
                     returns once it printed its URL and /_emulator/health answers;
                     raises EmulatorError (with its stderr) when it does not
  stop()             SIGTERM, SIGKILL after 10 s; safe to call more than once
  with ...:          start() unless started, stop() at the end
  url                the API URL (None until started)
  stderr_text()      what it wrote to stderr so far (kept in log_path)
  admin(method, path, body=None)    the decoded JSON answer of an admin endpoint
  seed(auth_id, powerpacks), requests(auth_id=None, since=0), bookmark(auth_id=None)

admin_request(url, method, path, body=None, timeout=30) is admin() for any emulator URL.

Importable as ``emulator.process`` with tests/ on sys.path (tests/conftest.py puts
it there; tests/perf/benchmark.py does when run as a script).
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
import urllib.request

EMULATOR_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'plivo_emulator.py')
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(EMULATOR_SCRIPT)))
START_TIMEOUT = 30
STOP_TIMEOUT = 10
URL_PREFIX = 'PLIVO_API_URL='


class EmulatorError(RuntimeError):
    """The emulator did not start."""


def admin_request(url, method, path, body=None, timeout=30):
    """The decoded JSON answer of an emulator admin endpoint (None when empty); an HTTP error status raises."""
    data = None if body is None else json.dumps(body).encode('utf-8')
    request = urllib.request.Request(url.rstrip('/') + path, data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
    # The emulator is local: no proxy from the environment may stand in between.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=timeout) as response:
        payload = response.read()
    return json.loads(payload) if payload.strip() else None


class EmulatorProcess:
    """A plivo_emulator.py subprocess in serve mode on a free port."""

    def __init__(self, accounts, log_path, args=(), start_timeout=START_TIMEOUT, admin_timeout=30):
        self.accounts = dict(accounts)
        self.log_path = log_path
        self.args = list(args)
        self.start_timeout = start_timeout
        self.admin_timeout = admin_timeout
        self.process = None
        self.url = None

    # -- start and stop ------------------------------------------------------

    def start(self):
        command = [sys.executable, EMULATOR_SCRIPT, '--port', '0']
        for auth_id, token in self.accounts.items():
            command += ['--account', '%s:%s' % (auth_id, token)]
        command += self.args
        env = {k: v for k, v in os.environ.items() if not k.startswith('PLIVO_')}
        deadline = time.monotonic() + self.start_timeout
        with open(self.log_path, 'wb') as stderr:
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with
                command, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, env=env, cwd=REPO_ROOT)
        try:
            line = self._first_line(deadline)
            if not line.startswith(URL_PREFIX):
                raise EmulatorError('the emulator did not print %s... (got %r)' % (URL_PREFIX, line))
            self.url = line[len(URL_PREFIX):].strip()
            self._wait_until_healthy(deadline)
        except EmulatorError as err:
            self.stop()
            raise EmulatorError('%s; its stderr (%s):\n%s' % (err, self.log_path, self.stderr_text())) from None
        return self

    def _first_line(self, deadline):
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        data = b''
        try:
            while b'\n' not in data:
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None and not selector.select(0):
                    break
                if selector.select(min(left, 0.5)):
                    chunk = os.read(self.process.stdout.fileno(), 4096)
                    if not chunk:
                        break
                    data += chunk
        finally:
            selector.close()
        return data.decode('utf-8', 'replace').split('\n', 1)[0]

    def _wait_until_healthy(self, deadline):
        while True:
            try:
                admin_request(self.url, 'GET', '/_emulator/health', timeout=max(1.0, deadline - time.monotonic()))
                return
            except (OSError, ValueError) as err:  # URLError and HTTPError are OSErrors
                if self.process.poll() is not None or time.monotonic() >= deadline:
                    raise EmulatorError('%s/_emulator/health does not answer (%s)' % (self.url, err)) from None
            time.sleep(0.1)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        if self.process.stdout:
            self.process.stdout.close()
        self.process = None

    def __enter__(self):
        # An emulator already started is only stopped at the end.
        return self if self.process is not None else self.start()

    def __exit__(self, *exc):
        self.stop()

    def stderr_text(self):
        try:
            with open(self.log_path, encoding='utf-8', errors='replace') as handle:
                return handle.read()
        except OSError:
            return ''

    # -- admin endpoints (/_emulator/...) -------------------------------------

    def admin(self, method, path, body=None):
        return admin_request(self.url, method, path, body, timeout=self.admin_timeout)

    def seed(self, auth_id, powerpacks):
        """Store these powerpacks in the account as they are (no API request is logged); the stored objects."""
        return self.admin('POST', '/_emulator/accounts/%s/powerpacks' % auth_id, {'powerpacks': powerpacks})['objects']

    def requests(self, auth_id=None, since=0):
        """The request log after seq ``since``, of one account or of all."""
        query = 'since=%d' % since if auth_id is None else 'account=%s&since=%d' % (auth_id, since)
        return self.admin('GET', '/_emulator/requests?' + query)['requests']

    def bookmark(self, auth_id=None):
        """The highest seq in the log so far (for ``requests(since=...)``)."""
        return max((entry['seq'] for entry in self.requests(auth_id)), default=0)
