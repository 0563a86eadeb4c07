# -*- coding: utf-8 -*-
"""An exclusive list that keeps nothing is refused before any request unless allow_empty (issue 11, item 2)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

EMPTY = [
    ("mailtrap_project", dict(name="Website", team_members=[], purge_members=True), "team_members is empty"),
    ("mailtrap_projects", dict(projects=[dict(name="Website", team_members=[], purge_members=True)]),
     "projects[0].team_members is empty"),
    ("mailtrap_template_share", dict(template="Welcome", users=[], exclusive=True), "users is empty"),
    ("mailtrap_users", dict(users=[], purge=True), "allow_empty"),
    # A list whose entries are all commented out is YAML null: Ansible refuses it as not a list.
    ("mailtrap_users", dict(users=None, purge=True), "users"),
    ("mailtrap_projects", dict(projects=[dict(name="Website", state="absent")], purge=True), "allow_empty"),
    ("mailtrap_tokens", dict(tokens=[], purge=True), "allow_empty"),
]


@pytest.mark.parametrize("module, args, message", EMPTY)
def test_empty_exclusive_list_is_refused_before_any_request(run_module, emulator, module, args, message):
    result = run_module(module, args)
    assert result["failed"] and message in result["msg"]
    assert emulator.journal() == []
    result = run_module(module, args, check_mode=True)
    assert result["failed"] and emulator.journal() == []


def test_allow_empty_lets_an_empty_member_purge_through(run_module, emulator):
    run_module("mailtrap_project", dict(name="Solo", team_members=[dict(user="alice@example.com")]))
    result = run_module("mailtrap_project", dict(name="Solo", team_members=[], purge_members=True, allow_empty=True))
    assert result["changed"] and result["project"]["team_members"] == []
