# -*- coding: utf-8 -*-
"""Fixtures of the adoption tests (export, drift report, lookup): the built-in rich account."""

from __future__ import absolute_import, division, print_function

import pytest

from adopt_helpers import rich_emulator


@pytest.fixture(scope="module")
def rich_server():
    server, control = rich_emulator()
    yield control
    server.stop()


@pytest.fixture
def rich(rich_server):
    """The rich account, reset to its seed, with an empty journal."""
    rich_server.reset()
    return rich_server
