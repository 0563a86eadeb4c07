# -*- coding: utf-8 -*-
"""Every module against the emulator in both API dialects (issue 12, "Done when").

Each module either converges (check mode writes nothing and says changed, the first run changes
and shows a diff, the second run is unchanged with no write) or is refused with no request at
all. Info modules read without writing. The live emulator serves the paths and shapes of
Mailtrap's published OpenAPI specs; the overview one the General API Overview.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

import pytest


SEED = {
    "users": [dict(email="alice@example.com", role="admin", name="Alice"),
              dict(email="bob@example.com", role="viewer"),
              dict(email="carol@example.com", role="viewer", status="invited")],
    "projects": [dict(name="Billing service")],
    "templates": [dict(name="Welcome")],
}
# What each module is asked to change; the same task runs three times (check, apply, again).
CHANGES = {
    "overview": {
        "mailtrap_account": dict(name="Renamed Co"),
        "mailtrap_notifications": dict(threshold_percentage=55),
        "mailtrap_project": dict(name="Dialect project", team_members=[dict(user="alice@example.com", role="manager")]),
        "mailtrap_projects": dict(projects=[dict(name="Dialect project 2")]),
        "mailtrap_security": dict(require_2fa=True),
        "mailtrap_sso": dict(provider="okta", metadata_url="https://idp.example.com/metadata"),
        "mailtrap_template_share": dict(template="Welcome", users=["alice@example.com"], permission="write"),
        "mailtrap_token": dict(name="dialect-ci", scopes=["send_emails"]),
        "mailtrap_tokens": dict(tokens=[dict(name="dialect-ci-2", scopes=["send_emails"])]),
        "mailtrap_user": dict(email="dave@example.com", role="developer"),
        "mailtrap_users": dict(users=[dict(email="bob@example.com", role="admin")]),
    },
    "live": {
        "mailtrap_account_access": dict(email="bob@example.com",
                                        permissions=[dict(type="project", name="Billing service", access="admin")]),
        "mailtrap_account_accesses": dict(account_accesses=[dict(email="alice@example.com", permissions=[dict(type="billing", access="viewer")]),
                                                            dict(email="carol@example.com", resources=[
                                                                dict(resource_type="account", resource_id=1001, access_level=100)])]),
        "mailtrap_project": dict(name="Dialect project"),
        "mailtrap_projects": dict(projects=[dict(name="Dialect project 2")]),
        "mailtrap_token": dict(name="dialect-ci", resources=[dict(type="account", id=1001, access="viewer")]),
        "mailtrap_tokens": dict(tokens=[dict(name="dialect-ci-2", resources=[dict(type="account", id=1001, access="viewer")])]),
        "mailtrap_user": dict(email="bob@example.com", role="admin"),
        "mailtrap_users": dict(users=[dict(email="alice@example.com", role="viewer")]),
    },
}
READS = {
    "overview": ["mailtrap_account_access_info", "mailtrap_account_export", "mailtrap_audit_log_info", "mailtrap_billing_info",
                 "mailtrap_project_info", "mailtrap_template_info", "mailtrap_token_info", "mailtrap_user_info"],
    "live": ["mailtrap_account_access_info", "mailtrap_account_export", "mailtrap_billing_info", "mailtrap_project_info",
             "mailtrap_resource_info", "mailtrap_template_info", "mailtrap_token_info", "mailtrap_user_info"],
}
REFUSED = {
    "overview": {"mailtrap_account_access": dict(email="bob@example.com", permissions=[dict(type="account", access="admin")]),
                 "mailtrap_account_accesses": dict(account_accesses=[dict(email="bob@example.com", permissions=[dict(type="account", access="admin")])]),
                 "mailtrap_resource_info": {}},
    "live": {"mailtrap_account": dict(name="Renamed Co"), "mailtrap_audit_log_info": {},
             "mailtrap_notifications": dict(threshold_percentage=55), "mailtrap_security": dict(require_2fa=True),
             "mailtrap_sso": dict(state="absent"),
             "mailtrap_template_share": dict(template="Welcome", users=["alice@example.com"])},
}


def test_every_module_is_covered_in_both_dialects():
    here = os.path.dirname(os.path.abspath(__file__))
    modules = set(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(here, "../../../../plugins/modules/mailtrap_*.py")))
    for dialect in ("overview", "live"):
        covered = set(CHANGES[dialect]) | set(READS[dialect]) | set(REFUSED[dialect])
        assert covered == modules, dialect


@pytest.fixture(params=["overview", "live"])
def dialect(request, emulator, live_emulator, run_module):
    """(dialect, control, run): a freshly seeded emulator of that dialect and a runner bound to it."""
    control = emulator if request.param == "overview" else live_emulator
    control.seed(SEED)
    control.clear_journal()

    def run(module, args, **kwargs):
        return run_module(module, dict(args, api_dialect=request.param, api_url=control.url), **kwargs)

    return request.param, control, run


def writes(control):
    return [e for e in control.journal() if e["method"] != "GET"]


def test_every_changing_module_converges(dialect):
    name, control, run = dialect
    for module, args in sorted(CHANGES[name].items()):
        control.clear_journal()
        predicted = run(module, args, check_mode=True, diff=True)
        assert predicted.get("changed") and not predicted.get("failed"), (name, module, predicted)
        assert writes(control) == [], (name, module, "check mode wrote")
        applied = run(module, args, diff=True)
        assert applied.get("changed") and not applied.get("failed"), (name, module, applied)
        assert applied.get("diff"), (name, module, "no diff")
        control.clear_journal()
        again = run(module, args)
        assert not again.get("changed") and not again.get("failed"), (name, module, again)
        assert writes(control) == [], (name, module, "a converged run wrote")


def test_every_info_module_reads_only(dialect):
    name, control, run = dialect
    for module in READS[name]:
        control.clear_journal()
        result = run(module, {})
        assert not result.get("failed") and not result.get("changed"), (name, module, result)
        assert writes(control) == [] and control.journal(), (name, module)


def test_what_a_dialect_lacks_is_refused_before_any_request(dialect):
    name, control, run = dialect
    for module, args in sorted(REFUSED[name].items()):
        for check_mode in (False, True):
            control.clear_journal()
            result = run(module, args, check_mode=check_mode)
            assert result.get("failed") and "api_dialect=%s" % name in result["msg"], (name, module, result)
            assert control.journal() == [], (name, module, "refused after a request")
