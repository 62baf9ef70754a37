# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The role plivo.messaging.powerpacks fails in its own variable names (issue 21).

Every case of CASES includes the role with bad variables, in a block that records its failure.
The whole table runs as one playbook, once for real and once with --check, against two emulators
of this module: a plain one, and one that answers every API request with a 503 (for the API error,
which must reach the user as the module wrote it). Each case is then checked on its own: the
message holds the role's variable names and no module option, it is the same in check mode,
exactly one task failed, and plivo_powerpacks_result keeps the module's result. No case writes
anything.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from emulator.process import EmulatorProcess

# Kept in step with conftest.py, which cannot be imported by name (tests/conftest.py exists too).
CONFIG_ENV = 'PLIVO_INTEGRATION_CONFIG'
MAIN_AUTH_ID = 'MAINTEGRATION0000000'
MAIN_AUTH_TOKEN = 'tok-NEVER-PRINT-9f4e2c71'
WRITE_METHODS = ('POST', 'PUT', 'PATCH', 'DELETE')

pytestmark = pytest.mark.skipif(bool(os.environ.get(CONFIG_ENV, '').strip()),
                                reason='%s is set: this test needs the emulator' % CONFIG_ENV)

PLAIN, FAULTY = 'plain', 'faulty'
CREDENTIALS = {'plivo_auth_id': MAIN_AUTH_ID, 'plivo_auth_token': MAIN_AUTH_TOKEN}
GOOD = {'name': 'rm-alerts'}
SENDER = {'number': '14155550100'}
ENTRY = {'country_iso': 'US', 'service_type': 'SMS', 'priority': {'priority1': 'shortcode', 'priority2': 'tollfree',
                                                                  'priority3': 'longcode'}}
E164 = 'must be an E.164 number in digits, country code first'

# (case id, emulator, role variables (the credentials added unless the case sets None), texts the message must hold).
CASES = [
    # The module's own checks: a bad value in an item, named by its place in plivo_powerpacks.
    ('number_in_the_second_item', PLAIN, {'plivo_powerpacks': [GOOD, {'name': 'rm-promo', 'senders': [{'number': '12'}]}]},
     ['plivo_powerpacks[1].senders[0].number %s' % E164, "got '12'"]),
    ('a_name_declared_twice', PLAIN, {'plivo_powerpacks': [GOOD, GOOD]},
     ["plivo_powerpacks[1]: name 'rm-alerts' is already declared by plivo_powerpacks[0]"]),
    # Wrong types, unknown and missing keys: the role's argument spec refuses them first.
    ('a_nested_key_of_the_wrong_type', PLAIN, {'plivo_powerpacks': [dict(GOOD, number_priority=[dict(ENTRY, priority='x')])]},
     ["argument 'priority' is of type", "found in 'plivo_powerpacks -> number_priority'"]),
    ('an_unknown_key', PLAIN, {'plivo_powerpacks': [dict(GOOD, senders=[dict(SENDER, colour='red')])]},
     ['plivo_powerpacks.senders.colour']),
    ('a_missing_required_key', PLAIN, {'plivo_powerpacks': [dict(GOOD, senders=[{'type': 'longcode'}])]},
     ['missing required arguments: number found in plivo_powerpacks -> senders']),
    # ... except what only the module's argument spec knows: choices in any letter case, name or uuid.
    ('a_nested_choice', PLAIN, {'plivo_powerpacks': [dict(GOOD, senders=[dict(SENDER, service='fax')])]},
     ['value of service must be one of: sms, mms, got: fax found in plivo_powerpacks -> senders']),
    ('neither_name_nor_uuid', PLAIN, {'plivo_powerpacks': [GOOD, {'sticky_sender': True}]},
     ['one of the following is required: name, uuid found in plivo_powerpacks']),
    # Credentials.
    ('no_credentials', PLAIN, {'plivo_auth_id': None, 'plivo_auth_token': None, 'plivo_powerpacks': [GOOD]},
     ['missing required arguments: plivo_auth_id, plivo_auth_token; set plivo_auth_id and plivo_auth_token as options',
      'PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN environment variables']),
    ('no_token', PLAIN, {'plivo_auth_token': None, 'plivo_powerpacks': [GOOD]},
     ['missing required arguments: plivo_auth_token;']),
    ('a_malformed_auth_id', PLAIN, {'plivo_auth_id': 'not-an-auth-id', 'plivo_powerpacks': [GOOD]},
     ["plivo_auth_id must be a Plivo Auth ID: MA (an account) or SA (a subaccount) and 18 capital letters or digits; "
      "got 'not-an-auth-id'"]),
    ('a_url_without_http', PLAIN, {'plivo_api_url': 'ftp://example.com', 'plivo_powerpacks': [GOOD]},
     ["plivo_api_url must start with http:// or https://; got 'ftp://example.com'"]),
    # The speed options.
    ('a_rate_limit_of_0', PLAIN, {'plivo_rate_limit': 0, 'plivo_powerpacks': [GOOD]},
     ['plivo_rate_limit must be 1 or more requests per 5 seconds; got 0']),
    ('a_rate_limit_not_a_number', PLAIN, {'plivo_rate_limit': 'fast', 'plivo_powerpacks': [GOOD]},
     ["argument 'plivo_rate_limit' is of type"]),
    ('every_other_bound', PLAIN, {'plivo_workers': 33, 'plivo_timeout': 0, 'plivo_max_retries': 101, 'plivo_retry_timeout': 0,
                                  'plivo_powerpacks': [GOOD]},
     ['plivo_timeout must be a positive number of seconds; got 0', 'plivo_max_retries must be at most 100; got 101',
      'plivo_retry_timeout must be a positive number of seconds; got 0', 'plivo_workers must be between 1 and 32; got 33']),
    # API errors: the API's text as it came; only the module's advice after a 401 names the variables.
    ('an_api_error', FAULTY, {'plivo_max_retries': 0, 'plivo_powerpacks': [GOOD]},
     ['Plivo API returned HTTP 503 for GET /v1/Account/%s/Powerpack/: ' % MAIN_AUTH_ID]),
    ('a_wrong_token', PLAIN, {'plivo_auth_token': 'tok-wrong', 'plivo_powerpacks': [GOOD]},
     ['Plivo API returned HTTP 401 for GET /v1/Account/%s/Powerpack/: ' % MAIN_AUTH_ID,
      '; check plivo_auth_id and plivo_auth_token (or PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN']),
]
CASE_IDS = [case[0] for case in CASES]
# The cases the module itself fails (the others fail in the role's argument spec).
BY_THE_MODULE = [case_id for case_id in CASE_IDS if case_id not in (
    'a_nested_key_of_the_wrong_type', 'an_unknown_key', 'a_missing_required_key', 'a_rate_limit_not_a_number')]
