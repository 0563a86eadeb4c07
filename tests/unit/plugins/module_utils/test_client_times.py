# -*- coding: utf-8 -*-
"""times.py: every date a user can write either parses or gives a ValueError to show."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils import times


@pytest.mark.parametrize("value,fragment", [
    ("9999-12-31T23:00:00-05:00", "out of range"),   # #11 item 15: was OverflowError
    ("0001-01-01T00:30:00+01:00", "out of range"),
    ("10000-01-01", "years must lie between 1 and 9999"),
    ("10000-01-01T00:00:00Z", "years must lie between 1 and 9999"),
    ("2025-02-30", "day is out of range"),
    ("2025-01-01T25:00:00Z", "not a valid date or time"),
    ("2025-01-01T10:00:00+24:00", "invalid UTC offset"),
    ("tomorrow", "neither a date"),
    (20250101, "as a string"),
])
def test_dates_that_cannot_be_held_give_a_value_error(value, fragment):
    with pytest.raises(ValueError) as error:
        times.parse_time(value)
    assert fragment in str(error.value)


def test_fractional_seconds_are_parsed():
    moment = times.parse_time("2026-01-01T10:00:00.123456789+02:00")
    assert moment == datetime.datetime(2026, 1, 1, 8, 0, 0, 123456, tzinfo=times.UTC)
    assert times.format_time(moment) == "2026-01-01T08:00:00.123456Z"


def test_an_expiry_is_sent_and_compared_at_whole_seconds():
    """#11 item 13: sent truncated and compared untruncated, so recreated on every run."""
    given = times.parse_time("2026-06-01T12:00:00.750Z")
    sent = times.format_expiry(given)
    assert sent == "2026-06-01T12:00:00Z"
    assert times.parse_time(sent) == times.whole_seconds(given)


def test_huge_day_counts_give_a_value_error():
    now = times.parse_time("2026-01-01")
    with pytest.raises(ValueError) as error:
        times.add_days(now, 3000000)
    assert "3000000 days from 2026-01-01T00:00:00Z is out of range" in str(error.value)
    with pytest.raises(ValueError):
        times.add_days(now, -3000000)
    assert times.add_days(now, 31) == times.parse_time("2026-02-01")


def test_naive_and_aware_datetimes_come_back_in_utc():
    naive = datetime.datetime(2026, 1, 1, 12, 0)
    assert times.parse_time(naive).tzinfo == times.UTC
    paris = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert times.parse_time(paris) == datetime.datetime(2026, 1, 1, 11, 0, tzinfo=times.UTC)
    with pytest.raises(ValueError):
        times.parse_time(datetime.datetime(9999, 12, 31, 23, tzinfo=datetime.timezone(-datetime.timedelta(hours=5))))
