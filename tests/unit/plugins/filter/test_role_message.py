# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plivo.messaging.role_message: a module's failure message in the names of the role's variables.

Whole option names are renamed where a message names an option (the start of a problem, an indexed
list option, Ansible's argument validation, the module's words around an API error), nothing else: the
API's text, quoted values and words of the sentences stay as they are. The API errors are made by the
modules' own PlivoApiError, and the role must name every option it passes.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.plivo.messaging.plugins.filter.role_message import FilterModule, role_message
from ansible_collections.plivo.messaging.plugins.module_utils import specs
from ansible_collections.plivo.messaging.plugins.module_utils.transport import PlivoApiError

REPO = pathlib.Path(__file__).resolve().parents[4]
ROLE = REPO / 'roles' / 'powerpacks'

# As the role names them (roles/powerpacks/tasks/main.yml; test_the_role_names_every_option_it_passes).
NAMES = {
    'powerpacks': 'plivo_powerpacks',
    'purge': 'plivo_powerpacks_purge',
    'purge_everything': 'plivo_powerpacks_purge_everything',
    'auth_id': 'plivo_auth_id',
    'auth_token': 'plivo_auth_token',
    'api_url': 'plivo_api_url',
    'rate_limit': 'plivo_rate_limit',
    'workers': 'plivo_workers',
    'timeout': 'plivo_timeout',
    'max_retries': 'plivo_max_retries',
    'retry_timeout': 'plivo_retry_timeout',
}

E164 = 'must be an E.164 number in digits, country code first, 8 to 15 digits with an optional leading +, such as 14155550100'
CREDENTIALS_ADVICE = ('in module_defaults for group/plivo.messaging.plivo, or in the PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN '
                      'environment variables')
API_401 = 'Plivo API returned HTTP 401 for GET /v1/Account/MAINTEGRATION0000000/Powerpack/: authentication failed'

