# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Error types and every message the wire gives a user: hints, scopes, scrubbing of secrets.

All text that leaves the client passes through a ``Scrubber``, so that neither the token, a
secret the run created, nor credentials written into a URL can reach Ansible's output.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

SECRET_MASK = "********"
RETRY_STATUSES = frozenset((429, 502, 503, 504))

# user:password@ inside any URL (api_url, a proxy, a link in an answer).
_URL_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@")
# Keys whose values are secrets wherever they appear in an answer.
# Projects list their sandboxes' SMTP credentials and share links: secrets too.
_SECRET_KEYS = re.compile(r"(?i)(^|_)(token|password|secret|api_key|private_key|username|share_link)s?$")


class MailtrapError(Exception):
    """A failure the module reports as-is: the message is already written for the user."""


class MailtrapAPIError(MailtrapError):
    def __init__(self, message, status=None, method=None, path=None, body=None):
        super(MailtrapAPIError, self).__init__(message)
        self.status = status
        self.method = method
        self.path = path
        self.body = body


class DialectChanged(MailtrapError):
    """The first answer of an ``api_dialect: auto`` run named another dialect than the one assumed:
    what was read must be read again in the dialect announced (nothing was written)."""


class Scrubber:
    """Remembers the secrets of one run and blanks them, and URL credentials, from text."""

    def __init__(self, secrets=()):
        self.secrets = set(s for s in secrets if s)

    def add(self, value):
        if value:
            self.secrets.add(value)

    def __call__(self, text):
        text = _URL_CREDENTIALS.sub(r"\1%s@" % SECRET_MASK, str(text))
        # Longest first, so that a secret containing another is blanked whole.
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, SECRET_MASK)
        return text


def without_credentials(url):
    """A URL as it may be shown: any user:password@ part masked."""
    return _URL_CREDENTIALS.sub(r"\1%s@" % SECRET_MASK, url)


def api_message(body, text=""):
    """Extract the API's own message from any of Mailtrap's error shapes."""
    if isinstance(body, dict):
        for key in ("errors", "error", "message"):
            value = body.get(key)
            if isinstance(value, dict):
                return "; ".join("%s: %s" % (field, ", ".join(str(m) for m in _as_list(value[field])))
                                 for field in sorted(value))
            if isinstance(value, list) and value:
                return "; ".join(str(v) for v in value)
            if value:
                return str(value)
    if text:
        # An HTML error page from a proxy: keep the words, drop the markup.
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()[:200]
    return ""


def _as_list(value):
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------- scopes
# Which overview scope a call needs (general-api-overview.md "Permission Scopes", and the
# "Token scopes needed" lines of the modules). Paths are relative to /api/accounts/{id}.
_ID = r"/\d+"
SCOPES = [(method, re.compile("^" + pattern + "/?$"), scope) for method, pattern, scope in (
    ("GET", r"", "account:read"),
    ("PATCH", r"", "account:update"),
    ("GET", r"/users(%s)?" % _ID, "users:read"),
    ("POST", r"/users", "users:create"),
    ("PATCH", r"/users%s" % _ID, "users:update"),
    ("GET", r"/account_accesses", "users:read"),
    ("DELETE", r"/account_accesses%s" % _ID, "users:delete"),
    ("GET", r"/api_tokens(%s)?" % _ID, "account:read"),
    ("POST", r"/api_tokens(%s/reset)?" % _ID, "account:update"),
    ("DELETE", r"/api_tokens%s" % _ID, "account:update"),
    ("GET", r"/billing(/usage|/invoices)?", "billing:read"),
    ("GET", r"/(notifications|security|sso|audit_logs)", "account:read"),
    ("PUT", r"/(notifications|security)", "account:update"),
    ("POST", r"/sso", "account:update"),
    ("DELETE", r"/sso", "account:update"),
    ("GET", r"/projects(%s)?" % _ID, "projects:read"),
    ("POST", r"/projects", "projects:create"),
    ("PATCH", r"/projects%s" % _ID, "projects:update"),
    ("DELETE", r"/projects%s" % _ID, "projects:delete"),
    ("GET", r"/templates(%s)?" % _ID, "templates:read"),
    ("POST", r"/templates", "templates:create"),
    ("POST", r"/templates%s/share" % _ID, "templates:update"),
    ("DELETE", r"/templates%s/share" % _ID, "templates:update"),
)]
_ACCOUNT_PREFIX = re.compile(r"^/api/accounts/[^/?]+")

