#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_tokens
short_description: Manage many Mailtrap API tokens in one task, optionally exclusively
version_added: 1.0.0
description:
  - Brings a whole list of API tokens to their desired scopes and expiry, creates the missing
    ones, rotates those due and revokes those marked V(absent), in one module invocation.
  - Each entry behaves as M(mailtrap.general.mailtrap_token) with the same options (identity by
    name, canonical scope comparison, O(tokens[].recreate), O(tokens[].rotate_before_days),
    create-before-revoke replacement).
  - "Requests: one C(GET) of the tokens for the whole list, then only the writes that are due
    (a C(POST) per token created or replaced, a C(POST) reset per token rotated without expiry,
    a C(DELETE) per token revoked). A converged list of any length costs that one read."
  - "One live token per name: where several live tokens share the name of an entry to keep (two runs
    created or rotated it at once, a rotation's revoke failed, a lost answer), the newest (highest id) that
    is not fading is kept and the others are revoked, with or without O(purge) (RV(duplicates_revoked);
    C(changed), predicted in check mode, shown in the diff). The token this task authenticates with is never
    revoked that way without O(force). To keep the token whose secret you store instead of the newest, use
    M(mailtrap.general.mailtrap_token) with O(mailtrap.general.mailtrap_token#module:prefer_last_4_digits)."
  - With O(purge=true), every live token the list does not name is revoked, except the token
    this task authenticates with (unless O(force=true)); it is reported in RV(spared).
  - All entries are validated and every decision is made before any write; one bad entry, a
    token to create without O(tokens[].scopes), or an entry that would revoke or rotate the token
    in use without O(force), fails the task and nothing is applied.
  - "The secrets of the tokens created, rotated or replaced by this run are returned in
    RV(secrets), and only there; the API never shows them again. B(Run the task with no_log)
    (C(no_log: true)) and register it whenever it can create or rotate a token, then use
    RV(secrets) in later tasks that have C(no_log: true) too. Everything else this module returns
    or displays is free of secrets."
  - "Token scopes needed: C(account:read); C(account:update) to create, rotate or revoke."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  tokens:
    description:
      - The tokens to manage. Each entry takes the options of M(mailtrap.general.mailtrap_token)
        except O(mailtrap.general.mailtrap_token#module:rotate) and O(mailtrap.general.mailtrap_token#module:force)
        (use O(tokens[].rotate_before_days) for scheduled rotation, and O(force) for the whole list).
      - A name may appear only once (compared exactly, after trimming spaces).
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - Name of the token; its identity. Among live tokens with the name, the newest is managed.
        type: str
        required: true
      scopes:
        description:
          - What the token may do, as token scopes (V(emails:send), V(templates:*)) or named
            permissions (V(send_emails), V(manage_templates), ...), which may be mixed.
          - Required to create a token with the overview dialect. When omitted, an existing token's scopes are not compared.
          - Unknown scopes are refused before any request is sent. Refused with O(api_dialect=live).
        type: list
        elements: str
      resources:
        description:
          - "Live dialect (O(api_dialect=live), mailtrap.io today): what the token may do, as per-resource
            permissions. Sent as C(resources: [{resource_type, resource_id, access_level}])."
          - Required to create a token in the live dialect. When omitted, an existing token's resources are not compared;
            when given, they are compared as a set (order does not matter).
          - Refused with the overview dialect, where O(tokens[].scopes) is used instead; O(tokens[].scopes) is refused in the live dialect.
          - Names are resolved with one read of C(GET permissions/resources) before any write; an unknown or
            ambiguous name, an unknown type or an access level other than V(admin) / V(viewer) is refused before any write.
        type: list
        elements: dict
        suboptions:
          type:
            description: The kind of resource, as in Mailtrap's resource tree; a token takes V(account), V(project), V(sandbox) or V(domain).
            type: str
            required: true
          id:
            description:
              - The resource's id. For V(account), defaults to the account of the task.
              - Mutually exclusive with O(tokens[].resources[].name).
            type: raw
          name:
            description: The resource's name (for example a project's), resolved to its id through the resource tree.
            type: str
          access:
            description: V(admin) (access level 100) or V(viewer) (10). V(owner) cannot be given to a token.
            type: str
            required: true
          resource_type:
            description:
              - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
                feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
            type: raw
          resource_id:
            description:
              - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
                feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
            type: raw
          access_level:
            description:
              - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
                feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
            type: raw
          access_level_name:
            description:
              - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
                feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
            type: raw
      expires_at:
        description:
          - When the token stops working, as a date V(YYYY-MM-DD) (midnight UTC) or an ISO 8601 time.
          - Must be in the future with O(tokens[].state=present). When omitted, a new token never
            expires and an existing token's expiry is not compared.
          - Cut to whole seconds, both when sent and when compared. For a rolling expiry use O(tokens[].expires_in_days).
        type: str
      expires_in_days:
        description:
          - A relative expiry, between 1 and 36500 days; mutually exclusive with O(tokens[].expires_at).
          - Applied when the token is created and when it is rotated or replaced (now plus this many days), and never
            compared with an existing token's expiry, so it does not drift from day to day as a computed O(tokens[].expires_at) would.
          - Must be more than O(tokens[].rotate_before_days) when both are given, or every run would rotate the token it just made.
        type: int
      state:
        description:
          - V(present) creates (and rotates or replaces as the other options say) the token;
            V(absent) revokes every live token with the name.
        type: str
        choices: [present, absent]
        default: present
      recreate:
        description:
          - What to do when the existing token's scopes or expiry differ from the entry.
          - V(never) changes nothing and warns (RV(drift) names the fields); V(on_change) creates
            a new token and then revokes the old one; V(always) replaces it on every run.
        type: str
        choices: [never, on_change, always]
        default: never
      rotate_before_days:
        description:
          - Rotate the token when it expires within this many days (as
            M(mailtrap.general.mailtrap_token) does). Tokens without expiry are never rotated by this.
          - The new token expires the old token's lifetime (its C(expires_at) minus its C(created_at),
            90 days if that cannot be read) after the rotation, or O(tokens[].expires_at) /
            O(tokens[].expires_in_days) when given, and at least one day more than this, so that a re-run
            right after a rotation changes nothing. A fixed expiry inside this window does not rotate.
          - Between 0 and 36500.
        type: int
      id:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
          - Only with O(tokens[].state=absent) it names the one token to revoke, as O(mailtrap.general.mailtrap_token#module:id) does.
        type: raw
      created_at:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      created_by:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      last_4_digits:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
      days_left:
        description:
          - Read-only and ignored on input. M(mailtrap.general.mailtrap_token_info) returns it, so that its result
            feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
        type: raw
  purge:
    description:
      - Revoke every live token of the account that O(tokens) does not name. (The extra live tokens of a name
        it keeps are revoked with or without purge, see the description.)
      - Runs last, and only when every entry succeeded; a failed entry leaves every token in place.
      - The token this task authenticates with is never revoked by the purge unless O(force=true);
        it is reported in RV(spared).
      - Refused when O(tokens) keeps nothing (empty, or every entry V(absent)) unless O(allow_empty=true).
    type: bool
    default: false
  allow_empty:
    description:
      - With O(purge=true), allow an O(tokens) list that keeps no token (a list whose entries are all
        commented out is empty), which revokes every token but the one in use.
    type: bool
    default: false
  force:
    description:
      - Allow revoking, rotating or replacing the token this task authenticates with (O(api_token)),
        by an entry or by O(purge).
      - Without it, an entry that would do so fails the task before any write.
      - The token in use is recognised by its last four characters (the API shows no more of a
        token), so another token ending in the same four characters is protected as well.
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_token
  - module: mailtrap.general.mailtrap_token_info
"""

EXAMPLES = r"""
# These examples assume the tokens "reporting" and "old-integration" may exist ("reporting" is replaced
# when its scopes differ, "old-integration" revoked); "webapp-production" is created. The last example
# revokes every other token.

- name: The service tokens of the account (no_log, the result holds new secrets)
  mailtrap.general.mailtrap_tokens:
    tokens:
      - name: webapp-production
        scopes: [send_emails]
        expires_at: "2030-06-30"
        rotate_before_days: 14
      - name: reporting
        scopes: [view_analytics, export_data]
        recreate: on_change
      - name: old-integration
        state: absent
  register: service_tokens
  no_log: true

- name: Store each new secret (only tokens created or rotated in this run are in secrets)
  ansible.builtin.copy:
    content: "{{ item.value }}"
    dest: "/etc/mailtrap/{{ item.key }}.token"
    mode: "0600"
  loop: "{{ service_tokens.secrets | dict2items }}"
  no_log: true

- name: Report what changed (no secrets here)
  ansible.builtin.debug:
    msg: "created {{ service_tokens.created }}, rotated or replaced {{ service_tokens.updated }}"

- name: Exactly these tokens exist; every other one is revoked (the one in use is spared)
  mailtrap.general.mailtrap_tokens:
    purge: true
    tokens:
      - name: webapp-production
      - name: reporting
  register: purged
  no_log: true
"""

RETURN = r"""
api_tokens:
  description:
    - Every listed token that is present after the task (in check mode, as it would be), without
      its secret, as in M(mailtrap.general.mailtrap_token)'s RV(mailtrap.general.mailtrap_token#module:api_token).
  returned: always
  type: list
  elements: dict
  sample: [{"id": 7002, "name": "webapp-production", "scopes": ["emails:send"], "expires_at": "2027-06-30T00:00:00Z",
            "last_4_digits": "9f3a", "created_by": "owner@example.com", "created_at": "2026-01-15T08:30:00Z"}]
secrets:
  description:
    - "Token name → secret value, for the tokens created, rotated or replaced by this run only
      (never in check mode). Register the result with C(no_log: true)."
    - Also in the result of a run that failed on a later entry, for the tokens created before the failure.
  returned: always
  type: dict
  sample: {"webapp-production": "a1b2c3d4e5f60718293a4b5c6d7e9f3a"}
created:
  description: Names of the tokens created (or that would be, in check mode).
  returned: always
  type: list
  elements: str
  sample: ["webapp-production"]
updated:
  description: Names of the tokens rotated or replaced by a new token (new secret in RV(secrets)).
  returned: always
  type: list
  elements: str
  sample: ["reporting"]
removed:
  description: Names of the tokens revoked, listed with O(tokens[].state=absent) or purged.
  returned: always
  type: list
  elements: str
  sample: ["old-integration"]
spared:
  description: Names of tokens that O(purge) would have revoked but kept because they are the token in use.
  returned: always
  type: list
  elements: str
  sample: ["Emulator owner token"]
drift:
  description:
    - Token name → fields (V(scopes) or V(resources), V(expires_at)) that differ from the entry and were not applied
      because O(tokens[].recreate=never). Only tokens with drift are listed.
  returned: always
  type: dict
  sample: {"reporting": ["scopes"]}
duplicates_revoked:
  description:
    - The extra live tokens of the listed names that this run revoked (in check mode, would revoke), without
      secrets, so that one live token per name remains.
  returned: always
  type: list
  elements: dict
  sample: [{"id": 7001, "name": "ci", "last_4_digits": "1c2d", "expires_at": null}]
diff:
  description:
    - Changed tokens before and after (without secrets), keyed by name, when run with C(--diff).
    - When duplicates are revoked, a list of two diffs, the second one naming the revoked tokens.
  returned: when diff mode is on
  type: raw
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.token import FORCE_OPTIONS, TOKEN_OPTIONS, TokenKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import PURGE_OPTIONS, run_kind


def main():
    module = MailtrapModule(argument_spec=dict(
        # no_log=False: the list holds token names and rights, never a secret.
        tokens=dict(type="list", elements="dict", required=True, options=TOKEN_OPTIONS, no_log=False),
        **dict(PURGE_OPTIONS, **FORCE_OPTIONS)
    ))
    run_kind(module, TokenKind, "tokens")


if __name__ == "__main__":
    main()
