#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_project
short_description: Create, rename and delete Mailtrap projects and manage their team members
version_added: 1.0.0
description:
  - Ensures a project exists with the given team members and their project roles, or does not exist.
  - The project is identified by O(name), compared case-insensitively. Project names are
    unique per account.
  - "Team members are compared as a set of (user, role): their order never matters, and a user
    may be named by e-mail (case-insensitive) or by numeric user id."
  - Members not listed are kept unless O(purge_members=true).
  - "Requests: one C(GET) of the projects, one C(GET) of the users when O(team_members)
    names someone by e-mail or when the result shows members (each with its e-mail), then at most
    one write: a C(POST) to create, one C(PATCH) carrying the new name and the whole resulting
    member list, or a C(DELETE)."
  - "With C(api_dialect=live) (mailtrap.io today) the request bodies are wrapped (C({\"project\": {\"name\": ...}})),
    names must have at least 2 characters, and O(team_members) is refused before any request: the live API
    has no team members; give people access to a project with M(mailtrap.general.mailtrap_account_access)."
  - "Token scopes needed: C(projects:read); C(projects:create) to create, C(projects:update) to
    rename or change members, C(projects:delete) to delete; C(users:read) when members are
    named by e-mail."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  name:
    description:
      - Name of the project; its identity, compared case-insensitively.
      - When the project does not exist and O(new_name) is not given, it is created with this name.
      - At most 100 characters; with C(api_dialect=live), at least 2 (refused before any request).
    type: str
    required: true
  new_name:
    description:
      - Rename the project O(name) to this name. Changing only the case of the name is a rename too.
      - If no project is named O(name) but one is named O(new_name), the rename already happened
        and that project is the one managed (no change for the name).
      - If neither exists, the project is created as O(new_name).
      - If both exist (and are different projects), the task fails before any write.
      - Not allowed with O(state=absent).
    type: str
  team_members:
    description:
      - Members of the project and their project role.
      - When omitted, the members are left alone.
      - Every listed user must be a user of the account; an unknown one fails the task, naming
        it, before any write. A user may be listed only once.
      - With O(purge_members=true), V([]) removes every member (only with O(allow_empty=true)).
      - Not available with C(api_dialect=live) (refused before any request, pointing to
        M(mailtrap.general.mailtrap_account_access)).
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
      - Remove the members that O(team_members) does not list.
      - When V(false), members not listed are kept as they are.
      - Has no effect when O(team_members) is omitted.
    type: bool
    default: false
  state:
    description:
      - V(present) creates, renames or updates the project.
      - V(absent) deletes the project named O(name); O(team_members) and O(purge_members) are then ignored.
    type: str
    choices: [present, absent]
    default: present
  allow_empty:
    description:
      - Allow O(purge_members=true) with an empty O(team_members), which removes every member of the project.
      - Without it such a task is refused before any request, so that a member list whose entries were
        all commented out (YAML V(null)) does not silently empty the team.
    type: bool
    default: false
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
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_project_info
  - module: mailtrap.general.mailtrap_user
"""

EXAMPLES = r"""
# These examples assume the account has the users alice@example.com, bob@example.com and user id 42,
# and the projects "Landing pages" (renamed) and "Old campaign" (deleted); "Website" and "Billing"
# are created when missing.

- name: A project with a manager and a contributor (other members are kept)
  mailtrap.general.mailtrap_project:
    name: Website
    team_members:
      - user: alice@example.com
        role: manager
      - user: bob@example.com

- name: Exactly these members, by e-mail or user id; everyone else leaves the project
  mailtrap.general.mailtrap_project:
    name: Billing
    purge_members: true
    team_members:
      - user: Alice@Example.com
        role: manager
      - user: "42"
        role: contributor

- name: Rename a project (re-running it reports no change)
  mailtrap.general.mailtrap_project:
    name: Landing pages
    new_name: Marketing site

- name: Delete a project
  mailtrap.general.mailtrap_project:
    name: Old campaign
    state: absent
"""

RETURN = r"""
project:
  description: The project after the task (in check mode, as it would be). Empty when the project is absent.
  returned: always
  type: dict
  contains:
    id:
      description: Project id. Not present for a project that check mode would create.
      type: int
      sample: 201
    name:
      description: Name of the project.
      type: str
      sample: Website
    team_members:
      description: Members of the project, sorted by user id.
      type: list
      elements: dict
      contains:
        user_id:
          description: User id.
          type: int
          sample: 2
        email:
          description:
            - E-mail address of the user. The account's users are read once for it when the task
              did not read them anyway.
            - V(null) only when the users cannot be read (for example the token lacks C(users:read));
              a warning then says why.
          type: str
          sample: alice@example.com
        role:
          description: Role in the project.
          type: str
          sample: manager
    share_links:
      description:
        - "The project's share links (C(api_dialect=live)), masked as C(********): they give access to the project."
      type: dict
      returned: when the API returns them
    sandboxes:
      description:
        - The project's sandboxes (C(api_dialect=live)), with their SMTP credentials (C(username), C(password)) masked.
      type: list
      elements: dict
      returned: when the API returns them
  sample: {"id": 201, "name": "Website", "team_members": [{"user_id": 2, "email": "alice@example.com", "role": "manager"}]}
action:
  description:
    - What was done (or would be done in check mode).
    - V(created), V(updated) or V(deleted) when the task changed something (C(changed=true));
      V(unchanged) when the project exists as wanted; V(absent) when O(state=absent) found nothing to delete.
    - V(none) when the task failed before its write took effect (C(changed=false), nothing was written).
  returned: always
  type: str
  choices: [created, updated, deleted, unchanged, absent, none]
  sample: updated
diff:
  description: The project before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.project import NEW_NAME_OPTION, PROJECT_OPTIONS, ProjectKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(PROJECT_OPTIONS, **NEW_NAME_OPTION))
    run_kind(module, ProjectKind)


if __name__ == "__main__":
    main()
