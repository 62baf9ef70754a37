# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/awx/credential_type.yml is a custom credential type AWX accepts, and injects what the
modules read; the awx.awx snippet in the AWX guide (docs/docsite/rst/guide_awx.rst) creates
exactly that type.

The schema and the checks below are those AWX applies when a credential type is saved
(awx/main/fields.py: CredentialTypeInputField, CredentialTypeInjectorField; the API's
rule that custom types are of kind cloud or net). No AWX is needed to run them.
"""

from __future__ import annotations

import os
import re
import textwrap

import jsonschema
import yaml
from jinja2 import StrictUndefined, sandbox

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AWX_DOC = os.path.join(REPO_ROOT, 'docs', 'docsite', 'rst', 'guide_awx.rst')

VAR_NAME = '^[a-zA-Z_]+[a-zA-Z0-9_]*$'
INPUTS_SCHEMA = {
    'type': 'object',
    'additionalProperties': False,
    'properties': {
        'required': {'type': 'array', 'items': {'type': 'string'}},
        'fields': {
            'type': 'array',
            'items': {
                'type': 'object',
                'properties': {
                    'type': {'enum': ['string', 'boolean']},
                    'format': {'enum': ['ssh_private_key', 'url']},
                    'choices': {'type': 'array', 'minItems': 1, 'items': {'type': 'string'}, 'uniqueItems': True},
                    'id': {'type': 'string', 'pattern': VAR_NAME},
                    'label': {'type': 'string'},
                    'help_text': {'type': 'string'},
                    'multiline': {'type': 'boolean'},
                    'secret': {'type': 'boolean'},
                    'ask_at_runtime': {'type': 'boolean'},
                    'default': {},
                },
                'additionalProperties': False,
                'required': ['id', 'label'],
            },
        },
    },
}
INJECTORS_SCHEMA = {
    'type': 'object',
    'additionalProperties': False,
    'properties': {
        'file': {'type': 'object', 'patternProperties': {r'^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$': {'type': 'string'}},
                 'additionalProperties': False},
        'env': {'type': 'object', 'patternProperties': {VAR_NAME: {'type': 'string', 'pattern': '^[\x00-\x7F]*$'}},
                'additionalProperties': False},
        'extra_vars': {'type': 'object', 'patternProperties': {VAR_NAME: {'type': 'string'}}, 'additionalProperties': False},
    },
}
# Some of the names AWX refuses in env injectors (ENV_BLOCKLIST), besides any ANSIBLE_* name.
AWX_RESERVED_ENV = {'PATH', 'PYTHONPATH', 'VIRTUAL_ENV', 'JOB_ID', 'INVENTORY_ID', 'AWX_HOST', 'PROJECT_REVISION'}
EXPECTED_ENV = {'PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN', 'PLIVO_API_URL'}


def fields_by_id(credential_type):
    return {field['id']: field for field in credential_type['inputs']['fields']}


def test_credential_type_passes_awx_validation(credential_type):
    assert set(credential_type) <= {'name', 'description', 'kind', 'inputs', 'injectors'}
    assert credential_type['name'] and credential_type['kind'] in ('cloud', 'net')
    jsonschema.validate(credential_type['inputs'], INPUTS_SCHEMA)
    jsonschema.validate(credential_type['injectors'], INJECTORS_SCHEMA)

    fields = fields_by_id(credential_type)
    assert len(fields) == len(credential_type['inputs']['fields']), 'field ids must be unique'
    assert 'tower' not in fields
    for field in fields.values():
        if 'default' in field:
            assert isinstance(field['default'], {'string': str, 'boolean': bool}[field.get('type', 'string')])
    assert set(credential_type['inputs']['required']) <= set(fields)

    # Each injector template must render with every field set and nothing else defined.
    example = {name: 'EXAMPLE' for name in fields}
    for kind, templates in credential_type['injectors'].items():
        for key, template in templates.items():
            if kind == 'env':
                assert not key.startswith('ANSIBLE_') and key not in AWX_RESERVED_ENV, key
            sandbox.ImmutableSandboxedEnvironment(undefined=StrictUndefined).from_string(template).render(example)


def test_credential_type_fields(credential_type):
    fields = fields_by_id(credential_type)
    assert set(fields) == {'auth_id', 'auth_token', 'api_url'}
    assert all(field.get('type', 'string') == 'string' for field in fields.values())
    assert fields['auth_token'].get('secret') is True
    assert not fields['auth_id'].get('secret') and not fields['api_url'].get('secret')
    assert fields['api_url'].get('default') == 'https://api.plivo.com'
    assert sorted(credential_type['inputs']['required']) == ['auth_id', 'auth_token']
    assert set(credential_type['injectors']) == {'env'}
    assert set(credential_type['injectors']['env']) == EXPECTED_ENV


def test_injected_environment(awx_inject):
    full = awx_inject({'auth_id': 'MAEXAMPLE', 'auth_token': 'tok', 'api_url': 'http://127.0.0.1:8089'})
    assert full == {'PLIVO_AUTH_ID': 'MAEXAMPLE', 'PLIVO_AUTH_TOKEN': 'tok', 'PLIVO_API_URL': 'http://127.0.0.1:8089'}
    # A credential created through the API without api_url (or with it emptied) still
    # points the modules at the real API, never at an empty URL.
    for inputs in ({'auth_id': 'MAEXAMPLE', 'auth_token': 'tok'}, {'auth_id': 'MAEXAMPLE', 'auth_token': 'tok', 'api_url': ''}):
        assert awx_inject(inputs)['PLIVO_API_URL'] == 'https://api.plivo.com'


class _UnsafeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """Reads Ansible's !unsafe tag as a plain string, as Ansible hands it to a module."""


