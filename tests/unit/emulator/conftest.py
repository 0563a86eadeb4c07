"""Make tests/emulator importable without PYTHONPATH and provide a fresh emulator per test."""

import os
import sys

import pytest

EMULATOR_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "emulator"))
if EMULATOR_DIR not in sys.path:
    sys.path.insert(0, EMULATOR_DIR)

from mailtrap_emulator import Emulator  # noqa: E402

OWNER_TOKEN = "emulator-owner-token"


@pytest.fixture(scope="module")
def shared_emulator():
    emulator = Emulator(port=0).start()
    yield emulator
    emulator.stop()


@pytest.fixture
def emu(shared_emulator):
    """The module's emulator, reset to its pristine state before each test."""
    shared_emulator.reset()
    return shared_emulator
