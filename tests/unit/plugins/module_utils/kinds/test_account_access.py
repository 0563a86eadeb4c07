# -*- coding: utf-8 -*-
"""PermissionsKind (mailtrap_account_access) and ResourceTree planning from tables, no HTTP."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import AccessKind, PermissionsKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.resource import ResourceKind
from fake_account import ACCOUNT, FakeClient, FakeModule, info, outcome, plan, single
from test_user import LIVE_ALICE, LIVE_BOB, LIVE_OWNER, LIVE_SVC, LIVE_TOKEN, TOKENS

TREE = [{"id": ACCOUNT, "name": "Acme", "type": "account", "access_level": 1000, "resources": [
    {"id": 7, "name": "Billing service", "type": "project", "access_level": 1000, "resources": [
        {"id": 70, "name": "Staging", "type": "sandbox", "access_level": 1000, "resources": []}]},
    {"id": 8, "name": "Twin", "type": "project", "access_level": 1000, "resources": []},
    {"id": 9, "name": "twin", "type": "project", "access_level": 1000, "resources": []},
    {"id": ACCOUNT, "name": "Billing", "type": "billing", "access_level": 1000, "resources": []}]}]


def answers(**extra):
    return dict({"account_accesses": [LIVE_OWNER, LIVE_ALICE, LIVE_BOB, LIVE_SVC, LIVE_TOKEN], "api_tokens": TOKENS,
                 "permissions/resources": TREE}, **extra)


def grant(rtype, access, **ref):
    return dict(dict(type=rtype, access=access), **ref)


def put(*items):
    return [("PUT", "account_accesses/2/permissions/bulk", {"permissions": list(items)})]


# Alice today: admin on the account, viewer on project 7.
TABLE = [
    ("converged by id", dict(permissions=[grant("project", "viewer", id=7)]), [], ["account_accesses"]),
    ("converged, account without id", dict(permissions=[grant("account", "admin")]), [], ["account_accesses"]),
    ("raise one, by name (one GET of the tree)", dict(permissions=[grant("project", "admin", name="billing SERVICE")]),
     put({"resource_type": "project", "resource_id": "7", "access_level": "admin"}), ["account_accesses", "permissions/resources"]),
    ("add one, leave the rest", dict(permissions=[grant("sandbox", "viewer", id=70)]),
     put({"resource_type": "sandbox", "resource_id": "70", "access_level": "viewer"}), ["account_accesses"]),
    ("exclusive removes the others", dict(permissions=[grant("sandbox", "viewer", id=70)], exclusive=True),
     put({"resource_type": "sandbox", "resource_id": "70", "access_level": "viewer"},
         {"resource_type": "account", "resource_id": str(ACCOUNT), "_destroy": True},
         {"resource_type": "project", "resource_id": "7", "_destroy": True}), ["account_accesses"]),
    ("exclusive, converged", dict(permissions=[grant("account", "admin"), grant("project", "viewer", id=7)], exclusive=True),
     [], ["account_accesses"]),
    ("revoke (the tokens read once: whose token runs)", dict(state="absent"), [("DELETE", "account_accesses/2", None)],
     ["account_accesses", "api_tokens"]),
]


@pytest.mark.parametrize("params, writes, reads", [r[1:] for r in TABLE], ids=[r[0] for r in TABLE])
def test_one_put_per_change_none_when_converged(params, writes, reads):
    run, client = plan(PermissionsKind, "mailtrap_account_access", "live", answers(), dict(dict(email="alice@example.com"), **params))
    run.apply()
    assert client.writes == writes
    assert [c[1] for c in client.calls if c[0] == "GET"] == reads
    assert run.changed is bool(writes)


def test_check_mode_predicts_without_writing():
    params = dict(email="alice@example.com", permissions=[grant("sandbox", "viewer", id=70)], exclusive=True)
    run, client = plan(PermissionsKind, "mailtrap_account_access", "live", answers(), params, check_mode=True)
    run.apply()
    result = run.result()
    assert result["changed"] and result["action"] == "updated"
    assert [(r["resource_type"], r["resource_id"], r["access_level_name"]) for r in result["account_access"]["resources"]] == [
        ("sandbox", 70, "viewer")]
    assert result["diff"]["before"]["resources"][0]["resource_type"] == "account"
    assert [c[0] for c in client.calls if c[0] != "GET"] == ["PUT"]  # the fake's write verb is where check mode stops


BAD_INPUT = [
    ("owner access", dict(permissions=[grant("account", "owner")]), "cannot be granted"),
    ("unknown type", dict(permissions=[grant("inbox", "admin", id=1)]), "type"),
    ("id and name", dict(permissions=[grant("project", "admin", id=1, name="x")]), "exactly one of id or name"),
    ("neither for a project", dict(permissions=[grant("project", "admin")]), "exactly one of id or name"),
    ("twice", dict(permissions=[grant("project", "admin", id=1), grant("project", "viewer", id=1)]), "listed twice"),
    ("present without permissions", dict(), "state: absent"),
    ("bad e-mail", dict(email="alice", permissions=[grant("account", "admin")]), "not a valid e-mail"),
]


@pytest.mark.parametrize("params, message", [r[1:] for r in BAD_INPUT], ids=[r[0] for r in BAD_INPUT])
def test_bad_input_refused_before_any_request(params, message):
    result, _c = outcome(PermissionsKind, "mailtrap_account_access", "live", {}, dict(dict(email="alice@example.com"), **params))
    assert result["refused"] == "InputError" and message in result["msg"]


REFUSED = [
    ("unknown name", dict(email="alice@example.com", permissions=[grant("project", "admin", name="Nope")]), "known: Billing service"),
    ("ambiguous name", dict(email="alice@example.com", permissions=[grant("project", "admin", name="twin")]), "ambiguous"),
    ("not in the account", dict(email="carol@example.com", permissions=[grant("account", "viewer")]), "web UI"),
    ("the owner", dict(email="owner@example.com", permissions=[grant("account", "viewer")]), "read-only"),
    ("the owner's removal", dict(email="owner@example.com", state="absent"), "read-only"),
    ("the token's user", dict(email="svc@example.com", state="absent"), "API token of this run"),
]


@pytest.mark.parametrize("params, message", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_before_any_write(params, message):
    result, _c = outcome(PermissionsKind, "mailtrap_account_access", "live", answers(), params)
    assert result["refused"] == "Refusal" and message in result["msg"], result


def test_overview_refuses_the_module_and_the_resource_tree_before_any_request():
    for kind, name in ((PermissionsKind, "mailtrap_account_access"), (ResourceKind, "mailtrap_resource_info")):
        client = FakeClient("overview", {})
        with pytest.raises(Exception) as refused:
            kind(FakeModule(name, {}, client)).refuse_unsupported([])
        assert "api_dialect=overview" in str(refused.value) and "overview API has no" in str(refused.value)
        assert client.calls == []


def test_resource_tree_flattened():
    result = info(ResourceKind, "mailtrap_resource_info", "live", {"permissions/resources": TREE})
    rows = [(r["type"], r["id"], r["name"], r["access_level_name"], r["parent_type"], r["parent_id"]) for r in result["resources"]]
    assert rows == [("account", ACCOUNT, "Acme", "owner", None, None), ("project", 7, "Billing service", "owner", "account", ACCOUNT),
                    ("sandbox", 70, "Staging", "owner", "project", 7), ("project", 8, "Twin", "owner", "account", ACCOUNT),
                    ("project", 9, "twin", "owner", "account", ACCOUNT), ("billing", ACCOUNT, "Billing", "owner", "account", ACCOUNT)]


def test_access_info_masks_token_values():
    leaky = dict(LIVE_TOKEN, token="secret-value", specifier=dict(LIVE_TOKEN["specifier"], token="secret-value"))
    result = info(AccessKind, "mailtrap_account_access_info", "overview", {"account_accesses": [leaky, LIVE_ALICE]})
    assert "secret-value" not in repr(result) and [a["id"] for a in result["account_accesses"]] == [2, 5]


WRONG_SHAPES = [
    ("object instead of list", {"id": 1}, "expected a list"),
    ("envelope", {"data": [], "pagination": {}}, "expected a list"),
    ("missing id", [{"specifier_type": "User", "specifier": {}}], "'id'"),
    ("wrong type", [{"id": "1", "specifier_type": "User", "specifier": {}}], "'id' is an integer"),
    ("resources not a list", [dict(LIVE_ALICE, resources={"a": 1})], "a list of resources"),
    ("resource level not a number", [dict(LIVE_ALICE, resources=[dict(resource_type="account", resource_id=1, access_level="x")])],
     "'access_level'"),
]


@pytest.mark.parametrize("answer, message", [r[1:] for r in WRONG_SHAPES], ids=[r[0] for r in WRONG_SHAPES])
@pytest.mark.parametrize("kind, name, dialect", [(AccessKind, "mailtrap_account_access_info", "overview"),
                                                 (AccessKind, "mailtrap_account_access_info", "live")])
def test_wrong_shapes_are_clear_errors(kind, name, dialect, answer, message):
    result = info(kind, name, dialect, {"account_accesses": answer})
    assert result["failed"] and "unexpected shape" in result["msg"] and message in result["msg"], result
    assert result["method"] == "GET" and result["path"].endswith("/account_accesses")


@pytest.mark.parametrize("answer", [{"id": 1}, [{"id": 1, "name": "x"}], [{"id": "1", "type": "account"}],
                                    [{"id": 1, "type": "account", "resources": {"x": 1}}]])
def test_wrong_tree_shapes_are_clear_errors(answer):
    result = info(ResourceKind, "mailtrap_resource_info", "live", {"permissions/resources": answer})
    assert result["failed"] and "unexpected shape" in result["msg"] and "permissions/resources" in result["msg"]


def test_token_user_unknown_when_tokens_are_forbidden_warns_and_goes_on():
    answer_map = answers(api_tokens=MailtrapAPIError("403", status=403, method="GET", path="x"))
    run, client = plan(PermissionsKind, "mailtrap_account_access", "live", answer_map, dict(email="svc@example.com", state="absent"))
    assert run.steps[0].action == "deleted" and "not protected" in run.kind.module.warnings[0]


@pytest.mark.parametrize("answer, message", [r[1:] for r in WRONG_SHAPES], ids=[r[0] for r in WRONG_SHAPES])
def test_mailtrap_account_access_wrong_shapes_are_clear_errors(answer, message):
    result = single(PermissionsKind, "mailtrap_account_access", "live", answers(account_accesses=answer),
                    dict(email="alice@example.com", permissions=[grant("account", "viewer")]))
    assert result["failed"] and "unexpected shape" in result["msg"] and message in result["msg"]
    assert not result["changed"]


@pytest.mark.parametrize("answer", [{"data": TREE}, [{"id": 1, "type": "project", "name": "Billing service", "resources": "x"}]])
def test_mailtrap_account_access_wrong_tree_is_a_clear_error_before_any_write(answer):
    module_result = single(PermissionsKind, "mailtrap_account_access", "live", answers(**{"permissions/resources": answer}),
                           dict(email="alice@example.com", permissions=[grant("project", "admin", name="Billing service")]))
    assert module_result["failed"] and "unexpected shape" in module_result["msg"] and not module_result["changed"]
