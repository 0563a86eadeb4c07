# -*- coding: utf-8 -*-
"""The mailtrap lookup plugin in a real ansible-playbook run against the rich account:
the documented uses, GETs only, no token value in the whole -vvv output; and its docs render."""

from __future__ import absolute_import, division, print_function

import os
import subprocess

from adopt_helpers import assert_no_secret
from test_playbooks import HERE, ansible_env, run_playbook

PLAYBOOK = os.path.join(HERE, "adopt", "lookup.yml")


def test_lookup_in_a_playbook(rich):
    result = run_playbook(PLAYBOOK, rich.url, ["-vvv"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert [e for e in rich.journal() if e["method"] != "GET"] == []
    assert_no_secret(rich, output)


def test_docs_render(rich):
    import sys

    doc = os.path.join(os.path.dirname(sys.executable), "ansible-doc")
    for kind, name, header in (("lookup", "mailtrap.general.mailtrap", "> LOOKUP"),
                               ("filter", "mailtrap.general.drift_report", "> FILTER"),
                               ("filter", "mailtrap.general.to_baseline_yaml", "> FILTER"),
                               ("module", "mailtrap.general.mailtrap_account_export", "> MODULE")):
        shown = subprocess.run([doc, "-t", kind, name], env=ansible_env(rich.url), capture_output=True, text=True, check=False)
        assert header in shown.stdout and name in shown.stdout, shown.stdout[-2000:] + shown.stderr[-2000:]
