# -*- coding: utf-8 -*-
"""The live bulk-permissions endpoint answers any body a fuzzer sends with a 4xx, never a 500."""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from mailtrap_emulator import Emulator

OWNER = {"Api-Token": "emulator-owner-token"}


@pytest.fixture(scope="module")
def alice_access():
    server = Emulator(host="127.0.0.1", port=0, quiet=True, dialect="live", rate_limit=False)
    server.start()
    requests.post(server.url + "/_emulator/seed", headers=OWNER, timeout=10,
                  json={"users": [{"email": "alice@example.com", "role": "admin"}]}).raise_for_status()
    accesses = requests.get(server.url + "/api/accounts/1001/account_accesses", headers=OWNER, timeout=10).json()
    alice = [a for a in accesses if a["specifier_type"] == "User" and a["specifier"].get("email") == "alice@example.com"][0]
    yield server.url + "/api/accounts/1001/account_accesses/%s/permissions/bulk" % alice["id"]
    server.stop()


@pytest.mark.parametrize("body", [
    [{"resource_type": "project", "resource_id": 1, "access_level": [1]}],
    [{"resource_type": "project", "resource_id": 1, "access_level": {"a": 1}}],
    {"permissions": [{"resource_type": ["x"], "resource_id": {}, "access_level": []}]},
    [1, "x", None], {"permissions": {"a": 1}}, "text", 5,
])
def test_unhashable_or_odd_bodies_are_refused_not_crashed_on(alice_access, body):
    """The live fuzz found a 500: an access_level given as a list or object reached a dict lookup."""
    answer = requests.put(alice_access, headers=OWNER, json=body, timeout=10)
    assert answer.status_code == 422, (answer.status_code, answer.text)
