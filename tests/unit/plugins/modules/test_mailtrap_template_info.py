# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function

__metaclass__ = type


def share(run_module, template, users, permission="read"):
    result = run_module("mailtrap_template_share", dict(template=template, users=users, permission=permission))
    assert not result.get("failed"), result


def test_lists_templates_with_share_emails(run_module, emulator):
    run_module("mailtrap_user", dict(email="alice@example.com", role="developer"))
    share(run_module, "Welcome", ["alice@example.com"], "write")
    emulator.clear_journal()
    result = run_module("mailtrap_template_info", {})
    assert not result["changed"]
    assert [t["name"] for t in result["templates"]] == ["Invoice", "Password reset", "Welcome"]
    welcome = result["templates"][-1]
    assert welcome["shared_with"] == [dict(user_id=welcome["shared_with"][0]["user_id"],
                                           email="alice@example.com", permission="write")]
    assert emulator.sequence() == ["GET A/templates", "GET A/users"]


def test_shared_with_filter_and_template_filter(run_module, emulator):
    run_module("mailtrap_user", dict(email="alice@example.com", role="developer"))
    run_module("mailtrap_user", dict(email="bob@example.com", role="developer"))
    share(run_module, "Welcome", ["alice@example.com", "bob@example.com"])
    share(run_module, "Invoice", ["bob@example.com"])
    result = run_module("mailtrap_template_info", dict(shared_with="ALICE@example.com"))
    assert [t["name"] for t in result["templates"]] == ["Welcome"]
    result = run_module("mailtrap_template_info", dict(shared_with="bob@example.com"))
    assert [t["name"] for t in result["templates"]] == ["Invoice", "Welcome"]
    result = run_module("mailtrap_template_info", dict(template="invoice"))
    assert [t["name"] for t in result["templates"]] == ["Invoice"]


def test_unshared_templates_need_no_user_read(run_module, emulator):
    result = run_module("mailtrap_template_info", dict(template="Welcome"))
    assert result["templates"][0]["shared_with"] == []
    assert emulator.sequence() == ["GET A/templates"]


def test_errors(run_module, emulator):
    result = run_module("mailtrap_template_info", dict(shared_with="not an email"))
    assert result["failed"] and "neither a numeric user id nor an e-mail" in result["msg"]
    assert emulator.journal() == []
    result = run_module("mailtrap_template_info", dict(template="Nope"))
    assert result["failed"] and "not found" in result["msg"] and "Welcome" in result["msg"]
    result = run_module("mailtrap_template_info", dict(shared_with="ghost@example.com"))
    assert result["failed"] and "ghost@example.com" in result["msg"]
