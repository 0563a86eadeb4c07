# -*- coding: utf-8 -*-
"""Safety of the project and template modules (issues 10 and 12): purge order under a failing
create, purge + absent, empty purges, answers of the wrong shape, and what the live dialect refuses."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapClient


def names(emulator):
    return sorted(p["name"] for p in emulator.api("GET", "projects").json())


@pytest.fixture
def projects(emulator):
    for name in ("Old campaign", "Website"):
        assert emulator.api("POST", "projects", json={"name": name}).status_code == 201
    emulator.clear_journal()


def test_a_failed_create_purges_nothing_names_the_entry_and_a_rerun_converges(run_module, emulator, projects):
    emulator.fault(method="POST", path="/projects$", status=422, count=1)
    args = dict(purge=True, projects=[dict(name="Website"), dict(name="Billing"), dict(name="Support")])
    result = run_module("mailtrap_projects", args)
    assert result["failed"] and result["msg"].startswith("projects[1].project 'Billing': ")
    assert "the purge did not run" in result["msg"]
    assert names(emulator) == ["Old campaign", "Website"]
    assert [e["method"] for e in emulator.writes()] == ["POST"]
    assert not result["changed"] and result["removed"] == []
    result = run_module("mailtrap_projects", args)
    assert result["changed"] and result["created"] == ["Billing", "Support"] and result["removed"] == ["Old campaign"]
    assert [e["method"] for e in emulator.writes()][-3:] == ["POST", "POST", "DELETE"]
    assert names(emulator) == ["Billing", "Support", "Website"]
    assert not run_module("mailtrap_projects", args)["changed"]


def test_a_failure_after_a_create_reports_what_was_written(run_module, emulator, projects):
    emulator.fault(method="DELETE", path="/projects/", status=422, count=1)
    result = run_module("mailtrap_projects", dict(purge=True, projects=[dict(name="Website"), dict(name="Billing")]))
    assert result["failed"] and result["changed"] and result["created"] == ["Billing"] and result["removed"] == []
    assert result["msg"].startswith("purging project 'Old campaign': ") and "re-run to converge" in result["msg"]
    assert names(emulator) == ["Billing", "Old campaign", "Website"]


def test_purge_with_an_absent_entry_deletes_it_once_and_names_it_once(run_module, emulator, projects):
    args = dict(purge=True, projects=[dict(name="Website"), dict(name="old campaign", state="absent")])
    predicted = run_module("mailtrap_projects", args, check_mode=True)
    assert predicted["removed"] == ["Old campaign"] and emulator.writes() == []
    result = run_module("mailtrap_projects", args)
    assert result["changed"] and result["removed"] == ["Old campaign"]
    assert [e["method"] for e in emulator.writes()] == ["DELETE"]
    assert names(emulator) == ["Website"]


@pytest.mark.parametrize("listed", [[], [dict(name="Website", state="absent")]])
def test_purge_with_nothing_to_keep_is_refused_unless_allow_empty(run_module, emulator, projects, listed):
    result = run_module("mailtrap_projects", dict(purge=True, projects=listed))
    assert result["failed"] and "allow_empty" in result["msg"] and "every project" in result["msg"]
    assert emulator.journal() == []
    result = run_module("mailtrap_projects", dict(purge=True, allow_empty=True, projects=listed))
    assert result["changed"] and sorted(result["removed"]) == ["Old campaign", "Website"]
    assert names(emulator) == []


# ---------------------------------------------------------------------- answers of the wrong shape

WRONG = {
    "object instead of list": {"id": 1, "name": "x"},
    "envelope": {"data": [{"id": 1, "name": "x"}], "pagination": {"page": 1}},
    "missing id": [{"name": "x"}],
    "id of the wrong type": [{"id": "1", "name": "x"}],
    "list of strings": ["x"],
}
MODULES = [
    ("mailtrap_project", dict(name="Website"), "projects"),
    ("mailtrap_projects", dict(projects=[dict(name="Website")]), "projects"),
    ("mailtrap_project_info", {}, "projects"),
    ("mailtrap_template_share", dict(template="Welcome", users=["1"]), "templates"),
    ("mailtrap_template_info", {}, "templates"),
]


def answering(monkeypatch, suffix, answer):
    real = MailtrapClient.get

    def get(self, relative, params=None):
        if relative == suffix:
            return answer
        return real(self, relative, params)

    monkeypatch.setattr(MailtrapClient, "get", get)


@pytest.mark.parametrize("shape", sorted(WRONG))
@pytest.mark.parametrize("name, args, collection", MODULES, ids=[m[0] for m in MODULES])
def test_wrong_shapes_are_clear_errors_never_tracebacks(run_module, emulator, monkeypatch, name, args, collection, shape):
    answer = WRONG[shape]
    if collection == "templates" and shape == "envelope":
        answer = {"data": [{"id": 1, "name": "x"}], "pagination": {"next_page": "two"}}
    answering(monkeypatch, collection, answer)
    result = run_module(name, args)
    assert result["failed"], result
    assert "unexpected shape" in result["msg"] and "GET /api/accounts/1001/%s" % collection in result["msg"], result["msg"]
    assert "Traceback" not in str(result) and "unexpected error" not in result["msg"]
    assert emulator.writes() == []


def test_template_modules_follow_a_paginated_envelope(run_module, emulator, monkeypatch):
    every = emulator.api("GET", "templates").json()
    real = MailtrapClient.get

    def get(self, relative, params=None):
        if relative != "templates":
            return real(self, relative, params)
        page = (params or {}).get("page", 1)
        return {"data": every[page - 1:page], "pagination": {"page": page, "next_page": page + 1 if page < len(every) else None}}

    monkeypatch.setattr(MailtrapClient, "get", get)
    result = run_module("mailtrap_template_info", {})
    assert [t["name"] for t in result["templates"]] == ["Invoice", "Password reset", "Welcome"]
    result = run_module("mailtrap_template_share", dict(template="Invoice", users=["1"]))
    assert result["changed"] and result["template"]["shared_with"][0]["user_id"] == 1


# ---------------------------------------------------------------------- live dialect refusals

@pytest.mark.parametrize("name, args, message", [
    ("mailtrap_project", dict(name="Website", team_members=[dict(user="a@example.com")]),
     "team_members is not available with api_dialect=live"),
    ("mailtrap_projects", dict(projects=[dict(name="Website"), dict(name="Ops", team_members=[])]),
     "projects[1].team_members is not available with api_dialect=live"),
    ("mailtrap_project", dict(name="W"), "shorter than 2 characters"),
    ("mailtrap_projects", dict(projects=[dict(name="W")]), "projects[0].name: 'W' is shorter than 2"),
    ("mailtrap_template_share", dict(template="Welcome", users=["1"]), "no endpoints to share templates"),
    ("mailtrap_template_info", dict(shared_with="a@example.com"), "shared_with is not available with api_dialect=live"),
])
def test_live_refusals_come_before_any_request(run_module, emulator, monkeypatch, name, args, message):
    monkeypatch.setattr(MailtrapClient, "dialect", "live")
    result = run_module(name, args, check_mode=True)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []
    assert "mailtrap_account_access" in result["msg"] or "team_members" not in message
