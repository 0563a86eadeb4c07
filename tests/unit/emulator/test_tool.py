"""The emulator as an installable tool: ``pip install ./tests/emulator`` gives ``mailtrap-emulator``."""

import os
import re
import shutil
import subprocess

import requests
import yaml

import mailtrap_emulator

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
EMULATOR_DIR = os.path.join(ROOT, "tests", "emulator")


def test_version_is_the_collections():
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as handle:
        galaxy = yaml.safe_load(handle)
    assert mailtrap_emulator.__version__ == galaxy["version"], \
        "bump mailtrap_emulator.__version__ (tests/emulator/mailtrap_emulator/__init__.py) with galaxy.yml"


def test_pip_install_gives_a_command_that_prints_its_url(tmp_path, offline_venv):
    # A copy, so that the build's egg-info never lands in the checkout.
    source = tmp_path / "emulator"
    shutil.copytree(EMULATOR_DIR, str(source), ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
    env_dir = tmp_path / "venv"
    python = offline_venv(env_dir)
    install = subprocess.run([python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
                              "--disable-pip-version-check", "-q", str(source)],
                             capture_output=True, text=True, timeout=300, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    command = str(env_dir / "bin" / "mailtrap-emulator")
    version = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=60, check=False)
    assert version.stdout.strip() == "mailtrap-emulator %s" % mailtrap_emulator.__version__, version.stderr
    # Run from elsewhere, so that the checkout's copy cannot be what gets imported.
    process = subprocess.Popen([command, "--port", "0", "--dialect", "live", "--seed", "rich"], cwd=str(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
    try:
        line = process.stdout.readline()
        found = re.fullmatch(r"mailtrap-emulator listening on (http://127\.0\.0\.1:(\d+))\n", line)
        assert found and int(found.group(2)) > 0, line + process.stderr.read() if process.poll() is not None else line
        answer = requests.get(found.group(1) + "/api/accounts/1001/projects",
                              headers={"Api-Token": "emulator-owner-token"}, timeout=10)
        assert answer.status_code == 200 and len(answer.json()) >= 10
        assert answer.headers["X-Mailtrap-Api-Dialect"] == "live"
        where = subprocess.run([python, "-c", "import mailtrap_emulator; print(mailtrap_emulator.__file__)"],
                               capture_output=True, text=True, timeout=60, cwd=str(tmp_path), check=False).stdout
        assert where.startswith(str(env_dir)), where
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0, "SIGTERM should end the command cleanly"
