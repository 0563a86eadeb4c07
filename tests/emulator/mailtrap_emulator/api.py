"""The Mailtrap General API endpoints: routing table and handlers.

Each handler receives a :class:`Call` and returns ``(status, body)``; ``body`` None means no
content. Handlers run under the store lock, raise ``ValidationFailed`` for 422 and
``NotFound`` for 404, and call ``call.audit`` for every state change they make.
"""

import datetime
import ipaddress
import re

from . import permissions
from .state import PLAN_NAMES, make_token, make_user, next_id, now_iso, utc_now
from .validation import (
    Errors, fail, format_time, is_email, is_https_url, is_int,
    is_timezone, normalise_cidr, parse_time, reject_unknown_keys, require_keys,
)

TOKEN_RESET_GRACE = datetime.timedelta(minutes=5)
SSO_PROVIDERS = ("okta", "azure_ad", "google", "onelogin", "saml")
SSO_DEFAULT_ROLES = ("admin", "developer", "viewer")
PROJECT_MEMBER_ROLES = ("manager", "contributor")
SHARE_PERMISSIONS = ("read", "write")


class NotFound(Exception):
    pass


class Forbidden(Exception):
    """403 ``{"errors": message}``: the caller may not do this (live permission checks)."""

    def __init__(self, message="Account access forbidden"):
        super().__init__(message)
        self.message = message


ABSENT = object()  # marks "no request body", as opposed to a JSON null body


class Call:
    """One authenticated API request as the handlers see it."""

    def __init__(self, state, user, token, client_ip, body, query, params):
        self.state = state
        self.user = user          # the user owning the calling token (may be None)
        self.token = token
        self.client_ip = client_ip
        self.body = body          # parsed JSON body, or ABSENT
        self.query = query        # {name: last value}
        self.params = params      # path ids as ints
        self.raw_query = ""       # the query string as sent (repeated and [] parameters)
        self.changed = False

    def audit(self, action, resource):
        self.changed = True
        self.state["audit_logs"].append({
            "id": next_id(self.state, "audit"),
            "timestamp": now_iso(),
            "user": self.user["email"] if self.user else (self.token or {}).get("created_by"),
            "action": action,
            "resource": resource,
            "ip_address": self.client_ip,
        })

    def json_body(self, allowed):
        """The body as an object with only ``allowed`` keys (422 otherwise)."""
        body = {} if self.body is ABSENT else self.body
        if not isinstance(body, dict):
            fail("base", "request body must be a JSON object")
        reject_unknown_keys(body, allowed)
        return body


# ---------------------------------------------------------------- helpers

def find(items, item_id):
    for item in items:
        if item["id"] == item_id:
            return item
    raise NotFound()


def token_is_live(token, now=None):
    expires_at = token.get("expires_at")
    if not expires_at:
        return True
    return parse_time(expires_at) > (now or utc_now())


def active_owner_count(state):
    return sum(1 for u in state["users"] if u["role"] == "owner" and u["status"] == "active")


def is_last_owner(state, user):
    return user["role"] == "owner" and user["status"] == "active" and active_owner_count(state) <= 1


def parse_rights_field(field, value, errors):
    try:
        return permissions.parse_permissions(value)
    except permissions.PermissionSpecError as error:
        errors.add(field, str(error))
        return frozenset()


def user_view(user):
    return {key: user[key] for key in
            ("id", "email", "name", "role", "permissions", "status", "account_access_id",
             "created_at")}


def token_view(token, with_secret=False):
    view = {key: token[key] for key in
            ("id", "name", "last_4_digits", "created_by", "created_at", "expires_at", "scopes")}
    if with_secret:
        view["token"] = token["token"]
    return view


def account_view(state):
    account = state["account"]
    return {"id": account["id"], "name": account["name"], "timezone": account["timezone"],
            "notification_email": account["notification_email"],
            "plan": PLAN_NAMES[account["plan"]]}


# ---------------------------------------------------------------- accounts

