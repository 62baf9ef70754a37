# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 20: names (and other API strings) that look like templates, YAML or control characters survive
plivo.messaging.export and the powerpacks role unchanged, and never run anything.

1. test_hostile_names_round_trip: an emulator account holds powerpacks named with template syntax
   (a pipe lookup that would create a marker file, {% if %}, {# #}, {{ 'Q4' }}), YAML indicators,
   quotes, backslashes, an emoji, other scripts, and strings YAML reads as other types, with pools,
   an application and number_priority. The export writes them; the file, copied to host_vars/, is
   loaded by the role, run with --check --diff and for real, then again with
   plivo_powerpacks_purge: true (check and real). Every run: changed=0, only GET requests, every
   powerpack unchanged on the server (same uuid, same name), and the marker file never exists.
2. test_refused_names_are_left_out: powerpacks whose names the role refuses (a trailing space, an
   escape sequence, a newline that tries to add a key) are left out of plivo_powerpacks, listed in
   the file's comments and in a warning, escaped, and never printed raw; the role run on the file
   succeeds with no write, and a purge run in check mode shows they would be deleted, as the
   comment says.
"""

from __future__ import annotations

import json
import re
import sys

from collection_tree import build_collection_tree
from test_export import ROLE_PLAYBOOK, api, check_run, last_seq, load_export, run_ansible_playbook, summary_of

# The role's own rule for names, from this checkout (as tests/unit/conftest.py makes it importable).
if build_collection_tree() not in sys.path:
    sys.path.insert(0, build_collection_tree())

from ansible_collections.plivo.messaging.plugins.module_utils.powerpack_model import name_problems  # noqa: E402  pylint: disable=wrong-import-position

ACCOUNT = ('MAROUNDTRIP000000020', 'roundtrip-NEVER-PRINT-20a7e1')
MARKER_NAME = 'EXPORT-MARKER'

# Characters a terminal would act on: none may reach the output raw.
TERMINAL_CONTROLS = re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202e]')


def hostile_names(marker):
    """Names the role takes (each checked with its own rule), for an account; the first one would create marker."""
    names = [
        "promo {{ lookup('pipe', 'touch %s') }}" % marker,
        '{% if true %}yes{% endif %}',
        '{# note #} plain',
        "Promo {{ 'Q4' }}",
        '{{ unclosed',
        '- : ? , [ ] { } # & * ! | > \' " % @ `',
        '!unsafe "x"',
        '*alias',
        '&anchor',
        '---',
        '# not a comment',
        'say "hi" \'there\'',
        'back\\slash \\n \\x41 \\',
        '\U0001F389 launch party',
        'Café Crème 販促',
        'null',
        '~',
        '0x10',
        '2026-01-01',
    ]
    assert [name for name in names if name_problems(name)] == [], 'the role refuses some of the test names'
    return names


def senders_for(index):
    """A pool for some of the powerpacks: long codes of both services and a toll-free number."""
    if index % 3:
        return []
    return [{'number': '1415555%04d' % index, 'type': 'longcode', 'service': 'sms'},
            {'number': '1415556%04d' % index, 'type': 'longcode', 'service': 'mms'},
            {'number': '1888555%04d' % index, 'type': 'tollfree', 'service': 'sms'}]


def seed(emulator, names):
    """Create each powerpack through the API (with its pool); {name: uuid}."""
    created = {}
    for index, name in enumerate(names):
        body = {'name': name, 'sticky_sender': bool(index % 2), 'local_connect': not index % 2}
        if index == 1:
            body.update(application_id='20372631212782780', application_type='xml',
                        number_priority=[{'country_iso': 'us', 'service_type': 'sms',
                                          'priority': {'priority1': 'shortcode', 'priority2': 'tollfree', 'priority3': 'longcode'}}])
        powerpack = api(emulator, ACCOUNT, 'POST', 'Powerpack/', body)
        assert powerpack['name'] == name
        pool = api(emulator, ACCOUNT, 'GET', 'Powerpack/%s/' % powerpack['uuid'])['number_pool'].rstrip('/').rsplit('/', 1)[-1]
        for sender in senders_for(index):
            kind = 'Tollfree' if sender['type'] == 'tollfree' else 'Number'
            api(emulator, ACCOUNT, 'POST', 'NumberPool/%s/%s/%s/' % (pool, kind, sender['number']),
                {'rent': True, 'service': sender['service']})
        created[name] = powerpack['uuid']
    return created


def server_names(emulator):
    """{uuid: name} of every powerpack of the account, as the API lists it."""
    listed = api(emulator, ACCOUNT, 'GET', 'Powerpack/?limit=20&offset=0')
    objects = list(listed['objects'])
    offset = 20
    while offset < listed['meta']['total_count']:
        objects += api(emulator, ACCOUNT, 'GET', 'Powerpack/?limit=20&offset=%d' % offset)['objects']
        offset += 20
    return {item['uuid']: item['name'] for item in objects}


def requests_since(emulator, since):
    return [(entry['method'], entry['path']) for entry in emulator.requests(since=since)]


def assert_read_only(emulator, since):
    methods = {method for method, _path in requests_since(emulator, since)}
    assert methods <= {'GET'}, requests_since(emulator, since)


def assert_no_raw_controls(run):
    found = TERMINAL_CONTROLS.findall(run.output)
    assert not found, 'raw control characters %r in the output:\n%s' % (found, run.report())


def run_role(collections_path, tmp_path, environ, summaries, *args):
    return run_ansible_playbook(collections_path, tmp_path, ['role.yml', '-i', 'localhost,', '-c', 'local',
                                                             '-e', 'summary_dir=%s' % summaries, *args], environ)


def prepare_role(tmp_path, export_file):
    """host_vars/localhost.yml next to the role playbook, as the README says; the summaries directory."""
    (tmp_path / 'host_vars').mkdir()
    (tmp_path / 'host_vars' / 'localhost.yml').write_bytes(export_file.read_bytes())
    (tmp_path / 'role.yml').write_text(ROLE_PLAYBOOK, encoding='utf-8')
    summaries = tmp_path / 'summaries'
    summaries.mkdir()
    return summaries


# ---------------------------------------------------------------------------
# 1. hostile names the role takes
# ---------------------------------------------------------------------------

def test_hostile_names_round_trip(emulator_factory, collections_path, tmp_path):
    marker = tmp_path / MARKER_NAME
    names = hostile_names(marker)
    emulator = emulator_factory(accounts=dict([ACCOUNT]))
    uuids = seed(emulator, names)
    before = server_names(emulator)
    assert sorted(before.values()) == sorted(names)
    environ = {'PLIVO_AUTH_ID': ACCOUNT[0], 'PLIVO_AUTH_TOKEN': ACCOUNT[1], 'PLIVO_API_URL': emulator.url}

    since = last_seq(emulator)
    exported = run_ansible_playbook(collections_path, tmp_path, ['plivo.messaging.export', '-e', 'plivo_export_dir=exported'],
                                    environ)
    check_run(exported, ['localhost'])
    assert_read_only(emulator, since)
    assert_no_raw_controls(exported)
    assert not marker.exists(), 'the export ran the lookup'
    assert 'WARNING' not in exported.output, exported.report()
    assert '"%d of %d powerpack(s) of localhost written to ' % (len(names), len(names)) in exported.output, exported.report()
    export_file = tmp_path / 'exported' / 'localhost.yml'
    text, data = load_export(export_file)
    assert set(data) == {'plivo_powerpacks'}, text
    declared = data['plivo_powerpacks']
    assert [item['name'] for item in declared] == sorted(names), text
    by_name = {item['name']: item for item in declared}
    for index, name in enumerate(names):
        item = by_name[name]
        assert item['senders'] == senders_for(index), (name, text)
        assert item['sticky_sender'] is bool(index % 2) and item['local_connect'] is (not index % 2)
    assert by_name[names[1]]['application_id'] == '20372631212782780'
    assert by_name[names[1]]['number_priority'][0]['priority']['priority1'] == 'shortcode'
    # The payloads as the file holds them: tagged, the emoji written as itself.
    assert '  - name: !unsafe "promo {{ lookup(\'pipe\', \'touch %s\') }}"  # uuid %s' % (marker, uuids[names[0]]) in text
    assert '  - name: !unsafe "\U0001F389 launch party"  # uuid ' in text
    assert '  - name: !unsafe "back\\\\slash \\\\n \\\\x41 \\\\"  # uuid ' in text

    summaries = prepare_role(tmp_path, export_file)
    runs = [
        ('check', ['--check', '--diff']),
        ('real', ['--diff']),
        ('purge check', ['--check', '--diff', '-e', json.dumps({'plivo_powerpacks_purge': True})]),
        ('purge real', ['--diff', '-e', json.dumps({'plivo_powerpacks_purge': True})]),
    ]
    for label, args in runs:
        since = last_seq(emulator)
        converged = run_role(collections_path, tmp_path, environ, summaries, *args)
        summary = check_run(converged, ['localhost'])
        assert summary['localhost']['changed'] == 0, '%s:\n%s' % (label, converged.report())
        assert_read_only(emulator, since)
        assert requests_since(emulator, since), '%s sent no request at all' % label
        assert not marker.exists(), '%s: the lookup in a name ran' % label
        role_summary = summary_of(summaries, 'localhost')
        assert sorted(role_summary['unchanged']) == sorted(names), (label, role_summary)
        assert not (role_summary['created'] or role_summary['updated'] or role_summary['deleted'] or role_summary['changed']), \
            (label, role_summary)
        assert server_names(emulator) == before, label

    # A second export writes the same file.
    again = run_ansible_playbook(collections_path, tmp_path, ['plivo.messaging.export', '-e', 'plivo_export_dir=exported',
                                                              '--diff'], environ)
    assert check_run(again, ['localhost'])['localhost']['changed'] == 0, again.report()
    assert export_file.read_text(encoding='utf-8') == text
    assert not marker.exists()


# ---------------------------------------------------------------------------
# 2. names the role refuses
# ---------------------------------------------------------------------------

REFUSED = ['trailing space ', 'ctl \x1b[31m red', 'x\nplivo_powerpacks_purge: true']


def test_refused_names_are_left_out(emulator_factory, collections_path, tmp_path):
    for name in REFUSED:
        assert name_problems(name), 'the role takes %r' % name
    emulator = emulator_factory(accounts=dict([ACCOUNT]))
    uuids = seed(emulator, ['alerts'] + REFUSED)
    before = server_names(emulator)
    environ = {'PLIVO_AUTH_ID': ACCOUNT[0], 'PLIVO_AUTH_TOKEN': ACCOUNT[1], 'PLIVO_API_URL': emulator.url}

    since = last_seq(emulator)
    exported = run_ansible_playbook(collections_path, tmp_path, ['plivo.messaging.export', '-e', 'plivo_export_dir=exported'],
                                    environ)
    check_run(exported, ['localhost'])
    assert_read_only(emulator, since)
    assert_no_raw_controls(exported)
    # The loop labels quote and escape each name.
    assert '(item="ctl \\x1B[31m red")' in exported.output, exported.report()
    assert '(item="x\\x0Aplivo_powerpacks_purge: true")' in exported.output, exported.report()
    # One warning, naming each powerpack left out and what to do.
    warning = re.sub(r'\s+', ' ', exported.output[exported.output.index('[WARNING]: plivo.messaging.export left'):])
    assert warning.startswith('[WARNING]: plivo.messaging.export left 3 powerpack(s) of localhost out of plivo_powerpacks, '
                              'because the role plivo.messaging.powerpacks would refuse them: '), exported.report()
    for shown, name in zip(['"trailing space "', '"ctl \\x1B[31m red"', '"x\\x0Aplivo_powerpacks_purge: true"'], REFUSED):
        assert '%s (uuid %s): ' % (shown, uuids[name]) in warning, (shown, exported.report())
    assert ('Correct each in the account (a name with plivo.messaging.powerpack, by its uuid and a new name), then export '
            'again.') in warning
    assert 'with plivo_powerpacks_purge: true it would delete them.' in warning
    assert re.search(r'"1 of 4 powerpack\(s\) of localhost written to \S+/exported/localhost.yml; the others are left out, '
                     r'see the warning"', exported.output), exported.report()

    export_file = tmp_path / 'exported' / 'localhost.yml'
    text, data = load_export(export_file)
    assert data == {'plivo_powerpacks': [{'name': 'alerts', 'sticky_sender': False, 'local_connect': True,
                                          'number_priority': [], 'senders': senders_for(0)}]}, text
    comments = [line for line in text.splitlines() if line.startswith('#   ')]
    assert [line.split(' (uuid ')[0] for line in comments] == [
        '#   "ctl \\x1B[31m red"', '#   "trailing space "', '#   "x\\x0Aplivo_powerpacks_purge: true"'], text
    assert '# not manage them; this file does not set plivo_powerpacks_purge, and with it on the role would delete them.' in text
    assert not TERMINAL_CONTROLS.search(text), text

    # The role on the file: succeeds, changes nothing, writes nothing.
    summaries = prepare_role(tmp_path, export_file)
    since = last_seq(emulator)
    converged = run_role(collections_path, tmp_path, environ, summaries, '--diff')
    summary = check_run(converged, ['localhost'])
    assert summary['localhost']['changed'] == 0, converged.report()
    assert_read_only(emulator, since)
    assert summary_of(summaries, 'localhost')['unchanged'] == ['alerts']
    assert server_names(emulator) == before

    # What the comment warns of: with purge, the role would delete the powerpacks left out (check mode only).
    since = last_seq(emulator)
    purged = run_role(collections_path, tmp_path, environ, summaries, '--check', '-e', json.dumps({'plivo_powerpacks_purge': True}))
    check_run(purged, ['localhost'])
    assert_read_only(emulator, since)
    assert sorted(summary_of(summaries, 'localhost')['deleted']) == sorted(REFUSED)
    assert server_names(emulator) == before


# ---------------------------------------------------------------------------
# 3. names YAML reads as booleans
# ---------------------------------------------------------------------------

def test_names_that_read_as_booleans_round_trip(emulator_factory, collections_path, tmp_path):
    names = ['true', 'False']
    emulator = emulator_factory(accounts=dict([ACCOUNT]))
    seed(emulator, names)
    before = server_names(emulator)
    environ = {'PLIVO_AUTH_ID': ACCOUNT[0], 'PLIVO_AUTH_TOKEN': ACCOUNT[1], 'PLIVO_API_URL': emulator.url}
    exported = run_ansible_playbook(collections_path, tmp_path, ['plivo.messaging.export', '-e', 'plivo_export_dir=exported'],
                                    environ)
    check_run(exported, ['localhost'])
    export_file = tmp_path / 'exported' / 'localhost.yml'
    text, data = load_export(export_file)
    assert [item['name'] for item in data['plivo_powerpacks']] == ['False', 'true'], text
    assert '  - name: "true"  # uuid ' in text

    summaries = prepare_role(tmp_path, export_file)
    since = last_seq(emulator)
    converged = run_role(collections_path, tmp_path, environ, summaries, '--check', '--diff')
    summary = check_run(converged, ['localhost'])
    assert_read_only(emulator, since)
    assert server_names(emulator) == before
    assert summary['localhost']['changed'] == 0, converged.report()
