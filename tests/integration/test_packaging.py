# -*- coding: utf-8 -*-
"""Packaging: the collection tarball, the execution-environment build context (ansible-builder
create, offline), the collection's EE dependency declaration, and the docs site."""

from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys
import tarfile

import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.dirname(sys.executable)


def tool(name):
    path = os.path.join(BIN, name)
    if not os.path.exists(path):
        pytest.skip("%s is not installed next to %s (pip install -r requirements-dev.txt)" % (name, sys.executable))
    return path


def run(command, **kwargs):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(REPO, "collections"),
               ANSIBLE_HOME=os.path.join(REPO, "tests", "output", ".ansible"),
               PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False, **kwargs)
    assert result.returncode == 0, "%s failed:\n%s%s" % (command, result.stdout[-3000:], result.stderr[-3000:])
    return result


def collection_version():
    with open(os.path.join(REPO, "galaxy.yml")) as handle:
        return yaml.safe_load(handle)["version"]


@pytest.fixture(scope="module")
def tarball():
    """ansible-galaxy collection build into build/ (where execution-environment.yml expects it)."""
    out = os.path.join(REPO, "build")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "mailtrap-general-%s.tar.gz" % collection_version())
    if os.path.exists(path):
        os.remove(path)
    run([tool("ansible-galaxy"), "collection", "build", "--output-path", out])
    assert os.path.exists(path)
    return path


def test_tarball_holds_the_collection_and_nothing_local(tarball):
    with tarfile.open(tarball) as tar:
        names = tar.getnames()
    for wanted in ("meta/execution-environment.yml", "requirements.txt", "bindep.txt", "meta/runtime.yml",
                   "extensions/awx/credential_type_mailtrap.yml", "roles/account_baseline/meta/argument_specs.yml",
                   "roles/token_rotation/tasks/main.yml", "playbooks/account_baseline.yml"):
        assert wanted in names, wanted
    for unwanted in (".venv", "collections", "build", "tests/output"):
        assert not any(n == unwanted or n.startswith(unwanted + "/") for n in names), unwanted


def test_ansible_builder_create(tarball, tmp_path):
    context = tmp_path / "ee-context"
    run([tool("ansible-builder"), "create", "-f", "execution-environment.yml", "-c", str(context),
         "--output-filename", "Containerfile"])
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile
    assert (context / "_build" / "collections" / os.path.basename(tarball)).exists()
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    names = [c["name"] for c in requirements["collections"]]
    assert names == ["/build/collections/%s" % os.path.basename(tarball)]


def test_collection_declares_its_ee_dependencies(tarball, tmp_path):
    """What ansible-builder's introspection finds in the installed collection."""
    installed = tmp_path / "collections"
    run([tool("ansible-galaxy"), "collection", "install", "--force", "-p", str(installed), tarball])
    result = run([tool("ansible-builder"), "introspect", "--sanitize", str(installed)])
    deps = yaml.safe_load(result.stdout.split("\n", 1)[1])
    assert not deps.get("python"), deps  # the modules need no third-party Python package
    assert any(line.startswith("ca-certificates") for line in deps["system"]), deps


def test_docs_site_builds():
    tool("antsibull-docs")
    tool("sphinx-build")
    result = subprocess.run(
        [os.path.join(REPO, "scripts", "docs.sh")], cwd=REPO, capture_output=True, text=True, timeout=900, check=False,
        env=dict(os.environ, VENV=os.path.dirname(BIN)))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = os.path.join(REPO, "build", "docs", "build", "html")
    for page in ("index.html", "account_baseline_role.html", "token_rotation_role.html",
                 "mailtrap_users_module.html"):
        assert os.path.exists(os.path.join(html, page)), page
    assert os.path.exists(os.path.join(html, "docsite", "guide_awx.html"))
