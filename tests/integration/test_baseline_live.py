# -*- coding: utf-8 -*-
"""playbooks/account_baseline.yml with playbooks/vars/example_baseline_live.yml against the
emulator's live dialect (the API mailtrap.io serves today), as a user runs it:

- applied twice: the first run changes the account, the second says changed=0, writes nothing
  and reads each collection at most once per task (the requests of each task are told apart by
  callback_plugins/journal_marks.py, which marks each task's start in the journal);
- --check on the seed: zero writes;
- what the live API lacks (overview-only sections and options) is refused with 0 requests, and
  what only the live API has is refused the same way in the overview dialect.
"""

from __future__ import absolute_import, division, print_function

import collections
import json
import os
import stat

import pytest

from live_support import (assert_no_secret, gets_per_collection, live, live_server, recap,  # noqa: F401 pylint: disable=unused-import
                          run_live)

EXAMPLE = "@playbooks/vars/example_baseline_live.yml"
CALLBACKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "callback_plugins")


def marking_tasks(monkeypatch, tmp_path):
    """Have ansible-playbook mark each task's start in the journal (callback_plugins/journal_marks.py);
    returns the file the marks go to."""
    marks = tmp_path / "journal-marks.jsonl"
    monkeypatch.setenv("ANSIBLE_CALLBACK_PLUGINS", CALLBACKS)
    monkeypatch.setenv("ANSIBLE_CALLBACKS_ENABLED", "journal_marks")
    monkeypatch.setenv("JOURNAL_MARKS", str(marks))
    return marks


def requests_per_task(emulator, marks):
    """{task name: Counter of "METHOD collection"} from the journal and the marks of one run."""
    spans = [json.loads(line) for line in marks.read_text().splitlines()]
    marks.unlink()
    per_task = collections.OrderedDict()
    entries = emulator.journal()
    for mark, following in zip(spans, spans[1:]):
        mine = [e for e in entries if mark["after_seq"] < e["seq"] <= following["after_seq"]]
        if mine:
            counts = per_task.setdefault(mark["task"].split(" : ", 1)[-1], collections.Counter())  # role prefix cut
            counts.update("%s %s" % (e["method"], e["path"].replace("/api/accounts/1001/", "")) for e in mine)
    assert sum(sum(c.values()) for c in per_task.values()) == len(entries), "requests outside any task"
    return per_task


def baseline(emulator, tmp_path, *extra, **kwargs):
    args = ["-e", EXAMPLE, "-e", "mailtrap_token_secrets_dir=%s" % (tmp_path / "secrets")] + list(extra)
    return run_live("account_baseline.yml", emulator, args, **kwargs)


def people(emulator):
    state = emulator.api("GET", "account_accesses").json()
    return {a["specifier"]["email"]: sorted((r["resource_type"], r["resource_id"], r["access_level"]) for r in a["resources"])
            for a in state}


def test_applied_twice_second_run_changes_nothing(live, tmp_path, monkeypatch):
    marks = marking_tasks(monkeypatch, tmp_path)
    first, out1 = baseline(live, tmp_path)
    assert first.returncode == 0, out1[-6000:]
    assert recap(out1)["changed"] > 0
    methods = sorted({(e["method"], e["path"].split("/")[4]) for e in live.writes()})
    assert ("PUT", "account_accesses") in methods and ("POST", "api_tokens") in methods, methods

    access = people(live)
    assert "margaret.45@example.com" not in access
    assert ("account", 1001, 10) in access["donald.06@example.com"]
    assert ("account", 1001, 100) in access["ivan.41@example.com"]
    # grace.39 is exclusive: her domain permission is gone, account and billing stay.
    assert access["grace.39@example.com"] == [("account", 1001, 10), ("billing", 1001, 10)]
    assert ("project", 203, 100) in access["leslie.44@example.com"]  # Checkout, by name
    projects = sorted(p["name"] for p in live.api("GET", "projects").json())
    assert "Mobile" in projects and "Kiosk" not in projects
    tokens = {t["name"]: t for t in live.api("GET", "api_tokens").json()}
    assert "rich token 11" not in tokens
    assert tokens["ci-sending"]["resources"] == [{"resource_type": "project", "resource_id": 203, "access_level": 10}]
    assert tokens["ci-sending"]["expires_at"].startswith("2030-01-01")
    assert tokens["ops-readonly"]["expires_at"] is None

    live.clear_journal()
    marks.unlink()
    second, out2 = baseline(live, tmp_path, "--diff")
    assert second.returncode == 0, out2[-6000:]
    counters = recap(out2)
    assert counters["changed"] == 0 and counters["failed"] == 0, out2[-4000:]
    assert live.writes() == []
    # Converged: at most one GET per collection per task, and no write.
    per_task = requests_per_task(live, marks)
    assert per_task == {
        "Users, in one bulk task": {"GET account_accesses": 1},
        "Account accesses (per-resource permissions), in one bulk task": {
            "GET account_accesses": 1, "GET permissions/resources": 1},  # a permission names its resource
        "Projects and their members, in one bulk task": {"GET projects": 1},
        "API tokens, in one bulk task (output hidden, it holds new secrets)": {
            "GET api_tokens": 1, "GET permissions/resources": 1},  # a token's resource is named
    }, dict(per_task)
    assert all(count == 1 and request.startswith("GET ") for counts in per_task.values() for request, count in counts.items())
    assert gets_per_collection(live) == {"account_accesses": 2, "permissions/resources": 2, "projects": 1, "api_tokens": 1}

    files = sorted(p.name for p in (tmp_path / "secrets").iterdir())
    assert files == ["ci-sending", "ops-readonly"]
    values = {t["name"]: t["token"] for t in live.state()["tokens"]}
    for name in files:
        path = tmp_path / "secrets" / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text() == values[name]
    for output in (out1, out2):
        assert_no_secret(live, output)


