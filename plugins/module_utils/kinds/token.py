# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API tokens: mailtrap_token (one), mailtrap_tokens (many), mailtrap_token_info (read).

A token cannot be edited in place: a change of rights or expiry means a new token (a new
secret), made before the old one is revoked. Identity is the name, which Mailtrap does not
keep unique; among the live tokens of a name the newest one that is not fading (the old token
of a reset keeps working for a few minutes) is the managed one, so a token just rotated is
recognised by its id and a re-run does not rotate it again.

What the API cannot make atomic: "create a token named X unless one exists" is a read and a
POST, and a rotation is a create and a revoke, so two runs at the same time can both create
one, and a rotation whose revoke failed leaves the old token live. A run reads the tokens once
(no second listing to look for rivals: one GET per task) and each run returns the secret it
created. The next run converges: where several live, non-fading tokens share a managed name it
keeps one, by one rule (``TokenKind.pick``): the newest whose last 4 characters are
``prefer_last_4_digits`` (the token whose secret the caller keeps, the token_rotation role's
secret file), else the newest (highest id); it revokes the others (a write: changed, predicted
in check mode, shown in the diff), except the token in use, which only ``force`` revokes. A lost
answer to a create is never repaired by revoking: the token that appeared may be another run's,
so it is left alone and named in a warning; the next run's rule settles it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import functools

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms
from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import (
    Adapter, InputError, Kind, Refusal, Step, Unsupported, read_only_options)
from ansible_collections.mailtrap.general.plugins.module_utils.runner import Run
from ansible_collections.mailtrap.general.plugins.module_utils.times import format_time, parse_time, utc_now

# The old token of a reset keeps working this long at most; such a token is fading, not a duplicate.
FADING = datetime.timedelta(minutes=10)
# Lifetime assumed when rotating an expiring token whose creation time is unknown (live tokens show none).
DEFAULT_LIFETIME = datetime.timedelta(days=90)
# Day counts beyond a century are a typo, and would overflow a date.
MAX_DAYS = 36500
ACCESS_LEVELS = {"admin": 100, "viewer": 10}
# What a token may be given rights on (the published ResourceType); the tree has more types.
RESOURCE_TYPES = ("account", "project", "sandbox", "domain")
ISSUING = ("created", "rotated", "recreated")

