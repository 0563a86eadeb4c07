# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: marks in the emulator's journal where each task starts, so that a test can
count the requests of each task (the journal itself does not say which module process sent what).

At every task start (and at the end of the run) it reads the journal through the emulator's
control surface (which is not journaled itself) and appends one JSON line
``{"task": name, "after_seq": the journal's last seq}`` to the file named by ``JOURNAL_MARKS``.
Tasks run one after another on one host here, so the requests with a seq after a task's mark and
up to the next mark are that task's.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: journal_marks
type: aggregate
short_description: Test only - marks where each task starts in the emulator's request journal
description:
  - Appends a JSON line per task start to the file named by the E(JOURNAL_MARKS) environment variable.
requirements:
  - enabled in ANSIBLE_CALLBACKS_ENABLED
"""

import json
import os

from ansible.module_utils.urls import open_url
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "journal_marks"
    CALLBACK_NEEDS_ENABLED = True

    def mark(self, name):
        path = os.environ.get("JOURNAL_MARKS")
        url = os.environ.get("MAILTRAP_API_URL")
        if not path or not url:
            return
        answer = open_url(url.rstrip("/") + "/_emulator/requests", method="GET", timeout=10,
                          headers={"Api-Token": os.environ.get("MAILTRAP_API_TOKEN", "")})
        entries = json.loads(answer.read())
        last = max([e["seq"] for e in entries] or [0])
        with open(path, "a") as handle:
            handle.write(json.dumps({"task": name, "after_seq": last}) + "\n")

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.mark(task.get_name())

    def v2_playbook_on_handler_task_start(self, task):
        self.mark(task.get_name())

    def v2_playbook_on_stats(self, stats):
        self.mark(None)
