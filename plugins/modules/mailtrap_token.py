#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_token
short_description: Create, rotate, replace and revoke Mailtrap API tokens
version_added: 1.0.0
description:
  - Ensures an API token with a given name, scopes and expiry exists in a Mailtrap account,
    rotates it on demand or before it expires, or revokes it.
  - The token is identified by O(name). Mailtrap does not require names to be unique; among
    the live tokens with the name (already expired ones are ignored) one is managed and, with
    O(state=present), the others are revoked (RV(duplicates_revoked)), so a run converges on one
    live token per name. The rule, the same on every run, is in O(prefer_last_4_digits).
  - O(id) with O(state=absent) revokes one token by its id, for example the old token of a
    rotation whose revoke failed.
  - "Tokens cannot be edited in place: a token whose scopes or expiry differ from the task is
    only replaced when O(recreate) allows it. A replacement is always created before the old
    token is revoked, so there is no moment without a working token."
  - "Scopes are compared in canonical form, so the same rights in another order or spelling
    (V(send_emails) or V(emails:send)) are not a change."
  - The token's secret value is returned only by the run that creates it (RV(token)); the API
    never shows it again. Everything else this module returns or displays is free of secrets.
  - "Token scopes needed: C(account:read); C(account:update) to create, rotate or revoke."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  name:
    description:
      - Name of the token; its identity (compared exactly, after trimming spaces).
      - Required unless O(id) is given; with O(id) it is optional and, if given, must be the name of that token.
    type: str
  id:
    description:
      - Revoke the token with this id (with O(state=absent) only; nothing else may be combined with it).
        A token already gone is V(absent), not an error.
      - The token this task authenticates with is refused without O(force), as for a name.
      - With O(state=present) it is read-only and ignored, so that a M(mailtrap.general.mailtrap_token_info)
        result feeds back to this module unchanged (see docs/adoption.md).
    type: int
  prefer_last_4_digits:
    description:
      - "When several live tokens share O(name) (two runs created or rotated it at once, or a rotation's
        revoke failed), one is kept and the others are revoked: among the tokens that are not fading (the old
        token of a reset, which expires within minutes, is left to expire), the newest (highest id) whose last
        four characters are this value, otherwise the newest. Give the last four characters of the secret you
        keep (the M(mailtrap.general.mailtrap_token_info) listing shows each token's C(last_4_digits)), so that
        the token whose secret is stored is the one kept; the C(mailtrap.general.token_rotation) role does this
        from its secret files."
      - The token this task authenticates with is never revoked as a duplicate without O(force); it is kept
        next to the managed one, with a warning.
      - These are not secret (the API lists them), but they identify a token.
    type: str
  scopes:
    description:
      - What the token may do, as token scopes (V(emails:send), V(templates:*)) or named
        permissions (V(send_emails), V(manage_templates), V(view_analytics), ...), which may be mixed.
      - "Scopes and their operations: account (read, update); users (create, read, update, delete);
        billing (read, update); projects (create, read, update, delete); domains (create, read,
        verify, delete); emails (send, read, contacts); templates (create, read, update, delete);
        analytics (read, export); sandbox (create, read, update, delete); webhooks (create, read,
        update, delete). V(*) means every operation of a scope."
      - A token can never do more than the user who creates it (the owner of O(api_token)).
      - Unknown scopes are refused before any request is sent.
      - Required to create a token with the overview dialect. When omitted, an existing token's scopes are not compared.
      - Refused with O(api_dialect=live), where tokens carry O(resources) instead.
    type: list
    elements: str
  resources:
    description:
      - "Live dialect (O(api_dialect=live), mailtrap.io today): what the token may do, as per-resource
        permissions. Sent as C(resources: [{resource_type, resource_id, access_level}])."
      - Required to create a token in the live dialect. When omitted, an existing token's resources are not compared;
        when given, they are compared as a set (order does not matter).
      - Refused with the overview dialect, where O(scopes) is used instead; O(scopes) is refused in the live dialect.
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
          - Mutually exclusive with O(resources[].name).
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
      - When the token stops working, as a date V(YYYY-MM-DD) (midnight UTC) or an ISO 8601
        time (V(2026-12-31T18:00:00+02:00)); a time without an offset is taken as UTC.
      - Must be in the future (with O(state=present)); a past or malformed value is refused before any
        request is sent. Ignored with O(state=absent).
      - Compared with the existing token's expiry as an instant in UTC, so different spellings of
        the same moment are not a change.
      - When omitted, a new token never expires and an existing token's expiry is not compared.
      - Tokens expire on whole seconds; a fraction of a second is cut off, both when sent and when compared.
      - A date computed relative to today changes every day and so differs from the existing
        token every day. For a rolling expiry use O(expires_in_days).
      - With O(api_dialect=live), the expiry is always sent (V(null) for a token that never expires),
        since the live API gives a token created or reset without one a year of life.
    type: str
  expires_in_days:
    description:
      - A relative expiry, between 1 and 36500 days; mutually exclusive with O(expires_at).
      - Applied when the token is created and when it is rotated or replaced (now plus this many days), and never
        compared with an existing token's expiry, so it does not drift from day to day as a computed O(expires_at) would.
      - Must be more than O(rotate_before_days) when both are given, or every run would rotate the token it just made.
    type: int
  state:
    description:
      - V(present) creates the token if no live token has the name (and rotates or replaces it
        as O(rotate), O(rotate_before_days) and O(recreate) say).
      - V(absent) revokes every live token with the name (C(DELETE)); they stop working at once.
    type: str
    choices: [present, absent]
    default: present
  recreate:
    description:
      - What to do when the existing token's scopes or expiry differ from O(scopes) / O(expires_at).
      - V(never) changes nothing and warns, naming the differing fields and suggesting
        O(recreate=on_change). RV(drift) lists them too.
      - V(on_change) creates a new token with the wanted scopes (or resources) and expiry (same name), then
        revokes the old one. The new secret is in RV(token).
      - A difference in expiry alone is not a reason to replace a token when O(expires_in_days) is used (it is not
        compared), nor when a fixed O(expires_at) falls inside O(rotate_before_days) (see there).
      - V(always) replaces the token on every run, whether or not it differs.
    type: str
    choices: [never, on_change, always]
    default: never
  rotate:
    description:
      - Rotate the token now (every run with this set reports a change).
      - "A token without expiry is rotated through Mailtrap's reset call: the API issues a new
        token (new id, same name and scopes, no expiry) and lets the old one keep working for a
        short grace period (five minutes) so that running clients can switch."
      - "A token with an expiry cannot be reset; a new token with the same name and rights is
        created and the old one revoked. The new expiry is O(expires_at) if it is given, now plus
        O(expires_in_days) if that is given; otherwise now plus the old token's lifetime (old C(expires_at)
        minus its C(created_at)). If that cannot be read, as for live tokens, which show no C(created_at): 90 days from now,
        or the old C(expires_at) if that is later (a rotation never shortens the access a token was given).
        So a token made for 90 days is followed by one valid for 90 days from the rotation, however early it is
        rotated, and rotating again keeps that lifetime."
    type: bool
    default: false
  rotate_before_days:
    description:
      - Rotate the token (as O(rotate) does) when it expires within this many days.
      - Tokens without an expiry are never rotated by this option.
      - Made for scheduled runs, for example a daily job with V(14).
      - The new token lives as long as the old one was made to live (see O(rotate)), but at least one day more
        than this (with a warning), so that running the task again right after a rotation changes nothing.
      - A token whose fixed O(expires_at) falls within this many days is not rotated (a new token would expire
        no later); a warning says so.
      - The old token of a reset keeps working for a few minutes and is still listed; it is never the managed
        token (the newest that is not fading is), so a re-run in that grace period does not rotate again.
      - Between 0 and 36500.
    type: int
  force:
    description:
      - Allow revoking, rotating or replacing the token this task authenticates with (O(api_token)).
      - Without it such a task fails before any write, because the run (and every later run with
        the same O(api_token)) would lose its own access.
      - The token in use is recognised by its last four characters (the API shows no more of a
        token), so this is a heuristic; another token ending in the same four characters is
        protected as well.
    type: bool
    default: false
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
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
notes:
  - "B(Warning: the result holds the secret.) A run that creates, rotates or replaces a token returns
    its secret in RV(token). B(Every task that registers the result of this module must set no_log.)
    Set C(no_log: true) on it, otherwise the secret is printed with C(-v) and stored in logs, AWX
    job events and callback outputs. Save the secret in the same play (to a file with mode C(0600),
    or to a vault), see the examples."
  - The secret is returned only when a token was created in this run, never in check mode, never in
    RV(diff), warnings or error messages, and it cannot be read back later. If a run fails after
    a token was created, revoke it (O(state=absent)) or rotate it to get a new secret.
  - "Lost answers: if the answer to a create is lost (connection drop or gateway error) and a
    read-back shows a token of that name appeared, it cannot be told whether this run made it (its secret
    is lost with the answer) or another run did (which has its secret). It is left alone and named in a
    warning, and the create is sent again, so a secret is always returned. The next run keeps one live token of
    the name (see O(prefer_last_4_digits)) and revokes the other."
  - "Concurrent runs: Mailtrap has no \"create unless it exists\" and no \"rotate\" that creates and revokes
    at once, so two runs that read at the same time can both create (or rotate) a token, and each returns its
    own secret. The API cannot make that atomic; the next run converges on one live token by the rule of
    O(prefer_last_4_digits), revoking the others (C(changed), predicted in check mode, shown in the diff).
    A rotation whose revoke of the old token failed is repaired the same way on the next run."
  - "If a write fails after the new token was created (for example revoking the old one), the failed
    result still holds the new secret in RV(token) and reports C(changed: true)."
  - In check mode only C(GET) requests are sent; RV(api_token) shows the token as it would be
    (without id or secret), and the guard for the token in use applies as in a real run.
