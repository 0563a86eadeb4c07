# -*- coding: utf-8 -*-
"""Adopting an account: playbooks/export_baseline.yml on the rich seed, then the baseline applied.

- export reads only (journal: GETs), writes a vars file with a header saying what was left out;
- applying the exported file right away: changed=0 and not a single write;
- no token value anywhere (file, output);
- a live server too (its users, per-resource permissions, projects and tokens by resources).
"""

from __future__ import absolute_import, division, print_function

import os
import stat

import yaml

from adopt_helpers import assert_no_secret, export, playbook, recap, rich_emulator


def test_export_then_apply_changes_nothing(rich, tmp_path):
    target = tmp_path / "account.yml"
    rich.clear_journal()
    out_export = export(rich, target)
    assert [e for e in rich.journal() if e["method"] != "GET"] == []
    text = target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert text.startswith("# account_baseline_config exported by mailtrap.general.mailtrap_account_export")
    assert "# account: 1001 (Rich Example Co)" in text
    assert "tokens: Emulator owner token: the token this export ran with" in text
    assert "token secrets are never readable" in text

    config = yaml.safe_load(text)["account_baseline_config"]
    state = rich.state()
    assert sorted(u["email"] for u in config["users"]) == sorted(u["email"] for u in state["users"])
    assert len(config["users"]) >= 40 and len(config["projects"]) >= 10 and len(config["tokens"]) >= 10
    assert "Emulator owner token" not in [t["name"] for t in config["tokens"]]
    assert config["purge_users"] and config["purge_tokens"] and config["purge_projects"] and config["purge_project_members"]
    assert config["sso"]["state"] == "present" and config["security"]["require_2fa"] is True
    extra = [u for u in config["users"] if u["permissions"]]
    assert extra, "the rich seed has users with extra permissions"
    assert {s["permission"] for s in config["template_shares"]} == {"read", "write"}

    rich.clear_journal()
    result, out_apply = playbook("account_baseline.yml", rich, "-e", "@%s" % target, "--diff")
    assert result.returncode == 0, out_apply[-6000:]
    assert recap(out_apply)["changed"] == 0, out_apply[-6000:]
    writes = [e for e in rich.journal() if e["method"] != "GET"]
    assert writes == [], writes
    assert_no_secret(rich, text, out_export, out_apply)


def test_export_without_purge_and_some_sections(rich, tmp_path):
    target = tmp_path / "people.yml"
    export(rich, target, "-e", '{"export_sections": ["users", "projects"], "export_purge": false}')
    config = yaml.safe_load(target.read_text())["account_baseline_config"]
    assert sorted(config) == ["projects", "users"]


def test_export_needs_a_file(rich):
    rich.clear_journal()
    result, output = playbook("export_baseline.yml", rich)
    assert result.returncode != 0
    assert "Set export_file" in output
    assert rich.journal() == []


def test_live_export_then_apply_changes_nothing(tmp_path):
    """A live account (no api_dialect given: the server's answers say live) exported, then applied
    with the baseline playbook: changed=0 and not a single write."""
    server, control = rich_emulator("live")
    try:
        target = tmp_path / "live.yml"
        out_export = export(control, target)
        assert [e for e in control.journal() if e["method"] != "GET"] == []
        text = target.read_text()
        assert "api_dialect live" in text and "template_shares: the live API has no template sharing endpoints" in text
        assert "the account owner's access is read-only" in text and "Traceback" not in out_export
        exported = yaml.safe_load(text)
        assert exported["account_baseline_api_dialect"] == "live"
        config = exported["account_baseline_config"]
        assert sorted(config) == ["account_accesses", "projects", "purge_projects", "purge_tokens", "purge_users",
                                  "token_secrets_dir", "tokens", "users"]
        people = sorted(u["email"] for u in control.state()["users"])
        assert sorted(u["email"] for u in config["users"]) == people and len(people) >= 40
        assert len(config["projects"]) >= 10 and len(config["tokens"]) >= 10
        assert all("resources" in t and "scopes" not in t for t in config["tokens"])
        assert all(set(p) == {"name"} for p in config["projects"])
        assert any(a.get("exclusive") and any(g["type"] == "project" for g in a["permissions"]) for a in config["account_accesses"])

        control.clear_journal()
        result, out_apply = playbook("account_baseline.yml", control, "-e", "@%s" % target, "--diff")
        assert result.returncode == 0, out_apply[-6000:]
        assert recap(out_apply)["changed"] == 0, out_apply[-6000:]
        writes = [(e["method"], e["path"]) for e in control.journal() if e["method"] != "GET"]
        assert writes == [], writes
        assert_no_secret(control, text, out_export, out_apply)
    finally:
        server.stop()


