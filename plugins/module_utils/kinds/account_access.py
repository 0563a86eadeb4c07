# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account accesses: who (users, invites, API tokens) reaches which resources at which level.

``AccessKind`` is what mailtrap_account_access_info lists (both dialects serve the list);
``PermissionsKind`` is mailtrap_account_access: a person's per-resource permissions, set with
one ``PUT account_accesses/{id}/permissions/bulk`` (live only). ``TokenUserGuard`` protects the
user whose API token runs the task; the user Kind shares it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError, MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, InputError, Kind, Refusal, Step, Unsupported
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.resource import (
    ACCESS_LEVELS, GRANT_OPTIONS, RESOURCE_TYPES, ResourceTree, check_grants, level_name)
from ansible_collections.mailtrap.general.plugins.module_utils.module import check_email

SPECIFIER_TYPES = ("User", "Invite", "ApiToken")
PEOPLE = ("User", "Invite")
OWNER_LEVEL = 1000

ACCESS_INFO_OPTIONS = dict(
    specifier_type=dict(type="str", choices=list(SPECIFIER_TYPES)),
    email=dict(type="str"),
)
ACCESS_OPTIONS = dict(
    email=dict(type="str", required=True),
    permissions=dict(type="list", elements="dict", options=GRANT_OPTIONS),
    exclusive=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    force=dict(type="bool", default=False),
)

NO_BULK_IN_OVERVIEW = ("the overview API has no per-resource permissions (PUT account_accesses/{id}/permissions/bulk); "
                       "use mailtrap_user's role and permissions, and mailtrap_user state=absent to revoke access.")


def email_key(value):
    """The comparable form of an e-mail address."""
    return (value or "").strip().lower()


def check_person(entry, where):
    try:
        return check_email(entry.get("email"), where + "email")
    except MailtrapError as exc:
        raise InputError(str(exc))


class Accesses(Adapter):
    """GET account_accesses (the same path and shape in both dialects); DELETE revokes one."""

    path = "account_accesses"
    fields = {"id": int, "specifier_type": str, "specifier": dict}
    grant_fields = {"resource_type": str, "resource_id": int, "access_level": int}

    def from_api(self, obj):
        resources = shapes.check_list(obj.get("resources"), "GET", self.full(self.path), self.grant_fields,
                                      "a list of resources", nullable=True)
        return dict(obj, resources=[dict(r, access_level_name=level_name(r["access_level"])) for r in resources])

    def update(self, current, changes):
        path = "%s/permissions/bulk" % self.object_path(current)
        # The answer is a message ({"message": "Permissions have been updated!"}): the prediction stands.
        shapes.optional(self.client.put(path, {"permissions": changes}), "PUT", self.full(path))
        return None


class TokenUserGuard:
    """Mixin of a Kind whose objects are people: the user whose API token runs the task is protected."""

    _token_users = None  # not looked up yet

    def token_users(self):
        """The authors (``created_by``: an e-mail or a display name, as ``name_key`` compares them) of
        the tokens this run's token may be (one GET of the tokens, only when someone is about to be
        removed). The API shows only a token's last 4 characters, so
        every author of a token ending in them is protected: wrongly sparing one is recoverable,
        removing the run's own user is a lock-out."""
        if self._token_users is None:
            self._token_users = set()
            last4 = self.token_last4
            try:
                tokens = self.client.get("api_tokens")
            except MailtrapAPIError as exc:
                if exc.status != 403:
                    raise
                self.module.warn("Could not tell which user the API token of this run belongs to (the token may not "
                                 "read API tokens: %s); that user is not protected from removal." % exc)
                return self._token_users
            tokens = shapes.check_list(tokens, "GET", self.client.path("api_tokens"))
            self._token_users = set(name_key(t.get("created_by")) for t in tokens
                                    if last4 and str(t.get("last_4_digits")) == last4 and name_key(t.get("created_by")))
        return self._token_users

    def protect(self, obj):
        # created_by is an e-mail in the overview and, as the live spec says, the author's display
        # name in live ("Name of the user or token that created this token"): both are matched.
        authors = self.token_users()
        email, name = person_keys(obj)
        if not authors or not (email in authors or name in authors):
            return None
        lockout = "removing it revokes the token, and this run and every later one would be locked out"
        if email in authors:
            return ("it is (or, as another token ends in the same 4 characters, may be) the user the API token of this "
                    "run belongs to; %s" % lockout)
        namesakes = sorted(set(person_keys(p)[0] for p in self.read() if is_person(p) and person_keys(p)[1] == name))
        if len(namesakes) > 1:
            return ("the API token of this run was created by someone named %r (the API names a token's author, not "
                    "their e-mail), and %d people bear that name (%s): any of them may be the user the token belongs "
                    "to, so none is removed; %s" % (display_name(obj), len(namesakes), ", ".join(namesakes), lockout))
        return ("it is (or may be) the user the API token of this run belongs to: the token's author is named %r "
                "(the API names a token's author, not their e-mail); %s" % (display_name(obj), lockout))


