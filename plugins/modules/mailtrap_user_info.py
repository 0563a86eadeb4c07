#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_user_info
short_description: List the users of a Mailtrap account
version_added: 1.0.0
description:
  - Returns the users of the account with their role, extra permissions and the effective
    permissions that role and extras give together. One C(GET) whatever the number of users.
  - With O(api_dialect=live), users and pending invites come from the account accesses
    (C(GET account_accesses)) in the same shape; C(role) is the access level on the account
    resource (V(owner) 1000, V(admin) 100, V(viewer) 10), C(status) is V(invited) for a
    pending invite, and C(resources) lists every per-resource permission. There are no
    C(permissions) or C(effective_permissions) in that dialect.
  - "Token scope needed: C(users:read)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  email:
    description:
      - Return only the user with this e-mail address (compared case-insensitively).
    type: str
  role:
    description:
      - Return only users with this role.
    type: str
    choices: [owner, admin, developer, viewer]
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_user
  - module: mailtrap.general.mailtrap_users
"""

EXAMPLES = r"""
# These examples read only; the person looked up, alice@example.com, stands for one of your account.

- name: List every user of the account
  mailtrap.general.mailtrap_user_info:
  register: account_users

- name: Show who the owners are
  ansible.builtin.debug:
    msg: "{{ account_users.users | selectattr('role', 'equalto', 'owner') | map(attribute='email') | list }}"

- name: Look one person up
  mailtrap.general.mailtrap_user_info:
    email: Alice@Example.com
  register: alice
"""

RETURN = r"""
users:
  description:
    - The matching users, sorted by e-mail.
    - Each user feeds back to M(mailtrap.general.mailtrap_users) (C(users) set to this list) or
      M(mailtrap.general.mailtrap_user) unchanged. C(id), C(created_at), C(status), C(account_access_id),
      C(effective_permissions) and C(resources) are read-only there (accepted, ignored); with
      O(api_dialect=live) C(name) is accepted as long as it is the current one. See docs/adoption.md.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: User id.
      type: int
    email:
      description: E-mail address.
      type: str
    name:
      description:
        - Display name, when the API reports one (in the live dialect, active users only).
      type: str
    created_at:
      description: When the user was invited (overview dialect).
      type: str
    role:
      description:
        - Predefined role. In the live dialect the account-level access (V(owner), V(admin),
          V(viewer)), or V(null) when the person has no access to the account resource itself.
      type: str
    permissions:
      description: Extra permissions, canonical (scope to sorted operations). Overview dialect only.
      type: dict
    effective_permissions:
      description: What role and extra permissions allow together, canonical. Overview dialect only.
      type: dict
    status:
      description: V(invited) or V(active).
      type: str
    account_access_id:
      description: Id of the user's account access.
      type: int
    resources:
      description:
        - Live dialect only - the per-resource permissions of the person (C(resource_type),
          C(resource_id), C(access_level), C(access_level_name)), as in
          M(mailtrap.general.mailtrap_account_access_info).
      type: list
      elements: dict
  sample: [{"id": 1, "email": "owner@example.com", "role": "owner", "permissions": {}, "status": "active"}]
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import USER_INFO_OPTIONS, UserInfoKind, email_key
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=dict(USER_INFO_OPTIONS))
    params = module.params
    email = email_key(module.check_email(params["email"])) if params["email"] is not None else None

    def select(user):
        return email in (None, email_key(user.get("email"))) and params["role"] in (None, user.get("role"))

    run_info(module, UserInfoKind, select)


if __name__ == "__main__":
    main()
