# -*- coding: utf-8 -*-
"""mailtrap_sso against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

OKTA = dict(provider="okta", metadata_url="https://example.okta.com/app/abc/sso/saml/metadata")
DISABLED = {"enabled": False, "provider": None, "metadata_url": None, "default_role": None}


def test_enable_posts_the_whole_configuration(run_module, emulator):
    result = run_module("mailtrap_sso", OKTA)
    assert result["changed"]
    assert result["sso"] == dict(OKTA, enabled=True, default_role="viewer")
    assert emulator.sequence() == ["GET A/sso", "POST A/sso"]
    assert emulator.writes()[0]["body"] == dict(OKTA, default_role="viewer")


def test_rerun_is_unchanged(run_module, emulator):
    run_module("mailtrap_sso", dict(OKTA, default_role="developer"))
    emulator.clear_journal()
    assert not run_module("mailtrap_sso", dict(OKTA, default_role="developer"))["changed"]
    # Omitting default_role keeps the current one.
    result = run_module("mailtrap_sso", OKTA)
    assert not result["changed"] and result["sso"]["default_role"] == "developer"
    assert emulator.sequence() == ["GET A/sso", "GET A/sso"]


def test_update_merges_current_and_given(run_module, emulator):
    run_module("mailtrap_sso", dict(OKTA, default_role="developer"))
    emulator.clear_journal()
    url = "https://login.microsoftonline.com/tenant/federationmetadata.xml"
    result = run_module("mailtrap_sso", dict(provider="azure_ad", metadata_url=url), diff=True)
    assert result["changed"] and result["sso"]["provider"] == "azure_ad"
    assert result["diff"]["before"]["provider"] == "okta" and result["diff"]["after"]["metadata_url"] == url
    # The POST carries the whole configuration, default_role included from the current one.
    assert emulator.writes()[0]["body"] == {"provider": "azure_ad", "metadata_url": url, "default_role": "developer"}


def test_check_mode_writes_nothing_and_predicts(run_module, emulator):
    result = run_module("mailtrap_sso", dict(OKTA, default_role="admin"), check_mode=True, diff=True)
    assert result["changed"] and result["sso"] == dict(OKTA, enabled=True, default_role="admin")
    assert result["diff"]["before"] == DISABLED and result["diff"]["after"] == result["sso"]
    run_module("mailtrap_sso", dict(OKTA, default_role="admin"))
    emulator.clear_journal()
    result = run_module("mailtrap_sso", dict(state="absent"), check_mode=True, diff=True)
    assert result["changed"] and result["sso"] == DISABLED
    assert result["diff"]["before"]["provider"] == "okta"
    assert emulator.sequence() == ["GET A/sso"]
    assert emulator.state()["sso"]["enabled"] is True


def test_disable_then_disable_again(run_module, emulator):
    run_module("mailtrap_sso", OKTA)
    emulator.clear_journal()
    result = run_module("mailtrap_sso", dict(state="absent"), diff=True)
    assert result["changed"] and result["sso"] == DISABLED
    assert emulator.sequence() == ["GET A/sso", "DELETE A/sso"]
    emulator.clear_journal()
    result = run_module("mailtrap_sso", dict(state="absent"))
    assert not result["changed"] and emulator.sequence() == ["GET A/sso"]


@pytest.mark.parametrize("args, message", [
    (dict(provider="okta"), "state is present but all of the following are missing: metadata_url"),
    (dict(metadata_url=OKTA["metadata_url"]), "missing: provider"),
    ({}, "missing: provider, metadata_url"),
    (dict(OKTA, metadata_url="http://example.okta.com/metadata"), "metadata_url must be an https:// URL"),
    (dict(OKTA, metadata_url="https://"), "metadata_url must be an https:// URL"),
    (dict(OKTA, provider="keycloak"), "value of provider must be one of"),
    (dict(OKTA, default_role="owner"), "value of default_role must be one of"),
    (dict(OKTA, state="absent"), "state=absent disables SSO and takes no configuration; remove metadata_url, provider"),
    (dict(OKTA, client_secret="x"), "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_sso", args)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []
