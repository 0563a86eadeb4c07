# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API tokens: what mailtrap_token, mailtrap_tokens and mailtrap_token_info share.

Times (parsing ``YYYY-MM-DD`` / ISO 8601 into aware UTC datetimes, liveness, days left), the
public view of a token (never the secret), scope normalisation, identity by name, the
"is this the token we are authenticating with" heuristic, the expiry rule for rotation, and
the writes (create, reset, revoke) with recovery of lost answers.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms
from ansible_collections.mailtrap.general.plugins.module_utils import times
from ansible_collections.mailtrap.general.plugins.module_utils.times import parse_time, utc_now
from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.resource import Resource

# Fields of a token a module may show; the secret ("token") is never one of them.
PUBLIC_FIELDS = ("id", "name", "scopes", "expires_at", "last_4_digits", "created_by", "created_at")

# A token that expires this soon is on its way out (for instance the old token of a reset,
# which keeps working for a grace period); it does not count as a duplicate of its name.
FADING = datetime.timedelta(minutes=10)

# Lifetime assumed when rotating an expiring token whose creation time is unknown.
DEFAULT_LIFETIME = datetime.timedelta(days=90)

# ---------------------------------------------------------------------- time


def format_time(moment):
    """Aware datetime → ``2026-01-01T00:00:00Z``: tokens expire on whole seconds."""
    return times.format_time(moment.replace(microsecond=0))


def expiry_of(token):
    """The token's expiry as an aware UTC datetime, or None if it never expires (or is unreadable)."""
    value = (token or {}).get("expires_at")
    if not value:
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None


def is_live(token, now=None):
    expiry = expiry_of(token)
    return expiry is None or expiry > (now or utc_now())


