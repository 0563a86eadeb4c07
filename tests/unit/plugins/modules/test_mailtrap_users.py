# -*- coding: utf-8 -*-
"""mailtrap_users safety end to end against the in-process emulator (overview dialect)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

SVC_TOKEN = "svc-service-token-0042"


def emails(result, key):
    return sorted(result[key])


def people(run_module):
    return sorted(u["email"] for u in run_module("mailtrap_user_info", {})["users"])


def test_a_service_users_token_never_purges_that_user(run_module, emulator):
    # A non-owner admin who may manage users runs the purge with its own token.
    emulator.seed({"users": [dict(email="svc@example.com", role="admin", permissions=["manage_users"]),
                             dict(email="alice@example.com", role="viewer")],
                   "tokens": [dict(name="automation", user="svc@example.com", token=SVC_TOKEN)]})
    result = run_module("mailtrap_users", dict(users=[dict(email="owner@example.com")], purge=True, api_token=SVC_TOKEN))
    assert not result.get("failed"), result["msg"] if result.get("failed") else None
    assert result["removed"] == ["alice@example.com"]
    assert emails(result, "spared") == ["svc@example.com"]
    assert people(run_module) == ["owner@example.com", "svc@example.com"]
    # The same run again works (the token was not revoked) and changes nothing.
    again = run_module("mailtrap_users", dict(users=[dict(email="owner@example.com")], purge=True, api_token=SVC_TOKEN))
    assert not again["changed"] and again["spared"] == ["svc@example.com"]
    emulator.clear_journal()
    refused = run_module("mailtrap_user", dict(email="svc@example.com", state="absent", api_token=SVC_TOKEN))
    assert refused["failed"] and "API token of this run belongs to" in refused["msg"] and "force" in refused["msg"]
    assert emulator.writes() == []


def test_purge_keeps_one_owner_and_purges_the_other(run_module, emulator):
    emulator.seed({"users": [dict(email="second.owner@example.com", role="owner"), dict(email="alice@example.com")]})
    users = [dict(email="owner@example.com", role="owner")]
    checked = run_module("mailtrap_users", dict(users=users, purge=True), check_mode=True)
    assert emulator.writes() == []
    real = run_module("mailtrap_users", dict(users=users, purge=True))
    assert sorted(checked["removed"]) == sorted(real["removed"]) == ["alice@example.com", "second.owner@example.com"]
    assert real["spared"] == [] and people(run_module) == ["owner@example.com"]


def test_purge_with_only_an_invited_owner_listed_spares_active_owners_and_reruns_cleanly(run_module, emulator):
    emulator.seed({"users": [dict(email="second.owner@example.com", role="owner"),
                             dict(email="invited.owner@example.com", role="owner", status="invited"),
                             dict(email="alice@example.com")]})
    users = [dict(email="invited.owner@example.com")]
    checked = run_module("mailtrap_users", dict(users=users, purge=True), check_mode=True)
    assert emulator.writes() == []
    real = run_module("mailtrap_users", dict(users=users, purge=True))
    for result in (checked, real):
        assert result["removed"] == ["alice@example.com"]
        assert emails(result, "spared") == ["owner@example.com", "second.owner@example.com"]
    emulator.clear_journal()
    again = run_module("mailtrap_users", dict(users=users, purge=True))
    assert not again.get("failed") and not again["changed"] and emulator.writes() == []


def test_purge_with_one_owner_spares_it(run_module, emulator):
    emulator.seed({"users": [dict(email="alice@example.com")]})
    result = run_module("mailtrap_users", dict(users=[dict(email="bob@example.com")], purge=True))
    assert result["created"] == ["bob@example.com"] and result["removed"] == ["alice@example.com"]
    assert result["spared"] == ["owner@example.com"]


def test_a_failed_create_purges_nothing_names_the_entry_and_a_rerun_converges(run_module, emulator):
    emulator.seed({"users": [dict(email="alice@example.com"), dict(email="bob@example.com")]})
    emulator.fault(status=422, method="POST", path="/users$", count=1)
    users = [dict(email="bob@example.com", role="admin"), dict(email="carol@example.com")]
    result = run_module("mailtrap_users", dict(users=users, purge=True))
    assert result["failed"] and "users[1]" in result["msg"] and "carol@example.com" in result["msg"]
    assert "purge did not run" in result["msg"]
    assert result["changed"] and result["updated"] == ["bob@example.com"] and result["removed"] == []
    assert "alice@example.com" in people(run_module)
    result = run_module("mailtrap_users", dict(users=users, purge=True))
    assert result["created"] == ["carol@example.com"] and result["removed"] == ["alice@example.com"]
    assert not run_module("mailtrap_users", dict(users=users, purge=True))["changed"]


def test_an_absent_entry_with_purge_is_deleted_once_and_named_once(run_module, emulator):
    emulator.seed({"users": [dict(email="alice@example.com"), dict(email="bob@example.com")]})
    emulator.clear_journal()
    result = run_module("mailtrap_users", dict(users=[dict(email="bob@example.com"), dict(email="alice@example.com", state="absent")],
                                               purge=True))
    assert result["removed"] == ["alice@example.com"]
    assert len([w for w in emulator.writes() if w["method"] == "DELETE"]) == 1


def test_purge_with_an_empty_or_all_absent_list_needs_allow_empty(run_module, emulator):
    emulator.seed({"users": [dict(email="alice@example.com")]})
    emulator.clear_journal()
    for users in ([], [dict(email="alice@example.com", state="absent")]):
        result = run_module("mailtrap_users", dict(users=users, purge=True))
        assert result["failed"] and "allow_empty" in result["msg"]
    assert emulator.journal() == []
    result = run_module("mailtrap_users", dict(users=[], purge=True, allow_empty=True))
    assert result["removed"] == ["alice@example.com"] and result["spared"] == ["owner@example.com"]


def test_display_names_are_managed_in_overview(run_module, emulator):
    result = run_module("mailtrap_user", dict(email="alice@example.com", name="Alice"))
    assert result["user"]["name"] == "Alice" and "created_at" in result["user"]
    emulator.clear_journal()
    result = run_module("mailtrap_user", dict(email="alice@example.com", name="Alice Liddell"), diff=True)
    assert result["changed"] and result["diff"]["before"]["name"] == "Alice" and result["user"]["name"] == "Alice Liddell"
    assert [w["body"] for w in emulator.writes()] == [{"name": "Alice Liddell"}]
    assert not run_module("mailtrap_users", dict(users=[dict(email="ALICE@example.com", name="Alice Liddell")]))["changed"]


WRONG_BODIES = [
    ({"data": [], "pagination": {}}, "expected a list"),
    ({"id": 1, "email": "x@example.com"}, "expected a list"),
    ([{"email": "no-id@example.com", "role": "viewer", "account_access_id": 1}], "'id'"),
    ([{"id": "1", "email": 7, "role": None, "account_access_id": 1}], "'id'"),
]
CALLS = [
    ("mailtrap_user", dict(email="alice@example.com", role="viewer"), "/users$"),
    ("mailtrap_users", dict(users=[dict(email="alice@example.com")], purge=True), "/users$"),
    ("mailtrap_user_info", {}, "/users$"),
    ("mailtrap_account_access_info", {}, "/account_accesses$"),
]


@pytest.mark.parametrize("body, message", WRONG_BODIES)
@pytest.mark.parametrize("name, args, path", CALLS, ids=[c[0] for c in CALLS])
def test_answers_of_the_wrong_shape_are_clear_errors_end_to_end(run_module, emulator, name, args, path, body, message):
    if name == "mailtrap_account_access_info" and message == "'id'":
        body = [dict(b, specifier_type="User", specifier={}) for b in body]
    emulator.fault(kind="respond", method="GET", path=path, body=body, count=1)
    result = run_module(name, args)
    assert result["failed"] and "unexpected shape" in result["msg"] and message in result["msg"], result["msg"]
    assert "Traceback" not in result["msg"] and result["method"] == "GET"
    assert emulator.writes() == []
