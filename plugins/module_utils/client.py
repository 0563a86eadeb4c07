# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client every mailtrap.general module talks to Mailtrap through.

It owns everything that is about the wire: authentication, the account-scoped base URL,
one keep-alive connection per module invocation, retries (bounded by a total time budget,
taught Mailtrap's rate-limit headers), proactive pacing on ``X-RateLimit-Remaining``,
recovery of POSTs whose answer was lost, check mode for writes, and one error message
shape for every failure.

The transport is the standard library's ``http.client``: importing ``requests`` costs a
module invocation more than everything else it does on a converged run (about 0.15-0.2 s
of a 0.5 s task on a 2-core machine), and this client needs none of what it adds beyond
keep-alive, TLS and proxies, which are done here in a few lines.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import json
import os
import random
import re
import select
import socket
import ssl
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode, urlsplit

from ansible.module_utils.errors import AnsibleFallbackNotFound

USER_AGENT = "mailtrap.general-ansible/1.0.0"
DEFAULT_API_URL = "https://mailtrap.io"
RETRY_STATUSES = frozenset((429, 502, 503, 504))
WRITE_METHODS = frozenset(("POST", "PUT", "PATCH", "DELETE"))
SECRET_MASK = "********"


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
    api_token=dict(type="str", no_log=True, required=True, fallback=(set_env_fallback, ["MAILTRAP_API_TOKEN"])),
    account_id=dict(type="int", fallback=(set_env_fallback, ["MAILTRAP_ACCOUNT_ID"])),
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(set_env_fallback, ["MAILTRAP_API_URL"])),
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


class _Retries:
    """When to try a request again, and how long to wait first; bounded by a deadline.

    * 429 is retried for every method: the limiter answers before anything is done.
    * 502/503/504 and lost answers are retried for idempotent methods only; a POST whose
      outcome is unknown goes back to the client, which re-reads before it re-sends.
    * A connection that could not be made (nothing was sent) is retried for every method.
    Waits honour ``Retry-After`` and, on 429, ``X-RateLimit-Reset``; otherwise they back off
    exponentially (0.5 s doubling, at most 10 s) with equal jitter.
    """

    BUDGET = {"connect": 10, "read": 10, "status": 50}
    BACKOFF_FACTOR = 0.5
    BACKOFF_MAX = 10.0

    def __init__(self, deadline):
        self.deadline = deadline
        self.used = {"connect": 0, "read": 0, "status": 0}
        self.consecutive = 0

    @staticmethod
    def status_retryable(method, status):
        if status == 429:
            return True
        return method != "POST" and status in RETRY_STATUSES

    def allow(self, kind):
        """Count one more retry of ``kind``; False when its budget or the time is used up."""
        if time.monotonic() >= self.deadline or self.used[kind] >= self.BUDGET[kind]:
            return False
        self.used[kind] += 1
        self.consecutive += 1
        return True

    def backoff(self):
        if self.consecutive <= 1:
            return 0.0
        base = min(self.BACKOFF_MAX, self.BACKOFF_FACTOR * (2 ** (self.consecutive - 1)))
        # Equal jitter: keeps a floor so retries do not hammer, spreads parallel runs apart.
        return base / 2.0 + random.uniform(0, base / 2.0)

    def sleep(self, headers=None, status=None):
        wait = None
        if headers is not None:
            wait = _retry_after(headers)
            if wait is None and status == 429:
                wait = _reset_seconds(headers)
        if wait is None:
            wait = self.backoff()
        wait = min(wait, max(0.0, self.deadline - time.monotonic()))
        if wait > 0:
            time.sleep(wait)


class _ConnectFailed(Exception):
    """The connection could not be made: nothing was sent."""


class _AnswerLost(Exception):
    """The request went out (or may have) but no complete answer came back."""


