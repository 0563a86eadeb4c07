# -*- coding: utf-8 -*-
"""The baseline through ansible-runner (the engine AWX / Automation Platform jobs run on), with the
connection given only as environment variables rendered from the shipped credential type's
injectors, the way AWX injects a credential into a job.
"""

from __future__ import absolute_import, division, print_function

import datetime
import json
import os
import sys

import pytest
import yaml

from test_playbooks import REPO, known_secrets

ansible_runner = pytest.importorskip("ansible_runner")
jinja2_sandbox = pytest.importorskip("jinja2.sandbox")

CREDENTIAL_TYPE = os.path.join(REPO, "extensions", "awx", "credential_type_mailtrap.yml")
PLAYBOOK = os.path.join(REPO, "playbooks", "account_baseline.yml")
EXAMPLE = os.path.join(REPO, "playbooks", "vars", "example_baseline.yml")


def load_credential_type():
    with open(CREDENTIAL_TYPE) as handle:
        return yaml.safe_load(handle)


def render_env_injectors(credential_type, inputs):
    """Render injectors.env as AWX does: a sandboxed Jinja2 environment over the inputs."""
    env = jinja2_sandbox.ImmutableSandboxedEnvironment()
    return dict((name, env.from_string(template).render(**inputs))
                for name, template in credential_type["injectors"]["env"].items())


def test_credential_type_matches_the_modules():
    cred = load_credential_type()
    assert cred["kind"] == "cloud"
    fields = {f["id"]: f for f in cred["inputs"]["fields"]}
    assert fields["api_token"]["secret"] is True
    assert set(cred["inputs"]["required"]) >= {"api_token"}
    assert set(cred["injectors"]["env"]) == {"MAILTRAP_API_TOKEN", "MAILTRAP_ACCOUNT_ID", "MAILTRAP_API_URL",
                                             "MAILTRAP_API_DIALECT", "MAILTRAP_CA_PATH"}
    # Exactly the env names of the connection options' fallbacks.
    client = open(os.path.join(REPO, "plugins", "module_utils", "client.py")).read()
    for name in cred["injectors"]["env"]:
        assert '"%s"' % name in client, name
    # The API URL falls back to the real service when the input is left empty.
    rendered = render_env_injectors(cred, {"api_token": "t", "account_id": "1", "api_url": ""})
    assert rendered["MAILTRAP_API_URL"] == "https://mailtrap.io"
    # No CA bundle given: no CA path either (empty = unset for the modules).
    assert rendered["MAILTRAP_CA_PATH"] == "" and rendered["MAILTRAP_API_DIALECT"] == "auto"
    with_ca = render_env_injectors(cred, {"api_token": "t", "ca_bundle": "PEM", "tower": {"filename": "/tmp/ca"}})
    assert with_ca["MAILTRAP_CA_PATH"] == "/tmp/ca"


def run_job(private_data_dir, envvars, secrets_dir):
    bin_dir = os.path.dirname(sys.executable)
    private_data_dir.mkdir()
    envvars = dict(envvars)
    envvars.update({
        "ANSIBLE_COLLECTIONS_PATH": os.path.join(REPO, "collections"),
        "ANSIBLE_HOME": os.path.join(REPO, "tests", "output", ".ansible"),
        "ANSIBLE_NOCOLOR": "1",
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
    })
    return ansible_runner.run(
        private_data_dir=str(private_data_dir),
        project_dir=os.path.dirname(PLAYBOOK),
        playbook=os.path.basename(PLAYBOOK),
        inventory="localhost ansible_connection=local ansible_python_interpreter=%s" % sys.executable,
        envvars=envvars,
        cmdline="-e @%s" % EXAMPLE,
        extravars={"mailtrap_token_secrets_dir": str(secrets_dir)},
        quiet=True,
        timeout=900,
    )


def test_baseline_through_ansible_runner_with_injected_credential(emulator, tmp_path, monkeypatch):
    # Nothing of the connection may come from this process's own environment.
    for name in ("MAILTRAP_API_TOKEN", "MAILTRAP_ACCOUNT_ID", "MAILTRAP_API_URL"):
        monkeypatch.delenv(name, raising=False)
    envvars = render_env_injectors(load_credential_type(), {
        "api_token": emulator.token,
        "account_id": "1001",
        "api_url": emulator.url,
    })
    secrets_dir = tmp_path / "secrets"

    first = run_job(tmp_path / "job1", envvars, secrets_dir)
    out1 = first.stdout.read()
    assert first.status == "successful" and first.rc == 0, out1[-6000:]
    assert first.stats["changed"].get("localhost", 0) > 0

    emulator.clear_journal()
    second = run_job(tmp_path / "job2", envvars, secrets_dir)
    out2 = second.stdout.read()
    assert second.status == "successful" and second.rc == 0, out2[-6000:]
    assert second.stats["changed"].get("localhost", 0) == 0, out2[-4000:]
    assert second.stats["failures"] == {}
    assert emulator.writes() == []

    # Job events (what AWX stores and shows) hold no token value either.
    secrets = known_secrets(emulator.state()) | {emulator.token}
    events = "".join(repr(e) for run in (first, second) for e in run.events)
    leaked = [s[:4] + "..." for s in secrets if s in out1 + out2 + events]
    assert not leaked, "token values in the job output or events: %s" % leaked
    assert sorted(p.name for p in secrets_dir.iterdir()) == ["analytics-export", "ci-sending"]


