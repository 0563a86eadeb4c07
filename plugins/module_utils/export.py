# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The whole account read back in the shape ``account_baseline_config`` takes (mailtrap_account_export).

Every section is read once, GET only. What cannot be put into a baseline that applies cleanly is
left out and named in ``left_out`` with the reason (token secrets are never readable; the token
this run uses; expired tokens; members or shares of users the account no longer lists), so the
exported file says what it does not hold.

Every section is read through its Kind (the same reads, shape checks and paging the managing
modules compare against), so what is exported is what those modules will find.

Both dialects: the live API (mailtrap.io) has people's account accesses with per-resource
permissions, tokens by resources and projects by name; its baseline holds ``users`` (the
account-level role), ``account_accesses`` (every per-resource permission, exclusive), ``projects``
and ``tokens``, the shape of the role's live tasks (playbooks/vars/example_baseline_live.yml).
Settings, security, SSO and template shares have no live endpoint: left out, with the reason.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms
from ansible_collections.mailtrap.general.plugins.module_utils.client import DialectChanged
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import PEOPLE, AccessKind, owns_account
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account import AccountKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.notifications import NotificationsKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.project import ProjectKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.resource import ACCESS_LEVELS, RESOURCE_TYPES
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.security import SecurityKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.sso import SsoKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.template import TemplateShareKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.token import TokenKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import UserKind
from ansible_collections.mailtrap.general.plugins.module_utils.times import parse_time, utc_now

# In the order account_baseline applies them (and the exported file lists them).
SECTIONS = ("account", "notifications", "security", "sso", "users", "account_accesses", "projects", "tokens", "template_shares")
# What each dialect's baseline holds; a section of the other dialect is left out (named, with the
# reason, when the API lacks it; account_accesses is silently not part of an overview baseline).
DIALECT_SECTIONS = {
    "overview": ("account", "notifications", "security", "sso", "users", "projects", "tokens", "template_shares"),
    "live": ("users", "account_accesses", "projects", "tokens"),
}
NOT_IN_LIVE = {
    "account": "the live API has no account settings endpoint (name, time zone and notification address are set in the web app)",
    "notifications": "the live API has no notification settings endpoint",
    "security": "the live API has no security policy endpoint (2FA, IP allow-list, password rules)",
    "sso": "the live API has no SSO endpoint",
    "template_shares": "the live API has no template sharing endpoints (who may edit templates is in account_accesses)",
}
# Access levels a baseline can ask for (admin, viewer), by level.
LEVEL_NAMES = dict((level, name) for name, level in ACCESS_LEVELS.items())
ACCOUNT_KEYS = ("name", "timezone", "notification_email")
NOTIFICATION_KEYS = ("low_credits", "weekly_report", "bounce_alerts", "threshold_percentage")
PASSWORD_KEYS = ("min_length", "require_special", "require_numbers")
SSO_KEYS = ("provider", "metadata_url", "default_role")

EXPORT_OPTIONS = dict(
    sections=dict(type="list", elements="str", choices=list(SECTIONS)),
    purge=dict(type="bool", default=True),
)


def given(obj, keys):
    return dict((k, obj[k]) for k in keys if obj.get(k) is not None)


