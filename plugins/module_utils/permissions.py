# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailtrap's permission model, in one canonical form.

The API and its documentation spell the same rights three ways: named permissions
(``send_emails``), scope → operations maps (``{projects: [create, read]}``) and token scopes
(``emails:send``). Everything here turns any of them into one canonical map
``{scope: sorted([operations])}`` so that spelling and order never cause a change.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

SCOPES = {
    "account": ("read", "update"),
    "users": ("create", "read", "update", "delete"),
    "billing": ("read", "update"),
    "projects": ("create", "read", "update", "delete"),
    "domains": ("create", "read", "verify", "delete"),
    "emails": ("send", "read", "contacts"),
    "templates": ("create", "read", "update", "delete"),
    "analytics": ("read", "export"),
    "sandbox": ("create", "read", "update", "delete"),
    "webhooks": ("create", "read", "update", "delete"),
}

ALL = "*"

NAMED_PERMISSIONS = {
    "send_emails": {"emails": ["send"]},
    "view_analytics": {"analytics": ["read"]},
    "export_data": {"analytics": ["export"]},
    "export_reports": {"analytics": ["export"]},
    "manage_templates": {"templates": [ALL]},
    "manage_contacts": {"emails": ["contacts"]},
    "manage_projects": {"projects": [ALL]},
    "manage_domains": {"domains": [ALL]},
    "manage_users": {"users": [ALL]},
    "manage_billing": {"billing": [ALL]},
    "view_billing": {"billing": ["read"]},
    "manage_account": {"account": [ALL]},
    "manage_sandbox": {"sandbox": [ALL]},
    "access_sandbox": {"sandbox": [ALL]},
    "manage_webhooks": {"webhooks": [ALL]},
}

ROLES = ("owner", "admin", "developer", "viewer")


class UnknownPermissionError(ValueError):
    """Raised for a permission spelling that names an unknown scope, operation or name."""


def _add(result, scope, operations, unknown):
    if scope not in SCOPES:
        unknown.append("scope '%s'" % scope)
        return
    for operation in operations:
        if operation == ALL:
            result.setdefault(scope, set()).update(SCOPES[scope])
        elif operation in SCOPES[scope]:
            result.setdefault(scope, set()).add(operation)
        else:
            unknown.append("operation '%s' of scope '%s'" % (operation, scope))


def normalise(spec):
    """Return the canonical ``{scope: [ops]}`` of any accepted spelling.

    ``spec`` may be None, a map scope → operation(s), or a list mixing named permissions,
    ``scope:operation`` strings and maps. Raises UnknownPermissionError naming every unknown part.
    """
    result = {}
    unknown = []
    items = spec if isinstance(spec, (list, tuple)) else [spec]
    for item in items:
        if item is None:
            continue
        if isinstance(item, dict):
            for scope, operations in item.items():
                if isinstance(operations, str):
                    operations = [operations]
                if not isinstance(operations, (list, tuple)):
                    unknown.append("operations of scope '%s' (expected a list, got %r)" % (scope, operations))
                    continue
                _add(result, str(scope).strip().lower(), [str(o).strip().lower() for o in operations], unknown)
        elif isinstance(item, str):
            text = item.strip().lower()
            if ":" in text:
                scope, _sep, operation = text.partition(":")
                _add(result, scope.strip(), [operation.strip()], unknown)
            elif text in NAMED_PERMISSIONS:
                for scope, operations in NAMED_PERMISSIONS[text].items():
                    _add(result, scope, operations, unknown)
            else:
                unknown.append("permission '%s'" % item)
        else:
            unknown.append("permission %r (expected a name, 'scope:operation' or a map)" % (item,))
    if unknown:
        raise UnknownPermissionError(
            "unknown %s. Known scopes and operations: %s; named permissions: %s."
            % (", ".join(unknown), describe_scopes(), ", ".join(sorted(NAMED_PERMISSIONS)))
        )
    return dict((scope, sorted(ops)) for scope, ops in result.items() if ops)


def describe_scopes():
    return "; ".join("%s (%s)" % (scope, ", ".join(ops)) for scope, ops in sorted(SCOPES.items()))


def to_token_scopes(canonical):
    """``{emails: [send]}`` → ``['emails:send']``, sorted."""
    return sorted("%s:%s" % (scope, op) for scope, ops in canonical.items() for op in ops)


def union(*canonicals):
    merged = {}
    for canonical in canonicals:
        for scope, ops in (canonical or {}).items():
            merged.setdefault(scope, set()).update(ops)
    return dict((scope, sorted(ops)) for scope, ops in merged.items() if ops)


_READ_EVERYWHERE = dict((scope, ["read"]) for scope in SCOPES if scope not in ("users", "billing"))

ROLE_GRANTS = {
    "owner": dict((scope, sorted(ops)) for scope, ops in SCOPES.items()),
    "admin": normalise({
        "account": ["read", "update"], "users": ["read"], "projects": [ALL], "domains": [ALL],
        "emails": ["send", "read"], "templates": [ALL], "analytics": ["read", "export"],
        "sandbox": [ALL], "webhooks": [ALL],
    }),
    "developer": normalise({
        "emails": ["send", "read"], "templates": [ALL], "sandbox": [ALL], "analytics": ["read"],
        "projects": ["read"], "domains": ["read"], "webhooks": ["read"],
    }),
    "viewer": union(_READ_EVERYWHERE, {"analytics": ["export"]}),
}


def effective(role, extra=None):
    """What a user with ``role`` and extra ``permissions`` may do, canonical."""
    return union(ROLE_GRANTS.get(role, {}), extra)
