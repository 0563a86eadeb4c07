#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_account
short_description: Manage the name, time zone and notification address of a Mailtrap account
version_added: 1.0.0
description:
  - Sets the account's display name, time zone and the e-mail address account notifications go to.
  - Only the options you give are managed; the others are left as they are and are not compared.
  - All values are validated before any request is sent.
  - "Token scopes needed: C(account:read); C(account:update) to change anything."
  - "Refused with C(api_dialect=live), before any request: the live Mailtrap API has no endpoint for these
    settings; change them in the Mailtrap web app (Settings > Account)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  name:
    description:
      - Display name of the account, 1 to 100 characters. Leading and trailing spaces are removed.
    type: str
  timezone:
    description:
      - IANA time zone name of the account, spelled as in the tz database, for example
        V(America/New_York), V(Europe/Berlin) or V(UTC).
      - Compared exactly; a wrong case (V(america/new_york)) is refused with a hint.
    type: str
  notification_email:
    description:
      - E-mail address that receives account notifications. Compared case-insensitively.
    type: str
  id:
    description:
      - Read-only and ignored on input. this module's own result (RV(account)) returns it, so that its result
        feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
    type: raw
  plan:
    description:
      - Read-only and ignored on input. this module's own result (RV(account)) returns it, so that its result
        feeds back to this module unchanged (see docs/adoption.md). Never compared, never sent.
    type: raw
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_notifications
  - module: mailtrap.general.mailtrap_security
"""

EXAMPLES = r"""
- name: Name the account and set its time zone
  mailtrap.general.mailtrap_account:
    name: Example Co (production)
    timezone: America/New_York

- name: Send account notifications to the ops list
  mailtrap.general.mailtrap_account:
    notification_email: ops@example.com
"""

RETURN = r"""
account:
  description: The account after the task (in check mode, as it would be).
  returned: always
  type: dict
  contains:
    id:
      description: Account id.
      type: int
      sample: 1001
    name:
      description: Display name.
      type: str
      sample: Example Co
    timezone:
      description: IANA time zone name.
      type: str
      sample: America/New_York
    notification_email:
      description: Address that receives account notifications.
      type: str
      sample: ops@example.com
    plan:
      description: Plan of the account (read-only here).
      type: str
      sample: Business
diff:
  description: The account before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.account import ACCOUNT_OPTIONS, AccountKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(ACCOUNT_OPTIONS))
    run_kind(module, AccountKind)


if __name__ == "__main__":
    main()
