# -*- coding: utf-8 -*-
"""Fixtures of the reliability and security suite.

Reuses, without copying, the in-process module runner of tests/unit/plugins/conftest.py and
the ansible-playbook helpers of tests/integration/test_playbooks.py (loaded by file path:
neither directory is a package). Every test records its figures through ``measure``; at the
end of the session they are written to tests/output/reliability.json, from which
``python tests/reliability/report.py`` prints the table of docs/reliability.md.
"""

from __future__ import absolute_import, division, print_function

import importlib.util
import json
import os
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUTPUT = os.path.join(REPO, "tests", "output")
MEASUREMENTS = os.path.join(OUTPUT, "reliability.json")


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_unit = _load("_reliability_unit_conftest", os.path.join(REPO, "tests", "unit", "plugins", "conftest.py"))
_playbooks = _load("_reliability_playbooks", os.path.join(REPO, "tests", "integration", "test_playbooks.py"))

# The fixture itself (pytest finds it by name in this conftest).
run_module = _unit.run_module


@pytest.fixture
def known_secrets():
    """tests/integration's known_secrets(state): every token value in a state dump."""
    return _playbooks.known_secrets


@pytest.fixture
def run_playbook():
    """tests/integration's run_playbook(playbook, emulator_url, args=(), extra_env=None, timeout=600)."""
    return _playbooks.run_playbook


class Measurements:
    """Figures of one run: one row per check (section, what was tried, result, figures)."""

    def __init__(self):
        self.rows = []
        self.started = time.time()

    def record(self, section, tried, result, **figures):
        # Keyed by the test that measured it, so that a partial run (-k) replaces only its rows.
        key = os.environ.get("PYTEST_CURRENT_TEST", tried).rsplit(" (", 1)[0]
        self.rows.append({"key": key, "section": section, "tried": tried, "result": result, "figures": figures})

    def dump(self):
        if not self.rows:
            return
        os.makedirs(OUTPUT, exist_ok=True)
        previous = []
        # Keep rows of checks not run this time (e.g. a -k selection), replace those that ran.
        if os.path.exists(MEASUREMENTS):
            try:
                with open(MEASUREMENTS) as handle:
                    previous = json.load(handle).get("rows", [])
            except ValueError:
                previous = []
        ran = set(r["key"] for r in self.rows)
        rows = [r for r in previous if r.get("key") not in ran] + self.rows
        with open(MEASUREMENTS, "w") as handle:
            json.dump({"generated": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
                       "suite_seconds": round(time.time() - self.started, 1),
                       "rows": rows}, handle, indent=2, sort_keys=True)


@pytest.fixture(scope="session")
def measure():
    measurements = Measurements()
    yield measurements
    measurements.dump()


@pytest.fixture
def playbook_dir(tmp_path):
    """A temporary directory for generated playbooks and their files."""
    return tmp_path