class _Connection:
    """One keep-alive HTTP(S) connection to the API's host, through a proxy if the environment names one."""

    def __init__(self, api_url, timeout, validate_certs):
        parts = urlsplit(api_url)
        self.scheme = (parts.scheme or "https").lower()
        self.host = parts.hostname or ""
        self.port = parts.port or (443 if self.scheme == "https" else 80)
        self.prefix = parts.path.rstrip("/")
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.proxy = _proxy_for(self.scheme, self.host)
        self._conn = None

    def _context(self):
        context = ssl.create_default_context()
        if not self.validate_certs:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _open(self):
        host_header = self.host if ":" not in self.host else "[%s]" % self.host
        if self.proxy:
            proxy_host, proxy_port, proxy_headers = self.proxy
            if self.scheme == "https":
                conn = http.client.HTTPSConnection(proxy_host, proxy_port, timeout=self.timeout, context=self._context())
                conn.set_tunnel(self.host, self.port, headers=proxy_headers)
            else:
                conn = http.client.HTTPConnection(proxy_host, proxy_port, timeout=self.timeout)
        elif self.scheme == "https":
            conn = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout, context=self._context())
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.connect()
        except ssl.SSLError:
            conn.close()
            raise
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise _ConnectFailed(exc)
        if conn.sock is not None:
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._host_header = host_header
        return conn

    def _dropped(self):
        """True when the kept-alive connection was closed by the server while idle."""
        sock = self._conn.sock if self._conn is not None else None
        if sock is None:
            return True
        try:
            readable, _w, _x = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)  # an idle connection only becomes readable at EOF

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method, path, body, headers):
        """Send one request; returns (status, reason, headers, text).

        Raises _ConnectFailed (nothing sent), _AnswerLost (maybe processed), ssl.SSLError.
        """
        if self._conn is not None and self._dropped():
            self.close()
        if self._conn is None:
            self._conn = self._open()
        target = self.prefix + path
        if self.proxy and self.scheme == "http":
            target = "http://%s:%s%s" % (self._host_header, self.port, target)
        try:
            self._conn.request(method, target, body=body, headers=headers)
            response = self._conn.getresponse()
            data = response.read()
        except ssl.SSLError:
            self.close()
            raise
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise _AnswerLost(exc)
        if response.will_close:
            self.close()
        charset = response.headers.get_content_charset() or "utf-8"
        return response.status, response.reason, response.headers, data.decode(charset, "replace")


def _proxy_for(scheme, host):
    """(host, port, tunnel headers) of the proxy the environment names for ``scheme``, or None."""
    names = ("%s_proxy" % scheme, "%s_PROXY" % scheme.upper(), "all_proxy", "ALL_PROXY")
    if not any(os.environ.get(n) for n in names):
        return None
    import urllib.request  # only when a proxy is configured: it is not free to import
    import base64

    proxies = urllib.request.getproxies()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or urllib.request.proxy_bypass(host):
        return None
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    headers = {}
    if parts.username:
        credentials = "%s:%s" % (parts.username, parts.password or "")
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    return parts.hostname, parts.port or 8080, headers


