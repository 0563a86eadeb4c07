# -*- coding: utf-8 -*-
"""roles/account_baseline: what the role itself must refuse or guarantee (issue 11).

- a baseline that cannot be applied safely is refused before any request: purges over lists
  that keep nothing, permission sets that are not lists or hold unknown permissions, token names
  that share a secret file, a secret hook that does not exist;
- the secrets directory is ready before a token exists: an unusable one fails the run before
  any token is created;
- a token whose secret an earlier run lost is reported, and replaced when asked.
"""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest
import yaml

from test_playbooks import REPO, run_playbook
from test_baseline import assert_no_secret, recap

PLAYBOOK = os.path.join(REPO, "playbooks", "account_baseline.yml")
ROLE_VARS = os.path.join(REPO, "roles", "account_baseline", "vars", "main.yml")


def apply(emulator, tmp_path, config, *extra, **role_vars):
    vars_file = tmp_path / "baseline.yml"
    data = dict(role_vars, account_baseline_config=config)
    vars_file.write_text(yaml.safe_dump(data))
    result = run_playbook(PLAYBOOK, emulator.url, ["-e", "@%s" % vars_file] + list(extra))
    return result, result.stdout + result.stderr


def test_permission_vocabulary_matches_the_permission_model():
    sys.path.insert(0, REPO)
    from ansible_collections.mailtrap.general.plugins.module_utils import permissions

    with open(ROLE_VARS) as handle:
        role_vars = yaml.safe_load(handle)
    assert dict((k, sorted(v)) for k, v in role_vars["_account_baseline_scopes"].items()) == \
        dict((k, sorted(v)) for k, v in permissions.SCOPES.items())
    assert sorted(role_vars["_account_baseline_named_permissions"]) == sorted(permissions.NAMED_PERMISSIONS)


TOKEN = {"name": "ci-sending", "scopes": ["emails:send"]}

