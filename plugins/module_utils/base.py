# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every plivo.messaging module shares: its options (from specs.py), the API
client, error reporting and the result."""

from __future__ import annotations

import difflib

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from urllib.parse import urlsplit

from . import specs, wire
from .api import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, PlivoApiError, PlivoClient
from .safe_text import quoted, shorten
from .transport import secret_forms
from .outcome import ConvergeError


def _connection_problems(params):
    problems = []
    url = urlsplit(params["api_url"])
    if url.scheme.lower() not in ("http", "https"):
        problems.append("api_url must start with http:// or https://; got %r" % params["api_url"])
    elif url.query or url.fragment or "@" in url.netloc:
        problems.append("api_url must be the API's address without a query or fragment or credentials, such as "
                        "https://api.plivo.com; got %r" % params["api_url"].split("@")[-1])
    problems.extend(_credential_problems(params["auth_id"], params["auth_token"]))
    if params["timeout"] <= 0:
        problems.append("timeout must be a positive number of seconds; got %d" % params["timeout"])
    elif params["timeout"] > specs.MAX_TIMEOUT:
        problems.append("timeout must be at most %d seconds (an hour); got %d" % (specs.MAX_TIMEOUT, params["timeout"]))
    if params["max_retries"] < 0:
        problems.append("max_retries must be 0 or more; got %d (0 turns retries off)" % params["max_retries"])
    elif params["max_retries"] > specs.MAX_RETRIES:
        problems.append("max_retries must be at most %d; got %d" % (specs.MAX_RETRIES, params["max_retries"]))
    if params["retry_timeout"] <= 0:
        problems.append("retry_timeout must be a positive number of seconds; got %d" % params["retry_timeout"])
    elif params["retry_timeout"] > specs.MAX_RETRY_TIMEOUT:
        problems.append("retry_timeout must be at most %d seconds (a day); got %d"
                        % (specs.MAX_RETRY_TIMEOUT, params["retry_timeout"]))
    if params["rate_limit"] < 1:
        problems.append("rate_limit must be 1 or more requests per 5 seconds; got %d" % params["rate_limit"])
    elif params["rate_limit"] > specs.MAX_RATE_LIMIT:
        problems.append("rate_limit must be at most %d requests per 5 seconds; got %d"
                        % (specs.MAX_RATE_LIMIT, params["rate_limit"]))
    if not 1 <= params["workers"] <= specs.MAX_WORKERS:
        problems.append("workers must be between 1 and %d; got %d" % (specs.MAX_WORKERS, params["workers"]))
    return problems


def _credential_problems(auth_id, auth_token):
    problems = []
    # None: given as null, or not as text, and already refused (_RawCheck).
    if auth_id is not None and not auth_id.strip():
        problems.append("auth_id must not be empty")
    elif auth_id is not None and wire.segment("account", auth_id) is None:
        problems.append("auth_id must be a Plivo Auth ID: MA (an account) or SA (a subaccount) and 18 capital letters "
                        "or digits; got %r" % auth_id[:40])
    if auth_token is not None and not auth_token:
        problems.append("auth_token must not be empty; set auth_token, PLIVO_AUTH_TOKEN, or module_defaults for "
                        "group/plivo.messaging.plivo")
    try:
        ("%s:%s" % (auth_id, auth_token)).encode("latin-1")
    except UnicodeEncodeError:
        # HTTP Basic authentication carries Latin-1 only; a token with other characters is a copy-paste slip.
        problems.append("auth_id and auth_token must be Latin-1 text (Plivo's are letters and digits); check for a "
                        "character pasted by mistake")
    return problems


# Raw values that a type: str option refuses. Ansible would turn each into text without a word
# ("['a', 'b']", "True", "1.1" for 1.10), and a powerpack of that name would be created. An int stays
# accepted: its text is exactly what was written (a phone number written without quotes).
_NOT_TEXT = {
    list: ("a list", "give a single value, not a list"),
    dict: ("a dict", "give a single value, not a mapping"),
    bool: ("a boolean", "YAML reads an unquoted yes, no, true, false, on or off as a boolean: quote the value"),
    float: ("a float", "YAML reads an unquoted number with a point or an exponent as a float, which loses how it "
                       "was written: quote the value"),
}
# What to give instead of a null, for the options that have neither a default nor choices to say it.
_GIVE = {
    "name": "the powerpack's name",
    "uuid": "the powerpack's uuid",
    "powerpack_name": "the powerpack's name",
    "powerpack_uuid": "the powerpack's uuid",
    "number": "the number, such as 14155550100",
    "country_iso": "a two-letter country code such as US",
    "service_type": "SMS or MMS",
    "auth_id": "the Auth ID, or leave auth_id out to use PLIVO_AUTH_ID",
    "auth_token": "the Auth Token, or leave auth_token out to use PLIVO_AUTH_TOKEN",
}
_GIVE.update(dict.fromkeys(specs.PRIORITY_KEYS, "longcode, shortcode or tollfree"))
_SHOWN_CHARS = 80


def _shown(value):
    """A short repr of a value a task gave: control characters escaped, at most _SHOWN_CHARS characters."""
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS - 3] + "..."


def _one_of(choices):
    choices = [str(choice) for choice in choices]
    return " or ".join(choices) if len(choices) < 3 else "%s or %s" % (", ".join(choices[:-1]), choices[-1])


def _yaml(value):
    """A default as a task would write it in YAML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[%s]" % ", ".join(_yaml(item) for item in value)
    return str(value)


