"""The emulator's state: defaults, fixtures, persistence.

State is one JSON-serialisable dict so that it can be dumped (``/_emulator/state``), saved
to a state file and loaded back without any translation layer. Id counters live in it too,
so ids keep increasing across restarts.

Ids of different kinds start in different ranges (users 1.., account accesses 4001..,
tokens 7001.., projects 201.., templates 301..) so that a client mixing up a user id with an
account access id gets a 404 instead of silently hitting the wrong record.
"""

import copy
import datetime
import json
import os
import secrets
import tempfile
import threading

from . import permissions
from .validation import (
    Errors, ValidationFailed, format_time, is_email, is_int, parse_time,
)

STATE_FORMAT = 1

PLAN_NAMES = {"free": "Free", "starter": "Starter", "business": "Business",
              "enterprise": "Enterprise"}

DEFAULT_OWNER_EMAIL = "owner@example.com"

FIRST_IDS = {"user": 1, "account_access": 4001, "token": 7001, "project": 201,
             "template": 301, "audit": 1}


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def now_iso():
    return format_time(utc_now())


def new_token_value():
    return secrets.token_hex(16)


def empty_state(account_id, plan):
    created = now_iso()
    return {
        "format": STATE_FORMAT,
        "account": {"id": account_id, "name": "Example Co", "timezone": "UTC",
                    "notification_email": DEFAULT_OWNER_EMAIL, "plan": plan},
        "users": [],
        "tokens": [],
        "projects": [],
        "templates": [],
        "billing": {"emails_sent": 45000, "emails_limit": 100000, "billing_cycle": "monthly",
                    "next_billing_date": "2026-04-01"},
        "usage": {"transactional_sent": 25000, "bulk_sent": 20000},
        "invoices": [
            {"id": "INV-2026-%03d" % n, "date": "2026-%02d-01" % n, "amount": 99.0,
             "status": "paid",
             "download_url": "https://mailtrap.io/billing/invoices/INV-2026-%03d.pdf" % n}
            for n in (3, 2, 1)
        ],
        "notifications": {"low_credits": True, "weekly_report": False, "bounce_alerts": True,
                          "threshold_percentage": 80},
        "security": {"require_2fa": False, "ip_whitelist": [],
                     "password_policy": {"min_length": 8, "require_special": False,
                                         "require_numbers": False}},
        "sso": {"enabled": False, "provider": None, "metadata_url": None,
                "default_role": None},
        "audit_logs": [],
        "next_ids": dict(FIRST_IDS),
        "created_at": created,
    }


def next_id(state, kind):
    value = state["next_ids"][kind]
    state["next_ids"][kind] = value + 1
    return value


def make_user(state, email, role, rights, name=None, status="invited", user_id=None):
    if user_id is None:
        user_id = next_id(state, "user")
    else:
        state["next_ids"]["user"] = max(state["next_ids"]["user"], user_id + 1)
    user = {
        "id": user_id,
        "email": email.lower(),
        "name": name,
        "role": role,
        "permissions": permissions.to_canonical_map(rights),
        "status": status,
        "specifier_type": "User" if status == "active" else "Invite",
        "account_access_id": next_id(state, "account_access"),
        "two_factor_authentication_enabled": False,
        "created_at": now_iso(),
    }
    state["users"].append(user)
    return user


def display_name(user):
    """A user's name as the live API shows it (specifier.name): the e-mail's local part when unset."""
    return user.get("name") or user["email"].split("@")[0]


def make_token(state, name, rights, owner_user, token_value=None, expires_at=None, created_at=None):
    value = token_value or new_token_value()
    token = {
        "id": next_id(state, "token"),
        "name": name,
        "token": value,
        "last_4_digits": value[-4:],
        "created_by": owner_user["email"],
        # The live API's created_by is the author's display name (ApiToken.created_by: "Name of the
        # user or token that created this token"); kept as it was when the token was made.
        "created_by_name": display_name(owner_user),
        "owner_user_id": owner_user["id"],
        "created_at": created_at or now_iso(),
        "expires_at": expires_at,
        "scopes": permissions.to_scope_strings(rights),
        "account_access_id": next_id(state, "account_access"),
    }
    state["tokens"].append(token)
    return token


def default_state(account_id=1001, plan="business", owner_token="emulator-owner-token"):
    state = empty_state(account_id, plan)
    owner = make_user(state, DEFAULT_OWNER_EMAIL, "owner", frozenset(), name="Account Owner",
                      status="active")
    make_token(state, "Emulator owner token", permissions.ALL_RIGHTS, owner,
               token_value=owner_token)
    for name in ("Welcome", "Password reset", "Invoice"):
        state["templates"].append(
            {"id": next_id(state, "template"), "name": name, "shared_with": []})
    return state


FIXTURE_KEYS = {"account", "plan", "users", "tokens", "projects", "templates", "billing",
                "usage", "invoices", "notifications", "security", "sso", "audit_logs",
                "domains"}  # domains: live dialect only (see live.livify)


