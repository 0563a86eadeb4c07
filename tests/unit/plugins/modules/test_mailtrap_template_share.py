# -*- coding: utf-8 -*-
"""mailtrap_template_share against the in-process emulator (templates Welcome, Password reset, Invoice)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

PEOPLE = ["alice", "bob", "carol"]


@pytest.fixture
def team(emulator):
    """Three users besides the owner, an empty journal; returns e-mail -> id."""
    emulator.seed({"users": [dict(email="%s@example.com" % p, role="developer") for p in PEOPLE]})
    ids = dict((u["email"], u["id"]) for u in emulator.api("GET", "users").json())
    emulator.clear_journal()
    return ids


def template(emulator, name):
    found = [t for t in emulator.api("GET", "templates").json() if t["name"] == name]
    emulator.clear_journal()
    return found[0]


def share(emulator, tid, user_ids, permission):
    answer = emulator.api("POST", "templates/%s/share" % tid, json={"user_ids": user_ids, "permission": permission})
    assert answer.status_code == 200, answer.text
    emulator.clear_journal()


def shares(result):
    return [(s["email"], s["permission"]) for s in result["template"]["shared_with"]]


def test_share_by_name_sends_one_post_then_converges(run_module, emulator, team):
    welcome = template(emulator, "Welcome")
    args = dict(template="welcome", users=["Alice@Example.com", "bob@example.com"], permission="write")
    result = run_module("mailtrap_template_share", args, diff=True)
    assert result["changed"] and result["template"]["id"] == welcome["id"]
    assert shares(result) == [("alice@example.com", "write"), ("bob@example.com", "write")]
    assert result["diff"]["before"]["shared_with"] == [] and len(result["diff"]["after"]["shared_with"]) == 2
    assert emulator.sequence() == ["GET A/templates", "GET A/users", "POST A/templates/%s/share" % welcome["id"]]
    assert emulator.journal()[-1]["body"] == {"user_ids": [team["alice@example.com"], team["bob@example.com"]],
                                              "permission": "write"}
    emulator.clear_journal()
    again = run_module("mailtrap_template_share", dict(args, users=["bob@example.com", "ALICE@example.com"]))
    assert not again["changed"] and emulator.sequence() == ["GET A/templates", "GET A/users"]


def test_ids_and_template_id_need_no_user_read_to_plan_and_one_to_show_emails(run_module, emulator, team):
    invoice = template(emulator, "Invoice")
    args = dict(template=str(invoice["id"]), users=[str(team["carol@example.com"])])
    result = run_module("mailtrap_template_share", args)
    # Issue 11 item 18: shares in results carry their e-mail; one GET users after the write.
    assert result["changed"] and result["template"]["shared_with"] == [
        dict(user_id=team["carol@example.com"], email="carol@example.com", permission="read")]
    assert emulator.sequence() == ["GET A/templates", "POST A/templates/%s/share" % invoice["id"], "GET A/users"]
    emulator.clear_journal()
    assert not run_module("mailtrap_template_share", args)["changed"]
    assert emulator.sequence() == ["GET A/templates", "GET A/users"]


def test_permission_change_only_sends_the_users_that_differ(run_module, emulator, team):
    welcome = template(emulator, "Welcome")
    share(emulator, welcome["id"], [team["alice@example.com"]], "read")
    share(emulator, welcome["id"], [team["bob@example.com"]], "write")
    result = run_module("mailtrap_template_share", dict(template="Welcome", users=["alice@example.com", "bob@example.com"],
                                                        permission="write"))
    assert result["changed"] and shares(result) == [("alice@example.com", "write"), ("bob@example.com", "write")]
    assert emulator.writes()[0]["body"] == {"user_ids": [team["alice@example.com"]], "permission": "write"}
    assert len(emulator.writes()) == 1


def test_exclusive_shares_and_unshares_in_one_post_and_one_delete(run_module, emulator, team):
    welcome = template(emulator, "Welcome")
    share(emulator, welcome["id"], [team["alice@example.com"], team["bob@example.com"], 1], "read")
    args = dict(template="Welcome", users=["carol@example.com", "alice@example.com"], exclusive=True)
    predicted = run_module("mailtrap_template_share", args, check_mode=True, diff=True)
    assert predicted["changed"]
    assert shares(predicted) == [("alice@example.com", "read"), ("carol@example.com", "read")]
    assert len(predicted["diff"]["before"]["shared_with"]) == 3
    assert emulator.writes() == []
    result = run_module("mailtrap_template_share", args)
    assert result["template"] == predicted["template"]
    path = "A/templates/%s/share" % welcome["id"]
    assert emulator.sequence() == ["GET A/templates", "GET A/users", "GET A/templates", "GET A/users",
                                   "POST " + path, "DELETE " + path]
    assert emulator.writes()[1]["body"] == {"user_ids": sorted([1, team["bob@example.com"]])}
    emulator.clear_journal()
    assert not run_module("mailtrap_template_share", args)["changed"]
    # Without exclusive, others are kept.
    result = run_module("mailtrap_template_share", dict(template="Welcome", users=["bob@example.com"]))
    assert result["changed"] and len(result["template"]["shared_with"]) == 3
    # Exclusive with an empty list unshares everyone, with one DELETE, when allow_empty says so (issue 11).
    emulator.clear_journal()
    result = run_module("mailtrap_template_share", dict(template="Welcome", users=[], exclusive=True, allow_empty=True))
    assert result["changed"] and result["template"]["shared_with"] == []
    assert emulator.sequence() == ["GET A/templates", "DELETE " + path]


def test_unshare_and_undo(run_module, emulator, team):
    reset = template(emulator, "Password reset")
    share(emulator, reset["id"], [team["alice@example.com"], team["bob@example.com"]], "write")
    args = dict(template="Password reset", users=["alice@example.com", "carol@example.com"], state="absent")
    predicted = run_module("mailtrap_template_share", args, check_mode=True, diff=True)
    assert predicted["changed"] and shares(predicted) == [("bob@example.com", "write")]
    assert emulator.writes() == []
    result = run_module("mailtrap_template_share", args)
    assert result["changed"] and shares(result) == [("bob@example.com", "write")]
    assert emulator.writes()[0]["method"] == "DELETE"
    assert emulator.writes()[0]["body"] == {"user_ids": [team["alice@example.com"]]}
    emulator.clear_journal()
    assert not run_module("mailtrap_template_share", args)["changed"]
    assert emulator.writes() == []
    # Undo: share Alice back.
    result = run_module("mailtrap_template_share", dict(template="Password reset", users=["alice@example.com"],
                                                        permission="write"))
    assert result["changed"] and len(result["template"]["shared_with"]) == 2


def test_unknown_template_lists_existing_names(run_module, emulator, team):
    result = run_module("mailtrap_template_share", dict(template="Newsletter", users=["alice@example.com"]))
    assert result["failed"] and "'Newsletter' not found" in result["msg"]
    assert "'Invoice', 'Password reset', 'Welcome'" in result["msg"]
    result = run_module("mailtrap_template_share", dict(template="999", users=["1"]))
    assert result["failed"] and "'999' not found" in result["msg"]
    assert emulator.sequence() == ["GET A/templates", "GET A/templates"]


def test_unknown_users_fail_after_one_read_and_before_any_write(run_module, emulator, team):
    result = run_module("mailtrap_template_share", dict(template="Welcome",
                                                        users=["alice@example.com", "ghost@example.com", "12345"]))
    assert result["failed"] and "ghost@example.com, user id 12345" in result["msg"]
    result = run_module("mailtrap_template_share", dict(template="Welcome",
                                                        users=["alice@example.com", str(team["alice@example.com"])]))
    assert result["failed"] and "same user" in result["msg"]
    assert emulator.sequence() == ["GET A/templates", "GET A/users"] * 2


@pytest.mark.parametrize("args, message", [
    (dict(template="", users=["a@example.com"]), "template must not be empty"),
    (dict(template="Welcome", users=["bob"]), "neither a numeric user id nor an e-mail"),
    (dict(template="Welcome", users=["bob@"]), "not a valid e-mail"),
    (dict(template="Welcome", users=["a@example.com", "A@Example.com"]), "listed more than once"),
    (dict(template="Welcome", users=["7", "7"]), "listed more than once"),
    (dict(template="Welcome", users=["a@example.com"], permission="admin"), "value of permission must be one of"),
    (dict(template="Welcome", users=["a@example.com"], state="absent", exclusive=True), "exclusive=true only applies"),
    (dict(template="Welcome"), "missing required arguments: users"),
    (dict(template="Welcome", users=["a@example.com"], colour="blue"), "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_template_share", args)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []
