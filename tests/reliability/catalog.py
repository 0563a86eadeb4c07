# -*- coding: utf-8 -*-
"""What the reliability suite feeds each module.

Every module in plugins/modules/ must have an entry here: the suite is parametrised over the
files that exist, and a module without an entry fails ``test_catalog_covers_every_module``
(with the name of what to add) instead of being skipped silently.

* ``CHANGES[module]``: cases ``(id, setup, args)`` that WOULD change something on a freshly
  reset emulator once ``setup(emulator)`` has run (check mode, secrets).
* ``BAD_INPUT[module]``: cases ``(id, args, fragment)``: each must be refused before any
  request, with ``fragment`` (case-insensitive) in the message.
"""

from __future__ import absolute_import, division, print_function

import glob
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(REPO, "plugins", "modules", "mailtrap_*.py")))
# Modules that only the live dialect serves: against the overview emulator this suite runs on,
# they are refused before any request, so they have bad inputs but no would-change inputs here
# (their behaviour is table-tested in tests/unit/plugins/module_utils/kinds/).
LIVE_ONLY = ("mailtrap_account_access", "mailtrap_account_accesses", "mailtrap_resource_info")
# Modules that only read but are not called *_info (their name says what they are for).
READ_ONLY = ("mailtrap_account_export",)
STATE_CHANGING = [m for m in MODULES if not m.endswith("_info") and m not in LIVE_ONLY and m not in READ_ONLY]
ROLES = sorted(os.path.basename(os.path.dirname(os.path.dirname(p)))
               for p in glob.glob(os.path.join(REPO, "roles", "*", "tasks", "main.yml")))

PAST = "2020-01-01"
FUTURE = "2031-06-30"


# ---------------------------------------------------------------------------- setups
def no_setup(emulator):
    pass


def add_user(email="alice@example.com", role="developer"):
    def setup(emulator):
        answer = emulator.api("POST", "users", json={"email": email, "role": role})
        assert answer.status_code in (200, 201), answer.text
    return setup


def add_project(name="Website"):
    def setup(emulator):
        answer = emulator.api("POST", "projects", json={"name": name})
        assert answer.status_code in (200, 201), answer.text
    return setup


def add_token(name="ci-sending", scopes=("emails:send",)):
    def setup(emulator):
        answer = emulator.api("POST", "api_tokens", json={"name": name, "scopes": list(scopes)})
        assert answer.status_code in (200, 201), answer.text
    return setup


def add_two_tokens(name="ci-sending"):
    """Two live tokens of one name, as two runs creating it at once leave them (issue 11 item 6)."""
    first, second = add_token(name), add_token(name)

    def setup(emulator):
        first(emulator)
        second(emulator)
    return setup


def enable_sso(emulator):
    sso = {"provider": "okta", "default_role": "viewer", "metadata_url": "https://example.okta.com/metadata"}
    answer = emulator.api("POST", "sso", json=sso)
    assert answer.status_code == 200, answer.text


