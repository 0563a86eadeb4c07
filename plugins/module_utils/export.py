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
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms
from ansible_collections.mailtrap.general.plugins.module_utils.client import DialectChanged, MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account import AccountKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.notifications import NotificationsKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.project import ProjectKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.security import SecurityKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.sso import SsoKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.template import TemplateShareKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.token import TokenKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import UserKind
from ansible_collections.mailtrap.general.plugins.module_utils.times import parse_time, utc_now

# In the order account_baseline applies them (and the exported file lists them).
SECTIONS = ("account", "notifications", "security", "sso", "users", "projects", "tokens", "template_shares")
ACCOUNT_KEYS = ("name", "timezone", "notification_email")
NOTIFICATION_KEYS = ("low_credits", "weekly_report", "bounce_alerts", "threshold_percentage")
PASSWORD_KEYS = ("min_length", "require_special", "require_numbers")
SSO_KEYS = ("provider", "metadata_url", "default_role")

EXPORT_OPTIONS = dict(
    sections=dict(type="list", elements="str", choices=list(SECTIONS)),
    purge=dict(type="bool", default=True),
)


class LiveNotYet(MailtrapError):
    """The server speaks the live dialect, which the export does not read yet."""


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
        section = []
        for user in self.users():
            entry = {"email": user["email"], "role": user["role"]}
            # The extra permissions, as the 'scope:operation' strings the modules take; an empty
            # list too, so that permissions added by hand later show up as drift.
            entry["permissions"] = perms.to_token_scopes(perms.normalise(user.get("permissions") or {}))
            section.append(entry)
        return section

    def projects(self):
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
        for token in sorted(tokens, key=lambda t: (t["name"].lower(), t.get("id"))):
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
                self.leave_out("tokens: %s (id %s)" % (token["name"], token.get("id")),
                               "a second token of the same name (a baseline names each token once); id %s is exported"
                               % seen[token["name"]])
                continue
            seen[token["name"]] = token.get("id")
            # Its secret was never kept by the role: no secret file is expected for it (not a lost secret).
            entry = {"name": token["name"], "scopes": sorted(token.get("scopes") or []), "secret_kept": False}
            if expires_at:
                entry["expires_at"] = expires_at
            section.append(entry)
        if section:
            self.leave_out("tokens: secrets", "token secrets are never readable through the API: the file names the "
                           "tokens, their scopes and expiries, not their values")
        return section

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
            "users": self.users_section, "projects": self.projects, "tokens": self.tokens,
            "template_shares": self.template_shares,
        }
        config = {}
        for section in SECTIONS:
            if section not in self.wanted:
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
            if "projects" in config:
                config["purge_project_members"] = True
        return config

    def run(self):
        try:
            dialect = self.client.dialect
            if dialect == "live":
                raise DialectChanged("live")
            config = self.read()
        except DialectChanged:
            raise LiveNotYet("mailtrap_account_export is not available with api_dialect=live yet (it reads accounts of "
                             "api_dialect=overview only): the live API "
                             "(mailtrap.io) has no settings, security, SSO or team-member endpoints, and its users, "
                             "tokens and projects are exported once their live Kinds are in place. Nothing was written.")
        return dict(
            changed=False,
            baseline=config,
            left_out=self.left_out,
            account={"id": self.client.account_id, "name": (config.get("account") or {}).get("name")},
            api_dialect=self.client.dialect,
            exported_at=utc_now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