def list_accounts(call):
    level = permissions.ROLE_ACCESS_LEVEL.get((call.user or {}).get("role"), 10)
    return 200, [{"id": call.state["account"]["id"], "name": call.state["account"]["name"],
                  "access_levels": [level]}]


def get_account(call):
    return 200, account_view(call.state)


def patch_account(call):
    body = call.json_body({"name", "timezone", "notification_email"})
    errors = Errors()
    if "name" in body and not (isinstance(body["name"], str) and 1 <= len(body["name"].strip()) <= 100):
        errors.add("name", "must be 1 to 100 characters")
    if "timezone" in body and not is_timezone(body["timezone"]):
        errors.add("timezone", "is not a valid IANA time zone")
    if "notification_email" in body and not is_email(body["notification_email"]):
        errors.add("notification_email", "is invalid")
    errors.raise_if_any()
    account = call.state["account"]
    update = dict(body)
    if "name" in update:
        update["name"] = update["name"].strip()
    if "notification_email" in update:
        update["notification_email"] = update["notification_email"].lower()
    if any(account[key] != value for key, value in update.items()):
        account.update(update)
        call.audit("account.updated", account["name"])
    return 200, account_view(call.state)


# ---------------------------------------------------------------- users

def list_users(call):
    return 200, [user_view(u) for u in call.state["users"]]


def get_user(call):
    return 200, user_view(find(call.state["users"], call.params["user_id"]))


def create_user(call):
    body = call.json_body({"email", "role", "permissions", "name"})
    errors = Errors()
    require_keys(body, ("email", "role"), errors)
    email = body.get("email")
    if email is not None and email != "":
        if not is_email(email):
            errors.add("email", "is invalid")
        elif any(u["email"] == email.lower() for u in call.state["users"]):
            errors.add("email", "has already been taken")
    role = body.get("role")
    if role is not None and role != "" and role not in permissions.ROLES:
        errors.add("role", "unknown role: %s" % (role,))
    rights = parse_rights_field("permissions", body.get("permissions"), errors)
    if "name" in body and body["name"] is not None and not isinstance(body["name"], str):
        errors.add("name", "must be a string")
    errors.raise_if_any()
    user = make_user(call.state, email, role, rights, name=body.get("name"), status="invited")
    call.audit("user.invited", user["email"])
    return 201, user_view(user)


def update_user(call):
    user = find(call.state["users"], call.params["user_id"])
    body = call.json_body({"role", "permissions", "name"})
    errors = Errors()
    if "role" in body:
        if body["role"] not in permissions.ROLES:
            errors.add("role", "unknown role: %s" % (body["role"],))
        elif body["role"] != "owner" and is_last_owner(call.state, user):
            errors.add("role", "cannot demote the last owner")
    if "permissions" in body:
        rights = parse_rights_field("permissions", body["permissions"], errors)
    if "name" in body and body["name"] is not None and not isinstance(body["name"], str):
        errors.add("name", "must be a string")
    errors.raise_if_any()
    before = dict(user)
    if "role" in body:
        user["role"] = body["role"]
    if "permissions" in body:
        user["permissions"] = permissions.to_canonical_map(rights)
    if "name" in body:
        user["name"] = body["name"]
    if user != before:
        call.audit("user.updated", user["email"])
    return 200, user_view(user)


def remove_user(call, user):
    state = call.state
    if is_last_owner(state, user):
        fail("base", "cannot remove the last owner")
    state["users"].remove(user)
    # Like Mailtrap: losing the account access also drops project and template access.
    for project in state["projects"]:
        project["team_members"] = [m for m in project["team_members"] if m["user_id"] != user["id"]]
    for template in state["templates"]:
        template["shared_with"] = [s for s in template["shared_with"] if s["user_id"] != user["id"]]
    call.audit("user.removed", user["email"])


# ---------------------------------------------------------------- account accesses

def token_access_level(token):
    writes = [s for s in token["scopes"] if not s.endswith(":read")]
    return 100 if writes else 10


