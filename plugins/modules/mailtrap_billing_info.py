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
  - "With C(api_dialect=live) only the usage exists: the live Mailtrap API serves C(GET billing/usage)
    (the billing cycle and, for testing, sending and marketing, the plan's name and the counters),
    and has no plan or invoices endpoint. V(plan) and V(invoices) in O(include) are then refused
    before any request; RV(usage) has the live shape described below."
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
      - When omitted, every part the API dialect serves is read (V(plan), V(usage) and V(invoices);
        with C(api_dialect=live), V(usage) alone).
      - With C(api_dialect=live), V(plan) and V(invoices) are refused before any request.
    type: list
    elements: str
    choices: [plan, usage, invoices]
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
  description: The current plan and billing cycle (not with C(api_dialect=live)).
  returned: when O(include) contains V(plan), or O(include) is omitted and the dialect serves it
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
  description:
    - Usage of the current billing cycle.
    - With the overview API (the default), the sending usage (the keys RV(usage.transactional_sent) to
      RV(usage.percentage_used)).
    - With C(api_dialect=live), the answer of the live API as it comes (the keys RV(usage.billing),
      RV(usage.testing), RV(usage.sending) and RV(usage.marketing)); a product the account does not
      have may be missing.
  returned: when O(include) contains V(usage), or O(include) is omitted
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
    billing:
      description: The billing cycle (C(api_dialect=live) only).
      type: dict
      sample: {"cycle_start": "2026-03-01T00:00:00Z", "cycle_end": "2026-04-01T00:00:00Z"}
      contains:
        cycle_start:
          description: Start of the current billing cycle, ISO 8601.
          type: str
        cycle_end:
          description: End of the current billing cycle, ISO 8601.
          type: str
    testing:
      description:
        - Email Testing (sandbox) plan and usage (C(api_dialect=live) only).
        - C(plan.name), and under C(usage) the counters C(sent_messages_count) and
          C(forwarded_messages_count), each with C(current) and C(limit).
      type: dict
      sample: {"plan": {"name": "Individual"}, "usage": {"sent_messages_count": {"current": 1234, "limit": 5000},
               "forwarded_messages_count": {"current": 0, "limit": 100}}}
    sending:
      description:
        - Email Sending (Email API/SMTP) plan and usage (C(api_dialect=live) only).
        - C(plan.name), and C(usage.sent_messages_count) with C(current) and C(limit).
      type: dict
      sample: {"plan": {"name": "Basic 10K"}, "usage": {"sent_messages_count": {"current": 6789, "limit": 10000}}}
    marketing:
      description:
        - Email Marketing plan and usage (C(api_dialect=live) only), shaped like RV(usage.sending).
      type: dict
      sample: {"plan": {"name": "Marketing Pro"}, "usage": {"sent_messages_count": {"current": 1500, "limit": 10000}}}
  sample: {"transactional_sent": 25000, "bulk_sent": 20000, "total_sent": 45000, "limit": 100000,
           "percentage_used": 45}
invoices:
  description: The account's invoices, as the API lists them (not with C(api_dialect=live)).
  returned: when O(include) contains V(invoices), or O(include) is omitted and the dialect serves it
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

from ansible_collections.mailtrap.general.plugins.module_utils.kinds.billing import BILLING_OPTIONS, BillingKind
from ansible_collections.mailtrap.general.plugins.module_utils.module import MailtrapModule
from ansible_collections.mailtrap.general.plugins.module_utils.runner import run_info


def main():
    module = MailtrapModule(argument_spec=dict(BILLING_OPTIONS))
    run_info(module, BillingKind)


if __name__ == "__main__":
    main()
