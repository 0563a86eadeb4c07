# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Single sign-on: mailtrap_sso.

Unlike the other settings, SSO is configured by a POST of the whole configuration and
disabled by a DELETE; the plan computes the whole body (the current configuration with the
given keys over it), the adapter only sends it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import urlparse

from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError, Step, changed_fields, merged, read_only_options
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.settings import SettingsAdapter, SettingsKind, given, not_in_live

SSO_FIELDS = ("provider", "metadata_url", "default_role")
SSO_DISABLED = {"enabled": False, "provider": None, "metadata_url": None, "default_role": None}
# The default role given to people who first sign in through SSO, when the task that enables
# SSO does not name one: the least privilege, as for invited users.
SSO_DEFAULT_ROLE = "viewer"
# The module's result says ``enabled`` (the state option says it on input): accepted and ignored.
SSO_READ_ONLY = ("enabled",)
SSO_OPTIONS = dict(
    provider=dict(type="str", choices=["okta", "azure_ad", "google", "onelogin", "saml"]),
    metadata_url=dict(type="str"),
    default_role=dict(type="str", choices=["admin", "developer", "viewer"]),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    **read_only_options(SSO_READ_ONLY)
)
SSO_REQUIRED_IF = [("state", "present", ("provider", "metadata_url"))]


def check_https_url(value, option):
    value = value.strip()
    try:
        parsed = urlparse(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.scheme != "https" or not parsed.hostname:
        raise InputError("%s must be an https:// URL, got %r." % (option, value))
    return value


class OverviewSso(SettingsAdapter):
    path = "sso"
    write_method = "POST"
    types = {"enabled": bool, "provider": str, "metadata_url": str, "default_role": str}

    def write(self, current, changes):
        if changes.get("enabled") is False:
            self.client.delete(self.path)
            return None  # disabled is all there is to know; the prediction says it
        return super(OverviewSso, self).write(current, changes)


class SsoKind(SettingsKind):
    noun = "sso"
    read_only = SSO_READ_ONLY
    adapters = {"overview": OverviewSso}
    unsupported = not_in_live("no single sign-on endpoint", "Configure SSO in the Mailtrap web app (Settings > SSO)")

    def check(self, entry, where):
        if entry.get("state") == "absent":
            configuration = given(entry, SSO_FIELDS)
            if configuration:
                raise InputError("state=absent disables SSO and takes no configuration; remove %s."
                                 % ", ".join(sorted(configuration)))
            return {"enabled": False}
        desired = dict(given(entry, ("provider", "default_role")), enabled=True)
        desired["metadata_url"] = check_https_url(entry["metadata_url"], "metadata_url")
        return desired

    def body(self, desired, current):
        """The whole configuration to POST: the current one with the given keys over it."""
        body = {}
        for key in SSO_FIELDS:
            value = desired.get(key)
            if value is None and current.get("enabled"):
                value = current.get(key)
            body[key] = value
        if body["default_role"] is None:
            body["default_role"] = SSO_DEFAULT_ROLE
        return body

    def plan(self, entry):
        current = self.current_with(["enabled"])
        if not entry.desired["enabled"]:
            if not current.get("enabled"):
                return Step("unchanged", entry, current, current)
            return Step("updated", entry, current, dict(SSO_DISABLED), {"enabled": False})
        body = self.body(entry.desired, current)
        # Enabling: everything sent is a change, including the default role.
        if current.get("enabled") and not changed_fields(current, entry.desired, self.normalise, nested=True):
            return Step("unchanged", entry, current, current)
        return Step("updated", entry, current, merged(current, dict(body, enabled=True)), body)
