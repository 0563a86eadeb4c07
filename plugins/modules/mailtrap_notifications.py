#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_notifications
short_description: Manage the account notifications of a Mailtrap account
version_added: 1.0.0
description:
  - Turns the account's notification e-mails on or off and sets the credit usage threshold
    that triggers the low-credits alert.
  - Only the options you give are managed; the others are left as they are and are not compared.
  - Notifications go to the account's notification address, see M(mailtrap.general.mailtrap_account).
  - "Token scopes needed: C(account:read); C(account:update) to change anything."
  - "Refused with C(api_dialect=live), before any request: the live Mailtrap API has no notification
    settings; set them in the Mailtrap web app (Settings > Notifications)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  low_credits:
    description:
      - Whether to send an alert when credit usage reaches O(threshold_percentage).
    type: bool
  weekly_report:
    description:
      - Whether to send a weekly sending report.
    type: bool
  bounce_alerts:
    description:
      - Whether to send alerts about bounces.
    type: bool
  threshold_percentage:
    description:
      - Percentage of the plan's credits used at which the low-credits alert is sent, from 0 to 100.
    type: int
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.ATTRIBUTES
seealso:
  - module: mailtrap.general.mailtrap_account
"""

EXAMPLES = r"""
- name: Alert at 90% credit usage and send the weekly report
  mailtrap.general.mailtrap_notifications:
    low_credits: true
    threshold_percentage: 90
    weekly_report: true

- name: Stop bounce alerts, leave the rest alone
  mailtrap.general.mailtrap_notifications:
    bounce_alerts: false
"""

RETURN = r"""
notifications:
  description: The notification settings after the task (in check mode, as they would be).
  returned: always
  type: dict
  contains:
    low_credits:
      description: Whether the low-credits alert is on.
      type: bool
      sample: true
    weekly_report:
      description: Whether the weekly report is on.
      type: bool
      sample: false
    bounce_alerts:
      description: Whether bounce alerts are on.
      type: bool
      sample: true
    threshold_percentage:
      description: Credit usage percentage that triggers the low-credits alert.
      type: int
      sample: 80
diff:
  description: The notification settings before and after, when run with C(--diff).
  returned: when diff mode is on
  type: dict
"""

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.notifications import NOTIFICATION_OPTIONS, NotificationsKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_kind


def main():
    module = MailtrapModule(argument_spec=dict(NOTIFICATION_OPTIONS))
    run_kind(module, NotificationsKind)


if __name__ == "__main__":
    main()
