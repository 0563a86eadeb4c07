# -*- coding: utf-8 -*-
"""The settings, billing and audit-log Kinds without HTTP: plans, refusals, warnings, shapes, dialects."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapAPIError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Entry, InputError, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account import AccountKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.audit_log import AuditLogKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.billing import BillingKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.notifications import NotificationsKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.security import SecurityKind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.sso import SsoKind

ACCOUNT = {"id": 1001, "name": "Example Co", "timezone": "UTC", "notification_email": "ops@example.com", "plan": "Business"}
SECURITY = {"require_2fa": False, "ip_whitelist": ["10.0.0.0/8"],
            "password_policy": {"min_length": 8, "require_special": False, "require_numbers": False}}
NOTIFICATIONS = {"low_credits": True, "weekly_report": False, "bounce_alerts": True, "threshold_percentage": 80}
SSO_OFF = {"enabled": False, "provider": None, "metadata_url": None, "default_role": None}
OKTA_URL = "https://example.okta.com/app/abc/sso/saml/metadata"
SSO_ON = {"enabled": True, "provider": "okta", "metadata_url": OKTA_URL, "default_role": "developer"}
LIVE_USAGE = {
    "billing": {"cycle_start": "2026-03-01T00:00:00Z", "cycle_end": "2026-04-01T00:00:00Z"},
    "testing": {"plan": {"name": "Individual"}, "usage": {"sent_messages_count": {"current": 1234, "limit": 5000},
                                                          "forwarded_messages_count": {"current": 0, "limit": 100}}},
    "sending": {"plan": {"name": "Basic 10K"}, "usage": {"sent_messages_count": {"current": 6789, "limit": 10000}}},
}


class FakeClient:
    """Answers GETs from a table (relative path -> answer) and records every call."""

    @staticmethod
    def assume(dialect):
        return False  # the fake's dialect is fixed: it never guesses

    def __init__(self, answers, dialect="overview", check_mode=False):
        self.answers = answers
        self.dialect = dialect
        self.check_mode = check_mode
        self.calls = []
        self.token_last4 = "abcd"

    def path(self, relative=""):
        return "/api/accounts/1001" + ("/" + relative if relative else "")

    def get(self, relative, params=None):
        self.calls.append(("GET", relative, params))
        return self.answers[relative]

    def _write(self, method, relative, body=None, **kwargs):
        self.calls.append((method, relative, body))
        return None if self.check_mode else self.answers.get((method, relative))

    def put(self, relative, body=None):
        return self._write("PUT", relative, body)

    def patch(self, relative, body=None):
        return self._write("PATCH", relative, body)

    def post(self, relative, body=None, recover=None, idempotent=False):
        return self._write("POST", relative, body)

    def delete(self, relative, body=None):
        return self._write("DELETE", relative, body)


class FakeModule:
    _name = "mailtrap.general.mailtrap_test"

    def __init__(self, params, client):
        self.params = params
        self.client = client
        self.warnings = []

    def warn(self, message):
        self.warnings.append(message)


def kind_of(kind_class, params, answers, **client_options):
    return kind_class(FakeModule(params, FakeClient(answers, **client_options)))


def plan(kind):
    entry = Entry("", kind.params.get("state") or "present", kind.check(kind.params, ""), kind.params)
    kind.refuse_unsupported([entry])
    return kind.plan(entry)


# ---------------------------------------------------------------------------- planning

@pytest.mark.parametrize("kind_class, current, params, action, changes", [
    (AccountKind, ACCOUNT, {"name": " Example Co "}, "unchanged", None),
    (AccountKind, ACCOUNT, {"notification_email": "OPS@Example.com"}, "unchanged", None),
    (AccountKind, ACCOUNT, {"timezone": "Europe/Berlin"}, "updated", {"timezone": "Europe/Berlin"}),
    (AccountKind, ACCOUNT, {}, "unchanged", None),
    (NotificationsKind, NOTIFICATIONS, {"low_credits": True, "threshold_percentage": 95}, "updated",
     {"threshold_percentage": 95}),
    (NotificationsKind, NOTIFICATIONS, {"weekly_report": False}, "unchanged", None),
    (SecurityKind, SECURITY, {"ip_whitelist": [" 10.0.0.0/8", "10.0.0.0/8"]}, "unchanged", None),
    (SecurityKind, SECURITY, {"password_policy": {"min_length": 12}}, "updated",
     {"password_policy": {"min_length": 12, "require_special": False, "require_numbers": False}}),
    (SecurityKind, SECURITY, {"require_2fa": True, "password_policy": {"min_length": 8}}, "updated", {"require_2fa": True}),
    (SsoKind, SSO_OFF, {"state": "absent"}, "unchanged", None),
    (SsoKind, SSO_ON, {"state": "absent"}, "updated", {"enabled": False}),
    (SsoKind, SSO_ON, {"provider": "okta", "metadata_url": OKTA_URL}, "unchanged", None),
    (SsoKind, SSO_OFF, {"provider": "okta", "metadata_url": OKTA_URL}, "updated",
     {"provider": "okta", "metadata_url": OKTA_URL, "default_role": "viewer"}),
    (SsoKind, SSO_ON, {"provider": "google", "metadata_url": OKTA_URL}, "updated",
     {"provider": "google", "metadata_url": OKTA_URL, "default_role": "developer"}),
])
def test_plan(kind_class, current, params, action, changes):
    path = {AccountKind: "", NotificationsKind: "notifications", SecurityKind: "security", SsoKind: "sso"}[kind_class]
    kind = kind_of(kind_class, params, {path: current})
    step = plan(kind)
    assert (step.action, step.changes) == (action, changes)
    assert step.before == current
    assert kind.client.calls == [("GET", path, None)]  # planning reads, never writes


@pytest.mark.parametrize("kind_class, params, message", [
    (AccountKind, {"name": "  "}, "name must be 1 to 100"),
    (AccountKind, {"timezone": "Mars/Base"}, "not an IANA time zone"),
    (AccountKind, {"notification_email": "nobody"}, "not a valid e-mail"),
    (NotificationsKind, {"threshold_percentage": 101}, "between 0 and 100"),
    (SecurityKind, {"ip_whitelist": ["10.0.0.1/8"]}, "host bits set"),
    (SecurityKind, {"password_policy": {"min_length": 7}}, "between 8 and 128"),
    (SsoKind, {"provider": "okta", "metadata_url": "http://x"}, "https:// URL"),
    (SsoKind, {"state": "absent", "provider": "okta"}, "takes no configuration"),
])
def test_bad_input_is_refused_before_any_request(kind_class, params, message):
    kind = kind_of(kind_class, params, {})
    with pytest.raises(InputError, match=message):
        kind.check(params, "")
    assert kind.client.calls == []


def test_predicted_after_is_what_a_write_without_answer_leaves():
    kind = kind_of(SecurityKind, {"password_policy": {"min_length": 14}}, {"security": SECURITY}, check_mode=True)
    step = plan(kind)
    assert kind.apply(step) == dict(SECURITY, password_policy=dict(SECURITY["password_policy"], min_length=14))
    assert kind.client.calls[-1] == ("PUT", "security", step.changes)


def test_a_write_answer_is_used_when_there_is_one():
    answers = {"": ACCOUNT, ("PATCH", ""): dict(ACCOUNT, name="Renamed", updated_by="server")}
    kind = kind_of(AccountKind, {"name": "Renamed"}, answers)
    assert kind.apply(plan(kind))["updated_by"] == "server"


def test_sso_disable_deletes_and_predicts_disabled():
    kind = kind_of(SsoKind, {"state": "absent"}, {"sso": SSO_ON})
    step = plan(kind)
    assert kind.apply(step) == SSO_OFF
    assert kind.client.calls[-1] == ("DELETE", "sso", None)


# ---------------------------------------------------------------------------- guard and warnings

@pytest.mark.parametrize("current, wanted, lost, turning_on", [
    ([], ["10.0.0.0/8"], [], True),
    (["10.0.0.0/24", "192.0.2.7/32"], ["10.0.0.0/25"], ["10.0.0.128/25", "192.0.2.7/32"], False),
])
def test_narrowing_the_allow_list_is_refused_with_details(current, wanted, lost, turning_on):
    kind = kind_of(SecurityKind, {"ip_whitelist": wanted}, {"security": dict(SECURITY, ip_whitelist=current)})
    step = plan(kind)
    with pytest.raises(Refusal, match="allow_access_narrowing: true") as refused:
        kind.guard([step])
    assert refused.value.details == {"lost_access": lost, "turning_on": turning_on}


@pytest.mark.parametrize("wanted, acknowledged, warned", [
    (["10.0.0.0/9"], True, True),
    (["0.0.0.0/0"], False, False),
    ([], False, False),
])
def test_widening_needs_nothing_and_acknowledged_narrowing_warns(wanted, acknowledged, warned):
    params = {"ip_whitelist": wanted, "allow_access_narrowing": acknowledged}
    kind = kind_of(SecurityKind, params, {"security": SECURITY})
    step = plan(kind)
    kind.guard([step])
    warnings = kind.warnings([step])
    assert bool(warnings) == warned
    assert all("10.128.0.0/9" in w for w in warnings)


# ---------------------------------------------------------------------------- dialects

@pytest.mark.parametrize("kind_class, params, alternative", [
    (AccountKind, {"name": "x"}, "Settings > Account"),
    (NotificationsKind, {}, "Settings > Notifications"),
    (SecurityKind, {"require_2fa": True}, "Settings > Security"),
    (SsoKind, {"state": "absent"}, "Settings > SSO"),
])
def test_settings_are_refused_in_live_before_any_request(kind_class, params, alternative):
    kind = kind_of(kind_class, params, {}, dialect="live")
    with pytest.raises(Refusal) as refused:
        plan(kind)
    message = str(refused.value)
    assert "mailtrap_test is not available with api_dialect=live" in message
    assert "the live Mailtrap API has no" in message and alternative in message
    assert kind.client.calls == []


def test_audit_log_is_refused_in_live_pointing_to_webhooks():
    kind = kind_of(AuditLogKind, {"limit": 100}, {}, dialect="live")
    with pytest.raises(Refusal, match="webhook .*Audit Log"):
        kind.refuse_unsupported([])
    assert kind.client.calls == []


@pytest.mark.parametrize("include, refused", [
    (None, None),
    (["usage"], None),
    (["plan", "usage"], "include: plan is not available with api_dialect=live: .*include: \\[usage\\]"),
    (["invoices"], "include: invoices is not available with api_dialect=live: .*web app"),
])
def test_billing_in_live_reads_the_usage_only(include, refused):
    kind = kind_of(BillingKind, {"include": include}, {"billing/usage": LIVE_USAGE}, dialect="live")
    if refused:
        with pytest.raises(Refusal, match=refused):
            kind.refuse_unsupported([])
        assert kind.client.calls == []
        return
    kind.refuse_unsupported([])
    assert kind.info() == {"usage": LIVE_USAGE}
    assert kind.client.calls == [("GET", "billing/usage", None)]


def test_billing_in_overview_reads_every_part_by_default_in_a_fixed_order():
    answers = {"billing": {"plan": "Business"}, "billing/usage": {"total_sent": 5, "limit": 10},
               "billing/invoices": [{"id": "INV-1"}]}
    kind = kind_of(BillingKind, {"include": None}, answers)
    kind.refuse_unsupported([])
    result = kind.info()
    assert result["usage"]["percentage_used"] == 50.0 and result["invoices"] == [{"id": "INV-1"}]
    assert [c[1] for c in kind.client.calls] == ["billing", "billing/usage", "billing/invoices"]


# ---------------------------------------------------------------------------- answers of the wrong shape

@pytest.mark.parametrize("kind_class, params, answers, expected", [
    (AccountKind, {}, {"": [ACCOUNT]}, "expected an object, got a list"),
    (AccountKind, {}, {"": dict(ACCOUNT, name=5)}, "'name' is a string"),
    (NotificationsKind, {}, {"notifications": dict(NOTIFICATIONS, threshold_percentage="80")}, "'threshold_percentage' is an integer"),
    (SecurityKind, {}, {"security": dict(SECURITY, ip_whitelist="10.0.0.0/8")}, "'ip_whitelist' is a list"),
    (SecurityKind, {}, {"security": dict(SECURITY, ip_whitelist=["ten"])}, "an ip_whitelist of addresses"),
    (SecurityKind, {}, {"security": {"data": SECURITY}}, None),
    (SsoKind, {"state": "absent"}, {"sso": dict(SSO_ON, enabled="yes")}, "'enabled' is true/false"),
])
def test_settings_answers_of_the_wrong_shape_are_clear_errors(kind_class, params, answers, expected):
    kind = kind_of(kind_class, params, answers)
    if expected is None:
        # An envelope has none of the keys the Kind reads: nothing to compare, nothing wrong to write.
        assert plan(kind).action == "unchanged"
        return
    with pytest.raises(MailtrapAPIError, match=expected):
        plan(kind)


@pytest.mark.parametrize("dialect, include, answer, expected", [
    ("overview", ["plan"], ["Business"], "expected an object, got a list"),
    ("overview", ["invoices"], {"data": [], "pagination": {}}, "expected a list, got an object with keys data, pagination"),
    ("overview", ["invoices"], ["INV-1"], "a list of objects"),
    ("live", None, [LIVE_USAGE], "expected an object, got a list"),
    ("live", None, dict(LIVE_USAGE, testing="Individual"), "an object at testing"),
    ("live", None, dict(LIVE_USAGE, sending={"usage": {"sent_messages_count": {"current": "6789"}}}),
     "an object at sending.usage.sent_messages_count whose 'current' is an integer"),
])
def test_billing_answers_of_the_wrong_shape_are_clear_errors(dialect, include, answer, expected):
    kind = kind_of(BillingKind, {"include": include}, dict.fromkeys(["billing", "billing/usage", "billing/invoices"], answer),
                   dialect=dialect)
    with pytest.raises(MailtrapAPIError, match=expected):
        kind.info()


@pytest.mark.parametrize("answer, expected", [
    ({"data": [], "pagination": {}}, "expected a list, got an object"),
    (["user.invited"], "a list of objects"),
])
def test_audit_log_answers_of_the_wrong_shape_are_clear_errors(answer, expected):
    kind = kind_of(AuditLogKind, {"limit": 100}, {"audit_logs": answer})
    with pytest.raises(MailtrapAPIError, match=expected):
        kind.info()


def test_audit_log_tolerates_fields_of_other_types():
    answer = [{"action": 5, "user": None, "timestamp": 12}, {"action": "user.invited", "timestamp": "2026-01-01T00:00:00Z"}]
    kind = kind_of(AuditLogKind, {"limit": 100, "action": "user.*"}, {"audit_logs": answer})
    assert [e["action"] for e in kind.info()["entries"]] == ["user.invited"]
