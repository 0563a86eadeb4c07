# -*- coding: utf-8 -*-
"""mailtrap_token / mailtrap_token_info against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

import pytest
from ansible.module_utils import basic

from ansible_collections.mailtrap.general.plugins.module_utils import times as tk

SENDER = dict(name="webapp", scopes=["emails:send"])
OWNER_TOKEN_NAME = "Emulator owner token"  # the emulator's built-in token, used by every run


def days_from_now(days):
    return tk.utc_now() + datetime.timedelta(days=days)


@pytest.fixture
def warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg, *a, **k: seen.append(msg))
    return seen


def live_named(emulator, name):
    listed = emulator.api("GET", "api_tokens").json()
    return [t for t in listed if t["name"] == name]


def lifetime(token):
    return tk.parse_time(token["expires_at"]) - tk.parse_time(token["created_at"])


def backdate(emulator_server, token_id, days):
    """Make a token look created ``days`` earlier (the API cannot), so its lifetime grows by as much."""
    with emulator_server.store.lock:
        for token in emulator_server.state["tokens"]:
            if token["id"] == token_id:
                token["created_at"] = tk.format_time(tk.parse_time(token["created_at"]) - datetime.timedelta(days=days))


def test_create_returns_the_secret_once_and_it_has_exactly_its_scopes(run_module, emulator):
    result = run_module("mailtrap_token", SENDER, diff=True)
    assert result["changed"] and result["action"] == "created"
    secret = result["token"]
    assert result["api_token"]["scopes"] == ["emails:send"] and result["api_token"]["expires_at"] is None
    assert "token" not in result["api_token"] and secret not in json.dumps(result["diff"])
    assert result["api_token"]["last_4_digits"] == secret[-4:]
    # One read per task (issue 11 item 4): no second listing after the create.
    assert emulator.sequence() == ["GET A/api_tokens", "POST A/api_tokens"]
    # The new token authenticates, with nothing beyond emails:send.
    assert emulator.api("GET", "users", token=secret).status_code == 403
    assert emulator.api("GET", "api_tokens", token=secret).status_code == 403
    reader = run_module("mailtrap_token", dict(name="reader", scopes=["users:read"]))["token"]
    assert emulator.api("GET", "users", token=reader).status_code == 200
    assert emulator.api("GET", "api_tokens", token=reader).status_code == 403
    # Re-run: unchanged, GET only, and no secret anywhere in the answer.
    emulator.clear_journal()
    again = run_module("mailtrap_token", dict(SENDER, scopes=["send_emails"]), diff=True)
    assert not again["changed"] and again["action"] == "unchanged" and "token" not in again
    assert secret not in json.dumps(again) and again["drift"] == []
    assert emulator.sequence() == ["GET A/api_tokens"]


def test_expiry_is_compared_as_an_instant(run_module, emulator):
    day = days_from_now(40).strftime("%Y-%m-%d")
    created = run_module("mailtrap_token", dict(SENDER, expires_at=day))
    assert created["api_token"]["expires_at"] == day + "T00:00:00Z"
    emulator.clear_journal()
    for spelling in (day + "T00:00:00Z", day + "T02:00:00+02:00", day + " 00:00"):
        result = run_module("mailtrap_token", dict(SENDER, expires_at=spelling))
        assert not result["changed"], spelling
    assert emulator.writes() == []


def test_check_mode_creates_nothing_and_returns_no_secret(run_module, emulator):
    day = days_from_now(10).strftime("%Y-%m-%d")
    result = run_module("mailtrap_token", dict(SENDER, expires_at=day), check_mode=True, diff=True)
    assert result["changed"] and result["action"] == "created" and "token" not in result
    assert result["api_token"] == {"name": "webapp", "scopes": ["emails:send"], "expires_at": day + "T00:00:00Z"}
    assert result["diff"]["before"] == {} and result["diff"]["after"]["name"] == "webapp"
    assert emulator.writes() == []


def test_scope_drift_warns_with_never_and_replaces_with_on_change(run_module, emulator, warnings):
    old = run_module("mailtrap_token", SENDER)
    emulator.clear_journal()
    wider = dict(SENDER, scopes=["emails:send", "templates:read"])
    result = run_module("mailtrap_token", wider)
    assert not result["changed"] and result["action"] == "unchanged" and result["drift"] == ["scopes"]
    assert len(warnings) == 1 and "scopes" in warnings[0] and "recreate: on_change" in warnings[0]
    assert "token" not in result and emulator.writes() == []

    result = run_module("mailtrap_token", dict(wider, recreate="on_change"), check_mode=True, diff=True)
    assert result["changed"] and result["action"] == "recreated" and "token" not in result
    assert result["diff"]["after"]["scopes"] == ["emails:send", "templates:read"]
    assert emulator.writes() == []

    emulator.clear_journal()
    result = run_module("mailtrap_token", dict(wider, recreate="on_change"), diff=True)
    assert result["changed"] and result["action"] == "recreated"
    old_id = old["api_token"]["id"]
    # Create first, then revoke: never a moment without a working token.
    assert emulator.sequence() == ["GET A/api_tokens", "POST A/api_tokens", "DELETE A/api_tokens/%s" % old_id]
    assert result["api_token"]["scopes"] == ["emails:send", "templates:read"]
    assert result["diff"]["before"]["id"] == old_id and result["diff"]["after"]["id"] != old_id
    assert emulator.api("GET", "templates", token=result["token"]).status_code == 200
    assert emulator.api("GET", "templates", token=old["token"]).status_code == 401
    assert run_module("mailtrap_token", dict(wider, recreate="on_change"))["action"] == "unchanged"


def test_recreate_always_replaces_every_run(run_module, emulator):
    first = run_module("mailtrap_token", dict(SENDER, recreate="always"))
    second = run_module("mailtrap_token", dict(SENDER, recreate="always"))
    assert first["action"] == "created" and second["action"] == "recreated"
    assert second["token"] != first["token"] and len(live_named(emulator, "webapp")) == 1


def test_rotate_without_expiry_uses_reset(run_module, emulator, warnings):
    old = run_module("mailtrap_token", SENDER)
    emulator.clear_journal()
    result = run_module("mailtrap_token", dict(name="webapp", rotate=True), check_mode=True)
    assert result["changed"] and result["action"] == "rotated" and emulator.writes() == []
    emulator.clear_journal()
    result = run_module("mailtrap_token", dict(name="webapp", rotate=True))
    assert result["action"] == "rotated" and result["token"] != old["token"]
    assert emulator.sequence() == ["GET A/api_tokens", "POST A/api_tokens/%s/reset" % old["api_token"]["id"]]
    assert result["api_token"]["id"] != old["api_token"]["id"] and result["api_token"]["expires_at"] is None
    assert result["api_token"]["scopes"] == ["emails:send"]
    # The old secret keeps working through its grace period; the new one works too.
    assert emulator.api("GET", "users", token=old["token"]).status_code == 403
    assert emulator.api("GET", "users", token=result["token"]).status_code == 403
    # Next run manages the new token, unchanged, and does not call the fading one a duplicate.
    again = run_module("mailtrap_token", SENDER)
    assert again["action"] == "unchanged" and again["api_token"]["id"] == result["api_token"]["id"]
    assert warnings == []


def test_rotate_with_expiry_creates_then_revokes_with_the_same_lifetime(run_module, emulator):
    old = run_module("mailtrap_token", dict(SENDER, expires_at=days_from_now(10).strftime("%Y-%m-%dT%H:%M:%SZ")))
    emulator.clear_journal()
    result = run_module("mailtrap_token", dict(name="webapp", rotate=True))
    assert result["action"] == "rotated"
    assert emulator.sequence() == ["GET A/api_tokens", "POST A/api_tokens", "DELETE A/api_tokens/%s" % old["api_token"]["id"]]
    # The new token is created now and lives as long as the old one was made to live.
    assert abs(lifetime(result["api_token"]) - lifetime(old["api_token"])) < datetime.timedelta(minutes=1)
    assert abs(tk.parse_time(result["api_token"]["expires_at"]) - days_from_now(10)) < datetime.timedelta(minutes=1)
    assert emulator.api("GET", "users", token=old["token"]).status_code == 401
    # A later expires_at wins over the lifetime rule.
    later = days_from_now(300).strftime("%Y-%m-%d")
    result = run_module("mailtrap_token", dict(name="webapp", rotate=True, expires_at=later))
    assert result["api_token"]["expires_at"] == later + "T00:00:00Z"


def test_rotating_twice_in_a_row_keeps_the_lifetime(run_module, emulator, emulator_server):
    """Regression: the new expiry was old expiry + old lifetime, so each early rotation stretched it."""
    first = run_module("mailtrap_token", dict(SENDER, expires_at=days_from_now(10).strftime("%Y-%m-%dT%H:%M:%SZ")))
    backdate(emulator_server, first["api_token"]["id"], 80)  # 90 days, 10 left
    ninety = lifetime(live_named(emulator, "webapp")[0])
    # expires_at was computed before the create: a slow machine may tick a few seconds in between.
    assert abs(ninety - datetime.timedelta(days=90)) < datetime.timedelta(seconds=30)
    second = run_module("mailtrap_token", dict(name="webapp", rotate=True))
    third = run_module("mailtrap_token", dict(name="webapp", rotate=True))
    assert second["action"] == third["action"] == "rotated"
    assert len({first["api_token"]["id"], second["api_token"]["id"], third["api_token"]["id"]}) == 3
    for rotated in (second, third):
        assert abs(lifetime(rotated["api_token"]) - ninety) < datetime.timedelta(minutes=1)
        assert abs(tk.parse_time(rotated["api_token"]["expires_at"]) - days_from_now(90)) < datetime.timedelta(minutes=1)
    # Check mode predicts the same rule.
    predicted = run_module("mailtrap_token", dict(name="webapp", rotate=True), check_mode=True)["api_token"]
    assert abs(tk.parse_time(predicted["expires_at"]) - days_from_now(90)) < datetime.timedelta(minutes=1)
    assert [t["id"] for t in live_named(emulator, "webapp")] == [third["api_token"]["id"]]


def test_rotate_before_days(run_module, emulator, emulator_server):
    old = run_module("mailtrap_token", dict(SENDER, expires_at=days_from_now(10).isoformat()))
    backdate(emulator_server, old["api_token"]["id"], 80)  # a 90-day token, 10 days before its expiry
    emulator.clear_journal()
    assert run_module("mailtrap_token", dict(SENDER, rotate_before_days=5))["action"] == "unchanged"
    assert run_module("mailtrap_token", dict(SENDER, rotate_before_days=14), check_mode=True)["action"] == "rotated"
    assert emulator.writes() == []
    result = run_module("mailtrap_token", dict(SENDER, rotate_before_days=14))
    assert result["action"] == "rotated" and "token" in result
    # Another 90 days from now (not 90 days after the old expiry, nor 10 days).
    assert abs(tk.parse_time(result["api_token"]["expires_at"]) - days_from_now(90)) < datetime.timedelta(minutes=1)
    # The new token lives ~90 days: not due again.
    assert run_module("mailtrap_token", dict(SENDER, rotate_before_days=14))["action"] == "unchanged"
    assert emulator.api("GET", "users", token=old["token"]).status_code == 401
    # Tokens without expiry are never due.
    run_module("mailtrap_token", dict(name="forever", scopes=["emails:send"]))
    assert run_module("mailtrap_token", dict(name="forever", rotate_before_days=10000))["action"] == "unchanged"


@pytest.mark.parametrize("args, doing", [
    (dict(state="absent"), "revoke"),
    (dict(rotate=True), "rotate"),
    (dict(scopes=["emails:send"], recreate="on_change"), "replace"),
])
def test_the_token_in_use_is_protected(run_module, emulator, args, doing):
    for check_mode in (True, False):
        result = run_module("mailtrap_token", dict(args, name=OWNER_TOKEN_NAME), check_mode=check_mode)
        # One wording for single and bulk modules (the runner's): "refusing to <verb> api_token ...".
        assert result["failed"] and ("refusing to %s" % doing) in result["msg"]
        assert "force: true" in result["msg"] and "lose" in result["msg"]
    assert emulator.writes() == []
    assert emulator.api("GET", "users").status_code == 200


def test_force_rotates_the_token_in_use(run_module, emulator):
    result = run_module("mailtrap_token", dict(name=OWNER_TOKEN_NAME, rotate=True, force=True))
    assert result["action"] == "rotated"
    assert emulator.api("GET", "users", token=result["token"]).status_code == 200


def test_absent_revokes_every_live_token_of_the_name(run_module, emulator):
    first = run_module("mailtrap_token", SENDER)
    emulator.api("POST", "api_tokens", json=dict(name="webapp", scopes=["emails:send"]))
    emulator.clear_journal()
    result = run_module("mailtrap_token", dict(name="webapp", state="absent"), check_mode=True)
    assert result["changed"] and result["action"] == "deleted" and emulator.writes() == []
    result = run_module("mailtrap_token", dict(name="webapp", state="absent"), diff=True)
    assert result["changed"] and result["api_token"] == {} and result["diff"]["after"] == {}
    assert [e["method"] for e in emulator.writes()] == ["DELETE", "DELETE"]
    assert emulator.api("GET", "users", token=first["token"]).status_code == 401
    again = run_module("mailtrap_token", dict(name="webapp", state="absent"))
    assert not again["changed"] and again["action"] == "absent"


def test_two_tokens_of_one_name_converge_on_one(run_module, emulator, warnings):
    """Issue 11 F8 / item 6: two runs that created the same token at once left two live tokens, and every later
    run only warned. The next run keeps the newest, revokes the other: changed, predicted in check mode, in the diff."""
    older = emulator.api("POST", "api_tokens", json=dict(name="dup", scopes=["emails:send"])).json()
    newest = emulator.api("POST", "api_tokens", json=dict(name="dup", scopes=["emails:send"])).json()
    emulator.clear_journal()
    check = run_module("mailtrap_token", dict(name="dup", scopes=["emails:send"]), check_mode=True, diff=True)
    assert check["changed"] and check["action"] == "unchanged" and emulator.writes() == []
    assert [t["id"] for t in check["duplicates_revoked"]] == [older["id"]]
    assert check["diff"][1]["before"] == {"dup (id %s)" % older["id"]: check["duplicates_revoked"][0]}
    assert check["diff"][1]["after"] == {} and older["token"] not in json.dumps(check)
    emulator.clear_journal()
    result = run_module("mailtrap_token", dict(name="dup", scopes=["emails:send"]), diff=True)
    assert result["changed"] and result["api_token"]["id"] == newest["id"] and "token" not in result
    assert emulator.sequence() == ["GET A/api_tokens", "DELETE A/api_tokens/%s" % older["id"]]
    assert [t["id"] for t in live_named(emulator, "dup")] == [newest["id"]] and warnings == []
    again = run_module("mailtrap_token", dict(name="dup", scopes=["emails:send"]))
    assert not again["changed"] and again["duplicates_revoked"] == []


def test_the_token_whose_secret_is_kept_wins_and_the_token_in_use_is_never_a_duplicate(run_module, emulator, warnings):
    kept = emulator.api("POST", "api_tokens", json=dict(name="dup", scopes=["emails:send"])).json()
    newer = emulator.api("POST", "api_tokens", json=dict(name="dup", scopes=["emails:send"])).json()
    result = run_module("mailtrap_token", dict(name="dup", prefer_last_4_digits=kept["token"][-4:]))
    assert result["changed"] and result["api_token"]["id"] == kept["id"]
    assert [t["id"] for t in live_named(emulator, "dup")] == [kept["id"]]
    assert emulator.api("GET", "users", token=newer["token"]).status_code == 401
    # A token of the owner's name made after the owner's: the owner's (in use) stays, with a warning, unless force.
    other = emulator.api("POST", "api_tokens", json=dict(name=OWNER_TOKEN_NAME, scopes=["emails:send"])).json()
    emulator.clear_journal()
    result = run_module("mailtrap_token", dict(name=OWNER_TOKEN_NAME))
    assert not result["changed"] and result["api_token"]["id"] == other["id"] and emulator.writes() == []
    assert any("were not revoked as duplicates" in w and "authenticates with" in w for w in warnings), warnings
    assert emulator.api("GET", "users").status_code == 200


def test_a_rotation_whose_revoke_failed_is_finished_by_the_next_run(run_module, emulator):
    """Issue 11 F3: the rotation made the new token, the revoke of the old one failed, and every later run only warned."""
    old = run_module("mailtrap_token", dict(SENDER, expires_in_days=30))
    emulator.fault(kind="status", status=500, method="DELETE", path="api_tokens/\\d+$", count=None)
    rotated = run_module("mailtrap_token", dict(name="webapp", rotate=True, max_retry_time=1))
    emulator.clear_faults()
    # The new secret is not lost with the failed revoke.
    assert rotated["failed"] and rotated["changed"] and rotated["token"] and rotated["token"] != old["token"]
    assert len(live_named(emulator, "webapp")) == 2
    emulator.clear_journal()
    again = run_module("mailtrap_token", dict(name="webapp", rotate_before_days=14))
    assert again["changed"] and again["api_token"]["id"] == rotated["api_token"]["id"] and "token" not in again
    assert [t["id"] for t in again["duplicates_revoked"]] == [old["api_token"]["id"]]
    assert emulator.sequence() == ["GET A/api_tokens", "DELETE A/api_tokens/%s" % old["api_token"]["id"]]
    assert emulator.api("GET", "users", token=old["token"]).status_code == 401
    assert emulator.api("GET", "users", token=rotated["token"]).status_code == 403  # works, with its scope only
    assert not run_module("mailtrap_token", dict(name="webapp", rotate_before_days=14))["changed"]


def test_id_revokes_one_token_and_is_guarded_like_a_name(run_module, emulator):
    """Issue 11 F3 (a): revoke one specific token, e.g. a rotation's leftover, by id."""
    first = emulator.api("POST", "api_tokens", json=dict(name="dup", scopes=["emails:send"])).json()
    second = emulator.api("POST", "api_tokens", json=dict(name="dup", scopes=["emails:send"])).json()
    emulator.clear_journal()
    check = run_module("mailtrap_token", dict(id=first["id"], state="absent"), check_mode=True, diff=True)
    assert check["changed"] and check["action"] == "deleted" and emulator.writes() == []
    assert check["diff"]["before"]["id"] == first["id"]
    result = run_module("mailtrap_token", dict(id=first["id"], name="dup", state="absent"))
    assert result["changed"] and [t["id"] for t in live_named(emulator, "dup")] == [second["id"]]
    assert not run_module("mailtrap_token", dict(id=first["id"], state="absent"))["changed"]
    wrong = run_module("mailtrap_token", dict(id=second["id"], name="other", state="absent"))
    assert wrong["failed"] and "is named 'dup', not 'other'" in wrong["msg"]
    owner = [t for t in emulator.api("GET", "api_tokens").json() if t["name"] == OWNER_TOKEN_NAME][0]
    refused = run_module("mailtrap_token", dict(id=owner["id"], state="absent"))
    assert refused["failed"] and "refusing to revoke" in refused["msg"]
    for args, message in ((dict(id=second["id"]), "give state: absent"), (dict(), "one of the following is required: name, id")):
        bad = run_module("mailtrap_token", args)
        assert bad["failed"] and message in bad["msg"], bad
    assert [e["method"] for e in emulator.writes()] == ["DELETE"]


