# -*- coding: utf-8 -*-
"""The secret hook of both roles, with the recipes of docs/secrets.md exactly as documented.

The AWX and Vault recipes run against stub modules of the same FQCNs
(tests/integration/stub_collections) that record their arguments to a file; the test checks that
each new secret reached the store, once, under its token's name, and that no secret appears in
the -vvvv output.
"""

from __future__ import absolute_import, division, print_function

import datetime
import json
import os
import re

import pytest
import yaml

from test_playbooks import REPO, run_playbook
from test_baseline import assert_no_secret

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = os.path.join(HERE, "stub_collections")
DOC = os.path.join(REPO, "docs", "secrets.md")
BASELINE = os.path.join(REPO, "playbooks", "account_baseline.yml")
ROTATE = os.path.join(REPO, "playbooks", "rotate_tokens.yml")


def recipes():
    text = open(DOC).read()
    found = dict(re.findall(r"<!-- recipe: (\w+) -->\s*```yaml\n(.*?)```", text, re.S))
    assert set(found) == {"file", "awx", "vault"}, sorted(found)
    return found


def run(emulator, tmp_path, playbook, recipe, variables):
    hook = tmp_path / "store_secret.yml"
    hook.write_text(recipes()[recipe])
    record = tmp_path / "record.jsonl"
    vars_file = tmp_path / "vars.yml"
    variables = dict(variables, app_secrets_dir=str(tmp_path / "app"), vault_url="https://vault.example.com:8200",
                     account_baseline_secret_tasks=str(hook), token_rotation_secret_tasks=str(hook))
    vars_file.write_text(yaml.safe_dump(variables))
    (tmp_path / "app").mkdir(exist_ok=True)
    env = {"ANSIBLE_COLLECTIONS_PATH": STUBS + os.pathsep + os.path.join(REPO, "collections"),
           "MAILTRAP_STUB_RECORD": str(record)}
    result = run_playbook(playbook, emulator.url, ["-vvvv", "-e", "@%s" % vars_file], extra_env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert_no_secret(emulator, output)
    lines = record.read_text().splitlines() if record.exists() else []
    return [json.loads(line) for line in lines]


def secrets_of(emulator):
    return dict((t["name"], t["token"]) for t in sorted(emulator.state()["tokens"], key=lambda t: t["id"]))


TOKENS = [{"name": "ci/sending", "scopes": ["emails:send"]}, {"name": "reports", "scopes": ["view_analytics"]}]


def test_file_recipe(emulator, tmp_path):
    run(emulator, tmp_path, BASELINE, "file", {"account_baseline_config": {"tokens": TOKENS, "token_secrets_dir": str(tmp_path / "kept")}})
    values = secrets_of(emulator)
    assert (tmp_path / "app" / "mailtrap-ci_sending.token").read_text() == values["ci/sending"]
    assert (tmp_path / "app" / "mailtrap-reports.token").read_text() == values["reports"]
    assert oct((tmp_path / "app" / "mailtrap-reports.token").stat().st_mode & 0o777) == "0o600"
    # The role's own files are written as well.
    assert (tmp_path / "kept" / "ci_sending").read_text() == values["ci/sending"]


def test_awx_credential_recipe(emulator, tmp_path):
    calls = run(emulator, tmp_path, BASELINE, "awx", {"account_baseline_config": {"tokens": TOKENS, "token_secrets_dir": str(tmp_path / "kept")}})
    values = secrets_of(emulator)
    assert [c["module"] for c in calls] == ["awx.awx.credential"] * 2
    by_name = dict((c["params"]["name"], c["params"]) for c in calls)
    assert sorted(by_name) == ["Mailtrap ci/sending", "Mailtrap reports"]
    assert by_name["Mailtrap reports"]["inputs"] == {"api_token": values["reports"], "account_id": "1001"}
    assert by_name["Mailtrap reports"]["credential_type"] == "Mailtrap API"
    assert by_name["Mailtrap reports"]["update_secrets"] is True


def test_vault_recipe_without_a_secrets_dir(emulator, tmp_path):
    """As in AWX: no token_secrets_dir, the hook is the only destination."""
    calls = run(emulator, tmp_path, BASELINE, "vault", {"account_baseline_config": {"tokens": TOKENS}})
    values = secrets_of(emulator)
    assert sorted((c["params"]["path"], c["params"]["data"]["token"]) for c in calls) == \
        sorted(("mailtrap/" + name, values[name]) for name in ("ci/sending", "reports"))
    assert all(c["params"]["engine_mount_point"] == "secret" for c in calls)
    # A second run creates nothing and so delivers nothing.
    assert run(emulator, tmp_path, BASELINE, "vault", {"account_baseline_config": {"tokens": TOKENS}}) == calls


def test_rotation_hands_the_new_secret_to_vault(emulator, tmp_path):
    now = datetime.datetime.now(datetime.timezone.utc)
    emulator.seed({"tokens": [{"name": "webapp", "scopes": ["emails:send"],
                               "expires_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                               "created_at": (now - datetime.timedelta(days=87)).strftime("%Y-%m-%dT%H:%M:%SZ")}]})
    before = secrets_of(emulator)["webapp"]
    variables = {"token_rotation_secrets_dir": str(tmp_path / "kept"), "token_rotation_expiring_within_days": 14}
    calls = run(emulator, tmp_path, ROTATE, "vault", variables)
    after = secrets_of(emulator)["webapp"]
    assert after != before
    assert [(c["params"]["path"], c["params"]["data"]["token"]) for c in calls] == [("mailtrap/webapp", after)]
    assert (tmp_path / "kept" / "webapp").read_text() == after


@pytest.mark.parametrize("recipe", ["file", "awx", "vault"])
def test_recipes_are_valid_task_files(recipe):
    tasks = yaml.safe_load(recipes()[recipe])
    assert isinstance(tasks, list) and all("name" in t for t in tasks)
    assert "mailtrap_secret_value" in recipes()[recipe]
