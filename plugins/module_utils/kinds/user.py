# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account users: mailtrap_user (one), mailtrap_users (many), mailtrap_user_info (read)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms
from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError, MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, InputError, Kind, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.module import check_email

# Role given to a new user when the task does not name one: the least privilege.
DEFAULT_ROLE = "viewer"

USER_OPTIONS = dict(
    email=dict(type="str", required=True),
    role=dict(type="str", choices=list(perms.ROLES)),
    permissions=dict(type="raw"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
# Removing the user whose token this run uses locks the run out; only with force.
FORCE_OPTION = dict(force=dict(type="bool", default=False))


def email_key(value):
    """The comparable form of an e-mail address."""
    return (value or "").strip().lower()


def is_active_owner(user):
    # An owner who has not accepted the invitation cannot run the account: not counted.
    return user.get("role") == "owner" and user.get("status", "active") == "active"


class OverviewUsers(Adapter):
    path = "users"
    fields = {"id": int, "email": str, "role": str, "account_access_id": int}

    def to_api(self, desired):
        return dict(desired)

    def create(self, desired, recover):
        return super(OverviewUsers, self).create(dict(desired, role=desired.get("role") or DEFAULT_ROLE), recover)

    def delete(self, current):
        # Mailtrap removes people through their account access, not the user object.
        self.client.delete("account_accesses/%s" % current["account_access_id"])


class UserKind(Kind):
    noun = "user"
    plural = "users"
    identity_field = "email"
    adapters = {"overview": OverviewUsers}

    def __init__(self, module):
        super(UserKind, self).__init__(module)
        self._token_user = False  # not looked up yet

    def identity(self, value):
        return email_key(value)

    def normalise(self, key, value):
        if key == "permissions":
            return perms.normalise(value)
        return value

    def check(self, entry, where):
        try:
            desired = {"email": check_email(entry.get("email"), where + "email")}
        except MailtrapError as exc:
            raise InputError(str(exc))
        if entry.get("role") is not None:
            desired["role"] = entry["role"]
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

    # ------------------------------------------------------------------ safety
    def token_user(self):
        """The e-mail of the user whose token this run uses (one GET of the tokens, only when
        someone is about to be removed), or None when it cannot be told."""
        if self._token_user is False:
            self._token_user = None
            last4 = self.token_last4
            try:
                tokens = self.client.get("api_tokens") or []
            except MailtrapAPIError as exc:
                if exc.status != 403:
                    raise
                self.module.warn("Could not tell which user the API token of this run belongs to (the token may not "
                                 "read API tokens: %s); that user is not protected from removal." % exc)
                return None
            mine = [t for t in tokens if isinstance(t, dict) and last4 and str(t.get("last_4_digits")) == last4]
            if len(mine) == 1:
                self._token_user = self.identity(mine[0].get("created_by"))
        return self._token_user

    def protect(self, obj):
        if self.identity_of(obj) == self.token_user():
            return ("it is the user the API token of this run belongs to; removing it revokes the token, and this "
                    "run and every later one would be locked out")
        return None

    def spare(self, obj, entries):
        kept = set(self.identity(e.desired["email"]) for e in entries if e.state == "present")
        if is_active_owner(obj) and not any(is_active_owner(u) and self.identity_of(u) in kept for u in self.read()):
            return "the list keeps no active owner, so no active owner is purged"
        return super(UserKind, self).spare(obj, entries)

    def guard(self, steps):
        leaving = set(self.identity_of(s.before) for s in steps if s.before is not None and (
            s.action == "deleted" or (s.action == "updated" and s.after.get("role") != "owner")))
        owners = [u for u in self.read() if is_active_owner(u)]
        if owners and all(self.identity_of(o) in leaving for o in owners):
            raise Refusal("refusing: this would remove or demote the last owner of the account (%s; invited owners do not count); add "
                          "another owner first. Nothing was changed." % ", ".join(o.get("email") for o in owners))



def with_effective_permissions(user):
    """A user as mailtrap_user_info shows it: with what role and extra permissions allow together."""
    return dict(user, effective_permissions=perms.effective(user.get("role"), user.get("permissions")))