def test_lost_create_answer_never_revokes_the_token_that_appeared(run_module, emulator, warnings):
    """Changed by issue 11 item 6: the token that appears behind a lost answer may be another run's (which
    reported its secret), so recovery no longer revokes it; it sends the create again and names it."""
    emulator.fault(kind="drop_after_commit", method="POST", path="api_tokens$", count=1)
    result = run_module("mailtrap_token", SENDER)
    assert result["action"] == "created" and result["token"]
    seq = emulator.sequence()
    assert seq[:3] == ["GET A/api_tokens", "POST A/api_tokens", "GET A/api_tokens"]
    assert seq[3] == "POST A/api_tokens" and not any(s.startswith("DELETE") for s in seq)
    live = live_named(emulator, "webapp")
    assert live[-1]["id"] == result["api_token"]["id"] and len(live) == 2
    assert any("secret was never returned" in w and str(live[0]["id"]) in w for w in warnings), warnings
    assert emulator.api("GET", "users", token=result["token"]).status_code == 403
    # The next run keeps the newest and revokes the left-over (one live token per name).
    again = run_module("mailtrap_tokens", dict(tokens=[SENDER]))
    assert [t["id"] for t in live_named(emulator, "webapp")] == [result["api_token"]["id"]]
    assert again["changed"] and [t["id"] for t in again["duplicates_revoked"]] == [live[0]["id"]]


