#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_account_access_info
short_description: List who and what can reach a Mailtrap account
version_added: 1.0.0
description:
  - Returns every account access of the account - users, pending invites and API tokens - with
    the resources each reaches at which access level, and what the caller may do with the
    access. One C(GET) whatever the number of accesses.
  - Token values are never returned; a C(token) field the API might add is masked.
  - Works in both API dialects (the live API lists only users and invites, not API tokens).
  - "Token scope needed: C(users:read)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  specifier_type:
    description:
      - Return only accesses of this kind.
    type: str
    choices: [User, Invite, ApiToken]
  email:
    description:
      - Return only the accesses of the user or invite with this e-mail address (compared
        case-insensitively). API token accesses have no e-mail and never match.
    type: str
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_user_info
  - module: mailtrap.general.mailtrap_user
"""

EXAMPLES = r"""
# These examples read only; the person looked up, alice@example.com, stands for one of your account.

- name: List every access to the account
  mailtrap.general.mailtrap_account_access_info:
  register: accesses

- name: Show each person's access level
  ansible.builtin.debug:
    msg: "{{ item.specifier.email }}: {{ item.resources | map(attribute='access_level_name') | join(', ') }}"
  loop: "{{ accesses.account_accesses | selectattr('specifier_type', 'in', ['User', 'Invite']) | list }}"
  loop_control:
    label: "{{ item.id }}"

- name: List the API tokens that reach the account
  mailtrap.general.mailtrap_account_access_info:
    specifier_type: ApiToken
  register: token_accesses

- name: Look one person up
  mailtrap.general.mailtrap_account_access_info:
    email: Alice@Example.com
  register: alice
"""

RETURN = r"""
account_accesses:
  description: The matching accesses, sorted by id.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Account access id (what C(DELETE account_accesses/{id}) takes).
      type: int
    specifier_type:
      description: V(User), V(Invite) or V(ApiToken).
      type: str
    specifier:
      description:
        - Who holds the access. For users and invites C(id), C(email) and, for users,
          C(name) and C(two_factor_authentication_enabled).
        - For API tokens C(id), C(name), C(author_name) and C(expires_at); a C(token) value is masked.
      type: dict
    resources:
      description: What the access reaches.
      type: list
      elements: dict
      contains:
        resource_id:
          description: Id of the resource.
          type: int
        resource_type:
          description: Kind of resource, for example V(account).
          type: str
        access_level:
          description: Numeric access level as the API reports it.
          type: int
        access_level_name:
          description:
            - Name of the access level - V(owner) (1000), V(admin) (100), V(developer) (50, the
              live API's "viewer+"), V(viewer) (10), V(indeterminate) (1); V(null) for a level
              the collection does not know.
          type: str
    permissions:
      description: What the caller may do with this access.
      type: dict
      contains:
        can_read:
          description: May read it.
          type: bool
        can_update:
          description: May change it.
          type: bool
        can_destroy:
          description: May remove it.
          type: bool
        can_leave:
          description: Its holder may leave the account.
          type: bool
  sample:
    - id: 1
      specifier_type: User
      specifier: {"id": 1, "email": "owner@example.com", "name": "Owner", "two_factor_authentication_enabled": false}
      resources: [{"resource_id": 1001, "resource_type": "account", "access_level": 1000, "access_level_name": "owner"}]
      permissions: {"can_read": true, "can_update": false, "can_destroy": false, "can_leave": false}
    - id: 2
      specifier_type: ApiToken
      specifier: {"id": 1, "name": "ci", "author_name": "owner@example.com", "expires_at": null}
      resources: [{"resource_id": 1001, "resource_type": "account", "access_level": 100, "access_level_name": "admin"}]
      permissions: {"can_read": true, "can_update": true, "can_destroy": true, "can_leave": false}
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import ACCESS_INFO_OPTIONS, AccessKind, email_key
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=dict(ACCESS_INFO_OPTIONS))
    params = module.params
    email = email_key(module.check_email(params["email"])) if params["email"] is not None else None

    def select(access):
        specifier = access.get("specifier") or {}
        return (params["specifier_type"] in (None, access["specifier_type"])
                and (email is None or (access["specifier_type"] != "ApiToken" and email_key(specifier.get("email")) == email)))

    run_info(module, AccessKind, select)


if __name__ == "__main__":
    main()