RENAMED = [
    # -- the modules' own checks: an option path starts each problem --
    ('item path', "powerpacks[1].senders[0].number %s; got '12'" % E164,
     "plivo_powerpacks[1].senders[0].number %s; got '12'" % E164),
    ('item prefix', "powerpacks[0]: name must not start or end with whitespace; remove the whitespace from ' a'",
     "plivo_powerpacks[0]: name must not start or end with whitespace; remove the whitespace from ' a'"),
    ('item with its name', "powerpacks[3] (alerts): number 14155550100 is a short code in the pool",
     "plivo_powerpacks[3] (alerts): number 14155550100 is a short code in the pool"),
    ('an item named like an option', "powerpacks[0] (workers): x", "plivo_powerpacks[0] (workers): x"),
    ('another item, mid-sentence', "powerpacks[2]: name 'x' is already declared by powerpacks[0]; declare each powerpack once",
     "plivo_powerpacks[2]: name 'x' is already declared by plivo_powerpacks[0]; declare each powerpack once"),
    ('scalar options', 'rate_limit must be 1 or more requests per 5 seconds; got 0; workers must be between 1 and 32; got 99',
     'plivo_rate_limit must be 1 or more requests per 5 seconds; got 0; plivo_workers must be between 1 and 32; got 99'),
    ('every speed option', 'timeout must be a positive number of seconds; got 0; max_retries must be 0 or more; got -1 '
     '(0 turns retries off); retry_timeout must be at most 86400 seconds (a day); got 999999',
     'plivo_timeout must be a positive number of seconds; got 0; plivo_max_retries must be 0 or more; got -1 '
     '(0 turns retries off); plivo_retry_timeout must be at most 86400 seconds (a day); got 999999'),
    ('two options', "auth_id and auth_token must be Latin-1 text (Plivo's are letters and digits)",
     "plivo_auth_id and plivo_auth_token must be Latin-1 text (Plivo's are letters and digits)"),
    ('an option with a value', 'purge=true with an empty powerpacks list would delete every powerpack of the account',
     'plivo_powerpacks_purge=true with an empty powerpacks list would delete every powerpack of the account'),
    ('the longer option first', 'purge_everything only applies with purge=true; remove it, or set purge=true',
     'plivo_powerpacks_purge_everything only applies with purge=true; remove it, or set purge=true'),
    ('a value as given', "auth_id must be a string; got a list: ['a']; give a single value, not a list",
     "plivo_auth_id must be a string; got a list: ['a']; give a single value, not a list"),
    ('a url', "api_url must start with http:// or https://; got 'ftp://x'",
     "plivo_api_url must start with http:// or https://; got 'ftp://x'"),
    # -- advice to set an option --
    ('missing credentials', 'missing required arguments: auth_id, auth_token; set auth_id and auth_token as options, '
     + CREDENTIALS_ADVICE,
     'missing required arguments: plivo_auth_id, plivo_auth_token; set plivo_auth_id and plivo_auth_token as options, '
     + CREDENTIALS_ADVICE),
    ('an empty token', 'auth_token must not be empty; set auth_token, PLIVO_AUTH_TOKEN, or module_defaults for '
     'group/plivo.messaging.plivo',
     'plivo_auth_token must not be empty; set plivo_auth_token, PLIVO_AUTH_TOKEN, or module_defaults for '
     'group/plivo.messaging.plivo'),
    # -- Ansible's argument validation --
    ('choices of a suboption', 'value of application_type must be one of: xml, phlo, got: foo found in powerpacks',
     'value of application_type must be one of: xml, phlo, got: foo found in plivo_powerpacks'),
    ('a nested suboption', 'value of service must be one of: sms, mms, got: fax found in powerpacks -> senders',
     'value of service must be one of: sms, mms, got: fax found in plivo_powerpacks -> senders'),
    ('a value like the context', 'value of service must be one of: sms, mms, got: found in powerpacks found in powerpacks -> senders',
     'value of service must be one of: sms, mms, got: found in powerpacks found in plivo_powerpacks -> senders'),
    ('required one of', 'one of the following is required: name, uuid found in powerpacks',
     'one of the following is required: name, uuid found in plivo_powerpacks'),
    ('a nested required', 'missing required arguments: number found in powerpacks -> senders',
     'missing required arguments: number found in plivo_powerpacks -> senders'),
    ('quoted context', "argument 'sticky_sender' is of type str found in 'powerpacks'. and we were unable to convert to bool: "
     "The value 'maybe' is not a valid boolean",
     "argument 'sticky_sender' is of type str found in 'plivo_powerpacks'. and we were unable to convert to bool: "
     "The value 'maybe' is not a valid boolean"),
    ('quoted nested context', "argument 'priority' is of type <class 'str'> found in 'powerpacks -> number_priority'. and we "
     "were unable to convert to dict: dictionary requested",
     "argument 'priority' is of type <class 'str'> found in 'plivo_powerpacks -> number_priority'. and we "
     "were unable to convert to dict: dictionary requested"),
    ('elements in a context', "Elements value for option 'senders' found in 'powerpacks' is of type str and we were unable",
     "Elements value for option 'senders' found in 'plivo_powerpacks' is of type str and we were unable"),
    ('a top-level type', "argument 'timeout' is of type str and we were unable to convert to int: \"'soon'\" cannot be "
     "converted to an int",
     "argument 'plivo_timeout' is of type str and we were unable to convert to int: \"'soon'\" cannot be "
     "converted to an int"),
    ('top-level elements', "Elements value for option 'powerpacks' is of type str and we were unable to convert to dict",
     "Elements value for option 'plivo_powerpacks' is of type str and we were unable to convert to dict"),
    ('unknown keys', 'Unsupported parameters for (plivo.messaging.powerpack_bulk) module: powerpacks.weight, workerz. '
     'Supported parameters include: api_url, auth_id, powerpacks, timeout.',
     'Unsupported parameters for (plivo.messaging.powerpack_bulk) module: plivo_powerpacks.weight, workerz. '
     'Supported parameters include: api_url, auth_id, powerpacks, timeout.'),
    ('checks first, then Ansible', "powerpacks[0].name must be a string; got a boolean: True; quote the value; value of "
     "application_type must be one of: xml, phlo, got: foo found in powerpacks",
     "plivo_powerpacks[0].name must be a string; got a boolean: True; quote the value; value of "
     "application_type must be one of: xml, phlo, got: foo found in plivo_powerpacks"),
]

