# -*- coding: utf-8 -*-
"""Secrets: no token value (the connection token, a token created, rotated or revoked during
the run, a wrong or revoked token) appears in any output, diff, error or warning, nor in any
result other than the documented creation result (``token`` / ``secrets``)."""

from __future__ import absolute_import, division, print_function

import datetime
import json
import os
import re
import threading
import time

import pytest
import yaml

from catalog import CHANGES, READS, ROLES, STATE_CHANGING
from helpers import OUTPUT, playbook

# Results that are documented to carry a new secret, and nothing else may.
SECRET_KEYS = {"mailtrap_token": ("token",), "mailtrap_tokens": ("secrets",)}
ISSUES_SECRETS = ("mailtrap_token", "mailtrap_tokens")


class SecretCollector:
    """Polls the emulator's state during a run so that tokens created and deleted within the
    run (rotations, orphans, purges) are known too, not only those left at the end."""

    def __init__(self, emulator, known_secrets):
        self.emulator = emulator
        self.known_secrets = known_secrets
        self.values = set([emulator.token])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self):
        while not self._stop.is_set():
            self.grab()
            self._stop.wait(0.1)

    def grab(self):
        try:
            self.values |= self.known_secrets(self.emulator.state())
        except Exception:  # a poll racing a reset; the next one will do
            pass

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        self.grab()


def leaks(text, secrets):
    return sorted(s[:4] + "..." for s in secrets if s and s in text)


def without(result, keys):
    return dict((k, v) for k, v in result.items() if k not in keys)


@pytest.mark.parametrize("module", STATE_CHANGING)
def test_results_hold_no_secret_but_the_documented_one(module, run_module, emulator, known_secrets):
    """In-process, every would-change case for real and in check mode, with diff."""
    seen = set([emulator.token])
    for _case_id, setup, args in CHANGES[module]:
        emulator.reset()
        setup(emulator)
        seen |= known_secrets(emulator.state())
        for check_mode in (True, False):
            result = run_module(module, args, check_mode=check_mode, diff=True)
            seen |= known_secrets(emulator.state())
            public = json.dumps(without(result, SECRET_KEYS.get(module, ())))
            assert not leaks(public, seen), "%s %r (check_mode=%s) returns a secret outside %s: %s" % (
                module, args, check_mode, SECRET_KEYS.get(module), leaks(public, seen))


def _task(module, args, **extra):
    # The name shows no argument value: Ansible templates names, and some values are secrets.
    task = {"name": "%s (%s)" % (module, ", ".join(sorted(args))),
            "mailtrap.general.%s" % module: args, "ignore_errors": True}
    task.update(extra)
    return task


def _fault_task(spec):
    return {"name": "Arm a fault", "no_log": True, "ansible.builtin.uri": {
        "url": "{{ lookup('ansible.builtin.env', 'MAILTRAP_API_URL') }}/_emulator/faults",
        "method": "POST", "body_format": "json", "body": spec,
        "status_code": [200, 201],
        "headers": {"Api-Token": "{{ lookup('ansible.builtin.env', 'MAILTRAP_API_TOKEN') }}"}}}


def build_playbook(secrets_dir):
    soon = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    tasks = [_task("mailtrap_users", {"users": [{"email": "alice@example.com", "role": "developer"},
                                                {"email": "bob@example.com", "role": "viewer"}]})]
    tasks += failures(soon)
    for module in STATE_CHANGING:
        for index, (_case_id, _setup, args) in enumerate(CHANGES[module]):
            if index == 0:
                # Check mode + diff for the first case (the in-process test covers every case).
                tasks.append(_task(module, args, check_mode=True))
            if module in ISSUES_SECRETS:
                # As documented: the task that may receive a secret is no_log; the same call again
                # (now unchanged, no secret) and its diff are shown in full.
                tasks.append(_task(module, args, no_log=True))
                if args.get("rotate") or args.get("recreate") == "always":
                    continue  # issues a new secret on every run, by design: never shown
            tasks.append(_task(module, args))
    for module, args in sorted(READS.items()):
        tasks.append(_task(module, args))
    plays = [{"name": "Every module, with changes, check mode and failures", "hosts": "localhost",
              "gather_facts": False, "tasks": tasks}]
    role_vars = {
        "account_baseline": {"vars_files": [playbook("../../../playbooks/vars/example_baseline.yml")],
                             "vars": {"mailtrap_token_secrets_dir": secrets_dir + "/baseline"}},
        "token_rotation": {"vars": {"token_rotation_secrets_dir": secrets_dir + "/rotation",
                                    "token_rotation_expiring_within_days": 14}},
    }
    for role in ROLES:
        play = {"name": "Role %s" % role, "hosts": "localhost", "gather_facts": False,
                "roles": ["mailtrap.general.%s" % role]}
        play.update(role_vars.get(role, {}))
        plays.append(play)
    return plays


