# -*- coding: utf-8 -*-
"""playbooks/usage_report.yml against the emulator's live dialect: the report is built from the
live billing/usage shape (per product, current/limit counters, no percentage_used), the
percentages are computed by the report, the threshold applies to the most used counter, and the
audit log (which the live API lacks) is not asked for."""

from __future__ import absolute_import, division, print_function

from live_support import live, live_server, run_live  # noqa: F401 pylint: disable=unused-import


def report(emulator, tmp_path, threshold, **kwargs):
    path = tmp_path / "report.md"
    result, output = run_live("usage_report.yml", emulator, ["-e", "usage_report_path=%s" % path,
                                                             "-e", "usage_report_threshold=%d" % threshold], **kwargs)
    return result, output, path


def test_report_from_live_usage(live, tmp_path):
    result, output, path = report(live, tmp_path, 90)
    assert result.returncode == 0, output[-6000:]
    text = path.read_text()
    # The rich seed: sending 52,000 of 100,000, testing 660 of 5,000, marketing 9,000 of 100,000.
    assert "| sending | Business 100K | sent_messages_count | 52,000 | 100,000 | 52.0% |" in text
    assert "| testing | Business | sent_messages_count | 660 | 5,000 | 13.2% |" in text
    assert "| marketing | Marketing Business | sent_messages_count | 9,000 | 100,000 | 9.0% |" in text
    assert "**OK**" in text and "the live API gives no percentage" in text
    assert "52.0% of the limit of the most used counter: sending sent_messages_count" in output
    assert [e["path"] for e in live.journal()] == ["/api/accounts/1001/billing/usage"]


def test_threshold_fails_on_the_most_used_counter(live, tmp_path):
    result, output, path = report(live, tmp_path, 50, dialect=None)  # auto: recognised from the answer's shape
    assert result.returncode != 0
    assert "at or above the threshold of 50%" in output, output[-3000:]
    assert "**OVER THRESHOLD**" in path.read_text()
    # auto asked the overview path first and switched on the server's dialect header; no audit log.
    paths = [e["path"] for e in live.journal()]
    assert paths[-1] == "/api/accounts/1001/billing/usage" and not [p for p in paths if "audit" in p], paths
