#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_security
short_description: Manage the security settings of a Mailtrap account
version_added: 1.0.0
description:
  - Sets two-factor enforcement, the IP allow-list and the password policy of a Mailtrap account.
  - Only the options you give are managed; the others are left as they are and are not compared.
    Inside O(password_policy), only the given keys are managed.
  - "The IP allow-list is compared as a set of networks: order and duplicates do not matter, and
    V(192.168.1.5) is the same as V(192.168.1.5/32)."
  - B(The allow-list is enforced on every API request.) A list that does not cover the machine
    running Ansible locks this automation out of the account (every later call answers
    C(403 IP address not allowed)). Changes that take access away from any address therefore
    need O(allow_access_narrowing=true); see there.
  - "Token scopes needed: C(account:read); C(account:update) to change anything."
  - "Refused with C(api_dialect=live), before any request: the live Mailtrap API has no security
    settings; manage them in the Mailtrap web app (Settings > Security)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  require_2fa:
    description:
      - Whether every user of the account must use two-factor authentication.
    type: bool
  ip_whitelist:
    description:
      - The IPv4 and IPv6 addresses and CIDR blocks allowed to use the account (API and web).
      - A single address means that address only (V(10.1.2.3) is V(10.1.2.3/32)).
      - "A CIDR block with host bits set (V(192.168.1.5/24)) is refused; write the network
        (V(192.168.1.0/24)) or the single address (V(192.168.1.5/32))."
      - Use V([]) to turn the allow-list off (every address allowed).
      - All entries are validated before any request is sent.
    type: list
    elements: str
  password_policy:
    description:
      - Password rules for the account's users. Only the given keys are managed.
    type: dict
    suboptions:
      min_length:
        description:
          - Minimum password length, from 8 to 128.
        type: int
      require_special:
        description:
          - Whether passwords must contain a special character.
        type: bool
      require_numbers:
        description:
          - Whether passwords must contain a digit.
        type: bool
  allow_access_narrowing:
    description:
      - Acknowledges that the new O(ip_whitelist) takes access away from some addresses.
      - An allow-list change narrows access when it turns the allow-list on (from empty to
        non-empty), or when some address covered by the current list is not covered by the
        new one.
      - Without this flag such a change fails before anything is written, with a message that
        names the addresses that would lose access. This also applies in check mode, so that
        check mode predicts what a real run does.
      - With it, the change is made and a warning names the addresses that lost access.
        Make sure the machines running this automation (and the account's users) are covered
        by the new list first, or later tasks fail with C(403 IP address not allowed).
      - Widening the list or turning it off (V([])) never needs this flag.
    type: bool
    default: false
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_account
  - module: mailtrap.general.mailtrap_sso
"""

EXAMPLES = r"""
# These examples assume nothing in the account; the allow-list one needs a variable (see its comment).

- name: Require 2FA and a strong password policy
  mailtrap.general.mailtrap_security:
    require_2fa: true
    password_policy:
      min_length: 14
      require_special: true
      require_numbers: true

# Turning the allow-list on, or dropping an address from it, narrows access and needs
# allow_access_narrowing. Adding addresses to a list later, or turning it off with
# ip_whitelist: [], needs no acknowledgement.
# The list must hold the address Mailtrap sees this playbook's requests come from, or the task
# locks the playbook out: every later request, this task's next run included, answers 403.
# The example expects it in mailtrap_runner_address (such as the CI runner's public address);
# without it the task fails before any request.
- name: Restrict the account to the office, the VPN and the machine running this playbook (narrowing, acknowledged)
  mailtrap.general.mailtrap_security:
    ip_whitelist:
      - 198.51.100.0/24                   # office
      - 2001:db8::/32                     # office, IPv6
      - 10.0.0.0/8                        # VPN
      - "{{ mailtrap_runner_address }}"   # this playbook's machine, as Mailtrap sees it
    allow_access_narrowing: true
"""

RETURN = r"""
security:
  description: The security settings after the task (in check mode, as they would be).
  returned: always
  type: dict
  contains:
    require_2fa:
      description: Whether two-factor authentication is required.
      type: bool
      sample: true
    ip_whitelist:
      description: Allowed networks in CIDR form; empty when the allow-list is off.
      type: list
      elements: str
      sample: ["10.0.0.0/8", "192.0.2.10/32"]
    password_policy:
      description: The password policy.
      type: dict
      sample: {"min_length": 14, "require_special": true, "require_numbers": true}
diff:
  description: The security settings before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.security import SECURITY_OPTIONS, SecurityKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(SECURITY_OPTIONS))
    run_kind(module, SecurityKind)


if __name__ == "__main__":
    main()
