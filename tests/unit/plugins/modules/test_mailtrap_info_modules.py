# -*- coding: utf-8 -*-
"""mailtrap_billing_info / mailtrap_audit_log_info / mailtrap_account_access_info against the emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils import client as client_utils
from ansible_collections.mailtrap.general.plugins.module_utils import times
from ansible_collections.mailtrap.general.plugins.module_utils.kinds import audit_log as audit_mod
from ansible_collections.mailtrap.general.plugins.module_utils.kinds import billing as billing_mod

from urllib.parse import parse_qs

UTC = datetime.timezone.utc


def limited_token(emulator, *scopes):
    """A real token of the owner with only ``scopes``; returns its secret."""
    answer = emulator.api("POST", "api_tokens", json={"name": "limited-%s" % "-".join(scopes), "scopes": list(scopes)})
    assert answer.status_code in (200, 201), answer.text
    secret = answer.json()["token"]
    emulator.clear_journal()
    return secret


def query_of(entry):
    return dict((k, v[-1]) for k, v in parse_qs(entry["query"] or "").items())


def patch_answers(monkeypatch, transform):
    """Let the collection's client see a changed answer: transform(relative, params, answer)."""
    original = client_utils.MailtrapClient.get

    def get(self, relative, params=None):
        return transform(relative, params, original(self, relative, params=params))

    monkeypatch.setattr(client_utils.MailtrapClient, "get", get)


def assert_forbidden(result, path):
    assert result["failed"] and result["status"] == 403
    assert "GET %s" % path in result["msg"] and "403" in result["msg"] and "scope" in result["msg"]


# ---------------------------------------------------------------------------- billing

def test_billing_reads_three_parts_in_three_gets(run_module, emulator):
    result = run_module("mailtrap_billing_info", {})
    assert result["changed"] is False
    assert result["billing"] == {"plan": result["billing"]["plan"], "emails_sent": 45000, "emails_limit": 100000,
                                 "billing_cycle": "monthly", "next_billing_date": "2026-04-01"}
    assert result["usage"] == {"transactional_sent": 25000, "bulk_sent": 20000, "total_sent": 45000,
                               "limit": 100000, "percentage_used": 45}
    assert [i["id"] for i in result["invoices"]] == ["INV-2026-003", "INV-2026-002", "INV-2026-001"]
    assert emulator.sequence() == ["GET A/billing", "GET A/billing/usage", "GET A/billing/invoices"]


@pytest.mark.parametrize("include, sequence, keys", [
    (["usage"], ["GET A/billing/usage"], {"usage"}),
    (["invoices", "plan"], ["GET A/billing", "GET A/billing/invoices"], {"billing", "invoices"}),
    (["plan", "plan"], ["GET A/billing"], {"billing"}),
])
def test_billing_fetches_only_what_is_included(run_module, emulator, include, sequence, keys):
    result = run_module("mailtrap_billing_info", dict(include=include))
    assert set(result) & {"billing", "usage", "invoices"} == keys
    assert emulator.sequence() == sequence


def test_billing_runs_the_same_in_check_mode(run_module, emulator):
    normal = run_module("mailtrap_billing_info", {})
    checked = run_module("mailtrap_billing_info", {}, check_mode=True)
    assert checked == normal and not checked["changed"]
    assert emulator.writes() == []


def test_usage_percentage_is_computed_when_the_api_leaves_it_out(run_module, emulator, monkeypatch):
    def drop(relative, params, answer):
        if relative == "billing/usage":
            answer = dict(answer)
            del answer["percentage_used"]
            answer["bulk_sent"] = 20001
            answer["total_sent"] = 45001
        return answer

    patch_answers(monkeypatch, drop)
    result = run_module("mailtrap_billing_info", dict(include=["usage"]))
    assert result["usage"]["percentage_used"] == 45.0
    assert emulator.sequence() == ["GET A/billing/usage"]


@pytest.mark.parametrize("usage, expected", [
    ({"total_sent": 1, "limit": 3}, 33.3),
    ({"total_sent": 2, "limit": 3}, 66.7),
    ({"transactional_sent": 10, "bulk_sent": 5, "limit": 1000}, 1.5),
    ({"total_sent": 10, "limit": 0}, None),
    ({"total_sent": 10}, None),
    ({"total_sent": 10, "limit": 100, "percentage_used": 12}, 12),
    ({"total_sent": 10, "limit": 100, "percentage_used": None}, 10.0),
])
def test_complete_usage(usage, expected):
    assert billing_mod.complete_usage(usage)["percentage_used"] == expected


