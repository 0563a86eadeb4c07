# -*- coding: utf-8 -*-
"""The live API reports levels and types it does not let anyone grant (the spec's AccountAccess:
access_level 50 "viewer+" and 1 "indeterminate", resource_type "organization"); the rich live
seed has them (leslie.14: 50 on a domain; katherine.28: 1 on organization 9001). The collection
reads them, names them, and leaves them alone when it sets someone's permissions."""

from __future__ import absolute_import, division, print_function

from live_support import live, live_server, recap  # noqa: F401 pylint: disable=unused-import
from test_playbooks import run_playbook

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - mailtrap.general.mailtrap_account_access_info:
      register: accesses
    - mailtrap.general.mailtrap_user_info:
      register: users
    - ansible.builtin.debug:
        msg: >-
          LEVEL {{ item.specifier.email }} {{ item.resources | map(attribute='resource_type') | join(',') }}
          {{ item.resources | map(attribute='access_level_name') | join(',') }}
      loop: "{{ accesses.account_accesses | selectattr('specifier.email', 'in', ['leslie.14@example.com', 'katherine.28@example.com']) | list }}"
      loop_control:
        label: "{{ item.specifier.email }}"
    - ansible.builtin.debug:
        msg: "ROLE {{ item.email }} {{ item.role }}"
      loop: "{{ users.users | selectattr('email', 'in', ['leslie.14@example.com', 'katherine.28@example.com']) | list }}"
      loop_control:
        label: "{{ item.email }}"
    - mailtrap.general.mailtrap_account_access:
        email: "{{ person }}"
        permissions:
          - {type: account, access: viewer}
        exclusive: true
"""


def grants(emulator, email):
    found = next(a for a in emulator.api("GET", "account_accesses").json() if a["specifier"]["email"] == email)
    return sorted((r["resource_type"], r["resource_id"], r["access_level"]) for r in found["resources"])


def run(emulator, tmp_path, person, *extra):
    playbook = tmp_path / "levels.yml"
    playbook.write_text(PLAY)
    result = run_playbook(str(playbook), emulator.url, ["-e", "person=" + person] + list(extra),
                          extra_env={"MAILTRAP_API_DIALECT": "live"})
    return result, result.stdout + result.stderr


def test_viewer_plus_and_indeterminate_are_read_and_named(live, tmp_path):
    result, output = run(live, tmp_path, "katherine.28@example.com", "--check")
    assert result.returncode == 0, output[-6000:]
    assert "LEVEL leslie.14@example.com account,project,project,domain viewer,viewer,admin,developer" in output, output[-4000:]
    assert "LEVEL katherine.28@example.com account,project,organization viewer,viewer,indeterminate" in output, output[-4000:]
    assert "ROLE leslie.14@example.com viewer" in output and "ROLE katherine.28@example.com viewer" in output
    assert "Traceback" not in output


def test_exclusive_permissions_leave_the_organization_grant_alone(live, tmp_path):
    assert ("organization", 9001, 1) in grants(live, "katherine.28@example.com")
    result, output = run(live, tmp_path, "katherine.28@example.com")
    assert result.returncode == 0, output[-6000:]
    assert recap(output)["changed"] == 1  # project 209 is taken away, not the organization
    assert grants(live, "katherine.28@example.com") == [("account", 1001, 10), ("organization", 9001, 1)]
    bulk = [e["body"] for e in live.writes()]
    assert bulk == [{"permissions": [{"resource_type": "project", "resource_id": "209", "_destroy": True}]}], bulk
    live.clear_journal()
    again, output2 = run(live, tmp_path, "katherine.28@example.com")
    assert again.returncode == 0 and recap(output2)["changed"] == 0, output2[-4000:]
    assert live.writes() == []


def test_exclusive_permissions_take_a_viewer_plus_grant_away(live, tmp_path):
    assert ("domain", 5001, 50) in grants(live, "leslie.14@example.com")
    result, output = run(live, tmp_path, "leslie.14@example.com")
    assert result.returncode == 0, output[-6000:]
    assert recap(output)["changed"] == 1
    assert grants(live, "leslie.14@example.com") == [("account", 1001, 10)]
    again, output2 = run(live, tmp_path, "leslie.14@example.com")
    assert again.returncode == 0 and recap(output2)["changed"] == 0, output2[-4000:]
