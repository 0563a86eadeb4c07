# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Projects and template sharing: the mapping shared by mailtrap_project, mailtrap_project_info
and mailtrap_template_share, plus the user-reference resolver they all use.

A *user reference* is what a task writes to name a person: an e-mail address (compared
case-insensitively) or a numeric user id. :class:`UserDirectory` turns references into user
ids with at most ONE ``GET users`` per invocation, and only when an e-mail needs it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.resource import Resource
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import OverviewUsers, email_key

MEMBER_ROLES = ("manager", "contributor")
SHARE_PERMISSIONS = ("read", "write")
NAME_MAX_LENGTH = 100
_USER_ID_RE = re.compile(r"^\s*\d+\s*$")


# ---------------------------------------------------------------------- user references

def user_ref(module, value, option):
    """Validate one user reference before any request: a user id (int) or an e-mail (lowercased)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _USER_ID_RE.match(value):
        return int(value)
    if not isinstance(value, str) or "@" not in value:
        module.fail_input("%s: %r is neither a numeric user id nor an e-mail address." % (option, value))
    return email_key(module.check_email(value, option))


def ref_label(ref):
    return "user id %s" % ref if isinstance(ref, int) else ref


def user_refs(module, values, option, field=None):
    """Validate a list of user references (each ``value[field]`` when ``field`` is given)
    before any request; fail when the same e-mail or id is listed twice."""
    refs, seen = [], set()
    for index, value in enumerate(values):
        where = "%s[%d]" % (option, index)
        ref = user_ref(module, value[field] if field else value, "%s.%s" % (where, field) if field else where)
        if ref in seen:
            module.fail_input("%s: %s is listed more than once." % (where, ref_label(ref)))
        seen.add(ref)
        refs.append(ref)
    return refs


class UserDirectory:
    """Resolves user references to user ids with at most one ``GET users``.

    The users are read only when a reference is an e-mail (ids need no lookup); once read,
    ids are checked too, and every user's e-mail is known for the module's result.
    """

    def __init__(self, client):
        self.client = client
        self._by_id = None

    @property
    def loaded(self):
        return self._by_id is not None

    def load(self):
        if self._by_id is None:
            self._by_id = dict((u["id"], u) for u in OverviewUsers(self.client).list())
        return self._by_id

    def resolve(self, refs, what="users"):
        """The user ids for ``refs``, in order. Raises MailtrapError naming every unknown user,
        or two references to the same user."""
        if any(not isinstance(ref, int) for ref in refs):
            self.load()
        if not self.loaded:
            return list(refs)
        by_email = dict((email_key(u.get("email")), uid) for uid, u in self._by_id.items())
        ids, unknown = [], []
        for ref in refs:
            uid = ref if isinstance(ref, int) else by_email.get(ref)
            if uid is None or uid not in self._by_id:
                unknown.append(ref_label(ref))
            ids.append(uid)
        if unknown:
            raise MailtrapError(
                "%s: not a user of the account: %s. Invite them first (mailtrap.general.mailtrap_user) "
                "or check the spelling; nothing was changed." % (what, ", ".join(unknown)))
        # Two references (an e-mail and an id, say) can name the same user only once resolved.
        owner = {}
        for ref, uid in zip(refs, ids):
            if uid in owner:
                raise MailtrapError("%s: %s and %s are the same user (id %s); list each user once." % (
                    what, ref_label(owner[uid]), ref_label(ref), uid))
            owner[uid] = ref
        return ids

    def email_of(self, user_id):
        """The user's e-mail, or None when the users were not read (or the id is unknown)."""
        user = (self._by_id or {}).get(user_id)
        return user.get("email") if user else None


# ---------------------------------------------------------------------- projects

