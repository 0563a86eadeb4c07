# -*- coding: utf-8 -*-
"""playbooks/drift_report.yml in the live dialect: per-resource permissions (account accesses)
changed by hand are drift (hostile #13 finding 6: "No drift", rc 0, while the baseline would
change them), named as resources (finding 7: "the account lacks None")."""

from __future__ import absolute_import, division, print_function

import json

from live_support import assert_no_secret, live, live_server, run_live  # noqa: F401 pylint: disable=unused-import

EXAMPLE = "@playbooks/vars/example_baseline_live.yml"


def test_permission_drift_is_reported(live, tmp_path):
    secrets = "mailtrap_token_secrets_dir=%s" % (tmp_path / "secrets")
    result, output = run_live("account_baseline.yml", live, ["-e", EXAMPLE, "-e", secrets])
    assert result.returncode == 0, output[-6000:]

    grace = [a for a in live.api("GET", "account_accesses").json() if a["specifier"].get("email") == "grace.39@example.com"][0]
    answer = live.api("PUT", "account_accesses/%d/permissions/bulk" % grace["id"],
                      json={"permissions": [{"resource_type": "project", "resource_id": "201", "access_level": "admin"}]})
    assert answer.status_code == 200, answer.text

    live.clear_journal()
    report_dir = tmp_path / "report"
    result, output = run_live("drift_report.yml", live, ["-e", EXAMPLE, "-e", secrets, "-e", "drift_report_dir=%s" % report_dir])
    assert result.returncode != 0, output[-6000:]
    assert [e for e in live.journal() if e["method"] != "GET"] == []
    report = json.loads((report_dir / "drift.json").read_text())
    assert [(i["section"], i["object"]) for i in report["items"]] == [("account_accesses", "grace.39@example.com")], report["items"]
    md = (report_dir / "drift.md").read_text()
    assert "## account_accesses" in md and "project 201 (admin) beyond the baseline" in md, md
    assert "None" not in md, md
    assert_no_secret(live, output)
