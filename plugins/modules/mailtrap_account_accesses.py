#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_account_accesses
short_description: Set the per-resource permissions of many people of a Mailtrap account in one task
version_added: 1.0.0
description:
  - The bulk counterpart of M(mailtrap.general.mailtrap_account_access) - for every listed user or
    pending invite, found by e-mail, sets the per-resource permissions given (the account itself,
    billing, projects, sandboxes, domains, e-mail campaigns), or revokes the person's access.
  - One C(GET account_accesses) per task whatever the number of entries (and one
    C(GET permissions/resources) when an entry names a resource by name), one
    C(PUT account_accesses/{id}/permissions/bulk) per person whose permissions differ, and no
    write when everything is as given.
  - With O(purge=true), every person not listed loses access to the account, except the account
    owner (whose access is read-only) and the user the API token of this run belongs to (unless
    O(force=true)); they are reported in RV(spared). Nothing is revoked unless O(purge) or an
    entry's O(account_accesses[].state=absent) asks for it.
  - The list takes what M(mailtrap.general.mailtrap_account_access_info) returns, unchanged - its
    RV(mailtrap.general.mailtrap_account_access_info#module:account_accesses) fed back here reports
    no change. The keys only that module returns are read-only and ignored (see each option).
  - Live dialect only (O(api_dialect=live)). The overview API has no per-resource permissions;
    there the module is refused before any request and points to M(mailtrap.general.mailtrap_users).
  - The live API cannot invite people; a listed person who is not yet in the account is refused
    (invite them in Mailtrap's web UI first). The account owner's access cannot be changed.
  - All entries are validated before any request; one bad entry fails the task and nothing is applied.
    A resource named that the resource tree does not hold is refused before any write.
  - "Token scopes needed: none apply (the live dialect has per-resource access instead of scopes): the
    token needs admin access to the account to read and change account accesses."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  account_accesses:
    description:
      - The people whose access to manage. Each entry takes the options of
        M(mailtrap.general.mailtrap_account_access) (O(account_accesses[].email),
        O(account_accesses[].permissions), O(account_accesses[].exclusive),
        O(account_accesses[].state)), or an access as M(mailtrap.general.mailtrap_account_access_info) returns it.
      - A person may appear only once (e-mails compared case-insensitively).
    type: list
    elements: dict
    required: true
    suboptions:
      email:
        description:
          - E-mail address of the user or invite, compared case-insensitively.
          - Required unless O(account_accesses[].specifier) gives it.
        type: str
      permissions:
        description:
          - The permissions to set, a list of C({type, id | name, access}) as
            M(mailtrap.general.mailtrap_account_access)'s O(mailtrap.general.mailtrap_account_access#module:permissions)
            takes them - C(type) one of V(account), V(billing), V(project), V(sandbox), V(domain),
            V(email_campaign_permission_scope); C(id) or C(name) of the resource (both may be omitted
            for V(account), V(billing) and V(email_campaign_permission_scope)); C(access) V(admin) or V(viewer).
          - A mapping of C(can_read), C(can_update), C(can_destroy), C(can_leave) (what
            M(mailtrap.general.mailtrap_account_access_info) returns as C(permissions)) is read-only and ignored.
          - With O(account_accesses[].state=present), give the permissions here or in
            O(account_accesses[].resources) (not both); at least one.
        type: raw
      resources:
        description:
          - The permissions in the API's shape, as M(mailtrap.general.mailtrap_account_access_info) returns them.
          - Any access level the API reports is accepted where the person already has it (the
            owner's 1000, for instance); only admin (100) and viewer (10) on the types of
            O(account_accesses[].permissions) can be written, anything else that differs is refused
            before any write.
        type: list
        elements: dict
        suboptions:
          resource_type:
            description: Kind of resource, for example V(project).
            type: str
            required: true
          resource_id:
            description: Id of the resource.
            type: int
            required: true
          access_level:
            description: Numeric access level - 100 admin, 10 viewer (1000 owner, 50 viewer+, 1 indeterminate are only read).
            type: int
          access_level_name:
            description:
              - Name of the access level (V(owner), V(admin), V(developer), V(viewer), V(indeterminate)).
              - Read-only and ignored when O(account_accesses[].resources[].access_level) is given; used
                in its place otherwise.
            type: str
      exclusive:
        description:
          - Remove every other permission of this person (C(_destroy)), so that they have exactly the listed ones.
        type: bool
        default: false
      state:
        description: V(present) sets the permissions; V(absent) revokes the person's access to the account.
        type: str
        choices: [present, absent]
        default: present
      id:
        description: Account access id. Read-only and ignored (the person is found by e-mail).
        type: int
      specifier_type:
        description:
          - V(User) or V(Invite). Read-only; an entry of another kind (V(ApiToken)) is refused, as
            API tokens' resources are set with M(mailtrap.general.mailtrap_tokens).
        type: str
      specifier:
        description:
          - Who holds the access. Read-only; its C(email) is the person's e-mail when
            O(account_accesses[].email) is not given (and must match it when it is).
        type: dict
  purge:
    description:
      - Revoke the access of every user and invite of the account that O(account_accesses) does not
        list. The purge runs last, and only when every listed entry went through.
      - Never revokes the account owner's access, nor that of the user the API token of this run
        belongs to unless O(force=true); both are reported in RV(spared).
      - Refused when O(account_accesses) is empty or keeps nobody, unless O(allow_empty=true).
      - API token accesses are never purged (see M(mailtrap.general.mailtrap_tokens)).
    type: bool
    default: false
  allow_empty:
    description:
      - Let O(purge=true) run with an empty O(account_accesses) list (or one whose entries are all
        absent), which revokes everyone's access but the spared people's. Without it such a purge is
        refused, since an empty list is usually a mistake (a commented-out section is empty).
    type: bool
    default: false
  force:
    description:
      - Revoke (or purge) the access of the user the API token of this run belongs to, too, which locks
        this run and every later one out. Without it that user is spared by a purge and an entry
        revoking it is refused.
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_account_access
  - module: mailtrap.general.mailtrap_account_access_info
  - module: mailtrap.general.mailtrap_resource_info
  - module: mailtrap.general.mailtrap_users
"""

EXAMPLES = r"""
# These examples assume an account (live API) with the people alice@example.com, bob@example.com and
# carol@example.com and a project "Billing service".

- name: Per-resource permissions of the team, one read for all of them
  mailtrap.general.mailtrap_account_accesses:
    api_dialect: live
    account_accesses:
      - email: alice@example.com
        permissions:
          - type: account
            access: viewer
          - type: project
            name: Billing service
            access: admin
      - email: bob@example.com
        exclusive: true
        permissions:
          - type: billing
            access: viewer
      - email: carol@example.com
        state: absent

- name: Read every person's access
  mailtrap.general.mailtrap_account_access_info:
    api_dialect: live
  register: current

- name: Keep exactly these people (the owner and this run's user are spared)
  mailtrap.general.mailtrap_account_accesses:
    api_dialect: live
    purge: true
    # What the info module returned, as it is: read-only keys are ignored, nothing changes.
    account_accesses: "{{ current.account_accesses }}"
"""

RETURN = r"""
account_accesses:
  description:
    - The access of every listed person that has one after the task (in check mode, as it would be),
      as M(mailtrap.general.mailtrap_account_access_info) returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 42
      specifier_type: User
      specifier: {"id": 7, "email": "alice@example.com", "name": "Alice"}
      resources:
        - {"resource_type": "account", "resource_id": 1001, "access_level": 10, "access_level_name": "viewer"}
        - {"resource_type": "project", "resource_id": 2550469, "access_level": 100, "access_level_name": "admin"}
      permissions: {"can_read": true, "can_update": true, "can_destroy": true, "can_leave": false}
created:
  description: Always empty - the live API cannot invite people (kept for the shape every bulk module returns).
  returned: always
  type: list
  elements: str
  sample: []
updated:
  description: E-mails of people whose permissions changed (or would, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["alice@example.com"]
removed:
  description: E-mails of people whose access was revoked, listed with O(account_accesses[].state=absent) or purged.
  returned: always
  type: list
  elements: str
  sample: ["carol@example.com"]
spared:
  description:
    - E-mails that O(purge) would have revoked but kept - the account owner, and the user of this run's
      API token unless O(force=true).
  returned: always
  type: list
  elements: str
  sample: ["owner@example.com"]
diff:
  description: The accesses that change, before and after, keyed by e-mail, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account_access import ACCESSES_OPTIONS, PermissionsKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import PURGE_OPTIONS, run_kind


def main():
    module = MailtrapModule(argument_spec=dict(ACCESSES_OPTIONS, **PURGE_OPTIONS))
    run_kind(module, PermissionsKind, "account_accesses")


if __name__ == "__main__":
    main()
