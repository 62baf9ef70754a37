# Copyright: (c) 2026, plivo.messaging contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The connection and credential options every plivo.messaging module takes.
    DOCUMENTATION = r"""
options:
  auth_id:
    description:
      - The Auth ID of the Plivo account or subaccount to manage (C(MA...) for a main account, C(SA...) for a subaccount).
      - Every request goes to C({api_url}/v1/Account/{auth_id}/).
      - If not set, the value of the E(PLIVO_AUTH_ID) environment variable is used.
    type: str
    required: true
  auth_token:
    description:
      - The Auth Token of that account, sent with HTTP Basic authentication.
      - It is never shown in the module's output, errors, diff or logs.
      - If not set, the value of the E(PLIVO_AUTH_TOKEN) environment variable is used.
    type: str
    required: true
  api_url:
    description:
      - Base URL of the Plivo API, without the C(/v1) path.
      - Point it at the collection's local API emulator (for example V(http://127.0.0.1:8089)) for dry runs and tests.
      - If not set, the value of the E(PLIVO_API_URL) environment variable is used, and then the default.
    type: str
    default: https://api.plivo.com
  validate_certs:
    description:
      - Whether to verify the API's TLS certificate.
      - Set to V(false) only for a test server with a self-signed certificate.
    type: bool
    default: true
  timeout:
    description:
      - How many seconds to wait for each HTTP request before giving up.
      - From V(1) to V(3600) (an hour).
    type: int
    default: 30
  max_retries:
    description:
      - How many times to send a request again after a connection error, a timeout, or an answer of
        HTTP 429, 500, 502, 503 or 504, waiting longer each time (exponential backoff with jitter) or as
        long as the API's C(Retry-After) header asks.
      - Each retry is reported as a warning.
      - A create is never sent again blindly; see the module's notes and R(the reliability guide,ansible_collections.plivo.messaging.docsite.guide_reliability).
      - From V(0) to V(100). V(0) turns retries off, so the first failure fails the task.
    type: int
    default: 5
  retry_timeout:
    description:
      - The most seconds one request keeps retrying, counted from its first failure.
      - A retry whose wait would end past this budget is not made, and the task fails with the last error.
      - From V(1) to V(86400) (a day).
    type: int
    default: 120
  rate_limit:
    description:
      - The most requests this task sends in any 5 seconds, retries included.
      - Plivo allows an account 300 requests per 5 seconds; the default stays a little under that, so that a task
        never causes its own HTTP 429.
      - Lower it for an account that other traffic (an application, other tasks at the same time) also uses;
        raise it only if Plivo has raised the account's limit.
      - When the API answers 429 all the same, every request of the task waits, not only the one that got it.
      - See R(the performance guide,ansible_collections.plivo.messaging.docsite.guide_performance).
      - From V(1) to V(100000).
    type: int
    default: 290
  workers:
    description:
      - The most requests this task has in flight at once.
      - Reads and writes that do not depend on each other (different powerpacks, different numbers of one pool)
        run in parallel up to this bound; writes whose order matters stay in declared order.
      - Up to a round trip of about 170 ms, the default of 10 lets a task run at the account's rate limit
        rather than at the speed of one round trip; farther from the API, raise it (about 15 at 250 ms).
        V(1) sends one request at a time.
      - From V(1) to V(32).
    type: int
    default: 10
notes:
  - Use C(module_defaults) with the action group C(group/plivo.messaging.plivo) to set the connection options once for a whole play.
  - Every option of type C(str) takes text. A list, a mapping, a boolean or a float (in YAML, an unquoted V(yes) or
    V(1.10)) is refused before any request rather than turned into text; a whole number is taken as written (a phone
    number without quotes). A null (often an undefined or empty variable) is refused too for an option that is
    required, that has a default (leave the option out to get it), or that names the powerpack when nothing else
    does. The message names each such option, with its place in a list (for example C(powerpacks[2].name)).
"""
