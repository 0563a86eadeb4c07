"""The live dialect: the API mailtrap.io serves today, read from Mailtrap's published OpenAPI specs.

Paths are account-scoped (``/api/accounts/{account_id}/...``, as Mailtrap's SDKs call them; the
specs write them without the account part). Request bodies, status codes and answer shapes follow
``tests/emulator/reference/*.openapi.yml``; the unit tests validate every answer against them.

Rights are per resource, not per scope. The resource tree is::

    account ─┬─ project ── sandbox
             ├─ domain
             ├─ billing                          (id = the account id)
             └─ email_campaign_permission_scope  (id = the account id)

A specifier (user, invite, API token) holds a list of ``{resource_type, resource_id,
access_level}``; its level on a resource is the highest level it holds on that resource or any
ancestor (owner 1000, admin 100, viewer 10). A token acts with the lower of its own level and
its user's level, so a token never outlives its author's rights. What each endpoint needs is in
``tests/emulator/README.md`` ("Live dialect").
"""

import datetime
import hashlib
import math
import re
import urllib.parse
import uuid

from .api import (
    A, Forbidden, NotFound, Route, TOKEN_RESET_GRACE, find, find_live_token,
    live_tokens, token_is_live,
)
from .state import PLAN_NAMES, display_name, make_token, next_id, now_iso, utc_now
from .validation import (
    Errors, ValidationFailed, fail, format_time, is_int, parse_time,
)

OWNER, ADMIN, VIEWER = 1000, 100, 10
INDETERMINATE = 1  # a tree node shown only because something below it is accessible
ACCESS_NAMES = {"admin": ADMIN, "viewer": VIEWER}
BULK_TYPES = ("account", "billing", "project", "sandbox", "domain", "email_campaign_permission_scope")
TOKEN_TYPES = ("account", "project", "sandbox", "domain")
ACCOUNT_SCOPED = ("billing", "email_campaign_permission_scope")  # their id is the account id
# Reported in account accesses (the spec's enums) but never granted through the API.
REPORTED_ONLY_TYPES = ("organization",)
REPORTED_ONLY_LEVELS = (50, 1)  # viewer+, indeterminate
TOKEN_DEFAULT_LIFETIME = datetime.timedelta(days=365)
ROLE_LEVEL = {"owner": OWNER, "admin": ADMIN, "developer": VIEWER, "viewer": VIEWER}
MEMBER_LEVEL = {"manager": ADMIN, "contributor": VIEWER}
NO_PERMISSIONS = "No permissions selected. Please choose at least one."
SANDBOX_HOSTS = {"domain": "sandbox.smtp.mailtrap.io", "pop3_domain": "pop3.mailtrap.io",
                 "email_domain": "inbox.mailtrap.io", "api_domain": "sandbox.api.mailtrap.io"}
TEMPLATE_FIELDS = ("name", "category", "subject", "body_text", "body_html")
TEMPLATE_LIMITS = {"name": 255, "category": 255, "subject": 255, "body_text": 10000000,
                   "body_html": 10000000}
MAX_PER_PAGE = 100


def digest(*parts):
    """Deterministic stand-in secrets (SMTP credentials, share links): same seed, same values."""
    return hashlib.sha256("-".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def grant(resource_type, resource_id, level):
    return {"resource_type": resource_type, "resource_id": resource_id, "access_level": level}


# ---------------------------------------------------------------- state

def make_sandbox(state, project, name, sent=0):
    sandbox_id = next_id(state, "sandbox")
    secret = digest("sandbox", state["account"]["id"], sandbox_id)
    sandbox = {"id": sandbox_id, "name": name, "project_id": project["id"],
               "username": secret[:14], "password": secret[14:28],
               "email_username": "%s-%s" % (secret[28:38], secret[38:44]),
               "email_username_enabled": False, "max_size": 0, "status": "active",
               "sent_messages_count": sent, "forwarded_messages_count": 0, "emails_count": sent,
               "emails_unread_count": 0, "last_message_sent_at": None}
    project["sandboxes"].append(sandbox)
    return sandbox


def livify_project(state, project):
    project.setdefault("sandboxes", [])
    secret = digest("project", state["account"]["id"], project["id"])
    project.setdefault("share_links", {
        "admin": "https://mailtrap.io/projects/%d/share/%s" % (project["id"], secret[:40]),
        "viewer": "https://mailtrap.io/projects/%d/share/%s" % (project["id"], secret[40:])})
    project.pop("team_members", None)


def livify_template(template, created):
    template.pop("shared_with", None)
    template.setdefault("uuid", str(uuid.uuid5(uuid.NAMESPACE_URL, "mailtrap-emulator/template/%d" % template["id"])))
    template.setdefault("category", "General")
    template.setdefault("subject", template["name"])
    template.setdefault("body_text", template["name"])
    template.setdefault("body_html", "<p>%s</p>" % template["name"])
    template.setdefault("created_at", created)
    template.setdefault("updated_at", template["created_at"])


def derived_user_grants(state, user, memberships):
    """The overview's role and team memberships, expressed as live permissions."""
    account_id = state["account"]["id"]
    grants = [grant("account", account_id, ROLE_LEVEL.get(user["role"], VIEWER))]
    for project_id, role in memberships.get(user["id"], []):
        grants.append(grant("project", project_id, MEMBER_LEVEL.get(role, VIEWER)))
    return grants


def derived_token_grants(state, token):
    writes = [s for s in token.get("scopes") or () if not s.endswith(":read")]
    return [grant("account", state["account"]["id"], ADMIN if writes else VIEWER)]


def merge_grants(grants, extra):
    """``extra`` wins for a resource both name (the bulk endpoint's update rule)."""
    keyed = {(g["resource_type"], g["resource_id"]): g for g in grants}
    for item in extra:
        keyed[(item["resource_type"], item["resource_id"])] = item
    return list(keyed.values())


def fixture_grants(state, specs, where, allowed_types, people=False):
    """Fixture permissions: ``resource_id`` or ``resource_name``, ``access_level`` 10/100/admin/viewer.

    A person's grants (``people``) may also carry what the API reports but cannot be given
    through it (the spec's AccountAccess enums): levels 50 (viewer+) and 1 (indeterminate), and an
    ``organization`` (by ``resource_id``; above the account, so it gives nothing inside it here)."""
    result = []
    if not isinstance(specs, list):
        raise ValidationFailed({where: ["resources must be a list"]})
    types = allowed_types + (REPORTED_ONLY_TYPES if people else ())
    for spec in specs:
        if not isinstance(spec, dict) or spec.get("resource_type") not in types:
            raise ValidationFailed({where: ["resource_type must be one of %s" % ", ".join(types)]})
        rtype = spec["resource_type"]
        if "resource_name" in spec:
            rid = resource_id_by_name(state, rtype, spec["resource_name"])
        else:
            rid = spec.get("resource_id", state["account"]["id"] if rtype in ("account",) + ACCOUNT_SCOPED else None)
        known = rtype in REPORTED_ONLY_TYPES or resource_name(state, rtype, rid) is not None
        if not is_int(rid) or not known:
            raise ValidationFailed({where: ["unknown %s: %s" % (rtype, spec.get("resource_name", rid))]})
        level = parse_level(spec.get("access_level"))
        if level is None and people and spec.get("access_level") in REPORTED_ONLY_LEVELS:
            level = spec["access_level"]
        if level is None:
            raise ValidationFailed({where: ["access_level must be admin, viewer, 100 or 10"]})
        result.append(grant(rtype, rid, level))
    return result


def livify(state, fixture):
    """Turn an overview state (defaults + fixture) into the live dialect's state, in place.

    Users and invites keep their ids and account access ids; their role becomes an
    account-level permission (owner 1000, admin 100, developer and viewer 10) and each project
    membership a project permission (manager 100, contributor 10). Tokens' scopes become an
    account permission (admin when any scope writes, else viewer). A fixture may add live-only
    data: ``domains``, ``projects[].sandboxes``, ``users[].resources``, ``tokens[].resources``
    and template ``category``/``subject``/``body_html``/``body_text``.
    """
    state["dialect"] = "live"
    state["next_ids"].setdefault("sandbox", 2001)
    state["next_ids"].setdefault("domain", 5001)
    created = state.get("created_at") or now_iso()
    if "domains" not in state:
        state["domains"] = []
        for spec in fixture.get("domains") or []:
            if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
                raise ValidationFailed({"domains": ["each domain needs a name"]})
            state["domains"].append({"id": next_id(state, "domain"), "name": spec["name"]})

    memberships = {}
    for project in state["projects"]:
        for member in project.get("team_members") or []:
            memberships.setdefault(member["user_id"], []).append((project["id"], member["role"]))
    project_specs = fixture.get("projects") or []
    for index, project in enumerate(state["projects"]):
        fresh = "sandboxes" not in project
        livify_project(state, project)
        spec = project_specs[index] if index < len(project_specs) and fresh else {}
        for sandbox in spec.get("sandboxes") or []:
            if not isinstance(sandbox, dict) or not isinstance(sandbox.get("name"), str):
                raise ValidationFailed({"projects": ["each sandbox needs a name"]})
            make_sandbox(state, project, sandbox["name"], sent=sandbox.get("sent_messages_count", 0))
    template_specs = fixture.get("templates") or []
    for index, template in enumerate(state["templates"]):
        if index < len(template_specs) and "uuid" not in template:
            for key in ("category", "subject", "body_text", "body_html"):
                if isinstance(template_specs[index].get(key), str):
                    template[key] = template_specs[index][key]
        livify_template(template, created)

    user_specs = {str(s.get("email", "")).lower(): s for s in fixture.get("users") or [] if isinstance(s, dict)}
    for user in state["users"]:
        if "resources" in user:
            continue
        grants = derived_user_grants(state, user, memberships)
        if user["role"] != "owner" and "resources" in user_specs.get(user["email"], {}):
            where = "users[%s]" % user["email"]
            grants = merge_grants(grants, fixture_grants(state, user_specs[user["email"]]["resources"],
                                                         where, BULK_TYPES, people=True))
        user["resources"] = grants
    token_specs = fixture.get("tokens") or []
    for index, token in enumerate(state["tokens"]):
        if "resources" in token:
            continue
        spec = token_specs[index - 1] if 0 < index <= len(token_specs) else {}
        if isinstance(spec, dict) and "resources" in spec:
            token["resources"] = fixture_grants(state, spec["resources"], "tokens[%d]" % (index - 1), TOKEN_TYPES)
        else:
            token["resources"] = derived_token_grants(state, token)
        token.pop("scopes", None)
    return state


# ---------------------------------------------------------------- the resource tree

def all_sandboxes(state):
    for project in state["projects"]:
        yield from project["sandboxes"]


def resource_name(state, rtype, rid):
    """The resource's display name, or None when it does not exist."""
    account = state["account"]
    if rtype == "account":
        return account["name"] if rid == account["id"] else None
    if rtype == "billing":
        return "Billing" if rid == account["id"] else None
    if rtype == "email_campaign_permission_scope":
        return "Email Campaigns" if rid == account["id"] else None
    items = {"project": state["projects"], "sandbox": list(all_sandboxes(state)),
             "domain": state.get("domains", [])}.get(rtype, [])
    return next((item["name"] for item in items if item["id"] == rid), None)


def resource_id_by_name(state, rtype, name):
    items = {"project": state["projects"], "sandbox": list(all_sandboxes(state)),
             "domain": state.get("domains", [])}.get(rtype, [])
    return next((item["id"] for item in items if item["name"] == name), None)


def lineage(state, rtype, rid):
    """The resource and its ancestors, as (type, id) pairs."""
    chain = [(rtype, rid)]
    if rtype == "sandbox":
        sandbox = next((s for s in all_sandboxes(state) if s["id"] == rid), None)
        if sandbox is not None:
            chain.append(("project", sandbox["project_id"]))
    if rtype != "account":
        chain.append(("account", state["account"]["id"]))
    return chain


def grants_level(state, grants, rtype, rid):
    chain = set(lineage(state, rtype, rid))
    return max((g["access_level"] for g in grants or ()
                if (g["resource_type"], g["resource_id"]) in chain), default=0)


def user_level(state, user, rtype, rid):
    if user is None:
        return 0
    return grants_level(state, user.get("resources"), rtype, rid)


def token_level(state, token, user, rtype, rid):
    """What a token may do: its own level, capped by its user's."""
    return min(grants_level(state, token.get("resources"), rtype, rid), user_level(state, user, rtype, rid))


def level(call, rtype="account", rid=None):
    if rid is None:
        rid = call.state["account"]["id"]
    return token_level(call.state, call.token, call.user, rtype, rid)


def require(call, minimum, rtype="account", rid=None):
    if level(call, rtype, rid) < minimum:
        raise Forbidden()


def crud_permissions(access_level):
    return {"can_read": access_level >= VIEWER, "can_update": access_level >= ADMIN,
            "can_destroy": access_level >= ADMIN, "can_leave": False}


def parse_level(value):
    # A fuzzer's list or object is no level (and must not reach the dict lookup: unhashable).
    if isinstance(value, str) and value in ACCESS_NAMES:
        return ACCESS_NAMES[value]
    if isinstance(value, str) and value.strip() in ("10", "100"):
        return int(value.strip())
    if is_int(value) and value in (VIEWER, ADMIN):
        return value
    return None


def parse_resource_id(value):
    if is_int(value):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,18}", value.strip()):
        return int(value.strip())
    return None


