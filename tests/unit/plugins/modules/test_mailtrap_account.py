# -*- coding: utf-8 -*-
"""mailtrap_account against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

A = "/api/accounts/1001"


def test_update_sends_only_the_given_keys(run_module, emulator):
    result = run_module("mailtrap_account", dict(timezone="America/New_York"))
    assert result["changed"] and result["account"]["timezone"] == "America/New_York"
    assert result["account"]["name"] == "Example Co"
    assert emulator.sequence() == ["GET " + A, "PATCH " + A]
    assert emulator.writes()[0]["body"] == {"timezone": "America/New_York"}


def test_rerun_is_unchanged_email_compared_case_insensitively(run_module, emulator):
    args = dict(name="  Example Co (prod) ", timezone="Europe/Berlin", notification_email="Ops@Example.com")
    result = run_module("mailtrap_account", args)
    assert result["changed"] and result["account"]["name"] == "Example Co (prod)"
    emulator.clear_journal()
    result = run_module("mailtrap_account", dict(args, notification_email="OPS@example.COM"))
    assert not result["changed"]
    result = run_module("mailtrap_account", {})
    assert not result["changed"] and result["account"]["timezone"] == "Europe/Berlin"
    assert emulator.sequence() == ["GET " + A, "GET " + A]


def test_check_mode_writes_nothing_and_predicts(run_module, emulator):
    args = dict(name="Renamed", notification_email="ops@example.com")
    result = run_module("mailtrap_account", args, check_mode=True, diff=True)
    assert result["changed"] and result["account"]["name"] == "Renamed"
    assert result["diff"]["before"]["name"] == "Example Co" and result["diff"]["after"]["name"] == "Renamed"
    assert emulator.sequence() == ["GET " + A]
    real = run_module("mailtrap_account", args)
    assert real["account"] == result["account"]


def test_diff_and_undo(run_module, emulator):
    result = run_module("mailtrap_account", dict(timezone="Asia/Tokyo"), diff=True)
    assert result["diff"]["before"]["timezone"] == "UTC" and result["diff"]["after"]["timezone"] == "Asia/Tokyo"
    result = run_module("mailtrap_account", dict(timezone="UTC"), diff=True)
    assert result["changed"] and result["diff"]["after"]["timezone"] == "UTC"
    assert emulator.state()["account"]["timezone"] == "UTC"


@pytest.mark.parametrize("args, message", [
    (dict(timezone="Mars/Olympus_Mons"), "not an IANA time zone"),
    (dict(timezone="america/new_york"), "Did you mean America/New_York?"),
    (dict(timezone=""), "timezone must not be empty"),
    (dict(name=""), "name must be 1 to 100 characters"),
    (dict(name="   "), "name must be 1 to 100 characters"),
    (dict(name="x" * 101), "got 101"),
    (dict(notification_email="not-an-address"), "notification_email: 'not-an-address' is not a valid e-mail"),
    (dict(owner="someone@example.com"), "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_account", args)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []


def test_missing_scope_is_a_clear_403(run_module, emulator):
    # A token that can read the account but not update it.
    created = emulator.api("POST", "api_tokens", json={"name": "reader", "scopes": ["account:read"]}).json()
    result = run_module("mailtrap_account", dict(name="Example Co", api_token=created["token"]))
    assert not result.get("failed") and not result["changed"]  # reading is allowed
    result = run_module("mailtrap_account", dict(name="Nope", api_token=created["token"]))
    assert result["failed"] and result["status"] == 403 and "PATCH /api/accounts/1001" in result["msg"]
    assert created["token"] not in str(result)
