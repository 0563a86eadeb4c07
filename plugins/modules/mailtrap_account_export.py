#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_account_export
short_description: Export a whole Mailtrap account as an account_baseline_config (adopt an existing account)
version_added: 1.1.0
description:
  - Reads the whole account (settings, notifications, security policy, SSO, users with their
    extra permissions, projects with their members, API tokens, template shares) and returns it
    in exactly the shape the C(mailtrap.general.account_baseline) role takes as
    C(account_baseline_config). Applying the result right away changes nothing.
  - Only reads (C(GET)); one request per section, whatever the number of objects.
  - What a baseline cannot hold is left out and listed in RV(left_out) with the reason. Token
    secrets are never readable through the API (only names, scopes and expiries are exported).
    The token this module runs with is left out (a baseline does not manage the token it runs
    with). Expired tokens are left out (a baseline cannot ask for an expiry in the past).
  - C(playbooks/export_baseline.yml -e export_file=PATH) writes the result as a YAML vars file
    with a header that says when, from which account and what was left out.
  - "Token scopes needed: C(account:read), C(users:read), C(projects:read), C(templates:read),
    and reading API tokens."
  - Reads both API dialects; with O(api_dialect=auto) the server's answers say which one. From the
    live Mailtrap API (mailtrap.io) it exports the baseline the role's live tasks take (see
    C(playbooks/vars/example_baseline_live.yml)), C(users) with their account-level role (V(admin) or
    V(viewer); the owner and people without account-level access by e-mail alone),
    C(account_accesses) with every per-resource permission of each person (resources by id,
    C(exclusive) with O(purge)), C(projects) by name and C(tokens) with their C(resources). The
    owner's access is read-only there and left out of C(account_accesses), like a grant at a level a
    baseline cannot give (only admin and viewer; that person's entry is then not exclusive), and
    the sections the live API has no endpoint for (account, notifications, security, SSO, template
    shares) are named in RV(left_out).
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  sections:
    description:
      - The sections to export. All of them when not given.
    type: list
    elements: str
    choices: [account, notifications, security, sso, users, account_accesses, projects, tokens, template_shares]
  purge:
    description:
      - Also set C(purge_users), C(purge_projects), C(purge_tokens) and C(purge_project_members)
        (overview) or each person's C(account_accesses[].exclusive) (live) to V(true) for the
        exported lists, so that the file describes the whole account; a user, project, member,
        permission or token added by hand later is drift (reported by
        C(playbooks/drift_report.yml)) and removed when the file is applied.
      - With V(false) the exported baseline only adds and updates; extra objects are left alone
        and are not reported as drift.
    type: bool
    default: true
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_user_info
  - module: mailtrap.general.mailtrap_project_info
  - module: mailtrap.general.mailtrap_token_info
"""

EXAMPLES = r"""
- name: Read the whole account as a baseline
  mailtrap.general.mailtrap_account_export:
  register: exported

- name: Write it as a vars file for playbooks/account_baseline.yml
  ansible.builtin.copy:
    content: "{{ {'account_baseline_config': exported.baseline} | to_nice_yaml(indent=2, sort_keys=false) }}"
    dest: my_account.yml
    mode: "0600"

- name: Only the people
  mailtrap.general.mailtrap_account_export:
    sections: [users, projects]
    purge: false
  register: team
"""

RETURN = r"""
baseline:
  description:
    - The account in the shape of C(account_baseline_config). A section the account has nothing
      in (no SSO settings, say) is left out; C(users), C(projects) and C(tokens) are always there
      when exported, possibly empty.
  returned: success
  type: dict
  sample:
    account: {name: Example Co, timezone: Europe/Berlin, notification_email: ops@example.com}
    users: [{email: owner@example.com, role: owner, permissions: []}]
    projects: [{name: Marketing, team_members: [{user: mia@example.com, role: manager}]}]
    tokens: [{name: ci-sending, scopes: ["emails:send"], expires_at: "2030-01-01T00:00:00Z"}]
    template_shares: [{template: Welcome, users: [mia@example.com], permission: write}]
    purge_users: true
    # live: users [{email, role}], account_accesses [{email, permissions: [{type, id, access}], exclusive}],
    # projects [{name}], tokens [{name, resources: [{type, id, access}], expires_at}]
left_out:
  description: What the export did not put into RV(baseline), and why.
  returned: success
  type: list
  elements: dict
  contains:
    what:
      description: The section and object.
      type: str
    reason:
      description: Why it is not in the baseline.
      type: str
  sample: [{what: "tokens: secrets", reason: "token secrets are never readable through the API"}]
account:
  description: The account exported.
  returned: success
  type: dict
  sample: {id: 1001, name: Example Co}
api_dialect:
  description: The API dialect the server speaks.
  returned: success
  type: str
  sample: overview
exported_at:
  description: When the account was read (UTC).
  returned: success
  type: str
  sample: "2026-11-30T01:30:00Z"
"""

from ansible_collections.mailtrap.general.plugins.module_utils.export import EXPORT_OPTIONS, Export
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule


def main():
    module = MailtrapModule(argument_spec=EXPORT_OPTIONS)
    module.run(lambda: Export(module).run())


if __name__ == "__main__":
    main()
