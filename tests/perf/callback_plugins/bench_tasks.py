# -*- coding: utf-8 -*-
# Copyright: mailtrap.general contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark helper: records when each task starts, so requests can be attributed to tasks.

Enabled only by tests/perf/bench.py (ANSIBLE_CALLBACKS_ENABLED=bench_tasks); writes
``[[epoch_seconds, task_name], ...]`` to the file named by BENCH_TASKS_FILE at the end of
the run. In a loop, the end of each item opens the next item's span as
``[epoch_seconds, "<task> (loop item N)", N]``. It sends nothing and costs microseconds per task.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_tasks
type: aggregate
short_description: Record task start times for the mailtrap.general benchmark
description:
  - Writes task start times to the file named by the BENCH_TASKS_FILE environment variable.
requirements:
  - enabled in callbacks_enabled
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_tasks"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.starts = []
        self.task, self.items = None, 1

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.task = task.get_name()
        self.items = 1
        self.starts.append([time.time(), self.task])

    # A loop runs its module once per item: what the next item sends is its own invocation's
    # (the GET target is per module invocation), so an item's end opens the next item's span.
    def _item_done(self, result):
        self.items += 1
        self.starts.append([time.time(), "%s (loop item %d)" % (self.task, self.items), self.items])

    v2_runner_item_on_ok = v2_runner_item_on_failed = v2_runner_item_on_skipped = _item_done

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("BENCH_TASKS_FILE")
        if path:
            with open(path, "w") as handle:
                json.dump(self.starts, handle)
