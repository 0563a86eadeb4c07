# -*- coding: utf-8 -*-
"""mailtrap_account_accesses (many people's per-resource permissions) end to end against the
emulator's live dialect: the exact requests (one read of the accesses per task, one PUT per
person that changes, none converged), purge and its safety rules, the info module's output fed
back, and bad input refused before any request."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

OWNER_TOKEN = "emulator-owner-token"
SVC_TOKEN = "svc-live-token-000042"
SEED = {
    "users": [dict(email="alice@example.com", role="admin", name="Alice"),
              dict(email="bob@example.com", role="viewer", status="invited"),
              dict(email="carol@example.com", role="viewer"),
              dict(email="svc@example.com", role="admin")],
    "tokens": [dict(name="svc", user="svc@example.com", token=SVC_TOKEN)],
    "projects": [dict(name="Billing service")],
}
ALICE = dict(email="alice@example.com", permissions=[dict(type="project", name="Billing service", access="admin")])
BOB = dict(email="BOB@example.com", exclusive=True, permissions=[dict(type="billing", access="viewer")])


def accesses(control):
    """Each person's grants as (resource_type, access_level) pairs, read past the module."""
    answer = control.api("GET", "account_accesses")
    answer.raise_for_status()
    control.clear_journal()
    return dict((a["specifier"]["email"], sorted((r["resource_type"], r["access_level"]) for r in a["resources"]))
                for a in answer.json())


@pytest.fixture
def live(live_emulator, run_module):
    """The live emulator seeded with SEED; live.run(args) runs mailtrap_account_accesses against
    it and live.drain() gives (and empties) the account's requests since the last call."""
    live_emulator.seed(SEED)
    live_emulator.clear_journal()

    def run(args, token=OWNER_TOKEN, module="mailtrap_account_accesses", **kwargs):
        return run_module(module, dict(args, api_url=live_emulator.url, api_token=token, api_dialect="live"), **kwargs)

    live_emulator.run = run
    return live_emulator


def test_many_people_one_read_one_put_each_then_none(live):
    task = dict(account_accesses=[ALICE, BOB, dict(email="carol@example.com", state="absent")])
    checked = live.run(task, check_mode=True, diff=True)
    assert checked["changed"] and not checked.get("failed"), checked
    # Revoking someone looks up whose token this run uses (they are protected): one GET of the tokens.
    reads = ["GET A/account_accesses", "GET A/permissions/resources", "GET A/api_tokens"]
    assert live.drain() == reads
    assert (checked["updated"], checked["removed"], checked["created"]) == (
        ["alice@example.com", "bob@example.com"], ["carol@example.com"], [])
    assert sorted(checked["diff"]["before"]) == ["alice@example.com", "bob@example.com", "carol@example.com"]
    assert sorted(checked["diff"]["after"]) == ["alice@example.com", "bob@example.com"]

    applied = live.run(task, diff=True)
    assert applied["changed"] and applied["diff"] == checked["diff"]
    assert applied["account_accesses"] == checked["account_accesses"]
    sequence = live.drain()
    assert sequence[:3] == reads
    assert [s.split("/", 2)[1] + " " + s.split(" ")[0] for s in sequence[3:]] == [
        "account_accesses PUT", "account_accesses PUT", "account_accesses DELETE"]
    assert sequence[3].endswith("/permissions/bulk") and sequence[4].endswith("/permissions/bulk")

    now = accesses(live)
    assert "carol@example.com" not in now
    assert ("project", 100) in now["alice@example.com"] and ("account", 100) in now["alice@example.com"]
    assert now["bob@example.com"] == [("billing", 10)]  # exclusive: the account viewer access is gone

    again = live.run(task)
    assert not again["changed"] and (again["updated"], again["removed"]) == ([], [])
    assert live.drain() == ["GET A/account_accesses", "GET A/permissions/resources"]


def test_ids_only_make_no_read_of_the_resource_tree(live):
    task = dict(account_accesses=[dict(email="alice@example.com", permissions=[dict(type="billing", id=1001, access="viewer")])])
    assert live.run(task)["changed"]
    live.drain()
    assert not live.run(task)["changed"]
    assert live.drain() == ["GET A/account_accesses"]


def test_info_fed_back_changes_nothing_even_with_purge(live):
    live.run(dict(account_accesses=[ALICE, BOB]))
    info = live.run({}, module="mailtrap_account_access_info")["account_accesses"]
    assert len(info) == 5 and all(isinstance(a["permissions"], dict) for a in info)
    live.drain()
    result = live.run(dict(account_accesses=info, purge=True), check_mode=True, diff=True)
    assert not result["changed"] and not result.get("failed"), result
    assert result["diff"] == {"before": {}, "after": {}}
    result = live.run(dict(account_accesses=info, purge=True))
    assert not result["changed"], result
    assert result["spared"] == [] and result["account_accesses"] == info
    assert live.drain() == ["GET A/account_accesses", "GET A/account_accesses"]


def test_info_fed_back_after_a_change_by_hand_puts_it_back(live):
    info = live.run(dict(email="carol@example.com"), module="mailtrap_account_access_info")["account_accesses"]
    live.run(dict(email="carol@example.com", permissions=[dict(type="account", access="admin")]), module="mailtrap_account_access")
    live.drain()
    result = live.run(dict(account_accesses=info), diff=True)
    assert result["changed"] and result["updated"] == ["carol@example.com"]
    assert accesses(live)["carol@example.com"] == [("account", 10)]


