# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dates and times as the API and the modules' options spell them, as aware UTC datetimes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

UTC = datetime.timezone.utc

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$"
)


def utc_now():
    return datetime.datetime.now(UTC)


def parse_time(value, end_of_day=False):
    """``YYYY-MM-DD`` or an ISO 8601 time → aware UTC datetime.

    A date means midnight UTC, or 23:59:59 with ``end_of_day`` (an inclusive upper bound).
    A time without an offset is taken as UTC. Raises ValueError for anything else.
    """
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str):
        raise ValueError("expected a string, got %r" % (value,))
    text = value.strip()
    match = _DATE_RE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        moment = datetime.datetime(year, month, day, tzinfo=UTC)
        return moment.replace(hour=23, minute=59, second=59) if end_of_day else moment
    match = _TIME_RE.match(text)
    if not match:
        raise ValueError("%r is neither a date (YYYY-MM-DD) nor an ISO 8601 time (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])" % value)
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    micro = int((fraction or "0").ljust(6, "0"))
    tz = UTC
    if offset and offset not in ("Z", "z"):
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 23 or minutes > 59:
            raise ValueError("%r has an invalid UTC offset" % value)
        tz = datetime.timezone(sign * datetime.timedelta(hours=hours, minutes=minutes))
    moment = datetime.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), micro, tzinfo=tz)
    return moment.astimezone(UTC)


def format_time(moment):
    """Aware datetime → ``2026-01-01T00:00:00Z`` (the API's form); a fraction only when there is one."""
    moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += (".%06d" % moment.microsecond).rstrip("0")
    return text + "Z"
