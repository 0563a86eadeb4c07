# -*- coding: utf-8 -*-
"""playbooks/usage_report.yml without usage_report_path, and with an empty MAILTRAP_ACCOUNT_ID
(issue 11, item 18): the report goes to the directory the run starts in, never into the
collection, and its header does not read "for account .".
"""

from __future__ import absolute_import, division, print_function

import glob
import os
import subprocess
import sys

from test_playbooks import REPO, ansible_env

PLAYBOOK = os.path.join(REPO, "playbooks", "usage_report.yml")


def run_in(directory, emulator_url, extra_env=None, args=()):
    command = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,", "-c", "local",
               PLAYBOOK] + list(args)
    # PWD as the shell sets it for the directory it starts ansible-playbook in.
    env = ansible_env(emulator_url, extra=dict(extra_env or {}, PWD=str(directory)))
    return subprocess.run(command, env=env, cwd=str(directory),
                          capture_output=True, text=True, timeout=300, check=False)


def test_default_path_is_the_working_directory_and_header_names_no_empty_account(emulator, tmp_path):
    inside = set(glob.glob(os.path.join(REPO, "**", "mailtrap-usage-report.md"), recursive=True))
    mode = os.stat(str(tmp_path)).st_mode
    result = run_in(tmp_path, emulator.url, {"MAILTRAP_ACCOUNT_ID": ""})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    report = (tmp_path / "mailtrap-usage-report.md").read_text()
    assert "for account ." not in report
    assert "for the API token's account." in report
    assert os.stat(str(tmp_path)).st_mode == mode  # the working directory is left as it was
    assert set(glob.glob(os.path.join(REPO, "**", "mailtrap-usage-report.md"), recursive=True)) == inside


def test_relative_path_is_taken_from_the_working_directory(emulator, tmp_path):
    result = run_in(tmp_path, emulator.url, args=["-e", "usage_report_path=reports/usage.md"])
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "for account 1001." in (tmp_path / "reports" / "usage.md").read_text()
