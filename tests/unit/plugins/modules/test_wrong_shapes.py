# -*- coding: utf-8 -*-
"""Every module, fed answers of the wrong shape by the emulator's ``respond`` fault (issue 10).

Each GET the module makes answers, in turn, an object where a list belongs, a list where an
object belongs, a paginated envelope, objects without ``id`` and fields of the wrong type. The
module must fail with a clear message that names the call (or handle the shape, where the API
really answers it), never raise: an exception here is the traceback a user would see.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

import pytest


SHAPES = {
    "object instead of list": {"id": 1, "name": "x", "email": "x@example.com"},
    "list instead of object": [{"id": 1, "name": "x"}],
    "envelope": {"data": [{"id": 1}], "pagination": {"page": 1, "total_pages": 1}},
    "missing id": [{"name": "x", "email": "x@example.com", "role": "admin"}],
    "wrong types": [{"id": "one", "name": 7, "email": 7, "role": 3, "specifier": "x", "resources": "x"}],
    "object of wrong types": {"id": "one", "name": 7, "timezone": 7, "notification_email": 7, "low_credits": "x",
                              "require_2fa": "x", "ip_whitelist": "x", "password_policy": "x", "enabled": "x",
                              "plan": 7, "usage": "x", "billing": "x"},
}
# A module that reads one object (settings, billing) is fed wrong objects; the others wrong lists.
# (The export reads the account object first.)
OBJECT_READERS = ("mailtrap_account", "mailtrap_account_export", "mailtrap_billing_info", "mailtrap_notifications", "mailtrap_security", "mailtrap_sso")
OBJECT_SHAPES = ("list instead of object", "envelope", "object of wrong types")
LIST_SHAPES = ("object instead of list", "envelope", "missing id", "wrong types")


def cases(table):
    return [(module, shape) for module in sorted(table)
            for shape in (OBJECT_SHAPES if module in OBJECT_READERS else LIST_SHAPES)]


# One task per module that reads (and would write); the same args in both dialects where the
# dialect serves the module.
OVERVIEW = {
    "mailtrap_account": dict(name="Renamed"),
    "mailtrap_account_access_info": {},
    "mailtrap_account_export": {},
    "mailtrap_audit_log_info": {},
    "mailtrap_billing_info": {},
    "mailtrap_notifications": dict(low_credits=False),
    "mailtrap_project": dict(name="Website"),
    "mailtrap_project_info": {},
    "mailtrap_projects": dict(projects=[dict(name="Website")]),
    "mailtrap_security": dict(require_2fa=True),
    "mailtrap_sso": dict(state="absent"),
    "mailtrap_template_info": {},
    "mailtrap_template_share": dict(template="Welcome", users=["1"]),
    "mailtrap_token": dict(name="ci", scopes=["send_emails"]),
    "mailtrap_token_info": {},
    "mailtrap_tokens": dict(tokens=[dict(name="ci", scopes=["send_emails"])]),
    "mailtrap_user": dict(email="alice@example.com", role="admin"),
    "mailtrap_user_info": {},
    "mailtrap_users": dict(users=[dict(email="alice@example.com", role="admin")]),
}
LIVE = {
    "mailtrap_account_access": dict(email="owner@example.com", permissions=[dict(type="account", access="admin")]),
    "mailtrap_account_accesses": dict(account_accesses=[dict(email="owner@example.com", permissions=[dict(type="account", access="admin")])],
                                      purge=True),
    "mailtrap_account_access_info": {},
    "mailtrap_billing_info": {},
    "mailtrap_project": dict(name="Website"),
    "mailtrap_project_info": {},
    "mailtrap_projects": dict(projects=[dict(name="Website")]),
    "mailtrap_resource_info": {},
    "mailtrap_template_info": {},
    "mailtrap_token": dict(name="ci", resources=[dict(type="account", id=1001, access="viewer")]),
    "mailtrap_token_info": {},
    "mailtrap_tokens": dict(tokens=[dict(name="ci", resources=[dict(type="account", id=1001, access="viewer")])]),
    "mailtrap_user": dict(email="owner@example.com", role="admin"),
    "mailtrap_user_info": {},
    "mailtrap_users": dict(users=[dict(email="owner@example.com", role="admin")]),
}
# Shapes a module legitimately reads: the templates listing follows a paginated envelope.
# The audit log shows entries as the API gives them (one its filters cannot read is skipped).
HANDLED = {("mailtrap_template_info", "envelope"), ("mailtrap_template_share", "envelope"),
           ("mailtrap_audit_log_info", "missing id"), ("mailtrap_audit_log_info", "wrong types")}


def test_every_module_is_in_the_table():
    here = os.path.dirname(os.path.abspath(__file__))
    modules = set(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(here, "../../../../plugins/modules/mailtrap_*.py")))
    assert modules == set(OVERVIEW) | set(LIVE)


def _check(result, module, shape):
    if (module, shape) in HANDLED and not result.get("failed"):
        return
    assert result.get("failed"), "%s accepted %s: %r" % (module, shape, result)
    message = result["msg"]
    assert "unexpected shape" in message or "not JSON" in message, message
    assert "Traceback" not in message and "emulator-owner-token" not in message


@pytest.mark.parametrize("module, shape", cases(OVERVIEW))
def test_overview_wrong_shapes_fail_clearly(run_module, emulator, module, shape):
    emulator.fault(kind="respond", status=200, body=SHAPES[shape], method="GET", path="^/api/accounts/1001(/.*)?$")
    result = run_module(module, dict(OVERVIEW[module], api_dialect="overview"))
    _check(result, module, shape)
    assert not [e for e in emulator.journal() if e["method"] != "GET"], "wrote after a read it could not use"


@pytest.mark.parametrize("module, shape", cases(LIVE))
def test_live_wrong_shapes_fail_clearly(run_module, live_emulator, module, shape):
    control = live_emulator
    control.fault(kind="respond", status=200, body=SHAPES[shape], method="GET", path="^/api/accounts/1001(/.*)?$")
    result = run_module(module, dict(LIVE[module], api_dialect="live", api_url=live_emulator.url))
    _check(result, module, shape)
    assert not [e for e in control.journal() if e["method"] != "GET"], "wrote after a read it could not use"


# ---------------------------------------------------------------------------- api_dialect: auto

def test_auto_sends_a_live_only_module_in_live_and_the_answer_confirms_it(run_module, live_emulator):
    control = live_emulator
    result = run_module("mailtrap_resource_info", dict(api_dialect="auto", api_url=live_emulator.url))
    assert not result.get("failed") and result["resources"], result
    assert [e["path"] for e in control.journal()] == ["/api/accounts/1001/permissions/resources"]


def test_auto_refuses_a_live_only_module_once_an_overview_server_says_so(run_module, emulator):
    result = run_module("mailtrap_resource_info", dict(api_dialect="auto"))
    assert result["failed"] and "api_dialect=overview" in result["msg"]
    assert len(emulator.journal()) == 1, "one read, answered by the overview server, then the refusal"


def test_auto_reads_a_live_server_again_in_live_after_the_overview_guess(run_module, live_emulator):
    control = live_emulator
    result = run_module("mailtrap_user_info", dict(api_dialect="auto", api_url=live_emulator.url))
    assert not result.get("failed") and result["users"], result
    assert [e["path"] for e in control.journal()] == ["/api/accounts/1001/users", "/api/accounts/1001/account_accesses"]


# ---------------------------------------------------------------------------- found by the hostile pass

def test_a_token_expiring_in_year_9999_is_not_rotated_into_an_overflow(run_module, emulator):
    emulator.seed({"tokens": [dict(name="far", token="far-token-value-0001", scopes=["emails:send"],
                                   expires_at="9999-12-31T23:59:59Z", created_at="2020-01-01")]})
    for check_mode in (True, False):
        result = run_module("mailtrap_token", dict(name="far", rotate=True), check_mode=check_mode)
        assert result["failed"] and "after year 9999" in result["msg"] and "unexpected error" not in result["msg"]
    assert emulator.writes() == []


def test_a_list_get_without_a_body_creates_nothing(run_module, emulator):
    emulator.seed({"tokens": [dict(name="x", token="x-token-value-00000001", scopes=["emails:send"])]})
    emulator.fault(kind="respond", status=200, body=None, method="GET", path="/api_tokens$", times=1)
    result = run_module("mailtrap_token", dict(name="x", scopes=["emails:send"]))
    assert result["failed"] and "unexpected shape" in result["msg"]
    assert emulator.writes() == []


def test_an_api_url_with_a_path_fails_once_and_clearly(run_module, emulator):
    result = run_module("mailtrap_user_info", dict(api_url=emulator.url + "/api"))
    assert result["failed"] and "unexpected error" not in result["msg"]
    assert len(emulator.journal()) <= 3


def test_two_tokens_ending_alike_protect_both_authors(run_module, emulator):
    emulator.seed({"users": [dict(email="svc@example.com", role="owner"), dict(email="dev@example.com", role="developer")],
                   "tokens": [dict(name="svc", user="svc@example.com", token="svc-token-value-abcd", scopes=["users:*", "account:*"]),
                              dict(name="dev", user="dev@example.com", token="other-token-zzzz-abcd", scopes=["emails:send"])]})
    args = dict(api_token="svc-token-value-abcd", purge=True, users=[dict(email="owner@example.com")])
    predicted = run_module("mailtrap_users", args, check_mode=True)
    assert set(predicted["spared"]) >= {"svc@example.com", "dev@example.com"}, predicted
    result = run_module("mailtrap_users", args)
    assert not result.get("failed") and "svc@example.com" in result["spared"], result
    refused = run_module("mailtrap_user", dict(api_token="svc-token-value-abcd", email="svc@example.com", state="absent"))
    assert refused["failed"] and "locked out" in refused["msg"]
