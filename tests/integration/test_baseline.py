# -*- coding: utf-8 -*-
"""playbooks/account_baseline.yml with the example vars, as a user runs it.

- applied twice: the second run's PLAY RECAP says changed=0 and it sends no write;
- --check on a fresh account: zero writes;
- a malformed vars file: rejected by the role's argument spec, zero requests;
- token secrets: only in files with mode 0600, never in the output.
"""

from __future__ import absolute_import, division, print_function

import os
import re
import stat

from test_playbooks import REPO, known_secrets, run_playbook

PLAYBOOK = os.path.join(REPO, "playbooks", "account_baseline.yml")
EXAMPLE = os.path.join(REPO, "playbooks", "vars", "example_baseline.yml")
RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def recap(output):
    """PLAY RECAP counters of localhost: {'ok': n, 'changed': n, 'unreachable': n, 'failed': n}."""
    found = [m for m in RECAP.finditer(output) if m.group(1) == "localhost"]
    assert found, "no PLAY RECAP in the output:\n" + output[-3000:]
    ok, changed, unreachable, failed = (int(x) for x in found[-1].groups()[1:])
    return dict(ok=ok, changed=changed, unreachable=unreachable, failed=failed)


def baseline(emulator, tmp_path, *extra):
    args = ["-e", "@" + EXAMPLE, "-e", "mailtrap_token_secrets_dir=%s" % (tmp_path / "secrets")] + list(extra)
    result = run_playbook(PLAYBOOK, emulator.url, args)
    return result, result.stdout + result.stderr


def assert_no_secret(emulator, output):
    secrets = known_secrets(emulator.state()) | {emulator.token}
    leaked = [s[:4] + "..." for s in secrets if s in output]
    assert not leaked, "token values appear in the output: %s" % leaked


def test_applied_twice_second_run_changes_nothing(emulator, tmp_path):
    emulator.clear_journal()
    first, out1 = baseline(emulator, tmp_path)
    assert first.returncode == 0, out1[-6000:]
    assert recap(out1)["changed"] > 0
    assert emulator.writes(), "the first run wrote nothing"

    emulator.clear_journal()
    second, out2 = baseline(emulator, tmp_path, "--diff")
    assert second.returncode == 0, out2[-6000:]
    counters = recap(out2)
    assert counters["changed"] == 0 and counters["failed"] == 0, out2[-4000:]
    assert emulator.writes() == []

    # The users section is one bulk call: one POST per new user, all from one task.
    state = emulator.state()
    emails = sorted(u["email"] for u in state["users"])
    assert emails == ["alice@example.com", "bob@example.com", "mia@example.com", "owner@example.com",
                      "sam@example.com"]

    secrets_dir = tmp_path / "secrets"
    files = sorted(p.name for p in secrets_dir.iterdir())
    assert files == ["analytics-export", "ci-sending"]
    values = {t["name"]: t["token"] for t in state["tokens"]}
    for name in files:
        path = secrets_dir / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text() == values[name]
    for output in (out1, out2):
        assert_no_secret(emulator, output)


def test_check_mode_writes_nothing(emulator, tmp_path):
    emulator.clear_journal()
    result, output = baseline(emulator, tmp_path, "--check", "--diff")
    assert result.returncode == 0, output[-6000:]
    assert recap(output)["changed"] > 0
    journal = emulator.journal()
    assert journal and all(e["method"] == "GET" for e in journal), [e for e in journal if e["method"] != "GET"]
    assert not (tmp_path / "secrets").exists()
    assert_no_secret(emulator, output)


def test_malformed_vars_file_is_rejected_before_any_request(emulator, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "account_baseline_config:\n"
        "  users:\n"
        "    - email: alice@example.com\n"
        "      role: superuser\n"
        "  security:\n"
        "    require_2fa: maybe\n"
        "  tokenz: []\n"
    )
    emulator.clear_journal()
    result = run_playbook(PLAYBOOK, emulator.url, ["-e", "@%s" % bad])
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Validation of arguments failed" in output
    for problem in ("superuser", "require_2fa", "tokenz"):
        assert problem in output, problem
    assert emulator.journal() == []