# What mailtrap_token_info returns besides the input (see with_days_left): accepted and ignored.
TOKEN_READ_ONLY = ("id", "created_at", "created_by", "last_4_digits", "days_left")
RESOURCE_READ_ONLY = ("resource_type", "resource_id", "access_level", "access_level_name")
RESOURCE_OPTIONS = dict(
    type=dict(type="str", required=True),
    id=dict(type="raw"),
    name=dict(type="str"),
    access=dict(type="str", required=True),
    **read_only_options(RESOURCE_READ_ONLY)
)
TOKEN_OPTIONS = dict(
    name=dict(type="str", required=True),
    scopes=dict(type="list", elements="str"),
    resources=dict(type="list", elements="dict", options=RESOURCE_OPTIONS),
    expires_at=dict(type="str"),
    expires_in_days=dict(type="int"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    recreate=dict(type="str", default="never", choices=["never", "on_change", "always"]),
    rotate_before_days=dict(type="int"),
    **read_only_options(TOKEN_READ_ONLY)
)
FORCE_OPTIONS = dict(force=dict(type="bool", default=False))
# Rotating now is a single-module option: in a list it would rotate every token on every run.
# ``id`` revokes one token (a superseded one, say); ``prefer_last_4_digits`` names the token whose secret the
# caller keeps, kept when several live tokens share the name. Both single-module only.
SINGLE_OPTIONS = dict(FORCE_OPTIONS, rotate=dict(type="bool", default=False), id=dict(type="int"),
                      prefer_last_4_digits=dict(type="str"), name=dict(type="str"))
SINGLE_REQUIRED_ONE_OF = [("name", "id")]
INFO_OPTIONS = dict(
    name=dict(type="str"),
    expiring_within_days=dict(type="int"),
    include_expired=dict(type="bool", default=False),
)


# ---------------------------------------------------------------------- time

def whole_seconds(moment):
    """Tokens expire on whole seconds: what is sent and what is compared are both cut to the second."""
    return moment.replace(microsecond=0) if moment is not None else None


def stamp(moment):
    return format_time(whole_seconds(moment)) if moment is not None else None


def expiry_of(token):
    """The token's expiry as an aware UTC datetime (whole seconds), or None if it never expires (or is unreadable)."""
    value = (token or {}).get("expires_at")
    try:
        return whole_seconds(parse_time(value)) if value else None
    except (ValueError, OverflowError):
        return None


def is_live(token, now):
    expiry = expiry_of(token)
    return expiry is None or expiry > now


def days_left(token, now):
    """Whole days left before the token expires (negative once expired), None if no expiry."""
    expiry = expiry_of(token)
    return None if expiry is None else int((expiry - now).total_seconds() // 86400)


def expires_within(token, delta, now):
    expiry = expiry_of(token)
    return expiry is not None and expiry <= now + delta


def lifetime_of(token):
    """How long ``token`` was made to live (expires_at - created_at); DEFAULT_LIFETIME if unreadable."""
    expiry = expiry_of(token)
    try:
        lifetime = expiry - parse_time(token.get("created_at")) if expiry and token.get("created_at") else None
    except (ValueError, OverflowError):
        lifetime = None
    return lifetime if lifetime is not None and lifetime > datetime.timedelta(0) else DEFAULT_LIFETIME


def prefix(entry):
    """``tokens[3]: `` for an entry of a list (messages about a whole entry), nothing for a single module."""
    return entry.where.rstrip(".") + ": " if entry.where else ""


def public(token):
    """A token as results, diffs and info show it: the secret is left out, not masked (a run that made it
    returns it once, in ``token`` / ``secrets``)."""
    return dict((k, v) for k, v in token.items() if k not in TokenKind.secret_fields)


# ---------------------------------------------------------------------- checking one entry

def check_days(entry, option, where, least):
    value = entry.get(option)
    if value is not None and not least <= value <= MAX_DAYS:
        raise InputError("%s%s must be between %d and %d, got %d." % (where, option, least, MAX_DAYS, value))
    return value


def check_expiry(entry, where):
    """expires_at (whole seconds, in the future) or expires_in_days; never both."""
    if entry.get("expires_at") is not None and entry.get("expires_in_days") is not None:
        raise InputError("%sexpires_at and expires_in_days are mutually exclusive: give a fixed time or a number "
                         "of days from creation." % where)
    days = check_days(entry, "expires_in_days", where, 1)
    rotate_days = check_days(entry, "rotate_before_days", where, 0)
    if days is not None and rotate_days is not None and days <= rotate_days:
        raise InputError("%sexpires_in_days (%d) must be more than rotate_before_days (%d), or every run would rotate "
                         "the token it has just made." % (where, days, rotate_days))
    if entry.get("expires_at") is None:
        return {} if days is None else {"expires_in_days": days}
    text = entry["expires_at"]
    try:
        moment = whole_seconds(parse_time(text))
    except ValueError as exc:
        raise InputError("%sexpires_at: %s." % (where, exc))
    except OverflowError:
        raise InputError("%sexpires_at: %r is out of the range of dates (it must fall before the year 9999 in UTC)." % (where, text))
    now = utc_now()
    if moment <= now and entry.get("state") != "absent":
        raise InputError("%sexpires_at: %s (%s) is not in the future (it is now %s); a token cannot be created "
                         "already expired." % (where, text, stamp(moment), stamp(now)))
    return {"expires_at": moment}


def check_scopes(value, where):
    if not value:
        raise InputError("%sscopes is empty; a token needs at least one scope (for example emails:send)." % where)
    try:
        return perms.to_token_scopes(perms.normalise(value))
    except perms.UnknownPermissionError as exc:
        raise InputError("%sscopes: %s" % (where, exc))


def check_resource(item, where):
    """One ``{type, id | name, access}`` -> ``{type, id | name, access_level}``; names resolve later."""
    if item.get("type") not in RESOURCE_TYPES:
        raise InputError("%stype: %r is not a type a token can be given rights on (%s)." % (
            where, item.get("type"), ", ".join(RESOURCE_TYPES)))
    if item.get("access") not in ACCESS_LEVELS:
        raise InputError("%saccess: %r is not a token access level; use admin or viewer (owner belongs to the "
                         "account's owner and cannot be given to a token)." % (where, item.get("access")))
    spec = {"type": item["type"], "access_level": ACCESS_LEVELS[item["access"]]}
    if item.get("id") is not None and item.get("name") is not None:
        raise InputError("%sid and name are mutually exclusive: give one to name the %s." % (where, item["type"]))
    if item.get("id") is not None:
        if not str(item["id"]).strip().isdigit():
            raise InputError("%sid: %r is not a resource id (a number)." % (where, item["id"]))
        spec["id"] = int(str(item["id"]).strip())
    elif item.get("name") is not None:
        spec["name"] = item["name"].strip()
    elif item["type"] != "account":
        raise InputError("%sid or name is required for a %s." % (where, item["type"]))
    return spec


def check_resources(value, where):
    if not value:
        raise InputError("%sresources is empty; a token needs at least one (for example {type: account, access: viewer})." % where)
    return [check_resource(item, "%sresources[%d]." % (where, index)) for index, item in enumerate(value)]


def check_name(entry, where):
    name = (entry.get("name") or "").strip()
    if not name:
        raise InputError("%sname must not be empty." % where)
    if len(name) > 255:
        raise InputError("%sname is %d characters long; Mailtrap allows at most 255." % (where, len(name)))
    return name


# ---------------------------------------------------------------------- adapters

class OverviewTokens(Adapter):
    """The General API Overview: tokens carry scopes; a reset takes no body."""

    path = "api_tokens"
    fields = {"id": int, "name": str, "expires_at": str, "last_4_digits": str, "scopes": list}
    grants = "scopes"

    def to_api(self, desired):
        body = {"name": desired["name"], "scopes": desired["scopes"]}
        if desired.get("expires_at") is not None:
            body["expires_at"] = stamp(desired["expires_at"])
        return body

    def comparable(self, grants):
        try:
            return perms.to_token_scopes(perms.normalise(grants or []))
        except perms.UnknownPermissionError:
            # A scope the collection does not know: compare the spelling as it is.
            return sorted(grants or [])

    def issued(self, method, path, answer):
        """A create's or reset's answer: the token, with its secret (check mode: None)."""
        return shapes.optional(answer, method, self.full(path), dict(self.fields, token=str))

    def create(self, desired, recover):
        return self.issued("POST", self.path, self.client.post(self.path, self.to_api(desired), recover=recover))

    def can_reset(self, current, expiry):
        # The overview's reset gives the new token no expiry: only a token without one is reset.
        return expiry_of(current) is None and expiry is None

    def reset_body(self, expiry):
        return None

    def reset(self, current, expiry, recover):
        path = "%s/reset" % self.object_path(current)
        return self.issued("POST", path, self.client.post(path, self.reset_body(expiry), recover=recover))

    def revoke(self, token):
        try:
            self.client.delete(self.object_path(token))
        except MailtrapAPIError as exc:
            if exc.status != 404:  # already gone (revoked by a concurrent run, or a retried DELETE)
                raise


class LiveTokens(OverviewTokens):
    """mailtrap.io today: tokens carry per-resource permissions; the expiry is always sent, since an
    omitted one means a year from now, not never."""

    fields = {"id": int, "name": str, "expires_at": str, "last_4_digits": str, "resources": list}
    grants = "resources"

    def to_api(self, desired):
        return {"name": desired["name"], "resources": [dict(r) for r in desired["resources"]],
                "expires_at": stamp(desired.get("expires_at"))}

    def comparable(self, grants):
        def key(grant):
            rid = str(grant.get("resource_id"))
            return (str(grant.get("resource_type")), int(rid) if rid.isdigit() else rid, grant.get("access_level"))
        return sorted(key(g) for g in grants or [] if isinstance(g, dict))

    def can_reset(self, current, expiry):
        return expiry_of(current) is None  # the live reset takes the new expiry

    def reset_body(self, expiry):
        return {"expires_at": stamp(expiry)}

    def resource_tree(self):
        """Every node of ``GET permissions/resources``, flattened, as (type, id, name)."""
        path = "permissions/resources"
        fields = {"id": None, "name": str, "type": str, "resources": list}
        found, todo = [], list(shapes.check_list(self.client.get(path), "GET", self.full(path), fields))
        while todo:
            node = todo.pop(0)
            found.append((node["type"], node["id"], node["name"]))
            todo.extend(shapes.check_list(node.get("resources"), "GET", self.full(path), fields, nullable=True))
        return found


# ---------------------------------------------------------------------- the Kind

class TokenStep(Step):
    """A Step of a token: the tokens it revokes or replaces, duplicates, drift, and what it sends."""

    def __init__(self, action, entry, before=None, after=None):
        super(TokenStep, self).__init__(action, entry, before, after)
        self.touches = [before] if before is not None and action != "created" else []
        self.others = []  # the other live, non-fading tokens of the name
        self.duplicates = []  # those of ``others`` this Step revokes (all but the token in use, unless force)
        self.revoked = []  # the duplicates revoked so far (in check mode: that would be)
        self.drift = []
        self.body = None
        self.reset = False
        self.notes = []

    @property
    def changing(self):
        return super(TokenStep, self).changing or bool(self.duplicates)


class TokenKind(Kind):
    noun = "api_token"
    plural = "api_tokens"
    identity_field = "name"
    secret_fields = ("token",)
    read_only = TOKEN_READ_ONLY

    def read_only_in(self, entry):
        # An info result fed back carries each token's id next to its name, to be ignored; with state
        # absent (or without a name) an id is the input that names a single token to revoke.
        if entry.get("id") is not None and (entry.get("state") == "absent" or not entry.get("name")):
            return tuple(key for key in self.read_only if key != "id")
        return self.read_only
    adapters = {"overview": OverviewTokens, "live": LiveTokens}
    unsupported = {
        "live": Unsupported(options={"scopes": "live Mailtrap tokens carry per-resource permissions, not scopes; give "
                                               "resources: [{type, id | name, access}] instead"}),
        "overview": Unsupported(options={"resources": "tokens of the overview API carry scopes, not per-resource "
                                                      "permissions; give scopes (or api_dialect: live for mailtrap.io)"}),
    }

    def __init__(self, module):
        super(TokenKind, self).__init__(module)
        self.now = utc_now()
        self.known_ids = set()
        self.tree = None
        self.issued = []  # (step, token) this run created

    def identity(self, value):
        return (value or "").strip()

    def sort_key(self, obj):
        return (self.identity_of(obj), obj.get("id") or 0)

    def check(self, entry, where):
        if entry.get("id") is not None:
            return self.check_by_id(entry, where)
        desired = {"name": check_name(entry, where)}
        if entry.get("scopes") is not None:
            desired["scopes"] = check_scopes(entry["scopes"], where)
        if entry.get("resources") is not None:
            desired["resources"] = check_resources(entry["resources"], where)
        desired.update(check_expiry(entry, where))
        if entry.get("state") == "absent" and entry.get("rotate"):
            raise InputError("%srotate: true cannot be combined with state: absent; a revoked token has nothing to rotate." % where)
        return desired

    def check_by_id(self, entry, where):
        """``id`` names one token to revoke: only with state absent, and nothing that would make a token."""
        if entry.get("state") != "absent":
            raise InputError("%sid selects one token to revoke; give state: absent with it (a token cannot be "
                             "created or changed by id). Nothing was changed." % where)
        given = sorted(k for k in ("scopes", "resources", "expires_at", "expires_in_days", "rotate_before_days",
                                   "prefer_last_4_digits") if entry.get(k) is not None)
        if entry.get("rotate"):
            given.append("rotate")
        if given:
            raise InputError("%s%s cannot be combined with id (it revokes one token). Nothing was changed." % (
                where, ", ".join(given)))
        if entry["id"] <= 0:
            raise InputError("%sid must be a token id (a positive number), got %d." % (where, entry["id"]))
        name = check_name(entry, where) if entry.get("name") is not None else None
        return {"name": name, "id": entry["id"]}

    def describe(self, entry):
        if entry.desired.get("id") is not None:
            return "%sapi_token id %s" % (entry.where, entry.desired["id"])
        return super(TokenKind, self).describe(entry)

    def show(self, obj):
        return public(obj) if obj is not None else None

    def read(self):
        if self.objects is None:
            super(TokenKind, self).read()
            self.known_ids = set(t["id"] for t in self.objects)
        return self.objects

    # ------------------------------------------------------------------ which token is managed
    def live_named(self, name, tokens=None):
        """Live tokens called ``name``, oldest first."""
        wanted = self.identity(name)
        return sorted((t for t in (self.read() if tokens is None else tokens)
                       if self.identity_of(t) == wanted and is_live(t, self.now)), key=lambda t: t["id"])

    def fading(self, token):
        return expires_within(token, FADING, self.now)

    def pick(self, named, prefer=None):
        """The managed token of a name and the other live tokens of that name that are not fading.

        The rule that keeps one token when several share a name (two runs created at once, or a
        rotation's revoke failed): among the tokens that are not fading, the newest (highest id) whose
        last 4 characters are ``prefer`` (the token whose secret the caller keeps), else the newest;
        if all are fading, the newest. Fading tokens (the old one of a reset) are left to expire."""
        if not named:
            return None, []
        steady = [t for t in named if not self.fading(t)]
        kept = [t for t in steady if prefer and str(t.get("last_4_digits") or "") == prefer]
        chosen = (kept or steady or named)[-1]
        return chosen, [t for t in steady if t is not chosen]

    # ------------------------------------------------------------------ planning
    def plan(self, entry):
        if entry.desired.get("id") is not None:
            return self.plan_by_id(entry)
        named = self.live_named(entry.desired["name"])
        if entry.state == "absent":
            step = TokenStep("deleted" if named else "absent", entry, named[-1] if named else None)
            step.touches = named
            return step
        prefer = (entry.params.get("prefer_last_4_digits") or "").strip() or None
        current, others = self.pick(named, prefer)
        step = self.plan_create(entry) if current is None else self.plan_existing(entry, current)
        step.others = others
        # The token in use is never revoked as a duplicate without force: it is kept, with a warning.
        step.duplicates = [t for t in others if self.force or not self.protect(t)]
        if prefer and named and not any(str(t.get("last_4_digits") or "") == prefer for t in named if not self.fading(t)):
            step.notes.append("no live token of this name ends in prefer_last_4_digits (%s); the newest (id %s) is "
                              "managed." % (prefer, current["id"]))
        return step

    def plan_by_id(self, entry):
        """Revoke the one token with ``id`` (expired or not); its name, if given, must match."""
        wanted = entry.desired["id"]
        found = next((t for t in self.read() if t.get("id") == wanted), None)
        name = entry.desired.get("name")
        if found is not None and name is not None and self.identity_of(found) != name:
            raise Refusal("%sAPI token id %s is named %r, not %r; nothing was changed." % (
                prefix(entry), wanted, found.get("name"), name))
        return TokenStep("deleted" if found is not None else "absent", entry, found)

    def wanted_grants(self, entry):
        """The rights the entry asks for, as the API takes them (names of resources resolved), or None."""
        if self.adapter.grants == "scopes":
            return entry.desired.get("scopes")
        if entry.desired.get("resources") is None:
            return None
        grants = [self.resolve(spec, "%sresources[%d]." % (entry.where, i)) for i, spec in enumerate(entry.desired["resources"])]
        return sorted(grants, key=lambda g: (g["resource_type"], g["resource_id"]))

    def resolve(self, spec, where):
        """``{type, id | name, access_level}`` -> ``{resource_type, resource_id, access_level}`` (one GET of the tree)."""
        rid = spec.get("id")
        if rid is None and spec.get("name") is None:
            rid = int(self.client.account_id)
        elif rid is None:
            if self.tree is None:
                self.tree = self.adapter.resource_tree()
            ids = sorted(set(i for t, i, n in self.tree if t == spec["type"] and (n or "").strip() == spec["name"]))
            if len(ids) != 1:
                known = sorted(set(n for t, i, n in self.tree if t == spec["type"]))
                raise InputError("%sname: %s %s %r%s. Nothing was changed." % (
                    where, "no" if not ids else "more than one (ids %s)" % ", ".join(str(i) for i in ids), spec["type"], spec["name"],
                    " (known: %s)" % ", ".join(known[:10]) if not ids and known else "; give its id instead" if ids else ""))
            rid = ids[0]
        return {"resource_type": spec["type"], "resource_id": rid, "access_level": spec["access_level"]}

    def plan_create(self, entry):
        grants = self.wanted_grants(entry)
        if grants is None:
            raise InputError("%s%s is required to create API token %r (no live token has that name); nothing was changed." % (
                prefix(entry), self.adapter.grants, entry.desired["name"]))
        expiry = entry.desired.get("expires_at")
        if entry.desired.get("expires_in_days") is not None:
            expiry = whole_seconds(self.now + datetime.timedelta(days=entry.desired["expires_in_days"]))
        step = TokenStep("created", entry)
        return self.issuing(step, grants, expiry)

    def issuing(self, step, grants, expiry):
        """Fill in what an issuing Step sends and how the new token will look."""
        field = self.adapter.grants
        step.body = {"name": step.before["name"] if step.before else step.entry.desired["name"], field: grants, "expires_at": expiry}
        step.after = {"name": step.body["name"], field: grants, "expires_at": stamp(expiry)}
        step.reset = step.action == "rotated" and self.adapter.can_reset(step.before, expiry)
        if step.reset:
            step.after["created_by"] = step.before.get("created_by")
        return step

    def drift_of(self, entry, current, grants):
        drift = []
        if grants is not None and self.adapter.comparable(current.get(self.adapter.grants)) != self.adapter.comparable(grants):
            drift.append(self.adapter.grants)
        fixed = entry.desired.get("expires_at")
        if fixed is not None and expiry_of(current) != fixed:
            drift.append("expires_at")
        return drift

    def plan_existing(self, entry, current):
        grants = self.wanted_grants(entry)
        drift = self.drift_of(entry, current, grants)
        recreate = entry.params.get("recreate") or "never"
        recreating = recreate == "always" or (bool(drift) and recreate == "on_change")
        step = TokenStep("unchanged", entry, current, current)
        due = self.due(step)
        if not recreating and not due:
            step.drift = drift
            return step
        step.action = "recreated" if recreating else "rotated"
        keep = current.get(self.adapter.grants)
        step.drift = [] if recreating else [f for f in drift if f != "expires_at"]
        return self.issuing(step, grants if recreating and grants is not None else keep, self.next_expiry(step, due))

    def due(self, step):
        """Rotate now: asked for, or the token expires within rotate_before_days and a new one would live longer."""
        params, current = step.entry.params, step.before
        if params.get("rotate"):
            return True
        days = params.get("rotate_before_days")
        if days is None or not expires_within(current, datetime.timedelta(days=days), self.now):
            return False
        fixed = step.entry.desired.get("expires_at")
        if fixed is not None and fixed <= expiry_of(current):
            step.notes.append("expires_at (%s) is within rotate_before_days (%d) and a new token would expire no later, "
                              "so the token is not rotated; set a later expires_at, or use expires_in_days for a rolling "
                              "expiry." % (stamp(fixed), days))
            return False
        return True

    def next_expiry(self, step, due):
        """The expiry of the token that replaces ``step.before``.

        A fixed expires_at is used as given; expires_in_days counts from now; a token without expiry
        is followed by one without; a replacement that is not a rotation keeps the old expiry; a
        rotation gives the new token the old one's lifetime from now (90 days if unreadable), and at
        least a day more than rotate_before_days, so that a re-run does not rotate it again."""
        desired, current = step.entry.desired, step.before
        if desired.get("expires_at") is not None:
            return desired["expires_at"]
        if desired.get("expires_in_days") is not None:
            return whole_seconds(self.now + datetime.timedelta(days=desired["expires_in_days"]))
        if expiry_of(current) is None or not due:
            return expiry_of(current)
        try:
            expiry = whole_seconds(self.now + lifetime_of(current))
        except OverflowError:
            raise Refusal("%sAPI token %r (id %s) expires %s: a new token living as long from now would expire after "
                          "year 9999. Give expires_at or expires_in_days for the rotation. Nothing was changed." % (
                              step.entry.where, current.get("name"), current.get("id"), current.get("expires_at")))
        days = step.entry.params.get("rotate_before_days")
        if days is not None and expiry <= self.now + datetime.timedelta(days=days):
            expiry = whole_seconds(self.now + datetime.timedelta(days=days + 1))
            step.notes.append("the token lived no longer than rotate_before_days (%d), so the new one lives %d days "
                              "(a shorter one would be rotated again on the next run)." % (days, days + 1))
        return expiry

    # ------------------------------------------------------------------ safety
    def touched(self, step):
        return list(getattr(step, "touches", None) or super(TokenKind, self).touched(step))

    def verb(self, step):
        return {"deleted": "revoke", "rotated": "rotate"}.get(step.action, "replace")

    def protect(self, obj):
        last4 = self.token_last4
        if last4 and str(obj.get("last_4_digits") or "") == last4:
            return ("it looks like the token this run authenticates with (its last 4 characters match api_token as "
                    "it is sent), so this run and later ones would lose their access; run the task with another token")
        return None

    def warnings(self, steps):
        messages = []
        for step in steps:
            where = "%sAPI token %r: " % (prefix(step.entry), step.entry.desired["name"])
            kept = [t for t in step.others if t not in step.duplicates]
            if kept:
                messages.append("%s%d other live API token(s) have this name (ids %s) but were not revoked as duplicates: %s. "
                                "Set force: true to revoke them anyway." % (
                                    where, len(kept), ", ".join(str(t["id"]) for t in kept),
                                    self.protect(kept[0]) or "they are in use"))
            if step.drift:
                messages.append(where + self.drift_advice(step))
            messages.extend(where + note for note in step.notes)
        return messages

    def drift_advice(self, step):
        text = ("(id %s) differs in %s from the task, but tokens cannot be changed in place, so that was not applied%s."
                % (step.before["id"], " and ".join(step.drift), " apart from the rotation" if step.action == "rotated" else ""))
        if "expires_at" in step.drift:
            text += (" If expires_at is computed from today's date, use expires_in_days instead (applied when the token "
                     "is made or rotated, never compared), since recreate: on_change would replace the token every day.")
        if step.drift != ["expires_at"]:
            text += " Set recreate: on_change to replace it with a new token (a new secret is issued, the old token revoked)."
        return text

    # ------------------------------------------------------------------ applying
    def apply(self, step):
        if step.action == "deleted":
            for token in self.touched(step):
                self.adapter.revoke(token)  # the client's write verbs stop here in check mode
            return None
        result = self.issue(step) if step.action in ISSUING else step.after
        # The duplicates go last, once the managed token (and any new secret) is in place.
        for token in getattr(step, "duplicates", ()):
            self.adapter.revoke(token)
            step.revoked.append(token)
            step.partial = True
        return result

    def issue(self, step):
        """Create (or reset) the new token, then revoke what it replaces; the secret is kept on the Step at once,
        so a later failure still returns it."""
        name = step.body["name"]
        recover = functools.partial(self.recover, name)
        if step.reset:
            new = self.adapter.reset(step.before, step.body["expires_at"], recover)
        else:
            new = self.adapter.create(step.body, recover)
        if new is None:  # check mode: nothing was sent
            return step.after
        step.result, step.partial = new, True
        self.client.add_secret(new["token"])  # from now on blanked from every error text
        self.issued.append((step, new))
        if not step.reset:
            for token in step.touches:
                self.adapter.revoke(token)  # only once the new token exists
        return step.result

    def recover(self, name):
        """A create whose answer was lost. The token that appeared may be this run's (its secret is lost with
        the answer) or another run's (that run has its secret): it cannot be told, so it is never revoked;
        the create is sent again, and the token left over is named in a warning (the next run revokes it)."""
        fresh = [t for t in self.live_named(name, self.adapter.list()) if t["id"] not in self.known_ids and not self.fading(t)]
        for token in fresh:
            self.known_ids.add(token["id"])
            self.module.warn("API token %r: the answer to this run's create was lost and a token of that name (id %s) "
                             "appeared; it may be another run's, so it was left alone. If no other run made it, its "
                             "secret is lost: the next run keeps one live token of the name and revokes the others." % (name, token["id"]))
        return None

    # ------------------------------------------------------------------ showing
    def extras(self, steps, single):
        secrets = dict((s.result["name"], s.result["token"]) for s in steps
                       if not s.purge and s.result and s.result.get("token"))
        revoked = [t for s in steps for t in getattr(s, "revoked", ())]
        if single:
            step = steps[0] if steps else None
            extra = {"drift": list(step.drift) if step is not None else [], "duplicates_revoked": [public(t) for t in revoked]}
            extra.update(("token", value) for value in secrets.values())
        else:
            drift = dict((s.entry.desired["name"], list(s.drift)) for s in steps if not s.purge and s.drift)
            extra = {"secrets": secrets, "drift": drift, "duplicates_revoked": [public(t) for t in revoked]}
        if revoked and self.module._diff:
            extra["diff"] = [self.main_diff(steps, single), {
                "before_header": "duplicate API tokens (revoked)", "after_header": "duplicate API tokens (revoked)",
                "before": dict(("%s (id %s)" % (t["name"], t["id"]), public(t)) for t in revoked), "after": {}}]
        return extra

    def main_diff(self, steps, single):
        """The diff the runner shows, to which the revoked duplicates are added as a second one."""
        if single:
            step = steps[0]
            return {"before": self.show(step.before) or {}, "after": self.show(step.result) or {}}
        return Run(self, [], False).diff(steps)


def info_select(module):
    """The filter of mailtrap_token_info (its input checked before any request)."""
    params = module.params
    within = params.get("expiring_within_days")
    if within is not None and not 0 <= within <= MAX_DAYS:
        module.fail_input("expiring_within_days must be between 0 and %d, got %d." % (MAX_DAYS, within))
    now = utc_now()
    name = (params.get("name") or "").strip() if params.get("name") is not None else None

    def select(token):
        return ((name is None or (token.get("name") or "").strip() == name)
                and (params.get("include_expired") or is_live(token, now))
                and (within is None or expires_within(token, datetime.timedelta(days=within), now)))
    return select


def with_days_left(token):
    """A token as mailtrap_token_info shows it: without its secret, with the whole days left, in the
    shape mailtrap_tokens takes (each resource also as ``{type, id, access}``), so that it feeds back.
    ``days_left`` is not ``expires_in_days``: that one is input (a lifetime for a new token)."""
    shown = dict(public(token), days_left=days_left(token, utc_now()))
    if isinstance(shown.get("resources"), list):
        shown["resources"] = [as_input_resource(r) for r in shown["resources"]]
    return shown


def as_input_resource(resource):
    """A token's resource as the API lists it, with the keys mailtrap_tokens takes added."""
    if not isinstance(resource, dict):
        return resource
    names = dict((level, name) for name, level in ACCESS_LEVELS.items())
    return dict(resource, type=resource.get("resource_type"), id=resource.get("resource_id"),
                access=names.get(resource.get("access_level")))
