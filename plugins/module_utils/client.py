# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account-scoped client every mailtrap.general module talks to Mailtrap through.

It holds the connection options, the account (given or discovered), the API dialect, check
mode for writes, rate-limit pacing and the secrets to blank. Sending once is
``transport.py``; when to send again is ``retries.py``; what a failure says is ``errors.py``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import socket
import time
from urllib.parse import urlencode

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.mailtrap.general.plugins.module_utils import errors, retries, transport
from ansible_collections.mailtrap.general.plugins.module_utils.errors import (
    RETRY_STATUSES,
    SECRET_MASK,
    DialectChanged,
    MailtrapAPIError,
    MailtrapError,
    api_message,
)

# What the layer above imports from here (the error names live in errors.py).
__all__ = [
    "CONNECTION_ARGUMENT_SPEC", "DEFAULT_API_URL", "DIALECTS", "DialectChanged", "MailtrapAPIError", "MailtrapClient", "MailtrapError",
    "RETRY_STATUSES", "SECRET_MASK", "api_message", "set_env_fallback",
]

USER_AGENT = "mailtrap.general-ansible/1.0.0"
DEFAULT_API_URL = "https://mailtrap.io"
WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
DIALECTS = ("live", "overview")
DIALECT_HEADER = "X-Mailtrap-Api-Dialect"


def set_env_fallback(*names):
    """Like Ansible's env_fallback, but an empty variable counts as unset.

    AWX injects every credential field, and an empty field arrives as an empty string.
    """
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


CONNECTION_ARGUMENT_SPEC = dict(
    # Not required by the spec: the usual source is the environment, and a missing token gets
    # the client's own message naming both places to set it.
    api_token=dict(type="str", no_log=True, fallback=(set_env_fallback, ["MAILTRAP_API_TOKEN"])),
    account_id=dict(type="int", fallback=(set_env_fallback, ["MAILTRAP_ACCOUNT_ID"])),
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(set_env_fallback, ["MAILTRAP_API_URL"])),
    api_dialect=dict(type="str", default="auto", choices=["auto", "live", "overview"],
                     fallback=(set_env_fallback, ["MAILTRAP_API_DIALECT"])),
    validate_certs=dict(type="bool", default=True),
    ca_path=dict(type="path", fallback=(set_env_fallback, ["MAILTRAP_CA_PATH"])),
    timeout=dict(type="float", default=30.0),
    max_retry_time=dict(type="float", default=120.0),
)


def live_host(host):
    """The public service: mailtrap.io and its subdomains speak the live dialect."""
    host = (host or "").lower().rstrip(".")
    return host == "mailtrap.io" or host.endswith(".mailtrap.io")


def clean_token(api_token):
    """The token as it is sent: a newline from a file or a YAML block scalar removed."""
    token = (api_token or "").strip() if isinstance(api_token, str) or api_token is None else str(api_token)
    if not token:
        raise MailtrapError("api_token is not set: give the api_token option or set MAILTRAP_API_TOKEN.")
    if any(ord(c) < 33 or ord(c) == 127 for c in token):
        raise MailtrapError("api_token contains spaces or control characters; check api_token / MAILTRAP_API_TOKEN.")
    return token


def _check_numbers(timeout, max_retry_time):
    if timeout is None or timeout <= 0:
        raise MailtrapError("timeout must be a number of seconds above 0, not %r." % (timeout,))
    if max_retry_time is None or max_retry_time < 0:
        raise MailtrapError("max_retry_time must be a number of seconds, 0 or more, not %r." % (max_retry_time,))


