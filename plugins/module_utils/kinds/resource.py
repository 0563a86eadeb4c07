# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live permission model: the resource tree of ``GET permissions/resources`` and grants on it.

A grant is ``{type, id | name, access}`` as a task writes it (``mailtrap_account_access``'s
``permissions``; the same shape serves API tokens' ``resources``). ``check_grants`` validates
grants before any request; ``ResourceTree`` reads the tree once and resolves names to ids;
``ResourceKind`` is the flattened tree of ``mailtrap_resource_info``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, InputError, Kind, Refusal, Unsupported

# The resource types a user's permissions are set on (PUT account_accesses/{id}/permissions/bulk).
RESOURCE_TYPES = ("account", "billing", "project", "sandbox", "domain", "email_campaign_permission_scope")
# What can be granted; owner (1000) belongs to the account's creator and cannot be given.
ACCESS_LEVELS = {"admin": 100, "viewer": 10}
# Every level the live API reports (its spec: 1000 owner, 100 admin, 50 viewer+, 10 viewer, 1 indeterminate).
LEVEL_NAMES = {1000: "owner", 100: "admin", 50: "developer", 10: "viewer", 1: "indeterminate"}
# Types that exist once per account: their id is the account's id, so a task may omit it.
ACCOUNT_WIDE = ("account", "billing", "email_campaign_permission_scope")

GRANT_OPTIONS = dict(
    type=dict(type="str", required=True, choices=list(RESOURCE_TYPES)),
    id=dict(type="int"),
    name=dict(type="str"),
    access=dict(type="str", required=True),
)

RESOURCE_INFO_OPTIONS = dict(
    type=dict(type="str", choices=list(RESOURCE_TYPES) + ["email_template_permission_scope"]),
    name=dict(type="str"),
)

NO_TREE_IN_OVERVIEW = ("the overview API has no resource tree (GET permissions/resources); its users have roles and "
                       "permission scopes instead (see mailtrap_user_info).")


def level_name(level):
    return None if isinstance(level, bool) else LEVEL_NAMES.get(level)


def check_grants(items, where):
    """Validated grants ``{type, id, name, access}`` (``access`` as its name); raises InputError."""
    grants, seen = [], {}
    for index, item in enumerate(items or []):
        here = "%s[%d]." % (where, index)
        if not isinstance(item, dict):
            raise InputError("%s: expected {type, id | name, access}, got %r." % (here.rstrip("."), item))
        access = str(item.get("access") or "").strip().lower()
        # The API's own numbers (100, 10) name the same levels.
        access = dict((str(number), name) for name, number in ACCESS_LEVELS.items()).get(access, access)
        if access not in ACCESS_LEVELS:
            raise InputError("%saccess: %r cannot be granted; use %s (owner belongs to the account's creator and "
                             "cannot be given through the API)." % (here, item.get("access"), " or ".join(
                                 "%s (%d)" % (n, ACCESS_LEVELS[n]) for n in sorted(ACCESS_LEVELS))))
        rtype, rid, name = item.get("type"), item.get("id"), item.get("name")
        if rtype not in RESOURCE_TYPES:
            raise InputError("%stype: %r is not one of %s." % (here, rtype, ", ".join(RESOURCE_TYPES)))
        if (rid is None) == (name is None) and not (rid is None and name is None and rtype in ACCOUNT_WIDE):
            raise InputError("%sgive exactly one of id or name of the %s (see mailtrap_resource_info)." % (here, rtype))
        key = (rtype, rid if rid is not None else (name or "").strip().lower())
        if key in seen:
            raise InputError("%sthe %s %s is listed twice (first at %s)." % (here, rtype, rid or name or "of the account", seen[key]))
        seen[key] = here.rstrip(".")
        grants.append(dict(type=rtype, id=rid, name=name, access=access))
    return grants


def flatten(nodes, method, path, parent=None):
    """The tree's nodes, depth first, each with its parent's type and id; shapes checked.
    The tree itself must be a list; a node may have no children."""
    flat = []
    for node in shapes.check_list(nodes, method, path, {"id": int, "type": str}, nullable=parent is not None):
        flat.append(dict(type=node["type"], id=node["id"], name=node.get("name"), access_level=node.get("access_level"),
                         access_level_name=level_name(node.get("access_level")),
                         parent_type=parent["type"] if parent else None, parent_id=parent["id"] if parent else None))
        flat.extend(flatten(node.get("resources"), method, path, node))
    return flat


class ResourceTree:
    """The account's resource tree, read at most once, and name -> id resolution on it."""

    path = "permissions/resources"

    def __init__(self, client):
        self.client = client
        self._flat = None

    def flat(self):
        if self._flat is None:
            self._flat = flatten(self.client.get(self.path), "GET", self.client.path(self.path))
        return self._flat

    def account_id(self):
        return int(str(self.client.account_id))

    def resolve(self, grants, where):
        """``grants`` with every id filled in (names looked up in the tree, one GET only if a name is given)."""
        resolved, seen = [], {}
        for index, grant in enumerate(grants):
            rid = grant["id"]
            if rid is None and grant["name"] is None:
                rid = self.account_id()
            elif rid is None:
                rid = self.find(grant, "%s[%d].name" % (where, index))
            # Once names are ids, one resource given twice (by id and by name) would be sent with two
            # levels and flip between them on every run.
            key = (grant["type"], rid)
            if key in seen:
                raise Refusal("%s[%d]: %s %s is given twice (first at %s[%d]); give each resource once. Nothing was "
                              "changed." % (where, index, grant["type"], rid, where, seen[key]))
            seen[key] = index
            resolved.append(dict(grant, id=rid))
        return resolved

    def find(self, grant, where):
        wanted = grant["name"].strip().lower()
        ids = sorted(set(n["id"] for n in self.flat() if n["type"] == grant["type"] and str(n["name"] or "").strip().lower() == wanted))
        if len(ids) != 1:
            known = sorted(set(str(n["name"]) for n in self.flat() if n["type"] == grant["type"]))
            raise Refusal("%s: %s %s named %r%s. Use its id (mailtrap_resource_info lists them). Nothing was changed." % (
                where, "no" if not ids else "%d" % len(ids), grant["type"], grant["name"],
                "; known: %s" % ", ".join(known) if known and not ids else " (ambiguous)" if ids else ""))
        return ids[0]


class LiveResources(Adapter):
    path = ResourceTree.path

    def list(self):
        return ResourceTree(self.client).flat()


class ResourceKind(Kind):
    """mailtrap_resource_info: the resource tree, flattened (read only)."""

    noun = "resource"
    plural = "resources"
    identity_field = "id"
    adapters = {"live": LiveResources}
    unsupported = {"overview": Unsupported(NO_TREE_IN_OVERVIEW)}

    def sort_key(self, obj):
        # The tree's own order (depth first) is the readable one; the runner sorts stably on this.
        return 0