def _retry_after(headers):
    """Seconds the server asks to wait (Retry-After as seconds or an HTTP date), or None."""
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


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
        self.validate_certs = validate_certs
        self._headers = {
            "Api-Token": api_token,
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        self._connection = None  # one keep-alive connection, opened on the first request

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

    # Stand-ins until the wire layer lands (branch wire provides the real ones).
    dialect = "overview"

    @property
    def token_last4(self):
        return self._token[-4:]

    def scrub(self, text):
        return self._scrub(text)

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

    def _connect(self):
        if self._connection is None:
            parts = urlsplit(self.api_url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise MailtrapError("api_url %r is not an http:// or https:// URL; check api_url / MAILTRAP_API_URL."
                                    % self.api_url)
            self._connection = _Connection(self.api_url, self.timeout, self.validate_certs)
        return self._connection

    def request(self, method, relative, body=None, params=None, recover=None, scoped=True, idempotent=False):
        path = self.path(relative) if scoped else relative
        # Retry decisions follow what repeating the request would do, not its verb.
        creates = method == "POST" and not idempotent
        retry_as = "PUT" if method == "POST" and idempotent else method
        target = path + ("?" + urlencode(params, doseq=True) if params else "")
        headers = dict(self._headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        connection = self._connect()
        deadline = time.monotonic() + self.max_retry_time
        retries = _Retries(deadline)
        retried = False
        while True:
            self._pace()
            self.request_count += 1
            try:
                status, reason, answer_headers, text = connection.request(method, target, data, headers)
            except ssl.SSLError as exc:
                raise self._transport_error(method, path, exc, "Check validate_certs and the server certificate.")
            except _ConnectFailed as exc:
                cause = exc.args[0]
                if retries.allow("connect"):  # nothing was sent: safe for every method
                    retries.sleep()
                    retried = True
                    continue
                raise self._transport_error(method, path, cause, self._timeout_hint(cause))
            except _AnswerLost as exc:
                cause = exc.args[0]
                if creates:
                    if recover is not None and time.monotonic() < deadline:
                        # The answer was lost; the write may or may not have been committed.
                        existing = recover()
                        if existing is not None:
                            return existing
                        retried = True
                        continue
                elif retries.allow("read"):
                    retries.sleep()
                    retried = True
                    continue
                raise self._transport_error(method, path, cause, self._timeout_hint(cause))
            except ValueError as exc:
                raise MailtrapAPIError("Mailtrap API %s %s could not be sent: %s. Check api_url." % (
                    method, path, self._scrub(str(exc))), method=method, path=path)
            self._note_rate_limit(answer_headers)
            if retries.status_retryable(retry_as, status) and retries.allow("status"):
                retries.sleep(answer_headers, status)
                retried = True
                continue
            if method == "DELETE" and status == 404 and retried:
                # The first DELETE went through but its answer was lost; the object is gone.
                return None
            if (creates and recover is not None and status in RETRY_STATUSES
                    and time.monotonic() < deadline):
                # A gateway error on a create: the write may have been committed behind it.
                # Read back before sending it again, never re-send blindly.
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())) * random.uniform(0.5, 1.0))
                existing = recover()
                if existing is not None:
                    return existing
                retried = True
                continue
            return self._decode(method, path, status, reason, text)

    @staticmethod
    def _timed_out(exc):
        return isinstance(exc, (socket.timeout, TimeoutError)) or "timed out" in str(exc)

    def _timeout_hint(self, exc):
        if self._timed_out(exc):
            return "The server did not answer within timeout=%s seconds; raise timeout or retry later." % self.timeout
        return "Check api_url, the network path to it, and that the service is up."

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

    def _note_rate_limit(self, headers):
        remaining = headers.get("X-RateLimit-Remaining")
        if remaining is None:
            return
        try:
            remaining = int(float(remaining))
        except ValueError:
            return
        if remaining <= 0:
            reset = _reset_seconds(headers)
            if reset is not None:
                self._paced_until = time.monotonic() + reset

    def _decode(self, method, path, status, reason, text):
        text = text or ""
        body = None
        if text.strip():
            try:
                body = json.loads(text)
            except ValueError:
                body = None
        if 200 <= status < 300:
            if body is None and text.strip():
                raise MailtrapAPIError(
                    "Mailtrap API %s %s answered %s with a body that is not JSON: %r. "
                    "Check api_url points at the Mailtrap API." % (method, path, status, self._scrub(text[:80])),
                    status=status, method=method, path=path,
                )
            return body
        message = self._scrub(api_message(body, text if body is None else ""))
        reason = reason or ""
        text = "Mailtrap API %s %s answered %s %s" % (method, path, status, reason)
        if message:
            text += ": %s" % message
        hint = _HINTS.get(status)
        if status == 403 and "ip address" in message.lower():
            hint = ("This machine's address is not covered by the account's IP allow-list "
                    "(mailtrap_security ip_whitelist). Run from an allowed address, or have an owner "
                    "widen or clear the list from one.")
        if hint is None and status >= 500:
            hint = "The service failed; retries ran out after max_retry_time=%s seconds. Try again later." % self.max_retry_time
        if hint:
            text += ". " + hint
        raise MailtrapAPIError(text, status=status, method=method, path=path, body=body)