def apply_fixture(state, fixture):
    """Load a fixture on top of a default state (see README, "Fixture format").

    Dict sections are merged into the defaults; ``users`` and ``tokens`` are added after the
    built-in owner user and owner token (so ``--token`` keeps working); ``projects``,
    ``templates``, ``invoices`` and ``audit_logs`` replace the defaults when given.
    Raises ValidationFailed on a bad fixture.
    """
    if not isinstance(fixture, dict):
        raise ValidationFailed({"base": ["fixture must be a JSON object"]})
    errors = Errors()
    for key in fixture:
        if key not in FIXTURE_KEYS:
            errors.add(key, "is not a known attribute")
    errors.raise_if_any()

    for section in ("account", "billing", "usage", "notifications", "security", "sso"):
        if section in fixture:
            if not isinstance(fixture[section], dict):
                raise ValidationFailed({section: ["must be an object"]})
            if section == "security" and "password_policy" in fixture[section]:
                state["security"]["password_policy"].update(fixture[section]["password_policy"])
                rest = {k: v for k, v in fixture[section].items() if k != "password_policy"}
                state["security"].update(rest)
            else:
                state[section].update(fixture[section])
    if "plan" in fixture:
        state["account"]["plan"] = fixture["plan"]
    if state["account"]["plan"] not in PLAN_NAMES:
        raise ValidationFailed({"plan": ["must be one of %s" % ", ".join(PLAN_NAMES)]})
    if "id" in fixture.get("account", {}) and not is_int(state["account"]["id"]):
        raise ValidationFailed({"account": ["id must be an integer"]})

    taken = {user["email"] for user in state["users"]}
    for index, spec in enumerate(fixture.get("users") or []):
        where = "users[%d]" % index
        if not isinstance(spec, dict) or not is_email(spec.get("email")):
            raise ValidationFailed({where: ["needs a valid email"]})
        role = spec.get("role", "viewer")
        if role not in permissions.ROLES:
            raise ValidationFailed({where: ["unknown role: %s" % role]})
        try:
            rights = permissions.parse_permissions(spec.get("permissions"))
        except permissions.PermissionSpecError as error:
            raise ValidationFailed({where: [str(error)]})
        email = spec["email"].lower()
        if email in taken:
            raise ValidationFailed({where: ["email has already been taken"]})
        taken.add(email)
        status = spec.get("status", "active")
        if status not in ("active", "invited"):
            raise ValidationFailed({where: ["status must be active or invited"]})
        make_user(state, email, role, rights, name=spec.get("name"), status=status,
                  user_id=spec.get("id") if is_int(spec.get("id")) else None)

    users_by_email = {user["email"]: user for user in state["users"]}
    for index, spec in enumerate(fixture.get("tokens") or []):
        where = "tokens[%d]" % index
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise ValidationFailed({where: ["needs a name"]})
        owner = users_by_email.get(str(spec.get("user", DEFAULT_OWNER_EMAIL)).lower())
        if owner is None:
            raise ValidationFailed({where: ["unknown user: %s" % spec.get("user")]})
        try:
            rights = (permissions.parse_permissions(spec["scopes"]) if "scopes" in spec
                      else permissions.ALL_RIGHTS)
            expires_at = (format_time(parse_time(spec["expires_at"]))
                          if spec.get("expires_at") else None)
            # A fixture may backdate a token, to test rotation by age or by remaining lifetime.
            created_at = (format_time(parse_time(spec["created_at"]))
                          if spec.get("created_at") else None)
        except (permissions.PermissionSpecError, ValueError) as error:
            raise ValidationFailed({where: [str(error)]})
        make_token(state, spec["name"], rights, owner, token_value=spec.get("token"),
                   expires_at=expires_at, created_at=created_at)

    user_ids = {user["id"] for user in state["users"]}
    if "projects" in fixture:
        state["projects"] = []
        for spec in fixture["projects"] or []:
            members = [m for m in spec.get("team_members", []) if m.get("user_id") in user_ids]
            state["projects"].append({"id": next_id(state, "project"), "name": spec["name"],
                                      "team_members": members})
    if "templates" in fixture:
        state["templates"] = []
        for spec in fixture["templates"] or []:
            shared = [s for s in spec.get("shared_with", []) if s.get("user_id") in user_ids]
            state["templates"].append({"id": next_id(state, "template"), "name": spec["name"],
                                       "shared_with": shared})
    if "invoices" in fixture:
        state["invoices"] = list(fixture["invoices"])
    if "audit_logs" in fixture:
        state["audit_logs"] = []
        for spec in fixture["audit_logs"]:
            entry = {"id": next_id(state, "audit"), "timestamp": spec.get("timestamp", now_iso()),
                     "user": spec.get("user", DEFAULT_OWNER_EMAIL), "action": spec["action"],
                     "resource": spec.get("resource", ""),
                     "ip_address": spec.get("ip_address", "127.0.0.1")}
            state["audit_logs"].append(entry)
    return state


class Store:
    """Holds the live state, its lock and its optional state file.

    One lock serialises every API request's access to state; handlers are cheap, so the
    simplicity is worth more than concurrency here.
    """

    def __init__(self, initial_factory, state_file=None):
        self.lock = threading.RLock()
        self.initial_factory = initial_factory
        self.state_file = state_file
        self.dirty = False
        if state_file and os.path.exists(state_file):
            with open(state_file, encoding="utf-8") as handle:
                self.data = json.load(handle)
        else:
            self.data = initial_factory()
            self.save()

    def replace(self, data):
        self.data = data
        self.save()

    def mark_changed(self):
        self.dirty = True

    def save_if_changed(self):
        if self.dirty:
            self.save()

    def save(self):
        """Write the state file atomically (temp file + rename) so a crash never leaves half."""
        self.dirty = False
        if not self.state_file:
            return
        directory = os.path.dirname(os.path.abspath(self.state_file))
        handle, temp_path = tempfile.mkstemp(prefix=".emulator-state-", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self.data, out, indent=1, sort_keys=True)
            os.replace(temp_path, self.state_file)
        except BaseException:
            if os.path.exists(temp_path):
                os.unlink(temp_path)
            raise

    def snapshot(self):
        with self.lock:
            return copy.deepcopy(self.data)
