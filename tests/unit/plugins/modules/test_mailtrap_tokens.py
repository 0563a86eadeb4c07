# -*- coding: utf-8 -*-
"""mailtrap_tokens (bulk) against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

import pytest
from ansible.module_utils import basic

from ansible_collections.mailtrap.general.plugins.module_utils import times as tk

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
    run_module("mailtrap_tokens", dict(tokens=[
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
    # One read per task (issue 11 item 4).
    assert seq[0] == "GET A/api_tokens" and seq.count("GET A/api_tokens") == 1
    assert seq.count("POST A/api_tokens") == 2 and len([s for s in seq if s.startswith("DELETE")]) == 3
    by_name = dict((t["name"], t) for t in result["api_tokens"])
    assert by_name["c"]["scopes"] == ["templates:read"]
    # Rotated now. The old token was made for 5 days, less than rotate_before_days (14): a new one that
    # short would be rotated again by the next run, so it lives 15 days (changed by issue 11 item 12), and says so.
    assert abs(lifetime(by_name["b"]) - datetime.timedelta(days=15)) < datetime.timedelta(minutes=1)
    assert any("tokens[1]: API token 'b'" in w and "lives 15 days" in w for w in warnings), warnings
    emulator.clear_journal()
    assert not run_module("mailtrap_tokens", dict(tokens=[dict(name="b", rotate_before_days=14)]))["changed"]
    assert emulator.writes() == []


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
    ([dict(name="a", scopes=["emails:send"]), dict(name=" a ")], "tokens[1].name: a is listed more than once"),
    ([dict(name=" ")], "tokens[0].name must not be empty"),
    ([dict(name="a", scopes=[])], "tokens[0].scopes is empty"),
    ([dict(name="a", scopes=["emails:fly"])], "tokens[0].scopes: unknown operation 'fly'"),
    ([dict(name="a", scopes=["emails:send"], expires_at="2001-01-01")], "tokens[0].expires_at"),
    ([dict(name="a", scopes=["emails:send"], expires_at="soon")], "tokens[0].expires_at"),
    ([dict(name="a", rotate_before_days=-1)], "tokens[0].rotate_before_days must be between 0 and"),
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


def names(emulator):
    return sorted(t["name"] for t in emulator.api("GET", "api_tokens").json())


def test_a_failed_create_leaves_every_unlisted_token_in_place_and_a_rerun_purges(run_module, emulator):
    run_module("mailtrap_tokens", dict(tokens=twenty()[:3]))
    emulator.clear_journal()
    emulator.fault(kind="status", status=500, method="POST", path="api_tokens$", count=1)
    wanted = [dict(name="new", scopes=["emails:send"]), dict(name="svc-00", scopes=["emails:send", "templates:read"])]
    failed = run_module("mailtrap_tokens", dict(tokens=wanted, purge=True))
    assert failed["failed"] and "tokens[0].api_token 'new'" in failed["msg"] and "purge did not run" in failed["msg"]
    assert names(emulator) == [OWNER_TOKEN_NAME, "svc-00", "svc-01", "svc-02"]
    assert [e["method"] for e in emulator.writes()] == ["POST"]
    again = run_module("mailtrap_tokens", dict(tokens=wanted, purge=True))
    assert again["created"] == ["new"] and again["removed"] == ["svc-01", "svc-02"]
    assert names(emulator) == [OWNER_TOKEN_NAME, "new", "svc-00"]


def test_purge_with_an_absent_entry_revokes_it_once_and_names_it_once(run_module, emulator):
    made = run_module("mailtrap_tokens", dict(tokens=twenty()[:3]))
    gone = [t["id"] for t in made["api_tokens"] if t["name"] == "svc-01"]
    emulator.clear_journal()
    result = run_module("mailtrap_tokens", dict(purge=True, tokens=[twenty()[0], dict(name="svc-01", state="absent")]))
    assert result["removed"] == ["svc-01", "svc-02"]
    deletes = [e["path"] for e in emulator.writes() if e["method"] == "DELETE"]
    assert len(deletes) == 2 and sum(p.endswith("/%s" % gone[0]) for p in deletes) == 1


@pytest.mark.parametrize("tokens", [[], [dict(name="svc-00", state="absent")]])
def test_purge_with_nothing_to_keep_needs_allow_empty(run_module, emulator, tokens):
    run_module("mailtrap_tokens", dict(tokens=twenty()[:2]))
    emulator.clear_journal()
    refused = run_module("mailtrap_tokens", dict(tokens=tokens, purge=True))
    assert refused["failed"] and "allow_empty" in refused["msg"] and emulator.journal() == []
    result = run_module("mailtrap_tokens", dict(tokens=tokens, purge=True, allow_empty=True))
    assert result["changed"] and names(emulator) == [OWNER_TOKEN_NAME] and result["spared"] == [OWNER_TOKEN_NAME]


def test_purge_spares_the_token_in_use_when_api_token_ends_in_a_newline(run_module, emulator):
    """Issue 11 item 1: the guard compared the raw value's last 4 characters ("ken\\n")."""
    run_module("mailtrap_tokens", dict(tokens=twenty()[:2]))
    result = run_module("mailtrap_tokens", dict(tokens=twenty()[:1], purge=True, api_token=emulator.token + "\n"))
    assert result["spared"] == [OWNER_TOKEN_NAME] and result["removed"] == ["svc-01"]
    refused = run_module("mailtrap_tokens", dict(tokens=[dict(name=OWNER_TOKEN_NAME, state="absent")],
                                                 api_token=emulator.token + "\n"))
    assert refused["failed"] and "refusing to revoke" in refused["msg"]
    assert emulator.api("GET", "users").status_code == 200