# Text an account holds that anyone who can name a user, project or token chooses (hostile #13,
# findings 1 and 2): a line break meant to start a top-level variable of the exported file (the
# next apply would send the token to 127.0.0.1:9), and Jinja that the apply would template
# (a project named after the token, a token re-made as "49").
ODD_ACCOUNT = {
    "account": {"name": "Odd Co\nmailtrap_api_url: http://127.0.0.1:9/ #", "timezone": "America/Argentina/Buenos_Aires"},
    "users": [
        {"email": "Mixed.Case@Example.com", "role": "admin", "name": "{{ lookup('env', 'MAILTRAP_API_TOKEN') }}"},
        {"email": "jose@example.com", "role": "developer", "name": "Jos\u00e9 # not a comment"},
        {"email": "yes@example.com", "role": "viewer", "name": "null"},
    ],
    "tokens": [
        {"name": "evil\nmailtrap_api_url: http://127.0.0.1:9/steal", "scopes": ["emails:send"]},
        {"name": "{{ 7 * 7 }}", "scopes": ["templates:read"], "expires_at": "9999-12-31"},
        {"name": "{% raw %}x{# c #}\u2028y\r\nz", "scopes": ["templates:read"]},
    ],
    "projects": [
        {"name": "{{ lookup('env', 'MAILTRAP_API_TOKEN') }}", "team_members": [{"user_id": 2, "role": "manager"}]},
        {"name": "proj: x", "team_members": [{"user_id": 2, "role": "manager"}]},
    ],
}


def test_export_of_hostile_names_applies_as_data(rich, tmp_path):
    rich.seed(ODD_ACCOUNT)
    target = tmp_path / "odd.yml"
    out_export = export(rich, target)
    text = target.read_text()

    # Every header line is a comment, the account name escaped on its line; the file has one variable.
    header = text[:text.index("account_baseline_config:")]
    assert all(line.startswith("#") for line in header.splitlines()), header
    assert "# account: 1001 (Odd Co\\nmailtrap_api_url: http://127.0.0.1:9/ #), api_dialect overview" in header
    loaded = yaml.safe_load(text.replace("!unsafe ", ""))
    assert list(loaded) == ["account_baseline_config"]
    config = loaded["account_baseline_config"]
    assert config["account"]["name"] == ODD_ACCOUNT["account"]["name"]
    assert sorted(t["name"] for t in config["tokens"]) == sorted(t["name"] for t in ODD_ACCOUNT["tokens"])
    assert "- name: !unsafe '{{ 7 * 7 }}'" in text

    rich.clear_journal()
    result, out_apply = playbook("account_baseline.yml", rich, "-e", "@%s" % target, "--diff")
    assert result.returncode == 0, out_apply[-6000:]
    assert recap(out_apply)["changed"] == 0, out_apply[-6000:]
    assert [e for e in rich.journal() if e["method"] != "GET"] == []
    state = rich.state()
    assert "49" not in [t["name"] for t in state["tokens"]]
    assert_no_secret(rich, text, out_export, out_apply)
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" not in out_apply


def test_export_in_check_mode_says_nothing_was_written(rich, tmp_path):
    target = tmp_path / "check.yml"
    output = export(rich, target, "--check")
    assert not target.exists()
    assert "check mode: nothing was written; %s would hold" % target in output


