# -*- coding: utf-8 -*-
"""The live API names a token's author by display name (ApiToken.created_by, "Name of the user or
token that created this token"), as the live emulator now does. The guard that never removes the
user the run's token belongs to, and offboarding's list of the person's tokens, must hold with
names (hostile report, finding 9: the run removed its own user and locked itself out)."""

from __future__ import absolute_import, division, print_function

import pytest

from live_support import recap, run_live
from test_playbooks import run_playbook

BOB_TOKEN = "bob-token-value-00000000000000001"
SEED = {
    "users": [{"email": "bob@example.com", "role": "admin", "name": "Bob Builder"},
              {"email": "robert@example.com", "role": "viewer", "name": "bob  BUILDER"},
              {"email": "carol@example.com", "role": "admin", "name": "Carol Clark"}],
    "tokens": [{"name": "bob-token", "token": BOB_TOKEN, "user": "bob@example.com",
                "resources": [{"resource_type": "account", "access_level": "admin"}]},
               {"name": "carol-token", "token": "carol-token-value-0000000000000002", "user": "carol@example.com",
                "resources": [{"resource_type": "account", "access_level": "admin"}]}],
}
REMOVE = """
- hosts: localhost
  gather_facts: false
  tasks:
    - {module}:
        email: "{email}"
        state: absent
"""


@pytest.fixture(scope="module")
def authors_server():
    from mailtrap_emulator import Emulator

    server = Emulator(host="127.0.0.1", port=0, quiet=True, dialect="live", seed=SEED, rate_limit=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def authors(authors_server, emulator):
    control = type(emulator)(authors_server.url)
    control.reset()
    return control


def emails(control):
    return {a["specifier"]["email"] for a in control.api("GET", "account_accesses").json()}


def remove(control, tmp_path, module, email, token=BOB_TOKEN):
    playbook = tmp_path / "remove.yml"
    playbook.write_text(REMOVE.format(module=module, email=email))
    result = run_playbook(str(playbook), control.url, [], extra_env={"MAILTRAP_API_DIALECT": "live", "MAILTRAP_API_TOKEN": token})
    return result, result.stdout + result.stderr


def test_the_emulator_names_token_authors(authors):
    tokens = {t["name"]: t["created_by"] for t in authors.api("GET", "api_tokens").json()}
    assert tokens["bob-token"] == "Bob Builder" and tokens["carol-token"] == "Carol Clark"


@pytest.mark.parametrize("module", ["mailtrap.general.mailtrap_user", "mailtrap.general.mailtrap_account_access"])
def test_the_run_does_not_remove_its_own_user(authors, tmp_path, module):
    result, output = remove(authors, tmp_path, module, "bob@example.com")
    assert result.returncode != 0 and "API token of this run" in output, output[-3000:]
    assert authors.writes() == [] and "bob@example.com" in emails(authors)
    assert authors.api("GET", "api_tokens", token=BOB_TOKEN).status_code == 200


def test_a_namesake_of_the_token_author_is_not_removed_either(authors, tmp_path):
    result, output = remove(authors, tmp_path, "mailtrap.general.mailtrap_user", "robert@example.com")
    assert result.returncode != 0 and "2 people bear that name" in output, output[-3000:]
    assert authors.writes() == []


def test_someone_else_is_removed(authors, tmp_path):
    result, output = remove(authors, tmp_path, "mailtrap.general.mailtrap_user", "carol@example.com")
    assert result.returncode == 0 and recap(output)["changed"] == 1, output[-3000:]
    assert "carol@example.com" not in emails(authors)


def test_offboarding_lists_the_tokens_by_name_and_warns_about_namesakes(authors):
    result, output = run_live("offboard_user.yml", authors, ["-e", "offboard_email=Bob@Example.com", "--check"])
    assert result.returncode == 0, output[-6000:]
    assert '"tokens_they_created": [\n            "bob-token"\n        ]' in output, output[-3000:]
    assert "also the name of robert@example.com" in output
    assert authors.writes() == []


def test_offboarding_someone_with_a_unique_name(authors):
    result, output = run_live("offboard_user.yml", authors, ["-e", "offboard_email=carol@example.com", "--check"])
    assert result.returncode == 0, output[-6000:]
    assert '"tokens_they_created": [\n            "carol-token"\n        ]' in output, output[-3000:]
    assert "also the name of" not in output