# ---------------------------------------------------------------------------- changes
CHANGES = {
    "mailtrap_account": [
        ("rename", no_setup, {"name": "Renamed Co", "timezone": "Europe/Berlin"}),
        ("notification_email", no_setup, {"notification_email": "ops@example.com"}),
    ],
    "mailtrap_notifications": [
        ("update", no_setup, {"weekly_report": True, "threshold_percentage": 90}),
    ],
    "mailtrap_project": [
        ("create", add_user(), {"name": "Website", "team_members": [{"user": "alice@example.com", "role": "manager"}]}),
        ("rename", add_project(), {"name": "Website", "new_name": "Marketing site"}),
        ("delete", add_project(), {"name": "Website", "state": "absent"}),
    ],
    "mailtrap_projects": [
        ("bulk", add_user(), {"projects": [
            {"name": "Website", "team_members": [{"user": "alice@example.com", "role": "manager"}]},
            {"name": "Billing"},
        ]}),
        ("purge", add_project("Old campaign"), {"purge": True, "projects": [{"name": "Website"}]}),
    ],
    "mailtrap_security": [
        ("update", no_setup, {"require_2fa": True, "password_policy": {"min_length": 14}}),
        ("allow_list", no_setup, {"ip_whitelist": ["127.0.0.0/8", "10.0.0.0/8"], "allow_access_narrowing": True}),
    ],
    "mailtrap_sso": [
        ("enable", no_setup, {"provider": "okta", "metadata_url": "https://example.okta.com/app/x/sso/saml/metadata",
                              "default_role": "developer"}),
        ("disable", enable_sso, {"state": "absent"}),
    ],
    "mailtrap_template_share": [
        ("share", add_user(), {"template": "Welcome", "users": ["alice@example.com"], "permission": "write"}),
    ],
    "mailtrap_token": [
        ("create", no_setup, {"name": "ci-sending", "scopes": ["emails:send"], "expires_at": FUTURE}),
        ("rotate", add_token(), {"name": "ci-sending", "rotate": True}),
        ("recreate", add_token(), {"name": "ci-sending", "scopes": ["emails:send", "templates:read"],
                                   "recreate": "on_change"}),
        ("revoke", add_token(), {"name": "ci-sending", "state": "absent"}),
        ("duplicates", add_two_tokens(), {"name": "ci-sending"}),
    ],
    "mailtrap_tokens": [
        ("bulk", add_token("old-integration"), {"tokens": [
            {"name": "ci-sending", "scopes": ["emails:send"], "expires_at": FUTURE},
            {"name": "old-integration", "state": "absent"},
        ]}),
        ("purge", add_token("old-integration"), {"purge": True, "tokens": [{"name": "Emulator owner token"}]}),
    ],
    "mailtrap_user": [
        ("invite", no_setup, {"email": "alice@example.com", "role": "developer", "permissions": ["send_emails"]}),
        ("update", add_user(), {"email": "alice@example.com", "role": "admin"}),
        ("remove", add_user(), {"email": "alice@example.com", "state": "absent"}),
    ],
    "mailtrap_users": [
        ("bulk", add_user("bob@example.com"), {"users": [
            {"email": "alice@example.com", "role": "developer"},
            {"email": "bob@example.com", "role": "viewer"},
        ]}),
        ("purge", add_user("bob@example.com"), {"purge": True, "users": [
            {"email": "owner@example.com", "role": "owner"}]}),
    ],
}

# Read-only modules: one typical call each (secrets run, TLS).
READS = {
    "mailtrap_account_access_info": {},
    "mailtrap_account_export": {},
    "mailtrap_audit_log_info": {"since": "24h"},
    "mailtrap_billing_info": {},
    "mailtrap_project_info": {},
    "mailtrap_resource_info": {},
    "mailtrap_template_info": {"template": "Welcome"},
    "mailtrap_token_info": {},
    "mailtrap_user_info": {},
}

# ---------------------------------------------------------------------------- bad input
UNKNOWN_KEY = ("unknown_key", {"colour": "blue"}, "colour")

