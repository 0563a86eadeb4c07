# -*- coding: utf-8 -*-
"""The drift_report filter on registered results of a check-mode baseline run (no Ansible run)."""

from __future__ import absolute_import, division, print_function

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.mailtrap.general.plugins.filter.drift import FilterModule

drift_report = FilterModule().filters()["drift_report"]

SKIPPED = {"changed": False, "skipped": True}
UNCHANGED = {"changed": False, "diff": {"before": {}, "after": {}}}


def test_nothing_differs():
    report = drift_report({"account": SKIPPED, "users": UNCHANGED, "template_shares": {"results": [UNCHANGED]}}, account=1001)
    assert report["drift"] is False and report["count"] == 0 and report["items"] == []
    assert report["summary"] == "no drift"
    assert "No drift: account 1001 matches the baseline" in report["markdown"]


def test_each_kind_of_difference_is_one_item():
    results = {
        "notifications": {"changed": True, "diff": {
            "before": {"threshold_percentage": 90, "weekly_report": True},
            "after": {"threshold_percentage": 65, "weekly_report": True}}},
        "users": {"changed": True, "created": ["new@example.com"], "updated": ["bob@example.com"], "removed": ["x@example.com"],
                  "diff": {"before": {"bob@example.com": {"email": "bob@example.com", "role": "admin"},
                                      "x@example.com": {"email": "x@example.com", "role": "viewer"}},
                           "after": {"bob@example.com": {"email": "bob@example.com", "role": "developer"},
                                     "new@example.com": {"email": "new@example.com", "role": "viewer"}}}},
        "projects": {"changed": True, "diff": {
            "before": {"Alpha": {"name": "Alpha", "team_members": [{"email": "a@example.com", "role": "manager"}]}},
            "after": {"Alpha": {"name": "Alpha", "team_members": [{"email": "a@example.com", "role": "manager"},
                                                                  {"email": "c@example.com", "role": "contributor"}]}}}},
        "tokens": {"changed": True, "diff": {"before": {"handmade": {"name": "handmade", "token": "********"}}, "after": {}}},
        "template_shares": {"results": [UNCHANGED, {"changed": True, "item": {"template": "Welcome"},
                                                    "diff": {"before": {"users": [1]}, "after": {"users": [1, 2]}}}]},
    }
    report = drift_report(results, account=1001, checked_at="2026-11-30T00:00:00Z")
    got = [(i["section"], i["object"], i["change"], i.get("fields")) for i in report["items"]]
    assert got == [
        ("notifications", "notifications", "differs", ["threshold_percentage"]),
        ("users", "bob@example.com", "differs", ["role"]),
        ("users", "new@example.com", "missing", None),
        ("users", "x@example.com", "extra", None),
        ("projects", "Alpha", "differs", ["team_members"]),
        ("tokens", "handmade", "extra", None),
        ("template_shares", "Welcome", "differs", ["users"]),
    ]
    assert report["sections"] == {"notifications": 1, "users": 3, "projects": 1, "tokens": 1, "template_shares": 1}
    assert report["summary"] == "notifications: 1, users: 3, projects: 1, tokens: 1, template_shares: 1"
    md = report["markdown"]
    assert "**7 difference(s)** between account 1001" in md
    assert "threshold_percentage: account 90, baseline 65" in md
    assert "team_members: the account lacks c@example.com (contributor)" in md
    assert "`x@example.com`: in the account, not in the baseline (would be removed)" in md
    assert report["items"][1]["before"] == {"role": "admin"} and report["items"][1]["after"] == {"role": "developer"}


def test_without_diff_the_result_lists_are_used():
    report = drift_report({"tokens": {"changed": True, "created": ["ci"], "removed": ["old"], "updated": []}})
    assert [(i["object"], i["change"]) for i in report["items"]] == [("ci", "missing"), ("old", "extra")]


def test_tokens_that_differ_but_are_not_replaced_are_drift():
    report = drift_report({"tokens": {"changed": False, "drift": {"ci": ["scopes differ"]}}})
    assert report["count"] == 1 and report["items"][0]["reasons"] == ["scopes differ"]
    assert "scopes differ" in report["markdown"]


