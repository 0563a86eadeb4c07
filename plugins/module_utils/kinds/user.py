# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account users: mailtrap_user (one), mailtrap_users (many), mailtrap_user_info (read).

overview: the ``users`` endpoints (role, permission scopes, display name).
live: users and pending invites are account accesses; the role is the access level on the
account resource (admin 100, viewer 10; the owner's 1000 is read-only); a role change is one
``PUT account_accesses/{id}/permissions/bulk``. The live API cannot invite anyone.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms
from ansible_collections.mailtrap.general.plugins.module_utils.kind import (
    Adapter, InputError, Kind, Refusal, Unsupported, read_only_options)
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import (
    PEOPLE, Accesses, TokenUserGuard, check_person, email_key)
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.resource import ACCESS_LEVELS, level_name

# Role given to a new user when the task does not name one: the least privilege.
DEFAULT_ROLE = "viewer"

# What mailtrap_user_info returns besides the input: accepted and ignored, so its users feed back.
USER_READ_ONLY = ("id", "created_at", "status", "account_access_id", "effective_permissions", "resources")
USER_OPTIONS = dict(
    email=dict(type="str", required=True),
    name=dict(type="str"),
    role=dict(type="str", choices=list(perms.ROLES)),
    permissions=dict(type="raw"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **read_only_options(USER_READ_ONLY)
)
USER_INFO_OPTIONS = dict(
    email=dict(type="str"),
    role=dict(type="str", choices=list(perms.ROLES)),
)
# Removing the user whose token this run uses locks the run out; only with force.
FORCE_OPTION = dict(force=dict(type="bool", default=False))

NAME_IN_LIVE = "the live API cannot change display names; each person sets theirs in their Mailtrap profile."
LIVE_GAPS = Unsupported(
    options={
        "permissions": "the live API has no permission scopes on users; set per-resource permissions with "
                       "mailtrap.general.mailtrap_account_access.",
    },
    values={"role": {"developer": "the live API knows account-level admin and viewer access only; use admin or "
                                  "viewer, and mailtrap.general.mailtrap_account_access for per-resource rights."}},
)


def is_active_owner(user):
    # An owner who has not accepted the invitation cannot run the account: not counted.
    return user.get("role") == "owner" and user.get("status", "active") == "active"


class UserAdapter(Adapter):
    """What both dialects share: removal goes through the account access, not the user object."""

    def delete(self, current):
        self.client.delete("account_accesses/%s" % current["account_access_id"])

    def refusal(self, step):
        """Why this dialect cannot carry out ``step`` (None when it can); checked before any write."""
        return None

    def read_only(self, user):
        """Why this dialect can neither change nor remove ``user`` (None when it can)."""
        return None

    def predicted(self, user, changes):
        """``user`` as it will be after ``changes`` (check mode shows it; a write's answer replaces it)."""
        return dict(user, **changes)


class OverviewUsers(UserAdapter):
    path = "users"
    fields = {"id": int, "email": str, "role": str, "account_access_id": int}

    def create(self, desired, recover):
        return super(OverviewUsers, self).create(dict(desired, role=desired.get("role") or DEFAULT_ROLE), recover)

    def described(self, user):
        """A user as mailtrap_user_info shows it: with what role and extra permissions allow together."""
        return dict(user, effective_permissions=perms.effective(user.get("role"), user.get("permissions")))


class LiveUsers(UserAdapter):
    path = Accesses.path

    def list(self):
        return [self.user_of(a) for a in Accesses(self.client).list() if a["specifier_type"] in PEOPLE]

    def user_of(self, access):
        specifier = access["specifier"]
        account = str(self.client.account_id)
        levels = [r["access_level"] for r in access["resources"] if r["resource_type"] == "account"
                  and str(r["resource_id"]) == account]
        user = dict(id=specifier.get("id"), email=specifier.get("email"), role=level_name(max(levels)) if levels else None,
                    status="active" if access["specifier_type"] == "User" else "invited",
                    account_access_id=access["id"], resources=access["resources"])
        if specifier.get("name") is not None:
            user["name"] = specifier["name"]
        return user

    def predicted(self, user, changes):
        level = ACCESS_LEVELS.get(changes.get("role"))
        if not level:
            return dict(user, **changes)
        account = int(str(self.client.account_id))
        # The grant on the account resource is set (or added: a person may hold project rights only).
        resources = [r for r in user.get("resources") or [] if not (r["resource_type"] == "account" and r["resource_id"] == account)]
        resources.insert(0, dict(resource_type="account", resource_id=account, access_level=level, access_level_name=changes["role"]))
        return dict(user, resources=resources, **changes)

    def update(self, current, changes):
        grant = dict(resource_type="account", resource_id=str(self.client.account_id), access_level=changes["role"])
        Accesses(self.client).update({"id": current["account_access_id"]}, [grant])
        return None

    def refusal(self, step):
        if step.action == "created":
            return ("the live API cannot invite people: invite them in Mailtrap's web UI (Settings, User Management), "
                    "then run this task again to set their role.")
        if step.action in ("updated", "deleted") and self.read_only(step.before):
            return self.read_only(step.before)
        if step.action == "updated" and step.changes.get("role") == "owner":
            return "the live API cannot make anyone owner; it grants admin or viewer access only."
        # The live API reads display names but cannot change them: the name mailtrap_user_info
        # returned is accepted (a round trip), another one refused before any write.
        if step.action == "updated" and "name" in step.changes:
            return "name: " + NAME_IN_LIVE
        return None

    def read_only(self, user):
        if user.get("role") == "owner":
            return "the account owner's access is read-only in the live API (it can be neither changed nor removed)."
        return None

    def described(self, user):
        return user


class UserKind(TokenUserGuard, Kind):
    noun = "user"
    plural = "users"
    identity_field = "email"
    read_only = USER_READ_ONLY
    adapters = {"overview": OverviewUsers, "live": LiveUsers}
    unsupported = {"live": LIVE_GAPS}

    def identity(self, value):
        return email_key(value)

    def normalise(self, key, value):
        if key == "permissions":
            return perms.normalise(value)
        return value

    def check(self, entry, where):
        desired = {"email": check_person(entry, where)}
        for key in ("name", "role"):
            if entry.get(key) is not None:
                desired[key] = entry[key]
        if entry.get("permissions") is not None:
            try:
                desired["permissions"] = perms.normalise(entry["permissions"])
            except perms.UnknownPermissionError as exc:
                raise InputError("%spermissions of %s: %s" % (where, desired["email"], exc))
        return desired

    def predict_created(self, desired):
        predicted = dict(desired, status="invited")
        predicted.setdefault("role", DEFAULT_ROLE)
        predicted.setdefault("permissions", {})
        return predicted

    def plan_update(self, entry, current, desired):
        step = super(UserKind, self).plan_update(entry, current, desired)
        if step.changing:
            step.after = self.adapter.predicted(current, step.changes)
        return step

    def plan(self, entry):
        step = super(UserKind, self).plan(entry)
        reason = self.adapter.refusal(step)
        if reason:
            raise Refusal("%s%s: %s Nothing was changed." % (entry.where, entry.desired["email"], reason))
        return step

    # ------------------------------------------------------------------ safety
    def spare(self, obj, entries):
        """Purge rule: the last ACTIVE owner is never purged. If the list keeps no active owner (an
        owner listed with state present who stays owner), no active owner is purged; if it keeps one,
        unlisted owners go like anyone. Invited owners do not count as owners."""
        reason = self.adapter.read_only(obj)
        if reason:
            return reason
        if is_active_owner(obj) and not self.keeps_active_owner(entries):
            return "the list keeps no active owner, so no active owner is purged"
        return super(UserKind, self).spare(obj, entries)

    def keeps_active_owner(self, entries):
        for entry in entries:
            current = self.find(entry.desired["email"])
            if entry.state == "present" and current is not None and is_active_owner(
                    dict(current, role=entry.desired.get("role") or current.get("role"))):
                return True
        return False

    def guard(self, steps):
        leaving = set(self.identity_of(s.before) for s in steps if s.before is not None and (
            s.action == "deleted" or (s.action == "updated" and s.after.get("role") != "owner")))
        owners = [u for u in self.read() if is_active_owner(u)]
        if owners and all(self.identity_of(o) in leaving for o in owners):
            raise Refusal("refusing: this would remove or demote the last owner of the account (%s; invited "
                          "owners do not count); add another owner first. Nothing was changed." % ", ".join(
                              o.get("email") for o in owners))


class UserInfoKind(UserKind):
    """mailtrap_user_info: users as the dialect describes them (overview adds effective permissions)."""

    def show(self, obj):
        return self.adapter.described(obj)
