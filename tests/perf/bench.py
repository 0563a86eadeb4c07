#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The mailtrap.general benchmark: the collection against Ansible's own floor and the uri peer.

Run it with ``bash scripts/bench.sh`` (see docs/performance.md). It starts the emulator
(Business plan, rate limits ON), then runs every scenario once per round, rounds interleaved
(``--rounds``, default 3), each from a freshly seeded state, and prints one table of medians:
requests, writes and 429 answers from the emulator's journal, wall time of the whole
``ansible-playbook`` run, and ratios computed per round side by side (median of the ratios).
It ends with the targets of issue 5, PASS/FAIL each, and exits 1 if any fails.
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PLAYBOOKS = os.path.join(HERE, "playbooks")
COLLECTIONS = os.path.join(REPO, "collections")
FLOOR_COLLECTIONS = os.path.join(HERE, "collections")  # bench.floor: the no-op modules of the floor
LINK = os.path.join(COLLECTIONS, "ansible_collections", "mailtrap", "general")
TOKEN = "emulator-owner-token"
ACCOUNT = 1001
ROLES = ("developer", "viewer", "admin", "viewer")
PEOPLE_PER_PROJECT = 5


# ---------------------------------------------------------------------- data

def user_email(i):
    return "bench-user-%04d@example.com" % i


def users(count):
    """``count`` users: desired entries (for the playbooks) and fixture entries (for the seed)."""
    desired, fixture = [], []
    for i in range(count):
        role = ROLES[i % len(ROLES)]
        entry = {"email": user_email(i), "role": role}
        if i % 10 == 0:
            entry["permissions"] = ["send_emails", "view_analytics"]
        desired.append(dict(entry, email=entry["email"].title() if i % 7 == 0 else entry["email"]))
        fixture.append(entry)
    return desired, fixture


def baseline(count):
    """The whole-account baseline: bench_* vars for baseline.yml and the seed fixture that IS it."""
    desired_users, fixture_users = users(count)
    user_id = dict((u["email"], 2 + i) for i, u in enumerate(fixture_users))  # seeded ids start at 2
    projects, fixture_projects = [], []
    for p in range(20):
        members = [user_email((p * PEOPLE_PER_PROJECT + k) % count) for k in range(PEOPLE_PER_PROJECT)]
        roles = ["manager" if k == 0 else "contributor" for k in range(PEOPLE_PER_PROJECT)]
        projects.append({"name": "Project %02d" % p,
                         "team_members": [{"user": e, "role": r} for e, r in zip(members, roles)]})
        fixture_projects.append({"name": "Project %02d" % p,
                                 "team_members": [{"user_id": user_id[e], "role": r} for e, r in zip(members, roles)]})
    tokens, fixture_tokens = [], []
    for t in range(20):
        scopes = ["emails:send"] if t % 2 else ["templates:read", "analytics:read"]
        tokens.append({"name": "service-%02d" % t, "scopes": scopes, "expires_at": "2099-01-01",
                       "rotate_before_days": 14})
        fixture_tokens.append({"name": "service-%02d" % t, "scopes": scopes, "expires_at": "2099-01-01",
                               "token": "bench-token-%02d-%s" % (t, "x" * 24)})
    templates = ["Welcome", "Password reset", "Invoice"]
    shares, fixture_templates = [], []
    for n, name in enumerate(templates):
        people = [user_email((n * 3 + k) % count) for k in range(3)]
        permission = "write" if n == 0 else "read"
        shares.append({"template": name, "users": people, "permission": permission})
        fixture_templates.append({"name": name, "shared_with": [
            {"user_id": user_id[e], "permission": permission} for e in people]})
    settings = dict(
        account={"name": "Bench Co", "timezone": "Europe/Berlin", "notification_email": "ops@example.com"},
        notifications={"low_credits": True, "weekly_report": True, "bounce_alerts": False, "threshold_percentage": 90},
        security={"require_2fa": True, "ip_whitelist": ["127.0.0.0/8", "::1/128"],
                  "password_policy": {"min_length": 12, "require_special": True, "require_numbers": True}},
        sso={"provider": "okta", "metadata_url": "https://example.okta.com/app/metadata", "default_role": "viewer"},
    )
    bench_vars = dict(("bench_%s" % k, v) for k, v in settings.items())
    bench_vars.update(bench_users=desired_users, bench_projects=projects, bench_tokens=tokens, bench_shares=shares)
    # The same baseline as the account_baseline role's input.
    bench_vars["account_baseline_config"] = dict(
        settings, security=dict(settings["security"], allow_access_narrowing=True), users=desired_users,
        projects=projects, tokens=tokens, template_shares=shares,
        token_secrets_dir=os.path.join(tempfile.gettempdir(), "mailtrap-bench-secrets"))
    fixture = dict(settings, users=fixture_users, projects=fixture_projects, tokens=fixture_tokens,
                   templates=fixture_templates)
    fixture["sso"] = dict(settings["sso"], enabled=True)
    return bench_vars, fixture


