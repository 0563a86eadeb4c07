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
  - "Refused with C(api_dialect=live), before any request: the live Mailtrap API has no audit-log
    endpoint. Read the log in the Mailtrap web app (Settings > Audit Log), or receive it as it
    happens through a webhook of the Audit Log area (Settings > Webhooks; Enterprise plans)."
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
# These examples read only; admin@example.com stands for one of your account's admins.

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

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.audit_log import AUDIT_LOG_OPTIONS, AuditLogKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=dict(AUDIT_LOG_OPTIONS))
    run_info(module, AuditLogKind)


if __name__ == "__main__":
    main()
