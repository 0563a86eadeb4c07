# -*- coding: utf-8 -*-
"""mailtrap_tokens (bulk) against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

import pytest
from ansible.module_utils import basic

from ansible_collections.mailtrap.general.plugins.module_utils import tokens as tk

OWNER_TOKEN_NAME = "Emulator owner token"


def day(days):
    return (tk.utc_now() + datetime.timedelta(days=days)).strftime("%Y-%m-%d")


def lifetime(token):
    return tk.parse_time(token["expires_at"]) - tk.parse_time(token["created_at"])


def twenty():
    return [dict(name="svc-%02d" % i, scopes=["emails:send"] if i % 2 else ["templates:read", "send_emails"])
            for i in range(20)]


@pytest.fixture
def warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg, *a, **k: seen.append(msg))
    return seen


def test_first_apply_one_get_one_post_each_secrets_only_in_secrets(run_module, emulator):
    result = run_module("mailtrap_tokens", dict(tokens=twenty()), diff=True)
    assert result["changed"] and len(result["created"]) == 20
    assert emulator.sequence() == ["GET A/api_tokens"] + ["POST A/api_tokens"] * 20
    assert sorted(result["secrets"]) == sorted(t["name"] for t in twenty())
    without = dict(result, secrets=None)
    for secret in result["secrets"].values():
        assert secret not in json.dumps(without)
    assert result["api_tokens"][0]["scopes"] == ["emails:send", "templates:read"]
    assert "token" not in result["api_tokens"][0]
    assert emulator.api("GET", "users", token=result["secrets"]["svc-01"]).status_code == 403


def test_converged_is_one_get_and_no_secret(run_module, emulator):
    run_module("mailtrap_tokens", dict(tokens=twenty()))
    emulator.clear_journal()
    again = [dict(t, scopes=list(reversed(t["scopes"]))) for t in twenty()]
    result = run_module("mailtrap_tokens", dict(tokens=again), diff=True)
    assert not result["changed"] and result["secrets"] == {} and result["drift"] == {}
    assert result["diff"] == {"before": {}, "after": {}}
    assert emulator.sequence() == ["GET A/api_tokens"]


def test_check_mode_writes_nothing_and_returns_no_secret(run_module, emulator):
    result = run_module("mailtrap_tokens", dict(tokens=twenty()[:3]), check_mode=True, diff=True)
    assert result["changed"] and result["created"] == ["svc-00", "svc-01", "svc-02"] and result["secrets"] == {}
    assert result["diff"]["after"]["svc-01"]["scopes"] == ["emails:send"]
    assert emulator.writes() == []


def test_drift_recreate_rotate_and_absent(run_module, emulator, warnings):
    first = run_module("mailtrap_tokens", dict(tokens=[
        dict(name="a", scopes=["emails:send"]),
        dict(name="b", scopes=["emails:send"], expires_at=day(5)),
        dict(name="c", scopes=["emails:send"]),
        dict(name="d", scopes=["emails:send"])]))
    emulator.clear_journal()
    result = run_module("mailtrap_tokens", dict(tokens=[
        dict(name="a", scopes=["templates:read"]),                     # drift, never
        dict(name="b", rotate_before_days=14),                         # due
        dict(name="c", scopes=["templates:read"], recreate="on_change"),
        dict(name="d", state="absent")]))
    assert result["drift"] == {"a": ["scopes"]} and any("differs in scopes" in w for w in warnings)
    assert result["updated"] == ["b", "c"] and result["removed"] == ["d"] and result["created"] == []
    assert sorted(result["secrets"]) == ["b", "c"]
    seq = emulator.sequence()
    assert seq[0] == "GET A/api_tokens" and seq.count("GET A/api_tokens") == 1
    assert seq.count("POST A/api_tokens") == 2 and len([s for s in seq if s.startswith("DELETE")]) == 3
    by_name = dict((t["name"], t) for t in result["api_tokens"])
    assert by_name["c"]["scopes"] == ["templates:read"]
    # Rotated now, for as long as the old token was made to live (not that long after its expiry).
    old_b = dict((t["name"], t) for t in first["api_tokens"])["b"]
    assert abs(lifetime(by_name["b"]) - lifetime(old_b)) < datetime.timedelta(minutes=1)


def test_purge_spares_the_token_in_use_and_force_is_needed_to_touch_it(run_module, emulator):
    run_module("mailtrap_tokens", dict(tokens=twenty()[:3]))
    emulator.clear_journal()
    result = run_module("mailtrap_tokens", dict(tokens=twenty()[:1], purge=True), check_mode=True)
    assert result["removed"] == ["svc-01", "svc-02"] and result["spared"] == [OWNER_TOKEN_NAME]
    assert emulator.writes() == []
    result = run_module("mailtrap_tokens", dict(tokens=twenty()[:1], purge=True))
    assert result["removed"] == ["svc-01", "svc-02"] and result["spared"] == [OWNER_TOKEN_NAME]
    names = sorted(t["name"] for t in emulator.api("GET", "api_tokens").json())
    assert names == [OWNER_TOKEN_NAME, "svc-00"]
    emulator.clear_journal()
    refused = run_module("mailtrap_tokens", dict(tokens=[dict(name="new", scopes=["emails:send"]),
                                                         dict(name=OWNER_TOKEN_NAME, state="absent")]))
    assert refused["failed"] and "tokens[1]" in refused["msg"] and "force" in refused["msg"]
    assert emulator.writes() == []


@pytest.mark.parametrize("tokens, message", [
    ([dict(name="a", scopes=["emails:send"]), dict(name=" a ")], "tokens[1]: a is listed more than once"),
    ([dict(name=" ")], "tokens[0].name must not be empty"),
    ([dict(name="a", scopes=[])], "tokens[0].scopes is empty"),
    ([dict(name="a", scopes=["emails:fly"])], "tokens[0].scopes: unknown operation 'fly'"),
    ([dict(name="a", scopes=["emails:send"], expires_at="2001-01-01")], "tokens[0].expires_at"),
    ([dict(name="a", scopes=["emails:send"], expires_at="soon")], "tokens[0].expires_at"),
    ([dict(name="a", rotate_before_days=-1)], "tokens[0].rotate_before_days must be 0 or more"),
    ([dict(name="a", rotate=True)], "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, tokens, message):
    result = run_module("mailtrap_tokens", dict(tokens=tokens))
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []


def test_missing_scopes_fail_before_any_write(run_module, emulator):
    result = run_module("mailtrap_tokens", dict(tokens=[dict(name="a", scopes=["emails:send"]), dict(name="b")]))
    assert result["failed"] and "tokens[1]: scopes is required" in result["msg"]
    assert emulator.sequence() == ["GET A/api_tokens"]