# ---------------------------------------------------------------------- emulator

class Emulator:
    def __init__(self, python):
        env = dict(os.environ, PYTHONPATH=os.path.join(REPO, "tests", "emulator"))
        self.process = subprocess.Popen(
            [python, "-m", "mailtrap_emulator", "--host", "127.0.0.1", "--port", "0", "--plan", "business", "--quiet"],
            stdout=subprocess.PIPE, env=env, text=True)
        line = self.process.stdout.readline()
        self.url = line.strip().rsplit(" ", 1)[-1]
        if not self.url.startswith("http"):
            raise SystemExit("bench: the emulator did not start: %r" % line)
        import requests  # a test tool (requirements-dev.txt); the collection itself uses the standard library

        self.session = requests.Session()
        self.session.headers["Api-Token"] = TOKEN

    def call(self, method, path, body=None):
        answer = self.session.request(method, self.url + path, json=body, timeout=30)
        answer.raise_for_status()
        return answer.json() if answer.content else None

    def seed(self, fixture):
        self.call("POST", "/_emulator/seed", fixture)  # resets the rate-limit counters too
        self.call("DELETE", "/_emulator/requests")

    def journal(self):
        return self.call("GET", "/_emulator/requests")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


# ---------------------------------------------------------------------- runs

def ansible_env(emulator, tasks_file, home):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": os.pathsep.join((COLLECTIONS, FLOOR_COLLECTIONS)),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_HOME": home,
        "ANSIBLE_CALLBACK_PLUGINS": os.path.join(HERE, "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "bench_tasks",
        "BENCH_TASKS_FILE": tasks_file,
        "MAILTRAP_API_URL": emulator.url,
        "MAILTRAP_API_TOKEN": TOKEN,
        "MAILTRAP_ACCOUNT_ID": str(ACCOUNT),
    })
    return env


