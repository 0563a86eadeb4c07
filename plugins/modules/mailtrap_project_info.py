#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_project_info
short_description: List the projects of a Mailtrap account and their team members
version_added: 1.0.0
description:
  - Returns the projects of the account with their team members, each member with the
    user's e-mail address.
  - "Requests: one C(GET) of the projects and, when any returned project has members, one
    C(GET) of the users, whatever the number of projects and members."
  - Secrets in the listing are masked as C(********), in every dialect - the share links and the
    sandboxes' SMTP credentials (C(username), C(password)) that C(api_dialect=live) listings carry.
  - With C(api_dialect=live) projects have no team members; they list their sandboxes instead.
  - "Token scopes needed: C(projects:read); C(users:read) when a project has members."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  name:
    description:
      - Return only the project with this name (compared case-insensitively).
    type: str
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_project
"""

EXAMPLES = r"""
# These examples read only; the project looked up, "Website", stands for one of your account.

- name: List every project
  mailtrap.general.mailtrap_project_info:
  register: account_projects

- name: Show who manages each project
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.team_members | selectattr('role', 'equalto', 'manager') | map(attribute='email') | list }}"
  loop: "{{ account_projects.projects }}"
  loop_control:
    label: "{{ item.name }}"

- name: Look one project up
  mailtrap.general.mailtrap_project_info:
    name: website
  register: website
"""

RETURN = r"""
projects:
  description:
    - The matching projects, sorted by name (case-insensitively). Empty when none matches.
    - Each project feeds back to M(mailtrap.general.mailtrap_projects) (C(projects) set to this list) or
      M(mailtrap.general.mailtrap_project) unchanged. C(id), C(permissions), C(sandboxes), C(share_links)
      and the members' C(user_id) and C(email) are read-only there (accepted, ignored); see docs/adoption.md.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Project id.
      type: int
    name:
      description: Name of the project.
      type: str
    team_members:
      description: Members of the project, sorted by user id (C(api_dialect=overview) only).
      type: list
      elements: dict
      contains:
        user_id:
          description: User id.
          type: int
        email:
          description: E-mail address of the user.
          type: str
        user:
          description:
            - The member as O(mailtrap.general.mailtrap_projects#module:projects[].team_members[].user) takes
              it, its e-mail (or, for a user the account no longer lists, its id).
          type: str
        role:
          description: Role in the project, V(manager) or V(contributor).
          type: str
    share_links:
      description: The project's share links (C(api_dialect=live)), masked.
      type: dict
      returned: when the API returns them
    sandboxes:
      description: The project's sandboxes (C(api_dialect=live)), their C(username) and C(password) masked.
      type: list
      elements: dict
      returned: when the API returns them
  sample: [{"id": 201, "name": "Website", "team_members": [{"user_id": 2, "email": "alice@example.com", "user": "alice@example.com", "role": "manager"}]}]
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.project import ProjectListing
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=dict(name=dict(type="str")))
    run_info(module, ProjectListing)


if __name__ == "__main__":
    main()
