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
    active owner is never removed (see O(purge)). Nothing is removed unless O(purge) asks for it.
  - In the live dialect (O(api_dialect=live)) the same rules as M(mailtrap.general.mailtrap_user)
    apply; the account owner's access is read-only there and a purge spares it.
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
      name:
        description:
          - Display name; left alone when omitted. Set in the overview dialect only; with
            O(api_dialect=live) the current name is accepted (an info result fed back), another one refused.
        type: str
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
      id:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_user_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      created_at:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_user_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      status:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_user_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      account_access_id:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_user_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      effective_permissions:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_user_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      resources:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_user_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
  purge:
    description:
      - Remove every user of the account that O(users) does not list. The purge runs last, and only
        when every listed user was invited or updated without error.
      - "Owners: a purge never removes the last B(active) owner. If O(users) keeps no active owner
        (an owner who has accepted the invitation, listed with O(users[].state=present) and not demoted),
        no active owner is purged and they are reported in RV(spared); if it keeps at least one,
        unlisted owners are purged like anyone else. Invited owners (who have not accepted) do not
        count as owners for this rule and are purged like anyone. Check mode reports exactly what
        the real run does."
      - The user whose API token runs the task is never purged unless O(force=true); it is reported in RV(spared).
      - Refused when O(users) is empty or keeps nobody, unless O(allow_empty=true).
    type: bool
    default: false
  allow_empty:
    description:
      - Let O(purge=true) run with an empty O(users) list (or one whose entries are all absent),
        which removes everyone but the spared users. Without it such a purge is refused, since an
        empty list is usually a mistake (a commented-out section is empty).
    type: bool
    default: false
  force:
    description:
      - Remove (or purge) the user the API token of this run belongs to, too. Without it that user is
        spared by a purge and an entry removing it is refused.
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
# These examples invite alice@example.com and bob@example.com when missing and remove
# former.colleague@example.com when present. The second example removes everyone else; owner@example.com
# stands for your account's owner.

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
  description:
    - E-mails that O(purge) would have removed but kept - active owners when the list keeps no active
      owner, the user of this run's API token, and in the live dialect the account owner.
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: Changed users before and after, keyed by e-mail, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import FORCE_OPTION, USER_OPTIONS, UserKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import PURGE_OPTIONS, run_kind


def main():
    module = MailtrapModule(argument_spec=dict(
        users=dict(type="list", elements="dict", required=True, options=USER_OPTIONS),
        **dict(PURGE_OPTIONS, **FORCE_OPTION)
    ))
    run_kind(module, UserKind, "users")


if __name__ == "__main__":
    main()
