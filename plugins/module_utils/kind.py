# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A ``Kind`` describes one kind of Mailtrap object; an ``Adapter`` maps it onto one API dialect.

A Kind says how to validate and normalise one entry, what identifies an object, how to plan
the writes that bring it to the entry (read -> compare -> Steps), what to refuse or warn about,
how to apply a Step, and how an object shows in results and diffs (secrets blanked here, once).
It holds the state of one module invocation (the objects read, caches such as a user
directory), so nothing is passed between hooks through closures.

An Adapter holds what differs between API dialects for that Kind: paths, request bodies and
answer shapes. A second dialect adds an Adapter; it adds no ``if dialect`` to the Kind.

The runner (``runner.py``) drives a Kind; single and bulk modules both go through it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mailtrap.general.plugins.module_utils.client import (
    SECRET_MASK,
    MailtrapAPIError,
    MailtrapError,
)
from ansible_collections.mailtrap.general.plugins.module_utils import shapes

DIALECTS = ("overview", "live")
# Step actions that wrote (or, in check mode, would write) something.
CHANGING = frozenset(("created", "updated", "deleted", "rotated", "recreated"))


class InputError(MailtrapError):
    """Bad input, found before any request."""


class Refusal(MailtrapError):
    """A plan that must not run (it would lock the run out, or lose data); found before any write.

    ``details`` are result keys that let a playbook act on the refusal (what would be lost, say)."""

    def __init__(self, message, **details):
        super(Refusal, self).__init__(message)
        self.details = details


def read_only_options(names):
    """Argument-spec entries for ``names``: keys an info module returns that the managing module
    accepts and ignores (ids, timestamps, derived values), so that an info result is valid input.
    Declared once per Kind as ``Kind.read_only``; the runner drops them before anything reads an entry."""
    return dict((name, dict(type="raw")) for name in names)


def without_read_only(params, names):
    """``params`` without the read-only keys ``names`` (a copy; ``params`` is left as it is)."""
    return dict((k, v) for k, v in (params or {}).items() if k not in names)


def refuse_empty_purge(params, option, what):
    """An exclusive list that keeps nothing empties the whole set: only when ``allow_empty`` says so."""
    if not params.get("allow_empty"):
        raise InputError("%s is empty and would remove every %s; a commented-out list is empty too. Set "
                         "allow_empty: true if that is what you want. Nothing was changed." % (option, what))


def blank(obj, secret_fields):
    """A copy of ``obj`` with every secret field masked (nested dicts and lists included)."""
    if isinstance(obj, dict):
        return dict((k, SECRET_MASK if k in secret_fields and v else blank(v, secret_fields)) for k, v in obj.items())
    if isinstance(obj, list):
        return [blank(v, secret_fields) for v in obj]
    return obj


def changed_fields(current, desired, normalise, nested=False):
    """The part of ``desired`` that differs from ``current`` (only keys of ``desired`` are looked at).

    With ``nested``, dicts are compared key by key and a changed dict is returned whole, merged
    over the current one, ready to send; without it a dict is one value (a permission map replaces).
    """
    current = current or {}
    changes = {}
    for key, wanted in desired.items():
        have = current.get(key)
        if nested and isinstance(wanted, dict) and isinstance(have, dict):
            inner = changed_fields(have, wanted, lambda k, v, _p=key: normalise("%s.%s" % (_p, k), v), nested)
            if inner:
                changes[key] = merged(have, wanted)
        elif normalise(key, have) != normalise(key, wanted):
            changes[key] = wanted
    return changes


def merged(current, changes):
    result = copy.deepcopy(current) if current else {}
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


class Entry:
    """One validated entry: where it was given (``where`` prefixes messages), its state and desired object."""

    def __init__(self, where, state, desired, params):
        self.where = where
        self.state = state
        self.desired = desired
        self.params = params


class Step:
    """One planned change of one object. ``after`` is the prediction; ``result`` what it became."""

    def __init__(self, action, entry=None, before=None, after=None, changes=None, purge=False):
        self.action = action
        self.entry = entry
        self.before = before
        self.after = after
        self.changes = changes
        self.purge = purge
        self.result = None
        self.done = False
        # Set by a Kind whose Step writes more than once (create a token, then revoke the old one)
        # when a write went through before a later one failed: the run then reports changed.
        self.partial = False

    @property
    def changing(self):
        return self.action in CHANGING