def _expected(option):
    if option.get("choices"):
        return _one_of(option["choices"]) if option.get("type") != "list" else "a list of " + _one_of(option["choices"])
    return {"bool": "true or false", "int": "a whole number", "list": "a list"}.get(option.get("type"), "a string")


class _RawCheck:
    """The values of a task as it wrote them, before Ansible converts them, checked against the argument spec.

    Ansible turns a list, a dict, a boolean or a float given to a ``type: str`` option into text, and
    lets a null through wherever ``required`` or ``required_one_of`` only asks for the key: a null
    name or number reached the API, or crashed the module. ``problems`` holds a message for each
    such value, named by its path (``powerpacks[2].name``), and the value is set aside so that
    neither Ansible's validation nor the module's own checks report it a second time: an option
    with a default gets it, a required one is empty for Ansible and None for the module (its path
    is in ``cleared``), any other is None, as if not given.

    A key that no option has, at any level, is named with its place and the closest option
    (``_unknown``): Ansible says "Unsupported parameters" without the item it is in or a
    suggestion, and for a misspelt required key only that the right one is missing.
    """

    def __init__(self, spec, params, required_one_of, mutually_exclusive):
        self.problems = []
        self.cleared = []
        self._walk(spec, params, required_one_of or [], mutually_exclusive or [], ())

    def _walk(self, spec, params, required_one_of, mutually_exclusive, path):
        self._unknown(spec, params, path)
        for name, option in spec.items():
            for key in _keys(name, option):
                if key in params:
                    self._option(params, key, name, option, path, required_one_of, mutually_exclusive)
            value = params.get(name)
            if option.get("options") and isinstance(value, (dict, list)):
                items = [(path + (name,), value)] if isinstance(value, dict) else [
                    (path + (name, index), item) for index, item in enumerate(value)]
                for where, item in items:
                    if isinstance(item, dict):
                        self._walk(option["options"], item, option.get("required_one_of") or [],
                                   option.get("mutually_exclusive") or [], where)

    def _unknown(self, spec, params, path):
        """Each key of ``params`` that no option of ``spec`` has is refused, with the option not given
        whose name is closest to it, and taken out so that Ansible does not report it again."""
        known = {key for name, option in spec.items() for key in _keys(name, option)}
        for key in [key for key in params if key not in known]:
            # Ansible passes its own settings (check mode, verbosity...) with the task's options.
            if not path and str(key).startswith("_ansible_"):
                continue
            del params[key]
            close = _closest(str(key), spec, params)
            self.problems.append(_unknown_message(_where(path), str(key), close, sorted(spec)))
            if close and _required_text(spec[close]):
                # The misspelt key stood for this one: empty for Ansible, None for the module, as for a null, so
                # that "missing required arguments" does not follow the message that already says what to fix.
                params[close] = ""
                self.cleared.append(path + (close,))

    def _option(self, params, key, name, option, path, required_one_of, mutually_exclusive):
        value, where = params[key], _where(path + (key,))
        text = option.get("type", "str") == "str"
        if value is None and option.get("default") is not None:
            self._refuse(params, key, option, path + (name,), "%s is null; give %s, or leave %s out for the default %s"
                         % (where, _expected(option), key, _yaml(option["default"])))
        elif value is None and option.get("required") and text:
            self._refuse(params, key, option, path + (name,), "%s is null; give %s" % (where, _GIVE.get(name, "a string")))
        elif value is None:
            self._identity(params, name, where, required_one_of, mutually_exclusive)
        elif text and type(value) in _NOT_TEXT:
            self._refuse(params, key, option, path + (name,), _not_text(where, value, option))
        elif option.get("elements") == "str" and isinstance(value, list):
            refused = [index for index, item in enumerate(value) if item is None or type(item) in _NOT_TEXT]
            for index in refused:
                item = value[index]
                self.problems.append("%s[%d] is null; give %s" % (where, index, _expected(dict(option, type="str")))
                                     if item is None else _not_text("%s[%d]" % (where, index), item, option))
            if refused:
                params[key] = [item for index, item in enumerate(value) if index not in refused]

    def _identity(self, params, name, where, required_one_of, mutually_exclusive):
        """A null for an option that names the powerpack is refused when no other option of its group names it:
        the task would act on no powerpack, or on all of them."""
        groups = [group for group in required_one_of + mutually_exclusive if name in group]
        others = [other for group in groups for other in group if other != name]
        if not groups or any(params.get(other) is not None for other in others):
            return
        if any(name in group for group in required_one_of):
            alternative = "or " + " or ".join(sorted(set(others), key=others.index))
        else:
            alternative = "or leave %s out" % name
        self.problems.append("%s is null; give %s, %s" % (where, _GIVE.get(name, "a string"), alternative))
        if any(other in params for other in others):
            # Another null of the group, refused too: one null key is enough to keep required_one_of
            # quiet, and two would make mutually_exclusive report a conflict the task does not have.
            del params[name]

    def _refuse(self, params, key, option, path, message):
        self.problems.append(message)
        if option.get("default") is not None:
            del params[key]
        elif option.get("required"):
            params[key] = ""
            self.cleared.append(path)
        else:
            params[key] = None


