# -*- coding: utf-8 -*-
"""A fake module and client for driving Kinds without HTTP: answers by path, writes recorded."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError, Refusal
from ansible_collections.mailtrap.general.plugins.module_utils.runner import Run, entries_of, run_info, run_kind

ACCOUNT = 1001
TOKEN_LAST4 = "w0rk"


class FakeClient:
    @staticmethod
    def assume(dialect):
        return False  # the fake's dialect is fixed: it never guesses

    def __init__(self, dialect, answers, check_mode=False):
        self.dialect = dialect
        self.answers = answers
        self.check_mode = check_mode
        self.account_id = ACCOUNT
        self.token_last4 = TOKEN_LAST4
        self.calls = []

    def path(self, relative=""):
        return "/api/accounts/%s/%s" % (ACCOUNT, relative)

    def get(self, relative, params=None):
        self.calls.append(("GET", relative, None))
        answer = self.answers[relative]
        if isinstance(answer, Exception):
            raise answer
        return copy.deepcopy(answer)

    def _write(self, method, relative, body):
        self.calls.append((method, relative, copy.deepcopy(body)))
        return None if self.check_mode else self.answers.get((method, relative))

    def post(self, relative, body=None, recover=None, idempotent=False):
        return self._write("POST", relative, body)

    def put(self, relative, body=None):
        return self._write("PUT", relative, body)

    def patch(self, relative, body=None):
        return self._write("PATCH", relative, body)

    def delete(self, relative, body=None):
        return self._write("DELETE", relative, body)

    @property
    def writes(self):
        return [c for c in self.calls if c[0] != "GET"]


class FakeModule:
    _diff = True

    def __init__(self, name, params, client):
        self._name = "mailtrap.general." + name
        self.params = params
        self.client = client
        self.warnings = []
        self.check_mode = client.check_mode

    def warn(self, message):
        self.warnings.append(message)


def plan(kind_class, name, dialect, answers, params, option=None, check_mode=False):
    """(run, client) after validation, the dialect check and planning; raises InputError/Refusal."""
    client = FakeClient(dialect, answers, check_mode)
    kind = kind_class(FakeModule(name, params, client))
    run = Run(kind, entries_of(kind, option), single=option is None)
    kind.refuse_unsupported(run.entries)
    run.plan(purge=bool(params.get("purge")), allow_empty=bool(params.get("allow_empty")))
    return run, client


def outcome(kind_class, name, dialect, answers, params, option=None):
    """What a plan comes to, as comparable data: actions by label, purged, spared; or the refusal."""
    try:
        run, client = plan(kind_class, name, dialect, answers, params, option)
    except (InputError, Refusal) as exc:
        return {"refused": type(exc).__name__, "msg": str(exc)}, None
    kind = run.kind
    return {
        "steps": [(s.action, kind.label(s.before or s.after)) for s in run.steps],
        "purged": sorted(kind.label(s.before) for s in run.purges),
        "spared": sorted(kind.label(o) for o in run.spared),
    }, client


class Exited(Exception):
    def __init__(self, result):
        super(Exited, self).__init__(result.get("msg"))
        self.result = result


def finished(module, body):
    """What ``body()`` ends the module with: exit_json/fail_json keyword arguments, plus ``failed``."""
    def leave(failed):
        def exit_with(**result):
            raise Exited(dict(result, failed=failed))
        return exit_with

    module.exit_json, module.fail_json = leave(False), leave(True)
    try:
        body()
    except Exited as done:
        return done.result
    raise AssertionError("the module did not exit")


def info(kind, name, dialect, answer_map, params=None, select=None):
    """The result of an info module of ``kind`` over ``answer_map``."""
    module = FakeModule(name, params or {}, FakeClient(dialect, answer_map))
    return finished(module, lambda: run_info(module, kind, select))


def single(kind, name, dialect, answer_map, params, option=None):
    """The result of a (single or bulk) module of ``kind`` over ``answer_map``."""
    module = FakeModule(name, params, FakeClient(dialect, answer_map))
    return finished(module, lambda: run_kind(module, kind, option))
