# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The single-account survey job of the AWX guide, run as AWX would run it.

docs/docsite/rst/guide_awx.rst ("A survey for a single-account job") shows a playbook and the
awx.awx.job_template survey that launches it. AWX hands a survey's answers to the playbook as
extra variables (multiple-choice answers as strings, integers as numbers), and a job of type
Check as --check. Both blocks are read from the guide itself, so the guide cannot drift from
what this test runs: the answers are built from the survey's defaults, the inventory's hosts
from its Account choices, and the credentials come from the environment, as a credential
injects them.
"""

from __future__ import annotations

import os
import re
import textwrap

import pytest
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE = os.path.join(REPO_ROOT, 'docs', 'docsite', 'rst', 'guide_awx.rst')
ROLE_SPECS = os.path.join(REPO_ROOT, 'roles', 'powerpacks', 'meta', 'argument_specs.yml')
PLAYBOOK_MARK = 'hosts: "plivo_accounts:&{{ plivo_account }}"'
WRITE_METHODS = ('POST', 'DELETE')
# The account a "Plivo API"-style credential would inject (emulator only)
AUTH_ID = 'MASURVEY000000000000'
AUTH_TOKEN = 'survey-tok-NEVER-PRINT-3a81'


def rst_code_blocks(text):
    """The dedented contents of every ``.. code-block::`` directive of an RST text."""
    blocks = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = re.match(r'^( *)\.\. code-block:: *\S+ *$', lines[index])
        index += 1
        if not match:
            continue
        indent = len(match.group(1))
        body = []
        while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip(' ')) > indent):
            body.append(lines[index])
            index += 1
        blocks.append(textwrap.dedent('\n'.join(body)).strip('\n') + '\n')
    return blocks


def only_block(blocks, needle):
    found = [block for block in blocks if needle in block]
    assert len(found) == 1, 'the AWX guide needs exactly one code block with %r, found %d' % (needle, len(found))
    return found[0]


@pytest.fixture(scope='module')
def guide_blocks():
    with open(GUIDE, encoding='utf-8') as handle:
        return rst_code_blocks(handle.read())


@pytest.fixture(scope='module')
def survey_playbook(guide_blocks):
    return only_block(guide_blocks, PLAYBOOK_MARK)


@pytest.fixture(scope='module')
def survey(guide_blocks):
    plays = yaml.safe_load(only_block(guide_blocks, 'survey_spec:'))
    templates = [task['awx.awx.job_template'] for task in plays if 'awx.awx.job_template' in task]
    assert len(templates) == 1
    template = templates[0]
    assert template['survey_enabled'] is True
    assert template['playbook'] == 'plivo_powerpacks_one.yml'
    assert 'plivo_powerpacks_one.yml' in only_block(guide_blocks, PLAYBOOK_MARK)
    return {question['variable']: question for question in template['survey_spec']['spec']}


def default_answers(survey):
    """The extra variables AWX passes when every question keeps its default (or first choice)."""
    answers = {}
    for variable, question in survey.items():
        if 'default' in question:
            answers[variable] = question['default']
        else:
            answers[variable] = question['choices'][0]
    return answers


def test_survey_asks_only_what_the_playbook_reads(survey):
    """Every survey variable is one the playbook or the role reads; answers are valid as AWX checks them."""
    with open(ROLE_SPECS, encoding='utf-8') as handle:
        role_options = set(yaml.safe_load(handle)['argument_specs']['main']['options'])
    assert {'plivo_account', 'plivo_preview'} <= set(survey)
    assert set(survey) - {'plivo_account', 'plivo_preview'} <= role_options
    for variable, question in survey.items():
        assert question['type'] in ('text', 'password', 'integer', 'float', 'multiplechoice', 'multiselect'), variable
        assert question['question_name'] and question['question_description'], variable
        if question['type'] == 'multiplechoice':
            assert isinstance(question['choices'], list) and len(question['choices']) >= 2, variable
            assert all(isinstance(choice, str) for choice in question['choices']), variable
            if 'default' in question:
                assert question['default'] in question['choices'], variable
        if question['type'] == 'integer':
            assert question['min'] <= question['default'] <= question['max'], variable
    # check mode unless the operator says otherwise; no purge unless asked
    assert survey['plivo_preview']['default'] == 'true'
    assert survey.get('plivo_powerpacks_purge', {}).get('default', 'false') == 'false'
    assert survey['plivo_rate_limit']['max'] <= 290


@pytest.fixture
def fleet(tmp_path, survey):
    """An inventory whose plivo_accounts hosts are the survey's Account choices, each declaring its own powerpacks."""
    hosts = survey['plivo_account']['choices']
    inventory = {'plivo_accounts': {'hosts': {
        host: {'plivo_powerpacks': [{'name': 'survey-%s' % host, 'sticky_sender': True, 'local_connect': False}]}
        for host in hosts}}}
    path = tmp_path / 'inventory.yml'
    path.write_text(yaml.safe_dump(inventory), encoding='utf-8')
    return hosts, str(path)


