# -*- coding: utf-8 -*-
"""UserKind planning from tables, both dialects, no HTTP: current users + entries -> steps, purges, refusals."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.kind import Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import UserInfoKind, UserKind
from ansible_collections.mailtrap.general.plugins.module_utils.runner import entries_of
from fake_account import ACCOUNT, FakeClient, FakeModule, info, outcome, plan, single

_ids = iter(range(100, 10000))


def user(email, role="viewer", status="active", **extra):
    uid = next(_ids)
    return dict(dict(id=uid, email=email, role=role, status=status, account_access_id=uid + 5000, permissions={}), **extra)


OWNER = user("owner@example.com", "owner")
OWNER2 = user("second.owner@example.com", "owner")
INVITED_OWNER = user("invited.owner@example.com", "owner", "invited")
ALICE = user("alice@example.com", "developer")
BOB = user("bob@example.com", "admin")
SVC = user("svc@example.com", "admin")
TOKENS = [{"id": 1, "name": "ci", "last_4_digits": "w0rk", "created_by": "svc@example.com"},
          {"id": 2, "name": "other", "last_4_digits": "zzzz", "created_by": "owner@example.com"}]


def overview(*users):
    return {"users": list(users), "api_tokens": TOKENS}


def keep(*emails, **extra):
    return [dict(dict(email=e), **extra) for e in emails]


PURGE_TABLE = [
    # (id, users on the account, entries, expected purged, expected spared)
    ("one owner unlisted: spared", (OWNER, ALICE, BOB), keep("alice@example.com"),
     ["bob@example.com"], ["owner@example.com"]),
    ("two owners, one kept: the other is purged like anyone", (OWNER, OWNER2, ALICE),
     keep("owner@example.com", role="owner"), ["alice@example.com", "second.owner@example.com"], []),
    ("two owners, none kept: both spared", (OWNER, OWNER2, ALICE), keep("alice@example.com"),
     [], ["owner@example.com", "second.owner@example.com"]),
    ("only an invited owner kept: it does not count, active owners spared, the rest purged",
     (OWNER, OWNER2, INVITED_OWNER, ALICE), keep("invited.owner@example.com"),
     ["alice@example.com"], ["owner@example.com", "second.owner@example.com"]),
    ("an unlisted invited owner is purged like anyone", (OWNER, INVITED_OWNER, ALICE),
     keep("owner@example.com", "alice@example.com"), ["invited.owner@example.com"], []),
    ("an owner kept but demoted is not kept as owner: the other owner is spared", (OWNER, OWNER2),
     keep("owner@example.com", role="admin"), [], ["second.owner@example.com"]),
    ("the user of this run's token is spared", (OWNER, SVC, ALICE), keep("owner@example.com"),
     ["alice@example.com"], ["svc@example.com"]),
]


@pytest.mark.parametrize("users, entries, purged, spared", [row[1:] for row in PURGE_TABLE], ids=[r[0] for r in PURGE_TABLE])
def test_purge_owners_and_token_user(users, entries, purged, spared):
    result, client = outcome(UserKind, "mailtrap_users", "overview", overview(*users), dict(users=entries, purge=True), "users")
    assert result.get("msg") is None, result
    assert result["purged"] == purged and result["spared"] == spared
    assert client.writes == []


def test_purge_check_mode_and_real_run_do_the_same_and_rerun_is_quiet():
    users = [OWNER, OWNER2, INVITED_OWNER, ALICE]
    params = dict(users=keep("invited.owner@example.com"), purge=True)
    checked, client = plan(UserKind, "mailtrap_users", "overview", overview(*users), params, "users", check_mode=True)
    checked.apply()
    assert client.writes == [("DELETE", "account_accesses/%s" % ALICE["account_access_id"], None)]
    real, client = plan(UserKind, "mailtrap_users", "overview", overview(*users), params, "users")
    real.apply()
    assert client.writes == [("DELETE", "account_accesses/%s" % ALICE["account_access_id"], None)]
    assert checked.result()["removed"] == real.result()["removed"] == ["alice@example.com"]
    again, _client = outcome(UserKind, "mailtrap_users", "overview", overview(OWNER, OWNER2, INVITED_OWNER), params, "users")
    assert again["purged"] == [] and again["steps"] == [("unchanged", "invited.owner@example.com")]


REFUSALS = [
    ("the last active owner absent", (OWNER, ALICE), dict(users=keep("owner@example.com", state="absent")), "last owner"),
    ("the last active owner demoted", (OWNER, INVITED_OWNER), dict(users=keep("owner@example.com", role="admin")), "last owner"),
    ("the token's user absent", (OWNER, SVC), dict(users=keep("svc@example.com", state="absent")),
     "API token of this run belongs to"),
    ("an empty purge list", (OWNER, ALICE), dict(users=[], purge=True), "allow_empty"),
    ("a purge list of absent entries", (OWNER, ALICE), dict(users=keep("alice@example.com", state="absent"), purge=True),
     "allow_empty"),
]


@pytest.mark.parametrize("users, params, message", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refusals_before_any_write(users, params, message):
    result, _client = outcome(UserKind, "mailtrap_users", "overview", overview(*users), params, "users")
    assert result["refused"] == "Refusal" and message in result["msg"]


def test_force_removes_the_token_user_and_allow_empty_purges_all_but_owners():
    result, _c = outcome(UserKind, "mailtrap_users", "overview", overview(OWNER, SVC),
                         dict(users=keep("svc@example.com", state="absent"), force=True), "users")
    assert result["steps"] == [("deleted", "svc@example.com")]
    result, _c = outcome(UserKind, "mailtrap_users", "overview", overview(OWNER, ALICE), dict(users=[], purge=True, allow_empty=True), "users")
    assert result["purged"] == ["alice@example.com"] and result["spared"] == ["owner@example.com"]


def test_absent_entry_with_purge_is_deleted_once():
    result, _c = outcome(UserKind, "mailtrap_users", "overview", overview(OWNER, ALICE, BOB),
                         dict(users=keep("owner@example.com") + keep("alice@example.com", state="absent"), purge=True), "users")
    assert result["steps"] == [("unchanged", "owner@example.com"), ("deleted", "alice@example.com")]
    assert result["purged"] == ["bob@example.com"]


def test_overview_display_name_is_compared_and_sent():
    run, client = plan(UserKind, "mailtrap_user", "overview", overview(OWNER, dict(ALICE, name="Al")),
                       dict(email="Alice@example.com", name="Alice"))
    step = run.steps[0]
    assert step.action == "updated" and step.changes == {"name": "Alice"}
    run.apply()
    assert client.writes == [("PATCH", "users/%s" % ALICE["id"], {"name": "Alice"})]
    again, _c = outcome(UserKind, "mailtrap_user", "overview", overview(dict(ALICE, name="Alice")), dict(email=ALICE["email"], name="Alice"))
    assert again["steps"] == [("unchanged", "alice@example.com")]


# ---------------------------------------------------------------------- live

def access(aid, kind, email, level, name=None, extra=()):
    specifier = dict(id=aid + 1, email=email)
    if name:
        specifier["name"] = name
    resources = [dict(resource_type="account", resource_id=ACCOUNT, access_level=level)] if level else []
    return dict(id=aid, specifier_type=kind, specifier=specifier, resources=resources + list(extra),
                permissions=dict(can_read=True, can_update=level != 1000, can_destroy=level != 1000, can_leave=False))


LIVE_OWNER = access(1, "User", "owner@example.com", 1000, "Owner")
LIVE_ALICE = access(2, "User", "alice@example.com", 100, "Alice",
                    extra=[dict(resource_type="project", resource_id=7, access_level=10)])
LIVE_BOB = access(3, "Invite", "bob@example.com", 10)
LIVE_SVC = access(4, "User", "svc@example.com", 100)
LIVE_TOKEN = dict(id=5, specifier_type="ApiToken", specifier=dict(id=9, name="ci"), resources=[])


def live(*accesses):
    return {"account_accesses": list(accesses), "api_tokens": TOKENS}


LIVE_BEFORE_ANY_REQUEST = [
    ("developer role", dict(email="alice@example.com", role="developer"), "role=developer is not available with api_dialect=live"),
    ("permission scopes", dict(email="alice@example.com", permissions=["send_emails"]), "mailtrap_account_access"),
]


@pytest.mark.parametrize("params, message", [r[1:] for r in LIVE_BEFORE_ANY_REQUEST], ids=[r[0] for r in LIVE_BEFORE_ANY_REQUEST])
def test_live_refuses_overview_only_options_before_any_request(params, message):
    client = FakeClient("live", {})
    kind = UserKind(FakeModule("mailtrap_user", params, client))
    with pytest.raises(Refusal) as refused:
        kind.refuse_unsupported(entries_of(kind))
    assert message in str(refused.value) and client.calls == []


LIVE_PLANS = [
    ("role change", dict(email="alice@example.com", role="viewer"), [("updated", "alice@example.com")], None),
    ("converged", dict(email="ALICE@example.com", role="admin"), [("unchanged", "alice@example.com")], None),
    ("invite an invite's role", dict(email="bob@example.com", role="admin"), [("updated", "bob@example.com")], None),
    ("new person", dict(email="carol@example.com", role="viewer"), None, "invite them in Mailtrap's web UI"),
    ("make owner", dict(email="alice@example.com", role="owner"), None, "cannot make anyone owner"),
    ("change the owner", dict(email="owner@example.com", role="admin"), None, "read-only"),
    ("remove the owner", dict(email="owner@example.com", state="absent"), None, "read-only"),
    ("remove the token's user", dict(email="svc@example.com", state="absent"), None, "API token of this run"),
    ("remove an invite", dict(email="bob@example.com", state="absent"), [("deleted", "bob@example.com")], None),
    # Display names are read, not written: the current one (a user_info result fed back) is accepted,
    # another refused before any write.
    ("current display name", dict(email="alice@example.com", name="Alice", role="admin"), [("unchanged", "alice@example.com")], None),
    ("another display name", dict(email="alice@example.com", name="Al"), None, "Mailtrap profile"),
]


@pytest.mark.parametrize("params, steps, message", [r[1:] for r in LIVE_PLANS], ids=[r[0] for r in LIVE_PLANS])
def test_live_plans(params, steps, message):
    result, client = outcome(UserKind, "mailtrap_user", "live", live(LIVE_OWNER, LIVE_ALICE, LIVE_BOB, LIVE_SVC, LIVE_TOKEN), params)
    if message:
        assert result["refused"] == "Refusal" and message in result["msg"], result
    else:
        assert result["steps"] == steps
        assert client.writes == []


def test_live_role_change_is_one_put_on_the_account_resource():
    run, client = plan(UserKind, "mailtrap_user", "live", live(LIVE_OWNER, LIVE_ALICE), dict(email="alice@example.com", role="viewer"))
    run.apply()
    assert client.writes == [("PUT", "account_accesses/2/permissions/bulk",
                              {"permissions": [{"resource_type": "account", "resource_id": str(ACCOUNT), "access_level": "viewer"}]})]
    shown = run.result()["user"]
    assert shown["role"] == "viewer" and shown["resources"][0]["access_level"] == 10
    assert shown["resources"][1] == dict(LIVE_ALICE["resources"][1], access_level_name="viewer")


def test_live_purge_spares_the_owner_and_revokes_accesses():
    run, client = plan(UserKind, "mailtrap_users", "live", live(LIVE_OWNER, LIVE_ALICE, LIVE_BOB, LIVE_TOKEN),
                       dict(users=keep("alice@example.com", role="admin"), purge=True), "users")
    run.apply()
    result = run.result()
    assert result["removed"] == ["bob@example.com"] and result["spared"] == ["owner@example.com"]
    assert client.writes == [("DELETE", "account_accesses/3", None)]


def test_live_user_info_shape():
    users = info(UserInfoKind, "mailtrap_user_info", "live", live(LIVE_OWNER, LIVE_ALICE, LIVE_BOB, LIVE_TOKEN))["users"]
    assert [(u["email"], u["role"], u["status"], u["account_access_id"]) for u in users] == [
        ("alice@example.com", "admin", "active", 2), ("bob@example.com", "viewer", "invited", 3),
        ("owner@example.com", "owner", "active", 1)]
    assert users[0]["name"] == "Alice" and "name" not in users[1] and "effective_permissions" not in users[0]
    assert users[0]["resources"][1] == dict(resource_type="project", resource_id=7, access_level=10, access_level_name="viewer")


WRONG_SHAPES = [
    ("object instead of list", {"id": 1, "email": "a@example.com"}, "expected a list"),
    ("envelope", {"data": [], "pagination": {"page": 1}}, "expected a list"),
    ("list of lists", [[1, 2]], "a list of objects"),
]
OVERVIEW_ONLY = [
    ("missing id", [{"email": "a@example.com", "role": "viewer", "account_access_id": 3}], "'id'"),
    ("wrong type", [dict(ALICE, role=3)], "'role' is a string"),
]
LIVE_ONLY = [
    ("missing specifier", [{"id": 1, "specifier_type": "User", "resources": []}], "'specifier'"),
    ("resources of the wrong type", [dict(LIVE_ALICE, resources="admin")], "a list of resources"),
]
MODULES = [
    (UserKind, "mailtrap_user", dict(email="alice@example.com", role="viewer"), None),
    (UserKind, "mailtrap_users", dict(users=[dict(email="alice@example.com")], purge=True), "users"),
    (UserInfoKind, "mailtrap_user_info", {}, "info"),
]


def ended(kind, name, dialect, path, answer, params, option):
    answer_map = {path: answer, "api_tokens": TOKENS}
    if option == "info":
        return info(kind, name, dialect, answer_map)
    return single(kind, name, dialect, answer_map, params, option)


@pytest.mark.parametrize("kind, name, params, option", MODULES, ids=[m[1] for m in MODULES])
@pytest.mark.parametrize("dialect, path, answer, message",
                         [("overview", "users") + r[1:] for r in WRONG_SHAPES + OVERVIEW_ONLY]
                         + [("live", "account_accesses") + r[1:] for r in WRONG_SHAPES + LIVE_ONLY],
                         ids=["overview-" + r[0] for r in WRONG_SHAPES + OVERVIEW_ONLY] + ["live-" + r[0] for r in WRONG_SHAPES + LIVE_ONLY])
def test_wrong_shapes_are_clear_errors(kind, name, params, option, dialect, path, answer, message):
    result = ended(kind, name, dialect, path, answer, params, option)
    assert result["failed"] and "unexpected shape" in result["msg"] and message in result["msg"], result
    assert result["method"] == "GET" and result["path"] == "/api/accounts/%s/%s" % (ACCOUNT, path)
    assert "Traceback" not in result["msg"] and not result["changed"]


def test_a_token_list_of_the_wrong_shape_is_a_clear_error():
    result = single(UserKind, "mailtrap_user", "overview", {"users": [OWNER, ALICE], "api_tokens": {"data": []}},
                    dict(email="alice@example.com", state="absent"))
    assert result["failed"] and "unexpected shape" in result["msg"] and result["path"].endswith("/api_tokens")


def test_live_role_for_a_person_with_project_rights_only_adds_the_account_grant():
    project_only = access(6, "User", "pat@example.com", None, extra=[dict(resource_type="project", resource_id=7, access_level=100)])
    run, client = plan(UserKind, "mailtrap_user", "live", live(LIVE_OWNER, project_only), dict(email="pat@example.com", role="viewer"))
    assert run.steps[0].before["role"] is None
    run.apply()
    resources = run.result()["user"]["resources"]
    assert [(r["resource_type"], r["access_level"]) for r in resources] == [("account", 10), ("project", 100)]
    assert client.writes[0][2] == {"permissions": [{"resource_type": "account", "resource_id": str(ACCOUNT), "access_level": "viewer"}]}