class MailtrapClient:
    """Talks to ``{api_url}/api/accounts/{account_id}`` for one module invocation."""

    def __init__(self, api_token, api_url=DEFAULT_API_URL, account_id=None, validate_certs=True,
                 timeout=30.0, max_retry_time=120.0, check_mode=False, api_dialect="auto", ca_path=None):
        self._token = clean_token(api_token)
        self.scrub = errors.Scrubber([self._token])
        # Everything about the connection is checked here, before any request.
        self.endpoint = transport.parse_api_url(api_url or DEFAULT_API_URL)
        _check_numbers(timeout, max_retry_time)
        if (api_dialect or "auto") not in ("auto",) + DIALECTS:
            raise MailtrapError("api_dialect must be one of auto, live, overview, not %r." % (api_dialect,))
        self.api_dialect = api_dialect or "auto"
        self.api_url = self.endpoint.display
        self._account_id = account_id
        self.timeout = timeout
        self.max_retry_time = max_retry_time
        self.check_mode = check_mode
        self.validate_certs = validate_certs
        self.proxy = transport.proxy_for(self.endpoint.scheme, self.endpoint.host)
        https = self.endpoint.scheme == "https"
        # ca_path is checked over http:// too, so a typo is refused before any request, not
        # found later when the URL becomes https://; only https:// uses the context.
        context = transport.tls_context(validate_certs, ca_path) if https or ca_path else None
        self._connection = transport.Connection(self.endpoint, timeout, context if https else None, self.proxy)
        self._paced_until = 0.0
        self._announced = None  # the dialect the server named in its answers' header
        self._assumed = None  # the dialect assumed (auto) before any answer named one
        self._accounts = None  # {id: name} of GET /api/accounts, once read
        self._outer = None  # the Attempts of the create whose read-back is running
        self._headers = {"Api-Token": self._token, "Accept": "application/json", "User-Agent": USER_AGENT}

    @classmethod
    def from_params(cls, params, check_mode=False):
        return cls(
            api_token=params.get("api_token"),
            api_url=params.get("api_url"),
            account_id=params.get("account_id"),
            validate_certs=params.get("validate_certs", True),
            timeout=params.get("timeout", 30.0),
            max_retry_time=params.get("max_retry_time", 120.0),
            check_mode=check_mode,
            api_dialect=params.get("api_dialect") or "auto",
            ca_path=params.get("ca_path"),
        )

    # ------------------------------------------------------------------ token and secrets
    @property
    def token_last4(self):
        """The last 4 characters of the token as it is sent (what the API lists as last_4_digits)."""
        return self._token[-4:]

    @property
    def secrets(self):
        return self.scrub.secrets

    def add_secret(self, value):
        """Remember a value (a created token, say) as a secret to blank from any error text."""
        self.scrub.add(value)

    forget_secret = add_secret  # the old, misleading name; kept until its last caller is gone

    def unexpected_shape(self, method, path, expected, answer):
        """The error for an answer the caller cannot use (see errors.unexpected_shape)."""
        return errors.unexpected_shape(method, path, expected, answer, self.scrub)

    # ------------------------------------------------------------------ account and dialect
    @property
    def account_id(self):
        if self._account_id is None:
            self._account_id = self._discover_account()
        return self._account_id

    def _discover_account(self):
        accounts = self._load_accounts()
        if len(accounts) == 1:
            return accounts[0]["id"]
        if not accounts:
            raise MailtrapError("account_id was not given and the API token reaches no account.")
        listing = ", ".join("%s (%s)" % (a.get("id"), a.get("name")) for a in accounts)
        raise MailtrapError(
            "account_id was not given and the API token reaches %d accounts: %s. "
            "Set account_id or MAILTRAP_ACCOUNT_ID to one of them." % (len(accounts), listing)
        )

    def _load_accounts(self):
        accounts = self.request("GET", "/api/accounts", scoped=False)
        if not isinstance(accounts, list) or not all(isinstance(a, dict) and "id" in a for a in accounts):
            raise self.unexpected_shape("GET", "/api/accounts", "a list of accounts, each with an id", accounts)
        self._accounts = dict((a["id"], a.get("name")) for a in accounts)
        return accounts

    @property
    def dialect(self):
        """"live" or "overview": the API this client speaks (see docs/connection.md).

        With ``auto`` and a host that is not mailtrap.io, nothing is known before the first
        answer: the contract (overview) is assumed, and the first answer's dialect header either
        confirms it or raises DialectChanged, so the caller reads again in the dialect announced.
        No request is spent on finding out.
        """
        known = self._known_dialect()
        if known is None:
            self._assumed = known = "overview"
        return known

    def assume(self, dialect):
        """While ``auto`` is only guessing (no answer has named the dialect yet), guess ``dialect``
        instead; True when the guess was taken. The first answer checks it like any guess."""
        if self._assumed is None:
            return False  # not guessing: the dialect was set, is mailtrap.io's, or an answer named it
        self._assumed = dialect
        return True

    def _known_dialect(self):
        """The dialect if it is known without a request, else None."""
        if self.api_dialect in DIALECTS:
            return self.api_dialect
        if live_host(self.endpoint.host):
            return "live"
        if self._announced is not None:
            return self._announced
        if self._assumed is not None:
            return self._assumed
        return "overview" if self._accounts is not None else None

    def path(self, relative=""):
        relative = relative.lstrip("/")
        base = "/api/accounts/%s" % self.account_id
        return base + ("/" + relative if relative else "")

    # ------------------------------------------------------------------ verbs
    def get(self, relative, params=None):
        return self.request("GET", relative, params=params)

    def post(self, relative, body=None, recover=None, idempotent=False):
        """Create. ``recover`` re-reads the server after a lost answer and returns the
        object if the POST took effect (or None), so that a POST is never blindly re-sent.

        ``idempotent`` marks a POST that sets state rather than creating something (share a
        template, configure SSO): sending it twice is harmless, so it is retried like a PUT.
        """
        return self._write("POST", relative, body, recover, idempotent)

    def put(self, relative, body=None):
        return self._write("PUT", relative, body)

    def patch(self, relative, body=None):
        return self._write("PATCH", relative, body)

    def delete(self, relative, body=None):
        return self._write("DELETE", relative, body)

    def _write(self, method, relative, body, recover=None, idempotent=False):
        # Check mode stops here, for every module, so no module can forget it.
        if self.check_mode:
            return None
        return self.request(method, relative, body=body, recover=recover, idempotent=idempotent)

    # ------------------------------------------------------------------ one request
    def request(self, method, relative, body=None, params=None, recover=None, scoped=True, idempotent=False):
        path = self.path(relative) if scoped else relative
        call = self._call(method, path, body, params, idempotent)
        attempts = retries.Attempts(self.max_retry_time, self._outer.deadline if self._outer else None)
        if recover is not None and call.creates:
            call.recover = lambda: self._read_back(attempts, recover)
        try:
            result = retries.send_with_retries(self._send, call, attempts, self._pace)
        except transport.TLSFailed as exc:
            raise self._tls_error(call, exc.args[0])
        except transport.Unsendable as exc:
            raise MailtrapAPIError(self.scrub("Mailtrap API %s %s could not be sent: %s. Check api_url." % (
                method, path, exc.args[0])), method=method, path=path)
        except (transport.ConnectFailed, transport.AnswerLost) as exc:
            raise self._transport_error(call, exc, attempts)
        if isinstance(result, retries.Recovered):
            return result.value
        self._check_assumption(call, result.status)
        if method == "DELETE" and result.status == 404 and attempts.retries:
            return None  # the first DELETE went through but its answer was lost: the object is gone
        return self._decode(call, result, attempts)

    def _check_assumption(self, call, status):
        """After the first answer of an ``auto`` run: was the assumed dialect the right one?

        Only a success or a 404 is worth reading again in the other dialect. A refusal such as
        429, 401 or 403 would be the same answer there, so it is reported as it is (the dialect is
        still corrected for the calls that follow): sending it again would spend the rate limit
        and the time budget on an answer already known.
        """
        assumed, self._assumed = self._assumed, None
        if status >= 400 and status != 404:
            return
        if assumed is not None and self._announced is not None and self._announced != assumed:
            raise DialectChanged("the server at %s speaks api_dialect=%s, not %s (it says so in its %s header); "
                                 "%s %s was read in the wrong dialect" % (
                                     self.api_url, self._announced, assumed, DIALECT_HEADER, call.method, call.path))

    def _call(self, method, path, body, params, idempotent):
        target = path + ("?" + urlencode(params, doseq=True) if params else "")
        headers = dict(self._headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        return retries.Call(method, path, target, data, headers, creates=(method == "POST" and not idempotent))

    def _read_back(self, attempts, recover):
        # The read-back's own requests spend what is left of the create's budget.
        outer, self._outer = self._outer, attempts
        try:
            return recover()
        finally:
            self._outer = outer

    def _send(self, call):
        answer = self._connection.send(call.method, call.target, call.data, call.headers)
        self._note_answer(answer.headers)
        return answer

    def _pace(self, attempts, call):
        # Pacing is paid from the same deadline as the retries of this request. A window that
        # resets after the deadline is reported now: sending at the deadline would only be refused.
        wait = self._paced_until - time.monotonic()
        if wait > attempts.remaining():
            raise MailtrapAPIError(self.scrub(
                "Mailtrap API %s %s was not sent: it would be refused (429) until the rate limit's window resets in %.0f s, more than the %.1f s "
                "left of max_retry_time=%s. Raise max_retry_time or run fewer tasks against this account at once."
                % (call.method, call.path, wait, attempts.remaining(), self.max_retry_time)),
                status=429, method=call.method, path=call.path)
        if wait > 0:
            attempts.wait(wait)

    def _note_answer(self, headers):
        announced = (headers.get(DIALECT_HEADER) or "").strip().lower()
        if announced in DIALECTS:
            self._announced = announced
        remaining = headers.get("X-RateLimit-Remaining")
        if remaining is None:
            return
        try:
            remaining = int(float(remaining))
        except ValueError:
            return
        reset = retries.reset_seconds(headers) if remaining <= 0 else None
        if reset is not None:
            self._paced_until = time.monotonic() + reset

    # ------------------------------------------------------------------ answers and failures
    def _decode(self, call, answer, attempts):
        text = answer.text or ""
        body = None
        if text.strip():
            try:
                body = json.loads(text)
            except ValueError:
                body = None
        if 200 <= answer.status < 300:
            if body is None and text.strip():
                raise MailtrapAPIError(self.scrub(
                    "Mailtrap API %s %s answered %s with a body that is not JSON: %r. Check api_url points at the "
                    "Mailtrap API." % (call.method, call.path, answer.status, text[:80])),
                    status=answer.status, method=call.method, path=call.path)
            return body
        situation = self._situation(call, attempts, answer.status)
        raise errors.status_error(situation, answer.status, answer.reason, body, text, self.scrub)

    def _situation(self, call, attempts, status):
        if (status == 404 and self._accounts is None and self._outer is None and errors.is_collection(call.path)
                and call.path != "/api/accounts"):
            # A list that is not found: either the account or the endpoint is missing. One
            # read of the accounts (only on this failure) tells which.
            try:
                self._load_accounts()
            except MailtrapError:
                pass
        return errors.Situation(
            call.method, call.path, self.api_url, self.max_retry_time, dialect=self._known_dialect(),
            account_id=self._account_id, accounts=self._accounts, attempts=attempts, creates=call.creates,
            recoverable=call.recover is not None)

    def _tls_error(self, call, exc):
        reason = getattr(exc, "verify_message", None) or getattr(exc, "reason", None) or exc.__class__.__name__
        return MailtrapAPIError(self.scrub(
            "Mailtrap API %s %s failed: TLS error talking to %s (%s). Check validate_certs, ca_path and the "
            "server certificate." % (call.method, call.path, self.api_url, reason)), method=call.method, path=call.path)

    def _transport_error(self, call, exc, attempts):
        cause = exc.args[0] if exc.args else exc
        timed_out = isinstance(cause, (socket.timeout, TimeoutError)) or "timed out" in str(cause)
        reason = "timed out" if timed_out else "connection failed (%s)" % cause.__class__.__name__
        if self.proxy is not None and isinstance(exc, transport.ConnectFailed):
            where = "through the proxy %s: %s" % (self.proxy.display, cause)
            hint = "Check that the proxy is up and reachable, and HTTPS_PROXY / HTTP_PROXY / NO_PROXY."
        else:
            where = "no answer from %s" % self.api_url
            hint = "Check api_url, the network path to it, and that the service is up."
        if timed_out:
            hint = "The server did not answer within timeout=%s seconds; raise timeout or retry later." % self.timeout
        unresolved = getattr(exc, "unresolved", None)
        if unresolved is not None:
            reason = "cannot resolve host %s%s (%s)" % ("of the proxy " if self.proxy is not None else "", unresolved, cause)
            where = "no request was sent"
            hint = "Check the host name in %s and this machine's DNS." % (
                "HTTPS_PROXY / HTTP_PROXY" if self.proxy is not None else "api_url")
        text = "Mailtrap API %s %s failed: %s, %s; %s. %s" % (
            call.method, call.path, reason, where, attempts.describe(), hint)
        if call.method in WRITE_METHODS and unresolved is None:
            text += " The change may or may not have been applied; re-run the task to converge."
        return MailtrapAPIError(self.scrub(text), method=call.method, path=call.path)
