# -*- coding: utf-8 -*-
"""mailtrap_projects (bulk) against the in-process emulator: request economy above all."""
from __future__ import absolute_import, division, print_function

import pytest

PEOPLE = ["alice", "bob", "carol", "dave", "erin"]


@pytest.fixture
def team(emulator):
    emulator.seed({"users": [dict(email="%s@example.com" % p, role="developer") for p in PEOPLE]})
    ids = dict((u["email"], u["id"]) for u in emulator.api("GET", "users").json())
    emulator.clear_journal()
    return ids


def members(shift=0):
    return [dict(user="%s@example.com" % p, role="manager" if i == shift % 5 else "contributor")
            for i, p in enumerate(PEOPLE)]


def twenty():
    return [dict(name="Project %02d" % i, team_members=members(i)) for i in range(20)]


def test_first_apply_twenty_projects_two_reads_one_post_each(run_module, emulator, team):
    result = run_module("mailtrap_projects", dict(projects=twenty()))
    assert result["changed"] and len(result["created"]) == 20 and result["created"][0] == "Project 00"
    seq = emulator.sequence()
    assert seq[:2] == ["GET A/projects", "GET A/users"]
    assert seq[2:] == ["POST A/projects"] * 20
    assert len(result["projects"]) == 20 and len(result["projects"][3]["team_members"]) == 5
    assert result["projects"][0]["team_members"][0]["email"] == "alice@example.com"


def test_converged_twenty_projects_of_five_is_exactly_two_gets(run_module, emulator, team):
    run_module("mailtrap_projects", dict(projects=twenty()))
    emulator.clear_journal()
    # Other case, reversed member order, ids mixed with e-mails: no change.
    again = []
    for entry in twenty():
        listed = list(reversed(entry["team_members"]))
        bob = [m for m in listed if m["user"].startswith("bob")][0]
        bob["user"] = str(team["bob@example.com"])
        again.append(dict(name=entry["name"].upper(), team_members=listed))
    result = run_module("mailtrap_projects", dict(projects=again), diff=True)
    assert not result["changed"] and result["updated"] == [] and result["created"] == []
    assert result["diff"] == {"before": {}, "after": {}}
    assert emulator.sequence() == ["GET A/projects", "GET A/users"]


def test_ids_only_need_no_user_read_to_plan_and_one_to_show_emails(run_module, emulator, team):
    projects = [dict(name="Ops", team_members=[dict(user=str(team["bob@example.com"]))]), dict(name="Empty")]
    result = run_module("mailtrap_projects", dict(projects=projects))
    # Issue 11 item 18: members in results carry their e-mail; one GET users after the writes.
    assert result["changed"] and result["projects"][0]["team_members"][0]["email"] == "bob@example.com"
    assert emulator.sequence() == ["GET A/projects", "POST A/projects", "POST A/projects", "GET A/users"]
    emulator.clear_journal()
    assert not run_module("mailtrap_projects", dict(projects=projects))["changed"]
    assert emulator.sequence() == ["GET A/projects", "GET A/users"]
    emulator.clear_journal()
    assert not run_module("mailtrap_projects", dict(projects=[dict(name="Empty")]))["changed"]
    assert emulator.sequence() == ["GET A/projects"]


def test_check_mode_diff_update_and_purge(run_module, emulator, team):
    run_module("mailtrap_projects", dict(projects=twenty()[:3]))
    emulator.clear_journal()
    change = [dict(name="Project 00", team_members=[dict(user="alice@example.com", role="contributor")],
                   purge_members=True),
              dict(name="Project 01"), dict(name="New one")]
    predicted = run_module("mailtrap_projects", dict(projects=change, purge=True), check_mode=True, diff=True)
    assert predicted["changed"] and predicted["created"] == ["New one"]
    assert predicted["updated"] == ["Project 00"] and predicted["removed"] == ["Project 02"]
    assert predicted["diff"]["after"]["project 00"]["team_members"] == [
        dict(user_id=team["alice@example.com"], email="alice@example.com", role="contributor")]
    assert len(predicted["diff"]["before"]["project 00"]["team_members"]) == 5
    assert emulator.writes() == [] and emulator.sequence() == ["GET A/projects", "GET A/users"]
    emulator.clear_journal()
    done = run_module("mailtrap_projects", dict(projects=change, purge=True))
    for key in ("created", "updated", "removed"):
        assert done[key] == predicted[key]
    seq = emulator.sequence()
    # Issue 10: the purge runs last, once every create and update went through.
    assert seq[:2] == ["GET A/projects", "GET A/users"] and seq[2].startswith("PATCH A/projects/")
    assert seq[3] == "POST A/projects" and seq[4].startswith("DELETE A/projects/") and len(seq) == 5
    names = sorted(p["name"] for p in emulator.api("GET", "projects").json())
    assert names == ["New one", "Project 00", "Project 01"]


def test_absent_entry_deletes_and_rerun_is_no_change(run_module, emulator, team):
    run_module("mailtrap_projects", dict(projects=twenty()[:2]))
    gone = dict(name="project 01", state="absent", team_members=[dict(user="zed@example.com")])
    result = run_module("mailtrap_projects", dict(projects=[gone]))
    assert result["changed"] and result["removed"] == ["Project 01"] and result["projects"] == []
    again = run_module("mailtrap_projects", dict(projects=[dict(name="Project 01", state="absent")]))
    assert not again["changed"]


def test_unknown_member_fails_before_any_write(run_module, emulator, team):
    projects = twenty()[:2]
    projects[1]["team_members"].append(dict(user="zed@example.com"))
    result = run_module("mailtrap_projects", dict(projects=projects))
    assert result["failed"] and "projects[1].team_members" in result["msg"] and "zed@example.com" in result["msg"]
    assert emulator.writes() == []


@pytest.mark.parametrize("projects, message", [
    ([dict(name="A"), dict(name="a")], "projects[1].name: a is listed more than once"),
    ([dict(name=" ")], "projects[0].name must not be empty"),
    ([dict(name="x" * 101)], "longer than 100"),
    ([dict(name="A", team_members=[dict(user="bob")])], "projects[0].team_members[0].user"),
    ([dict(name="A", team_members=[dict(user="b@example.com"), dict(user="B@example.com")])], "more than once"),
    ([dict(name="A", team_members=[dict(user="b@example.com", role="boss")])], "role"),
    ([dict(name="A", new_name="B")], "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, projects, message):
    result = run_module("mailtrap_projects", dict(projects=projects))
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []
