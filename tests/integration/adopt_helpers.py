# -*- coding: utf-8 -*-
"""Shared by the adoption tests (export, drift report, lookup): a rich-seeded emulator and runs."""

from __future__ import absolute_import, division, print_function

import os
import re

from test_playbooks import REPO, known_secrets, run_playbook

PLAYBOOKS = os.path.join(REPO, "playbooks")
RECAP = re.compile(r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def recap(output):
    found = [m for m in RECAP.finditer(output) if m.group(1) == "localhost"]
    assert found, "no PLAY RECAP in the output:\n" + output[-3000:]
    ok, changed, unreachable, failed = (int(x) for x in found[-1].groups()[1:])
    return dict(ok=ok, changed=changed, unreachable=unreachable, failed=failed)


def playbook(name, emulator, *args, **kwargs):
    result = run_playbook(os.path.join(PLAYBOOKS, name), emulator.url, list(args), **kwargs)
    return result, result.stdout + result.stderr


def export(emulator, path, *args):
    result, output = playbook("export_baseline.yml", emulator, "-e", "export_file=%s" % path, *args)
    assert result.returncode == 0, output[-6000:]
    return output


def assert_no_secret(emulator, *texts):
    secrets = known_secrets(emulator.state()) | {emulator.token}
    for text in texts:
        leaked = [s[:4] + "..." for s in secrets if s in text]
        assert not leaked, "token values appear: %s" % leaked


def rich_emulator(dialect="overview"):
    """A module-scoped fixture body: an emulator seeded with the built-in rich account."""
    from mailtrap_emulator import Emulator

    server = Emulator(host="127.0.0.1", port=0, quiet=True, seed="rich", dialect=dialect)
    server.start()
    return server, _shared_conftest().EmulatorControl(server.url)


def _shared_conftest():
    # tests/conftest.py holds EmulatorControl; "import conftest" here would find this
    # directory's conftest.py, so it is loaded by its path.
    import importlib.util

    spec = importlib.util.spec_from_file_location("mailtrap_shared_conftest", os.path.join(REPO, "tests", "conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
