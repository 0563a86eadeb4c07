# -*- coding: utf-8 -*-
"""mailtrap_ca_path reaches the modules from the roles, the lookup and the playbooks, as the
other connection variables do (hostile #14 F11: only MAILTRAP_CA_PATH could set the CA, so
users kept in variables were pushed to validate_certs: false).

The emulator is served over TLS with a self-signed certificate (as in tests/reliability/test_tls.py):
a run only succeeds when the certificate is trusted through mailtrap_ca_path."""

from __future__ import absolute_import, division, print_function

import os

import pytest
import requests
import yaml

from test_playbooks import REPO, run_playbook


PLAY = """
- name: mailtrap_ca_path through the lookup and both roles
  hosts: localhost
  gather_facts: false
  tasks:
    - name: The lookup
      ansible.builtin.assert:
        that: query('mailtrap.general.mailtrap', 'users') | map(attribute='email') | list | length > 0

    - name: account_baseline
      ansible.builtin.include_role:
        name: mailtrap.general.account_baseline
      vars:
        account_baseline_config:
          users:
            - email: ca-path@example.com
              role: viewer

    - name: token_rotation
      ansible.builtin.include_role:
        name: mailtrap.general.token_rotation
      vars:
        token_rotation_names: [none-such]
"""


def _control(emulator, method, path):
    answer = requests.request(method, emulator.url + path, headers={"Api-Token": "emulator-owner-token"},
                              verify=emulator.ca_file, timeout=10)
    answer.raise_for_status()
    return answer.json() if answer.content else None


@pytest.fixture
def tls(tls_emulator, monkeypatch):
    # The variable alone must carry the CA: the environment must not do it for it.
    monkeypatch.delenv("MAILTRAP_CA_PATH", raising=False)
    _control(tls_emulator, "POST", "/_emulator/reset")
    return tls_emulator


def test_mailtrap_ca_path_reaches_the_lookup_and_the_roles(tls, tmp_path):
    playbook = tmp_path / "play.yml"
    playbook.write_text(PLAY)
    args = ["-e", "token_rotation_secrets_dir=%s" % (tmp_path / "secrets")]

    untrusted = run_playbook(str(playbook), tls.url, args)
    assert untrusted.returncode != 0 and "certif" in (untrusted.stdout + untrusted.stderr).lower()

    result = run_playbook(str(playbook), tls.url, args + ["-e", "mailtrap_ca_path=%s" % tls.ca_file])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    journal = _control(tls, "GET", "/_emulator/requests")
    assert any(e["method"] == "POST" and e["path"].endswith("/users") for e in journal), journal
    assert any(e["path"].endswith("/api_tokens") for e in journal), journal


@pytest.mark.parametrize("name,extra", [
    ("usage_report.yml", {"usage_report_path": "report.md"}),
    ("export_baseline.yml", {"export_file": "export.yml"}),
    ("offboard_user.yml", {"offboard_email": "nobody@example.com"}),
])  # account_baseline.yml and rotate_tokens.yml only run the roles, which the test above covers
def test_every_playbook_passes_mailtrap_ca_path_to_its_modules(tls, tmp_path, name, extra):
    # A CA path that does not exist is refused by the module before any request: that message is
    # only seen when the variable reached the module.
    extra = dict((k, str(tmp_path / v) if isinstance(v, str) and not v.endswith("example.com") else v)
                 for k, v in extra.items())
    extra["mailtrap_ca_path"] = str(tmp_path / "missing-ca.pem")
    vars_file = tmp_path / "vars.yml"
    vars_file.write_text(yaml.safe_dump(extra))
    _control(tls, "DELETE", "/_emulator/requests")
    result = run_playbook(os.path.join(REPO, "playbooks", name), tls.url, ["-e", "@%s" % vars_file])
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-4000:]
    assert "missing-ca.pem" in output and "does not exist" in output, output[-4000:]
    assert _control(tls, "GET", "/_emulator/requests") == []
