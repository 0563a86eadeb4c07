# -*- coding: utf-8 -*-
"""Shared by the test_*_live.py files: an emulator in the live dialect, with the built-in `rich`
account (people, projects, sandboxes, domains and tokens to manage), and how to run a playbook
against it as a user would (api_dialect from MAILTRAP_API_DIALECT, like the AWX credential)."""

from __future__ import absolute_import, division, print_function

import collections
import os
import re

import pytest

from test_playbooks import REPO, known_secrets, run_playbook

RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
PREFIX = "/api/accounts/1001/"


@pytest.fixture(scope="module")
def live_server():
    from mailtrap_emulator import Emulator

    server = Emulator(host="127.0.0.1", port=0, quiet=True, dialect="live", seed="rich", rate_limit=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live(live_server, emulator):
    """The live emulator back at its seed, with an empty journal (driven through the same control
    class as tests/conftest.py's overview `emulator`, which is not importable by name here)."""
    control = type(emulator)(live_server.url)
    control.reset()
    return control


def run_live(playbook, emulator, args=(), dialect="live", **kwargs):
    env = {"MAILTRAP_API_DIALECT": dialect} if dialect else {}
    result = run_playbook(os.path.join(REPO, "playbooks", playbook), emulator.url, list(args), extra_env=env, **kwargs)
    return result, result.stdout + result.stderr


def recap(output):
    found = [m for m in RECAP.finditer(output) if m.group(1) == "localhost"]
    assert found, "no PLAY RECAP in the output:\n" + output[-3000:]
    ok, changed, unreachable, failed = (int(x) for x in found[-1].groups()[1:])
    return dict(ok=ok, changed=changed, unreachable=unreachable, failed=failed)


def gets_per_collection(emulator):
    """GET requests of the journal counted per path (account prefix cut off)."""
    return collections.Counter(e["path"].replace(PREFIX, "") for e in emulator.journal() if e["method"] == "GET")


def assert_no_secret(emulator, output):
    secrets = known_secrets(emulator.state()) | {emulator.token}
    leaked = [s[:4] + "..." for s in secrets if s in output]
    assert not leaked, "token values appear in the output: %s" % leaked
