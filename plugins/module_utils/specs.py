# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every option the collection's modules and its role take, declared once.

Each module's argument spec is built here from shared parts, the powerpack_bulk
items and the pool modules reuse the same parts, and the role's
``meta/argument_specs.yml`` mirrors them. ``tests/quality/test_specs.py`` fails
when a module's DOCUMENTATION or the role's spec disagrees with what is here.

Values the API echoes in another letter case (``application_type`` comes back as
``XML``) are accepted in any case: the options named in ``CASELESS`` are matched
against their choices case-insensitively before Ansible validates them, and the
number_priority values, which have no ``choices`` here, are checked in
``powerpack_model.validate``. The role cannot do the first, so its spec leaves
the choices of ``CASELESS`` options to the module.
"""

from __future__ import annotations

from ansible.module_utils.basic import env_fallback

DEFAULT_API_URL = "https://api.plivo.com"

SENDER_TYPES = ("longcode", "tollfree", "shortcode")
SERVICES = ("sms", "mms")
PRIORITY_KEYS = ("priority1", "priority2", "priority3")

# Options whose choices are matched in any letter case.
CASELESS = frozenset(("application_type", "service"))

# The connection options of every module (the plivo.messaging.auth doc fragment).
AUTH = {
    "auth_id": {"type": "str", "required": True, "fallback": (env_fallback, ["PLIVO_AUTH_ID"])},
    "auth_token": {"type": "str", "required": True, "no_log": True, "fallback": (env_fallback, ["PLIVO_AUTH_TOKEN"])},
    "api_url": {"type": "str", "default": DEFAULT_API_URL, "fallback": (env_fallback, ["PLIVO_API_URL"])},
    "validate_certs": {"type": "bool", "default": True},
    "timeout": {"type": "int", "default": 30},
    "max_retries": {"type": "int", "default": 5},
    "retry_timeout": {"type": "int", "default": 120},
    "rate_limit": {"type": "int", "default": 290},
    "workers": {"type": "int", "default": 10},
}
# Bounds of the options above that a task may not pass (the lower ones are in base._connection_problems).
# Each far above any real need, so that a bound only stops a slip such as extra digits: a timeout past
# about 9 * 10**9 s even crashed the task, overflowing the clock a socket waits with.
MAX_TIMEOUT = 3600
MAX_RETRIES = 100
MAX_RETRY_TIMEOUT = 86400
MAX_RATE_LIMIT = 100000
MAX_WORKERS = 32

# One number_priority entry. Its values are checked in powerpack_model.validate
# instead of with choices, to accept any letter case and name the offending entry.
NUMBER_PRIORITY = {
    "country_iso": {"type": "str", "required": True},
    "service_type": {"type": "str", "required": True},
    "priority": {
        "type": "dict",
        "required": True,
        "options": {key: {"type": "str", "required": True} for key in PRIORITY_KEYS},
    },
}

# One powerpack: the powerpack module, and each powerpack_bulk item.
POWERPACK = {
    "name": {"type": "str"},
    "uuid": {"type": "str"},
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "sticky_sender": {"type": "bool"},
    "local_connect": {"type": "bool"},
    "application_type": {"type": "str", "choices": ["xml", "phlo"]},
    "application_id": {"type": "str"},
    "number_priority": {"type": "list", "elements": "dict", "options": NUMBER_PRIORITY},
    "unrent_numbers": {"type": "bool", "default": False},
}
POWERPACK_KWARGS = {"required_one_of": [["name", "uuid"]], "required_by": {"application_type": "application_id"}}

# One declared sender: the powerpack_number module, and each item of a senders list.
SENDER = {
    "number": {"type": "str", "required": True},
    "type": {"type": "str", "choices": list(SENDER_TYPES), "default": "longcode"},
    "service": {"type": "str", "choices": list(SERVICES)},
    "rent": {"type": "bool", "default": False},
}


def _deprecated_alias(name):
    return {"name": name, "version": "2.0.0", "collection_name": "plivo.messaging"}


# A pool's declared senders: the powerpack_pool module, and each powerpack_bulk item.
# 1.x named the powerpack_pool options purge and unrent; those names stay as aliases.
POOL = {
    "senders": {"type": "list", "elements": "dict", "options": SENDER},
    "purge_senders": {"type": "bool", "default": False},
    "unrent_purged": {"type": "bool", "default": False},
}
POOL_ALIASES = {"purge_senders": "purge", "unrent_purged": "unrent"}

# How a pool module names the powerpack whose pool it works on (the plivo.messaging.pool doc fragment).
POOL_REF = {
    "powerpack_uuid": {"type": "str"},
    "powerpack_name": {"type": "str"},
}
POOL_REF_KWARGS = {
    "required_one_of": [["powerpack_uuid", "powerpack_name"]],
    "mutually_exclusive": [["powerpack_uuid", "powerpack_name"]],
}

BULK_ITEM = dict(POWERPACK, **POOL)


def _with_aliases(spec, aliases):
    spec = {name: dict(option) for name, option in spec.items()}
    for name, alias in aliases.items():
        spec[name].update(aliases=[alias], deprecated_aliases=[_deprecated_alias(alias)])
    return spec


# Each module's own options (AUTH is added to every one) and its AnsibleModule keyword arguments.
MODULES = {
    "powerpack": (POWERPACK, POWERPACK_KWARGS),
    "powerpack_info": (
        {"uuid": {"type": "str"}, "name": {"type": "str"}, "details": {"type": "bool", "default": False}},
        {"mutually_exclusive": [["uuid", "name"]]},
    ),
    "powerpack_bulk": (
        {
            "powerpacks": dict(type="list", elements="dict", default=[], options=BULK_ITEM, **POWERPACK_KWARGS),
            "purge": {"type": "bool", "default": False},
            "purge_everything": {"type": "bool", "default": False},
        },
        {},
    ),
    "powerpack_number": (
        dict(POOL_REF, state={"type": "str", "choices": ["present", "absent"], "default": "present"},
             unrent={"type": "bool", "default": False}, **SENDER),
        POOL_REF_KWARGS,
    ),
    "powerpack_pool": (
        dict(POOL_REF, **_with_aliases(dict(POOL, senders=dict(POOL["senders"], default=[])), POOL_ALIASES)),
        POOL_REF_KWARGS,
    ),
    "powerpack_number_info": (
        dict(
            POOL_REF,
            type={"type": "list", "elements": "str", "choices": list(SENDER_TYPES), "default": list(SENDER_TYPES)},
            service={"type": "str", "choices": list(SERVICES)},
            country_iso={"type": "str"},
        ),
        POOL_REF_KWARGS,
    ),
}

# The role plivo.messaging.powerpacks: its plivo_powerpacks items are powerpack_bulk's.
ROLE = {
    "plivo_powerpacks": {"type": "list", "elements": "dict", "default": [], "options": BULK_ITEM},
    "plivo_powerpacks_purge": {"type": "bool", "default": False},
    "plivo_powerpacks_purge_everything": {"type": "bool", "default": False},
    "plivo_powerpacks_show_summary": {"type": "bool", "default": True},
    "plivo_auth_id": {"type": "str"},
    "plivo_auth_token": {"type": "str", "no_log": True},
    "plivo_api_url": {"type": "str"},
    "plivo_rate_limit": {"type": "int"},
    "plivo_workers": {"type": "int"},
    "plivo_timeout": {"type": "int"},
    "plivo_max_retries": {"type": "int"},
    "plivo_retry_timeout": {"type": "int"},
}


def argument_spec(module):
    """``(argument_spec, module_kwargs)`` of one module, the connection options included."""
    own, kwargs = MODULES[module]
    return dict(AUTH, **own), dict(kwargs)


def canonical_case(spec, params):
    """Replace each ``CASELESS`` option's value by the choice it matches in any letter
    case, in ``params`` and its suboptions, so that Ansible's choices check accepts it."""
    for name, option in spec.items():
        value = params.get(name)
        if value is None:
            continue
        if name in CASELESS and isinstance(value, str) and option.get("choices"):
            params[name] = next((choice for choice in option["choices"] if choice.lower() == value.lower()), value)
        elif option.get("options"):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    canonical_case(option["options"], item)
