# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils import permissions as perms


def test_three_spellings_are_one_canonical_form():
    named = perms.normalise(["send_emails", "view_analytics"])
    scopes = perms.normalise(["analytics:read", "emails:send"])
    mapping = perms.normalise({"emails": ["send"], "analytics": ["read"]})
    assert named == scopes == mapping == {"analytics": ["read"], "emails": ["send"]}


def test_order_case_duplicates_and_star():
    assert perms.normalise({"projects": ["read", "create", "read"]}) == {"projects": ["create", "read"]}
    assert perms.normalise(["Templates:*"]) == {"templates": ["create", "delete", "read", "update"]}
    assert perms.normalise(["manage_templates"]) == perms.normalise({"templates": "*"})


def test_mixed_list_and_empty():
    assert perms.normalise([]) == {}
    assert perms.normalise(None) == {}
    assert perms.normalise(["send_emails", {"billing": ["read"]}, "domains:verify"]) == {
        "billing": ["read"], "domains": ["verify"], "emails": ["send"]}


@pytest.mark.parametrize("spec, named", [
    (["fly_rockets"], "permission 'fly_rockets'"),
    (["rockets:launch"], "scope 'rockets'"),
    (["emails:delete"], "operation 'delete' of scope 'emails'"),
    ({"projects": ["create", "explode"]}, "operation 'explode' of scope 'projects'"),
    ({"projects": 5}, "operations of scope 'projects'"),
    ([42], "permission 42"),
])
def test_unknown_parts_are_named(spec, named):
    with pytest.raises(perms.UnknownPermissionError) as error:
        perms.normalise(spec)
    assert named in str(error.value)


def test_every_unknown_part_is_reported_at_once():
    with pytest.raises(perms.UnknownPermissionError) as error:
        perms.normalise(["nope", "emails:nope"])
    assert "permission 'nope'" in str(error.value) and "operation 'nope'" in str(error.value)


def test_roles():
    assert perms.ROLE_GRANTS["owner"]["billing"] == ["read", "update"]
    assert "billing" not in perms.ROLE_GRANTS["admin"]
    assert perms.ROLE_GRANTS["admin"]["users"] == ["read"]
    assert perms.ROLE_GRANTS["developer"]["emails"] == ["read", "send"]
    viewer = perms.ROLE_GRANTS["viewer"]
    assert all(ops in (["read"], ["export", "read"]) for ops in viewer.values())
    assert "users" not in viewer and viewer["analytics"] == ["export", "read"]


def test_effective_and_token_scopes():
    rights = perms.effective("developer", {"billing": ["read"]})
    assert rights["billing"] == ["read"] and rights["emails"] == ["read", "send"]
    assert perms.to_token_scopes({"emails": ["send"], "analytics": ["read"]}) == ["analytics:read", "emails:send"]
