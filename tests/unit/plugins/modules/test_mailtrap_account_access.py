# -*- coding: utf-8 -*-
"""Users and account accesses end to end against the emulator's live dialect (the same flows
are table-tested with a fake client in tests/unit/plugins/module_utils/kinds/)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

OWNER_TOKEN = "emulator-owner-token"
SVC_TOKEN = "svc-live-token-000042"
SEED = {
    "users": [dict(email="alice@example.com", role="admin", name="Alice"),
              dict(email="bob@example.com", role="viewer", status="invited"),
              dict(email="svc@example.com", role="admin")],
    "tokens": [dict(name="svc", user="svc@example.com", token=SVC_TOKEN)],
    "projects": [dict(name="Billing service")],
}


@pytest.fixture
def live(live_emulator, run_module):
    """The live emulator seeded with SEED; live.run(module, args) runs a module against it and
    live.drain() gives (and empties) the account's requests since the last call."""
    live_emulator.seed(SEED)
    live_emulator.clear_journal()

    def run(name, args, token=OWNER_TOKEN, **kwargs):
        return run_module(name, dict(args, api_url=live_emulator.url, api_token=token, api_dialect="live"), **kwargs)

    live_emulator.run = run
    return live_emulator


ALICE_PROJECT = dict(email="alice@example.com", permissions=[dict(type="project", name="billing service", access="admin")])


def test_permissions_by_name_one_put_then_none(live):
    checked = live.run("mailtrap_account_access", ALICE_PROJECT, check_mode=True, diff=True)
    assert checked["changed"] and [s for s in live.drain() if not s.startswith("GET")] == []
    result = live.run("mailtrap_account_access", ALICE_PROJECT, diff=True)
    assert result["changed"] and result["diff"]["after"] == checked["diff"]["after"]
    assert live.drain() == ["GET A/account_accesses", "GET A/permissions/resources",
                            "PUT A/account_accesses/%s/permissions/bulk" % result["account_access"]["id"]]
    again = live.run("mailtrap_account_access", ALICE_PROJECT)
    assert not again["changed"] and live.drain() == ["GET A/account_accesses", "GET A/permissions/resources"]


def test_access_given_as_the_api_number_is_the_level_of_that_name(live):
    """Hostile #12 finding 13: access: 100 was refused with a message about owners."""
    by_name = live.run("mailtrap_account_access", ALICE_PROJECT)
    by_number = dict(ALICE_PROJECT, permissions=[dict(ALICE_PROJECT["permissions"][0], access=100)])
    assert by_name["changed"] and not live.run("mailtrap_account_access", by_number)["changed"]


def test_one_resource_by_id_and_by_name_is_refused_before_any_write(live):
    """Hostile #12 finding 8: a project given by id and by name with two levels flipped on every run."""
    tree = live.run("mailtrap_resource_info", {})
    project = [r for r in tree["resources"] if r["type"] == "project" and r["name"] == "Billing service"][0]
    live.drain()
    args = dict(email="alice@example.com", permissions=[dict(type="project", id=project["id"], access="viewer"),
                                                        dict(type="project", name="billing service", access="admin")])
    for name, given in (("mailtrap_account_access", args), ("mailtrap_account_accesses", dict(account_accesses=[args]))):
        result = live.run(name, given)
        assert result["failed"] and "project %s is given twice" % project["id"] in result["msg"], result
        assert [s for s in live.drain() if not s.startswith("GET")] == []


def test_exclusive_leaves_exactly_the_listed_permissions(live):
    live.run("mailtrap_account_access", ALICE_PROJECT)
    only = dict(email="alice@example.com", exclusive=True, permissions=[dict(type="account", access="viewer")])
    result = live.run("mailtrap_account_access", only)
    assert [(r["resource_type"], r["access_level_name"]) for r in result["account_access"]["resources"]] == [("account", "viewer")]
    assert not live.run("mailtrap_account_access", only)["changed"]


@pytest.mark.parametrize("args, message", [
    (dict(email="alice@example.com", permissions=[dict(type="project", name="Nope", access="admin")]), "no project named 'Nope'"),
    (dict(email="carol@example.com", permissions=[dict(type="account", access="viewer")]), "web UI"),
    (dict(email="owner@example.com", permissions=[dict(type="account", access="viewer")]), "read-only"),
    (dict(email="alice@example.com", permissions=[dict(type="account", access="owner")]), "use admin (100) or viewer (10)"),
])
def test_refusals_write_nothing(live, args, message):
    result = live.run("mailtrap_account_access", args)
    assert result["failed"] and message in result["msg"]
    assert [s for s in live.drain() if not s.startswith("GET")] == []


def test_users_in_live(live):
    users = live.run("mailtrap_user_info", {})["users"]
    assert [(u["email"], u["role"], u["status"]) for u in users] == [
        ("alice@example.com", "admin", "active"), ("bob@example.com", "viewer", "invited"),
        ("owner@example.com", "owner", "active"), ("svc@example.com", "admin", "active")]
    live.drain()
    result = live.run("mailtrap_user", dict(email="alice@example.com", role="viewer"))
    assert result["changed"] and result["user"]["role"] == "viewer"
    assert live.drain() == ["GET A/account_accesses", "PUT A/account_accesses/%s/permissions/bulk" % result["user"]["account_access_id"]]
    assert not live.run("mailtrap_user", dict(email="alice@example.com", role="viewer"))["changed"]
    for args, message in ((dict(email="carol@example.com"), "web UI"), (dict(email="alice@example.com", role="developer"), "developer"),
                          (dict(email="alice@example.com", name="Al"), "profile")):
        refused = live.run("mailtrap_user", args)
        assert refused["failed"] and message in refused["msg"]
    assert [s for s in live.drain() if not s.startswith("GET")] == []


def test_live_purge_by_a_service_users_token_spares_it_and_the_owner(live):
    result = live.run("mailtrap_users", dict(users=[dict(email="alice@example.com")], purge=True), token=SVC_TOKEN)
    assert result["removed"] == ["bob@example.com"] and sorted(result["spared"]) == ["owner@example.com", "svc@example.com"]
    again = live.run("mailtrap_users", dict(users=[dict(email="alice@example.com")], purge=True), token=SVC_TOKEN)
    assert not again["changed"]
    refused = live.run("mailtrap_account_access", dict(email="svc@example.com", state="absent"), token=SVC_TOKEN)
    assert refused["failed"] and "API token of this run" in refused["msg"]


def test_resource_tree_and_accesses(live):
    resources = live.run("mailtrap_resource_info", dict(type="project"))["resources"]
    assert [(r["name"], r["parent_type"]) for r in resources] == [("Billing service", "account")]
    accesses = live.run("mailtrap_account_access_info", dict(email="BOB@example.com"))["account_accesses"]
    assert [a["specifier_type"] for a in accesses] == ["Invite"]
    assert live.drain() == ["GET A/permissions/resources", "GET A/account_accesses"]
