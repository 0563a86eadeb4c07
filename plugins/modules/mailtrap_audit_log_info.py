#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_audit_log_info
short_description: Read the audit log of a Mailtrap account
version_added: 1.0.0
description:
  - Returns the audit log entries of the account (who changed what, when and from where),
    newest first, filtered by time window, action, user and resource. One C(GET) per run.
  - The filters are sent to the API as query parameters and applied again to the answer, so
    the result is right even if the API ignores a filter.
  - "Token scope needed: C(account:read)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  since:
    description:
      - Only entries at or after this moment.
      - A date V(YYYY-MM-DD) (midnight UTC), an ISO 8601 time such as V(2026-01-31T08:00:00Z)
        (UTC when no offset is given), or a relative time meaning that long ago - a positive
        number followed by V(s), V(m), V(h), V(d) or V(w), for example V(30m), V(24h), V(7d).
      - Relative times are resolved once, when the module runs, and sent as a UTC time.
    type: str
  until:
    description:
      - Only entries at or before this moment. Same forms as O(since).
      - A date V(YYYY-MM-DD) means the end of that day (V(23:59:59) UTC), so the day itself is included.
      - Must be later than O(since) when both are given.
    type: str
  action:
    description:
      - Only entries with this action, for example V(user.invited) or V(api_token.created).
      - A prefix ending in C(.*), for example V(user.*), matches every action under it
        (V(user.invited), V(user.updated), V(user.removed)). The API only matches whole
        actions, so a prefix is applied by the module alone; the module then asks the API for
        up to 1000 entries and keeps the first O(limit) that match.
    type: str
  user:
    description:
      - Only entries made by the user with this e-mail address (compared case-insensitively).
    type: str
  resource:
    description:
      - Only entries about this resource, as the API names it (a user's e-mail, a token's or
        project's name, V(security), ...). Compared exactly.
    type: str
  limit:
    description:
      - Return at most this many entries (the newest ones), from 1 to 1000.
    type: int
    default: 100
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_user_info
"""

EXAMPLES = r"""
- name: Everything that happened in the last 24 hours
  mailtrap.general.mailtrap_audit_log_info:
    since: 24h
  register: last_day

- name: Who was invited this month
  mailtrap.general.mailtrap_audit_log_info:
    action: user.invited
    since: "2026-03-01"
  register: invited

- name: Every user-related change made by one admin during one week
  mailtrap.general.mailtrap_audit_log_info:
    action: user.*
    user: admin@example.com
    since: "2026-03-01"
    until: "2026-03-07"
    limit: 1000
  register: admin_week

- name: Report them
  ansible.builtin.debug:
    msg: "{{ item.timestamp }} {{ item.action }} {{ item.resource }}"
  loop: "{{ admin_week.entries }}"
"""

RETURN = r"""
entries:
  description: The matching entries, newest first, at most O(limit) of them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Entry id.
      type: int
    timestamp:
      description: When it happened, ISO 8601 UTC.
      type: str
    user:
      description: E-mail of the user who did it.
      type: str
    action:
      description: What was done, for example V(user.invited).
      type: str
    resource:
      description: What it was done to.
      type: str
    ip_address:
      description: Address the request came from.
      type: str
  sample: [{"id": 7, "timestamp": "2026-03-02T10:15:00Z", "user": "owner@example.com",
            "action": "user.invited", "resource": "alice@example.com", "ip_address": "203.0.113.7"}]
count:
  description: Number of entries returned.
  returned: always
  type: int
  sample: 1
query:
  description:
    - The query parameters sent to the API, with relative times resolved to UTC times.
  returned: always
  type: dict
  sample: {"since": "2026-03-01T10:15:00Z", "action": "user.invited", "limit": 100}
"""

import datetime
import re

from ansible_collections.mailtrap.general.plugins.module_utils import times
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule

MAX_LIMIT = 1000
UTC = times.UTC
format_time = times.format_time
RELATIVE_RE = re.compile(r"^(\d+)\s*([smhdw])$", re.IGNORECASE)
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
ACTION_RE = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*(\.\*)?$")


def parse_time(text, now=None, end_of_day=False):
    """A date, an ISO 8601 time or a relative time ('24h') -> aware UTC datetime; ValueError else."""
    text = text.strip()
    match = RELATIVE_RE.match(text)
    if match:
        amount = int(match.group(1))
        if amount <= 0:
            raise ValueError("a relative time must be a positive amount")
        now = now or datetime.datetime.now(UTC)
        return now - datetime.timedelta(**{UNITS[match.group(2).lower()]: amount})
    return times.parse_time(text, end_of_day)


def entry_time(entry):
    try:
        return times.parse_time(str(entry.get("timestamp") or ""))
    except (ValueError, OverflowError):
        return None


class Filters:
    """The validated filters: what to send to the API and how to check each answer entry."""

    def __init__(self, module):
        params = module.params
        now = datetime.datetime.now(UTC).replace(microsecond=0)
        self.bounds = {}
        for key in ("since", "until"):
            value = params[key]
            if value is None:
                continue
            try:
                self.bounds[key] = parse_time(value, now=now, end_of_day=(key == "until"))
            except (ValueError, OverflowError) as exc:
                module.fail_input(
                    "%s: %r is not valid (%s); use YYYY-MM-DD, an ISO 8601 time such as "
                    "2026-01-31T08:00:00Z, or a relative time such as 30m, 24h, 7d." % (key, value, exc))
        if len(self.bounds) == 2 and self.bounds["since"] >= self.bounds["until"]:
            module.fail_input("since (%s) must be before until (%s)." % (
                format_time(self.bounds["since"]), format_time(self.bounds["until"])))

        self.action = params["action"]
        self.action_prefix = None
        if self.action is not None:
            self.action = self.action.strip()
            if not ACTION_RE.match(self.action):
                module.fail_input("action: %r is not an action such as user.invited, nor a prefix such as user.*."
                                  % params["action"])
            if self.action.endswith(".*"):
                self.action_prefix = self.action[:-1]  # keeps the dot: 'user.'
        self.user = module.check_email(params["user"], "user").lower() if params["user"] is not None else None
        self.resource = params["resource"]
        if self.resource is not None and not self.resource.strip():
            module.fail_input("resource: must not be empty.")

        self.limit = params["limit"]
        if self.limit is None or not 1 <= self.limit <= MAX_LIMIT:
            module.fail_input("limit: %r is out of range; use 1 to %d." % (self.limit, MAX_LIMIT))

    def query(self):
        query = dict((key, format_time(moment)) for key, moment in self.bounds.items())
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
        action = entry.get("action") or ""
        if self.action_prefix is not None:
            if not action.startswith(self.action_prefix):
                return False
        elif self.action is not None and action != self.action:
            return False
        if self.user is not None and (entry.get("user") or "").lower() != self.user:
            return False
        if self.resource is not None and entry.get("resource") != self.resource:
            return False
        if self.bounds:
            moment = entry_time(entry)
            if moment is None:
                return False
            if "since" in self.bounds and moment < self.bounds["since"]:
                return False
            if "until" in self.bounds and moment > self.bounds["until"]:
                return False
        return True


def newest_first(entries):
    # Stable: entries with the same (or no readable) timestamp keep the API's order.
    oldest = datetime.datetime.min.replace(tzinfo=UTC)
    return sorted(entries, key=lambda e: entry_time(e) or oldest, reverse=True)


def main():
    module = MailtrapModule(argument_spec=dict(
        since=dict(type="str"),
        until=dict(type="str"),
        action=dict(type="str"),
        user=dict(type="str"),
        resource=dict(type="str"),
        limit=dict(type="int", default=100),
    ))
    filters = Filters(module)
    query = filters.query()

    def read():
        answer = module.client.get("audit_logs", params=query) or []
        entries = newest_first([e for e in answer if isinstance(e, dict) and filters.matches(e)])[:filters.limit]
        return dict(changed=False, entries=entries, count=len(entries), query=query)

    module.run(read)


if __name__ == "__main__":
    main()
