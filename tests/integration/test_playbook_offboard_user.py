# -*- coding: utf-8 -*-
"""playbooks/offboard_user.yml: refuses before any write when it could not finish, and checks the
baseline vars it is given for the person (issue 11, item 5)."""

from __future__ import absolute_import, division, print_function

import os

import yaml

from test_playbooks import REPO, run_playbook

PLAYBOOK = os.path.join(REPO, "playbooks", "offboard_user.yml")

SETUP = """
- hosts: localhost
  gather_facts: false
  tasks:
    - mailtrap.general.mailtrap_users:
        users:
          - {email: mia@example.com, role: admin}
          - {email: alice@example.com, role: developer}
    - mailtrap.general.mailtrap_project:
        name: "{{ item }}"
        team_members:
          - {user: owner@example.com, role: manager}
          - {user: mia@example.com, role: manager}
          - {user: alice@example.com}
      loop: [Marketing, Newsletters]
    - mailtrap.general.mailtrap_template_share:
        template: Welcome
        users: [owner@example.com, mia@example.com]
"""


def setup(emulator, tmp_path):
    playbook = tmp_path / "setup.yml"
    playbook.write_text(SETUP)
    result = run_playbook(str(playbook), emulator.url)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    emulator.clear_journal()


def offboard(emulator, *args):
    result = run_playbook(PLAYBOOK, emulator.url, list(args))
    return result, result.stdout + result.stderr


def test_last_owner_is_refused_before_any_write(emulator, tmp_path):
    setup(emulator, tmp_path)
    before = emulator.state()
    result, output = offboard(emulator, "-e", "offboard_email=Owner@example.com")
    assert result.returncode != 0
    assert "is the last active owner of the account" in output, output[-3000:]
    assert "Nothing was changed." in output
    assert emulator.writes() == []
    after = emulator.state()
    assert after["projects"] == before["projects"]


def test_still_in_the_baseline_warns_or_fails(emulator, tmp_path):
    setup(emulator, tmp_path)
    baseline = tmp_path / "baseline.yml"
    baseline.write_text(yaml.safe_dump({"account_baseline_config": {
        "users": [{"email": "MIA@example.com", "role": "admin"}, {"email": "alice@example.com"}],
        "projects": [{"name": "Marketing", "team_members": [{"user": "mia@example.com", "role": "manager"}]}],
        "template_shares": [{"template": "Welcome", "users": ["mia@example.com"]}],
        "token_secrets_dir": "{{ playbook_dir }}/never-rendered",
    }}))
    result, output = offboard(emulator, "-e", "offboard_email=mia@example.com", "-e", "offboard_baseline_vars=%s" % baseline,
                              "-e", "offboard_fail_if_in_baseline=true")
    assert result.returncode != 0
    assert "is still in %s (users, members of project 'Marketing', template share 'Welcome')" % baseline in output, output[-3000:]
    assert emulator.journal() == []

    result, output = offboard(emulator, "-e", "offboard_email=mia@example.com", "-e", "offboard_baseline_vars=%s" % baseline, "--diff")
    assert result.returncode == 0, output[-3000:]
    assert "WARNING: mia@example.com is still in" in output
    assert "mia@example.com" not in [u["email"] for u in emulator.state()["users"]]
    # The project diff names who stays by e-mail.
    assert '"email": null' not in output


def test_only_manager_warns_or_is_refused(emulator, tmp_path):
    playbook = tmp_path / "setup.yml"
    playbook.write_text(SETUP.replace("{user: owner@example.com, role: manager}", "{user: owner@example.com}"))
    assert run_playbook(str(playbook), emulator.url).returncode == 0
    emulator.clear_journal()
    result, output = offboard(emulator, "-e", "offboard_email=mia@example.com", "-e", "offboard_keep_a_manager=true")
    assert result.returncode != 0
    assert "is the only manager of project(s) Marketing, Newsletters" in output, output[-3000:]
    assert emulator.writes() == []
    result, output = offboard(emulator, "-e", "offboard_email=mia@example.com")
    assert result.returncode == 0, output[-3000:]
    assert "WARNING: after this, project(s) Marketing, Newsletters have members but no manager." in output


def test_the_user_of_the_runs_token_is_refused_before_any_write(emulator, tmp_path):
    """Hostile pass F2: with a second active owner, offboarding the token's own user used to remove
    them from every project first and then refuse the removal, leaving the projects changed."""
    members = [dict(user_id=1, role="manager"), dict(user_id=3, role="contributor")]
    emulator.seed({"users": [dict(email="mia@example.com", role="owner"), dict(email="alice@example.com", role="developer")],
                   "projects": [dict(name="Marketing", team_members=members)]})
    emulator.clear_journal()
    before = emulator.state()
    result, output = offboard(emulator, "-e", "offboard_email=owner@example.com")
    assert result.returncode != 0
    assert "locked out" in output, output[-3000:]
    assert emulator.writes() == []
    assert emulator.state()["projects"] == before["projects"]