def test_billing_without_the_scope_fails_clearly(run_module, emulator):
    token = limited_token(emulator, "account:read", "users:read")
    result = run_module("mailtrap_billing_info", dict(api_token=token))
    assert_forbidden(result, "/api/accounts/1001/billing")
    assert token not in result["msg"]
    assert emulator.sequence() == ["GET A/billing"]


@pytest.mark.parametrize("args, message", [
    (dict(include=["plan", "taxes"]), "value of include must be one or more of"),
    (dict(include=[]), "include: name at least one of"),
    (dict(include="usage", colour="blue"), "Unsupported parameters"),
])
def test_billing_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_billing_info", args)
    assert result["failed"] and message in result["msg"]
    assert emulator.journal() == []


# ---------------------------------------------------------------------------- audit log

def make_changes(run_module):
    """Four audit entries made the way a user would: invite, invite, update, remove."""
    run_module("mailtrap_user", dict(email="alice@example.com", role="developer"))
    run_module("mailtrap_user", dict(email="bob@example.com", role="viewer"))
    run_module("mailtrap_user", dict(email="alice@example.com", role="admin"))
    run_module("mailtrap_user", dict(email="bob@example.com", state="absent"))


def seed_history(emulator):
    emulator.seed({"audit_logs": [
        {"timestamp": "2026-01-01T09:00:00Z", "action": "user.invited", "resource": "a@example.com",
         "user": "owner@example.com"},
        {"timestamp": "2026-01-15T12:00:00Z", "action": "api_token.created", "resource": "ci",
         "user": "Admin@Example.com"},
        {"timestamp": "2026-01-31T23:30:00Z", "action": "user.updated", "resource": "a@example.com",
         "user": "admin@example.com"},
        {"timestamp": "2026-02-01T00:00:00Z", "action": "security.updated", "resource": "security",
         "user": "owner@example.com"},
    ]})
    emulator.clear_journal()


def test_audit_log_lists_changes_newest_first_in_one_get(run_module, emulator):
    make_changes(run_module)
    emulator.clear_journal()
    result = run_module("mailtrap_audit_log_info", {})
    assert result["changed"] is False and result["count"] == 4
    assert [e["action"] for e in result["entries"]] == ["user.removed", "user.updated", "user.invited", "user.invited"]
    assert [e["resource"] for e in result["entries"]][-2:] == ["bob@example.com", "alice@example.com"]
    journal = emulator.journal()
    assert emulator.sequence() == ["GET A/audit_logs"]
    assert query_of(journal[0]) == {"limit": "100"}
    assert result["query"] == {"limit": 100}


def test_audit_log_filters_are_sent_and_applied(run_module, emulator):
    make_changes(run_module)
    emulator.clear_journal()
    result = run_module("mailtrap_audit_log_info", dict(action="user.invited", user="OWNER@example.com",
                                                        resource="bob@example.com", limit=5))
    assert [(e["action"], e["resource"]) for e in result["entries"]] == [("user.invited", "bob@example.com")]
    assert query_of(emulator.journal()[0]) == {"action": "user.invited", "user": "owner@example.com",
                                               "resource": "bob@example.com", "limit": "5"}


def test_audit_log_action_prefix_is_applied_by_the_module(run_module, emulator):
    make_changes(run_module)
    emulator.api("POST", "api_tokens", json={"name": "ci", "scopes": ["emails:send"]})
    emulator.clear_journal()
    result = run_module("mailtrap_audit_log_info", dict(action="user.*", limit=2))
    assert [e["action"] for e in result["entries"]] == ["user.removed", "user.updated"]
    assert query_of(emulator.journal()[0]) == {"limit": "1000"}
    result = run_module("mailtrap_audit_log_info", dict(action="api_token.*"))
    assert [e["action"] for e in result["entries"]] == ["api_token.created"]


def test_audit_log_time_window(run_module, emulator):
    seed_history(emulator)
    result = run_module("mailtrap_audit_log_info", dict(since="2026-01-15", until="2026-01-31"))
    # until as a date includes that whole day
    assert [e["action"] for e in result["entries"]] == ["user.updated", "api_token.created"]
    assert query_of(emulator.journal()[0]) == {"since": "2026-01-15T00:00:00Z", "until": "2026-01-31T23:59:59Z",
                                               "limit": "100"}
    result = run_module("mailtrap_audit_log_info", dict(since="2026-01-15T13:00:00+01:00",
                                                        until="2026-02-01T00:00:00Z"))
    assert [e["action"] for e in result["entries"]] == ["security.updated", "user.updated", "api_token.created"]
    result = run_module("mailtrap_audit_log_info", dict(user="ADMIN@example.com"))
    assert [e["resource"] for e in result["entries"]] == ["a@example.com", "ci"]


