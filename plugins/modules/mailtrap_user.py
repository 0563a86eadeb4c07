#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_user
short_description: Invite, update and remove users of a Mailtrap account
version_added: 1.0.0
description:
  - Ensures a person has access to a Mailtrap account with a given role and extra permissions,
    or has no access at all.
  - The user is identified by O(email), compared case-insensitively, so V(Alice@Example.com)
    and V(alice@example.com) are the same user.
  - "Permissions are compared in canonical form, so the same rights in another order or
    spelling (V(send_emails), V(emails:send) or V({emails: [send]})) are not a change."
  - To manage many users in one task (much faster, and with an optional purge of everyone
    not listed), use M(mailtrap.general.mailtrap_users).
  - "Token scopes needed: C(users:read); C(users:create) to invite, C(users:update) to change,
    C(users:delete) to remove."
  - With O(api_dialect=live), users and pending invites are the account accesses of the
    account; O(role) is the access level on the account resource (V(admin) or V(viewer); the
    owner's access is read-only and shown as V(owner)), a role change is one
    C(PUT account_accesses/{id}/permissions/bulk), and removal revokes the account access.
    The live API cannot invite anyone, has no V(developer) role, no permission scopes and no
    way to set display names; such a task is refused before any write, naming what to use
    instead (invite in the web UI; per-resource rights with M(mailtrap.general.mailtrap_account_access)).
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  email:
    description:
      - E-mail address of the user; the identity of the user, compared case-insensitively.
    type: str
    required: true
  name:
    description:
      - Display name of the user. When omitted, the name is left alone.
      - Set in the overview dialect only; in the live dialect each person sets their own name in
        their Mailtrap profile. There the current name (as M(mailtrap.general.mailtrap_user_info)
        returns it) is accepted and another one refused, before any write.
    type: str
  role:
    description:
      - Predefined role of the user.
      - V(owner) has full control including billing and users; V(admin) manages projects,
        domains, templates and tokens; V(developer) sends e-mails, manages templates and the
        sandbox; V(viewer) has read-only access and may export reports.
      - When omitted, the role of an existing user is left alone and a new user is invited as V(viewer).
      - The last owner of an account cannot be demoted.
    type: str
    choices: [owner, admin, developer, viewer]
  permissions:
    description:
      - Extra permissions granted on top of O(role). They replace the user's current extra permissions.
      - "Any of three spellings: a list of named permissions (V(send_emails), V(view_analytics),
        V(manage_templates), V(manage_contacts), V(export_data), ...), a list of token scopes
        (V(emails:send), V(templates:*)), or a map of scope to operations
        (V({projects: [create, read]})). Spellings may be mixed in one list."
      - "Scopes and their operations: account (read, update); users (create, read, update, delete);
        billing (read, update); projects (create, read, update, delete); domains (create, read,
        verify, delete); emails (send, read, contacts); templates (create, read, update, delete);
        analytics (read, export); sandbox (create, read, update, delete); webhooks (create, read,
        update, delete). V(*) means every operation of a scope."
      - Unknown names, scopes or operations are refused before any request is sent.
      - When omitted, the user's extra permissions are left alone. Use V([]) to remove them all.
    type: raw
  state:
    description:
      - V(present) invites the user or brings role and permissions to the given values.
      - V(absent) removes the user's access to the account (through its account access).
        The last owner cannot be removed.
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
  force:
    description:
      - Remove the user even when it is the user the API token of this run belongs to (found
        through the tokens' C(created_by), an e-mail or, in the live API, the author's display name;
        everyone who shares that name is protected). Without it such a removal is refused, because it
        would revoke the token and lock this run and every later one out.
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_users
  - module: mailtrap.general.mailtrap_user_info
"""

EXAMPLES = r"""
# These examples invite alice@example.com, bob@example.com and carol@example.com when missing and remove
# mallory@example.com when present. The last one expects a variable vault_mailtrap_api_token (from a vault).

- name: Invite a developer with two extra permissions
  mailtrap.general.mailtrap_user:
    email: alice@example.com
    role: developer
    permissions:
      - send_emails
      - view_analytics

- name: Give an admin fine-grained rights on projects, domains and billing
  mailtrap.general.mailtrap_user:
    email: bob@example.com
    role: admin
    permissions:
      projects: [create, read, update, delete]
      domains: [create, read]
      billing: [read]

- name: Remove a person from the account
  mailtrap.general.mailtrap_user:
    email: mallory@example.com
    state: absent

- name: Set connection options once for a block of Mailtrap tasks
  module_defaults:
    group/mailtrap.general.mailtrap:
      api_token: "{{ vault_mailtrap_api_token }}"
      account_id: 1001
  block:
    - name: Make Carol a viewer
      mailtrap.general.mailtrap_user:
        email: carol@example.com
        role: viewer
"""

RETURN = r"""
user:
  description: The user after the task (in check mode, as it would be). Empty when the user is absent.
  returned: always
  type: dict
  contains:
    id:
      description: User id. Not present for a user that check mode would invite.
      type: int
      sample: 42
    email:
      description: E-mail address.
      type: str
      sample: alice@example.com
    name:
      description: Display name, when the API reports one (in the live dialect, active users only).
      type: str
      sample: Alice
    created_at:
      description: When the user was invited (overview dialect; absent from a check-mode prediction).
      type: str
      sample: "2025-01-31T12:00:00Z"
    role:
      description: Predefined role.
      type: str
      sample: developer
    permissions:
      description: Extra permissions in canonical form, scope to sorted operations.
      type: dict
      sample: {"analytics": ["read"], "emails": ["send"]}
    status:
      description: V(invited) until the person accepts the invitation, then V(active).
      type: str
      sample: invited
    account_access_id:
      description: Id of the account access through which the user is removed.
      type: int
      sample: 7
    resources:
      description: Live dialect only - the per-resource permissions of the person.
      type: list
      elements: dict
action:
  description:
    - What was done (or would be done in check mode).
    - V(created), V(updated) or V(deleted) when the task changed something (C(changed=true));
      V(unchanged) when the user exists as wanted; V(absent) when O(state=absent) found nothing to delete.
    - V(none) when the task failed before its write took effect (C(changed=false), nothing was written).
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged, absent, none]
  sample: created
diff:
  description: The user before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import FORCE_OPTION, USER_OPTIONS, UserKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(USER_OPTIONS, **FORCE_OPTION))
    run_kind(module, UserKind)


if __name__ == "__main__":
    main()
