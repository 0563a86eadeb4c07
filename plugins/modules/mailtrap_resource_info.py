#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_resource_info
short_description: List the resources of a Mailtrap account that permissions can be given on
version_added: 1.0.0
description:
  - "Token scopes needed: none apply (the live dialect has per-resource access instead of scopes): the
    token sees the resources it has viewer or admin access to."
  - Returns the account's resource tree (C(GET permissions/resources)) flattened - the account,
    its projects and their sandboxes, domains, billing, e-mail campaigns - with each resource's
    type, id, name, the access level of this run's token on it, and its parent.
  - The way to find the ids that M(mailtrap.general.mailtrap_account_access) and API tokens take.
  - One C(GET) whatever the size of the tree.
  - Live dialect only (O(api_dialect=live)); the overview API has no resource tree, and the
    module is refused there before any request.
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  type:
    description: Return only resources of this type.
    type: str
    choices: [account, billing, project, sandbox, domain, email_campaign_permission_scope, email_template_permission_scope]
  name:
    description: Return only resources with this name (compared case-insensitively).
    type: str
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_account_access
"""

EXAMPLES = r"""
- name: The ids of every project
  mailtrap.general.mailtrap_resource_info:
    api_dialect: live
    type: project
  register: projects

- name: Show them
  ansible.builtin.debug:
    msg: "{{ projects.resources | items2dict(key_name='name', value_name='id') }}"
"""

RETURN = r"""
resources:
  description: The matching resources, parents before their children (the tree's order, depth first).
  returned: always
  type: list
  elements: dict
  contains:
    type:
      description: Kind of resource (V(account), V(project), V(sandbox), V(domain), V(billing), ...).
      type: str
    id:
      description: Id of the resource.
      type: int
    name:
      description: Name of the resource.
      type: str
    access_level:
      description: Access level of this run's token on the resource (1000 owner, 100 admin, 10 viewer, 1 indeterminate).
      type: int
    access_level_name:
      description: Name of that level; V(null) for a level the collection does not know.
      type: str
    parent_type:
      description: Type of the parent resource; V(null) for the account.
      type: str
    parent_id:
      description: Id of the parent resource; V(null) for the account.
      type: int
  sample:
    - {"type": "account", "id": 1001, "name": "Acme", "access_level": 1000, "access_level_name": "owner",
       "parent_type": null, "parent_id": null}
    - {"type": "project", "id": 2550469, "name": "My Project", "access_level": 1000, "access_level_name": "owner",
       "parent_type": "account", "parent_id": 1001}
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.resource import RESOURCE_INFO_OPTIONS, ResourceKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=dict(RESOURCE_INFO_OPTIONS))
    params = module.params
    name = (params["name"] or "").strip().lower() or None

    def select(resource):
        return params["type"] in (None, resource["type"]) and name in (None, str(resource["name"] or "").strip().lower())

    run_info(module, ResourceKind, select)


if __name__ == "__main__":
    main()