def list_account_accesses(call):
    state = call.state
    account_id = state["account"]["id"]
    result = []
    for user in state["users"]:
        if user["specifier_type"] == "User":
            specifier = {"id": user["id"], "email": user["email"], "name": user["name"],
                         "two_factor_authentication_enabled":
                             user["two_factor_authentication_enabled"]}
        else:
            specifier = {"id": user["id"], "email": user["email"]}
        last_owner = is_last_owner(state, user)
        result.append({
            "id": user["account_access_id"],
            "specifier_type": user["specifier_type"],
            "specifier": specifier,
            "resources": [{"resource_id": account_id, "resource_type": "account",
                           "access_level": permissions.ROLE_ACCESS_LEVEL[user["role"]]}],
            "permissions": {"can_read": True, "can_update": not last_owner,
                            "can_destroy": not last_owner, "can_leave": not last_owner},
        })
    now = utc_now()
    for token in state["tokens"]:
        if not token_is_live(token, now):
            continue
        result.append({
            "id": token["account_access_id"],
            "specifier_type": "ApiToken",
            "specifier": {"id": token["id"], "name": token["name"],
                          "author_name": token["created_by"], "expires_at": token["expires_at"]},
            "resources": [{"resource_id": account_id, "resource_type": "account",
                           "access_level": token_access_level(token)}],
            "permissions": {"can_read": True, "can_update": True, "can_destroy": True,
                            "can_leave": False},
        })
    return 200, result


def delete_account_access(call):
    access_id = call.params["access_id"]
    state = call.state
    for user in state["users"]:
        if user["account_access_id"] == access_id:
            remove_user(call, user)
            return 200, {"id": access_id}
    for token in state["tokens"]:
        if token["account_access_id"] == access_id and token_is_live(token):
            state["tokens"].remove(token)
            call.audit("api_token.deleted", token["name"])
            return 200, {"id": access_id}
    raise NotFound()


# ---------------------------------------------------------------- API tokens

def live_tokens(state):
    now = utc_now()
    return [t for t in state["tokens"] if token_is_live(t, now)]


def find_live_token(state, token_id):
    token = find(state["tokens"], token_id)
    if not token_is_live(token):
        raise NotFound()
    return token


def list_tokens(call):
    return 200, [token_view(t) for t in live_tokens(call.state)]


def get_token(call):
    return 200, token_view(find_live_token(call.state, call.params["token_id"]))


def create_token(call):
    body = call.json_body({"name", "scopes", "expires_at"})
    errors = Errors()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.add("name", "can't be blank")
    elif len(name) > 255:
        errors.add("name", "is too long (maximum is 255 characters)")
    scopes = body.get("scopes")
    rights = frozenset()
    if not isinstance(scopes, list) or not scopes:
        errors.add("scopes", "can't be blank")
    elif not all(isinstance(s, str) for s in scopes):
        errors.add("scopes", "must be a list of strings")
    else:
        for text in scopes:
            try:
                rights |= permissions.parse_scope_string(text)
            except permissions.PermissionSpecError as error:
                errors.add("scopes", str(error))
    expires_at = None
    if body.get("expires_at") is not None:
        try:
            moment = parse_time(body["expires_at"])
            if moment <= utc_now():
                errors.add("expires_at", "must be in the future")
            expires_at = format_time(moment)
        except (ValueError, OverflowError):
            errors.add("expires_at", "is not a valid date or time")
    errors.raise_if_any()
    token = make_token(call.state, name.strip(), rights, call.user, expires_at=expires_at)
    call.audit("api_token.created", token["name"])
    return 200, token_view(token, with_secret=True)


def delete_token(call):
    token = find_live_token(call.state, call.params["token_id"])
    call.state["tokens"].remove(token)
    call.audit("api_token.deleted", token["name"])
    return 204, None


