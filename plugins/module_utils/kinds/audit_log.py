# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit log: mailtrap_audit_log_info (read only, overview only).

The filters are sent to the API as query parameters and applied again to the answer, so the
result is right even if the server ignores a filter.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.mailtrap.general.plugins.module_utils import shapes, times
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, InputError, Kind
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.settings import not_in_live, valid_email

MAX_LIMIT = 1000
AUDIT_LOG_OPTIONS = dict(
    since=dict(type="str"),
    until=dict(type="str"),
    action=dict(type="str"),
    user=dict(type="str"),
    resource=dict(type="str"),
    limit=dict(type="int", default=100),
)
RELATIVE_RE = re.compile(r"^(\d+)\s*([smhdw])$", re.IGNORECASE)
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
ACTION_RE = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*(\.\*)?$")
_OLDEST = datetime.datetime.min.replace(tzinfo=times.UTC)


def parse_bound(text, now, end_of_day=False):
    """A window bound as the options spell it -> aware UTC datetime; ValueError else.

    What ``times.parse_time`` reads (a date or an ISO 8601 time), or a relative time ('24h':
    that long before ``now``)."""
    text = text.strip()
    match = RELATIVE_RE.match(text)
    if match:
        amount = int(match.group(1))
        if amount <= 0:
            raise ValueError("a relative time must be a positive amount")
        return now - datetime.timedelta(**{UNITS[match.group(2).lower()]: amount})
    return times.parse_time(text, end_of_day)


def entry_time(entry):
    try:
        return times.parse_time(str(entry.get("timestamp") or ""))
    except (ValueError, OverflowError):
        return None


def newest_first(entries):
    # Stable: entries with the same (or no readable) timestamp keep the API's order.
    return sorted(entries, key=lambda e: entry_time(e) or _OLDEST, reverse=True)


class Filters:
    """The validated filters: what to send to the API and how to check each answer entry."""

    def __init__(self, params, now=None):
        self.bounds = self._bounds(params, now or times.utc_now().replace(microsecond=0))
        self.action, self.action_prefix = self._action(params.get("action"))
        self.user = valid_email(params["user"], "user").lower() if params.get("user") is not None else None
        self.resource = params.get("resource")
        if self.resource is not None and not self.resource.strip():
            raise InputError("resource: must not be empty.")
        self.limit = params.get("limit")
        if self.limit is None or not 1 <= self.limit <= MAX_LIMIT:
            raise InputError("limit: %r is out of range; use 1 to %d." % (self.limit, MAX_LIMIT))

    @staticmethod
    def _bounds(params, now):
        bounds = {}
        for key in ("since", "until"):
            value = params.get(key)
            if value is None:
                continue
            try:
                bounds[key] = parse_bound(value, now, end_of_day=(key == "until"))
            except (ValueError, OverflowError) as exc:
                raise InputError("%s: %r is not valid (%s); use YYYY-MM-DD, an ISO 8601 time such as "
                                 "2026-01-31T08:00:00Z, or a relative time such as 30m, 24h, 7d." % (key, value, exc))
        if len(bounds) == 2 and bounds["since"] >= bounds["until"]:
            raise InputError("since (%s) must be before until (%s)." % (
                times.format_time(bounds["since"]), times.format_time(bounds["until"])))
        return bounds

    @staticmethod
    def _action(value):
        """(the action, or None; the prefix of an action ending in '.*', keeping the dot, or None)."""
        if value is None:
            return None, None
        action = value.strip()
        if not ACTION_RE.match(action):
            raise InputError("action: %r is not an action such as user.invited, nor a prefix such as user.*." % value)
        return action, action[:-1] if action.endswith(".*") else None

    def query(self):
        query = dict((key, times.format_time(moment)) for key, moment in self.bounds.items())
        if self.action is not None and self.action_prefix is None:
            query["action"] = self.action
        if self.user is not None:
            query["user"] = self.user
        if self.resource is not None:
            query["resource"] = self.resource
        # A filter applied here alone (an action prefix) needs a larger page to fill the limit.
        query["limit"] = MAX_LIMIT if self.action_prefix is not None else self.limit
        return query

    def matches(self, entry):
        action = str(entry.get("action") or "")
        if self.action_prefix is not None and not action.startswith(self.action_prefix):
            return False
        if self.action_prefix is None and self.action is not None and action != self.action:
            return False
        if self.user is not None and str(entry.get("user") or "").lower() != self.user:
            return False
        if self.resource is not None and entry.get("resource") != self.resource:
            return False
        return self.in_window(entry)

    def in_window(self, entry):
        if not self.bounds:
            return True
        moment = entry_time(entry)
        if moment is None:
            return False
        return self.bounds.get("since", moment) <= moment <= self.bounds.get("until", moment)


class OverviewAuditLog(Adapter):
    path = "audit_logs"
    # Entries are shown as the API gives them; one the filters cannot read is skipped, not fatal.
    fields = {}

    def list(self, query=None):
        answer = self.client.get(self.path, params=query)
        return shapes.check_list(answer, "GET", self.full(self.path), self.fields)


class AuditLogKind(Kind):
    noun = "entry"
    plural = "entries"
    adapters = {"overview": OverviewAuditLog}
    unsupported = not_in_live("no audit-log endpoint", "Read the audit log in the Mailtrap web app (Settings > Audit Log), "
                              "or have it delivered as it happens by a webhook (Settings > Webhooks, area Audit Log; "
                              "Enterprise plans)")

    def info(self, select=None, shown=None):
        filters = Filters(self.params)
        query = filters.query()
        entries = newest_first([e for e in self.adapter.list(query) if filters.matches(e)])[:filters.limit]
        return dict(entries=entries, count=len(entries), query=query)
