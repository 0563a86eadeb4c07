# -*- coding: utf-8 -*-
"""playbooks/rotate_tokens.yml (role token_rotation) against the emulator's live dialect.

A token with an expiry that is due is replaced by a new token with the same resources and an
explicit expiry; a token without expiry whose secret an earlier run lost is reset with
``expires_at`` sent explicitly (null: it stays without expiry, not the API's one-year default).
A second run rotates nothing. The live listing has no created_at: an age criterion warns.
"""

from __future__ import absolute_import, division, print_function

import datetime
import json

from live_support import assert_no_secret, live, live_server, recap, run_live  # noqa: F401 pylint: disable=unused-import


def tokens(emulator):
    return {t["name"]: t for t in emulator.api("GET", "api_tokens").json()}


def rotate(emulator, tmp_path, **variables):
    variables.setdefault("token_rotation_secrets_dir", str(tmp_path / "secrets"))
    return run_live("rotate_tokens.yml", emulator, ["-e", json.dumps(variables)])


def test_due_token_replaced_with_its_resources_and_explicit_expiry(live, tmp_path):
    soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    resources = [{"resource_type": "project", "resource_id": 203, "access_level": 10}]
    created = live.api("POST", "api_tokens", json={"name": "deploy", "resources": resources, "expires_at": soon})
    assert created.status_code in (200, 201), created.text
    old_id = created.json()["id"]
    live.clear_journal()

    result, output = rotate(live, tmp_path, token_rotation_expiring_within_days=14, token_rotation_names=["deploy"])
    assert result.returncode == 0, output[-6000:]
    assert recap(output)["changed"] > 0
    posts = [e for e in live.writes() if e["method"] == "POST"]
    assert len(posts) == 1 and posts[0]["body"]["name"] == "deploy"
    assert posts[0]["body"]["resources"] == resources
    assert posts[0]["body"].get("expires_at"), "the new expiry must be sent explicitly"
    new = tokens(live)["deploy"]
    assert new["id"] != old_id and new["resources"] == resources
    secret = (tmp_path / "secrets" / "deploy").read_text()
    assert secret == {t["name"]: t["token"] for t in live.state()["tokens"]}["deploy"]
    assert_no_secret(live, output)

    live.clear_journal()
    again, output2 = rotate(live, tmp_path, token_rotation_expiring_within_days=14, token_rotation_names=["deploy"])
    assert again.returncode == 0, output2[-6000:]
    assert recap(output2)["changed"] == 0
    assert live.writes() == []


def test_token_without_expiry_is_reset_with_expires_at_sent(live, tmp_path):
    (tmp_path / "secrets").mkdir(mode=0o700)
    (tmp_path / "secrets" / "rich_token_01").write_text("")  # an earlier run lost this secret
    result, output = rotate(live, tmp_path, token_rotation_expiring_within_days=0, token_rotation_rotate_missing_secret=True,
                            token_rotation_names=["rich token 01"])
    assert result.returncode == 0, output[-6000:]
    resets = [e for e in live.writes() if e["path"].endswith("/reset")]
    assert len(resets) == 1 and resets[0]["body"] == {"expires_at": None}, live.writes()
    assert tokens(live)["rich token 01"]["expires_at"] is None
    assert (tmp_path / "secrets" / "rich_token_01").read_text()


def test_age_criterion_warns_in_live(live, tmp_path):
    result, output = rotate(live, tmp_path, token_rotation_expiring_within_days=0, token_rotation_older_than_days=30,
                            token_rotation_names=["rich token 01"])
    assert result.returncode == 0, output[-6000:]
    assert "cannot judge token(s) rich token 01" in output
    assert live.writes() == []


def test_age_warning_leaves_out_the_token_in_use(live, tmp_path):
    """Hostile re-run of issue 11, F7: the warning named the role's own token, which is never rotated."""
    result, output = rotate(live, tmp_path, token_rotation_expiring_within_days=0, token_rotation_older_than_days=30)
    assert result.returncode == 0, output[-6000:]
    warning = [line for line in output.splitlines() if "cannot judge token(s)" in line]
    assert warning and "rich token 01" in warning[0], output[-6000:]
    assert "Emulator owner token" not in warning[0], warning[0]


def test_check_mode_writes_nothing(live, tmp_path):
    result, output = rotate(live, tmp_path, token_rotation_expiring_within_days=400)
    assert result.returncode == 0, output[-6000:]
    live.clear_journal()
    extra = json.dumps({"token_rotation_secrets_dir": str(tmp_path / "s2"), "token_rotation_expiring_within_days": 4000})
    result, output = run_live("rotate_tokens.yml", live, ["-e", extra, "--check"])
    assert result.returncode == 0, output[-6000:]
    assert live.writes() == []
