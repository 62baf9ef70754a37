# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile servers: every module of the collection, and the role, against an endpoint
that answers what a proxy, a broken gateway or a hostile host may answer.

One VARIANT is one hostile setting of the emulator (its /_emulator/hostile endpoint, see
docs/docsite/rst/guide_emulator.rst): headers echoed back with the credentials, redirects
to another host, endless pages, a trickling body, a huge body, each malformed shape, dot
segments in a pool path, and a baseline with no hostile mode at all. One CASE is one module
run (see CASES). Each variant is one ansible-playbook run at -vvvv with ANSIBLE_LOG_PATH
set, against its own emulator, with one inventory host per case (strategy free, one fork
per host, so every case runs at the same time and its wall time is its own), and one
account per host, so that a leak, a request and a redirect can be traced to its case.
Each task is registered with ignore_errors and written to a JSON file per host.

test_hostile[VARIANT-CASE] checks, for every run, whether it failed or not:
  (a) no traceback: no "Traceback (most recent call last)" or "MODULE FAILURE" in the
      case's output, no module_stderr, no exception, no exception the module did not
      handle ("Module failed: ..."), and a failure has a clear msg (no KeyError/TypeError/
      AttributeError/..., not a dumped body, not killed by Ansible's task timeout);
  (b) the case's token, base64(auth_id:token) and "Basic <that>" appear nowhere in
      stdout, stderr, the ANSIBLE_LOG_PATH file or the registered result;
  (c) redirect variants: the second listener received no request for the case's account;
  (d) the run took at most RUN_BOUND seconds (plus, past 290 requests, what the client's rate
      limit makes them take): timeout x (max_retries + 1), plus backoff,
      plus a fixed allowance for a module's start;
  (e) malformed sticky_sender_string: a second run of the same playbook reports
      changed=false and writes nothing;
  (f) dot_segment_pool: every request path is a canonical API path (no request escaped
      the pool by dot segments);
  (g) baseline: the run succeeded (proves the cases themselves are sound);
  (h) where every case's first answer cannot be accepted (MUST_FAIL: echoed headers, a
      redirect, an endless list, a trickle, a huge body, an unreadable page), the run fails,
      and neither those nor a listed powerpack without a uuid lead to any write (NO_WRITES).
test_hostile_run[VARIANT] checks the variant's run as a whole: every host reached the
end, -vvvv was on, no traceback anywhere in its output, the emulator did not crash.

A variant runs once per pytest session, also under pytest-xdist: the first worker that
needs it runs it under a file lock and saves everything the checks need to a JSON file
beside the other workers' temporary directories.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from emulator.process import EmulatorProcess

# Kept in step with conftest.py, which cannot be imported by name (tests/conftest.py exists too).
CONFIG_ENV = 'PLIVO_INTEGRATION_CONFIG'
pytestmark = pytest.mark.skipif(
    bool(os.environ.get(CONFIG_ENV, '').strip()),
    reason='%s is set: these tests need the emulator in hostile modes' % CONFIG_ENV,
)

# -- limits --------------------------------------------------------------------------
TIMEOUT = 3
MAX_RETRIES = 1
RETRY_TIMEOUT = 10
# The client's backoff before its one retry is at most 0.5 s (retry.py); no hostile answer sends Retry-After.
BACKOFF_ALLOWANCE = 2.0
# Starting the module (AnsiballZ, Python, imports) with every case of a variant at once on 2 cores.
STARTUP_ALLOWANCE = 10.0
RUN_BOUND = TIMEOUT * (MAX_RETRIES + 1) + BACKOFF_ALLOWANCE + STARTUP_ALLOWANCE
# The client's own rate limit (rate_limit's default, per 5 s): a case that makes more requests
# than that (the endless list reads its 1,000 pages) may take as long as the limit makes it.
RATE_LIMIT = 290


def rate_limit_floor(requests):
    """The least time the client's rate limit lets ``requests`` requests take."""
    return max(0, requests - RATE_LIMIT) * 5.0 / RATE_LIMIT


# Ansible's own limit per task (ANSIBLE_TASK_TIMEOUT): a module that hangs is stopped here,
# so that the run ends, and (d) reports it.
TASK_TIMEOUT = 40
PLAYBOOK_TIMEOUT = 900

# -- what each case declares -----------------------------------------------------------
PP = 'plivo.messaging.powerpack'
INFO = 'plivo.messaging.powerpack_info'
BULK = 'plivo.messaging.powerpack_bulk'
NUM = 'plivo.messaging.powerpack_number'
POOL = 'plivo.messaging.powerpack_pool'
NUM_INFO = 'plivo.messaging.powerpack_number_info'
ROLE = 'plivo.messaging.powerpacks'