def reset_token(call):
    state = call.state
    old = find_live_token(state, call.params["token_id"])
    call.json_body(set())
    if old["expires_at"]:
        fail("base", "token with an expiry cannot be reset")
    old["expires_at"] = format_time(utc_now() + TOKEN_RESET_GRACE)
    owner = next((u for u in state["users"] if u["id"] == old["owner_user_id"]), None)
    rights = {tuple(s.split(":", 1)) for s in old["scopes"]}
    new = make_token(state, old["name"], rights, owner or call.user)
    # The rotated token keeps its author, even if the caller is someone else.
    new["created_by"] = old["created_by"]
    new["owner_user_id"] = old["owner_user_id"]
    call.audit("api_token.reset", old["name"])
    return 200, token_view(new, with_secret=True)


# ---------------------------------------------------------------- billing

def get_billing(call):
    billing = call.state["billing"]
    return 200, {"plan": PLAN_NAMES[call.state["account"]["plan"]],
                 "emails_sent": billing["emails_sent"], "emails_limit": billing["emails_limit"],
                 "billing_cycle": billing["billing_cycle"],
                 "next_billing_date": billing["next_billing_date"]}


def get_usage(call):
    usage = call.state["usage"]
    limit = call.state["billing"]["emails_limit"]
    total = usage["transactional_sent"] + usage["bulk_sent"]
    percentage = round(total * 100 / limit) if limit else 0
    return 200, {"transactional_sent": usage["transactional_sent"],
                 "bulk_sent": usage["bulk_sent"], "total_sent": total, "limit": limit,
                 "percentage_used": percentage}


def list_invoices(call):
    return 200, list(call.state["invoices"])


# ---------------------------------------------------------------- notifications

NOTIFICATION_FLAGS = ("low_credits", "weekly_report", "bounce_alerts")


def get_notifications(call):
    return 200, dict(call.state["notifications"])


def put_notifications(call):
    body = call.json_body(set(NOTIFICATION_FLAGS) | {"threshold_percentage"})
    errors = Errors()
    for flag in NOTIFICATION_FLAGS:
        if flag in body and not isinstance(body[flag], bool):
            errors.add(flag, "must be true or false")
    if "threshold_percentage" in body:
        value = body["threshold_percentage"]
        if not is_int(value) or not 0 <= value <= 100:
            errors.add("threshold_percentage", "must be an integer from 0 to 100")
    errors.raise_if_any()
    current = call.state["notifications"]
    if any(current.get(key) != value for key, value in body.items()):
        current.update(body)
        call.audit("notifications.updated", "notifications")
    return 200, dict(current)


# ---------------------------------------------------------------- security

PASSWORD_POLICY_KEYS = ("min_length", "require_special", "require_numbers")


def security_view(state):
    security = state["security"]
    return {"require_2fa": security["require_2fa"],
            "ip_whitelist": list(security["ip_whitelist"]),
            "password_policy": dict(security["password_policy"])}


def get_security(call):
    return 200, security_view(call.state)


def put_security(call):
    body = call.json_body({"require_2fa", "ip_whitelist", "password_policy"})
    errors = Errors()
    if "require_2fa" in body and not isinstance(body["require_2fa"], bool):
        errors.add("require_2fa", "must be true or false")
    whitelist = None
    if "ip_whitelist" in body:
        if not isinstance(body["ip_whitelist"], list):
            errors.add("ip_whitelist", "must be a list of CIDR blocks")
        else:
            whitelist = []
            for entry in body["ip_whitelist"]:
                try:
                    cidr = normalise_cidr(entry)
                except ValueError:
                    errors.add("ip_whitelist", "%s is not a valid CIDR block" % (entry,))
                    continue
                if cidr not in whitelist:
                    whitelist.append(cidr)
    policy = body.get("password_policy")
    if "password_policy" in body:
        if not isinstance(policy, dict):
            errors.add("password_policy", "must be an object")
        else:
            for key in policy:
                if key not in PASSWORD_POLICY_KEYS:
                    errors.add("password_policy.%s" % key, "is not a known attribute")
            if "min_length" in policy and (not is_int(policy["min_length"])
                                           or not 8 <= policy["min_length"] <= 128):
                errors.add("password_policy.min_length", "must be an integer from 8 to 128")
            for flag in ("require_special", "require_numbers"):
                if flag in policy and not isinstance(policy[flag], bool):
                    errors.add("password_policy.%s" % flag, "must be true or false")
    errors.raise_if_any()
    security = call.state["security"]
    before = security_view(call.state)
    if "require_2fa" in body:
        security["require_2fa"] = body["require_2fa"]
    if whitelist is not None:
        security["ip_whitelist"] = whitelist
    if policy:
        security["password_policy"].update(policy)
    after = security_view(call.state)
    if after != before:
        call.audit("security.updated", "security")
    return 200, after