BAD_INPUT = {
    "mailtrap_account_export": [
        ("section", {"sections": ["userz"]}, "userz"),
        ("purge", {"purge": "maybe"}, "purge"),
        UNKNOWN_KEY,
    ],
    "mailtrap_account": [
        ("email", {"notification_email": "not-an-address"}, "not a valid e-mail"),
        ("email_spaces", {"notification_email": "a b@example.com"}, "not a valid e-mail"),
        ("timezone", {"timezone": "Mars/Olympus"}, "timezone"),
        ("name_empty", {"name": "   "}, "name must be 1 to 100"),
        ("name_long", {"name": "x" * 101}, "name must be 1 to 100"),
        # str options take any scalar (Ansible converts it); a list becomes its repr, refused here.
        ("wrong_type", {"notification_email": ["ops@example.com"]}, "not a valid e-mail"),
        UNKNOWN_KEY,
    ],
    "mailtrap_account_access": [
        ("email", {"email": "alice", "permissions": [{"type": "account", "access": "viewer"}]}, "not a valid e-mail"),
        ("access_owner", {"email": "alice@example.com", "permissions": [{"type": "account", "access": "owner"}]},
         "cannot be granted"),
        ("type", {"email": "alice@example.com", "permissions": [{"type": "inbox", "id": 1, "access": "admin"}]}, "type"),
        ("id_and_name", {"email": "alice@example.com", "permissions": [{"type": "project", "id": 1, "name": "x", "access": "admin"}]},
         "exactly one of id or name"),
        ("no_permissions", {"email": "alice@example.com"}, "state: absent"),
        UNKNOWN_KEY + ({"email": "alice@example.com"},),
    ],
    "mailtrap_account_accesses": [
        ("email", {"account_accesses": [{"email": "alice", "permissions": [{"type": "account", "access": "viewer"}]}]},
         "not a valid e-mail"),
        ("access_owner", {"account_accesses": [{"email": "alice@example.com", "permissions": [{"type": "account", "access": "owner"}]}]},
         "cannot be granted"),
        ("duplicate", {"account_accesses": [{"email": "alice@example.com", "state": "absent"}, {"email": "ALICE@example.com", "state": "absent"}]},
         "more than once"),
        ("empty_purge", {"account_accesses": [], "purge": True}, "allow_empty"),
        ("api_token", {"account_accesses": [{"specifier_type": "ApiToken", "specifier": {"id": 1}, "state": "absent"}]}, "mailtrap_tokens"),
        ("level_name", {"account_accesses": [{"email": "alice@example.com", "resources": [
            {"resource_type": "account", "resource_id": 1001, "access_level_name": "superuser"}]}]}, "access_level"),
        ("entry_unknown_key", {"account_accesses": [{"email": "alice@example.com", "colour": "blue"}]}, "colour"),
        ("wrong_type", {"account_accesses": "alice"}, "dictionary requested"),
        UNKNOWN_KEY + ({"account_accesses": []},),
    ],
    "mailtrap_account_access_info": [
        ("email", {"email": "nobody"}, "not a valid e-mail"),
        ("specifier_type", {"specifier_type": "Robot"}, "specifier_type"),
        UNKNOWN_KEY,
    ],
    "mailtrap_audit_log_info": [
        ("since", {"since": "yesterday-ish"}, "since"),
        ("limit_zero", {"limit": 0}, "limit"),
        ("limit_type", {"limit": "many"}, "limit"),
        ("until_before_since", {"since": "2026-03-07", "until": "2026-03-01"}, "until"),
        UNKNOWN_KEY,
    ],
    "mailtrap_billing_info": [
        ("include", {"include": ["plan", "pizza"]}, "include"),
        ("include_empty", {"include": []}, "include"),
        UNKNOWN_KEY,
    ],
    "mailtrap_notifications": [
        ("threshold_high", {"threshold_percentage": 101}, "threshold_percentage must be between 0 and 100"),
        ("threshold_low", {"threshold_percentage": -1}, "threshold_percentage must be between 0 and 100"),
        ("wrong_type_bool", {"low_credits": "perhaps"}, "low_credits"),
        ("wrong_type_int", {"threshold_percentage": "ninety"}, "threshold_percentage"),
        UNKNOWN_KEY,
    ],
    "mailtrap_project": [
        ("name_empty", {"name": " "}, "name must not be empty"),
        ("member_email", {"name": "Website", "team_members": [{"user": "alice-at-example"}]},
         "neither a numeric user id nor an e-mail"),
        ("member_role", {"name": "Website", "team_members": [{"user": "alice@example.com", "role": "boss"}]}, "role"),
        ("member_duplicate",
         {"name": "Website", "team_members": [{"user": "alice@example.com"}, {"user": "ALICE@example.com"}]},
         "alice@example.com"),
        ("member_unknown_key", {"name": "Website", "team_members": [{"user": "a@example.com", "rights": "all"}]}, "rights"),
        ("rename_absent", {"name": "Website", "new_name": "Other", "state": "absent"}, "new_name"),
        ("state", {"name": "Website", "state": "gone"}, "state"),
        UNKNOWN_KEY + ({"name": "Website"},),
    ],
    "mailtrap_projects": [
        ("name_empty", {"projects": [{"name": "Website"}, {"name": ""}]}, "projects[1].name must not be empty"),
        ("member", {"projects": [{"name": "Website", "team_members": [{"user": "bob"}]}]},
         "neither a numeric user id nor an e-mail"),
        ("member_role", {"projects": [{"name": "Website", "team_members": [{"user": "a@example.com", "role": "boss"}]}]},
         "role"),
        ("duplicate", {"projects": [{"name": "Website"}, {"name": "website"}]}, "website"),
        ("entry_unknown_key", {"projects": [{"name": "Website", "budget": 3}]}, "budget"),
        ("wrong_type", {"projects": "Website"}, "dictionary requested"),
        UNKNOWN_KEY + ({"projects": []},),
    ],
    "mailtrap_project_info": [
        ("name_empty", {"name": ""}, "name must not be empty"),
        UNKNOWN_KEY,
    ],
    "mailtrap_security": [
        ("cidr", {"ip_whitelist": ["10.0.0.0/33"]}, "ip_whitelist[0]"),
        ("cidr_garbage", {"ip_whitelist": ["127.0.0.1", "my-laptop"]}, "ip_whitelist[1]"),
        ("min_length_low", {"password_policy": {"min_length": 7}}, "min_length must be between 8 and 128"),
        ("min_length_high", {"password_policy": {"min_length": 129}}, "min_length must be between 8 and 128"),
        ("policy_unknown_key", {"password_policy": {"max_age": 30}}, "max_age"),
        ("wrong_type", {"require_2fa": "sometimes"}, "require_2fa"),
        UNKNOWN_KEY,
    ],
    "mailtrap_sso": [
        ("provider", {"provider": "myspace", "metadata_url": "https://idp.example.com/m"}, "provider"),
        ("http_url", {"provider": "okta", "metadata_url": "http://idp.example.com/m"}, "https://"),
        ("missing_url", {"provider": "okta"}, "metadata_url"),
        ("role", {"provider": "okta", "metadata_url": "https://idp.example.com/m", "default_role": "owner"}, "default_role"),
        ("absent_with_config", {"state": "absent", "provider": "okta"}, "takes no configuration"),
        UNKNOWN_KEY + ({"state": "absent"},),
    ],
    "mailtrap_template_share": [
        ("template_empty", {"template": " ", "users": ["a@example.com"]}, "template must not be empty"),
        ("user", {"template": "Welcome", "users": ["not-an-address"]}, "neither a numeric user id nor an e-mail"),
        ("permission", {"template": "Welcome", "users": ["a@example.com"], "permission": "admin"}, "permission"),
        ("duplicate", {"template": "Welcome", "users": ["a@example.com", "A@example.com"]}, "a@example.com"),
        ("exclusive_absent", {"template": "Welcome", "users": ["a@example.com"], "exclusive": True, "state": "absent"},
         "exclusive"),
        UNKNOWN_KEY + ({"template": "Welcome", "users": ["a@example.com"]},),
    ],
    "mailtrap_token": [
        ("scope", {"name": "t", "scopes": ["emails:fly"]}, "fly"),
        ("scope_unknown", {"name": "t", "scopes": ["rockets:*"]}, "rockets"),
        ("scopes_empty", {"name": "t", "scopes": []}, "scopes is empty"),
        ("date_past", {"name": "t", "scopes": ["emails:send"], "expires_at": PAST}, "not in the future"),
        ("date_garbage", {"name": "t", "scopes": ["emails:send"], "expires_at": "next tuesday"}, "expires_at"),
        ("rotate_days", {"name": "t", "rotate_before_days": -3}, "rotate_before_days must be between 0 and 36500"),
        ("name_empty", {"name": "  ", "scopes": ["emails:send"]}, "name must not be empty"),
        ("name_long", {"name": "n" * 256, "scopes": ["emails:send"]}, "at most 255"),
        ("rotate_absent", {"name": "t", "rotate": True, "state": "absent"}, "cannot be combined"),
        ("id_present", {"id": 7001}, "give state: absent"),
        ("id_scopes", {"id": 7001, "state": "absent", "scopes": ["emails:send"]}, "scopes cannot be combined with id"),
        ("recreate", {"name": "t", "recreate": "sometimes"}, "recreate"),
        UNKNOWN_KEY + ({"name": "t"},),
    ],
    "mailtrap_tokens": [
        ("scope", {"tokens": [{"name": "a", "scopes": ["emails:send"]}, {"name": "b", "scopes": ["emails:fly"]}]}, "fly"),
        ("scopes_empty", {"tokens": [{"name": "a", "scopes": []}]}, "scopes is empty"),
        ("date_past", {"tokens": [{"name": "a", "scopes": ["emails:send"], "expires_at": PAST}]}, "not in the future"),
        ("rotate_days", {"tokens": [{"name": "a", "rotate_before_days": -1}]}, "rotate_before_days"),
        ("duplicate", {"tokens": [{"name": "a"}, {"name": "a"}]}, "a"),
        ("entry_unknown_key", {"tokens": [{"name": "a", "secret": "x"}]}, "secret"),
        ("wrong_type", {"tokens": "a"}, "dictionary requested"),
        UNKNOWN_KEY + ({"tokens": []},),
    ],
    "mailtrap_resource_info": [
        ("type", {"type": "inbox"}, "type"),
        UNKNOWN_KEY,
    ],
    "mailtrap_template_info": [
        ("shared_with", {"shared_with": "not-an-address"}, "neither a numeric user id nor an e-mail"),
        UNKNOWN_KEY,
    ],
    "mailtrap_token_info": [
        ("days", {"expiring_within_days": -1}, "expiring_within_days must be between 0 and 36500"),
        ("days_type", {"expiring_within_days": "soon"}, "expiring_within_days"),
        UNKNOWN_KEY,
    ],
    "mailtrap_user": [
        ("email", {"email": "alice"}, "not a valid e-mail"),
        ("email_two_at", {"email": "a@b@example.com"}, "not a valid e-mail"),
        ("wrong_type", {"email": ["alice@example.com"]}, "not a valid e-mail"),
        ("role", {"email": "alice@example.com", "role": "superuser"}, "role"),
        ("permission", {"email": "alice@example.com", "permissions": ["launch_rockets"]}, "launch_rockets"),
        ("operation", {"email": "alice@example.com", "permissions": {"projects": ["fly"]}}, "fly"),
        ("scope", {"email": "alice@example.com", "permissions": ["rockets:read"]}, "rockets"),
        ("state", {"email": "alice@example.com", "state": "gone"}, "state"),
        UNKNOWN_KEY + ({"email": "alice@example.com"},),
    ],
    "mailtrap_user_info": [
        ("email", {"email": "alice"}, "not a valid e-mail"),
        UNKNOWN_KEY,
    ],
    "mailtrap_users": [
        ("email", {"users": [{"email": "ok@example.com"}, {"email": "nope"}]}, "nope"),
        ("role", {"users": [{"email": "a@example.com", "role": "king"}]}, "role"),
        ("permission", {"users": [{"email": "a@example.com", "permissions": ["emails:fly"]}]}, "fly"),
        ("duplicate", {"users": [{"email": "a@example.com"}, {"email": "A@Example.com"}]}, "a@example.com"),
        ("entry_unknown_key", {"users": [{"email": "a@example.com", "age": 3}]}, "age"),
        ("wrong_type", {"users": "a@example.com"}, "dictionary requested"),
        ("empty_purge", {"users": [], "purge": True}, "allow_empty"),
        UNKNOWN_KEY + ({"users": []},),
    ],
}


# Cases that reveal a real defect, reported to the lead; they run as strict xfail so that the
# suite stays green until the fix lands and then forces the entry to be removed.
KNOWN_FINDINGS = {}


def bad_cases():
    """(module, id, args, fragment) for every bad-input case; UNKNOWN_KEY may carry base args."""
    for module in MODULES:
        for case in BAD_INPUT.get(module, []):
            case_id, args, fragment = case[:3]
            if len(case) > 3:
                args = dict(case[3], **args)
            yield module, case_id, args, fragment
