# -*- coding: utf-8 -*-
"""Concurrency: two ansible-playbook runs apply overlapping baselines at the same time.

Reads of /users and /projects are slowed down (1 s) so that both runs read before either
writes: the widest race window, every time. What must hold: no duplicate object, ever; a run
that loses a race fails only with the API's "has already been taken" (never anything else);
after one more pass everything converges and a further run of each baseline changes nothing.
The race itself is recorded in the figures (it is a finding while it happens)."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess

import pytest
import sys
import time

from helpers import OUTPUT, load_vars, missing_changes, playbook, project_members, recap, state_duplicates

NO_DUPLICATES = {"users": [], "projects": [], "tokens": []}
RACE_MESSAGE = "has already been taken"


def start(command, env, cwd, vars_file):
    return subprocess.Popen(command + ["-e", "@" + playbook(vars_file)], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def lost_members(state, baselines):
    lost = []
    for base in baselines:
        for entry in base.get("projects", []):
            members = project_members(state, entry["name"]) or {}
            lost += ["%s lost %s" % (entry["name"], m["user"]) for m in entry.get("team_members", [])
                     if m["user"] not in members]
    return lost


def test_overlapping_baselines_at_the_same_time_converge(emulator, run_playbook, measure):
    harness = sys.modules["_reliability_playbooks"]
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
               playbook("baseline.yml")]
    env = harness.ansible_env(emulator.url)
    names = ("baseline_a.yml", "baseline_b.yml")
    a, b = (load_vars(n) for n in names)

    emulator.fault(kind="slow", delay=1.0, method="GET", path="/(users|projects)$", count=None)
    started = time.monotonic()
    runs = [start(command, env, harness.REPO, n) for n in names]
    outputs = [r.communicate(timeout=180)[0] for r in runs]
    parallel_seconds = time.monotonic() - started
    emulator.clear_faults()
    journal = emulator.journal(clear=True)
    with open(os.path.join(OUTPUT, "reliability-concurrency-journal.txt"), "w") as handle:
        handle.write("\n".join("%s %s %s %s %s" % (e["time"], e["method"], e["path"], e["status"], e.get("body"))
                               for e in journal))
    codes = [r.returncode for r in runs]
    state = emulator.state()
    dupes = state_duplicates(state)
    lost_by_race = lost_members(state, (a, b))
    races = [line.strip()[:220] for o in outputs for line in o.splitlines()
             if line.startswith("[ERROR]") and RACE_MESSAGE in line]
    other_errors = [line.strip()[:300] for o in outputs for line in o.splitlines()
                    if line.startswith("[ERROR]") and RACE_MESSAGE not in line]
    refused = ["%s %s" % (e["method"], e["path"].replace("/api/accounts/1001/", "A/")) for e in journal
               if e["status"] == 422]

    # One more pass of each (repairs whatever a lost race left), then each again: no change.
    repair = [run_playbook(playbook("baseline.yml"), emulator.url, ["-e", "@" + playbook(n)], timeout=120)
              for n, code in zip(names, codes) if code]
    emulator.clear_journal()
    final = [run_playbook(playbook("baseline.yml"), emulator.url, ["-e", "@" + playbook(n)], timeout=120) for n in names]
    final_changed = [recap(r.stdout).get("changed") for r in final]
    final_writes = ["%s %s %s" % (e["method"], e["path"], e.get("body")) for e in emulator.journal() if e["method"] != "GET"]
    end = emulator.state()

    measure.record(
        "Concurrency", "two ansible-playbook runs of overlapping users/projects baselines at once (reads slowed "
        "1 s so both read before either writes), then one pass each, then each again",
        "duplicates: %s; runs that lost a create race (422 %r): %d %s; members lost to concurrent "
        "replace of team_members: %s; after one more pass: changed=%s, %d writes"
        % ("none" if dupes == NO_DUPLICATES else dupes, RACE_MESSAGE, len([c for c in codes if c]), refused,
           lost_by_race or "none", final_changed, len(final_writes)),
        parallel_exit_codes=codes, requests=len(journal), parallel_seconds=round(parallel_seconds, 1),
        race_errors=races)

    assert dupes == NO_DUPLICATES, dupes
    assert not other_errors, "a concurrent run failed for another reason than the create race:\n" + "\n".join(other_errors)
    assert all(r.returncode == 0 for r in repair), [r.stdout[-2000:] for r in repair if r.returncode]
    assert state_duplicates(end) == NO_DUPLICATES
    assert missing_changes(end, {"users": a["users"] + b["users"]}) == [] and lost_members(end, (a, b)) == []
    assert final_changed == [0, 0], "runs after convergence still changed something: %s" % final_writes


@pytest.mark.parametrize("module,args,path,body", [
    ("mailtrap_user", {"email": "alice@example.com", "role": "developer"}, "users",
     {"email": "alice@example.com", "role": "developer"}),
    ("mailtrap_project", {"name": "Website"}, "projects", {"name": "Website"}),
], ids=["user", "project"])
def test_create_losing_a_race_rereads_instead_of_failing(module, args, path, body, run_module, emulator, monkeypatch):
    """Deterministic form of the race above: another run creates the object between this run's
    read and its POST."""
    from ansible_collections.mailtrap.general.plugins.module_utils import client as client_module

    real_post = client_module.MailtrapClient.post

    def post_after_someone_else(self, relative, body_=None, recover=None):
        if relative == path:
            assert emulator.api("POST", path, json=body).status_code in (200, 201)
        return real_post(self, relative, body_, recover=recover)

    monkeypatch.setattr(client_module.MailtrapClient, "post", post_after_someone_else)
    result = run_module(module, args)
    assert not result.get("failed"), result.get("msg")
    assert len(emulator.state()[path]) == (2 if path == "users" else 1)  # the owner + alice / one project


def adhoc(args, env):
    """One `ansible localhost -m mailtrap.general.mailtrap_token` run; its result comes back as JSON."""
    command = [os.path.join(os.path.dirname(sys.executable), "ansible"), "localhost", "-i", "localhost,", "-c", "local",
               "-m", "mailtrap.general.mailtrap_token", "-a", json.dumps(args)]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def adhoc_result(output):
    """``localhost | CHANGED => {...}`` (the ad-hoc callback) -> the result."""
    return json.loads(output[output.index("{"):])


@pytest.mark.parametrize("first", [None, {"name": "race", "scopes": ["emails:send"], "expires_in_days": 30}],
                         ids=["create", "rotate"])
def test_two_runs_making_the_same_token_at_once_converge_on_one_live_token(first, emulator, run_module, measure):
    """Issue 11 item 6 / F8. Reads and creates of tokens are slowed (4 s, more than the start-up of ansible) so
    both runs read before either writes: both create (or rotate) the token, and each returns its own secret (the
    API cannot make "create unless it exists" atomic, and a run lists the tokens only once). The next run
    converges: it keeps the token whose secret is stored (prefer_last_4_digits) and revokes the other."""
    harness = sys.modules["_reliability_playbooks"]
    if first:
        run_module("mailtrap_token", first)
    args = {"name": "race", "scopes": ["emails:send"], "rotate": bool(first)}
    # Reads and creates both slowed: a read waits as long as the other run's create, so each run's read is
    # answered before the other's create is (a slowed read alone only shifts both runs by the same time).
    for method in ("GET", "POST"):
        emulator.fault(kind="slow", delay=4.0, method=method, path="/api_tokens$", count=None)
    runs = [adhoc(args, harness.ansible_env(emulator.url)) for _run in range(2)]
    outputs = [r.communicate(timeout=120) for r in runs]
    results = [adhoc_result(out) for out, _err in outputs]
    emulator.clear_faults()

    def live():
        return [t for t in emulator.api("GET", "api_tokens").json() if t["name"] == "race"
                and not (t.get("expires_at") or "").startswith(time.strftime("%Y-%m-%d", time.gmtime()))]
    posts = [e for e in emulator.journal() if e["method"] == "POST"]
    assert all(not r.get("failed") for r in results), [r.get("msg") for r in results]
    assert all(r.get("token") for r in results)  # no secret lost: each run returned the one it made
    racing = len(live())
    assert racing == 2, live()
    # The next run keeps the token whose secret is stored (here the older one, not the newest) and revokes the other.
    stored = min(results, key=lambda r: r["api_token"]["id"])
    emulator.clear_journal()
    check = run_module("mailtrap_token", dict(name="race", prefer_last_4_digits=stored["token"][-4:]), check_mode=True)
    assert check["changed"] and len(check["duplicates_revoked"]) == 1 and emulator.writes() == []
    after = run_module("mailtrap_token", dict(name="race", prefer_last_4_digits=stored["token"][-4:]))
    assert after["changed"] and after["api_token"]["id"] == stored["api_token"]["id"]
    assert [t["id"] for t in live()] == [stored["api_token"]["id"]]
    assert emulator.api("GET", "users", token=stored["token"]).status_code == 403  # the survivor works
    again = run_module("mailtrap_token", dict(name="race", prefer_last_4_digits=stored["token"][-4:]))
    assert not again["changed"]
    measure.record("Concurrency", "two mailtrap_token runs %s the same token at once (reads and creates slowed 4 s), "
                   "then the next run" % ("rotating" if first else "creating"),
                   "each run returned its own secret; the next run keeps the token whose secret is stored and "
                   "revokes the other (changed, predicted in check mode); then changed=false",
                   posts=len(posts), live_tokens_after_the_race=racing, live_tokens_after_the_next_run=len(live()),
                   secrets_returned=len([r for r in results if r.get("token")]))
