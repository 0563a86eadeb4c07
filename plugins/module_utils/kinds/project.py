# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Projects: mailtrap_project (one, with rename), mailtrap_projects (many), mailtrap_project_info (read).

Overview: ``{"name", "team_members"}`` bodies, members as ``{user_id, role}``. Live: wrapped
``{"project": {"name"}}`` bodies, names of 2 to 100 characters, no team members (access to a
project is a per-resource permission of an account access), listings that carry sandboxes' SMTP
credentials and share links: masked in results and diffs, in both dialects.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.client import SECRET_MASK
from ansible_collections.mailtrap.general.plugins.module_utils.kind import (
    Adapter, InputError, Refusal, Step, Unsupported, read_only_options, refuse_empty_purge)
from ansible_collections.mailtrap.general.plugins.module_utils.userrefs import UserLinkedKind, user_refs

MEMBER_ROLES = ("manager", "contributor")
NAME_MAX_LENGTH = 100

# What mailtrap_project_info returns besides the input (a member also shows its user's id and
# e-mail; live projects their sandboxes, share links and the run's rights): accepted and ignored.
MEMBER_READ_ONLY = ("user_id", "email")
PROJECT_READ_ONLY = ("id", "permissions", "sandboxes", "share_links")
MEMBER_OPTIONS = dict(
    user=dict(type="str", required=True),
    role=dict(type="str", default="contributor", choices=list(MEMBER_ROLES)),
    **read_only_options(MEMBER_READ_ONLY)
)
# One entry of mailtrap_projects; mailtrap_project adds NEW_NAME_OPTION (renames stay with the single module).
PROJECT_OPTIONS = dict(
    name=dict(type="str", required=True),
    team_members=dict(type="list", elements="dict", options=MEMBER_OPTIONS),
    purge_members=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **read_only_options(PROJECT_READ_ONLY)
)
NEW_NAME_OPTION = dict(new_name=dict(type="str"), allow_empty=dict(type="bool", default=False))

TEAM_MEMBERS_IN_LIVE = ("the live Mailtrap API has no project team members: who may use a project is a per-resource "
                        "permission of the person's account access. Manage it with mailtrap.general.mailtrap_account_access "
                        "(permissions: [{type: project, name: <project>, access: admin|viewer}]) and leave team_members out.")


def check_name(value, option):
    if value is None or not value.strip():
        raise InputError("%s must not be empty." % option)
    if len(value.strip()) > NAME_MAX_LENGTH:
        raise InputError("%s: %r is longer than %d characters." % (option, value, NAME_MAX_LENGTH))
    return value.strip()


def members_key(members):
    """Team members as a comparable set of (user_id, role): order never matters."""
    return frozenset((m.get("user_id"), m.get("role")) for m in members or [])


def merge_members(current, wanted, purge):
    """The whole team after the task: ``wanted`` (user_id -> role) applied over ``current``.

    Current members keep their place; members not in ``wanted`` stay unless ``purge``; new
    members follow in the order they were listed.
    """
    result = [{"user_id": m.get("user_id"), "role": wanted.get(m.get("user_id"), m.get("role"))}
              for m in current or [] if m.get("user_id") in wanted or not purge]
    have = set(m["user_id"] for m in result)
    result.extend({"user_id": uid, "role": role} for uid, role in wanted.items() if uid not in have)
    return result


class Members:
    """The members an entry asks for, as references until the plan resolves them (once)."""

    def __init__(self, refs, roles, purge):
        self.refs = refs
        self.roles = roles
        self.purge = purge


class OverviewProjects(Adapter):
    path = "projects"
    fields = {"id": int, "name": str}
    min_name = 1
    created_defaults = {"team_members": []}

    def from_api(self, obj):
        shapes.check_list(obj.get("team_members"), "GET", self.full(self.path), {"user_id": int, "role": str},
                          "a list of team members", nullable=True)
        return obj


class LiveProjects(Adapter):
    path = "projects"
    fields = {"id": int, "name": str}
    min_name = 2  # the live API refuses shorter names (422); refused here before any request
    created_defaults = {"sandboxes": []}

    def from_api(self, obj):
        # Live projects have no team members; a field of that name is not read as one.
        obj = dict(obj)
        obj.pop("team_members", None)
        return obj

    def to_api(self, desired):
        return {"project": {"name": desired["name"]}} if "name" in desired else {"project": {}}


