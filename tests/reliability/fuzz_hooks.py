# -*- coding: utf-8 -*-
"""Schemathesis hooks for test_fuzz_emulator.py (loaded through SCHEMATHESIS_HOOKS).

* Every answer's status is appended to $RELIABILITY_FUZZ_LOG (one "METHOD path status" line),
  so the test counts server errors from what the server answered, whatever the CLI prints.
* A call that cuts the fuzzer off from the account (an IP allow-list that excludes it, a
  revoked token) is followed by a reset through /_emulator/reset, which neither the allow-list
  nor token revocation can block: every operation keeps being fuzzed for real instead of
  collecting 403s for the rest of the run.
"""

from __future__ import absolute_import, division, print_function

import os
import re

import requests
import schemathesis

# The live dialect adds one: a permissions/bulk call on the fuzzer's own token's access.
CUTS_OFF = re.compile(r"^(PUT /api/accounts/\d+/security|DELETE /api/accounts/\d+/api_tokens/\d+|"
                      r"POST /api/accounts/\d+/api_tokens/\d+/reset|DELETE /api/accounts/\d+/account_accesses/\d+|"
                      r"PUT /api/accounts/\d+/account_accesses/\d+/permissions/bulk)$")


def reset():
    """Through whichever control token is still live (the fuzzer may have revoked one)."""
    base = os.environ["RELIABILITY_FUZZ_URL"]
    for token in os.environ["RELIABILITY_FUZZ_CONTROL_TOKENS"].split(","):
        if requests.post(base + "/_emulator/reset", headers={"Api-Token": token}, timeout=10).ok:
            return
    raise RuntimeError("no control token could reset the emulator")


@schemathesis.hook
def after_call(context, case, response):
    method = case.method.upper()
    path = response.request.path_url.split("?")[0]
    with open(os.environ["RELIABILITY_FUZZ_LOG"], "a") as handle:
        handle.write("%s %s %s\n" % (method, case.operation.path, response.status_code))
    if response.status_code < 300 and CUTS_OFF.match("%s %s" % (method, path)):
        reset()