UNCHANGED = [
    # API errors, and every problem after one, whatever words they hold
    ('api text', 'Plivo API returned HTTP 400 for POST /v1/Account/MA/Powerpack/: powerpacks[0] is bad; workers must rest; '
     'timeout=3 reached; rate_limit exceeded'),
    ('no answer', 'Plivo API request GET /v1/Account/MA/Powerpack/ failed: timeout while connecting'),
    ('the answer within timeout', 'Plivo API returned HTTP 200 for GET /v1/Account/MA/Powerpack/: the answer did not arrive '
     'within timeout (30 s)'),
    ('several API errors', 'Plivo API returned HTTP 500 for POST /v1/Account/MA/Powerpack/: boom; Plivo API returned HTTP 503 '
     'for DELETE /v1/Account/MA/Powerpack/5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11/: (gave up after 5 retries)'),
    ('html', 'Plivo API returned HTTP 503 for GET /v1/Account/MA/Powerpack/: "<html><body><h1>503 Service Unavailable</h1>'
     '</body></html>"'),
    # escapes as the modules wrote them (nothing is unescaped)
    ('escapes', "powerpack \"two\\nlines\" [new]: name must contain only printable characters; got 'two\\nlines'"),
    # options named only as words, a powerpack named like an option, a quoted value
    ('words', 'declare the powerpacks to keep in powerpacks, or set purge_everything=true'),
    ('a name first', 'workers: number 14155550100 is not rented by the account'),
    ('a quoted value', "number 'powerpacks[0]' is not an E.164 number"),
    ('inside a word', 'powerpacks_x must be; auth_idx is; xpowerpacks[0] is; plivo_powerpacks[0] is'),
    ('options not renamed', 'validate_certs must be true or false; name must not be empty'),
    ('Ansible, no option', 'dictionary requested, could not parse JSON or key=value'),
    ('suboptions only', 'missing required arguments: number, type found in powerpacks_x'),
    ('empty', ''),
    ('separators only', '; ; '),
]


@pytest.mark.parametrize('message, expected', [case[1:] for case in RENAMED], ids=[case[0] for case in RENAMED])
def test_options_are_renamed_where_the_message_names_them(message, expected):
    assert role_message(message, NAMES) == expected


@pytest.mark.parametrize('message', [case[1] for case in UNCHANGED], ids=[case[0] for case in UNCHANGED])
def test_everything_else_is_left_as_it_is(message):
    assert role_message(message, NAMES) == message


def test_an_option_the_names_leave_out_keeps_its_name():
    message = 'rate_limit must be 1 or more; got 0; workers must be between 1 and 32; got 0; check auth_id and auth_token (x)'
    assert role_message(message, {'workers': 'plivo_workers'}) == (
        'rate_limit must be 1 or more; got 0; plivo_workers must be between 1 and 32; got 0; check auth_id and auth_token (x)')
    assert role_message(message, {}) == message


def test_a_second_run_changes_nothing():
    for _case_id, message, _expected in RENAMED:
        once = role_message(message, NAMES)
        assert role_message(once, NAMES) == once


@pytest.mark.parametrize('message, names, api_error', [
    (None, NAMES, None),
    (['a'], NAMES, None),
    ('x', None, None),
    ('x', ['powerpacks'], None),
    ('x', {'powerpacks': 3}, None),
    ('x', {'': 'plivo_powerpacks'}, None),
    ('x', {'powerpacks': ''}, None),
    ('x', NAMES, 401),
])
def test_bad_arguments_are_refused(message, names, api_error):
    with pytest.raises(AnsibleFilterError, match='role_message: '):
        role_message(message, names, api_error=api_error)


def test_the_filter_is_registered():
    assert FilterModule().filters() == {'role_message': role_message}