# ---------------------------------------------------------------- docs/awx.md, as a project

AWX_DOC = os.path.join(REPO, "docs", "awx.md")
STUBS = os.path.join(REPO, "tests", "integration", "stub_collections")


def awx_project_files():
    import re

    text = open(AWX_DOC).read()
    return dict(re.findall(r"<!-- awx-file: (\S+) -->\s*```yaml\n(.*?)```", text, re.S))


def build_awx_project(root):
    files = awx_project_files()
    assert set(files) >= {"collections/requirements.yml", "inventory.yml", "baseline.yml", "rotate.yml",
                          "tasks/store_secret.yml"}, sorted(files)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    with open(EXAMPLE) as handle:
        account = yaml.safe_load(handle)
    # As docs/awx.md says: no token_secrets_dir inside the job's container, the hook keeps the secrets.
    del account["account_baseline_config"]["token_secrets_dir"]
    (root / "vars").mkdir()
    (root / "vars" / "account.yml").write_text(yaml.safe_dump(account))
    return root


def run_awx_project_job(project, private_data_dir, envvars, playbook, record):
    bin_dir = os.path.dirname(sys.executable)
    private_data_dir.mkdir()
    envvars = dict(envvars)
    envvars.update({
        # The stubs stand in for community.hashi_vault; mailtrap.general comes from the checkout
        # (AWX would install it from collections/requirements.yml).
        "ANSIBLE_COLLECTIONS_PATH": STUBS + os.pathsep + os.path.join(REPO, "collections"),
        "ANSIBLE_HOME": os.path.join(REPO, "tests", "output", ".ansible"),
        "ANSIBLE_NOCOLOR": "1",
        "MAILTRAP_STUB_RECORD": str(record),
        "VAULT_ADDR": "https://vault.example.com:8200",
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
    })
    return ansible_runner.run(
        private_data_dir=str(private_data_dir),
        project_dir=str(project),
        playbook=playbook,
        inventory=str(project / "inventory.yml"),
        envvars=envvars,
        quiet=True,
        timeout=900,
    )


def test_awx_walkthrough_project_through_ansible_runner(emulator, tmp_path, monkeypatch):
    for name in ("MAILTRAP_API_TOKEN", "MAILTRAP_ACCOUNT_ID", "MAILTRAP_API_URL"):
        monkeypatch.delenv(name, raising=False)
    envvars = render_env_injectors(load_credential_type(), {
        "api_token": emulator.token, "account_id": "1001", "api_url": emulator.url})
    project = build_awx_project(tmp_path / "project")
    record = tmp_path / "vault.jsonl"

    first = run_awx_project_job(project, tmp_path / "job1", envvars, "baseline.yml", record)
    out1 = first.stdout.read()
    assert first.status == "successful", out1[-6000:]
    values = dict((t["name"], t["token"]) for t in emulator.state()["tokens"])
    writes = [json.loads(line)["params"] for line in record.read_text().splitlines()]
    assert sorted((w["path"], w["data"]["token"]) for w in writes) == \
        sorted(("mailtrap/" + name, values[name]) for name in ("analytics-export", "ci-sending"))

    emulator.clear_journal()
    second = run_awx_project_job(project, tmp_path / "job2", envvars, "baseline.yml", record)
    out2 = second.stdout.read()
    assert second.status == "successful", out2[-6000:]
    assert second.stats["changed"].get("localhost", 0) == 0, out2[-4000:]
    assert emulator.writes() == []
    assert len(record.read_text().splitlines()) == 2

    # The rotation job: a token expiring in three days is rotated and its new secret stored.
    now = datetime.datetime.now(datetime.timezone.utc)
    emulator.seed({"tokens": [{"name": "webapp", "scopes": ["emails:send"],
                               "expires_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "created_at": (now - datetime.timedelta(days=87)).strftime("%Y-%m-%dT%H:%M:%SZ")}]})
    # HOME of the job's container (rotate.yml keeps its files under it).
    third = run_awx_project_job(project, tmp_path / "job3", dict(envvars, HOME=str(tmp_path)), "rotate.yml", record)
    out3 = third.stdout.read()
    assert third.status == "successful", out3[-6000:]
    newest = max((t for t in emulator.state()["tokens"] if t["name"] == "webapp"), key=lambda t: t["id"])
    last = json.loads(record.read_text().splitlines()[-1])["params"]
    assert (last["path"], last["data"]["token"]) == ("mailtrap/webapp", newest["token"])

    secrets = known_secrets(emulator.state()) | {emulator.token}
    events = "".join(repr(e) for run in (first, second, third) for e in run.events)
    leaked = [s[:4] + "..." for s in secrets if s in out1 + out2 + out3 + events]
    assert not leaked, "token values in the job output or events: %s" % leaked