# ---------------------------------------------------------------- accounts

def list_accounts(call):
    if call.user is None:
        return 200, []
    account = call.state["account"]
    return 200, [{"id": account["id"], "name": account["name"],
                  "access_levels": [user_level(call.state, call.user, "account", account["id"])]}]


# ---------------------------------------------------------------- account accesses

def query_ids(call, *names):
    """Ids from ``name=1,2``, repeated ``name=1&name=2`` or Rails' ``name[]=1``; None when absent."""
    found = None
    for key, values in urllib.parse.parse_qs(call.raw_query or "", keep_blank_values=True).items():
        if key not in names and not (key.endswith("[]") and key[:-2] in names):
            continue
        found = found if found is not None else set()
        for value in values:
            for part in value.split(","):
                rid = parse_resource_id(part)
                if rid is not None:
                    found.add(rid)
    return found


def access_view(state, user, caller):
    if user["status"] == "active":
        specifier = {"id": user["id"], "email": user["email"],
                     "name": display_name(user),
                     "two_factor_authentication_enabled": user["two_factor_authentication_enabled"]}
    else:
        specifier = {"id": user["id"], "email": user["email"]}
    owner = user["role"] == "owner"
    return {"id": user["account_access_id"],
            "specifier_type": "User" if user["status"] == "active" else "Invite",
            "specifier": specifier,
            "resources": [dict(g) for g in user["resources"]],
            "permissions": {"can_read": True, "can_update": not owner, "can_destroy": not owner,
                            "can_leave": caller is user and not owner}}