_UnsafeLoader.add_constructor('!unsafe', lambda loader, node: loader.construct_scalar(node))


def rst_code_blocks(text, languages):
    """The contents, dedented, of the RST ``.. code-block:: LANGUAGE`` directives of text for these languages."""
    blocks = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        match = re.match(r'^( *)\.\. code-block:: *(\S+) *$', lines[index])
        index += 1
        if not match or match.group(2) not in languages:
            continue
        indent = len(match.group(1))
        body = []
        # the block: every following line that is blank or indented deeper than the directive
        while index < len(lines) and (not lines[index].strip() or len(lines[index]) - len(lines[index].lstrip(' ')) > indent):
            body.append(lines[index])
            index += 1
        blocks.append(textwrap.dedent('\n'.join(body)).strip('\n') + '\n')
    return blocks


def test_awx_doc_snippet_creates_this_credential_type(credential_type):
    with open(AWX_DOC, encoding='utf-8') as handle:
        text = handle.read()
    blocks = [block for block in rst_code_blocks(text, ('yaml', 'yaml+jinja')) if 'awx.awx.credential_type:' in block]
    assert len(blocks) == 1, '%s needs exactly one yaml block with awx.awx.credential_type' % os.path.relpath(AWX_DOC, REPO_ROOT)
    plays = yaml.load(blocks[0], Loader=_UnsafeLoader)  # nosec B506 - a SafeLoader subclass
    tasks = [task for play in plays for task in play.get('tasks', []) if 'awx.awx.credential_type' in task]
    assert len(tasks) == 1
    args = tasks[0]['awx.awx.credential_type']
    assert args['name'] == credential_type['name']
    assert args['kind'] == credential_type['kind']
    assert args['inputs'] == credential_type['inputs']
    assert args['injectors'] == credential_type['injectors']
    # Jinja in the injectors must reach AWX untemplated: each template is marked !unsafe.
    for var in EXPECTED_ENV:
        assert re.search(r'%s: !unsafe ' % var, blocks[0]), var
