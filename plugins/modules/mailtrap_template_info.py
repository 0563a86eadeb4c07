#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_template_info
short_description: List the e-mail templates of a Mailtrap account and whom they are shared with
version_added: 1.0.0
description:
  - Returns the templates of the account with their shares (user id, e-mail, permission).
    One C(GET) of templates, plus one C(GET) of users when any template is shared.
  - 'When the server answers a page (C({"data": [...], "pagination": {...}})) rather than a list,
    the pages are followed (one C(GET) each, at most 100 pages; more fails the task rather than
    report a partial list).'
  - "With C(api_dialect=live) (mailtrap.io today): the templates are read from C(email_templates),
    the endpoint of Mailtrap's published templates API (a bare list; Mailtrap's newer paginated
    C(templates) holds the same records), and shown without their bodies and without shares (the
    live API has no sharing); O(shared_with) is refused before any request."
  - "Token scopes needed: C(templates:read), and C(users:read) to show the e-mails of shares."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  template:
    description:
      - Return only this template, by numeric id or name (compared case-insensitively).
    type: str
  shared_with:
    description:
      - Return only templates shared with this user, given by e-mail (case-insensitive) or numeric user id.
      - Useful when offboarding someone; see the C(offboard_user) playbook.
      - Not available with C(api_dialect=live).
    type: str
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_template_share
"""

EXAMPLES = r"""
# These examples assume a user alice@example.com; the last one stops sharing templates with her.

- name: Every template and its shares
  mailtrap.general.mailtrap_template_info:
  register: templates

- name: The templates shared with a person who is leaving
  mailtrap.general.mailtrap_template_info:
    shared_with: alice@example.com
  register: alice_templates

- name: Stop sharing them
  mailtrap.general.mailtrap_template_share:
    template: "{{ item.id | string }}"
    users: [alice@example.com]
    state: absent
  loop: "{{ alice_templates.templates }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
templates:
  description: The matching templates, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Template id.
      type: int
    name:
      description: Template name.
      type: str
    uuid:
      description: Template UUID (C(api_dialect=live)).
      type: str
      returned: with C(api_dialect=live)
    category:
      description: Template category (C(api_dialect=live)).
      type: str
      returned: with C(api_dialect=live)
    subject:
      description: Subject line (C(api_dialect=live)).
      type: str
      returned: with C(api_dialect=live)
    created_at:
      description: When the template was created (C(api_dialect=live)).
      type: str
      returned: with C(api_dialect=live)
    updated_at:
      description: When the template was last changed (C(api_dialect=live)).
      type: str
      returned: with C(api_dialect=live)
    shared_with:
      description: Users the template is shared with, sorted by user id (C(api_dialect=overview) only).
      type: list
      elements: dict
      contains:
        user_id:
          description: User id.
          type: int
        email:
          description: E-mail address of the user.
          type: str
        permission:
          description: V(read) or V(write).
          type: str
  sample: [{"id": 301, "name": "Welcome", "shared_with": [{"user_id": 2, "email": "alice@example.com", "permission": "read"}]}]
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.template import TEMPLATE_INFO_OPTIONS, TemplateListing
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=TEMPLATE_INFO_OPTIONS)
    run_info(module, TemplateListing)


if __name__ == "__main__":
    main()