seealso:
  - module: mailtrap.general.mailtrap_token_info
  - name: Mailtrap API tokens
    description: How API tokens and their permissions work in Mailtrap.
    link: https://help.mailtrap.io/article/103-api-tokens
"""

EXAMPLES = r"""
# These examples assume the tokens "reporting", "ci-sandbox" and "old-integration" exist;
# "webapp-production" is created. Storing the secret needs a host directory and account, or a Vault.

- name: Create a sending token for the web app (no_log, the result holds the secret)
  mailtrap.general.mailtrap_token:
    name: webapp-production
    scopes:
      - emails:send
    expires_at: "2030-01-01"
  register: webapp_token
  no_log: true

- name: Store the new secret in a file only its owner can read
  ansible.builtin.copy:
    content: "{{ webapp_token.token }}"
    dest: /etc/webapp/mailtrap-token
    owner: webapp
    mode: "0600"
  when: webapp_token.token is defined
  no_log: true

- name: Or store it in HashiCorp Vault
  community.hashi_vault.vault_kv2_write:
    path: mailtrap/webapp-production
    data:
      token: "{{ webapp_token.token }}"
  when: webapp_token.token is defined
  no_log: true

- name: Daily job - rotate tokens that expire within two weeks
  mailtrap.general.mailtrap_token:
    name: "{{ item }}"
    rotate_before_days: 14
  loop:
    - webapp-production
    - reporting
  register: rotation
  no_log: true

