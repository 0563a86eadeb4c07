# -*- coding: utf-8 -*-
"""Every info/manage pair round-trips: what the info side returns, fed back to the managing module
unchanged, changes nothing (changed=false, not one write in the emulator's journal).

One table (PAIRS): the read, how its result is fed back, and the dialects the pair works in. On
the emulator's rich account in each dialect, every row's read and feed run in one playbook
(ansible-playbook costs seconds per start); each row's result is checked on its own.

Read-only keys (ids, timestamps, derived values) are accepted and ignored by the managing modules
(``Kind.read_only``); the pairs below feed whole objects, so a key the spec rejected or a value
that compared differently would show here.
"""

from __future__ import absolute_import, division, print_function

import json
import os

import pytest
import yaml

from adopt_helpers import assert_no_secret, rich_emulator
from test_playbooks import run_playbook

BOTH = ("overview", "live")
OVERVIEW = ("overview",)
# A person of the rich seed with a display name, extra permissions (overview) and project rights (live).
PERSON = "ada.17@example.com"

# id, read (module, args), feed (module, args as a template of the read's result `r`), dialects.
PAIRS = [
    ("users", ("mailtrap_user_info", {}), ("mailtrap_users", {"users": "{{ r.users }}"}), BOTH),
    ("user", ("mailtrap_user_info", {"email": PERSON}), ("mailtrap_user", "{{ r.users[0] }}"), BOTH),
    ("owner", ("mailtrap_user_info", {"role": "owner"}), ("mailtrap_user", "{{ r.users[0] }}"), BOTH),
    ("tokens", ("mailtrap_token_info", {}), ("mailtrap_tokens", {"tokens": "{{ r.api_tokens }}"}), BOTH),
    ("token", ("mailtrap_token_info", {"name": "rich token 02"}), ("mailtrap_token", "{{ r.api_tokens[0] }}"), BOTH),
    ("projects", ("mailtrap_project_info", {}), ("mailtrap_projects", {"projects": "{{ r.projects }}"}), BOTH),
    ("project", ("mailtrap_project_info", {"name": "Alpha"}), ("mailtrap_project", "{{ r.projects[0] }}"), BOTH),
    # Settings modules read what they manage when given no option, and return it.
    ("account", ("mailtrap_account", {}), ("mailtrap_account", "{{ r.account }}"), OVERVIEW),
    ("security", ("mailtrap_security", {}), ("mailtrap_security", "{{ r.security }}"), OVERVIEW),
    ("notifications", ("mailtrap_notifications", {}), ("mailtrap_notifications", "{{ r.notifications }}"), OVERVIEW),
    # mailtrap_sso has no call without options (state=present needs provider and metadata_url):
    # its result, from the configuration the rich seed holds, is fed back.
    ("sso", ("mailtrap_sso", {"provider": "okta", "metadata_url": "https://example.okta.com/app/metadata",
                              "default_role": "viewer"}),
     ("mailtrap_sso", "{{ r.sso }}"), OVERVIEW),
]
# Template shares: one mailtrap_template_share task sets ONE permission for a list of users, while
# mailtrap_template_info lists each share with its own; a template shared read and write is two
# tasks, so the feed loops over the permissions (documented in docs/adoption.md). Overview only:
# the live API has no sharing endpoints.
SHARES_TASKS = [
    {"name": "read template_shares", "mailtrap.general.mailtrap_template_info": None, "register": "read_template_shares"},
    {"name": "feed template_shares",
     "mailtrap.general.mailtrap_template_share": {
         "template": "{{ item.0.name }}",
         "permission": "{{ item.1 }}",
         "users": "{{ item.0.shared_with | selectattr('permission', 'equalto', item.1) | map(attribute='email') | list }}"},
     # One task per permission a template is shared with.
     "loop": "{{ read_template_shares.templates | product(['read', 'write']) | list }}",
     "when": "item.0.shared_with | selectattr('permission', 'equalto', item.1) | list | length > 0",
     "register": "fed_template_shares", "ignore_errors": True},
]


