# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource base: find → compare → create / update / delete, for one object or many.

A module describes its kind of object with a :class:`Resource` (collection path, identity,
how to normalise values, which fields are secret) and hands desired states to a
:class:`Reconciler`. The reconciler reads the collection once per invocation, compares only
the keys the user supplied (normalised), writes through the client (whose write verbs are
where check mode stops), predicts the result in check mode, and records a diff with secrets
blanked.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mailtrap.general.plugins.module_utils.client import SECRET_MASK, MailtrapAPIError


def changed_fields(current, desired, normalise=None, nested=False):
    """The part of ``desired`` that differs from ``current``.

    Only keys present in ``desired`` are looked at. With ``nested``, dicts are compared key
    by key (so ``{password_policy: {min_length: 12}}`` leaves the other policy keys alone)
    and a changed nested dict is returned whole, merged over the current one, ready to send;
    without it a dict value is one value (a permission map replaces, it does not merge).
    """
    normalise = normalise or (lambda key, value: value)
    current = current or {}
    changes = {}
    for key, wanted in desired.items():
        have = current.get(key)
        if nested and isinstance(wanted, dict) and isinstance(have, dict):
            inner = changed_fields(have, wanted, lambda k, v, _p=key: normalise("%s.%s" % (_p, k), v), nested)
            if inner:
                merged = copy.deepcopy(have)
                merged.update(wanted)
                changes[key] = merged
        elif normalise(key, have) != normalise(key, wanted):
            changes[key] = wanted
    return changes


def blank(obj, secret_fields):
    """A copy of ``obj`` with every secret field masked (nested dicts and lists included)."""
    if isinstance(obj, dict):
        return dict(
            (k, SECRET_MASK if k in secret_fields and v else blank(v, secret_fields)) for k, v in obj.items()
        )
    if isinstance(obj, list):
        return [blank(v, secret_fields) for v in obj]
    return obj


class Resource:
    """How one kind of Mailtrap object maps onto the API. Subclass once per kind."""

    kind = "object"
    path = ""
    identity_field = "name"
    secret_fields = ("token",)
    # Fields the API fills in that a desired state never carries; kept out of predictions.
    read_only_fields = ("id",)

    def identity(self, value):
        """The comparable form of an identity value (e.g. an e-mail, lowercased)."""
        return value

    def identity_of(self, obj):
        return self.identity(obj.get(self.identity_field))

    def normalise(self, key, value):
        """The comparable form of one field's value; override for lists, case, spellings."""
        return value

    def object_path(self, obj):
        return "%s/%s" % (self.path, obj["id"])

    def list(self, client):
        return client.get(self.path) or []

    def create(self, client, desired, recover):
        return client.post(self.path, desired, recover=recover)

    def update(self, client, current, changes):
        return client.patch(self.object_path(current), changes)

    def delete(self, client, current):
        client.delete(self.object_path(current))

    def predict_created(self, desired):
        return dict(desired)

    def against(self, current, desired):
        """The desired state as it applies to ``current`` (None when creating).

        A resource whose desired state is relative to what exists (members to add to a
        project's team, say) resolves it here, so that it is resolved against the object
        actually written, also when a concurrent run created that object first.
        """
        return desired


class Outcome:
    """What happened (or, in check mode, would happen) to one object."""

    def __init__(self, action, before, after):
        self.action = action  # one of: created, updated, deleted, unchanged, absent
        self.before = before
        self.after = after

    @property
    def changed(self):
        return self.action in ("created", "updated", "deleted")


