#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_projects
short_description: Manage many Mailtrap projects and their team members in one task, optionally exclusively
version_added: 1.0.0
description:
  - Brings a whole list of projects to their desired team members, creates the missing ones and
    deletes the ones marked V(absent), in one module invocation.
  - "Requests: one C(GET) of the projects and at most one C(GET) of the users for the whole list
    (when some member is named by e-mail, or when the result shows members, each with its e-mail),
    then one write per project that actually changes: a C(POST) to create, one C(PATCH) carrying
    the whole resulting member list, or a C(DELETE). A converged list of any length costs those
    two reads and nothing else."
  - Much faster than looping M(mailtrap.general.mailtrap_project) over the same list, with one
    module invocation instead of one per project, and two reads instead of two per project.
  - With O(purge=true), every project the list does not name is deleted. Nothing is deleted
    unless O(purge) or O(projects[].state=absent) asks for it.
  - "Order: creates and updates first, in list order; the purge last, and only when every entry
    went through. When a write fails, no unlisted project has been removed, the error names the
    failing entry, and what was already written is reported (RV(created), RV(updated), RV(removed))."
  - "With C(api_dialect=live) (mailtrap.io today) the request bodies are wrapped, names must have at least
    2 characters, and O(projects[].team_members) is refused before any request: the live API has no team
    members; give people access to a project with M(mailtrap.general.mailtrap_account_access)."
  - All entries are validated before any request is sent, and every member named by e-mail is
    resolved before any write; one bad entry or unknown user fails the task and nothing is applied.
  - Projects are not renamed by this module; use M(mailtrap.general.mailtrap_project) with O(mailtrap.general.mailtrap_project#module:new_name).
  - "Token scopes needed: C(projects:read); C(projects:create), C(projects:update), C(projects:delete)
    for the writes it makes; C(users:read) when members are named by e-mail."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  projects:
    description:
      - The projects to manage. Each entry takes the options of M(mailtrap.general.mailtrap_project)
        except O(mailtrap.general.mailtrap_project#module:new_name).
      - A project name may appear only once (compared case-insensitively).
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the project; its identity, compared case-insensitively. Project names are unique per account.
        type: str
        required: true
      team_members:
        description:
          - Members of the project and their project role, compared as a set of (user, role).
          - When omitted, the project's members are left alone.
          - Every listed user must be a user of the account; an unknown one fails the task, naming
            it, before any write. A user may be listed only once per project.
          - With O(projects[].purge_members=true), V([]) removes every member (only with O(allow_empty=true)).
          - Not available with C(api_dialect=live) (refused before any request).
        type: list
        elements: dict
        suboptions:
          user:
            description:
              - The user, by e-mail address (compared case-insensitively) or by numeric user id.
            type: str
            required: true
          role:
            description:
              - Role of the user in this project.
            type: str
            choices: [manager, contributor]
            default: contributor
          user_id:
            description:
              - Read-only and ignored on input. M(mailtrap.general.mailtrap_project_info) returns it, so that its result
                feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
            type: raw
          email:
            description:
              - Read-only and ignored on input. M(mailtrap.general.mailtrap_project_info) returns it, so that its result
                feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
            type: raw
      purge_members:
        description:
          - Remove the members of this project that O(projects[].team_members) does not list.
          - Has no effect when O(projects[].team_members) is omitted.
        type: bool
        default: false
      state:
        description:
          - V(present) creates or updates the project; V(absent) deletes it (its
            O(projects[].team_members) are then validated but not used).
        type: str
        choices: [present, absent]
        default: present
      id:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_project_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      permissions:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_project_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      sandboxes:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_project_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      share_links:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_project_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
  purge:
    description:
      - Delete every project of the account that O(projects) does not list.
      - Runs after every create and update succeeded. Refused when O(projects) keeps no project
        (empty, or every entry V(absent)) unless O(allow_empty=true).
    type: bool
    default: false
  allow_empty:
    description:
      - Let O(purge=true) run with an O(projects) list that keeps no project, deleting every project
        of the account. Without it such a task fails before any request (a list whose entries are all
        commented out is empty).
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_project
  - module: mailtrap.general.mailtrap_project_info
  - module: mailtrap.general.mailtrap_users
"""

EXAMPLES = r"""
# These examples assume the account has the users alice@example.com, bob@example.com and
# carol@example.com; the projects "Website" and "Billing" are created when missing, "Old campaign" is
# deleted when present. The second example deletes every other project.

- name: Keep these projects and their members (other projects and members are left alone)
  mailtrap.general.mailtrap_projects:
    projects:
      - name: Website
        team_members:
          - user: alice@example.com
            role: manager
          - user: bob@example.com
      - name: Billing
        team_members:
          - user: carol@example.com
            role: manager
      - name: Old campaign
        state: absent

- name: The listed projects are the only ones, with exactly these members
  mailtrap.general.mailtrap_projects:
    purge: true
    projects:
      - name: Website
        purge_members: true
        team_members:
          - user: alice@example.com
            role: manager
          - user: bob@example.com
            role: contributor
      - name: Billing
"""

RETURN = r"""
projects:
  description:
    - Every listed project that is present after the task (in check mode, as it would be), as in
      M(mailtrap.general.mailtrap_project)'s RV(mailtrap.general.mailtrap_project#module:project).
    - Members are sorted by user id, each with its C(email) (V(null) only when the users cannot be read).
    - Share links and sandboxes' SMTP credentials are masked.
  returned: always
  type: list
  elements: dict
  sample: [{"id": 201, "name": "Website", "team_members": [{"user_id": 2, "email": "alice@example.com", "role": "manager"}]}]
created:
  description: Names of the projects created (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["Website"]
updated:
  description: Names of the projects whose members changed.
  returned: always
  type: list
  elements: str
  sample: ["Billing"]
removed:
  description: Names of the projects deleted, listed with O(projects[].state=absent) or purged.
  returned: always
  type: list
  elements: str
  sample: ["Old campaign"]
spared:
  description: Always empty; present for symmetry with the other bulk modules (no project is protected from O(purge)).
  returned: always
  type: list
  elements: str
  sample: []
diff:
  description: Changed projects before and after, keyed by lowercased name, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.project import PROJECT_OPTIONS, ProjectKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import PURGE_OPTIONS, run_kind


def main():
    module = MailtrapModule(argument_spec=dict(
        projects=dict(type="list", elements="dict", required=True, options=PROJECT_OPTIONS),
        **PURGE_OPTIONS
    ))
    run_kind(module, ProjectKind, "projects")


if __name__ == "__main__":
    main()
