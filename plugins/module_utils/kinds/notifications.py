# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account's notification e-mails: mailtrap_notifications."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.settings import SettingsAdapter, SettingsKind, check_range, given, not_in_live

NOTIFICATION_OPTIONS = dict(
    low_credits=dict(type="bool"),
    weekly_report=dict(type="bool"),
    bounce_alerts=dict(type="bool"),
    threshold_percentage=dict(type="int"),
)


class OverviewNotifications(SettingsAdapter):
    path = "notifications"
    types = {"low_credits": bool, "weekly_report": bool, "bounce_alerts": bool, "threshold_percentage": int}


class NotificationsKind(SettingsKind):
    noun = "notifications"
    adapters = {"overview": OverviewNotifications}
    unsupported = not_in_live("no notification settings", "Set the account's notification e-mails in the Mailtrap web app "
                              "(Settings > Notifications)")

    def check(self, entry, where):
        desired = given(entry, list(NOTIFICATION_OPTIONS))
        check_range("threshold_percentage", desired.get("threshold_percentage"), 0, 100)
        return desired
