"""Built-in fixtures, chosen with ``--seed NAME`` (or ``Emulator(seed="NAME")``).

``rich``: an account that looks adopted rather than new, for export / drift / round-trip tests.
Deterministic: the same ids, names, token values, expiries and memberships on every start
(only ``created_at`` of users follows the clock). The same fixture serves both dialects: the
overview reads roles, scopes, team members and template shares; the live dialect turns those
into per-resource permissions and adds the live-only parts (domains, sandboxes, extra
resource grants, template subjects).
"""

ROLE_PLAN = ["owner"] * 2 + ["admin"] * 8 + ["developer"] * 15 + ["viewer"] * 20
EXTRA_PERMISSIONS = [["view_billing"], ["manage_contacts", "export_data"], ["manage_templates"],
                     ["emails:send"], {"domains": ["read", "verify"]}]
FIRST_NAMES = ["Ada", "Alan", "Barbara", "Claude", "Donald", "Edsger", "Frances", "Grace", "Hedy",
               "Ivan", "John", "Katherine", "Leslie", "Margaret", "Niklaus"]
PROJECT_NAMES = ["Alpha", "Billing Service", "Checkout", "Data Platform", "Edge", "Frontend",
                 "Growth", "Helpdesk", "Identity", "Jobs", "Kiosk", "Ledger"]
DOMAINS = ["example.com", "mail.example.com", "news.example.org"]


def _users():
    users = []
    for index, role in enumerate(ROLE_PLAN):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        user = {"email": "%s.%02d@example.com" % (first.lower(), index + 2), "role": role,
                "name": "%s %02d" % (first, index + 2)}
        if role != "owner" and index % 7 == 3:
            user["status"] = "invited"
        if role in ("developer", "viewer") and index % 3 == 0:
            user["permissions"] = EXTRA_PERMISSIONS[index % len(EXTRA_PERMISSIONS)]
        # Live-only grants beyond what the role and memberships give.
        if role == "viewer" and index % 4 == 0:
            user["resources"] = [{"resource_type": "sandbox", "resource_name": "%s sandbox" % PROJECT_NAMES[index % 12],
                                  "access_level": "admin"}]
        elif role == "viewer" and index % 4 == 1:
            user["resources"] = [{"resource_type": "domain", "resource_name": DOMAINS[index % 3], "access_level": "viewer"},
                                 {"resource_type": "billing", "access_level": "viewer"}]
        elif role == "developer" and index % 5 == 0:
            user["resources"] = [{"resource_type": "email_campaign_permission_scope", "access_level": "admin"}]
        # What the live API reports but cannot grant (the spec's levels 50 "viewer+" and 1
        # "indeterminate", the organization type), so that the collection's readers meet them.
        elif role == "developer" and index % 5 == 2:
            user["resources"] = [{"resource_type": "domain", "resource_name": DOMAINS[index % 3], "access_level": 50}]
        elif role == "viewer" and index % 4 == 2 and index % 3 == 2:
            user["resources"] = [{"resource_type": "organization", "resource_id": 9001, "access_level": 1}]
        users.append(user)
    return users


def _projects():
    projects = []
    for number, name in enumerate(PROJECT_NAMES):
        # Users get ids 2.. in fixture order (id 1 is the built-in owner).
        members = [{"user_id": 2 + (number * 3 + offset) % len(ROLE_PLAN),
                    "role": "manager" if offset == 0 else "contributor"} for offset in range(4)]
        sandboxes = [{"name": "%s sandbox" % name, "sent_messages_count": 10 * number}]
        if number % 3 == 0:
            sandboxes.append({"name": "%s staging" % name})
        projects.append({"name": name, "team_members": members, "sandboxes": sandboxes})
    return projects


def _tokens():
    plans = [
        (["emails:send"], None, [("account", None, 10)]),
        (["templates:*", "emails:send"], "2027-06-30", [("project", "Checkout", 100)]),
        (["users:read", "account:read"], "2027-01-15", [("account", None, 10)]),
        (["projects:*"], "2031-12-31", [("project", "Alpha", 100), ("project", "Edge", 10)]),
        (["billing:read"], "2027-03-01", [("account", None, 10)]),
        (["sandbox:*"], None, [("sandbox", "Growth sandbox", 100)]),
        (["domains:read", "domains:verify"], "2028-09-01", [("domain", "example.com", 100)]),
        (["analytics:read", "analytics:export"], "2027-12-24", [("account", None, 10)]),
        (["webhooks:*"], None, [("project", "Ledger", 10)]),
        (["account:read", "account:update", "users:*"], "2029-05-05", [("account", None, 100)]),
        (["emails:read"], "2026-12-31", [("account", None, 10)]),
        (["templates:read"], None, [("domain", "news.example.org", 10), ("project", "Jobs", 10)]),
    ]
    tokens = []
    for number, (scopes, expires_at, grants) in enumerate(plans):
        author = "ada.02@example.com" if number % 2 else "owner@example.com"
        resources = []
        for rtype, name, level in grants:
            entry = {"resource_type": rtype, "access_level": level}
            if name is not None:
                entry["resource_name"] = name
            resources.append(entry)
        token = {"name": "rich token %02d" % (number + 1), "token": "rich-token-%02d-0123456789abcdef" % (number + 1),
                 "scopes": scopes, "user": author, "created_at": "2026-%02d-15" % (number % 9 + 1),
                 "resources": resources}
        if expires_at:
            token["expires_at"] = expires_at
        tokens.append(token)
    return tokens


def rich():
    users = _users()
    templates = [{"name": name, "category": category, "subject": "%s from Example Co" % name,
                  "body_html": "<p>%s</p>" % name, "body_text": name,
                  "shared_with": [{"user_id": 3 + number * 2, "permission": "read"},
                                  {"user_id": 4 + number * 2, "permission": "write" if number % 2 else "read"}]}
                 for number, (name, category) in enumerate(
                     [("Welcome", "Onboarding"), ("Password reset", "Security"), ("Invoice", "Billing"),
                      ("Weekly digest", "Newsletter"), ("Trial ending", "Lifecycle"), ("Goodbye", "Lifecycle")])]
    return {
        "account": {"name": "Rich Example Co", "timezone": "Europe/Berlin",
                    "notification_email": "ops@example.com"},
        "users": users,
        "projects": _projects(),
        "domains": [{"name": name} for name in DOMAINS],
        "tokens": _tokens(),
        "templates": templates,
        "notifications": {"low_credits": False, "weekly_report": True, "bounce_alerts": False,
                          "threshold_percentage": 65},
        # The allow-list keeps loopback in, so tests on this machine are not locked out.
        "security": {"require_2fa": True, "ip_whitelist": ["127.0.0.0/8", "::1/128", "10.20.0.0/16"],
                     "password_policy": {"min_length": 14, "require_special": True, "require_numbers": True}},
        "sso": {"enabled": True, "provider": "okta", "metadata_url": "https://example.okta.com/app/metadata",
                "default_role": "viewer"},
        "billing": {"emails_sent": 61000, "billing_cycle": "monthly"},
        "usage": {"transactional_sent": 52000, "bulk_sent": 9000},
        "audit_logs": [{"action": "user.invited", "resource": users[5]["email"], "timestamp": "2026-10-01T09:00:00Z"},
                       {"action": "api_token.created", "resource": "rich token 01", "timestamp": "2026-10-02T09:00:00Z"},
                       {"action": "security.updated", "resource": "security", "timestamp": "2026-10-03T09:00:00Z"}],
    }


BUILTIN = {"rich": rich}