def list_account_accesses(call):
    require(call, ADMIN)
    state = call.state
    filters = [(rtype, query_ids(call, *names)) for rtype, names in
               (("project", ("project_ids",)), ("sandbox", ("sandbox_ids", "inbox_ids")),
                ("domain", ("domain_ids",)))]
    filters = [(rtype, ids) for rtype, ids in filters if ids is not None]
    result = []
    for user in state["users"]:
        if filters and not any(resource_name(state, rtype, rid) is not None
                               and user_level(state, user, rtype, rid) >= VIEWER
                               for rtype, ids in filters for rid in ids):
            continue
        result.append(access_view(state, user, call.user))
    return 200, result


def find_specifier(call):
    """(user, token) holding the account access in the path; one of them is None."""
    access_id = call.params["access_id"]
    for user in call.state["users"]:
        if user["account_access_id"] == access_id:
            return user, None
    for token in call.state["tokens"]:
        if token["account_access_id"] == access_id and token_is_live(token):
            return None, token
    raise NotFound()


def delete_account_access(call):
    require(call, ADMIN)
    user, token = find_specifier(call)
    if user is not None:
        if user["role"] == "owner":
            raise Forbidden("The account owner's access cannot be removed")
        call.state["users"].remove(user)
        call.audit("user.removed", user["email"])
    else:
        call.state["tokens"].remove(token)
        call.audit("api_token.deleted", token["name"])
    return 200, {"id": call.params["access_id"]}


def validate_bulk(call, allowed_types):
    # The spec contradicts itself: its description says "send an array of objects as the body",
    # its schema (and example) say {"permissions": [...]}. Both are taken.
    if isinstance(call.body, list):
        items = call.body
    else:
        items = call.json_body({"permissions"}).get("permissions")
    if not isinstance(items, list) or not items:
        fail("permissions", "can't be blank")
    seen = set()
    errors = Errors()
    changes = []
    for index, item in enumerate(items):
        where = "permissions[%d]" % index
        if not isinstance(item, dict):
            errors.add(where, "must be an object")
            continue
        for key in item:
            if key not in ("resource_id", "resource_type", "access_level", "_destroy"):
                errors.add("%s.%s" % (where, key), "is not a known attribute")
        rtype, rid = item.get("resource_type"), parse_resource_id(item.get("resource_id"))
        destroy = item.get("_destroy", False)
        if not isinstance(destroy, bool):
            errors.add(where + "._destroy", "must be true or false")
        if rtype not in allowed_types:
            errors.add(where + ".resource_type", "must be one of %s" % ", ".join(allowed_types))
        elif rid is None:
            errors.add(where + ".resource_id", "must be an id")
        elif resource_name(call.state, rtype, rid) is None:
            errors.add(where + ".resource_id", "%s %s does not exist" % (rtype, rid))
        access = None if destroy is True else parse_level(item.get("access_level"))
        if destroy is not True and access is None:
            errors.add(where + ".access_level", "must be admin, viewer, 100 or 10")
        if rid is not None and rtype in allowed_types:  # a str: hashable
            if (rtype, rid) in seen:
                # Which of two answers for one resource wins is undefined: refused, not guessed.
                errors.add(where, "%s %s is given twice" % (rtype, rid))
            seen.add((rtype, rid))
        changes.append((rtype, rid, access, destroy is True))
    errors.raise_if_any()
    return changes


