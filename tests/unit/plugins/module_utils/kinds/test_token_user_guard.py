# -*- coding: utf-8 -*-
"""The guard that never removes the user the run's API token belongs to, when the API names a
token's author (``created_by``) by display name, as the live spec documents it ("Name of the user
or token that created this token"), and not only by e-mail (hostile report, finding 9)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import PermissionsKind, name_key
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import UserKind
from fake_account import outcome
from test_user import LIVE_OWNER, LIVE_TOKEN, access, keep

BOB = access(11, "User", "bob@example.com", 100, "Bob Builder")
BOB2 = access(12, "User", "bob.b@example.com", 100, "bob  builder")  # a namesake, spelt differently
CAROL = access(13, "User", "carol@example.com", 10, "Carol")


def live(created_by, *accesses):
    # "w0rk" is the run's token's last 4 characters (fake_account.TOKEN_LAST4).
    return {"account_accesses": [LIVE_OWNER, LIVE_TOKEN] + list(accesses),
            "api_tokens": [{"id": 1, "name": "ci", "last_4_digits": "w0rk", "created_by": created_by},
                           {"id": 2, "name": "other", "last_4_digits": "zzzz", "created_by": "Carol"}]}


@pytest.mark.parametrize("created_by", ["Bob Builder", " BOB   builder ", "bob@example.com", "Bob@Example.com"])
@pytest.mark.parametrize("kind, module", [(UserKind, "mailtrap_user"), (PermissionsKind, "mailtrap_account_access")])
def test_the_token_author_is_protected_by_name_or_e_mail(kind, module, created_by):
    result, _client = outcome(kind, module, "live", live(created_by, BOB, CAROL), dict(email="bob@example.com", state="absent"))
    assert result["refused"] == "Refusal" and "API token of this run" in result["msg"], result
    assert "force: true" in result["msg"]


@pytest.mark.parametrize("kind, module", [(UserKind, "mailtrap_user"), (PermissionsKind, "mailtrap_account_access")])
def test_someone_else_is_removed(kind, module):
    result, _client = outcome(kind, module, "live", live("Bob Builder", BOB, CAROL), dict(email="carol@example.com", state="absent"))
    assert result.get("msg") is None and result["steps"] == [("deleted", "carol@example.com")], result


@pytest.mark.parametrize("email", ["bob@example.com", "bob.b@example.com"])
def test_an_ambiguous_name_protects_every_namesake_and_says_why(email):
    result, _client = outcome(UserKind, "mailtrap_user", "live", live("Bob Builder", BOB, BOB2, CAROL),
                              dict(email=email, state="absent"))
    assert result["refused"] == "Refusal", result
    assert "2 people bear that name (bob.b@example.com, bob@example.com)" in result["msg"]


def test_force_overrides_and_a_purge_spares_every_namesake():
    result, _c = outcome(UserKind, "mailtrap_user", "live", live("Bob Builder", BOB, BOB2),
                         dict(email="bob.b@example.com", state="absent", force=True))
    assert result["steps"] == [("deleted", "bob.b@example.com")]
    result, client = outcome(UserKind, "mailtrap_users", "live", live("Bob Builder", BOB, BOB2, CAROL),
                             dict(users=keep("carol@example.com", role="viewer"), purge=True), "users")
    assert result["purged"] == [] and result["spared"] == ["bob.b@example.com", "bob@example.com", "owner@example.com"]
    assert client.writes == []


def test_an_api_token_access_named_like_the_author_is_no_namesake():
    token_access = dict(LIVE_TOKEN, id=6, specifier=dict(id=10, name="Bob Builder"))
    result, _c = outcome(UserKind, "mailtrap_user", "live", dict(live("Bob Builder", BOB), account_accesses=[LIVE_OWNER, token_access, BOB]),
                         dict(email="bob@example.com", state="absent"))
    assert "bear that name" not in result["msg"] and "author is named 'Bob Builder'" in result["msg"]


def test_name_key_ignores_case_and_spacing():
    assert name_key("  Bob\tBUILDER ") == name_key("bob builder") == "bob builder"
    assert name_key(None) == "" and name_key("Bob@Example.com") == "bob@example.com"