# (case id, message, api_error, expected): API errors as the modules write them, the API's text protected.
API = [
    ('401', API_401 + '; check auth_id and auth_token (or PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, or module_defaults for '
     'group/plivo.messaging.plivo)', 'authentication failed',
     API_401 + '; check plivo_auth_id and plivo_auth_token (or PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, or module_defaults for '
     'group/plivo.messaging.plivo)'),
    ('no answer', 'Plivo API request GET /v1/Account/MA/Powerpack/ failed: no answer from api.plivo.com port 443 within '
     'timeout (30 s) (6 attempts); raise timeout if the API is slow from here',
     'no answer from api.plivo.com port 443 within timeout (30 s)',
     'Plivo API request GET /v1/Account/MA/Powerpack/ failed: no answer from api.plivo.com port 443 within '
     'timeout (30 s) (6 attempts); raise plivo_timeout if the API is slow from here'),
    ('a path in the url', 'Plivo API returned HTTP 404 for GET /api/v1/Account/MA/Powerpack/: not found; api_url has a path '
     "(/api); give only the API's root, such as https://api.plivo.com", 'not found',
     'Plivo API returned HTTP 404 for GET /api/v1/Account/MA/Powerpack/: not found; plivo_api_url has a path '
     "(/api); give only the API's root, such as https://api.plivo.com"),
    ('api text with options and separators', 'Plivo API returned HTTP 400 for POST /v1/Account/MA/Powerpack/: powerpacks[0] '
     'is bad; workers must rest; timeout=3 (gave up after 2 retries); check api_url',
     'powerpacks[0] is bad; workers must rest; timeout=3',
     'Plivo API returned HTTP 400 for POST /v1/Account/MA/Powerpack/: powerpacks[0] is bad; workers must rest; timeout=3 '
     '(gave up after 2 retries); check plivo_api_url'),
    ('the same text twice', 'Plivo API returned HTTP 503 for POST /v1/Account/MA/Powerpack/: upstream request timeout; '
     'raise timeout; Plivo API returned HTTP 503 for DELETE /v1/Account/MA/Powerpack/x/: upstream request timeout; '
     'raise timeout', 'upstream request timeout',
     'Plivo API returned HTTP 503 for POST /v1/Account/MA/Powerpack/: upstream request timeout; '
     'raise plivo_timeout; Plivo API returned HTTP 503 for DELETE /v1/Account/MA/Powerpack/x/: upstream request timeout; '
     'raise plivo_timeout'),
    ('another text', 'Plivo API returned HTTP 503 for POST /v1/Account/MA/Powerpack/: busy; raise timeout; Plivo API '
     'returned HTTP 504 for DELETE /v1/Account/MA/Powerpack/x/: upstream request timeout; raise timeout', 'busy',
     'Plivo API returned HTTP 503 for POST /v1/Account/MA/Powerpack/: busy; raise plivo_timeout; Plivo API '
     'returned HTTP 504 for DELETE /v1/Account/MA/Powerpack/x/: upstream request timeout; raise timeout'),
    ('problems before it', "powerpacks[0] (a): number 1 is gone; Plivo API returned HTTP 500 for GET /v1/x/: timeout; "
     "check timeout", 'timeout',
     "plivo_powerpacks[0] (a): number 1 is gone; Plivo API returned HTTP 500 for GET /v1/x/: timeout; check plivo_timeout"),
    ('without api_error', API_401 + '; check auth_id and auth_token', None, API_401 + '; check auth_id and auth_token'),
    ('another api_error', API_401 + '; check auth_id and auth_token', 'denied', API_401 + '; check auth_id and auth_token'),
    ('an empty text', 'Plivo API returned HTTP 500 for GET /v1/x/: ; check api_url', '',
     'Plivo API returned HTTP 500 for GET /v1/x/: ; check plivo_api_url'),
    ('not a request line', 'Plivo API said timeout; check api_url', 'timeout', 'Plivo API said timeout; check api_url'),
]


@pytest.mark.parametrize('message, api_error, expected', [case[1:] for case in API], ids=[case[0] for case in API])
def test_an_api_error_keeps_its_text_and_renames_the_modules_words(message, api_error, expected):
    assert role_message(message, NAMES, api_error=api_error) == expected


@pytest.mark.parametrize('status, retries', [(401, 0), (503, 5), (None, 0)])
def test_an_api_error_as_the_modules_raise_it(status, retries):
    """The request line of PlivoApiError is recognized, whatever the API's text holds."""
    text = "powerpacks[0]; workers; timeout=1; Plivo API returned HTTP 1 for A B: x; 'auth_id' {{ api_url }}\\n"
    error = PlivoApiError('POST', '/v1/Account/MA/Powerpack/', status, text, retries=retries,
                          hint='check api_url and timeout; raise workers')
    renamed = role_message('powerpacks[2]: y; ' + str(error), NAMES, api_error=error.error)
    assert renamed == 'plivo_powerpacks[2]: y; ' + str(error).replace(
        '; check api_url and timeout; raise workers', '; check plivo_api_url and plivo_timeout; raise plivo_workers')
    assert text in renamed


def test_the_role_names_every_option_it_passes():
    """The role's names (tasks/main.yml) map each option the role sets on powerpack_bulk to the role variable it comes from."""
    tasks = yaml.safe_load((ROLE / 'tasks' / 'main.yml').read_text(encoding='utf-8'))
    converge = next(task for task in tasks if 'plivo.messaging.powerpack_bulk' in task)
    restate = next(task for task in tasks if 'powerpacks_option_names' in task.get('vars', {}))
    names = restate['vars']['powerpacks_option_names']
    assert names == NAMES
    defaults = converge['module_defaults']['plivo.messaging.powerpack_bulk']
    passed = set(converge['plivo.messaging.powerpack_bulk']) | {name for name in specs.AUTH if "'%s':" % name in defaults}
    assert set(names) == passed
    module_options, _kwargs = specs.argument_spec('powerpack_bulk')
    assert set(names) <= set(module_options)
    role_options = yaml.safe_load((ROLE / 'meta' / 'argument_specs.yml').read_text(encoding='utf-8'))['argument_specs']['main']['options']
    assert set(names.values()) <= set(role_options)
    arguments = converge['plivo.messaging.powerpack_bulk']
    for option, variable in names.items():
        assert arguments.get(option) == '{{ %s }}' % variable or "'%s': %s |" % (option, variable) in defaults, (option, variable)
