# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AnsibleModule for mailtrap.general: connection options, the client, error reporting."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mailtrap.general.plugins.module_utils.client import (
    CONNECTION_ARGUMENT_SPEC,
    MailtrapAPIError,
    MailtrapClient,
    MailtrapError,
)

# RFC 5322 atext in the local part, letters/digits/hyphens in domain labels. Strict enough
# to refuse a list that Ansible stringified ("['ops@example.com']"), simple enough to read.
# scheme://user:password@ (the userinfo is everything up to the last "@" before the path).
URL_USERINFO = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)@")
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


class MailtrapModule(AnsibleModule):
    """An AnsibleModule that knows the connection options and builds one client lazily.

    The client is created on first use, so that input validation in the module always
    runs before any request is sent.
    """

    def __init__(self, argument_spec=None, **kwargs):
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec or {})
        kwargs.setdefault("supports_check_mode", True)
        super(MailtrapModule, self).__init__(argument_spec=spec, **kwargs)
        # A password written into api_url is refused, but Ansible echoes the arguments
        # (``invocation``, -vvv) before that: it must be blanked there too.
        self.no_log_values.update(url_passwords(self.params.get("api_url")))
        self._client = None

    @property
    def client(self):
        if self._client is None:
            self._client = MailtrapClient.from_params(self.params, check_mode=self.check_mode)
        return self._client

    def fail_input(self, message):
        """Bad input: fail before anything is sent."""
        self.fail_json(msg=message)

    def check_email(self, value, option="email"):
        try:
            return check_email(value, option)
        except MailtrapError as exc:
            self.fail_input(str(exc))

    def scrub(self, text):
        """``text`` without the token (or any secret the client has seen)."""
        if self._client is not None:
            return self._client.scrub(text)
        token = (self.params.get("api_token") or "").strip()
        return text.replace(token, "********") if token else text

    def run(self, body):
        """Call ``body()`` and exit with its result; every failure becomes one clear message."""
        try:
            result = body()
        except MailtrapAPIError as exc:
            self.fail_json(msg=str(exc), status=exc.status, method=exc.method, path=exc.path)
        except MailtrapError as exc:
            self.fail_json(msg=str(exc))
        except Exception as exc:  # pylint: disable=broad-except
            self.fail_json(msg="unexpected error in mailtrap.general (%s: %s); this is a bug, please report it with "
                               "the task that caused it" % (exc.__class__.__name__, self.scrub(str(exc))[:300]))
        self.exit_json(**result)


def url_passwords(url):
    """The password (and the whole user:password part) of ``url``, for Ansible's no_log values."""
    userinfo = URL_USERINFO.match(url) if isinstance(url, str) else None
    if not userinfo or ":" not in userinfo.group(1):
        return set()
    return set(v for v in (userinfo.group(1), userinfo.group(1).split(":", 1)[1]) if v)


def check_email(value, option="email"):
    """A valid e-mail address, stripped; raises MailtrapError naming ``option`` otherwise."""
    if not isinstance(value, str) or not EMAIL_RE.match(value.strip()):
        raise MailtrapError("%s: %r is not a valid e-mail address." % (option, value))
    return value.strip()