def test_audit_log_relative_since(run_module, emulator):
    now = datetime.datetime.now(UTC).replace(microsecond=0)

    def stamp(delta):
        return (now - delta).strftime("%Y-%m-%dT%H:%M:%SZ")

    emulator.seed({"audit_logs": [
        {"timestamp": stamp(datetime.timedelta(days=3)), "action": "user.invited"},
        {"timestamp": stamp(datetime.timedelta(hours=5)), "action": "user.updated"},
        {"timestamp": stamp(datetime.timedelta(minutes=10)), "action": "user.removed"},
    ]})
    emulator.clear_journal()
    for since, actions in (("30m", ["user.removed"]), ("24h", ["user.removed", "user.updated"]),
                           ("1w", ["user.removed", "user.updated", "user.invited"])):
        result = run_module("mailtrap_audit_log_info", dict(since=since))
        assert [e["action"] for e in result["entries"]] == actions, since
    sent = times.parse_time(query_of(emulator.journal()[1])["since"])
    assert abs((now - datetime.timedelta(hours=24) - sent).total_seconds()) < 60


def test_audit_log_is_right_even_if_the_server_ignores_the_filters(run_module, emulator, monkeypatch):
    seed_history(emulator)
    # The server ignores every filter (the query is dropped) and answers oldest first.
    original = client_utils.MailtrapClient.get

    def ignoring(self, relative, params=None):
        return list(reversed(original(self, relative)))

    monkeypatch.setattr(client_utils.MailtrapClient, "get", ignoring)
    result = run_module("mailtrap_audit_log_info", dict(since="2026-01-10", until="2026-01-31", action="user.updated"))
    assert [e["timestamp"] for e in result["entries"]] == ["2026-01-31T23:30:00Z"]
    result = run_module("mailtrap_audit_log_info", dict(user="admin@example.com", limit=1))
    assert [e["action"] for e in result["entries"]] == ["user.updated"]
    result = run_module("mailtrap_audit_log_info", dict(resource="security"))
    assert [e["action"] for e in result["entries"]] == ["security.updated"]
    result = run_module("mailtrap_audit_log_info", {})
    assert [e["action"] for e in result["entries"]] == ["security.updated", "user.updated", "api_token.created",
                                                        "user.invited"]
    assert [query_of(e) for e in emulator.journal()] == [{}, {}, {}, {}]


def test_audit_log_runs_the_same_in_check_mode(run_module, emulator):
    seed_history(emulator)
    assert run_module("mailtrap_audit_log_info", {}, check_mode=True)["count"] == 4
    assert emulator.writes() == []


def test_audit_log_without_the_scope_fails_clearly(run_module, emulator):
    token = limited_token(emulator, "users:read", "billing:read")
    result = run_module("mailtrap_audit_log_info", dict(api_token=token))
    assert_forbidden(result, "/api/accounts/1001/audit_logs")
    assert emulator.sequence() == ["GET A/audit_logs"]


@pytest.mark.parametrize("args, message", [
    (dict(since="yesterday"), "since: 'yesterday' is not valid"),
    (dict(since="2026-13-01"), "since: '2026-13-01' is not valid"),
    (dict(until="2026-01-01T25:00:00Z"), "until: '2026-01-01T25:00:00Z' is not valid"),
    (dict(since="0h"), "positive amount"),
    (dict(since="5y"), "is not valid"),
    (dict(since="2026-01-02", until="2026-01-01"), "must be before until"),
    (dict(since="2026-01-01T10:00:00Z", until="2026-01-01T10:00:00Z"), "must be before until"),
    (dict(since="1h", until="2d"), "must be before until"),
    (dict(action="user invited"), "is not an action"),
    (dict(action="*"), "is not an action"),
    (dict(action="user.*.x"), "is not an action"),
    (dict(user="not-an-email"), "not a valid e-mail"),
    (dict(resource="  "), "resource: must not be empty"),
    (dict(limit=0), "limit: 0 is out of range"),
    (dict(limit=1001), "limit: 1001 is out of range"),
    (dict(limit="many"), "limit"),
    (dict(colour="blue"), "Unsupported parameters"),
])
def test_audit_log_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_audit_log_info", args)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []


@pytest.mark.parametrize("text, expected", [
    ("2026-01-31", "2026-01-31T00:00:00Z"),
    ("2026-01-31T08:00:00Z", "2026-01-31T08:00:00Z"),
    ("2026-01-31T08:00", "2026-01-31T08:00:00Z"),
    ("2026-01-31 08:00:00.250+02:00", "2026-01-31T06:00:00.25Z"),
    ("2026-01-31T08:00:00-0530", "2026-01-31T13:30:00Z"),
])
def test_parse_absolute_bounds(text, expected):
    now = datetime.datetime(2026, 6, 1, tzinfo=UTC)
    assert times.format_time(audit_mod.parse_bound(text, now)) == expected