def test_adopted_token_deleted_by_hand_is_made_again_with_its_secret_kept(rich, tmp_path):
    # hostile #13 finding 3: every exported token is secret_kept: false, so no secrets directory was
    # made, and the token the apply re-created lost its secret for good (re-runs: changed=0, silent).
    target = tmp_path / "account.yml"
    export(rich, target)
    gone = [t for t in rich.state()["tokens"] if t["name"] == "rich token 01"][0]
    assert rich.api("DELETE", "api_tokens/%d" % gone["id"]).status_code == 204

    result, output = playbook("account_baseline.yml", rich, "-e", "@%s" % target)
    assert result.returncode == 0, output[-6000:]
    secret_file = tmp_path / "token-secrets" / "rich_token_01"
    made = [t for t in rich.state()["tokens"] if t["name"] == "rich token 01"]
    assert len(made) == 1 and made[0]["id"] != gone["id"]
    assert secret_file.read_text() == made[0]["token"]
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert sorted(os.listdir(str(tmp_path / "token-secrets"))) == ["rich_token_01"]

    rich.clear_journal()
    result, output = playbook("account_baseline.yml", rich, "-e", "@%s" % target)
    assert result.returncode == 0 and recap(output)["changed"] == 0, output[-6000:]
    assert [e for e in rich.journal() if e["method"] != "GET"] == []

    # From now on its secret is kept like any other: a lost one is reported.
    secret_file.write_text("")
    result, output = playbook("account_baseline.yml", rich, "-e", "@%s" % target)
    assert result.returncode == 0, output[-6000:]
    assert "WARNING: the secret of token(s) rich token 01 is not in" in output


def _post(emulator, path, body):
    import json
    from urllib.request import Request, urlopen
    request = Request(emulator.url + "/api/accounts/1001/" + path, data=json.dumps(body).encode(), method="POST",
                      headers={"Api-Token": emulator.token, "Content-Type": "application/json"})
    with urlopen(request, timeout=10) as answer:
        return json.loads(answer.read().decode() or "null")


def test_export_of_an_empty_project_and_a_twice_named_token_applies_as_exported(rich, tmp_path):
    """Hostile #13 findings 4 and 5: an empty project exported a file the role refused (team_members: []
    next to purge_project_members); of two tokens of one name the file named the older, which the apply
    then revoked."""
    _post(rich, "projects", {"name": "Lonely"})
    older = _post(rich, "api_tokens", {"name": "dup", "scopes": ["emails:send"]})
    newer = _post(rich, "api_tokens", {"name": "dup", "scopes": ["templates:read"]})
    target = tmp_path / "account.yml"
    out_export = export(rich, target)
    text = target.read_text()
    config = yaml.safe_load(text)["account_baseline_config"]
    assert {"name": "Lonely"} in config["projects"]
    assert "projects: Lonely: team_members: the project has no members" in text
    dup = [t for t in config["tokens"] if t["name"] == "dup"]
    assert dup == [{"name": "dup", "secret_kept": False, "scopes": ["templates:read"]}], dup
    assert "REVOKES id %s" % older["id"] in text and "REVOKES id %s" % older["id"] in out_export

    rich.clear_journal()
    result, out_apply = playbook("account_baseline.yml", rich, "-e", "@%s" % target)
    assert result.returncode == 0, out_apply[-6000:]
    writes = [(e["method"], e["path"]) for e in rich.journal() if e["method"] != "GET"]
    # The one write is the revoke the file announced; the token it describes is kept.
    assert writes == [("DELETE", "/api/accounts/1001/api_tokens/%s" % older["id"])], writes
    assert newer["id"] in [t["id"] for t in rich.state()["tokens"]]
    result, out_again = playbook("account_baseline.yml", rich, "-e", "@%s" % target)
    assert result.returncode == 0 and recap(out_again)["changed"] == 0, out_again[-6000:]
