# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dates and times as the API and the modules' options spell them, as aware UTC datetimes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

UTC = datetime.timezone.utc
LATEST = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)


def utc_now():
    return datetime.datetime.now(UTC)


def parse_time(value, end_of_day=False):
    """``YYYY-MM-DD`` or an ISO 8601 time (fractional seconds kept) → aware UTC datetime.

    A date means midnight UTC, or 23:59:59 with ``end_of_day`` (an inclusive upper bound).
    A time without an offset is taken as UTC. Raises ValueError, with a message that can be
    shown as it is, for anything else, including dates Python cannot represent.
    """
    if isinstance(value, datetime.datetime):
        return _to_utc(value if value.tzinfo else value.replace(tzinfo=UTC), value)
    if not isinstance(value, str):
        raise ValueError("expected a date or time as a string, got %r" % (value,))
    text = value.strip()
    match = _DATE_RE.match(text)
    if match:
        moment = _build(value, *(int(g) for g in match.groups()))
        return moment.replace(hour=23, minute=59, second=59) if end_of_day else moment
    match = _TIME_RE.match(text)
    if not match and re.match(r"^[+-]?\d{5,}-", text):
        raise ValueError("%r is out of range: years must lie between 1 and 9999" % value)
    if not match:
        raise ValueError("%r is neither a date (YYYY-MM-DD) nor an ISO 8601 time (YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|+HH:MM])"
                         % value)
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0").ljust(6, "0"))
    moment = _build(value, int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro,
                    tz=_offset(value, offset))
    return _to_utc(moment, value)


def _offset(value, offset):
    if not offset or offset in ("Z", "z"):
        return UTC
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError("%r has an invalid UTC offset" % value)
    return datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))


def _build(value, *fields, **kwargs):
    try:
        return datetime.datetime(*fields, tzinfo=kwargs.get("tz", UTC))
    except ValueError as exc:  # "day is out of range for month", "second must be in 0..59"
        raise ValueError("%r is not a valid date or time: %s" % (value, exc))


def _to_utc(moment, value):
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError("%r is out of range: times must lie between year 1 and %s" % (value, format_time(LATEST)))


def add_days(moment, days):
    """``moment`` + ``days`` days; a ValueError the caller can show when that leaves year 1-9999."""
    try:
        return moment + datetime.timedelta(days=days)
    except OverflowError:
        raise ValueError("%s days from %s is out of range: times must lie between year 1 and %s" % (
            days, format_time(moment), format_time(LATEST)))


def format_time(moment):
    """Aware datetime → ``2026-01-01T00:00:00Z`` (the API's form); a fraction only when there is one."""
    moment = moment.astimezone(UTC)
    # strftime's %Y does not pad years before 1000 on every platform ("1-01-01").
    text = "%04d-%02d-%02dT%02d:%02d:%02d" % (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    if moment.microsecond:
        text += (".%06d" % moment.microsecond).rstrip("0")
    return text + "Z"


def whole_seconds(moment):
    """A token expiry as it is sent and compared: fractions of a second dropped."""
    return moment.replace(microsecond=0)


def format_expiry(moment):
    """A token expiry as it is sent: ``2026-01-01T00:00:00Z``, at whole seconds.

    Compare against ``whole_seconds(parse_time(...))`` so that what is sent and what is compared
    are the same value (a fractional expiry was once sent truncated and compared untruncated).
    """
    return format_time(whole_seconds(moment))