# Which access level on which resource a call needs in the live API (the published spec: "account
# admin/owner permissions for this endpoint to work" on account accesses; tokens are created with
# at most the creator's own rights; projects list "to which the API token has access"). Levels are
# those of the spec: owner 1000, admin 100, viewer 10.
_ADMIN_ACCOUNT = "admin (100) on the account"
LIVE_ACCESS = [(method, re.compile("^" + pattern + "/?$"), needs) for method, pattern, needs in (
    ("GET", r"/account_accesses", _ADMIN_ACCOUNT),
    ("DELETE", r"/account_accesses%s" % _ID, _ADMIN_ACCOUNT),
    ("PUT", r"/account_accesses%s/permissions/bulk" % _ID, _ADMIN_ACCOUNT + ", and at least each level it grants on that resource"),
    ("GET", r"/permissions/resources", "admin (100) on the resources to list (only those are listed)"),
    ("GET", r"/api_tokens(%s)?" % _ID, "viewer (10) on the account"),
    ("POST", r"/api_tokens", _ADMIN_ACCOUNT + ", and at least each level the new token is given on its resources"),
    ("DELETE", r"/api_tokens%s" % _ID, _ADMIN_ACCOUNT),
    ("POST", r"/api_tokens%s/reset" % _ID, _ADMIN_ACCOUNT),
    ("GET", r"/billing/usage", "viewer (10) on billing (or the account)"),
    ("GET", r"/projects(%s)?" % _ID, "viewer (10) on the project (or the account)"),
    ("POST", r"/projects", _ADMIN_ACCOUNT),
    ("PATCH", r"/projects%s" % _ID, "admin (100) on the project (or the account)"),
    ("DELETE", r"/projects%s" % _ID, "admin (100) on the project (or the account)"),
    ("GET", r"/email_templates(%s)?" % _ID, "viewer (10) on the account"),
    ("POST", r"/email_templates", _ADMIN_ACCOUNT),
    ("PATCH", r"/email_templates%s" % _ID, _ADMIN_ACCOUNT),
    ("DELETE", r"/email_templates%s" % _ID, _ADMIN_ACCOUNT),
)]


def scope_for(method, path, table=None):
    """The overview scope that ``method path`` needs (with ``table=LIVE_ACCESS``: the live access level),
    or None when the table does not know it."""
    match = _ACCOUNT_PREFIX.match(path)
    if not match:
        return None
    relative = path[match.end():].split("?", 1)[0]
    for scope_method, pattern, scope in SCOPES if table is None else table:
        if scope_method == method and pattern.match(relative):
            return scope
    return None


# ---------------------------------------------------------------- HTTP status messages
_HINTS = {
    400: "The request body was rejected as malformed; this is likely a bug in the collection, please report it.",
    401: "The API token is missing, wrong, expired or revoked. Check api_token / MAILTRAP_API_TOKEN.",
    409: "The object changed meanwhile; re-run the task.",
    422: "The API rejected the values sent; see the field errors above.",
}
IP_HINT = ("This machine's address is not covered by the account's IP allow-list (mailtrap_security ip_whitelist). "
           "Run from an allowed address, or have an owner widen or clear the list from one.")


class Situation:
    """What the client knew when a request failed; the facts a hint is built from."""

    def __init__(self, method, path, api_url, max_retry_time, dialect=None, account_id=None,
                 accounts=None, attempts=None, creates=False, recoverable=False):
        self.method = method
        self.path = path
        self.api_url = api_url
        self.max_retry_time = max_retry_time
        self.dialect = dialect  # None when not known without a request
        self.account_id = account_id
        self.accounts = accounts  # {id: name} the token reaches, or None when not read
        self.attempts = attempts
        self.creates = creates
        self.recoverable = recoverable


def status_error(situation, status, reason, body, text, scrub):
    """The MailtrapAPIError for an answer outside 2xx: status, the API's words, what to check."""
    message = scrub(api_message(body, text if body is None else ""))
    words = "Mailtrap API %s %s answered %s %s" % (situation.method, situation.path, status, reason or "")
    words = words.rstrip()
    if message:
        words += ": %s" % message
    hint = status_hint(situation, status, message)
    if hint:
        words += ". " + hint
    return MailtrapAPIError(scrub(words), status=status, method=situation.method, path=situation.path, body=body)