class Adapter:
    """How a Kind's objects are read and written in one dialect. Subclass per Kind and dialect.

    ``fields`` are the keys (and types) every listed object must carry; answers are checked
    before anything reads them.
    """

    path = ""
    fields = {"id": int}

    def __init__(self, client):
        self.client = client

    def object_path(self, obj):
        return "%s/%s" % (self.path, obj["id"])

    def full(self, relative):
        return self.client.path(relative)

    def list(self):
        answer = self.client.get(self.path)
        return [self.from_api(o) for o in shapes.check_list(answer, "GET", self.full(self.path), self.fields)]

    def from_api(self, obj):
        """An object as the API shows it -> as the Kind compares it (override to reshape)."""
        return obj

    def to_api(self, desired):
        """A desired object or a set of changes -> the request body."""
        return dict(desired)

    def create(self, desired, recover):
        answer = self.client.post(self.path, self.to_api(desired), recover=recover)
        answer = shapes.optional(answer, "POST", self.full(self.path), self.fields)
        return self.from_api(answer) if answer is not None else None

    def update(self, current, changes):
        path = self.object_path(current)
        answer = shapes.optional(self.client.patch(path, self.to_api(changes)), "PATCH", self.full(path), self.fields)
        return self.from_api(answer) if answer is not None else None

    def delete(self, current):
        self.client.delete(self.object_path(current))


class Unsupported:
    """What an Adapter cannot do in its dialect: the Kind as a whole, or single options."""

    def __init__(self, reason=None, options=None, values=None):
        self.reason = reason  # the whole Kind is refused, with this reason
        self.options = options or {}  # option name -> reason
        self.values = values or {}  # option name -> {value the dialect cannot honour -> reason}


