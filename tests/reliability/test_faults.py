# -*- coding: utf-8 -*-
"""Faults injected through /_emulator/faults: rate limiting, gateway errors, lost answers,
a stalled server, broken bodies. Nothing may be duplicated, lost, or end in a traceback."""

from __future__ import absolute_import, division, print_function

import time

import pytest

from helpers import load_vars, missing_changes, playbook, recap, state_duplicates

ALL_API = "^/api/"


def test_baseline_converges_under_429_and_503(emulator, run_playbook, measure):
    baseline = load_vars("baseline_a.yml")
    # The first armed fault that fires wins. One 503 is certain on a create of each kind and on a
    # settings write (the bulk modules send few requests, chance alone may spare them); then
    # 503 at 10 %, then 429 at 1/3 of the other 90 % = 30 % of all answers.
    for method, path in (("POST", "/users$"), ("POST", "/projects$"), ("PUT", "/notifications$")):
        emulator.fault(kind="status", status=503, method=method, path=path, count=1)
    emulator.fault(kind="status", status=503, probability=0.1, count=None, path=ALL_API, seed=20262)
    emulator.fault(kind="status", status=429, probability=0.3 / 0.9, retry_after=1, count=None, path=ALL_API, seed=20261)
    started = time.monotonic()
    first = run_playbook(playbook("baseline.yml"), emulator.url, ["-e", "@" + playbook("baseline_a.yml")], timeout=180)
    faulty_seconds = time.monotonic() - started
    output = first.stdout + first.stderr
    counts = dict((k, 0) for k in ("status 429", "status 503"))
    for fault in emulator._call("GET", "/_emulator/faults"):
        counts["%s %s" % (fault["kind"], fault["status"])] += fault["fired"]
    journal = emulator.journal(clear=True)
    emulator.clear_faults()
    assert first.returncode == 0, "the baseline failed under faults:\n" + output[-5000:]
    assert "Traceback" not in output

    state = emulator.state()
    assert state_duplicates(state) == {"users": [], "projects": [], "tokens": []}
    assert missing_changes(state, baseline) == []

    started = time.monotonic()
    second = run_playbook(playbook("baseline.yml"), emulator.url, ["-e", "@" + playbook("baseline_a.yml")], timeout=120)
    clean_seconds = time.monotonic() - started
    assert second.returncode == 0, second.stdout[-3000:]
    assert recap(second.stdout).get("changed") == 0, "the re-run without faults changed something:\n" + second.stdout[-4000:]
    writes = [e for e in emulator.journal() if e["method"] != "GET"]
    assert writes == [], writes

    n429 = counts.get("status 429", 0)
    n503 = counts.get("status 503", 0)
    measure.record(
        "Faults", "users + projects + settings baseline (role) with 30 % of /api answers 429 (Retry-After 1) "
        "and 10 % 503", "converged; re-run without faults: changed=0, 0 writes; no duplicates, no lost change",
        requests=len(journal), answers_429=n429, answers_503=n503,
        run_seconds=round(faulty_seconds, 1), rerun_seconds=round(clean_seconds, 1),
        changed_tasks_first_run=recap(first.stdout).get("changed"))
    assert n429 > 0 and n503 > 0, counts


@pytest.mark.parametrize("module,args,path,check", [
    ("mailtrap_user", {"email": "Alice@Example.com", "role": "developer"}, "/users$",
     lambda s: [u for u in s["users"] if u["email"].lower() == "alice@example.com"]),
    ("mailtrap_project", {"name": "Website"}, "/projects$",
     lambda s: [p for p in s["projects"] if p["name"].lower() == "website"]),
    ("mailtrap_token", {"name": "ci-sending", "scopes": ["emails:send"]}, "/api_tokens$",
     lambda s: [t for t in s["tokens"] if t["name"] == "ci-sending"]),
], ids=["user", "project", "token"])
def test_drop_after_commit_creates_no_duplicate(module, args, path, check, run_module, emulator, measure, monkeypatch):
    from ansible.module_utils import basic

    warnings = []
    monkeypatch.setattr(basic.AnsibleModule, "warn", lambda self, msg, *a, **k: warnings.append(msg))
    emulator.fault(kind="drop_after_commit", method="POST", path=path)
    started = time.monotonic()
    result = run_module(module, args)
    seconds = time.monotonic() - started
    sequence = emulator.sequence()
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True
    objects = check(emulator.state())
    if module == "mailtrap_token":
        # Changed by issue 11 item 6: the token behind the lost answer may be another run's (which reported its
        # secret), so it is no longer revoked; it is named in a warning and the create is sent again. The managed
        # token (the newest) is the one whose secret this run returns; a purge removes the other.
        assert len(objects) == 2, objects
        assert result.get("token") == objects[-1]["token"]
        assert sequence.count("POST A/api_tokens") == 2 and not any(s.startswith("DELETE") for s in sequence)
        assert any("was lost" in w and str(objects[0]["id"]) in w for w in warnings), warnings
    else:
        assert len(objects) == 1, "%d objects after a lost POST answer: %s" % (len(objects), objects)
        assert sequence.count("POST A/%s" % path.strip("/$")) == 1, sequence
    again = run_module(module, args)
    if module == "mailtrap_token":
        # The next run keeps one live token of the name (the newest, whose secret was returned) and revokes the
        # left-over (issue 11 F8); the run after that is unchanged.
        assert again["changed"] is True and [t["id"] for t in again["duplicates_revoked"]] == [objects[0]["id"]]
        assert [t["id"] for t in check(emulator.state())] == [objects[-1]["id"]]
        again = run_module(module, args)
    assert again["changed"] is False
    measure.record("Faults", "connection dropped after a committed POST (%s create)" % module.replace("mailtrap_", ""),
                   ("one object, re-run unchanged" if module != "mailtrap_token" else "the token behind the lost answer "
                    "left alone and named (it may be another run's), the secret of the managed one returned; the next "
                    "run revokes the left-over, the run after is unchanged"),
                   requests=" → ".join(sequence), seconds=round(seconds, 2))


