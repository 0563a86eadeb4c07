"""The permission model, read independently from docs/api-contract.md.

Rights are handled internally as a frozenset of ``(scope, operation)`` pairs; the canonical
external form is a map scope -> sorted list of operations (scopes without operations omitted).
This module deliberately shares no code with ``plugins/`` so that a misreading of the
contract on either side shows up as a disagreement instead of being mirrored.
"""

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

ALL_RIGHTS = frozenset((scope, op) for scope, ops in SCOPES.items() for op in ops)


def _all(scope):
    return {(scope, op) for op in SCOPES[scope]}


NAMED_PERMISSIONS = {
    "send_emails": {("emails", "send")},
    "view_analytics": {("analytics", "read")},
    "export_data": {("analytics", "export")},
    "export_reports": {("analytics", "export")},
    "manage_templates": _all("templates"),
    "manage_contacts": {("emails", "contacts")},
    "manage_projects": _all("projects"),
    "manage_domains": _all("domains"),
    "manage_users": _all("users"),
    "manage_billing": _all("billing"),
    "view_billing": {("billing", "read")},
    "manage_account": _all("account"),
    "manage_sandbox": _all("sandbox"),
    "access_sandbox": _all("sandbox"),
    "manage_webhooks": _all("webhooks"),
}

ROLE_GRANTS = {
    "owner": ALL_RIGHTS,
    "admin": frozenset(
        {("account", "read"), ("account", "update"), ("users", "read"),
         ("emails", "send"), ("emails", "read"),
         ("analytics", "read"), ("analytics", "export")}
        | _all("projects") | _all("domains") | _all("templates")
        | _all("sandbox") | _all("webhooks")
    ),
    "developer": frozenset(
        {("emails", "send"), ("emails", "read"), ("analytics", "read"),
         ("projects", "read"), ("domains", "read"), ("webhooks", "read")}
        | _all("templates") | _all("sandbox")
    ),
    "viewer": frozenset(
        {(scope, "read") for scope, ops in SCOPES.items()
         if "read" in ops and scope not in ("users", "billing")}
        | {("analytics", "export")}
    ),
}

# Access levels as Mailtrap reports them in account accesses and GET /api/accounts.
ROLE_ACCESS_LEVEL = {"owner": 1000, "admin": 100, "developer": 50, "viewer": 10}

ROLES = tuple(ROLE_GRANTS)


class PermissionSpecError(ValueError):
    """An unknown permission, scope or operation; the message names it."""


def parse_scope_string(text):
    """``"emails:send"`` / ``"templates:*"`` -> set of rights."""
    scope, sep, op = text.partition(":")
    if not sep or scope not in SCOPES:
        raise PermissionSpecError("unknown scope: %s" % text)
    if op == "*":
        return _all(scope)
    if op not in SCOPES[scope]:
        raise PermissionSpecError("unknown operation: %s" % text)
    return {(scope, op)}


def parse_permissions(value):
    """Any of the three accepted spellings -> frozenset of rights.

    Lists may mix named permissions (``send_emails``) and token scopes (``emails:send``).
    Maps are scope -> list of operations, ``"*"`` meaning all of them.
    """
    if value is None:
        return frozenset()
    rights = set()
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, str):
                raise PermissionSpecError("permissions must be strings, got %r" % (item,))
            if ":" in item:
                rights |= parse_scope_string(item)
            elif item in NAMED_PERMISSIONS:
                rights |= NAMED_PERMISSIONS[item]
            else:
                raise PermissionSpecError("unknown permission: %s" % item)
        return frozenset(rights)
    if isinstance(value, dict):
        for scope, ops in value.items():
            if scope not in SCOPES:
                raise PermissionSpecError("unknown scope: %s" % scope)
            if not isinstance(ops, list) or not all(isinstance(op, str) for op in ops):
                raise PermissionSpecError("operations of %s must be a list of strings" % scope)
            for op in ops:
                if op == "*":
                    rights |= _all(scope)
                elif op in SCOPES[scope]:
                    rights.add((scope, op))
                else:
                    raise PermissionSpecError("unknown operation: %s:%s" % (scope, op))
        return frozenset(rights)
    raise PermissionSpecError("must be a list or a map of scope to operations")


def to_canonical_map(rights):
    """Set of rights -> ``{"scope": ["op", ...]}`` with sorted, unique operations."""
    result = {}
    for scope, op in rights:
        result.setdefault(scope, []).append(op)
    return {scope: sorted(set(ops)) for scope, ops in sorted(result.items())}


def to_scope_strings(rights):
    """Set of rights -> sorted ``["scope:op", ...]`` (the API token form)."""
    return sorted("%s:%s" % right for right in rights)


def user_rights(user):
    """A user's effective rights: its role's grants plus its extra permissions."""
    extra = frozenset(
        (scope, op) for scope, ops in (user.get("permissions") or {}).items() for op in ops
    )
    return ROLE_GRANTS.get(user.get("role"), frozenset()) | extra


def token_rights(token, owner_user):
    """A token's effective rights: its scopes intersected with its user's rights."""
    if owner_user is None:
        return frozenset()
    scopes = set()
    for text in token.get("scopes") or ():
        scope, _sep, op = text.partition(":")
        scopes.add((scope, op))
    return frozenset(scopes) & user_rights(owner_user)
