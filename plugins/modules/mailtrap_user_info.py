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
  description: The matching users, sorted by e-mail.
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
      description: The person's name as Mailtrap shows it; V(null) until the invitation is accepted.
      type: str
    created_at:
      description: When the user was invited (ISO 8601, UTC).
      type: str
    role:
      description: Predefined role.
      type: str
    permissions:
      description: Extra permissions, canonical (scope to sorted operations).
      type: dict
    effective_permissions:
      description: What role and extra permissions allow together, canonical.
      type: dict
    status:
      description: V(invited) or V(active).
      type: str
    account_access_id:
      description: Id of the user's account access.
      type: int
  sample: [{"id": 1, "email": "owner@example.com", "role": "owner", "permissions": {}, "status": "active"}]
"""

from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.users import UserResource, with_effective_permissions


def main():
    module = MailtrapModule(argument_spec=dict(
        email=dict(type="str"),
        role=dict(type="str", choices=["owner", "admin", "developer", "viewer"]),
    ))
    email = module.params["email"]
    if email is not None:
        email = module.check_email(email)
    resource = UserResource()

    def read():
        users = resource.list(module.client)
        if email is not None:
            users = [u for u in users if resource.identity_of(u) == resource.identity(email)]
        if module.params["role"]:
            users = [u for u in users if u.get("role") == module.params["role"]]
        users = sorted(users, key=resource.identity_of)
        return dict(changed=False, users=[with_effective_permissions(u) for u in users])

    module.run(read)


if __name__ == "__main__":
    main()