def test_purge_spares_the_owner_and_the_tokens_user(live):
    task = dict(account_accesses=[dict(email="alice@example.com", permissions=[dict(type="account", access="admin")])], purge=True)
    checked = live.run(task, token=SVC_TOKEN, check_mode=True)
    assert sorted(checked["removed"]) == ["bob@example.com", "carol@example.com"]
    assert sorted(checked["spared"]) == ["owner@example.com", "svc@example.com"]
    assert [s for s in live.drain() if not s.startswith("GET")] == []
    result = live.run(task, token=SVC_TOKEN)
    assert result["changed"] and sorted(result["removed"]) == ["bob@example.com", "carol@example.com"]
    assert sorted(accesses(live)) == ["alice@example.com", "owner@example.com", "svc@example.com"]
    again = live.run(task, token=SVC_TOKEN)
    assert not again["changed"] and sorted(again["spared"]) == ["owner@example.com", "svc@example.com"]
    # force lifts the token's user's protection, never the owner's (its access is read-only).
    forced = live.run(dict(task, force=True), token=SVC_TOKEN, check_mode=True)
    assert forced["removed"] == ["svc@example.com"] and forced["spared"] == ["owner@example.com"]


def test_revoking_the_tokens_user_needs_force(live):
    refused = live.run(dict(account_accesses=[dict(email="svc@example.com", state="absent")]), token=SVC_TOKEN)
    assert refused["failed"] and "API token of this run" in refused["msg"] and "force" in refused["msg"]
    assert [s for s in live.drain() if not s.startswith("GET")] == []


@pytest.mark.parametrize("args, message", [
    (dict(account_accesses=[], purge=True), "allow_empty"),
    (dict(account_accesses=[dict(email="alice@example.com", state="absent")], purge=True), "allow_empty"),
    (dict(account_accesses=[ALICE, dict(ALICE, email="Alice@Example.com")]), "listed more than once"),
    (dict(account_accesses=[dict(email="alice@example.com")]), "give at least one"),
    (dict(account_accesses=[dict(email="not-an-address")]), "email"),
    (dict(account_accesses=[dict(specifier={"id": 1})]), "email"),
    (dict(account_accesses=[dict(email="alice@example.com", specifier={"email": "bob@example.com"},
                                 permissions=[dict(type="account", access="viewer")])]), "different people"),
    (dict(account_accesses=[dict(specifier_type="ApiToken", specifier={"id": 1}, resources=[
        dict(resource_type="account", resource_id=1001, access_level=10)])]), "mailtrap_tokens"),
    (dict(account_accesses=[dict(ALICE, resources=[dict(resource_type="account", resource_id=1001, access_level=10)])]), "not both"),
    (dict(account_accesses=[dict(email="alice@example.com", permissions=[dict(type="account", access="owner")])]), "cannot be granted"),
    (dict(account_accesses=[dict(email="alice@example.com", permissions=[dict(type="account", acces="viewer")])]), "unknown key"),
    (dict(account_accesses=[dict(email="alice@example.com", permissions=[dict(type="project", id="x", access="viewer")])]), "not a resource id"),
    (dict(account_accesses=[dict(email="alice@example.com", permissions={"can_read": True, "role": "admin"})]), "read-only"),
    (dict(account_accesses=[dict(email="alice@example.com", permissions="admin")]), "expected a list"),
    (dict(account_accesses=[dict(email="alice@example.com", resources=[dict(resource_type="account", resource_id=1001)])]),
     "access_level"),
], ids=["empty purge", "absent-only purge", "duplicate", "nothing to set", "bad email", "no email", "email mismatch",
        "api token", "both shapes", "owner level", "unknown grant key", "bad id", "caller map with other keys",
        "not a list", "no level"])
def test_bad_input_refused_before_any_request(live, args, message):
    result = live.run(args)
    assert result["failed"] and message in result["msg"], result
    assert live.drain() == []


@pytest.mark.parametrize("entry, message", [
    (dict(email="dave@example.com", permissions=[dict(type="account", access="viewer")]), "web UI"),
    (dict(email="owner@example.com", permissions=[dict(type="account", access="viewer")]), "read-only"),
    (dict(email="alice@example.com", permissions=[dict(type="project", name="Nope", access="admin")]), "no project named 'Nope'"),
    (dict(email="alice@example.com", resources=[dict(resource_type="account", resource_id=1001, access_level=50)]), "cannot be set"),
    (dict(email="alice@example.com", resources=[dict(resource_type="email_template_permission_scope", resource_id=1001,
                                                     access_level_name="viewer")]), "cannot be set"),
])
def test_plans_that_cannot_run_write_nothing(live, entry, message):
    # The good entry first: a refusal anywhere stops the whole task before its first write.
    result = live.run(dict(account_accesses=[BOB, entry]))
    assert result["failed"] and message in result["msg"], result
    assert not result["changed"]
    assert [s for s in live.drain() if not s.startswith("GET")] == []


def test_refused_in_overview_before_any_request(run_module, emulator):
    result = run_module("mailtrap_account_accesses", dict(account_accesses=[ALICE], api_dialect="overview"))
    assert result["failed"] and "api_dialect=overview" in result["msg"] and "mailtrap_user" in result["msg"]
    assert emulator.journal() == []
