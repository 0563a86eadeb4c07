# -*- coding: utf-8 -*-
"""Small helpers shared by the reliability tests (no fixtures here)."""

from __future__ import absolute_import, division, print_function

import os
import re

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
PLAYBOOKS = os.path.join(HERE, "playbooks")
OUTPUT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "output")
ACCOUNT_PREFIX = "/api/accounts/1001/"


def playbook(name):
    return os.path.join(PLAYBOOKS, name)


def recap(output):
    """The PLAY RECAP counters of localhost, e.g. {'ok': 12, 'changed': 0, 'failed': 0, ...}."""
    matches = re.findall(r"^localhost\s*:\s*(.*)$", output, re.M)
    if not matches:
        return {}
    return dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", matches[-1]))


def load_vars(name):
    with open(playbook(name)) as handle:
        return yaml.safe_load(handle)["reliability_baseline"]


def duplicates(values):
    seen = set()
    twice = set()
    for value in values:
        (twice if value in seen else seen).add(value)
    return sorted(twice)


def state_duplicates(state):
    """Duplicate users (by e-mail), projects (by name) and live tokens (by name) in a state dump."""
    return {
        "users": duplicates([u["email"].lower() for u in state.get("users", [])]),
        "projects": duplicates([p["name"].lower() for p in state.get("projects", [])]),
        "tokens": duplicates([t["name"] for t in state.get("tokens", []) if live_token(t)]),
    }


def live_token(token):
    import datetime
    if token.get("revoked") or token.get("deleted"):
        return False
    expires = token.get("expires_at")
    if not expires:
        return True
    when = datetime.datetime.fromisoformat(expires.replace("Z", "+00:00"))
    return when > datetime.datetime.now(datetime.timezone.utc)


def users_by_email(state):
    return dict((u["email"].lower(), u) for u in state.get("users", []))


def project_members(state, name):
    """{email: role} of a project's members, from a state dump."""
    emails = dict((u["id"], u["email"].lower()) for u in state.get("users", []))
    for project in state.get("projects", []):
        if project["name"].lower() == name.lower():
            return dict((emails.get(m["user_id"]), m["role"]) for m in project.get("team_members", []))
    return None


def missing_changes(state, baseline):
    """Every desired change of a users/projects/settings baseline that the state does not show."""
    problems = []
    users = users_by_email(state)
    for entry in baseline.get("users", []):
        user = users.get(entry["email"].lower())
        if user is None:
            problems.append("user %s missing" % entry["email"])
        elif entry.get("role") and user["role"] != entry["role"]:
            problems.append("user %s role %s != %s" % (entry["email"], user["role"], entry["role"]))
    for entry in baseline.get("projects", []):
        members = project_members(state, entry["name"])
        if members is None:
            problems.append("project %s missing" % entry["name"])
            continue
        for member in entry.get("team_members", []):
            role = members.get(member["user"].lower())
            if role != member.get("role", "contributor"):
                problems.append("project %s member %s role %s" % (entry["name"], member["user"], role))
    for section in ("account", "notifications", "security"):
        for key, value in (baseline.get(section) or {}).items():
            if key == "allow_access_narrowing":
                continue
            have = state.get(section if section != "account" else "account", {}).get(key)
            if isinstance(value, dict):
                for sub, subvalue in value.items():
                    if (have or {}).get(sub) != subvalue:
                        problems.append("%s.%s.%s = %r" % (section, key, sub, (have or {}).get(sub)))
            elif have != value:
                problems.append("%s.%s = %r, wanted %r" % (section, key, have, value))
    return problems
