# -*- coding: utf-8 -*-
"""mailtrap_account_export against the in-process emulator: shape, reads, what it leaves out, errors."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

A = "/api/accounts/1001"

SEED = {
    "users": [{"email": "alice@example.com", "role": "developer", "permissions": ["manage_contacts"]},
              {"email": "bob@example.com", "role": "viewer", "status": "invited"}],
    "tokens": [{"name": "ci", "token": "ci-secret-value-0123456789", "scopes": ["emails:send"], "expires_at": "2099-01-01"},
               {"name": "old", "token": "old-secret-value-0123456789", "scopes": ["emails:send"],
                "expires_at": "2020-01-01", "created_at": "2019-01-01"}],
    "projects": [{"name": "Web", "team_members": [{"user_id": 2, "role": "manager"}, {"user_id": 3, "role": "contributor"}]}],
    "templates": [{"name": "Welcome", "shared_with": [{"user_id": 2, "permission": "write"}, {"user_id": 3, "permission": "read"}]}],
}


def test_export_shape_and_reads(run_module, emulator):
    emulator.seed(SEED)
    emulator.clear_journal()
    result = run_module("mailtrap_account_export", {})
    assert not result.get("failed"), result
    assert result["changed"] is False
    assert all(e["method"] == "GET" for e in emulator.journal())
    config = result["baseline"]
    assert config["account"] == {"name": "Example Co", "timezone": "UTC", "notification_email": "owner@example.com"}
    assert [u["email"] for u in config["users"]] == ["alice@example.com", "bob@example.com", "owner@example.com"]
    assert config["users"][0] == {"email": "alice@example.com", "role": "developer", "permissions": ["emails:contacts"]}
    assert config["projects"] == [{"name": "Web", "team_members": [
        {"user": "alice@example.com", "role": "manager"}, {"user": "bob@example.com", "role": "contributor"}]}]
    assert [t["name"] for t in config["tokens"]] == ["ci"]
    assert config["template_shares"] == [
        {"template": "Welcome", "users": ["bob@example.com"], "permission": "read"},
        {"template": "Welcome", "users": ["alice@example.com"], "permission": "write"}]
    assert config["purge_users"] and config["purge_tokens"] and config["purge_projects"] and config["purge_project_members"]
    left = dict((i["what"], i["reason"]) for i in result["left_out"])
    assert "the token this export ran with" in left["tokens: Emulator owner token"]
    assert "tokens: old" not in left  # the API lists no expired token (nothing to leave out)
    assert "never readable" in left["tokens: secrets"]
    text = repr(result)
    assert "ci-secret-value" not in text and emulator.token not in text


def test_sections_and_no_purge(run_module, emulator):
    emulator.clear_journal()
    result = run_module("mailtrap_account_export", {"sections": ["security", "users"], "purge": False}, check_mode=True)
    assert sorted(result["baseline"]) == ["security", "users"]
    paths = set(e["path"] for e in emulator.journal())
    assert paths == {A + "/security", A + "/users"}


def test_bad_section_is_refused_before_any_request(run_module, emulator):
    emulator.clear_journal()
    result = run_module("mailtrap_account_export", {"sections": ["userz"]})
    assert result["failed"] and "userz" in result["msg"]
    assert emulator.journal() == []


def test_a_token_that_cannot_read_tokens_gets_a_clear_error(run_module, emulator):
    emulator.seed({"users": [{"email": "dev@example.com", "role": "developer"}],
                   "tokens": [{"name": "narrow", "token": "narrow-token-0123456789", "scopes": ["users:read", "account:read"],
                               "user": "dev@example.com"}]})
    result = run_module("mailtrap_account_export", {"api_token": "narrow-token-0123456789"})
    assert result["failed"] and result["status"] == 403, result
    assert "narrow-token-0123456789" not in result["msg"] and "Traceback" not in result["msg"]


class FakeClient:
    token_last4 = "mine"


class FakeModule:
    params = {"sections": ["tokens"], "purge": True}
    client = FakeClient()

    def __init__(self):
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


def tokens_of(listing, monkeypatch):
    from ansible_collections.mailtrap.general.plugins.module_utils import export

    monkeypatch.setattr(export.Export, "listing", lambda self, kind: listing)
    module = FakeModule()
    run = export.Export(module)
    return run.tokens(), dict((i["what"], i["reason"]) for i in run.left_out), module.warnings


def test_expired_duplicate_and_in_use_tokens_are_left_out(monkeypatch):
    listing = [
        {"id": 1, "name": "ci", "scopes": ["emails:send"], "expires_at": "2099-01-01T00:00:00Z", "last_4_digits": "abcd"},
        {"id": 2, "name": "ci", "scopes": ["emails:send"], "expires_at": None, "last_4_digits": "efgh"},
        {"id": 3, "name": "old", "scopes": ["emails:send"], "expires_at": "2020-01-01T00:00:00Z", "last_4_digits": "ijkl"},
        {"id": 4, "name": "runner", "scopes": ["users:read"], "expires_at": None, "last_4_digits": "mine"},
    ]
    section, left, warnings = tokens_of(listing, monkeypatch)
    # The newest of a name is exported: the token modules keep the newest, so applying keeps what the file names.
    assert section == [{"name": "ci", "scopes": ["emails:send"], "secret_kept": False}]
    assert left["tokens: old"].startswith("expired (2020-01-01T00:00:00Z)")
    assert "id 2 is exported" in left["tokens: ci (id 1)"] and "REVOKES id 1" in left["tokens: ci (id 1)"]
    assert "the token this export ran with" in left["tokens: runner"]
    assert len(warnings) == 1 and "REVOKES id 1" in warnings[0]


def test_the_token_in_use_is_not_guessed(monkeypatch):
    listing = [{"id": 1, "name": "a", "scopes": [], "expires_at": None, "last_4_digits": "mine"},
               {"id": 2, "name": "b", "scopes": [], "expires_at": None, "last_4_digits": "mine"}]
    section, left, warnings = tokens_of(listing, monkeypatch)
    assert [t["name"] for t in section] == ["a", "b"]
    assert "tokens: a" not in left and "tokens: b" not in left
    assert "none is left out" in warnings[0]


# ---------------------------------------------------------------------- the live dialect

def live_export(monkeypatch, accesses=(), users=(), tokens=()):
    from ansible_collections.mailtrap.general.plugins.module_utils import export

    monkeypatch.setattr(export.AccessKind, "read", lambda self: list(accesses))
    monkeypatch.setattr(export.Export, "users", lambda self: list(users))
    monkeypatch.setattr(export.Export, "listing", lambda self, kind: list(tokens))
    module = FakeModule()
    run = export.Export(module)
    run.dialect = "live"
    return run


def grant(rtype, rid, level):
    return {"resource_type": rtype, "resource_id": rid, "access_level": level}


def person(aid, email, *resources, **kwargs):
    return {"id": aid, "specifier_type": kwargs.get("kind", "User"), "specifier": {"email": email}, "resources": list(resources)}


def test_live_accesses_are_exclusive_except_the_owner_and_levels_a_baseline_cannot_give(monkeypatch):
    run = live_export(monkeypatch, accesses=[
        person(1, "owner@example.com", grant("account", 1001, 1000), grant("project", 7, 100)),
        person(2, "Bea@example.com", grant("project", 7, 10), grant("account", 1001, 100)),
        person(3, "cy@example.com", grant("account", 1001, 10), grant("sandbox", 9, 50)),
        person(4, "dee@example.com", kind="Invite"),
        {"id": 5, "specifier_type": "ApiToken", "specifier": {"name": "ci"}, "resources": [grant("account", 1001, 10)]},
    ])
    section = run.account_accesses()
    assert section == [
        {"email": "Bea@example.com", "exclusive": True,
         "permissions": [{"type": "account", "access": "admin"}, {"type": "project", "id": 7, "access": "viewer"}]},
        {"email": "cy@example.com", "permissions": [{"type": "account", "access": "viewer"}]},
    ]
    left = dict((i["what"], i["reason"]) for i in run.left_out)
    assert "read-only" in left["account_accesses: owner@example.com"]
    assert "access level 50" in left["account_accesses: cy@example.com: sandbox 9"]
    run.purge = False
    assert all("exclusive" not in a for a in run.account_accesses())


def test_live_users_keep_the_owner_and_people_without_an_account_role_by_email(monkeypatch):
    run = live_export(monkeypatch, users=[
        {"email": "owner@example.com", "role": "owner"}, {"email": "a@example.com", "role": "admin"},
        {"email": "p@example.com", "role": None}, {"email": "v@example.com", "role": "viewer", "status": "invited"}])
    assert run.users_section() == [{"email": "owner@example.com"}, {"email": "a@example.com", "role": "admin"},
                                   {"email": "p@example.com"}, {"email": "v@example.com", "role": "viewer"}]


def test_live_tokens_carry_resources_and_one_a_token_cannot_hold_is_left_out(monkeypatch):
    run = live_export(monkeypatch, tokens=[
        {"id": 1, "name": "ci", "expires_at": "2099-01-01T00:00:00Z", "last_4_digits": "abcd",
         "resources": [grant("project", 7, 10), grant("account", 1001, 100)]},
        {"id": 2, "name": "odd", "expires_at": None, "last_4_digits": "efgh", "resources": [grant("account", 1001, 1000)]},
    ])
    assert run.tokens() == [{"name": "ci", "secret_kept": False, "expires_at": "2099-01-01T00:00:00Z",
                             "resources": [{"type": "account", "access": "admin"}, {"type": "project", "id": 7, "access": "viewer"}]}]
    left = dict((i["what"], i["reason"]) for i in run.left_out)
    assert "access level 1000" in left["tokens: odd"]


def test_live_sections_the_api_lacks_are_named_and_nothing_else_is_read(monkeypatch):
    run = live_export(monkeypatch)
    run.wanted = ["security", "template_shares", "projects"]
    config = run.read()
    assert config == {"projects": [], "purge_projects": True}
    assert [i["what"] for i in run.left_out] == ["security", "template_shares"]