class Kind:
    """One kind of object. Subclass per kind; instantiate once per module invocation."""

    noun = "object"  # the singular result key and the word in messages
    plural = "objects"  # the result key of a bulk module
    identity_field = "name"
    secret_fields = ()
    # Keys the info module returns that input accepts and ignores (see read_only_options): an
    # info result fed back to the managing module changes nothing. Never a key input sets.
    read_only = ()
    reports_action = True  # a single module's result says what it did (created, updated, ...)
    adapters = {}  # dialect -> Adapter class; a dialect missing here is refused with ``unsupported``
    unsupported = {}  # dialect -> Unsupported

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.force = bool(module.params.get("force"))
        self._adapter = None
        self.objects = None
        self._index = None

    # ------------------------------------------------------------------ dialect
    @property
    def client(self):
        return self.module.client

    @property
    def dialect(self):
        return self.client.dialect

    @property
    def adapter(self):
        if self._adapter is None:
            self._adapter = self.adapters[self.dialect](self.client)
        return self._adapter

    def refuse_unsupported(self, entries):
        """Refuse, before any request, what this dialect cannot do: the Kind, or an option an entry uses.

        While ``api_dialect: auto`` only guesses (another host, no answer yet), a task the guess
        cannot serve is sent in the dialect that can: its first answer then confirms that, or
        names the dialect, and the runner checks again.
        """
        reason = self.gap(self.dialect, entries)
        if reason is None:
            return
        for other in DIALECTS:
            if self.gap(other, entries) is None and self.client.assume(other):
                self._adapter = None
                return
        raise Refusal(reason)

    def gap(self, dialect, entries):
        """Why ``dialect`` cannot serve this task, or None."""
        gap = self.unsupported.get(dialect)
        if dialect not in self.adapters:
            return "%s is not available with api_dialect=%s: %s" % (
                self.module._name.split(".")[-1], dialect, gap.reason if gap else "the API has no such endpoint.")
        for entry in entries:
            for option, reason in sorted((gap.options if gap else {}).items()):
                if entry.params.get(option) is not None:
                    return "%s%s is not available with api_dialect=%s: %s" % (entry.where, option, dialect, reason)
            for option, reasons in sorted((gap.values if gap else {}).items()):
                value = entry.params.get(option)
                if isinstance(value, str) and value in reasons:
                    return "%s%s=%s is not available with api_dialect=%s: %s" % (
                        entry.where, option, value, dialect, reasons[value])
        return None

    # ------------------------------------------------------------------ identity and values
    def read_only_in(self, entry):
        """The read-only keys to drop from ``entry`` (a Kind whose key is input in some entries narrows it)."""
        return self.read_only

    def identity(self, value):
        return value

    def identity_of(self, obj):
        return self.identity(obj.get(self.identity_field))

    def sort_key(self, obj):
        return str(self.identity_of(obj))

    def label(self, obj):
        """How an object is named in the result lists (created, removed, ...)."""
        return obj.get(self.identity_field)

    def normalise(self, key, value):
        return value

    def describe(self, entry):
        """How an entry whose write failed is named in the error message."""
        return "%s%s %r" % (entry.where, self.noun, entry.desired.get(self.identity_field))

    def check(self, entry, where):
        """Validate and normalise one entry's parameters; returns the desired object (identity included).
        Raises InputError; runs before any request."""
        raise NotImplementedError

    # ------------------------------------------------------------------ reading
    def read(self):
        """The objects of the collection, read once per invocation."""
        if self.objects is None:
            self.objects = list(self.adapter.list())
        return self.objects

    def forget(self):
        """Forget the adapter and what was read (the dialect turned out to be another one)."""
        self._adapter = None
        self.objects = None
        self._index = None

    def find(self, identity):
        # A dict, not a scan: a bulk task finds every entry, so a scan would cost N * N.
        if self._index is None:
            self._index = {}
            for obj in self.read():
                self._index.setdefault(self.identity_of(obj), obj)
        return self._index.get(self.identity(identity))

    # ------------------------------------------------------------------ planning
    def plan(self, entry):
        """The Step that brings the object of ``entry`` to its desired state (no request but reads)."""
        current = self.find(entry.desired[self.identity_field])
        if entry.state == "absent":
            return Step("deleted" if current is not None else "absent", entry, current, None)
        if current is None:
            return Step("created", entry, None, self.predict_created(entry.desired))
        return self.plan_update(entry, current, self.compared(entry.desired))

    def compared(self, desired):
        """The keys of ``desired`` compared with an existing object (all but the identity by default)."""
        return dict((k, v) for k, v in desired.items() if k != self.identity_field)

    def plan_update(self, entry, current, desired):
        changes = changed_fields(current, desired, self.normalise)
        if not changes:
            return Step("unchanged", entry, current, current)
        return Step("updated", entry, current, dict(current, **changes), changes)

    def predict_created(self, desired):
        return dict(desired)

    def purge_targets(self, entries):
        """Objects a purge removes: those no entry names (in any state), so none is deleted twice."""
        named = set(self.identity(e.desired[self.identity_field]) for e in entries)
        return [o for o in self.read() if self.identity_of(o) not in named]

    @property
    def token_last4(self):
        """The last 4 characters of the token this run authenticates with, as the client sends it."""
        return self.client.token_last4

    def spare(self, obj, entries):
        """Why a purge must leave ``obj`` in place (reported in ``spared``), or None: by default what
        ``protect`` says, unless ``force``."""
        return None if self.force else self.protect(obj)

    def touched(self, step):
        """The existing objects a Step removes or replaces (each is checked with ``protect``)."""
        return [step.before] if step.before is not None else []

    def verb(self, step):
        """What a Step does to the objects it touches, for messages."""
        return "remove" if step.action == "deleted" else "replace"

    def protect(self, obj):
        """Why ``obj`` must not be removed or replaced without ``force`` (e.g. the token in use), or None.
        A purge spares such an object; an entry that would remove it is refused."""
        return None

    def guard(self, steps):
        """Refuse (raise Refusal) a whole plan that must not run, before any write."""

    def warnings(self, steps):
        return []

    # ------------------------------------------------------------------ applying
    def apply(self, step):
        """Carry out one Step; returns the object after it. In check mode the client's write verbs
        send nothing and return None, so the prediction stands."""
        if step.action == "created":
            return self.create(step)
        if step.action == "updated":
            return self.adapter.update(step.before, step.changes) or step.after
        if step.action == "deleted":
            self.adapter.delete(step.before)
            return None
        return step.after

    def create(self, step):
        # The name the object is created with (a project created by a rename takes its new name).
        identity = (step.after or {}).get(self.identity_field) or step.entry.desired[self.identity_field]
        try:
            return self.adapter.create(self.body_of(step), recover=lambda: self.reread(identity)) or step.after
        except MailtrapAPIError as exc:
            if exc.status != 422 or "taken" not in str(exc).lower():
                raise
            winner = self.reread(identity)
            if winner is None:
                raise
        # A concurrent run created it between our read and our write: converge on theirs.
        converge = self.plan_update(step.entry, winner, self.compared(step.entry.desired))
        step.action = "updated" if converge.changing else "unchanged"
        step.before, step.changes = winner, converge.changes
        return self.apply(converge)

    def body_of(self, step):
        """What a create sends: the entry's desired object (the prediction adds what the API fills in)."""
        return step.entry.desired

    def reread(self, identity):
        """After a write whose answer was lost: is the object there? (a fresh read, no cache)."""
        wanted = self.identity(identity)
        for obj in self.adapter.list():
            if self.identity_of(obj) == wanted:
                return obj
        return None

    # ------------------------------------------------------------------ showing
    def show(self, obj):
        """An object as results and diffs show it: secrets blanked."""
        return blank(obj, self.secret_fields) if obj is not None else None

    def extras(self, steps, single):
        """Kind-specific result keys (e.g. the secrets of created tokens)."""
        return {}

    def info(self, select=None, shown=None):
        """What an info module returns: the objects ``select`` keeps, sorted, shown by ``shown``.
        A Kind whose reads are not one collection (billing, the audit log) overrides it."""
        objects = [o for o in self.read() if select is None or select(o)]
        show = shown or self.show
        return {self.plural: [show(o) for o in sorted(objects, key=self.sort_key)]}
