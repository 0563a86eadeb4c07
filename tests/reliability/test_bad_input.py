# -*- coding: utf-8 -*-
"""Bad input, for every module: refused with a clear message and ZERO requests sent."""

from __future__ import absolute_import, division, print_function

import pytest

from catalog import BAD_INPUT, CHANGES, KNOWN_FINDINGS, MODULES, READS, STATE_CHANGING, bad_cases

CASES = list(bad_cases())


def _param(case):
    module, case_id, args, fragment = case
    marks = []
    if (module, case_id) in KNOWN_FINDINGS:
        marks.append(pytest.mark.xfail(strict=True, reason="finding: " + KNOWN_FINDINGS[(module, case_id)]))
    return pytest.param(module, args, fragment, marks=marks, id="%s-%s" % (module, case_id))


def test_catalog_covers_every_module():
    """A new module must come with its bad inputs and (if it writes) its would-change inputs."""
    missing_bad = [m for m in MODULES if not BAD_INPUT.get(m)]
    missing_changes = [m for m in STATE_CHANGING if not CHANGES.get(m)]
    missing_reads = [m for m in MODULES if m.endswith("_info") and m not in READS]
    assert not (missing_bad or missing_changes or missing_reads), (
        "tests/reliability/catalog.py has no entry for: BAD_INPUT %s, CHANGES %s, READS %s"
        % (missing_bad, missing_changes, missing_reads))


@pytest.mark.parametrize("module,args,fragment", [_param(c) for c in CASES])
def test_bad_input_refused_before_any_request(module, args, fragment, run_module, emulator, measure):
    result = run_module(module, args)
    journal = emulator.journal()
    assert result.get("failed"), "%s accepted %r: %r" % (module, args, result)
    message = result.get("msg", "")
    assert "Traceback" not in message
    assert fragment.lower() in message.lower(), "%s: message %r does not mention %r" % (module, message, fragment)
    assert journal == [], "%s sent %d request(s) for bad input %r: %s" % (
        module, len(journal), args, ["%s %s" % (e["method"], e["path"]) for e in journal])


def test_bad_input_summary(run_module, emulator, measure):
    """One figure for the table: how many bad inputs, over how many modules, all refused offline."""
    refused = 0
    requests = 0
    accepted = []
    for module, case_id, args, _fragment in CASES:
        emulator.reset()
        result = run_module(module, args)
        refused += bool(result.get("failed"))
        sent = len(emulator.journal(clear=True))
        requests += sent
        if not result.get("failed") or sent:
            accepted.append("%s-%s" % (module, case_id))
    known = sorted("%s-%s" % k for k in KNOWN_FINDINGS)
    measure.record("Bad input", "malformed inputs (e-mails, roles, scopes, operations, CIDRs, past dates, "
                   "out-of-range numbers, wrong types, unknown keys) for every module",
                   "%d/%d refused before any request; accepted (findings): %s"
                   % (refused, len(CASES), ", ".join(accepted) or "none"),
                   cases=len(CASES), modules=len(set(c[0] for c in CASES)), refused=refused,
                   requests_for_refused=requests if not accepted else "n/a", accepted=accepted)
    assert sorted(accepted) == known, "accepted bad inputs %s; known findings %s" % (accepted, known)
