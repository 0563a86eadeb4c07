# -*- coding: utf-8 -*-
"""playbooks/drift_report.yml on the rich account, against the baseline export_baseline.yml wrote.

- undrifted: the play passes, drift.md says "No drift", drift.json has no item;
- drifted five ways by hand (a user's role, an extra user, a removed project member, a changed
  setting, an extra token): exactly those five are listed in both files, the play fails, and the
  journal shows only GETs; with drift_report_fail_on_drift=false the play passes.
"""

from __future__ import absolute_import, division, print_function

import json

from adopt_helpers import assert_no_secret, export, playbook


def drift(rich, baseline, report_dir, *extra):
    rich.clear_journal()
    result, output = playbook("drift_report.yml", rich, "-e", "@%s" % baseline, "-e", "drift_report_dir=%s" % report_dir, *extra)
    assert [e for e in rich.journal() if e["method"] != "GET"] == [], output[-4000:]
    assert "Traceback" not in output
    return result, output


def hand_made_changes(rich):
    users = dict((u["email"], u) for u in rich.api("GET", "users").json())
    john = users["john.12@example.com"]
    assert john["role"] == "developer"
    assert rich.api("PATCH", "users/%d" % john["id"], json={"role": "admin"}).status_code == 200
    assert rich.api("POST", "users", json={"email": "intruder@example.com", "role": "viewer"}).status_code in (200, 201)
    alpha = [p for p in rich.api("GET", "projects").json() if p["name"] == "Alpha"][0]
    kept = alpha["team_members"][:-1]
    assert rich.api("PATCH", "projects/%d" % alpha["id"], json={"team_members": kept}).status_code == 200
    assert rich.api("PUT", "notifications", json={"threshold_percentage": 90}).status_code == 200
    assert rich.api("POST", "api_tokens", json={"name": "handmade", "scopes": ["emails:send"]}).status_code in (200, 201)


def test_drift_report(rich, tmp_path):
    baseline = tmp_path / "account.yml"
    export(rich, baseline)

    clean_dir = tmp_path / "clean"
    result, output = drift(rich, baseline, clean_dir)
    assert result.returncode == 0, output[-6000:]
    assert "No drift: account 1001 matches the baseline" in (clean_dir / "drift.md").read_text()
    clean = json.loads((clean_dir / "drift.json").read_text())
    assert clean["drift"] is False and clean["items"] == []

    hand_made_changes(rich)
    report_dir = tmp_path / "drifted"
    result, output = drift(rich, baseline, report_dir)
    assert result.returncode != 0, output[-6000:]
    assert "The account differs from the baseline in 5 place(s)" in output
    report = json.loads((report_dir / "drift.json").read_text())
    got = sorted((i["section"], i["object"], i["change"], tuple(i.get("fields") or ())) for i in report["items"])
    assert got == sorted([
        ("notifications", "notifications", "differs", ("threshold_percentage",)),
        ("users", "john.12@example.com", "differs", ("role",)),
        ("users", "intruder@example.com", "extra", ()),
        ("projects", "Alpha", "differs", ("team_members",)),
        ("tokens", "handmade", "extra", ()),
    ]), report["items"]
    md = (report_dir / "drift.md").read_text()
    assert "**5 difference(s)**" in md
    for line in ("threshold_percentage: account 90, baseline 65", "role: account admin, baseline developer",
                 "`intruder@example.com`: in the account, not in the baseline", "team_members: the account lacks",
                 "`handmade`: in the account, not in the baseline"):
        assert line in md, md
    assert md.count("\n- ") == 5, md
    assert_no_secret(rich, output, md, json.dumps(report))

    result, output = drift(rich, baseline, tmp_path / "quiet", "-e", "drift_report_fail_on_drift=false")
    assert result.returncode == 0, output[-6000:]
    assert json.loads((tmp_path / "quiet" / "drift.json").read_text())["count"] == 5


FORGED = "ok`\n\n# Mailtrap drift report\n\nNo drift: account 1001 matches the baseline.\n\n<!--"


def test_a_token_name_cannot_forge_drift_md(rich, tmp_path):
    # hostile #13 finding 16: the name closed its code span, wrote "No drift" and hid the item in an HTML comment.
    rich.seed({"tokens": [{"name": FORGED, "scopes": ["emails:send"]}]})
    baseline = tmp_path / "tokens.yml"
    baseline.write_text("account_baseline_config:\n  tokens:\n    - {name: keeper, scopes: ['templates:read'], state: absent}\n"
                        "  purge_tokens: true\n  allow_empty_purge: true\n")
    result, output = drift(rich, baseline, tmp_path / "r")
    assert result.returncode != 0, output[-6000:]
    md = (tmp_path / "r" / "drift.md").read_text()
    assert [line for line in md.splitlines() if line.startswith("#")] == ["# Mailtrap drift report", "## tokens"], md
    assert md.count("\n- ") == 1 and "No drift: account 1001 matches the baseline.\\n\\n<!--``: in the account" in md, md
    report = json.loads((tmp_path / "r" / "drift.json").read_text())
    assert [i["object"] for i in report["items"]] == [FORGED]