US_SMS = {'country_iso': 'US', 'service_type': 'SMS',
          'priority': {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'}}
# Every account starts with: hostile-pp (US_SMS, sticky, local connect) with N0 and N2 in its
# pool, hostile-extra (what the purges delete), and N1 rented in no pool. A number is rented
# by one account only, so each case has its own three (see numbers()).
N0, N1, N2 = '{N0}', '{N1}', '{N2}'
# Not rented by the case's account.
N3 = '{N3}'
SEED_POWERPACKS = [
    {'name': 'hostile-pp', 'sticky_sender': True, 'local_connect': True, 'number_priority': [US_SMS]},
    {'name': 'hostile-extra'},
]

# case -> (module or ROLE, arguments). Each case is one module run; without a hostile mode
# each one works (the baseline variant proves it).
CASES = {
    # a lookup by name and a read: nothing to change
    'powerpack': (PP, {'name': 'hostile-pp', 'sticky_sender': True, 'local_connect': True, 'number_priority': [US_SMS]}),
    # a lookup, then a create
    'powerpack_create': (PP, {'name': 'hostile-new', 'sticky_sender': False}),
    # every page of the list
    'powerpack_info': (INFO, {}),
    # a lookup, then a read by uuid
    'powerpack_info_name': (INFO, {'name': 'hostile-pp'}),
    # a list, an update, a create, a delete (purge) and a pool add
    'powerpack_bulk': (BULK, {'powerpacks': [{'name': 'hostile-pp', 'local_connect': False, 'senders': [{'number': N0}, {'number': N1}]},
                                             {'name': 'hostile-bulk-new'}],
                              'purge': True}),
    # a lookup, then a pool add
    'powerpack_number': (NUM, {'powerpack_name': 'hostile-pp', 'number': N1}),
    # a lookup, the pool's lists, then a removal (purge_senders)
    'powerpack_pool': (POOL, {'powerpack_name': 'hostile-pp', 'senders': [{'number': N0}], 'purge_senders': True}),
    # a lookup, then the pool's lists
    'powerpack_number_info': (NUM_INFO, {'powerpack_name': 'hostile-pp'}),
    # the role: one powerpack_bulk run with a create and a purge
    'powerpacks_role': (ROLE, {'plivo_powerpacks': [{'name': 'hostile-pp', 'sticky_sender': True}, {'name': 'hostile-role-new'}],
                               'plivo_powerpacks_purge': True}),
}
ALL = tuple(CASES)
# Cases whose API answers an error even from an honest server (only in the variants that list them):
# the error text is what a hostile mode dresses up.
CASES.update({
    # a lookup, then an add of a number the account does not rent: 404 with the API's text
    'powerpack_number_unrented': (NUM, {'powerpack_name': 'hostile-pp', 'number': '{N3}'}),
    # an update that the API refuses: 400 with the API's text
    'powerpack_refused': (PP, {'name': 'hostile-pp', 'application_id': '99999', 'application_type': 'xml'}),
})
ERROR_CASES = ('powerpack_number_unrented', 'powerpack_refused')
POOL_CASES = ('powerpack_bulk', 'powerpack_number', 'powerpack_pool', 'powerpack_number_info')
POWERPACK_OBJECT_CASES = ('powerpack', 'powerpack_create', 'powerpack_info', 'powerpack_info_name', 'powerpack_bulk',
                          'powerpacks_role')
CREATE_CASES = ('powerpack_create', 'powerpack_bulk', 'powerpacks_role')
POST_CASES = ('powerpack_create', 'powerpack_bulk', 'powerpack_number', 'powerpacks_role')
DELETE_CASES = ('powerpack_bulk', 'powerpack_pool', 'powerpacks_role')

# -- the variants: (id, hostile setting or None, cases); "{listener}" is the second listener's URL,
# "{marker}" a file that only a template that ran would create
LISTENER = '{listener}'
MARKER = '{marker}'
# Template syntax in every name the API sends: if anything templated it, the marker file would exist.
TEMPLATE_PAYLOAD = " {{ lookup('pipe', 'touch %s') }} {%% if true %%}x{%% endif %%} {# c #}" % MARKER
MALFORMED_CASES = {
    'create_without_uuid': CREATE_CASES,
    'list_object_without_uuid': ALL,
    'objects_string': ALL,
    'objects_with_null': ALL,
    'total_count_text': ALL,
    'json_list_body': ALL,
    'number_priority_string': POWERPACK_OBJECT_CASES,
    'pool_entry_without_number': POOL_CASES,
    'sticky_sender_string': POWERPACK_OBJECT_CASES,
    'not_json': ALL,
    'empty_200': ALL,
}
VARIANTS = [
    ('baseline', None, ALL),
    ('echo_headers_json_500', {'mode': 'echo_headers', 'status': 500, 'format': 'json', 'decoded': True}, ALL),
    ('echo_headers_text_400', {'mode': 'echo_headers', 'status': 400, 'format': 'text'}, ALL),
    ('redirect_302', {'mode': 'redirect', 'status': 302, 'location': LISTENER}, ALL),
    ('redirect_307_post', {'mode': 'redirect', 'status': 307, 'location': LISTENER, 'method': 'POST'}, POST_CASES),
    ('redirect_308_delete', {'mode': 'redirect', 'status': 308, 'location': LISTENER, 'method': 'DELETE'}, DELETE_CASES),
    ('endless_page', {'mode': 'endless_page'}, ALL),
    ('endless_page_pool', {'mode': 'endless_page', 'path': '/NumberPool/'}, POOL_CASES),
    ('endless_page_distinct', {'mode': 'endless_page', 'distinct_pages': True}, ('powerpack_info', 'powerpacks_role')),
    ('trickle', {'mode': 'trickle', 'interval': 1.0}, ALL),
    ('oversized', {'mode': 'oversized'}, ALL),
    ('oversized_no_length', {'mode': 'oversized', 'content_length': False}, ('powerpack_info', 'powerpack_number_info')),
] + [
    ('malformed_%s' % shape, {'mode': 'malformed', 'shape': shape}, cases) for shape, cases in MALFORMED_CASES.items()
] + [
    ('dot_segment_pool', {'mode': 'dot_segment_pool', 'segment': '..'}, POOL_CASES),
    ('dot_segment_pool_dot', {'mode': 'dot_segment_pool', 'segment': '.'}, POOL_CASES),
    # issue 20: what leaves the collection
    ('trickle_headers', {'mode': 'trickle_headers', 'interval': 1.0}, ALL),
] + [
    ('junk_retry_after_%s' % label, {'mode': 'junk_retry_after', 'value': value}, ALL)
    for label, value in (('soon', 'soon'), ('negative', '-1'), ('fraction', '1.5'), ('empty', ''),
                         ('bad_date', 'Mon, 32 Foo 2026 25:61:61 GMT'))
] + [
    # The credentials echoed after 0 to 300 characters of filler: around every place a cut could fall.
    ('echo_credentials_%s_%d_%d' % (fmt, status, padding),
     {'mode': 'echo_credentials', 'format': fmt, 'status': status, 'padding': padding, 'decoded': True}, ALL)
    for fmt, status, padding in (('json', 500, 0), ('text', 400, 117), ('html', 200, 180), ('json', 200, 197),
                                 ('html', 502, 260), ('text', 400, 297), ('json', 400, 300))
] + [
    ('control_chars_names', {'mode': 'control_chars', 'where': 'names'}, ALL),
    ('control_chars_errors', {'mode': 'control_chars', 'where': 'errors'}, ERROR_CASES),
    ('control_chars_both', {'mode': 'control_chars', 'where': 'both'}, ALL + ERROR_CASES),
    ('template_names', {'mode': 'template_names', 'payload': TEMPLATE_PAYLOAD}, ALL),
]
VARIANT_IDS = [variant[0] for variant in VARIANTS]
VARIANT_BY_ID = {variant[0]: variant for variant in VARIANTS}
assert len(set(VARIANT_IDS)) == len(VARIANT_IDS), 'variant ids must be unique'
# Variants whose playbook runs twice: the second run must change and write nothing (e).
RERUN = ('malformed_sticky_sender_string',)
# Variants in which every case's first request (a powerpack list) gets an answer that cannot be
# accepted (an error, a redirect, an endless list, a trickle, a huge body, a malformed page): the
# run must fail, and write nothing on the strength of what it could not read (h).
MUST_FAIL = ('echo_headers_json_500', 'echo_headers_text_400', 'redirect_302', 'endless_page', 'endless_page_distinct',
             'trickle', 'oversized', 'oversized_no_length') + tuple('malformed_%s' % shape for shape in (
                 'objects_string', 'objects_with_null', 'total_count_text', 'json_list_body', 'not_json', 'empty_200')) + tuple(
                 variant[0] for variant in VARIANTS if variant[0].startswith(('trickle_headers', 'junk_retry_after',
                                                                              'echo_credentials')))
# Variants after whose module cases the export (plivo.messaging.export) runs on every case's account too.
EXPORT_VARIANTS = ('baseline', 'template_names', 'control_chars_names', 'control_chars_both', 'echo_credentials_text_400_117',
                   'echo_credentials_html_200_180', 'echo_credentials_json_200_197', 'echo_credentials_json_400_300',
                   'trickle_headers', 'junk_retry_after_soon', 'junk_retry_after_bad_date')
# A listed powerpack without a uuid cannot be addressed either: whatever a case does, it must not write (h).
NO_WRITES = MUST_FAIL + ('malformed_list_object_without_uuid',)
PAIRS = [(variant_id, case) for variant_id, _setting, cases in VARIANTS for case in cases]

# -- what the checks look for ------------------------------------------------------------
# Raw control characters that forge or hide terminal and log lines: none may reach any output.
RAW_CONTROL = {'\x1b': 'ESC', '\r': 'CR'}
TRACEBACK = 'Traceback (most recent call last)'
CRASH_MARKERS = (TRACEBACK, 'MODULE FAILURE', 'KeyError', 'TypeError', 'AttributeError', 'IndexError', 'ValueError',
                 'UnicodeDecodeError', 'JSONDecodeError', 'RecursionError', 'MemoryError', 'NameError')
# ansible-core 2.19 adds exception: "(traceback unavailable)" to failed results when tracebacks are not shown.
TRACEBACK_UNAVAILABLE = '(traceback unavailable)'
# ...and reports an exception the module did not handle as msg "Task failed: Module failed: <str(exception)>"
# (a KeyError('uuid') reads "Module failed: 'uuid'"), where a module's own failure keeps its msg.
UNHANDLED = 'Module failed:'
# A clear message says what went wrong in a few lines; a dumped body is not one.
MAX_MSG_CHARS = 4000
WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')
UUID = r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
CANONICAL_PATH = (r'^/v1/Account/%%s/(Powerpack/?|Powerpack/%s/?|NumberPool/%s/(Number|Tollfree|Shortcode)/?'
                  r'|NumberPool/%s/(Number|Tollfree|Shortcode)/[0-9]+/?)$' % (UUID, UUID, UUID))
LOG_PREFIX = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ p=\d+ u=\S* n=\S+ (?:\w+ ?)?\| ?')

# Wall time of every run, printed at the end (see with pytest -s).
TIMINGS = []


# ---------------------------------------------------------------------------
# accounts: one per (variant, case)
# ---------------------------------------------------------------------------

# Tokens are 32 consonants: no word of Ansible's output and no uuid or api_id holds 8 of them in a row
# by chance, so any 8-character run of a token in an output is a leak.
TOKEN_LETTERS = 'GHJKLMNPQRSTVWXZ'


def account(variant_id, case):
    """(auth_id, token) of one case of one variant: unique, so that anything found is the case's."""
    number = VARIANT_IDS.index(variant_id) * 100 + list(CASES).index(case)
    auth_id = 'MAHOSTILE%011d' % number
    digest = hashlib.sha256(('%s/%s' % (variant_id, case)).encode()).digest()
    token = ''.join(TOKEN_LETTERS[byte % len(TOKEN_LETTERS)] for byte in digest)
    return auth_id, token


def numbers(case):
    """N0, N1, N2 (rented, N0 and N2 in the pool) and N3 (not rented) of one case."""
    return ['14155%02d%04d' % (list(CASES).index(case), n) for n in range(4)]


def case_args(case):
    """The case's arguments with its own numbers in place of N0, N1, N2, N3."""
    text = json.dumps(CASES[case][1])
    for placeholder, number in zip((N0, N1, N2, N3), numbers(case)):
        text = text.replace(placeholder, number)
    return json.loads(text)


def secret_forms(auth_id, token):
    basic = base64.b64encode(('%s:%s' % (auth_id, token)).encode()).decode()
    return [token, basic, 'Basic ' + basic]


def secret_runs(auth_id, token):
    """Every 8-character run of the token, and of the Basic form past what the Auth ID alone determines.

    base64 writes 3 bytes as 4 characters: "AUTH_ID:" is 21 bytes, so the first 28 characters of
    base64(auth_id:token) are the same for every token; each one after them carries part of it."""
    basic = secret_forms(auth_id, token)[1]
    known = len(auth_id + ':') // 3 * 4
    runs = {token[i:i + 8] for i in range(len(token) - 7)}
    runs |= {basic[i:i + 8] for i in range(known - 7, len(basic) - 7)}
    return runs


# ---------------------------------------------------------------------------
# the second listener: where redirects point
# ---------------------------------------------------------------------------

class Listener:
    """A tiny HTTP server on another port that records every request it receives."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                with listener.lock:
                    listener.received.append({'method': self.command, 'path': self.path,
                                              'authorization': bool(self.headers.get('Authorization'))})
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', '2')
                self.end_headers()
                self.wfile.write(b'{}')

            do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _any  # noqa: N815

            def log_message(self, format, *args):  # pylint: disable=redefined-builtin
                return

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.05}, daemon=True)
        self.thread.start()

    def requests_for(self, auth_id):
        with self.lock:
            return [entry for entry in self.received if '/Account/%s/' % auth_id in entry['path']]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------------------
# the playbook
# ---------------------------------------------------------------------------

PLAYBOOK = """\
- name: Hostile server, one host per case
  hosts: hostile
  gather_facts: false
  strategy: free
  module_defaults:
    group/plivo.messaging.plivo:
      auth_id: "{{ hostile_auth_id }}"
      auth_token: "{{ hostile_auth_token }}"
      api_url: "{{ hostile_api_url }}"
      timeout: %d
      max_retries: %d
      retry_timeout: %d
  tasks:
    - name: Run this host's case
      ansible.builtin.include_tasks: "{{ hostile_tasks_dir }}/{{ inventory_hostname }}.yml"

- name: Write every host's record
  hosts: hostile
  gather_facts: false
  tasks:
    - name: Write the records
      ansible.builtin.copy:
        dest: "{{ hostile_results_path }}"
        mode: "0600"
        content: "{{ dict(groups['hostile'] | zip(groups['hostile'] | map('extract', hostvars, 'hostile_record'))) | to_json }}"
      run_once: true
""" % (TIMEOUT, MAX_RETRIES, RETRY_TIMEOUT)


def case_tasks(case):
    """The task file of one case (JSON is YAML): time, run, time, write the result."""
    module, args = CASES[case][0], case_args(case)
    if module == ROLE:
        run = [{
            'name': 'Hostile role',
            'block': [{'name': 'hostile case %s' % case, 'ansible.builtin.include_role': {'name': ROLE}, 'vars': args}],
            # The role's first task is the module; its result is registered as plivo_powerpacks_result.
            'rescue': [{'name': 'Role failed', 'ansible.builtin.set_fact': {'hostile_rescued': True}}],
        }]
        result = "plivo_powerpacks_result | default({'failed': true, 'msg': 'the role registered no result'})"
    else:
        run = [{'name': 'hostile case %s' % case, module: args, 'register': 'hostile_result', 'ignore_errors': True}]
        result = 'hostile_result'
    tasks = [{'name': 'Start', 'ansible.builtin.set_fact': {'hostile_started': "{{ now(fmt='%s.%f') }}"}}]
    tasks += run
    tasks += [
        {'name': 'End', 'ansible.builtin.set_fact': {'hostile_ended': "{{ now(fmt='%s.%f') }}"}},
        {'name': 'Record', 'ansible.builtin.set_fact': {
            'hostile_record': "{{ {'result': %s, 'started': hostile_started, 'ended': hostile_ended} }}" % result}},
    ]
    return json.dumps(tasks, indent=2)


def api_request(url, auth_id, token, method, path, body=None):
    """One Plivo API request to the emulator (to seed it before the hostile mode is on)."""
    request = urllib.request.Request(
        '%s/v1/Account/%s/%s' % (url, auth_id, path), method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={'Content-Type': 'application/json', 'Authorization': 'Basic ' + secret_forms(auth_id, token)[1]})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        payload = response.read()
    return json.loads(payload) if payload.strip() else None


def seed(emulator, case, auth_id, token):
    made = emulator.seed(auth_id, SEED_POWERPACKS)
    pool = made[0]['number_pool'].split('/')[5]
    first, _second, third, _unrented = numbers(case)
    emulator.admin('POST', '/_emulator/accounts/%s/numbers' % auth_id, {'numbers': [{'number': n} for n in numbers(case)[:3]]})
    for number in (first, third):
        api_request(emulator.url, auth_id, token, 'POST', 'NumberPool/%s/Number/%s/' % (pool, number))


def resolve(setting, listener, marker):
    if setting is None:
        return None
    return {key: (listener.url if value == LISTENER else value.replace(MARKER, marker) if isinstance(value, str) else value)
            for key, value in setting.items()}


# The export (plivo.messaging.export) on every case's account, after the cases: a play of its own.
EXPORT_PLAY = """
- name: Export every case's account
  ansible.builtin.import_playbook: plivo.messaging.export
"""


def run_variant(variant_id, workdir, run_playbook, listener):
    """Run one variant (twice for RERUN) and return everything the checks need, as JSON-able data."""
    _variant_id, setting, cases = VARIANT_BY_ID[variant_id]
    accounts = {case: account(variant_id, case) for case in cases}
    tasks_dir = workdir / 'tasks'
    tasks_dir.mkdir()
    marker = workdir / 'templated-marker'
    export_dir = workdir / 'export'
    for case in cases:
        (tasks_dir / ('%s.yml' % case)).write_text(case_tasks(case), encoding='utf-8')
    emulator = EmulatorProcess(dict(accounts.values()), str(workdir / 'emulator.stderr'))
    emulator.start()
    try:
        for case, (auth_id, token) in accounts.items():
            seed(emulator, case, auth_id, token)
        if setting is not None:
            emulator.admin('POST', '/_emulator/hostile', resolve(setting, listener, str(marker)))
        inventory = {'hostile': {'hosts': {case: {
            'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
            'hostile_auth_id': accounts[case][0], 'hostile_auth_token': accounts[case][1], 'hostile_api_url': emulator.url,
            # The export's credentials and limits (the role's variables); the same account and bounds.
            'plivo_auth_id': accounts[case][0], 'plivo_auth_token': accounts[case][1], 'plivo_api_url': emulator.url,
            'plivo_timeout': TIMEOUT, 'plivo_max_retries': MAX_RETRIES, 'plivo_retry_timeout': RETRY_TIMEOUT,
        } for case in cases}}}
        exported = variant_id in EXPORT_VARIANTS
        inventory_path = workdir / 'inventory.json'
        inventory_path.write_text(json.dumps(inventory), encoding='utf-8')
        inventory_path.chmod(0o600)
        data = {'variant': variant_id, 'cases': list(cases), 'accounts': accounts, 'runs': []}
        for number in range(2 if variant_id in RERUN else 1):
            since = emulator.bookmark()
            results_path = workdir / ('results-%d.json' % number)
            log_path = workdir / ('ansible-%d.log' % number)
            result = run_playbook(
                PLAYBOOK + (EXPORT_PLAY if exported else ''),
                {'hostile_tasks_dir': str(tasks_dir), 'hostile_results_path': str(results_path),
                 'plivo_export_hosts': 'hostile', 'plivo_export_dir': str(export_dir / str(number))},
                # --diff: diff headers carry names from the API too.
                '-i', str(inventory_path), '--forks', str(len(cases)), '-vvvv', '--diff', timeout=PLAYBOOK_TIMEOUT,
                environ={'ANSIBLE_LOG_PATH': str(log_path), 'ANSIBLE_TASK_TIMEOUT': str(TASK_TIMEOUT)})
            TIMINGS.append(('%s (run %d)' % (variant_id, number + 1), result.seconds))
            records = json.loads(results_path.read_text(encoding='utf-8')) if results_path.exists() else {}
            results = {case: record for case, record in records.items() if record}
            data['runs'].append({
                'rc': result.rc, 'stdout': result.stdout, 'stderr': result.stderr, 'seconds': result.seconds,
                'log': log_path.read_text(encoding='utf-8', errors='replace') if log_path.exists() else None,
                'results': results,
                'requests': {case: emulator.requests(auth_id, since=since) for case, (auth_id, _token) in accounts.items()},
            })
        data['redirected'] = {case: listener.requests_for(auth_id) for case, (auth_id, _token) in accounts.items()}
        data['exported'] = exported
        data['export_files'] = {path.name: path.read_text(encoding='utf-8') for path in sorted(export_dir.glob('*/*.yml'))}
        data['templated'] = marker.exists()
    finally:
        emulator.stop()
    data['emulator_stderr'] = emulator.stderr_text()
    return data


@pytest.fixture(scope='module')
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope='module')
def hostile_run(tmp_path_factory, module_run_playbook, listener):
    """hostile_run(variant_id) -> the saved data of that variant's run (run once per pytest session).

    Under pytest-xdist the workers share one directory (the parent of their temporary
    directories) and a lock per variant: the first worker runs it, the others read its file."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get('PYTEST_XDIST_WORKER') else base
    shared = shared / 'hostile-runs'
    shared.mkdir(exist_ok=True)
    cache = {}

    def get(variant_id):
        if variant_id not in cache:
            saved = shared / ('%s.json' % variant_id)
            with open(shared / ('%s.lock' % variant_id), 'w', encoding='utf-8') as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                if not saved.exists():
                    data = run_variant(variant_id, tmp_path_factory.mktemp('hostile-%s' % variant_id), module_run_playbook,
                                       listener)
                    saved.write_text(json.dumps(data), encoding='utf-8')
            cache[variant_id] = json.loads(saved.read_text(encoding='utf-8'))
        return cache[variant_id]
    return get


@pytest.fixture(scope='module', autouse=True)
def report_timings():
    yield
    if TIMINGS:
        print('\nhostile run wall times:')
        for label, seconds in TIMINGS:
            print('  %-45s %6.1f s' % (label, seconds))


# ---------------------------------------------------------------------------
# reading the output
# ---------------------------------------------------------------------------

def strip_log_prefix(text):
    return '\n'.join(LOG_PREFIX.sub('', line) for line in (text or '').splitlines())


def host_lines(text, hosts):
    """{host: [lines]}: each line of ansible-playbook's output given to the host whose block it is in.

    A block starts at a line naming a host, "<host> ..." (connection lines) or "...: [host]"
    (results), and runs until the next such line or task banner."""
    names = '|'.join(re.escape(host) for host in sorted(hosts, key=len, reverse=True))
    start = re.compile(r'^(?:<(%s)>|\w+: \[(%s)\])' % (names, names))
    owned = {host: [] for host in hosts}
    current = None
    for line in strip_log_prefix(text).splitlines():
        if line.startswith(('TASK [', 'PLAY [', 'PLAY RECAP')):
            current = None
        match = start.match(line)
        if match:
            current = next(group for group in match.groups() if group)
        if current is not None:
            owned[current].append(line)
    return owned


def show_lines(lines, needle, limit=5):
    found = [line for line in lines if needle in line]
    return '\n'.join(line[:400] for line in found[:limit])


# ---------------------------------------------------------------------------
# the checks
# ---------------------------------------------------------------------------

def crash_problems(result, label):
    """(a) for one registered result."""
    problems = []
    msg = result.get('msg')
    if 'module_stderr' in result:
        problems.append('%s: the module crashed (module_stderr): %s' % (label, str(result['module_stderr'])[-1500:]))
    if result.get('exception', TRACEBACK_UNAVAILABLE) != TRACEBACK_UNAVAILABLE:
        problems.append('%s: exception in the result: %s' % (label, str(result['exception'])[-1500:]))
    if result.get('timedout') or (isinstance(msg, str) and 'task failed: timed out after' in msg.lower()):
        problems.append('%s: killed by Ansible\'s task timeout (%d s): %s' % (label, TASK_TIMEOUT, msg))
    if result.get('failed'):
        if not isinstance(msg, str) or not msg.strip():
            problems.append('%s: failed without a msg: %s' % (label, json.dumps(result)[:1500]))
        else:
            if UNHANDLED in msg:
                problems.append('%s: the module raised an exception it did not handle (ansible-core reports it as %r): %s'
                                % (label, UNHANDLED, msg[:1500]))
            markers = [marker for marker in CRASH_MARKERS if marker in msg]
            if markers:
                problems.append('%s: msg names %s: %s' % (label, ', '.join(markers), msg[:1500]))
            if len(msg) > MAX_MSG_CHARS:
                problems.append('%s: msg is %d characters long: %s...' % (label, len(msg), msg[:500]))
    return problems


def leak_problems(texts, auth_id, token, label):
    """(b): texts is {where: text}. No form of the credentials, and no 8-character run of the token or of
    the part of the Basic form that depends on it, anywhere."""
    problems = []
    runs = secret_runs(auth_id, token)
    for where, text in texts.items():
        for secret in secret_forms(auth_id, token):
            if text and secret in text:
                lines = [line for line in text.splitlines() if secret in line]
                problems.append('%s: %s... appears in %s (%d lines), e.g.: %s' % (
                    label, secret[:10], where, len(lines), lines[0].replace(secret, '<SECRET>')[:600] if lines else ''))
                break
        else:
            found = sorted(run for run in runs if text and run in text)
            if found:
                line = next(line for line in text.splitlines() if found[0] in line)
                problems.append('%s: part of a secret (%d runs of 8 characters, e.g. %s...) appears in %s: %s' % (
                    label, len(found), found[0][:4], where, line.replace(found[0], '<PART>')[:600]))
    return problems


def control_problems(texts, label):
    """No raw ESC or CR in any output: texts is {where: text}."""
    problems = []
    for where, text in texts.items():
        for char, char_name in RAW_CONTROL.items():
            if text and char in text:
                at = text.index(char)
                problems.append('%s: a raw %s in %s: %r' % (label, char_name, where, text[max(0, at - 200):at + 100]))
    return problems


@pytest.mark.parametrize('variant_id, case', PAIRS, ids=['%s-%s' % pair for pair in PAIRS])
def test_hostile(hostile_run, variant_id, case):
    data = hostile_run(variant_id)
    auth_id, token = data['accounts'][case]
    problems = []
    for number, run in enumerate(data['runs']):
        label = 'run %d' % (number + 1)
        got = run['results'].get(case)
        if got is None:
            problems.append('%s: no result was written: the host did not reach the end of its tasks (rc=%s)\n%s' % (
                label, run['rc'], '\n'.join(host_lines(run['stdout'], data['cases'])[case][-40:])))
            continue
        result = got['result']
        # (a) no traceback, a clear message
        problems += crash_problems(result, label)
        for where in ('stdout', 'stderr', 'log'):
            lines = host_lines(run[where], data['cases'])[case]
            for marker in (TRACEBACK, 'MODULE FAILURE'):
                if any(marker in line for line in lines):
                    problems.append('%s: %r in this case\'s %s:\n%s' % (label, marker, where, show_lines(lines, marker)))
        # (b) no secret anywhere, not even part of one
        problems += leak_problems({'stdout': run['stdout'], 'stderr': run['stderr'], 'ANSIBLE_LOG_PATH': run['log'],
                                   'the registered result': json.dumps(result)}, auth_id, token, label)
        # (i) no raw control character in this case's output, its message or its warnings
        owned = {where: '\n'.join(host_lines(run[where], data['cases'])[case]) for where in ('stdout', 'log')}
        owned.update({'msg': str(result.get('msg', '')), 'warnings': '\n'.join(map(str, result.get('warnings') or [])),
                      'api_error': str(result.get('api_error') or '')})
        problems += control_problems(owned, label)
        msg = str(result.get('msg', ''))
        if '\n' in msg or '\u2028' in msg:
            problems.append('%s: msg has a line break the collection did not write: %r' % (label, msg[:600]))
        # (d) bounded in time
        seconds = float(got['ended']) - float(got['started'])
        floor = rate_limit_floor(len(run['requests'][case]))
        if seconds > RUN_BOUND + floor:
            problems.append('%s: the module ran %.1f s, more than %.1f s (timeout %d x %d tries + %.0f s backoff + %.0f s start '
                            '+ %.1f s rate limit for %d requests)'
                            % (label, seconds, RUN_BOUND + floor, TIMEOUT, MAX_RETRIES + 1, BACKOFF_ALLOWANCE, STARTUP_ALLOWANCE,
                               floor, len(run['requests'][case])))
        # (e) the second run changes and writes nothing
        if number == 1:
            if result.get('changed') is not False:
                problems.append('%s: the second run reports changed=%r' % (label, result.get('changed')))
            writes = [e for e in run['requests'][case] if e['method'] in WRITE_METHODS]
            if writes:
                problems.append('%s: the second run wrote: %s' % (
                    label, '; '.join('%s %s -> %s' % (e['method'], e['path'], e['status']) for e in writes[:10])))
        # (h) what could not be read is an error, and nothing is written on the strength of it
        if variant_id in MUST_FAIL and not result.get('failed'):
            problems.append('%s: succeeded (changed=%r) although its first answer could not be accepted: %s' % (
                label, result.get('changed'), json.dumps({k: v for k, v in result.items() if k != 'invocation'})[:600]))
        if variant_id in NO_WRITES:
            writes = [e for e in run['requests'][case] if e['method'] in WRITE_METHODS]
            if writes:
                problems.append('%s: wrote after an unreadable answer: %s' % (
                    label, '; '.join('%s %s -> %s' % (e['method'], e['path'], e['status']) for e in writes[:10])))
        # (g) the baseline works
        if variant_id == 'baseline' and result.get('failed'):
            problems.append('%s: the baseline run failed: %s' % (label, str(result.get('msg'))[:2000]))
        # (f) no request left the API's paths
        if variant_id.startswith('dot_segment_pool'):
            canonical = re.compile(CANONICAL_PATH % re.escape(auth_id))
            odd = [e for e in run['requests'][case] if not canonical.match(e['path'])]
            if odd:
                problems.append('%s: requests outside the API\'s paths: %s' % (
                    label, '; '.join('%s %s -> %s' % (e['method'], e['path'], e['status']) for e in odd[:10])))
    # (c) nothing reached the host a redirect pointed at
    redirected = data['redirected'][case]
    if redirected:
        problems.append('the redirect target received %d request(s): %s' % (
            len(redirected), '; '.join('%s %s (Authorization %s)' % (e['method'], e['path'], 'sent' if e['authorization'] else 'not sent')
                                       for e in redirected[:10])))
    if data['runs'] and case in data['runs'][0]['results']:
        first = data['runs'][0]['results'][case]
        print('\n%s %s: %.1f s, failed=%s changed=%s msg=%s' % (
            variant_id, case, float(first['ended']) - float(first['started']), first['result'].get('failed', False),
            first['result'].get('changed'), str(first['result'].get('msg', ''))[:300]))
    assert not problems, '%s / %s:\n- %s' % (variant_id, case, '\n- '.join(problems))


@pytest.mark.parametrize('variant_id', VARIANT_IDS)
def test_hostile_run(hostile_run, variant_id):
    """The variant's run as a whole: every host reached the end, -vvvv was on, no traceback anywhere, no emulator crash."""
    data = hostile_run(variant_id)
    problems = []
    for number, run in enumerate(data['runs']):
        label = 'run %d' % (number + 1)
        missing = sorted(set(data['cases']) - set(run['results']))
        if missing:
            problems.append('%s: no result from %s (rc=%s)' % (label, ', '.join(missing), run['rc']))
        if 'ESTABLISH LOCAL CONNECTION' not in run['stdout']:
            problems.append('%s: not verbose?' % label)
        if not run['log']:
            problems.append('%s: ANSIBLE_LOG_PATH was not written' % label)
        for where in ('stdout', 'stderr', 'log'):
            text = run[where] or ''
            for marker in (TRACEBACK, 'MODULE FAILURE'):
                if marker in text:
                    problems.append('%s: %r in %s:\n%s' % (label, marker, where, show_lines(text.splitlines(), marker)))
        # (i) no raw ESC or CR anywhere in the run's output, the export's plays included
        problems += control_problems({'stdout': run['stdout'], 'stderr': run['stderr'], 'ANSIBLE_LOG_PATH': run['log']}, label)
        if 'timed out after' in (run['stdout'] or '').lower():
            problems.append('%s: a task was killed by Ansible\'s task timeout (%d s)' % (label, TASK_TIMEOUT))
    # (j) a name with template syntax was never templated, by a module, the export or a later load
    if data['templated']:
        problems.append('the marker file exists: an API string was templated')
    if TRACEBACK in data['emulator_stderr']:
        problems.append('the emulator hit an internal error:\n%s' % data['emulator_stderr'][-3000:])
    assert not problems, '%s:\n- %s' % (variant_id, '\n- '.join(problems))


EXPORTED = [variant_id for variant_id in VARIANT_IDS if variant_id in EXPORT_VARIANTS]


@pytest.mark.parametrize('variant_id', EXPORTED)
def test_hostile_export(hostile_run, variant_id):
    """The export on every case's account: each file it writes holds no credential, no raw control character,
    and every string from the API tagged !unsafe; where the API answered, the files were written."""
    data = hostile_run(variant_id)
    assert data['exported']
    problems = []
    for case in data['cases']:
        auth_id, token = data['accounts'][case]
        for name, text in data['export_files'].items():
            if name == '%s.yml' % case:
                problems += leak_problems({name: text}, auth_id, token, case)
                problems += control_problems({name: text}, case)
                names = re.findall(r'^  - name: (.*)$', text, re.MULTILINE)
                problems += ['%s: a name not written !unsafe: %s' % (case, line) for line in names
                             if not line.startswith('!unsafe "')]
    written = sorted(name[:-4] for name in data['export_files'])
    if variant_id in ('baseline', 'template_names', 'control_chars_names', 'control_chars_both'):
        # The API answered every read: every account was exported.
        if written != sorted(data['cases']):
            problems.append('export files for %s, not for every case %s' % (written, sorted(data['cases'])))
    elif written:
        problems.append('files written although every read was refused: %s' % written)
    if variant_id == 'template_names':
        files = '\n'.join(data['export_files'].values())
        if "lookup('pipe'" not in files:
            problems.append('the template payload is not in the exported names: the names were changed on the way')
    assert not problems, '%s:\n- %s' % (variant_id, '\n- '.join(problems))
