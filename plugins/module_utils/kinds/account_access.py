# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account accesses: who (users, invites, API tokens) reaches which resources at which level.

``AccessKind`` is what mailtrap_account_access_info lists (both dialects serve the list);
``PermissionsKind`` is mailtrap_account_access (one person) and mailtrap_account_accesses (many,
one read of the accesses per task): a person's per-resource permissions, set with one
``PUT account_accesses/{id}/permissions/bulk`` (live only). The bulk module's entries also take
an access as the info module returns it (``specifier``, ``resources``, the caller's
``permissions`` map, ...), so that info output fed back changes nothing. ``TokenUserGuard``
protects the user whose API token runs the task; the user Kind shares it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError, MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, InputError, Kind, Refusal, Step, Unsupported
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.resource import (
    ACCESS_LEVELS, GRANT_OPTIONS, LEVEL_NAMES, RESOURCE_TYPES, ResourceTree, check_grants, level_name)
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

# An entry of mailtrap_account_accesses: mailtrap_account_access's options, plus the keys of
# mailtrap_account_access_info's answer. ``permissions`` is raw: a list of grants, or the info's
# map of what the caller may do with the access (read-only, ignored).
RESOURCE_ITEM_OPTIONS = dict(
    resource_type=dict(type="str", required=True),
    resource_id=dict(type="int", required=True),
    access_level=dict(type="int"),
    access_level_name=dict(type="str"),
)
ACCESSES_ITEM_OPTIONS = dict(
    email=dict(type="str"),
    permissions=dict(type="raw"),
    resources=dict(type="list", elements="dict", options=RESOURCE_ITEM_OPTIONS),
    exclusive=dict(type="bool", default=False),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    id=dict(type="int"),
    specifier_type=dict(type="str"),
    specifier=dict(type="dict"),
)
ACCESSES_OPTIONS = dict(
    account_accesses=dict(type="list", elements="dict", required=True, options=ACCESSES_ITEM_OPTIONS),
    force=dict(type="bool", default=False),
)
# What the caller may do with an access, as the info module shows it: never input.
CALLER_PERMISSIONS = ("can_read", "can_update", "can_destroy", "can_leave")
LEVELS_BY_NAME = dict((name, level) for level, name in LEVEL_NAMES.items())

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


def entry_email(entry, where):
    """The e-mail of an entry: ``email``, or the ``specifier`` of an access as the info module returns it."""
    specifier = entry.get("specifier")
    kind = entry.get("specifier_type")
    if kind is not None and kind not in PEOPLE:
        raise InputError("%sspecifier_type: %r accesses are not people; API tokens' resources are set with "
                         "mailtrap.general.mailtrap_tokens (resources). Leave such entries out." % (where, kind))
    if entry.get("email") is None and isinstance(specifier, dict) and specifier.get("email") is not None:
        entry = dict(entry, email=specifier.get("email"))
    person = check_person(entry, where)
    if isinstance(specifier, dict) and specifier.get("email") is not None and email_key(specifier["email"]) != email_key(person):
        raise InputError("%semail %s and specifier.email %s name different people; give one of them." % (
            where, person, specifier["email"]))
    return person


def grant_items(items, where):
    """A raw ``permissions`` value as a list of grants to check; the info module's map of what the
    caller may do (``can_read``, ...) is read-only and gives none."""
    if items is None:
        return []
    if isinstance(items, dict):
        unknown = sorted(k for k in items if k not in CALLER_PERMISSIONS)
        if unknown:
            raise InputError("%s: expected a list of {type, id | name, access}; a mapping is taken only as "
                             "mailtrap_account_access_info returns it (%s, read-only and ignored), not with %s." % (
                                 where, ", ".join(CALLER_PERMISSIONS), ", ".join(unknown)))
        return []
    if not isinstance(items, list):
        raise InputError("%s: expected a list of {type, id | name, access}, got %r." % (where, items))
    checked = []
    for index, item in enumerate(items):
        here = "%s[%d]" % (where, index)
        if isinstance(item, dict):
            unknown = sorted(str(k) for k in item if k not in GRANT_OPTIONS)
            if unknown:
                raise InputError("%s: unknown key(s) %s; a grant takes %s." % (here, ", ".join(unknown), ", ".join(sorted(GRANT_OPTIONS))))
            if item.get("id") is not None:
                try:
                    item = dict(item, id=int(str(item["id"]).strip()))
                except ValueError:
                    raise InputError("%s.id: %r is not a resource id (an integer)." % (here, item["id"]))
        checked.append(item)
    return checked