def parse_time(text):
    return datetime.datetime.strptime(text.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()


ID_SEGMENT = re.compile(r"^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")


def collection_of(path):
    """The collection a path reads: ids replaced, a trailing id dropped (users/123 -> users).

    Counting per exact path would let an N+1 read (one GET per user) pass as 200 collections
    read once each, which is the very regression the GET target exists to catch.
    """
    segments = ["{id}" if ID_SEGMENT.match(s) else s for s in path.split("?", 1)[0].strip("/").split("/")]
    while len(segments) > 1 and segments[-1] == "{id}":
        segments.pop()
    return "/" + "/".join(segments)


def gets_per_collection_per_task(journal, starts):
    """The most GETs one task sent to one collection (requests attributed by task start times)."""
    worst, where = 0, None
    counts = {}
    for entry in journal:
        if entry["method"] != "GET":
            continue
        at = parse_time(entry["time"])
        task = None
        for span in starts:
            started, name = span[0], span[1]
            if started <= at + 0.002:  # journal times are in milliseconds
                task = name
        key = (task, collection_of(entry["path"]))
        counts[key] = counts.get(key, 0) + 1
        if counts[key] > worst:
            worst, where = counts[key], key
    return worst, where


def recap_changed(stdout):
    """changed= summed over the PLAY RECAP lines (a loop's items are one task there, as in the target)."""
    recap = stdout.rsplit("PLAY RECAP", 1)
    if len(recap) < 2:
        return None  # no recap: the run did not finish, which the caller already refuses
    return sum(int(n) for n in re.findall(r"\bchanged=(\d+)", recap[1]))


class Scenario:
    def __init__(self, key, label, playbook, fixture, bench_vars, expect_writes=None):
        self.key = key
        self.label = label
        self.playbook = playbook
        self.fixture = fixture
        self.bench_vars = bench_vars
        self.expect_writes = expect_writes
        self.runs = []

    def tasks(self):
        if self.runs and self.runs[-1].get("tasks"):
            return self.runs[-1]["tasks"]  # as run (a role's tasks are counted by the callback)
        with open(os.path.join(PLAYBOOKS, self.playbook)) as handle:
            return sum(len(play.get("tasks", [])) for play in yaml.safe_load(handle))

    def run(self, emulator, workdir, record=True):
        vars_file = os.path.join(workdir, "%s.vars.json" % self.key)
        if not os.path.exists(vars_file):
            with open(vars_file, "w") as handle:
                json.dump(self.bench_vars or {}, handle)
        tasks_file = os.path.join(workdir, "%s.tasks.json" % self.key)
        emulator.seed(self.fixture)
        command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
                   "-c", "local", os.path.join(PLAYBOOKS, self.playbook), "-e", "@" + vars_file]
        env = ansible_env(emulator, tasks_file, os.path.join(workdir, "ansible-home"))
        started = time.monotonic()
        done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
        wall = time.monotonic() - started
        if done.returncode != 0:
            sys.stderr.write(done.stdout[-4000:] + done.stderr[-2000:])
            raise SystemExit("bench: %s failed (exit %d)" % (self.playbook, done.returncode))
        journal = emulator.journal()
        with open(tasks_file) as handle:
            starts = json.load(handle)
        worst, where = gets_per_collection_per_task(journal, starts)
        run = dict(
            wall=wall,
            requests=len(journal),
            writes=sum(1 for e in journal if e["method"] != "GET"),
            posts=sum(1 for e in journal if e["method"] == "POST"),
            throttled=sum(1 for e in journal if e.get("status") == 429),
            max_gets=worst, max_gets_where=where, tasks=sum(1 for span in starts if len(span) == 2),
            changed=recap_changed(done.stdout),
        )
        if record:
            self.runs.append(run)
        return run

    def median(self, field):
        return statistics.median(r[field] for r in self.runs)

    def spread(self, field):
        values = [r[field] for r in self.runs]
        return min(values), max(values)


def ratios(numerator, denominator):
    """Per-round ratios (the two ran side by side in the same round) and their median."""
    values = [n["wall"] / d["wall"] for n, d in zip(numerator.runs, denominator.runs)]
    return statistics.median(values), values


# ---------------------------------------------------------------------- report

def machine():
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    from ansible.release import __version__ as ansible_version

    return "%s, %d CPU(s), %s, Python %s, ansible-core %s" % (
        cpu or "unknown CPU", os.cpu_count() or 0, platform.platform(terse=True), platform.python_version(),
        ansible_version)


COUNT_SCENARIOS = ("base", "role", "first")


def count_targets(by_key, n):
    """The request-count targets of issue 5 (timing-free): (name, ok, detail) each."""
    base, role, first = by_key["base"], by_key["role"], by_key["first"]
    converged = [("baseline", r) for r in base.runs] + [("role", r) for r in role.runs]
    worst_gets = max([r["max_gets"] for _label, r in converged] or [0])
    worst_where = [(label, r["max_gets_where"]) for label, r in converged if r["max_gets"] == worst_gets]
    worst_where = worst_where[0] if worst_where and worst_where[0][1] else None
    # An empty scenario proves nothing: every target needs at least one run of its scenarios.
    ran = bool(base.runs) and bool(role.runs)
    return [
        ("converged baseline: 0 writes", ran and all(r["writes"] == 0 for _label, r in converged),
         "writes per run: %s, through the role: %s" % ([r["writes"] for r in base.runs],
                                                       [r["writes"] for r in role.runs])),
        # Writes alone miss a module that says changed on a converged account without writing.
        ("converged baseline: changed=0", ran and all(r["changed"] == 0 for _label, r in converged),
         "changed per run: %s, through the role: %s" % ([r["changed"] for r in base.runs],
                                                        [r["changed"] for r in role.runs])),
        ("converged baseline: <= 1 GET per collection per task", ran and worst_gets <= 1,
         "worst: %d x GET %s in task %r (%s)" % (
             worst_gets, worst_where[1][1] if worst_where else "-", worst_where[1][0] if worst_where else "-",
             worst_where[0] if worst_where else "-")),
        ("%d users first apply: exactly one write per user" % n,
         bool(first.runs) and all(r["writes"] == n and r["posts"] == n for r in first.runs),
         "writes per run: %s" % [r["writes"] for r in first.runs]),
        ("%d users first apply: zero 429 answers" % n, bool(first.runs) and all(r["throttled"] == 0 for r in first.runs),
         "429s per run: %s" % [r["throttled"] for r in first.runs]),
    ]