def test_slow_server_hits_the_timeout(run_module, emulator, measure):
    emulator.fault(kind="slow", delay=3, count=None, path=ALL_API)
    started = time.monotonic()
    result = run_module("mailtrap_user", {"email": "alice@example.com", "timeout": 0.5, "max_retry_time": 1.5})
    seconds = time.monotonic() - started
    attempts = len(emulator.journal())
    emulator.clear_faults()
    assert result.get("failed")
    assert "timed out" in result["msg"] and "timeout=0.5" in result["msg"], result["msg"]
    assert emulator.writes() == []
    assert seconds < 10
    measure.record("Faults", "server stalls 3 s per answer, timeout 0.5 s, max_retry_time 1.5 s",
                   "fails with: %s" % result["msg"].split(". ")[0][:110],
                   attempts=attempts, seconds=round(seconds, 2))


@pytest.mark.parametrize("kind,fragment", [
    ("malformed_json", "not JSON"),
    ("html", "502"),
])
def test_broken_bodies_give_clear_errors_in_a_real_run(kind, fragment, emulator, run_playbook, playbook_dir, measure):
    book = playbook_dir / "broken.yml"
    book.write_text(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - name: Read users through a broken server\n"
        "      mailtrap.general.mailtrap_user:\n        email: alice@example.com\n        role: developer\n"
        "        max_retry_time: 2\n")
    emulator.fault(kind=kind, count=None, path=ALL_API)
    started = time.monotonic()
    result = run_playbook(str(book), emulator.url, ["-vvv"], timeout=120)
    seconds = time.monotonic() - started
    emulator.clear_faults()
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output[-4000:]
    assert "MODULE FAILURE" not in output
    assert fragment in output and "Mailtrap API GET" in output, output[-3000:]
    assert emulator.writes() == []
    line = [l for l in output.splitlines() if "Mailtrap API GET" in l][0]
    message = line[line.index("Mailtrap API GET"):].split('"')[0]
    measure.record("Faults", "%s answer on every request (real ansible-playbook run)" % kind,
                   "no traceback; message: %s" % message[:150], seconds=round(seconds, 1))


@pytest.mark.parametrize("module,args,setup,path", [
    ("mailtrap_sso", {"provider": "okta", "metadata_url": "https://example.okta.com/metadata"}, None, "/sso$"),
    ("mailtrap_template_share", {"template": "Welcome", "users": ["alice@example.com"]},
     {"email": "alice@example.com", "role": "developer"}, "/share$"),
], ids=["sso", "template_share"])
def test_one_503_on_a_post_that_is_not_a_create(module, args, setup, path, run_module, emulator, measure):
    """These POSTs set state (enable SSO, share): repeating them is harmless, so one 503 must
    not fail the task."""
    if setup:
        emulator.api("POST", "users", json=setup)
    emulator.fault(kind="status", status=503, method="POST", path=path, count=1)
    result = run_module(module, args)
    measure.record("Faults", "one 503 on the POST of %s" % module,
                   "failed: %s" % result["msg"][:140] if result.get("failed") else "retried, changed")
    assert not result.get("failed"), result["msg"]
    assert result["changed"] is True


def test_create_dropped_before_commit_every_time_is_bounded(run_module, emulator, measure):
    """#11 item 14: each drop used to be re-read and re-sent at once, without limit (150 POSTs
    and 150 GETs in 3 s, ~6 000 each with the default max_retry_time)."""
    emulator.fault(kind="drop", count=None, method="POST", path="/users$")
    started = time.monotonic()
    result = run_module("mailtrap_user", {"email": "alice@example.com", "role": "developer", "max_retry_time": 120})
    seconds = time.monotonic() - started
    sequence = emulator.sequence()
    emulator.clear_faults()
    assert result.get("failed") and "Traceback" not in result["msg"]
    assert "retried 3 times" in result["msg"] and "may or may not have been applied" in result["msg"], result["msg"]
    assert sequence.count("POST A/users") == 4, sequence
    assert seconds < 8, seconds
    assert [u["email"] for u in emulator.state()["users"]] == ["owner@example.com"]
    measure.record("Faults", "every create's connection dropped before commit (user create, max_retry_time 120)",
                   "fails clearly: 4 POSTs (3 re-sends after read-backs, with backoff)",
                   requests=len(sequence), seconds=round(seconds, 2))