def _closest(key, spec, params):
    """The option of ``spec`` whose name (or 1.x name) is closest to ``key``, among those ``params``
    does not give (an option the task gave is not what it meant by another key); else None."""
    names = {}
    for name, option in spec.items():
        if not any(given in params for given in _keys(name, option)):
            names.update(dict.fromkeys(_keys(name, option), name))
    close = difflib.get_close_matches(key, list(names), n=1)
    return names[close[0]] if close else None


def _keys(name, option):
    """The keys a task may give an option by: its name and its 1.x names (aliases)."""
    return [name] + list(option.get("aliases") or [])


def _required_text(option):
    """A required text option that only the task can give (no fallback from the environment)."""
    return option.get("required") and option.get("type", "str") == "str" and not option.get("fallback")


def _unknown_message(where, key, close, names):
    shown = quoted(shorten(key, _SHOWN_CHARS))
    message = "%s: unknown key %s" % (where, shown) if where else "unknown option %s" % shown
    if close:
        return '%s; did you mean "%s"?' % (message, close)
    return "%s; the %s are %s" % (message, "keys here" if where else "options", ", ".join(names))


def _container(params, path):
    """The dict that holds the option at ``path``."""
    for step in path[:-1]:
        params = params[step]
    return params


def _where(path):
    """``powerpacks[2].senders[0].number`` for the path ``("powerpacks", 2, "senders", 0, "number")``."""
    text = ""
    for step in path:
        text += "[%d]" % step if isinstance(step, int) else ("." if text else "") + step
    return text


def _not_text(where, value, option):
    kind, fix = _NOT_TEXT[type(value)]
    if option.get("no_log"):
        return "%s must be a string; got %s; %s" % (where, kind, fix)
    return "%s must be a string; got %s: %s; %s" % (where, kind, _shown(value), fix)