class Reconciler:
    """Brings objects of one :class:`Resource` to their desired state.

    One GET of the collection serves every object handled in the invocation; writes update
    the cached copy instead of re-reading it.
    """

    def __init__(self, client, resource):
        self.client = client
        self.resource = resource
        self._objects = None
        self._index = None  # identity -> first object with it; built on first find
        self.outcomes = []

    # ------------------------------------------------------------------ reads
    def objects(self):
        if self._objects is None:
            self._objects = list(self.resource.list(self.client))
        return self._objects

    def find(self, identity):
        # A dict, not a scan: a bulk task finds every entry, so a scan would cost N * N.
        if self._index is None:
            index = {}
            for obj in self.objects():
                index.setdefault(self.resource.identity_of(obj), obj)
            self._index = index
        return self._index.get(self.resource.identity(identity))

    def _lost_race(self, error, identity):
        """The object a concurrent run created first, when ``error`` says the identity is taken."""
        if error.status != 422 or "taken" not in str(error).lower():
            return None
        return self._reread(identity)

    def _reread(self, identity):
        """After a POST whose answer was lost: did it take effect? (fresh read, no cache)."""
        wanted = self.resource.identity(identity)
        for obj in self.resource.list(self.client):
            if self.resource.identity_of(obj) == wanted:
                return obj
        return None

    # ------------------------------------------------------------------ writes
    def present(self, desired, ignore=()):
        """Ensure an object matching ``desired`` (identity + supplied keys) exists.

        ``ignore`` names desired keys that are not compared (write-only inputs).
        """
        resource = self.resource
        identity = desired[resource.identity_field]
        current = self.find(identity)
        if current is None:
            creating = resource.against(None, desired)
            if self.client.check_mode:
                after = resource.predict_created(creating)
            else:
                try:
                    after = resource.create(self.client, creating, recover=lambda: self._reread(identity))
                except MailtrapAPIError as exc:
                    winner = self._lost_race(exc, identity)
                    if winner is None:
                        raise
                    # Another run created it between our read and our write: converge on theirs.
                    self._add(winner)
                    compared = dict((k, v) for k, v in desired.items()
                                    if k != resource.identity_field and k not in ignore)
                    return self.update_existing(winner, compared)
                after = after or resource.predict_created(creating)
            # Cached in check mode too, so that later entries see what earlier ones would do.
            self._add(after)
            return self._record(Outcome("created", None, after))
        compared = dict((k, v) for k, v in desired.items() if k != resource.identity_field and k not in ignore)
        return self.update_existing(current, compared)

    def update_existing(self, current, desired):
        """Bring the found ``current`` to ``desired`` with one write of the changed keys.

        Every key of ``desired`` is compared, the identity field included, which is how a
        rename is expressed.
        """
        resource = self.resource
        changes = changed_fields(current, resource.against(current, desired), resource.normalise)
        if not changes:
            return self._record(Outcome("unchanged", current, current))
        # Values replace (a permission map is one value), so the prediction is a shallow update.
        predicted = dict(current, **changes)
        if self.client.check_mode:
            after = predicted
        else:
            after = resource.update(self.client, current, changes) or predicted
        self._replace(current, after)
        return self._record(Outcome("updated", current, after))

    def absent(self, identity):
        current = self.find(identity)
        if current is None:
            return self._record(Outcome("absent", None, None))
        return self.remove(current)

    def remove(self, current):
        if not self.client.check_mode:
            self.resource.delete(self.client, current)
        self._drop(current)
        return self._record(Outcome("deleted", current, None))

    def purge(self, keep_identities, protect=None):
        """Remove every object whose identity is not in ``keep_identities``.

        ``protect(obj)`` returns True for objects that must survive anyway (the last owner,
        the token in use); they are reported, not removed.
        """
        keep = set(self.resource.identity(i) for i in keep_identities)
        spared = []
        for obj in list(self.objects()):
            if self.resource.identity_of(obj) in keep:
                continue
            if protect is not None and protect(obj):
                spared.append(obj)
                continue
            self.remove(obj)
        return spared

    # The cached collection and its index change together, so finds stay right after writes.
    def _add(self, obj):
        self.objects().append(obj)
        if self._index is not None:
            self._index.setdefault(self.resource.identity_of(obj), obj)

    def _drop(self, obj):
        self._objects = [o for o in self.objects() if o is not obj]
        self._index = None

    def _replace(self, old, new):
        objects = self.objects()
        for position, obj in enumerate(objects):
            if obj is old:
                objects[position] = new
                break
        if self._index is not None:
            self._index.pop(self.resource.identity_of(old), None)
            self._index.setdefault(self.resource.identity_of(new), new)

    def _record(self, outcome):
        self.outcomes.append(outcome)
        return outcome

    # ------------------------------------------------------------------ results
    @property
    def changed(self):
        return any(o.changed for o in self.outcomes)

    def public(self, obj):
        return blank(obj, self.resource.secret_fields) if obj is not None else None

    def diff(self, single=True):
        """Ansible's ``diff`` for what was done: one object, or a map identity → object."""
        if single:
            outcome = self.outcomes[-1] if self.outcomes else Outcome("absent", None, None)
            return {"before": self.public(outcome.before) or {}, "after": self.public(outcome.after) or {}}
        before, after = {}, {}
        for outcome in self.outcomes:
            if not outcome.changed:
                continue
            key = str(self.resource.identity_of(outcome.before or outcome.after))
            if outcome.before is not None:
                before[key] = self.public(outcome.before)
            if outcome.after is not None:
                after[key] = self.public(outcome.after)
        return {"before": before, "after": after}