def test_check_mode_writes_nothing(live, tmp_path):
    result, output = baseline(live, tmp_path, "--check", "--diff")
    assert result.returncode == 0, output[-6000:]
    assert recap(output)["changed"] > 0
    assert live.writes() == []


def test_auto_on_mailtrap_io_counts_as_live(live, tmp_path):
    # No dialect anywhere and the default api_url: the role checks the baseline as live, so an
    # overview-only section is refused before the (unreachable) mailtrap.io is asked anything.
    result, output = baseline(live, tmp_path, "-e", "account_baseline_api_dialect=auto",
                              "-e", "mailtrap_api_url=https://mailtrap.io", "-e", '{"account_baseline_config": {"sso": {"provider": "okta"}}}',
                              dialect=None)
    assert result.returncode != 0
    assert "sso is not available in the live dialect" in output, output[-3000:]


OVERVIEW_ONLY = [
    ({"account": {"name": "Example Co"}}, "account is not available in the live dialect"),
    ({"notifications": {"weekly_report": True}}, "notifications is not available in the live dialect"),
    ({"security": {"require_2fa": True}}, "security is not available in the live dialect"),
    ({"sso": {"provider": "okta"}}, "sso is not available in the live dialect"),
    ({"template_shares": [{"template": "Welcome", "users": ["ada.17@example.com"]}]}, "template_shares is not available"),
    ({"permission_sets": {"Support": ["emails:read"]}}, "permission_sets is not available"),
    ({"users": [{"email": "ada.17@example.com", "role": "developer"}]}, "role developer is not available"),
    ({"users": [{"email": "ada.17@example.com", "permissions": ["send_emails"]}]}, "permissions is not available"),
    ({"projects": [{"name": "Alpha", "team_members": [{"user": "ada.17@example.com"}]}]}, "team_members is not available"),
    ({"projects": [{"name": "Alpha"}], "purge_project_members": True}, "purge_project_members is not available"),
    ({"tokens": [{"name": "t", "scopes": ["emails:send"]}], "token_secrets_dir": "/tmp/x"}, "scopes is not available"),
]


@pytest.mark.parametrize("config, message", OVERVIEW_ONLY, ids=[m.split(" is")[0] for _config, m in OVERVIEW_ONLY])
def test_overview_only_section_refused_before_any_request(live, tmp_path, config, message):
    import json

    result, output = run_live("account_baseline.yml", live, ["-e", json.dumps({"account_baseline_config": config})])
    assert result.returncode != 0
    assert message in output, output[-3000:]
    assert "nothing was changed" in output
    assert live.journal() == []


@pytest.mark.parametrize("config, message", [
    ({"account_accesses": [{"email": "ada.17@example.com", "permissions": [{"type": "account", "access": "viewer"}]}]},
     "account_accesses is not available in the overview dialect"),
    ({"tokens": [{"name": "t", "resources": [{"type": "account", "access": "viewer"}]}], "token_secrets_dir": "/tmp/x"},
     "resources is not available in the overview dialect"),
], ids=["account_accesses", "token resources"])
def test_live_only_section_refused_in_overview(live, config, message):
    import json

    result, output = run_live("account_baseline.yml", live, ["-e", json.dumps({"account_baseline_config": config})],
                              dialect="overview")
    assert result.returncode != 0
    assert message in output, output[-3000:]
    assert live.journal() == []


def test_bad_account_access_entry_refused_before_any_request(live):
    import json

    config = {"account_accesses": [{"email": "ada.17@example.com", "permissions": [{"type": "project", "name": "Alpha", "access": "owner"}]}]}
    result, output = run_live("account_baseline.yml", live, ["-e", json.dumps({"account_baseline_config": config})])
    assert result.returncode != 0
    assert "owner" in output and "admin, viewer" in output, output[-3000:]
    assert live.journal() == []