- name: Report which tokens were rotated (no secrets here)
  ansible.builtin.debug:
    msg: "{{ rotation.results | selectattr('action', 'equalto', 'rotated') | map(attribute='api_token.name') | list }}"

- name: Replace the token when its scopes change (a new secret is issued)
  mailtrap.general.mailtrap_token:
    name: reporting
    scopes: [view_analytics, export_data]
    recreate: on_change
  register: reporting_token
  no_log: true

- name: Rotate a token without expiry now (the old one keeps working for a grace period)
  mailtrap.general.mailtrap_token:
    name: ci-sandbox
    rotate: true
  register: ci_token
  no_log: true

- name: Revoke a token
  mailtrap.general.mailtrap_token:
    name: old-integration
    state: absent

- name: Keep the token whose secret this play stored, should another run have made one too (the others are revoked)
  mailtrap.general.mailtrap_token:
    name: ci-sandbox
    prefer_last_4_digits: "{{ ci_token.token[-4:] }}"
  no_log: true

- name: List the live tokens of a name
  mailtrap.general.mailtrap_token_info:
    name: ci-sandbox
  register: ci_sandbox_tokens

- name: Revoke one token by id (here the oldest of the name, such as the old token of a rotation)
  mailtrap.general.mailtrap_token:
    id: "{{ (ci_sandbox_tokens.api_tokens | sort(attribute='id') | first).id }}"
    name: ci-sandbox  # optional; the task fails before any write if the token has another name
    state: absent
  when: ci_sandbox_tokens.api_tokens | length > 1
