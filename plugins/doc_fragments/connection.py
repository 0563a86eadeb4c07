# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The connection options every module takes; their env names are what the shipped
    # AWX credential type injects.
    DOCUMENTATION = r"""
options:
  api_token:
    description:
      - Mailtrap API token used to authenticate (sent as the C(Api-Token) header).
      - If not set, the value of the E(MAILTRAP_API_TOKEN) environment variable is used. One of
        the two must be set; the module fails with a clear message, before any request, when
        neither is.
      - Leading and trailing white space (a newline from a file) is removed.
      - The token needs the scopes the module documents; a token with fewer scopes gets a
        clear C(403) error naming the call and the scope it needs.
    type: str
    required: false
  account_id:
    description:
      - Numeric id of the Mailtrap account to manage.
      - If not set, the value of the E(MAILTRAP_ACCOUNT_ID) environment variable is used.
      - If neither is set and the token reaches exactly one account, that account is used;
        if it reaches several, the module fails and lists them.
    type: int
  api_url:
    description:
      - Base URL of the Mailtrap API, without the C(/api) path.
      - If not set, the value of the E(MAILTRAP_API_URL) environment variable is used.
      - Point it at the bundled emulator for tests, for example V(http://127.0.0.1:8025).
      - It must be an C(http://) or C(https://) URL with a host, an optional port (1-65535) and an
        optional path; a URL with spaces, credentials (C(user:password@)), a query, or a bad port is
        refused before any request.
      - A proxy is taken from E(HTTPS_PROXY) / E(HTTP_PROXY) / E(ALL_PROXY) (E(NO_PROXY) lists
        the hosts reached directly); a proxy that cannot be reached is reported by its
        C(host:port).
      - Only C(http://) proxy URLs are supported (HTTPS is tunnelled through them with C(CONNECT));
        an C(https://) or C(socks://) proxy URL is refused before any connection, so proxy
        credentials are never sent in clear text to a proxy that expects TLS.
    type: str
    default: https://mailtrap.io
  api_dialect:
    description:
      - Which Mailtrap API the server at O(api_url) speaks.
      - V(live) is the API mailtrap.io serves today (Mailtrap's published OpenAPI specs);
        V(overview) is the API of Mailtrap's General API Overview, which the bundled emulator
        serves by default.
      - V(auto) never makes a request of its own. If the host of O(api_url) is C(mailtrap.io) or
        ends in C(.mailtrap.io), it is V(live). For any other host (the emulator, a proxy, a mock),
        V(overview) is assumed and the C(X-Mailtrap-Api-Dialect) header of the server's first
        answer confirms it or names V(live); the module then reads again in that dialect before
        any write. Without that header, V(auto) means V(overview).
      - An explicit V(live) or V(overview) always wins and costs no request.
      - If not set, the value of the E(MAILTRAP_API_DIALECT) environment variable is used.
    type: str
    choices: [auto, live, overview]
    default: auto
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(api_url).
      - Only set to V(false) against a test server with a self-signed certificate; to trust
        a private CA (a TLS-inspecting proxy, a test server) use O(ca_path) instead.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM CA bundle file, or a directory of PEM CA certificates (C(.pem), C(.crt), C(.cer) or
        hash-named files), trusted instead of the system's certificate store when
        O(validate_certs) is V(true).
      - If not set, the value of the E(MAILTRAP_CA_PATH) environment variable is used.
      - A path that does not exist or holds no loadable certificate is refused before any request,
        with an C(http://) O(api_url) too.
      - Ignored when O(validate_certs) is V(false).
    type: path
  timeout:
    description:
      - Seconds to wait for each answer from the API before the request counts as failed.
    type: float
    default: 30
  max_retry_time:
    description:
      - Total seconds one request may spend waiting and being retried after rate limiting
        (C(429)), C(502), C(503), C(504) or a lost connection; waiting for the rate-limit
        window to reopen before sending counts against the same budget.
      - Waits honour C(Retry-After) and C(X-RateLimit-Reset); otherwise they back off
        exponentially with jitter. A create whose answer was lost is never re-sent
        blindly; the module first reads back whether it took effect, and re-sends it at most
        3 times. A C(500) is not retried.
    type: float
    default: 120
notes:
  - The modules need no Python package beyond ansible-core; they talk HTTP through the
    standard library, keeping one keep-alive connection per task.
  - Requests are paced by the C(X-RateLimit-Remaining) and C(X-RateLimit-Reset) headers, so
    a run waits for the next window instead of running into C(429) answers.
  - All modules in this collection are in the C(mailtrap.general.mailtrap) action group, so
    the connection options can be set once with C(module_defaults).
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: Can run in check mode and return changed status prediction without modifying the account; only C(GET) requests are sent.
  diff_mode:
    support: full
    description: Returns details on what has changed (or would change in check mode), with secrets blanked.
  idempotent:
    support: full
    description: A second run with the same arguments reports no change.
  action_group:
    description: Use C(group/mailtrap.general.mailtrap) in C(module_defaults) to set the connection options once for every module.
    support: full
    membership:
      - mailtrap.general.mailtrap
"""

    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: Read-only; runs the same in check mode.
  diff_mode:
    support: N/A
    description: Read-only; there is nothing to diff.
  idempotent:
    support: full
    description: Read-only; never changes anything.
  action_group:
    description: Use C(group/mailtrap.general.mailtrap) in C(module_defaults) to set the connection options once for every module.
    support: full
    membership:
      - mailtrap.general.mailtrap
"""