def bulk_permissions(call):
    require(call, ADMIN)
    user, token = find_specifier(call)
    if user is not None and user["role"] == "owner":
        raise Forbidden("The account owner's permissions cannot be changed")
    holder = user if user is not None else token
    changes = validate_bulk(call, BULK_TYPES if user is not None else TOKEN_TYPES)
    before = [dict(g) for g in holder["resources"]]
    grants = holder["resources"]
    account_id = call.state["account"]["id"]
    account_before = grants_level(call.state, grants, "account", account_id)
    for rtype, rid, access, destroy in changes:
        grants[:] = [g for g in grants if (g["resource_type"], g["resource_id"]) != (rtype, rid)]
        if not destroy:
            grants.append(grant(rtype, rid, access))
    if grants != before:
        account_after = grants_level(call.state, grants, "account", account_id)
        if user is not None and account_after != account_before:
            # Keep the overview's role in step for the state dump (the live truth is the grants).
            user["role"] = {ADMIN: "admin", VIEWER: "viewer"}.get(account_after, user["role"])
        call.audit("account_access.updated", user["email"] if user is not None else holder["name"])
    return 200, {"message": "Permissions have been updated!"}


def resource_tree(call):
    state = call.state
    account_id = state["account"]["id"]

    def node(rtype, rid, name, children=()):
        shown = [child for child in children if child is not None]
        access = level(call, rtype, rid)
        if access < VIEWER and not shown:
            return None
        return {"id": rid, "name": name, "type": rtype,
                "access_level": access if access >= VIEWER else INDETERMINATE, "resources": shown}

    children = [node("project", p["id"], p["name"],
                     [node("sandbox", s["id"], s["name"]) for s in p["sandboxes"]])
                for p in state["projects"]]
    children += [node("domain", d["id"], d["name"]) for d in state["domains"]]
    children.append(node("billing", account_id, "Billing"))
    children.append(node("email_campaign_permission_scope", account_id, "Email Campaigns"))
    root = node("account", account_id, state["account"]["name"], children)
    return 200, [root] if root is not None else []


# ---------------------------------------------------------------- API tokens

def token_view(token, with_secret=False):
    view = {"id": token["id"], "name": token["name"], "last_4_digits": token["last_4_digits"],
            "created_by": token.get("created_by_name") or token["created_by"], "expires_at": token["expires_at"],
            "resources": [dict(g) for g in token["resources"]]}
    if with_secret:
        view["token"] = token["token"]
    return view


def list_tokens(call):
    require(call, VIEWER)
    return 200, [token_view(t) for t in live_tokens(call.state)]


def get_token(call):
    require(call, VIEWER)
    return 200, token_view(find_live_token(call.state, call.params["token_id"]))


def expiry_from(body, errors):
    """Absent: one year from now (what Mailtrap's SDKs document); null: never; else a future time."""
    if "expires_at" not in body:
        return format_time(utc_now() + TOKEN_DEFAULT_LIFETIME)
    if body["expires_at"] is None:
        return None
    try:
        moment = parse_time(body["expires_at"])
    except (ValueError, OverflowError):
        errors.add("expires_at", "is not a valid date or time")
        return None
    if moment <= utc_now():
        errors.add("expires_at", "must be in the future")
    return format_time(moment)


def token_resources(call, raw, errors):
    if raw is None or raw == []:
        errors.add("base", NO_PERMISSIONS)
        return []
    if not isinstance(raw, list):
        errors.add("resources", "must be a list")
        return []
    result, seen = [], set()
    for index, item in enumerate(raw):
        where = "resources[%d]" % index
        if not isinstance(item, dict) or set(item) != {"resource_type", "resource_id", "access_level"}:
            errors.add(where, "needs exactly resource_type, resource_id and access_level")
            continue
        rtype, rid, access = item["resource_type"], parse_resource_id(item["resource_id"]), item["access_level"]
        if rtype not in TOKEN_TYPES:
            errors.add(where + ".resource_type", "must be one of %s" % ", ".join(TOKEN_TYPES))
        elif rid is None or resource_name(call.state, rtype, rid) is None:
            errors.add(where + ".resource_id", "%s %s does not exist" % (rtype, item["resource_id"]))
        elif (rtype, rid) in seen:
            errors.add(where, "%s %s is given twice" % (rtype, rid))
        if not is_int(access) or access not in (VIEWER, ADMIN):
            errors.add(where + ".access_level", "must be 100 (admin) or 10 (viewer)")
        if not errors:
            seen.add((rtype, rid))
            result.append(grant(rtype, rid, access))
    return result