@pytest.mark.parametrize("bad, message", [
    (["users"], "expects a dict"),
    ({"userz": {}}, "unknown section(s) userz"),
])
def test_bad_input_is_a_filter_error(bad, message):
    with pytest.raises(AnsibleFilterError, match=r".*%s" % message.replace("(", r"\(").replace(")", r"\)")):
        drift_report(bad)


FORGED = "ok`\n\n# Mailtrap drift report\n\nNo drift: account 1001 matches the baseline.\n\n<!--"


def test_a_name_cannot_forge_the_report():
    # hostile #13 finding 16: a token name that closed its code span, wrote a "No drift" report
    # and opened an HTML comment hiding the real item.
    report = drift_report({"tokens": {"changed": True, "diff": {"before": {FORGED: {"name": FORGED}}, "after": {}}},
                           "users": {"changed": True, "diff": {
                               "before": {"a@example.com": {"email": "a@example.com", "role": "admin <!-- x"}},
                               "after": {"a@example.com": {"email": "a@example.com", "role": "viewer\n# Heading"}}}}},
                          account=1001)
    md = report["markdown"]
    lines = md.splitlines()
    assert [line for line in lines if line.startswith("#")] == ["# Mailtrap drift report", "## users", "## tokens"]
    assert "No drift" not in md.replace("\\n\\nNo drift", "")
    assert md.replace("\\<!--", "").count("<!--") == 1  # inside the name's code span, checked below: not HTML there
    assert "- ``ok`\\n\\n# Mailtrap drift report\\n\\nNo drift: account 1001 matches the baseline.\\n\\n<!--``: in the account" in md
    assert "role: account admin \\<!-- x, baseline viewer\\n# Heading" in md
    assert report["items"][1]["object"] == FORGED  # drift.json keeps the name as it is


def test_resource_permissions_are_named():
    # hostile #13 finding 7: live resources read "the account lacks None".
    have = [{"resource_type": "project", "resource_id": 201, "access_level": 100, "access_level_name": "admin"}]
    want = [{"resource_type": "project", "resource_id": 202, "access_level": 10, "access_level_name": "viewer"}]
    report = drift_report({"users": {"changed": True, "diff": {
        "before": {"d@example.com": {"email": "d@example.com", "resources": have}},
        "after": {"d@example.com": {"email": "d@example.com", "resources": want}}}}})
    md = report["markdown"]
    assert "resources: the account lacks project 202 (viewer); the account has project 201 (admin) beyond the baseline" in md
    assert "None" not in md


HAVE = [{"resource_type": "project", "resource_id": 201, "access_level": 100, "access_level_name": "admin"}]
WANT = [{"resource_type": "project", "resource_id": 201, "access_level": 10, "access_level_name": "viewer"}]


@pytest.mark.parametrize("result", [
    # mailtrap_account_accesses (one bulk task): keyed by e-mail
    {"changed": True, "updated": ["grace@example.com"], "diff": {
        "before": {"grace@example.com": {"email": "grace@example.com", "resources": HAVE}},
        "after": {"grace@example.com": {"email": "grace@example.com", "resources": WANT}}}},
    # mailtrap_account_access looped per person
    {"results": [{"changed": False, "item": {"email": "leslie@example.com"}},
                 {"changed": True, "item": {"email": "grace@example.com"}, "diff": {
                     "before": {"email": "grace@example.com", "resources": HAVE},
                     "after": {"email": "grace@example.com", "resources": WANT}}}]},
])
def test_account_accesses_are_a_section(result):
    # hostile #13 finding 6: per-resource permission drift was left out ("No drift", rc 0).
    report = drift_report({"account_accesses": result, "users": UNCHANGED})
    assert [(i["section"], i["object"], i["change"], i["fields"]) for i in report["items"]] == [
        ("account_accesses", "grace@example.com", "differs", ["resources"])]
    assert report["summary"] == "account_accesses: 1"
    assert ("## account_accesses\n\n- `grace@example.com`: differs from the baseline (would be updated); resources: the account lacks"
            " project 201 (viewer); the account has project 201 (admin) beyond the baseline") in report["markdown"]
