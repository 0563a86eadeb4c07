# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one bulk runner behind every ``mailtrap_<noun>s`` module.

A bulk module hands it a list option (``users``, ``projects``, ``tokens``), a
:class:`~resource.Resource` and a function that validates and normalises one entry. The
runner then keeps the same promise for every kind of object:

1. every entry is validated, and duplicate identities are rejected, BEFORE any request;
2. the collection is read ONCE (through :class:`~resource.Reconciler`); a ``prepare`` hook
   may read what else the whole list needs (once) and refuse the list before any write;
3. with ``purge``, objects the list does not name are removed, except those ``protect()``
   spares (they are reported, not removed);
4. every entry is reconciled (``present`` / ``absent`` by default, or the module's own
   ``apply_entry``), with one write per object that actually changes;
5. the result: ``changed``, the objects under the module's noun, the identities created /
   updated / removed / spared, and ``diff`` keyed by identity in diff mode.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils.resource import Reconciler

# Outcome actions → the result list that names them.
ACTION_LISTS = (("created", "created"), ("updated", "updated"), ("deleted", "removed"))


class BulkEntry:
    """One validated entry of the list: where it was, what state, the desired object."""

    def __init__(self, index, state, desired, params):
        self.index = index
        self.state = state
        self.desired = desired
        self.params = params  # the entry as Ansible validated it (suboptions applied)
        self.outcome = None


class BulkRunner:
    """Validate a list of entries now; reconcile them, all at once, in :meth:`run`.

    ``check(index, params)`` validates one entry (failing the module through
    ``module.fail_input`` on bad input) and returns ``(state, desired)``; ``desired`` holds
    at least the resource's identity field. ``noun`` is the result key of the objects
    (default: ``option``); ``label(obj)`` names an object in the result
    lists (default: its normalised identity).
    """

    def __init__(self, module, resource, option, check, noun=None, label=None):
        self.module = module
        self.resource = resource
        self.option = option
        self.noun = noun or option
        self.entries = []
        seen = {}
        for index, params in enumerate(module.params[option] or []):
            state, desired = check(index, params)
            identity = desired[resource.identity_field]
            key = resource.identity(identity)
            if key in seen:
                module.fail_input("%s[%d]: %s is listed more than once (first as %s[%d])." % (
                    option, index, identity, option, seen[key]))
            seen[key] = index
            self.entries.append(BulkEntry(index, state, desired, params))
        self.reconciler = None
        self.label = label

    def identities(self, state="present"):
        return [e.desired[self.resource.identity_field] for e in self.entries if e.state == state]

    def run(self, purge=False, protect=None, prepare=None, apply_entry=None, show=None):
        """Reconcile every entry; returns the module result.

        ``prepare(reconciler, entries)`` runs after the one GET of the collection and before
        any write: it may read what the whole list needs, rewrite ``entry.desired`` and raise
        MailtrapError (or fail the module) to refuse the list. ``apply_entry(reconciler,
        entry)`` replaces the default present/absent and returns a resource.Outcome, which
        the runner records (its before/after must already be free of secrets).
        ``show(obj)`` is how an object appears in the result and the diff.
        """
        reconciler = self.reconciler = Reconciler(self.module.client, self.resource)
        reconciler.objects()  # the one GET of the collection, before anything else
        if prepare is not None:
            prepare(reconciler, self.entries)
        spared = []
        if purge:
            spared = reconciler.purge(self.identities("present"), protect=protect)
        for entry in self.entries:
            if apply_entry is not None:
                entry.outcome = apply_entry(reconciler, entry)
                reconciler.outcomes.append(entry.outcome)
            elif entry.state == "absent":
                entry.outcome = reconciler.absent(entry.desired[self.resource.identity_field])
            else:
                entry.outcome = reconciler.present(entry.desired)
        return self.result(spared, show)

    def result(self, spared=(), show=None):
        reconciler = self.reconciler
        show = show or reconciler.public
        outcomes = reconciler.outcomes

        def names(action):
            return [self._label(o.before or o.after) for o in outcomes if o.action == action]

        result = dict(changed=reconciler.changed)
        result[self.noun] = [show(o.after) for o in outcomes if o.after is not None]
        for action, key in ACTION_LISTS:
            result[key] = names(action)
        result["spared"] = [self._label(o) for o in spared]
        if self.module._diff:
            diff = reconciler.diff(single=False)  # keyed by identity, secrets blanked
            if show is not reconciler.public:
                diff = dict((side, dict((k, show(v)) for k, v in objs.items())) for side, objs in diff.items())
            result["diff"] = diff
        return result

    def _label(self, obj):
        """How an object is named in the result lists."""
        if self.label is not None:
            return self.label(obj)
        return self.resource.identity_of(obj)