# ---------------------------------------------------------------------------- account accesses

def test_accesses_list_people_and_tokens_in_one_get(run_module, emulator):
    emulator.api("POST", "api_tokens", json={"name": "ci", "scopes": ["emails:send"]})
    emulator.api("POST", "api_tokens", json={"name": "reader", "scopes": ["users:read"]})
    run_module("mailtrap_user", dict(email="alice@example.com", role="developer"))
    emulator.clear_journal()
    result = run_module("mailtrap_account_access_info", {})
    assert result["changed"] is False
    assert emulator.sequence() == ["GET A/account_accesses"]
    accesses = result["account_accesses"]
    assert [a["id"] for a in accesses] == sorted(a["id"] for a in accesses)
    by_kind = {}
    for access in accesses:
        by_kind.setdefault(access["specifier_type"], []).append(access)
    owner = [a for a in by_kind["User"] if a["specifier"]["email"] == "owner@example.com"][0]
    assert owner["resources"][0]["access_level"] == 1000 and owner["resources"][0]["access_level_name"] == "owner"
    alice = by_kind["Invite"][0]
    assert alice["specifier"]["email"] == "alice@example.com"
    assert alice["resources"][0]["access_level_name"] == "developer"
    tokens = dict((a["specifier"]["name"], a) for a in by_kind["ApiToken"])
    assert tokens["ci"]["resources"][0]["access_level_name"] == "admin"
    assert tokens["reader"]["resources"][0]["access_level_name"] == "viewer"
    for access in by_kind["ApiToken"]:
        assert "token" not in access and "token" not in access["specifier"]


def test_accesses_filters(run_module, emulator):
    emulator.api("POST", "api_tokens", json={"name": "ci", "scopes": ["emails:send"]})
    run_module("mailtrap_user", dict(email="alice@example.com", role="developer"))
    emulator.clear_journal()
    result = run_module("mailtrap_account_access_info", dict(specifier_type="ApiToken"))
    assert set(a["specifier_type"] for a in result["account_accesses"]) == {"ApiToken"}
    assert "ci" in [a["specifier"]["name"] for a in result["account_accesses"]]
    result = run_module("mailtrap_account_access_info", dict(email="Alice@EXAMPLE.com"))
    assert [a["specifier"]["email"] for a in result["account_accesses"]] == ["alice@example.com"]
    result = run_module("mailtrap_account_access_info", dict(email="alice@example.com", specifier_type="User"))
    assert result["account_accesses"] == []
    result = run_module("mailtrap_account_access_info", dict(specifier_type="Invite"), check_mode=True)
    assert [a["specifier"]["email"] for a in result["account_accesses"]] == ["alice@example.com"]
    assert emulator.sequence() == ["GET A/account_accesses"] * 4


def test_accesses_strip_token_values_and_name_unknown_levels_null(run_module, emulator, monkeypatch):
    def leaky(relative, params, answer):
        answer = [dict(a) for a in answer]
        answer[0]["token"] = "leaked-secret-value"
        answer[0]["specifier"] = dict(answer[0]["specifier"], token="leaked-secret-value")
        answer[0]["resources"] = [dict(answer[0]["resources"][0], access_level=7),
                                  {"resource_id": 5, "resource_type": "project", "access_level": 100}]
        return answer

    patch_answers(monkeypatch, leaky)
    result = run_module("mailtrap_account_access_info", {})
    assert "leaked-secret-value" not in repr(result)
    first = result["account_accesses"][0]
    assert [r["access_level_name"] for r in first["resources"]] == [None, "admin"]


def test_accesses_without_the_scope_fail_clearly(run_module, emulator):
    token = limited_token(emulator, "account:read", "billing:read")
    result = run_module("mailtrap_account_access_info", dict(api_token=token))
    assert_forbidden(result, "/api/accounts/1001/account_accesses")
    assert emulator.sequence() == ["GET A/account_accesses"]


@pytest.mark.parametrize("args, message", [
    (dict(specifier_type="Robot"), "value of specifier_type must be one of"),
    (dict(specifier_type="user"), "value of specifier_type must be one of"),
    (dict(email="nobody"), "not a valid e-mail"),
    (dict(colour="blue"), "Unsupported parameters"),
])
def test_accesses_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_account_access_info", args)
    assert result["failed"] and message in result["msg"]
    assert emulator.journal() == []
