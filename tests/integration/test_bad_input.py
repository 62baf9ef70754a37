# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input to every plivo.messaging module, through real ansible-playbook.

Every case of BAD_INPUTS becomes one task (for the role, an include in a block that
rescues its failure) of ONE generated playbook (one ansible-playbook
run, at -vvvv, for the whole table; the run happens once, in a module-scoped fixture).
The playbook registers every result and writes them all to a JSON file. Each case is then
checked on its own (parametrized, so a failure names the case): the task failed, its msg
holds the expected text, there is no traceback, and the token did not leak. Bad input must
fail before any request: the emulator's request log stays empty for the whole run.
The table holds at least MIN_CASES cases.
"""

from __future__ import annotations

import base64
import json
import os
import textwrap
import uuid

import pytest

# Kept in step with conftest.py, which cannot be imported by name (tests/conftest.py exists too).
CONFIG_ENV = 'PLIVO_INTEGRATION_CONFIG'
requires_emulator = pytest.mark.skipif(
    bool(os.environ.get(CONFIG_ENV, '').strip()),
    reason='%s is set: running against a real Plivo API, and this test needs the emulator' % CONFIG_ENV,
)

PP = 'plivo.messaging.powerpack'
INFO = 'plivo.messaging.powerpack_info'
NUM = 'plivo.messaging.powerpack_number'
POOL = 'plivo.messaging.powerpack_pool'
NUM_INFO = 'plivo.messaging.powerpack_number_info'
BULK = 'plivo.messaging.powerpack_bulk'
# Not a module: the role, included with the case's arguments as its variables (see build_playbook).
ROLE = 'plivo.messaging.powerpacks'
# An argument key that is not an argument: task keywords for the case's task, such as check_mode.
TASK = '_task'

# Valid pieces the cases start from; {name} is replaced by a name under resource_prefix.
GOOD_PRIORITY = {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'}
GOOD_ENTRY = {'country_iso': 'US', 'service_type': 'SMS', 'priority': GOOD_PRIORITY}
NAME = '{name}'


def entry(**changes):
    """GOOD_ENTRY with some keys replaced; a value of None removes the key."""
    result = dict(GOOD_ENTRY, priority=dict(GOOD_PRIORITY))
    for key, value in changes.items():
        if value is None:
            result.pop(key)
        else:
            result[key] = value
    return result


def priority(**changes):
    result = dict(GOOD_PRIORITY)
    for key, value in changes.items():
        if value is None:
            result.pop(key)
        else:
            result[key] = value
    return result


# (case id, module, module arguments, text the failure message must contain).
# Arguments are added to the credentials and api_url (see CREDENTIALS below) unless a
# case sets that key itself; a value of OMIT leaves the key out. For ROLE, the arguments
# are the role's variables (the credentials come from the run's extra variables). A TASK
# key holds task keywords, such as {'check_mode': True}.
OMIT = object()
UUID = '5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11'

BAD_INPUTS = [
    # -- wrong types (Ansible's argument spec) --
    ('sticky_sender_not_bool', PP, {'name': NAME, 'sticky_sender': 'maybe'},
     "argument 'sticky_sender' is of type"),
    ('local_connect_list', PP, {'name': NAME, 'local_connect': [True, False]},
     "argument 'local_connect' is of type"),
    # Ansible's own messages for these two; the first does not name the option.
    ('number_priority_string', PP, {'name': NAME, 'number_priority': 'US:SMS'},
     'dictionary requested, could not parse JSON or key=value'),
    ('number_priority_entry_not_dict', PP, {'name': NAME, 'number_priority': [['US', 'SMS']]},
     "in the sub parameter field 'number_priority'"),
    ('timeout_not_int', PP, {'name': NAME, 'timeout': 'soon'},
     "argument 'timeout' is of type"),
    ('max_retries_not_int', PP, {'name': NAME, 'max_retries': 'lots'},
     "argument 'max_retries' is of type"),
    ('info_retry_timeout_not_int', INFO, {'retry_timeout': 'a while'},
     "argument 'retry_timeout' is of type"),
    # -- unknown options and keys: named by their place, with the closest option not given (issue 21) --
    ('limit_option', PP, {'name': NAME, 'limit': 1000},
     'unknown option "limit"; did you mean "rate_limit"?'),
    ('info_limit_option', INFO, {'limit': 1000},
     'unknown option "limit"; did you mean "rate_limit"?'),
    ('info_offset_option', INFO, {'offset': -1},
     'unknown option "offset"; the options are api_url, auth_id, auth_token, details, max_retries, name, rate_limit, '
     'retry_timeout, timeout, uuid, validate_certs, workers'),
    ('misspelt_option', PP, {'name': NAME, 'stiky_sender': True},
     'unknown option "stiky_sender"; did you mean "sticky_sender"?'),
    ('unknown_key_in_entry', PP, {'name': NAME, 'number_priority': [entry(weight=10)]},
     'number_priority[0]: unknown key "weight"; the keys here are country_iso, priority, service_type'),
    ('unknown_key_in_priority', PP, {'name': NAME, 'number_priority': [entry(priority=priority(priority4='longcode'))]},
     'number_priority[0].priority: unknown key "priority4"; the keys here are priority1, priority2, priority3'),
    ('bulk_misspelt_key_in_priority', BULK,
     {'powerpacks': [{'name': NAME, 'number_priority': [entry(priority=priority(priority3=None, priorty3='shortcode'))]}]},
     'powerpacks[0].number_priority[0].priority: unknown key "priorty3"; did you mean "priority3"?'),
    ('bulk_misspelt_item_key', BULK, {'powerpacks': [{'name': NAME, 'sender': [{'number': '14155550100'}]}]},
     'powerpacks[0]: unknown key "sender"; did you mean "senders"?'),
    ('pool_misspelt_sender_key', POOL, {'powerpack_name': NAME, 'senders': [{'numbr': '14155550100'}]},
     'senders[0]: unknown key "numbr"; did you mean "number"?'),
    ('number_info_misspelt_option', NUM_INFO, {'powerpack_name': NAME, 'country': 'US'},
     'unknown option "country"; did you mean "country_iso"?'),
    ('missing_key_in_priority', PP, {'name': NAME, 'number_priority': [entry(priority=priority(priority3=None))]},
     'missing required arguments: priority3'),
    ('missing_key_in_entry', PP, {'name': NAME, 'number_priority': [entry(service_type=None)]},
     'missing required arguments: service_type'),
    # -- values the module validates --
    ('country_iso_three_letters', PP, {'name': NAME, 'number_priority': [entry(country_iso='USA')]},
     'number_priority[0].country_iso must be a two-letter ISO 3166-1 country code'),
    ('service_type_unknown', PP, {'name': NAME, 'number_priority': [entry(service_type='FAX')]},
     'number_priority[0].service_type must be one of SMS, MMS'),
    ('priority_value_unknown', PP, {'name': NAME, 'number_priority': [entry(priority=priority(priority2='satellite'))]},
     'number_priority[0].priority.priority2 must be one of longcode, shortcode, tollfree'),
    ('priority_value_repeated', PP, {'name': NAME, 'number_priority': [entry(priority=priority(priority3='shortcode'))]},
     "number_priority[0].priority uses 'shortcode' more than once"),
    ('number_priority_duplicate_entry', PP, {'name': NAME, 'number_priority': [entry(), entry(country_iso='us')]},
     "number_priority has more than one entry for country_iso 'US' and service_type 'SMS'"),
    ('name_empty', PP, {'name': ''},
     'name must not be empty'),
    ('name_blank', PP, {'name': '   '},
     'name must not be empty'),
    ('name_256_chars', PP, {'name': 'n' * 256},
     'name must be at most 255 characters'),
    ('name_4000_chars', PP, {'name': 'x' * 4000, 'state': 'absent'},
     'name must be at most 255 characters'),
    # Any printable character is fine in a name (accents, scripts, emoji); these hide or rewrite what a terminal shows.
    ('name_right_to_left_override', PP, {'name': 'promo-\u00e9t\u00e9-\u202egpj.exe'},
     "name must contain only printable characters, not control or format characters (such as a tab, a newline or "
     "U+202E), line separators or spaces other than the plain space; got 'promo-\u00e9t\u00e9-\\u202egpj.exe'"),
    ('name_control_character', PP, {'name': 'bell\u0007name'},
     "name must contain only printable characters, not control or format characters"),
    # Quoted with its escapes, so that the message itself stays on one line.
    ('name_newline', PP, {'name': 'two\nlines', 'state': 'absent'},
     "other than the plain space; got 'two\\nlines'"),
    ('uuid_not_a_uuid', PP, {'uuid': 'not-a-uuid', 'state': 'absent'},
     'uuid must be a UUID such as'),
    ('uuid_without_hyphens', PP, {'uuid': '0123456789ab4cde8f0123456789abcd', 'name': NAME},
     'uuid must be a UUID such as'),
    ('uuid_path_traversal', PP, {'uuid': '../../../Account/', 'state': 'absent'},
     'uuid must be a UUID such as'),
    ('uuid_empty', PP, {'uuid': ''},
     'uuid must be a UUID such as'),
    ('application_id_empty', PP, {'name': NAME, 'application_id': '', 'application_type': 'xml'},
     'application_id must not be empty'),
    ('application_id_without_type', PP, {'name': NAME, 'application_id': '20372631212782780'},
     'application_type is required when application_id is set'),
    ('unrent_numbers_with_present', PP, {'name': NAME, 'unrent_numbers': True},
     'unrent_numbers only applies with state=absent'),
    # -- choices, required, conflicts (Ansible's argument spec) --
    ('state_unknown', PP, {'name': NAME, 'state': 'gone'},
     'value of state must be one of: present, absent'),
    ('application_type_unknown', PP, {'name': NAME, 'application_id': '1', 'application_type': 'json'},
     'value of application_type must be one of: xml, phlo'),
    ('application_type_without_id', PP, {'name': NAME, 'application_type': 'xml'},
     "missing parameter(s) required by 'application_type': application_id"),
    ('neither_name_nor_uuid', PP, {'sticky_sender': True},
     'one of the following is required: name, uuid'),
    ('auth_id_missing', PP, {'name': NAME, 'auth_id': OMIT},
     'missing required arguments: auth_id'),
    ('auth_id_empty', INFO, {'auth_id': ''},
     'auth_id must not be empty'),
    ('info_uuid_and_name', INFO, {'uuid': '5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11', 'name': NAME},
     'parameters are mutually exclusive: uuid|name'),
    ('info_name_empty', INFO, {'name': ''},
     'name must not be empty'),
    ('info_uuid_not_a_uuid', INFO, {'uuid': 'xyz'},
     'uuid must be a UUID such as'),
    ('info_name_too_long', INFO, {'name': 'i' * 300},
     'name must be at most 255 characters'),
    ('info_name_line_separator', INFO, {'name': '\u0440\u0430\u0441\u0441\u044b\u043b\u043a\u0430\u2028x'},
     "name must contain only printable characters"),
    # -- timeouts, retries, api_url --
    ('timeout_zero', PP, {'name': NAME, 'timeout': 0},
     'timeout must be a positive number of seconds'),
    ('timeout_negative', PP, {'name': NAME, 'timeout': -5},
     'timeout must be a positive number of seconds'),
    ('max_retries_negative', PP, {'name': NAME, 'max_retries': -1},
     'max_retries must be 0 or more'),
    ('retry_timeout_zero', PP, {'name': NAME, 'retry_timeout': 0},
     'retry_timeout must be a positive number of seconds'),
    ('retry_timeout_negative', PP, {'name': NAME, 'retry_timeout': -30, 'state': 'absent'},
     'retry_timeout must be a positive number of seconds'),
    ('info_timeout_zero', INFO, {'timeout': 0},
     'timeout must be a positive number of seconds'),
    ('info_max_retries_negative', INFO, {'max_retries': -3},
     'max_retries must be 0 or more'),
    ('info_retry_timeout_zero', INFO, {'retry_timeout': 0},
     'retry_timeout must be a positive number of seconds'),
    ('rate_limit_zero', PP, {'name': NAME, 'rate_limit': 0},
     'rate_limit must be 1 or more requests per 5 seconds'),
    ('info_workers_zero', INFO, {'workers': 0},
     'workers must be between 1 and 32'),
    ('workers_too_many', PP, {'name': NAME, 'workers': 100},
     'workers must be between 1 and 32'),
    ('api_url_without_scheme', PP, {'name': NAME, 'api_url': '127.0.0.1:9'},
     'api_url must start with http:// or https://'),
    ('api_url_ftp', PP, {'name': NAME, 'api_url': 'ftp://127.0.0.1:9/'},
     'api_url must start with http:// or https://'),
    ('info_api_url_bare_host', INFO, {'api_url': 'localhost'},
     'api_url must start with http:// or https://'),
    # An api_url where nothing answers: the host and port, the cause, the attempts and what to check (issue 21).
    ('info_api_url_closed_port', INFO, {'api_url': 'http://127.0.0.1:1', 'max_retries': 1},
     'failed: connection refused by 127.0.0.1 port 1 (2 attempts); nothing accepts connections there: check api_url '
     '(or the PLIVO_API_URL environment variable), and that the API server is running'),
    ('api_url_name_does_not_resolve', PP, {'name': NAME, 'api_url': 'http://plivo.invalid:8080', 'max_retries': 0},
     'failed: the host name plivo.invalid (port 8080) does not resolve: '),
    # -- number pools: powerpack_number --
    ('number_with_letters', NUM, {'powerpack_name': NAME, 'number': '1415CALLNOW'},
     'number must be an E.164 number in digits'),
    ('number_with_dashes', NUM, {'powerpack_name': NAME, 'number': '+1-415-555-0100'},
     'number must be an E.164 number in digits'),
    ('number_with_spaces', NUM, {'powerpack_name': NAME, 'number': '1415 555 0100', 'state': 'absent'},
     'number must be an E.164 number in digits'),
    ('number_national_form', NUM, {'powerpack_name': NAME, 'number': '04155550100'},
     'number must be an E.164 number in digits'),
    ('number_too_long', NUM, {'powerpack_name': NAME, 'number': '1' * 16},
     'number must be an E.164 number in digits'),
    ('number_too_short', NUM, {'powerpack_name': NAME, 'number': '1415555', 'type': 'tollfree'},
     'number must be an E.164 number in digits'),
    ('number_empty', NUM, {'powerpack_name': NAME, 'number': ''},
     'number must be an E.164 number in digits'),
    ('number_missing', NUM, {'powerpack_name': NAME},
     'missing required arguments: number'),
    ('number_type_unknown', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'type': 'mobile'},
     'value of type must be one of: longcode, tollfree, shortcode'),
    ('number_service_unknown', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'service': 'rcs'},
     'value of service must be one of: sms, mms'),
    ('shortcode_with_service', NUM, {'powerpack_name': NAME, 'number': '444444', 'type': 'shortcode', 'service': 'sms'},
     'service applies to long codes and toll-free numbers only'),
    # Toll-free numbers have a service (issue 12); an unknown one is refused like a long code's.
    ('tollfree_service_unknown', NUM, {'powerpack_name': NAME, 'number': '18005550199', 'type': 'tollfree', 'service': 'rcs'},
     'value of service must be one of: sms, mms'),
    ('shortcode_too_long', NUM, {'powerpack_name': NAME, 'number': '444444444', 'type': 'shortcode'},
     'number must be a short code of 3 to 8 digits'),
    ('shortcode_rent', NUM, {'powerpack_name': NAME, 'number': '444444', 'type': 'shortcode', 'rent': True},
     'rent does not apply to short codes'),
    ('shortcode_unrent', NUM, {'powerpack_name': NAME, 'number': '444444', 'type': 'shortcode', 'state': 'absent',
                               'unrent': True},
     'unrent does not apply to short codes'),
    ('number_unrent_with_present', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'unrent': True},
     'unrent only applies with state=absent'),
    ('number_rent_with_absent', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'state': 'absent', 'rent': True},
     'rent only applies with state=present'),
    ('number_both_powerpack_ids', NUM, {'powerpack_name': NAME, 'powerpack_uuid': '5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11',
                                        'number': '14155550100'},
     'parameters are mutually exclusive: powerpack_uuid|powerpack_name'),
    ('number_neither_powerpack_id', NUM, {'number': '14155550100'},
     'one of the following is required: powerpack_uuid, powerpack_name'),
    ('number_powerpack_name_empty', NUM, {'powerpack_name': '', 'number': '14155550100'},
     'powerpack_name must not be empty'),
    # -- number pools: powerpack_pool, powerpack_number_info, powerpack_bulk senders --
    ('pool_bad_number', POOL, {'powerpack_name': NAME, 'senders': [{'number': '14155550100'}, {'number': 'abc'}]},
     'senders[1].number must be an E.164 number in digits'),
    ('pool_duplicate_number', POOL,
     {'powerpack_name': NAME, 'senders': [{'number': '14155550100'}, {'number': '+14155550100', 'service': 'mms'}]},
     'senders[1]: number 14155550100 is already declared by senders[0]'),
    ('pool_service_on_shortcode', POOL,
     {'powerpack_name': NAME, 'senders': [{'number': '444444', 'type': 'shortcode', 'service': 'mms'}]},
     'senders[0].service applies to long codes and toll-free numbers only'),
    ('pool_unknown_type', POOL, {'powerpack_name': NAME, 'senders': [{'number': '14155550100', 'type': 'landline'}]},
     'value of type must be one of: longcode, tollfree, shortcode'),
    ('pool_unrent_without_purge', POOL, {'powerpack_name': NAME, 'senders': [], 'unrent': True},
     'unrent only applies to the numbers purge removes'),
    ('pool_neither_powerpack_id', POOL, {'senders': []},
     'one of the following is required: powerpack_uuid, powerpack_name'),
    ('pool_both_powerpack_ids', POOL, {'senders': [], 'powerpack_name': NAME,
                                       'powerpack_uuid': '5ec3b3b6-9f8e-4b0e-8c1c-7a1f2d9c3e11'},
     'parameters are mutually exclusive: powerpack_uuid|powerpack_name'),
    ('number_info_country_three_letters', NUM_INFO, {'powerpack_name': NAME, 'country_iso': 'USA'},
     'country_iso must be a two-letter ISO 3166-1 country code'),
    ('number_info_type_unknown', NUM_INFO, {'powerpack_name': NAME, 'type': ['longcode', 'fax']},
     'value of type must be one or more of: longcode, tollfree, shortcode'),
    ('number_info_neither_powerpack_id', NUM_INFO, {},
     'one of the following is required: powerpack_uuid, powerpack_name'),
    # A short code declared without its type is a long code (the default type): the message says to set the type.
    ('pool_short_code_without_type', POOL, {'powerpack_name': NAME, 'senders': [{'number': '444444'}]},
     "senders[0].number must be an E.164 number in digits, country code first, 8 to 15 digits with an optional "
     "leading +, such as 14155550100; got '444444'; set type: shortcode for a short code"),
    ('bulk_short_code_without_type', BULK, {'powerpacks': [{'name': NAME, 'senders': [{'number': '44444'}]}]},
     "powerpacks[0].senders[0].number must be an E.164 number in digits, country code first, 8 to 15 digits with an "
     "optional leading +, such as 14155550100; got '44444'; set type: shortcode for a short code"),
    ('bulk_sender_bad_number', BULK, {'powerpacks': [{'name': NAME, 'senders': [{'number': '555-0100'}]}]},
     'powerpacks[0].senders[0].number must be an E.164 number in digits'),
    ('bulk_senders_with_absent', BULK, {'powerpacks': [{'name': NAME, 'state': 'absent', 'senders': []}]},
     'powerpacks[0]: senders only apply with state=present'),
    ('bulk_purge_senders_without_senders', BULK, {'powerpacks': [{'name': NAME, 'purge_senders': True}]},
     'powerpacks[0]: purge_senders and unrent_purged need senders'),
    ('bulk_item_uuid_not_a_uuid', BULK, {'powerpacks': [{'uuid': 'abc', 'state': 'absent'}]},
     'powerpacks[0]: uuid must be a UUID such as'),
    ('bulk_item_name_declared_twice', BULK, {'powerpacks': [{'name': NAME}, {'name': NAME, 'state': 'absent'}]},
     'is already declared by powerpacks[0]; declare each powerpack once'),
    ('bulk_unrent_numbers_with_present', BULK, {'powerpacks': [{'name': NAME, 'unrent_numbers': True}]},
     'powerpacks[0]: unrent_numbers only applies with state=absent'),
    ('bulk_unrent_purged_without_purge_senders', BULK, {'powerpacks': [{'name': NAME, 'senders': [], 'unrent_purged': True}]},
     'powerpacks[0]: unrent_purged only applies to the numbers purge_senders removes'),
    ('bulk_item_state_unknown', BULK, {'powerpacks': [{'name': NAME, 'state': 'deleted'}]},
     'value of state must be one of: present, absent'),
    ('bulk_item_neither_name_nor_uuid', BULK, {'powerpacks': [{'sticky_sender': True}]},
     'one of the following is required: name, uuid'),
    ('bulk_shortcode_rent', BULK, {'powerpacks': [{'name': NAME, 'senders': [{'number': '444444', 'type': 'shortcode', 'rent': True}]}]},
     'powerpacks[0].senders[0].rent does not apply to short codes'),
    ('pool_unrent_purged_without_purge_senders', POOL, {'powerpack_name': NAME, 'senders': [], 'unrent_purged': True},
     'unrent_purged only applies to the numbers purge_senders removes'),
    ('number_info_service_unknown', NUM_INFO, {'powerpack_name': NAME, 'service': 'fax'},
     'value of service must be one of: sms, mms'),
    # -- the purge guard: a purge with nothing declared deletes every powerpack (issue 11) --
    ('bulk_purge_without_powerpacks', BULK, {'purge': True},
     'purge=true with an empty powerpacks list would delete every powerpack of the account'),
    ('bulk_purge_empty_powerpacks', BULK, {'purge': True, 'powerpacks': []},
     'or set purge_everything=true if deleting them all is what you mean'),
    ('bulk_purge_empty_check_mode', BULK, {'purge': True, 'powerpacks': [], TASK: {'check_mode': True}},
     'purge=true with an empty powerpacks list would delete every powerpack of the account'),
    ('bulk_purge_everything_without_purge', BULK, {'purge_everything': True},
     'purge_everything only applies with purge=true'),
    ('bulk_purge_everything_with_powerpacks', BULK, {'purge': True, 'purge_everything': True, 'powerpacks': [{'name': NAME}]},
     'purge_everything=true is only for an empty powerpacks list'),
    ('bulk_purge_everything_not_bool', BULK, {'purge': True, 'purge_everything': 'sure'},
     "argument 'purge_everything' is of type"),
    ('role_purge_empty_list', ROLE, {'plivo_powerpacks_purge': True},
     'plivo_powerpacks_purge is true and plivo_powerpacks is empty: this would delete every powerpack of the account'),
    ('role_misspelt_plivo_powerpacks', ROLE, {'plivo_powerpack': [{'name': NAME}], 'plivo_powerpacks_purge': True},
     'Check that plivo_powerpacks is spelt right and defined for this host'),
    ('role_purge_empty_check_mode', ROLE, {'plivo_powerpacks': [], 'plivo_powerpacks_purge': True, TASK: {'check_mode': True}},
     'or set plivo_powerpacks_purge_everything: true if deleting them all is what you mean'),
    ('role_purge_everything_without_purge', ROLE, {'plivo_powerpacks_purge_everything': True},
     'applies only with plivo_powerpacks_purge: true and an empty plivo_powerpacks'),
    ('role_purge_everything_with_powerpacks', ROLE,
     {'plivo_powerpacks': [{'name': NAME}], 'plivo_powerpacks_purge': True, 'plivo_powerpacks_purge_everything': True},
     '(this host declares 1); remove plivo_powerpacks_purge_everything'),
    ('role_item_name_with_whitespace', ROLE, {'plivo_powerpacks': [{'name': NAME + ' '}]},
     'plivo_powerpacks[0]: name must not start or end with whitespace'),
    # -- names with whitespace around them (issue 11) --
    ('name_leading_space', PP, {'name': ' ' + NAME},
     'name must not start or end with whitespace; remove the whitespace'),
    ('name_trailing_space_absent', PP, {'name': NAME + ' ', 'state': 'absent'},
     'name must not start or end with whitespace; remove the whitespace'),
    ('name_trailing_tab', PP, {'name': NAME + '\t'},
     'name must not start or end with whitespace'),
    ('rename_to_a_name_with_whitespace', PP, {'uuid': UUID, 'name': NAME + '  '},
     'name must not start or end with whitespace'),
    ('info_name_trailing_space', INFO, {'name': NAME + ' '},
     'name must not start or end with whitespace'),
    ('bulk_item_name_leading_space', BULK, {'powerpacks': [{'name': ' ' + NAME}]},
     'powerpacks[0]: name must not start or end with whitespace'),
    ('bulk_item_name_trailing_space_with_purge', BULK,
     {'powerpacks': [{'name': NAME}, {'name': NAME + '-old ', 'state': 'absent'}], 'purge': True},
     'powerpacks[1]: name must not start or end with whitespace'),
    ('number_powerpack_name_with_whitespace', NUM, {'powerpack_name': ' ' + NAME, 'number': '14155550100'},
     'powerpack_name must not start or end with whitespace'),
    ('pool_powerpack_name_with_whitespace', POOL, {'powerpack_name': NAME + ' ', 'senders': []},
     'powerpack_name must not start or end with whitespace'),
    ('number_info_powerpack_name_with_whitespace', NUM_INFO, {'powerpack_name': ' ' + NAME},
     'powerpack_name must not start or end with whitespace'),
    ('pool_powerpack_uuid_not_a_uuid', POOL, {'powerpack_uuid': '../Powerpack', 'senders': []},
     'powerpack_uuid must be a UUID such as'),
    ('number_powerpack_uuid_not_a_uuid', NUM, {'powerpack_uuid': 'abc', 'number': '14155550100'},
     'powerpack_uuid must be a UUID such as'),
    ('number_info_powerpack_uuid_not_a_uuid', NUM_INFO, {'powerpack_uuid': UUID + '/'},
     'powerpack_uuid must be a UUID such as'),
    # -- credentials and api_url (base.py) --
    ('auth_id_dots', INFO, {'auth_id': '..'},
     'auth_id must be a Plivo Auth ID'),
    ('auth_id_too_short', PP, {'name': NAME, 'auth_id': 'MA123'},
     'auth_id must be a Plivo Auth ID'),
    ('auth_id_lower_case', INFO, {'auth_id': 'ma' + 'abcdefghijklmnopqr'},
     'auth_id must be a Plivo Auth ID'),
    ('auth_id_with_a_path', POOL, {'powerpack_name': NAME, 'senders': [], 'auth_id': 'SA/BAD/../../Account/'},
     'auth_id must be a Plivo Auth ID'),
    ('auth_token_empty', PP, {'name': NAME, 'auth_token': ''},
     'auth_token must not be empty'),
    ('auth_token_not_latin1', INFO, {'auth_token': 'tok\u20acn'},
     'auth_id and auth_token must be Latin-1 text'),
    ('api_url_with_a_query', INFO, {'api_url': 'http://127.0.0.1:1/?x=1'},
     "api_url must be the API's address without a query or fragment"),
    # -- every option within range (issue 20): bounds checked before any request --
    ('timeout_overflows_the_clock', PP, {'name': NAME, 'timeout': 99999999999},
     'timeout must be at most 3600 seconds (an hour); got 99999999999'),
    ('info_timeout_above_an_hour', INFO, {'timeout': 3601},
     'timeout must be at most 3600 seconds (an hour); got 3601'),
    ('bulk_timeout_overflows_the_clock', BULK, {'powerpacks': [{'name': NAME}], 'timeout': 99999999999},
     'timeout must be at most 3600 seconds (an hour); got 99999999999'),
    ('max_retries_above_100', PP, {'name': NAME, 'max_retries': 101},
     'max_retries must be at most 100; got 101'),
    ('number_retry_timeout_above_a_day', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'retry_timeout': 86401},
     'retry_timeout must be at most 86400 seconds (a day); got 86401'),
    ('pool_rate_limit_above_100000', POOL, {'powerpack_name': NAME, 'senders': [], 'rate_limit': 100001},
     'rate_limit must be at most 100000 requests per 5 seconds; got 100001'),
    ('number_info_workers_33', NUM_INFO, {'powerpack_name': NAME, 'workers': 33},
     'workers must be between 1 and 32; got 33'),
    ('all_bounds_in_one_message', INFO, {'timeout': 4000, 'max_retries': 1000, 'retry_timeout': 10 ** 6,
                                         'rate_limit': 10 ** 6, 'workers': 64},
     'timeout must be at most 3600 seconds (an hour); got 4000; max_retries must be at most 100; got 1000; '
     'retry_timeout must be at most 86400 seconds (a day); got 1000000; rate_limit must be at most 100000 requests '
     'per 5 seconds; got 1000000; workers must be between 1 and 32; got 64'),
    ('role_rate_limit_above_100000', ROLE, {'plivo_powerpacks': [{'name': NAME}], 'plivo_rate_limit': 100001},
     'plivo_rate_limit must be at most 100000 requests per 5 seconds; got 100001'),
    ('role_workers_33', ROLE, {'plivo_powerpacks': [{'name': NAME}], 'plivo_workers': 33},
     'plivo_workers must be between 1 and 32; got 33'),
    # -- every name a string: a list, dict, boolean or float is refused, not turned into text (issue 20) --
    ('name_list', PP, {'name': ['a', 'b']},
     "name must be a string; got a list: ['a', 'b']; give a single value, not a list"),
    ('name_dict', PP, {'name': {'en': NAME}},
     "name must be a string; got a dict: {'en': "),
    ('name_boolean', PP, {'name': True},
     'name must be a string; got a boolean: True; YAML reads an unquoted yes, no, true, false, on or off as a boolean: '
     'quote the value'),
    ('name_float', PP, {'name': 1.10},
     'name must be a string; got a float: 1.1; YAML reads an unquoted number with a point or an exponent as a float'),
    ('uuid_list', PP, {'uuid': [UUID], 'state': 'absent'},
     "uuid must be a string; got a list: ['%s']" % UUID),
    ('application_id_list', PP, {'name': NAME, 'application_id': ['1', '2'], 'application_type': 'xml'},
     "application_id must be a string; got a list: ['1', '2']"),
    ('application_type_boolean', PP, {'name': NAME, 'application_id': '1', 'application_type': True},
     'application_type must be a string; got a boolean: True'),
    ('country_iso_list', PP, {'name': NAME, 'number_priority': [entry(country_iso=['US'])]},
     "number_priority[0].country_iso must be a string; got a list: ['US']"),
    ('service_type_boolean', PP, {'name': NAME, 'number_priority': [entry(service_type=True)]},
     'number_priority[0].service_type must be a string; got a boolean: True'),
    ('priority_value_list', PP, {'name': NAME, 'number_priority': [entry(priority=priority(priority1=['longcode']))]},
     "number_priority[0].priority.priority1 must be a string; got a list: ['longcode']"),
    ('state_list', PP, {'name': NAME, 'state': ['absent']},
     "state must be a string; got a list: ['absent']; give a single value, not a list"),
    ('auth_token_list', PP, {'name': NAME, 'auth_token': ['not-the-token']},
     'auth_token must be a string; got a list; give a single value, not a list'),
    ('info_name_list', INFO, {'name': [NAME]},
     'name must be a string; got a list: ['),
    ('info_uuid_boolean', INFO, {'uuid': False},
     'uuid must be a string; got a boolean: False'),
    ('bulk_item_name_list', BULK, {'powerpacks': [{'name': ['a', 'b']}]},
     "powerpacks[0].name must be a string; got a list: ['a', 'b']"),
    ('bulk_item_name_boolean', BULK, {'powerpacks': [{'name': NAME}, {'name': False}]},
     'powerpacks[1].name must be a string; got a boolean: False'),
    ('bulk_item_uuid_dict', BULK, {'powerpacks': [{'uuid': {'id': UUID}, 'state': 'absent'}]},
     "powerpacks[0].uuid must be a string; got a dict: {'id': '%s'}" % UUID),
    ('bulk_item_number_float', BULK, {'powerpacks': [{'name': NAME, 'senders': [{'number': 14155550100.0}]}]},
     'powerpacks[0].senders[0].number must be a string; got a float: 14155550100.0'),
    ('bulk_item_number_list', BULK, {'powerpacks': [{'name': NAME, 'senders': [{'number': '14155550100'},
                                                                               {'number': ['14155550101']}]}]},
     "powerpacks[0].senders[1].number must be a string; got a list: ['14155550101']"),
    ('bulk_item_country_iso_boolean', BULK, {'powerpacks': [{'name': NAME, 'number_priority': [entry(country_iso=False)]}]},
     'powerpacks[0].number_priority[0].country_iso must be a string; got a boolean: False'),
    ('number_list', NUM, {'powerpack_name': NAME, 'number': ['14155550100']},
     "number must be a string; got a list: ['14155550100']"),
    ('number_float', NUM, {'powerpack_name': NAME, 'number': 14155550100.5},
     'number must be a string; got a float: 14155550100.5'),
    ('number_boolean', NUM, {'powerpack_name': NAME, 'number': True, 'state': 'absent'},
     'number must be a string; got a boolean: True'),
    ('number_powerpack_uuid_list', NUM, {'powerpack_uuid': [UUID], 'number': '14155550100'},
     "powerpack_uuid must be a string; got a list: ['%s']" % UUID),
    ('number_service_list', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'service': ['sms', 'mms']},
     "service must be a string; got a list: ['sms', 'mms']"),
    ('pool_sender_number_list', POOL, {'powerpack_name': NAME, 'senders': [{'number': ['14155550100']}]},
     "senders[0].number must be a string; got a list: ['14155550100']"),
    ('pool_sender_service_boolean', POOL, {'powerpack_name': NAME, 'senders': [{'number': '14155550100', 'service': True}]},
     'senders[0].service must be a string; got a boolean: True'),
    ('pool_powerpack_name_dict', POOL, {'powerpack_name': {'name': NAME}, 'senders': []},
     "powerpack_name must be a string; got a dict: {'name': "),
    ('number_info_powerpack_uuid_boolean', NUM_INFO, {'powerpack_uuid': True},
     'powerpack_uuid must be a string; got a boolean: True'),
    ('number_info_type_element_list', NUM_INFO, {'powerpack_name': NAME, 'type': ['longcode', ['tollfree']]},
     "type[1] must be a string; got a list: ['tollfree']"),
    ('number_info_country_iso_list', NUM_INFO, {'powerpack_name': NAME, 'country_iso': ['US']},
     "country_iso must be a string; got a list: ['US']"),
    ('role_item_name_list', ROLE, {'plivo_powerpacks': [{'name': ['a', 'b']}]},
     "plivo_powerpacks[0].name must be a string; got a list: ['a', 'b']"),
    ('role_item_name_boolean', ROLE, {'plivo_powerpacks': [{'name': NAME}, {'name': True}]},
     'plivo_powerpacks[1].name must be a string; got a boolean: True'),
    ('role_item_number_float', ROLE, {'plivo_powerpacks': [{'name': NAME, 'senders': [{'number': 14155550100.0}]}]},
     'plivo_powerpacks[0].senders[0].number must be a string; got a float: 14155550100.0'),
    ('role_item_uuid_list', ROLE, {'plivo_powerpacks': [{'uuid': [UUID], 'state': 'absent'}]},
     "plivo_powerpacks[0].uuid must be a string; got a list: ['%s']" % UUID),
    # -- nulls: a null name or number is refused, not sent; a null for an option with a default is refused --
    ('name_null', PP, {'name': None},
     "name is null; give the powerpack's name, or uuid"),
    ('name_and_uuid_null', PP, {'name': None, 'uuid': None, 'state': 'absent'},
     "name is null; give the powerpack's name, or uuid; uuid is null; give the powerpack's uuid, or name"),
    ('uuid_null_absent', PP, {'uuid': None, 'state': 'absent'},
     "uuid is null; give the powerpack's uuid, or name"),
    ('state_null', PP, {'name': NAME, 'state': None},
     'state is null; give present or absent, or leave state out for the default present'),
    ('unrent_numbers_null', PP, {'name': NAME, 'state': 'absent', 'unrent_numbers': None},
     'unrent_numbers is null; give true or false, or leave unrent_numbers out for the default false'),
    ('country_iso_null', PP, {'name': NAME, 'number_priority': [dict(GOOD_ENTRY, country_iso=None)]},
     'number_priority[0].country_iso is null; give a two-letter country code such as US'),
    ('priority_value_null', PP, {'name': NAME, 'number_priority': [entry(priority=dict(GOOD_PRIORITY, priority3=None))]},
     'number_priority[0].priority.priority3 is null; give longcode, shortcode or tollfree'),
    ('api_url_null', PP, {'name': NAME, 'api_url': None},
     'api_url is null; give a string, or leave api_url out for the default https://api.plivo.com'),
    ('auth_id_null', PP, {'name': NAME, 'auth_id': None},
     'auth_id is null; give the Auth ID, or leave auth_id out to use PLIVO_AUTH_ID'),
    ('timeout_null', PP, {'name': NAME, 'timeout': None},
     'timeout is null; give a whole number, or leave timeout out for the default 30'),
    ('validate_certs_null', INFO, {'validate_certs': None},
     'validate_certs is null; give true or false, or leave validate_certs out for the default true'),
    ('info_name_null', INFO, {'name': None},
     "name is null; give the powerpack's name, or leave name out"),
    ('info_uuid_null', INFO, {'uuid': None},
     "uuid is null; give the powerpack's uuid, or leave uuid out"),
    ('info_details_null', INFO, {'details': None},
     'details is null; give true or false, or leave details out for the default false'),
    ('bulk_item_name_null', BULK, {'powerpacks': [{'name': NAME}, {'name': NAME + '-b'}, {'name': None}]},
     "powerpacks[2].name is null; give the powerpack's name, or uuid"),
    ('bulk_item_name_and_uuid_null', BULK, {'powerpacks': [{'name': None, 'uuid': None}]},
     "powerpacks[0].name is null; give the powerpack's name, or uuid; powerpacks[0].uuid is null; give the "
     "powerpack's uuid, or name"),
    ('bulk_item_state_null', BULK, {'powerpacks': [{'name': NAME, 'state': None}]},
     'powerpacks[0].state is null; give present or absent, or leave state out for the default present'),
    ('bulk_item_number_null', BULK, {'powerpacks': [{'name': NAME, 'senders': [{'number': None}]}]},
     'powerpacks[0].senders[0].number is null; give the number, such as 14155550100'),
    ('bulk_item_sender_type_null', BULK, {'powerpacks': [{'name': NAME, 'senders': [{'number': '14155550100', 'type': None}]}]},
     'powerpacks[0].senders[0].type is null; give longcode, tollfree or shortcode, or leave type out for the default '
     'longcode'),
    ('bulk_item_purge_senders_null', BULK, {'powerpacks': [{'name': NAME, 'senders': [], 'purge_senders': None}]},
     'powerpacks[0].purge_senders is null; give true or false, or leave purge_senders out for the default false'),
    ('bulk_powerpacks_null', BULK, {'powerpacks': None},
     'powerpacks is null; give a list, or leave powerpacks out for the default []'),
    ('bulk_purge_null', BULK, {'powerpacks': [{'name': NAME}], 'purge': None},
     'purge is null; give true or false, or leave purge out for the default false'),
    ('number_null', NUM, {'powerpack_name': NAME, 'number': None},
     'number is null; give the number, such as 14155550100'),
    ('number_powerpack_name_null', NUM, {'powerpack_name': None, 'number': '14155550100'},
     "powerpack_name is null; give the powerpack's name, or powerpack_uuid"),
    ('number_type_null', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'type': None},
     'type is null; give longcode, tollfree or shortcode, or leave type out for the default longcode'),
    ('number_state_null', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'state': None},
     'state is null; give present or absent, or leave state out for the default present'),
    ('number_rent_null', NUM, {'powerpack_name': NAME, 'number': '14155550100', 'rent': None},
     'rent is null; give true or false, or leave rent out for the default false'),
    ('pool_both_powerpack_ids_null', POOL, {'powerpack_uuid': None, 'powerpack_name': None, 'senders': []},
     "powerpack_uuid is null; give the powerpack's uuid, or powerpack_name; powerpack_name is null; give the "
     "powerpack's name, or powerpack_uuid"),
    ('pool_sender_number_null', POOL, {'powerpack_name': NAME, 'senders': [{'number': '14155550100'}, {'number': None}]},
     'senders[1].number is null; give the number, such as 14155550100'),
    ('pool_senders_null', POOL, {'powerpack_name': NAME, 'senders': None},
     'senders is null; give a list, or leave senders out for the default []'),
    ('pool_purge_null_1x_name', POOL, {'powerpack_name': NAME, 'senders': [], 'purge': None},
     'purge is null; give true or false, or leave purge out for the default false'),
    ('number_info_powerpack_name_null', NUM_INFO, {'powerpack_name': None},
     "powerpack_name is null; give the powerpack's name, or powerpack_uuid"),
    ('number_info_type_null', NUM_INFO, {'powerpack_name': NAME, 'type': None},
     'type is null; give a list of longcode, tollfree or shortcode, or leave type out for the default '
     '[longcode, tollfree, shortcode]'),
    ('number_info_type_element_null', NUM_INFO, {'powerpack_name': NAME, 'type': ['longcode', None]},
     'type[1] is null; give longcode, tollfree or shortcode'),
    ('role_item_name_null', ROLE, {'plivo_powerpacks': [{'name': None}]},
     "plivo_powerpacks[0].name is null; give the powerpack's name, or uuid"),
    ('role_third_item_name_null', ROLE, {'plivo_powerpacks': [{'name': NAME}, {'name': NAME + '-b'}, {'name': None}]},
     "plivo_powerpacks[2].name is null; give the powerpack's name, or uuid"),
    ('role_item_uuid_null_absent', ROLE, {'plivo_powerpacks': [{'uuid': None, 'state': 'absent'}]},
     "plivo_powerpacks[0].uuid is null; give the powerpack's uuid, or name"),
    ('role_item_number_null', ROLE, {'plivo_powerpacks': [{'name': NAME, 'senders': [{'number': None}]}]},
     'plivo_powerpacks[0].senders[0].number is null; give the number, such as 14155550100'),
    ('role_item_country_iso_null', ROLE, {'plivo_powerpacks': [{'name': NAME, 'number_priority': [dict(GOOD_ENTRY, country_iso=None)]}]},
     'plivo_powerpacks[0].number_priority[0].country_iso is null; give a two-letter country code such as US'),
    # The role's own argument validation (meta/argument_specs.yml) refuses a null for an option with a default
    # before the module runs, in Ansible's words.
    ('role_item_state_null', ROLE, {'plivo_powerpacks': [{'name': NAME, 'state': None}]},
     'value of state must be one of: present, absent, got:  found in plivo_powerpacks'),
    ('role_item_name_right_to_left_override', ROLE, {'plivo_powerpacks': [{'name': 'a\u202eb'}]},
     "plivo_powerpacks[0]: name must contain only printable characters"),
    ('bulk_item_name_zero_width_space', BULK, {'powerpacks': [{'name': NAME + '\u200b'}]},
     "powerpacks[0]: name must contain only printable characters"),
    ('name_no_break_space', PP, {'name': 'spring\u00a0sale'},
     "plain space; got 'spring\\xa0sale'"),
]

CASE_IDS = [case[0] for case in BAD_INPUTS]
assert len(set(CASE_IDS)) == len(CASE_IDS), 'case ids must be unique'
MIN_CASES = 150

CREDENTIALS = {
    'auth_id': '{{ plivo_auth_id }}',
    'auth_token': '{{ plivo_auth_token }}',
    'api_url': '{{ plivo_api_url }}',
}


def module_args(args, name, credentials=True):
    result = dict(CREDENTIALS) if credentials else {}
    result.update(args)
    result = {key: value for key, value in result.items() if value is not OMIT and key != TASK}
    return json.loads(json.dumps(result).replace(json.dumps(NAME)[1:-1], name))


def role_task(number, case_id, variables, keywords):
    """The case as an include of the role in a block: the rescue registers the failure of
    whichever task of the role failed (the role's own checks, or the module's)."""
    title = json.dumps('bad input %03d %s' % (number, case_id))
    apply = '        apply: %s\n' % json.dumps(keywords) if keywords else ''
    return (
        '    - name: %s\n'
        '      block:\n'
        '        - name: %s\n'
        '          ansible.builtin.include_role:\n'
        '            name: %s\n'
        '%s'
        '          vars: %s\n'
        '        - name: The role did not fail\n'
        '          ansible.builtin.set_fact:\n'
        '            case_%03d: {failed: false}\n'
        '      rescue:\n'
        '        - name: Record the failure\n'
        '          ansible.builtin.set_fact:\n'
        '            case_%03d: "{{ ansible_failed_result }}"\n'
        % (title, title, ROLE, textwrap.indent(apply, '    '), json.dumps(variables, ensure_ascii=True), number, number)
    )


def build_playbook(name):
    """One task per case (JSON is YAML, so the arguments are written as JSON), then one
    task that writes every registered result to results_path."""
    tasks = []
    for number, (case_id, module, args, _expected) in enumerate(BAD_INPUTS):
        keywords = args.get(TASK, {})
        if module == ROLE:
            tasks.append(role_task(number, case_id, module_args(args, name, credentials=False), keywords))
            continue
        tasks.append(
            '    - name: %s\n'
            '      %s: %s\n'
            '      register: case_%03d\n'
            '      ignore_errors: true\n'
            % (json.dumps('bad input %03d %s' % (number, case_id)), module,
               json.dumps(module_args(args, name), ensure_ascii=True), number)
            + ''.join('      %s: %s\n' % (key, json.dumps(value)) for key, value in keywords.items())
        )
    results = ', '.join('%s: case_%03d' % (json.dumps(case_id), number) for number, case_id in enumerate(CASE_IDS))
    return (
        '- name: Bad input, one task per case\n'
        '  hosts: localhost\n'
        '  gather_facts: false\n'
        '  tasks:\n'
        + ''.join(tasks)
        + '    - name: Write every result\n'
        '      ansible.builtin.copy:\n'
        '        dest: "{{ results_path }}"\n'
        '        mode: "0600"\n'
        '        content: "{{ {%s} | to_json }}"\n' % results.replace('"', "'")
    )


TRACEBACK_UNAVAILABLE = '(traceback unavailable)'


def task_output(output, case_id):
    """The part of the ansible-playbook output that belongs to this case's task."""
    header = 'TASK [bad input %03d %s]' % (CASE_IDS.index(case_id), case_id)
    start = output.find(header)
    if start < 0:
        return ''
    end = output.find('\nTASK [', start + len(header))
    return output[start:end if end >= 0 else len(output)]


