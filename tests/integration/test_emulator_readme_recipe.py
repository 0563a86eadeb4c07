"""The CI recipe of tests/emulator/README.md, extracted from the README and run as written.

It is what users paste into their CI, so it must fail the step when the playbook fails, stop
the emulator whatever happens and never wait forever for it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import shutil
import subprocess

import pytest
import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EMULATOR_DIR = os.path.join(ROOT, "tests", "emulator")
BIN = os.path.dirname(os.path.abspath(shutil.which("ansible-playbook") or os.path.join(ROOT, ".venv", "bin", "x")))
HEADING = "### Recipe: test your own playbooks against it in CI"


def readme_block(path, heading, language):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert heading in text, "%s lost its heading %r" % (path, heading)
    found = re.search(r"```%s\n(.*?)```" % language, text[text.index(heading):], re.S)
    assert found, "no ```%s block after %r in %s" % (language, heading, path)
    return found.group(1)


# The collection's README "A first task" play: the recipe must start the dialect it needs.
FIRST_TASK = readme_block(os.path.join(ROOT, "README.md"), "A first task against a real account:", "yaml")

FAILING = """- hosts: localhost
  gather_facts: false
  tasks:
    - name: Where the emulator is, for the test to check that it is stopped afterwards
      ansible.builtin.debug:
        msg: "EMULATOR_AT {{ lookup('env', 'MAILTRAP_API_URL') }}"
    - name: A task that fails
      mailtrap.general.mailtrap_users:
        users:
          - email: not-an-address
            role: developer
"""


@pytest.fixture(scope="module")
def tool_venv(tmp_path_factory, offline_venv):
    """A venv for the recipe's ``pip install`` that builds with no network."""
    env_dir = tmp_path_factory.mktemp("recipe") / "venv"
    offline_venv(env_dir)
    return env_dir


def run_recipe(tmp_path, tool_venv, playbook, path=None):
    work = tmp_path / "project"
    shutil.copytree(EMULATOR_DIR, str(work / "tests" / "emulator"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    (work / "site.yml").write_text(playbook, encoding="utf-8")
    (work / "ci-emulator.sh").write_text(readme_block(os.path.join(EMULATOR_DIR, "README.md"), HEADING, "sh"),
                                         encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILTRAP_", "PYTHON", "PIP_"))}
    env.update(PATH=path or os.pathsep.join((str(tool_venv / "bin"), BIN, "/usr/bin", "/bin")),
               TMPDIR=str(tmp_path / "tmp"), ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, "collections"), ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               # offline: no index, and the venv's own setuptools instead of an isolated build env
               PIP_NO_INDEX="1", PIP_NO_BUILD_ISOLATION="0", PIP_DISABLE_PIP_VERSION_CHECK="1")
    done = subprocess.run(["bash", "ci-emulator.sh"], cwd=str(work), env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    leftovers = os.listdir(str(tmp_path / "tmp"))
    assert leftovers == [], "the recipe left its work dir behind: %s" % leftovers
    return done


def test_the_recipe_runs_the_readmes_first_task(tmp_path, tool_venv):
    done = run_recipe(tmp_path, tool_venv, FIRST_TASK)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"localhost\s*:.*changed=2.*failed=0", done.stdout), done.stdout[-3000:]
    assert '"method": "POST", "path": "/api/accounts/1001/users"' in done.stdout  # the journal, printed


def test_a_failing_playbook_fails_the_recipe_and_stops_the_emulator(tmp_path, tool_venv):
    done = run_recipe(tmp_path, tool_venv, FAILING)
    assert done.returncode == 2, done.stdout[-3000:] + done.stderr[-3000:]
    url = re.search(r"EMULATOR_AT (http://\S+?)\"", done.stdout).group(1)
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/api/accounts", timeout=5)


def test_an_emulator_that_cannot_start_ends_the_recipe_at_once(tmp_path, tool_venv):
    # pip "succeeds" but puts no mailtrap-emulator on PATH: the wait must notice, not spin.
    stub = tmp_path / "stub-bin"
    stub.mkdir()
    (stub / "pip").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    os.chmod(str(stub / "pip"), 0o755)
    done = run_recipe(tmp_path, tool_venv, FIRST_TASK, path=os.pathsep.join((str(stub), "/usr/bin", "/bin")))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "mailtrap-emulator exited before listening" in done.stderr