def report_counts(by_key, n, args):
    print()
    print("request-count targets (issue 5; timings are not checked with --counts-only)")
    failed = 0
    for name, ok, detail in count_targets(by_key, n):
        failed += not ok
        print("  %s  %-56s %s" % ("PASS" if ok else "FAIL", name, detail))
    throttled = sum(r["throttled"] for key in COUNT_SCENARIOS for r in by_key[key].runs)
    failed += throttled != 0
    print("  %s  %-56s %d" % ("PASS" if throttled == 0 else "FAIL", "429 answers in these runs", throttled))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(dict(machine=machine(), runs=dict((k, by_key[k].runs) for k in COUNT_SCENARIOS)), handle,
                      indent=1, default=str)
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of every scenario, interleaved (default 3)")
    parser.add_argument("--users", type=int, default=200, help="users in the baseline and the users runs (default 200)")
    parser.add_argument("--big", type=int, default=1000, help="users in the flatness run (default 1000)")
    parser.add_argument("--json", help="also write the raw runs to this file")
    parser.add_argument("--counts-only", action="store_true",
                        help="run only the scenarios of the request-count targets (converged baseline and role, first "
                             "apply) and check only those targets, not the timings: the CI smoke (scripts/test.sh), "
                             "whose machine is not quiet enough for timings")
    parser.add_argument("--only", help="comma-separated scenario keys to run (development aid; targets need all): "
                                       "floor,floor_bare,floor_ping,base,floor1,users,users_big,uri,first,base_first,role")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1 (got %d): every target is judged on the recorded rounds" % args.rounds)

    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(REPO, LINK)
    workdir = tempfile.mkdtemp(prefix="mailtrap-bench-")
    emulator = Emulator(sys.executable)
    try:
        n, big = args.users, args.big
        base_vars, base_fixture = baseline(n)
        role_vars = {"account_baseline_config": base_vars.pop("account_baseline_config")}
        users_n, users_n_fixture = users(n)
        users_big, users_big_fixture = users(big)
        # A floor is the same playbook with its tasks doing nothing, so it loads the same data:
        # what Ansible spends carrying 200 users' variables through every task is Ansible's cost,
        # not the collection's. floor_bare, without any data, is printed too.
        scenarios = [
            Scenario("floor", "floor: 10 no-op tasks, 8 modules", "floor.yml", {}, base_vars),
            Scenario("floor_bare", "floor: the same, without the data", "floor.yml", {}, {}),
            Scenario("floor_ping", "floor: 10 ping tasks", "floor_ping.yml", {}, base_vars),
            Scenario("base", "collection: baseline converged", "baseline.yml", base_fixture, base_vars, 0),
            Scenario("floor1", "floor: 1 no-op task", "floor_users.yml", {}, {"bench_users": users_n}),
            Scenario("users", "collection: %d users converged" % n, "users.yml", {"users": users_n_fixture},
                     {"bench_users": users_n}, 0),
            Scenario("users_big", "collection: %d users converged" % big, "users.yml", {"users": users_big_fixture},
                     {"bench_users": users_big}, 0),
            Scenario("uri", "peer: uri loop, %d users converged" % n, "uri_users.yml", {"users": users_n_fixture},
                     {"bench_users": users_n}),
            Scenario("first", "collection: %d users first apply" % n, "users.yml", {}, {"bench_users": users_n}, n),
            Scenario("base_first", "collection: baseline first apply", "baseline.yml", {}, base_vars),
            Scenario("role", "role account_baseline: converged", "role_baseline.yml", base_fixture, role_vars, 0),
        ]
        by_key = dict((s.key, s) for s in scenarios)
        if args.only:
            scenarios = [s for s in scenarios if s.key in args.only.split(",")]
        elif args.counts_only:
            scenarios = [s for s in scenarios if s.key in COUNT_SCENARIOS]
        for floor in ("floor", "floor_bare", "floor_ping"):
            if by_key[floor].tasks() != by_key["base"].tasks():
                raise SystemExit("bench: %s has %d tasks, baseline.yml %d; they must match" % (
                    by_key[floor].playbook, by_key[floor].tasks(), by_key["base"].tasks()))

        print("mailtrap.general benchmark - %s" % machine())
        print("emulator %s, Business plan (50 requests/s, 10000/h per token), rate limits ON" % emulator.url)
        print("warming up (not recorded) ...")
        by_key["floor1"].run(emulator, workdir, record=False)
        by_key["users"].run(emulator, workdir, record=False)
        for round_no in range(1, args.rounds + 1):
            for scenario in scenarios:
                run = scenario.run(emulator, workdir)
                print("  round %d  %-40s %7.2f s  %5d requests  %4d writes  %d x 429" % (
                    round_no, scenario.label, run["wall"], run["requests"], run["writes"], run["throttled"]))
    finally:
        emulator.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    if args.counts_only:
        return report_counts(by_key, n, args)
    if args.only:
        for scenario in scenarios:
            print("%-40s wall %s" % (scenario.label, ["%.2f" % r["wall"] for r in scenario.runs]))
        return 0
    refs = {"base": "floor", "base_first": "floor", "users": "floor1", "users_big": "users", "uri": "users",
            "first": "floor1", "floor_ping": "floor", "floor_bare": "floor", "role": "base"}
    print()
    header = "%-40s %5s %8s %6s %5s %14s  %s" % ("scenario (medians of %d runs)" % args.rounds, "tasks", "requests",
                                                 "writes", "429", "wall s (min-max)", "ratio (side by side)")
    print(header)
    print("-" * len(header))
    for scenario in scenarios:
        low, high = scenario.spread("wall")
        ratio = ""
        if scenario.key in refs:
            ref = by_key[refs[scenario.key]]
            value, _values = ratios(scenario, ref)
            ratio = "%.2fx %s" % (value, {
                "floor": "the no-op floor (%d tasks)" % ref.tasks(), "floor1": "the no-op floor (1 task)",
                "users": "the collection, %d users" % n, "base": "the baseline playbook"}[ref.key])
        print("%-40s %5d %8d %6d %5d %6.2f (%.2f-%.2f)  %s" % (
            scenario.label, scenario.tasks(), scenario.median("requests"), scenario.median("writes"),
            scenario.median("throttled"), scenario.median("wall"), low, high, ratio))

    base, floor, users_s, big_s, uri = (by_key[k] for k in ("base", "floor", "users", "users_big", "uri"))
    base_ratio = ratios(base, floor)[0]
    ping_ratio = ratios(base, by_key["floor_ping"])[0]
    bare_ratio = ratios(base, by_key["floor_bare"])[0]
    speedup = ratios(uri, users_s)[0]
    flat = ratios(big_s, users_s)[0]
    counts = count_targets(by_key, n)
    targets = counts[:3] + [
        ("converged baseline: wall <= 1.3x the floor", base_ratio <= 1.3,
         "%.2fx the no-op floor (%.2fx the 10-ping floor, which builds 1 payload instead of 8; "
         "%.2fx the no-op floor without the data)" % (base_ratio, ping_ratio, bare_ratio)),
        ("%d users converged: >= 20x faster than the uri loop" % n, speedup >= 20, "%.1fx" % speedup),
        ("converged cost flat: %d users <= 1.5x %d users" % (big, n), flat <= 1.5, "%.2fx" % flat),
    ] + counts[3:]
    print()
    print("targets (issue 5)")
    failed = 0
    for name, ok, detail in targets:
        failed += not ok
        print("  %s  %-56s %s" % ("PASS" if ok else "FAIL", name, detail))
    print("  429 answers in the whole benchmark: %d" % sum(r["throttled"] for s in scenarios for r in s.runs))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(dict(machine=machine(), runs=dict((s.key, s.runs) for s in scenarios)), handle, indent=1,
                      default=str)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