PROJECT_OPTIONS = dict(
    name=dict(type="str", required=True),
    new_name=dict(type="str"),
    team_members=dict(type="list", elements="dict", options=dict(
        user=dict(type="str", required=True),
        role=dict(type="str", default="contributor", choices=list(MEMBER_ROLES)),
    )),
    purge_members=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def check_project_name(module, value, option):
    if value is None or not value.strip():
        module.fail_input("%s must not be empty." % option)
    if len(value.strip()) > NAME_MAX_LENGTH:
        module.fail_input("%s: %r is longer than %d characters." % (option, value, NAME_MAX_LENGTH))
    return value.strip()


def members_key(members):
    """Team members as a comparable set of (user_id, role): order never matters."""
    return frozenset((m.get("user_id"), m.get("role")) for m in members or [])


def merge_members(current, wanted, purge):
    """The whole team after the task: ``wanted`` (user_id → role) applied over ``current``.

    Current members keep their place; members not in ``wanted`` stay unless ``purge``;
    new members follow in the order they were listed.
    """
    result = []
    for member in current or []:
        uid = member.get("user_id")
        if uid in wanted:
            result.append({"user_id": uid, "role": wanted[uid]})
        elif not purge:
            result.append({"user_id": uid, "role": member.get("role")})
    have = set(m["user_id"] for m in result)
    result.extend({"user_id": uid, "role": role} for uid, role in wanted.items() if uid not in have)
    return result


class MembersWanted:
    """Members to apply to whatever team the project has when it is written (user_id → role)."""

    def __init__(self, roles, purge):
        self.roles = roles
        self.purge = purge


class ProjectResource(Resource):
    kind = "project"
    path = "projects"
    identity_field = "name"
    secret_fields = ()

    def identity(self, value):
        return (value or "").strip().lower()

    def normalise(self, key, value):
        if key == "team_members":
            return members_key(value)
        return value

    def predict_created(self, desired):
        predicted = dict(desired)
        predicted.setdefault("team_members", [])
        return predicted

    def against(self, current, desired):
        wanted = desired.get("team_members")
        if not isinstance(wanted, MembersWanted):
            return desired
        have = current.get("team_members") if current else []
        return dict(desired, team_members=merge_members(have, wanted.roles, wanted.purge))


def show_project(project, directory):
    """A project for the module's result: members sorted by user id, each with its e-mail."""
    if not project:
        return {}
    shown = dict((k, v) for k, v in project.items() if k != "team_members")
    shown["team_members"] = [
        {"user_id": m.get("user_id"), "email": directory.email_of(m.get("user_id")), "role": m.get("role")}
        for m in sorted(project.get("team_members") or [], key=lambda m: m.get("user_id") or 0)
    ]
    return shown


# ---------------------------------------------------------------------- templates

TEMPLATES_PATH = "templates"


def find_template(templates, ref):
    """The template named by ``ref`` (a numeric id, or a name compared case-insensitively)."""
    text = ref.strip()
    if _USER_ID_RE.match(text):
        for template in templates:
            if template.get("id") == int(text):
                return template
    wanted = text.lower()
    matches = [t for t in templates if (t.get("name") or "").strip().lower() == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise MailtrapError("template %r is ambiguous: %d templates have that name (ids %s); give the id instead." % (
            ref, len(matches), ", ".join(str(t.get("id")) for t in matches)))
    names = sorted((t.get("name") or "") for t in templates)
    listing = ", ".join(repr(n) for n in names[:5]) or "none"
    if len(names) > 5:
        listing += " and %d more" % (len(names) - 5)
    raise MailtrapError("template %r not found (by id or name) in the account; existing templates: %s." % (ref, listing))


def show_template(template, directory):
    """A template for the module's result: shares sorted by user id, each with its e-mail."""
    return {
        "id": template.get("id"),
        "name": template.get("name"),
        "shared_with": [
            {"user_id": s.get("user_id"), "email": directory.email_of(s.get("user_id")),
             "permission": s.get("permission")}
            for s in sorted(template.get("shared_with") or [], key=lambda s: s.get("user_id") or 0)
        ],
    }


def share_path(template):
    return "%s/%s/share" % (TEMPLATES_PATH, template["id"])
