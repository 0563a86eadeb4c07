# -*- coding: utf-8 -*-
"""Examples that cannot rot: every module's EXAMPLES block, run as documented, against the emulator.

For each module in plugins/modules/, the EXAMPLES string is read from the file (parsed, never
imported, so the test follows whatever the module code becomes), turned into a one-play
playbook and run with ansible-playbook twice against the emulator seeded with SEED (below):

* the first run must succeed (every task, in order, as a user would run the block);
* the second run must report no change, except for the tasks listed in CHANGES_EVERY_RUN,
  each with the reason it changes every time by design.

Modules of the live dialect only (LIVE_ONLY) run the same way against a second emulator that
speaks ``--dialect live``, seeded with LIVE_SEED.

Tasks that need something outside this test (a Vault server, a host directory or account) are
listed in OUTSIDE with the reason; they are left out of the run and reported as skipped tests.
SUBSTITUTE lists the only edits made to an example's text before it runs, each with its reason;
EXTRA_VARS the variables an example says it expects. ALTERNATIVES lists examples that are the
other choice to the rest of their block: each runs on its own.
The tables are checked too: an entry that names no example fails, so they cannot rot either.

test_docs_markup checks that no documentation string nests markup (B(... C(...) ...)): Ansible's
markup ends a macro at the first ")", so nesting renders broken in ansible-doc and on the site.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import glob
import os
import re
import subprocess
import sys

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODULES = sorted(glob.glob(os.path.join(REPO, "plugins", "modules", "*.py")))
FRAGMENTS = sorted(glob.glob(os.path.join(REPO, "plugins", "doc_fragments", "*.py")))
TOKEN = "emulator-owner-token"

# The account every example block starts from (POST /_emulator/seed, on top of the emulator's
# default: owner@example.com, the owner token, the templates Welcome 301, Password reset 302 and
# Invoice 303, shared with nobody: a fixture's templates would get new ids, and the examples name
# 303). It holds what the examples name without creating: the people they share with, remove or
# refer to by id, the projects they rename or delete, the tokens they rotate or revoke.
SEED = {
    "users": [
        {"email": "alice@example.com", "role": "developer", "name": "Alice"},
        {"email": "bob@example.com", "role": "developer"},
        {"email": "carol@example.com", "role": "developer"},
        {"email": "mallory@example.com", "role": "viewer"},            # removed, unshared
        {"email": "former.colleague@example.com", "role": "viewer"},   # removed by mailtrap_users
        {"email": "admin@example.com", "role": "admin"},               # audit log filter
        {"email": "dave@example.com", "role": "viewer", "id": 7},      # template_share's user "7"
        {"email": "erin@example.com", "role": "developer", "id": 42},  # project's user "42"
    ],
    "projects": [
        {"name": "Website", "team_members": [{"user_id": 3, "role": "contributor"}]},  # bob
        {"name": "Landing pages"},   # renamed to "Marketing site"
        {"name": "Old campaign"},    # deleted
    ],
    "tokens": [
        {"name": "reporting", "scopes": ["analytics:read"]},   # replaced when its scopes change
        {"name": "ci-sandbox", "scopes": ["sandbox:*"]},       # rotated
        {"name": "old-integration", "scopes": ["emails:send"]},  # revoked
    ],
    "audit_logs": [
        {"action": "user.invited", "user": "admin@example.com", "resource": "alice@example.com"},
    ],
}

# (module, example name) -> why it reports a change on every run.
CHANGES_EVERY_RUN = {
    ("mailtrap_token", "Rotate a token without expiry now (the old one keeps working for a grace period)"):
        "rotate: true issues a new secret each time it runs: that is what it is for",
    ("mailtrap_token", "Revoke one token by id (here the oldest of the name, such as the old token of a rotation)"):
        "revokes the old token that the rotate example before it (which changes every run) leaves in its grace period",
}

# (module, example name) -> why it is an alternative to the module's other examples. Run together
# they would undo each other on every run, so the test runs the other examples twice, then each
# alternative on its own twice: each must reach its state and stay there. The example's title
# must say it is an alternative (checked), since a user who copies the whole block gets both.
ALTERNATIVES = {
    ("mailtrap_sso", "Or, instead, disable SSO (the alternative to the task above; keep only one of the two)"):
        "enabling and disabling SSO are the two ends of one setting",
}

# (module, example name) -> what outside this test it needs. Left out of the run.
OUTSIDE = {
    ("mailtrap_token", "Store the new secret in a file only its owner can read"):
        "writes /etc/webapp/mailtrap-token for a 'webapp' user: a host directory and account",
    ("mailtrap_token", "Or store it in HashiCorp Vault"):
        "needs a HashiCorp Vault server and the community.hashi_vault collection",
    ("mailtrap_tokens", "Store each new secret (only tokens created or rotated in this run are in secrets)"):
        "writes token files under /etc/mailtrap on the host",
}

# The account the live-only modules' examples start from (the live emulator's default, with the
# owner, plus this): the people they give rights to or revoke, the project they name, and a
# sandbox (the emulator numbers sandboxes from 2001; see SUBSTITUTE).
LIVE_SEED = {
    "users": [
        {"email": "alice@example.com", "role": "admin", "name": "Alice"},
        {"email": "bob@example.com", "role": "viewer"},
        {"email": "carol@example.com", "role": "viewer"},  # her access is revoked
    ],
    "projects": [{"name": "Billing service", "sandboxes": [{"name": "Staging"}]}],
}
SEEDED_SANDBOX_ID = 2001

# module -> [(text in EXAMPLES, replacement, why)]. Only what an example cannot say otherwise.
SUBSTITUTE = {
    "mailtrap_account_access": [
        ("id: 4117907", "id: %d" % SEEDED_SANDBOX_ID,
         "the example names a sandbox by a realistic Mailtrap id; the emulator numbers the seeded "
         "sandbox %d (checked against its resource tree before the run)" % SEEDED_SANDBOX_ID),
    ],
}

# Variables an example expects from its surroundings (its comment says so) -> what this test gives them.
EXTRA_VARS = {
    "mailtrap_user": {"vault_mailtrap_api_token": TOKEN},  # the connection token, from a vault in real use
    # The address the account sees the playbook's requests come from: against the emulator, 127.0.0.1,
    # which it checks like Mailtrap checks yours (a wrong one locks the run out from the next request).
    "mailtrap_security": {"mailtrap_runner_address": "127.0.0.1"},
}

# Names of things the examples use without creating them, as SEED, LIVE_SEED and the emulator's
# default account hold them. A user's account has none of them, so each module's EXAMPLES must
# say, in the comment that opens the block, which of them its tasks assume (test_examples_state_assumed).
ASSUMED = sorted(set(
    [u["email"] for u in SEED["users"] + LIVE_SEED["users"]]
    + [p["name"] for p in SEED["projects"] + LIVE_SEED["projects"]]
    + [t["name"] for t in SEED["tokens"]]
    + ["Welcome", "Password reset", "303"]))


def module_name(path):
    return os.path.basename(path)[:-3]


def doc_strings(path):
    """DOCUMENTATION, EXAMPLES and RETURN of a plugin file, read without importing it."""
    with open(path) as handle:
        tree = ast.parse(handle.read(), path)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("DOCUMENTATION", "EXAMPLES", "RETURN") and isinstance(node.value, ast.Constant):
                found[node.targets[0].id] = node.value.value
    return found


def examples_text(name):
    text = doc_strings(os.path.join(REPO, "plugins", "modules", name + ".py"))["EXAMPLES"]
    for old, new, _why in SUBSTITUTE.get(name, []):
        assert old in text, "SUBSTITUTE entry for %s names text its EXAMPLES no longer have: %r" % (name, old)
        text = text.replace(old, new)
    return text


def examples(name):
    return yaml.safe_load(examples_text(name)) or []


def ansible_env(url):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(REPO, "collections"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_STDOUT_CALLBACK": "default",
        "ANSIBLE_DISPLAY_SKIPPED_HOSTS": "true",
        "ANSIBLE_HOME": os.path.join(REPO, "tests", "output", ".ansible"),
        "MAILTRAP_API_URL": url,
        "MAILTRAP_API_TOKEN": TOKEN,
        "MAILTRAP_ACCOUNT_ID": "1001",
    })
    return env


TASK_HEADER = re.compile(r"^TASK \[(.*)\] \**$")


def task_outcomes(output):
    """{task name: set of outcomes ('ok', 'changed', 'skipping', 'failed', 'fatal')} from the default callback."""
    outcomes, current = {}, None
    for line in output.splitlines():
        header = TASK_HEADER.match(line)
        if header:
            current = header.group(1)
            outcomes.setdefault(current, set())
            continue
        if line.startswith("PLAY RECAP"):
            current = None
        if current is None:
            continue
        match = re.match(r"^(ok|changed|skipping|failed|fatal):", line)
        if match:
            outcomes[current].add(match.group(1))
    return outcomes


def run_block(name, tasks, url, workdir, round_no):
    playbook = os.path.join(str(workdir), "%s-%d.yml" % (name, round_no))
    with open(playbook, "w") as handle:
        yaml.safe_dump([{"name": "EXAMPLES of %s" % name, "hosts": "localhost", "gather_facts": False,
                         "vars": EXTRA_VARS.get(name, {}), "tasks": tasks}], handle, sort_keys=False)
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
               playbook]
    done = subprocess.run(command, env=ansible_env(url), cwd=str(workdir), capture_output=True, text=True,
                          timeout=600, check=False)
    return done, task_outcomes(done.stdout)


def task_names(tasks):
    """Names of the tasks as the callback shows them (a block's inner tasks, not the block)."""
    names = []
    for task in tasks:
        if "block" in task:
            names.extend(task_names(task["block"]))
        else:
            names.append(task["name"])
    return names


def known_secrets(node):
    """Every token value in the emulator's state dump."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("token", "value", "secret") and isinstance(value, str) and len(value) >= 12:
                yield value
            yield from known_secrets(value)
    elif isinstance(node, list):
        for value in node:
            yield from known_secrets(value)


# Modules of the live dialect only: refused by the overview emulator, their examples run against
# the live one (live_emulator below).
LIVE_ONLY = ("mailtrap_account_access", "mailtrap_account_accesses", "mailtrap_resource_info")
MODULE_NAMES = [module_name(p) for p in MODULES if module_name(p) not in LIVE_ONLY]
ALL_NAMES = [module_name(p) for p in MODULES]


@pytest.fixture(scope="module")
def live_server():
    from mailtrap_emulator import Emulator

    server = Emulator(host="127.0.0.1", port=0, quiet=True, dialect="live", rate_limit=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_emulator(live_server, emulator):
    """The live emulator, seeded with LIVE_SEED, driven through the overview fixture's control class."""
    control = type(emulator)(live_server.url)
    control.reset()
    control.seed(LIVE_SEED)
    tree = control.api("GET", "permissions/resources").json()
    sandboxes = [s for account in tree for project in account.get("resources") or [] if project["type"] == "project"
                 for s in project.get("resources") or [] if s["type"] == "sandbox"]
    assert [s["id"] for s in sandboxes] == [SEEDED_SANDBOX_ID], "SUBSTITUTE assumes the seeded sandbox's id: %r" % sandboxes
    control.clear_journal()
    return control


@pytest.mark.parametrize("name", MODULE_NAMES)
def test_examples_run_twice(name, emulator, tmp_path):
    emulator.seed(SEED)
    run_twice(name, emulator, tmp_path)


@pytest.mark.parametrize("name", LIVE_ONLY)
def test_live_only_examples_run_twice(name, live_emulator, tmp_path):
    run_twice(name, live_emulator, tmp_path)


def run_twice(name, emulator, tmp_path):
    tasks = examples(name)
    assert tasks, "%s has no EXAMPLES" % name
    run_tasks = [t for t in tasks if (name, t.get("name")) not in OUTSIDE]
    alternatives = [t for t in run_tasks if (name, t.get("name")) in ALTERNATIVES]
    groups = [[t for t in run_tasks if t not in alternatives]] + [[t] for t in alternatives]
    for number, group in enumerate(group for group in groups if group):
        run_group(name, group, emulator, tmp_path, number)


def run_group(name, run_tasks, emulator, tmp_path, number):
    first, outcomes = run_block(name, run_tasks, emulator.url, tmp_path, 2 * number + 1)
    assert first.returncode == 0, "first run of %s's EXAMPLES failed:\n%s" % (name, (first.stdout + first.stderr)[-6000:])
    expected = task_names(run_tasks)
    ran = [n for n in expected if outcomes.get(n)]
    assert ran == expected, "not every example of %s ran: %s" % (name, sorted(set(expected) - set(ran)))

    emulator.clear_journal()
    second, outcomes = run_block(name, run_tasks, emulator.url, tmp_path, 2 * number + 2)
    assert second.returncode == 0, "second run of %s's EXAMPLES failed:\n%s" % (name, (second.stdout + second.stderr)[-6000:])
    changed = [n for n in expected if "changed" in outcomes.get(n, ()) and (name, n) not in CHANGES_EVERY_RUN]
    assert not changed, "a second run of %s's EXAMPLES changed %s (not listed in CHANGES_EVERY_RUN):\n%s" % (
        name, changed, second.stdout[-6000:])
    if not any(module == name for module, _task in CHANGES_EVERY_RUN):
        writes = ["%s %s" % (e["method"], e["path"]) for e in emulator.journal() if e["method"] != "GET"]
        assert not writes, "a second run of %s's EXAMPLES reported no change but wrote: %s" % (name, writes)
    # Secrets stay out of the output: every task that receives one is no_log, as the examples teach.
    secrets = set(known_secrets(emulator.state()))
    leaked = [s[:4] + "..." for s in secrets | {TOKEN} if s in first.stdout + second.stdout]
    assert not leaked, "token values in the output of %s's EXAMPLES: %s" % (name, leaked)


@pytest.mark.parametrize("key", sorted(OUTSIDE), ids=["%s: %s" % k for k in sorted(OUTSIDE)])
def test_example_needing_outside_system(key):
    name, task = key
    assert task in [t.get("name") for t in examples(name)], "OUTSIDE names no example of %s: %r" % key
    pytest.skip("%s - %s: %s" % (name, task, OUTSIDE[key]))


def test_tables_name_real_examples():
    for table in (CHANGES_EVERY_RUN, OUTSIDE, ALTERNATIVES):
        for name, task in table:
            assert name in ALL_NAMES, "no module %s" % name
            assert task in task_names(examples(name)), "no example %r in %s's EXAMPLES" % (task, name)
    for name in list(SUBSTITUTE) + list(EXTRA_VARS):
        assert name in ALL_NAMES, "no module %s" % name
    # Copied as a block, alternatives undo each other: the title is where a reader learns it.
    for name, task in ALTERNATIVES:
        assert "alternative" in task.lower(), "%s's example %r does not say it is an alternative" % (name, task)


def opening_comment(text):
    """The comment lines that open an EXAMPLES block, before its first task."""
    lines = []
    for line in text.strip("\n").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_examples_state_assumed(name):
    """What the examples use without creating is stated where a user copies them from."""
    text = doc_strings(os.path.join(REPO, "plugins", "modules", name + ".py"))["EXAMPLES"]
    tasks = "\n".join(line.split(" #")[0] for line in text.splitlines() if not line.lstrip().startswith("#"))
    header = opening_comment(text)
    named = [thing for thing in ASSUMED if re.search(r"(?<![\w@.-])%s(?![\w@-])" % re.escape(thing), tasks, re.I)]
    unstated = [thing for thing in named if not re.search(re.escape(thing), header, re.I)]
    assert not unstated, "%s's EXAMPLES use %s without creating them; its opening comment must say so" % (name, unstated)


MACRO = re.compile(r"(?<![A-Za-z_])(RV|HORIZONTALLINE|[BICMOVEPUL])\(")


def nested_markup(text):
    """Macros opened inside another macro's argument (which ends at the first ')')."""
    problems = []
    for match in MACRO.finditer(text):
        end = text.find(")", match.end())
        inner = text[match.end():end if end >= 0 else len(text)]
        if MACRO.search(inner):
            problems.append(text[match.start():end + 1])
    return problems


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


@pytest.mark.parametrize("path", MODULES + FRAGMENTS, ids=[os.path.relpath(p, REPO) for p in MODULES + FRAGMENTS])
def test_docs_markup(path):
    docs = doc_strings(path)
    if not docs:  # a doc fragment class keeps its strings as class attributes
        with open(path) as handle:
            tree = ast.parse(handle.read(), path)
        docs = dict((t.id, n.value.value) for n in ast.walk(tree) if isinstance(n, ast.Assign)
                    for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)
                    and isinstance(n.value.value, str))
    problems = []
    for key in ("DOCUMENTATION", "RETURN") + tuple(k for k in docs if k not in ("DOCUMENTATION", "RETURN", "EXAMPLES")):
        if key in docs:
            for text in strings(yaml.safe_load(docs[key])):
                problems.extend(nested_markup(text))
    assert not problems, "nested markup renders broken in ansible-doc: %s" % problems
