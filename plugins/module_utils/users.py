# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account users: the mapping shared by mailtrap_user (one user) and mailtrap_users (many)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms
from ansible_collections.mailtrap.general.plugins.module_utils.resource import Resource

# Role given to a new user when the task does not name one: the least privilege.
DEFAULT_ROLE = "viewer"

USER_OPTIONS = dict(
    email=dict(type="str", required=True),
    role=dict(type="str", choices=list(perms.ROLES)),
    permissions=dict(type="raw"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


class UserResource(Resource):
    kind = "user"
    path = "users"
    identity_field = "email"
    secret_fields = ()

    def identity(self, value):
        return (value or "").strip().lower()

    def normalise(self, key, value):
        if key == "permissions":
            return perms.normalise(value)
        return value

    def create(self, client, desired, recover):
        body = dict(desired)
        body.setdefault("role", DEFAULT_ROLE)
        return client.post(self.path, body, recover=recover)

    def predict_created(self, desired):
        predicted = dict(desired, status="invited")
        predicted.setdefault("role", DEFAULT_ROLE)
        predicted.setdefault("permissions", {})
        return predicted

    def delete(self, client, current):
        # Mailtrap removes people through their account access, not the user object.
        client.delete("account_accesses/%s" % current["account_access_id"])


def desired_user(module, entry, option="email"):
    """Validate and normalise one user entry; fails the module (before any request) on bad input."""
    email = module.check_email(entry.get("email"), option)
    desired = {"email": email}
    if entry.get("role") is not None:
        desired["role"] = entry["role"]
    if entry.get("permissions") is not None:
        try:
            desired["permissions"] = perms.normalise(entry["permissions"])
        except perms.UnknownPermissionError as exc:
            module.fail_input("permissions of %s: %s" % (email, exc))
    return desired


def last_owner_guard(reconciler, removing):
    """Refuse, before any write, to remove every active owner of the account.

    Only active owners count: an owner who has not accepted the invitation cannot run the account.
    """
    owners = [u for u in reconciler.objects() if u.get("role") == "owner" and u.get("status", "active") == "active"]
    leaving = set(UserResource().identity(u.get("email")) for u in removing)
    if owners and all(UserResource().identity(o.get("email")) in leaving for o in owners):
        return "this would remove the last owner of the account (%s); add another owner first." % ", ".join(
            o.get("email") for o in owners)
    return None


def with_effective_permissions(user):
    shown = dict(user)
    shown["effective_permissions"] = perms.effective(user.get("role"), user.get("permissions"))
    return shown