def check_resources(items, where):
    """Grants from ``resources`` as the info module returns them: ``{resource_type, resource_id,
    access_level}`` (``access_level_name`` read-only, used only without ``access_level``). Any level
    the API reports is taken here; one that cannot be written is refused only if it would be."""
    grants, seen = [], {}
    for index, item in enumerate(items or []):
        here = "%s[%d]." % (where, index)
        level = item.get("access_level")
        if level is None:
            name = str(item.get("access_level_name") or "").strip().lower()
            if name not in LEVELS_BY_NAME:
                raise InputError("%sgive access_level (%s) or access_level_name (%s)." % (
                    here, ", ".join(str(v) for v in sorted(LEVEL_NAMES)), ", ".join(sorted(LEVELS_BY_NAME))))
            level = LEVELS_BY_NAME[name]
        key = (item["resource_type"], item["resource_id"])
        if key in seen:
            raise InputError("%sthe %s %s is listed twice (first at %s)." % (here, key[0], key[1], seen[key]))
        seen[key] = here.rstrip(".")
        grants.append(dict(type=item["resource_type"], id=item["resource_id"], name=None, access=level_name(level), level=level))
    return grants


def level_of(grant):
    return grant["level"] if grant.get("level") is not None else ACCESS_LEVELS[grant["access"]]


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
        desired = {"email": entry_email(entry, where)}
        grants = check_grants(grant_items(entry.get("permissions"), where + "permissions"), where + "permissions")
        if grants and entry.get("resources"):
            raise InputError("%sgive the permissions either as permissions ({type, id | name, access}) or as resources "
                             "(as mailtrap_account_access_info returns them), not both." % where)
        grants = grants or check_resources(entry.get("resources"), where + "resources")
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
        wrong = [g for g in grants if have.get((g["type"], g["id"])) != level_of(g)]
        for grant in wrong:
            # Only what the bulk endpoint takes can be written; a level or type read back from the
            # API (owner, viewer+, ...) is fine as long as it is already what the person has.
            if grant["type"] not in RESOURCE_TYPES or grant["access"] not in ACCESS_LEVELS:
                raise Refusal("%spermissions: %s %s at access level %s cannot be set through the API (it sets %s on %s); "
                              "%s has %s there. Nothing was changed." % (
                                  entry.where, grant["type"], grant["id"], level_of(grant),
                                  " or ".join("%s (%d)" % (n, ACCESS_LEVELS[n]) for n in sorted(ACCESS_LEVELS)),
                                  ", ".join(RESOURCE_TYPES), entry.desired["email"],
                                  "level %s" % have[(grant["type"], grant["id"])] if (grant["type"], grant["id"]) in have else "no access"))
        changes = [dict(resource_type=g["type"], resource_id=str(g["id"]), access_level=g["access"]) for g in wrong]
        wanted = set((g["type"], g["id"]) for g in grants)
        # The single module's exclusive is its own option; a bulk entry carries its own.
        if entry.params.get("exclusive"):
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

    def purge_targets(self, entries):
        # Only people are purged: an API token's access (the overview lists them) is mailtrap_tokens' business.
        return [o for o in super(PermissionsKind, self).purge_targets(entries) if o.get("specifier_type") in PEOPLE]

    def spare(self, obj, entries):
        if owns_account(obj):
            return "the account owner's access is read-only"
        return super(PermissionsKind, self).spare(obj, entries)
