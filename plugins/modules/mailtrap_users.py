#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_users
short_description: Manage many users of a Mailtrap account in one task, optionally exclusively
version_added: 1.0.0
description:
  - Brings a whole list of users to their desired role and permissions with one read of the
    account's users and one write per user that actually changes.
  - Much faster than looping M(mailtrap.general.mailtrap_user) over the same list, with one
    module invocation instead of one per user, and one C(GET) instead of one per user.
  - With O(purge=true), everyone not listed loses access to the account, except that the last
    owner is never removed. Nothing is removed unless O(purge) asks for it.
  - All entries are validated before any request is sent; one bad entry fails the task and
    nothing is applied.
  - "Token scopes needed: C(users:read); C(users:create), C(users:update), C(users:delete) for the writes it makes."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  users:
    description:
      - The users to manage. Each entry takes the options of M(mailtrap.general.mailtrap_user).
      - An e-mail may appear only once (compared case-insensitively).
    type: list
    elements: dict
    required: true
    suboptions:
      email:
        description: E-mail address; the identity, compared case-insensitively.
        type: str
        required: true
      role:
        description:
          - Predefined role. When omitted, an existing user's role is left alone and a new user is invited as V(viewer).
        type: str
        choices: [owner, admin, developer, viewer]
      permissions:
        description:
          - Extra permissions on top of O(users[].role), in any spelling M(mailtrap.general.mailtrap_user) accepts.
          - When omitted, the user's extra permissions are left alone.
        type: raw
      state:
        description: V(present) to invite or update, V(absent) to remove.
        type: str
        choices: [present, absent]
        default: present
  purge:
    description:
      - Remove every user of the account that O(users) does not list.
      - The last owner of the account is never removed; it is reported in RV(spared).
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_user
  - module: mailtrap.general.mailtrap_user_info
"""

EXAMPLES = r"""
- name: Keep the team's users as listed (others are left alone)
  mailtrap.general.mailtrap_users:
    users:
      - email: alice@example.com
        role: developer
        permissions: [send_emails, view_analytics]
      - email: bob@example.com
        role: admin
      - email: former.colleague@example.com
        state: absent

- name: The listed users are the only ones with access to the account
  mailtrap.general.mailtrap_users:
    purge: true
    users:
      - email: owner@example.com
        role: owner
      - email: alice@example.com
        role: developer
      - email: bob@example.com
        role: admin
"""

RETURN = r"""
users:
  description: Every listed user that is present after the task, as in M(mailtrap.general.mailtrap_user)'s RV(mailtrap.general.mailtrap_user#module:user).
  returned: always
  type: list
  elements: dict
  sample: [{"id": 42, "email": "alice@example.com", "name": null, "role": "developer", "permissions": {"emails": ["send"]},
            "status": "invited", "account_access_id": 7, "created_at": "2026-01-15T09:30:00Z"}]
created:
  description: E-mails of users invited (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["alice@example.com"]
updated:
  description: E-mails of users whose role or permissions changed.
  returned: always
  type: list
  elements: str
  sample: ["bob@example.com"]
removed:
  description: E-mails of users removed, listed with O(users[].state=absent) or purged.
  returned: always
  type: list
  elements: str
  sample: ["former.colleague@example.com"]
spared:
  description: E-mails that O(purge) would have removed but were kept because they are the last owner.
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: Changed users before and after, keyed by e-mail, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.bulk import BulkRunner
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.users import (
    USER_OPTIONS,
    UserResource,
    desired_user,
    last_owner_guard,
)


def main():
    module = MailtrapModule(argument_spec=dict(
        users=dict(type="list", elements="dict", required=True, options=USER_OPTIONS),
        purge=dict(type="bool", default=False),
    ))
    resource = UserResource()
    bulk = BulkRunner(module, resource, "users", lambda index, entry: (
        entry["state"], desired_user(module, entry, option="users[%d].email" % index)))
    keep = set(resource.identity(email) for email in bulk.identities("present"))

    def refuse_losing_the_last_owner(users, entries):
        leaving = [users.find(e.desired["email"]) for e in entries
                   if e.state == "absent" or e.desired.get("role", "owner") != "owner"]
        problem = last_owner_guard(users, [u for u in leaving if u is not None])
        if problem:
            module.fail_json(msg="Refusing to apply the list: %s" % problem)

    owners_kept = []

    def last_owner(user):
        # Purge keeps one owner when the list keeps none (the owners kept are counted once).
        if not owners_kept:
            owners_kept.append(any(u.get("role") == "owner" and resource.identity_of(u) in keep
                                   for u in bulk.reconciler.objects()))
        return user.get("role") == "owner" and not owners_kept[0]

    module.run(lambda: bulk.run(purge=module.params["purge"], protect=last_owner,
                                prepare=refuse_losing_the_last_owner))


if __name__ == "__main__":
    main()