def expires_in_days(token, now=None):
    """Whole days left before the token expires (negative once expired), None if no expiry."""
    expiry = expiry_of(token)
    if expiry is None:
        return None
    seconds = (expiry - (now or utc_now())).total_seconds()
    return int(seconds // 86400)


def expires_within(token, days, now=None):
    expiry = expiry_of(token)
    if expiry is None:
        return False
    return expiry <= (now or utc_now()) + datetime.timedelta(days=days)


# ---------------------------------------------------------------------- values

def public(token):
    """The token without its secret, with only the documented fields."""
    if not token:
        return {}
    return dict((key, token[key]) for key in PUBLIC_FIELDS if key in token)


def normalise_scopes(value):
    """Any accepted spelling of token scopes → sorted ``['scope:op', ...]``.

    Raises permissions.UnknownPermissionError for an unknown scope, operation or name.
    """
    return perms.to_token_scopes(perms.normalise(value))


def same_scopes(have, want):
    try:
        return normalise_scopes(have or []) == normalise_scopes(want or [])
    except perms.UnknownPermissionError:
        # A scope the collection does not know: compare the spelling as it is.
        return sorted(have or []) == sorted(want or [])


def differences(current, scopes=None, expires_at=None):
    """Names of the fields of ``current`` that differ from what the task asks for."""
    fields = []
    if scopes is not None and not same_scopes(current.get("scopes"), scopes):
        fields.append("scopes")
    if expires_at is not None and expiry_of(current) != expires_at:
        fields.append("expires_at")
    return fields


def in_use(token, api_token):
    """Heuristic: is ``token`` the one this run authenticates with?

    The API never returns a token's value, only its last four characters, so two tokens
    that end alike are indistinguishable; this errs on the side of protecting.
    """
    last4 = (token or {}).get("last_4_digits")
    return bool(last4 and api_token and str(api_token)[-4:] == str(last4))


def lifetime_of(token):
    """How long ``token`` was made to live (expires_at - created_at); DEFAULT_LIFETIME if unreadable."""
    expiry = expiry_of(token)
    try:
        lifetime = expiry - parse_time((token or {}).get("created_at")) if expiry else None
    except ValueError:
        lifetime = None
    if lifetime is None or lifetime <= datetime.timedelta(0):
        return DEFAULT_LIFETIME
    return lifetime


def next_expiry(old, wanted=None, now=None):
    """The expiry of the token that replaces expiring token ``old`` on rotation.

    ``wanted`` (the task's expires_at) if it is later than the old expiry; otherwise now plus
    the old token's lifetime (expires_at - created_at; 90 days if that cannot be read), since
    the new token is created now: a 90-day token is followed by another 90-day token however
    early it is rotated, and rotating twice in a row does not stretch the lifetime.
    """
    old_expiry = expiry_of(old)
    if old_expiry is None:
        return wanted
    if wanted is not None and wanted > old_expiry:
        return wanted
    return (now or utc_now()) + lifetime_of(old)


# ---------------------------------------------------------------------- reads

class TokenResource(Resource):
    kind = "API token"
    path = "api_tokens"
    identity_field = "name"
    secret_fields = ("token",)

    def identity(self, value):
        return (value or "").strip()

    def live_named(self, tokens, name, now=None):
        """Live tokens called ``name``, oldest first."""
        now = now or utc_now()
        wanted = self.identity(name)
        return sorted((t for t in tokens if self.identity_of(t) == wanted and is_live(t, now)),
                      key=lambda t: t.get("id") or 0)


def pick(tokens, name, now=None):
    """The token a task named ``name`` manages: the newest live one (highest id).

    Returns ``(token or None, others)`` where ``others`` are the other live tokens of that
    name that do not expire within FADING (duplicates worth a warning).
    """
    now = now or utc_now()
    named = TokenResource().live_named(tokens, name, now)
    if not named:
        return None, []
    chosen = named[-1]
    others = [t for t in named[:-1] if not expires_within(t, FADING.total_seconds() / 86400.0, now)]
    return chosen, others


# ---------------------------------------------------------------------- writes

class TokenWriter:
    """Creates, resets and revokes tokens; marks every new secret for blanking.

    A create whose answer is lost is read back: if it took effect, the new token's secret
    is lost with the answer, so that orphan is revoked and the client sends the create again.
    """

    def __init__(self, client, known_ids=()):
        self.client = client
        self.resource = TokenResource()
        self.known_ids = set(known_ids)

    def _remember(self, token):
        if isinstance(token, dict):
            self.client.forget_secret(token.get("token"))
            if token.get("id") is not None:
                self.known_ids.add(token["id"])
        return token

    def _revoke_orphans(self, name):
        orphans = [t for t in self.resource.list(self.client)
                   if self.resource.identity_of(t) == self.resource.identity(name)
                   and t.get("id") not in self.known_ids]
        for orphan in orphans:
            self.revoke(orphan)
        return orphans

    def create(self, name, scopes, expires_at=None):
        body = {"name": name, "scopes": scopes}
        if expires_at is not None:
            body["expires_at"] = format_time(expires_at)

        def recover():
            self._revoke_orphans(name)
            return None  # let the client send the create again

        return self._remember(self.client.post(self.resource.path, body, recover=recover))

    def reset(self, old):
        """Rotate a token without expiry through the API's reset (new id, old one fades).

        If the answer is lost and the reset took effect, the new secret is lost and the old
        token already fades, so the orphan is revoked and a plain create (same name and
        scopes, no expiry) takes its place.
        """
        def recover():
            if not self._revoke_orphans(old.get("name")):
                return None  # the reset did not happen: send it again
            return self.create(old.get("name"), old.get("scopes"))

        return self._remember(self.client.post("%s/%s/reset" % (self.resource.path, old["id"]), recover=recover))

    def revoke(self, token):
        try:
            self.client.delete(self.resource.object_path(token))
        except MailtrapAPIError as exc:
            if exc.status != 404:  # already gone (e.g. a retried DELETE after a lost answer)
                raise


# ---------------------------------------------------------------------- options, plans
# Shared by mailtrap_token (one token) and mailtrap_tokens (many).

TOKEN_OPTIONS = dict(
    name=dict(type="str", required=True),
    scopes=dict(type="list", elements="str"),
    expires_at=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    recreate=dict(type="str", default="never", choices=["never", "on_change", "always"]),
    rotate=dict(type="bool", default=False),
    rotate_before_days=dict(type="int"),
    force=dict(type="bool", default=False),
)


def check_token(module, params, where=""):
    """Every input of one token checked before any request; returns (name, scopes, expires_at).

    ``where`` prefixes option names in messages (``tokens[3].``) for list entries.
    """
    name = (params.get("name") or "").strip()
    if not name:
        module.fail_input("%sname must not be empty." % where)
    if len(name) > 255:
        module.fail_input("%sname is %d characters long; Mailtrap allows at most 255." % (where, len(name)))
    scopes = None
    if params.get("scopes") is not None:
        if not params["scopes"]:
            module.fail_input("%sscopes is empty; a token needs at least one scope (for example emails:send)." % where)
        try:
            scopes = normalise_scopes(params["scopes"])
        except perms.UnknownPermissionError as exc:
            module.fail_input("%sscopes: %s" % (where, exc))
    expires_at = None
    if params.get("expires_at") is not None:
        try:
            expires_at = parse_time(params["expires_at"])
        except ValueError as exc:
            module.fail_input("%sexpires_at: %s." % (where, exc))
        now = utc_now()
        if expires_at <= now and params.get("state") == "present":
            module.fail_input("%sexpires_at: %s (%s) is not in the future (it is now %s); a token cannot be created "
                              "already expired." % (where, params["expires_at"], format_time(expires_at), format_time(now)))
    if params.get("rotate_before_days") is not None and params["rotate_before_days"] < 0:
        module.fail_input("%srotate_before_days must be 0 or more, got %d." % (where, params["rotate_before_days"]))
    if params.get("state") == "absent" and params.get("rotate"):
        module.fail_input("%srotate: true cannot be combined with state: absent; a revoked token has nothing to rotate." % where)
    return name, scopes, expires_at


class TokenPlan:
    """What to do for one token, decided from the listing alone (no request, no write).

    ``action`` is created, rotated, recreated, deleted, unchanged or absent. ``touches`` are
    the existing tokens the plan revokes or rotates (to check against the token in use),
    ``others`` the duplicates worth a warning, ``drift`` the differing fields not applied.
    """

    def __init__(self, tokens, name, scopes=None, expires_at=None, state="present", recreate="never",
                 rotate=False, rotate_before_days=None, now=None):
        now = now or utc_now()
        self.name = name
        self.before = None
        self.others = []
        self.drift = []
        self.touches = []
        self.new_scopes = scopes
        self.new_expiry = expires_at
        self.use_reset = False
        self.due = False
        if state == "absent":
            doomed = TokenResource().live_named(tokens, name, now)
            self.action = "deleted" if doomed else "absent"
            self.touches = doomed
            self.before = doomed[-1] if doomed else None
            return
        current, self.others = pick(tokens, name, now)
        self.before = current
        if current is None:
            self.action = "created"
            return
        drift = differences(current, scopes, expires_at)
        recreating = recreate == "always" or (bool(drift) and recreate == "on_change")
        self.due = rotate or (rotate_before_days is not None and expires_within(current, rotate_before_days, now))
        self.drift = drift
        if not recreating and not self.due:
            self.action = "unchanged"
            return
        old_expiry = expiry_of(current)
        if recreating:
            self.action = "recreated"
            self.new_scopes = scopes if scopes is not None else current.get("scopes")
            if expires_at is None:
                self.new_expiry = next_expiry(current, now=now) if self.due else old_expiry
            self.drift = []
        else:
            self.action = "rotated"
            self.new_scopes = current.get("scopes")
            self.new_expiry = next_expiry(current, expires_at, now) if old_expiry else None
        self.use_reset = self.action == "rotated" and old_expiry is None
        self.touches = [current]

    @property
    def changed(self):
        return self.action not in ("unchanged", "absent")

    @property
    def verb(self):
        """What the plan does to the tokens it touches, for messages: revoke, rotate or replace."""
        return {"deleted": "revoke", "rotated": "rotate"}.get(self.action, "replace")

    def refusal(self, api_token):
        """Why the plan must not run without force (it touches the token in use), or None.

        The sentence starts after "refusing"; each module adds its own lead-in and ending.
        """
        mine = [t for t in self.touches if in_use(t, api_token)]
        if not mine:
            return None
        return ("to %s API token %r (id %s): it looks like the token this task authenticates with (its last 4 "
                "characters match api_token), so this run and later ones would lose their access. Run the task "
                "with another token, or set force: true" % (self.verb, mine[0].get("name"), mine[0].get("id")))

    def predict(self):
        """The token as check mode says it would be after the plan."""
        if self.action in ("deleted", "absent"):
            return None
        if self.action == "unchanged":
            return self.before
        predicted = dict(name=self.before.get("name") if self.before else self.name,
                         scopes=sorted(self.new_scopes or []),
                         expires_at=format_time(self.new_expiry) if self.new_expiry else None)
        if self.use_reset:
            predicted["created_by"] = self.before.get("created_by")
        return predicted

    def execute(self, writer):
        """Carry the plan out (a no-op write in check mode); returns the token after it, secret included."""
        if self.action == "deleted":
            for token in self.touches:
                writer.revoke(token)  # the client's write verbs stop here in check mode
            return None
        if self.action in ("unchanged", "absent"):
            return self.before
        if writer.client.check_mode:
            return self.predict()
        if self.action == "created":
            return writer.create(self.name, self.new_scopes, self.new_expiry)
        if self.use_reset:
            return writer.reset(self.before)  # the API lets the old token fade after a grace period
        new = writer.create(self.before.get("name"), self.new_scopes, self.new_expiry)
        writer.revoke(self.before)  # only once the new token exists
        return new
