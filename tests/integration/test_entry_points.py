# -*- coding: utf-8 -*-
"""Failure paths of the ready-to-run playbooks that a target playbook cannot assert on itself."""

from __future__ import absolute_import, division, print_function

import os

from test_playbooks import REPO, run_playbook

PLAYBOOKS = os.path.join(REPO, "playbooks")


def test_usage_report_fails_above_threshold_but_writes_the_report(emulator, tmp_path):
    report = tmp_path / "report.md"
    result = run_playbook(os.path.join(PLAYBOOKS, "usage_report.yml"), emulator.url,
                          ["-e", "usage_report_threshold=40", "-e", "usage_report_path=%s" % report])
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Usage is 45% of the plan, at or above the threshold of 40%" in output
    assert "OVER THRESHOLD" in report.read_text()
    assert emulator.writes() == []


def test_usage_report_example_vars(emulator, tmp_path):
    report = tmp_path / "example.md"
    result = run_playbook(os.path.join(PLAYBOOKS, "usage_report.yml"), emulator.url,
                          ["-e", "@" + os.path.join(PLAYBOOKS, "vars", "example_usage_report.yml"),
                           "-e", "usage_report_path=%s" % report])
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "**OK**" in report.read_text()


def test_offboard_rejects_a_bad_email_before_any_request(emulator):
    emulator.clear_journal()
    result = run_playbook(os.path.join(PLAYBOOKS, "offboard_user.yml"), emulator.url,
                          ["-e", "offboard_email=not-an-address"])
    assert result.returncode != 0
    assert "offboard_email must be the e-mail address" in result.stdout + result.stderr
    assert emulator.journal() == []


def test_rotate_tokens_example_vars(emulator, tmp_path):
    result = run_playbook(os.path.join(PLAYBOOKS, "rotate_tokens.yml"), emulator.url,
                          ["-e", "@" + os.path.join(PLAYBOOKS, "vars", "example_rotate_tokens.yml"),
                           "-e", "token_rotation_secrets_dir=%s" % (tmp_path / "s")])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Emulator owner token" in output  # reported as skipped (the token in use)
    assert emulator.writes() == []
