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


def token_gets(emulator):
    return [e for e in emulator.journal() if e["method"] == "GET" and e["path"].endswith("/api_tokens")]


def test_null_expiring_within_days_disables_the_criterion(emulator, tmp_path):
    """Issue 11: the docs say null disables token_rotation_expiring_within_days; the argument spec refused it."""
    emulator.seed({"tokens": [{"name": "soon", "scopes": ["emails:send"], "created_at": iso(-10), "expires_at": iso(3)}]})
    emulator.clear_journal()
    result, output = rotate(emulator, tmp_path / "secrets", "-e", '{"token_rotation_expiring_within_days": null}')
    assert result.returncode == 0, output[-3000:]
    assert emulator.writes() == [] and len(live(emulator, "soon")) == 1
    # The default (14) still selects it.
    result, output = rotate(emulator, tmp_path / "secrets")
    assert result.returncode == 0, output[-3000:]
    assert [e["method"] for e in emulator.writes()] == ["POST", "DELETE"]


def test_a_rotation_reads_the_tokens_once_per_task(emulator, tmp_path):
    """Issue 11 item 4 (docs/performance.md: <= 1 GET per collection per task): the module listed the tokens twice."""
    emulator.seed({"tokens": [{"name": name, "scopes": ["emails:send"], "created_at": iso(-10), "expires_at": iso(3)}
                              for name in ("a", "b")]})
    emulator.clear_journal()
    result, output = rotate(emulator, tmp_path / "secrets")
    assert result.returncode == 0, output[-3000:]
    assert [e["method"] for e in emulator.writes()] == ["POST", "DELETE"] * 2
    # mailtrap_token_info once, then mailtrap_token once per rotated token: one GET each.
    assert len(token_gets(emulator)) == 3


def test_a_rotation_whose_revoke_failed_is_finished_by_the_next_run(emulator, tmp_path):
    """Issue 11 F3: the new token was made and its secret kept, the revoke of the old one failed, and every later
    run only warned. The next run revokes the superseded token (changed), keeps the new one and its secret."""
    emulator.seed({"tokens": [{"name": "ci", "scopes": ["emails:send"], "created_at": iso(-100), "expires_at": iso(3)}]})
    old = live(emulator, "ci")[0]
    secrets = tmp_path / "secrets"
    emulator.fault(kind="status", status=500, method="DELETE", path="api_tokens/\\d+$", count=1)
    first, out1 = rotate(emulator, secrets)
    emulator.clear_faults()
    assert first.returncode != 0 and "Rotation failed for" in out1, out1[-3000:]
    new = max(live(emulator, "ci"), key=lambda t: t["id"])
    assert len(live(emulator, "ci")) == 2 and (secrets / "ci").read_text() == new["token"]  # the secret was kept

    emulator.clear_journal()
    second, out2 = rotate(emulator, secrets)
    assert second.returncode == 0, out2[-3000:]
    assert recap(out2)["changed"] > 0
    assert [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in emulator.writes()] == [("DELETE", str(old["id"]))]
    assert [t["id"] for t in live(emulator, "ci")] == [new["id"]] and (secrets / "ci").read_text() == new["token"]
    assert '"duplicates_revoked"' in out2 and str(old["id"]) in out2.split('"duplicates_revoked"')[1][:200]
    assert '"fading": []' in out2  # the revoked duplicate is not reported as a fading token

    emulator.clear_journal()
    third, out3 = rotate(emulator, secrets)
    assert third.returncode == 0 and recap(out3)["changed"] == 0 and emulator.writes() == [], out3[-3000:]
    for output in (out1, out2, out3):
        assert_no_secret(emulator, output)


def test_two_tokens_of_one_name_converge_on_the_one_whose_secret_is_stored(emulator, tmp_path):
    """Issue 11 F8 / item 6: two runs rotated the same token at once; the secret file holds the secret of the
    older new token. The next run keeps that one (not the newest) and revokes the other; check mode predicts it."""
    emulator.seed({"tokens": [{"name": "ci", "scopes": ["emails:send"], "created_at": iso(-1), "expires_at": iso(60)}]})
    stored = live(emulator, "ci")[0]
    other = emulator.api("POST", "api_tokens", json={"name": "ci", "scopes": ["emails:send"], "expires_at": iso(60)}).json()
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "ci").write_text(stored["token"] + "\n")

    emulator.clear_journal()
    check, out0 = rotate(emulator, secrets, "--check")
    assert check.returncode == 0 and recap(out0)["changed"] > 0 and emulator.writes() == [], out0[-3000:]

    first, out1 = rotate(emulator, secrets)
    assert first.returncode == 0, out1[-3000:]
    assert [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in emulator.writes()] == [("DELETE", str(other["id"]))]
    assert [t["id"] for t in live(emulator, "ci")] == [stored["id"]]
    assert (secrets / "ci").read_text() == stored["token"] + "\n"

    emulator.clear_journal()
    second, out2 = rotate(emulator, secrets)
    assert second.returncode == 0 and recap(out2)["changed"] == 0 and emulator.writes() == [], out2[-3000:]
    for output in (out0, out1, out2):
        assert_no_secret(emulator, output)
