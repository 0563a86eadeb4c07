# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Singleton settings (the account, security, notifications, SSO) as Kinds.

A settings object is a collection of exactly one object with a fixed identity: it is read
once, only the keys the user gave are compared (nested dicts key by key), and only what
differs is written. A settings module is a single module of the one runner; its result keeps
the noun and ``diff``, without ``action`` (``reports_action = False``).

None of these objects exists in the live API: each settings Kind has only an overview adapter
and names, in ``unsupported["live"]``, what the live API lacks and where to go instead.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, InputError, Kind, Step, Unsupported, changed_fields, merged
from ansible_collections.mailtrap.general.plugins.module_utils.module import check_email


def not_in_live(lacks, instead):
    """``unsupported`` of a Kind the live API does not serve: what it lacks and what to do instead."""
    return {"live": Unsupported("the live Mailtrap API has %s. %s, or use api_dialect=overview with a server that "
                                "speaks the overview API." % (lacks, instead))}


def given(params, keys):
    """The options among ``keys`` that the user set (None means "leave alone")."""
    return dict((key, params[key]) for key in keys if params.get(key) is not None)


def check_range(option, value, low, high):
    if value is not None and not low <= value <= high:
        raise InputError("%s must be between %d and %d, got %d." % (option, low, high, value))
    return value


def valid_email(value, option):
    try:
        return check_email(value, option)
    except MailtrapError as exc:
        raise InputError(str(exc))


class SettingsAdapter(Adapter):
    """A settings object at ``path``, read by GET and written by ``write_method`` with the changes only.

    ``types`` are the types the Kind relies on for keys that are present (a settings answer may
    leave keys out; a key of the wrong type is an unexpected shape).
    """

    path = ""
    write_method = "PUT"
    fields = {}
    types = {}

    def checked(self, answer, method):
        present = dict((key, kind) for key, kind in self.types.items() if isinstance(answer, dict) and key in answer)
        return shapes.check_object(answer, method, self.full(self.path), dict(self.fields, **present))

    def list(self):
        answer = self.client.get(self.path)
        return [self.from_api(self.checked(answer if answer is not None else {}, "GET"))]

    def write(self, current, changes):
        """Send ``changes``; the raw answer (None in check mode or without a body)."""
        if self.write_method == "POST":
            # A settings POST replaces the settings; it creates nothing, so it may be retried.
            return self.client.post(self.path, self.to_api(changes), idempotent=True)
        return getattr(self.client, self.write_method.lower())(self.path, self.to_api(changes))

    def answered(self, answer):
        """The object a write answered with, or None when it answered none (then the prediction stands)."""
        if answer is None or answer == "" or answer == {}:
            return None
        return self.from_api(self.checked(answer, self.write_method))


class SettingsKind(Kind):
    """A singleton: one object, no identity to look up, no create or delete."""

    reports_action = False

    def describe(self, entry):
        # A singleton has no identity to name; the noun says which settings failed.
        return "updating %s" % self.noun

    @property
    def current(self):
        return self.read()[0]

    def current_with(self, keys):
        """The settings, which must show every key the task compares: a missing one is an answer
        of another shape (an envelope, another dialect), not a value to overwrite."""
        current = self.current
        missing = sorted(key for key in keys if key not in current)
        if missing:
            raise shapes.unexpected("GET", self.adapter.full(self.adapter.path),
                                    "an object with %s" % ", ".join(repr(key) for key in missing), current)
        return current

    def plan(self, entry):
        return self.plan_update(entry, self.current_with(entry.desired), entry.desired)

    def plan_update(self, entry, current, desired):
        changes = changed_fields(current, desired, self.normalise, nested=True)
        if not changes:
            return Step("unchanged", entry, current, current)
        return Step("updated", entry, current, merged(current, changes), changes)

    def apply(self, step):
        answer = self.adapter.write(step.before, step.changes)
        # The write went through: an answer of an unexpected shape must not hide that it changed.
        step.partial = True
        return self.adapter.answered(answer) or step.after