def secret_forms(auth_id, token):
    basic = base64.b64encode(('%s:%s' % (auth_id, token)).encode()).decode()
    return [token, basic]


@pytest.fixture(scope='module')
def bad_input_run(plivo_config, module_run_playbook, tmp_path_factory, emulator_admin):
    """Run the whole table once, at -vvvv.

    Returns (PlaybookResult, results by case id or None, the emulator's whole request log
    after the run or None against the real API). The log is emptied first."""
    results_path = tmp_path_factory.mktemp('bad-input') / 'results.json'
    name = '%s-bad-input-%s' % (plivo_config.get('resource_prefix', 'ansible-test-plivo'), uuid.uuid4().hex[:6])
    url = plivo_config['plivo_api_url']
    if plivo_config.get('plivo_emulator'):
        emulator_admin(url, 'DELETE', '/_emulator/requests')
    result = module_run_playbook(build_playbook(name), dict(plivo_config, results_path=str(results_path)), '-vvvv')
    results = json.loads(results_path.read_text(encoding='utf-8')) if results_path.exists() else None
    logged = None
    if plivo_config.get('plivo_emulator'):
        logged = {
            'all': emulator_admin(url, 'GET', '/_emulator/requests')['requests'],
            'account': emulator_admin(url, 'GET', '/_emulator/requests?account=%s' % plivo_config['plivo_auth_id'])['requests'],
        }
    return result, results, logged