def status_hint(situation, status, message=""):
    if status == 403:
        return IP_HINT if "ip address" in message.lower() else forbidden_hint(situation)
    if status == 404:
        return not_found_hint(situation)
    if status == 429:
        return rate_limit_hint(situation)
    if status >= 500:
        return server_failure_hint(situation, status)
    return _HINTS.get(status)


def forbidden_hint(situation):
    if situation.dialect == "live":
        needs = scope_for(situation.method, situation.path, LIVE_ACCESS)
        return ("The token is valid but not allowed to do this: %sin the live API a token's rights are per resource "
                "(viewer to read, admin to change); check the token's resources and that account_id is an account "
                "it belongs to." % ("this call needs access level %s; " % needs if needs else ""))
    scope = scope_for(situation.method, situation.path)
    needs = ("the %s scope" % scope) if scope else "the scope the call needs (see the module documentation)"
    return ("The token is valid but not allowed to do this: this call needs %s. Check that the token has it, "
            "that its user's role allows it, that account_id is an account the token belongs to, and that the "
            "account's IP allow-list covers this machine." % needs)


def not_found_hint(situation):
    account = situation.account_id
    collection = is_collection(situation.path)
    if situation.accounts is not None and account is not None and account not in situation.accounts:
        reached = ", ".join("%s (%s)" % (i, n) for i, n in sorted(situation.accounts.items())) or "none"
        return ("Account %s was not found: it is not among the accounts this token reaches (%s). "
                "Check account_id / MAILTRAP_ACCOUNT_ID." % (account, reached))
    causes = [] if collection else ["the object no longer exists"]
    if situation.accounts is None:
        causes.append("account %s does not exist or the token does not reach it (check account_id)" % account)
    causes.append("this endpoint does not exist on the server at %s" % situation.api_url)
    hint = "Not found: %s." % "; or ".join(causes)
    if situation.dialect is not None:
        hint += (" The collection spoke api_dialect=%s to it; if the server speaks the other one, set api_dialect "
                 "(live for mailtrap.io, overview for servers of the General API Overview)." % situation.dialect)
    return hint


def rate_limit_hint(situation):
    attempts = situation.attempts
    done = attempts.describe() if attempts is not None else "not retried"
    return ("The rate limit still held: %s. Raise max_retry_time or run fewer tasks in parallel." % done)


def server_failure_hint(situation, status):
    attempts = situation.attempts
    if attempts is not None and attempts.retries:
        done = attempts.describe()
    elif situation.creates and status in RETRY_STATUSES:
        done = ("not retried: a request that creates something is not sent again blindly, as it may have been "
                "created behind the error" + ("; reading back did not find it" if situation.recoverable else ""))
    elif status in RETRY_STATUSES:
        done = "not retried (max_retry_time=%s)" % situation.max_retry_time
    else:
        done = "not retried (only 429, 502, 503 and 504 are)"
    hint = "The service failed; %s. Try again later." % done
    if situation.method != "GET":
        hint += " Re-run the task to converge: it reads before it writes."
    return hint


# ---------------------------------------------------------------- shapes
def unexpected_shape(method, path, expected, answer, scrub=None, got=None):
    """A MailtrapAPIError for an answer the caller cannot use: what it expected, what came back
    (``got``, a description) and an excerpt of it with secrets masked."""
    scrub = scrub or Scrubber()
    shown = scrub(excerpt(answer))
    message = "Mailtrap API %s %s answered with an unexpected shape: expected %s, got %s. Check api_url and api_dialect." % (
        method, path, expected, "%s: %s" % (got, shown) if got else shown)
    return MailtrapAPIError(message, method=method, path=path)


def excerpt(answer, limit=160):
    try:
        text = json.dumps(masked(answer), sort_keys=True, default=str)
    except (TypeError, ValueError):
        text = repr(answer)
    return text if len(text) <= limit else text[:limit] + "..."


def masked(value):
    """A copy of a JSON value with every value under a secret-looking key blanked."""
    if isinstance(value, dict):
        return dict((k, SECRET_MASK if _SECRET_KEYS.search(str(k)) and v else masked(v))
                    for k, v in value.items())
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def is_collection(path):
    """True for a list endpoint (no object id after the account): /api/accounts/1/users."""
    relative = _ACCOUNT_PREFIX.sub("", path.split("?", 1)[0])
    return bool(relative) and not re.search(r"/\d+", relative)