class Export:
    """One export: ``run()`` returns the module result. ``module`` needs ``params``, ``client``, ``warn``."""

    def __init__(self, module):
        self.module = module
        self.client = module.client
        self.wanted = list(module.params.get("sections") or SECTIONS)
        self.purge = bool(module.params.get("purge", True))
        self.left_out = []
        self._users = None
        self.dialect = None

    # ------------------------------------------------------------------ reads
    def kind_object(self, kind_class, keys=()):
        """A settings object, which must show ``keys``: an envelope or another shape is an error,
        not an empty section to export."""
        return kind_class(self.module).current_with(keys)

    def users(self):
        if self._users is None:
            self._users = sorted(UserKind(self.module).read(), key=lambda u: (u.get("email") or "").lower())
        return self._users

    def email_of(self, user_id):
        for user in self.users():
            if user.get("id") == user_id:
                return user.get("email")
        return None

    def listing(self, kind_class):
        return list(kind_class(self.module).read())

    def leave_out(self, what, reason):
        self.left_out.append({"what": what, "reason": reason})

    # ------------------------------------------------------------------ sections
    def account(self):
        return given(self.kind_object(AccountKind, ACCOUNT_KEYS), ACCOUNT_KEYS)

    def notifications(self):
        return given(self.kind_object(NotificationsKind, NOTIFICATION_KEYS), NOTIFICATION_KEYS)

    def security(self):
        current = self.kind_object(SecurityKind)
        section = {}
        if current.get("require_2fa") is not None:
            section["require_2fa"] = current["require_2fa"]
        if current.get("ip_whitelist") is not None:
            section["ip_whitelist"] = list(current["ip_whitelist"])
        policy = given(current.get("password_policy") or {}, PASSWORD_KEYS)
        if policy:
            section["password_policy"] = policy
        return section

    def sso(self):
        current = self.kind_object(SsoKind)
        if not current.get("enabled"):
            return {"state": "absent"}
        return dict(given(current, SSO_KEYS), state="present")

    def users_section(self):
        if self.dialect == "live":
            return self.live_users()
        section = []
        for user in self.users():
            entry = {"email": user["email"], "role": user["role"]}
            # The extra permissions, as the 'scope:operation' strings the modules take; an empty
            # list too, so that permissions added by hand later show up as drift.
            entry["permissions"] = perms.to_token_scopes(perms.normalise(user.get("permissions") or {}))
            section.append(entry)
        return section

    def live_users(self):
        """People (users and pending invites) with their account-level access: admin or viewer. The
        owner's access is read-only in the live API, and a person without account-level access (or
        with a level a baseline cannot ask for) keeps it as it is: listed by e-mail alone, so that a
        purge keeps them."""
        section = []
        for user in self.users():
            entry = {"email": user["email"]}
            if user.get("role") in ACCESS_LEVELS:
                entry["role"] = user["role"]
            section.append(entry)
        return section

    def account_accesses(self):
        """Every person's per-resource permissions, exclusive (what is added by hand later is drift),
        resources by id (names can repeat across projects). The owner's access is read-only and not
        exported; a grant at a level a baseline cannot ask for (only admin and viewer can be given)
        is left out, and that person's entry is then not exclusive, so applying keeps the grant."""
        section = []
        people = [a for a in AccessKind(self.module).read() if a.get("specifier_type") in PEOPLE]
        for access in sorted(people, key=lambda a: ((a.get("specifier") or {}).get("email") or "").lower()):
            email = (access.get("specifier") or {}).get("email")
            if not email:
                continue
            if owns_account(access):
                self.leave_out("account_accesses: %s" % email, "the account owner's access is read-only in the live API")
                continue
            grants, odd = [], []
            for resource in sorted(access.get("resources") or [], key=lambda r: (r["resource_type"], r["resource_id"])):
                name = LEVEL_NAMES.get(resource["access_level"])
                if name is None or resource["resource_type"] not in RESOURCE_TYPES:
                    odd.append(resource)
                    continue
                grant = {"type": resource["resource_type"], "access": name}
                if resource["resource_type"] != "account":
                    grant["id"] = resource["resource_id"]
                grants.append(grant)
            for resource in odd:
                self.leave_out("account_accesses: %s: %s %s" % (email, resource["resource_type"], resource["resource_id"]),
                               "access level %s cannot be given by a baseline (admin or viewer only); the grant is kept, "
                               "and this person's entry is not exclusive" % resource["access_level"])
            if not grants:
                continue  # nothing a baseline can set: the users section keeps the person
            entry = {"email": email, "permissions": grants}
            if self.purge and not odd:
                entry["exclusive"] = True
            section.append(entry)
        return section

    def projects(self):
        if self.dialect == "live":
            # Live projects have names only (who may use one is in account_accesses).
            return [{"name": p["name"]} for p in sorted(self.listing(ProjectKind), key=lambda p: p["name"].lower())]
        section = []
        for project in sorted(self.listing(ProjectKind), key=lambda p: p["name"].lower()):
            members = []
            for member in project.get("team_members") or []:
                email = self.email_of(member.get("user_id"))
                if email is None:
                    self.leave_out("projects: %s: member with user id %s" % (project["name"], member.get("user_id")),
                                   "no user of the account has this id, so the member cannot be named")
                    continue
                members.append({"user": email, "role": member.get("role") or "contributor"})
            if not members:
                # An empty member list next to purge_project_members would purge on an empty list, which the
                # role refuses: the project's members are left unmanaged instead.
                self.leave_out("projects: %s: team_members" % project["name"], "the project has no members, and a "
                               "baseline does not purge members on an empty list: its members are not managed")
                section.append({"name": project["name"]})
                continue
            section.append({"name": project["name"], "team_members": sorted(members, key=lambda m: m["user"].lower())})
        return section

    def tokens(self):
        tokens = self.listing(TokenKind)
        last4 = self.client.token_last4
        mine = [t for t in tokens if last4 and str(t.get("last_4_digits")) == last4]
        if len(mine) == 1:
            self.leave_out("tokens: %s" % mine[0]["name"], "the token this export ran with: a baseline does not manage "
                           "the token it runs with (purge_tokens spares it)")
        elif len(mine) > 1:
            self.module.warn("%d tokens end in the same 4 characters as the token of this run; none is left out as "
                             "'the token in use'." % len(mine))
            mine = []
        now = utc_now()
        section, seen = [], {}
        # Newest first within a name: the token modules keep the newest of a name (TokenKind.pick), so
        # the file describes the token that applying it keeps.
        for token in sorted(tokens, key=lambda t: (t["name"].lower(), -(t.get("id") or 0))):
            if mine and token is mine[0]:
                continue
            expires_at = token.get("expires_at")
            if expires_at:
                try:
                    expired = parse_time(expires_at) <= now
                except ValueError:
                    expired = False
                if expired:
                    self.leave_out("tokens: %s" % token["name"], "expired (%s): it can do nothing, and a baseline cannot "
                                   "ask for a token that expires in the past" % expires_at)
                    continue
            if token["name"] in seen:
                why = ("an older token of the same name (a baseline names each token once); id %s is exported. Applying "
                       "this file keeps one live token per name and REVOKES id %s: rename one of them first if both "
                       "are needed" % (seen[token["name"]], token.get("id")))
                self.leave_out("tokens: %s (id %s)" % (token["name"], token.get("id")), why)
                self.module.warn("tokens: %s (id %s): %s." % (token["name"], token.get("id"), why))
                continue
            seen[token["name"]] = token.get("id")
            # Its secret was never kept by the role: no secret file is expected for it (not a lost secret).
            entry = {"name": token["name"], "secret_kept": False}
            if self.dialect == "live":
                resources = self.token_resources(token)
                if resources is None:
                    continue
                entry["resources"] = resources
            else:
                entry["scopes"] = sorted(token.get("scopes") or [])
            if expires_at:
                entry["expires_at"] = expires_at
            section.append(entry)
        if section:
            self.leave_out("tokens: secrets", "token secrets are never readable through the API: the file names the "
                           "tokens, their rights and expiries, not their values")
        return section

    def token_resources(self, token):
        """A live token's resources as the baseline gives them ({type, id, access}), or None (left
        out) when one has a level a token cannot be given."""
        resources = []
        for resource in sorted(token.get("resources") or [], key=lambda r: (r.get("resource_type"), r.get("resource_id"))):
            name = LEVEL_NAMES.get(resource.get("access_level"))
            if name is None:
                self.leave_out("tokens: %s" % token["name"], "a resource at access level %s, which a token cannot be given "
                               "(admin or viewer only)" % resource.get("access_level"))
                return None
            grant = {"type": resource["resource_type"], "access": name}
            if resource["resource_type"] != "account":
                grant["id"] = resource["resource_id"]
            resources.append(grant)
        return resources

    def template_shares(self):
        templates = self.listing(TemplateShareKind)
        names = [t["name"] for t in templates]
        section = []
        for template in sorted(templates, key=lambda t: (t["name"].lower(), t["id"])):
            # A name two templates share does not say which one: such templates are named by id.
            ref = template["name"] if names.count(template["name"]) == 1 else str(template["id"])
            by_permission = {}
            for share in template.get("shared_with") or []:
                email = self.email_of(share.get("user_id"))
                if email is None:
                    self.leave_out("template_shares: %s: user id %s" % (template["name"], share.get("user_id")),
                                   "no user of the account has this id")
                    continue
                by_permission.setdefault(share.get("permission") or "read", []).append(email)
            for permission in sorted(by_permission):
                section.append({"template": ref, "users": sorted(by_permission[permission], key=str.lower),
                                "permission": permission})
        return section

    # ------------------------------------------------------------------ the whole
    def read(self):
        readers = {
            "account": self.account, "notifications": self.notifications, "security": self.security, "sso": self.sso,
            "users": self.users_section, "account_accesses": self.account_accesses, "projects": self.projects,
            "tokens": self.tokens, "template_shares": self.template_shares,
        }
        config = {}
        for section in SECTIONS:
            if section not in self.wanted:
                continue
            if section not in DIALECT_SECTIONS[self.dialect]:
                if self.dialect == "live":
                    self.leave_out(section, NOT_IN_LIVE[section])
                continue
            value = readers[section]()
            if value or section in ("users", "projects", "tokens"):
                config[section] = value
        if self.purge:
            # The export is the whole account: what is added by hand later is drift, and applying
            # the file removes it (the token a run uses and the last owner are always spared).
            for section in ("users", "projects", "tokens"):
                if section in config:
                    config["purge_" + section] = True
            if "projects" in config and self.dialect == "overview":
                config["purge_project_members"] = True
        return config

    def run(self):
        self.dialect = self.client.dialect
        try:
            config = self.read()
        except DialectChanged:
            # api_dialect auto guessed, and the first answer named the other dialect: only reads
            # happened, so the export starts over in the dialect the server speaks.
            self.left_out, self._users, self.dialect = [], None, self.client.dialect
            config = self.read()
        return dict(
            changed=False,
            baseline=config,
            left_out=self.left_out,
            account={"id": self.client.account_id, "name": (config.get("account") or {}).get("name")},
            api_dialect=self.client.dialect,
            exported_at=utc_now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
