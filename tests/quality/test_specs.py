# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The hand-written option documentation agrees with plugins/module_utils/specs.py.

Every option spec lives once in ``specs.py``; the modules take their argument specs from
it. What users read is written by hand: each module's DOCUMENTATION (with the auth and
pool doc fragments merged in) and the role's ``meta/argument_specs.yml``, which is also
what Ansible validates the role's variables with. ``spec_differences`` compares one
documented option tree with one spec tree, recursively through ``options`` /
``suboptions``: the option names, and for each option ``type`` (default ``str``),
``elements``, ``choices`` (order ignored), ``default`` (missing: None), ``required``
(missing: False) and ``aliases`` (missing: none).

One rule differs for the role (``role_expected``): the options named in
``specs.CASELESS`` have no ``choices`` in the role's spec, because the role's validation
runs before the module and cannot match a value in another letter case (``XML``); the
module checks them. The number_priority values need no rule: ``specs.NUMBER_PRIORITY``
gives them no choices (the module checks them, in any case), so the role must not either.
"""

from __future__ import annotations

import collections
import copy
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
ROLE_SPEC = REPO / "roles" / "powerpacks" / "meta" / "argument_specs.yml"
MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py"))

MISSING = object()


class Difference(collections.namedtuple("Difference", "path key spec doc")):
    """One disagreement: at option ``path`` (dotted), ``key`` is ``spec`` in specs.py and
    ``doc`` in the documentation. ``key`` "option" means the option exists on one side only."""

    def __str__(self):
        return "%s: %s: specs.py %r, documented %r" % (self.path, self.key, self.spec, self.doc)


def _normal(option, key):
    """The value of ``key`` in one option (spec or documentation), with its default."""
    value = option.get(key)
    if key == "type":
        return value or "str"
    if key == "required":
        return bool(value)
    if key == "choices":
        return sorted(value, key=repr) if value else None
    if key == "aliases":
        return sorted(value or [])
    if isinstance(value, tuple):
        return list(value)
    return value


def _suboptions(option):
    return option.get("options") or option.get("suboptions") or {}


COMPARED = ("type", "elements", "choices", "default", "required", "aliases")


def spec_differences(spec, doc, path=""):
    """Every disagreement between an argument spec tree ``spec`` and a documented option
    tree ``doc`` (both ``{name: option}``; sub-options under ``options`` or
    ``suboptions``), as a list of ``Difference``, depth first, in name order."""
    differences = []
    for name in sorted(set(spec) | set(doc)):
        where = path + "." + name if path else name
        if name not in doc:
            differences.append(Difference(where, "option", "declared", "missing"))
            continue
        if name not in spec:
            differences.append(Difference(where, "option", "missing", "documented"))
            continue
        for key in COMPARED:
            expected, documented = _normal(spec[name], key), _normal(doc[name], key)
            if expected != documented:
                differences.append(Difference(where, key, expected, documented))
        differences.extend(spec_differences(_suboptions(spec[name]), _suboptions(doc[name]), where))
    return differences


def role_expected(spec, caseless):
    """The role's expected options: ``spec`` with no ``choices`` on options named in ``caseless``."""
    expected = {}
    for name, option in spec.items():
        option = dict(option)
        if name in caseless:
            option.pop("choices", None)
        if option.get("options"):
            option["options"] = role_expected(option["options"], caseless)
        expected[name] = option
    return expected


# --- the data -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def specs(collections_path):
    path = str(collections_path)
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module("ansible_collections.plivo.messaging.plugins.module_utils.specs")


