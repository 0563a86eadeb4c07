# -*- coding: utf-8 -*-
"""check_timezone: correct answers, and the cheap path for a valid name (it runs on every hourly run)."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys
import zoneinfo

import pytest

from ansible_collections.mailtrap.general.plugins.module_utils.kind import InputError
from ansible_collections.mailtrap.general.plugins.module_utils.kinds import account, notifications, security, settings, sso


@pytest.mark.parametrize("kind_module", [settings, security, sso, notifications, account])
def test_settings_kinds_do_not_import_zoneinfo_at_import_time(kind_module):
    # Only mailtrap_account takes a time zone; zoneinfo would cost every other settings task ~10 ms,
    # and account imports it only when a time zone is given.
    import ast
    import inspect

    def imported_at_import_time(nodes):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                continue  # runs only when called
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    yield node.module if isinstance(node, ast.ImportFrom) and node.module else alias.name
            for field in ("body", "orelse", "finalbody", "handlers"):
                yield from imported_at_import_time(getattr(node, field, None) or [])

    names = list(imported_at_import_time(ast.parse(inspect.getsource(kind_module)).body))
    assert "__future__" in names  # the walk sees module-level imports
    assert not [name for name in names if "zoneinfo" in name]


def test_a_valid_zone_does_not_list_the_whole_database(monkeypatch):
    def listing_is_slow():
        raise AssertionError("available_timezones() scans the tz database (~50 ms); a valid name must not need it")

    monkeypatch.setattr(zoneinfo, "available_timezones", listing_is_slow)
    assert account.check_timezone(" Europe/Berlin ") == "Europe/Berlin"
    assert account.check_timezone("UTC") == "UTC"


@pytest.mark.parametrize("value, message", [
    ("america/new_york", "Did you mean America/New_York?"),
    ("Mars/Olympus_Mons", "is not an IANA time zone name"),
    ("../../etc/passwd", "is not an IANA time zone name"),
    ("", "must not be empty"),
])
def test_bad_zones_are_refused_with_a_hint(value, message):
    if message.startswith("Did you mean") and sys.platform == "darwin":
        pytest.skip("case-insensitive file system: the zone file opens under any spelling")
    with pytest.raises(InputError, match=message):
        account.check_timezone(value)
