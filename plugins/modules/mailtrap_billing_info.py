#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailtrap_billing_info
short_description: Read the plan, usage and invoices of a Mailtrap account
version_added: 1.0.0
description:
  - Returns the account's current plan and billing cycle, this cycle's sending usage, and its
    invoices. Only the parts named in O(include) are read, one C(GET) each.
  - "Token scope needed: C(billing:read)."
author:
  - mailtrap.general maintainers (@mailtrap)
options:
  include:
    description:
      - Which parts to read and return. Parts not named are neither requested nor returned.
      - V(plan) reads C(GET billing) and returns RV(billing); V(usage) reads
        C(GET billing/usage) and returns RV(usage); V(invoices) reads C(GET billing/invoices)
        and returns RV(invoices).
    type: list
    elements: str
    choices: [plan, usage, invoices]
    default: [plan, usage, invoices]
extends_documentation_fragment:
  - mailtrap.general.connection
  - mailtrap.general.connection.INFO_ATTRIBUTES
"""

EXAMPLES = r"""
- name: Read plan, usage and invoices
  mailtrap.general.mailtrap_billing_info:
  register: billing

- name: Warn when 90% of the monthly sending limit is used
  ansible.builtin.debug:
    msg: "{{ billing.usage.percentage_used }}% of {{ billing.usage.limit }} e-mails used"
  when: billing.usage.percentage_used >= 90

- name: Only the usage (one request)
  mailtrap.general.mailtrap_billing_info:
    include: [usage]
  register: usage_only

- name: List unpaid invoices
  mailtrap.general.mailtrap_billing_info:
    include: [invoices]
  register: invoices

- name: Show them
  ansible.builtin.debug:
    msg: "{{ invoices.invoices | rejectattr('status', 'equalto', 'paid') | map(attribute='id') | list }}"
"""

RETURN = r"""
billing:
  description: The current plan and billing cycle.
  returned: when O(include) contains V(plan)
  type: dict
  contains:
    plan:
      description: Name of the plan.
      type: str
    emails_sent:
      description: E-mails sent in the current billing cycle.
      type: int
    emails_limit:
      description: E-mails the plan allows per billing cycle.
      type: int
    billing_cycle:
      description: Billing period, for example V(monthly).
      type: str
    next_billing_date:
      description: Date of the next charge, C(YYYY-MM-DD).
      type: str
  sample: {"plan": "Business", "emails_sent": 45000, "emails_limit": 100000, "billing_cycle": "monthly",
           "next_billing_date": "2026-04-01"}
usage:
  description: Sending usage of the current billing cycle.
  returned: when O(include) contains V(usage)
  type: dict
  contains:
    transactional_sent:
      description: Transactional e-mails sent.
      type: int
    bulk_sent:
      description: Bulk e-mails sent.
      type: int
    total_sent:
      description: All e-mails sent (computed from the two above if the API leaves it out).
      type: int
    limit:
      description: E-mails the plan allows per cycle.
      type: int
    percentage_used:
      description:
        - Share of the limit used, in percent, as the API reports it.
        - If the API leaves it out, computed as RV(usage.total_sent) / RV(usage.limit) and
          rounded to one decimal; V(null) when the limit is unknown or zero.
      type: float
  sample: {"transactional_sent": 25000, "bulk_sent": 20000, "total_sent": 45000, "limit": 100000,
           "percentage_used": 45}
invoices:
  description: The account's invoices, as the API lists them.
  returned: when O(include) contains V(invoices)
  type: list
  elements: dict
  contains:
    id:
      description: Invoice number.
      type: str
    date:
      description: Invoice date, C(YYYY-MM-DD).
      type: str
    amount:
      description: Amount charged.
      type: float
    status:
      description: Payment status, for example V(paid).
      type: str
    download_url:
      description: Where to download the invoice PDF.
      type: str
  sample: [{"id": "INV-2026-003", "date": "2026-03-01", "amount": 99.0, "status": "paid",
            "download_url": "https://mailtrap.io/billing/invoices/INV-2026-003.pdf"}]
"""

from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule

PARTS = ("plan", "usage", "invoices")


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def complete_usage(usage):
    """Fill in total_sent and percentage_used when the API leaves them out."""
    usage = dict(usage or {})
    if _number(usage.get("total_sent")) is None:
        parts = [_number(usage.get(k)) for k in ("transactional_sent", "bulk_sent")]
        if None not in parts:
            usage["total_sent"] = sum(parts)
    if _number(usage.get("percentage_used")) is None:
        total, limit = _number(usage.get("total_sent")), _number(usage.get("limit"))
        usage["percentage_used"] = round(total * 100.0 / limit, 1) if total is not None and limit else None
    return usage


def main():
    module = MailtrapModule(argument_spec=dict(
        include=dict(type="list", elements="str", choices=list(PARTS), default=list(PARTS)),
    ))
    include = set(module.params["include"] or [])
    if not include:
        module.fail_input("include: name at least one of %s." % ", ".join(PARTS))

    def read():
        result = dict(changed=False)
        client = module.client
        # Always in this order, whatever the order of include.
        if "plan" in include:
            result["billing"] = client.get("billing") or {}
        if "usage" in include:
            result["usage"] = complete_usage(client.get("billing/usage"))
        if "invoices" in include:
            result["invoices"] = client.get("billing/invoices") or []
        return result

    module.run(read)


if __name__ == "__main__":
    main()
