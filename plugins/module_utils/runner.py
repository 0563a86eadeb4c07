# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one runner behind every module: validate -> read once -> plan -> refuse -> apply -> report.

A single module (``mailtrap_user``) is a bulk of one; a bulk module (``mailtrap_users``) hands
the runner its list. The safety invariants hold here, for every Kind, by construction:

1. every entry is validated, and duplicate identities refused, BEFORE any request;
2. what the API dialect cannot do is refused before any request;
3. a purge never runs on an empty list unless ``allow_empty`` says so;
4. every Step is planned, and the whole plan checked (``Kind.protect`` / ``Kind.guard``: the
   token in use, its user, the last owner), before any write; a purge spares protected objects,
   an entry that would remove or replace one is refused unless ``force``;
5. creates and updates run first, the purge last and only when every entry succeeded;
6. the result reports ``changed`` and every secret created even when a write fails, and names
   the entry that failed.
Check mode stops in the client's write verbs; the plan's predictions stand in for the answers.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils.client import DialectChanged, MailtrapAPIError, MailtrapError
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Entry, InputError, Refusal, Step, without_read_only

# Options every bulk module takes next to its list.
PURGE_OPTIONS = dict(
    purge=dict(type="bool", default=False),
    allow_empty=dict(type="bool", default=False),
)
# Step action -> the result list that names it.
RESULT_LISTS = (("created", ("created",)), ("updated", ("updated", "rotated", "recreated")), ("removed", ("deleted",)))


def entries_of(kind, option=None):
    """Every entry validated and normalised (no request); ``option`` names the list of a bulk module."""
    params = kind.params
    # Read-only keys (an info result fed back) are accepted by the argument spec and go no further.
    if option is None:
        return [Entry("", params.get("state") or "present", kind.check(without_read_only(params, kind.read_only_in(params)), ""), params)]
    entries, seen = [], {}
    for index, item in enumerate(params[option] or []):
        where = "%s[%d]." % (option, index)
        desired = kind.check(without_read_only(item, kind.read_only_in(item)), where)
        key = kind.identity(desired[kind.identity_field])
        if key in seen:
            raise InputError("%s%s: %s is listed more than once (first as %s)." % (
                where, kind.identity_field, desired[kind.identity_field], seen[key].rstrip(".")))
        seen[key] = where
        entries.append(Entry(where, item.get("state") or "present", desired, item))
    return entries


class Run:
    """One invocation: the plan, what was done, and the result it makes."""

    def __init__(self, kind, entries, single):
        self.kind = kind
        self.entries = entries
        self.single = single
        self.steps = []
        self.purges = []
        self.spared = []
        self.applying = False

    def plan(self, purge, allow_empty):
        kind = self.kind
        self.steps, self.purges, self.spared = [], [], []
        if purge and not allow_empty and not any(e.state == "present" for e in self.entries):
            raise Refusal("purge: true with no entry to keep would remove every %s of the account; the list is empty "
                          "or every entry is absent (a commented-out list is empty). Set allow_empty: true if that is "
                          "what you want. Nothing was changed." % kind.noun)
        kind.read()
        self.steps = [kind.plan(e) for e in self.entries]
        for obj in kind.purge_targets(self.entries) if purge else ():
            if kind.spare(obj, self.entries):
                self.spared.append(obj)
            else:
                self.purges.append(Step("deleted", None, obj, None, purge=True))
        kind.guard(self.steps + self.purges)
        for step in self.steps:
            for obj in kind.touched(step) if step.action not in ("updated", "unchanged") else ():
                reason = kind.protect(obj)
                if reason and not kind.force:
                    raise Refusal("%srefusing to %s %s %r: %s. Set force: true to do it anyway. Nothing was changed." % (
                        step.entry.where, kind.verb(step), kind.noun, kind.label(obj), reason))
        for message in kind.warnings(self.steps):
            kind.module.warn(message)

    def apply(self):
        # Creates and updates first; the purge only once every entry went through.
        self.applying = True
        for step in self.steps + self.purges:
            if step.changing:
                step.result = self.kind.apply(step)
            else:
                step.result = step.after
            step.done = True

    @property
    def changed(self):
        return any(s.changing and (s.done or s.partial) for s in self.steps + self.purges)

    def result(self):
        kind = self.kind
        done = [s for s in self.steps + self.purges if s.done or s.partial]
        result = dict(changed=self.changed)
        if self.single:
            step = self.steps[0]
            if kind.reports_action:
                result["action"] = step.action
            result[kind.noun] = kind.show(step.result) or {}
            if kind.module._diff:
                result["diff"] = {"before": kind.show(step.before) or {}, "after": kind.show(step.result) or {}}
        else:
            result[kind.plural] = [kind.show(s.result) for s in self.steps if s.done and s.result is not None]
            for key, actions in RESULT_LISTS:
                result[key] = [kind.label(s.before or s.result) for s in done if s.changing and s.action in actions]
            result["spared"] = [kind.label(o) for o in self.spared]
            if kind.module._diff:
                result["diff"] = self.diff(done)
        result.update(kind.extras(done, self.single))
        return result

    def diff(self, done):
        before, after = {}, {}
        for step in done:
            if not step.changing:
                continue
            key = str(self.kind.identity_of(step.before or step.result or step.after))
            if step.before is not None:
                before[key] = self.kind.show(step.before)
            if step.result is not None:
                after[key] = self.kind.show(step.result)
        return {"before": before, "after": after}

    def failure(self, exc):
        """The message of a write that failed, naming the entry; the rest was not applied."""
        step = next((s for s in self.steps + self.purges if not s.done), None)
        if step is None:
            return str(exc)
        if step.purge:
            what = "purging %s %r" % (self.kind.noun, self.kind.label(step.before))
        else:
            what = self.kind.describe(step.entry)
        later = [s for s in self.steps + self.purges if not s.done and s is not step and s.changing]
        skipped = " %d later change(s) were not attempted%s." % (
            len(later), " and the purge did not run" if self.purges and not step.purge else "") if later else ""
        return "%s: %s%s" % (what, exc, skipped)


