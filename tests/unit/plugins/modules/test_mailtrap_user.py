# -*- coding: utf-8 -*-
"""mailtrap_user / mailtrap_users / mailtrap_user_info against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

ALICE = dict(email="alice@example.com", role="developer", permissions=["send_emails", "view_analytics"])


def test_invite_sends_one_get_and_one_post(run_module, emulator):
    result = run_module("mailtrap_user", ALICE)
    assert result["changed"] and result["action"] == "created"
    assert result["user"]["permissions"] == {"analytics": ["read"], "emails": ["send"]}
    assert emulator.sequence() == ["GET A/users", "POST A/users"]


def test_rerun_in_other_case_order_and_spelling_is_unchanged(run_module, emulator):
    run_module("mailtrap_user", ALICE)
    emulator.clear_journal()
    again = dict(email="Alice@Example.com", role="developer",
                 permissions={"analytics": ["read"], "emails": ["send"]})
    result = run_module("mailtrap_user", again)
    assert not result["changed"] and result["action"] == "unchanged"
    result = run_module("mailtrap_user", dict(again, permissions=["emails:send", "analytics:read"]))
    assert not result["changed"]
    assert emulator.sequence() == ["GET A/users", "GET A/users"]


def test_check_mode_only_reads_and_predicts(run_module, emulator):
    result = run_module("mailtrap_user", ALICE, check_mode=True, diff=True)
    assert result["changed"] and result["user"]["email"] == "alice@example.com"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["role"] == "developer"
    assert emulator.writes() == []
    run_module("mailtrap_user", ALICE)
    emulator.clear_journal()
    result = run_module("mailtrap_user", dict(ALICE, role="admin"), check_mode=True, diff=True)
    assert result["changed"] and result["diff"]["before"]["role"] == "developer"
    assert result["diff"]["after"]["role"] == "admin"
    result = run_module("mailtrap_user", dict(email=ALICE["email"], state="absent"), check_mode=True)
    assert result["changed"] and result["action"] == "deleted"
    assert emulator.writes() == []


def test_update_sends_only_the_changed_keys(run_module, emulator):
    run_module("mailtrap_user", ALICE)
    emulator.clear_journal()
    result = run_module("mailtrap_user", dict(ALICE, role="admin"), diff=True)
    assert result["changed"] and result["user"]["role"] == "admin"
    assert result["user"]["permissions"] == {"analytics": ["read"], "emails": ["send"]}
    seq = emulator.sequence()
    assert seq[0] == "GET A/users" and seq[1].startswith("PATCH A/users/") and len(seq) == 2


def test_remove_goes_through_account_access(run_module, emulator):
    run_module("mailtrap_user", ALICE)
    emulator.clear_journal()
    result = run_module("mailtrap_user", dict(email="ALICE@example.com", state="absent"))
    assert result["changed"] and result["user"] == {}
    seq = emulator.sequence()
    # Before removing anyone, one read of the tokens tells whose token this run uses (protected).
    assert seq[:2] == ["GET A/users", "GET A/api_tokens"] and seq[2].startswith("DELETE A/account_accesses/")
    result = run_module("mailtrap_user", dict(email="alice@example.com", state="absent"))
    assert not result["changed"]


@pytest.mark.parametrize("args, message", [
    (dict(email="not-an-email"), "not a valid e-mail"),
    (dict(email="a@example.com", role="god"), "value of role must be one of"),
    (dict(email="a@example.com", permissions=["fly"]), "permission 'fly'"),
    (dict(email="a@example.com", permissions={"emails": ["delete"]}), "operation 'delete' of scope 'emails'"),
    (dict(email="a@example.com", colour="blue"), "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_user", args)
    assert result["failed"] and message in result["msg"]
    assert emulator.journal() == []


def test_last_owner_is_neither_removed_nor_demoted(run_module, emulator):
    result = run_module("mailtrap_user", dict(email="owner@example.com", state="absent"))
    assert result["failed"] and "last owner" in result["msg"]
    result = run_module("mailtrap_user", dict(email="owner@example.com", role="viewer"))
    assert result["failed"] and "last owner" in result["msg"]
    assert emulator.writes() == []


def test_api_errors_are_clear_and_carry_no_token(run_module, emulator):
    result = run_module("mailtrap_user", dict(ALICE, api_token="wrong-token"))
    assert result["failed"] and "401" in result["msg"] and "GET /api/accounts/1001/users" in result["msg"]
    assert "wrong-token" not in str(result)
    result = run_module("mailtrap_user", dict(ALICE, account_id=999))
    assert result["failed"] and "403" in result["msg"] and "account_id" in result["msg"]


def test_bulk_users_one_get_one_write_each_and_purge(run_module, emulator):
    users = [dict(email="u%02d@example.com" % i, role="viewer") for i in range(10)]
    result = run_module("mailtrap_users", dict(users=users))
    assert result["changed"] and len(result["created"]) == 10
    assert emulator.sequence().count("GET A/users") == 1
    assert len(emulator.writes()) == 10
    emulator.clear_journal()
    result = run_module("mailtrap_users", dict(users=[dict(u, email=u["email"].upper()) for u in users]))
    assert not result["changed"] and emulator.sequence() == ["GET A/users"]
    emulator.clear_journal()
    # Exclusive: keep two, the rest are removed; the owner is not listed but is spared.
    result = run_module("mailtrap_users", dict(users=users[:2], purge=True), check_mode=True)
    assert result["changed"] and len(result["removed"]) == 8 and result["spared"] == ["owner@example.com"]
    assert emulator.writes() == []
    result = run_module("mailtrap_users", dict(users=users[:2], purge=True))
    assert len(result["removed"]) == 8
    remaining = run_module("mailtrap_user_info", {})["users"]
    assert sorted(u["email"] for u in remaining) == ["owner@example.com", "u00@example.com", "u01@example.com"]


def test_bulk_rejects_duplicates_and_bad_entries_without_requests(run_module, emulator):
    result = run_module("mailtrap_users", dict(users=[dict(email="a@example.com"), dict(email="A@example.com")]))
    assert result["failed"] and "more than once" in result["msg"]
    result = run_module("mailtrap_users", dict(users=[dict(email="a@example.com"), dict(email="bad")]))
    assert result["failed"] and "users[1].email" in result["msg"]
    assert emulator.journal() == []


def test_info_filters_and_effective_permissions(run_module, emulator):
    run_module("mailtrap_user", ALICE)
    result = run_module("mailtrap_user_info", dict(email="ALICE@example.com"))
    assert not result["changed"] and len(result["users"]) == 1
    assert result["users"][0]["effective_permissions"]["templates"] == ["create", "delete", "read", "update"]
    owners = run_module("mailtrap_user_info", dict(role="owner"))["users"]
    assert [u["email"] for u in owners] == ["owner@example.com"]
