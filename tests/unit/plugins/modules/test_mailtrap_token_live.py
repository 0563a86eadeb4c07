# -*- coding: utf-8 -*-
"""mailtrap_token / _tokens / _token_info against the emulator's live dialect (api_dialect: live)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest
import requests

from ansible_collections.mailtrap.general.plugins.module_utils import times

OWNER = "emulator-owner-token"
A = "/api/accounts/1001"
SEED = {"projects": [{"name": "Alpha", "sandboxes": [{"name": "Alpha inbox"}]}, {"name": "Beta", "sandboxes": []}],
        "domains": [{"name": "example.com"}]}
VIEWER = [dict(type="account", access="viewer")]


@pytest.fixture(scope="module")
def shared_live():
    from mailtrap_emulator import Emulator

    emulator = Emulator(host="127.0.0.1", port=0, dialect="live", seed=SEED, quiet=True).start()
    yield emulator
    emulator.stop()


@pytest.fixture
def live(shared_live):
    shared_live.reset()
    return shared_live


def call(emu, method, path, **kwargs):
    return requests.request(method, emu.url + (path if path.startswith("/_") else A + "/" + path),
                            headers={"Api-Token": OWNER}, timeout=10, **kwargs)


def journal(emu):
    return ["%s %s" % (e["method"], e["path"].replace(A + "/", "")) for e in call(emu, "GET", "/_emulator/requests").json()]


def clear(emu):
    call(emu, "DELETE", "/_emulator/requests")


@pytest.fixture
def run_live(run_module, live):
    def run(name, args, **kwargs):
        return run_module(name, dict(dict(api_url=live.url, api_dialect="live"), **args), **kwargs)
    return run


def project_id(emu, name):
    nodes = call(emu, "GET", "permissions/resources").json()
    while nodes:
        node = nodes.pop()
        if node["type"] == "project" and node["name"] == name:
            return node["id"]
        nodes.extend(node["resources"])
    raise AssertionError(name)


def test_create_by_resource_names_converge_check_mode_diff_and_delete(run_live, live):
    args = dict(name="ci", resources=[dict(type="project", name="Alpha", access="admin"),
                                      dict(type="account", access="viewer")])
    clear(live)
    predicted = run_live("mailtrap_token", args, check_mode=True, diff=True)
    assert predicted["changed"] and predicted["action"] == "created" and "token" not in predicted
    assert journal(live) == ["GET api_tokens", "GET permissions/resources"]
    made = run_live("mailtrap_token", args, diff=True)
    assert made["action"] == "created" and made["token"] and "token" not in made["api_token"]
    body = [e for e in call(live, "GET", "/_emulator/requests").json() if e["method"] == "POST"][0]["body"]
    assert body["expires_at"] is None  # sent explicitly: never, not the API's one-year default
    assert made["api_token"]["expires_at"] is None
    assert sorted((r["resource_type"], r["access_level"]) for r in made["api_token"]["resources"]) == [
        ("account", 10), ("project", 100)]
    clear(live)
    again = run_live("mailtrap_token", args)
    assert not again["changed"] and again["drift"] == [] and journal(live) == ["GET api_tokens", "GET permissions/resources"]
    info = run_live("mailtrap_token_info", dict(name="ci"))["api_tokens"]
    listed = [dict((k, r[k]) for k in made_r) for r, made_r in zip(info[0]["resources"], made["api_token"]["resources"])]
    assert listed == made["api_token"]["resources"] and info[0]["days_left"] is None
    drift = run_live("mailtrap_token", dict(name="ci", resources=VIEWER))
    assert drift["drift"] == ["resources"] and not drift["changed"]
    replaced = run_live("mailtrap_token", dict(name="ci", resources=VIEWER, recreate="on_change"))
    assert replaced["action"] == "recreated" and replaced["api_token"]["resources"][0]["access_level"] == 10
    gone = run_live("mailtrap_token", dict(name="ci", state="absent"))
    assert gone["action"] == "deleted" and [t["name"] for t in call(live, "GET", "api_tokens").json()] == ["Emulator owner token"]


def test_ids_and_expiry_and_rotation_by_reset(run_live, live):
    pid = project_id(live, "Beta")
    made = run_live("mailtrap_tokens", dict(tokens=[
        dict(name="a", resources=[dict(type="project", id=pid, access="viewer")], expires_in_days=30),
        dict(name="b", resources=VIEWER)]))
    by_name = dict((t["name"], t) for t in made["api_tokens"])
    expiry = times.parse_time(by_name["a"]["expires_at"])
    assert abs(expiry - times.utc_now() - datetime.timedelta(days=30)) < datetime.timedelta(minutes=1)
    clear(live)
    rotated = run_live("mailtrap_token", dict(name="b", rotate=True))
    assert rotated["action"] == "rotated" and rotated["api_token"]["expires_at"] is None
    posts = [e for e in call(live, "GET", "/_emulator/requests").json() if e["method"] == "POST"]
    assert posts[0]["path"].endswith("/reset") and posts[0]["body"] == {"expires_at": None}
    # Within the old token's grace period a re-run manages the new one and does nothing.
    clear(live)
    again = run_live("mailtrap_token", dict(name="b", resources=VIEWER, rotate_before_days=14))
    assert again["action"] == "unchanged" and again["api_token"]["id"] == rotated["api_token"]["id"]
    assert [j for j in journal(live) if not j.startswith("GET")] == []


def test_two_tokens_of_one_name_converge_on_one_in_live(run_live, live):
    """Issue 11 F8 in the live dialect: two runs at once made two tokens; the next run keeps one (the kept secret's
    or the newest), with changed, a check-mode prediction and an id-based revoke for the rest."""
    made = [run_live("mailtrap_token", dict(name="ci", resources=VIEWER, recreate="always"))]
    # The second run's token, made as a concurrent run would (a plain create of the same name).
    body = dict(name="ci", resources=[dict(resource_type="account", resource_id=1001, access_level=10)], expires_at=None)
    second = call(live, "POST", "api_tokens", json=body).json()
    names = [t for t in call(live, "GET", "api_tokens").json() if t["name"] == "ci"]
    assert len(names) == 2
    clear(live)
    check = run_live("mailtrap_token", dict(name="ci", prefer_last_4_digits=made[0]["token"][-4:]), check_mode=True)
    assert check["changed"] and [t["id"] for t in check["duplicates_revoked"]] == [second["id"]]
    assert [j for j in journal(live) if not j.startswith("GET")] == []
    kept = run_live("mailtrap_tokens", dict(tokens=[dict(name="ci", resources=VIEWER)]))
    # mailtrap_tokens has no kept secret to go by: the newest wins there.
    assert kept["changed"] and [t["id"] for t in kept["duplicates_revoked"]] == [made[0]["api_token"]["id"]]
    assert [t["id"] for t in call(live, "GET", "api_tokens").json() if t["name"] == "ci"] == [second["id"]]
    assert not run_live("mailtrap_tokens", dict(tokens=[dict(name="ci", resources=VIEWER)]))["changed"]


@pytest.mark.parametrize("module, args, message", [
    ("mailtrap_token", dict(name="t", scopes=["emails:send"]), "scopes is not available with api_dialect=live"),
    ("mailtrap_tokens", dict(tokens=[dict(name="t", scopes=["emails:send"])]), "tokens[0].scopes is not available"),
    ("mailtrap_token", dict(name="t", resources=[dict(type="project", name="Gamma", access="admin")]), "no project 'Gamma'"),
    ("mailtrap_token", dict(name="t", resources=[dict(type="account", access="owner")]), "access: 'owner'"),
    ("mailtrap_token", dict(name="t", resources=[dict(type="billing", access="admin")]), "'billing' is not a type"),
    ("mailtrap_token", dict(name="t"), "resources is required to create"),
])
def test_bad_input_in_live_is_refused_before_any_write(run_live, live, module, args, message):
    clear(live)
    for check_mode in (True, False):
        result = run_live(module, args, check_mode=check_mode)
        assert result["failed"] and message in result["msg"], result["msg"]
    assert [j for j in journal(live) if not j.startswith("GET")] == []


def test_resources_are_refused_in_overview_before_any_request(run_module, emulator):
    # api_dialect given: auto would first ask the server which dialect it speaks (one GET /api/accounts).
    result = run_module("mailtrap_token", dict(name="t", resources=VIEWER, api_dialect="overview"))
    assert result["failed"] and "resources is not available with api_dialect=overview" in result["msg"]
    assert emulator.journal() == []


@pytest.mark.parametrize("answer", [{"data": [], "pagination": {}}, [{"id": 1, "name": "x", "expires_at": None,
                                                                     "last_4_digits": "abcd", "resources": "all"}]])
def test_a_live_listing_of_the_wrong_shape_is_a_clear_error(run_live, live, answer):
    call(live, "POST", "/_emulator/faults", json={"kind": "respond", "status": 200, "body": answer, "method": "GET",
                                                  "path": "api_tokens$", "count": None})
    for module, args in (("mailtrap_token", dict(name="x", resources=VIEWER)), ("mailtrap_token_info", {}),
                         ("mailtrap_tokens", dict(tokens=[dict(name="x", resources=VIEWER)]))):
        result = run_live(module, args)
        assert result["failed"] and "unexpected shape" in result["msg"] and "unexpected error" not in result["msg"], result
