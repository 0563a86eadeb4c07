#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_account_access
short_description: Set a person's per-resource permissions in a Mailtrap account, or revoke their access
version_added: 1.0.0
description:
  - "Token scopes needed: none apply (the live dialect has per-resource access instead of scopes): the
    token needs admin access to the account to read and change account accesses."
  - For a user or pending invite of the account, found by O(email), sets the per-resource
    permissions given in O(permissions) - the account itself, billing, projects, sandboxes,
    domains, e-mail campaigns - with one C(PUT account_accesses/{id}/permissions/bulk) when
    something differs, and none when everything is as given.
  - With O(exclusive=true) every other permission of the person is removed in the same request;
    without it, permissions not listed are left alone.
  - O(state=absent) revokes the person's access to the account (C(DELETE account_accesses/{id})).
  - Live dialect only (O(api_dialect=live)). The overview API has no per-resource permissions;
    there the module is refused before any request and points to M(mailtrap.general.mailtrap_user).
  - The live API cannot invite people; a person who is not yet in the account is refused
    (invite them in Mailtrap's web UI first). The account owner's access is read-only.
  - Everything is validated before any request; a resource given by O(permissions[].name) is
    looked up with one C(GET permissions/resources), and an unknown name is refused before any write.
  - Account admin rights are needed (the token's account access level 100 or more).
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  email:
    description: E-mail address of the user or invite, compared case-insensitively.
    type: str
    required: true
  permissions:
    description:
      - The permissions to set. Required (not empty) with O(state=present).
      - Each resource at most once.
    type: list
    elements: dict
    suboptions:
      type:
        description: Kind of resource, as in the resource tree (M(mailtrap.general.mailtrap_resource_info)).
        type: str
        required: true
        choices: [account, billing, project, sandbox, domain, email_campaign_permission_scope]
      id:
        description:
          - Id of the resource. Give O(permissions[].id) or O(permissions[].name), not both.
          - For V(account), V(billing) and V(email_campaign_permission_scope), both may be
            omitted - the resource of this account is meant.
        type: int
      name:
        description: Name of the resource, looked up in the resource tree (compared case-insensitively).
        type: str
      access:
        description:
          - V(admin) (level 100) or V(viewer) (level 10). V(owner) cannot be granted.
        type: str
        required: true
  exclusive:
    description:
      - Remove every permission of the person that O(permissions) does not list (C(_destroy)),
        so that the person has exactly the listed ones.
    type: bool
    default: false
  state:
    description:
      - V(present) sets the permissions; V(absent) revokes the person's access to the account.
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - With O(state=absent), revoke the access even of the user the API token of this run
        belongs to (which locks this run and every later one out). Refused without it.
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_resource_info
  - module: mailtrap.general.mailtrap_account_access_info
  - module: mailtrap.general.mailtrap_user
"""

EXAMPLES = r"""
# These examples assume an account (live API) with the people alice@example.com, bob@example.com and
# carol@example.com, a project "Billing service" and a sandbox; 4117907 stands for that sandbox's id
# (find yours with mailtrap.general.mailtrap_resource_info).

- name: Alice administers one project and views the account
  mailtrap.general.mailtrap_account_access:
    api_dialect: live
    email: alice@example.com
    permissions:
      - type: account
        access: viewer
      - type: project
        name: Billing service
        access: admin

- name: Bob has exactly viewer access to one sandbox, nothing else
  mailtrap.general.mailtrap_account_access:
    api_dialect: live
    email: bob@example.com
    exclusive: true
    permissions:
      - type: sandbox
        id: 4117907
        access: viewer

- name: Carol no longer has access to the account
  mailtrap.general.mailtrap_account_access:
    api_dialect: live
    email: carol@example.com
    state: absent
"""

RETURN = r"""
account_access:
  description:
    - The person's account access after the task (in check mode, as it would be), as in
      M(mailtrap.general.mailtrap_account_access_info); empty when the access is absent.
  returned: always
  type: dict
  sample:
    id: 42
    specifier_type: User
    specifier: {"id": 7, "email": "alice@example.com", "name": "Alice"}
    resources:
      - {"resource_type": "account", "resource_id": 1001, "access_level": 10, "access_level_name": "viewer"}
      - {"resource_type": "project", "resource_id": 2550469, "access_level": 100, "access_level_name": "admin"}
action:
  description:
    - What was done (or would be in check mode) - V(updated), V(unchanged), V(deleted) or V(absent).
    - V(none) when the task failed before its write took effect (C(changed=false), nothing was written).
  returned: always
  type: str
  sample: updated
diff:
  description: The access before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import ACCESS_OPTIONS, PermissionsKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(ACCESS_OPTIONS))
    run_kind(module, PermissionsKind)


if __name__ == "__main__":
    main()