@pytest.fixture
def launch(emulator_factory, run_playbook, survey_playbook, fleet):
    """launch(answers, *args) -> (result, writes, requests): one job against a fresh emulator account."""
    emulator = emulator_factory(accounts={AUTH_ID: AUTH_TOKEN})
    credential_env = {'PLIVO_AUTH_ID': AUTH_ID, 'PLIVO_AUTH_TOKEN': AUTH_TOKEN, 'PLIVO_API_URL': emulator.url}
    _hosts, inventory = fleet

    def run(answers, *args):
        since = emulator.bookmark(AUTH_ID)
        result = run_playbook(survey_playbook, answers, '-i', inventory, '--diff', *args, environ=credential_env)
        assert AUTH_TOKEN not in result.output, result.report()
        requests = emulator.requests(AUTH_ID, since=since)
        writes = [entry for entry in requests if entry['method'] in WRITE_METHODS]
        names = sorted(item['name'] for item in emulator.admin('GET', '/_emulator/state')['accounts'][AUTH_ID]['powerpacks'])
        return result, writes, requests, names

    return run


def test_default_answers_preview_the_picked_account(launch, survey, fleet):
    """Left at its defaults, the survey previews the first account: it shows the create, and writes nothing."""
    hosts, _inventory = fleet
    answers = default_answers(survey)
    result, writes, requests, names = launch(answers)
    assert result.rc == 0, result.report()
    assert requests and not writes, result.report()
    assert names == []
    assert re.search(r'%s\s*:\s*ok=\d+\s+changed=[1-9]' % re.escape(hosts[0]), result.stdout), result.report()
    assert 'survey-%s' % hosts[0] in result.stdout
    for other in hosts[1:]:
        assert other not in result.stdout, result.report()


def test_check_job_stays_in_check_mode(launch, survey, fleet):
    """A job of type Check writes nothing even when the survey answers plivo_preview: false."""
    hosts, _inventory = fleet
    answers = dict(default_answers(survey), plivo_account=hosts[-1], plivo_preview='false')
    result, writes, _requests, names = launch(answers, '--check')
    assert result.rc == 0, result.report()
    assert not writes and names == [], result.report()


def test_apply_converges_only_the_picked_account(launch, survey, fleet):
    """plivo_preview: false converges the account picked, and only its declarations; a second run changes nothing."""
    hosts, _inventory = fleet
    answers = dict(default_answers(survey), plivo_account=hosts[-1], plivo_preview='false', plivo_rate_limit=50)
    result, writes, _requests, names = launch(answers)
    assert result.rc == 0, result.report()
    assert writes, result.report()
    assert names == ['survey-%s' % hosts[-1]], result.report()
    again, writes, _requests, names = launch(answers)
    assert again.rc == 0 and not writes, again.report()
    assert re.search(r'%s\s*:\s*ok=\d+\s+changed=0' % re.escape(hosts[-1]), again.stdout), again.report()


@pytest.mark.parametrize('account', ['no-such-account', 'plivo_accounts', '*', ''])
def test_an_account_that_is_not_one_host_fails_before_any_request(launch, survey, account):
    """An answer that is not exactly one host of plivo_accounts (a typo, the group, a pattern) fails at once."""
    answers = dict(default_answers(survey), plivo_account=account, plivo_preview='false')
    result, writes, requests, names = launch(answers)
    assert result.rc != 0, result.report()
    assert 'plivo_account must name one host of plivo_accounts' in result.output, result.report()
    assert not requests and not writes and names == [], result.report()
