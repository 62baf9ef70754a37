# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every plivo.messaging module shares: the auth options, the API client,
error reporting and the result."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from .api import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, PlivoApiError, PlivoClient


DEFAULT_API_URL = "https://api.plivo.com"


def plivo_argument_spec():
    """The options of the ``plivo.messaging.auth`` doc fragment."""
    return {
        "auth_id": {"type": "str", "required": True, "fallback": (env_fallback, ["PLIVO_AUTH_ID"])},
        "auth_token": {"type": "str", "required": True, "no_log": True, "fallback": (env_fallback, ["PLIVO_AUTH_TOKEN"])},
        "api_url": {"type": "str", "default": DEFAULT_API_URL, "fallback": (env_fallback, ["PLIVO_API_URL"])},
        "validate_certs": {"type": "bool", "default": True},
        "timeout": {"type": "int", "default": 30},
        "max_retries": {"type": "int", "default": 5},
        "retry_timeout": {"type": "int", "default": 120},
    }


def _connection_problems(params):
    problems = []
    if not params["api_url"].lower().startswith(("http://", "https://")):
        problems.append("api_url must start with http:// or https://; got %r" % params["api_url"])
    if not params["auth_id"].strip():
        problems.append("auth_id must not be empty")
    if params["timeout"] <= 0:
        problems.append("timeout must be a positive number of seconds; got %d" % params["timeout"])
    if params["max_retries"] < 0:
        problems.append("max_retries must be 0 or more; got %d (0 turns retries off)" % params["max_retries"])
    if params["retry_timeout"] <= 0:
        problems.append("retry_timeout must be a positive number of seconds; got %d" % params["retry_timeout"])
    return problems


class _AnsibleModule(AnsibleModule):
    """AnsibleModule that masks the auth token even when argument validation breaks.

    ansible-core collects the values of no_log options while it validates the
    arguments; a malformed suboption (e.g. number_priority given as a string)
    makes that collection fail as a whole, and the failure's invocation would
    then show auth_token in clear text at -vvv. Registering the raw token as
    soon as the arguments are loaded closes that gap.
    """

    def _load_params(self):
        super()._load_params()
        token = self.params.get("auth_token")
        if isinstance(token, str) and token:
            self.no_log_values.add(token)


class PlivoModule:
    """One run of a plivo.messaging module.

    Subclasses declare ``argument_spec`` (their own options), ``module_kwargs``
    (extra AnsibleModule arguments) and ``represent`` (the result key), validate
    their input in ``_validate`` and do their work in ``run``.
    """

    argument_spec = {}
    module_kwargs = {}
    represent = None

    def __init__(self):
        argument_spec = plivo_argument_spec()
        argument_spec.update(self.argument_spec)
        self.module = _AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **self.module_kwargs)
        self.params = self.module.params
        # AWX injects PLIVO_API_URL="" when a credential leaves the URL unset; that means "the default".
        self.params["api_url"] = self.params["api_url"] or DEFAULT_API_URL
        self.result = {"changed": False}
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
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
        )

    def _validate(self):
        """Messages for invalid arguments the argument spec cannot catch."""
        return []

    def run(self):
        raise NotImplementedError

    def main(self):
        try:
            self.run()
        except PlivoApiError as exc:
            self.module.fail_json(msg=str(exc), status=exc.status, api_error=exc.error, **self.result)
        self.module.exit_json(**self.result)