class ProjectKind(UserLinkedKind):
    noun = "project"
    plural = "projects"
    read_only = PROJECT_READ_ONLY
    adapters = {"overview": OverviewProjects, "live": LiveProjects}
    unsupported = {"live": Unsupported(options={"team_members": TEAM_MEMBERS_IN_LIVE})}
    # Sandboxes' SMTP credentials (username, password); share links are masked in show().
    secret_fields = ("username", "password", "smtp_username", "smtp_password", "share_link")

    def normalise(self, key, value):
        return members_key(value) if key == "team_members" else value

    def check(self, entry, where):
        desired = {"name": check_name(entry.get("name"), where + "name")}
        if entry.get("new_name") is not None:
            if entry.get("state") == "absent":
                raise InputError("new_name cannot be used with state=absent; name the project to delete in name.")
            desired["new_name"] = check_name(entry["new_name"], where + "new_name")
        if entry.get("team_members") is not None:
            refs = user_refs(entry["team_members"], where + "team_members", field="user")
            roles = [m.get("role") or "contributor" for m in entry["team_members"]]
            desired["team_members"] = Members(refs, roles, bool(entry.get("purge_members")))
            if entry.get("purge_members") and not refs and entry.get("state") != "absent":
                refuse_empty_purge(self.params, "%steam_members" % where, "member of project %r" % desired["name"])
        return desired

    def refuse_unsupported(self, entries):
        super(ProjectKind, self).refuse_unsupported(entries)
        shortest = self.adapter.min_name
        for entry in entries:
            name = entry.desired.get("new_name") or entry.desired["name"]
            if entry.state == "present" and len(name) < shortest:
                raise InputError("%sname: %r is shorter than %d characters, which api_dialect=%s refuses." % (
                    entry.where, name, shortest, self.dialect))

    # ------------------------------------------------------------------ planning
    def current(self, entry):
        """The project an entry manages: by name or, for a rename already done, by new_name."""
        current = self.find(entry.desired["name"])
        new_name = entry.desired.get("new_name")
        target = self.find(new_name) if new_name is not None else None
        if current is None:
            return target
        if target is not None and target is not current:
            raise Refusal("Cannot rename project %r to %r: a project named %r exists already (id %s); delete or rename "
                          "that one first. Nothing was changed." % (current["name"], new_name, target["name"], target.get("id")))
        return current

    def plan(self, entry):
        current = self.current(entry)
        if entry.state == "absent":
            return Step("deleted" if current is not None else "absent", entry, current, None)
        name = entry.desired.get("new_name") or (current or entry.desired)["name"]
        desired = dict(self.compared(entry.desired), name=name)
        if current is None:
            wanted = self.resolved(entry, None, desired)
            return Step("created", entry, None, dict(self.adapter.created_defaults, **wanted), wanted)
        return self.plan_update(entry, current, desired)

    def compared(self, desired):
        return dict((k, v) for k, v in desired.items() if k not in ("name", "new_name"))

    def plan_update(self, entry, current, desired):
        return super(ProjectKind, self).plan_update(entry, current, self.resolved(entry, current, desired))

    def resolved(self, entry, current, desired):
        """``desired`` with its members resolved to user ids (one GET users at most) and merged over the team."""
        members = desired.get("team_members")
        if not isinstance(members, Members):
            return desired
        ids = self.users.resolve(members.refs, entry.where + "team_members")
        have = current.get("team_members") if current else []
        return dict(desired, team_members=merge_members(have, dict(zip(ids, members.roles)), members.purge))

    def body_of(self, step):
        return step.changes

    # ------------------------------------------------------------------ showing
    def show(self, obj):
        """Secrets masked (SMTP credentials, share links); members sorted by user id, each with its e-mail."""
        shown = super(ProjectKind, self).show(obj)
        if shown is None:
            return None
        if isinstance(shown.get("share_links"), dict):
            shown["share_links"] = dict((k, SECRET_MASK if v else v) for k, v in shown["share_links"].items())
        if "team_members" in shown:
            shown["team_members"] = self.users.with_emails(shown["team_members"], "role")
        return shown


class ProjectListing(ProjectKind):
    """mailtrap_project_info: the projects, optionally only the one called ``name``."""

    def refuse_unsupported(self, entries):
        # The filter is this module's input: validated first, before any request.
        name = self.params.get("name")
        self.wanted = None if name is None else self.identity(check_name(name, "name"))
        super(ProjectListing, self).refuse_unsupported(entries)

    def read(self):
        return [p for p in super(ProjectListing, self).read() if self.wanted in (None, self.identity_of(p))]

    def show(self, obj):
        """Each member also as ``user`` (its e-mail, or its id when that is unknown), the key
        team_members takes: an info result feeds back to mailtrap_projects as it is."""
        shown = super(ProjectListing, self).show(obj)
        if shown is not None and "team_members" in shown:
            shown["team_members"] = [dict(m, user=m["email"] if m.get("email") else str(m.get("user_id")))
                                     for m in shown["team_members"]]
        return shown
