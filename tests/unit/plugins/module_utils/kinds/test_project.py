# -*- coding: utf-8 -*-
"""ProjectKind planned from tables, without HTTP: current projects + entries -> Steps, refusals, bodies."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.project import ProjectKind, ProjectListing
from ansible_collections.mailtrap.general.plugins.module_utils.runner import entries_of

USERS = [{"id": 2, "email": "alice@example.com", "role": "developer", "account_access_id": 12},
         {"id": 3, "email": "bob@example.com", "role": "developer", "account_access_id": 13}]
WEBSITE = {"id": 201, "name": "Website", "team_members": [{"user_id": 2, "role": "manager"}]}
BLOG = {"id": 202, "name": "Blog", "team_members": []}
SANDBOX = {"id": 3538, "name": "Inbox", "username": "b3a87978452ae1", "password": "6be9fcfc613a7c", "project_id": 2388}
LIVE_PROJECT = {"id": 2388, "name": "Live", "sandboxes": [SANDBOX],
                "share_links": {"admin": "https://mailtrap.io/projects/2388/share/AAA",
                                "viewer": "https://mailtrap.io/projects/2388/share/BBB"},
                "permissions": {"can_read": True}}


class FakeClient:
    """Answers GETs from a table, records every call; writes answer ``write_answer``."""

    @staticmethod
    def assume(dialect):
        return False  # the fake's dialect is fixed: it never guesses

    def __init__(self, dialect="overview", answers=None, write_answer=None):
        self.dialect = dialect
        self.answers = answers or {}
        self.write_answer = write_answer
        self.calls = []

    def path(self, relative=""):
        return "/api/accounts/1001/" + relative

    def get(self, relative, params=None):
        self.calls.append(("GET", relative, params))
        answer = self.answers[relative]
        return answer(params) if callable(answer) else answer

    def _write(self, method, relative, body):
        self.calls.append((method, relative, body))
        return self.write_answer

    def post(self, relative, body=None, recover=None, idempotent=False):
        return self._write("POST", relative, body)

    def patch(self, relative, body=None):
        return self._write("PATCH", relative, body)

    def delete(self, relative, body=None):
        return self._write("DELETE", relative, body)


class FakeModule:
    _name = "mailtrap.general.mailtrap_project"
    _diff = False

    def __init__(self, params, client):
        self.params = params
        self.client = client
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


def kind_for(params, projects=(WEBSITE, BLOG), dialect="overview", option=None, kind_class=ProjectKind, **client):
    answers = {"projects": [dict(p) for p in projects], "users": USERS}
    module = FakeModule(params, FakeClient(dialect, answers, **client))
    return kind_class(module), module


def plan(params, **kw):
    kind, module = kind_for(params, **kw)
    entries = entries_of(kind, kw.get("option"))
    kind.refuse_unsupported(entries)
    return [kind.plan(e) for e in entries], kind, module


def entry(**params):
    params.setdefault("state", "present")
    params.setdefault("purge_members", False)
    for key in ("new_name", "team_members"):
        params.setdefault(key, None)
    return params


@pytest.mark.parametrize("params, action, changes, reads", [
    (entry(name="website"), "unchanged", None, ["projects"]),
    (entry(name="WEBSITE", team_members=[dict(user="ALICE@example.com", role="manager")]), "unchanged", None,
     ["projects", "users"]),
    (entry(name="Website", team_members=[dict(user="3", role="contributor")]), "updated",
     {"team_members": [{"user_id": 2, "role": "manager"}, {"user_id": 3, "role": "contributor"}]}, ["projects"]),
    (entry(name="Website", team_members=[dict(user="3", role="contributor")], purge_members=True), "updated",
     {"team_members": [{"user_id": 3, "role": "contributor"}]}, ["projects"]),
    (entry(name="Website", team_members=[], purge_members=True, allow_empty=True), "updated", {"team_members": []}, ["projects"]),
    (entry(name="Website", new_name="Marketing"), "updated", {"name": "Marketing"}, ["projects"]),
    (entry(name="Old", new_name="Website"), "unchanged", None, ["projects"]),
    (entry(name="Old", new_name="website"), "updated", {"name": "website"}, ["projects"]),
    (entry(name="website", new_name="Website"), "unchanged", None, ["projects"]),
    (entry(name="Website", state="absent", team_members=[dict(user="ghost@example.com", role="manager")]),
     "deleted", None, ["projects"]),
    (entry(name="Gone", state="absent"), "absent", None, ["projects"]),
    (entry(name="New", team_members=[dict(user="bob@example.com", role="manager")]), "created",
     {"name": "New", "team_members": [{"user_id": 3, "role": "manager"}]}, ["projects", "users"]),
    (entry(name="Old", new_name="Newer"), "created", {"name": "Newer"}, ["projects"]),
])
def test_single_project_plans(params, action, changes, reads):
    steps, kind, module = plan(params)
    assert [s.action for s in steps] == [action]
    assert steps[0].changes == changes
    assert [c[1] for c in module.client.calls] == reads


def test_rename_onto_another_project_is_refused_before_any_write():
    with pytest.raises(Refusal, match="a project named 'Blog' exists already"):
        plan(entry(name="Website", new_name="blog"))


@pytest.mark.parametrize("params, message", [
    (entry(name=" "), "name must not be empty"),
    (entry(name="x" * 101), "longer than 100"),
    (entry(name="A", new_name="B", state="absent"), "new_name cannot be used with state=absent"),
    (entry(name="A", team_members=[dict(user="bob", role="manager")]), "team_members[0].user"),
    (entry(name="A", team_members=[dict(user="7", role="manager"), dict(user=" 7 ", role="manager")]), "more than once"),
])
def test_bad_input_is_refused_before_any_request(params, message):
    kind, module = kind_for(params)
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        entries_of(kind)
    assert module.client.calls == []


def test_unknown_and_repeated_users_are_refused_naming_the_entry():
    with pytest.raises(Refusal, match=r"projects\[1\].team_members: not a user of the account: ghost@example.com"):
        plan(dict(projects=[entry(name="Website"), entry(name="Blog", team_members=[
            dict(user="ghost@example.com", role="manager")])]), option="projects")
    with pytest.raises(Refusal, match="same user"):
        plan(entry(name="Blog", team_members=[dict(user="bob@example.com", role="manager"), dict(user="3", role="manager")]))


def test_bulk_plan_resolves_users_once_for_every_entry():
    projects = [entry(name=n, team_members=[dict(user="alice@example.com", role="manager")]) for n in ("A1", "B2", "C3")]
    steps, kind, module = plan(dict(projects=projects), option="projects")
    assert [s.action for s in steps] == ["created"] * 3
    assert [c[1] for c in module.client.calls] == ["projects", "users"]


def test_purge_targets_are_the_unnamed_projects_only_once():
    kind, module = kind_for(dict(projects=[entry(name="website", state="absent")]))
    entries = entries_of(kind, "projects")
    assert [p["name"] for p in kind.purge_targets(entries)] == ["Blog"]


def test_show_adds_emails_with_one_read_and_masks_secrets_in_every_dialect():
    kind, module = kind_for(entry(name="Website"))
    shown = kind.show(dict(WEBSITE, sandboxes=[SANDBOX], share_links=LIVE_PROJECT["share_links"]))
    assert shown["team_members"] == [{"user_id": 2, "email": "alice@example.com", "role": "manager"}]
    assert shown["share_links"] == {"admin": "********", "viewer": "********"}
    assert shown["sandboxes"][0]["password"] == "********" and shown["sandboxes"][0]["username"] == "********"
    kind.show(WEBSITE)
    assert [c[1] for c in module.client.calls] == ["users"]


def test_show_without_members_reads_no_users():
    kind, module = kind_for(entry(name="Blog"))
    assert kind.show(BLOG)["team_members"] == []
    assert module.client.calls == []


def test_users_unreadable_leave_emails_null_with_one_warning():
    kind, module = kind_for(entry(name="Website"))
    module.client.answers["users"] = {"data": USERS}
    assert kind.show(WEBSITE)["team_members"][0]["email"] is None
    assert kind.show(WEBSITE)["team_members"][0]["email"] is None
    assert len(module.warnings) == 1 and "unexpected shape" in module.warnings[0]


# ---------------------------------------------------------------------- live dialect

def live(params, **kw):
    return plan(params, projects=[LIVE_PROJECT], dialect="live", **kw)


def test_live_create_and_rename_send_wrapped_bodies():
    steps, kind, module = live(entry(name="Website"))
    assert steps[0].action == "created" and steps[0].after == {"name": "Website", "sandboxes": []}
    kind.apply(steps[0])
    assert module.client.calls[-1] == ("POST", "projects", {"project": {"name": "Website"}})
    steps, kind, module = live(entry(name="live", new_name="Renamed"))
    kind.apply(steps[0])
    assert module.client.calls[-1] == ("PATCH", "projects/2388", {"project": {"name": "Renamed"}})


def test_live_delete_answers_an_id_and_the_step_shows_nothing():
    steps, kind, module = live(entry(name="Live", state="absent"), write_answer={"id": 2388})
    assert kind.apply(steps[0]) is None
    assert module.client.calls[-1] == ("DELETE", "projects/2388", None)


def test_live_answer_replaces_the_prediction_and_is_checked():
    steps, kind, module = live(entry(name="Website"), write_answer=dict(LIVE_PROJECT, id=2390, name="Website"))
    assert kind.apply(steps[0])["id"] == 2390
    steps, kind, module = live(entry(name="Website2"), write_answer={"name": "Website2"})
    with pytest.raises(MailtrapAPIError, match="'id'"):
        kind.apply(steps[0])


@pytest.mark.parametrize("params, message", [
    (entry(name="W", team_members=[dict(user="a@example.com", role="manager")]), "mailtrap_account_access"),
    (entry(name="W"), "shorter than 2 characters, which api_dialect=live refuses"),
    (entry(name="Live", new_name="L"), "'L' is shorter than 2"),
])
def test_live_refusals_before_any_request(params, message):
    kind, module = kind_for(params, projects=[LIVE_PROJECT], dialect="live")
    with pytest.raises((Refusal, InputError), match=message):
        kind.refuse_unsupported(entries_of(kind))
    assert module.client.calls == []


def test_live_absent_short_name_is_not_refused():
    steps, kind, module = live(entry(name="W", state="absent"))
    assert steps[0].action == "absent"


def test_live_listing_masks_sandbox_credentials_and_share_links():
    kind, module = kind_for({"name": None}, projects=[LIVE_PROJECT], dialect="live", kind_class=ProjectListing)
    kind.refuse_unsupported([])
    shown = [kind.show(p) for p in kind.read()]
    assert "6be9fcfc613a7c" not in str(shown) and "share/AAA" not in str(shown) and "b3a87978452ae1" not in str(shown)
    assert shown[0]["sandboxes"][0]["name"] == "Inbox" and "team_members" not in shown[0]


@pytest.mark.parametrize("answer, expected", [
    ({"data": [WEBSITE], "pagination": {}}, "expected a list"),
    ([{"name": "No id"}], "'id'"),
    ([{"id": "201", "name": "Website"}], "'id' is an integer"),
    ([dict(WEBSITE, team_members={"user_id": 2})], "a list of team members"),
    ([dict(WEBSITE, team_members=[{"user_id": "2", "role": "manager"}])], "'user_id' is an integer"),
])
def test_wrong_shapes_are_clear_errors(answer, expected):
    kind, module = kind_for(entry(name="Website"), projects=())
    module.client.answers["projects"] = answer
    with pytest.raises(MailtrapAPIError, match=expected):
        kind.read()


def test_a_create_by_rename_recovers_by_the_new_name():
    # A lost answer to the POST is recovered by re-reading the projects for the name it was sent with.
    steps, kind, module = plan(entry(name="Old", new_name="Newer"))
    seen = {}

    def post(relative, body=None, recover=None, idempotent=False):
        module.client.answers["projects"] = [dict(WEBSITE), dict(BLOG), {"id": 209, "name": "Newer", "team_members": []}]
        seen["recovered"] = recover()
        return seen["recovered"]

    module.client.post = post
    assert kind.apply(steps[0])["id"] == 209 and seen["recovered"]["name"] == "Newer"