# ---------------------------------------------------------------- SSO

def get_sso(call):
    return 200, dict(call.state["sso"])


def configure_sso(call):
    body = call.json_body({"provider", "metadata_url", "default_role"})
    errors = Errors()
    require_keys(body, ("provider", "metadata_url", "default_role"), errors)
    if body.get("provider") not in (None, "") and body["provider"] not in SSO_PROVIDERS:
        errors.add("provider", "must be one of %s" % ", ".join(SSO_PROVIDERS))
    if body.get("metadata_url") not in (None, "") and not is_https_url(body["metadata_url"]):
        errors.add("metadata_url", "must be an https URL")
    if body.get("default_role") not in (None, "") and body["default_role"] not in SSO_DEFAULT_ROLES:
        errors.add("default_role", "must be one of %s" % ", ".join(SSO_DEFAULT_ROLES))
    errors.raise_if_any()
    wanted = {"enabled": True, "provider": body["provider"],
              "metadata_url": body["metadata_url"], "default_role": body["default_role"]}
    if call.state["sso"] != wanted:
        call.state["sso"] = wanted
        call.audit("sso.configured", body["provider"])
    return 200, dict(wanted)


def disable_sso(call):
    if call.state["sso"]["enabled"]:
        provider = call.state["sso"]["provider"]
        call.state["sso"] = {"enabled": False, "provider": None, "metadata_url": None,
                             "default_role": None}
        call.audit("sso.disabled", provider)
    return 204, None


# ---------------------------------------------------------------- audit logs

def list_audit_logs(call):
    query = call.query
    errors = Errors()
    bounds = {}
    for key in ("since", "until"):
        if query.get(key):
            try:
                bounds[key] = parse_time(query[key])
            except (ValueError, OverflowError):
                errors.add(key, "is not a valid date or time")
    limit = None
    if query.get("limit"):
        if not re.fullmatch(r"\d{1,18}", query["limit"]) or int(query["limit"]) < 1:
            errors.add("limit", "must be a positive integer")
        else:
            limit = int(query["limit"])
    errors.raise_if_any()
    result = []
    user_filter = (query.get("user") or "").lower()
    for entry in reversed(call.state["audit_logs"]):
        if query.get("action") and entry["action"] != query["action"]:
            continue
        if user_filter and (entry["user"] or "").lower() != user_filter:
            continue
        if query.get("resource") and entry["resource"] != query["resource"]:
            continue
        if bounds:
            moment = parse_time(entry["timestamp"])
            if "since" in bounds and moment < bounds["since"]:
                continue
            if "until" in bounds and moment > bounds["until"]:
                continue
        result.append(dict(entry))
        if limit is not None and len(result) >= limit:
            break
    return 200, result


# ---------------------------------------------------------------- projects

def validate_project(call, body, project, errors):
    if "name" in body or project is None:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.add("name", "can't be blank")
        elif len(name.strip()) > 100:
            errors.add("name", "is too long (maximum is 100 characters)")
        elif any(p["name"].lower() == name.strip().lower() and p is not project
                 for p in call.state["projects"]):
            errors.add("name", "has already been taken")
    members = None
    if "team_members" in body:
        raw = body["team_members"]
        if not isinstance(raw, list):
            errors.add("team_members", "must be a list")
            return None
        user_ids = {u["id"] for u in call.state["users"]}
        members, seen = [], set()
        for member in raw:
            if not isinstance(member, dict) or set(member) - {"user_id", "role"}:
                errors.add("team_members", "each member needs exactly user_id and role")
                continue
            user_id, role = member.get("user_id"), member.get("role")
            if not is_int(user_id) or user_id not in user_ids:
                errors.add("team_members", "unknown user id: %s" % (user_id,))
            elif user_id in seen:
                errors.add("team_members", "duplicate user id: %s" % (user_id,))
            else:
                seen.add(user_id)
            if not isinstance(role, str) or role not in PROJECT_MEMBER_ROLES:
                errors.add("team_members", "role must be manager or contributor, got %s" % (role,))
            members.append({"user_id": user_id, "role": role})
    return members


def list_projects(call):
    return 200, call.state["projects"]


def get_project(call):
    return 200, find(call.state["projects"], call.params["project_id"])


def create_project(call):
    body = call.json_body({"name", "team_members"})
    errors = Errors()
    members = validate_project(call, body, None, errors)
    errors.raise_if_any()
    project = {"id": next_id(call.state, "project"), "name": body["name"].strip(),
               "team_members": members or []}
    call.state["projects"].append(project)
    call.audit("project.created", project["name"])
    return 201, project


def update_project(call):
    project = find(call.state["projects"], call.params["project_id"])
    body = call.json_body({"name", "team_members"})
    errors = Errors()
    members = validate_project(call, body, project, errors)
    errors.raise_if_any()
    before = {"name": project["name"], "team_members": list(project["team_members"])}
    if "name" in body:
        project["name"] = body["name"].strip()
    if members is not None:
        project["team_members"] = members
    if before != {"name": project["name"], "team_members": project["team_members"]}:
        call.audit("project.updated", project["name"])
    return 200, project


def delete_project(call):
    project = find(call.state["projects"], call.params["project_id"])
    call.state["projects"].remove(project)
    call.audit("project.deleted", project["name"])
    return 204, None


# ---------------------------------------------------------------- templates

def list_templates(call):
    return 200, call.state["templates"]


def get_template(call):
    return 200, find(call.state["templates"], call.params["template_id"])


def create_template(call):
    body = call.json_body({"name"})
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        fail("name", "can't be blank")
    template = {"id": next_id(call.state, "template"), "name": name.strip(), "shared_with": []}
    call.state["templates"].append(template)
    call.audit("template.created", template["name"])
    return 201, template


def share_user_ids(call, body, errors):
    user_ids = body.get("user_ids")
    if not isinstance(user_ids, list) or not user_ids:
        errors.add("user_ids", "can't be blank")
        return []
    known = {u["id"] for u in call.state["users"]}
    valid = []
    for user_id in user_ids:
        if not is_int(user_id) or user_id not in known:
            errors.add("user_ids", "unknown user id: %s" % (user_id,))
        elif user_id not in valid:
            valid.append(user_id)
    return valid


def share_template(call):
    template = find(call.state["templates"], call.params["template_id"])
    body = call.json_body({"user_ids", "permission"})
    errors = Errors()
    user_ids = share_user_ids(call, body, errors)
    if not isinstance(body.get("permission"), str) or body["permission"] not in SHARE_PERMISSIONS:
        errors.add("permission", "must be read or write")
    errors.raise_if_any()
    before = [dict(s) for s in template["shared_with"]]
    shares = {s["user_id"]: s["permission"] for s in template["shared_with"]}
    for user_id in user_ids:
        shares[user_id] = body["permission"]
    template["shared_with"] = [{"user_id": uid, "permission": perm}
                               for uid, perm in sorted(shares.items())]
    if template["shared_with"] != before:
        call.audit("template.shared", template["name"])
    return 200, template


def unshare_template(call):
    template = find(call.state["templates"], call.params["template_id"])
    body = call.json_body({"user_ids"})
    errors = Errors()
    user_ids = set(share_user_ids(call, body, errors))
    errors.raise_if_any()
    remaining = [s for s in template["shared_with"] if s["user_id"] not in user_ids]
    if remaining != template["shared_with"]:
        template["shared_with"] = remaining
        call.audit("template.unshared", template["name"])
    return 200, template


# ---------------------------------------------------------------- routing