"""

RETURN = r"""
api_token:
  description:
    - The managed token after the task (in check mode, as it would be), without its secret.
    - Empty when the token is absent.
  returned: always
  type: dict
  contains:
    id:
      description: Token id. Not present for a token that check mode would create.
      type: int
      sample: 7002
    name:
      description: Token name.
      type: str
      sample: webapp-production
    scopes:
      description: Token scopes, sorted (overview dialect).
      type: list
      elements: str
      sample: ["emails:send"]
    resources:
      description: Per-resource permissions (live dialect), as the API lists them.
      type: list
      elements: dict
      sample: [{"resource_type": "project", "resource_id": 3281, "access_level": 100}]
    expires_at:
      description: When the token expires (ISO 8601, UTC), or null if it never does.
      type: str
      sample: "2027-01-01T00:00:00Z"
    last_4_digits:
      description: The last four characters of the secret, to recognise it.
      type: str
      sample: "9f3a"
    created_by:
      description: E-mail address of the user the token belongs to.
      type: str
      sample: owner@example.com
    created_at:
      description: When the token was created (ISO 8601, UTC).
      type: str
      sample: "2026-01-15T08:30:00Z"
token:
  description:
    - "The secret value of the token created in this run. Register the result with C(no_log: true)."
    - Only present when a token was created, rotated or replaced by this run (not in check mode).
  returned: when a token was created, rotated or recreated
  type: str
  sample: "a1b2c3d4e5f60718293a4b5c6d7e9f3a"
action:
  description:
    - What was done (or would be done in check mode).
    - V(created), V(rotated), V(recreated), V(deleted), V(unchanged) or V(absent).
    - V(none) when the task failed before its write took effect (C(changed=false), nothing was written).
  returned: always
  type: str
  sample: created
duplicates_revoked:
  description:
    - The other live tokens of the name that this run revoked (in check mode, would revoke), without secrets;
      see O(prefer_last_4_digits).
  returned: always
  type: list
  elements: dict
  sample: [{"id": 7001, "name": "webapp-production", "last_4_digits": "1c2d", "expires_at": "2027-01-01T00:00:00Z"}]
drift:
  description:
    - Fields of the existing token that differ from the task (V(scopes), V(expires_at)) and were
      not applied because O(recreate=never). Empty when nothing differs or it was applied.
  returned: always
  type: list
  elements: str
  sample: ["scopes"]
diff:
  description:
    - The token before and after (without secrets), when run with C(--diff).
    - When duplicates are revoked, a list of two diffs, the second one naming the revoked tokens.
  returned: when diff mode is on
  type: raw
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.token import SINGLE_OPTIONS, SINGLE_REQUIRED_ONE_OF, TOKEN_OPTIONS, TokenKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(TOKEN_OPTIONS, **SINGLE_OPTIONS), required_one_of=SINGLE_REQUIRED_ONE_OF)
    run_kind(module, TokenKind)


if __name__ == "__main__":
    main()