def test_a_later_500_returns_the_secrets_already_created_and_changed(run_module, emulator):
    """Issue 11 item 9: the secrets of the tokens created before the failure are in the failed result."""
    run_module("mailtrap_tokens", dict(tokens=[dict(name="old", scopes=["emails:send"])]))
    emulator.fault(kind="status", status=500, method="DELETE", path="api_tokens/\\d+$", count=None)
    result = run_module("mailtrap_tokens", dict(max_retry_time=1, tokens=[
        dict(name="a", scopes=["emails:send"]), dict(name="old", state="absent")]))
    emulator.clear_faults()
    assert result["failed"] and result["changed"] and result["created"] == ["a"]
    assert list(result["secrets"]) == ["a"] and "tokens[1].api_token 'old'" in result["msg"]
    assert emulator.api("GET", "users", token=result["secrets"]["a"]).status_code == 403  # it works


@pytest.mark.parametrize("module, args", [
    ("mailtrap_token", dict(name="x", scopes=["emails:send"])),
    ("mailtrap_tokens", dict(tokens=[dict(name="x", scopes=["emails:send"])])),
    ("mailtrap_token_info", {}),
])
@pytest.mark.parametrize("answer", [
    {"data": [], "pagination": {"page": 1}},
    [{"name": "x", "scopes": []}],
    [{"id": "7", "name": "x", "scopes": [], "expires_at": None, "last_4_digits": "abcd"}],
    [{"id": 7, "name": 5, "scopes": [], "expires_at": None, "last_4_digits": "abcd"}],
    "not json",
], ids=["envelope", "missing-id", "id-string", "name-int", "string"])
def test_a_listing_of_the_wrong_shape_is_a_clear_error(run_module, emulator, monkeypatch, module, args, answer):
    from ansible_collections.mailtrap.general.plugins.module_utils import client as client_module

    real_get = client_module.MailtrapClient.get
    monkeypatch.setattr(client_module.MailtrapClient, "get",
                        lambda self, relative, params=None: answer if relative == "api_tokens" else real_get(self, relative, params))
    result = run_module(module, args)
    assert result["failed"] and "unexpected shape" in result["msg"] and "api_tokens" in result["msg"], result["msg"]
    assert "Traceback" not in result["msg"] and "unexpected error" not in result["msg"]
    assert emulator.writes() == []
