# -*- coding: utf-8 -*-
"""Run every playbook in targets/ with real ansible-playbook against a fresh emulator.

Each playbook asserts its own behaviour (idempotence, check mode, diff, journal). On top of
that, every run is made with ``-vvvv --diff`` and its whole output is searched for every
token secret the emulator knows (the connection token and every token created during the
run): none may appear.
"""

from __future__ import absolute_import, division, print_function

import glob
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TARGETS = sorted(glob.glob(os.path.join(HERE, "targets", "*.yml")))


def ansible_env(emulator_url, token="emulator-owner-token", extra=None):
    env = dict(os.environ)
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(REPO, "collections"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_HOME": os.path.join(REPO, "tests", "output", ".ansible"),
        "MAILTRAP_API_URL": emulator_url,
        "MAILTRAP_API_TOKEN": token,
        "MAILTRAP_ACCOUNT_ID": "1001",
    })
    env.update(extra or {})
    return env


def run_playbook(playbook, emulator_url, args=(), extra_env=None, timeout=600):
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
               "-c", "local", playbook] + list(args)
    return subprocess.run(command, env=ansible_env(emulator_url, extra=extra_env), cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, check=False)


def known_secrets(state):
    """Every token value in the emulator's state dump, wherever the dump keeps them."""
    found = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("token", "value", "secret") and isinstance(value, str) and len(value) >= 12:
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(state)
    return found


@pytest.mark.parametrize("playbook", TARGETS, ids=[os.path.basename(t)[:-4] for t in TARGETS])
def test_playbook(playbook, emulator):
    result = run_playbook(playbook, emulator.url, ["-vvvv", "--diff"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, "ansible-playbook failed:\n" + output[-6000:]
    secrets = known_secrets(emulator.state()) | {emulator.token}
    leaked = [s[:4] + "..." for s in secrets if s in output]
    assert not leaked, "token values appear in the output of %s: %s" % (os.path.basename(playbook), leaked)
