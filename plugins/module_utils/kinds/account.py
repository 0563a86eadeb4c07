# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account's own settings (name, time zone, notification address): mailtrap_account."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError, read_only_options
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.settings import SettingsAdapter, SettingsKind, not_in_live, valid_email

# What the module returns besides its options (the account's id and plan): accepted and ignored,
# so that its result feeds back.
ACCOUNT_READ_ONLY = ("id", "plan")
ACCOUNT_OPTIONS = dict(
    name=dict(type="str"),
    timezone=dict(type="str"),
    notification_email=dict(type="str"),
    **read_only_options(ACCOUNT_READ_ONLY)
)


def _zoneinfo():
    """The zoneinfo module, imported only by the one module that takes a time zone (~10 ms)."""
    try:
        import zoneinfo
    except ImportError:  # Python 3.8
        try:
            from backports import zoneinfo  # type: ignore
        except ImportError:
            return None
    return zoneinfo


def check_timezone(value, option="timezone"):
    """An IANA time zone name, spelled exactly as in the tz database (America/New_York)."""
    value = (value or "").strip()
    if not value:
        raise InputError("%s must not be empty; use an IANA time zone name such as Europe/Berlin." % option)
    zoneinfo = _zoneinfo()
    if zoneinfo is None:  # pragma: no cover - Python 3.8 without backports.zoneinfo
        return value  # the API validates it
    # Opening the one zone is cheap; listing the whole database (for the hint) costs ~50 ms,
    # so it is done only for a name that does not open.
    try:
        zoneinfo.ZoneInfo(value)
        return value
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    known = zoneinfo.available_timezones()
    if not known:  # pragma: no cover - no tz database on this host: the API validates it
        return value
    spelled = [name for name in known if name.lower() == value.lower()]
    hint = " Did you mean %s?" % spelled[0] if spelled else ""
    raise InputError("%s: %r is not an IANA time zone name (for example America/New_York, Europe/Berlin, UTC).%s"
                     % (option, value, hint))


class OverviewAccount(SettingsAdapter):
    path = ""
    write_method = "PATCH"
    types = {"name": str, "timezone": str, "notification_email": str}


class AccountKind(SettingsKind):
    noun = "account"
    read_only = ACCOUNT_READ_ONLY
    adapters = {"overview": OverviewAccount}
    unsupported = not_in_live("no endpoint to read or change an account's name, time zone or notification address "
                              "(it only lists accounts, GET /api/accounts)", "Change them in the Mailtrap web app (Settings > Account)")

    def normalise(self, key, value):
        if key == "notification_email" and isinstance(value, str):
            return value.strip().lower()
        return value

    def check(self, entry, where):
        desired = {}
        if entry.get("name") is not None:
            name = entry["name"].strip()
            if not 1 <= len(name) <= 100:
                raise InputError("name must be 1 to 100 characters (not counting leading and trailing spaces), got %d."
                                 % len(name))
            desired["name"] = name
        if entry.get("timezone") is not None:
            desired["timezone"] = check_timezone(entry["timezone"])
        if entry.get("notification_email") is not None:
            desired["notification_email"] = valid_email(entry["notification_email"], "notification_email")
        return desired