def create_token(call):
    require(call, ADMIN)
    body = call.json_body({"name", "resources", "expires_at"})
    errors = Errors()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        errors.add("name", "can't be blank")
    elif len(name) > 255:
        errors.add("name", "is too long (maximum is 255 characters)")
    resources = token_resources(call, body.get("resources"), errors)
    expires_at = expiry_from(body, errors)
    errors.raise_if_any()
    for item in resources:
        if item["access_level"] > level(call, item["resource_type"], item["resource_id"]):
            raise Forbidden("A token cannot get more access than its author has")
    token = make_token(call.state, name.strip(), frozenset(), call.user, expires_at=expires_at)
    token.pop("scopes", None)
    token["resources"] = resources
    call.audit("api_token.created", token["name"])
    return 200, token_view(token, with_secret=True)


def delete_token(call):
    require(call, ADMIN)
    token = find_live_token(call.state, call.params["token_id"])
    call.state["tokens"].remove(token)
    call.audit("api_token.deleted", token["name"])
    return 204, None


RESET_NEEDS_NO_EXPIRY = "only tokens that have not already been reset (no expiration set) can be reset"


def reset_token(call):
    require(call, ADMIN)
    state = call.state
    old = find_live_token(state, call.params["token_id"])
    body = call.json_body({"expires_at"})
    errors = Errors()
    if old["expires_at"]:
        # The spec: "Only tokens that have not already been reset (no expiration set) can be reset";
        # its reset lists 422 (UNPROCESSABLE_ENTITY) for what it refuses.
        errors.add("base", RESET_NEEDS_NO_EXPIRY)
    expires_at = expiry_from(body, errors)
    errors.raise_if_any()
    old["expires_at"] = format_time(utc_now() + TOKEN_RESET_GRACE)
    owner = next((u for u in state["users"] if u["id"] == old["owner_user_id"]), None)
    new = make_token(state, old["name"], frozenset(), owner or call.user, expires_at=expires_at)
    new.pop("scopes", None)
    new["resources"] = [dict(g) for g in old["resources"]]
    # The rotated token keeps its author, even if the caller is someone else.
    new["created_by"] = old["created_by"]
    new["created_by_name"] = old.get("created_by_name")
    new["owner_user_id"] = old["owner_user_id"]
    call.audit("api_token.reset", old["name"])
    return 200, token_view(new, with_secret=True)


# ---------------------------------------------------------------- billing