@pytest.fixture(scope="module")
def module_docs(collections_path, specs):
    """``{module: rendered documentation options}``, from one ansible-doc run."""
    fqcns = ["plivo.messaging." + module for module in sorted(set(MODULES) & set(specs.MODULES))]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path), ANSIBLE_NOCOLOR="1")
    proc = subprocess.run([str(Path(sys.executable).parent / "ansible-doc"), "--json", *fqcns], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    docs = json.loads(proc.stdout)
    return {fqcn.rsplit(".", 1)[1]: docs[fqcn]["doc"]["options"] for fqcn in fqcns}


@pytest.fixture(scope="module")
def role_options():
    return yaml.safe_load(ROLE_SPEC.read_text(encoding="utf-8"))["argument_specs"]["main"]["options"]


def _role_differences(specs, role_options):
    return spec_differences(role_expected(specs.ROLE, specs.CASELESS), role_options)


# --- the real comparisons ---------------------------------------------------------------

@pytest.mark.parametrize("module", MODULES)
def test_module_documentation_matches_specs(specs, module_docs, module):
    differences = spec_differences(specs.argument_spec(module)[0], module_docs[module])
    assert not differences, "plugins/modules/%s.py DOCUMENTATION disagrees with specs.py:\n%s" % (
        module, "\n".join(map(str, differences)))


def test_every_module_has_a_spec(specs):
    assert sorted(specs.MODULES) == MODULES


def test_role_argument_specs_match_specs(specs, role_options):
    differences = _role_differences(specs, role_options)
    assert not differences, "%s disagrees with specs.ROLE:\n%s" % (
        ROLE_SPEC.relative_to(REPO), "\n".join(map(str, differences)))


def test_role_describes_caseless_choices(specs, role_options):
    """The role leaves the CASELESS options' choices to the module, so their descriptions
    must name every allowed value and say that any letter case is accepted."""
    found = []

    def walk(spec, doc, path):
        for name, option in spec.items():
            if name not in doc:
                continue
            if name in specs.CASELESS and option.get("choices"):
                text = " ".join(doc[name].get("description") or []) if isinstance(
                    doc[name].get("description"), list) else str(doc[name].get("description") or "")
                found.append(path + name)
                for choice in option["choices"]:
                    assert "V(%s)" % choice in text, "%s%s: description does not name V(%s)" % (path, name, choice)
                assert "any letter case" in text.lower(), "%s%s: description does not say any letter case" % (path, name)
            walk(_suboptions(option), _suboptions(doc[name]), path + name + ".")

    walk(specs.ROLE, role_options, "")
    assert sorted(found) == ["plivo_powerpacks.application_type", "plivo_powerpacks.senders.service"]


# --- the comparison catches drift -------------------------------------------------------

def _new_differences(before, after):
    """The differences in ``after`` that ``before`` does not have (so that these tests hold
    whatever else disagrees at the moment); none of ``before`` may have gone."""
    assert [difference for difference in before if difference not in after] == []
    return [difference for difference in after if difference not in before]


def _node(options, path):
    names = path.split(".")
    for name in names[:-1]:
        options = _suboptions(options[name])
    return options, names[-1]


def test_catches_a_removed_module_choice(specs, module_docs):
    spec = specs.argument_spec("powerpack")[0]
    doc = copy.deepcopy(module_docs["powerpack"])
    before = spec_differences(spec, doc)
    doc["application_type"]["choices"] = [c for c in doc["application_type"]["choices"] if c != "phlo"]
    assert _new_differences(before, spec_differences(spec, doc)) == [
        Difference("application_type", "choices", ["phlo", "xml"], ["xml"])]


def test_catches_a_changed_module_default(specs, module_docs):
    spec = specs.argument_spec("powerpack_bulk")[0]
    doc = copy.deepcopy(module_docs["powerpack_bulk"])
    before = spec_differences(spec, doc)
    doc["powerpacks"]["suboptions"]["senders"]["suboptions"]["rent"]["default"] = True
    doc["timeout"]["default"] = 60
    assert _new_differences(before, spec_differences(spec, doc)) == [
        Difference("powerpacks.senders.rent", "default", False, True),
        Difference("timeout", "default", 30, 60)]


def test_catches_choices_back_on_the_role_priority(specs, role_options):
    role = copy.deepcopy(role_options)
    before = _role_differences(specs, role)
    role["plivo_powerpacks"]["options"]["number_priority"]["options"]["priority"]["options"]["priority1"][
        "choices"] = ["longcode", "shortcode", "tollfree"]
    assert _new_differences(before, _role_differences(specs, role)) == [
        Difference("plivo_powerpacks.number_priority.priority.priority1", "choices", None,
                   ["longcode", "shortcode", "tollfree"])]


def test_catches_choices_on_a_caseless_role_option(specs, role_options):
    role = copy.deepcopy(role_options)
    before = _role_differences(specs, role)
    role["plivo_powerpacks"]["options"]["application_type"]["choices"] = ["xml", "phlo"]
    assert _new_differences(before, _role_differences(specs, role)) == [
        Difference("plivo_powerpacks.application_type", "choices", None, ["phlo", "xml"])]


def test_caseless_rule_is_the_role_only(specs):
    """The module comparison keeps CASELESS choices: a module doc without them is drift."""
    spec = specs.argument_spec("powerpack")[0]
    doc = copy.deepcopy(spec)
    del doc["application_type"]["choices"]
    assert spec_differences(spec, doc) == [Difference("application_type", "choices", ["phlo", "xml"], None)]
    assert spec_differences(role_expected(spec, specs.CASELESS), doc) == []


@pytest.mark.parametrize("path, key, value, expected", [
    ("plivo_powerpacks_purge", "default", True, Difference("plivo_powerpacks_purge", "default", False, True)),
    ("plivo_powerpacks.state", "default", "absent", Difference("plivo_powerpacks.state", "default", "present", "absent")),
    ("plivo_powerpacks.unrent_numbers", "default", MISSING,
     Difference("plivo_powerpacks.unrent_numbers", "default", False, None)),
    ("plivo_powerpacks.state", "choices", ["present"],
     Difference("plivo_powerpacks.state", "choices", ["absent", "present"], ["present"])),
    ("plivo_powerpacks.senders.type", "choices", MISSING,
     Difference("plivo_powerpacks.senders.type", "choices", ["longcode", "shortcode", "tollfree"], None)),
    ("plivo_powerpacks.senders.rent", "type", "str", Difference("plivo_powerpacks.senders.rent", "type", "bool", "str")),
    ("plivo_auth_id", "type", MISSING, None),  # the documented type defaults to str, as in specs.py
    ("plivo_powerpacks.number_priority", "elements", "str",
     Difference("plivo_powerpacks.number_priority", "elements", "dict", "str")),
    ("plivo_powerpacks.number_priority.country_iso", "required", MISSING,
     Difference("plivo_powerpacks.number_priority.country_iso", "required", True, False)),
    ("plivo_powerpacks.name", "required", False, None),  # missing required means false
    ("plivo_powerpacks.purge_senders", "aliases", ["purge"],
     Difference("plivo_powerpacks.purge_senders", "aliases", [], ["purge"])),
])
def test_catches_each_compared_key(specs, role_options, path, key, value, expected):
    role = copy.deepcopy(role_options)
    before = _role_differences(specs, role)
    options, name = _node(role, path)
    if value is MISSING:
        del options[name][key]
    else:
        options[name][key] = value
    assert _new_differences(before, _role_differences(specs, role)) == ([expected] if expected else [])


def test_catches_a_missing_and_an_extra_option(specs, role_options):
    role = copy.deepcopy(role_options)
    before = _role_differences(specs, role)
    priority = role["plivo_powerpacks"]["options"]["number_priority"]["options"]["priority"]["options"]
    del priority["priority3"]
    priority["priority4"] = {"type": "str"}
    assert _new_differences(before, _role_differences(specs, role)) == [
        Difference("plivo_powerpacks.number_priority.priority.priority3", "option", "declared", "missing"),
        Difference("plivo_powerpacks.number_priority.priority.priority4", "option", "missing", "documented")]


def test_catches_an_extra_option_in_a_module_doc(specs, module_docs):
    spec = specs.argument_spec("powerpack_pool")[0]
    doc = copy.deepcopy(module_docs["powerpack_pool"])
    before = spec_differences(spec, doc)
    doc["senders"]["suboptions"]["services"] = {"type": "str", "description": "x"}
    assert _new_differences(before, spec_differences(spec, doc)) == [
        Difference("senders.services", "option", "missing", "documented")]
