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
          - Required to create a token. When omitted, an existing token's scopes are not compared.
          - Unknown scopes are refused before any request is sent.
        type: list
        elements: str
      expires_at:
        description:
          - When the token stops working, as a date V(YYYY-MM-DD) (midnight UTC) or an ISO 8601 time.
          - Must be in the future with O(tokens[].state=present). When omitted, a new token never
            expires and an existing token's expiry is not compared.
        type: str
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
            90 days if that cannot be read) after the rotation, so a token made for fewer days than
            this is rotated on every run.
        type: int
  purge:
    description:
      - Revoke every live token of the account that O(tokens) does not name.
      - The token this task authenticates with is never revoked by the purge unless O(force=true);
        it is reported in RV(spared).
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
    - Token name → fields (V(scopes), V(expires_at)) that differ from the entry and were not applied
      because O(tokens[].recreate=never). Only tokens with drift are listed.
  returned: always
  type: dict
  sample: {"reporting": ["scopes"]}
diff:
  description: Changed tokens before and after (without secrets), keyed by name, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.bulk import BulkRunner
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.resource import Outcome
from ansible_collections.mailtrap.general.plugins.module_utils.tokens import (
    TOKEN_OPTIONS,
    TokenPlan,
    TokenResource,
    TokenWriter,
    check_token,
    in_use,
    public,
    utc_now,
)

# Each entry takes mailtrap_token's options; rotate-now and force apply to the whole list.
ENTRY_OPTIONS = dict((key, spec) for key, spec in TOKEN_OPTIONS.items() if key not in ("rotate", "force"))

# A token replaced by a new one (new secret) is "updated" in the bulk result lists.
OUTCOME_ACTIONS = {"rotated": "updated", "recreated": "updated"}


def main():
    module = MailtrapModule(argument_spec=dict(
        tokens=dict(type="list", elements="dict", required=True, options=ENTRY_OPTIONS, no_log=False),
        purge=dict(type="bool", default=False),
        force=dict(type="bool", default=False),
    ))
    params = module.params
    wanted = {}  # entry index -> (scopes, expires_at), validated

    def check(index, entry):
        name, scopes, expires_at = check_token(module, entry, "tokens[%d]." % index)
        wanted[index] = (scopes, expires_at)
        return entry["state"], {"name": name}

    bulk = BulkRunner(module, TokenResource(), "tokens", check, noun="api_tokens", label=lambda t: t.get("name"))
    plans = {}  # entry index -> TokenPlan
    writers = []
    secrets = {}

    def mine(token):
        return in_use(token, params["api_token"]) and not params["force"]

    def plan_everything(reconciler, entries):
        """Every decision from the one listing, every refusal before any write."""
        tokens = reconciler.objects()
        now = utc_now()
        for entry in entries:
            scopes, expires_at = wanted[entry.index]
            plan = plans[entry.index] = TokenPlan(
                tokens, entry.desired["name"], scopes, expires_at, entry.state, entry.params["recreate"],
                rotate_before_days=entry.params["rotate_before_days"], now=now)
            where = "tokens[%d]" % entry.index
            if plan.action == "created" and scopes is None:
                module.fail_json(msg="%s: scopes is required to create API token %r (no live token has that name); "
                                     "nothing was changed." % (where, plan.name))
            refusal = plan.refusal(params["api_token"])
            if refusal and not params["force"]:
                module.fail_json(msg="%s: refusing %s. Nothing was changed." % (where, refusal))
            if plan.others:
                module.warn("%s: %d live API tokens are named %r (ids %s); the newest (id %s) is managed and the "
                            "others are left alone." % (where, len(plan.others) + 1, plan.name, ", ".join(
                                str(t.get("id")) for t in plan.others + [plan.before]), plan.before.get("id")))
            if plan.drift:
                module.warn("%s: API token %r (id %s) differs in %s, but tokens cannot be changed in place, so that "
                            "was not applied. Set recreate: on_change to replace it with a new token." % (
                                where, plan.name, plan.before.get("id"), " and ".join(plan.drift)))
        writers.append(TokenWriter(module.client, [t.get("id") for t in tokens]))

    def apply_entry(reconciler, entry):
        plan = plans[entry.index]
        after = plan.execute(writers[0])
        if plan.action in ("created", "rotated", "recreated") and after and after.get("token"):
            secrets[plan.name] = after["token"]
        return Outcome(OUTCOME_ACTIONS.get(plan.action, plan.action), public(plan.before) or None,
                       public(after) or None)

    def apply():
        result = bulk.run(purge=params["purge"], protect=mine, prepare=plan_everything,
                          apply_entry=apply_entry, show=public)
        result["secrets"] = secrets
        result["drift"] = dict((plan.name, list(plan.drift)) for plan in plans.values() if plan.drift)
        return result

    module.run(apply)


if __name__ == "__main__":
    main()
