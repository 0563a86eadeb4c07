# -*- coding: utf-8 -*-
"""The mailtrap lookup in-process against the in-process emulator: terms, filters, no secret, errors."""

from __future__ import absolute_import, division, print_function

import json

import pytest
from ansible.errors import AnsibleLookupError

from ansible.plugins.loader import lookup_loader

SEED = {
    "users": [{"email": "alice@example.com", "role": "admin"}, {"email": "bob@example.com", "role": "viewer"}],
    "tokens": [{"name": "ci", "token": "ci-secret-value-0123456789", "scopes": ["emails:send"], "expires_at": "2099-01-01"}],
    "projects": [{"name": "Marketing", "team_members": [{"user_id": 2, "role": "manager"}]}],
}


def lookup(emulator, terms, **options):
    options.setdefault("api_url", emulator.url)
    options.setdefault("api_token", emulator.token)
    options.setdefault("account_id", 1001)
    # Through the loader, as Ansible runs it: that is where the documented options come from.
    return lookup_loader.get("mailtrap.general.mailtrap").run(terms, variables={}, **options)


@pytest.fixture
def seeded(emulator):
    emulator.seed(SEED)
    emulator.clear_journal()
    return emulator


def test_users_with_filters(seeded):
    assert sorted(u["email"] for u in lookup(seeded, ["users"])) == ["alice@example.com", "bob@example.com", "owner@example.com"]
    assert [u["email"] for u in lookup(seeded, ["users"], role="admin")] == ["alice@example.com"]
    assert [u["email"] for u in lookup(seeded, ["users"], email="BOB@example.com")] == ["bob@example.com"]
    assert all(e["method"] == "GET" for e in seeded.journal())


def test_tokens_never_carry_a_secret(seeded):
    tokens = lookup(seeded, ["tokens"])
    text = json.dumps(tokens)
    assert "ci-secret-value" not in text and seeded.token not in text
    assert [t["name"] for t in lookup(seeded, ["tokens"], name="ci")] == ["ci"]
    assert "days_left" in tokens[0]


def test_several_terms_projects_accesses_usage(seeded):
    projects = lookup(seeded, ["projects"], name="marketing")
    assert [p["name"] for p in projects] == ["Marketing"]
    assert projects[0]["team_members"][0]["role"] == "manager"
    usage = lookup(seeded, ["usage"])
    assert len(usage) == 1 and "total_sent" in usage[0]
    both = lookup(seeded, ["users", "projects"])
    assert len(both) == 4
    accesses = lookup(seeded, ["accesses"], email="alice@example.com")
    assert len(accesses) == 1


@pytest.mark.parametrize("terms, options, message", [
    (["userz"], {}, "unknown term(s) 'userz'"),
    ([], {}, "unknown term(s) (none)"),
    (["users"], {"email": "not-an-address"}, "is not a valid e-mail address"),
    (["tokens"], {"expiring_within_days": -1}, "expiring_within_days must be between"),
])
def test_bad_input_is_refused_before_any_request(seeded, terms, options, message):
    with pytest.raises(AnsibleLookupError) as caught:
        lookup(seeded, terms, **options)
    assert message in str(caught.value)
    assert seeded.journal() == []


def test_a_wrong_token_is_a_clear_error_without_the_token(seeded):
    with pytest.raises(AnsibleLookupError) as caught:
        lookup(seeded, ["users"], api_token="wrong-token-0123456789abcdef")
    assert "401" in str(caught.value) and "wrong-token-0123456789abcdef" not in str(caught.value)


def test_a_misspelt_keyword_is_an_error_before_any_request(seeded):
    with pytest.raises(AnsibleLookupError, match=r"unknown keyword\(s\) rol; the filters are email, role,"):
        lookup(seeded, ["users"], rol="owner")
    assert seeded.journal() == []
