# -*- coding: utf-8 -*-
"""Run a module's main() in-process and capture its result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import json

import pytest
from ansible.module_utils import basic

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 (scripts/matrix.sh runs these tests on 2.16-2.18 too)
    import contextlib

    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args):
        previous = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = previous


class ModuleExit(Exception):
    def __init__(self, result, failed):
        super(ModuleExit, self).__init__(result.get("msg", ""))
        self.result = result
        self.failed = failed


def _exit_json(self, **kwargs):
    kwargs.setdefault("changed", False)
    raise ModuleExit(kwargs, failed=False)


def _fail_json(self, msg, **kwargs):
    kwargs["msg"] = msg
    kwargs["failed"] = True
    raise ModuleExit(kwargs, failed=True)


@pytest.fixture
def run_module(emulator, monkeypatch):
    """run_module('mailtrap_user', {...}, check_mode=False, diff=False) -> result dict.

    Connection options default to the emulator's; a failed module returns its result with
    ``failed: True`` instead of raising, so tests can assert on the message.
    """
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", _fail_json)

    def run(name, args, check_mode=False, diff=False, connection=True):
        module = importlib.import_module("ansible_collections.mailtrap.general.plugins.modules.%s" % name)
        params = dict(args)
        if connection:
            params.setdefault("api_url", emulator.url)
            params.setdefault("api_token", emulator.token)
            params.setdefault("account_id", 1001)
            params.setdefault("max_retry_time", 10)
        params["_ansible_check_mode"] = check_mode
        params["_ansible_diff"] = diff
        with patch_module_args(params):
            try:
                module.main()
            except ModuleExit as done:
                # What a real run would print must be JSON-serialisable.
                json.dumps(done.result)
                return done.result
        raise AssertionError("module %s did not exit" % name)

    return run


@pytest.fixture
def module_args():
    """``with module_args({...}):`` builds an AnsibleModule from these arguments (any ansible-core)."""
    return patch_module_args
