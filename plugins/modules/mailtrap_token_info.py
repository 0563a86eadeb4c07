#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_token_info
short_description: List the API tokens of a Mailtrap account and when they expire
version_added: 1.0.0
description:
  - Returns the API tokens of the account with their scopes (or, with O(api_dialect=live), their per-resource
    permissions), author and expiry, plus the
    whole days left before each expires. One C(GET) whatever the number of tokens.
  - Never returns a token's secret; the API does not show it after creation.
  - Made for reports and for finding tokens to rotate, for example every token that expires
    within 30 days.
  - "Token scope needed: C(account:read)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  name:
    description:
      - Return only tokens with this name (compared exactly, after trimming spaces).
    type: str
  expiring_within_days:
    description:
      - Return only tokens that expire within this many days from now. Tokens without an
        expiry never match.
      - Between 0 and 36500.
    type: int
  include_expired:
    description:
      - Also return tokens that have already expired (if the API lists them).
      - With O(expiring_within_days), expired tokens count as expiring.
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_token
"""

EXAMPLES = r"""
- name: List every live token of the account
  mailtrap.general.mailtrap_token_info:
  register: all_tokens

- name: Find tokens that expire within 30 days
  mailtrap.general.mailtrap_token_info:
    expiring_within_days: 30
  register: expiring

- name: Rotate them (the result holds new secrets, hence no_log)
  mailtrap.general.mailtrap_token:
    name: "{{ item }}"
    rotate: true
  loop: "{{ expiring.api_tokens | map(attribute='name') | unique | list }}"
  register: rotated
  no_log: true

- name: Show when the webapp token expires
  mailtrap.general.mailtrap_token_info:
    name: webapp-production
  register: webapp

- name: Report the days left
  ansible.builtin.debug:
    msg: "{{ webapp.api_tokens | map(attribute='days_left') | list }}"
"""

RETURN = r"""
api_tokens:
  description:
    - The matching tokens, sorted by name then id. Never contains a secret.
    - Each token feeds back to M(mailtrap.general.mailtrap_tokens) (C(tokens) set to this list) or
      M(mailtrap.general.mailtrap_token) unchanged. C(id), C(created_at), C(created_by), C(last_4_digits),
      C(days_left) and the resources' C(resource_type), C(resource_id), C(access_level) are read-only
      there (accepted, ignored); see docs/adoption.md.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Token id.
      type: int
    name:
      description: Token name.
      type: str
    scopes:
      description: Token scopes, sorted (overview dialect).
      type: list
      elements: str
    resources:
      description:
        - Per-resource permissions C({resource_type, resource_id, access_level}) (live dialect), each
          also as C(type), C(id) and C(access) (V(admin), V(viewer)), the keys
          M(mailtrap.general.mailtrap_tokens) takes; the API's keys are read-only there.
      type: list
      elements: dict
    expires_at:
      description: When the token expires (ISO 8601, UTC), or null if it never does.
      type: str
    days_left:
      description:
        - Whole days left before the token expires (V(0) if less than a day, negative once expired),
          or null if it never expires.
        - Was called C(expires_in_days) in earlier releases; renamed because C(expires_in_days) is an
          option of M(mailtrap.general.mailtrap_tokens) (a new token's lifetime), so the token fed
          back would have set it.
      type: int
    last_4_digits:
      description: The last four characters of the secret, to recognise it.
      type: str
    created_by:
      description: E-mail address of the user the token belongs to.
      type: str
    created_at:
      description: When the token was created (ISO 8601, UTC).
      type: str
  sample:
    - id: 7002
      name: webapp-production
      scopes: ["emails:send"]
      expires_at: "2027-01-01T00:00:00Z"
      days_left: 320
      last_4_digits: "9f3a"
      created_by: owner@example.com
      created_at: "2026-01-15T08:30:00Z"
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.token import INFO_OPTIONS, TokenKind, info_select, with_days_left
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=dict(INFO_OPTIONS))
    run_info(module, TokenKind, info_select(module), with_days_left)


if __name__ == "__main__":
    main()
