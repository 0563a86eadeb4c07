# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account's plan, usage and invoices: mailtrap_billing_info (read only).

The overview serves three parts (``GET billing``, ``billing/usage``, ``billing/invoices``); the
live API serves only ``GET billing/usage``, in another shape (a billing cycle and, per product,
the plan's name and counters). Each adapter names the parts it serves; a part the dialect does
not serve is refused before any request, and when ``include`` is left out every part the
dialect serves is read.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailtrap.general.plugins.module_utils import shapes
from ansible_collections.mailtrap.general.plugins.module_utils.kind import Adapter, InputError, Kind, Refusal

PARTS = ("plan", "usage", "invoices")
# Part -> the result key it is returned under.
RESULT_KEYS = {"plan": "billing", "usage": "usage", "invoices": "invoices"}
BILLING_OPTIONS = dict(
    include=dict(type="list", elements="str", choices=list(PARTS)),
)
LIVE_GAPS = {
    "plan": ("the live Mailtrap API has no plan endpoint (GET billing); the plan of each product (testing, "
             "sending, marketing) is in the usage: use include: [usage]."),
    "invoices": ("the live Mailtrap API has no invoices endpoint; download invoices in the Mailtrap web app "
                 "(Settings > Billing)."),
}
# The live usage answer, as far as anything reads it: a key that is there has this shape.
_COUNTER = {"current": int, "limit": int}
LIVE_USAGE = {
    "billing": {"cycle_start": str, "cycle_end": str},
    "testing": {"plan": {"name": str}, "usage": {"sent_messages_count": _COUNTER, "forwarded_messages_count": _COUNTER}},
    "sending": {"plan": {"name": str}, "usage": {"sent_messages_count": _COUNTER}},
    "marketing": {"plan": {"name": str}, "usage": {"sent_messages_count": _COUNTER}},
}


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def complete_usage(usage):
    """Fill in total_sent and percentage_used when the (overview) API leaves them out."""
    usage = dict(usage or {})
    if _number(usage.get("total_sent")) is None:
        parts = [_number(usage.get(k)) for k in ("transactional_sent", "bulk_sent")]
        if None not in parts:
            usage["total_sent"] = sum(parts)
    if _number(usage.get("percentage_used")) is None:
        total, limit = _number(usage.get("total_sent")), _number(usage.get("limit"))
        usage["percentage_used"] = round(total * 100.0 / limit, 1) if total is not None and limit else None
    return usage


def check_tree(answer, shape, method, path, where=""):
    """``answer`` is an object whose keys, where present and not null, have ``shape`` (nested dicts
    of types); returns it. Anything else is a MailtrapAPIError naming the key."""
    what = "an object at %s" % where.rstrip(".") if where else "an object"
    leaves = dict((k, v) for k, v in shape.items() if not isinstance(v, dict) and isinstance(answer, dict) and k in answer)
    shapes.check_object(answer, method, path, leaves, what)
    for key, inner in shape.items():
        if isinstance(inner, dict) and answer.get(key) is not None:
            check_tree(answer[key], inner, method, path, "%s%s." % (where, key))
    return answer


class OverviewBilling(Adapter):
    parts = PARTS

    def read(self, part):
        relative = {"plan": "billing", "usage": "billing/usage", "invoices": "billing/invoices"}[part]
        answer = self.client.get(relative)
        if part == "invoices":
            return shapes.check_list(answer, "GET", self.full(relative))
        # The plan is recognised by its name; an envelope or another object is not a plan.
        required = {"plan": str} if part == "plan" else None
        answer = shapes.check_object(answer if answer is not None else {}, "GET", self.full(relative), required)
        return complete_usage(answer) if part == "usage" else answer


class LiveBilling(Adapter):
    parts = ("usage",)

    def read(self, part):
        answer = self.client.get("billing/usage")
        # The billing cycle is what every live usage answer carries; without it this is not a usage.
        shapes.check_object(answer, "GET", self.full("billing/usage"), {"billing": dict})
        return check_tree(answer, LIVE_USAGE, "GET", self.full("billing/usage"))


class BillingKind(Kind):
    noun = "billing"
    plural = "billing"
    adapters = {"overview": OverviewBilling, "live": LiveBilling}

    def parts(self):
        """The parts to read, in a fixed order whatever the order of include."""
        include = self.params.get("include")
        if include is None:
            return list(self.adapter.parts)
        if not include:
            raise InputError("include: name at least one of %s (or leave include out to read every part)."
                             % ", ".join(PARTS))
        return [part for part in PARTS if part in include]

    def refuse_unsupported(self, entries):
        super(BillingKind, self).refuse_unsupported(entries)
        for part in self.parts():
            if part not in self.adapter.parts:
                raise Refusal("include: %s is not available with api_dialect=%s: %s" % (
                    part, self.dialect, LIVE_GAPS.get(part, "the API has no such endpoint.")))

    def info(self, select=None, shown=None):
        return dict((RESULT_KEYS[part], self.adapter.read(part)) for part in self.parts())
