# -*- coding: utf-8 -*-
"""mailtrap_notifications against the in-process emulator."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

DEFAULTS = {"low_credits": True, "weekly_report": False, "bounce_alerts": True, "threshold_percentage": 80}


def test_update_sends_only_the_given_keys(run_module, emulator):
    result = run_module("mailtrap_notifications", dict(weekly_report=True, threshold_percentage=95))
    assert result["changed"]
    assert result["notifications"] == dict(DEFAULTS, weekly_report=True, threshold_percentage=95)
    assert emulator.sequence() == ["GET A/notifications", "PUT A/notifications"]
    assert emulator.writes()[0]["body"] == {"weekly_report": True, "threshold_percentage": 95}


def test_only_changed_keys_are_sent(run_module, emulator):
    run_module("mailtrap_notifications", dict(low_credits=True, bounce_alerts=False))
    assert emulator.writes()[0]["body"] == {"bounce_alerts": False}


def test_rerun_is_unchanged(run_module, emulator):
    args = dict(low_credits=False, weekly_report=True, bounce_alerts=False, threshold_percentage=0)
    assert run_module("mailtrap_notifications", args)["changed"]
    emulator.clear_journal()
    result = run_module("mailtrap_notifications", args)
    assert not result["changed"] and result["notifications"] == args
    assert not run_module("mailtrap_notifications", {})["changed"]
    assert emulator.sequence() == ["GET A/notifications", "GET A/notifications"]


def test_check_mode_and_diff(run_module, emulator):
    result = run_module("mailtrap_notifications", dict(threshold_percentage=50), check_mode=True, diff=True)
    assert result["changed"] and result["notifications"]["threshold_percentage"] == 50
    assert result["diff"] == {"before": DEFAULTS, "after": dict(DEFAULTS, threshold_percentage=50)}
    assert emulator.sequence() == ["GET A/notifications"]
    assert emulator.state()["notifications"] == DEFAULTS


def test_update_and_undo(run_module, emulator):
    run_module("mailtrap_notifications", dict(bounce_alerts=False))
    result = run_module("mailtrap_notifications", dict(bounce_alerts=True), diff=True)
    assert result["changed"] and result["diff"]["before"]["bounce_alerts"] is False
    assert emulator.state()["notifications"] == DEFAULTS


@pytest.mark.parametrize("args, message", [
    (dict(threshold_percentage=101), "threshold_percentage must be between 0 and 100, got 101"),
    (dict(threshold_percentage=-1), "between 0 and 100"),
    (dict(threshold_percentage="lots"), "threshold_percentage"),
    (dict(weekly_report="sometimes"), "weekly_report"),
    (dict(daily_report=True), "Unsupported parameters"),
])
def test_bad_input_fails_before_any_request(run_module, emulator, args, message):
    result = run_module("mailtrap_notifications", args)
    assert result["failed"] and message in result["msg"], result["msg"]
    assert emulator.journal() == []
