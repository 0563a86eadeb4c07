#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_template_share
short_description: Share a Mailtrap e-mail template with users, or stop sharing it
version_added: 1.0.0
description:
  - Ensures the listed users have (or do not have) access to an e-mail template, with a
    V(read) or V(write) permission.
  - The template is named by numeric id or by its exact name (compared case-insensitively).
    The collection does not create or delete templates.
  - Users are named by e-mail address (compared case-insensitively) or by numeric user id.
    Users not listed keep their access unless O(exclusive=true).
  - "Requests: one C(GET) of the templates (every page, when the server paginates), one C(GET) of
    the users when O(users) holds an e-mail or the result shows shares (each with its e-mail), then
    at most one C(POST) share (for the users missing or with another permission) and at most one
    C(DELETE) share (for the users to unshare)."
  - "Token scopes needed: C(templates:read); C(templates:update) to share or unshare;
    C(users:read) when users are named by e-mail or the result shows shares (for their e-mails)."
  - "Not available with C(api_dialect=live) (mailtrap.io today): the live API has no endpoints to share
    templates; the task is refused before any request."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  template:
    description:
      - The template, by numeric id or by exact name (compared case-insensitively).
      - An unknown template fails the task with a list of some existing template names.
    type: str
    required: true
  users:
    description:
      - The users to share the template with (O(state=present)) or to unshare it from (O(state=absent)).
      - Each entry is an e-mail address (compared case-insensitively) or a numeric user id.
        A user may be listed only once.
      - Every user named by e-mail must be a user of the account; an unknown one fails the task,
        naming it, before any write.
    type: list
    elements: str
    required: true
  permission:
    description:
      - The permission the listed users get with O(state=present). A user who has the template
        shared with another permission gets this one.
      - Ignored with O(state=absent).
    type: str
    choices: [read, write]
    default: read
  state:
    description:
      - V(present) shares the template with O(users) at O(permission).
      - V(absent) stops sharing it with O(users); users it is not shared with are no change.
    type: str
    choices: [present, absent]
    default: present
  exclusive:
    description:
      - With O(state=present), also stop sharing the template with every user O(users) does not list,
        so that O(users) is the whole list of users it is shared with.
      - V(true) with an empty O(users) unshares the template from everyone, and needs O(allow_empty=true).
      - Not allowed with O(state=absent).
    type: bool
    default: false
  allow_empty:
    description:
      - Allow O(exclusive=true) with an empty O(users), which unshares the template from everyone.
      - Without it such a task is refused before any request, so that a list whose entries were all
        commented out (YAML V(null)) does not silently unshare everything.
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_user
"""

EXAMPLES = r"""
# These examples assume the templates "Welcome", "Password reset" and one with id 303, and the users
# alice@example.com, bob@example.com, carol@example.com, mallory@example.com and user id 7.

- name: Let two people edit the welcome template
  mailtrap.general.mailtrap_template_share:
    template: Welcome
    users:
      - alice@example.com
      - bob@example.com
    permission: write

- name: Only these users may read the invoice template (others lose access)
  mailtrap.general.mailtrap_template_share:
    template: "303"
    users:
      - carol@example.com
      - "7"
    exclusive: true

- name: Stop sharing a template with someone
  mailtrap.general.mailtrap_template_share:
    template: Password reset
    users:
      - mallory@example.com
    state: absent
"""

RETURN = r"""
template:
  description: The template after the task (in check mode, as it would be).
  returned: always
  type: dict
  contains:
    id:
      description: Template id.
      type: int
      sample: 301
    name:
      description: Name of the template.
      type: str
      sample: Welcome
    shared_with:
      description: The users the template is shared with, sorted by user id.
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
        permission:
          description: V(read) or V(write).
          type: str
          sample: write
  sample: {"id": 301, "name": "Welcome", "shared_with": [{"user_id": 2, "email": "alice@example.com", "permission": "write"}]}
diff:
  description: The template's shares before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.template import TEMPLATE_SHARE_OPTIONS, TemplateShareKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=TEMPLATE_SHARE_OPTIONS)
    run_kind(module, TemplateShareKind)


if __name__ == "__main__":
    main()
