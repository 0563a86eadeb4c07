# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""User references: how a task names a person (project members, template shares), and the
directory that turns references into user ids and user ids back into e-mails.

A *user reference* is an e-mail address (compared case-insensitively) or a numeric user id.
:func:`user_refs` validates a list of them before any request; :class:`UserDirectory` reads the
account's users at most ONCE per invocation, and only when an e-mail must be resolved or a
result or diff shows members (each with its e-mail).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailtrap.general.plugins.module_utils.client import MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError, Kind, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.kinds.user import UserKind, email_key
from ansible_collections.mailtrap.general.plugins.module_utils.module import check_email

NUMERIC_RE = re.compile(r"^\s*\d+\s*$")


def user_ref(value, option):
    """One user reference, validated before any request: a user id (int) or an e-mail (lowercased)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and NUMERIC_RE.match(value):
        return int(value)
    if not isinstance(value, str) or "@" not in value:
        raise InputError("%s: %r is neither a numeric user id nor an e-mail address." % (option, value))
    try:
        return email_key(check_email(value, option))
    except MailtrapError as exc:
        raise InputError(str(exc))


def ref_label(ref):
    return "user id %s" % ref if isinstance(ref, int) else ref


def user_refs(values, option, field=None):
    """A list of user references (each ``value[field]`` when ``field`` is given), validated before
    any request; the same e-mail or id listed twice is refused."""
    refs, seen = [], set()
    for index, value in enumerate(values):
        where = "%s[%d]" % (option, index)
        ref = user_ref(value[field] if field else value, "%s.%s" % (where, field) if field else where)
        if ref in seen:
            raise InputError("%s: %s is listed more than once." % (where, ref_label(ref)))
        seen.add(ref)
        refs.append(ref)
    return refs


class UserDirectory:
    """The account's users by id, read at most once (``GET users``).

    User ids of members and shares exist in the overview dialect only (the live API has neither),
    so the directory reads the overview's users collection.
    """

    def __init__(self, module):
        self.module = module
        self._by_id = None

    def load(self):
        if self._by_id is None:
            users = UserKind.adapters["overview"](self.module.client).list()
            self._by_id = dict((u["id"], u) for u in users)
        return self._by_id

    def resolve(self, refs, what):
        """The user ids of ``refs``, in order; reads the users only when a reference is an e-mail (or
        they were read anyway). Refuses unknown users, all named, and two references to one user."""
        if any(not isinstance(ref, int) for ref in refs):
            self.load()
        if self._by_id is None:
            return list(refs)
        by_email = dict((email_key(u.get("email")), uid) for uid, u in self._by_id.items())
        ids = [ref if isinstance(ref, int) else by_email.get(ref) for ref in refs]
        unknown = [ref_label(ref) for ref, uid in zip(refs, ids) if uid is None or uid not in self._by_id]
        if unknown:
            raise Refusal("%s: not a user of the account: %s. Invite them first (mailtrap.general.mailtrap_user) "
                          "or check the spelling; nothing was changed." % (what, ", ".join(unknown)))
        # Two references (an e-mail and an id, say) can name the same user only once resolved.
        first = {}
        for ref, uid in zip(refs, ids):
            if uid in first:
                raise Refusal("%s: %s and %s are the same user (id %s); list each user once." % (
                    what, ref_label(first[uid]), ref_label(ref), uid))
            first[uid] = ref
        return ids

    def with_emails(self, items, field):
        """``items`` ({user_id, field}) sorted by user id, each with the user's e-mail.

        Showing members reads the users once if nothing read them yet. A token that may not read
        users (403) or an answer of another shape costs the e-mails (null, with a warning), not the task.
        """
        if items and self._by_id is None:
            try:
                self.load()
            except MailtrapError as exc:
                self._by_id = {}
                self.module.warn("Could not read the account's users to show members' e-mails (they are null): %s" % exc)
        by_id = self._by_id or {}
        return [{"user_id": i.get("user_id"), "email": (by_id.get(i.get("user_id")) or {}).get("email"),
                 field: i.get(field)} for i in sorted(items or [], key=lambda i: i.get("user_id") or 0)]


class UserLinkedKind(Kind):
    """Base of the Kinds whose objects are named case-insensitively and name users by id
    (projects' members, templates' shares): one UserDirectory per invocation."""

    def __init__(self, module):
        super(UserLinkedKind, self).__init__(module)
        self.users = UserDirectory(module)

    def identity(self, value):
        return (value or "").strip().lower()

    def sort_key(self, obj):
        return (self.identity_of(obj), obj.get("id") or 0)
