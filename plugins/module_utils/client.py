# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client every mailtrap.general module talks to Mailtrap through.

It owns everything that is about the wire: authentication, the account-scoped base URL,
one keep-alive session per module invocation, retries (through urllib3's own Retry, taught
Mailtrap's rate-limit headers and a total time budget), proactive pacing on
``X-RateLimit-Remaining``, recovery of POSTs whose answer was lost, check mode for writes,
and one error message shape for every failure.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import re
import time

from ansible.module_utils.basic import env_fallback

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the sanity import test
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
    Retry = object


USER_AGENT = "mailtrap.general-ansible/1.0.0"
DEFAULT_API_URL = "https://mailtrap.io"
RETRY_STATUSES = frozenset((429, 502, 503, 504))
WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
SECRET_MASK = "********"

CONNECTION_ARGUMENT_SPEC = dict(
    api_token=dict(type="str", no_log=True, required=True, fallback=(env_fallback, ["MAILTRAP_API_TOKEN"])),
    account_id=dict(type="int", fallback=(env_fallback, ["MAILTRAP_ACCOUNT_ID"])),
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["MAILTRAP_API_URL"])),
    validate_certs=dict(type="bool", default=True),
    timeout=dict(type="float", default=30.0),
    max_retry_time=dict(type="float", default=120.0),
)

# What a failing status usually means, phrased as what to check next.
_HINTS = {
    400: "The request body was rejected as malformed; this is likely a bug in the collection, please report it.",
    401: "The API token is missing, wrong, expired or revoked. Check api_token / MAILTRAP_API_TOKEN.",
    403: (
        "The token is valid but not allowed to do this: check that it has the scope the call needs "
        "(see the module documentation), that its user's role allows it, that account_id is an account "
        "the token belongs to, and that the account's IP allow-list covers this machine."
    ),
    404: "The object or the account was not found: check account_id and that the object still exists.",
    409: "The object changed meanwhile; re-run the task.",
    422: "The API rejected the values sent; see the field errors above.",
    429: "The rate limit was still exceeded when the retry time ran out; raise max_retry_time or run fewer tasks in parallel.",
}


class MailtrapError(Exception):
    """A failure the module reports as-is: the message is already written for the user."""


class MailtrapAPIError(MailtrapError):
    def __init__(self, message, status=None, method=None, path=None, body=None):
        super(MailtrapAPIError, self).__init__(message)
        self.status = status
        self.method = method
        self.path = path
        self.body = body


def api_message(body, text=""):
    """Extract the API's own message from any of Mailtrap's error shapes."""
    if isinstance(body, dict):
        for key in ("errors", "error", "message"):
            value = body.get(key)
            if isinstance(value, dict):
                parts = []
                for field in sorted(value):
                    messages = value[field]
                    if not isinstance(messages, list):
                        messages = [messages]
                    parts.append("%s: %s" % (field, ", ".join(str(m) for m in messages)))
                return "; ".join(parts)
            if isinstance(value, list) and value:
                return "; ".join(str(v) for v in value)
            if value:
                return str(value)
    if text:
        # An HTML error page from a proxy: keep the words, drop the markup.
        stripped = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
        return stripped[:200]
    return ""


class _MailtrapRetry(Retry):
    """urllib3's Retry, bounded by a deadline and aware of Mailtrap's rate-limit headers.

    * 429 is retried for every method: the limiter answers before anything is done.
    * 502/503/504 and lost answers are retried for idempotent methods only; a POST whose
      outcome is unknown goes back to the client, which re-reads before it re-sends.
    """

    def __init__(self, *args, **kwargs):
        self.deadline = kwargs.pop("deadline", None)
        super(_MailtrapRetry, self).__init__(*args, **kwargs)

    def new(self, **kwargs):
        kwargs.setdefault("deadline", self.deadline)
        return super(_MailtrapRetry, self).new(**kwargs)

    def is_retry(self, method, status_code, has_retry_after=False):
        if status_code == 429:
            return True
        if method and method.upper() == "POST":
            return False
        return status_code in RETRY_STATUSES

    def is_exhausted(self):
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return True
        return super(_MailtrapRetry, self).is_exhausted()

    def get_backoff_time(self):
        base = super(_MailtrapRetry, self).get_backoff_time()
        # Equal jitter: keeps a floor so retries do not hammer, spreads parallel runs apart.
        return base / 2.0 + random.uniform(0, base / 2.0)

    def _server_wait(self, response):
        if response is None:
            return None
        wait = self.get_retry_after(response)
        if wait is None and response.status == 429:
            wait = _reset_seconds(response.headers)
        return wait

    def sleep(self, response=None):
        wait = self._server_wait(response)
        if wait is None:
            wait = self.get_backoff_time()
        if self.deadline is not None:
            wait = min(wait, max(0.0, self.deadline - time.monotonic()))
        if wait > 0:
            time.sleep(wait)


