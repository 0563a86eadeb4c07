# -*- coding: utf-8 -*-
"""Shared test fixtures: the collection on the import path, and the emulator.

Unit tests run modules in-process against an in-process emulator, so the exact request
sequence a module sends can be read from the emulator's journal.
"""

from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(REPO, "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "mailtrap", "general")


def _ensure_collection_link():
    # ansible_collections.mailtrap.general must resolve to this checkout, wherever it is cloned.
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        os.symlink(REPO, LINK)
    for path in (COLLECTIONS, os.path.join(REPO, "tests", "emulator")):
        if path not in sys.path:
            sys.path.insert(0, path)


_ensure_collection_link()


def _ensure_collection_finder():
    # Plugins (the mailtrap lookup) resolve by FQCN only through Ansible's collection finder.
    # pytest-ansible installs it in the main venv; scripts/matrix.sh runs tests/unit without
    # pytest-ansible (it does not support every ansible-core), so install it here, before a test
    # imports ansible_collections.mailtrap.general from sys.path (the finder would then refuse
    # the collection: "collection metadata was not loaded").
    import importlib.util

    if importlib.util.find_spec("pytest_ansible") is not None:
        return
    from ansible.plugins.loader import init_plugin_loader
    from ansible.utils.collection_loader import AnsibleCollectionConfig

    if AnsibleCollectionConfig.collection_finder is None:
        init_plugin_loader([COLLECTIONS])


_ensure_collection_finder()

OWNER_TOKEN = "emulator-owner-token"
ACCOUNT_ID = 1001


def _serving(**options):
    from mailtrap_emulator import Emulator

    emulator = Emulator(host="127.0.0.1", port=0, quiet=True, **options)
    emulator.start()
    yield emulator
    emulator.stop()


def _fresh(server):
    control = EmulatorControl(server.url)
    control.reset()
    return control


@pytest.fixture(scope="session")
def emulator_server():
    yield from _serving()


@pytest.fixture
def emulator(emulator_server):
    """A freshly reset emulator with an empty journal."""
    return _fresh(emulator_server)


@pytest.fixture(scope="session")
def live_emulator_server():
    """One emulator of the live dialect per test process, without rate limiting (tests that pace
    against the limits start their own)."""
    yield from _serving(dialect="live", rate_limit=False)


@pytest.fixture
def live_emulator(live_emulator_server):
    """The live-dialect emulator, freshly reset (empty account, empty journal)."""
    return _fresh(live_emulator_server)


@pytest.fixture(scope="module")
def tls_emulator(tmp_path_factory):
    """The emulator over HTTPS with a self-signed certificate made for the test (openssl CLI);
    ``tls_emulator.ca_file`` is that certificate, its own CA."""
    import shutil
    import subprocess

    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("the openssl program is needed to make the test certificate (apt-get install openssl)")
    where = tmp_path_factory.mktemp("tls")
    cert, key = str(where / "cert.pem"), str(where / "key.pem")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    for emulator in _serving(tls_cert=cert, tls_key=key):
        emulator.ca_file = cert
        yield emulator


@pytest.fixture(scope="session")
def offline_venv():
    """make(env_dir) -> the Python of a new venv at env_dir whose pip builds with no network: the
    build tools (setuptools, wheel: requirements-dev.txt) come from the test's own environment
    through a .pth file. For the emulator's ``pip install`` tests."""
    import subprocess
    import venv

    import setuptools

    def make(env_dir):
        venv.EnvBuilder(with_pip=True).create(str(env_dir))
        python = os.path.join(str(env_dir), "bin", "python")
        site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, timeout=60, check=True).stdout.strip()
        with open(os.path.join(site, "build-tools.pth"), "w", encoding="utf-8") as handle:
            handle.write(os.path.dirname(os.path.dirname(setuptools.__file__)) + "\n")
        return python

    return make


class EmulatorControl:
    """Thin helper over the emulator's /_emulator control surface."""

    def __init__(self, url, token=OWNER_TOKEN):
        import requests

        self.url = url
        self.token = token
        self.session = requests.Session()
        self.session.headers["Api-Token"] = token

    def _call(self, method, path, **kwargs):
        response = self.session.request(method, self.url + path, timeout=10, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, **body):
        self._call("POST", "/_emulator/reset", json=body or None)

    def journal(self, clear=False):
        entries = self._call("GET", "/_emulator/requests")
        if clear:
            self.clear_journal()
        return entries

    def clear_journal(self):
        self._call("DELETE", "/_emulator/requests")

    def writes(self):
        return [e for e in self.journal() if e["method"] != "GET"]

    def sequence(self):
        """The journal as 'METHOD path' strings, account prefix shortened to A/."""
        prefix = "/api/accounts/%s/" % ACCOUNT_ID
        return ["%s %s" % (e["method"], e["path"].replace(prefix, "A/")) for e in self.journal()]

    def drain(self):
        """The account's own requests since the last drain, as 'METHOD A/path' (not the account
        list a dialect probe reads); the journal is emptied."""
        prefix = "/api/accounts/%s/" % ACCOUNT_ID
        return ["%s %s" % (e["method"], e["path"].replace(prefix, "A/")) for e in self.journal(clear=True)
                if e["path"].startswith(prefix)]

    def fault(self, **spec):
        return self._call("POST", "/_emulator/faults", json=spec)

    def clear_faults(self):
        self._call("DELETE", "/_emulator/faults")

    def state(self):
        return self._call("GET", "/_emulator/state")

    def seed(self, fixture):
        return self._call("POST", "/_emulator/seed", json=fixture)

    def api(self, method, relative, token=None, **kwargs):
        """Call the API directly (not through the collection), for setting up a test."""
        import requests

        headers = {"Api-Token": token or self.token}
        return requests.request(method, "%s/api/accounts/%s/%s" % (self.url, ACCOUNT_ID, relative.lstrip("/")),
                                headers=headers, timeout=10, **kwargs)
