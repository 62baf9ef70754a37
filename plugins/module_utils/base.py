# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every plivo.messaging module shares: its options (from specs.py), the API
client, error reporting and the result."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from urllib.parse import urlsplit

from . import specs, wire
from .api import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, PlivoApiError, PlivoClient
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
    if params["max_retries"] < 0:
        problems.append("max_retries must be 0 or more; got %d (0 turns retries off)" % params["max_retries"])
    if params["retry_timeout"] <= 0:
        problems.append("retry_timeout must be a positive number of seconds; got %d" % params["retry_timeout"])
    if params["rate_limit"] < 1:
        problems.append("rate_limit must be 1 or more requests per 5 seconds; got %d" % params["rate_limit"])
    if not 1 <= params["workers"] <= specs.MAX_WORKERS:
        problems.append("workers must be between 1 and %d; got %d" % (specs.MAX_WORKERS, params["workers"]))
    return problems


def _credential_problems(auth_id, auth_token):
    problems = []
    if not auth_id.strip():
        problems.append("auth_id must not be empty")
    elif wire.segment("account", auth_id) is None:
        problems.append("auth_id must be a Plivo Auth ID: MA (an account) or SA (a subaccount) and 18 capital letters "
                        "or digits; got %r" % auth_id[:40])
    if not auth_token:
        problems.append("auth_token must not be empty; set auth_token, PLIVO_AUTH_TOKEN, or module_defaults for "
                        "group/plivo.messaging.plivo")
    try:
        ("%s:%s" % (auth_id, auth_token)).encode("latin-1")
    except UnicodeEncodeError:
        # HTTP Basic authentication carries Latin-1 only; a token with other characters is a copy-paste slip.
        problems.append("auth_id and auth_token must be Latin-1 text (Plivo's are letters and digits); check for a "
                        "character pasted by mistake")
    return problems


class _AnsibleModule(AnsibleModule):
    """AnsibleModule that masks the auth token even when argument validation breaks,
    and accepts the values of ``specs.CASELESS`` options in any letter case.

    ansible-core collects the values of no_log options while it validates the
    arguments; a malformed suboption (e.g. number_priority given as a string)
    makes that collection fail as a whole, and the failure's invocation would
    then show auth_token in clear text at -vvv. Registering the raw token as
    soon as the arguments are loaded closes that gap.
    """

    def _load_params(self):
        super()._load_params()
        token = self.params.get("auth_token")
        if isinstance(token, str):
            # With it, the forms Basic authentication sends it in: base64(auth_id:token) and "Basic ...".
            self.no_log_values.update(secret_forms(str(self.params.get("auth_id") or ""), token))
        # The option names as the task wrote them, so that messages can use a 1.x alias the task used.
        self.given = frozenset(self.params)
        specs.canonical_case(self.argument_spec, self.params)

    def fail_json(self, msg, **kwargs):
        if "missing required arguments" in msg and ("auth_id" in msg or "auth_token" in msg):
            msg += ("; set auth_id and auth_token as options, in module_defaults for group/plivo.messaging.plivo, "
                    "or in the PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN environment variables")
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
        problems = _connection_problems(self.params) + self._validate()
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