def name_key(value):
    """A display name (or an e-mail) as compared with a token's created_by: case and spacing ignored."""
    return " ".join(str(value or "").split()).lower()


def person_of(obj):
    """The part of a user or an account access that names the person (an access's specifier)."""
    specifier = obj.get("specifier")
    return specifier if isinstance(specifier, dict) else obj


def person_keys(obj):
    person = person_of(obj)
    return email_key(person.get("email")), name_key(person.get("name"))


def display_name(obj):
    return " ".join(str(person_of(obj).get("name") or "").split())


def is_person(obj):
    # Users carry no specifier_type; accesses of API tokens are not people (their name is the token's).
    return obj.get("specifier_type", "User") in PEOPLE


def owns_account(access):
    return any(r["access_level"] == OWNER_LEVEL and r["resource_type"] == "account" for r in access.get("resources") or [])


class AccessKind(Kind):
    """An account access as mailtrap_account_access_info lists it; people are found by e-mail."""

    noun = "account_access"
    plural = "account_accesses"
    identity_field = "email"
    secret_fields = ("token",)
    adapters = {"overview": Accesses, "live": Accesses}

    def identity_of(self, obj):
        specifier = obj.get("specifier") or {}
        return email_key(specifier.get("email")) if obj.get("specifier_type") in PEOPLE else None

    def identity(self, value):
        return email_key(value)

    def label(self, obj):
        return (obj.get("specifier") or {}).get("email")

    def sort_key(self, obj):
        return obj["id"]


class PermissionsKind(TokenUserGuard, AccessKind):
    """mailtrap_account_access: exactly the per-resource permissions given, or no access at all."""

    adapters = {"live": Accesses}
    unsupported = {"overview": Unsupported(NO_BULK_IN_OVERVIEW)}

    _tree = None

    @property
    def tree(self):
        # Read only when a grant names its resource: a task giving ids makes no extra request.
        if self._tree is None:
            self._tree = ResourceTree(self.client)
        return self._tree

    def check(self, entry, where):
        desired = {"email": check_person(entry, where)}
        grants = check_grants(entry.get("permissions"), where + "permissions")
        if (entry.get("state") or "present") == "present" and not grants:
            raise InputError("%spermissions: give at least one {type, id | name, access}; to take every right away, "
                             "use state: absent (it revokes the access)." % where)
        desired["permissions"] = grants
        return desired

    def plan(self, entry):
        step = super(PermissionsKind, self).plan(entry)
        person = entry.desired["email"]
        if step.action == "created":
            raise Refusal("%s%s has no access to this account; the live API cannot invite people: invite them in "
                          "Mailtrap's web UI (Settings, User Management) first. Nothing was changed." % (entry.where, person))
        if step.before is not None and owns_account(step.before) and step.changing:
            raise Refusal("%s%s owns the account; the owner's access is read-only (it cannot be changed or "
                          "removed). Nothing was changed." % (entry.where, person))
        return step

    def plan_update(self, entry, current, desired):
        grants = self.tree.resolve(desired["permissions"], entry.where + "permissions")
        have = dict(((r["resource_type"], r["resource_id"]), r["access_level"]) for r in current["resources"])
        changes = [dict(resource_type=g["type"], resource_id=str(g["id"]), access_level=g["access"])
                   for g in grants if have.get((g["type"], g["id"])) != ACCESS_LEVELS[g["access"]]]
        wanted = set((g["type"], g["id"]) for g in grants)
        if self.params.get("exclusive"):
            changes += [dict(resource_type=t, resource_id=str(i), _destroy=True)
                        for (t, i) in sorted(have, key=str) if (t, i) not in wanted and t in RESOURCE_TYPES]
        if not changes:
            return Step("unchanged", entry, current, current)
        return Step("updated", entry, current, self.predicted(current, changes), changes)

    def predicted(self, current, changes):
        kept = dict(((r["resource_type"], r["resource_id"]), r) for r in current["resources"])
        for change in changes:
            key = (change["resource_type"], int(change["resource_id"]))
            kept.pop(key, None)
            if not change.get("_destroy"):
                level = ACCESS_LEVELS[change["access_level"]]
                kept[key] = dict(resource_type=key[0], resource_id=key[1], access_level=level, access_level_name=level_name(level))
        return dict(current, resources=sorted(kept.values(), key=lambda r: (r["resource_type"], r["resource_id"])))
