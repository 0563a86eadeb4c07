# -*- coding: utf-8 -*-
"""The benchmark's request-count targets (tests/perf/bench.py), judged on recorded journals.

No benchmark runs here: the journals and recaps are shaped like the emulator's and
ansible-playbook's, so that a broken collection's run can be shown to FAIL the targets.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import types

import pytest

PERF = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "perf"))
if PERF not in sys.path:
    sys.path.insert(0, PERF)

import bench  # noqa: E402

T0 = 1700000000.0  # 2023-11-14T22:13:20Z
USERS = "/api/accounts/1001/users"


def at(ms):
    return "2023-11-14T22:13:%02d.%03dZ" % (20 + ms // 1000, ms % 1000)


def get(path, ms):
    return {"method": "GET", "path": path, "query": "", "time": at(ms), "status": 200}


def converged_journal():
    """A converged baseline as the collection sends it: one list per collection per task."""
    return [get("/api/accounts/1001", 10), get(USERS, 110), get("/api/accounts/1001/account_accesses", 120),
            get("/api/accounts/1001/projects", 210), get("/api/accounts/1001/api_tokens", 310)]


STARTS = [(T0, "Account"), (T0 + 0.1, "Users"), (T0 + 0.2, "Projects"), (T0 + 0.3, "Tokens")]


def run(**fields):
    result = dict(wall=1.0, requests=5, writes=0, posts=0, throttled=0, tasks=4, changed=0)
    result["max_gets"], result["max_gets_where"] = bench.gets_per_collection_per_task(converged_journal(), STARTS)
    result.update(fields)
    return result


def scenarios(base=None, role=None, first=None):
    return {"base": types.SimpleNamespace(runs=[run()] if base is None else base),
            "role": types.SimpleNamespace(runs=[run()] if role is None else role),
            "first": types.SimpleNamespace(runs=[run(writes=200, posts=200, changed=1)] if first is None else first)}


def verdicts(by_key):
    return dict((name, ok) for name, ok, _detail in bench.count_targets(by_key, 200))


GET_TARGET = "converged baseline: <= 1 GET per collection per task"
CHANGED_TARGET = "converged baseline: changed=0"


@pytest.mark.parametrize("path, collection", [
    ("/api/accounts/1001/users", "/api/accounts/{id}/users"),
    ("/api/accounts/1001/users/123", "/api/accounts/{id}/users"),
    ("/api/accounts/1001/account_accesses/7/permissions/bulk", "/api/accounts/{id}/account_accesses/{id}/permissions/bulk"),
    ("/api/accounts/1001/api_tokens/5/reset", "/api/accounts/{id}/api_tokens/{id}/reset"),
    ("/api/accounts/1001", "/api/accounts"),
    ("/api/accounts/1001/templates/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "/api/accounts/{id}/templates"),
])
def test_a_collection_is_its_path_without_ids(path, collection):
    assert bench.collection_of(path) == collection


def test_the_collection_as_sent_passes():
    assert all(ok for _name, ok, _detail in bench.count_targets(scenarios(), 200))
    assert bench.gets_per_collection_per_task(converged_journal(), STARTS)[0] == 1


def test_reading_a_collection_item_by_item_fails():
    # The N+1 regression: a list, then one GET per user, in one task.
    journal = converged_journal() + [get("%s/%d" % (USERS, 2 + i), 150 + i) for i in range(30)]
    worst, where = bench.gets_per_collection_per_task(journal, STARTS)
    assert (worst, where) == (31, ("Users", "/api/accounts/{id}/users"))
    assert verdicts(scenarios(base=[run(max_gets=worst, max_gets_where=where)]))[GET_TARGET] is False


def test_the_get_rule_applies_to_the_role_too():
    journal = converged_journal() + [get("/api/accounts/1001/projects/%d" % i, 250 + i) for i in range(3)]
    worst, where = bench.gets_per_collection_per_task(journal, STARTS)
    assert worst == 4
    assert verdicts(scenarios(role=[run(max_gets=worst, max_gets_where=where)]))[GET_TARGET] is False


def test_the_same_item_read_in_two_tasks_is_fine():
    journal = [get(USERS + "/2", 110), get(USERS + "/2", 210)]
    assert bench.gets_per_collection_per_task(journal, STARTS)[0] == 1


@pytest.mark.parametrize("which", ["base", "role"])
def test_a_converged_run_that_reports_changed_without_writing_fails(which):
    by_key = scenarios(**{which: [run(changed=3)]})
    result = verdicts(by_key)
    assert result[CHANGED_TARGET] is False
    assert result["converged baseline: 0 writes"] is True  # what the old targets saw: all PASS


def test_changed_comes_from_the_recap():
    stdout = ("TASK [Users] ****\nchanged: [localhost] => (item=a)\nchanged: [localhost] => (item=b)\n\n"
              "PLAY RECAP ****\nlocalhost                  : ok=4    changed=1    unreachable=0    failed=0\n")
    assert bench.recap_changed(stdout) == 1
    assert bench.recap_changed(stdout.replace("changed=1 ", "changed=0 ")) == 0
    assert bench.recap_changed("TASK [Users] ****\n") is None


def test_no_runs_fail_rather_than_crash():
    by_key = scenarios(base=[], role=[], first=[])
    assert not any(ok for _name, ok, _detail in bench.count_targets(by_key, 200))


@pytest.mark.parametrize("rounds", ["0", "-1"])
def test_rounds_below_one_are_refused_before_anything_starts(rounds):
    done = subprocess.run([sys.executable, os.path.join(PERF, "bench.py"), "--rounds", rounds, "--counts-only"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--rounds must be at least 1" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_loop_item_is_its_own_invocation():
    # The role's "Template shares" loops over 3 shares; each item's module reads the list once.
    starts = [[T0, "Template shares"], [T0 + 0.1, "Template shares (loop item 2)", 2],
              [T0 + 0.2, "Template shares (loop item 3)", 3], [T0 + 0.3, "Next"]]
    journal = [get("/api/accounts/1001/templates", ms) for ms in (50, 150, 250)]
    assert bench.gets_per_collection_per_task(journal, starts)[0] == 1
    # ... but one item reading the templates one by one is still caught.
    journal.append(get("/api/accounts/1001/templates/7", 260))
    assert bench.gets_per_collection_per_task(journal, starts) == (
        2, ("Template shares (loop item 3)", "/api/accounts/{id}/templates"))


def test_the_callback_opens_a_span_per_loop_item(tmp_path, monkeypatch):
    sys.path.insert(0, os.path.join(PERF, "callback_plugins"))
    try:
        import bench_tasks
    finally:
        sys.path.remove(os.path.join(PERF, "callback_plugins"))
    monkeypatch.setenv("BENCH_TASKS_FILE", str(tmp_path / "starts.json"))
    callback = bench_tasks.CallbackModule()
    callback.v2_playbook_on_task_start(types.SimpleNamespace(get_name=lambda: "Template shares"), False)
    callback.v2_runner_item_on_ok(None)
    callback.v2_runner_item_on_skipped(None)
    callback.v2_playbook_on_task_start(types.SimpleNamespace(get_name=lambda: "Next"), False)
    callback.v2_playbook_on_stats(None)
    with open(str(tmp_path / "starts.json")) as handle:
        starts = json.load(handle)
    assert [span[1:] for span in starts] == [
        ["Template shares"], ["Template shares (loop item 2)", 2], ["Template shares (loop item 3)", 3], ["Next"]]
