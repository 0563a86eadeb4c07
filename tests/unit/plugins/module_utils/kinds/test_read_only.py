# -*- coding: utf-8 -*-
"""Read-only keys (Kind.read_only): what an info module returns besides the input is accepted by
the managing module's argument spec and goes no further than the runner (never checked, compared
or sent). The round trip itself is tests/integration/test_roundtrip.py."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.kind import read_only_options, without_read_only
from ansible_collections.mailtrap.general.plugins.module_utils.kinds import account, project, sso, token, user
from ansible_collections.mailtrap.general.plugins.module_utils.runner import entries_of

from fake_account import FakeClient, FakeModule

# Kind, the option dict of its entries (a bulk list item, or a single module's options).
DECLARED = [
    (user.UserKind, user.USER_OPTIONS),
    (token.TokenKind, token.TOKEN_OPTIONS),
    (project.ProjectKind, project.PROJECT_OPTIONS),
    (account.AccountKind, account.ACCOUNT_OPTIONS),
    (sso.SsoKind, sso.SSO_OPTIONS),
]
NESTED = [(token.RESOURCE_READ_ONLY, token.RESOURCE_OPTIONS), (project.MEMBER_READ_ONLY, project.MEMBER_OPTIONS)]


@pytest.mark.parametrize("kind, options", DECLARED, ids=[k.__name__ for k, o in DECLARED])
def test_every_read_only_key_is_an_untyped_option_of_its_module(kind, options):
    assert kind.read_only
    for key in kind.read_only:
        assert options[key] == {"type": "raw"}, key


@pytest.mark.parametrize("keys, options", NESTED)
def test_nested_read_only_keys_are_declared_in_their_suboptions(keys, options):
    for key in keys:
        assert options[key] == {"type": "raw"}, key


def test_helpers():
    assert read_only_options(("id", "plan")) == {"id": {"type": "raw"}, "plan": {"type": "raw"}}
    given = {"email": "a@example.com", "id": 7, "status": "active"}
    assert without_read_only(given, ("id", "status")) == {"email": "a@example.com"}
    assert given == {"email": "a@example.com", "id": 7, "status": "active"}  # a copy, the input is left alone


class Recording(user.UserKind):
    seen = []

    def check(self, entry, where):
        Recording.seen.append(dict(entry))
        return super(Recording, self).check(entry, where)


def test_the_runner_drops_read_only_keys_before_the_kind_sees_an_entry():
    item = dict((k, None) for k in user.USER_OPTIONS)
    item.update(email="a@example.com", role="admin", id=2, status="invited", account_access_id=9,
                effective_permissions={"users": ["read"]}, created_at="yesterday", resources=[])
    Recording.seen = []
    kind = Recording(FakeModule("mailtrap_users", {"users": [item]}, FakeClient("overview", {})))
    entries = entries_of(kind, "users")
    assert all(k not in Recording.seen[0] for k in user.USER_READ_ONLY)
    assert entries[0].desired == {"email": "a@example.com", "role": "admin"}
    # The entry keeps what was given (messages and dialect checks read it); its desired state has no read-only key.
    assert entries[0].params is item