def _reset_seconds(headers):
    """Seconds until the rate-limit window resets; accepts a delta or an epoch timestamp."""
    value = headers.get("X-RateLimit-Reset")
    if value is None:
        return None
    try:
        reset = float(value)
    except (TypeError, ValueError):
        return None
    if reset > 1e9:  # an epoch timestamp rather than a delta
        reset = reset - time.time()
    return max(0.0, reset)


class MailtrapClient:
    """Talks to ``{api_url}/api/accounts/{account_id}`` for one module invocation."""

    def __init__(self, api_token, api_url=DEFAULT_API_URL, account_id=None, validate_certs=True,
                 timeout=30.0, max_retry_time=120.0, check_mode=False):
        if not HAS_REQUESTS:
            raise MailtrapError("the Python library 'requests' is required")
        # A token pasted from a YAML block scalar often ends in a newline; an HTTP header
        # cannot carry it, and http.client's error would quote the token.
        api_token = (api_token or "").strip()
        if not api_token or any(ord(c) < 33 or ord(c) == 127 for c in api_token):
            raise MailtrapError("api_token is empty or contains spaces or control characters; check MAILTRAP_API_TOKEN.")
        self._token = api_token
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self._account_id = account_id
        self.timeout = timeout
        self.max_retry_time = max_retry_time
        self.check_mode = check_mode
        self.secrets = set([api_token]) if api_token else set()
        self.request_count = 0
        self._paced_until = 0.0
        self.session = requests.Session()
        self.session.verify = validate_certs
        self.session.headers.update({
            "Api-Token": api_token,
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        })
        # Retries are mounted per request (each gets its own deadline); the adapter only
        # keeps the keep-alive pool.
        self._adapter = HTTPAdapter(pool_connections=1, pool_maxsize=4)
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)

    @classmethod
    def from_params(cls, params, check_mode=False):
        return cls(
            api_token=params["api_token"],
            api_url=params.get("api_url"),
            account_id=params.get("account_id"),
            validate_certs=params.get("validate_certs", True),
            timeout=params.get("timeout", 30.0),
            max_retry_time=params.get("max_retry_time", 120.0),
            check_mode=check_mode,
        )

    # ------------------------------------------------------------------ account
    @property
    def account_id(self):
        if self._account_id is None:
            self._account_id = self._discover_account()
        return self._account_id

    def _discover_account(self):
        accounts = self.request("GET", "/api/accounts", scoped=False) or []
        if len(accounts) == 1:
            return accounts[0]["id"]
        if not accounts:
            raise MailtrapError("account_id was not given and the API token reaches no account.")
        listing = ", ".join("%s (%s)" % (a.get("id"), a.get("name")) for a in accounts)
        raise MailtrapError(
            "account_id was not given and the API token reaches %d accounts: %s. "
            "Set account_id or MAILTRAP_ACCOUNT_ID to one of them." % (len(accounts), listing)
        )

    def path(self, relative=""):
        relative = relative.lstrip("/")
        base = "/api/accounts/%s" % self.account_id
        return base + ("/" + relative if relative else "")

    # ------------------------------------------------------------------ verbs
    def get(self, relative, params=None):
        return self.request("GET", relative, params=params)

    def post(self, relative, body=None, recover=None):
        """Create. ``recover`` re-reads the server after a lost answer and returns the
        object if the POST took effect (or None), so that a POST is never blindly re-sent."""
        return self._write("POST", relative, body, recover)

    def put(self, relative, body=None):
        return self._write("PUT", relative, body)

    def patch(self, relative, body=None):
        return self._write("PATCH", relative, body)

    def delete(self, relative, body=None):
        return self._write("DELETE", relative, body)

    def _write(self, method, relative, body, recover=None):
        # Check mode stops here, for every module, so no module can forget it.
        if self.check_mode:
            return None
        return self.request(method, relative, body=body, recover=recover)

    # ------------------------------------------------------------------ transport
    def forget_secret(self, value):
        """Mark a value (a created token, say) as a secret to blank from any error text."""
        if value:
            self.secrets.add(value)

    def _scrub(self, text):
        for secret in self.secrets:
            if secret and secret in text:
                text = text.replace(secret, SECRET_MASK)
        return text

    def request(self, method, relative, body=None, params=None, recover=None, scoped=True):
        path = self.path(relative) if scoped else relative
        url = self.api_url + path
        deadline = time.monotonic() + self.max_retry_time
        while True:
            self._pace()
            self._adapter.max_retries = _MailtrapRetry(
                total=None, connect=10, read=10, status=50, other=0,
                backoff_factor=0.5, backoff_max=10, raise_on_status=False,
                respect_retry_after_header=True, deadline=deadline,
                allowed_methods=frozenset(("GET", "PUT", "PATCH", "DELETE", "HEAD")),
            )
            self.request_count += 1
            try:
                response = self.session.request(method, url, json=body, params=params, timeout=self.timeout)
            except requests.exceptions.SSLError as exc:
                raise self._transport_error(method, path, exc, "Check validate_certs and the server certificate.")
            except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
                if method == "POST" and recover is not None and time.monotonic() < deadline:
                    # The answer was lost; the write may or may not have been committed.
                    existing = recover()
                    if existing is not None:
                        return existing
                    continue
                raise self._transport_error(method, path, exc, self._timeout_hint(exc))
            except (requests.exceptions.RequestException, ValueError) as exc:
                raise MailtrapAPIError("Mailtrap API %s %s could not be sent: %s. Check api_url." % (
                    method, path, self._scrub(str(exc))), method=method, path=path)
            self._note_rate_limit(response)
            if method == "DELETE" and response.status_code == 404 and self._was_retried(response):
                # The first DELETE went through but its answer was lost; the object is gone.
                return None
            if (method == "POST" and recover is not None and response.status_code in RETRY_STATUSES
                    and time.monotonic() < deadline):
                # A gateway error on a create: the write may have been committed behind it.
                # Read back before sending it again, never re-send blindly.
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())) * random.uniform(0.5, 1.0))
                existing = recover()
                if existing is not None:
                    return existing
                continue
            return self._decode(method, path, response)

    @staticmethod
    def _timed_out(exc):
        # After urllib3's retries a read timeout arrives wrapped in a ConnectionError.
        return isinstance(exc, requests.exceptions.Timeout) or "timed out" in str(exc)

    def _timeout_hint(self, exc):
        if self._timed_out(exc):
            return "The server did not answer within timeout=%s seconds; raise timeout or retry later." % self.timeout
        return "Check api_url, the network path to it, and that the service is up."

    @staticmethod
    def _was_retried(response):
        retries = getattr(response.raw, "retries", None)
        return bool(retries is not None and retries.history)

    def _transport_error(self, method, path, exc, hint):
        reason = "timed out" if self._timed_out(exc) else "connection failed (%s)" % exc.__class__.__name__
        if method in WRITE_METHODS:
            hint += " The change may or may not have been applied; re-run the task to converge."
        return MailtrapAPIError(
            "Mailtrap API %s %s failed: %s, no answer from %s. %s" % (method, path, reason, self.api_url, hint),
            method=method, path=path,
        )

    def _pace(self):
        # Never wait longer than the user's retry budget for a window to reopen.
        wait = min(self._paced_until - time.monotonic(), self.max_retry_time)
        if wait > 0:
            time.sleep(wait)

    def _note_rate_limit(self, response):
        remaining = response.headers.get("X-RateLimit-Remaining")
        if remaining is None:
            return
        try:
            remaining = int(float(remaining))
        except ValueError:
            return
        if remaining <= 0:
            reset = _reset_seconds(response.headers)
            if reset is not None:
                self._paced_until = time.monotonic() + reset

    def _decode(self, method, path, response):
        text = response.text or ""
        body = None
        if text.strip():
            try:
                body = response.json()
            except ValueError:
                body = None
        if 200 <= response.status_code < 300:
            if body is None and text.strip():
                raise MailtrapAPIError(
                    "Mailtrap API %s %s answered %s with a body that is not JSON: %r. "
                    "Check api_url points at the Mailtrap API." % (method, path, response.status_code, self._scrub(text[:80])),
                    status=response.status_code, method=method, path=path,
                )
            return body
        message = self._scrub(api_message(body, text if body is None else ""))
        reason = response.reason or ""
        text = "Mailtrap API %s %s answered %s %s" % (method, path, response.status_code, reason)
        if message:
            text += ": %s" % message
        hint = _HINTS.get(response.status_code)
        if response.status_code == 403 and "ip address" in message.lower():
            hint = ("This machine's address is not covered by the account's IP allow-list "
                    "(mailtrap_security ip_whitelist). Run from an allowed address, or have an owner "
                    "widen or clear the list from one.")
        if hint is None and response.status_code >= 500:
            hint = "The service failed; retries ran out after max_retry_time=%s seconds. Try again later." % self.max_retry_time
        if hint:
            text += ". " + hint
        raise MailtrapAPIError(text, status=response.status_code, method=method, path=path, body=body)
