# -*- coding: utf-8 -*-
"""Guards: what would cut the account or this automation off is refused, with a message that
says why and what to do; wrong credentials get a message that names the likely cause."""

from __future__ import absolute_import, division, print_function

import pytest

OWNER = "owner@example.com"


def owners(emulator):
    return [u["email"] for u in emulator.state()["users"] if u["role"] == "owner"]


@pytest.mark.parametrize("module,args,fragment", [
    ("mailtrap_user", {"email": OWNER, "state": "absent"}, "last owner"),
    ("mailtrap_user", {"email": OWNER, "role": "admin"}, "last owner"),
    ("mailtrap_users", {"users": [{"email": OWNER, "state": "absent"}]}, "last owner"),
    ("mailtrap_users", {"users": [{"email": OWNER, "role": "viewer"}]}, "last owner"),
], ids=["user-remove", "user-demote", "users-remove", "users-demote"])
def test_last_owner_is_neither_removed_nor_demoted(module, args, fragment, run_module, emulator, measure):
    for check_mode in (True, False):
        result = run_module(module, args, check_mode=check_mode)
        assert result.get("failed"), "%s %r (check_mode=%s) was allowed: %r" % (module, args, check_mode, result)
        assert fragment in result["msg"], result["msg"]
        assert emulator.writes() == []
    assert owners(emulator) == [OWNER]
    measure.record("Guards", "%s: %s the last owner" % (module, "remove" if "absent" in str(args) else "demote"),
                   "refused, 0 writes: %s" % result["msg"][:120])


def test_purge_spares_the_last_owner(run_module, emulator, measure):
    emulator.api("POST", "users", json={"email": "bob@example.com", "role": "developer"})
    result = run_module("mailtrap_users", {"purge": True, "users": [{"email": "alice@example.com", "role": "developer"}]})
    assert not result.get("failed"), result.get("msg")
    assert owners(emulator) == [OWNER]
    assert "bob@example.com" in result["removed"] and OWNER not in result["removed"]
    measure.record("Guards", "mailtrap_users purge: true with a list that omits the owner",
                   "owner spared (listed in 'spared'), others purged")


def test_second_active_owner_makes_demotion_possible(run_module, emulator):
    emulator.seed({"users": [{"email": "second@example.com", "role": "owner", "status": "active"}]})
    result = run_module("mailtrap_user", {"email": OWNER, "role": "admin"})
    assert not result.get("failed"), result.get("msg")
    assert owners(emulator) == ["second@example.com"]


def test_invited_owner_does_not_count_as_second_owner(run_module, emulator):
    emulator.api("POST", "users", json={"email": "second@example.com", "role": "owner"})  # invited
    emulator.clear_journal()
    result = run_module("mailtrap_user", {"email": OWNER, "role": "admin"})
    assert result.get("failed")
    assert emulator.writes() == [], "the demotion was sent: %s" % result["msg"]


@pytest.mark.parametrize("module,args", [
    ("mailtrap_token", {"name": "Emulator owner token", "state": "absent"}),
    ("mailtrap_token", {"name": "Emulator owner token", "rotate": True}),
    ("mailtrap_tokens", {"tokens": [{"name": "Emulator owner token", "state": "absent"}]}),
], ids=["revoke", "rotate", "bulk-revoke"])
def test_token_in_use_is_not_revoked_without_force(module, args, run_module, emulator, measure):
    result = run_module(module, args)
    live = [t for t in emulator.state()["tokens"] if t["id"] == 7001 and not t.get("expires_at")]
    if "rotate" in args:
        # Rotating the token in use makes it fade after the grace period: refused, or at least
        # not done silently.
        assert result.get("failed") or result.get("warnings"), result
    else:
        assert result.get("failed"), result
        assert "force" in result["msg"] and ("in use" in result["msg"] or "authenticates with" in result["msg"]), result["msg"]
        assert emulator.writes() == [] and live
    doing = "rotate" if args.get("rotate") else "revoke"
    measure.record("Guards", "%s: %s the token the task authenticates with, without force" % (module, doing),
                   "refused, 0 writes" if result.get("failed") else "done with a warning: %s" % result.get("warnings"))


def test_token_in_use_is_revoked_with_force(run_module, emulator, emulator_server):
    try:
        result = run_module("mailtrap_token", {"name": "Emulator owner token", "state": "absent", "force": True})
        assert not result.get("failed"), result.get("msg")
        assert emulator.api("GET", "users").status_code == 401
    finally:
        # With its only token revoked the account is locked out of /_emulator too: reset in-process.
        emulator_server.reset()


def test_wrong_account_id_names_the_cause(run_module, emulator, measure):
    result = run_module("mailtrap_user_info", {"account_id": 424242})
    assert result.get("failed")
    assert "account_id" in result["msg"] and ("403" in result["msg"] or "404" in result["msg"]), result["msg"]
    measure.record("Guards", "wrong account_id", "clear error: %s" % result["msg"][:160])


def test_revoked_token_names_the_cause(run_module, emulator, measure):
    made = emulator.api("POST", "api_tokens", json={"name": "short-lived", "scopes": ["users:read", "account:read"]}).json()
    assert emulator.api("DELETE", "api_tokens/%s" % made["id"]).status_code == 204
    result = run_module("mailtrap_user_info", {"api_token": made["token"]})
    assert result.get("failed")
    assert "401" in result["msg"] and "revoked" in result["msg"] and "api_token" in result["msg"], result["msg"]
    assert made["token"] not in result["msg"]
    measure.record("Guards", "revoked API token", "clear error: %s" % result["msg"][:160])


def test_missing_scope_names_the_cause(run_module, emulator):
    made = emulator.api("POST", "api_tokens", json={"name": "send-only", "scopes": ["emails:send"]}).json()
    emulator.clear_journal()
    result = run_module("mailtrap_user", {"email": "zoe@example.com", "api_token": made["token"]})
    assert result.get("failed")
    assert "403" in result["msg"] and "scope" in result["msg"], result["msg"]
    assert emulator.writes() == []


def test_allow_list_that_locks_out_needs_acknowledgement(run_module, emulator, measure):
    result = run_module("mailtrap_security", {"ip_whitelist": ["192.0.2.0/24"]})
    assert result.get("failed")
    assert "allow_access_narrowing" in result["msg"] and "Nothing was changed" in result["msg"]
    assert emulator.writes() == []
    measure.record("Guards", "ip_whitelist that would shut this machine out, not acknowledged", "refused, 0 writes")