class _AnsibleModule(AnsibleModule):
    """AnsibleModule that masks the auth token even when argument validation breaks, accepts
    the values of ``specs.CASELESS`` options in any letter case, and checks the values as
    the task wrote them (``_RawCheck``).

    ansible-core collects the values of no_log options while it validates the
    arguments; a malformed suboption (e.g. number_priority given as a string)
    makes that collection fail as a whole, and the failure's invocation would
    then show auth_token in clear text at -vvv. Registering the raw token as
    soon as the arguments are loaded closes that gap.
    """

    # Until the arguments are loaded (a failure before that has none to report).
    input_problems = ()
    cleared = ()

    def _load_params(self):
        super()._load_params()
        token = self.params.get("auth_token")
        if isinstance(token, str):
            # With it, the forms Basic authentication sends it in: base64(auth_id:token) and "Basic ...".
            self.no_log_values.update(secret_forms(str(self.params.get("auth_id") or ""), token))
        # The option names as the task wrote them, so that messages can use a 1.x alias the task used.
        self.given = frozenset(self.params)
        # Before Ansible converts them, which hides a list or a null given as a name (PlivoModule reports these).
        check = _RawCheck(self.argument_spec, self.params, self.required_one_of, self.mutually_exclusive)
        self.input_problems, self.cleared = check.problems, check.cleared
        specs.canonical_case(self.argument_spec, self.params)

    def fail_json(self, msg, **kwargs):
        if "missing required arguments" in msg and ("auth_id" in msg or "auth_token" in msg):
            msg += ("; set auth_id and auth_token as options, in module_defaults for group/plivo.messaging.plivo, "
                    "or in the PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN environment variables")
        # A failure before PlivoModule takes the raw problems over (Ansible's own validation) reports them too.
        msg = "; ".join(list(self.input_problems) + [msg])
        super().fail_json(msg, **kwargs)


class PlivoModule:
    """One run of a plivo.messaging module.

    Subclasses name their options (``name``, a key of ``specs.MODULES``), check
    what the argument spec cannot in ``_validate``, and return the module result
    from ``run``; a ConvergeError or PlivoApiError raised there fails the task.
    """

    name = None

    def __init__(self):
        argument_spec, module_kwargs = specs.argument_spec(self.name)
        self.module = _AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **module_kwargs)
        self.params = self.module.params
        # Reported here with the others, in one message; the values they refused are None from now on.
        input_problems, self.module.input_problems = list(self.module.input_problems), ()
        for path in self.module.cleared:
            _container(self.params, path)[path[-1]] = None
        # AWX injects PLIVO_API_URL="" when a credential leaves the URL unset; that means "the default".
        self.params["api_url"] = self.params["api_url"] or specs.DEFAULT_API_URL
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        # The token may have come from PLIVO_AUTH_TOKEN only now, in validation: mask every form of it.
        self.module.no_log_values.update(secret_forms(self.params["auth_id"], self.params["auth_token"]))
        # A password written into api_url by mistake is a secret too (it is refused below).
        password = urlsplit(self.params["api_url"]).password
        if password:
            self.module.no_log_values.add(password)
        # Bad input fails here, before the first request.
        problems = input_problems + _connection_problems(self.params) + self._validate()
        if problems:
            self.module.fail_json(msg="; ".join(problems))
        self.client = PlivoClient(
            api_url=self.params["api_url"],
            auth_id=self.params["auth_id"],
            auth_token=self.params["auth_token"],
            timeout=self.params["timeout"],
            validate_certs=self.params["validate_certs"],
            max_retries=self.params["max_retries"],
            retry_timeout=self.params["retry_timeout"],
            warn=self.module.warn,
            rate_limit=self.params["rate_limit"],
            workers=self.params["workers"],
        )

    def given_names(self, *options):
        """The names of ``options`` as the task knows them: their 1.x aliases if it used any of those."""
        aliases = [(self.module.argument_spec[option].get("aliases") or [option])[0] for option in options]
        return aliases if self.module.given & set(aliases) - set(options) else list(options)

    def _validate(self):
        """Messages for invalid arguments the argument spec cannot catch."""
        return []

    def run(self):
        raise NotImplementedError

    def main(self):
        try:
            result = self.run()
        except PlivoApiError as exc:
            self.module.fail_json(msg=str(exc), **ConvergeError.after(exc, None).report())
        except ConvergeError as exc:
            self.module.fail_json(msg=str(exc), **exc.report())
        self.module.exit_json(**result)