REFUSED = {
    # item 2: every entry commented out leaves `users:` null
    "purge_users_null": ({"users": None, "purge_users": True}, "purge_users is true but users keeps nothing"),
    "purge_users_empty": ({"users": [], "purge_users": True}, "purge_users is true but users keeps nothing"),
    "purge_projects_empty": ({"projects": [], "purge_projects": True}, "purge_projects is true but projects keeps nothing"),
    "purge_tokens_only_absent": ({"tokens": [{"name": "old", "state": "absent"}], "purge_tokens": True},
                                 "every entry has state: absent"),
    "purge_members_empty": ({"projects": [{"name": "Marketing", "team_members": []}], "purge_project_members": True},
                            "project 'Marketing' purges its members but lists none"),
    "exclusive_share_empty": ({"template_shares": [{"template": "Welcome", "users": [], "exclusive": True}]},
                              "template share 'Welcome' is exclusive but lists no user"),
    # item 17
    "set_is_string": ({"permission_sets": {"Support": "send_emails"}, "users": [{"email": "a@example.com", "permission_set": "Support"}]},
                      "permission_sets['Support'] must be a list of permissions"),
    "set_is_null": ({"permission_sets": {"Support": None}}, "permission_sets['Support'] must be a list of permissions"),
    "set_is_scope_map": ({"permission_sets": {"Support": {"emails": ["read"]}}}, "permission_sets['Support'] must be a list of permissions"),
    "set_misspelled": ({"account": {"name": "Renamed"},
                        "permission_sets": {"Marketing Manager": ["send_emails", "view_analytcs"]},
                        "users": [{"email": "mia@example.com", "role": "viewer", "permission_set": "Marketing Manager"}]},
                       "permission set 'Marketing Manager': unknown permission \"view_analytcs\""),
    "user_permission_misspelled": ({"users": [{"email": "mia@example.com", "permissions": ["emails:sned"]}]},
                                   "permissions of user mia@example.com: unknown permission \"emails:sned\""),
    "token_scope_misspelled": ({"tokens": [{"name": "t", "scopes": ["send_emial"]}], "token_secrets_dir": "/tmp/x"},
                               "scopes of token 't': unknown permission"),
    # item 7
    "token_files_clash": ({"tokens": [dict(TOKEN, name="ci/sending"), dict(TOKEN, name="ci_sending"), dict(TOKEN, name="ci sending")],
                           "token_secrets_dir": "/tmp/x"},
                          "would share the secret file \"ci_sending\""),
    "token_name_dotdot": ({"tokens": [dict(TOKEN, name="..")], "token_secrets_dir": "/tmp/x"}, "cannot name its secret file"),
    "token_name_dot": ({"tokens": [dict(TOKEN, name=" . ")], "token_secrets_dir": "/tmp/x"}, "cannot name its secret file"),
    # hostile re-run of issue 11, F3/F4: one file on macOS/Windows; a file name longer than 255 bytes
    "token_files_clash_by_case": ({"tokens": [dict(TOKEN, name="CI"), dict(TOKEN, name="ci")], "token_secrets_dir": "/tmp/x"},
                                  "tokens \"CI\" and \"ci\" would share the secret file \"ci\""),
    "token_name_too_long_for_a_file": ({"tokens": [dict(TOKEN, name="x" * 300)], "token_secrets_dir": "/tmp/x"},
                                       "gives a secret file name of 300 bytes, more than a file name may have (255)"),
    "token_without_destination": ({"tokens": [TOKEN]}, "need token_secrets_dir (or account_baseline_secret_tasks)"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_before_any_request(emulator, tmp_path, case):
    config, fragment = REFUSED[case]
    emulator.clear_journal()
    result, output = apply(emulator, tmp_path, config)
    assert result.returncode != 0, output[-3000:]
    assert fragment in output, output[-3000:]
    assert "nothing was changed" in output
    assert emulator.journal() == []


def test_missing_secret_hook_is_refused_before_any_request(emulator, tmp_path):
    emulator.clear_journal()
    result, output = apply(emulator, tmp_path, {"tokens": [TOKEN]},
                           account_baseline_secret_tasks=str(tmp_path / "no-such-file.yml"))
    assert result.returncode != 0
    assert "account_baseline_secret_tasks: no task file" in output
    assert emulator.journal() == []


def test_allow_empty_purge_passes_the_check(emulator, tmp_path):
    """With allow_empty_purge the role's check lets the purge through to the module, which gets allow_empty."""
    emulator.clear_journal()
    result, output = apply(emulator, tmp_path, {"users": [], "purge_users": True, "allow_empty_purge": True}, "--check", "-vvv")
    assert "account_baseline_config is inconsistent" not in output
    assert "'allow_empty': True" in output or '"allow_empty": true' in output, output[-3000:]
    assert [e for e in emulator.journal() if e["method"] != "GET"] == []


def test_unusable_secrets_dir_fails_before_any_token_is_created(emulator, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    emulator.clear_journal()
    result, output = apply(emulator, tmp_path, {"tokens": [TOKEN], "token_secrets_dir": str(blocker / "secrets")})
    assert result.returncode != 0
    assert [e for e in emulator.journal() if e["method"] != "GET"] == []
    assert not [t for t in emulator.state()["tokens"] if t["name"] == "ci-sending"]


def test_secret_files_are_reserved_and_lost_secrets_reported_then_replaced(emulator, tmp_path):
    secrets = tmp_path / "secrets"
    config = {"tokens": [TOKEN, {"name": "analytics", "scopes": ["view_analytics"]}], "token_secrets_dir": str(secrets)}
    first, out1 = apply(emulator, tmp_path, config)
    assert first.returncode == 0, out1[-4000:]
    live = dict((t["name"], t) for t in emulator.state()["tokens"])
    assert (secrets / "ci-sending").read_text() == live["ci-sending"]["token"]

    # An earlier run was killed between the token's creation and the write: its file is empty.
    (secrets / "ci-sending").write_text("")
    emulator.clear_journal()
    second, out2 = apply(emulator, tmp_path, config)
    assert second.returncode == 0, out2[-4000:]
    assert "WARNING: the secret of token(s) ci-sending is not in" in out2
    assert recap(out2)["changed"] == 0
    assert emulator.writes() == []

    emulator.clear_journal()
    config["rotate_tokens_missing_secret"] = True
    third, out3 = apply(emulator, tmp_path, config)
    assert third.returncode == 0, out3[-4000:]
    writes = ["%s %s" % (e["method"], e["path"].rsplit("/", 2)[-2:]) for e in emulator.writes()]
    assert len(writes) == 2, writes  # one create, one revoke: only the token that lost its secret
    now_live = [t for t in emulator.state()["tokens"] if t["name"] == "ci-sending"]
    assert len(now_live) == 1 and now_live[0]["id"] != live["ci-sending"]["id"]
    assert (secrets / "ci-sending").read_text() == now_live[0]["token"]
    assert (secrets / "analytics").read_text() == live["analytics"]["token"]
    for output in (out1, out2, out3):
        assert_no_secret(emulator, output)

    emulator.clear_journal()
    fourth, out4 = apply(emulator, tmp_path, config)
    assert fourth.returncode == 0 and recap(out4)["changed"] == 0 and emulator.writes() == [], out4[-3000:]