def test_scopes_are_needed_to_create(run_module, emulator):
    result = run_module("mailtrap_token", dict(name="nothing-yet"))
    assert result["failed"] and "scopes is required" in result["msg"] and emulator.writes() == []


@pytest.mark.parametrize("args, message", [
    (dict(name="t", scopes=["emails:fly"]), "operation 'fly' of scope 'emails'"),
    (dict(name="t", scopes=["teleport"]), "permission 'teleport'"),
    (dict(name="t", scopes=[]), "at least one scope"),
    (dict(name="t", scopes=["emails:send"], expires_at="2001-01-01"), "is not in the future"),
    (dict(name="t", scopes=["emails:send"], expires_at="tomorrow"), "neither a date"),
    (dict(name="t", scopes=["emails:send"], expires_at="2030-02-30"), "expires_at"),
    (dict(name="t", scopes=["emails:send"], rotate_before_days=-1), "rotate_before_days must be between 0 and"),
    # hostile re-run of issue 11, F7: a padded year, and no 309-digit number
    (dict(name="t", scopes=["emails:send"], expires_at="0001-01-01"), "(0001-01-01T00:00:00Z) is not in the future"),
    # (ansible-core 2.16 and 2.17 refuse any float for an int option themselves, before the module)
    (dict(name="t", scopes=["emails:send"], rotate_before_days=1e308),
     ("rotate_before_days is too large (at most 36500 days)", "'rotate_before_days' is of type <class 'float'>")),
    (dict(name="  "), "name must not be empty"),
    (dict(name="t", state="absent", rotate=True), "cannot be combined"),
    (dict(name="t", recreate="sometimes"), "value of recreate must be one of"),
    (dict(name="t", colour="blue"), "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_token", args)
    expected = message if isinstance(message, tuple) else (message,)
    assert result["failed"] and any(m in result["msg"] for m in expected), result["msg"]
    assert emulator.journal() == []


def test_info_lists_without_secrets_and_filters_by_expiry(run_module, emulator):
    soon = run_module("mailtrap_token", dict(name="soon", scopes=["emails:send"], expires_at=days_from_now(5).isoformat()))
    late = run_module("mailtrap_token", dict(name="late", scopes=["emails:send"], expires_at=days_from_now(60).isoformat()))
    emulator.clear_journal()
    result = run_module("mailtrap_token_info", {})
    assert not result["changed"] and emulator.sequence() == ["GET A/api_tokens"]
    names = [t["name"] for t in result["api_tokens"]]
    assert names == sorted(names) and set(names) == {OWNER_TOKEN_NAME, "soon", "late"}
    dumped = json.dumps(result)
    assert soon["token"] not in dumped and late["token"] not in dumped and emulator.token not in dumped
    by_name = dict((t["name"], t) for t in result["api_tokens"])
    assert by_name[OWNER_TOKEN_NAME]["days_left"] is None
    assert by_name["soon"]["days_left"] == 4 and by_name["late"]["days_left"] == 59
    expiring = run_module("mailtrap_token_info", dict(expiring_within_days=30))["api_tokens"]
    assert [t["name"] for t in expiring] == ["soon"]
    assert run_module("mailtrap_token_info", dict(name="late"))["api_tokens"][0]["id"] == late["api_token"]["id"]
    emulator.clear_journal()
    bad = run_module("mailtrap_token_info", dict(expiring_within_days=-3))
    assert bad["failed"] and "between 0 and" in bad["msg"] and emulator.journal() == []


def test_a_past_expiry_does_not_block_revoking(run_module, emulator):
    run_module("mailtrap_token", SENDER)
    result = run_module("mailtrap_token", dict(SENDER, expires_at="2001-01-01", state="absent"))
    assert result["changed"] and result["action"] == "deleted"


def test_the_token_in_use_is_protected_when_api_token_ends_in_a_newline(run_module, emulator):
    """Issue 11 item 1: the client strips the newline; the guard compares what the client sends."""
    for check_mode in (True, False):
        result = run_module("mailtrap_token", dict(name=OWNER_TOKEN_NAME, state="absent", api_token=emulator.token + "\n"),
                            check_mode=check_mode)
        assert result["failed"] and "refusing to revoke" in result["msg"]
    assert emulator.writes() == [] and emulator.api("GET", "users").status_code == 200


def test_a_failed_revoke_after_recreate_returns_the_new_secret_and_changed(run_module, emulator):
    """Issue 11 item 9: the new token exists; its secret must not be lost with the failed revoke."""
    old = run_module("mailtrap_token", SENDER)
    emulator.fault(kind="status", status=500, method="DELETE", path="api_tokens/\\d+$", count=None)
    result = run_module("mailtrap_token", dict(SENDER, recreate="always", max_retry_time=1))
    emulator.clear_faults()
    assert result["failed"] and result["changed"] and result["token"] != old["token"]
    assert result["api_token"]["id"] != old["api_token"]["id"] and "token" not in result["api_token"]
    assert emulator.api("GET", "users", token=result["token"]).status_code == 403  # it works


def test_a_fixed_expiry_inside_rotate_before_days_is_not_replaced_every_run(run_module, emulator, warnings):
    """Issue 11 item 13: it was rotated, then recreated for the expiry drift, on every run."""
    day = days_from_now(10).strftime("%Y-%m-%dT%H:%M:%S.250Z")
    run_module("mailtrap_token", dict(SENDER, expires_at=day))
    emulator.clear_journal()
    for _run in range(2):
        result = run_module("mailtrap_token", dict(SENDER, expires_at=day, rotate_before_days=14, recreate="on_change"))
        assert result["action"] == "unchanged" and result["drift"] == []
    assert emulator.writes() == [] and any("is not rotated" in w for w in warnings)


def test_expires_in_days_is_applied_when_made_and_not_compared(run_module, emulator):
    created = run_module("mailtrap_token", dict(SENDER, expires_in_days=30))
    expiry = tk.parse_time(created["api_token"]["expires_at"])
    assert abs(expiry - days_from_now(30)) < datetime.timedelta(minutes=1) and expiry.microsecond == 0
    emulator.clear_journal()
    again = run_module("mailtrap_token", dict(SENDER, expires_in_days=31, recreate="on_change"))
    assert again["action"] == "unchanged" and emulator.writes() == []


def test_rerunning_rotate_before_days_right_after_a_rotation_is_a_no_op(run_module, emulator):
    """Issue 11 item 12: a 5-day token rotated at 14 days was followed by another 5-day token, due at once."""
    run_module("mailtrap_token", dict(SENDER, expires_in_days=5))
    first = run_module("mailtrap_token", dict(SENDER, rotate_before_days=14))
    assert first["action"] == "rotated"
    emulator.clear_journal()
    assert run_module("mailtrap_token", dict(SENDER, rotate_before_days=14))["action"] == "unchanged"
    # A reset's old token fades for a few minutes: it is never the managed one.
    run_module("mailtrap_token", dict(name="forever", scopes=["emails:send"]))
    reset = run_module("mailtrap_token", dict(name="forever", rotate=True))
    again = run_module("mailtrap_token", dict(name="forever", rotate_before_days=14))
    assert again["action"] == "unchanged" and again["api_token"]["id"] == reset["api_token"]["id"]
    assert [e["method"] for e in emulator.writes()] == ["POST", "POST"]


@pytest.mark.parametrize("args", [
    dict(expires_at="9999-12-31T23:00:00-05:00"),
    dict(rotate_before_days=3000000),
    dict(expires_in_days=10 ** 9),
])
def test_extreme_values_are_refused_before_any_request(run_module, emulator, args):
    result = run_module("mailtrap_token", dict(SENDER, **args))
    assert result["failed"] and "unexpected error" not in result["msg"] and "Overflow" not in result["msg"], result["msg"]
    assert emulator.journal() == []


def test_every_create_answer_lost_reports_changed_and_names_the_secretless_tokens(run_module, emulator, warnings):
    """Hostile re-run of issue 11, F1: each POST committed but its answer was lost. The task wrote tokens, so
    it reports changed; it names the tokens whose secret nobody has and never advises a purge (which would keep
    the newest of them); a caller keeping a secret of the name is told none of the live tokens is its."""
    emulator.fault(kind="drop_after_commit", method="POST", path="api_tokens$", count=None)
    result = run_module("mailtrap_token", SENDER)
    live = live_named(emulator, "webapp")
    assert len(live) >= 2
    assert result["failed"] and result["changed"], result
    assert "token" not in result
    lost = [w for w in warnings if "their secret was never returned" in w]
    assert len(lost) == 1 and all(str(t["id"]) in lost[0] for t in live[:-1]), warnings
    assert "rotate: true" in lost[0] and "id: <id>" in lost[0] and "rotate_tokens_missing_secret" in lost[0]
    assert not any("purge: true does" in w for w in warnings)
    assert "secret was never returned" in result["msg"]
    emulator.clear_faults()
    del warnings[:]
    run_module("mailtrap_token", dict(SENDER, prefer_last_4_digits="zzzz"), check_mode=True)
    assert any("belongs to none of them" in w and str(live[0]["id"]) in w for w in warnings), warnings


def test_single_lost_create_answer_reports_changed_and_names_the_orphan_by_id(run_module, emulator, warnings):
    emulator.fault(kind="drop_after_commit", method="POST", path="api_tokens$", count=1)
    result = run_module("mailtrap_token", SENDER)
    live = live_named(emulator, "webapp")
    assert result["changed"] and result["token"] and live[-1]["id"] == result["api_token"]["id"]
    lost = [w for w in warnings if "their secret was never returned" in w]
    assert len(lost) == 1 and str(live[0]["id"]) in lost[0] and "This run's token is id %s" % live[-1]["id"] in lost[0]


def test_a_host_name_that_does_not_resolve_is_named_and_not_retried(run_module, monkeypatch):
    """Hostile re-run of issue 11, F7: it was "connection failed (gaierror), no answer from ...", retried 3 times."""
    import socket

    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, *args, **kwargs):
        if host == "mailtrap.invalid":
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    result = run_module("mailtrap_token", dict(SENDER, api_url="http://mailtrap.invalid"))
    assert result["failed"] and "cannot resolve host mailtrap.invalid" in result["msg"], result["msg"]
    assert "no answer from" not in result["msg"] and "not retried" in result["msg"]
    assert len(asked) == 1


def test_bulk_create_with_every_answer_lost_reports_changed_and_the_name(run_module, emulator, warnings):
    emulator.fault(kind="drop_after_commit", method="POST", path="api_tokens$", count=None)
    result = run_module("mailtrap_tokens", dict(tokens=[SENDER]))
    assert result["failed"] and result["changed"] and result["created"] == ["webapp"], result
    assert result["secrets"] == {} and any("secret was never returned" in w for w in warnings), warnings