def test_bad_input_playbook_ran(bad_input_run, plivo_config):
    """The run reached the end (every case registered, results written) and leaked nothing."""
    result, results, _logged = bad_input_run
    assert results is not None, 'the playbook wrote no results file\n' + result.report()
    assert sorted(results) == sorted(CASE_IDS), result.report()
    assert 'ESTABLISH LOCAL CONNECTION' in result.output, 'not verbose?\n' + result.report()
    assert 'Traceback' not in result.output, result.report()
    for secret in secret_forms(plivo_config['plivo_auth_id'], plivo_config['plivo_auth_token']):
        lines = [line for line in result.output.splitlines() if secret in line]
        assert not lines, 'secret %r... appears in the output:\n%s' % (secret[:6], '\n'.join(lines[:20]))


@pytest.mark.parametrize('case_id, module, args, expected', BAD_INPUTS, ids=CASE_IDS)
def test_bad_input_fails_with_message(bad_input_run, plivo_config, case_id, module, args, expected):
    result, results, _logged = bad_input_run
    assert results is not None, 'the playbook wrote no results file\n' + result.report()
    got = results[case_id]
    shown = json.dumps(got, indent=2, sort_keys=True)[:4000]
    assert got.get('failed') is True, '%s %s did not fail:\n%s' % (module, args, shown)
    assert expected in str(got.get('msg', '')), 'expected %r in msg, got %r' % (expected, got.get('msg'))
    # ansible-core 2.19 adds exception: "(traceback unavailable)" to every failed result
    # when tracebacks are not displayed; any other value is a real traceback.
    assert got.get('exception', TRACEBACK_UNAVAILABLE) == TRACEBACK_UNAVAILABLE, 'a traceback:\n' + shown
    assert 'module_stderr' not in got, 'the module crashed:\n' + shown
    assert 'Traceback' not in shown, shown
    assert got.get('changed') is not True, shown
    section = task_output(result.output, case_id)
    assert section, 'no -vvvv output for task %r?' % case_id
    for secret in secret_forms(plivo_config['plivo_auth_id'], plivo_config['plivo_auth_token']):
        lines = [line for line in section.splitlines() if secret in line]
        assert not lines, 'secret %r... appears in the -vvvv output of this task:\n%s' % (secret[:6], '\n'.join(lines))


@requires_emulator
def test_bad_input_sends_no_request(bad_input_run):
    """Zero requests in the whole run: neither for the fixture's account nor any other
    (an unauthenticated request is logged with account null)."""
    result, _results, logged = bad_input_run

    def show(entries):
        return '\n'.join('%s %s %s -> %s' % (e['account'], e['method'], e['path'], e['status']) for e in entries)

    assert not logged['account'], 'bad input sent requests for the account:\n' + show(logged['account'])
    assert not logged['all'], 'bad input sent requests:\n%s\n%s' % (show(logged['all']), result.report()[-3000:])


def test_the_table_covers_at_least_min_cases():
    assert len(BAD_INPUTS) >= MIN_CASES, len(BAD_INPUTS)
