# -*- coding: utf-8 -*-
"""roles/token_rotation through playbooks/rotate_tokens.yml (issue 11).

- a re-run within the API's five-minute reset grace period rotates nothing: the old token, still
  listed with its old created_at, is fading and skipped, the new one is recognised by id;
- tokens whose names give one secret file are refused before anything is rotated;
- a secret file left empty by an interrupted run is reported, and rotated again when asked.
"""

from __future__ import absolute_import, division, print_function

import datetime
import os

from test_playbooks import REPO, run_playbook
from test_baseline import assert_no_secret, recap

PLAYBOOK = os.path.join(REPO, "playbooks", "rotate_tokens.yml")


def iso(days_from_now, millis=False):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days_from_now)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (".250Z" if millis else "Z")


def rotate(emulator, secrets_dir, *extra):
    args = ["-e", "token_rotation_secrets_dir=%s" % secrets_dir, "-e", "token_rotation_older_than_days=90"] + list(extra)
    result = run_playbook(PLAYBOOK, emulator.url, args)
    return result, result.stdout + result.stderr


def live(emulator, name):
    return [t for t in emulator.state()["tokens"] if t["name"] == name]


def test_rerun_within_the_reset_grace_period_rotates_nothing(emulator, tmp_path):
    # A token without expiry, 100 days old: rotated through the API's reset, whose old token keeps
    # working (and stays listed, with its old created_at) for five minutes.
    emulator.seed({"tokens": [{"name": "webapp", "scopes": ["emails:send"], "created_at": iso(-100, millis=True)}]})
    secrets = tmp_path / "secrets"
    emulator.clear_journal()
    first, out1 = rotate(emulator, secrets)
    assert first.returncode == 0, out1[-4000:]
    assert recap(out1)["changed"] > 0
    assert [e["path"].rsplit("/", 1)[-1] for e in emulator.writes()] == ["reset"]
    tokens = sorted(live(emulator, "webapp"), key=lambda t: t["id"])
    assert len(tokens) == 2 and tokens[0]["expires_at"]  # the old one is fading
    new_secret = tokens[1]["token"]
    assert (secrets / "webapp").read_text() == new_secret

    emulator.clear_journal()
    second, out2 = rotate(emulator, secrets)
    assert second.returncode == 0, out2[-4000:]
    assert recap(out2)["changed"] == 0, out2[-4000:]
    assert emulator.writes() == []
    assert (secrets / "webapp").read_text() == new_secret
    assert '"fading": [\n            "webapp"' in out2 or "'fading': ['webapp']" in out2 or '"webapp"' in out2.split('"fading"')[1][:80]
    for output in (out1, out2):
        assert_no_secret(emulator, output)


def test_names_sharing_a_secret_file_are_refused_before_any_rotation(emulator, tmp_path):
    emulator.seed({"tokens": [{"name": name, "scopes": ["emails:send"], "created_at": iso(-100), "expires_at": iso(3)}
                              for name in ("ci/sending", "ci_sending")]})
    emulator.clear_journal()
    result, output = rotate(emulator, tmp_path / "secrets")
    assert result.returncode != 0
    assert "would share the secret file \"ci_sending\"" in output, output[-3000:]
    assert emulator.writes() == []
    # Excluding one of them lets the other be rotated.
    result, output = rotate(emulator, tmp_path / "secrets", "-e", '{"token_rotation_exclude": ["ci/sending"]}')
    assert result.returncode == 0, output[-3000:]
    assert (tmp_path / "secrets" / "ci_sending").read_text() == max(live(emulator, "ci_sending"), key=lambda t: t["id"])["token"]


def test_an_empty_secret_file_is_reported_and_rotated_when_asked(emulator, tmp_path):
    emulator.seed({"tokens": [{"name": "reports", "scopes": ["view_analytics"], "created_at": iso(-10), "expires_at": iso(80)}]})
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "reports").write_text("")  # reserved by a run that was killed before it wrote the secret
    emulator.clear_journal()
    result, output = rotate(emulator, secrets)
    assert result.returncode == 0, output[-3000:]
    assert "WARNING: the secret file of token(s) reports" in output
    assert emulator.writes() == []

    result, output = rotate(emulator, secrets, "-e", "token_rotation_rotate_missing_secret=true")
    assert result.returncode == 0, output[-3000:]
    newest = max(live(emulator, "reports"), key=lambda t: t["id"])
    assert (secrets / "reports").read_text() == newest["token"]
    assert_no_secret(emulator, output)
