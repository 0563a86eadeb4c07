# -*- coding: utf-8 -*-
"""Check mode: every state-changing module, given inputs that WOULD change something, sends
only GET requests and reports changed=True; the baseline role under --check writes nothing."""

from __future__ import absolute_import, division, print_function


import pytest

from catalog import CHANGES, STATE_CHANGING

CASES = [(m, case_id, setup, args) for m in STATE_CHANGING for case_id, setup, args in CHANGES.get(m, [])]


@pytest.mark.parametrize("module,setup,args", [(c[0], c[2], c[3]) for c in CASES],
                         ids=["%s-%s" % (c[0], c[1]) for c in CASES])
def test_check_mode_sends_no_write(module, setup, args, run_module, emulator):
    setup(emulator)
    before = emulator.state()
    emulator.clear_journal()
    result = run_module(module, args, check_mode=True, diff=True)
    writes = emulator.writes()
    assert not result.get("failed"), "%s failed in check mode: %s" % (module, result.get("msg"))
    assert writes == [], "%s sent writes in check mode: %s" % (module, ["%s %s" % (w["method"], w["path"]) for w in writes])
    assert result["changed"] is True, "%s reported no change in check mode for %r" % (module, args)
    assert emulator.state() == before
    # And for real, the same input does change something (the prediction was honest).
    real = run_module(module, args)
    assert not real.get("failed"), real.get("msg")
    assert real["changed"] is True
    assert emulator.writes(), "%s changed nothing for real" % module


def test_check_mode_summary(run_module, emulator, measure):
    gets = 0
    writes = 0
    changed = 0
    for module, _case_id, setup, args in CASES:
        emulator.reset()
        setup(emulator)
        emulator.clear_journal()
        result = run_module(module, args, check_mode=True, diff=True)
        journal = emulator.journal()
        gets += len([e for e in journal if e["method"] == "GET"])
        writes += len([e for e in journal if e["method"] != "GET"])
        changed += bool(result.get("changed"))
    measure.record("Check mode", "every state-changing module (%d modules, %d would-change inputs) with check_mode and diff"
                   % (len(STATE_CHANGING), len(CASES)),
                   "%d/%d predicted a change, %d writes" % (changed, len(CASES), writes),
                   cases=len(CASES), gets=gets, writes=writes, changed=changed)
    assert writes == 0 and changed == len(CASES)
