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
    the live tokens with the name (already expired ones are ignored) the newest, the one with
    the highest id, is managed, and a warning is given if there is more than one.
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
    type: str
    required: true
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
      - Required to create a token. When omitted, an existing token's scopes are not compared.
    type: list
    elements: str
  expires_at:
    description:
      - When the token stops working, as a date V(YYYY-MM-DD) (midnight UTC) or an ISO 8601
        time (V(2026-12-31T18:00:00+02:00)); a time without an offset is taken as UTC.
      - Must be in the future (with O(state=present)); a past or malformed value is refused before any
        request is sent. Ignored with O(state=absent).
      - Compared with the existing token's expiry as an instant in UTC, so different spellings of
        the same moment are not a change.
      - When omitted, a new token never expires and an existing token's expiry is not compared.
      - A date computed relative to today changes every day and so differs from the existing
        token every day. For a rolling expiry, set O(expires_at) only when creating and let
        O(rotate_before_days) renew the token.
    type: str
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
      - V(on_change) creates a new token with the wanted scopes and expiry (same name), then
        revokes the old one. The new secret is in RV(token).
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
      - "A token with an expiry cannot be reset; a new token with the same name and scopes is
        created and the old one revoked. The new expiry is O(expires_at) if it is given and
        later than the old expiry; otherwise now plus the old token's lifetime (old C(expires_at)
        minus its C(created_at); 90 days if that cannot be read). So a token made for 90 days is
        followed by one valid for 90 days from the rotation, however early it is rotated, and
        rotating again keeps that lifetime."
    type: bool
    default: false
  rotate_before_days:
    description:
      - Rotate the token (as O(rotate) does) when it expires within this many days.
      - Tokens without an expiry are never rotated by this option.
      - Made for scheduled runs, for example a daily job with V(14).
      - The new token lives as long as the old one was made to live (see O(rotate)), so a token made
        for fewer days than this is rotated on every run.
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
    read-back shows the token was created anyway, its secret is lost with the answer. The module
    revokes that orphan and creates the token again, so a secret is always returned. If the answer
    to a reset is lost, the orphan is revoked and a token with the same name and scopes is created
    instead (the old one still fades after its grace period)."
  - In check mode only C(GET) requests are sent; RV(api_token) shows the token as it would be
    (without id or secret), and the guard for the token in use applies as in a real run.
seealso:
  - module: mailtrap.general.mailtrap_token_info
  - name: Mailtrap API tokens
    description: How API tokens and their permissions work in Mailtrap.
    link: https://help.mailtrap.io/article/103-api-tokens
"""

EXAMPLES = r"""
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
      description: Token scopes, sorted.
      type: list
      elements: str
      sample: ["emails:send"]
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
  returned: always
  type: str
  sample: created
drift:
  description:
    - Fields of the existing token that differ from the task (V(scopes), V(expires_at)) and were
      not applied because O(recreate=never). Empty when nothing differs or it was applied.
  returned: always
  type: list
  elements: str
  sample: ["scopes"]
diff:
  description: The token before and after (without secrets), when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.tokens import (
    TOKEN_OPTIONS,
    TokenPlan,
    TokenResource,
    TokenWriter,
    check_token,
    public,
)


def main():
    module = MailtrapModule(argument_spec=dict(TOKEN_OPTIONS))
    params = module.params
    name, scopes, expires_at = check_token(module, params)  # every input, before any request

    def guard(plan):
        """Refuse, before any write, to pull the ground from under this run."""
        refusal = plan.refusal(params["api_token"])
        if refusal and not params["force"]:
            module.fail_json(msg="Refusing %s to do it anyway." % refusal)

    def warn(plan):
        if plan.others:
            module.warn("%d live API tokens are named %r (ids %s); this task manages the newest (id %s) and leaves "
                        "the others alone. Revoke the extra ones or give them distinct names." % (
                            len(plan.others) + 1, name, ", ".join(str(t.get("id")) for t in plan.others + [plan.before]),
                            plan.before.get("id")))
        if plan.drift:
            module.warn("API token %r (id %s) differs from the task in %s, but tokens cannot be changed in place, so "
                        "nothing was changed%s. Set recreate: on_change to replace it with a new token (a new secret "
                        "is issued and the old token is revoked)." % (
                            name, plan.before.get("id"), " and ".join(plan.drift),
                            " apart from the rotation" if plan.due else ""))

    def result(plan, after):
        done = dict(changed=plan.changed, action=plan.action, api_token=public(after), drift=list(plan.drift))
        if (after or {}).get("token"):
            done["token"] = after["token"]
        if module._diff:
            done["diff"] = {"before": public(plan.before), "after": public(after)}
        return done

    def apply():
        tokens = TokenResource().list(module.client)
        plan = TokenPlan(tokens, name, scopes, expires_at, params["state"], params["recreate"],
                         rotate=params["rotate"], rotate_before_days=params["rotate_before_days"])
        warn(plan)
        if plan.action == "created" and scopes is None:
            module.fail_json(msg="scopes is required to create API token %r (no live token has that name)." % name)
        guard(plan)
        # The client's write verbs stop in check mode; the plan then returns the token as it would be.
        after = plan.execute(TokenWriter(module.client, [t.get("id") for t in tokens]))
        return result(plan, after)

    module.run(apply)


if __name__ == "__main__":
    main()
