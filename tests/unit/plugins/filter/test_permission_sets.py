# -*- coding: utf-8 -*-
"""expand_permission_sets: the same entries the role's former Jinja loop made."""

from __future__ import absolute_import, division, print_function

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.mailtrap.general.plugins.filter.permission_sets import FilterModule

expand = FilterModule().filters()["expand_permission_sets"]
SETS = {"Support": ["view_analytics", "emails:read"], "Marketing Manager": ["send_emails", "view_analytics"]}


def test_entries_as_mailtrap_users_takes_them():
    users = [
        {"email": "owner@example.com", "role": "owner"},
        {"email": "sam@example.com", "role": "viewer", "permission_set": "Support", "permissions": ["send_emails", "emails:read"]},
        {"email": "mia@example.com", "permission_set": "Marketing Manager", "state": None},
        {"email": "al@example.com", "permissions": []},
        {"email": "gone@example.com", "state": "absent"},
    ]
    assert expand(users, SETS) == [
        {"email": "owner@example.com", "state": "present", "role": "owner"},
        {"email": "sam@example.com", "state": "present", "role": "viewer",
         "permissions": ["view_analytics", "emails:read", "send_emails"]},
        {"email": "mia@example.com", "state": "present", "permissions": ["send_emails", "view_analytics"]},
        {"email": "al@example.com", "state": "present", "permissions": []},
        {"email": "gone@example.com", "state": "absent"},
    ]


def test_nothing_in_nothing_out():
    assert expand(None) == [] and expand([], None) == []


@pytest.mark.parametrize("users, sets, message", [
    ([{"email": "a@example.com", "permission_set": "Nope"}], SETS, "undefined permission set 'Nope'; defined: Marketing Manager, Support"),
    ([{"role": "admin"}], SETS, "users[0] must be a dict with an email"),
    ([{"email": "a@example.com"}], ["x"], "permission_sets must be a dict"),
])
def test_bad_input(users, sets, message):
    with pytest.raises(AnsibleFilterError) as caught:
        expand(users, sets)
    assert message in str(caught.value)
