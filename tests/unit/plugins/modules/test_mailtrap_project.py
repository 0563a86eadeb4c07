# -*- coding: utf-8 -*-
"""mailtrap_project / mailtrap_project_info against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.module_utils import basic

PEOPLE = ["alice", "bob", "carol", "dave", "erin"]


@pytest.fixture
def team(emulator):
    """Five users (ids 2..6, the owner is 1), an empty journal; returns e-mail -> id."""
    emulator.seed({"users": [dict(email="%s@example.com" % p, role="developer") for p in PEOPLE]})
    ids = dict((u["email"], u["id"]) for u in emulator.api("GET", "users").json())
    emulator.clear_journal()
    return ids


def five_members():
    return [dict(user="%s@example.com" % p, role="manager" if p == "alice" else "contributor") for p in PEOPLE]


def members_of(result):
    return sorted((m["email"], m["role"]) for m in result["project"]["team_members"])


def create(emulator, name, members=()):
    answer = emulator.api("POST", "projects", json={"name": name, "team_members": list(members)})
    assert answer.status_code == 201, answer.text
    emulator.clear_journal()
    return answer.json()


def test_create_with_members_reads_twice_and_posts_once(run_module, emulator, team):
    result = run_module("mailtrap_project", dict(name="Website", team_members=five_members()))
    assert result["changed"] and result["action"] == "created"
    assert result["project"]["id"] and result["project"]["name"] == "Website"
    assert members_of(result)[0] == ("alice@example.com", "manager") and len(members_of(result)) == 5
    assert emulator.sequence() == ["GET A/projects", "GET A/users", "POST A/projects"]
    body = emulator.journal()[-1]["body"]
    assert body["name"] == "Website" and len(body["team_members"]) == 5


def test_converged_run_with_five_members_sends_two_gets(run_module, emulator, team):
    run_module("mailtrap_project", dict(name="Website", team_members=five_members()))
    emulator.clear_journal()
    # Other case, other order, ids mixed with e-mails: the same set of (user, role).
    members = list(reversed(five_members()))
    members[0] = dict(user=str(team["erin@example.com"]))  # role defaults to contributor
    members[-1] = dict(user="ALICE@Example.com", role="manager")
    result = run_module("mailtrap_project", dict(name="WEBSITE", team_members=members))
    assert not result["changed"] and result["action"] == "unchanged"
    assert emulator.sequence() == ["GET A/projects", "GET A/users"]


def test_ids_only_resolve_without_user_read_and_the_result_reads_users_once_for_emails(run_module, emulator, team):
    # Members named by id need no lookup to plan; the result shows each member's e-mail (issue 11
    # item 18: no more "email": null), which costs one GET users after the write.
    result = run_module("mailtrap_project", dict(name="Ops", team_members=[dict(user=str(team["bob@example.com"]))]))
    assert result["changed"]
    assert result["project"]["team_members"] == [dict(user_id=team["bob@example.com"], email="bob@example.com", role="contributor")]
    assert emulator.sequence() == ["GET A/projects", "POST A/projects", "GET A/users"]
    emulator.clear_journal()
    result = run_module("mailtrap_project", dict(name="ops", team_members=[dict(user=str(team["bob@example.com"]))]))
    assert not result["changed"] and emulator.sequence() == ["GET A/projects", "GET A/users"]


def test_users_unreadable_for_emails_warn_and_leave_them_null(run_module, emulator, team, monkeypatch):
    seen = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg, *a, **k: seen.append(msg))
    create(emulator, "Ops", [dict(user_id=team["bob@example.com"], role="manager")])
    emulator.fault(method="GET", path="/users$", status=403, count=1)
    result = run_module("mailtrap_project", dict(name="Ops"), diff=True)
    assert not result.get("failed") and not result["changed"]
    assert result["project"]["team_members"] == [dict(user_id=team["bob@example.com"], email=None, role="manager")]
    assert len(seen) == 1 and "members' e-mails" in seen[0] and "403" in seen[0]


def test_add_member_keeps_others_in_one_patch(run_module, emulator, team):
    create(emulator, "Website", [dict(user_id=team["alice@example.com"], role="manager")])
    result = run_module("mailtrap_project", dict(name="Website", team_members=[dict(user="bob@example.com")]), diff=True)
    assert result["changed"] and result["action"] == "updated"
    assert members_of(result) == [("alice@example.com", "manager"), ("bob@example.com", "contributor")]
    assert result["diff"]["before"]["team_members"] == [
        dict(user_id=team["alice@example.com"], email="alice@example.com", role="manager")]
    assert len(result["diff"]["after"]["team_members"]) == 2
    seq = emulator.sequence()
    assert seq[:2] == ["GET A/projects", "GET A/users"] and seq[2].startswith("PATCH A/projects/") and len(seq) == 3
    assert emulator.journal()[-1]["body"] == {"team_members": [
        dict(user_id=team["alice@example.com"], role="manager"),
        dict(user_id=team["bob@example.com"], role="contributor")]}


def test_role_change_and_purge(run_module, emulator, team):
    create(emulator, "Website", [dict(user_id=team["alice@example.com"], role="manager"),
                                 dict(user_id=team["bob@example.com"], role="contributor")])
    # Change Bob's role, keep Alice (no purge).
    result = run_module("mailtrap_project", dict(name="Website", team_members=[dict(user="bob@example.com", role="manager")]))
    assert result["changed"] and members_of(result) == [("alice@example.com", "manager"), ("bob@example.com", "manager")]
    emulator.clear_journal()
    # Purge: only Carol stays; check mode predicts it and writes nothing.
    args = dict(name="Website", team_members=[dict(user="carol@example.com")], purge_members=True)
    predicted = run_module("mailtrap_project", args, check_mode=True, diff=True)
    assert predicted["changed"] and members_of(predicted) == [("carol@example.com", "contributor")]
    assert len(predicted["diff"]["before"]["team_members"]) == 2
    assert emulator.writes() == []
    result = run_module("mailtrap_project", args)
    assert result["project"] == predicted["project"]
    assert len(emulator.writes()) == 1
    emulator.clear_journal()
    assert not run_module("mailtrap_project", args)["changed"]
    # Empty list with purge removes everyone, when allow_empty says so (issue 11: never on an empty list by accident).
    result = run_module("mailtrap_project", dict(name="Website", team_members=[], purge_members=True, allow_empty=True))
    assert result["changed"] and result["project"]["team_members"] == []
    assert emulator.sequence()[-1].startswith("PATCH")


def test_empty_list_without_purge_and_omitted_members_change_nothing(run_module, emulator, team):
    create(emulator, "Website", [dict(user_id=team["alice@example.com"], role="manager")])
    assert not run_module("mailtrap_project", dict(name="Website", team_members=[]))["changed"]
    result = run_module("mailtrap_project", dict(name="website", purge_members=True))
    assert not result["changed"]
    assert result["project"]["team_members"] == [dict(user_id=team["alice@example.com"], email="alice@example.com", role="manager")]
    # The users are read for the members' e-mails in the result only.
    assert emulator.sequence() == ["GET A/projects", "GET A/users"] * 2


def test_rename_with_members_is_one_patch_and_converges(run_module, emulator, team):
    created = create(emulator, "Website", [dict(user_id=team["alice@example.com"], role="manager")])
    args = dict(name="Website", new_name="Marketing site", team_members=[dict(user="bob@example.com")])
    result = run_module("mailtrap_project", args, diff=True)
    assert result["changed"] and result["project"]["id"] == created["id"]
    assert result["project"]["name"] == "Marketing site"
    assert result["diff"]["before"]["name"] == "Website" and result["diff"]["after"]["name"] == "Marketing site"
    writes = emulator.writes()
    assert len(writes) == 1 and writes[0]["method"] == "PATCH"
    assert writes[0]["body"]["name"] == "Marketing site" and len(writes[0]["body"]["team_members"]) == 2
    emulator.clear_journal()
    again = run_module("mailtrap_project", args)
    assert not again["changed"] and again["project"]["id"] == created["id"]
    assert emulator.sequence() == ["GET A/projects", "GET A/users"]


def test_rename_case_only_and_rename_conflict(run_module, emulator, team):
    create(emulator, "website")
    result = run_module("mailtrap_project", dict(name="website", new_name="Website"))
    assert result["changed"] and result["project"]["name"] == "Website"
    assert not run_module("mailtrap_project", dict(name="website", new_name="Website"))["changed"]
    create(emulator, "Blog")
    result = run_module("mailtrap_project", dict(name="Website", new_name="blog"))
    assert result["failed"] and "exists already" in result["msg"] and "'Blog'" in result["msg"]
    assert emulator.writes() == []


def test_rename_when_neither_exists_creates_the_new_name(run_module, emulator, team):
    result = run_module("mailtrap_project", dict(name="Old", new_name="New"), check_mode=True)
    assert result["changed"] and result["action"] == "created" and result["project"]["name"] == "New"
    assert emulator.writes() == []
    run_module("mailtrap_project", dict(name="Old", new_name="New"))
    assert [p["name"] for p in emulator.api("GET", "projects").json()] == ["New"]


def test_check_mode_create_predicts_and_writes_nothing(run_module, emulator, team):
    result = run_module("mailtrap_project", dict(name="Website", team_members=five_members()), check_mode=True, diff=True)
    assert result["changed"] and "id" not in result["project"]
    assert result["diff"]["before"] == {} and len(result["diff"]["after"]["team_members"]) == 5
    assert all(m["email"] for m in result["project"]["team_members"])
    assert emulator.sequence() == ["GET A/projects", "GET A/users"]


def test_delete_and_undo(run_module, emulator, team):
    create(emulator, "Website", [dict(user_id=team["alice@example.com"], role="manager")])
    result = run_module("mailtrap_project", dict(name="WEBSITE", state="absent", team_members=[dict(user="x@example.com")]),
                        check_mode=True, diff=True)
    assert result["changed"] and result["action"] == "deleted" and result["diff"]["after"] == {}
    assert emulator.writes() == []
    emulator.clear_journal()
    result = run_module("mailtrap_project", dict(name="WEBSITE", state="absent"))
    assert result["changed"] and result["project"] == {}
    seq = emulator.sequence()
    assert seq[0] == "GET A/projects" and seq[1].startswith("DELETE A/projects/") and len(seq) == 2
    assert not run_module("mailtrap_project", dict(name="Website", state="absent"))["changed"]
    assert run_module("mailtrap_project", dict(name="Website"))["action"] == "created"


def test_unknown_members_fail_after_one_read_of_users(run_module, emulator, team):
    create(emulator, "Website")
    members = [dict(user="alice@example.com"), dict(user="ghost@example.com"), dict(user="nobody@example.com")]
    result = run_module("mailtrap_project", dict(name="Website", team_members=members))
    assert result["failed"] and "ghost@example.com, nobody@example.com" in result["msg"]
    assert "not a user of the account" in result["msg"]
    assert emulator.sequence() == ["GET A/projects", "GET A/users"]
    emulator.clear_journal()
    # An unknown id is named too once the users are read anyway.
    result = run_module("mailtrap_project", dict(name="Website", team_members=[dict(user="alice@example.com"), dict(user="999")]))
    assert result["failed"] and "user id 999" in result["msg"]
    # The same person twice (e-mail and id) is refused before any write.
    result = run_module("mailtrap_project", dict(name="Website", team_members=[
        dict(user="alice@example.com"), dict(user=str(team["alice@example.com"]), role="manager")]))
    assert result["failed"] and "same user" in result["msg"]
    assert emulator.writes() == []


@pytest.mark.parametrize("args, message", [
    (dict(name=""), "name must not be empty"),
    (dict(name="   "), "name must not be empty"),
    (dict(name="x" * 101), "longer than 100"),
    (dict(name="Website", new_name=""), "new_name must not be empty"),
    (dict(name="Website", new_name="Other", state="absent"), "new_name cannot be used with state=absent"),
    (dict(name="Website", team_members=[dict(user="bob")]), "neither a numeric user id nor an e-mail"),
    (dict(name="Website", team_members=[dict(user="bob@")]), "not a valid e-mail"),
    (dict(name="Website", team_members=[dict(user="a@example.com", role="owner")]), "role must be one of"),
    (dict(name="Website", team_members=[dict(user="a@example.com"), dict(user="A@example.com", role="manager")]),
     "listed more than once"),
    (dict(name="Website", team_members=[dict(user="a@example.com", colour="blue")]), "Unsupported parameters"),
    (dict(name="Website", team_members=[dict(role="manager")]), "missing required arguments: user"),
    (dict(name="Website", purge_members="maybe"), "purge_members"),
    (dict(name="Website", state="gone"), "value of state must be one of"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_project", args)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []


def test_api_errors_are_clear(run_module, emulator, team):
    result = run_module("mailtrap_project", dict(name="Website", api_token="wrong-token"))
    assert result["failed"] and "401" in result["msg"] and "GET /api/accounts/1001/projects" in result["msg"]
    assert "wrong-token" not in str(result)


def test_info_lists_projects_with_member_emails_in_two_reads(run_module, emulator, team):
    create(emulator, "Website", [dict(user_id=team["bob@example.com"], role="contributor"),
                                 dict(user_id=team["alice@example.com"], role="manager")])
    create(emulator, "blog", [dict(user_id=uid, role="contributor") for uid in team.values()])
    create(emulator, "Empty")
    result = run_module("mailtrap_project_info", {})
    assert not result["changed"]
    assert [p["name"] for p in result["projects"]] == ["blog", "Empty", "Website"]
    assert result["projects"][2]["team_members"] == [
        dict(user_id=team["alice@example.com"], email="alice@example.com", user="alice@example.com", role="manager"),
        dict(user_id=team["bob@example.com"], email="bob@example.com", user="bob@example.com", role="contributor")]
    assert emulator.sequence() == ["GET A/projects", "GET A/users"]
    emulator.clear_journal()
    result = run_module("mailtrap_project_info", dict(name="EMPTY"))
    assert [p["name"] for p in result["projects"]] == ["Empty"]
    assert emulator.sequence() == ["GET A/projects"]
    assert run_module("mailtrap_project_info", dict(name="none"))["projects"] == []
    result = run_module("mailtrap_project_info", dict(name=""))
    assert result["failed"] and "must not be empty" in result["msg"]