# The API errors, with the same task run with powerpack_bulk itself to compare with.
API_CASES = ('an_api_error', 'a_wrong_token')
# A module option named in a message that should name the role's variable instead.
MODULE_OPTION = re.compile(r'''(?<![\w.'"])(?:powerpacks\[|(?:purge|purge_everything|auth_id|auth_token|api_url|rate_limit|'''
                           r'''workers|timeout|max_retries|retry_timeout)\b)''')
# The module's arguments for each role variable (the API cases run the module with the same values).
OPTIONS = {'plivo_powerpacks': 'powerpacks', 'plivo_auth_id': 'auth_id', 'plivo_auth_token': 'auth_token',
           'plivo_api_url': 'api_url', 'plivo_max_retries': 'max_retries'}


def _variables(case_id, url):
    dummy, emulator, variables, dummy = CASES[CASE_IDS.index(case_id)]
    result = dict(CREDENTIALS, plivo_api_url=url[emulator])
    result.update(variables)
    return {key: value for key, value in result.items() if value is not None}


def build_playbook(urls):
    tasks = []
    for number, case_id in enumerate(CASE_IDS):
        variables = _variables(case_id, urls)
        tasks.append({
            'name': 'case %02d %s' % (number, case_id),
            'block': [
                # The result of an earlier case must not stand for this one's.
                {'name': 'Forget the result before case %02d' % number,
                 'ansible.builtin.set_fact': {'plivo_powerpacks_result': None}},
                {'name': 'Run the role, case %02d' % number, 'ansible.builtin.include_role': {'name': 'plivo.messaging.powerpacks'},
                 'vars': variables},
                {'name': 'The role did not fail, case %02d' % number,
                 'ansible.builtin.set_fact': {'case_%02d' % number: {'failed': False}}},
            ],
            'rescue': [{'name': 'Record the failure of case %02d' % number, 'ansible.builtin.set_fact': {
                'case_%02d' % number: {'failed': True, 'failure': '{{ ansible_failed_result }}',
                                       'result': '{{ plivo_powerpacks_result }}'}}}],
        })
        if case_id in API_CASES:
            tasks.append({'name': 'The module itself, case %02d' % number,
                          'plivo.messaging.powerpack_bulk': {OPTIONS[key]: value for key, value in variables.items()},
                          'register': 'module_%02d' % number, 'ignore_errors': True})
    results = {case_id: '{{ case_%02d }}' % number for number, case_id in enumerate(CASE_IDS)}
    results.update({'module ' + case_id: '{{ module_%02d }}' % CASE_IDS.index(case_id) for case_id in API_CASES})
    tasks.append({'name': 'Write every result', 'ansible.builtin.copy': {
        'dest': '{{ results_path }}', 'mode': '0600', 'content': '{{ results | to_json }}'}, 'vars': {'results': results},
        'check_mode': False})
    return json.dumps([{'name': 'Role messages', 'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}], indent=1)


@pytest.fixture(scope='module')
def emulators(tmp_path_factory):
    logs = tmp_path_factory.mktemp('role-messages')
    started = {
        PLAIN: EmulatorProcess({MAIN_AUTH_ID: MAIN_AUTH_TOKEN}, str(logs / 'plain.stderr')),
        FAULTY: EmulatorProcess({MAIN_AUTH_ID: MAIN_AUTH_TOKEN}, str(logs / 'faulty.stderr'),
                                args=('--fault-rate', '1', '--fault-statuses', '503', '--fault-retry-after', '0')),
    }
    try:
        for emulator in started.values():
            emulator.start()
        yield started
    finally:
        for emulator in started.values():
            emulator.stop()


@pytest.fixture(scope='module')
def runs(emulators, module_run_playbook, tmp_path_factory):
    """mode -> (PlaybookResult, results by case id, requests of each emulator during the run), run on first use."""
    done = {}

    def run(mode):
        if mode not in done:
            urls = {label: emulator.url for label, emulator in emulators.items()}
            since = {label: emulator.bookmark() for label, emulator in emulators.items()}
            path = tmp_path_factory.mktemp('role-messages-%s' % mode) / 'results.json'
            result = module_run_playbook(build_playbook(urls), {'results_path': str(path)},
                                         *(['--check'] if mode == 'check' else []))
            assert path.exists(), 'the playbook wrote no results\n' + result.report()
            requests = {label: emulator.requests(since=since[label]) for label, emulator in emulators.items()}
            done[mode] = (result, json.loads(path.read_text(encoding='utf-8')), requests)
        return done[mode]

    return run


def _section(output, case_id):
    """The play output of the role in one case: from its first task to the next task of the playbook's own."""
    number = CASE_IDS.index(case_id)
    start = output.index('TASK [Forget the result before case %02d]' % number)
    headers = ('TASK [Forget the result before case %02d]' % (number + 1), 'TASK [The module itself, case %02d]' % number,
               'TASK [Write every result]')
    ends = [output.find(header, start) for header in headers]
    return output[start:min(end for end in ends if end >= 0)]


@pytest.mark.parametrize('mode', ['run', 'check'])
@pytest.mark.parametrize('case_id, emulator, variables, texts', CASES, ids=CASE_IDS)
def test_the_failure_names_the_role_variables(runs, mode, case_id, emulator, variables, texts):
    result, results, dummy = runs(mode)
    got = results[case_id]
    assert got['failed'] is True, 'the role did not fail:\n' + result.report()
    msg = got['failure']['msg']
    for text in texts:
        assert text in msg, 'expected %r in %r' % (text, msg)
    if case_id not in API_CASES:
        assert not MODULE_OPTION.search(msg), 'the message names a module option: %r' % msg
    # One failed task, with the message; nothing ignored.
    section = _section(result.stdout, case_id)
    assert section.count('fatal: [localhost]: FAILED!') == 1, section
    assert '...ignoring' not in section, section
    assert MAIN_AUTH_TOKEN not in result.output


@pytest.mark.parametrize('case_id', BY_THE_MODULE)
def test_the_result_keeps_the_module_result_with_the_message(runs, case_id):
    dummy, results, dummy = runs('run')
    got = results[case_id]
    kept = got['result']
    assert kept['failed'] is True and kept['msg'] == got['failure']['msg'], kept
    assert 'failed_when_result' not in kept and 'failed_when_suppressed_exception' not in kept, kept
    assert kept.get('changed') is False, kept


@pytest.mark.parametrize('case_id', CASE_IDS)
def test_check_mode_fails_the_same_way(runs, case_id):
    (dummy, real, dummy), (dummy, check, dummy) = runs('run'), runs('check')
    assert real[case_id]['failure']['msg'] == check[case_id]['failure']['msg']


def test_an_api_error_is_passed_on_as_the_module_wrote_it(runs):
    for mode in ('run', 'check'):
        dummy, results, dummy = runs(mode)
        role, module = results['an_api_error'], results['module an_api_error']
        assert module['failed'] is True and module['status'] == 503, module
        assert role['failure']['msg'] == module['msg']
        assert role['result']['api_error'] == module['api_error'] and role['result']['status'] == 503
        role, module = results['a_wrong_token'], results['module a_wrong_token']
        assert role['failure']['msg'] == module['msg'].replace('; check auth_id and auth_token (',
                                                               '; check plivo_auth_id and plivo_auth_token (')
        assert role['result']['api_error'] == module['api_error'] == 'authentication failed', role


@pytest.mark.parametrize('mode', ['run', 'check'])
def test_no_case_writes(runs, mode):
    dummy, dummy, requests = runs(mode)
    writes = [entry for entries in requests.values() for entry in entries if entry['method'] in WRITE_METHODS]
    assert writes == []
    # Only the API errors reach the API at all: the rest fail before any request.
    assert {(entry['method'], entry['status']) for entry in requests[PLAIN]} == {('GET', 401)}, requests[PLAIN]
    assert {(entry['method'], entry['status']) for entry in requests[FAULTY]} == {('GET', 503)}, requests[FAULTY]