def playbook_for(dialect, target):
    tasks, rows = [], []
    for row_id, (reader, read_args), (manager, feed), dialects in PAIRS:
        if dialect not in dialects:
            continue
        rows.append(row_id)
        tasks.append({"name": "read %s" % row_id, "mailtrap.general.%s" % reader: read_args or None,
                      "register": "read_%s" % row_id})
        feed_task = {"name": "feed %s" % row_id, "vars": {"r": "{{ read_%s }}" % row_id},
                     "register": "fed_%s" % row_id, "ignore_errors": True}
        if isinstance(feed, str):
            # One object fed whole as the module's arguments, as a user would with `args:`.
            feed_task["mailtrap.general.%s" % manager] = None
            feed_task["args"] = feed
        else:
            feed_task["mailtrap.general.%s" % manager] = feed
        tasks.append(feed_task)
    if dialect == "overview":
        rows.append("template_shares")
        tasks.extend(SHARES_TASKS)
    results = "{ %s }" % ", ".join("'%s': fed_%s" % (r, r) for r in rows)
    tasks.append({"name": "results", "ansible.builtin.copy": {"dest": str(target), "content": "{{ %s | to_json }}" % results}})
    return [{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]


def outcome(fed):
    """(changed, failed, message) of one feed; a looped feed counts every item it ran."""
    items = [i for i in fed.get("results", [fed]) if not i.get("skipped")]
    return (any(i.get("changed") for i in items), [i.get("msg") for i in items if i.get("failed")], len(items))


@pytest.fixture(scope="module", params=BOTH)
def account(request):
    server, control = rich_emulator(request.param)
    control.dialect = request.param
    yield control
    server.stop()


def test_every_info_result_fed_back_changes_nothing(account, tmp_path):
    account.reset()
    dialect = account.dialect
    book, target = tmp_path / "roundtrip.yml", tmp_path / "results.json"
    book.write_text(yaml.safe_dump(playbook_for(dialect, target), sort_keys=False))
    account.clear_journal()
    env = {"MAILTRAP_API_DIALECT": dialect}
    result = run_playbook(str(book), account.url, ["-v"], extra_env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and os.path.exists(str(target)), output[-6000:]
    fed = json.loads(target.read_text())
    expected = [p[0] for p in PAIRS if dialect in p[3]] + (["template_shares"] if dialect == "overview" else [])
    assert sorted(fed) == sorted(expected)
    report = dict((row, outcome(value)) for row, value in fed.items())
    broken = dict((row, r) for row, r in report.items() if r[0] or r[1] or not r[2])
    assert not broken, "fed back, these changed, failed or ran nothing (changed, errors, items): %s" % broken
    writes = [(e["method"], e["path"]) for e in account.journal() if e["method"] != "GET"]
    assert writes == [], writes
    assert "Traceback" not in output
    assert_no_secret(account, output)


def test_a_changed_read_only_key_is_still_ignored(account, tmp_path):
    """Read-only keys are ignored, not compared: another id or status in the input writes nothing,
    while a real change next to them is made (the mechanism drops only the declared keys)."""
    account.reset()
    dialect = account.dialect
    target = tmp_path / "out.json"
    book = tmp_path / "ro.yml"
    tasks = [
        {"mailtrap.general.mailtrap_user_info": {"email": PERSON}, "register": "r"},
        {"mailtrap.general.mailtrap_users": {"users": [
            "{{ r.users[0] | combine({'id': 999999, 'status': 'invited', 'account_access_id': 1, 'created_at': 'yesterday'}) }}"]},
         "register": "same"},
        {"mailtrap.general.mailtrap_users": {"users": [
            "{{ r.users[0] | combine({'id': 999999, 'role': 'viewer' if r.users[0].role == 'admin' else 'admin'}) }}"]},
         "register": "other", "check_mode": True},
        {"ansible.builtin.copy": {"dest": str(target), "content": "{{ {'same': same, 'other': other} | to_json }}"}},
    ]
    book.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    account.clear_journal()
    result = run_playbook(str(book), account.url, [], extra_env={"MAILTRAP_API_DIALECT": dialect})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    out = json.loads(target.read_text())
    assert out["same"]["changed"] is False
    assert out["other"]["changed"] is True and out["other"]["updated"] == [PERSON]
    assert [e for e in account.journal() if e["method"] != "GET"] == []