A = r"/api/accounts/(?P<account_id>\d+)"
ANY_TOKEN = None  # right needed by GET /api/accounts: any valid token


class Route:
    def __init__(self, method, pattern, handler, right):
        self.method = method
        self.pattern = pattern
        self.regex = re.compile("^" + pattern + "/?$")
        self.handler = handler
        self.right = right  # (scope, operation) or ANY_TOKEN


def _r(method, suffix, handler, scope, op):
    return Route(method, A + suffix, handler, (scope, op))


ROUTES = [
    Route("GET", r"/api/accounts", list_accounts, ANY_TOKEN),
    _r("GET", r"", get_account, "account", "read"),
    _r("PATCH", r"", patch_account, "account", "update"),
    _r("GET", r"/users", list_users, "users", "read"),
    _r("POST", r"/users", create_user, "users", "create"),
    _r("GET", r"/users/(?P<user_id>\d+)", get_user, "users", "read"),
    _r("PATCH", r"/users/(?P<user_id>\d+)", update_user, "users", "update"),
    _r("GET", r"/account_accesses", list_account_accesses, "users", "read"),
    _r("DELETE", r"/account_accesses/(?P<access_id>\d+)", delete_account_access, "users", "delete"),
    _r("GET", r"/api_tokens", list_tokens, "account", "read"),
    _r("POST", r"/api_tokens", create_token, "account", "update"),
    _r("GET", r"/api_tokens/(?P<token_id>\d+)", get_token, "account", "read"),
    _r("DELETE", r"/api_tokens/(?P<token_id>\d+)", delete_token, "account", "update"),
    _r("POST", r"/api_tokens/(?P<token_id>\d+)/reset", reset_token, "account", "update"),
    _r("GET", r"/billing", get_billing, "billing", "read"),
    _r("GET", r"/billing/usage", get_usage, "billing", "read"),
    _r("GET", r"/billing/invoices", list_invoices, "billing", "read"),
    _r("GET", r"/notifications", get_notifications, "account", "read"),
    _r("PUT", r"/notifications", put_notifications, "account", "update"),
    _r("GET", r"/security", get_security, "account", "read"),
    _r("PUT", r"/security", put_security, "account", "update"),
    _r("GET", r"/sso", get_sso, "account", "read"),
    _r("POST", r"/sso", configure_sso, "account", "update"),
    _r("DELETE", r"/sso", disable_sso, "account", "update"),
    _r("GET", r"/audit_logs", list_audit_logs, "account", "read"),
    _r("GET", r"/projects", list_projects, "projects", "read"),
    _r("POST", r"/projects", create_project, "projects", "create"),
    _r("GET", r"/projects/(?P<project_id>\d+)", get_project, "projects", "read"),
    _r("PATCH", r"/projects/(?P<project_id>\d+)", update_project, "projects", "update"),
    _r("DELETE", r"/projects/(?P<project_id>\d+)", delete_project, "projects", "delete"),
    _r("GET", r"/templates", list_templates, "templates", "read"),
    _r("POST", r"/templates", create_template, "templates", "create"),
    _r("GET", r"/templates/(?P<template_id>\d+)", get_template, "templates", "read"),
    _r("POST", r"/templates/(?P<template_id>\d+)/share", share_template, "templates", "update"),
    _r("DELETE", r"/templates/(?P<template_id>\d+)/share", unshare_template, "templates", "update"),
]


def match_route(method, path, routes=None):
    """-> (route, params); (None, [allowed methods]) when only the method is wrong;
    (None, None) for an unknown path."""
    allowed = []
    for route in ROUTES if routes is None else routes:
        found = route.regex.match(path)
        if found:
            if route.method == method:
                return route, found.groupdict()
            allowed.append(route.method)
    return None, (allowed or None)


def ip_allowed(state, client_ip):
    whitelist = state["security"]["ip_whitelist"]
    if not whitelist:
        return True
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    for cidr in whitelist:
        network = ipaddress.ip_network(cidr)
        if address.version == network.version and address in network:
            return True
    return False
