# -*- coding: utf-8 -*-
"""Settings, billing and audit-log modules in the live dialect, and against answers of the wrong shape."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils import client as client_utils

OKTA = dict(provider="okta", metadata_url="https://example.okta.com/app/abc/sso/saml/metadata")
LIVE_USAGE = {
    "billing": {"cycle_start": "2026-03-01T00:00:00Z", "cycle_end": "2026-04-01T00:00:00Z"},
    "testing": {"plan": {"name": "Individual"}, "usage": {"sent_messages_count": {"current": 1234, "limit": 5000},
                                                          "forwarded_messages_count": {"current": 0, "limit": 100}}},
    "sending": {"plan": {"name": "Basic 10K"}, "usage": {"sent_messages_count": {"current": 6789, "limit": 10000}}},
    "marketing": {"plan": {"name": "Marketing Pro"}, "usage": {"sent_messages_count": {"current": 1500, "limit": 10000}}},
}


def speak_live(monkeypatch):
    monkeypatch.setattr(client_utils.MailtrapClient, "dialect", "live", raising=False)


def answer_with(monkeypatch, relative, answer):
    """The client sees ``answer`` for GET ``relative`` (the server is not asked)."""
    original = client_utils.MailtrapClient.get

    def get(self, path, params=None):
        if path == relative:
            return answer
        return original(self, path, params=params)

    monkeypatch.setattr(client_utils.MailtrapClient, "get", get)


@pytest.mark.parametrize("name, args, lacks, instead", [
    ("mailtrap_account", dict(name="Example Co"), "no endpoint to read or change an account's name", "Settings > Account"),
    ("mailtrap_notifications", dict(weekly_report=True), "no notification settings", "Settings > Notifications"),
    ("mailtrap_security", dict(require_2fa=True), "no security settings", "Settings > Security"),
    ("mailtrap_sso", OKTA, "no single sign-on endpoint", "Settings > SSO"),
    ("mailtrap_sso", dict(state="absent"), "no single sign-on endpoint", "Settings > SSO"),
    ("mailtrap_audit_log_info", dict(since="24h"), "no audit-log endpoint", "Settings > Webhooks"),
    ("mailtrap_billing_info", dict(include=["plan"]), "no plan endpoint", "include: [usage]"),
    ("mailtrap_billing_info", dict(include=["usage", "invoices"]), "no invoices endpoint", "web app"),
])
@pytest.mark.parametrize("check_mode", [False, True])
def test_refused_in_live_before_any_request(run_module, emulator, monkeypatch, name, args, lacks, instead, check_mode):
    speak_live(monkeypatch)
    result = run_module(name, args, check_mode=check_mode)
    assert result["failed"] and not result["changed"]
    assert "not available with api_dialect=live" in result["msg"], result["msg"]
    assert lacks in result["msg"] and instead in result["msg"]
    assert emulator.journal() == []


def test_billing_in_live_reads_the_usage_once(run_module, emulator, monkeypatch):
    speak_live(monkeypatch)
    answer_with(monkeypatch, "billing/usage", LIVE_USAGE)
    result = run_module("mailtrap_billing_info", {})
    assert result == {"changed": False, "usage": LIVE_USAGE}


@pytest.mark.parametrize("name, args, relative, answer, expected", [
    ("mailtrap_account", dict(name="x"), "", [{"id": 1001}], "expected an object, got a list"),
    ("mailtrap_account", dict(name="x"), "", {"id": 1001, "timezone": 3}, "'timezone' is a string"),
    ("mailtrap_notifications", {}, "notifications", "ok", "expected an object, got str"),
    ("mailtrap_security", dict(require_2fa=True), "security", {"ip_whitelist": {"cidr": "10.0.0.0/8"}}, "'ip_whitelist' is a list"),
    ("mailtrap_security", dict(ip_whitelist=[]), "security", {"ip_whitelist": [None]}, "an ip_whitelist of addresses"),
    ("mailtrap_sso", OKTA, "sso", {"enabled": "true"}, "'enabled' is true/false"),
    ("mailtrap_billing_info", {}, "billing", [], "expected an object, got a list"),
    ("mailtrap_billing_info", dict(include=["invoices"]), "billing/invoices", {"data": [], "pagination": {}},
     "expected a list, got an object with keys data, pagination"),
    ("mailtrap_billing_info", dict(include=["usage"]), "billing/usage", 45, "expected an object"),
    ("mailtrap_audit_log_info", {}, "audit_logs", {"data": [{"id": 1}], "pagination": {"page": 1}}, "expected a list"),
    ("mailtrap_audit_log_info", {}, "audit_logs", [["user.invited"]], "a list of objects"),
])
def test_answers_of_the_wrong_shape_fail_clearly(run_module, emulator, monkeypatch, name, args, relative, answer, expected):
    answer_with(monkeypatch, relative, answer)
    result = run_module(name, args)
    assert result["failed"] and not result["changed"]
    assert "unexpected shape" in result["msg"] and expected in result["msg"], result["msg"]
    assert "unexpected error" not in result["msg"] and "Traceback" not in str(result)
    assert emulator.writes() == []


def test_a_write_that_went_through_is_reported_changed_even_if_its_answer_is_unreadable(run_module, emulator, monkeypatch):
    original = client_utils.MailtrapClient.put

    def put(self, relative, body=None):
        original(self, relative, body)
        return ["saved"]

    monkeypatch.setattr(client_utils.MailtrapClient, "put", put)
    result = run_module("mailtrap_notifications", dict(weekly_report=True))
    assert result["failed"] and result["changed"] and "unexpected shape" in result["msg"]
    assert emulator.state()["notifications"]["weekly_report"] is True
