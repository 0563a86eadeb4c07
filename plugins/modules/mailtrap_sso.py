#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_sso
short_description: Configure or disable single sign-on for a Mailtrap account
version_added: 1.0.0
description:
  - Enables single sign-on (SAML) for a Mailtrap account with a given identity provider, or
    replaces its configuration, or disables it.
  - The API replaces the whole SSO configuration at once; the module sends the current
    configuration with the given options over it, so an omitted O(default_role) keeps its value.
  - "Token scopes needed: C(account:read); C(account:update) to change anything."
  - "Refused with C(api_dialect=live), before any request: the live Mailtrap API has no SSO endpoint;
    configure SSO in the Mailtrap web app (Settings > SSO)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  provider:
    description:
      - Identity provider.
      - Required when O(state=present), so that a task always describes one whole SSO configuration.
    type: str
    choices: [okta, azure_ad, google, onelogin, saml]
  metadata_url:
    description:
      - URL of the identity provider's SAML metadata. Must be an V(https://) URL.
      - Required when O(state=present). Compared exactly.
    type: str
  default_role:
    description:
      - Role given to people who sign in through SSO for the first time.
      - When omitted, the current default role is kept; when SSO is being enabled, V(viewer) is used.
    type: str
    choices: [admin, developer, viewer]
  state:
    description:
      - V(present) enables SSO with the given configuration (or changes it).
      - V(absent) disables SSO; nothing happens when it is already disabled.
    type: str
    choices: [present, absent]
    default: present
  enabled:
    description:
      - Read-only and ignored on input. this module's own result (RV(sso)) returns it, so that its result
        feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
    type: raw
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_security
"""

EXAMPLES = r"""
# These examples assume nothing in the account. Pick one of the two: each undoes the other.
- name: Sign in through Okta, new people start as developers
  mailtrap.general.mailtrap_sso:
    provider: okta
    metadata_url: https://example.okta.com/app/abc123/sso/saml/metadata
    default_role: developer

# The two examples are alternatives: a playbook holding both turns SSO on and off on every run.
- name: Or, instead, disable SSO (the alternative to the task above; keep only one of the two)
  mailtrap.general.mailtrap_sso:
    state: absent
"""

RETURN = r"""
sso:
  description: The SSO configuration after the task (in check mode, as it would be).
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether SSO is enabled.
      type: bool
      sample: true
    provider:
      description: Identity provider; null when SSO is disabled.
      type: str
      sample: okta
    metadata_url:
      description: SAML metadata URL; null when SSO is disabled.
      type: str
      sample: https://example.okta.com/app/abc123/sso/saml/metadata
    default_role:
      description: Role of people who first sign in through SSO; null when SSO is disabled.
      type: str
      sample: developer
diff:
  description: The SSO configuration before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.sso import SSO_OPTIONS, SSO_REQUIRED_IF, SsoKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(SSO_OPTIONS), required_if=SSO_REQUIRED_IF)
    run_kind(module, SsoKind)


if __name__ == "__main__":
    main()