def get_usage(call):
    require(call, VIEWER, "billing")
    state = call.state
    billing, usage = state["billing"], state["usage"]
    cycle_end = parse_time(billing["next_billing_date"])
    days = 365 if billing.get("billing_cycle") in ("annual", "yearly") else 30
    cycle_start = cycle_end - datetime.timedelta(days=days)
    sandboxes = list(all_sandboxes(state))
    limit = billing["emails_limit"]
    plan = PLAN_NAMES[state["account"]["plan"]]

    def counter(current, maximum):
        return {"current": current, "limit": maximum}

    return 200, {
        "billing": {"cycle_start": format_time(cycle_start), "cycle_end": format_time(cycle_end)},
        "testing": {"plan": {"name": plan},
                    "usage": {"sent_messages_count": counter(sum(s["sent_messages_count"] for s in sandboxes), 5000),
                              "forwarded_messages_count": counter(
                                  sum(s["forwarded_messages_count"] for s in sandboxes), 100)}},
        "sending": {"plan": {"name": "%s %dK" % (plan, limit // 1000)},
                    "usage": {"sent_messages_count": counter(usage["transactional_sent"], limit)}},
        "marketing": {"plan": {"name": "Marketing %s" % plan},
                      "usage": {"sent_messages_count": counter(usage["bulk_sent"], limit)}},
    }


# ---------------------------------------------------------------- projects

def sandbox_view(call, sandbox):
    access = level(call, "sandbox", sandbox["id"])
    view = {key: sandbox[key] for key in
            ("id", "name", "username", "max_size", "status", "email_username", "email_username_enabled",
             "sent_messages_count", "forwarded_messages_count", "project_id", "emails_count",
             "emails_unread_count", "last_message_sent_at")}
    view["password"] = sandbox["password"] if access >= ADMIN else None
    view["used"] = sandbox["sent_messages_count"] > 0
    view["forward_from_email_address"] = "a%d-i%d@forward.mailtrap.info" % (sandbox["id"], sandbox["project_id"])
    view.update(SANDBOX_HOSTS)
    view["smtp_ports"] = [25, 465, 587, 2525]
    view["pop3_ports"] = [1100, 9950]
    view["max_message_size"] = 5242880
    view["permissions"] = crud_permissions(access)
    return view


def visible_sandboxes(call, project):
    return [s for s in project["sandboxes"] if level(call, "sandbox", s["id"]) >= VIEWER]


def project_view(call, project):
    access = level(call, "project", project["id"])
    links = dict(project["share_links"]) if access >= ADMIN else {"viewer": project["share_links"]["viewer"]}
    return {"id": project["id"], "name": project["name"], "share_links": links,
            "sandboxes": [sandbox_view(call, s) for s in visible_sandboxes(call, project)],
            "permissions": crud_permissions(access)}


def list_projects(call):
    return 200, [project_view(call, p) for p in call.state["projects"]
                 if level(call, "project", p["id"]) >= VIEWER or visible_sandboxes(call, p)]


def readable_project(call):
    project = find(call.state["projects"], call.params["project_id"])
    if level(call, "project", project["id"]) < VIEWER and not visible_sandboxes(call, project):
        raise Forbidden()
    return project


def get_project(call):
    return 200, project_view(call, readable_project(call))


def project_fields(call, project):
    body = call.json_body({"project"})
    inner = body.get("project")
    if not isinstance(inner, dict):
        fail("project", "can't be blank" if inner is None else "must be an object")
    errors = Errors()
    for key in inner:
        if key != "name":
            errors.add("project.%s" % key, "is not a known attribute")
    if "name" in inner or project is None:
        name = inner.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.add("name", "can't be blank")
        elif len(name.strip()) < 2:
            errors.add("name", "is too short (minimum is 2 characters)")
        elif len(name.strip()) > 100:
            errors.add("name", "is too long (maximum is 100 characters)")
        elif any(p["name"].lower() == name.strip().lower() and p is not project for p in call.state["projects"]):
            errors.add("name", "has already been taken")
    errors.raise_if_any()
    return {"name": inner["name"].strip()} if "name" in inner else {}


def create_project(call):
    require(call, ADMIN)
    fields = project_fields(call, None)
    project = {"id": next_id(call.state, "project"), "name": fields["name"]}
    livify_project(call.state, project)
    call.state["projects"].append(project)
    call.audit("project.created", project["name"])
    return 200, project_view(call, project)


def update_project(call):
    project = readable_project(call)
    require(call, ADMIN, "project", project["id"])
    fields = project_fields(call, project)
    if fields and fields["name"] != project["name"]:
        project["name"] = fields["name"]
        call.audit("project.updated", project["name"])
    return 200, project_view(call, project)


def delete_project(call):
    project = readable_project(call)
    require(call, ADMIN, "project", project["id"])
    gone = {("project", project["id"])} | {("sandbox", s["id"]) for s in project["sandboxes"]}
    call.state["projects"].remove(project)
    # Permissions on a deleted resource go with it, for users and tokens alike.
    for holder in call.state["users"] + call.state["tokens"]:
        holder["resources"] = [g for g in holder["resources"]
                               if (g["resource_type"], g["resource_id"]) not in gone]
    call.audit("project.deleted", project["name"])
    return 200, {"id": project["id"]}


# ---------------------------------------------------------------- email templates

def template_view(template):
    return {key: template[key] for key in
            ("id", "uuid", "name", "category", "subject", "body_text", "body_html", "created_at", "updated_at")}


def template_fields(call, creating):
    body = call.json_body({"email_template"})
    inner = body.get("email_template")
    if not isinstance(inner, dict):
        fail("email_template", "can't be blank" if inner is None else "must be an object")
    errors = Errors()
    for key in inner:
        if key not in TEMPLATE_FIELDS:
            errors.add(key, "is not a known attribute")
    for key in TEMPLATE_FIELDS:
        value = inner.get(key)
        required = key in ("name", "subject", "category")
        if key not in inner:
            # The spec's PATCH body is EmailTemplateRequest too, which requires name, subject and
            # category: an update sends them all, not a subset.
            if required:
                errors.add(key, "can't be blank")
            continue
        if not isinstance(value, str) or (required and not value.strip()):
            errors.add(key, "can't be blank" if required else "must be a string")
        elif len(value) > TEMPLATE_LIMITS[key]:
            errors.add(key, "is too long (maximum is %d characters)" % TEMPLATE_LIMITS[key])
    errors.raise_if_any()
    return {key: inner[key] for key in TEMPLATE_FIELDS if key in inner}


def list_email_templates(call):
    require(call, VIEWER)
    return 200, [template_view(t) for t in call.state["templates"]]


def get_email_template(call):
    require(call, VIEWER)
    return 200, template_view(find(call.state["templates"], call.params["template_id"]))


def create_email_template(call):
    require(call, ADMIN)
    fields = template_fields(call, creating=True)
    template = {"id": next_id(call.state, "template"), "body_text": "", "body_html": ""}
    template.update(fields)
    livify_template(template, now_iso())
    call.state["templates"].append(template)
    call.audit("template.created", template["name"])
    return 201, template_view(template)


def update_email_template(call):
    require(call, ADMIN)
    template = find(call.state["templates"], call.params["template_id"])
    fields = template_fields(call, creating=False)
    if any(template[key] != value for key, value in fields.items()):
        template.update(fields)
        template["updated_at"] = now_iso()
        call.audit("template.updated", template["name"])
    return 200, template_view(template)


def delete_email_template(call):
    require(call, ADMIN)
    template = find(call.state["templates"], call.params["template_id"])
    call.state["templates"].remove(template)
    call.audit("template.deleted", template["name"])
    return 204, None


def page_param(call, name, default, errors):
    raw = call.query.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) < 1:
        errors.add(name, "must be a positive integer")
        return default
    return int(raw)


def list_templates_paginated(call):
    """Mailtrap's newer ``/templates``: the same records in a ``{"data", "pagination"}`` envelope."""
    require(call, VIEWER)
    errors = Errors()
    page = page_param(call, "page", 1, errors)
    per_page = page_param(call, "per_page", 25, errors)
    if per_page > MAX_PER_PAGE:
        errors.add("per_page", "must be at most %d" % MAX_PER_PAGE)
    errors.raise_if_any()
    templates = call.state["templates"]
    total_pages = max(1, math.ceil(len(templates) / per_page))
    chunk = templates[(page - 1) * per_page:page * per_page]
    return 200, {"data": [template_view(t) for t in chunk],
                 "pagination": {"page": page, "per_page": per_page, "total_count": len(templates),
                                "total_pages": total_pages,
                                "next_page": page + 1 if page < total_pages else None,
                                "prev_page": page - 1 if 1 < page <= total_pages + 1 else None}}


# ---------------------------------------------------------------- routing

# Every operation of the published specs, by the path suffix after /api/accounts/{account_id}.
SPEC_OPERATIONS = [
    ("GET", r"/account_accesses", list_account_accesses),
    ("DELETE", r"/account_accesses/(?P<access_id>\d+)", delete_account_access),
    ("PUT", r"/account_accesses/(?P<access_id>\d+)/permissions/bulk", bulk_permissions),
    ("GET", r"/permissions/resources", resource_tree),
    ("GET", r"/api_tokens", list_tokens),
    ("POST", r"/api_tokens", create_token),
    ("GET", r"/api_tokens/(?P<token_id>\d+)", get_token),
    ("DELETE", r"/api_tokens/(?P<token_id>\d+)", delete_token),
    ("POST", r"/api_tokens/(?P<token_id>\d+)/reset", reset_token),
    ("GET", r"/billing/usage", get_usage),
    ("GET", r"/projects", list_projects),
    ("POST", r"/projects", create_project),
    ("GET", r"/projects/(?P<project_id>\d+)", get_project),
    ("PATCH", r"/projects/(?P<project_id>\d+)", update_project),
    ("DELETE", r"/projects/(?P<project_id>\d+)", delete_project),
    ("GET", r"/email_templates", list_email_templates),
    ("POST", r"/email_templates", create_email_template),
    ("GET", r"/email_templates/(?P<template_id>\d+)", get_email_template),
    ("PATCH", r"/email_templates/(?P<template_id>\d+)", update_email_template),
    ("DELETE", r"/email_templates/(?P<template_id>\d+)", delete_email_template),
]

# Each is served twice: account-scoped, as the SDKs (and the collection) call it, and at the spec's
# own path, /api/<suffix>, where the account is the token's (as the specs' cURL samples call it).
# /templates (paginated) is in no spec file: only its account-scoped form exists.
ROUTES = ([Route("GET", r"/api/accounts", list_accounts, None)]
          + [Route(method, A + suffix, handler, None) for method, suffix, handler in SPEC_OPERATIONS]
          + [Route(method, r"/api" + suffix, handler, None) for method, suffix, handler in SPEC_OPERATIONS]
          + [Route("GET", A + r"/templates", list_templates_paginated, None)])