def failures(soon):
    return [
        # Failing calls: 403 (token without the scope), 401 (revoked token), 422 (API refusal),
        # guards (token in use, last owner, allow-list narrowing), a wrong account id.
        # (Passed through the environment, as a vault or credential would: a literal in the playbook
        # would be shown by Ansible's own error excerpt of the task source.)
        _task("mailtrap_user", {"email": "zoe@example.com", "api_token": "{{ lookup('env', 'LIMITED_TOKEN') }}"}),
        _task("mailtrap_project", {"name": "Denied", "api_token": "{{ lookup('env', 'LIMITED_TOKEN') }}"}),
        _task("mailtrap_token_info", {"api_token": "{{ lookup('env', 'REVOKED_TOKEN') }}"}),
        _task("mailtrap_user", {"email": "zoe@example.com", "account_id": 999999}),
        _fault_task({"kind": "status", "status": 422, "method": "POST", "path": "/api_tokens$"}),
        _task("mailtrap_token", {"name": "refused", "scopes": ["emails:send"]}),
        _task("mailtrap_token", {"name": "Emulator owner token", "state": "absent"}),
        _task("mailtrap_user", {"email": "owner@example.com", "role": "viewer"}),
        _task("mailtrap_security", {"ip_whitelist": ["10.0.0.0/8"]}),
        # A token the token_rotation role will find expiring (and rotate).
        _task("mailtrap_token", {"name": "expiring-soon", "scopes": ["emails:send"], "expires_at": soon},
              no_log=True),
    ]


def test_no_secret_in_any_output(emulator, run_playbook, known_secrets, playbook_dir, measure):
    limited = emulator.api("POST", "api_tokens", json={"name": "limited", "scopes": ["emails:send"]}).json()
    revoked = emulator.api("POST", "api_tokens", json={"name": "revoked", "scopes": ["account:read"]}).json()
    assert emulator.api("DELETE", "api_tokens/%s" % revoked["id"]).status_code == 204
    book = playbook_dir / "secrets.yml"
    book.write_text(yaml.safe_dump(build_playbook(str(playbook_dir / "secrets")), sort_keys=False, width=200))
    started = time.monotonic()
    with SecretCollector(emulator, known_secrets) as collector:
        result = run_playbook(str(book), emulator.url, ["-vvvv", "--diff"], timeout=480,
                              extra_env={"LIMITED_TOKEN": limited["token"], "REVOKED_TOKEN": revoked["token"],
                                         "ANSIBLE_PIPELINING": "1"})
    seconds = time.monotonic() - started
    output = result.stdout + result.stderr
    with open(os.path.join(OUTPUT, "reliability-secrets-run.log"), "w") as handle:
        handle.write(output)  # for reading after a failure (tests/output is not committed)
    secrets = collector.values | {limited["token"], revoked["token"]}
    assert result.returncode == 0, output[-5000:]
    found = leaks(output, secrets)
    # Every failing call really failed the way it was meant to (so the check saw their messages).
    for fragment in ("answered 403", "answered 401", "answered 422", "Refusing to revoke", "last owner",
                     "Refusing to change ip_whitelist"):
        # The runner's refusals start lower-case ("tokens[0]: refusing to revoke ...").
        assert fragment.lower() in output.lower(), "expected a failure with %r in the run" % fragment
    counts = re.search(r"^localhost\s*:\s*(.*)$", output, re.M).group(1)
    measure.record("Secrets", "every module (%d) and role (%s) with -vvvv --diff: changes, check mode, "
                   "403, 401, 422, guards; token values created, rotated, revoked during the run"
                   % (len(STATE_CHANGING) + len(READS), ", ".join(ROLES)),
                   "%d token values known, %d found in %d KB of output" % (len(secrets), len(found), len(output) // 1024),
                   secrets_known=len(secrets), leaked=len(found), output_kb=len(output) // 1024,
                   seconds=round(seconds, 1), recap=counts.strip())
    assert not found, "token values in the output: %s" % found