def in_dialect(kind, entries, work):
    """``work()``, done again once if the first answer named another API dialect than the one
    ``api_dialect: auto`` assumed. Only reads happen before that answer, so nothing is repeated
    but a read; what the dialect announced cannot do is refused before any write."""
    try:
        return work()
    except DialectChanged:
        kind.forget()
        kind.refuse_unsupported(entries)
        return work()


def run_kind(module, kind_class, option=None):
    """Run a module of ``kind_class``: a single module (``option`` None) or a bulk one over ``option``."""
    kind = kind_class(module)
    params = module.params
    run = None
    try:
        run = Run(kind, entries_of(kind, option), single=option is None)
        kind.refuse_unsupported(run.entries)
        in_dialect(kind, run.entries, lambda: run.plan(bool(params.get("purge")), bool(params.get("allow_empty"))))
        run.apply()
        result = run.result()
    except MailtrapError as exc:
        fail(module, exc, run)
    except Exception as exc:  # pylint: disable=broad-except
        # Whatever went wrong, the user gets a message and what was already written, never a traceback.
        fail(module, internal_error(module, exc), run)
    module.exit_json(**result)


def internal_error(module, exc):
    text = str(exc)
    scrub = getattr(module, "scrub", None)
    if scrub is not None:
        text = scrub(text)
    return MailtrapError("unexpected error in mailtrap.general (%s: %s); this is a bug, please report it with the "
                         "task that caused it" % (exc.__class__.__name__, text[:300]))


def partial_result(module, run):
    """What a failed run did, for its failed result; at least ``changed`` and the secrets created."""
    try:
        return run.result()
    except Exception as exc:  # pylint: disable=broad-except
        # Showing the result failed too (an answer it cannot show): keep what matters most.
        done = [s for s in run.steps + run.purges if s.done or s.partial]
        extras = {}
        try:
            extras = run.kind.extras(done, run.single)
        except Exception:  # pylint: disable=broad-except
            module.warn("The secrets created by this run could not be returned: %s" % internal_error(module, exc))
        return dict(extras, changed=run.changed)


def fail(module, exc, run=None):
    """Fail the module with ``exc``; what was already written is reported (changed, secrets)."""
    extra = {}
    if isinstance(exc, MailtrapAPIError):
        extra.update(status=exc.status, method=exc.method, path=exc.path)
    extra.update(getattr(exc, "details", None) or {})
    message = str(exc)
    if run is not None and run.applying:
        message = run.failure(exc)
        if run.changed:
            message += " Changes made before the failure are in the result (changed, created/updated/removed); re-run to converge."
        extra.update(partial_result(module, run))
    extra.setdefault("changed", False)
    module.fail_json(msg=message, **extra)


def run_info(module, kind_class, select=None, shown=None):
    """Run an info module: one read of the collection, filtered by ``select(obj)``, shown by ``shown``."""
    kind = kind_class(module)
    try:
        kind.refuse_unsupported([])
        result = in_dialect(kind, [], lambda: kind.info(select, shown))
    except MailtrapError as exc:
        fail(module, exc)
    except Exception as exc:  # pylint: disable=broad-except
        fail(module, internal_error(module, exc))
    module.exit_json(changed=False, **result)
